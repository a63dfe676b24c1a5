//! Refunds and cancellations under the shop's policy (`policy`). A request is decided at once
//! inside one `BEGIN IMMEDIATE` transaction that also reserves its amount (a `processing` refund
//! row), so concurrent requests can never refund more than was captured; the provider is asked
//! after the commit (`execute`), and a failure releases the reservation. Requests above the
//! auto-approve ceiling wait (`pending`) for the merchant's approval or denial.

pub mod execute;
pub mod policy;
pub mod preview;
pub mod queries;

use std::time::SystemTime;

use serde_json::json;
use shopchat_protocol::OrderStatus;

use crate::audit::Actor;
use crate::audit::{self, Entry, Subject};
use crate::db::{self, DbPool, DbTx};
use crate::error::ApiError;
use crate::orders::{load_order, move_order, OrderRow};
use crate::stripe::ShopStripe;
use policy::{Decision, OrderFacts, RefundPolicy, Refusal};

pub use execute::{execute_refund, record_provider_refunds, Execution};

/// What came of a refund request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundResult {
    /// The money is on its way back.
    Refunded { refund_id: i64, amount_minor: i64 },
    /// Waiting for the merchant, who answers within about `review_days` business days.
    Queued {
        refund_id: i64,
        amount_minor: i64,
        review_days: i64,
    },
    Refused {
        refusal: Refusal,
        refundable_minor: i64,
    },
    /// The provider refused it; nothing was refunded and the amount is free again.
    ProviderFailed,
    /// The provider gave no clear answer; the refund stays under way and is asked again with
    /// the same idempotency key until it answers (never refunded twice).
    Processing { refund_id: i64, amount_minor: i64 },
}

impl RefundResult {
    /// A stable code for the model and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            RefundResult::Refunded { .. } => "refunded",
            RefundResult::Queued { .. } => "queued",
            RefundResult::Refused { refusal, .. } => refusal.code(),
            RefundResult::ProviderFailed => "provider_failed",
            RefundResult::Processing { .. } => "processing",
        }
    }
}

