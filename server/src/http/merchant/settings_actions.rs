//! What the Settings page's buttons do: save the form (every section, or nothing when a field
//! is wrong), try the saved LLM endpoint or Stripe key, and make a new identity secret.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;

use super::buying::{self, BuyingForm, BuyingUpdate, BUYING_FIELD};
use super::form::Fields;
use super::refund_policy::{self, PolicyForm, POLICY_FIELD};
use super::session::Merchant;
use super::settings::{as_stored, stored, stored_policy};
use super::settings_form::{refused_urls, FieldProblem, SecretChange, SettingsForm, Update};
use super::settings_page::{render, Notice, SettingsPage};
use super::shopify_settings::{self, ShopifyForm};
use crate::db;
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::sealed::{SealingKey, SecretColumn};

/// The fields `T` reads from the form (see [`Fields::read`]).
fn read<T: DeserializeOwned>(fields: &Fields) -> Result<T, ApiError> {
    fields
        .read()
        .map_err(|e| ApiError::Internal(anyhow::anyhow!("reading the settings form: {e}")))
}

/// A section of the form; `None` when the form lacks its `field` (an older page), which
/// leaves the section as stored.
fn section<T: DeserializeOwned>(fields: &Fields, field: &str) -> Result<Option<T>, ApiError> {
    fields.has(field).then(|| read(fields)).transpose()
}

/// `POST /admin/settings`
pub(super) async fn save_settings(
    State(state): State<AppState>,
    merchant: Merchant,
    Form(fields): Form<Fields>,
) -> Result<Response, ApiError> {
    let form: SettingsForm = read(&fields)?;
    let buying: Option<BuyingForm> = section(&fields, BUYING_FIELD)?;
    let policy: Option<PolicyForm> = section(&fields, POLICY_FIELD)?;
    let shopify: ShopifyForm = read(&fields)?;
    let exponent = shopchat_protocol::Currency::parse(&form.currency).map_or(2, |c| c.exponent());
    let refused = refused_urls(
        &state.outbound,
        &form,
        policy.as_ref().map(|p| p.notify_url.as_str()),
    );
    let shopify_set = shopify_settings::token_is_set(&state, merchant.shop_id).await?;
    let checked = (
        Update::try_from(&form),
        buying.as_ref().map(BuyingUpdate::try_from).transpose(),
        policy
            .as_ref()
            .map(|p| refund_policy::validate(p, exponent))
            .transpose(),
        shopify_settings::validate(&shopify, &state.outbound, shopify_set),
    );
    let (update, buying_update, policy_update, shopify_update) = match checked {
        (Ok(update), Ok(buying), Ok(policy), Ok(shopify)) if refused.is_empty() => {
            (update, buying, policy, shopify)
        }
        (settings_result, buying_result, policy_result, shopify_result) => {
            let mut problems: Vec<FieldProblem> = settings_result.err().unwrap_or_default();
            problems.extend(buying_result.err().unwrap_or_default());
            problems.extend(policy_result.err().unwrap_or_default());
            problems.extend(shopify_result.err().unwrap_or_default());
            for (field, message) in refused {
                if !problems.iter().any(|(f, _)| *f == field) {
                    problems.push((field, message));
                }
            }
            let settings = stored(&state, &merchant).await?;
            let form = if form.has_delivery() {
                form
            } else {
                form.with_stored_delivery(&settings)
            };
            let buying = buying.unwrap_or_else(|| {
                BuyingForm::from_stored(
                    &settings.buying_mode,
                    settings.cart_url_template.as_deref(),
                )
            });
            let policy = match policy {
                Some(policy) => policy,
                None => stored_policy(&state, merchant.shop_id, &settings).await?,
            };
            let view = SettingsPage {
                merchant: &merchant,
                settings: &settings,
                form: &form,
                buying: &buying,
                policy: &policy,
                problems: &problems,
                notice: Some((
                    false,
                    "Nothing was saved: please correct the fields marked below.".to_owned(),
                )),
            };
            return Ok(render(&view, StatusCode::UNPROCESSABLE_ENTITY));
        }
    };
    let mut tx = crate::db::begin_write(&state.db).await?;
    store(&mut tx, &state.secrets, merchant.shop_id, &update).await?;
    if let Some(policy) = &policy_update {
        refund_policy::store(&mut tx, merchant.shop_id, policy).await?;
    }
    if let Some(buying) = &buying_update {
        buying::store(&mut tx, merchant.shop_id, buying).await?;
    }
    shopify_settings::store(&mut tx, &state.secrets, merchant.shop_id, &shopify_update).await?;
    tx.commit().await?;
    tracing::info!(shop = merchant.shop_id, "shop settings saved");
    Ok(Redirect::to("/admin/settings?saved=1").into_response())
}

