//! The Stripe provider against localstripe on loopback, through async-stripe: intents,
//! test cards, refunds and signed webhooks. The browser's part (Stripe.js confirming with a
//! card) is played by the SDK's confirm call with Stripe's `pm_card_*` test methods.
//!
//! What localstripe cannot show, even through the launcher: the Payment Element and the
//! 3-D Secure challenge itself (its Stripe.js has neither; `requires_action` is as far as it
//! goes), automatic payment methods other than cards, Radar, disputes beyond their
//! creation, refunds that stay `pending` or fail later, webhook retries and endpoint
//! secrets managed through the API (`webhook_endpoints`), and live-mode behaviour such as
//! receipt emails being sent.

use shopchat_test_support as support;

use std::time::{Duration, SystemTime};

use shopchat_protocol::Currency;
use shopchat_server::stripe::{
    create_payment_intent, refund, retrieve_payment_intent, verify_and_parse, CreateIntent,
    IntentStatus, PaymentEventKind, SignatureProblem, StripeClient, StripeError, WebhookError,
};
use stripe_core::payment_intent::{CancelPaymentIntent, RetrievePaymentIntent};
use support::localstripe::{confirm_as_browser, LocalStripe, WebhookInbox};
use support::stripe_signer::sign_like_stripe;

const WEBHOOK_SECRET: &str = "whsec_shopchat_test";

fn order(number: &str, amount_minor: i64) -> CreateIntent {
    CreateIntent {
        amount_minor,
        currency: Currency::parse("EUR").expect("a currency"),
        order_public_id: format!("ord_{number}"),
        order_number: number.to_owned(),
        shop_id: 7,
        receipt_email: Some("shopper@example.com".into()),
        idempotency_key: format!("shopchat-order-{number}-intent"),
    }
}

/// An order paid with Stripe's test Visa; returns the intent id.
/// localstripe with a webhook to a fresh inbox, signed with [`WEBHOOK_SECRET`].
async fn stripe_with_webhooks() -> (LocalStripe, WebhookInbox) {
    let stripe = LocalStripe::start().await;
    let inbox = WebhookInbox::start().await;
    stripe
        .register_webhook("shop", &inbox.url, WEBHOOK_SECRET)
        .await;
    (stripe, inbox)
}

async fn paid_order(client: &StripeClient, number: &str, amount_minor: i64) -> String {
    let intent = create_payment_intent(client, order(number, amount_minor))
        .await
        .expect("an intent");
    confirm_as_browser(client, &intent.id, "pm_card_visa")
        .await
        .expect("the test Visa pays");
    intent.id
}

#[tokio::test]
async fn a_payment_intent_carries_the_order_and_the_same_idempotency_key_returns_the_same_intent() {
    let stripe = LocalStripe::start().await;
    let client = stripe.client();

    let first = create_payment_intent(&client, order("SC-1001", 4599))
        .await
        .expect("an intent");
    assert_eq!(first.status, IntentStatus::RequiresPaymentMethod);
    assert!(first.id.starts_with("pi_"));

    let stored = RetrievePaymentIntent::new(first.id.as_str())
        .send(client.sdk())
        .await
        .expect("the intent");
    assert_eq!(stored.amount, 4599);
    assert_eq!(stored.currency.to_string(), "eur");
    assert_eq!(stored.metadata["shop_id"], "7");
    assert_eq!(stored.metadata["order_id"], "ord_SC-1001");
    assert_eq!(stored.metadata["order_number"], "SC-1001");
    assert_eq!(stored.receipt_email.as_deref(), Some("shopper@example.com"));

    let again = create_payment_intent(&client, order("SC-1001", 4599))
        .await
        .expect("the same intent");
    assert_eq!(again.id, first.id);

    let conflict = create_payment_intent(&client, order("SC-1001", 1))
        .await
        .unwrap_err();
    assert_eq!(conflict.code(), "idempotency_conflict");

    let other = create_payment_intent(&client, order("SC-1002", 4599))
        .await
        .expect("another intent");
    assert_ne!(other.id, first.id);
}

#[tokio::test]
async fn a_good_test_card_pays_and_retrieve_reports_succeeded() {
    let stripe = LocalStripe::start().await;
    let client = stripe.client();

    let intent_id = paid_order(&client, "SC-1010", 2599).await;

    let state = retrieve_payment_intent(&client, &intent_id)
        .await
        .expect("its state");
    assert_eq!(state.status, IntentStatus::Succeeded);
    assert_eq!(state.amount_received, 2599);
    assert_eq!(state.currency, "EUR");
    assert_eq!(state.last_error_decline_code, None);
}

