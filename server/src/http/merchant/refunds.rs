//! The Refund queue: requests waiting for the merchant first (order, amount, reason, when),
//! each with "approve" (the refund is executed through the shop's payment provider at once)
//! and "deny" with a note; then refunds that failed at the provider, then the latest decided.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;

use super::html::{csrf_field, escape, html, money, notice, page, when, words, FormData, Frame};
use super::session::Merchant;
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::refunds;
use crate::refunds::queries::{self, RefundListing, RefundNote};

/// Longest note kept with a decision.
const MAX_NOTE_CHARS: usize = RefundNote::MAX_CHARS;
/// Decided refunds shown under the queue.
const RECENT: i64 = 20;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/refunds", get(list_refunds))
        .route("/admin/refunds/{id}/approve", post(approve_refund))
        .route("/admin/refunds/{id}/deny", post(deny_refund))
}

#[derive(Deserialize, Default)]
pub struct Outcome {
    /// `approved`, `failed` (the provider refused) or `denied`, with the refund's id.
    #[serde(default)]
    done: Option<String>,
    #[serde(default)]
    id: Option<i64>,
    /// A fixed error code (never text from a request).
    #[serde(default)]
    error: Option<String>,
}

fn outcome_notice(outcome: &Outcome) -> String {
    let id = outcome.id.map(|i| format!(" #{i}")).unwrap_or_default();
    match (outcome.done.as_deref(), outcome.error.as_deref()) {
        (Some("approved"), _) => notice(
            true,
            &format!("Refund{id} approved: the money is on its way back to the shopper."),
        ),
        (Some("failed"), _) => notice(
            false,
            &format!(
                "Refund{id} was approved but the payment provider refused it; see Failed below."
            ),
        ),
        (Some("processing"), _) => notice(
            true,
            &format!(
                "Refund{id} was approved; the payment provider hasn't confirmed it yet. It stays \
                 in progress and is asked again with the same key, so it can't be refunded twice."
            ),
        ),
        (Some("denied"), _) => notice(true, &format!("Refund{id} denied.")),
        (_, Some("refund_not_found")) => notice(false, "That request was already decided."),
        (_, Some("refund_not_allowed")) => notice(
            false,
            "The order can no longer take this refund (refunded meanwhile or disputed).",
        ),
        (_, Some("note_required")) => {
            notice(false, "Say why the refund is denied: the note is required.")
        }
        (_, Some("payment_provider_unavailable")) => notice(
            false,
            "The payment provider can't be reached; try again shortly.",
        ),
        _ => String::new(),
    }
}

