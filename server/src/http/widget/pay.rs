//! `POST /api/v1/orders/{order_id}/demo-payments` pays an order with a demo test card, and
//! `…/demo-payments/confirm` answers the demo's confirmation step. Both need the order token.

use std::time::SystemTime;

use axum::extract::{Path, State};
use axum::Json;
use shopchat_protocol::{DemoConfirmRequest, DemoPaymentRequest, PaymentOutcome};

use crate::error::ApiError;
use crate::http::error::ApiJson;
use crate::http::extract::{BearerToken, RequestOrigin};
use crate::http::state::AppState;
use crate::orders::{authorize_order, OrderRow};
use crate::payments::demo;
use crate::shop::Shop;

// Not instrumented with the request: the body holds a card number, which is never logged.
pub async fn create_demo_payment(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
    ApiJson(card): ApiJson<DemoPaymentRequest>,
) -> Result<Json<PaymentOutcome>, ApiError> {
    let order = authorized(&state, &order_id, &token, &origin).await?;
    Ok(Json(
        demo::pay(&state.db, &order, &card, SystemTime::now()).await?,
    ))
}

pub async fn confirm_demo_payment(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
    ApiJson(answer): ApiJson<DemoConfirmRequest>,
) -> Result<Json<PaymentOutcome>, ApiError> {
    let order = authorized(&state, &order_id, &token, &origin).await?;
    Ok(Json(
        demo::confirm(&state.db, &order, answer.approve, SystemTime::now()).await?,
    ))
}

async fn authorized(
    state: &AppState,
    order_id: &str,
    token: &BearerToken,
    origin: &RequestOrigin,
) -> Result<OrderRow, ApiError> {
    let order = authorize_order(&state.db, order_id, token.as_deref()).await?;
    Shop::by_id(&state.db, order.shop_id)
        .await?
        .check_origin(&state.own_origins, origin.as_deref())?;
    Ok(order)
}
