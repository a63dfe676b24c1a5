//! The Settings page: the shop's name and languages, the widget's look (with a live preview
//! of the real widget), allowed origins, the assistant engine, Stripe, the refund policy and
//! handoff notifications (`refund_policy.rs`), Shopify order status (`shopify_settings.rs`), a
//! new identity secret, shipping and tax.
//! The "test connection" buttons try the saved settings against the real endpoints.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use secrecy::ExposeSecret;
use serde::Deserialize;

use super::buying::{self, BuyingDraft};
use super::html::{escape, html, page, FormData, Frame};
use super::refund_policy::{self, PolicyDraft, StoredPolicy, STORED_POLICY_SQL};
use super::session::Merchant;
use super::settings_form::{
    has_delivery, validate, Draft, FieldProblem, StoredSettings, Update, STORED_SETTINGS_SQL,
};
use super::shopify_settings;
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::outbound::Refused;
use crate::sealed::{SealingKey, SecretColumn};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/settings", get(get_settings).post(save_settings))
        .route("/admin/settings/test-llm", post(test_llm))
        .route("/admin/settings/test-stripe", post(test_stripe))
        .route(
            "/admin/settings/test-shopify",
            post(shopify_settings::test_shopify),
        )
        .route(
            "/admin/settings/identity-secret",
            post(rotate_identity_secret),
        )
        .route("/admin/preview", get(get_preview))
}

#[derive(Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

async fn stored(state: &AppState, merchant: &Merchant) -> Result<StoredSettings, ApiError> {
    let mut settings: StoredSettings = sqlx::query_as(STORED_SETTINGS_SQL)
        .bind(merchant.shop_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::UnknownShop)?;
    settings.webhook_url = format!(
        "{}/webhooks/stripe/{}",
        state.links.base(),
        merchant.shop_key
    );
    Ok(settings)
}

async fn stored_policy(state: &AppState, shop_id: i64) -> Result<StoredPolicy, ApiError> {
    Ok(sqlx::query_as(STORED_POLICY_SQL)
        .bind(shop_id)
        .fetch_one(&state.db)
        .await?)
}

/// The refund policy section as stored, in the shop's currency.
async fn policy_draft(
    state: &AppState,
    shop_id: i64,
    settings: &StoredSettings,
) -> Result<PolicyDraft, ApiError> {
    let exponent =
        shopchat_protocol::Currency::parse(&settings.currency).map_or(2, |c| c.exponent());
    Ok(PolicyDraft::from_stored(
        &stored_policy(state, shop_id).await?,
        exponent,
    ))
}

/// A message above the form: (is it good news, text).
type Notice = (bool, String);

/// `GET /admin/settings`
async fn get_settings(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(query): Query<SavedQuery>,
) -> Result<Response, ApiError> {
    let settings = stored(&state, &merchant).await?;
    let notice = query.saved.map(|_| (true, "Settings saved.".to_owned()));
    let policy = policy_draft(&state, merchant.shop_id, &settings).await?;
    Ok(render(
        &merchant,
        &settings,
        &Draft::from_stored(&settings),
        &policy,
        &[],
        notice,
        StatusCode::OK,
    ))
}

