//! The Orders page: the shop's orders with filters (status, fulfilment, number or email), and
//! one order's detail — its status card, refunds, timeline and audit entries — with the forms
//! that mark it shipped (carrier and tracking) and delivered, or release an unpaid order's stock
//! hold. The work is done by the same
//! functions as the admin API's.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup};
use serde::Deserialize;
use shopchat_protocol::FulfillmentState;

use super::html::text::{money, when, words};
use super::html::{csrf_input, flash, layout, render, trimmed, Frame};
use super::session::Merchant;
use crate::audit;
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::orders::fulfillment::{self, Tracking, TrackingError};
use crate::orders::holds;
use crate::orders::lookup::{self, Fulfilment, LIST_LIMIT};
use crate::orders::{order_card, order_number_label, status};
use crate::refunds::queries;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/orders", get(list_orders))
        .route("/admin/orders/{number}", get(get_order))
        .route(
            "/admin/orders/{number}/fulfillment",
            post(create_fulfillment),
        )
        .route("/admin/orders/{number}/delivered", post(mark_delivered))
        .route("/admin/orders/{number}/release", post(release_hold))
}

#[derive(Deserialize, Default)]
pub struct OrderFilter {
    #[serde(default)]
    status: String,
    /// `unfulfilled`, `fulfilled` (shipped, not delivered) or `delivered`.
    #[serde(default)]
    fulfillment: String,
    /// An order number (`SC-1001`, `1001`) or part of an email.
    #[serde(default)]
    q: String,
}

/// `GET /admin/orders?status=&fulfillment=&q=`
async fn list_orders(
    State(state): State<AppState>,
    merchant: Merchant,
    Query(filter): Query<OrderFilter>,
) -> Result<Response, ApiError> {
    let status_filter = status::parse(&filter.status).map(|s| s.code());
    let fulfillment_filter = Fulfilment::parse(&filter.fulfillment);
    let q = filter.q.trim();
    let number = crate::orders::ownership::parse_order_number(q);
    let query = lookup::OrderFilter {
        status: status_filter,
        fulfilment: fulfillment_filter,
        number,
        email_contains: (!q.is_empty() && number.is_none()).then_some(q),
    };
    let rows = lookup::list(&state.db, merchant.shop_id, &query).await?;

    let current_status = status_filter.unwrap_or("");
    let current_f = fulfillment_filter.map_or("", Fulfilment::code);
    let fulfillment_options = [
        ("", "Any fulfilment"),
        ("unfulfilled", "Not shipped"),
        ("fulfilled", "Shipped"),
        ("delivered", "Delivered"),
    ];
    let held = holds::count(&state.db, merchant.shop_id).await?;

    let body = html! {
        h1 { "Orders" }
        @if held > 0 {
            p #holds {
                (held) " unpaid " (if held == 1 { "order is" } else { "orders are" })
                " holding stock until paid or expired. "
                a href="/admin/orders?status=awaiting_payment" { "See them" }
                " (each can be released from its page)."
            }
        }
        form.search.filters method="get" action="/admin/orders" {
            label {
                "Status "
                select name="status" {
                    option value="" selected[current_status.is_empty()] { "Any status" }
                    @for s in status::ALL {
                        option value=(s.code()) selected[s.code() == current_status] {
                            (words(s.code()))
                        }
                    }
                }
            }
            label {
                "Fulfilment "
                select name="fulfillment" {
                    @for (value, label) in fulfillment_options {
                        option value=(value) selected[value == current_f] { (label) }
                    }
                }
            }
            label { "Number or email " input type="search" name="q" value=(q); }
            button type="submit" { "Filter" }
        }
        @if rows.is_empty() {
            p.muted #no-orders { "No orders match." }
        } @else {
            table.list #orders {
                thead {
                    tr {
                        th { "Order" } th { "Date" } th { "Email" } th { "Item" } th { "Total" }
                        th { "Status" } th { "Fulfilment" }
                    }
                }
                tbody {
                    @for row in &rows {
                        @let label = order_number_label(row.number);
                        tr {
                            td { a href={ "/admin/orders/" (label) } { (label) } }
                            td { (row.created_at.get(..10).unwrap_or(&row.created_at)) }
                            td { (row.email) }
                            td { (row.title) }
                            td.num { (money(row.total_minor, &row.currency)) }
                            td { span.badge { (words(&row.status)) } }
                            td {
                                (match row.fulfilment() {
                                    Fulfilment::Delivered => "delivered",
                                    Fulfilment::Fulfilled => "shipped",
                                    Fulfilment::Unfulfilled => "not shipped",
                                })
                            }
                        }
                    }
                }
            }
        }
    };
    let frame = Frame {
        active: "/admin/orders",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(render(StatusCode::OK, layout("Orders", &frame, body)))
}

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    done: Option<String>,
    /// A fixed error code from the last action (never text from a request).
    #[serde(default)]
    error: Option<String>,
}