#[tokio::test]
async fn a_declined_card_fails_with_card_declined_and_the_intent_awaits_another_card() {
    let stripe = LocalStripe::start().await;
    let client = stripe.client();
    let intent = create_payment_intent(&client, order("SC-1020", 2599))
        .await
        .expect("an intent");

    let declined = confirm_as_browser(&client, &intent.id, "pm_card_visa_chargeDeclined")
        .await
        .unwrap_err();
    assert_eq!(declined.code(), "card_declined");
    assert_eq!(
        declined,
        StripeError::CardDeclined {
            decline_code: Some("generic_decline".into())
        }
    );
    let state = retrieve_payment_intent(&client, &intent.id)
        .await
        .expect("its state");
    assert_eq!(state.status, IntentStatus::RequiresPaymentMethod);
    assert_eq!(state.amount_received, 0);
    assert_eq!(
        state.last_error_decline_code.as_deref(),
        Some("generic_decline")
    );

    let broke = confirm_as_browser(
        &client,
        &intent.id,
        "pm_card_chargeDeclinedInsufficientFunds",
    )
    .await
    .unwrap_err();
    assert_eq!(
        broke,
        StripeError::CardDeclined {
            decline_code: Some("insufficient_funds".into())
        }
    );

    confirm_as_browser(&client, &intent.id, "pm_card_visa")
        .await
        .expect("another card pays");
    let state = retrieve_payment_intent(&client, &intent.id)
        .await
        .expect("its state");
    assert_eq!(state.status, IntentStatus::Succeeded);
}

#[tokio::test]
async fn a_3d_secure_card_requires_action() {
    let stripe = LocalStripe::start().await;
    let client = stripe.client();
    let intent = create_payment_intent(&client, order("SC-1030", 2599))
        .await
        .expect("an intent");

    let confirmed = confirm_as_browser(&client, &intent.id, "pm_card_threeDSecure2Required")
        .await
        .expect("confirmation asks for a step");
    assert!(confirmed.next_action.is_some());
    let state = retrieve_payment_intent(&client, &intent.id)
        .await
        .expect("its state");
    assert_eq!(state.status, IntentStatus::RequiresAction);
    assert_eq!(state.amount_received, 0);
}

#[tokio::test]
async fn a_webhook_from_localstripe_verifies_and_parses_into_intent_succeeded() {
    let (stripe, mut inbox) = stripe_with_webhooks().await;
    let client = stripe.client();

    let intent_id = paid_order(&client, "SC-1040", 3150).await;

    let (event, _) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::IntentSucceeded { .. })
        })
        .await;
    assert!(event.event_id.starts_with("evt_"));
    assert_eq!(
        event.kind,
        PaymentEventKind::IntentSucceeded {
            intent_id,
            amount_received: 3150,
            currency: "EUR".into(),
        }
    );
}

#[tokio::test]
async fn declined_and_canceled_intents_arrive_as_their_events() {
    let (stripe, mut inbox) = stripe_with_webhooks().await;
    let client = stripe.client();

    let declined = create_payment_intent(&client, order("SC-1050", 2599))
        .await
        .expect("an intent");
    let _ = confirm_as_browser(
        &client,
        &declined.id,
        "pm_card_chargeDeclinedInsufficientFunds",
    )
    .await;
    let (event, _) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::IntentFailed { .. })
        })
        .await;
    assert_eq!(
        event.kind,
        PaymentEventKind::IntentFailed {
            intent_id: declined.id.clone(),
            decline_code: Some("insufficient_funds".into()),
        }
    );

    CancelPaymentIntent::new(declined.id.as_str())
        .send(client.sdk())
        .await
        .expect("the abandoned intent is canceled");
    let (event, _) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::IntentCanceled { .. })
        })
        .await;
    assert_eq!(
        event.kind,
        PaymentEventKind::IntentCanceled {
            intent_id: declined.id
        }
    );
}

#[tokio::test]
async fn a_disputed_charge_arrives_as_dispute_created() {
    let (stripe, mut inbox) = stripe_with_webhooks().await;
    let client = stripe.client();
    let intent = create_payment_intent(&client, order("SC-1060", 2599))
        .await
        .expect("an intent");

    confirm_as_browser(&client, &intent.id, "pm_card_createDispute")
        .await
        .expect("the charge succeeds before the dispute");

    let (event, _) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::DisputeCreated { .. })
        })
        .await;
    assert_eq!(
        event.kind,
        PaymentEventKind::DisputeCreated {
            intent_id: intent.id
        }
    );
}

