//! Orders paid through Stripe, end to end against localstripe: the app creates the order's
//! PaymentIntent, localstripe delivers signed webhooks to the app's `/webhooks/stripe`, and
//! reconciliation catches what a lost webhook would have said. The browser's part (Stripe.js
//! confirming with a card) is played by the SDK's confirm call with `pm_card_*` test methods.

use shopchat_test_support as support;

use std::time::{Duration, SystemTime};

use reqwest::StatusCode;
use serde_json::json;
use shopchat_protocol::{OrderCreated, PaymentProvider};
use shopchat_server::orders::expiry;
use shopchat_server::payments::stripe::reconcile;
use shopchat_server::refunds;
use shopchat_server::stripe::{PaymentEventKind, StripeClient};
use stripe_core::payment_intent::RetrievePaymentIntent;
use support::localstripe::{
    confirm_as_browser, insert_stripe_shop, Delivery, LocalStripe, WebhookInbox,
};
use support::stripe_signer::sign_like_stripe;
use support::{error_code, TestApp};
use tokio::time::Instant;

const WEBHOOK_SECRET: &str = "whsec_shopchat_orders_test";
const PUBLISHABLE_KEY: &str = "pk_test_shopchat_orders";
const PRICE: i64 = 2599;
/// localstripe delivers about a second after the action.
const DEADLINE: Duration = Duration::from_secs(20);

/// The app pointed at a fresh localstripe, with one Stripe shop selling one item.
struct StripeShop {
    app: TestApp,
    stripe: LocalStripe,
    variant_id: i64,
}

/// The next `payment_intent.succeeded` delivery the inbox receives.
async fn succeeded(inbox: &mut WebhookInbox) -> Delivery {
    inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::IntentSucceeded { .. })
        })
        .await
        .1
}

impl StripeShop {
    async fn start() -> StripeShop {
        let stripe = LocalStripe::start().await;
        let api_base = stripe.api_base.clone();
        let app = TestApp::spawn_with(|s| s.stripe.api_base = Some(api_base)).await;
        let (_, variant_id) =
            insert_stripe_shop(&app.db, PUBLISHABLE_KEY, WEBHOOK_SECRET, PRICE).await;
        StripeShop {
            app,
            stripe,
            variant_id,
        }
    }

    fn client(&self) -> StripeClient {
        self.stripe.client()
    }

    /// localstripe delivers every event to the app.
    async fn deliver_webhooks_to_the_app(&self) {
        let url = format!("{}/webhooks/stripe", self.app.url);
        self.stripe
            .register_webhook("app", &url, WEBHOOK_SECRET)
            .await;
    }

    /// localstripe delivers every event to an inbox the test forwards by hand.
    async fn deliver_webhooks_to_an_inbox(&self) -> WebhookInbox {
        let inbox = WebhookInbox::start().await;
        self.stripe
            .register_webhook("inbox", &inbox.url, WEBHOOK_SECRET)
            .await;
        inbox
    }

    /// A shopper's order, created through the widget API with this idempotency key.
    async fn create_order(&self, conversation: &(String, String), key: &str) -> OrderCreated {
        let (id, token) = conversation;
        let response = self
            .app
            .client
            .post(format!("{}/api/v1/conversations/{id}/orders", self.app.url))
            .bearer_auth(token)
            .json(&json!({
                "variant_id": self.variant_id,
                "email": "ada@example.com",
                "idempotency_key": key,
            }))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.expect("an order")
    }

    async fn new_order(&self) -> OrderCreated {
        let conversation = self
            .app
            .create_conversation_with(
                json!({"shop": "stripe-shop", "locale": "en", "features": ["checkout"]}),
            )
            .await;
        self.create_order(&conversation, "key-1").await
    }

    async fn intent_of(&self, order: &OrderCreated) -> String {
        sqlx::query_scalar::<_, Option<String>>("select payment_ref from shop_order where id = $1")
            .bind(&order.order.order_id)
            .fetch_one(&self.app.db)
            .await
            .expect("the order")
            .expect("a PaymentIntent id")
    }

