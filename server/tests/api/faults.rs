//! Checkout when Stripe fails: answering 500, losing its answer after acting, slow past the
//! client's timeout, or unreachable. The shopper gets a clear error they can retry (503 with
//! `payment_provider_unavailable` and `Retry-After`), the retry with the same idempotency key
//! finds the same order and the same PaymentIntent (never a second charge), and the rest of
//! the service keeps answering.

use shopchat_test_support as support;

use std::time::Duration;

use reqwest::header::RETRY_AFTER;
use reqwest::{Response, StatusCode};
use serde_json::{json, Value};
use shopchat_protocol::{OrderCreated, StreamEvent};
use support::faults::{Fault, FaultProxy};
use support::localstripe::{confirm_as_browser, insert_stripe_shop, LocalStripe, SECRET_KEY};
use support::{error_code, TestApp};
use tokio::time::Instant;

const WEBHOOK_SECRET: &str = "whsec_shopchat_faults_test";
const PRICE: i64 = 1800;
/// localstripe delivers about a second after the action.
const DEADLINE: Duration = Duration::from_secs(20);
/// The app gives up on a Stripe call after this long (the test setting; 30 s by default).
const STRIPE_TIMEOUT: Duration = Duration::from_secs(1);

struct Shop {
    app: TestApp,
    variant_id: i64,
    conversation: (String, String),
}

impl Shop {
    /// A Stripe shop whose calls go to `api_base`.
    async fn start(api_base: String) -> Shop {
        let app = TestApp::spawn_with(|s| {
            s.stripe.api_base = Some(api_base);
            s.stripe.timeout = Some(STRIPE_TIMEOUT);
        })
        .await;
        let (_, variant_id) =
            insert_stripe_shop(&app.db, "pk_test_faults", WEBHOOK_SECRET, PRICE).await;
        let conversation = app
            .create_conversation_with(
                json!({"shop": "stripe-shop", "locale": "en", "features": ["checkout"]}),
            )
            .await;
        Shop {
            app,
            variant_id,
            conversation,
        }
    }

    async fn order(&self, key: &str) -> Response {
        let (id, token) = &self.conversation;
        self.app
            .client
            .post(format!("{}/api/v1/conversations/{id}/orders", self.app.url))
            .bearer_auth(token)
            .json(&json!({"variant_id": self.variant_id, "email": "ada@example.com", "idempotency_key": key}))
            .send()
            .await
            .expect("request")
    }

    async fn orders(&self) -> Vec<(String, String, Option<String>)> {
        sqlx::query_as("select id, status, payment_ref from shop_order order by number")
            .fetch_all(&self.app.db)
            .await
            .expect("the orders")
    }

    /// The chat keeps answering whatever Stripe does.
    async fn chat_still_answers(&self) {
        let (id, token) = &self.conversation;
        let events = self.app.send_message(id, token, "hello").await;
        assert!(events.iter().any(|e| matches!(e, StreamEvent::Done { .. })));
    }
}

/// A clear, retryable refusal: 503, a stable code, and when to try again.
async fn assert_retryable(response: Response) {
    assert_eq!(response.status(), StatusCode::SERVICE_UNAVAILABLE);
    let wait: u64 = response.headers()[RETRY_AFTER]
        .to_str()
        .expect("ascii")
        .parse()
        .expect("seconds");
    assert!(wait > 0);
    assert_eq!(error_code(response).await, "payment_provider_unavailable");
}

/// The PaymentIntents localstripe holds.
async fn intents(stripe: &LocalStripe) -> Vec<Value> {
    let list: Value = reqwest::Client::new()
        .get(format!("{}v1/payment_intents", stripe.api_base))
        .bearer_auth(SECRET_KEY)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("a list");
    list["data"].as_array().expect("data").clone()
}

/// A retry with the same key after Stripe recovered: the same order, replayed, and a client
/// secret to pay with.
async fn retry_gets_the_same_order(shop: &Shop, key: &str, order_id: &str) -> OrderCreated {
    let response = shop.order(key).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.headers()["idempotent-replayed"], "true");
    let created: OrderCreated = response.json().await.expect("an order");
    assert_eq!(created.order.order_id, order_id);
    assert!(created.payment.client_secret.is_some());
    created
}

