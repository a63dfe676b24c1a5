//! A conversation's stored messages: appending one, and reading them back for the widget's
//! history and the shop's transcripts.

use shopchat_protocol::{MessageView, Role};

use super::OwnedConversation;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::messages::{role_from_name, role_name, Payload};

/// Appends a message to the conversation; returns its id.
pub async fn store_message(
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
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(conversation.shop_id)
    .bind(&conversation.id)
    .bind(role)
    .bind(text)
    .bind(payload)
    .bind(engine)
    .fetch_one(db)
    .await?;
    // One statement: when a conversation last spoke is its newest message's `created_at`
    // (the inbox reads it there), so the conversation's row isn't written for it.
    Ok(id)
}

/// The conversation's messages with an id above `after`, oldest first.
pub async fn load_messages(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
    after: i64,
) -> Result<Vec<MessageView>, ApiError> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "select id, role, text, payload, created_at from message
         where conversation_id = $1 and shop_id = $2 and id > $3 order by id",
    )
    .bind(conversation_id)
    .bind(shop_id)
    .bind(after)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, role, text, payload, created_at)| {
            let payload: Payload = serde_json::from_str(&payload).unwrap_or_default();
            MessageView {
                id,
                role: role_from_name(&role),
                text,
                products: payload.products,
                quick_replies: payload.quick_replies,
                created_at,
            }
        })
        .collect())
}
