//! `POST /api/v1/conversations/{id}/messages` answers with a `text/event-stream` of typed
//! events; `GET` returns the stored history. Both need the conversation's token.

use std::convert::Infallible;

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{self, Stream};
use serde::{Deserialize, Serialize};
use shopchat_protocol::{
    MessageHistory, MessageView, ProductCard, Role, SendMessageRequest, StreamEvent, MAX_MESSAGE_CHARS,
};

use super::token::{authorize, OwnedConversation};
use crate::assistant::{self, Locale, Reply};
use crate::db::DbPool;
use crate::error::{ApiError, ApiJson};
use crate::shop::Shop;
use crate::state::AppState;

/// What a stored message shows besides its text.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Payload {
    #[serde(default)]
    products: Vec<ProductCard>,
    #[serde(default)]
    quick_replies: Vec<String>,
}

#[tracing::instrument(skip_all, fields(conversation = %id))]
pub async fn send_message(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<SendMessageRequest>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let conversation = authorize(&state.db, &id, &headers).await?;
    let shop = Shop::by_id(&state.db, conversation.shop_id).await?;
    shop.check_origin(&state, &headers)?;
    let text = request.text.trim();
    if text.is_empty() {
        return Err(ApiError::EmptyMessage);
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::MessageTooLong);
    }
    store(&state.db, &conversation, Role::Shopper, text, &Payload::default()).await?;

    let locale = Locale::parse(&conversation.locale);
    let events = match assistant::respond(&state, &shop, locale, text).await {
        Ok(reply) => {
            // Stored before it is sent: a shopper who reloads mid-stream still finds the answer.
            let payload = Payload { products: reply.products.clone(), quick_replies: reply.quick_replies.clone() };
            let message_id = store(&state.db, &conversation, Role::Assistant, &reply.text, &payload).await?;
            reply_events(reply, message_id)
        }
        Err(e) => {
            tracing::error!(error = ?e, "the assistant failed");
            let body = e.body();
            vec![StreamEvent::Error { code: body.error.code, message: body.error.message }]
        }
    };
    let frames = events.into_iter().map(|event| {
        Ok(Event::default().event(event.name()).json_data(&event).unwrap_or_else(|_| Event::default().comment("unserialisable event")))
    });
    Ok(Sse::new(stream::iter(frames)).keep_alive(KeepAlive::default()))
}

/// The reply as the widget receives it: text in word-sized deltas, then cards, chips, done.
fn reply_events(reply: Reply, message_id: i64) -> Vec<StreamEvent> {
    let mut events: Vec<StreamEvent> = reply
        .text
        .split_inclusive(' ')
        .map(|delta| StreamEvent::Text { delta: delta.to_owned() })
        .collect();
    if !reply.products.is_empty() {
        events.push(StreamEvent::Products { items: reply.products });
    }
    if !reply.quick_replies.is_empty() {
        events.push(StreamEvent::QuickReplies { items: reply.quick_replies });
    }
    events.push(StreamEvent::Done { message_id });
    events
}

async fn store(
    db: &DbPool,
    conversation: &OwnedConversation,
    role: Role,
    text: &str,
    payload: &Payload,
) -> Result<i64, ApiError> {
    let role = match role {
        Role::Shopper => "shopper",
        Role::Assistant => "assistant",
    };
    let payload = serde_json::to_string(payload).map_err(|e| ApiError::Internal(e.into()))?;
    let id = sqlx::query_scalar(
        "insert into message (shop_id, conversation_id, role, text, payload) values (?, ?, ?, ?, ?) returning id",
    )
    .bind(conversation.shop_id)
    .bind(&conversation.id)
    .bind(role)
    .bind(text)
    .bind(payload)
    .fetch_one(db)
    .await?;
    sqlx::query("update conversation set updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') where id = ? and shop_id = ?")
        .bind(&conversation.id)
        .bind(conversation.shop_id)
        .execute(db)
        .await?;
    Ok(id)
}

pub async fn list_messages(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<MessageHistory>, ApiError> {
    let conversation = authorize(&state.db, &id, &headers).await?;
    Shop::by_id(&state.db, conversation.shop_id).await?.check_origin(&state, &headers)?;
    let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "select id, role, text, payload, created_at from message
         where conversation_id = ? and shop_id = ? order by id",
    )
    .bind(&conversation.id)
    .bind(conversation.shop_id)
    .fetch_all(&state.db)
    .await?;
    let messages = rows
        .into_iter()
        .map(|(id, role, text, payload, created_at)| {
            let payload: Payload = serde_json::from_str(&payload).unwrap_or_default();
            MessageView {
                id,
                role: if role == "assistant" { Role::Assistant } else { Role::Shopper },
                text,
                products: payload.products,
                quick_replies: payload.quick_replies,
                created_at,
            }
        })
        .collect();
    Ok(Json(MessageHistory { messages }))
}
