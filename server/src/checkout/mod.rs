//! The in-chat checkout's HTTP API: the offer behind the checkout card, creating an order from
//! it, reading the order back, and paying it with the demo gateway. Conversation endpoints need
//! the conversation's token, order endpoints the order's; all check the shop's origins.

mod card;
mod offer;
mod orders;
mod pay;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub use offer::build_offer;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/api/v1/conversations/{id}/checkout/{product_id}",
            get(offer::get_checkout_offer),
        )
        .route(
            "/api/v1/conversations/{id}/orders",
            post(orders::create_order),
        )
        .route("/api/v1/orders/{order_id}", get(orders::get_order))
        .route("/api/v1/orders/{order_id}/card", get(card::get_order_card))
        .route(
            "/api/v1/orders/{order_id}/demo-payments",
            post(pay::create_demo_payment),
        )
        .route(
            "/api/v1/orders/{order_id}/demo-payments/confirm",
            post(pay::confirm_demo_payment),
        )
}
