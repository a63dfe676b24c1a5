//! `POST /api/v1/conversations/{id}/orders` creates an order from the checkout card (201, or
//! the same order again for a reused idempotency key, marked `Idempotent-Replayed: true`);
//! `GET /api/v1/orders/{order_id}` reads it back with the order token.

use std::time::SystemTime;

use axum::extract::{Path, State};
use axum::http::{Extensions, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shopchat_protocol::{CreateOrderRequest, OrderCreated, OrderView};

use crate::conversations::authorize;
use crate::error::ApiError;
use crate::http::client::client_addr;
use crate::http::error::ApiJson;
use crate::http::extract::{BearerToken, RequestOrigin};
use crate::http::state::AppState;
use crate::orders::{self, authorize_order, order_view, NewOrder};
use crate::payments::{self, ProviderChoice};
use crate::shop::Shop;
use crate::store_cart::ShopBuying;

#[tracing::instrument(skip_all, fields(conversation = %id))]
pub async fn create_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
    headers: HeaderMap,
    extensions: Extensions,
    // `CreateOrderRequest` refuses unknown fields: a client naming its own amount, price or
    // currency gets a 400, and nothing is created.
    ApiJson(request): ApiJson<CreateOrderRequest>,
) -> Result<Response, ApiError> {
    let (conversation, shop) = authorize(&state.db, &id, token.as_deref()).await?;
    shop.check_origin(&state.own_origins, origin.as_deref())?;
    // A shop that sells through its store's cart takes no payment here, whatever a client asks.
    if !ShopBuying::load(&state.db, shop.id)
        .await?
        .mode
        .pays_in_chat()
    {
        return Err(ApiError::BuyInStoreCart);
    }
    // Each new order holds stock while unpaid: limited per conversation and per client.
    // A retry with a key already used (after a 503, say) finds its order again and holds
    // nothing new, so only a new key counts.
    let replay: Option<i64> = sqlx::query_scalar(
        "select 1 from shop_order where shop_id = $1 and conversation_id = $2 and idempotency_key = $3",
    )
    .bind(shop.id)
    .bind(&conversation.id)
    .bind(request.idempotency_key.trim())
    .fetch_optional(&state.db)
    .await?;
    // Counted in the database, so the limits hold across every instance on it.
    if replay.is_none() {
        let now = SystemTime::now();
        state
            .limits
            .orders_per_conversation
            .check(&state.db, &conversation.id, now)
            .await?;
        if let Some(client) = client_addr(&state.limits, &extensions, &headers) {
            state
                .limits
                .orders_per_client
                .check(&state.db, &client.to_string(), now)
                .await?;
        }
    }
    let provider = ProviderChoice::for_shop(&state.db, &state.secrets, shop.id).await?;
    provider.ensure_available()?;
    let conversation_token = token.as_deref().ok_or(ApiError::InvalidToken)?;
    let created = orders::create_order(
        &state.db,
        NewOrder {
            shop_id: shop.id,
            conversation_id: &conversation.id,
            conversation_token,
            request: &request,
            provider: provider.provider(),
            now: SystemTime::now(),
        },
    )
    .await?;
    let payment =
        payments::start_session(&state.db, &state.stripe, &provider, &created.order).await?;
    let body = OrderCreated {
        order: order_view(&created.order)?,
        payment,
        order_token: created.token.as_str().to_owned(),
    };
    let mut response = (StatusCode::CREATED, Json(body)).into_response();
    if created.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

pub async fn get_order(
    State(state): State<AppState>,
    Path(order_id): Path<String>,
    token: BearerToken,
    origin: RequestOrigin,
) -> Result<Json<OrderView>, ApiError> {
    let order = authorize_order(&state.db, &order_id, token.as_deref()).await?;
    Shop::by_id(&state.db, order.shop_id)
        .await?
        .check_origin(&state.own_origins, origin.as_deref())?;
    Ok(Json(order_view(&order)?))
}
