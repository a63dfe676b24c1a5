//! Stripe as a shop's provider: the order's PaymentIntent (`start_payment`), what a Stripe
//! outcome does to an order (`apply`, shared by the webhook and reconciliation), and the
//! reconciliation job (`reconcile`), the backstop for lost webhooks.

pub mod apply;
pub mod reconcile;

use secrecy::ExposeSecret;
use shopchat_protocol::Currency;

use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::orders::OrderRow;
use crate::stripe::{create_payment_intent, CreateIntent, ShopStripe, StripeError};

pub use apply::{apply_outcome, order_for_intent, IntentOutcome};

/// The idempotency key of an order's PaymentIntent: a replayed create-order (a double-click,
/// a retried request) gets the same intent back, never a second one.
pub fn intent_idempotency_key(order_public_id: &str) -> String {
    format!("order:{order_public_id}:intent")
}

/// Creates (or, for a replay, finds again) the order's PaymentIntent for its server-computed
/// total, stores the intent id as the order's `payment_ref`, and returns the client secret
/// the shopper's browser confirms it with.
pub async fn start_payment(
    db: &DbPool,
    stripe: &ShopStripe,
    order: &OrderRow,
) -> Result<String, ApiError> {
    let client = stripe.client(db, order.shop_id).await.map_err(|e| {
        tracing::error!(error = %e, shop_id = order.shop_id, "no Stripe client for the shop");
        ApiError::ProviderUnavailable
    })?;
    let currency = Currency::parse(&order.currency).ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "order {} has currency {:?}",
            order.id,
            order.currency
        ))
    })?;
    let created = create_payment_intent(
        &client,
        CreateIntent {
            amount_minor: order.total_minor,
            currency,
            order_public_id: order.id.clone(),
            order_number: order.number_label(),
            shop_id: order.shop_id,
            receipt_email: Some(order.email.clone()),
            idempotency_key: intent_idempotency_key(&order.id),
        },
    )
    .await
    .map_err(|e| provider_error(order, &e))?;
    // Only set once: a replay gets the same intent back, and an id already stored is kept.
    sqlx::query(
        "update shop_order set payment_ref = $1, updated_at = $4
         where id = $2 and shop_id = $3 and provider = 'stripe' and payment_ref is null",
    )
    .bind(&created.id)
    .bind(&order.id)
    .bind(order.shop_id)
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(created.client_secret.expose_secret().to_owned())
}

/// Stripe's failure as the API reports it: a 503 the shopper may retry (the same idempotency
/// key then finds the same order and intent); the detail goes to the log only.
fn provider_error(order: &OrderRow, error: &StripeError) -> ApiError {
    tracing::error!(order = %order.number_label(), code = error.code(), error = %error, "creating the PaymentIntent failed");
    ApiError::ProviderUnavailable
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_intent_key_is_derived_from_the_order_alone() {
        assert_eq!(intent_idempotency_key("ab12"), "order:ab12:intent");
        assert_eq!(
            intent_idempotency_key("ab12"),
            intent_idempotency_key("ab12")
        );
    }
}
