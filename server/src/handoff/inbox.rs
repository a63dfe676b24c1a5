//! The shop's side of a handoff, for the admin API and the merchant pages alike: the
//! conversations (those waiting for a person first) with their summary, one conversation, a
//! reply from the shop's team that appears in the shopper's chat, and marking one resolved.
//! Another shop's conversation is `ConversationNotFound`.

use serde::Serialize;
use shopchat_protocol::{MessageView, Role, MAX_MESSAGE_CHARS};

use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::messages::{role_name, Payload};

/// Most conversations one list returns.
const LIST_LIMIT: i64 = 200;

/// One conversation in the merchant's list.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ConversationSummary {
    pub id: String,
    pub locale: String,
    #[sqlx(try_from = "crate::db::Flag")]
    pub needs_human: bool,
    /// `shopper_asked` or `unresolved`, once handed off.
    pub handoff_reason: Option<String>,
    /// What the shopper wanted, built from the conversation when it was handed off.
    pub summary: Option<String>,
    pub handoff_at: Option<String>,
    pub resolved_at: Option<String>,
    pub last_message_at: Option<String>,
    pub message_count: i64,
    pub created_at: String,
}

const SUMMARY_SELECT: &str = "select c.id, c.locale, c.needs_human = 1 as needs_human, c.handoff_reason,
        c.handoff_summary as summary, c.handoff_at, c.resolved_at,
        (select max(m.created_at) from message m where m.conversation_id = c.id and m.shop_id = c.shop_id) as last_message_at,
        (select count(*) from message m where m.conversation_id = c.id and m.shop_id = c.shop_id) as message_count,
        c.created_at
     from conversation c";

/// The shop's conversations, those waiting for a person first, then the most recent.
/// `needs_human`: only those waiting (`true`) or only the others (`false`).
pub async fn list(
    db: &DbPool,
    shop_id: i64,
    needs_human: Option<bool>,
) -> Result<Vec<ConversationSummary>, ApiError> {
    let filter = match needs_human {
        Some(true) => " and c.needs_human = 1",
        Some(false) => " and c.needs_human = 0",
        None => "",
    };
    // The summary's columns by name: an output name can't be used inside an expression of the
    // same select's `order by` in PostgreSQL.
    let sql = format!(
        "select * from ({SUMMARY_SELECT} where c.shop_id = $1{filter}) as summary
         order by needs_human desc, coalesce(last_message_at, created_at) desc, id
         limit $2"
    );
    Ok(sqlx::query_as::<_, ConversationSummary>(&sql)
        .bind(shop_id)
        .bind(LIST_LIMIT)
        .fetch_all(db)
        .await?)
}

/// One conversation of the shop; another shop's is `ConversationNotFound`.
pub async fn summary(db: &DbPool, shop_id: i64, id: &str) -> Result<ConversationSummary, ApiError> {
    let sql = format!("{SUMMARY_SELECT} where c.id = $1 and c.shop_id = $2");
    sqlx::query_as::<_, ConversationSummary>(&sql)
        .bind(id)
        .bind(shop_id)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::ConversationNotFound)
}

/// Stores a reply from the shop's team in the conversation, with its handoff record.
pub async fn reply(
    db: &DbPool,
    shop_id: i64,
    id: &str,
    text: &str,
) -> Result<MessageView, ApiError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ApiError::EmptyMessage);
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::MessageTooLong);
    }
    let payload =
        serde_json::to_string(&Payload::default()).map_err(|e| ApiError::Internal(e.into()))?;
    let mut tx = db::begin_write(db).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("select 1 from conversation where id = $1 and shop_id = $2")
            .bind(id)
            .bind(shop_id)
            .fetch_optional(&mut *tx)
            .await?;
    exists.ok_or(ApiError::ConversationNotFound)?;
    let (message_id, created_at): (i64, String) = sqlx::query_as(
        "insert into message (shop_id, conversation_id, role, text, payload)
         values ($1, $2, $3, $4, $5) returning id, created_at",
    )
    .bind(shop_id)
    .bind(id)
    .bind(role_name(Role::Merchant))
    .bind(text)
    .bind(payload)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "update conversation set updated_at = $3
         where id = $1 and shop_id = $2",
    )
    .bind(id)
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    super::record(
        &mut tx,
        shop_id,
        id,
        "replied",
        "merchant",
        &format!("message {message_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(MessageView {
        id: message_id,
        role: Role::Merchant,
        text: text.to_owned(),
        products: vec![],
        quick_replies: vec![],
        created_at,
    })
}

/// Marks the conversation as no longer waiting for a person (nothing changes if it wasn't).
pub async fn resolve(db: &DbPool, shop_id: i64, id: &str) -> Result<ConversationSummary, ApiError> {
    let mut tx = db::begin_write(db).await?;
    let waiting: Option<crate::db::Flag> = sqlx::query_scalar(
        "select needs_human = 1 from conversation where id = $1 and shop_id = $2",
    )
    .bind(id)
    .bind(shop_id)
    .fetch_optional(&mut *tx)
    .await?;
    if waiting.ok_or(ApiError::ConversationNotFound)?.0 {
        sqlx::query(
            "update conversation set needs_human = 0, notified_at = null,
                 resolved_at = $3
             where id = $1 and shop_id = $2",
        )
        .bind(id)
        .bind(shop_id)
        .bind(db::now())
        .execute(&mut *tx)
        .await?;
        super::record(&mut tx, shop_id, id, "resolved", "merchant", "").await?;
    }
    tx.commit().await?;
    summary(db, shop_id, id).await
}
