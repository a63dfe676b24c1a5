//! The settings form: what it shows (a draft of text fields, from the shop or as submitted),
//! and its validation into the values stored on the shop. Secrets never enter a draft.

use std::collections::BTreeMap;

use shopchat_protocol::Currency;

use super::buying::{self, BuyingDraft, BuyingUpdate};
use super::html::FormData;
use crate::answers::delivery::is_time_zone;
use crate::money::{format_minor, parse_decimal_minor};
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
    pub llm_key_set: bool,
    pub stripe_publishable_key: Option<String>,
    pub stripe_secret_set: bool,
    pub webhook_secret_set: bool,
    pub shipping_flat_minor: i64,
    pub free_shipping_over_minor: Option<i64>,
    pub tax_rate_bps: i64,
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
    /// ISO codes separated by commas or spaces, e.g. `US, CA, ES`; empty: anywhere.
    pub ship_to_countries: String,
    /// Business days to prepare an order.
    pub processing_days: String,
    pub transit_days_min: String,
    pub transit_days_max: String,
    /// One line per country, `CA 5-9`.
    pub transit_by_country: String,
    /// IANA name, e.g. `America/New_York`.
    pub time_zone: String,
    /// The Buying section; `None` when a submitted form lacks it (it then stays as stored).
    pub buying: Option<BuyingDraft>,
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
            ship_to_countries: String::new(),
            processing_days: String::new(),
            transit_days_min: String::new(),
            transit_days_max: String::new(),
            transit_by_country: String::new(),
            time_zone: String::new(),
            buying: Some(BuyingDraft::from_stored(
                &s.buying_mode,
                s.cart_url_template.as_deref(),
            )),
        }
        .with_stored_delivery(s)
    }

    /// The delivery fields as stored (for a form sent without them, e.g. an older page).
    pub fn with_stored_delivery(self, s: &StoredSettings) -> Self {
        Draft {
            ship_to_countries: parse_countries(&s.ship_to_countries).join(", "),
            processing_days: s.processing_days.to_string(),
            transit_days_min: s.transit_days_min.to_string(),
            transit_days_max: s.transit_days_max.to_string(),
            transit_by_country: transit_lines(&parse_transit(&s.transit_by_country)),
            time_zone: s.time_zone.clone(),
            ..self
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
            ship_to_countries: form.get("ship_to_countries").to_ascii_uppercase(),
            processing_days: form.get("processing_days").to_owned(),
            transit_days_min: form.get("transit_days_min").to_owned(),
            transit_days_max: form.get("transit_days_max").to_owned(),
            transit_by_country: form.get("transit_by_country").to_owned(),
            time_zone: form.get("time_zone").to_owned(),
            buying: BuyingDraft::from_form(form),
        }
    }
}

/// True when the form carries the delivery fields (an older page leaves them as stored).
pub fn has_delivery(form: &FormData) -> bool {
    !form.all("processing_days").is_empty()
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
    /// `None` when the form had no delivery fields: they stay as stored.
    pub delivery: Option<DeliveryUpdate>,
    /// `None` when the form had no Buying section: it stays as stored.
    pub buying: Option<BuyingUpdate>,
}

