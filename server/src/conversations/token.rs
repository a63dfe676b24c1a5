//! Conversation ids and the bearer token that proves one (a `crate::tokens::SecretToken`
//! shown to the widget once). The HTTP side reads the token from the request.

use rand::RngCore;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::tokens::token_matches;

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

/// Checks the presented bearer token against the conversation's stored hash: an unknown
/// conversation is `ConversationNotFound`, a missing or wrong token `InvalidToken`.
pub async fn authorize(
    db: &DbPool,
    id: &str,
    presented: Option<&str>,
) -> Result<OwnedConversation, ApiError> {
    let row: Option<(String, i64, String, String)> =
        sqlx::query_as("select id, shop_id, locale, token_hash from conversation where id = $1")
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
