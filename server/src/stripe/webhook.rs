//! Stripe webhooks: check the `Stripe-Signature` header against the raw body with the shop's
//! signing secret (300 s tolerance), then turn the event into a provider-neutral
//! [`PaymentEvent`] that the order logic applies.

use std::time::{SystemTime, UNIX_EPOCH};

use stripe_webhook::{EventObject, Webhook, WebhookError as SdkError};

/// The header Stripe signs with (HTTP header names are case-insensitive).
pub const SIGNATURE_HEADER: &str = "stripe-signature";

/// A payment event, whichever provider sent it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentEvent {
    /// The provider's event id (`evt_…`): apply each one once.
    pub event_id: String,
    /// When the provider created the event, in Unix seconds. Events arrive in any order.
    pub created: i64,
    pub kind: PaymentEventKind,
}

/// What happened. Amounts are minor units; currencies upper-case ISO codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentEventKind {
    IntentSucceeded {
        intent_id: String,
        amount_received: i64,
        currency: String,
    },
    IntentFailed {
        intent_id: String,
        /// The issuer's reason (`insufficient_funds`, …), else Stripe's error code.
        decline_code: Option<String>,
    },
    IntentCanceled {
        intent_id: String,
    },
    /// A refund on the intent's charge; the amount is the total refunded so far, so a
    /// late or repeated event can't be counted twice.
    ChargeRefunded {
        intent_id: String,
        amount_refunded_total: i64,
        currency: String,
    },
    DisputeCreated {
        intent_id: String,
    },
    /// Any other event type (or one of the above without a PaymentIntent): nothing to do.
    Other(String),
}

/// Why a webhook was refused. The route answers 400 to both.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("webhook signature rejected: {0}")]
    Signature(SignatureProblem),
    /// Correctly signed, but not an event this SDK can read. Stripe retries it.
    #[error("unreadable webhook event: {0}")]
    Payload(String),
}

/// Which check the signature failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SignatureProblem {
    #[error("the shop has no webhook signing secret")]
    NoSecret,
    #[error("no t=…,v1=… signature header")]
    Malformed,
    #[error("no signature matches the body")]
    Mismatch,
    #[error("signed more than 300 s from now")]
    Stale,
}

/// Verifies and parses one delivery. `raw_body` must be the bytes as received: re-encoded
/// JSON would not match the signature.
pub fn verify_and_parse(
    raw_body: &[u8],
    signature_header: &str,
    secret: &str,
    now: SystemTime,
) -> Result<PaymentEvent, WebhookError> {
    use SignatureProblem::*;
    // An empty key is still a valid HMAC key: anyone could sign with it.
    if secret.trim().is_empty() {
        return Err(WebhookError::Signature(NoSecret));
    }
    let has = |name: &str| {
        signature_header
            .split(',')
            .any(|part| part.trim().starts_with(name))
    };
    if !has("t=") || !has("v1=") {
        return Err(WebhookError::Signature(Malformed));
    }
    // Stripe signs UTF-8 JSON only, and the SDK checks signatures over text: other bytes were
    // not signed by Stripe, whatever the header says (so they are not a signed `Payload`).
    let Ok(payload) = std::str::from_utf8(raw_body) else {
        return Err(WebhookError::Signature(Mismatch));
    };
    let now = unix_seconds(now);
    // The SDK computes `now - t` unchecked, which overflows for a `t` near `i64::MIN`: a panic in
    // debug builds, and in release a wrapped age that can pass as fresh. So the age is checked
    // here first; the SDK then only sees a `t` within the tolerance.
    if signed_at(signature_header).is_some_and(|t| {
        now.checked_sub(t)
            .is_none_or(|age| age.unsigned_abs() > TOLERANCE_SECS)
    }) {
        return Err(WebhookError::Signature(Stale));
    }
    // Nothing Stripe sends holds a NUL character, and no text column can store one: refused
    // once the signature checked out, however the event parses.
    let nul = || WebhookError::Payload("a NUL character (\\u0000) in the event".into());
    match Webhook::construct_event_with_timestamp(payload, signature_header, secret, now) {
        Ok(_) if crate::text::has_nul_escape(raw_body) => Err(nul()),
        Ok(event) => Ok(PaymentEvent {
            event_id: event.id.to_string(),
            created: event.created,
            kind: kind_of(event.type_.as_str(), &event.data.object),
        }),
        Err(SdkError::BadHeader(_)) => Err(WebhookError::Signature(Malformed)),
        Err(SdkError::BadSignature | SdkError::BadKey) => Err(WebhookError::Signature(Mismatch)),
        Err(SdkError::BadTimestamp(_)) => Err(WebhookError::Signature(Stale)),
        // Reached only after the signature checked out.
        Err(SdkError::BadParse(_)) if crate::text::has_nul_escape(raw_body) => Err(nul()),
        Err(SdkError::BadParse(reason)) => {
            parse_unhandled(payload).ok_or(WebhookError::Payload(reason))
        }
    }
}

