//! The Settings page: the shop's name and languages, the widget's look (with a live preview
//! of the real widget), allowed origins, the assistant engine, Stripe, the refund policy and
//! handoff notifications (`refund_policy.rs`), Shopify order status (`shopify_settings.rs`), a
//! new identity secret, shipping and tax.
//! Its markup is in `settings_page.rs`, its form in `settings_form.rs`, saving and the "test
//! connection" buttons in `settings_actions.rs`, the preview in `preview.rs`.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::buying::BuyingForm;
use super::refund_policy::{PolicyForm, StoredPolicy, STORED_POLICY_SQL};
use super::session::Merchant;
use super::settings_actions::{rotate_identity_secret, save_settings, test_llm, test_stripe};
use super::settings_form::{SettingsForm, StoredSettings, STORED_SETTINGS_SQL};
use super::settings_page::{render, Notice, SettingsPage};
use super::{preview, shopify_settings};
use crate::error::ApiError;
use crate::http::state::AppState;

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
        .route("/admin/preview", get(preview::get_preview))
}

#[derive(Deserialize)]
pub struct SavedQuery {
    #[serde(default)]
    saved: Option<String>,
}

/// The shop's settings as stored, with the address its Stripe webhook should point at.
pub(super) async fn stored(
    state: &AppState,
    merchant: &Merchant,
) -> Result<StoredSettings, ApiError> {
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

/// The refund policy section as stored, in the shop's currency.
pub(super) async fn stored_policy(
    state: &AppState,
    shop_id: i64,
    settings: &StoredSettings,
) -> Result<PolicyForm, ApiError> {
    let exponent =
        shopchat_protocol::Currency::parse(&settings.currency).map_or(2, |c| c.exponent());
    let stored: StoredPolicy = sqlx::query_as(STORED_POLICY_SQL)
        .bind(shop_id)
        .fetch_one(&state.db)
        .await?;
    Ok(PolicyForm::from_stored(&stored, exponent))
}

/// `GET /admin/settings`
async fn get_settings(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(query): Query<SavedQuery>,
) -> Result<Response, ApiError> {
    let settings = stored(&state, &merchant).await?;
    let notice = query.saved.map(|_| (true, "Settings saved.".to_owned()));
    as_stored(&state, &merchant, &settings, notice).await
}

/// The Settings page as stored, with a notice on top (for the other sections' buttons).
pub(super) async fn page_with_notice(
    state: &AppState,
    merchant: &Merchant,
    notice: Notice,
) -> Result<Response, ApiError> {
    let settings = stored(state, merchant).await?;
    as_stored(state, merchant, &settings, Some(notice)).await
}

/// The Settings page as stored, with a notice on top (a connection test, a new secret).
pub(super) async fn as_stored(
    state: &AppState,
    merchant: &Merchant,
    settings: &StoredSettings,
    notice: Option<Notice>,
) -> Result<Response, ApiError> {
    let policy = stored_policy(state, merchant.shop_id, settings).await?;
    let view = SettingsPage {
        merchant,
        settings,
        form: &SettingsForm::from_stored(settings),
        buying: &BuyingForm::from_stored(
            &settings.buying_mode,
            settings.cart_url_template.as_deref(),
        ),
        policy: &policy,
        problems: &[],
        notice,
    };
    Ok(render(&view, StatusCode::OK))
}