/// Validated delivery settings, in the `shop` table's shapes.
#[derive(Debug, PartialEq, Eq)]
pub struct DeliveryUpdate {
    /// JSON array of upper-case ISO codes; `[]`: anywhere.
    pub ship_to_countries: String,
    pub processing_days: i64,
    pub transit_days_min: i64,
    pub transit_days_max: i64,
    /// JSON object, `{"CA":[5,9]}`.
    pub transit_by_country: String,
    pub time_zone: String,
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

/// Most days in transit the shop may state.
const MAX_TRANSIT_DAYS: i64 = 60;

/// `US, ca es` → upper-case codes in order, each once; or the entries that are no ISO 3166
/// country code.
pub fn parse_country_list(text: &str) -> Result<Vec<String>, Vec<String>> {
    let mut codes: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for entry in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|e| !e.is_empty())
    {
        let code = entry.to_ascii_uppercase();
        if !crate::orders::is_country(&code) {
            bad.push(entry.to_owned());
        } else if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if bad.is_empty() {
        Ok(codes)
    } else {
        Err(bad)
    }
}

/// One line of transit by country: `CA 5-9` (also `ca: 5 – 9`, or `CA 7` for exactly 7 days).
pub fn parse_transit_line(line: &str) -> Result<(String, (i64, i64)), String> {
    let line = line.trim();
    let shape =
        || format!("“{line}” is not a line like CA 5-9 (a country code, then days from-to).");
    let (code, days) = line
        .split_once(|c: char| c == ':' || c.is_whitespace())
        .ok_or_else(shape)?;
    let code = code.to_ascii_uppercase();
    if !crate::orders::is_country(&code) {
        return Err(format!(
            "“{line}”: {code} is not a two-letter country code."
        ));
    }
    let days = days.trim().trim_start_matches(':').trim();
    let (from, to) = days.split_once(['-', '–']).unwrap_or((days, days));
    let (Ok(from), Ok(to)) = (from.trim().parse::<i64>(), to.trim().parse::<i64>()) else {
        return Err(shape());
    };
    if from < 0 || to > MAX_TRANSIT_DAYS || from > to {
        return Err(format!(
            "“{line}”: days in transit are whole numbers from 0 to {MAX_TRANSIT_DAYS}, the first no more than the second."
        ));
    }
    Ok((code, (from, to)))
}

/// The transit by country textarea: each line parsed, or a problem per bad line (a country
/// on two lines is one too).
pub fn parse_transit_lines(text: &str) -> Result<BTreeMap<String, (i64, i64)>, Vec<String>> {
    let mut by_country = BTreeMap::new();
    let mut problems = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match parse_transit_line(line) {
            Ok((code, _)) if by_country.contains_key(&code) => {
                problems.push(format!("“{line}”: {code} is already on another line."));
            }
            Ok((code, days)) => {
                by_country.insert(code, days);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(by_country)
    } else {
        Err(problems)
    }
}

/// Per-country transit as the textarea shows it, one `CA 5-9` a line.
pub fn transit_lines(by_country: &BTreeMap<String, (i64, i64)>) -> String {
    by_country
        .iter()
        .map(|(code, (from, to))| format!("{code} {from}-{to}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A whole number of days in `0..=max`, or the problem beside `field`.
fn days(
    text: &str,
    max: i64,
    field: &'static str,
    what: &str,
    problems: &mut Vec<FieldProblem>,
) -> i64 {
    match text.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => n,
        _ => {
            problems.push((field, format!("{what}: a whole number from 0 to {max}.")));
            0
        }
    }
}

/// The delivery fields, checked; problems go beside each field.
fn validate_delivery(draft: &Draft, problems: &mut Vec<FieldProblem>) -> DeliveryUpdate {
    let countries = parse_country_list(&draft.ship_to_countries).unwrap_or_else(|bad| {
        for code in bad {
            problems.push((
                "ship_to_countries",
                format!("“{code}” is not a two-letter country code such as US, CA or ES."),
            ));
        }
        Vec::new()
    });
    let processing_days = days(
        &draft.processing_days,
        30,
        "processing_days",
        "Days to prepare an order",
        problems,
    );
    let before = problems.len();
    let transit_days_min = days(
        &draft.transit_days_min,
        MAX_TRANSIT_DAYS,
        "transit_days_min",
        "Days in transit, from",
        problems,
    );
    let transit_days_max = days(
        &draft.transit_days_max,
        MAX_TRANSIT_DAYS,
        "transit_days_max",
        "Days in transit, to",
        problems,
    );
    if problems.len() == before && transit_days_min > transit_days_max {
        problems.push((
            "transit_days_max",
            "Days in transit: the first number can't be more than the second.".into(),
        ));
    }
    let by_country = parse_transit_lines(&draft.transit_by_country).unwrap_or_else(|bad| {
        for problem in bad {
            problems.push(("transit_by_country", problem));
        }
        BTreeMap::new()
    });
    if !is_time_zone(&draft.time_zone) {
        problems.push((
            "time_zone",
            "Enter a time zone such as America/New_York, Europe/Madrid or UTC.".into(),
        ));
    }
    DeliveryUpdate {
        ship_to_countries: serde_json::to_string(&countries).unwrap_or_else(|_| "[]".into()),
        processing_days,
        transit_days_min,
        transit_days_max,
        transit_by_country: serde_json::to_string(&by_country).unwrap_or_else(|_| "{}".into()),
        time_zone: draft.time_zone.clone(),
    }
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
    let delivery = has_delivery(form).then(|| validate_delivery(draft, &mut problems));
    let buying = draft
        .buying
        .as_ref()
        .map(|b| buying::validate(b, &mut problems));
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
        buying,
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
    fn country_lists_are_upper_case_iso_codes_each_once() {
        assert_eq!(
            parse_country_list("us, CA  es;mx\nUS"),
            Ok(vec!["US".into(), "CA".into(), "ES".into(), "MX".into()])
        );
        assert_eq!(parse_country_list("  "), Ok(vec![]));
        assert_eq!(
            parse_country_list("US, XX, USA, C"),
            Err(vec!["XX".into(), "USA".into(), "C".into()])
        );
    }

    #[test]
    fn transit_lines_read_country_then_days() {
        assert_eq!(parse_transit_line("CA 5-9"), Ok(("CA".into(), (5, 9))));
        assert_eq!(parse_transit_line("mx: 6 – 10"), Ok(("MX".into(), (6, 10))));
        assert_eq!(parse_transit_line("GB 7"), Ok(("GB".into(), (7, 7))));
        assert_eq!(parse_transit_line("ES\t0-60"), Ok(("ES".into(), (0, 60))));
        for bad in [
            "CA", "CA 5-", "CA five", "5-9", "ZZ 5-9", "CA 9-5", "CA 5-61", "CA -1-3",
        ] {
            let problem = parse_transit_line(bad).unwrap_err();
            assert!(problem.contains(&format!("“{bad}”")), "{bad}: {problem}");
        }
        let lines = "CA 5-9\n\n mx 6-10 \n";
        let parsed = parse_transit_lines(lines).unwrap();
        assert_eq!(transit_lines(&parsed), "CA 5-9\nMX 6-10");
        assert_eq!(parse_transit_lines(&transit_lines(&parsed)), Ok(parsed));
        let twice = parse_transit_lines("CA 5-9\nca 6-8\nZZ 1-2").unwrap_err();
        assert_eq!(twice.len(), 2);
        assert!(twice[0].contains("already on another line"));
    }

    #[test]
    fn colours_are_hash_and_six_hex_digits() {
        assert!(is_hex_color("#2563eb"));
        assert!(!is_hex_color("2563eb"));
        assert!(!is_hex_color("#2563e"));
        assert!(!is_hex_color("#25g3eb"));
    }
}
