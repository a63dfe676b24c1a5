//! The settings form: what it shows (a draft of text fields, from the shop or as submitted),
//! and its validation into the values stored on the shop. Secrets never enter a draft.

use shopchat_protocol::Currency;

use super::html::FormData;
use crate::money::{format_minor, parse_decimal_minor};
use crate::shop::AllowedOrigin;

/// The shop's settings as stored (secrets only as "is set").
#[derive(Debug, sqlx::FromRow)]
pub struct StoredSettings {
    pub name: String,
    pub greeting: Option<String>,
    pub locale: String,
    pub languages: String,
    pub currency: String,
    pub brand_color: String,
    pub widget_position: String,
    pub launcher_text: Option<String>,
    pub allowed_origins: String,
    pub assistant_engine: Option<String>,
    pub llm_base_url: Option<String>,
    pub llm_model: Option<String>,
    pub llm_key_set: bool,
    pub stripe_publishable_key: Option<String>,
    pub stripe_secret_set: bool,
    pub webhook_secret_set: bool,
    pub shipping_flat_minor: i64,
    pub free_shipping_over_minor: Option<i64>,
    pub tax_rate_bps: i64,
    pub tax_inclusive: bool,
}

/// Selects [`StoredSettings`]; the secret columns only as booleans.
pub const STORED_SETTINGS_SQL: &str = "select name, greeting, locale, languages, currency,
    brand_color, widget_position, launcher_text, allowed_origins, assistant_engine, llm_base_url,
    llm_model, llm_api_key is not null as llm_key_set, stripe_publishable_key,
    stripe_secret_key is not null as stripe_secret_set,
    stripe_webhook_secret is not null as webhook_secret_set,
    shipping_flat_minor, free_shipping_over_minor, tax_rate_bps, tax_inclusive
    from shop where id = ?";

/// The form's text fields.
#[derive(Debug, Clone, Default)]
pub struct Draft {
    pub name: String,
    pub greeting: String,
    pub locale: String,
    pub languages: Vec<String>,
    pub currency: String,
    pub brand_color: String,
    pub position: String,
    pub launcher_text: String,
    pub allowed_origins: String,
    /// `default`, `embedded` or `openai`.
    pub engine: String,
    pub llm_base_url: String,
    pub llm_model: String,
    pub stripe_publishable_key: String,
    pub shipping_flat: String,
    pub free_shipping_over: String,
    /// Percent, e.g. `8.25`.
    pub tax_rate: String,
    pub tax_inclusive: bool,
}

impl Draft {
    pub fn from_stored(s: &StoredSettings) -> Self {
        let exponent = Currency::parse(&s.currency).map_or(2, |c| c.exponent());
        Draft {
            name: s.name.clone(),
            greeting: s.greeting.clone().unwrap_or_default(),
            locale: s.locale.clone(),
            languages: s.languages.split(',').map(str::to_owned).collect(),
            currency: s.currency.clone(),
            brand_color: s.brand_color.clone(),
            position: s.widget_position.clone(),
            launcher_text: s.launcher_text.clone().unwrap_or_default(),
            allowed_origins: serde_json::from_str::<Vec<String>>(&s.allowed_origins)
                .unwrap_or_default()
                .join("\n"),
            engine: s
                .assistant_engine
                .clone()
                .unwrap_or_else(|| "default".into()),
            llm_base_url: s.llm_base_url.clone().unwrap_or_default(),
            llm_model: s.llm_model.clone().unwrap_or_default(),
            stripe_publishable_key: s.stripe_publishable_key.clone().unwrap_or_default(),
            shipping_flat: format_minor(s.shipping_flat_minor, exponent),
            free_shipping_over: s
                .free_shipping_over_minor
                .map(|m| format_minor(m, exponent))
                .unwrap_or_default(),
            tax_rate: format_minor(s.tax_rate_bps, 2),
            tax_inclusive: s.tax_inclusive,
        }
    }

