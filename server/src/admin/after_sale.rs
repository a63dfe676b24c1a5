//! The merchant's side of the after-sale: orders (list, detail with timeline and audit log,
//! marking them shipped and delivered), the refund queue (approve, deny) and the audit log.
//!
//! - `GET  /api/v1/admin/orders?status=paid` → `{"orders": [AdminOrder…]}` (newest first)
//! - `GET  /api/v1/admin/orders/{number}` → `{"order": OrderCard, "email", "refunds": [AdminRefund…], "audit": [AuditEntry…]}`
//! - `POST /api/v1/admin/orders/{number}/fulfillment` `{carrier, tracking_number, tracking_url?}` → `OrderCard`
//! - `POST /api/v1/admin/orders/{number}/delivered` → `OrderCard`
//! - `GET  /api/v1/admin/refunds?status=pending` → `{"refunds": [AdminRefund…]}`
//! - `POST /api/v1/admin/refunds/{id}/approve` `{note?}` → `AdminRefund` (executed)
//! - `POST /api/v1/admin/refunds/{id}/deny` `{note}` → `AdminRefund`
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
use crate::error::{ApiError, ApiJson};
use crate::orders::fulfillment::{self, Tracking};
use crate::orders::ownership::parse_order_number;
use crate::orders::{order_card, order_number_label, status, OrderRow};
use crate::refunds;
use crate::state::AppState;

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

/// Most rows one list returns.
pub(crate) const LIST_LIMIT: i64 = 200;

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

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct AdminRefund {
    pub id: i64,
    #[sqlx(skip)]
    pub order_number: String,
    #[serde(skip)]
    pub number: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub reason: String,
    /// `pending` (waits for the merchant), `processing`, `succeeded`, `failed`, `denied`.
    pub status: String,
    /// `shopper`, `merchant`, or `provider` (made outside Shopchat).
    pub origin: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(sqlx::FromRow)]
struct OrderListRow {
    id: String,
    number: i64,
    status: String,
    title: String,
    email: String,
    currency: String,
    total_minor: i64,
    created_at: String,
}

#[derive(Deserialize)]
struct StatusFilter {
    status: Option<String>,
}

pub(crate) async fn order_by_number(
    state: &AppState,
    shop_id: i64,
    number: &str,
) -> Result<OrderRow, ApiError> {
    let number = parse_order_number(number).ok_or(ApiError::OrderNotFound)?;
    let id: String =
        sqlx::query_scalar("select id from shop_order where shop_id = ? and number = ?")
            .bind(shop_id)
            .bind(number)
            .fetch_optional(&state.db)
            .await?
            .ok_or(ApiError::OrderNotFound)?;
    crate::orders::load_order(&state.db, shop_id, &id)
        .await?
        .ok_or(ApiError::OrderNotFound)
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
    let rows: Vec<OrderListRow> = sqlx::query_as(
        "select id, number, status, title, email, currency, total_minor, created_at from shop_order
         where shop_id = ? and (? is null or status = ?) order by number desc limit ?",
    )
    .bind(shop.shop_id)
    .bind(&filter.status)
    .bind(&filter.status)
    .bind(LIST_LIMIT)
    .fetch_all(&state.db)
    .await?;
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

pub(crate) async fn refunds_of(
    state: &AppState,
    shop_id: i64,
    order_id: Option<&str>,
    status: Option<&str>,
) -> Result<Vec<AdminRefund>, ApiError> {
    let mut rows: Vec<AdminRefund> = sqlx::query_as(
        "select r.id, o.number, r.amount_minor, r.currency, r.reason, r.status, r.origin, r.note,
                r.created_at, r.updated_at
         from refund r join shop_order o on o.id = r.order_id and o.shop_id = r.shop_id
         where r.shop_id = ? and (? is null or r.order_id = ?) and (? is null or r.status = ?)
         order by r.id limit ?",
    )
    .bind(shop_id)
    .bind(order_id)
    .bind(order_id)
    .bind(status)
    .bind(status)
    .bind(LIST_LIMIT)
    .fetch_all(&state.db)
    .await?;
    for r in &mut rows {
        r.order_number = order_number_label(r.number);
    }
    Ok(rows)
}

async fn get_order(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(number): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let order = order_by_number(&state, shop.shop_id, &number).await?;
    let card = order_card(&state.db, &order).await?;
    let refunds = refunds_of(&state, shop.shop_id, Some(&order.id), None).await?;
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
    let order = order_by_number(&state, shop.shop_id, &number).await?;
    let tracking = Tracking::parse(
        &request.carrier,
        &request.tracking_number,
        request.tracking_url.as_deref(),
    )?;
    fulfillment::mark_fulfilled(&state.db, shop.shop_id, &order.id, &tracking).await?;
    let order = order_by_number(&state, shop.shop_id, &number).await?;
    Ok(Json(order_card(&state.db, &order).await?))
}

async fn mark_delivered(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(number): Path<String>,
) -> Result<Json<OrderCard>, ApiError> {
    let order = order_by_number(&state, shop.shop_id, &number).await?;
    fulfillment::mark_delivered(&state.db, shop.shop_id, &order.id).await?;
    Ok(Json(order_card(&state.db, &order).await?))
}

async fn list_refunds(
    State(state): State<AppState>,
    shop: AdminShop,
    Query(filter): Query<StatusFilter>,
) -> Result<Json<serde_json::Value>, ApiError> {
    let refunds = refunds_of(&state, shop.shop_id, None, filter.status.as_deref()).await?;
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

pub(crate) async fn refund_by_id(
    state: &AppState,
    shop_id: i64,
    id: i64,
) -> Result<AdminRefund, ApiError> {
    let mut r: AdminRefund = sqlx::query_as(
        "select r.id, o.number, r.amount_minor, r.currency, r.reason, r.status, r.origin,
                r.note, r.created_at, r.updated_at
         from refund r join shop_order o on o.id = r.order_id and o.shop_id = r.shop_id
         where r.shop_id = ? and r.id = ?",
    )
    .bind(shop_id)
    .bind(id)
    .fetch_optional(&state.db)
    .await?
    .ok_or(ApiError::RefundNotFound)?;
    r.order_number = order_number_label(r.number);
    Ok(r)
}

async fn approve_refund(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> Result<Json<AdminRefund>, ApiError> {
    // The body is optional: no note, no body.
    let request: ApproveRequest = if body.iter().all(u8::is_ascii_whitespace) {
        ApproveRequest::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| ApiError::InvalidRequest(e.to_string()))?
    };
    let note = request
        .note
        .as_deref()
        .map(|n| n.chars().take(500).collect::<String>());
    refunds::approve_refund(&state, shop.shop_id, id, note.as_deref()).await?;
    Ok(Json(refund_by_id(&state, shop.shop_id, id).await?))
}

async fn deny_refund(
    State(state): State<AppState>,
    shop: AdminShop,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<DenyRequest>,
) -> Result<Json<AdminRefund>, ApiError> {
    let note: String = request.note.trim().chars().take(500).collect();
    if note.is_empty() {
        return Err(ApiError::InvalidRequest(
            "note: say why the refund is denied".into(),
        ));
    }
    refunds::deny_refund(&state, shop.shop_id, id, &note).await?;
    Ok(Json(refund_by_id(&state, shop.shop_id, id).await?))
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
        Some(number) => Some(order_by_number(&state, shop.shop_id, number).await?.id),
        None => None,
    };
    let entries: Vec<AuditEntry> =
        audit::entries(&state.db, shop.shop_id, order_id.as_deref(), LIST_LIMIT).await?;
    Ok(Json(serde_json::json!({ "entries": entries })))
}
