//! The merchant's admin API under `/api/v1/admin`: what the merchant does to a shop's orders,
//! refunds and conversations. Every request carries `Authorization: Bearer <admin token>`; the
//! token names the shop, and everything a handler does is scoped to that shop.
//!
//! Tokens are issued by `shopchat admin-token --shop KEY` (printed once, stored hashed); issuing
//! a new one replaces the old.

pub(crate) mod after_sale;
pub(crate) mod conversations;
pub(crate) mod notifications;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::extract::bearer_token;
use crate::http::state::AppState;
use crate::tokens::{token_hash, SecretToken};

/// The admin API's routes (merged by `startup::router`, outside the widget's CORS).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/shop", get(shop_info))
        .merge(after_sale::router())
        .merge(conversations::router())
        .merge(notifications::router())
}

/// The shop an admin request acts on, proven by its admin token.
#[derive(Debug, Clone)]
pub struct AdminShop {
    pub shop_id: i64,
    pub public_key: String,
}

impl FromRequestParts<AppState> for AdminShop {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let presented = bearer_token(&parts.headers).ok_or(ApiError::AdminUnauthorized)?;
        let row: Option<(i64, String)> =
            sqlx::query_as("select id, public_key from shop where admin_token_hash = $1")
                .bind(token_hash(presented))
                .fetch_optional(&state.db)
                .await?;
        let (shop_id, public_key) = row.ok_or(ApiError::AdminUnauthorized)?;
        Ok(AdminShop {
            shop_id,
            public_key,
        })
    }
}

/// Issues a new admin token for the shop with this public key, replacing any earlier one, and
/// returns it (the only time it is seen). `None`: no such shop.
pub async fn issue_token(db: &DbPool, shop_key: &str) -> Result<Option<String>, sqlx::Error> {
    let token = SecretToken::generate();
    let updated = sqlx::query("update shop set admin_token_hash = $1 where public_key = $2")
        .bind(token.hash())
        .bind(shop_key)
        .execute(db)
        .await?;
    Ok((updated.rows_affected() == 1).then(|| token.as_str().to_owned()))
}

#[derive(Serialize)]
struct ShopInfo {
    shop_key: String,
}

/// `GET /api/v1/admin/shop`: which shop this token acts on (a cheap way to check a token).
async fn shop_info(shop: AdminShop) -> Json<ShopInfo> {
    Json(ShopInfo {
        shop_key: shop.public_key,
    })
}