/// `GET /admin/orders/{number}`
async fn get_order(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(number): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Result<Response, ApiError> {
    let message = match (query.done.as_deref(), query.error.as_deref()) {
        (Some("fulfilled"), _) => flash(
            true,
            "Marked shipped; the shopper's card shows the tracking.",
        ),
        (Some("delivered"), _) => flash(true, "Marked delivered."),
        (Some("released"), _) => flash(
            true,
            "Hold released: the order is canceled and its unit is back in stock.",
        ),
        (_, Some("not_unpaid")) => flash(
            false,
            "Nothing was released: the order is no longer waiting for payment.",
        ),
        (_, Some("fulfillment_not_allowed")) => flash(
            false,
            "That can't be done to this order in its current state.",
        ),
        _ => html! {},
    };
    render_order(&state, &merchant, &number, message, None, StatusCode::OK).await
}

/// The fulfilment form as submitted.
#[derive(Deserialize)]
struct FulfillmentForm {
    #[serde(default, deserialize_with = "trimmed")]
    carrier: String,
    #[serde(default, deserialize_with = "trimmed")]
    tracking_number: String,
    #[serde(default, deserialize_with = "trimmed")]
    tracking_url: String,
}

impl TryFrom<&FulfillmentForm> for Tracking {
    type Error = TrackingError;

    fn try_from(form: &FulfillmentForm) -> Result<Self, Self::Error> {
        Tracking::parse(
            &form.carrier,
            &form.tracking_number,
            Some(&form.tracking_url),
        )
    }
}

/// The fulfilment form's values and the problem with them, after a refused submission.
struct TrackingDraft<'a> {
    form: &'a FulfillmentForm,
    problem: (&'static str, String),
}

async fn render_order(
    state: &AppState,
    merchant: &Merchant,
    number: &str,
    message: Markup,
    draft: Option<TrackingDraft<'_>>,
    status_code: StatusCode,
) -> Result<Response, ApiError> {
    let order = lookup::by_number(&state.db, merchant.shop_id, number).await?;
    let card = order_card(&state.db, &order).await?;
    let refunds = queries::list(&state.db, merchant.shop_id, Some(&order.id), None).await?;
    let entries = audit::entries(&state.db, merchant.shop_id, Some(&order.id), LIST_LIMIT).await?;
    let label = order.number_label();
    let m = |minor: i64| money(minor, &order.currency);

    let b = &card.breakdown;
    let tax_label = if b.tax_inclusive {
        "Tax (included)"
    } else {
        "Tax"
    };
    let summary = html! {
        dl.facts #order-summary {
            dt { "Status" } dd { span.badge #order-status { (words(card.status.code())) } }
            dt { "Placed" } dd { (when(&order.created_at)) }
            dt { "Email" } dd { (order.email) }
            dt { "Item" }
            dd {
                (card.title)
                @if !card.options.is_empty() { " (" (card.options.join(" / ")) ")" }
            }
            dt { "Subtotal" } dd { (m(b.subtotal.minor)) }
            dt { "Shipping" } dd { (m(b.shipping.minor)) }
            dt { (tax_label) } dd { (m(b.tax.minor)) }
            dt { "Total" } dd { strong { (m(b.total.minor)) } }
            dt { "Refunded" } dd #order-refunded { (m(card.refunded.minor)) }
            dt { "Paid with" } dd { (order.provider) }
        }
    };

    let f = &card.fulfillment;
    let state_text = match f.state {
        FulfillmentState::Unfulfilled => "Not shipped",
        FulfillmentState::Fulfilled => "Shipped",
        FulfillmentState::Delivered => "Delivered",
    };
    let err = |field: &str| match &draft {
        Some(d) if d.problem.0 == field => html! {
            span.field-error role="alert" { (d.problem.1) }
        },
        _ => html! {},
    };
    let value = |field: &str, stored: Option<&String>| -> String {
        match &draft {
            Some(d) => match field {
                "carrier" => d.form.carrier.clone(),
                "tracking_number" => d.form.tracking_number.clone(),
                _ => d.form.tracking_url.clone(),
            },
            None => stored.cloned().unwrap_or_default(),
        }
    };
    let can_ship = matches!(
        card.status,
        shopchat_protocol::OrderStatus::Paid
            | shopchat_protocol::OrderStatus::Fulfilled
            | shopchat_protocol::OrderStatus::PartiallyRefunded
    );
    let hold_until = match (card.status, order.stock_reserved, &order.reserved_until) {
        (status, true, Some(until)) if status::is_unpaid(status) => Some(until),
        _ => None,
    };
    let csrf = csrf_input(&merchant.csrf_token);

    let body = html! {
        p { a href="/admin/orders" { "← Orders" } }
        h1 { "Order " (label) }
        (message)
        div.columns {
            section { h2 { "Order" } (summary) }
            section {
                h2 { "Fulfilment" }
                p #fulfillment-state { (state_text) }
                @if let (Some(carrier), Some(number)) = (&f.carrier, &f.tracking_number) {
                    p #tracking {
                        (carrier) " " (number)
                        @if let Some(url) = &f.tracking_url {
                            " · "
                            a href=(url) rel="noopener noreferrer" target="_blank" { "track" }
                        }
                    }
                }
                @if can_ship {
                    form.stack #fulfillment-form method="post"
                        action={ "/admin/orders/" (label) "/fulfillment" } {
                        (csrf)
                        label {
                            "Carrier "
                            input type="text" name="carrier"
                                value=(value("carrier", f.carrier.as_ref())) maxlength="100" required;
                            (err("carrier"))
                        }
                        label {
                            "Tracking number "
                            input type="text" name="tracking_number"
                                value=(value("tracking_number", f.tracking_number.as_ref()))
                                maxlength="100" required;
                            (err("tracking_number"))
                        }
                        label {
                            "Tracking URL (optional) "
                            input type="text" name="tracking_url"
                                value=(value("tracking_url", f.tracking_url.as_ref()))
                                placeholder="https://";
                            (err("tracking_url"))
                        }
                        button.primary type="submit" {
                            @if f.state == FulfillmentState::Unfulfilled {
                                "Mark fulfilled"
                            } @else {
                                "Update tracking"
                            }
                        }
                    }
                }
                @if f.state == FulfillmentState::Fulfilled {
                    form #delivered-form method="post"
                        action={ "/admin/orders/" (label) "/delivered" } {
                        (csrf)
                        button type="submit" { "Mark delivered" }
                    }
                }
            }
        }
        @if let Some(until) = hold_until {
            section #hold {
                h2 { "Stock hold" }
                p {
                    "This unpaid order holds one unit until " (when(until))
                    "; then it is canceled and the unit goes back to stock."
                }
                form #release-form method="post" action={ "/admin/orders/" (label) "/release" } {
                    (csrf)
                    button type="submit" { "Release hold now" }
                }
            }
        }
        section {
            h2 { "Refunds" }
            @if refunds.is_empty() {
                p.muted { "No refunds." }
            } @else {
                table.list #order-refunds {
                    thead {
                        tr {
                            th { "Requested" } th { "Amount" } th { "Reason" } th { "From" }
                            th { "Status" } th { "Note" }
                        }
                    }
                    tbody {
                        @for r in &refunds {
                            tr {
                                td { (when(&r.created_at)) }
                                td.num { (money(r.amount_minor, &r.currency)) }
                                td { (words(&r.reason)) }
                                td { (words(&r.origin)) }
                                td { span.badge { (words(&r.status)) } }
                                td { (r.note.as_deref().unwrap_or("")) }
                            }
                        }
                    }
                }
                p { a href="/admin/refunds" { "Refund queue" } }
            }
        }
        section {
            h2 { "Timeline" }
            ol.timeline #timeline {
                @for e in &card.timeline {
                    li {
                        time { (when(&e.at)) }
                        " " (words(&e.kind))
                        @if let Some(a) = e.amount { " · " (m(a.minor)) }
                    }
                }
            }
        }
        section {
            h2 { "Audit log" }
            table.list #audit {
                thead {
                    tr { th { "When" } th { "Who" } th { "Action" } th { "Change" } th { "Reason" } }
                }
                tbody {
                    @for e in &entries {
                        tr {
                            td { (when(&e.created_at)) }
                            td { (e.actor) }
                            td { code { (e.action) } }
                            td.change {
                                @match (&e.before, &e.after) {
                                    (Some(b), Some(a)) => { (b) " → " (a) }
                                    (None, Some(a)) => { (a) }
                                    (Some(b), None) => { (b) }
                                    (None, None) => {}
                                }
                            }
                            td { (e.reason) }
                        }
                    }
                }
            }
        }
    };
    let frame = Frame {
        active: "/admin/orders",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(render(
        status_code,
        layout(&format!("Order {label}"), &frame, body),
    ))
}

