//! `POST /api/v1/conversations/{id}/messages` answers with a `text/event-stream` of typed
//! events; `GET` returns the stored history (`?after=<id>` for what is newer), a person's
//! replies included. Both need the conversation's token.

use std::convert::Infallible;
use std::net::SocketAddr;

use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{Stream, StreamExt};
use serde::Deserialize;
use shopchat_protocol::{MessageHistory, MessageView, Role, SendMessageRequest, MAX_MESSAGE_CHARS};
use tokio_stream::wrappers::ReceiverStream;

use super::token::authorize;
use crate::assistant::turn::{self, role_from_name, store, Payload};
use crate::db::DbPool;
use crate::error::{ApiError, ApiJson};
use crate::shop::Shop;
use crate::state::AppState;

#[tracing::instrument(skip_all, fields(conversation = %id))]
pub async fn send_message(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    extensions: Extensions,
    ApiJson(request): ApiJson<SendMessageRequest>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let conversation = authorize(&state.db, &id, &headers).await?;
    let shop = Shop::by_id(&state.db, conversation.shop_id).await?;
    shop.check_origin(&state, &headers)?;
    state.limits.messages.check(&conversation.id)?;
    // Held by the stream until it ends, however it ends.
    let slot = match extensions.get::<ConnectInfo<SocketAddr>>() {
        Some(ConnectInfo(client)) => Some(state.limits.streams.acquire(&client.ip().to_string())?),
        None => None,
    };
    let text = request.text.trim();
    if text.is_empty() {
        return Err(ApiError::EmptyMessage);
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::MessageTooLong);
    }
    store(
        &state.db,
        &conversation,
        Role::Shopper,
        text,
        &Payload::default(),
        None,
    )
    .await?;

    let events = turn::start(state.clone(), shop, conversation, text.to_owned());
    let frames = ReceiverStream::new(events).map(move |event| {
        let _slot = &slot;
        Ok(Event::default()
            .event(event.name())
            .json_data(&event)
            .unwrap_or_else(|_| Event::default().comment("unserialisable event")))
    });
    Ok(Sse::new(frames).keep_alive(KeepAlive::default()))
}

/// `?after=<message id>`: only messages newer than that one (the widget polls with the last
/// id it has, to pick up a person's replies cheaply).
#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    #[serde(default)]
    after: Option<i64>,
}

pub async fn list_messages(
    State(state): State<AppState>,
    Path(id): Path<String>,
    query: Result<Query<HistoryQuery>, QueryRejection>,
    headers: HeaderMap,
) -> Result<Json<MessageHistory>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidRequest(e.body_text()))?;
    let conversation = authorize(&state.db, &id, &headers).await?;
    Shop::by_id(&state.db, conversation.shop_id)
        .await?
        .check_origin(&state, &headers)?;
    let messages = load_messages(
        &state.db,
        conversation.shop_id,
        &conversation.id,
        query.after.unwrap_or(0),
    )
    .await?;
    let awaiting_person =
        crate::handoff::is_waiting(&state, conversation.shop_id, &conversation.id).await?;
    Ok(Json(MessageHistory {
        messages,
        awaiting_person,
    }))
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