    pub fn from_form(form: &FormData) -> Self {
        Draft {
            name: form.get("name").to_owned(),
            greeting: form.get("greeting").to_owned(),
            locale: form.get("locale").to_owned(),
            languages: form
                .all("languages")
                .into_iter()
                .map(str::to_owned)
                .collect(),
            currency: form.get("currency").to_ascii_uppercase(),
            brand_color: form.get("brand_color").to_ascii_lowercase(),
            position: form.get("position").to_owned(),
            launcher_text: form.get("launcher_text").to_owned(),
            allowed_origins: form.get("allowed_origins").to_owned(),
            engine: form.get("engine").to_owned(),
            llm_base_url: form.get("llm_base_url").to_owned(),
            llm_model: form.get("llm_model").to_owned(),
            stripe_publishable_key: form.get("stripe_publishable_key").to_owned(),
            shipping_flat: form.get("shipping_flat").to_owned(),
            free_shipping_over: form.get("free_shipping_over").to_owned(),
            tax_rate: form.get("tax_rate").to_owned(),
            tax_inclusive: form.checked("tax_inclusive"),
        }
    }
}

/// A write-only secret's fate on save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretChange {
    Keep,
    Replace(String),
    Remove,
}

impl SecretChange {
    fn from_form(form: &FormData, field: &str) -> Self {
        let value = form.get(field);
        if !value.is_empty() {
            SecretChange::Replace(value.to_owned())
        } else if form.checked(&format!("{field}_remove")) {
            SecretChange::Remove
        } else {
            SecretChange::Keep
        }
    }

    /// (remove, new value) as bound by the update statement.
    pub fn binds(&self) -> (bool, Option<&str>) {
        match self {
            SecretChange::Keep => (false, None),
            SecretChange::Replace(v) => (false, Some(v)),
            SecretChange::Remove => (true, None),
        }
    }
}

/// Validated settings, ready to store.
#[derive(Debug)]
pub struct Update {
    pub name: String,
    pub greeting: Option<String>,
    pub locale: String,
    pub languages: String,
    pub currency: String,
    pub brand_color: String,
    pub position: String,
    pub launcher_text: Option<String>,
    /// JSON array of normalised origins.
    pub allowed_origins: String,
    pub engine: Option<String>,
    pub llm_base_url: Option<String>,
    pub llm_model: Option<String>,
    pub llm_api_key: SecretChange,
    pub stripe_publishable_key: Option<String>,
    pub stripe_secret_key: SecretChange,
    pub stripe_webhook_secret: SecretChange,
    pub shipping_flat_minor: i64,
    pub free_shipping_over_minor: Option<i64>,
    pub tax_rate_bps: i64,
    pub tax_inclusive: bool,
}

