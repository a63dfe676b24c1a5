//! The demo gateway: the default provider when a shop has no Stripe key, so the whole checkout
//! works offline with test cards only (the widget labels it "Test mode — no real charge").
//! Same order states and history as Stripe: every attempt is recorded in `payment_attempt`
//! (with at most the card's last four digits) in the same transaction as the status change.

pub mod cards;

use std::time::SystemTime;

use rand::RngCore;
use shopchat_protocol::{DemoPaymentRequest, OrderStatus, PaymentOutcome, PaymentProvider};

use crate::audit::Actor;
use crate::clock;
use crate::db::{self, DbPool, DbTx};
use crate::error::ApiError;
use crate::orders::{load_order, move_order, order_view, status, OrderRow};
use cards::Verdict;

/// What one attempt came to.
enum Outcome {
    Paid,
    Declined(&'static str),
    RequiresAction,
}

/// Pays the order with a test card. A second payment of a paid order is refused and changes
/// nothing; a declined order may be paid again.
pub async fn pay(
    db: &DbPool,
    order: &OrderRow,
    card: &DemoPaymentRequest,
    now: SystemTime,
) -> Result<PaymentOutcome, ApiError> {
    let verdict = cards::check(card, clock::year_month(now));
    let last4 = cards::last4(&card.card_number);
    let mut tx = db::begin_write(db).await?;
    let order = payable_order(&mut tx, order, now).await?;
    let payment_ref = new_payment_ref();
    let outcome = match verdict {
        Verdict::Approve => Outcome::Paid,
        Verdict::Decline(code) => Outcome::Declined(code),
        Verdict::RequiresAction => Outcome::RequiresAction,
    };
    let answer = apply(&mut tx, &order, outcome, last4.as_deref(), &payment_ref).await?;
    tx.commit().await?;
    Ok(answer)
}

/// The shopper's answer to the confirmation step: approve pays, reject declines with
/// `authentication_failed`. Refused when no confirmation is pending.
pub async fn confirm(
    db: &DbPool,
    order: &OrderRow,
    approve: bool,
    now: SystemTime,
) -> Result<PaymentOutcome, ApiError> {
    let mut tx = db::begin_write(db).await?;
    let order = payable_order(&mut tx, order, now).await?;
    let latest: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "select outcome, card_last4, payment_ref from payment_attempt
         where order_id = $1 and shop_id = $2 order by id desc limit 1",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(("requires_action", last4, Some(payment_ref))) = latest
        .as_ref()
        .map(|(o, l, r)| (o.as_str(), l.clone(), r.clone()))
    else {
        return Err(ApiError::PaymentNotAllowed);
    };
    let outcome = if approve {
        Outcome::Paid
    } else {
        Outcome::Declined("authentication_failed")
    };
    let answer = apply(&mut tx, &order, outcome, last4.as_deref(), &payment_ref).await?;
    tx.commit().await?;
    Ok(answer)
}

/// The order as it is now, inside the transaction, if it can take a demo payment: unpaid,
/// still reserved, and taken by the demo gateway.
async fn payable_order(
    tx: &mut DbTx,
    order: &OrderRow,
    now: SystemTime,
) -> Result<OrderRow, ApiError> {
    let current = load_order(&mut **tx, order.shop_id, &order.id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let now = clock::timestamp(now);
    let reserved = current
        .reserved_until
        .as_deref()
        .is_some_and(|until| until > now.as_str());
    if current.provider() != PaymentProvider::Demo
        || !status::is_unpaid(current.status()?)
        || !reserved
    {
        return Err(ApiError::PaymentNotAllowed);
    }
    Ok(current)
}

/// Records the attempt and moves the order, in the caller's transaction.
async fn apply(
    tx: &mut DbTx,
    order: &OrderRow,
    outcome: Outcome,
    last4: Option<&str>,
    payment_ref: &str,
) -> Result<PaymentOutcome, ApiError> {
    let (name, decline_code) = match outcome {
        Outcome::Paid => ("paid", None),
        Outcome::Declined(code) => ("declined", Some(code)),
        Outcome::RequiresAction => ("requires_action", None),
    };
    sqlx::query(
        "insert into payment_attempt (shop_id, order_id, provider, outcome, decline_code, card_last4, payment_ref)
         values ($1, $2, 'demo', $3, $4, $5, $6)",
    )
    .bind(order.shop_id)
    .bind(&order.id)
    .bind(name)
    .bind(decline_code)
    .bind(last4)
    .bind(payment_ref)
    .execute(&mut **tx)
    .await?;
    tracing::info!(order = %order.number_label(), outcome = name, decline_code, "demo payment attempt");
    match outcome {
        Outcome::Paid => {
            sqlx::query("update shop_order set payment_ref = $1 where id = $2 and shop_id = $3")
                .bind(payment_ref)
                .bind(&order.id)
                .bind(order.shop_id)
                .execute(&mut **tx)
                .await?;
            let reason = format!("demo payment {payment_ref}");
            if !move_order(
                tx,
                &order.id,
                order.shop_id,
                OrderStatus::Paid,
                Actor::Shopper,
                &reason,
            )
            .await?
            {
                return Err(ApiError::PaymentNotAllowed);
            }
            let paid = load_order(&mut **tx, order.shop_id, &order.id)
                .await?
                .ok_or(ApiError::OrderNotFound)?;
            Ok(PaymentOutcome::Paid {
                order: order_view(&paid)?,
            })
        }
        Outcome::Declined(code) => {
            // Already `payment_failed` after an earlier decline: the move is a no-op, the
            // attempt above is the record.
            move_order(
                tx,
                &order.id,
                order.shop_id,
                OrderStatus::PaymentFailed,
                Actor::Shopper,
                code,
            )
            .await?;
            Ok(PaymentOutcome::Declined {
                decline_code: code.to_owned(),
            })
        }
        Outcome::RequiresAction => Ok(PaymentOutcome::RequiresAction),
    }
}

/// A demo payment id, in the spirit of a provider's own (`demo_pay_…`).
fn new_payment_ref() -> String {
    let mut bytes = [0u8; 12];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("demo_pay_{}", hex::encode(bytes))
}