#[tokio::test]
async fn a_forged_signature_and_a_stale_timestamp_are_rejected() {
    let (stripe, mut inbox) = stripe_with_webhooks().await;
    let client = stripe.client();
    paid_order(&client, "SC-1070", 2599).await;
    let (_, genuine) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::IntentSucceeded { .. })
        })
        .await;
    let now = SystemTime::now();
    let unix_now = now
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    let rejected = |reason| Err(WebhookError::Signature(reason));

    // Someone without the secret signs the same body with their own.
    let forged = sign_like_stripe(&genuine.body, "whsec_attacker", unix_now);
    assert_eq!(
        verify_and_parse(&genuine.body, &forged, WEBHOOK_SECRET, now),
        rejected(SignatureProblem::Mismatch)
    );
    // The genuine header on a body with another amount.
    let text = std::str::from_utf8(&genuine.body).expect("UTF-8");
    let tampered = text.replacen("2599", "1", 1);
    assert_ne!(tampered, text);
    assert_eq!(
        verify_and_parse(tampered.as_bytes(), &genuine.signature, WEBHOOK_SECRET, now),
        rejected(SignatureProblem::Mismatch)
    );
    // A genuine delivery replayed ten minutes later.
    assert_eq!(
        verify_and_parse(
            &genuine.body,
            &genuine.signature,
            WEBHOOK_SECRET,
            now + Duration::from_secs(600)
        ),
        rejected(SignatureProblem::Stale)
    );
    // Correctly signed, but with a timestamp over five minutes old.
    let old = sign_like_stripe(&genuine.body, WEBHOOK_SECRET, unix_now - 301);
    assert_eq!(
        verify_and_parse(&genuine.body, &old, WEBHOOK_SECRET, now),
        rejected(SignatureProblem::Stale)
    );
    // And the genuine one still verifies.
    assert!(verify_and_parse(&genuine.body, &genuine.signature, WEBHOOK_SECRET, now).is_ok());
}

#[tokio::test]
async fn a_refund_sends_charge_refunded_with_the_total_refunded() {
    let (stripe, mut inbox) = stripe_with_webhooks().await;
    let client = stripe.client();
    let intent_id = paid_order(&client, "SC-1080", 2599).await;

    let first = refund(&client, &intent_id, 500, "shopchat-refund-1")
        .await
        .expect("a refund");
    assert_eq!(
        (first.amount_minor, first.status.as_str()),
        (500, "succeeded")
    );
    let retried = refund(&client, &intent_id, 500, "shopchat-refund-1")
        .await
        .expect("the same refund");
    assert_eq!(retried.id, first.id);
    let (event, _) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::ChargeRefunded { .. })
        })
        .await;
    assert_eq!(
        event.kind,
        PaymentEventKind::ChargeRefunded {
            intent_id: intent_id.clone(),
            amount_refunded_total: 500,
            currency: "EUR".into(),
        }
    );

    refund(&client, &intent_id, 2099, "shopchat-refund-2")
        .await
        .expect("the rest");
    let (event, _) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::ChargeRefunded { .. })
        })
        .await;
    assert_eq!(
        event.kind,
        PaymentEventKind::ChargeRefunded {
            intent_id,
            amount_refunded_total: 2599,
            currency: "EUR".into(),
        }
    );
}

#[tokio::test]
async fn a_secret_key_stripe_refuses_reads_payment_provider_auth_failed() {
    let stripe = LocalStripe::start().await;
    let client = StripeClient::new(
        &secrecy::SecretString::from("pk_test_not_a_secret_key".to_owned()),
        &stripe.settings(),
    )
    .expect("a client");

    let error = create_payment_intent(&client, order("SC-1090", 2599))
        .await
        .unwrap_err();
    assert_eq!(error, StripeError::Unauthorized);
    assert_eq!(error.code(), "payment_provider_auth_failed");
}

/// The tests' signer (written from Stripe's scheme) and the SDK's agree, so a header it makes
/// is one Stripe could have sent.
#[test]
fn the_test_signer_agrees_with_the_sdks() {
    const NOW: i64 = 1_800_000_000;
    let body = format!(
        r#"{{"id":"evt_unit","object":"event","api_version":"2026-09-30.endive","created":{NOW},"livemode":false,"pending_webhooks":1,"request":{{"id":null,"idempotency_key":null}},"data":{{"object":{{"object":"thing"}}}},"type":"shopchat.unit"}}"#
    );
    assert_eq!(
        sign_like_stripe(body.as_bytes(), WEBHOOK_SECRET, NOW),
        stripe_webhook::Webhook::generate_test_header(&body, WEBHOOK_SECRET, Some(NOW))
    );
}
