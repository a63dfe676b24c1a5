//! Payment providers calling us: `POST /webhooks/stripe/{shop}` (each shop's own URL) and the
//! older `POST /webhooks/stripe` shared by every shop. Not part of the widget API, so no CORS
//! and no JSON extractor: the signature covers the raw body, which is capped in size.

mod stripe;

pub use stripe::MAX_SECRETS_TRIED;

use axum::extract::DefaultBodyLimit;
use axum::routing::post;
use axum::Router;

use crate::http::state::AppState;

/// Largest webhook body read: Stripe's events are a few kilobytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/webhooks/stripe/{shop}",
            post(stripe::receive_shop_stripe_webhook),
        )
        .route("/webhooks/stripe", post(stripe::receive_stripe_webhook))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
