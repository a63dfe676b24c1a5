//! One assistant turn, run as its own task: the chosen engine streams events into a channel
//! the SSE response reads from; the reply is stored before `done`, so a shopper who closes
//! the tab mid-answer still finds it after a reload.

use serde::{Deserialize, Serialize};
use shopchat_protocol::{ProductCard, Role, StreamEvent};
use tokio::sync::mpsc;

use super::{respond, Locale};
use crate::conversations::OwnedConversation;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::shop::Shop;
use crate::state::AppState;

/// What a stored message shows besides its text.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub products: Vec<ProductCard>,
    #[serde(default)]
    pub quick_replies: Vec<String>,
}

/// Starts the turn; the receiver yields its events, ending with `done` or `error`.
pub fn start(state: AppState, shop: Shop, conversation: OwnedConversation, text: String) -> mpsc::Receiver<StreamEvent> {
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(async move {
        let last = match run(&state, &shop, &conversation, &text, &tx).await {
            Ok(message_id) => StreamEvent::Done { message_id },
            Err(e) => {
                tracing::error!(error = ?e, "the assistant turn failed");
                let body = e.body();
                StreamEvent::Error { code: body.error.code, message: body.error.message }
            }
        };
        // The shopper may have gone; the reply is stored either way.
        let _ = tx.send(last).await;
    });
    rx
}

async fn run(
    state: &AppState,
    shop: &Shop,
    conversation: &OwnedConversation,
    text: &str,
    tx: &mpsc::Sender<StreamEvent>,
) -> Result<i64, ApiError> {
    let locale = Locale::parse(&conversation.locale);
    let reply = respond(state, shop, locale, text).await?;
    for delta in reply.text.split_inclusive(' ') {
        let _ = tx.send(StreamEvent::Text { delta: delta.to_owned() }).await;
    }
    if !reply.products.is_empty() {
        let _ = tx.send(StreamEvent::Products { items: reply.products.clone() }).await;
    }
    if !reply.quick_replies.is_empty() {
        let _ = tx.send(StreamEvent::QuickReplies { items: reply.quick_replies.clone() }).await;
    }
    let payload = Payload { products: reply.products, quick_replies: reply.quick_replies };
    store(&state.db, conversation, Role::Assistant, &reply.text, &payload, Some("embedded")).await
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
    let role = match role {
        Role::Shopper => "shopper",
        Role::Assistant => "assistant",
    };
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
