//! Order access tokens: the proof that an order is the shopper's, which the widget keeps (per
//! shop) for later questions. The server stores only the token's SHA-256.
//!
//! The token is derived rather than drawn: SHA-256 over a domain tag, the order id and the
//! conversation's bearer token (256 random bits the server never stores either). It is as
//! unguessable as that token, and a replayed create request (a double-click on Pay) hands back
//! the very same order token — which only the holder of that conversation's token can compute,
//! so another conversation can never obtain it, and the server needn't keep the token itself.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

use super::{OrderRow, ORDER_COLUMNS};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::tokens::{token_hash, token_matches};

/// Separates this use of SHA-256 from any other hash of the same inputs.
const DOMAIN: &[u8] = b"shopchat order token v1\n";

pub struct OrderToken(String);

impl OrderToken {
    pub fn derive(conversation_token: &str, order_id: &str) -> Self {
        let digest = Sha256::new()
            .chain_update(DOMAIN)
            .chain_update(order_id.as_bytes())
            .chain_update(b"\n")
            .chain_update(conversation_token.as_bytes())
            .finalize();
        Self(URL_SAFE_NO_PAD.encode(digest))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn hash(&self) -> String {
        token_hash(&self.0)
    }
}

/// The order named in the URL, when the presented bearer token is its token.
/// Unknown order: 404; missing or wrong token: 401. Everything after this is scoped by the
/// order's shop.
pub async fn authorize_order(
    db: &DbPool,
    order_id: &str,
    presented: Option<&str>,
) -> Result<OrderRow, ApiError> {
    // Ids are 32 hex digits; anything else can't exist, so don't ask the database.
    if order_id.len() != 32 || !order_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ApiError::OrderNotFound);
    }
    let sql = format!("select {ORDER_COLUMNS} from shop_order where id = $1");
    let order = sqlx::query_as::<_, OrderRow>(&sql)
        .bind(order_id)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let presented = presented.ok_or(ApiError::InvalidToken)?;
    if !token_matches(presented, &order.order_token_hash) {
        return Err(ApiError::InvalidToken);
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_is_long_stable_for_its_conversation_and_useless_for_another() {
        let order = "0123456789abcdef0123456789abcdef";
        let a = OrderToken::derive("conversation-token-a", order);
        assert_eq!(a.as_str().len(), 43, "256 bits, base64url");
        assert_eq!(
            a.as_str(),
            OrderToken::derive("conversation-token-a", order).as_str()
        );
        assert_ne!(
            a.as_str(),
            OrderToken::derive("conversation-token-b", order).as_str()
        );
        assert_ne!(
            a.as_str(),
            OrderToken::derive("conversation-token-a", "fedcba9876543210fedcba9876543210").as_str()
        );
        assert_eq!(a.hash().len(), 64);
        assert!(!a.hash().contains(a.as_str()));
    }
}
