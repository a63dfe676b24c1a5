//! The Refund queue: requests waiting for the merchant first (order, amount, reason, when),
//! each with "approve" (the refund is executed through the shop's payment provider at once)
//! and "deny" with a note; then refunds that failed at the provider, then the latest decided.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;

use super::html::text::{money, when, words};
use super::html::{csrf_input, flash, layout, render, Frame};
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

fn outcome_notice(outcome: &Outcome) -> Markup {
    let id = outcome.id.map(|i| format!(" #{i}")).unwrap_or_default();
    match (outcome.done.as_deref(), outcome.error.as_deref()) {
        (Some("approved"), _) => flash(
            true,
            &format!("Refund{id} approved: the money is on its way back to the shopper."),
        ),
        (Some("failed"), _) => flash(
            false,
            &format!(
                "Refund{id} was approved but the payment provider refused it; see Failed below."
            ),
        ),
        (Some("processing"), _) => flash(
            true,
            &format!(
                "Refund{id} was approved; the payment provider hasn't confirmed it yet. It stays \
                 in progress and is asked again with the same key, so it can't be refunded twice."
            ),
        ),
        (Some("denied"), _) => flash(true, &format!("Refund{id} denied.")),
        (_, Some("refund_not_found")) => flash(false, "That request was already decided."),
        (_, Some("refund_not_allowed")) => flash(
            false,
            "The order can no longer take this refund (refunded meanwhile or disputed).",
        ),
        (_, Some("note_required")) => {
            flash(false, "Say why the refund is denied: the note is required.")
        }
        (_, Some("payment_provider_unavailable")) => flash(
            false,
            "The payment provider can't be reached; try again shortly.",
        ),
        _ => html! {},
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
         where r.shop_id = $1 and r.status in ('processing', 'succeeded', 'denied')
         order by r.updated_at desc, r.id desc limit $2",
    )
    .bind(merchant.shop_id)
    .bind(RECENT)
    .fetch_all(&state.db)
    .await?;
    for r in &mut recent {
        r.order_number = crate::orders::order_number_label(r.number);
    }
    let csrf = csrf_input(&merchant.csrf_token);
    let order_link = |r: &RefundListing| {
        html! { a href={ "/admin/orders/" (r.order_number) } { (r.order_number) } }
    };
    let table = |id: &str, rows: &[RefundListing]| {
        html! {
            table.list id=(id) {
                thead {
                    tr {
                        th { "Order" } th { "Amount" } th { "Reason" } th { "From" } th { "Status" }
                        th { "Note" } th { "Updated" }
                    }
                }
                tbody {
                    @for r in rows {
                        tr data-refund=(r.id) {
                            td { (order_link(r)) }
                            td.num { (money(r.amount_minor, &r.currency)) }
                            td { (words(&r.reason)) }
                            td { (words(&r.origin)) }
                            td { span.badge { (words(&r.status)) } }
                            td { (r.note.as_deref().unwrap_or("")) }
                            td { (when(&r.updated_at)) }
                        }
                    }
                }
            }
        }
    };

    let body = html! {
        h1 { "Refund queue" }
        (outcome_notice(&outcome))
        p.hint {
            "Requests above your auto-approve ceiling wait here. Approving refunds the shopper at \
             once through your payment provider; the shopper sees the outcome in the chat."
        }
        section {
            h2 { "Waiting for you (" (pending.len()) ")" }
            @if pending.is_empty() {
                p.muted #queue-empty { "No requests are waiting." }
            } @else {
                table.list #queue {
                    thead {
                        tr {
                            th { "Order" } th { "Amount" } th { "Reason" } th { "Requested" }
                            th { "Decision" }
                        }
                    }
                    tbody {
                        @for r in &pending {
                            tr data-refund=(r.id) {
                                td { (order_link(r)) }
                                td.num { (money(r.amount_minor, &r.currency)) }
                                td { (words(&r.reason)) }
                                td { (when(&r.created_at)) }
                                td.actions {
                                    form.inline-form method="post"
                                        action={ "/admin/refunds/" (r.id) "/approve" } {
                                        (csrf)
                                        input type="text" name="note" placeholder="Note (optional)"
                                            maxlength=(MAX_NOTE_CHARS) aria-label="Note for approving";
                                        button.primary type="submit" { "Approve" }
                                    }
                                    form.inline-form method="post"
                                        action={ "/admin/refunds/" (r.id) "/deny" } {
                                        (csrf)
                                        input type="text" name="note" placeholder="Why not (required)"
                                            maxlength=(MAX_NOTE_CHARS) required
                                            aria-label="Reason for denying";
                                        button type="submit" { "Deny" }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section {
            h2 { "Failed at the provider" }
            @if failed.is_empty() {
                p.muted { "None." }
            } @else {
                (table("failed", &failed))
            }
        }
        section {
            h2 { "Recently decided" }
            @if recent.is_empty() {
                p.muted { "None yet." }
            } @else {
                (table("recent", &recent))
            }
        }
    };
    let frame = Frame {
        active: "/admin/refunds",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(render(StatusCode::OK, layout("Refund queue", &frame, body)))
}

/// A decision's form: the note, optional when approving, required when denying.
#[derive(Deserialize)]
struct DecisionForm {
    #[serde(default)]
    note: String,
}

impl DecisionForm {
    /// The note, when one was written and fits.
    fn note(&self) -> Option<RefundNote> {
        RefundNote::parse(self.note.trim())
    }
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
    Form(form): Form<DecisionForm>,
) -> Result<Response, ApiError> {
    // Another shop's refund is not found, not "already decided".
    queries::by_id(&state.db, merchant.shop_id, id).await?;
    let note = form.note();
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
    Form(form): Form<DecisionForm>,
) -> Result<Response, ApiError> {
    queries::by_id(&state.db, merchant.shop_id, id).await?;
    let Some(note) = form.note() else {
        return Ok(Redirect::to("/admin/refunds?error=note_required").into_response());
    };
    let result = refunds::deny_refund(&state.db, merchant.shop_id, id, note.as_str())
        .await
        .map(|()| ("denied", id));
    back(result)
}
