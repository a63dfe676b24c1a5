//! Unit tests of webhook signatures and parsing; deliveries from a real stand-in are in
//! `server/tests/api/stripe.rs`.

use std::time::{Duration, UNIX_EPOCH};

use super::*;

const SECRET: &str = "whsec_unit_test";
const NOW: i64 = 1_800_000_000;

fn at(seconds: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(u64::try_from(seconds).unwrap())
}

fn event(type_: &str, object: &str) -> String {
    format!(
        r#"{{"id":"evt_unit","object":"event","api_version":"2026-09-30.endive","created":{NOW},"livemode":false,"pending_webhooks":1,"request":{{"id":null,"idempotency_key":null}},"data":{{"object":{object}}},"type":"{type_}"}}"#
    )
}

fn verify(body: &str, header: &str) -> Result<PaymentEvent, WebhookError> {
    verify_and_parse(body.as_bytes(), header, SECRET, at(NOW))
}

/// A genuine signature, from the SDK's own signer. The integration tests check it against one
/// written from Stripe's scheme (test support's `sign_like_stripe`).
fn sign_like_stripe(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let payload = std::str::from_utf8(payload).unwrap();
    Webhook::generate_test_header(payload, secret, Some(timestamp))
}

#[test]
fn a_signed_event_of_another_type_is_accepted_as_other() {
    let body = event("shopchat.unit", r#"{"object":"thing"}"#);
    let parsed = verify(&body, &sign_like_stripe(body.as_bytes(), SECRET, NOW)).unwrap();
    assert_eq!(
        parsed,
        PaymentEvent {
            event_id: "evt_unit".into(),
            created: NOW,
            kind: PaymentEventKind::Other("shopchat.unit".into()),
        }
    );
}

#[test]
fn a_signature_made_with_another_secret_is_rejected() {
    let body = event("shopchat.unit", r#"{"object":"thing"}"#);
    let forged = sign_like_stripe(body.as_bytes(), "whsec_attacker", NOW);
    assert_eq!(
        verify(&body, &forged),
        Err(WebhookError::Signature(SignatureProblem::Mismatch))
    );
}

#[test]
fn a_body_changed_after_signing_is_rejected() {
    let body = event("shopchat.unit", r#"{"object":"thing"}"#);
    let header = sign_like_stripe(body.as_bytes(), SECRET, NOW);
    let tampered = body.replace("thing", "thinG");
    assert_eq!(
        verify(&tampered, &header),
        Err(WebhookError::Signature(SignatureProblem::Mismatch))
    );
}

#[test]
fn signatures_older_or_newer_than_five_minutes_are_stale() {
    let body = event("shopchat.unit", r#"{"object":"thing"}"#);
    for offset in [-301, 301] {
        let header = sign_like_stripe(body.as_bytes(), SECRET, NOW + offset);
        assert_eq!(
            verify(&body, &header),
            Err(WebhookError::Signature(SignatureProblem::Stale)),
            "{offset}"
        );
    }
    for offset in [-300, 300] {
        let header = sign_like_stripe(body.as_bytes(), SECRET, NOW + offset);
        assert!(verify(&body, &header).is_ok(), "{offset}");
    }
}

#[test]
fn a_missing_or_garbled_header_is_malformed() {
    let body = event("shopchat.unit", r#"{"object":"thing"}"#);
    for header in ["", "v1=abc", "t=123", "t=soon,v1=abc"] {
        assert_eq!(
            verify(&body, header),
            Err(WebhookError::Signature(SignatureProblem::Malformed)),
            "{header:?}"
        );
    }
}

#[test]
fn without_a_secret_nothing_verifies() {
    let body = event("shopchat.unit", r#"{"object":"thing"}"#);
    let header = sign_like_stripe(body.as_bytes(), "", NOW);
    assert_eq!(
        verify_and_parse(body.as_bytes(), &header, "", at(NOW)),
        Err(WebhookError::Signature(SignatureProblem::NoSecret))
    );
}

#[test]
fn an_ignored_type_whose_object_the_sdk_cannot_read_is_still_accepted() {
    let body = event("customer.created", r#"{"object":"customer"}"#);
    let parsed = verify(&body, &sign_like_stripe(body.as_bytes(), SECRET, NOW)).unwrap();
    assert_eq!(
        parsed.kind,
        PaymentEventKind::Other("customer.created".into())
    );
}

#[test]
fn a_handled_type_whose_object_the_sdk_cannot_read_is_an_error() {
    let body = event("payment_intent.succeeded", r#"{"object":"payment_intent"}"#);
    let result = verify(&body, &sign_like_stripe(body.as_bytes(), SECRET, NOW));
    assert!(
        matches!(result, Err(WebhookError::Payload(_))),
        "{result:?}"
    );
}

#[test]
fn a_signed_event_with_a_nul_character_is_refused_whether_or_not_the_sdk_parses_it() {
    let parsed = event("shopchat.unit", r#"{"object":"thing"}"#).replace("evt_unit", "evt_\\u0000");
    // `data.object: null` doesn't parse as the SDK's event: the fallback reader takes it.
    let unparsed = event("customer.created", "null").replace("evt_unit", "\\u0000");
    for body in [parsed, unparsed] {
        let result = verify(&body, &sign_like_stripe(body.as_bytes(), SECRET, NOW));
        assert!(
            matches!(result, Err(WebhookError::Payload(_))),
            "{body}: {result:?}"
        );
    }
}