async fn store(
    tx: &mut crate::db::DbTx,
    secrets: &SealingKey,
    shop_id: i64,
    u: &Update,
) -> Result<(), ApiError> {
    // New secrets are stored sealed; null keeps the stored one.
    let seal = |column: SecretColumn, change: &SecretChange| {
        let (remove, value) = change.binds();
        (remove, value.map(|v| secrets.seal(shop_id, column, v)))
    };
    let (llm_remove, llm_key) = seal(SecretColumn::LlmApiKey, &u.llm_api_key);
    let (sk_remove, sk) = seal(SecretColumn::StripeSecretKey, &u.stripe_secret_key);
    let (wh_remove, wh) = seal(SecretColumn::StripeWebhookSecret, &u.stripe_webhook_secret);
    // Without the delivery fields in the form, each binds null and the column stays.
    let d = u.delivery.as_ref();
    sqlx::query(
        "update shop set name = $1, greeting = $2, locale = $3, languages = $4, currency = $5,
            brand_color = $6, widget_position = $7, launcher_text = $8, allowed_origins = $9,
            assistant_engine = $10, llm_base_url = $11, llm_model = $12,
            llm_api_key = case when $13 then null else coalesce($14, llm_api_key) end,
            stripe_publishable_key = $15,
            stripe_secret_key = case when $16 then null else coalesce($17, stripe_secret_key) end,
            stripe_webhook_secret = case when $18 then null else coalesce($19, stripe_webhook_secret) end,
            shipping_flat_minor = $20, free_shipping_over_minor = $21, tax_rate_bps = $22, tax_inclusive = $23,
            ship_to_countries = coalesce($24, ship_to_countries),
            processing_days = coalesce($25, processing_days),
            transit_days_min = coalesce($26, transit_days_min),
            transit_days_max = coalesce($27, transit_days_max),
            transit_by_country = coalesce($28, transit_by_country),
            time_zone = coalesce($29, time_zone),
            updated_at = $31
         where id = $30",
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
    .bind(crate::db::Flag(u.tax_inclusive))
    .bind(d.map(|d| &d.ship_to_countries))
    .bind(d.map(|d| d.processing_days))
    .bind(d.map(|d| d.transit_days_min))
    .bind(d.map(|d| d.transit_days_max))
    .bind(d.map(|d| &d.transit_by_country))
    .bind(d.map(|d| &d.time_zone))
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// `POST /admin/settings/test-llm`: one tiny completion against the saved endpoint.
pub(super) async fn test_llm(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    let settings = stored(&state, &merchant).await?;
    let notice = match settings.assistant_engine.as_deref() {
        Some("openai") => {
            let key: Option<String> =
                sqlx::query_scalar("select llm_api_key from shop where id = $1")
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
    as_stored(&state, &merchant, &settings, Some(notice)).await
}

fn connection_notice(what: &str, result: Result<(), String>) -> Notice {
    match result {
        Ok(()) => (true, format!("{what} answered: the connection works.")),
        Err(problem) => (false, format!("{what} did not answer: {problem}")),
    }
}

/// `POST /admin/settings/test-stripe`: lists one PaymentIntent with the saved secret key.
pub(super) async fn test_stripe(
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
    as_stored(&state, &merchant, &settings, Some(notice)).await
}

/// `POST /admin/settings/identity-secret`: a new identity secret, replacing the old one at once
/// (signatures made with it stop verifying). Shown in this response only, for the merchant to
/// paste where their site or theme signs customers; never shown again.
pub(super) async fn rotate_identity_secret(
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
    as_stored(&state, &merchant, &settings, Some(notice)).await
}
