//! The merchant's side of a handoff: conversations waiting for a person (first) with their
//! summary, a conversation's transcript, a reply from the shop's team that appears in the
//! shopper's chat, and marking a conversation resolved. Another shop's conversation is 404.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use shopchat_protocol::{MessageView, Role, MAX_MESSAGE_CHARS};

use super::AdminShop;
use crate::assistant::turn::{role_name, Payload};
use crate::conversations::load_messages;
use crate::db;
use crate::error::{ApiError, ApiJson};
use crate::handoff;
use crate::state::AppState;

/// Most conversations one list returns.
const LIST_LIMIT: i64 = 200;

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

/// One conversation in the merchant's list.
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct ConversationSummary {
    pub id: String,
    pub locale: String,
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

const SUMMARY_SELECT: &str = "select c.id, c.locale, c.needs_human = 1 as needs_human, c.handoff_reason,
        c.handoff_summary as summary, c.handoff_at, c.resolved_at,
        (select max(m.created_at) from message m where m.conversation_id = c.id and m.shop_id = c.shop_id) as last_message_at,
        (select count(*) from message m where m.conversation_id = c.id and m.shop_id = c.shop_id) as message_count,
        c.created_at
     from conversation c";

/// `GET /api/v1/admin/conversations?needs_human=true`: waiting ones first, newest first.
async fn list_conversations(
    shop: AdminShop,
    State(state): State<AppState>,
    query: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Json<ConversationList>, ApiError> {
    let Query(query) = query.map_err(|e| ApiError::InvalidRequest(e.body_text()))?;
    let conversations = list(&state, shop.shop_id, query.needs_human).await?;
    Ok(Json(ConversationList { conversations }))
}

/// The shop's conversations, those waiting for a person first, then the most recent.
/// `needs_human`: only those waiting (`true`) or only the others (`false`).
pub(crate) async fn list(
    state: &AppState,
    shop_id: i64,
    needs_human: Option<bool>,
) -> Result<Vec<ConversationSummary>, ApiError> {
    let filter = match needs_human {
        Some(true) => " and c.needs_human = 1",
        Some(false) => " and c.needs_human = 0",
        None => "",
    };
    let sql = format!(
        "{SUMMARY_SELECT} where c.shop_id = ?{filter}
         order by c.needs_human desc, coalesce(last_message_at, c.created_at) desc, c.id
         limit ?"
    );
    Ok(sqlx::query_as::<_, ConversationSummary>(&sql)
        .bind(shop_id)
        .bind(LIST_LIMIT)
        .fetch_all(&state.db)
        .await?)
}

/// One conversation of the shop; another shop's is `ConversationNotFound`.
pub(crate) async fn summary_of(
    state: &AppState,
    shop_id: i64,
    id: &str,
) -> Result<ConversationSummary, ApiError> {
    let sql = format!("{SUMMARY_SELECT} where c.id = ? and c.shop_id = ?");
    sqlx::query_as::<_, ConversationSummary>(&sql)
        .bind(id)
        .bind(shop_id)
        .fetch_optional(&state.db)
        .await?
        .ok_or(ApiError::ConversationNotFound)
}

/// `GET /api/v1/admin/conversations/{id}`: the transcript, the shop's replies included.
async fn get_conversation(
    shop: AdminShop,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ConversationDetail>, ApiError> {
    let conversation = summary_of(&state, shop.shop_id, &id).await?;
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
    let message = post_reply(&state, shop.shop_id, &id, &request.text).await?;
    Ok((StatusCode::CREATED, Json(ReplyCreated { message })))
}

/// Stores a reply from the shop's team in the conversation, with its handoff record.
pub(crate) async fn post_reply(
    state: &AppState,
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
    let mut tx = db::begin_write(&state.db).await?;
    let exists: Option<i64> =
        sqlx::query_scalar("select 1 from conversation where id = ? and shop_id = ?")
            .bind(id)
            .bind(shop_id)
            .fetch_optional(&mut *tx)
            .await?;
    exists.ok_or(ApiError::ConversationNotFound)?;
    let (message_id, created_at): (i64, String) = sqlx::query_as(
        "insert into message (shop_id, conversation_id, role, text, payload)
         values (?, ?, ?, ?, ?) returning id, created_at",
    )
    .bind(shop_id)
    .bind(id)
    .bind(role_name(Role::Merchant))
    .bind(text)
    .bind(payload)
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query(
        "update conversation set updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         where id = ? and shop_id = ?",
    )
    .bind(id)
    .bind(shop_id)
    .execute(&mut *tx)
    .await?;
    handoff::record(
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

/// `POST /api/v1/admin/conversations/{id}/resolve`: no longer waiting for a person. The
/// assistant answers as before, and a new request for a person hands it off again.
async fn resolve_conversation(
    shop: AdminShop,
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<ConversationSummary>, ApiError> {
    Ok(Json(resolve(&state, shop.shop_id, &id).await?))
}

/// Marks the conversation as no longer waiting for a person (nothing changes if it wasn't).
pub(crate) async fn resolve(
    state: &AppState,
    shop_id: i64,
    id: &str,
) -> Result<ConversationSummary, ApiError> {
    let mut tx = db::begin_write(&state.db).await?;
    let waiting: Option<bool> =
        sqlx::query_scalar("select needs_human = 1 from conversation where id = ? and shop_id = ?")
            .bind(id)
            .bind(shop_id)
            .fetch_optional(&mut *tx)
            .await?;
    if waiting.ok_or(ApiError::ConversationNotFound)? {
        sqlx::query(
            "update conversation set needs_human = 0, notified_at = null,
                 resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
             where id = ? and shop_id = ?",
        )
        .bind(id)
        .bind(shop_id)
        .execute(&mut *tx)
        .await?;
        handoff::record(&mut tx, shop_id, id, "resolved", "merchant", "").await?;
    }
    tx.commit().await?;
    summary_of(state, shop_id, id).await
}
