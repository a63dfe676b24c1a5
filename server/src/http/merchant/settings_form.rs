//! The settings form: its fields as typed (read from a submitted form, or filled in from the
//! shop to show), and their checking into the values stored on the shop. A secret is only ever
//! typed in: filled in from the shop it is empty, and the page never shows it.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use shopchat_protocol::Currency;

use super::form::{checked, lower, upper};
use super::settings_delivery::{transit_lines, validate_delivery, DeliveryUpdate};
use crate::money::{format_minor, parse_decimal_minor};
use crate::outbound::{OutboundPolicy, Refused};
use crate::shop::AllowedOrigin;
use crate::{answers::facts::parse_countries, shop::delivery::parse_transit};

/// The shop's settings as stored (secrets only as "is set").
#[derive(Debug, sqlx::FromRow)]
pub struct StoredSettings {
    /// Where this shop's Stripe webhook should point (filled in after the query).
    #[sqlx(skip)]
    pub webhook_url: String,
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
    #[sqlx(try_from = "crate::db::Flag")]
    pub llm_key_set: bool,
    pub stripe_publishable_key: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    pub stripe_secret_set: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    pub webhook_secret_set: bool,
    pub shipping_flat_minor: i64,
    pub free_shipping_over_minor: Option<i64>,
    pub tax_rate_bps: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    pub tax_inclusive: bool,
    /// JSON array of ISO codes; empty: anywhere.
    pub ship_to_countries: String,
    pub processing_days: i64,
    pub transit_days_min: i64,
    pub transit_days_max: i64,
    /// JSON object, `{"CA":[5,9]}`.
    pub transit_by_country: String,
    pub time_zone: String,
    pub buying_mode: String,
    pub cart_url_template: Option<String>,
    pub shopify_domain: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    pub shopify_token_set: bool,
}

/// Selects [`StoredSettings`]; the secret columns only as booleans.
pub const STORED_SETTINGS_SQL: &str = "select name, greeting, locale, languages, currency,
    brand_color, widget_position, launcher_text, allowed_origins, assistant_engine, llm_base_url,
    llm_model, llm_api_key is not null as llm_key_set, stripe_publishable_key,
    stripe_secret_key is not null as stripe_secret_set,
    stripe_webhook_secret is not null as webhook_secret_set,
    shipping_flat_minor, free_shipping_over_minor, tax_rate_bps, tax_inclusive,
    ship_to_countries, processing_days, transit_days_min, transit_days_max, transit_by_country,
    time_zone, buying_mode, cart_url_template, shopify_domain,
    shopify_admin_token is not null as shopify_token_set
    from shop where id = $1";

/// The form's fields, named as the page names them. The Buying, refund policy and Shopify
/// sections have their own forms (`buying.rs`, `refund_policy.rs`, `shopify_settings.rs`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub name: String,
    pub greeting: String,
    pub locale: String,
    pub languages: Vec<String>,
    #[serde(deserialize_with = "upper")]
    pub currency: String,
    #[serde(deserialize_with = "lower")]
    pub brand_color: String,
    pub position: String,
    pub launcher_text: String,
    pub allowed_origins: String,
    /// `default`, `embedded` or `openai`.
    pub engine: String,
    pub llm_base_url: String,
    pub llm_model: String,
    pub llm_api_key: Option<SecretString>,
    #[serde(deserialize_with = "checked")]
    pub llm_api_key_remove: bool,
    pub stripe_publishable_key: String,
    pub stripe_secret_key: Option<SecretString>,
    #[serde(deserialize_with = "checked")]
    pub stripe_secret_key_remove: bool,
    pub stripe_webhook_secret: Option<SecretString>,
    #[serde(deserialize_with = "checked")]
    pub stripe_webhook_secret_remove: bool,
    pub shipping_flat: String,
    pub free_shipping_over: String,
    /// Percent, e.g. `8.25`.
    pub tax_rate: String,
    #[serde(deserialize_with = "checked")]
    pub tax_inclusive: bool,
    /// ISO codes separated by commas or spaces, e.g. `US, CA, ES`; empty: anywhere.
    #[serde(deserialize_with = "upper")]
    pub ship_to_countries: String,
    /// Business days to prepare an order; `None` when the form has no delivery fields (an
    /// older page): they then stay as stored.
    pub processing_days: Option<String>,
    pub transit_days_min: String,
    pub transit_days_max: String,
    /// One line per country, `CA 5-9`.
    pub transit_by_country: String,
    /// IANA name, e.g. `America/New_York`.
    pub time_zone: String,
}

