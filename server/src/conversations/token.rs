//! Conversation ids and the bearer token that proves one (a `crate::tokens::SecretToken`
//! shown to the widget once). The bearer-token helper here also reads order tokens
//! (`orders::token`).

use axum::http::{header, HeaderMap};
use rand::RngCore;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::tokens::token_matches;

/// The token of the `Authorization: Bearer …` header, if there is a non-empty one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// A random id for a new conversation (128 bits, hex).
pub fn new_conversation_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A conversation the request has proven it owns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnedConversation {
    pub id: String,
    pub shop_id: i64,
    pub locale: String,
}

/// Checks the `Authorization: Bearer` token against the conversation's stored hash.
pub async fn authorize(
    db: &DbPool,
    id: &str,
    headers: &HeaderMap,
) -> Result<OwnedConversation, ApiError> {
    let presented = bearer_token(headers);
    let row: Option<(String, i64, String, String)> =
        sqlx::query_as("select id, shop_id, locale, token_hash from conversation where id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    let (id, shop_id, locale, stored) = row.ok_or(ApiError::ConversationNotFound)?;
    let presented = presented.ok_or(ApiError::InvalidToken)?;
    if !token_matches(presented, &stored) {
        return Err(ApiError::InvalidToken);
    }
    Ok(OwnedConversation {
        id,
        shop_id,
        locale,
    })
}
