//! `POST /webhooks/stripe`: verify the delivery with the signing secret of the shop it is
//! for, record its event id and apply its effect in one transaction, once.
//!
//! Which shop: one endpoint serves every shop, and the shop is only known for sure once a
//! shop's secret verifies the signature. The unverified body is read for hints (the intent's
//! `shop_id` metadata, or the shop of the order whose `payment_ref` is the intent), and those
//! shops' secrets are tried first, then every other Stripe shop's (there are few). Hints only
//! order the attempts: the secret that verifies decides the shop, and the order is then looked
//! up in that shop only, so a body naming another shop can't reach that shop's orders.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::db;
use crate::error::ApiError;
use crate::orders::Actor;
use crate::payments::stripe::{apply_outcome, order_for_intent, IntentOutcome};
use crate::refunds;
use crate::state::AppState;
use crate::stripe::webhook::SIGNATURE_HEADER;
use crate::stripe::{verify_and_parse, PaymentEvent, PaymentEventKind, WebhookError};

pub async fn receive_stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let (shop_id, event) = verify(&state, &body, signature).await?;
    let event_type = event_type(&event.kind);
    let mut tx = db::begin_write(&state.db).await?;
    let first_delivery = sqlx::query(
        "insert into webhook_event (id, shop_id, type) values (?, ?, ?) on conflict (id) do nothing",
    )
    .bind(&event.event_id)
    .bind(shop_id)
    .bind(event_type)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !first_delivery {
        tracing::info!(event = %event.event_id, event_type, "webhook redelivered; already applied");
        return Ok(StatusCode::OK);
    }
    if let Some((intent_id, outcome)) = outcome_of(&event.kind) {
        match order_for_intent(&mut tx, shop_id, intent_id).await? {
            Some(order) => {
                let reason = format!("stripe {event_type} {}", event.event_id);
                if let IntentOutcome::Refunded {
                    amount_refunded_total,
                } = &outcome
                {
                    // A refund made in Stripe's dashboard gets its record, so the card shows it.
                    refunds::record_provider_refunds(
                        &mut tx,
                        shop_id,
                        &order.id,
                        *amount_refunded_total,
                        &reason,
                    )
                    .await?;
                }
                let moved =
                    apply_outcome(&mut tx, &order, &outcome, Actor::Webhook, &reason).await?;
                tracing::info!(event = %event.event_id, event_type, order = %order.id, moved, "webhook applied");
            }
            None => {
                tracing::info!(event = %event.event_id, event_type, intent = %intent_id, "webhook for an intent of no order");
            }
        }
    }
    tx.commit().await?;
    Ok(StatusCode::OK)
}

/// The shop whose signing secret verifies the delivery, and its event.
async fn verify(
    state: &AppState,
    body: &[u8],
    signature: &str,
) -> Result<(i64, PaymentEvent), ApiError> {
    let hints = shop_hints(state, body).await?;
    let mut shops: Vec<(i64, String)> = sqlx::query_as(
        "select id, stripe_webhook_secret from shop
         where coalesce(trim(stripe_webhook_secret), '') != ''",
    )
    .fetch_all(&state.db)
    .await?;
    shops.sort_by_key(|(id, _)| !hints.contains(id));
    let now = SystemTime::now();
    for (shop_id, secret) in shops {
        match verify_and_parse(body, signature, secret.trim(), now) {
            Ok(event) => return Ok((shop_id, event)),
            Err(WebhookError::Signature(_)) => continue,
            Err(WebhookError::Payload(detail)) => {
                tracing::warn!(shop_id, %detail, "a signed webhook we cannot read");
                return Err(ApiError::InvalidRequest("unreadable event".into()));
            }
        }
    }
    tracing::warn!("a webhook no shop's signing secret verifies");
    Err(ApiError::InvalidSignature)
}

/// Shops the unverified body points at: the intent's `shop_id` metadata, and the shop of the
/// order paid by the intent it names.
async fn shop_hints(state: &AppState, body: &[u8]) -> Result<Vec<i64>, ApiError> {
    let Ok(event) = serde_json::from_slice::<Value>(body) else {
        return Ok(Vec::new());
    };
    let object = &event["data"]["object"];
    let mut hints: Vec<i64> = object["metadata"]["shop_id"]
        .as_str()
        .and_then(|s| s.parse().ok())
        .into_iter()
        .collect();
    let intent = match object["object"].as_str() {
        Some("payment_intent") => object["id"].as_str(),
        _ => object["payment_intent"].as_str(),
    };
    if let Some(intent) = intent {
        let shop: Option<i64> = sqlx::query_scalar(
            "select shop_id from shop_order where provider = 'stripe' and payment_ref = ? limit 1",
        )
        .bind(intent)
        .fetch_optional(&state.db)
        .await?;
        hints.extend(shop);
    }
    Ok(hints)
}

fn outcome_of(kind: &PaymentEventKind) -> Option<(&str, IntentOutcome)> {
    Some(match kind {
        PaymentEventKind::IntentSucceeded {
            intent_id,
            amount_received,
            currency,
        } => (
            intent_id,
            IntentOutcome::Succeeded {
                amount_received: *amount_received,
                currency: currency.clone(),
            },
        ),
        PaymentEventKind::IntentFailed { intent_id, .. } => (intent_id, IntentOutcome::Failed),
        PaymentEventKind::IntentCanceled { intent_id } => (intent_id, IntentOutcome::Canceled),
        PaymentEventKind::ChargeRefunded {
            intent_id,
            amount_refunded_total,
            ..
        } => (
            intent_id,
            IntentOutcome::Refunded {
                amount_refunded_total: *amount_refunded_total,
            },
        ),
        PaymentEventKind::DisputeCreated { intent_id } => (intent_id, IntentOutcome::Disputed),
        PaymentEventKind::Other(_) => return None,
    })
}

fn event_type(kind: &PaymentEventKind) -> &str {
    match kind {
        PaymentEventKind::IntentSucceeded { .. } => "payment_intent.succeeded",
        PaymentEventKind::IntentFailed { .. } => "payment_intent.payment_failed",
        PaymentEventKind::IntentCanceled { .. } => "payment_intent.canceled",
        PaymentEventKind::ChargeRefunded { .. } => "charge.refunded",
        PaymentEventKind::DisputeCreated { .. } => "charge.dispute.created",
        PaymentEventKind::Other(other) => other,
    }
}
