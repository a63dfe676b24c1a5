//! Payment providers calling us: `POST /webhooks/stripe`. Not part of the widget API, so no
//! CORS and no JSON extractor: the signature covers the raw body.

mod stripe;

use axum::routing::post;
use axum::Router;

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/webhooks/stripe", post(stripe::receive_stripe_webhook))
}