/// The order's refund facts, read inside the caller's transaction.
async fn facts(tx: &mut DbTx, order: &OrderRow) -> Result<OrderFacts, ApiError> {
    let (committed_minor, refund_count): (i64, i64) = sqlx::query_as(
        "select coalesce(cast(sum(amount_minor) as bigint), 0), count(*) from refund
         where order_id = $1 and shop_id = $2 and status in ('pending', 'processing', 'succeeded')",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_one(&mut **tx)
    .await?;
    // Refunds made outside Shopchat count against the limit of money but not of requests.
    let provider_count: i64 = sqlx::query_scalar(
        "select count(*) from refund where order_id = $1 and shop_id = $2 and origin = 'provider'
           and status = 'succeeded'",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_one(&mut **tx)
    .await?;
    // The shop decides whether the window counts from delivery (else payment) or from payment.
    let (delivered_at, window_from): (Option<String>, String) = sqlx::query_as(
        "select o.delivered_at, s.refund_window_from from shop_order o join shop s on s.id = o.shop_id
         where o.id = $1 and o.shop_id = $2",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_one(&mut **tx)
    .await?;
    let delivered_at = delivered_at.filter(|_| window_from == "delivery");
    let paid_at: Option<String> = sqlx::query_scalar(
        "select min(created_at) from order_event where order_id = $1 and shop_id = $2 and to_status = 'paid'",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(OrderFacts {
        status: order.status()?,
        total_minor: order.total_minor,
        shipping_minor: order.shipping_minor,
        committed_minor,
        refund_count: refund_count - provider_count,
        window_start: paid_at.map(|paid| delivered_at.unwrap_or(paid)),
    })
}

/// A shopper's refund request (through the assistant), decided under the shop's policy.
/// `amount`: `None` asks for everything the policy allows.
#[allow(
    clippy::too_many_arguments,
    reason = "what it moves money with (the pool, Stripe), then the request's own six parts"
)]
pub async fn request_refund(
    db: &DbPool,
    stripe: &ShopStripe,
    shop_id: i64,
    order_id: &str,
    reason: &str,
    amount: Option<i64>,
    actor: Actor,
    now: SystemTime,
) -> Result<RefundResult, ApiError> {
    let policy = RefundPolicy::for_shop(db, shop_id).await?;
    let mut tx = db::begin_write(db).await?;
    let order = load_order(&mut *tx, shop_id, order_id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let facts = facts(&mut tx, &order).await?;
    let decision = policy::decide(&policy, &facts, reason, amount, now);
    let (status, amount_minor) = match decision {
        Decision::Refuse {
            refusal,
            refundable_minor,
        } => {
            audit::record(
                &mut *tx,
                Entry {
                    shop_id,
                    actor,
                    action: "refund.refused",
                    subject: Subject::Order(order_id),
                    order_id: Some(order_id),
                    before: None,
                    after: Some(json!({"refusal": refusal.code(), "asked_minor": amount})),
                    reason,
                },
            )
            .await?;
            tx.commit().await?;
            return Ok(RefundResult::Refused {
                refusal,
                refundable_minor,
            });
        }
        Decision::Refund { amount_minor } => ("processing", amount_minor),
        Decision::Queue { amount_minor } => ("pending", amount_minor),
    };
    let refund_id = insert_refund(&mut tx, &order, amount_minor, reason, status, "shopper").await?;
    audit::record(
        &mut *tx,
        Entry {
            shop_id,
            actor,
            action: if status == "processing" {
                "refund.approved_by_policy"
            } else {
                "refund.requested"
            },
            subject: Subject::Refund(refund_id),
            order_id: Some(order_id),
            before: None,
            after: Some(json!({"status": status, "amount_minor": amount_minor})),
            reason,
        },
    )
    .await?;
    tx.commit().await?;
    if status == "pending" {
        return Ok(RefundResult::Queued {
            refund_id,
            amount_minor,
            review_days: policy.review_days,
        });
    }
    Ok(
        match execute_refund(db, stripe, shop_id, refund_id, actor).await? {
            Execution::Succeeded => RefundResult::Refunded {
                refund_id,
                amount_minor,
            },
            Execution::Failed => RefundResult::ProviderFailed,
            Execution::Processing => RefundResult::Processing {
                refund_id,
                amount_minor,
            },
        },
    )
}

pub(crate) async fn insert_refund(
    tx: &mut DbTx,
    order: &OrderRow,
    amount_minor: i64,
    reason: &str,
    status: &str,
    origin: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into refund (shop_id, order_id, amount_minor, currency, reason, status, origin)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(order.shop_id)
    .bind(&order.id)
    .bind(amount_minor)
    .bind(&order.currency)
    .bind(reason)
    .bind(status)
    .bind(origin)
    .fetch_one(&mut **tx)
    .await
}

/// The merchant approves a queued request: it is executed, if the order can still take it.
/// Returns what became of it.
pub async fn approve_refund(
    db: &DbPool,
    stripe: &ShopStripe,
    shop_id: i64,
    refund_id: i64,
    note: Option<&str>,
) -> Result<Execution, ApiError> {
    let mut tx = db::begin_write(db).await?;
    let (order_id, amount_minor): (String, i64) = sqlx::query_as(
        "select order_id, amount_minor from refund where id = $1 and shop_id = $2 and status = 'pending'",
    )
    .bind(refund_id)
    .bind(shop_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::RefundNotFound)?;
    let order = load_order(&mut *tx, shop_id, &order_id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    // What else is refunded or under way must still leave room for this one.
    let others: i64 = sqlx::query_scalar(
        "select coalesce(cast(sum(amount_minor) as bigint), 0) from refund
         where order_id = $1 and shop_id = $2 and id != $3 and status in ('processing', 'succeeded')",
    )
    .bind(&order_id)
    .bind(shop_id)
    .bind(refund_id)
    .fetch_one(&mut *tx)
    .await?;
    if others + amount_minor > order.total_minor || order.status()? == OrderStatus::Disputed {
        return Err(ApiError::RefundNotAllowed);
    }
    sqlx::query(
        "update refund set status = 'processing', note = $1, updated_at = $4
         where id = $2 and shop_id = $3 and status = 'pending'",
    )
    .bind(note)
    .bind(refund_id)
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut *tx,
        Entry {
            shop_id,
            actor: Actor::Merchant,
            action: "refund.approved",
            subject: Subject::Refund(refund_id),
            order_id: Some(&order_id),
            before: Some(json!({"status": "pending"})),
            after: Some(json!({"status": "processing", "amount_minor": amount_minor})),
            reason: note.unwrap_or_default(),
        },
    )
    .await?;
    tx.commit().await?;
    execute_refund(db, stripe, shop_id, refund_id, Actor::Merchant).await
}

/// The merchant denies a queued request, with a note the shopper may be told.
pub async fn deny_refund(
    db: &DbPool,
    shop_id: i64,
    refund_id: i64,
    note: &str,
) -> Result<(), ApiError> {
    let mut tx = db::begin_write(db).await?;
    let order_id: String = sqlx::query_scalar(
        "update refund set status = 'denied', note = $1, updated_at = $4
         where id = $2 and shop_id = $3 and status = 'pending' returning order_id",
    )
    .bind(note)
    .bind(refund_id)
    .bind(shop_id)
    .bind(db::now())
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ApiError::RefundNotFound)?;
    audit::record(
        &mut *tx,
        Entry {
            shop_id,
            actor: Actor::Merchant,
            action: "refund.denied",
            subject: Subject::Refund(refund_id),
            order_id: Some(&order_id),
            before: Some(json!({"status": "pending"})),
            after: Some(json!({"status": "denied"})),
            reason: note,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What came of a cancellation request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CancelResult {
    /// Canceled before payment: nothing to refund, the stock is back.
    Canceled,
    /// Canceled before shipping and refunded in full; `refund` says whether the money went
    /// back, the provider refused (the merchant sees the refund as failed) or it is still under
    /// way.
    CanceledAndRefunded {
        amount_minor: i64,
        refund: Execution,
    },
    /// Already shipped: handled as a refund request under the policy.
    RefundRequest(RefundResult),
    /// Already canceled.
    AlreadyCanceled,
    /// Refunded or disputed: nothing left to cancel.
    NotCancelable,
}

impl CancelResult {
    pub fn code(&self) -> &'static str {
        match self {
            CancelResult::Canceled => "canceled",
            CancelResult::CanceledAndRefunded {
                refund: Execution::Succeeded,
                ..
            } => "canceled_and_refunded",
            CancelResult::CanceledAndRefunded {
                refund: Execution::Processing,
                ..
            } => "canceled_refund_processing",
            CancelResult::CanceledAndRefunded { .. } => "canceled_refund_failed",
            CancelResult::RefundRequest(_) => "refund_request",
            CancelResult::AlreadyCanceled => "already_canceled",
            CancelResult::NotCancelable => "not_cancelable",
        }
    }
}

/// Cancels the order: unpaid → canceled (stock released); paid and not shipped → canceled and
/// refunded in full; shipped → a refund request under the policy with this reason.
pub async fn cancel_order(
    db: &DbPool,
    stripe: &ShopStripe,
    shop_id: i64,
    order_id: &str,
    reason: &str,
    actor: Actor,
    now: SystemTime,
) -> Result<CancelResult, ApiError> {
    let mut tx = db::begin_write(db).await?;
    let order = load_order(&mut *tx, shop_id, order_id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let fulfilled_at: Option<String> =
        sqlx::query_scalar("select fulfilled_at from shop_order where id = $1 and shop_id = $2")
            .bind(order_id)
            .bind(shop_id)
            .fetch_one(&mut *tx)
            .await?;
    let why = format!("canceled: {reason}");
    match order.status()? {
        OrderStatus::AwaitingPayment | OrderStatus::PaymentFailed => {
            let moved = move_order(
                &mut tx,
                order_id,
                shop_id,
                OrderStatus::Canceled,
                actor,
                &why,
            )
            .await?;
            tx.commit().await?;
            Ok(if moved {
                CancelResult::Canceled
            } else {
                CancelResult::NotCancelable
            })
        }
        OrderStatus::Paid if fulfilled_at.is_none() => {
            let committed: i64 = sqlx::query_scalar(
                "select coalesce(cast(sum(amount_minor) as bigint), 0) from refund
                 where order_id = $1 and shop_id = $2 and status in ('processing', 'succeeded')",
            )
            .bind(order_id)
            .bind(shop_id)
            .fetch_one(&mut *tx)
            .await?;
            // Waiting requests are superseded by the full refund.
            sqlx::query(
                "update refund set status = 'denied', note = 'superseded by the cancellation',
                     updated_at = $3
                 where order_id = $1 and shop_id = $2 and status = 'pending'",
            )
            .bind(order_id)
            .bind(shop_id)
            .bind(db::now())
            .execute(&mut *tx)
            .await?;
            move_order(
                &mut tx,
                order_id,
                shop_id,
                OrderStatus::Canceled,
                actor,
                &why,
            )
            .await?;
            let amount_minor = order.total_minor - committed;
            if amount_minor <= 0 {
                tx.commit().await?;
                return Ok(CancelResult::Canceled);
            }
            let refund_id = insert_refund(
                &mut tx,
                &order,
                amount_minor,
                "canceled",
                "processing",
                "shopper",
            )
            .await?;
            audit::record(
                &mut *tx,
                Entry {
                    shop_id,
                    actor,
                    action: "refund.cancellation",
                    subject: Subject::Refund(refund_id),
                    order_id: Some(order_id),
                    before: None,
                    after: Some(json!({"status": "processing", "amount_minor": amount_minor})),
                    reason,
                },
            )
            .await?;
            tx.commit().await?;
            let refund = execute_refund(db, stripe, shop_id, refund_id, actor).await?;
            Ok(CancelResult::CanceledAndRefunded {
                amount_minor,
                refund,
            })
        }
        OrderStatus::Canceled => Ok(CancelResult::AlreadyCanceled),
        OrderStatus::Refunded | OrderStatus::Disputed => Ok(CancelResult::NotCancelable),
        OrderStatus::Paid | OrderStatus::Fulfilled | OrderStatus::PartiallyRefunded => {
            drop(tx);
            let code = policy::reason_code(reason);
            let result =
                request_refund(db, stripe, shop_id, order_id, code, None, actor, now).await?;
            Ok(CancelResult::RefundRequest(result))
        }
    }
}
