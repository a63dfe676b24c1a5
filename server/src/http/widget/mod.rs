//! The widget's HTTP API: a shop's public info, opening a conversation, the page it is on,
//! sending a message (answered as a stream of typed events) and reading the history back,
//! counting card clicks; then the in-chat checkout: the offer behind the checkout card,
//! creating an order from it, reading the order back, and paying it with the demo gateway.
//! Conversation endpoints need the conversation's token, order endpoints the order's; all
//! check the shop's origins.

mod card;
mod context;
mod create;
mod events;
mod messages;
mod offer;
mod orders;
mod pay;
mod shops;

use axum::routing::{get, post};
use axum::Router;

use crate::http::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/shops/{key}", get(shops::get_shop_info))
        .route("/api/v1/conversations", post(create::create_conversation))
        .route(
            "/api/v1/conversations/{id}/context",
            post(context::update_context),
        )
        .route(
            "/api/v1/conversations/{id}/messages",
            post(messages::send_message).get(messages::list_messages),
        )
        .route(
            "/api/v1/conversations/{id}/events",
            post(events::create_event),
        )
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
