//! What a Stripe outcome does to an order, whoever learned it (a webhook, or reconciliation
//! asking Stripe): one function, inside the caller's transaction, through `move_order`, so
//! a late, repeated or out-of-order outcome never moves an order backwards.

use shopchat_protocol::OrderStatus;

use crate::audit::Actor;
use crate::db::DbTx;
use crate::orders::{move_order, status};

/// A Stripe fact about an order's PaymentIntent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntentOutcome {
    Succeeded {
        amount_received: i64,
        /// Upper-case ISO code.
        currency: String,
    },
    Failed,
    Canceled,
    /// The total refunded so far (not this refund's amount), so repeats count once.
    Refunded {
        amount_refunded_total: i64,
    },
    Disputed,
}

/// The order a Stripe intent pays, in this shop.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct IntentOrder {
    pub id: String,
    pub shop_id: i64,
    pub total_minor: i64,
    pub currency: String,
    pub status: String,
}

pub async fn order_for_intent(
    tx: &mut DbTx,
    shop_id: i64,
    intent_id: &str,
) -> Result<Option<IntentOrder>, sqlx::Error> {
    sqlx::query_as(
        "select id, shop_id, total_minor, currency, status from shop_order
         where provider = 'stripe' and payment_ref = $1 and shop_id = $2",
    )
    .bind(intent_id)
    .bind(shop_id)
    .fetch_optional(&mut **tx)
    .await
}

/// Applies the outcome; returns whether the order moved. A refused move (stale or repeated
/// news) is not an error.
pub async fn apply_outcome(
    tx: &mut DbTx,
    order: &IntentOrder,
    outcome: &IntentOutcome,
    actor: Actor,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let to = match outcome {
        IntentOutcome::Succeeded {
            amount_received,
            currency,
        } => {
            if *amount_received < order.total_minor
                || !currency.eq_ignore_ascii_case(&order.currency)
            {
                // Never expected (the intent is created for the total): a person must look.
                tracing::error!(
                    order = %order.id, amount_received, %currency, total = order.total_minor,
                    "Stripe reports a payment that doesn't cover the order; not marking it paid"
                );
                return Ok(false);
            }
            OrderStatus::Paid
        }
        IntentOutcome::Failed => OrderStatus::PaymentFailed,
        IntentOutcome::Canceled => OrderStatus::Canceled,
        IntentOutcome::Refunded {
            amount_refunded_total,
        } => {
            if *amount_refunded_total <= 0 {
                return Ok(false);
            }
            if *amount_refunded_total >= order.total_minor {
                OrderStatus::Refunded
            } else {
                OrderStatus::PartiallyRefunded
            }
        }
        IntentOutcome::Disputed => OrderStatus::Disputed,
    };
    let moved = move_order(tx, &order.id, order.shop_id, to, actor, reason).await?;
    if !moved
        && to == OrderStatus::Paid
        && status::parse(&order.status) == Some(OrderStatus::Canceled)
    {
        // The expiry job canceled the order (and released its stock) before the money came:
        // the payment is real and goes back to the shopper in full. The refund is reserved
        // here, with the event; the refund job carries it out (and retries it after a crash).
        let Some(row) = crate::orders::load_order(&mut **tx, order.shop_id, &order.id).await?
        else {
            return Ok(false);
        };
        let refund_id = crate::refunds::insert_refund(
            tx,
            &row,
            order.total_minor,
            "late_payment",
            "processing",
            "system",
        )
        .await?;
        crate::audit::record(
            &mut **tx,
            crate::audit::Entry {
                shop_id: order.shop_id,
                actor,
                action: "refund.late_payment",
                subject: crate::audit::Subject::Refund(refund_id),
                order_id: Some(&order.id),
                before: None,
                after: Some(
                    serde_json::json!({"status": "processing", "amount_minor": order.total_minor}),
                ),
                reason: "a payment succeeded for an order already canceled",
            },
        )
        .await?;
        tracing::warn!(
            order = %order.id, shop_id = order.shop_id, refund_id,
            "a payment succeeded for an order already canceled: refunding it"
        );
    }
    Ok(moved)
}