/// `GET /admin/refunds`
async fn list_refunds(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(outcome): Query<Outcome>,
) -> Result<Response, ApiError> {
    let pending = queries::list(&state.db, merchant.shop_id, None, Some("pending")).await?;
    let failed = queries::list(&state.db, merchant.shop_id, None, Some("failed")).await?;
    let mut recent: Vec<RefundListing> = sqlx::query_as(
        "select r.id, o.number, r.amount_minor, r.currency, r.reason, r.status, r.origin, r.note,
                r.created_at, r.updated_at
         from refund r join shop_order o on o.id = r.order_id and o.shop_id = r.shop_id
         where r.shop_id = ? and r.status in ('processing', 'succeeded', 'denied')
         order by r.updated_at desc, r.id desc limit ?",
    )
    .bind(merchant.shop_id)
    .bind(RECENT)
    .fetch_all(&state.db)
    .await?;
    for r in &mut recent {
        r.order_number = crate::orders::order_number_label(r.number);
    }
    let csrf = csrf_field(&merchant.csrf_token);
    let order_link = |r: &RefundListing| {
        format!(
            "<a href=\"/admin/orders/{n}\">{n}</a>",
            n = escape(&r.order_number)
        )
    };

    let mut queue = String::new();
    for r in &pending {
        queue.push_str(&format!(
            "<tr data-refund=\"{id}\"><td>{order}</td><td class=\"num\">{amount}</td><td>{reason}</td><td>{at}</td>\
             <td class=\"actions\"><form method=\"post\" action=\"/admin/refunds/{id}/approve\" class=\"inline-form\">{csrf}\
             <input type=\"text\" name=\"note\" placeholder=\"Note (optional)\" maxlength=\"{MAX_NOTE_CHARS}\" aria-label=\"Note for approving\">\
             <button type=\"submit\" class=\"primary\">Approve</button></form>\
             <form method=\"post\" action=\"/admin/refunds/{id}/deny\" class=\"inline-form\">{csrf}\
             <input type=\"text\" name=\"note\" placeholder=\"Why not (required)\" maxlength=\"{MAX_NOTE_CHARS}\" required aria-label=\"Reason for denying\">\
             <button type=\"submit\">Deny</button></form></td></tr>",
            id = r.id,
            order = order_link(r),
            amount = money(r.amount_minor, &r.currency),
            reason = words(&r.reason),
            at = when(&r.created_at),
        ));
    }
    let queue_html = if pending.is_empty() {
        "<p class=\"muted\" id=\"queue-empty\">No requests are waiting.</p>".to_owned()
    } else {
        format!(
            "<table class=\"list\" id=\"queue\"><thead><tr><th>Order</th><th>Amount</th><th>Reason</th>\
             <th>Requested</th><th>Decision</th></tr></thead><tbody>{queue}</tbody></table>"
        )
    };

    let row = |r: &RefundListing| {
        format!(
            "<tr data-refund=\"{id}\"><td>{order}</td><td class=\"num\">{amount}</td><td>{reason}</td><td>{origin}</td>\
             <td><span class=\"badge\">{status}</span></td><td>{note}</td><td>{at}</td></tr>",
            id = r.id,
            order = order_link(r),
            amount = money(r.amount_minor, &r.currency),
            reason = words(&r.reason),
            origin = words(&r.origin),
            status = words(&r.status),
            note = escape(r.note.as_deref().unwrap_or("")),
            at = when(&r.updated_at),
        )
    };
    let head =
        "<thead><tr><th>Order</th><th>Amount</th><th>Reason</th><th>From</th><th>Status</th>\
                <th>Note</th><th>Updated</th></tr></thead>";
    let failed: String = failed.iter().map(row).collect();
    let failed_html = if failed.is_empty() {
        "<p class=\"muted\">None.</p>".to_owned()
    } else {
        format!("<table class=\"list\" id=\"failed\">{head}<tbody>{failed}</tbody></table>")
    };
    let recent: String = recent.iter().map(row).collect();
    let recent_html = if recent.is_empty() {
        "<p class=\"muted\">None yet.</p>".to_owned()
    } else {
        format!("<table class=\"list\" id=\"recent\">{head}<tbody>{recent}</tbody></table>")
    };

    let body = format!(
        "<h1>Refund queue</h1>{notice}\
         <p class=\"hint\">Requests above your auto-approve ceiling wait here. Approving refunds the \
         shopper at once through your payment provider; the shopper sees the outcome in the chat.</p>\
         <section><h2>Waiting for you ({count})</h2>{queue_html}</section>\
         <section><h2>Failed at the provider</h2>{failed_html}</section>\
         <section><h2>Recently decided</h2>{recent_html}</section>",
        notice = outcome_notice(&outcome),
        count = pending.len(),
    );
    let frame = Frame {
        active: "/admin/refunds",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(html(StatusCode::OK, page("Refund queue", &frame, &body)))
}

fn note_of(body: &[u8]) -> Option<RefundNote> {
    RefundNote::parse(FormData::parse(body).get("note"))
}

/// Back to the queue with what happened; expected refusals become a notice, not an error page.
fn back(result: Result<(&str, i64), ApiError>) -> Result<Response, ApiError> {
    match result {
        Ok((done, id)) => {
            Ok(Redirect::to(&format!("/admin/refunds?done={done}&id={id}")).into_response())
        }
        Err(
            e @ (ApiError::RefundNotFound
            | ApiError::RefundNotAllowed
            | ApiError::ProviderUnavailable),
        ) => Ok(Redirect::to(&format!("/admin/refunds?error={}", e.code())).into_response()),
        Err(e) => Err(e),
    }
}

/// `POST /admin/refunds/{id}/approve` (note optional)
async fn approve_refund(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, ApiError> {
    // Another shop's refund is not found, not "already decided".
    queries::by_id(&state.db, merchant.shop_id, id).await?;
    let note = note_of(&body);
    let note = note.as_ref().map(RefundNote::as_str);
    let result = refunds::approve_refund(&state.db, &state.stripe, merchant.shop_id, id, note)
        .await
        .map(|execution| {
            let done = match execution {
                refunds::Execution::Succeeded => "approved",
                refunds::Execution::Failed => "failed",
                refunds::Execution::Processing => "processing",
            };
            (done, id)
        });
    back(result)
}

/// `POST /admin/refunds/{id}/deny` (note required)
async fn deny_refund(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(id): Path<i64>,
    body: Bytes,
) -> Result<Response, ApiError> {
    queries::by_id(&state.db, merchant.shop_id, id).await?;
    let Some(note) = note_of(&body) else {
        return Ok(Redirect::to("/admin/refunds?error=note_required").into_response());
    };
    let result = refunds::deny_refund(&state.db, merchant.shop_id, id, note.as_str())
        .await
        .map(|()| ("denied", id));
    back(result)
}