/// `POST /admin/settings`
async fn save_settings(
    State(state): State<AppState>,
    merchant: Merchant,
    body: Bytes,
) -> Result<Response, ApiError> {
    let form = FormData::parse(&body);
    let draft = Draft::from_form(&form);
    let exponent = shopchat_protocol::Currency::parse(&draft.currency).map_or(2, |c| c.exponent());
    // A form without the policy section (an older page) leaves the policy as it is.
    let policy_form = PolicyDraft::from_form(&form);
    let policy_update = policy_form
        .as_ref()
        .map(|d| refund_policy::validate(d, exponent))
        .transpose();
    let refused = refused_urls(&state, &draft, policy_form.as_ref());
    let shopify_set = shopify_settings::token_is_set(&state, merchant.shop_id).await?;
    let shopify = shopify_settings::validate(&form, &state.outbound, shopify_set);
    let update = match (
        validate(&draft, &form),
        policy_update,
        refused.is_empty(),
        shopify,
    ) {
        (Ok(update), Ok(policy), true, Ok(shopify)) => (update, policy, shopify),
        (settings_result, policy_result, _, shopify_result) => {
            let mut problems = settings_result.err().unwrap_or_default();
            problems.extend(policy_result.err().unwrap_or_default());
            problems.extend(shopify_result.err().unwrap_or_default());
            for (field, message) in refused {
                if !problems.iter().any(|(f, _)| *f == field) {
                    problems.push((field, message));
                }
            }
            let settings = stored(&state, &merchant).await?;
            let draft = if has_delivery(&form) {
                draft
            } else {
                draft.with_stored_delivery(&settings)
            };
            let policy = match policy_form {
                Some(d) => d,
                None => policy_draft(&state, merchant.shop_id, &settings).await?,
            };
            let notice = Some((
                false,
                "Nothing was saved: please correct the fields marked below.".to_owned(),
            ));
            return Ok(render(
                &merchant,
                &settings,
                &draft,
                &policy,
                &problems,
                notice,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    let (update, policy, shopify) = update;
    let mut tx = crate::db::begin_write(&state.db).await?;
    store(&mut tx, &state.secrets, merchant.shop_id, &update).await?;
    if let Some(policy) = &policy {
        refund_policy::store(&mut tx, merchant.shop_id, policy).await?;
    }
    if let Some(buying) = &update.buying {
        buying::store(&mut tx, merchant.shop_id, buying).await?;
    }
    shopify_settings::store(&mut tx, &state.secrets, merchant.shop_id, &shopify).await?;
    tx.commit().await?;
    tracing::info!(shop = merchant.shop_id, "shop settings saved");
    Ok(Redirect::to("/admin/settings?saved=1").into_response())
}

/// The page's URLs that the server would refuse to call ([`crate::outbound`]), as problems.
/// A URL that isn't a web address at all is the form validation's to report.
fn refused_urls(
    state: &AppState,
    draft: &Draft,
    policy: Option<&PolicyDraft>,
) -> Vec<FieldProblem> {
    let llm = (draft.engine == "openai").then_some(("llm_base_url", draft.llm_base_url.as_str()));
    let notify = policy.map(|p| ("notify_url", p.notify_url.as_str()));
    [llm, notify]
        .into_iter()
        .flatten()
        .filter(|(_, url)| !url.is_empty())
        .filter_map(|(field, url)| match state.outbound.check_saved_url(url) {
            Err(refused) if refused != Refused::NotWeb => {
                tracing::info!(field, %refused, "a merchant URL was refused by the outbound policy");
                Some((field, refused.for_merchant()))
            }
            _ => None,
        })
        .collect()
}

async fn store(
    tx: &mut crate::db::DbTx,
    secrets: &SealingKey,
    shop_id: i64,
    u: &Update,
) -> Result<(), ApiError> {
    // New secrets are stored sealed; null keeps the stored one.
    let seal = |column: SecretColumn, change: &super::settings_form::SecretChange| {
        let (remove, value) = change.binds();
        (remove, value.map(|v| secrets.seal(shop_id, column, v)))
    };
    let (llm_remove, llm_key) = seal(SecretColumn::LlmApiKey, &u.llm_api_key);
    let (sk_remove, sk) = seal(SecretColumn::StripeSecretKey, &u.stripe_secret_key);
    let (wh_remove, wh) = seal(SecretColumn::StripeWebhookSecret, &u.stripe_webhook_secret);
    // Without the delivery fields in the form, each binds null and the column stays.
    let d = u.delivery.as_ref();
    sqlx::query(
        "update shop set name = ?, greeting = ?, locale = ?, languages = ?, currency = ?,
            brand_color = ?, widget_position = ?, launcher_text = ?, allowed_origins = ?,
            assistant_engine = ?, llm_base_url = ?, llm_model = ?,
            llm_api_key = case when ? then null else coalesce(?, llm_api_key) end,
            stripe_publishable_key = ?,
            stripe_secret_key = case when ? then null else coalesce(?, stripe_secret_key) end,
            stripe_webhook_secret = case when ? then null else coalesce(?, stripe_webhook_secret) end,
            shipping_flat_minor = ?, free_shipping_over_minor = ?, tax_rate_bps = ?, tax_inclusive = ?,
            ship_to_countries = coalesce(?, ship_to_countries),
            processing_days = coalesce(?, processing_days),
            transit_days_min = coalesce(?, transit_days_min),
            transit_days_max = coalesce(?, transit_days_max),
            transit_by_country = coalesce(?, transit_by_country),
            time_zone = coalesce(?, time_zone),
            updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         where id = ?",
    )
    .bind(&u.name)
    .bind(&u.greeting)
    .bind(&u.locale)
    .bind(&u.languages)
    .bind(&u.currency)
    .bind(&u.brand_color)
    .bind(&u.position)
    .bind(&u.launcher_text)
    .bind(&u.allowed_origins)
    .bind(&u.engine)
    .bind(&u.llm_base_url)
    .bind(&u.llm_model)
    .bind(llm_remove)
    .bind(llm_key)
    .bind(&u.stripe_publishable_key)
    .bind(sk_remove)
    .bind(sk)
    .bind(wh_remove)
    .bind(wh)
    .bind(u.shipping_flat_minor)
    .bind(u.free_shipping_over_minor)
    .bind(u.tax_rate_bps)
    .bind(u.tax_inclusive)
    .bind(d.map(|d| &d.ship_to_countries))
    .bind(d.map(|d| d.processing_days))
    .bind(d.map(|d| d.transit_days_min))
    .bind(d.map(|d| d.transit_days_max))
    .bind(d.map(|d| &d.transit_by_country))
    .bind(d.map(|d| &d.time_zone))
    .bind(shop_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `POST /admin/settings/test-llm`: one tiny completion against the saved endpoint.
async fn test_llm(State(state): State<AppState>, merchant: Merchant) -> Result<Response, ApiError> {
    let settings = stored(&state, &merchant).await?;
    let notice = match settings.assistant_engine.as_deref() {
        Some("openai") => {
            let key: Option<String> =
                sqlx::query_scalar("select llm_api_key from shop where id = ?")
                    .bind(merchant.shop_id)
                    .fetch_one(&state.db)
                    .await?;
            let key = state.secrets.open_optional(
                merchant.shop_id,
                SecretColumn::LlmApiKey,
                key.as_deref(),
            )?;
            let key = key.as_ref().map(|k| k.expose_secret());
            let engine = crate::assistant::shop_engine::build(
                &state.outbound,
                settings.llm_base_url.as_deref().unwrap_or_default(),
                settings.llm_model.as_deref().unwrap_or_default(),
                key,
            );
            match engine {
                Ok(engine) => {
                    connection_notice("The LLM endpoint", engine.check_connection().await)
                }
                Err(problem) => (false, format!("The LLM settings can't work: {problem}.")),
            }
        }
        Some(_) => (
            true,
            "The embedded engine runs inside Shopchat: nothing to connect to.".to_owned(),
        ),
        None => match &state.llm {
            Some(engine) => {
                connection_notice("The server's LLM endpoint", engine.check_connection().await)
            }
            None => (
                true,
                "The embedded engine runs inside Shopchat: nothing to connect to.".to_owned(),
            ),
        },
    };
    let policy = policy_draft(&state, merchant.shop_id, &settings).await?;
    Ok(render(
        &merchant,
        &settings,
        &Draft::from_stored(&settings),
        &policy,
        &[],
        Some(notice),
        StatusCode::OK,
    ))
}

fn connection_notice(what: &str, result: Result<(), String>) -> Notice {
    match result {
        Ok(()) => (true, format!("{what} answered: the connection works.")),
        Err(problem) => (false, format!("{what} did not answer: {problem}")),
    }
}

/// `POST /admin/settings/test-stripe`: lists one PaymentIntent with the saved secret key.
async fn test_stripe(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    let settings = stored(&state, &merchant).await?;
    let key = state.stripe.secret_key(&state.db, merchant.shop_id).await?;
    let notice = match key {
        None => (
            false,
            "No Stripe secret key is set: the shop takes payments with the demo gateway."
                .to_owned(),
        ),
        Some(key) => match crate::stripe::StripeClient::new(&key, &state.stripe.settings) {
            Err(e) => (false, format!("Stripe can't be used: {e}")),
            Ok(client) => {
                let listed = stripe_core::payment_intent::ListPaymentIntent::new()
                    .limit(1)
                    .send(client.sdk())
                    .await
                    .map_err(crate::stripe::StripeError::from);
                match listed {
                    Ok(_) => (
                        true,
                        "Stripe accepted the secret key: the connection works.".to_owned(),
                    ),
                    Err(e) => (false, format!("Stripe did not accept the request: {e}")),
                }
            }
        },
    };
    with_notice(&state, &merchant, &settings, notice).await
}

/// The Settings page as stored, with a notice on top (for the other sections' buttons).
pub(super) async fn page_with_notice(
    state: &AppState,
    merchant: &Merchant,
    notice: (bool, String),
) -> Result<Response, ApiError> {
    let settings = stored(state, merchant).await?;
    with_notice(state, merchant, &settings, notice).await
}

/// The Settings page as stored, with a notice on top (a connection test, a new secret).
async fn with_notice(
    state: &AppState,
    merchant: &Merchant,
    settings: &StoredSettings,
    notice: (bool, String),
) -> Result<Response, ApiError> {
    let policy = policy_draft(state, merchant.shop_id, settings).await?;
    Ok(render(
        merchant,
        settings,
        &Draft::from_stored(settings),
        &policy,
        &[],
        Some(notice),
        StatusCode::OK,
    ))
}

/// `POST /admin/settings/identity-secret`: a new identity secret, replacing the old one at once
/// (signatures made with it stop verifying). Shown in this response only, for the merchant to
/// paste where their site or theme signs customers; never shown again.
async fn rotate_identity_secret(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    let secret = crate::conversations::identity::rotate_identity_secret(
        &state.db,
        &state.secrets,
        &merchant.shop_key,
    )
    .await?
    .ok_or(ApiError::UnknownShop)?;
    tracing::info!(shop = merchant.shop_id, "identity secret rotated");
    let settings = stored(&state, &merchant).await?;
    let notice = (
        true,
        format!(
            "New identity secret (shown only now; copy it to where your server or Shopify theme \
             signs customers — the old one no longer works): {secret}"
        ),
    );
    with_notice(&state, &merchant, &settings, notice).await
}

/// `GET /admin/preview`: a blank page with the shop's real script tag, framed by the Settings
/// page, so the preview is the real widget with the saved look. It keeps a Content-Security-
/// Policy as strict as the README asks of a shop: scripts only from this server (the loader
/// carries a fresh nonce onto what it injects), WebAssembly, Stripe.js for a checkout, and no
/// other site may frame it.
async fn get_preview(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    let settings = stored(&state, &merchant).await?;
    let nonce = crate::tokens::SecretToken::generate();
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Preview</title>\
         <link rel=\"stylesheet\" href=\"/admin/assets/admin.css\"></head>\
         <body class=\"preview\"><p>Your shop's page</p>\
         <script src=\"{url}/embed.js\" data-shop=\"{key}\" data-position=\"{position}\" nonce=\"{nonce}\" async></script>\
         </body></html>",
        url = escape(state.links.base()),
        key = escape(&merchant.shop_key),
        position = escape(&settings.widget_position),
        nonce = nonce.as_str(),
    );
    let policy = preview_policy(
        &origin_of(state.links.base()),
        &origin_of(&state.stripe.settings.js_url()),
        nonce.as_str(),
    );
    let mut response = html(StatusCode::OK, body);
    response.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_str(&policy)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("preview policy: {e}")))?,
    );
    Ok(response)
}

/// The preview's policy, for this server's origin and Stripe.js's.
fn preview_policy(own: &str, stripe: &str, nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}' {own} {stripe} 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}' {own}; connect-src {own} https://api.stripe.com; \
         img-src {own} data: https:; frame-src {stripe} https://js.stripe.com https://hooks.stripe.com; \
         frame-ancestors 'self'; form-action 'none'; base-uri 'none'; object-src 'none'"
    )
}