/// A field and what is wrong with it, in words for the merchant.
pub type FieldProblem = (&'static str, String);

/// True for `#rrggbb`.
pub fn is_hex_color(text: &str) -> bool {
    text.len() == 7 && text.starts_with('#') && text[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// Checks every field; all problems at once, so the merchant fixes them in one go.
pub fn validate(draft: &Draft, form: &FormData) -> Result<Update, Vec<FieldProblem>> {
    let mut problems: Vec<FieldProblem> = Vec::new();
    let chars = |t: &str| t.chars().count();
    if draft.name.is_empty() || chars(&draft.name) > 100 {
        problems.push((
            "name",
            "Enter a shop name of at most 100 characters.".into(),
        ));
    }
    if chars(&draft.greeting) > 500 {
        problems.push((
            "greeting",
            "The greeting is longer than 500 characters.".into(),
        ));
    }
    let languages: Vec<&str> = ["en", "es"]
        .into_iter()
        .filter(|l| draft.languages.iter().any(|d| d == l))
        .collect();
    if languages.is_empty() {
        problems.push(("languages", "Choose at least one language.".into()));
    }
    if !languages.contains(&draft.locale.as_str()) {
        problems.push((
            "locale",
            "The default language must be one of the chosen languages.".into(),
        ));
    }
    let currency = Currency::parse(&draft.currency);
    if currency.is_none() {
        problems.push((
            "currency",
            "Enter a three-letter currency code such as USD or EUR.".into(),
        ));
    }
    let exponent = currency.map_or(2, |c| c.exponent());
    if !is_hex_color(&draft.brand_color) {
        problems.push((
            "brand_color",
            "Enter a colour as #rrggbb, e.g. #2563eb.".into(),
        ));
    }
    if !matches!(draft.position.as_str(), "left" | "right") {
        problems.push(("position", "Choose left or right.".into()));
    }
    if chars(&draft.launcher_text) > 40 {
        problems.push((
            "launcher_text",
            "The launcher text is longer than 40 characters.".into(),
        ));
    }
    let mut origins = Vec::new();
    for line in draft
        .allowed_origins
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        match AllowedOrigin::parse(line) {
            Some(origin) => {
                if !origins.contains(&origin.as_str().to_owned()) {
                    origins.push(origin.as_str().to_owned());
                }
            }
            None => problems.push((
                "allowed_origins",
                format!("“{line}” is not an origin like https://shop.example (no path)."),
            )),
        }
    }
    let engine = match draft.engine.as_str() {
        "default" => None,
        "embedded" | "openai" => Some(draft.engine.clone()),
        _ => {
            problems.push(("engine", "Choose an assistant engine.".into()));
            None
        }
    };
    if engine.as_deref() == Some("openai") {
        let lower = draft.llm_base_url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            problems.push((
                "llm_base_url",
                "Enter the endpoint's base URL, e.g. https://api.openai.com/v1.".into(),
            ));
        }
        if draft.llm_model.is_empty() {
            problems.push(("llm_model", "Enter the model's name.".into()));
        }
    }
    let llm_api_key = SecretChange::from_form(form, "llm_api_key");
    if let SecretChange::Replace(key) = &llm_api_key {
        if key.bytes().any(|b| !(0x21..0x7f).contains(&b)) {
            problems.push((
                "llm_api_key",
                "The key has characters an API key can't have.".into(),
            ));
        }
    }
    if !draft.stripe_publishable_key.is_empty() && !draft.stripe_publishable_key.starts_with("pk_")
    {
        problems.push((
            "stripe_publishable_key",
            "A publishable key starts with pk_.".into(),
        ));
    }
    let stripe_secret_key = SecretChange::from_form(form, "stripe_secret_key");
    if let SecretChange::Replace(key) = &stripe_secret_key {
        if !(key.starts_with("sk_") || key.starts_with("rk_")) || key.contains(char::is_whitespace)
        {
            problems.push((
                "stripe_secret_key",
                "A secret key starts with sk_ (or rk_ when restricted).".into(),
            ));
        }
    }
    let stripe_webhook_secret = SecretChange::from_form(form, "stripe_webhook_secret");
    if let SecretChange::Replace(secret) = &stripe_webhook_secret {
        if !secret.starts_with("whsec_") || secret.contains(char::is_whitespace) {
            problems.push((
                "stripe_webhook_secret",
                "A webhook signing secret starts with whsec_.".into(),
            ));
        }
    }
    let money = |text: &str| parse_decimal_minor(text, exponent);
    let shipping_flat_minor = if draft.shipping_flat.is_empty() {
        Ok(0)
    } else {
        money(&draft.shipping_flat)
    }
    .unwrap_or_else(|_| {
        problems.push((
            "shipping_flat",
            "Enter an amount such as 5.00 (or 0).".into(),
        ));
        0
    });
    let free_shipping_over_minor = match draft.free_shipping_over.as_str() {
        "" => None,
        text => Some(money(text).unwrap_or_else(|_| {
            problems.push((
                "free_shipping_over",
                "Enter an amount such as 75.00, or leave it empty.".into(),
            ));
            0
        })),
    };
    let tax_rate_bps = match parse_decimal_minor(
        if draft.tax_rate.is_empty() {
            "0"
        } else {
            &draft.tax_rate
        },
        2,
    ) {
        Ok(bps) if bps <= 10_000 => bps,
        _ => {
            problems.push((
                "tax_rate",
                "Enter a rate in percent between 0 and 100, e.g. 8.25.".into(),
            ));
            0
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Update {
        name: draft.name.clone(),
        greeting: optional(&draft.greeting),
        locale: draft.locale.clone(),
        languages: languages.join(","),
        currency: currency.map(|c| c.as_str().to_owned()).unwrap_or_default(),
        brand_color: draft.brand_color.clone(),
        position: draft.position.clone(),
        launcher_text: optional(&draft.launcher_text),
        allowed_origins: serde_json::to_string(&origins).unwrap_or_else(|_| "[]".into()),
        llm_base_url: optional(&draft.llm_base_url),
        llm_model: optional(&draft.llm_model),
        engine,
        llm_api_key,
        stripe_publishable_key: optional(&draft.stripe_publishable_key),
        stripe_secret_key,
        stripe_webhook_secret,
        shipping_flat_minor,
        free_shipping_over_minor,
        tax_rate_bps,
        tax_inclusive: draft.tax_inclusive,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid_form() -> String {
        "name=Shop&locale=en&languages=en&languages=es&currency=usd&brand_color=%23FF0066\
         &position=left&launcher_text=Ask+us&allowed_origins=https%3A%2F%2Fshop.example%2F%0D%0Ahttp%3A%2F%2F127.0.0.1%3A3000\
         &engine=default&shipping_flat=5.00&free_shipping_over=75&tax_rate=8.25&tax_inclusive=on"
            .to_owned()
    }

    fn check(body: &str) -> Result<Update, Vec<FieldProblem>> {
        let form = FormData::parse(body.as_bytes());
        validate(&Draft::from_form(&form), &form)
    }

    #[test]
    fn a_valid_form_becomes_minor_units_basis_points_and_normalised_origins() {
        let update = check(&valid_form()).unwrap();
        assert_eq!(update.brand_color, "#ff0066");
        assert_eq!(update.currency, "USD");
        assert_eq!(update.languages, "en,es");
        assert_eq!(
            update.allowed_origins,
            r#"["https://shop.example","http://127.0.0.1:3000"]"#
        );
        assert_eq!(update.shipping_flat_minor, 500);
        assert_eq!(update.free_shipping_over_minor, Some(7500));
        assert_eq!(update.tax_rate_bps, 825);
        assert!(update.tax_inclusive);
        assert_eq!(update.engine, None);
        assert_eq!(update.stripe_secret_key, SecretChange::Keep);
    }

    #[test]
    fn bad_fields_are_all_reported_at_once() {
        let body = valid_form()
            .replace("%23FF0066", "red")
            .replace(
                "https%3A%2F%2Fshop.example%2F",
                "https%3A%2F%2Fshop.example%2Fpath",
            )
            .replace("tax_rate=8.25", "tax_rate=120")
            .replace("engine=default", "engine=openai");
        let problems = check(&body).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "brand_color",
                "allowed_origins",
                "llm_base_url",
                "llm_model",
                "tax_rate"
            ]
        );
    }

    #[test]
    fn a_secret_is_kept_unless_replaced_or_removed() {
        let keep = check(&valid_form()).unwrap();
        assert_eq!(keep.llm_api_key, SecretChange::Keep);
        let replaced = check(&format!("{}&stripe_secret_key=sk_test_1", valid_form())).unwrap();
        assert_eq!(
            replaced.stripe_secret_key,
            SecretChange::Replace("sk_test_1".into())
        );
        let removed = check(&format!("{}&stripe_webhook_secret_remove=on", valid_form())).unwrap();
        assert_eq!(removed.stripe_webhook_secret, SecretChange::Remove);
        assert!(check(&format!("{}&stripe_secret_key=pk_oops", valid_form())).is_err());
    }

    #[test]
    fn colours_are_hash_and_six_hex_digits() {
        assert!(is_hex_color("#2563eb"));
        assert!(!is_hex_color("2563eb"));
        assert!(!is_hex_color("#2563e"));
        assert!(!is_hex_color("#25g3eb"));
    }
}
