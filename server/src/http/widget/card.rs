//! `GET /api/v1/orders/{order_id}/card` (order bearer token): the order's status card, so the
//! widget can show an order it kept without asking the assistant.

use axum::extract::{Path, State};
use axum::Json;
use shopchat_protocol::OrderCard;

use crate::error::ApiError;
use crate::http::extract::{BearerToken, RequestOrigin};
use crate::http::state::AppState;
use crate::orders::{authorize_order, order_card};
use crate::shop::Shop;

pub async fn get_order_card(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
) -> Result<Json<OrderCard>, ApiError> {
    let order = authorize_order(&state.db, &order_id, token.as_deref()).await?;
    Shop::by_id(&state.db, order.shop_id)
        .await?
        .check_origin(&state.own_origins, origin.as_deref())?;
    Ok(Json(order_card(&state.db, &order).await?))
}
