//! Unpaid orders don't hold stock forever: an order still awaiting payment (or declined and
//! never retried) when its reservation runs out is canceled by this job and its unit goes back
//! to stock. One pass runs at start-up, then one a minute.
//!
//! Stripe orders expire the same way; the Stripe module should cancel an expiring order's
//! PaymentIntent first, since a payment succeeding after this cancellation can't revive the
//! order (see `status`) and has to be refunded.

use std::time::{Duration, SystemTime};

use anyhow::Context;
use shopchat_protocol::OrderStatus;
use tokio::task::JoinHandle;

use super::status;
use super::transition::move_order;
use crate::audit::Actor;
use crate::clock;
use crate::db::{self, DbPool};

/// How long a new order holds its unit of stock while the shopper pays.
pub const RESERVATION: Duration = Duration::from_secs(15 * 60);

/// How often the job looks for expired reservations.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// Orders canceled per pass at most; the next pass takes the rest.
const BATCH: i64 = 500;

/// Cancels every unpaid order whose reservation ended at or before `now`; returns how many.
/// Each order is canceled in its own transaction, re-checked inside it, so a payment that
/// lands between the search and the cancellation wins.
pub async fn run_pass(db: &DbPool, now: SystemTime) -> anyhow::Result<usize> {
    let now = clock::timestamp(now);
    let due: Vec<(String, i64)> = sqlx::query_as(
        "select id, shop_id from shop_order
         where status in ('awaiting_payment', 'payment_failed') and reserved_until <= $1
         order by reserved_until limit $2",
    )
    .bind(&now)
    .bind(BATCH)
    .fetch_all(db)
    .await
    .context("finding expired reservations")?;
    let mut canceled = 0;
    for (order_id, shop_id) in due {
        let mut tx = db::begin_write(db).await?;
        let current: Option<(String, Option<String>)> = sqlx::query_as(
            "select status, reserved_until from shop_order where id = $1 and shop_id = $2",
        )
        .bind(&order_id)
        .bind(shop_id)
        .fetch_optional(&mut *tx)
        .await?;
        let still_due = current.is_some_and(|(s, until)| {
            status::parse(&s).is_some_and(status::is_unpaid)
                && until.is_some_and(|until| until <= now)
        });
        if still_due
            && move_order(
                &mut tx,
                &order_id,
                shop_id,
                OrderStatus::Canceled,
                Actor::Job,
                "reservation expired",
            )
            .await
            .with_context(|| format!("canceling order {order_id}"))?
        {
            canceled += 1;
        }
        tx.commit().await?;
    }
    if canceled > 0 {
        tracing::info!(canceled, "canceled unpaid orders whose reservation expired");
    }
    Ok(canceled)
}

/// Runs a pass every [`INTERVAL`] until the task is aborted. A failed pass is logged and the
/// next one tries again.
pub fn spawn(db: DbPool) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + INTERVAL, INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if !crate::db::take_lease(&db, "reservation_expiry", 2 * INTERVAL)
                .await
                .unwrap_or(false)
            {
                continue;
            }
            if let Err(e) = run_pass(&db, SystemTime::now()).await {
                tracing::error!(error = ?e, "the reservation expiry pass failed");
            }
        }
    })
}
