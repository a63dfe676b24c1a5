//! Carrying out a reserved (`processing`) refund with the order's provider, and recording refunds
//! the provider reports that Shopchat didn't make (a refund in Stripe's dashboard).

use std::time::Duration;

use rand::RngCore;
use serde_json::json;
use shopchat_protocol::{OrderStatus, PaymentProvider};

use crate::audit::Actor;
use crate::audit::{self, Entry, Subject};
use crate::db::{self, DbPool, DbTx};
use crate::error::ApiError;
use crate::orders::{load_order, move_order};
use crate::stripe::ShopStripe;

/// The Stripe idempotency key of a refund row: a retried call can't refund twice.
pub fn refund_idempotency_key(shop_id: i64, refund_id: i64) -> String {
    format!("shop:{shop_id}:refund:{refund_id}")
}

/// What became of a refund the provider was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Execution {
    /// The money is on its way back.
    Succeeded,
    /// The provider refused it for certain: nothing was refunded and the amount is free again.
    Failed,
    /// No clear answer (timeout, connection lost, a 5xx, an unreadable answer): the money may
    /// have moved, so the refund stays `processing` and holds its amount; the refund job asks
    /// again with the same idempotency key until the provider answers.
    Processing,
}

/// The provider's answer to a refund call.
enum Answer {
    Refunded(String),
    Refused(String),
    Unclear(String),
}

/// Asks the provider to refund a `processing` refund, then records the answer: `succeeded` (and
/// the order moves to partially refunded or refunded), `failed` on a definite refusal (its
/// amount is free again), or nothing at all when the answer is unclear. The row changes (and
/// the change is audited) only if it is still `processing`, so a request and the refund job
/// racing on the same refund record it once.
pub async fn execute_refund(
    db: &DbPool,
    stripe: &ShopStripe,
    shop_id: i64,
    refund_id: i64,
    actor: Actor,
) -> Result<Execution, ApiError> {
    let (order_id, amount_minor): (String, i64) = sqlx::query_as(
        "select order_id, amount_minor from refund where id = $1 and shop_id = $2 and status = 'processing'",
    )
    .bind(refund_id)
    .bind(shop_id)
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::RefundNotFound)?;
    let order = load_order(db, shop_id, &order_id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let answer = match order.provider() {
        PaymentProvider::Demo => {
            let mut bytes = [0u8; 12];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            Answer::Refunded(format!("demo_re_{}", hex::encode(bytes)))
        }
        PaymentProvider::Stripe => match order.payment_ref.as_deref() {
            None => Answer::Refused("the order has no payment intent".to_owned()),
            Some(intent) => match stripe.client(db, shop_id).await {
                Err(e) => Answer::Refused(format!("no Stripe client: {e}")),
                Ok(client) => match crate::stripe::refund(
                    &client,
                    intent,
                    amount_minor,
                    &refund_idempotency_key(shop_id, refund_id),
                )
                .await
                {
                    Ok(refund) => Answer::Refunded(refund.id),
                    Err(e) if e.is_definite_refusal() => {
                        Answer::Refused(format!("{}: {e}", e.code()))
                    }
                    Err(e) => Answer::Unclear(format!("{}: {e}", e.code())),
                },
            },
        },
    };
    let (status, provider_ref) = match &answer {
        Answer::Refunded(provider_ref) => ("succeeded", Some(provider_ref.as_str())),
        Answer::Refused(detail) => {
            tracing::error!(refund_id, order = %order.number_label(), %detail, "the refund was refused");
            ("failed", None)
        }
        Answer::Unclear(detail) => {
            tracing::warn!(refund_id, order = %order.number_label(), %detail,
                "no clear answer to a refund; it stays processing and the refund job asks again");
            return Ok(Execution::Processing);
        }
    };
    let mut tx = db::begin_write(db).await?;
    let changed = sqlx::query(
        "update refund set status = $1, provider_ref = coalesce($2, provider_ref),
             updated_at = $5
         where id = $3 and shop_id = $4 and status = 'processing'",
    )
    .bind(status)
    .bind(provider_ref)
    .bind(refund_id)
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        // Someone else (the request or the job) recorded the answer first.
        tx.rollback().await?;
        let now: Option<String> =
            sqlx::query_scalar("select status from refund where id = $1 and shop_id = $2")
                .bind(refund_id)
                .bind(shop_id)
                .fetch_optional(db)
                .await?;
        return Ok(match now.as_deref() {
            Some("succeeded") => Execution::Succeeded,
            Some("processing") => Execution::Processing,
            _ => Execution::Failed,
        });
    }
    let succeeded = status == "succeeded";
    audit::record(
        &mut *tx,
        Entry {
            shop_id,
            actor,
            action: if succeeded {
                "refund.succeeded"
            } else {
                "refund.failed"
            },
            subject: Subject::Refund(refund_id),
            order_id: Some(&order_id),
            before: Some(json!({"status": "processing"})),
            after: Some(json!({
                "status": status,
                "amount_minor": amount_minor,
            })),
            reason: "",
        },
    )
    .await?;
    if succeeded {
        settle_status(
            &mut tx,
            shop_id,
            &order_id,
            actor,
            &format!("refund {refund_id}"),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(if succeeded {
        Execution::Succeeded
    } else {
        Execution::Failed
    })
}

/// How long a refund may stay `processing` before the job takes it over: long enough for the
/// request that reserved it to finish its own provider call.
pub const STUCK_AFTER: Duration = Duration::from_secs(30);

/// Carries out every refund still `processing` since before `now - stuck_after`: refunds
/// reserved by an event (a late payment), and any whose request died before the provider
/// answered. The idempotency key makes a repeated provider call harmless. Returns how many
/// went through.
pub async fn run_due(
    db: &DbPool,
    stripe: &ShopStripe,
    stuck_after: Duration,
) -> Result<usize, ApiError> {
    let due: Vec<(i64, i64)> = sqlx::query_as(
        "select shop_id, id from refund
         where status = 'processing' and updated_at <= $1
         order by id",
    )
    .bind(db::ago(stuck_after))
    .fetch_all(db)
    .await?;
    let mut done = 0;
    for (shop_id, refund_id) in due {
        match execute_refund(db, stripe, shop_id, refund_id, Actor::Job).await {
            Ok(Execution::Succeeded) => done += 1,
            Ok(_) => {}
            Err(e) => tracing::error!(refund_id, error = %e, "the refund job failed on a refund"),
        }
    }
    Ok(done)
}

/// Runs [`run_due`] now and then every half minute.
pub fn spawn(db: DbPool, stripe: ShopStripe) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(STUCK_AFTER);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if !db::take_lease(&db, "refunds", 2 * STUCK_AFTER)
                .await
                .unwrap_or(false)
            {
                continue;
            }
            if let Err(e) = run_due(&db, &stripe, STUCK_AFTER).await {
                tracing::error!(error = %e, "the refund job failed");
            }
        }
    })
}