/// `scheme://host[:port]` of a URL (the URL itself when it has no path).
fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(url.len());
    url[..end].to_owned()
}

/// Common time zones offered by the time zone field (any IANA name is accepted).
const TIME_ZONES: &[&str] = &[
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Toronto",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Bogota",
    "America/Lima",
    "America/Santiago",
    "America/Argentina/Buenos_Aires",
    "America/Sao_Paulo",
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Madrid",
    "Europe/Paris",
    "Europe/Berlin",
    "Australia/Sydney",
    "UTC",
];

/// The delivery fields of the Shipping section, each with its help line.
fn delivery_fields(d: &Draft, problem: &dyn Fn(&str) -> String) -> String {
    let uses = "The assistant uses it to answer “how long does delivery take?” and to give a date range for an order.";
    let zones: String = TIME_ZONES
        .iter()
        .map(|z| format!("<option value=\"{z}\">"))
        .collect();
    format!(
        "<label>Countries you ship to <input type=\"text\" name=\"ship_to_countries\" value=\"{countries}\" placeholder=\"US, CA, ES\" autocapitalize=\"characters\">{countries_err}</label>\
         <p class=\"hint\">Two-letter codes separated by commas or spaces; empty: anywhere. {uses}</p>\
         <label>Days to prepare an order (business days) <input type=\"text\" name=\"processing_days\" value=\"{processing}\" inputmode=\"numeric\">{processing_err}</label>\
         <p class=\"hint\">0 to 30, before the order ships. {uses}</p>\
         <div class=\"inline-group\">Days in transit (business days) \
         <label class=\"inline\">from <input type=\"text\" name=\"transit_days_min\" value=\"{min}\" inputmode=\"numeric\" size=\"3\"></label>\
         <label class=\"inline\">to <input type=\"text\" name=\"transit_days_max\" value=\"{max}\" inputmode=\"numeric\" size=\"3\"></label>{min_err}{max_err}</div>\
         <p class=\"hint\">0 to 60, where no country below says otherwise. {uses}</p>\
         <label>Transit by country, one per line (e.g. CA 5-9)\
         <textarea name=\"transit_by_country\" rows=\"4\">{by_country}</textarea>{by_country_err}</label>\
         <p class=\"hint\">A country code, then days in transit from-to. {uses}</p>\
         <label>Time zone <input type=\"text\" name=\"time_zone\" value=\"{zone}\" list=\"time-zones\" placeholder=\"America/New_York\">{zone_err}</label>\
         <datalist id=\"time-zones\">{zones}</datalist>\
         <p class=\"hint\">Business days are counted in it (e.g. America/New_York, Europe/Madrid, UTC). {uses}</p>",
        countries = escape(&d.ship_to_countries),
        countries_err = problem("ship_to_countries"),
        processing = escape(&d.processing_days),
        processing_err = problem("processing_days"),
        min = escape(&d.transit_days_min),
        max = escape(&d.transit_days_max),
        min_err = problem("transit_days_min"),
        max_err = problem("transit_days_max"),
        by_country = escape(&d.transit_by_country),
        by_country_err = problem("transit_by_country"),
        zone = escape(&d.time_zone),
        zone_err = problem("time_zone"),
    )
}