    /// Confirms the order's PaymentIntent with a test card, as Stripe.js would in the browser.
    async fn pay_with(
        &self,
        order: &OrderCreated,
        card: &str,
    ) -> Result<(), shopchat_server::stripe::StripeError> {
        confirm_as_browser(&self.client(), &self.intent_of(order).await, card)
            .await
            .map(|_| ())
    }

    async fn status(&self, order: &OrderCreated) -> String {
        sqlx::query_scalar("select status from shop_order where id = $1")
            .bind(&order.order.order_id)
            .fetch_one(&self.app.db)
            .await
            .expect("the order")
    }

    async fn wait_for_status(&self, order: &OrderCreated, wanted: &str) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let status = self.status(order).await;
            if status == wanted {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the order stayed {status}, never became {wanted}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The order's history: (from, to, actor).
    async fn history(&self, order: &OrderCreated) -> Vec<(Option<String>, String, String)> {
        sqlx::query_as(
            "select from_status, to_status, actor from order_event where order_id = $1 order by id",
        )
        .bind(&order.order.order_id)
        .fetch_all(&self.app.db)
        .await
        .expect("the history")
    }

    async fn post_webhook(&self, body: &[u8], signature: &str) -> reqwest::Response {
        self.app
            .client
            .post(format!("{}/webhooks/stripe", self.app.url))
            .header("stripe-signature", signature)
            .header("content-type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .expect("request")
    }

    async fn forward(&self, delivery: &Delivery) -> StatusCode {
        self.post_webhook(&delivery.body, &delivery.signature)
            .await
            .status()
    }
}

fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64
}

fn step(from: Option<&str>, to: &str, actor: &str) -> (Option<String>, String, String) {
    (from.map(str::to_owned), to.to_owned(), actor.to_owned())
}

#[tokio::test]
async fn an_order_of_a_stripe_shop_gets_a_payment_intent_for_its_total_and_a_replay_gets_the_same_one(
) {
    let shop = StripeShop::start().await;
    let conversation = shop
        .app
        .create_conversation_with(
            json!({"shop": "stripe-shop", "locale": "en", "features": ["checkout"]}),
        )
        .await;

    let order = shop.create_order(&conversation, "key-1").await;
    assert_eq!(order.payment.provider, PaymentProvider::Stripe);
    assert!(order.payment.test_mode);
    assert_eq!(
        order.payment.stripe_publishable_key.as_deref(),
        Some(PUBLISHABLE_KEY)
    );
    let client_secret = order
        .payment
        .client_secret
        .clone()
        .expect("a client secret");
    let intent_id = shop.intent_of(&order).await;
    assert!(client_secret.starts_with(&intent_id));

    let intent = RetrievePaymentIntent::new(intent_id.as_str())
        .send(shop.client().sdk())
        .await
        .expect("the intent");
    assert_eq!(intent.amount, order.order.breakdown.total.minor);
    assert_eq!(intent.amount, PRICE);
    assert_eq!(intent.currency.to_string(), "eur");
    assert_eq!(intent.metadata["order_id"], order.order.order_id);
    assert_eq!(intent.receipt_email.as_deref(), Some("ada@example.com"));

    let replay = shop.create_order(&conversation, "key-1").await;
    assert_eq!(replay.order.order_id, order.order.order_id);
    assert_eq!(replay.payment.client_secret, Some(client_secret));
    assert_eq!(shop.intent_of(&replay).await, intent_id);
}

#[tokio::test]
async fn a_good_test_card_pays_and_the_webhook_marks_the_order_paid() {
    let shop = StripeShop::start().await;
    shop.deliver_webhooks_to_the_app().await;
    let order = shop.new_order().await;

    shop.pay_with(&order, "pm_card_visa")
        .await
        .expect("the test Visa pays");

    shop.wait_for_status(&order, "paid").await;
    assert_eq!(
        shop.history(&order).await,
        [
            step(None, "awaiting_payment", "shopper"),
            step(Some("awaiting_payment"), "paid", "webhook"),
        ]
    );
}

#[tokio::test]
async fn a_declining_card_marks_the_order_payment_failed() {
    let shop = StripeShop::start().await;
    shop.deliver_webhooks_to_the_app().await;
    let order = shop.new_order().await;

    let declined = shop
        .pay_with(&order, "pm_card_visa_chargeDeclined")
        .await
        .unwrap_err();
    assert_eq!(declined.code(), "card_declined");

    shop.wait_for_status(&order, "payment_failed").await;
}

#[tokio::test]
async fn a_forged_or_stale_signature_is_refused_with_400_and_changes_nothing() {
    let shop = StripeShop::start().await;
    let mut inbox = shop.deliver_webhooks_to_an_inbox().await;
    let order = shop.new_order().await;
    shop.pay_with(&order, "pm_card_visa")
        .await
        .expect("the test Visa pays");
    let genuine = succeeded(&mut inbox).await;

    let forged = sign_like_stripe(&genuine.body, "whsec_attacker", unix_now());
    let response = shop.post_webhook(&genuine.body, &forged).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "invalid_signature");