/// Moves the order to refunded or partially refunded after what has succeeded so far. A
/// canceled order stays canceled (its refund is shown on its card).
async fn settle_status(
    tx: &mut DbTx,
    shop_id: i64,
    order_id: &str,
    actor: Actor,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let (total, refunded): (i64, i64) = sqlx::query_as(
        "select o.total_minor, coalesce((select cast(sum(r.amount_minor) as bigint) from refund r
                 where r.order_id = o.id and r.shop_id = o.shop_id and r.status = 'succeeded'), 0)
         from shop_order o where o.id = $1 and o.shop_id = $2",
    )
    .bind(order_id)
    .bind(shop_id)
    .fetch_one(&mut **tx)
    .await?;
    let to = if refunded >= total {
        OrderStatus::Refunded
    } else {
        OrderStatus::PartiallyRefunded
    };
    move_order(tx, order_id, shop_id, to, actor, reason).await?;
    Ok(())
}

/// The provider says `total_refunded_minor` has been refunded on the order's payment so far:
/// whatever Shopchat doesn't know of (a refund made in the provider's dashboard) is recorded
/// as one succeeded refund of origin `provider`. Inside the webhook's transaction.
pub async fn record_provider_refunds(
    tx: &mut DbTx,
    shop_id: i64,
    order_id: &str,
    total_refunded_minor: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    // Processing refunds are Shopchat's own, still being recorded: they are not outside ones.
    let (known, currency): (i64, String) = sqlx::query_as(
        "select coalesce((select cast(sum(amount_minor) as bigint) from refund
                 where order_id = o.id and shop_id = o.shop_id and status in ('processing', 'succeeded')), 0),
                o.currency
         from shop_order o where o.id = $1 and o.shop_id = $2",
    )
    .bind(order_id)
    .bind(shop_id)
    .fetch_one(&mut **tx)
    .await?;
    let unknown = total_refunded_minor - known;
    if unknown <= 0 {
        return Ok(());
    }
    let refund_id: i64 = sqlx::query_scalar(
        "insert into refund (shop_id, order_id, amount_minor, currency, reason, status, origin, note)
         values ($1, $2, $3, $4, 'other', 'succeeded', 'provider', 'refunded outside Shopchat') returning id",
    )
    .bind(shop_id)
    .bind(order_id)
    .bind(unknown)
    .bind(currency)
    .fetch_one(&mut **tx)
    .await?;
    audit::record(
        &mut **tx,
        Entry {
            shop_id,
            actor: Actor::Webhook,
            action: "refund.external",
            subject: Subject::Refund(refund_id),
            order_id: Some(order_id),
            before: Some(json!({"refunded_minor": known})),
            after: Some(json!({"refunded_minor": total_refunded_minor})),
            reason,
        },
    )
    .await
}
