//! A conversation's stored messages, read back for the widget's history and the shop's
//! transcripts.

use shopchat_protocol::MessageView;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::messages::{role_from_name, Payload};

/// The conversation's messages with an id above `after`, oldest first.
pub async fn load_messages(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
    after: i64,
) -> Result<Vec<MessageView>, ApiError> {
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "select id, role, text, payload, created_at from message
         where conversation_id = ? and shop_id = ? and id > ? order by id",
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
