//! A conversation's stored messages: who wrote each (`role`), what it shows besides its text
//! (`Payload`), and appending one.

use serde::{Deserialize, Serialize};
use shopchat_protocol::{ProductCard, Role};

use crate::conversations::OwnedConversation;
use crate::db::DbPool;
use crate::error::ApiError;

/// What a stored message shows besides its text.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub products: Vec<ProductCard>,
    #[serde(default)]
    pub quick_replies: Vec<String>,
}

/// How a role is stored.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Shopper => "shopper",
        Role::Assistant => "assistant",
        Role::Merchant => "merchant",
    }
}

/// A stored role (the table's check allows only these three).
pub fn role_from_name(name: &str) -> Role {
    match name {
        "assistant" => Role::Assistant,
        "merchant" => Role::Merchant,
        _ => Role::Shopper,
    }
}

/// Appends a message to the conversation; returns its id.
pub async fn store(
    db: &DbPool,
    conversation: &OwnedConversation,
    role: Role,
    text: &str,
    payload: &Payload,
    engine: Option<&str>,
) -> Result<i64, ApiError> {
    let role = role_name(role);
    let payload = serde_json::to_string(payload).map_err(|e| ApiError::Internal(e.into()))?;
    let id = sqlx::query_scalar(
        "insert into message (shop_id, conversation_id, role, text, payload, engine)
         values (?, ?, ?, ?, ?, ?) returning id",
    )
    .bind(conversation.shop_id)
    .bind(&conversation.id)
    .bind(role)
    .bind(text)
    .bind(payload)
    .bind(engine)
    .fetch_one(db)
    .await?;
    sqlx::query("update conversation set updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where id = ? and shop_id = ?")
        .bind(&conversation.id)
        .bind(conversation.shop_id)
        .execute(db)
        .await?;
    Ok(id)
}