/// `POST /admin/orders/{number}/fulfillment` (carrier, tracking_number, tracking_url)
async fn create_fulfillment(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(number): Path<String>,
    Form(form): Form<FulfillmentForm>,
) -> Result<Response, ApiError> {
    let order = lookup::by_number(&state.db, merchant.shop_id, &number).await?;
    let tracking = match Tracking::try_from(&form) {
        Ok(tracking) => tracking,
        Err(TrackingError { field, problem }) => {
            let draft = TrackingDraft {
                form: &form,
                problem: (field, format!("Please give {problem}.")),
            };
            let message = flash(
                false,
                "Nothing was saved: please correct the field marked below.",
            );
            return render_order(
                &state,
                &merchant,
                &number,
                message,
                Some(draft),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let label = order.number_label();
    match fulfillment::mark_fulfilled(&state.db, merchant.shop_id, &order.id, &tracking).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/orders/{label}?done=fulfilled")).into_response())
        }
        Err(e @ ApiError::FulfillmentNotAllowed) => {
            Ok(Redirect::to(&format!("/admin/orders/{label}?error={}", e.code())).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /admin/orders/{number}/release`: cancels an unpaid order so its unit of stock is
/// free again.
async fn release_hold(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let order = lookup::by_number(&state.db, merchant.shop_id, &number).await?;
    let label = order.number_label();
    if holds::release(&state.db, merchant.shop_id, &order.id).await? {
        Ok(Redirect::to(&format!("/admin/orders/{label}?done=released")).into_response())
    } else {
        Ok(Redirect::to(&format!("/admin/orders/{label}?error=not_unpaid")).into_response())
    }
}

/// `POST /admin/orders/{number}/delivered`
async fn mark_delivered(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(number): Path<String>,
) -> Result<Response, ApiError> {
    let order = lookup::by_number(&state.db, merchant.shop_id, &number).await?;
    let label = order.number_label();
    match fulfillment::mark_delivered(&state.db, merchant.shop_id, &order.id).await {
        Ok(()) => {
            Ok(Redirect::to(&format!("/admin/orders/{label}?done=delivered")).into_response())
        }
        Err(e @ ApiError::FulfillmentNotAllowed) => {
            Ok(Redirect::to(&format!("/admin/orders/{label}?error={}", e.code())).into_response())
        }
        Err(e) => Err(e),
    }
}
