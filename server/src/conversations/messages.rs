//! A conversation's stored messages: appending one, and reading them back for the widget's
//! history and the shop's transcripts.

use shopchat_protocol::{MessageView, Role};

use super::OwnedConversation;
use crate::db::{Backend, DbPool};
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
    let payload = serde_json::to_string(payload).map_err(|e| ApiError::Internal(e.into()))?;
    insert(
        db,
        conversation.shop_id,
        &conversation.id,
        &[(role, text, &payload, engine)],
        None,
    )
    .await
}

/// Inserts `rows` (role, text, payload as JSON, engine) in order, in one statement; returns
/// the id of the last. One statement: when a conversation last spoke is its newest message's
/// `created_at` (the inbox reads it there), so the conversation's row isn't written for it.
/// With `state`, the conversation's dialogue state (JSON) is written in the same round trip:
/// a statement before the insert on SQLite, a data-modifying `with` on PostgreSQL.
async fn insert(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
    rows: &[(Role, &str, &str, Option<&str>)],
    state: Option<&str>,
) -> Result<i64, ApiError> {
    let values: Vec<String> = (0..rows.len())
        .map(|i| {
            let n = 2 + i * 4;
            format!("($1, $2, ${}, ${}, ${}, ${})", n + 1, n + 2, n + 3, n + 4)
        })
        .collect();
    let insert = format!(
        "insert into message (shop_id, conversation_id, role, text, payload, engine)
         values {} returning id",
        values.join(", ")
    );
    let sql = match state {
        None => insert,
        Some(_) => {
            let n = 2 + rows.len() * 4;
            let update = format!(
                "update conversation set state = ${}, updated_at = ${} where id = $2 and shop_id = $1",
                n + 1,
                n + 2
            );
            match Backend::of(db) {
                Backend::Sqlite => format!("{update}; {insert}"),
                Backend::Postgres => format!("with saved as ({update}) {insert}"),
            }
        }
    };
    let mut query = sqlx::query_scalar::<_, i64>(&sql)
        .bind(shop_id)
        .bind(conversation_id);
    for (role, text, payload, engine) in rows {
        query = query
            .bind(role_name(*role))
            .bind(*text)
            .bind(*payload)
            .bind(*engine);
    }
    if let Some(state) = state {
        query = query.bind(state).bind(crate::db::now());
    }
    // The order `returning` lists rows in is not defined; ids grow in insertion order.
    query
        .fetch_all(db)
        .await?
        .into_iter()
        .max()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("no message was stored")))
}

/// The shopper's message a turn answers. It is stored with the reply, in one statement,
/// unless something that reads the conversation's messages (a hand-off's summary for the
/// shop's team, the LLM's context, a failed turn) stores it first with [`Self::save`].
pub struct ShopperMessage {
    text: String,
    stored: std::sync::atomic::AtomicBool,
}

impl ShopperMessage {
    pub fn new(text: String) -> Self {
        Self {
            text,
            stored: std::sync::atomic::AtomicBool::new(false),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Stores the message now, once.
    pub async fn save(
        &self,
        db: &DbPool,
        shop_id: i64,
        conversation_id: &str,
    ) -> Result<(), ApiError> {
        use std::sync::atomic::Ordering;
        if self.stored.swap(true, Ordering::SeqCst) {
            return Ok(());
        }
        let payload =
            serde_json::to_string(&Payload::default()).map_err(|e| ApiError::Internal(e.into()))?;
        let stored = insert(
            db,
            shop_id,
            conversation_id,
            &[(Role::Shopper, &self.text, &payload, None)],
            None,
        )
        .await;
        if stored.is_err() {
            self.stored.store(false, Ordering::SeqCst);
        }
        stored.map(|_| ())
    }

    /// Stores the assistant's reply, after this message if it isn't stored yet, and the
    /// dialogue `state` (JSON) when it changed, in one round trip; returns the reply's id.
    pub async fn store_reply(
        &self,
        db: &DbPool,
        conversation: &OwnedConversation,
        text: &str,
        payload: &Payload,
        engine: Option<&str>,
        state: Option<&str>,
    ) -> Result<i64, ApiError> {
        use std::sync::atomic::Ordering;
        let reply = serde_json::to_string(payload).map_err(|e| ApiError::Internal(e.into()))?;
        let reply_row = (Role::Assistant, text, reply.as_str(), engine);
        if self.stored.load(Ordering::SeqCst) {
            return insert(
                db,
                conversation.shop_id,
                &conversation.id,
                &[reply_row],
                state,
            )
            .await;
        }
        let empty =
            serde_json::to_string(&Payload::default()).map_err(|e| ApiError::Internal(e.into()))?;
        let rows = [
            (Role::Shopper, self.text.as_str(), empty.as_str(), None),
            reply_row,
        ];
        let id = insert(db, conversation.shop_id, &conversation.id, &rows, state).await?;
        self.stored.store(true, Ordering::SeqCst);
        Ok(id)
    }
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