impl SettingsForm {
    pub fn from_stored(s: &StoredSettings) -> Self {
        let exponent = Currency::parse(&s.currency).map_or(2, |c| c.exponent());
        SettingsForm {
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
            ..SettingsForm::default()
        }
        .with_stored_delivery(s)
    }

    /// The delivery fields as stored (for a form sent without them, e.g. an older page).
    pub fn with_stored_delivery(self, s: &StoredSettings) -> Self {
        SettingsForm {
            ship_to_countries: parse_countries(&s.ship_to_countries).join(", "),
            processing_days: Some(s.processing_days.to_string()),
            transit_days_min: s.transit_days_min.to_string(),
            transit_days_max: s.transit_days_max.to_string(),
            transit_by_country: transit_lines(&parse_transit(&s.transit_by_country)),
            time_zone: s.time_zone.clone(),
            ..self
        }
    }

    /// True when the form carries the delivery fields (an older page leaves them as stored).
    pub fn has_delivery(&self) -> bool {
        self.processing_days.is_some()
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
    /// A secret field and its "remove" checkbox: a new value wins over the checkbox.
    pub fn new(typed: Option<&SecretString>, remove: bool) -> Self {
        match typed.map(|t| t.expose_secret()).filter(|t| !t.is_empty()) {
            Some(value) => SecretChange::Replace(value.to_owned()),
            None if remove => SecretChange::Remove,
            None => SecretChange::Keep,
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
    /// `None` when the form had no delivery fields: they stay as stored.
    pub delivery: Option<DeliveryUpdate>,
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
impl TryFrom<&SettingsForm> for Update {
    type Error = Vec<FieldProblem>;

    fn try_from(draft: &SettingsForm) -> Result<Update, Vec<FieldProblem>> {
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
        let llm_api_key = SecretChange::new(draft.llm_api_key.as_ref(), draft.llm_api_key_remove);
        if let SecretChange::Replace(key) = &llm_api_key {
            if key.bytes().any(|b| !(0x21..0x7f).contains(&b)) {
                problems.push((
                    "llm_api_key",
                    "The key has characters an API key can't have.".into(),
                ));
            }
        }
        if !draft.stripe_publishable_key.is_empty()
            && !draft.stripe_publishable_key.starts_with("pk_")
        {
            problems.push((
                "stripe_publishable_key",
                "A publishable key starts with pk_.".into(),
            ));
        }
        let stripe_secret_key = SecretChange::new(
            draft.stripe_secret_key.as_ref(),
            draft.stripe_secret_key_remove,
        );
        if let SecretChange::Replace(key) = &stripe_secret_key {
            if !(key.starts_with("sk_") || key.starts_with("rk_"))
                || key.contains(char::is_whitespace)
            {
                problems.push((
                    "stripe_secret_key",
                    "A secret key starts with sk_ (or rk_ when restricted).".into(),
                ));
            }
        }
        let stripe_webhook_secret = SecretChange::new(
            draft.stripe_webhook_secret.as_ref(),
            draft.stripe_webhook_secret_remove,
        );
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
        let delivery = draft
            .processing_days
            .as_deref()
            .map(|days| validate_delivery(draft, days, &mut problems));
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
            delivery,
        })
    }
}

/// The page's URLs that the server would refuse to call ([`crate::outbound`]), as problems:
/// the LLM endpoint when the shop uses one, and the handoff `notify_url` when the form has it.
/// A URL that isn't a web address at all is the form validation's to report.
pub fn refused_urls(
    outbound: &OutboundPolicy,
    form: &SettingsForm,
    notify_url: Option<&str>,
) -> Vec<FieldProblem> {
    let llm = (form.engine == "openai").then_some(("llm_base_url", form.llm_base_url.as_str()));
    let notify = notify_url.map(|url| ("notify_url", url));
    [llm, notify]
        .into_iter()
        .flatten()
        .filter(|(_, url)| !url.is_empty())
        .filter_map(|(field, url)| match outbound.check_saved_url(url) {
            Err(refused) if refused != Refused::NotWeb => {
                tracing::info!(field, %refused, "a merchant URL was refused by the outbound policy");
                Some((field, refused.for_merchant()))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::form::Fields;
    use super::*;

    fn valid_form() -> String {
        "name=Shop&locale=en&languages=en&languages=es&currency=usd&brand_color=%23FF0066\
         &position=left&launcher_text=Ask+us&allowed_origins=https%3A%2F%2Fshop.example%2F%0D%0Ahttp%3A%2F%2F127.0.0.1%3A3000\
         &engine=default&shipping_flat=5.00&free_shipping_over=75&tax_rate=8.25&tax_inclusive=on"
            .to_owned()
    }

    fn check(body: &str) -> Result<Update, Vec<FieldProblem>> {
        let form: SettingsForm = Fields::parse(body.as_bytes()).read().expect("a form");
        Update::try_from(&form)
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

    fn delivery_form() -> String {
        format!(
            "{}&ship_to_countries=us%2C+ca+ES%2C+US&processing_days=2&transit_days_min=3\
             &transit_days_max=8&transit_by_country=ca+5-9%0D%0AMX%3A+6+%E2%80%93+10%0D%0A\
             &time_zone=America%2FMexico_City",
            valid_form()
        )
    }

    #[test]
    fn delivery_fields_become_the_shop_columns() {
        let delivery = check(&delivery_form()).unwrap().delivery.unwrap();
        assert_eq!(
            delivery,
            DeliveryUpdate {
                ship_to_countries: r#"["US","CA","ES"]"#.into(),
                processing_days: 2,
                transit_days_min: 3,
                transit_days_max: 8,
                transit_by_country: r#"{"CA":[5,9],"MX":[6,10]}"#.into(),
                time_zone: "America/Mexico_City".into(),
            }
        );
        let anywhere = delivery_form().replace("us%2C+ca+ES%2C+US", "");
        assert_eq!(
            check(&anywhere)
                .unwrap()
                .delivery
                .unwrap()
                .ship_to_countries,
            "[]"
        );
        assert_eq!(
            check(&valid_form()).unwrap().delivery,
            None,
            "a form without the fields leaves them as stored"
        );
    }

    #[test]
    fn bad_delivery_fields_are_reported_beside_each_field() {
        let body = delivery_form()
            .replace("us%2C+ca", "us%2C+XX")
            .replace("processing_days=2", "processing_days=31")
            .replace("transit_days_min=3", "transit_days_min=9")
            .replace("ca+5-9", "ca+five")
            .replace("America%2FMexico_City", "Mars%2FOlympus");
        let problems = check(&body).unwrap_err();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            vec![
                "ship_to_countries",
                "processing_days",
                "transit_days_max",
                "transit_by_country",
                "time_zone"
            ]
        );
        assert!(problems[0].1.contains("“XX”"));
        assert!(problems[3].1.contains("“ca five”"), "{:?}", problems[3]);
    }

    #[test]
    fn colours_are_hash_and_six_hex_digits() {
        assert!(is_hex_color("#2563eb"));
        assert!(!is_hex_color("2563eb"));
        assert!(!is_hex_color("#2563e"));
        assert!(!is_hex_color("#25g3eb"));
    }
}