fn render(
    merchant: &Merchant,
    settings: &StoredSettings,
    d: &Draft,
    policy: &PolicyDraft,
    problems: &[(&'static str, String)],
    notice: Option<Notice>,
    status: StatusCode,
) -> Response {
    let problem = |field: &str| -> String {
        problems
            .iter()
            .filter(|(f, _)| *f == field)
            .map(|(_, m)| {
                format!(
                    "<span class=\"field-error\" role=\"alert\">{}</span>",
                    escape(m)
                )
            })
            .collect()
    };
    let text = |name: &str, label: &str, value: &str, extra: &str| {
        format!(
            "<label>{label} <input type=\"text\" name=\"{name}\" value=\"{value}\" {extra}>{err}</label>",
            value = escape(value),
            err = problem(name),
        )
    };
    let secret = |name: &str, label: &str, is_set: bool| {
        let status = if is_set { "set" } else { "not set" };
        let remove = if is_set {
            format!("<label class=\"inline\"><input type=\"checkbox\" name=\"{name}_remove\"> remove</label>")
        } else {
            String::new()
        };
        format!(
            "<div class=\"secret\"><span>{label}: <strong data-secret-status=\"{name}\">{status}</strong></span>\
             <label>Replace with <input type=\"password\" name=\"{name}\" value=\"\" autocomplete=\"off\" placeholder=\"leave empty to keep\">{err}</label>{remove}</div>",
            err = problem(name),
        )
    };
    let selected = |yes: bool| if yes { " selected" } else { "" };
    let checked = |yes: bool| if yes { " checked" } else { "" };
    let has_lang = |l: &str| d.languages.iter().any(|x| x == l);
    let notice = notice
        .map(|(good, text)| {
            let class = if good { "notice ok" } else { "notice bad" };
            format!("<p class=\"{class}\" role=\"status\">{}</p>", escape(&text))
        })
        .unwrap_or_default();
    let body = format!(
        "<h1>Settings</h1>{notice}\
         <div class=\"settings-grid\"><form method=\"post\" action=\"/admin/settings\" class=\"stack\" id=\"settings-form\">{csrf}\
         <fieldset><legend>Shop</legend>\
         {name}{greeting}\
         <label>Default language <select name=\"locale\"><option value=\"en\"{en_sel}>English</option><option value=\"es\"{es_sel}>Español</option></select>{locale_err}</label>\
         <div class=\"inline-group\">Languages offered \
         <label class=\"inline\"><input type=\"checkbox\" name=\"languages\" value=\"en\"{en_chk}> English</label>\
         <label class=\"inline\"><input type=\"checkbox\" name=\"languages\" value=\"es\"{es_chk}> Español</label>{languages_err}</div>\
         {currency}</fieldset>\
         <fieldset><legend>Widget</legend>\
         <label>Brand colour <input type=\"color\" name=\"brand_color\" value=\"{brand}\" id=\"brand-color\">{brand_err}</label>\
         <label>Position <select name=\"position\"><option value=\"right\"{right}>Bottom right</option><option value=\"left\"{left}>Bottom left</option></select>{position_err}</label>\
         {launcher}</fieldset>\
         <fieldset><legend>Allowed origins</legend>\
         <label>Sites that may show the widget, one per line (e.g. https://shop.example)\
         <textarea name=\"allowed_origins\" rows=\"4\">{origins}</textarea>{origins_err}</label></fieldset>\
         <fieldset><legend>Assistant engine</legend>\
         <label>Engine <select name=\"engine\">\
         <option value=\"default\"{eng_default}>Server default</option>\
         <option value=\"embedded\"{eng_embedded}>Embedded (no key, no network)</option>\
         <option value=\"openai\"{eng_openai}>OpenAI-compatible endpoint</option></select>{engine_err}</label>\
         {llm_base}{llm_model}{llm_key}\
         <button type=\"submit\" formaction=\"/admin/settings/test-llm\" formnovalidate>Test connection (saved settings)</button></fieldset>\
         <fieldset><legend>Payments (Stripe)</legend>\
         {pk}{sk}{wh}\
         <p class=\"hint\" id=\"webhook-url\">In Stripe, point this shop's webhook at <code>{webhook_url}</code> \
         (events: payment_intent.succeeded, payment_intent.payment_failed, payment_intent.canceled, \
         charge.refunded, charge.dispute.created) and paste its signing secret above.</p>\
         <button type=\"submit\" formaction=\"/admin/settings/test-stripe\" formnovalidate>Test connection (saved settings)</button></fieldset>\
         {buying}{shopify}{refund_policy}\
         <fieldset id=\"identity\"><legend>Signed-in customers</legend>\
         <p class=\"hint\">Your site or Shopify theme signs a signed-in customer with the shop's identity secret, \
         so they see their orders without typing their email. The secret is never shown again; \
         generating a new one shows it once and stops the old one from working.</p>\
         <button type=\"submit\" formaction=\"/admin/settings/identity-secret\" formnovalidate>Generate a new identity secret</button></fieldset>\
         <fieldset><legend>Shipping and tax</legend>\
         {ship}{free}{tax}\
         <label class=\"inline\"><input type=\"checkbox\" name=\"tax_inclusive\"{tax_incl}> Prices include tax</label>\
         {delivery}</fieldset>\
         <button type=\"submit\" class=\"primary\">Save settings</button></form>\
         <aside class=\"preview-pane\"><h2>Preview</h2>\
         <p class=\"hint\">The real widget with the saved settings; it reloads after each save.</p>\
         <iframe src=\"/admin/preview\" title=\"Widget preview\" id=\"preview\"></iframe></aside></div>",
        csrf = super::html::csrf_field(&merchant.csrf_token),
        name = text("name", "Shop name", &d.name, "required maxlength=\"100\""),
        greeting = text("greeting", "Greeting", &d.greeting, "maxlength=\"500\""),
        en_sel = selected(d.locale == "en"),
        es_sel = selected(d.locale == "es"),
        locale_err = problem("locale"),
        en_chk = checked(has_lang("en")),
        es_chk = checked(has_lang("es")),
        languages_err = problem("languages"),
        currency = text("currency", "Currency (ISO code)", &d.currency, "maxlength=\"3\""),
        brand = escape(&d.brand_color),
        brand_err = problem("brand_color"),
        right = selected(d.position != "left"),
        left = selected(d.position == "left"),
        position_err = problem("position"),
        launcher = text("launcher_text", "Launcher text (optional)", &d.launcher_text, "maxlength=\"40\""),
        origins = escape(&d.allowed_origins),
        origins_err = problem("allowed_origins"),
        eng_default = selected(d.engine == "default"),
        eng_embedded = selected(d.engine == "embedded"),
        eng_openai = selected(d.engine == "openai"),
        engine_err = problem("engine"),
        llm_base = text("llm_base_url", "Base URL", &d.llm_base_url, "placeholder=\"https://api.openai.com/v1\""),
        llm_model = text("llm_model", "Model", &d.llm_model, ""),
        llm_key = secret("llm_api_key", "API key", settings.llm_key_set),
        pk = text("stripe_publishable_key", "Publishable key", &d.stripe_publishable_key, "placeholder=\"pk_live_…\""),
        sk = secret("stripe_secret_key", "Secret key", settings.stripe_secret_set),
        wh = secret("stripe_webhook_secret", "Webhook signing secret", settings.webhook_secret_set),
        webhook_url = escape(&settings.webhook_url),
        buying = buying::render(
            &d.buying.clone().unwrap_or_else(|| {
                BuyingDraft::from_stored(&settings.buying_mode, settings.cart_url_template.as_deref())
            }),
            &problem,
        ),
        shopify = shopify_settings::render(
            settings.shopify_domain.as_deref().unwrap_or_default(),
            settings.shopify_token_set,
            &problem,
        ),
        refund_policy = refund_policy::render(policy, &d.currency, &problem),
        ship = text("shipping_flat", "Flat shipping per order", &d.shipping_flat, "inputmode=\"decimal\""),
        free = text("free_shipping_over", "Free shipping from (optional)", &d.free_shipping_over, "inputmode=\"decimal\""),
        tax = text("tax_rate", "Tax rate (%)", &d.tax_rate, "inputmode=\"decimal\""),
        tax_incl = checked(d.tax_inclusive),
        delivery = delivery_fields(d, &problem),
    );
    let frame = Frame {
        active: "/admin/settings",
        shop_name: &settings.name,
        csrf: &merchant.csrf_token,
    };
    html(status, page("Settings", &frame, &body))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_time_zone_is_known() {
        for zone in TIME_ZONES {
            assert!(crate::answers::delivery::is_time_zone(zone), "{zone}");
        }
    }
}
