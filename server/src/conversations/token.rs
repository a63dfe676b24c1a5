//! Conversation tokens: 256 random bits shown to the widget once; only their SHA-256 is stored.
//! The bearer-token helpers here also check order tokens (`orders::token`).

use axum::http::{header, HeaderMap};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::DbPool;
use crate::error::ApiError;

pub struct ConversationToken(String);

impl ConversationToken {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> String {
        token_hash(&self.0)
    }
}

/// SHA-256 (hex) of a token: what is stored instead of the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// The token of the `Authorization: Bearer …` header, if there is a non-empty one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// True when the presented token is the one whose hash was stored.
pub fn token_matches(presented: &str, stored_hash: &str) -> bool {
    // Both sides are fixed-length digests, so the comparison time says nothing about the token.
    token_hash(presented) == stored_hash
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_only_as_a_hash() {
        let a = ConversationToken::generate();
        let b = ConversationToken::generate();
        assert_ne!(a.as_str(), b.as_str());
        assert_eq!(a.as_str().len(), 43);
        assert_eq!(a.hash().len(), 64);
        assert!(!a.hash().contains(a.as_str()));
    }
}
