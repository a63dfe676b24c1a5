//! The merchant's side of a handoff: conversations waiting for a person (first) with their
//! summary, a conversation's transcript, a reply from the shop's team that appears in the
//! shopper's chat, and marking a conversation resolved. Another shop's conversation is 404.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use shopchat_protocol::MessageView;

use super::AdminShop;
use crate::conversations::load_messages;
use crate::error::ApiError;
use crate::handoff;
use crate::handoff::inbox::ConversationSummary;
use crate::http::error::ApiJson;
use crate::http::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/conversations", get(list_conversations))
        .route("/api/v1/admin/conversations/{id}", get(get_conversation))
        .route(
            "/api/v1/admin/conversations/{id}/reply",
            post(reply_to_conversation),
        )
        .route(
            "/api/v1/admin/conversations/{id}/resolve",
            post(resolve_conversation),
        )
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    /// `true`: only those waiting for a person; `false`: only the others; absent: all.
    #[serde(default)]
    needs_human: Option<bool>,
}

#[derive(Debug, Serialize)]
pub struct ConversationList {
    pub conversations: Vec<ConversationSummary>,
}

/// A conversation with its whole transcript.
#[derive(Debug, Serialize)]
pub struct ConversationDetail {
    #[serde(flatten)]
    pub conversation: ConversationSummary,
    pub messages: Vec<MessageView>,
}

#[derive(Debug, Deserialize)]
pub struct ReplyRequest {
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct ReplyCreated {
    pub message: MessageView,
}

/// `GET /api/v1/admin/conversations?needs_human=true`: waiting ones first, newest first.
async fn list_conversations(
    shop: AdminShop,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<ConversationList>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidRequest(e.body_text()))?;
    let conversations = handoff::inbox::list(&state.db, shop.shop_id, query.needs_human).await?;
    Ok(Json(ConversationList { conversations }))
}

/// `GET /api/v1/admin/conversations/{id}`: the transcript, the shop's replies included.
async fn get_conversation(
    shop: AdminShop,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ConversationDetail>, ApiError> {
    let conversation = handoff::inbox::summary(&state.db, shop.shop_id, &id).await?;
    let messages = load_messages(&state.db, shop.shop_id, &id, 0).await?;
    Ok(Json(ConversationDetail {
        conversation,
        messages,
    }))
}

/// `POST /api/v1/admin/conversations/{id}/reply {text}`: a person's reply, stored as a
/// `merchant` message the shopper's widget picks up from the history.
async fn reply_to_conversation(
    shop: AdminShop,
    State(state): State<AppState>,
    Path(id): Path<String>,
    ApiJson(request): ApiJson<ReplyRequest>,
) -> Result<(StatusCode, Json<ReplyCreated>), ApiError> {
    let message = handoff::inbox::reply(&state.db, shop.shop_id, &id, &request.text).await?;
    Ok((StatusCode::CREATED, Json(ReplyCreated { message })))
}

/// `POST /api/v1/admin/conversations/{id}/resolve`: no longer waiting for a person. The
/// assistant answers as before, and a new request for a person hands it off again.
async fn resolve_conversation(
    shop: AdminShop,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ConversationSummary>, ApiError> {
    Ok(Json(
        handoff::inbox::resolve(&state.db, shop.shop_id, &id).await?,
    ))
}
