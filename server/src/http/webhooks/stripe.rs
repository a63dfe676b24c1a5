//! Stripe's webhooks: verify the delivery with the signing secret of the shop it is for,
//! record its event id and apply its effect in one transaction, once.
//!
//! `POST /webhooks/stripe/{shop}` is a shop's own URL: only that shop's secret is tried.
//! `POST /webhooks/stripe` is shared by every shop (kept for setups made before shops had their
//! own URL), so the shop is only known once a shop's secret verifies the signature. The
//! unverified body is read for hints (the intent's `shop_id` metadata, or the shop of the order
//! whose `payment_ref` is the intent), and those shops' secrets are tried first, then other
//! Stripe shops', at most [`MAX_SECRETS_TRIED`] in all. Hints only order the attempts: the
//! secret that verifies decides the shop, and the order is then looked up in that shop only,
//! so a body naming another shop can't reach that shop's orders. A delivery without a
//! well-formed signature header is refused before any secret is read.

use std::time::SystemTime;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use secrecy::ExposeSecret;
use serde_json::Value;

use crate::audit::Actor;
use crate::db;
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::payments::stripe::{apply_outcome, order_for_intent, IntentOutcome};
use crate::refunds;
use crate::sealed::SecretColumn;
use crate::stripe::webhook::SIGNATURE_HEADER;
use crate::stripe::{verify_and_parse, PaymentEvent, PaymentEventKind, WebhookError};

/// Secrets the shared URL tries for one delivery at most (the hinted shops' first).
pub const MAX_SECRETS_TRIED: usize = 20;

/// `POST /webhooks/stripe/{shop}`: the shop's own webhook URL.
pub async fn receive_shop_stripe_webhook(
    State(state): State<AppState>,
    Path(shop_key): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let signature = signature_of(&headers)?;
    let shop: Option<(i64, Option<String>)> =
        sqlx::query_as("select id, stripe_webhook_secret from shop where public_key = $1")
            .bind(&shop_key)
            .fetch_optional(&state.db)
            .await?;
    let Some((shop_id, secret)) = shop else {
        return Err(ApiError::UnknownShop);
    };
    // The shop exists but has set no signing secret: nothing can verify the delivery.
    let Some(secret) = secret.filter(|s| !s.trim().is_empty()) else {
        tracing::warn!(
            shop_id,
            "a Stripe webhook for a shop with no signing secret set"
        );
        return Err(ApiError::InvalidSignature);
    };
    let secret = state
        .secrets
        .open(shop_id, SecretColumn::StripeWebhookSecret, &secret)?;
    let event = match verify_and_parse(
        &body,
        signature,
        secret.expose_secret().trim(),
        SystemTime::now(),
    ) {
        Ok(event) => event,
        Err(WebhookError::Signature(_)) => {
            tracing::warn!(
                shop_id,
                "a webhook the shop's signing secret does not verify"
            );
            return Err(ApiError::InvalidSignature);
        }
        Err(WebhookError::Payload(detail)) => {
            tracing::warn!(shop_id, %detail, "a signed webhook we cannot read");
            return Err(ApiError::InvalidRequest("unreadable event".into()));
        }
    };
    apply(&state, shop_id, event).await
}

/// `POST /webhooks/stripe`: the URL every shop shared before each had its own.
pub async fn receive_stripe_webhook(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let signature = signature_of(&headers)?;
    let (shop_id, event) = verify(&state, &body, signature).await?;
    apply(&state, shop_id, event).await
}

/// The signature header, refused at once when it can't be a Stripe signature (no `t=` and
/// `v1=` parts), so a junk request costs no database read.
fn signature_of(headers: &HeaderMap) -> Result<&str, ApiError> {
    let signature = headers
        .get(SIGNATURE_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let has = |prefix: &str| {
        signature
            .split(',')
            .any(|part| part.trim().starts_with(prefix))
    };
    if signature.len() > 4096 || !has("t=") || !has("v1=") {
        return Err(ApiError::InvalidSignature);
    }
    Ok(signature)
}

/// Records the verified event for the shop and applies its effect, once.
async fn apply(
    state: &AppState,
    shop_id: i64,
    event: PaymentEvent,
) -> Result<StatusCode, ApiError> {
    let event_type = event_type(&event.kind);
    let mut tx = db::begin_write(&state.db).await?;
    let first_delivery = sqlx::query(
        "insert into webhook_event (id, shop_id, type) values ($1, $2, $3) on conflict (id) do nothing",
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
         where coalesce(trim(stripe_webhook_secret), '') != '' order by id",
    )
    .fetch_all(&state.db)
    .await?;
    // Hinted shops first, then the others oldest first (a stable sort keeps the ids' order).
    shops.sort_by_key(|(id, _)| !hints.contains(id));
    shops.truncate(MAX_SECRETS_TRIED);
    let now = SystemTime::now();
    // A secret that doesn't open can't verify anything, but it is no reason to refuse another
    // shop's delivery; it is the answer only when no other shop's secret verifies.
    let mut unreadable = None;
    for (shop_id, secret) in shops {
        let secret = match state
            .secrets
            .open(shop_id, SecretColumn::StripeWebhookSecret, &secret)
        {
            Ok(secret) => secret,
            Err(e) => {
                tracing::error!(error = %e, "a webhook signing secret does not open");
                unreadable = Some(e);
                continue;
            }
        };
        match verify_and_parse(body, signature, secret.expose_secret().trim(), now) {
            Ok(event) => return Ok((shop_id, event)),
            Err(WebhookError::Signature(_)) => continue,
            Err(WebhookError::Payload(detail)) => {
                tracing::warn!(shop_id, %detail, "a signed webhook we cannot read");
                return Err(ApiError::InvalidRequest("unreadable event".into()));
            }
        }
    }
    if let Some(e) = unreadable {
        return Err(e.into());
    }
    tracing::warn!("a webhook no shop's signing secret verifies");
    Err(ApiError::InvalidSignature)
}

/// Shops the unverified body points at: the intent's `shop_id` metadata, and the shop of the
/// order paid by the intent it names.
async fn shop_hints(state: &AppState, body: &[u8]) -> Result<Vec<i64>, ApiError> {
    // A NUL character is in nothing Stripe sends, and in no id the database can look up.
    if crate::text::has_nul_escape(body) {
        return Ok(Vec::new());
    }
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
            "select shop_id from shop_order where provider = 'stripe' and payment_ref = $1 limit 1",
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
