//! The Orders page: the shop's orders with filters (status, fulfilment, number or email), and
//! one order's detail — its status card, refunds, timeline and audit entries — with the forms
//! that mark it shipped (carrier and tracking) and delivered, or release an unpaid order's stock
//! hold. The work is done by the same
//! functions as the admin API's.

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use shopchat_protocol::FulfillmentState;

use super::html::{csrf_field, escape, html, money, notice, page, when, words, FormData, Frame};
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

    let option = |value: &str, label: &str, current: &str| {
        let selected = if value == current { " selected" } else { "" };
        format!("<option value=\"{value}\"{selected}>{label}</option>")
    };
    let mut status_options = option("", "Any status", status_filter.unwrap_or(""));
    for s in status::ALL {
        status_options.push_str(&option(
            s.code(),
            &words(s.code()),
            status_filter.unwrap_or(""),
        ));
    }
    let current_f = fulfillment_filter.map_or("", Fulfilment::code);
    let fulfillment_options = [
        ("", "Any fulfilment"),
        ("unfulfilled", "Not shipped"),
        ("fulfilled", "Shipped"),
        ("delivered", "Delivered"),
    ]
    .iter()
    .map(|(v, l)| option(v, l, current_f))
    .collect::<String>();

    let mut table = String::new();
    for row in &rows {
        let label = order_number_label(row.number);
        table.push_str(&format!(
            "<tr><td><a href=\"/admin/orders/{label}\">{label}</a></td><td>{date}</td><td>{email}</td>\
             <td>{title}</td><td class=\"num\">{total}</td><td><span class=\"badge\">{status}</span></td>\
             <td>{fulfilment}</td></tr>",
            date = escape(row.created_at.get(..10).unwrap_or(&row.created_at)),
            email = escape(&row.email),
            title = escape(&row.title),
            total = money(row.total_minor, &row.currency),
            status = words(&row.status),
            fulfilment = match row.fulfilment() {
                Fulfilment::Delivered => "delivered",
                Fulfilment::Fulfilled => "shipped",
                Fulfilment::Unfulfilled => "not shipped",
            },
        ));
    }
    let results = if rows.is_empty() {
        "<p class=\"muted\" id=\"no-orders\">No orders match.</p>".to_owned()
    } else {
        format!(
            "<table class=\"list\" id=\"orders\"><thead><tr><th>Order</th><th>Date</th><th>Email</th>\
             <th>Item</th><th>Total</th><th>Status</th><th>Fulfilment</th></tr></thead><tbody>{table}</tbody></table>"
        )
    };
    let held = holds::count(&state.db, merchant.shop_id).await?;
    let holds_line = if held > 0 {
        format!(
            "<p id=\"holds\">{held} unpaid {orders} holding stock until paid or expired. \
             <a href=\"/admin/orders?status=awaiting_payment\">See them</a> (each can be released from its page).</p>",
            orders = if held == 1 { "order is" } else { "orders are" },
        )
    } else {
        String::new()
    };
    let body = format!(
        "<h1>Orders</h1>{holds_line}\
         <form method=\"get\" action=\"/admin/orders\" class=\"search filters\">\
         <label>Status <select name=\"status\">{status_options}</select></label>\
         <label>Fulfilment <select name=\"fulfillment\">{fulfillment_options}</select></label>\
         <label>Number or email <input type=\"search\" name=\"q\" value=\"{q}\"></label>\
         <button type=\"submit\">Filter</button></form>{results}",
        q = escape(q),
    );
    let frame = Frame {
        active: "/admin/orders",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(html(StatusCode::OK, page("Orders", &frame, &body)))
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
        (Some("fulfilled"), _) => notice(
            true,
            "Marked shipped; the shopper's card shows the tracking.",
        ),
        (Some("delivered"), _) => notice(true, "Marked delivered."),
        (Some("released"), _) => notice(
            true,
            "Hold released: the order is canceled and its unit is back in stock.",
        ),
        (_, Some("not_unpaid")) => notice(
            false,
            "Nothing was released: the order is no longer waiting for payment.",
        ),
        (_, Some("fulfillment_not_allowed")) => notice(
            false,
            "That can't be done to this order in its current state.",
        ),
        _ => String::new(),
    };
    render_order(&state, &merchant, &number, &message, None, StatusCode::OK).await
}

/// The fulfilment form's values and the problem with them, after a refused submission.
struct TrackingDraft<'a> {
    carrier: &'a str,
    tracking_number: &'a str,
    tracking_url: &'a str,
    problem: (&'static str, String),
}

