//! Reconciliation, the backstop for lost webhooks: Stripe orders still awaiting payment a few
//! minutes after they were created are looked up at Stripe, and what their PaymentIntent says
//! is applied through the same code as a webhook (actor `job`). One pass at start-up, then
//! one every [`INTERVAL`].

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use anyhow::Context;
use tokio::task::JoinHandle;

use super::apply::{apply_outcome, order_for_intent, IntentOutcome};
use crate::audit::Actor;
use crate::clock;
use crate::db::{self, DbPool};
use crate::stripe::{retrieve_payment_intent, IntentState, IntentStatus, ShopStripe, StripeClient};

/// An order younger than this is left to its webhook, which normally arrives in seconds.
pub const GRACE: Duration = Duration::from_secs(5 * 60);

/// How often the job runs.
pub const INTERVAL: Duration = Duration::from_secs(5 * 60);

/// Orders looked up per pass at most; the next pass takes the rest.
const BATCH: i64 = 200;

/// Looks up every Stripe order awaiting payment since before `now - GRACE` and applies its
/// intent's state; returns how many orders moved. A failed lookup is logged and skipped.
pub async fn run_pass(db: &DbPool, stripe: &ShopStripe, now: SystemTime) -> anyhow::Result<usize> {
    let cutoff = clock::timestamp(now.checked_sub(GRACE).unwrap_or(now));
    let due: Vec<(i64, String)> = sqlx::query_as(
        "select shop_id, payment_ref from shop_order
         where provider = 'stripe' and status = 'awaiting_payment'
           and payment_ref is not null and created_at <= $1
         order by created_at limit $2",
    )
    .bind(&cutoff)
    .bind(BATCH)
    .fetch_all(db)
    .await
    .context("finding Stripe orders awaiting payment")?;
    let mut clients: HashMap<i64, StripeClient> = HashMap::new();
    let mut moved = 0;
    for (shop_id, intent_id) in due {
        let client = match clients.get(&shop_id) {
            Some(client) => client.clone(),
            None => match stripe.client(db, shop_id).await {
                Ok(client) => clients.entry(shop_id).or_insert(client).clone(),
                Err(e) => {
                    tracing::warn!(shop_id, error = %e, "reconciliation skips a shop without a Stripe client");
                    continue;
                }
            },
        };
        let state = match retrieve_payment_intent(&client, &intent_id).await {
            Ok(state) => state,
            Err(e) => {
                tracing::warn!(shop_id, intent = %intent_id, code = e.code(), error = %e, "reconciliation could not read an intent");
                continue;
            }
        };
        let Some(outcome) = outcome_of(&state) else {
            continue;
        };
        let mut tx = db::begin_write(db).await?;
        if let Some(order) = order_for_intent(&mut tx, shop_id, &intent_id).await? {
            let reason = format!("reconciled: intent {}", state.status.as_str());
            if apply_outcome(&mut tx, &order, &outcome, Actor::Job, &reason).await? {
                moved += 1;
            }
        }
        tx.commit().await?;
    }
    if moved > 0 {
        tracing::info!(moved, "reconciliation applied Stripe's state to orders");
    }
    Ok(moved)
}

/// What an intent's state says about its order, if anything yet.
fn outcome_of(state: &IntentState) -> Option<IntentOutcome> {
    match &state.status {
        IntentStatus::Succeeded => Some(IntentOutcome::Succeeded {
            amount_received: state.amount_received,
            currency: state.currency.clone(),
        }),
        IntentStatus::Canceled => Some(IntentOutcome::Canceled),
        // Back to asking for a card after an attempt failed: a decline.
        IntentStatus::RequiresPaymentMethod if state.last_error_decline_code.is_some() => {
            Some(IntentOutcome::Failed)
        }
        _ => None,
    }
}

/// Runs a pass at once (the start-up pass, off the start-up path so a slow Stripe can't hold
/// the server), then every [`INTERVAL`], until aborted. A failed pass is logged.
pub fn spawn(db: DbPool, stripe: ShopStripe) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(INTERVAL);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if !crate::db::take_lease(&db, "stripe_reconciliation", 2 * INTERVAL)
                .await
                .unwrap_or(false)
            {
                continue;
            }
            if let Err(e) = run_pass(&db, &stripe, SystemTime::now()).await {
                tracing::error!(error = ?e, "the Stripe reconciliation pass failed");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(status: IntentStatus, decline: Option<&str>) -> IntentState {
        IntentState {
            id: "pi_1".into(),
            status,
            amount_minor: 2599,
            currency: "EUR".into(),
            amount_received: 2599,
            last_error_decline_code: decline.map(str::to_owned),
        }
    }

    #[test]
    fn only_settled_intents_say_something_about_their_order() {
        assert!(matches!(
            outcome_of(&state(IntentStatus::Succeeded, None)),
            Some(IntentOutcome::Succeeded {
                amount_received: 2599,
                ..
            })
        ));
        assert_eq!(
            outcome_of(&state(IntentStatus::Canceled, None)),
            Some(IntentOutcome::Canceled)
        );
        assert_eq!(
            outcome_of(&state(
                IntentStatus::RequiresPaymentMethod,
                Some("generic_decline")
            )),
            Some(IntentOutcome::Failed)
        );
        for waiting in [
            IntentStatus::RequiresPaymentMethod,
            IntentStatus::RequiresAction,
            IntentStatus::Processing,
        ] {
            assert_eq!(outcome_of(&state(waiting, None)), None);
        }
    }
}
