//! `POST /api/v1/conversations/{id}/messages` answers with a `text/event-stream` of typed
//! events; `GET` returns the stored history (`?after=<id>` for what is newer), a person's
//! replies included. Both need the conversation's token.

use std::convert::Infallible;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::Json;
use futures_util::stream::{Stream, StreamExt};
use serde::Deserialize;
use shopchat_protocol::{MessageHistory, SendMessageRequest, MAX_MESSAGE_CHARS};
use tokio_stream::wrappers::ReceiverStream;

use crate::assistant::turn;
use crate::conversations::{authorize, load_messages};
use crate::error::ApiError;
use crate::http::client::client_addr;
use crate::http::error::ApiJson;
use crate::http::extract::{BearerToken, RequestOrigin};
use crate::http::state::AppState;

#[tracing::instrument(skip_all, fields(conversation = %id))]
pub async fn send_message(
    State(state): State<AppState>,
    Path(id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
    headers: HeaderMap,
    extensions: Extensions,
    ApiJson(request): ApiJson<SendMessageRequest>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, ApiError> {
    let (conversation, shop, turn_row) = turn::authorize(&state.db, &id, token.as_deref()).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    state.limits.messages.check(&conversation.id)?;
    // Held by the stream until it ends, however it ends.
    let slot = match client_addr(&state.limits, &extensions, &headers) {
        Some(client) => Some(state.limits.streams.acquire(&client.to_string())?),
        None => None,
    };
    let text = request.text.trim();
    if text.is_empty() {
        return Err(ApiError::EmptyMessage);
    }
    if text.chars().count() > MAX_MESSAGE_CHARS {
        return Err(ApiError::MessageTooLong);
    }
    // The turn stores the message, with its reply.
    let events = turn::start(
        state.assistant(),
        shop,
        conversation,
        Some(turn_row),
        text.to_owned(),
    );
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
    token: BearerToken,
    origin: RequestOrigin,
) -> Result<Json<MessageHistory>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidRequest(e.body_text()))?;
    let (conversation, shop) = authorize(&state.db, &id, token.as_deref()).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    let messages = load_messages(
        &state.db,
        conversation.shop_id,
        &conversation.id,
        query.after.unwrap_or(0),
    )
    .await?;
    let awaiting_person =
        crate::handoff::is_waiting(&state.db, conversation.shop_id, &conversation.id).await?;
    Ok(Json(MessageHistory {
        messages,
        awaiting_person,
    }))
}