async fn render_order(
    state: &AppState,
    merchant: &Merchant,
    number: &str,
    message: &str,
    draft: Option<TrackingDraft<'_>>,
    status_code: StatusCode,
) -> Result<Response, ApiError> {
    let order = lookup::by_number(&state.db, merchant.shop_id, number).await?;
    let card = order_card(&state.db, &order).await?;
    let refunds = queries::list(&state.db, merchant.shop_id, Some(&order.id), None).await?;
    let entries = audit::entries(&state.db, merchant.shop_id, Some(&order.id), LIST_LIMIT).await?;
    let label = order.number_label();
    let m = |minor: i64| money(minor, &order.currency);

    let options = if card.options.is_empty() {
        String::new()
    } else {
        format!(" ({})", escape(&card.options.join(" / ")))
    };
    let b = &card.breakdown;
    let tax_label = if b.tax_inclusive {
        "Tax (included)"
    } else {
        "Tax"
    };
    let summary = format!(
        "<dl class=\"facts\" id=\"order-summary\">\
         <dt>Status</dt><dd><span class=\"badge\" id=\"order-status\">{status}</span></dd>\
         <dt>Placed</dt><dd>{created}</dd><dt>Email</dt><dd>{email}</dd>\
         <dt>Item</dt><dd>{title}{options}</dd>\
         <dt>Subtotal</dt><dd>{subtotal}</dd><dt>Shipping</dt><dd>{shipping}</dd>\
         <dt>{tax_label}</dt><dd>{tax}</dd><dt>Total</dt><dd><strong>{total}</strong></dd>\
         <dt>Refunded</dt><dd id=\"order-refunded\">{refunded}</dd><dt>Paid with</dt><dd>{provider}</dd></dl>",
        status = words(card.status.code()),
        created = when(&order.created_at),
        email = escape(&order.email),
        title = escape(&card.title),
        subtotal = m(b.subtotal.minor),
        shipping = m(b.shipping.minor),
        tax = m(b.tax.minor),
        total = m(b.total.minor),
        refunded = m(card.refunded.minor),
        provider = escape(&order.provider),
    );

    let f = &card.fulfillment;
    let state_text = match f.state {
        FulfillmentState::Unfulfilled => "Not shipped",
        FulfillmentState::Fulfilled => "Shipped",
        FulfillmentState::Delivered => "Delivered",
    };
    let tracking = match (&f.carrier, &f.tracking_number) {
        (Some(carrier), Some(number)) => {
            let link = f
                .tracking_url
                .as_deref()
                .map(|u| {
                    format!(
                        " · <a href=\"{}\" rel=\"noopener noreferrer\" target=\"_blank\">track</a>",
                        escape(u)
                    )
                })
                .unwrap_or_default();
            format!(
                "<p id=\"tracking\">{} {}{link}</p>",
                escape(carrier),
                escape(number)
            )
        }
        _ => String::new(),
    };
    let err = |field: &str| -> String {
        match &draft {
            Some(d) if d.problem.0 == field => format!(
                "<span class=\"field-error\" role=\"alert\">{}</span>",
                escape(&d.problem.1)
            ),
            _ => String::new(),
        }
    };
    let value = |field: &str, stored: Option<&String>| -> String {
        match &draft {
            Some(d) => escape(match field {
                "carrier" => d.carrier,
                "tracking_number" => d.tracking_number,
                _ => d.tracking_url,
            }),
            None => escape(stored.map(String::as_str).unwrap_or("")),
        }
    };
    let can_ship = matches!(
        card.status,
        shopchat_protocol::OrderStatus::Paid
            | shopchat_protocol::OrderStatus::Fulfilled
            | shopchat_protocol::OrderStatus::PartiallyRefunded
    );
    let ship_form = if can_ship {
        let button = if f.state == FulfillmentState::Unfulfilled {
            "Mark fulfilled"
        } else {
            "Update tracking"
        };
        format!(
            "<form method=\"post\" action=\"/admin/orders/{label}/fulfillment\" class=\"stack\" id=\"fulfillment-form\">{csrf}\
             <label>Carrier <input type=\"text\" name=\"carrier\" value=\"{carrier}\" maxlength=\"100\" required>{carrier_err}</label>\
             <label>Tracking number <input type=\"text\" name=\"tracking_number\" value=\"{number}\" maxlength=\"100\" required>{number_err}</label>\
             <label>Tracking URL (optional) <input type=\"text\" name=\"tracking_url\" value=\"{url}\" placeholder=\"https://\">{url_err}</label>\
             <button type=\"submit\" class=\"primary\">{button}</button></form>",
            csrf = csrf_field(&merchant.csrf_token),
            carrier = value("carrier", f.carrier.as_ref()),
            number = value("tracking_number", f.tracking_number.as_ref()),
            url = value("tracking_url", f.tracking_url.as_ref()),
            carrier_err = err("carrier"),
            number_err = err("tracking_number"),
            url_err = err("tracking_url"),
        )
    } else {
        String::new()
    };
    let deliver_form = if f.state == FulfillmentState::Fulfilled {
        format!(
            "<form method=\"post\" action=\"/admin/orders/{label}/delivered\" id=\"delivered-form\">{}\
             <button type=\"submit\">Mark delivered</button></form>",
            csrf_field(&merchant.csrf_token)
        )
    } else {
        String::new()
    };

    let hold_form = match (card.status, order.stock_reserved, &order.reserved_until) {
        (status, true, Some(until)) if status::is_unpaid(status) => format!(
            "<section id=\"hold\"><h2>Stock hold</h2><p>This unpaid order holds one unit until {until}; \
             then it is canceled and the unit goes back to stock.</p>\
             <form method=\"post\" action=\"/admin/orders/{label}/release\" id=\"release-form\">{csrf}\
             <button type=\"submit\">Release hold now</button></form></section>",
            until = when(until),
            csrf = csrf_field(&merchant.csrf_token),
        ),
        _ => String::new(),
    };

    let mut refund_rows = String::new();
    for r in &refunds {
        refund_rows.push_str(&format!(
            "<tr><td>{at}</td><td class=\"num\">{amount}</td><td>{reason}</td><td>{origin}</td>\
             <td><span class=\"badge\">{status}</span></td><td>{note}</td></tr>",
            at = when(&r.created_at),
            amount = money(r.amount_minor, &r.currency),
            reason = words(&r.reason),
            origin = words(&r.origin),
            status = words(&r.status),
            note = escape(r.note.as_deref().unwrap_or("")),
        ));
    }
    let refunds_html = if refunds.is_empty() {
        "<p class=\"muted\">No refunds.</p>".to_owned()
    } else {
        format!(
            "<table class=\"list\" id=\"order-refunds\"><thead><tr><th>Requested</th><th>Amount</th><th>Reason</th>\
             <th>From</th><th>Status</th><th>Note</th></tr></thead><tbody>{refund_rows}</tbody></table>\
             <p><a href=\"/admin/refunds\">Refund queue</a></p>"
        )
    };

    let mut timeline = String::new();
    for e in &card.timeline {
        let amount = e
            .amount
            .map(|a| format!(" · {}", m(a.minor)))
            .unwrap_or_default();
        timeline.push_str(&format!(
            "<li><time>{}</time> {}{amount}</li>",
            when(&e.at),
            words(&e.kind)
        ));
    }
    let mut audit_rows = String::new();
    for e in &entries {
        let change = match (&e.before, &e.after) {
            (Some(b), Some(a)) => format!("{} → {}", escape(b), escape(a)),
            (None, Some(a)) => escape(a),
            (Some(b), None) => escape(b),
            (None, None) => String::new(),
        };
        audit_rows.push_str(&format!(
            "<tr><td>{at}</td><td>{actor}</td><td><code>{action}</code></td><td class=\"change\">{change}</td><td>{reason}</td></tr>",
            at = when(&e.created_at),
            actor = escape(&e.actor),
            action = escape(&e.action),
            reason = escape(&e.reason),
        ));
    }

    let body = format!(
        "<p><a href=\"/admin/orders\">← Orders</a></p><h1>Order {label}</h1>{message}\
         <div class=\"columns\"><section><h2>Order</h2>{summary}</section>\
         <section><h2>Fulfilment</h2><p id=\"fulfillment-state\">{state_text}</p>{tracking}{ship_form}{deliver_form}</section></div>\
         {hold_form}<section><h2>Refunds</h2>{refunds_html}</section>\
         <section><h2>Timeline</h2><ol class=\"timeline\" id=\"timeline\">{timeline}</ol></section>\
         <section><h2>Audit log</h2><table class=\"list\" id=\"audit\"><thead><tr><th>When</th><th>Who</th>\
         <th>Action</th><th>Change</th><th>Reason</th></tr></thead><tbody>{audit_rows}</tbody></table></section>",
    );
    let frame = Frame {
        active: "/admin/orders",
        shop_name: &merchant.shop_name,
        csrf: &merchant.csrf_token,
    };
    Ok(html(
        status_code,
        page(&format!("Order {label}"), &frame, &body),
    ))
}

/// `POST /admin/orders/{number}/fulfillment` (carrier, tracking_number, tracking_url)
async fn create_fulfillment(
    State(state): State<AppState>,
    merchant: Merchant,
    Path(number): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let order = lookup::by_number(&state.db, merchant.shop_id, &number).await?;
    let form = FormData::parse(&body);
    let (carrier, tracking_number, tracking_url) = (
        form.get("carrier"),
        form.get("tracking_number"),
        form.get("tracking_url"),
    );
    let tracking = match Tracking::parse(carrier, tracking_number, Some(tracking_url)) {
        Ok(tracking) => tracking,
        Err(TrackingError { field, problem }) => {
            let draft = TrackingDraft {
                carrier,
                tracking_number,
                tracking_url,
                problem: (field, format!("Please give {problem}.")),
            };
            let message = notice(
                false,
                "Nothing was saved: please correct the field marked below.",
            );
            return render_order(
                &state,
                &merchant,
                &number,
                &message,
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
