//! The Conversations page: those waiting for a person first (with the handoff summary), then
//! the most recent; a conversation's transcript, a reply from the shop's team (it appears in
//! the shopper's chat) and "resolved". Same functions as the admin API's.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::html;
use serde::Deserialize;
use shopchat_protocol::{Role, MAX_MESSAGE_CHARS};

use super::html::text::{when, words};
use super::html::{csrf_input, flash, layout, render, trimmed, Frame};
use super::session::Merchant;
use crate::conversations::load_messages;
use crate::error::ApiError;
use crate::handoff::inbox::{list, reply as post_reply, resolve, summary as summary_of};
use crate::http::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/conversations", get(list_conversations))
        .route("/admin/conversations/{id}", get(get_conversation))
        .route(
            "/admin/conversations/{id}/reply",
            post(reply_to_conversation),
        )
        .route(
            "/admin/conversations/{id}/resolve",
            post(resolve_conversation),
        )
}

#[derive(Deserialize, Default)]
pub struct ListFilter {
    /// `waiting`: only those waiting for a person.
    #[serde(default)]
    show: Option<String>,
}

/// `GET /admin/conversations`
async fn list_conversations(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(filter): Query<ListFilter>,
) -> Result<Response, ApiError> {
    let waiting_only = filter.show.as_deref() == Some("waiting");
    let conversations = list(&state.db, merchant.shop_id, waiting_only.then_some(true)).await?;
    let waiting = conversations.iter().filter(|c| c.needs_human).count();
    let body = html! {
        h1 { "Conversations" }
        p.hint {
            strong #waiting-count { (waiting) }
            " waiting for a person; they come first. "
            @if waiting_only {
                a href="/admin/conversations" { "Show all" }
            } @else {
                a href="/admin/conversations?show=waiting" { "Only those waiting for a person" }
            }
        }
        @if conversations.is_empty() {
            p.muted #no-conversations { "No conversations yet." }
        } @else {
            table.list #conversations {
                thead {
                    tr {
                        th { "Started" } th {} th { "Summary" } th { "Last message" }
                        th { "Messages" } th { "Language" }
                    }
                }
                tbody {
                    @for c in &conversations {
                        tr.waiting[c.needs_human] data-conversation=(c.id) {
                            td { a href={ "/admin/conversations/" (c.id) } { (when(&c.created_at)) } }
                            td {
                                @if c.needs_human {
                                    span.badge.warn { "needs a person" }
                                } @else if c.resolved_at.is_some() {
                                    span.badge { "resolved" }
                                }
                            }
                            td {
                                @match &c.summary {
                                    Some(summary) => (summary),
                                    None => span.muted { "—" },
                                }
                            }
                            td { (c.last_message_at.as_deref().map(when).unwrap_or_default()) }
                            td.num { (c.message_count) }
                            td { (c.locale) }
                        }
                    }
                }
            }
        }
    };
    let frame = Frame {
        active: "/admin/conversations",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(render(
        StatusCode::OK,
        layout("Conversations", &frame, body),
    ))
}

#[derive(Deserialize, Default)]
pub struct Outcome {
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    error: Option<String>,
}

/// `GET /admin/conversations/{id}`
async fn get_conversation(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
    Query(outcome): Query<Outcome>,
) -> Result<Response, ApiError> {
    let c = summary_of(&state.db, merchant.shop_id, &id).await?;
    let messages = load_messages(&state.db, merchant.shop_id, &id, 0).await?;
    let message = match (outcome.done.as_deref(), outcome.error.as_deref()) {
        (Some("replied"), _) => flash(true, "Reply sent: it appears in the shopper's chat."),
        (Some("resolved"), _) => flash(true, "Marked resolved."),
        (_, Some("empty_message")) => flash(false, "Write a reply first."),
        (_, Some("message_too_long")) => flash(
            false,
            &format!("A reply is at most {MAX_MESSAGE_CHARS} characters."),
        ),
        _ => html! {},
    };
    let csrf = csrf_input(&merchant.csrf_token);
    let body = html! {
        p { a href="/admin/conversations" { "← Conversations" } }
        h1 { "Conversation" }
        (message)
        @if c.needs_human {
            p.notice.bad #handoff {
                "Waiting for a person since "
                (c.handoff_at.as_deref().map(when).unwrap_or_default())
                @if let Some(reason) = &c.handoff_reason { " (" (words(reason)) ")" }
                "."
            }
            p { strong { "Summary:" } " " (c.summary.as_deref().unwrap_or("")) }
            form method="post" action={ "/admin/conversations/" (c.id) "/resolve" } {
                (csrf)
                button type="submit" { "Mark resolved" }
            }
        } @else if let Some(at) = &c.resolved_at {
            p.muted #handoff { "Resolved " (when(at)) "." }
        }
        ol.transcript #transcript {
            @for m in &messages {
                @let (class, who) = match m.role {
                    Role::Shopper => ("shopper", "Shopper"),
                    Role::Assistant => ("assistant", "Assistant"),
                    Role::Merchant => ("merchant", "You"),
                };
                li class={ "msg " (class) } {
                    span.who { (who) }
                    " "
                    time { (when(&m.created_at)) }
                    p { (m.text) }
                    @if !m.products.is_empty() {
                        p.muted {
                            "Showed: "
                            @for (i, product) in m.products.iter().enumerate() {
                                @if i > 0 { ", " }
                                (product.title)
                            }
                        }
                    }
                }
            }
        }
        form.stack #reply-form method="post" action={ "/admin/conversations/" (c.id) "/reply" } {
            (csrf)
            label {
                "Reply as the shop "
                textarea name="text" rows="3" maxlength=(MAX_MESSAGE_CHARS) required {}
            }
            button.primary type="submit" { "Send reply" }
        }
    };
    let frame = Frame {
        active: "/admin/conversations",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(render(StatusCode::OK, layout("Conversation", &frame, body)))
}

/// The reply form; the text is checked (not empty, not too long) by the inbox, as for the API.
#[derive(Deserialize)]
struct ReplyForm {
    #[serde(default, deserialize_with = "trimmed")]
    text: String,
}

/// `POST /admin/conversations/{id}/reply` (text)
async fn reply_to_conversation(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
    Form(form): Form<ReplyForm>,
) -> Result<Response, ApiError> {
    let back = |outcome: &str| {
        Redirect::to(&format!(
            "/admin/conversations/{}?{outcome}",
            urlencode(&id)
        ))
        .into_response()
    };
    match post_reply(&state.db, merchant.shop_id, &id, &form.text).await {
        Ok(_) => Ok(back("done=replied")),
        Err(e @ (ApiError::EmptyMessage | ApiError::MessageTooLong)) => {
            Ok(back(&format!("error={}", e.code())))
        }
        Err(e) => Err(e),
    }
}

/// `POST /admin/conversations/{id}/resolve`
async fn resolve_conversation(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    resolve(&state.db, merchant.shop_id, &id).await?;
    Ok(Redirect::to(&format!(
        "/admin/conversations/{}?done=resolved",
        urlencode(&id)
    ))
    .into_response())
}

/// A conversation id for a URL path (ids are hex, but a path segment is never trusted).
fn urlencode(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}
