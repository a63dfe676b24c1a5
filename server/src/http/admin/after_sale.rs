//! The merchant's side of the after-sale: orders (list, detail with timeline and audit log,
//! marking them shipped and delivered), the refund queue (approve, deny) and the audit log.
//!
//! - `GET  /api/v1/admin/orders?status=paid` → `{"orders": [AdminOrder…]}` (newest first)
//! - `GET  /api/v1/admin/orders/{number}` → `{"order": OrderCard, "email", "refunds": [RefundListing…], "audit": [AuditEntry…]}`
//! - `POST /api/v1/admin/orders/{number}/fulfillment` `{carrier, tracking_number, tracking_url?}` → `OrderCard`
//! - `POST /api/v1/admin/orders/{number}/delivered` → `OrderCard`
//! - `GET  /api/v1/admin/refunds?status=pending` → `{"refunds": [RefundListing…]}`
//! - `POST /api/v1/admin/refunds/{id}/approve` `{note?}` → `RefundListing` (executed)
//! - `POST /api/v1/admin/refunds/{id}/deny` `{note}` → `RefundListing`
//! - `GET  /api/v1/admin/audit?order=SC-1001` → `{"entries": [AuditEntry…]}` (oldest first)
//!
//! `{number}` is the order number as people read it (`SC-1001`, or `1001`).

use axum::extract::{Path, Query, State};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use shopchat_protocol::{Money, OrderCard};

use super::AdminShop;
use crate::audit::{self, AuditEntry};
use crate::error::ApiError;
use crate::http::error::ApiJson;
use crate::http::state::AppState;
use crate::orders::fulfillment::{self, Tracking};
use crate::orders::lookup::{self, LIST_LIMIT};
use crate::orders::{order_card, order_number_label, status};
use crate::refunds;
use crate::refunds::queries::{self, RefundListing, RefundNote};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/orders", get(list_orders))
        .route("/api/v1/admin/orders/{number}", get(get_order))
        .route(
            "/api/v1/admin/orders/{number}/fulfillment",
            post(create_fulfillment),
        )
        .route(
            "/api/v1/admin/orders/{number}/delivered",
            post(mark_delivered),
        )
        .route("/api/v1/admin/refunds", get(list_refunds))
        .route("/api/v1/admin/refunds/{id}/approve", post(approve_refund))
        .route("/api/v1/admin/refunds/{id}/deny", post(deny_refund))
        .route("/api/v1/admin/audit", get(list_audit))
}

#[derive(Debug, Serialize)]
pub struct AdminOrder {
    pub order_id: String,
    pub order_number: String,
    pub status: String,
    pub title: String,
    pub email: String,
    pub total: Money,
    pub created_at: String,
}

#[derive(Deserialize)]
struct StatusFilter {
    status: Option<String>,
}

async fn list_orders(
    State(state): State<AppState>,
    shop: AdminShop,
    Query(filter): Query<StatusFilter>,
) -> Result<Json<serde_json::Value>, ApiError> {
    if let Some(s) = filter.status.as_deref() {
        if status::parse(s).is_none() {
            return Err(ApiError::InvalidRequest(format!("unknown status {s:?}")));
        }
    }
    let filter = lookup::OrderFilter {
        status: filter.status.as_deref(),
        ..Default::default()
    };
    let rows = lookup::list(&state.db, shop.shop_id, &filter).await?;
    let orders: Vec<AdminOrder> = rows
        .into_iter()
        .filter_map(|row| {
            Some(AdminOrder {
                order_id: row.id,
                order_number: order_number_label(row.number),
                status: row.status,
                title: row.title,
                email: row.email,
                total: Money {
                    minor: row.total_minor,
                    currency: shopchat_protocol::Currency::parse(&row.currency)?,
                },
                created_at: row.created_at,
            })
        })
        .collect();
    Ok(Json(serde_json::json!({ "orders": orders })))
}

async fn get_order(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(number): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let order = lookup::by_number(&state.db, shop.shop_id, &number).await?;
    let card = order_card(&state.db, &order).await?;
    let refunds = queries::list(&state.db, shop.shop_id, Some(&order.id), None).await?;
    let audit = audit::entries(&state.db, shop.shop_id, Some(&order.id), LIST_LIMIT).await?;
    Ok(Json(serde_json::json!({
        "order_id": order.id,
        "email": order.email,
        "order": card,
        "refunds": refunds,
        "audit": audit,
    })))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FulfillmentRequest {
    carrier: String,
    tracking_number: String,
    #[serde(default)]
    tracking_url: Option<String>,
}

async fn create_fulfillment(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(number): Path<String>,
    ApiJson(request): ApiJson<FulfillmentRequest>,
) -> Result<Json<OrderCard>, ApiError> {
    let order = lookup::by_number(&state.db, shop.shop_id, &number).await?;
    let tracking = Tracking::parse(
        &request.carrier,
        &request.tracking_number,
        request.tracking_url.as_deref(),
    )?;
    fulfillment::mark_fulfilled(&state.db, shop.shop_id, &order.id, &tracking).await?;
    let order = lookup::by_number(&state.db, shop.shop_id, &number).await?;
    Ok(Json(order_card(&state.db, &order).await?))
}

async fn mark_delivered(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(number): Path<String>,
) -> Result<Json<OrderCard>, ApiError> {
    let order = lookup::by_number(&state.db, shop.shop_id, &number).await?;
    fulfillment::mark_delivered(&state.db, shop.shop_id, &order.id).await?;
    Ok(Json(order_card(&state.db, &order).await?))
}

async fn list_refunds(
    State(state): State<AppState>,
    shop: AdminShop,
    Query(filter): Query<StatusFilter>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let refunds = queries::list(&state.db, shop.shop_id, None, filter.status.as_deref()).await?;
    Ok(Json(serde_json::json!({ "refunds": refunds })))
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ApproveRequest {
    #[serde(default)]
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DenyRequest {
    note: String,
}

async fn approve_refund(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<RefundListing>, ApiError> {
    // The body is optional: no note, no body.
    let request: ApproveRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ApproveRequest::default()
    } else if crate::text::has_nul_escape(&body) {
        return Err(crate::http::error::nul_refused());
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::InvalidRequest(e.to_string()))?
    };
    let note = request.note.as_deref().and_then(RefundNote::parse);
    refunds::approve_refund(
        &state.db,
        &state.stripe,
        shop.shop_id,
        id,
        note.as_ref().map(RefundNote::as_str),
    )
    .await?;
    Ok(Json(queries::by_id(&state.db, shop.shop_id, id).await?))
}

async fn deny_refund(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<DenyRequest>,
) -> Result<Json<RefundListing>, ApiError> {
    let Some(note) = RefundNote::parse(&request.note) else {
        return Err(ApiError::InvalidRequest(
            "note: say why the refund is denied".into(),
        ));
    };
    refunds::deny_refund(&state.db, shop.shop_id, id, note.as_str()).await?;
    Ok(Json(queries::by_id(&state.db, shop.shop_id, id).await?))
}

#[derive(Deserialize)]
struct AuditFilter {
    order: Option<String>,
}

async fn list_audit(
    State(state): State<AppState>,
    shop: AdminShop,
    Query(filter): Query<AuditFilter>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let order_id = match filter.order.as_deref() {
        Some(number) => Some(lookup::by_number(&state.db, shop.shop_id, number).await?.id),
        None => None,
    };
    let entries: Vec<AuditEntry> =
        audit::entries(&state.db, shop.shop_id, order_id.as_deref(), LIST_LIMIT).await?;
    Ok(Json(serde_json::json!({ "entries": entries })))
}