#[tokio::test]
async fn a_stripe_500_is_a_clear_retryable_error_and_the_retry_pays_once() {
    let stripe = LocalStripe::start().await;
    let proxy = FaultProxy::start(&stripe.api_base).await;
    let shop = Shop::start(proxy.base.clone()).await;
    stripe
        .register_webhook(
            "app",
            &format!("{}/webhooks/stripe", shop.app.url),
            WEBHOOK_SECRET,
        )
        .await;

    proxy.set("/v1/payment_intents", Fault::Fail500);
    assert_retryable(shop.order("k1").await).await;
    assert_retryable(shop.order("k1").await).await;
    let orders = shop.orders().await;
    assert_eq!(orders.len(), 1, "one order, kept for the retry");
    assert_eq!(orders[0].1, "awaiting_payment");
    assert_eq!(orders[0].2, None);
    shop.chat_still_answers().await;

    proxy.set("/v1/payment_intents", Fault::None);
    let created = retry_gets_the_same_order(&shop, "k1", &orders[0].0).await;
    assert_eq!(intents(&stripe).await.len(), 1);
    let intent = shop.orders().await[0].2.clone().expect("an intent");
    confirm_as_browser(&stripe.client(), &intent, "pm_card_visa")
        .await
        .expect("the card pays");
    let deadline = Instant::now() + DEADLINE;
    while shop.orders().await[0].1 != "paid" {
        assert!(Instant::now() < deadline, "the order never became paid");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let paid_events: i64 = sqlx::query_scalar(
        "select count(*) from order_event where order_id = $1 and to_status = 'paid'",
    )
    .bind(&created.order.order_id)
    .fetch_one(&shop.app.db)
    .await
    .expect("a count");
    assert_eq!(paid_events, 1);
    assert_eq!(intents(&stripe).await.len(), 1, "charged once");
}

#[tokio::test]
async fn a_lost_answer_from_stripe_is_retried_into_the_same_payment_intent() {
    let stripe = LocalStripe::start().await;
    let proxy = FaultProxy::start(&stripe.api_base).await;
    let shop = Shop::start(proxy.base.clone()).await;

    // Stripe creates the intent; its answer never arrives.
    proxy.set("/v1/payment_intents", Fault::LoseAnswer);
    assert_retryable(shop.order("k1").await).await;
    assert_eq!(intents(&stripe).await.len(), 1);

    proxy.set("/v1/payment_intents", Fault::None);
    let order_id = shop.orders().await[0].0.clone();
    retry_gets_the_same_order(&shop, "k1", &order_id).await;
    assert_eq!(
        intents(&stripe).await.len(),
        1,
        "the same idempotency key finds the same intent"
    );
    assert_eq!(shop.orders().await.len(), 1);
}

#[tokio::test]
async fn a_slow_stripe_times_out_into_a_retryable_error() {
    let stripe = LocalStripe::start().await;
    let proxy = FaultProxy::start(&stripe.api_base).await;
    let shop = Shop::start(proxy.base.clone()).await;

    proxy.set("/v1/payment_intents", Fault::Delay(STRIPE_TIMEOUT * 3));
    assert_retryable(shop.order("k1").await).await;
    shop.chat_still_answers().await;

    proxy.set("/v1/payment_intents", Fault::None);
    let order_id = shop.orders().await[0].0.clone();
    retry_gets_the_same_order(&shop, "k1", &order_id).await;
    // A late copy of the slow call, if it arrives, carries the same key: still one intent.
    assert_eq!(intents(&stripe).await.len(), 1);
    assert_eq!(shop.orders().await.len(), 1);
}

#[tokio::test]
async fn an_unreachable_stripe_is_a_retryable_error_and_nothing_else_breaks() {
    // A port nobody listens on.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.local_addr().expect("an address")
    };
    let shop = Shop::start(format!("http://{closed}/")).await;

    for _ in 0..3 {
        assert_retryable(shop.order("k1").await).await;
    }
    let orders = shop.orders().await;
    assert_eq!(orders.len(), 1);
    assert_eq!(orders[0].1, "awaiting_payment");
    shop.chat_still_answers().await;
    let health = shop.app.get("/readyz").await;
    assert!(health.status().is_success(), "{}", health.status());
}
