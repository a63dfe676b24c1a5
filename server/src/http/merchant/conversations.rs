//! The Conversations page: those waiting for a person first (with the handoff summary), then
//! the most recent; a conversation's transcript, a reply from the shop's team (it appears in
//! the shopper's chat) and "resolved". Same functions as the admin API's.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use shopchat_protocol::{Role, MAX_MESSAGE_CHARS};

use super::html::{csrf_field, escape, html, notice, page, when, words, FormData, Frame};
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
    let mut rows = String::new();
    for c in &conversations {
        let badge = if c.needs_human {
            "<span class=\"badge warn\">needs a person</span>".to_owned()
        } else if c.resolved_at.is_some() {
            "<span class=\"badge\">resolved</span>".to_owned()
        } else {
            String::new()
        };
        let summary = c
            .summary
            .as_deref()
            .map(escape)
            .unwrap_or_else(|| "<span class=\"muted\">—</span>".to_owned());
        rows.push_str(&format!(
            "<tr class=\"{class}\" data-conversation=\"{id}\"><td><a href=\"/admin/conversations/{id}\">{started}</a></td>\
             <td>{badge}</td><td>{summary}</td><td>{last}</td><td class=\"num\">{count}</td><td>{locale}</td></tr>",
            class = if c.needs_human { "waiting" } else { "" },
            id = escape(&c.id),
            started = when(&c.created_at),
            last = c.last_message_at.as_deref().map(when).unwrap_or_default(),
            count = c.message_count,
            locale = escape(&c.locale),
        ));
    }
    let table = if conversations.is_empty() {
        "<p class=\"muted\" id=\"no-conversations\">No conversations yet.</p>".to_owned()
    } else {
        format!(
            "<table class=\"list\" id=\"conversations\"><thead><tr><th>Started</th><th></th><th>Summary</th>\
             <th>Last message</th><th>Messages</th><th>Language</th></tr></thead><tbody>{rows}</tbody></table>"
        )
    };
    let toggle = if waiting_only {
        "<a href=\"/admin/conversations\">Show all</a>"
    } else {
        "<a href=\"/admin/conversations?show=waiting\">Only those waiting for a person</a>"
    };
    let body = format!(
        "<h1>Conversations</h1><p class=\"hint\"><strong id=\"waiting-count\">{waiting}</strong> waiting for a \
         person; they come first. {toggle}</p>{table}"
    );
    let frame = Frame {
        active: "/admin/conversations",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(html(StatusCode::OK, page("Conversations", &frame, &body)))
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
        (Some("replied"), _) => notice(true, "Reply sent: it appears in the shopper's chat."),
        (Some("resolved"), _) => notice(true, "Marked resolved."),
        (_, Some("empty_message")) => notice(false, "Write a reply first."),
        (_, Some("message_too_long")) => notice(
            false,
            &format!("A reply is at most {MAX_MESSAGE_CHARS} characters."),
        ),
        _ => String::new(),
    };
    let mut transcript = String::new();
    for m in &messages {
        let (class, who) = match m.role {
            Role::Shopper => ("shopper", "Shopper"),
            Role::Assistant => ("assistant", "Assistant"),
            Role::Merchant => ("merchant", "You"),
        };
        let products = if m.products.is_empty() {
            String::new()
        } else {
            let titles: Vec<String> = m.products.iter().map(|p| escape(&p.title)).collect();
            format!("<p class=\"muted\">Showed: {}</p>", titles.join(", "))
        };
        transcript.push_str(&format!(
            "<li class=\"msg {class}\"><span class=\"who\">{who}</span> <time>{at}</time><p>{text}</p>{products}</li>",
            at = when(&m.created_at),
            text = escape(&m.text),
        ));
    }
    let csrf = csrf_field(&merchant.csrf_token);
    let state_html = if c.needs_human {
        let reason = c
            .handoff_reason
            .as_deref()
            .map(|r| format!(" ({})", words(r)))
            .unwrap_or_default();
        format!(
            "<p class=\"notice bad\" id=\"handoff\">Waiting for a person since {at}{reason}.</p>\
             <p><strong>Summary:</strong> {summary}</p>\
             <form method=\"post\" action=\"/admin/conversations/{id}/resolve\">{csrf}\
             <button type=\"submit\">Mark resolved</button></form>",
            at = c.handoff_at.as_deref().map(when).unwrap_or_default(),
            summary = escape(c.summary.as_deref().unwrap_or("")),
            id = escape(&c.id),
        )
    } else if let Some(at) = &c.resolved_at {
        format!(
            "<p class=\"muted\" id=\"handoff\">Resolved {}.</p>",
            when(at)
        )
    } else {
        String::new()
    };
    let body = format!(
        "<p><a href=\"/admin/conversations\">← Conversations</a></p><h1>Conversation</h1>{message}{state_html}\
         <ol class=\"transcript\" id=\"transcript\">{transcript}</ol>\
         <form method=\"post\" action=\"/admin/conversations/{id}/reply\" class=\"stack\" id=\"reply-form\">{csrf}\
         <label>Reply as the shop <textarea name=\"text\" rows=\"3\" maxlength=\"{MAX_MESSAGE_CHARS}\" required></textarea></label>\
         <button type=\"submit\" class=\"primary\">Send reply</button></form>",
        id = escape(&c.id),
    );
    let frame = Frame {
        active: "/admin/conversations",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(html(StatusCode::OK, page("Conversation", &frame, &body)))
}

/// `POST /admin/conversations/{id}/reply` (text)
async fn reply_to_conversation(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let form = FormData::parse(&body);
    let back = |outcome: &str| {
        Redirect::to(&format!(
            "/admin/conversations/{}?{outcome}",
            urlencode(&id)
        ))
        .into_response()
    };
    match post_reply(&state.db, merchant.shop_id, &id, form.get("text")).await {
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
