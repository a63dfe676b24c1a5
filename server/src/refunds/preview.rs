//! What a refund or a cancellation would do, decided by the same policy and facts as the real
//! thing but without changing anything: the summary a shopper sees before saying yes.

use std::time::SystemTime;

use shopchat_protocol::OrderStatus;

use super::facts;
use super::policy::{self, Decision, RefundPolicy, Refusal};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::orders::{load_order, status};

/// What a refund request would come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundPreview {
    /// `amount_minor` goes back: at once (`review_days` None) or after the shop's review.
    Refund {
        amount_minor: i64,
        /// Shipping the shopper does not get back under the policy for this reason.
        shipping_kept_minor: i64,
        review_days: Option<i64>,
    },
    Refused {
        refusal: Refusal,
        refundable_minor: i64,
    },
}

/// What cancelling would come to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CancelPreview {
    /// Unpaid: canceled, nothing to refund.
    Cancel,
    /// Paid, not shipped: canceled and `amount_minor` refunded in full at once.
    CancelAndRefund {
        amount_minor: i64,
    },
    /// Shipped: it becomes a refund request under the policy.
    AsRefund(RefundPreview),
    AlreadyCanceled,
    NotCancelable,
}

/// Previews a refund request for `reason` (a policy code); `amount` None asks for all allowed.
pub async fn preview_refund(
    db: &DbPool,
    shop_id: i64,
    order_id: &str,
    reason: &str,
    amount: Option<i64>,
    now: SystemTime,
) -> Result<RefundPreview, ApiError> {
    let policy = RefundPolicy::for_shop(db, shop_id).await?;
    let mut tx = db.begin().await?;
    let order = load_order(&mut *tx, shop_id, order_id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let facts = facts(&mut tx, &order).await?;
    drop(tx);
    Ok(match policy::decide(&policy, &facts, reason, amount, now) {
        Decision::Refuse {
            refusal,
            refundable_minor,
        } => RefundPreview::Refused {
            refusal,
            refundable_minor,
        },
        Decision::Refund { amount_minor } | Decision::Queue { amount_minor } => {
            let kept = if policy.shipping_reasons.iter().any(|r| r == reason) {
                0
            } else {
                facts.shipping_minor
            };
            RefundPreview::Refund {
                amount_minor,
                shipping_kept_minor: kept.min(facts.total_minor - amount_minor).max(0),
                review_days: (amount_minor > policy.auto_approve_minor)
                    .then_some(policy.review_days),
            }
        }
    })
}

/// Previews cancelling the order, as `super::cancel_order` would decide it.
pub async fn preview_cancel(
    db: &DbPool,
    shop_id: i64,
    order_id: &str,
    reason: &str,
    now: SystemTime,
) -> Result<CancelPreview, ApiError> {
    let order = load_order(db, shop_id, order_id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let (fulfilled_at, committed): (Option<String>, i64) = sqlx::query_as(
        "select o.fulfilled_at,
                (select coalesce(cast(sum(amount_minor) as bigint), 0) from refund r
                  where r.order_id = o.id and r.shop_id = o.shop_id
                    and r.status in ('processing', 'succeeded'))
         from shop_order o where o.id = $1 and o.shop_id = $2",
    )
    .bind(order_id)
    .bind(shop_id)
    .fetch_one(db)
    .await?;
    Ok(match order.status()? {
        s if status::is_unpaid(s) => CancelPreview::Cancel,
        OrderStatus::Paid if fulfilled_at.is_none() => {
            let amount_minor = order.total_minor - committed;
            if amount_minor <= 0 {
                CancelPreview::Cancel
            } else {
                CancelPreview::CancelAndRefund { amount_minor }
            }
        }
        OrderStatus::Canceled => CancelPreview::AlreadyCanceled,
        OrderStatus::Refunded | OrderStatus::Disputed => CancelPreview::NotCancelable,
        _ => CancelPreview::AsRefund(
            preview_refund(
                db,
                shop_id,
                order_id,
                policy::reason_code(reason),
                None,
                now,
            )
            .await?,
        ),
    })
}

impl CancelPreview {
    /// Money that would go back to the shopper.
    pub fn amount_minor(&self) -> i64 {
        match self {
            CancelPreview::CancelAndRefund { amount_minor }
            | CancelPreview::AsRefund(RefundPreview::Refund { amount_minor, .. }) => *amount_minor,
            _ => 0,
        }
    }
}