    let stale = sign_like_stripe(&genuine.body, WEBHOOK_SECRET, unix_now() - 400);
    let response = shop.post_webhook(&genuine.body, &stale).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(response).await, "invalid_signature");

    let response = shop.post_webhook(&genuine.body, "").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    assert_eq!(shop.status(&order).await, "awaiting_payment");
    let recorded: i64 = sqlx::query_scalar("select count(*) from webhook_event")
        .fetch_one(&shop.app.db)
        .await
        .expect("a count");
    assert_eq!(recorded, 0);

    // The genuine delivery still works.
    assert_eq!(shop.forward(&genuine).await, StatusCode::OK);
    assert_eq!(shop.status(&order).await, "paid");
}

#[tokio::test]
async fn the_same_event_delivered_twice_has_one_effect() {
    let shop = StripeShop::start().await;
    let mut inbox = shop.deliver_webhooks_to_an_inbox().await;
    let order = shop.new_order().await;
    shop.pay_with(&order, "pm_card_visa")
        .await
        .expect("the test Visa pays");
    let succeeded = succeeded(&mut inbox).await;

    assert_eq!(shop.forward(&succeeded).await, StatusCode::OK);
    assert_eq!(shop.forward(&succeeded).await, StatusCode::OK);

    assert_eq!(shop.status(&order).await, "paid");
    let paid_events: i64 = sqlx::query_scalar(
        "select count(*) from order_event where order_id = $1 and to_status = 'paid'",
    )
    .bind(&order.order.order_id)
    .fetch_one(&shop.app.db)
    .await
    .expect("a count");
    assert_eq!(paid_events, 1);
}

#[tokio::test]
async fn a_late_payment_failed_after_paid_leaves_the_order_paid() {
    let shop = StripeShop::start().await;
    let mut inbox = shop.deliver_webhooks_to_an_inbox().await;
    let order = shop.new_order().await;
    let intent_id = shop.intent_of(&order).await;
    let client = shop.client();
    confirm_as_browser(&client, &intent_id, "pm_card_visa_chargeDeclined")
        .await
        .unwrap_err();
    let (_, failed) = inbox
        .wait_for(WEBHOOK_SECRET, |kind| {
            matches!(kind, PaymentEventKind::IntentFailed { .. })
        })
        .await;
    confirm_as_browser(&client, &intent_id, "pm_card_visa")
        .await
        .expect("another card pays");
    let succeeded = succeeded(&mut inbox).await;

    // Delivered out of order: the success first, the earlier decline afterwards (re-signed
    // now, as Stripe signs each delivery attempt afresh).
    assert_eq!(shop.forward(&succeeded).await, StatusCode::OK);
    let late = sign_like_stripe(&failed.body, WEBHOOK_SECRET, unix_now());
    assert_eq!(
        shop.post_webhook(&failed.body, &late).await.status(),
        StatusCode::OK
    );

    assert_eq!(shop.status(&order).await, "paid");
    assert_eq!(
        shop.history(&order).await,
        [
            step(None, "awaiting_payment", "shopper"),
            step(Some("awaiting_payment"), "paid", "webhook"),
        ]
    );
}