/// How far a signature's `t` may be from now, either way.
const TOLERANCE_SECS: u64 = 300;

/// The `t=` of a signature header as the SDK reads it (the last one counts), if it is a number.
fn signed_at(header: &str) -> Option<i64> {
    let (_, t) = header
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .rfind(|(key, _)| *key == "t")?;
    t.parse().ok()
}

fn kind_of(event_type: &str, object: &EventObject) -> PaymentEventKind {
    match object {
        EventObject::PaymentIntentSucceeded(intent) => PaymentEventKind::IntentSucceeded {
            intent_id: intent.id.to_string(),
            amount_received: intent.amount_received,
            currency: intent.currency.to_string().to_ascii_uppercase(),
        },
        EventObject::PaymentIntentPaymentFailed(intent) => PaymentEventKind::IntentFailed {
            intent_id: intent.id.to_string(),
            decline_code: intent.last_payment_error.as_deref().and_then(|error| {
                error
                    .decline_code
                    .clone()
                    .or_else(|| error.code.as_ref().map(|code| code.as_str().to_owned()))
            }),
        },
        EventObject::PaymentIntentCanceled(intent) => PaymentEventKind::IntentCanceled {
            intent_id: intent.id.to_string(),
        },
        EventObject::ChargeRefunded(charge) => match &charge.payment_intent {
            Some(intent) => PaymentEventKind::ChargeRefunded {
                intent_id: intent.id().to_string(),
                amount_refunded_total: charge.amount_refunded,
                currency: charge.currency.to_string().to_ascii_uppercase(),
            },
            None => PaymentEventKind::Other(event_type.to_owned()),
        },
        EventObject::ChargeDisputeCreated(dispute) => match &dispute.payment_intent {
            Some(intent) => PaymentEventKind::DisputeCreated {
                intent_id: intent.id().to_string(),
            },
            None => PaymentEventKind::Other(event_type.to_owned()),
        },
        _ => PaymentEventKind::Other(event_type.to_owned()),
    }
}

/// The SDK reads the full object of every event type, so a type we ignore anyway can fail
/// on a field this SDK version doesn't expect. Such an event is still a valid delivery; one
/// of the types we act on is an error (so Stripe retries and the log shows it).
fn parse_unhandled(payload: &str) -> Option<PaymentEvent> {
    #[derive(serde::Deserialize)]
    struct Envelope {
        id: String,
        created: i64,
        #[serde(rename = "type")]
        type_: String,
    }
    const HANDLED: [&str; 5] = [
        "payment_intent.succeeded",
        "payment_intent.payment_failed",
        "payment_intent.canceled",
        "charge.refunded",
        "charge.dispute.created",
    ];
    let envelope: Envelope = serde_json::from_str(payload).ok()?;
    if HANDLED.contains(&envelope.type_.as_str()) {
        return None;
    }
    Some(PaymentEvent {
        event_id: envelope.id,
        created: envelope.created,
        kind: PaymentEventKind::Other(envelope.type_),
    })
}

fn unix_seconds(time: SystemTime) -> i64 {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_secs()).unwrap_or(i64::MAX),
    }
}

#[cfg(test)]
#[path = "webhook_tests.rs"]
mod tests;
