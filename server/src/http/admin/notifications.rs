//! Where and how a shop hears about handoffs: the URL its notifications are POSTed to, the
//! typical reply time shoppers are told, and the signing secret. The secret is shown only
//! when it is (re)generated, never read back.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use shopchat_protocol::FieldError;

use super::AdminShop;
use crate::db;
use crate::error::ApiError;
use crate::handoff;
use crate::http::error::ApiJson;
use crate::http::state::AppState;
use crate::locale::Locale;
use crate::outbound;
use crate::sealed::SecretColumn;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/admin/notifications",
            get(get_notify_settings).put(update_notify_settings),
        )
        .route(
            "/api/v1/admin/notifications/secret",
            post(rotate_notify_secret),
        )
}

/// The shop's notification settings, as the merchant reads and writes them.
#[derive(Debug, Serialize, Deserialize)]
pub struct NotifySettings {
    /// Where handoff notifications are POSTed; null: none are sent.
    #[serde(default)]
    pub url: Option<String>,
    /// Typical hours until a person replies, as shoppers are told; null: "a few hours".
    #[serde(default)]
    pub reply_hours: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct NotifySettingsView {
    #[serde(flatten)]
    pub settings: NotifySettings,
    /// What a shopper is told, in English, with these settings.
    pub expected_reply: String,
}

/// The new secret: the only response that ever carries it.
#[derive(Debug, Serialize)]
pub struct NewSecret {
    pub secret: String,
}

async fn view(state: &AppState, shop: &AdminShop) -> Result<NotifySettingsView, ApiError> {
    let (url, reply_hours): (Option<String>, Option<i64>) =
        sqlx::query_as("select notify_url, handoff_reply_hours from shop where id = $1")
            .bind(shop.shop_id)
            .fetch_one(&state.db)
            .await?;
    Ok(NotifySettingsView {
        expected_reply: handoff::expected_reply(Locale::En, reply_hours),
        settings: NotifySettings { url, reply_hours },
    })
}

/// `GET /api/v1/admin/notifications`
async fn get_notify_settings(
    shop: AdminShop,
    State(state): State<AppState>,
) -> Result<Json<NotifySettingsView>, ApiError> {
    Ok(Json(view(&state, &shop).await?))
}

/// `PUT /api/v1/admin/notifications {url, reply_hours}`. A URL the outbound policy refuses
/// (a loopback, private or metadata address…) is a field error `outbound_url_refused`.
async fn update_notify_settings(
    shop: AdminShop,
    State(state): State<AppState>,
    ApiJson(request): ApiJson<NotifySettings>,
) -> Result<Json<NotifySettingsView>, ApiError> {
    let mut invalid = Vec::new();
    let url = request
        .url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty());
    if let Some(url) = url {
        if !valid_url(url) {
            invalid.push(FieldError {
                field: "url".into(),
                code: "invalid_url".into(),
            });
        } else if let Err(refused) = state.outbound.check_saved_url(url) {
            tracing::info!(shop = shop.shop_id, %refused, "a notification URL was refused by the outbound policy");
            invalid.push(FieldError {
                field: "url".into(),
                code: outbound::REFUSED_CODE.into(),
            });
        }
    }
    if let Some(hours) = request.reply_hours {
        if !(1..=720).contains(&hours) {
            invalid.push(FieldError {
                field: "reply_hours".into(),
                code: "out_of_range".into(),
            });
        }
    }
    if !invalid.is_empty() {
        return Err(ApiError::InvalidFields(invalid));
    }
    sqlx::query(
        "update shop set notify_url = $1, handoff_reply_hours = $2,
             updated_at = $4
         where id = $3",
    )
    .bind(url)
    .bind(request.reply_hours)
    .bind(shop.shop_id)
    .bind(db::now())
    .execute(&state.db)
    .await?;
    Ok(Json(view(&state, &shop).await?))
}

/// `POST /api/v1/admin/notifications/secret`: a new signing secret, replacing the old one at
/// once. Shown in this response only.
async fn rotate_notify_secret(
    shop: AdminShop,
    State(state): State<AppState>,
) -> Result<Json<NewSecret>, ApiError> {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = format!("scn_{}", hex::encode(bytes));
    sqlx::query("update shop set notify_secret = $1 where id = $2")
        .bind(
            state
                .secrets
                .seal(shop.shop_id, SecretColumn::NotifySecret, &secret),
        )
        .bind(shop.shop_id)
        .execute(&state.db)
        .await?;
    Ok(Json(NewSecret { secret }))
}

/// An absolute `http(s)` URL with a host.
pub(crate) fn valid_url(text: &str) -> bool {
    http_client::Url::parse(text)
        .map(|u| {
            matches!(u.scheme(), "http" | "https") && u.host_str().is_some_and(|h| !h.is_empty())
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_absolute_web_urls_are_accepted() {
        assert!(valid_url("https://shop.example/hooks/shopchat"));
        assert!(valid_url("http://127.0.0.1:9000/notify"));
        assert!(!valid_url("ftp://shop.example/"));
        assert!(!valid_url("/relative"));
        assert!(!valid_url("not a url"));
    }
}