#[tokio::test]
async fn an_event_of_a_type_we_do_not_handle_is_acknowledged_and_ignored() {
    let shop = StripeShop::start().await;
    let body = json!({
        "id": "evt_other", "object": "event", "api_version": "2026-09-30.endive",
        "created": unix_now(), "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": {"object": "customer"}}, "type": "customer.created"
    })
    .to_string();
    let signature = sign_like_stripe(body.as_bytes(), WEBHOOK_SECRET, unix_now());
    assert_eq!(
        shop.post_webhook(body.as_bytes(), &signature)
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_lost_webhook_is_caught_by_reconciliation_which_marks_the_order_paid() {
    let shop = StripeShop::start().await;
    let order = shop.new_order().await;
    shop.pay_with(&order, "pm_card_visa")
        .await
        .expect("the test Visa pays");
    let settings = shop.app.state.stripe.clone();

    // Too young: its webhook may still come.
    let moved = reconcile::run_pass(&shop.app.db, &settings, SystemTime::now())
        .await
        .expect("a pass");
    assert_eq!(
        (moved, shop.status(&order).await.as_str()),
        (0, "awaiting_payment")
    );

    let later = SystemTime::now() + reconcile::GRACE + Duration::from_secs(60);
    let moved = reconcile::run_pass(&shop.app.db, &settings, later)
        .await
        .expect("a pass");
    assert_eq!(moved, 1);
    assert_eq!(shop.status(&order).await, "paid");
    assert_eq!(
        shop.history(&order).await.last(),
        Some(&step(Some("awaiting_payment"), "paid", "job"))
    );
}

#[tokio::test]
async fn a_payment_succeeding_after_the_order_expired_leaves_it_canceled() {
    let shop = StripeShop::start().await;
    let mut inbox = shop.deliver_webhooks_to_an_inbox().await;
    let order = shop.new_order().await;
    let later = SystemTime::now() + expiry::RESERVATION + Duration::from_secs(60);
    assert_eq!(
        expiry::run_pass(&shop.app.db, later).await.expect("a pass"),
        1
    );
    shop.pay_with(&order, "pm_card_visa")
        .await
        .expect("the test Visa pays");
    let succeeded = succeeded(&mut inbox).await;

    // Acknowledged (Stripe must not retry), not revived, and the money goes back: the refund
    // is reserved with the event and carried out by the refund job, through Stripe.
    assert_eq!(shop.forward(&succeeded).await, StatusCode::OK);
    assert_eq!(shop.status(&order).await, "canceled");
    let reserved: Vec<(i64, String, String)> =
        sqlx::query_as("select amount_minor, status, origin from refund where order_id = $1")
            .bind(&order.order.order_id)
            .fetch_all(&shop.app.db)
            .await
            .expect("refunds");
    let total = order.order.breakdown.total.minor;
    assert_eq!(
        reserved,
        [(total, "processing".to_owned(), "system".to_owned())]
    );
    // The same event again reserves nothing more.
    assert_eq!(shop.forward(&succeeded).await, StatusCode::OK);

    let done =
        refunds::execute::run_due(&shop.app.state.db, &shop.app.state.stripe, Duration::ZERO)
            .await
            .expect("the refund job");
    assert_eq!(done, 1);
    let (status, provider_ref): (String, String) =
        sqlx::query_as("select status, provider_ref from refund where order_id = $1")
            .bind(&order.order.order_id)
            .fetch_one(&shop.app.db)
            .await
            .expect("the refund");
    assert_eq!(status, "succeeded");
    assert!(
        provider_ref.starts_with("re_"),
        "refunded in Stripe: {provider_ref}"
    );
    assert_eq!(shop.status(&order).await, "canceled", "still canceled");
    let audit: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where order_id = $1 and action like 'refund.%' order by id",
    )
    .bind(&order.order.order_id)
    .fetch_all(&shop.app.db)
    .await
    .expect("the audit log");
    assert_eq!(audit, ["refund.late_payment", "refund.succeeded"]);
}
