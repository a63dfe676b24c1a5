//! Refunds of orders paid through Stripe, against localstripe: a refund the policy approves is
//! created in Stripe (with the refund row's idempotency key) and `charge.refunded` agrees with
//! it; a refund made directly in Stripe (as from its dashboard) shows up on the order; the
//! merchant's approval of a queued request refunds through Stripe; a refund whose answer is
//! lost or unclear stays `processing` and is finished once by the refund job, and only a
//! definite refusal fails it.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};
use serde_json::json;
use shopchat_protocol::OrderCreated;
use shopchat_server::audit::Actor;
use shopchat_server::refunds::{self, Execution, RefundResult};
use support::faults::{Fault, FaultProxy};
use support::localstripe::{confirm_as_browser, LocalStripe, SECRET_KEY};
use support::TestApp;
use tokio::time::Instant;

const WEBHOOK_SECRET: &str = "whsec_shopchat_refunds_test";
const PRICE: i64 = 2599;
/// localstripe delivers about a second after the action.
const DEADLINE: Duration = Duration::from_secs(20);

struct StripeShop {
    app: TestApp,
    stripe: LocalStripe,
    /// Between the app and localstripe: passes everything on unless a test injects a fault.
    proxy: FaultProxy,
    shop: aftersale::Shop,
    variant_id: i64,
}

impl StripeShop {
    async fn start() -> StripeShop {
        let stripe = LocalStripe::start().await;
        let proxy = FaultProxy::start(&stripe.api_base).await;
        let api_base = proxy.base.clone();
        let app = TestApp::spawn_with(|s| s.stripe.api_base = Some(api_base)).await;
        let id: i64 = sqlx::query_scalar(
            "insert into shop (public_key, name, currency, stripe_secret_key,
                               stripe_publishable_key, stripe_webhook_secret)
             values ('stripe-shop', 'Stripe Shop', 'EUR', $1, 'pk_test_refunds', $2) returning id",
        )
        .bind(SECRET_KEY)
        .bind(WEBHOOK_SECRET)
        .fetch_one(&app.db)
        .await
        .expect("a Stripe shop");
        let shop = aftersale::Shop {
            id,
            key: "stripe-shop".into(),
        };
        let variant_id = aftersale::variant(&app, &shop, "Mug", PRICE).await;
        sqlx::query("update variant set requires_shipping = 0 where id = $1")
            .bind(variant_id)
            .execute(&app.db)
            .await
            .expect("no shipping");
        let url = format!("{}/webhooks/stripe", app.url);
        stripe.register_webhook("app", &url, WEBHOOK_SECRET).await;
        StripeShop {
            app,
            stripe,
            proxy,
            shop,
            variant_id,
        }
    }

    /// An order paid with a test card, once the webhook has marked it paid.
    async fn paid_order(&self) -> (OrderCreated, String) {
        let (id, token) = aftersale::conversation(&self.app, &self.shop, "en").await;
        let response = self
            .app
            .client
            .post(format!("{}/api/v1/conversations/{id}/orders", self.app.url))
            .bearer_auth(&token)
            .json(&json!({"variant_id": self.variant_id, "email": "ada@example.com", "idempotency_key": "k1"}))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::CREATED);
        let order: OrderCreated = response.json().await.expect("an order");
        let intent: String = sqlx::query_scalar("select payment_ref from shop_order where id = $1")
            .bind(&order.order.order_id)
            .fetch_one(&self.app.db)
            .await
            .expect("an intent");
        confirm_as_browser(&self.stripe.client(), &intent, "pm_card_visa")
            .await
            .expect("the card pays");
        self.wait_until("the order is paid", &order, |status, _| status == "paid")
            .await;
        (order, intent)
    }

    /// Polls the order's status and its refunds (amount, status, origin) until `done` holds.
    async fn wait_until(
        &self,
        what: &str,
        order: &OrderCreated,
        done: impl Fn(&str, &[(i64, String, String)]) -> bool,
    ) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let status = aftersale::status(&self.app, order).await;
            let refunds = aftersale::refunds(&self.app, order).await;
            if done(&status, &refunds) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{what}: never happened (status {status}, refunds {refunds:?})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    async fn events_applied(&self, event_type: &str) -> i64 {
        sqlx::query_scalar("select count(*) from webhook_event where type = $1 and shop_id = $2")
            .bind(event_type)
            .bind(self.shop.id)
            .fetch_one(&self.app.db)
            .await
            .expect("a count")
    }
}

#[tokio::test]
async fn a_refund_the_policy_approves_is_made_in_stripe_and_charge_refunded_agrees() {
    let shop = StripeShop::start().await;
    let (order, _) = shop.paid_order().await;

    let result = refunds::request_refund(
        &shop.app.state.db,
        &shop.app.state.stripe,
        shop.shop.id,
        &order.order.order_id,
        "damaged",
        Some(1000),
        Actor::Assistant,
        SystemTime::now(),
    )
    .await
    .expect("a decision");
    let RefundResult::Refunded {
        refund_id,
        amount_minor: 1000,
    } = result
    else {
        panic!("refunded, got {result:?}")
    };
    let provider_ref: String = sqlx::query_scalar("select provider_ref from refund where id = $1")
        .bind(refund_id)
        .fetch_one(&shop.app.db)
        .await
        .expect("a refund id");
    assert!(provider_ref.starts_with("re_"), "{provider_ref}");
    assert_eq!(
        aftersale::status(&shop.app, &order).await,
        "partially_refunded"
    );

    // The webhook arrives and records nothing twice.
    let deadline = Instant::now() + DEADLINE;
    while shop.events_applied("charge.refunded").await == 0 {
        assert!(Instant::now() < deadline, "charge.refunded never arrived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        aftersale::refunds(&shop.app, &order).await,
        [(1000, "succeeded".to_owned(), "shopper".to_owned())]
    );
    assert_eq!(
        aftersale::card(&shop.app, &order).await.refunded.minor,
        1000
    );
}

#[tokio::test]
async fn a_refund_made_directly_in_stripe_shows_on_the_order() {
    let shop = StripeShop::start().await;
    let (order, intent) = shop.paid_order().await;

    // As if the merchant refunded in Stripe's dashboard.
    shopchat_server::stripe::refund(&shop.stripe.client(), &intent, 600, "dashboard-refund-1")
        .await
        .expect("Stripe refunds");

    shop.wait_until(
        "the outside refund is recorded",
        &order,
        |status, refunds| {
            status == "partially_refunded"
                && refunds
                    .iter()
                    .any(|(a, s, o)| *a == 600 && s == "succeeded" && o == "provider")
        },
    )
    .await;
    let card = aftersale::card(&shop.app, &order).await;
    assert_eq!(card.refunded.minor, 600);
    assert!(card
        .timeline
        .iter()
        .any(|e| e.kind == "refunded" && e.amount.map(|m| m.minor) == Some(600)));

    // The rest of the policy still counts it: only what is left can be refunded.
    let result = refunds::request_refund(
        &shop.app.state.db,
        &shop.app.state.stripe,
        shop.shop.id,
        &order.order.order_id,
        "damaged",
        None,
        Actor::Assistant,
        SystemTime::now(),
    )
    .await
    .expect("a decision");
    assert!(
        matches!(result, RefundResult::Refunded { amount_minor, .. } if amount_minor == PRICE - 600),
        "{result:?}"
    );
    shop.wait_until("the order is refunded", &order, |status, _| {
        status == "refunded"
    })
    .await;
}

#[tokio::test]
async fn the_merchant_approving_a_queued_request_refunds_through_stripe() {
    let shop = StripeShop::start().await;
    sqlx::query("update shop set refund_auto_approve_minor = 0 where id = $1")
        .bind(shop.shop.id)
        .execute(&shop.app.db)
        .await
        .expect("policy");
    let (order, _) = shop.paid_order().await;
    let result = refunds::request_refund(
        &shop.app.state.db,
        &shop.app.state.stripe,
        shop.shop.id,
        &order.order.order_id,
        "damaged",
        None,
        Actor::Assistant,
        SystemTime::now(),
    )
    .await
    .expect("a decision");
    let RefundResult::Queued { refund_id, .. } = result else {
        panic!("queued, got {result:?}")
    };
    let token = aftersale::admin_token(&shop.app, &shop.shop).await;

    let (code, body) = aftersale::admin(
        &shop.app,
        &token,
        Method::POST,
        &format!("/refunds/{refund_id}/approve"),
        None,
    )
    .await;

    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "succeeded");
    shop.wait_until("the order is refunded", &order, |status, refunds| {
        status == "refunded" && refunds.len() == 1
    })
    .await;
}

/// The refunds Stripe holds for a payment intent, as (amount, status).
async fn stripe_refunds(shop: &StripeShop, intent: &str) -> Vec<(i64, String)> {
    let list: serde_json::Value = reqwest::Client::new()
        .get(format!(
            "{}v1/refunds?payment_intent={intent}",
            shop.stripe.api_base
        ))
        .bearer_auth(SECRET_KEY)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("a list");
    list["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|r| r["payment_intent"] == intent)
        .map(|r| {
            (
                r["amount"].as_i64().expect("an amount"),
                r["status"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

async fn audit_count(shop: &StripeShop, action: &str) -> i64 {
    sqlx::query_scalar("select count(*) from audit_log where shop_id = $1 and action = $2")
        .bind(shop.shop.id)
        .bind(action)
        .fetch_one(&shop.app.db)
        .await
        .expect("a count")
}

async fn ask_for_refund(shop: &StripeShop, order: &OrderCreated) -> RefundResult {
    refunds::request_refund(
        &shop.app.state.db,
        &shop.app.state.stripe,
        shop.shop.id,
        &order.order.order_id,
        "damaged",
        Some(1000),
        Actor::Assistant,
        SystemTime::now(),
    )
    .await
    .expect("a decision")
}

#[tokio::test]
async fn a_refund_whose_answer_is_lost_stays_processing_and_the_job_finishes_it_once() {
    let shop = StripeShop::start().await;
    let (order, intent) = shop.paid_order().await;

    // Stripe refunds, but its answer never arrives.
    shop.proxy.set("/v1/refunds", Fault::LoseAnswer);
    let result = ask_for_refund(&shop, &order).await;
    let RefundResult::Processing {
        refund_id,
        amount_minor: 1000,
    } = result
    else {
        panic!("still processing, got {result:?}")
    };
    assert_eq!(shop.proxy.faulted(), 1);
    assert_eq!(
        aftersale::refunds(&shop.app, &order).await,
        [(1000, "processing".to_owned(), "shopper".to_owned())],
        "not marked failed: the money may have moved"
    );
    assert_eq!(aftersale::status(&shop.app, &order).await, "paid");
    assert_eq!(audit_count(&shop, "refund.failed").await, 0);
    assert_eq!(stripe_refunds(&shop, &intent).await.len(), 1);

    // The job asks again with the same idempotency key once Stripe answers.
    shop.proxy.set("/v1/refunds", Fault::None);
    let done =
        refunds::execute::run_due(&shop.app.state.db, &shop.app.state.stripe, Duration::ZERO)
            .await
            .expect("a pass");
    assert_eq!(done, 1);
    assert_eq!(
        refunds::execute_refund(
            &shop.app.state.db,
            &shop.app.state.stripe,
            shop.shop.id,
            refund_id,
            Actor::Job
        )
        .await
        .err()
        .map(|e| e.code()),
        Some("refund_not_found"),
        "nothing left processing"
    );
    assert_eq!(
        stripe_refunds(&shop, &intent).await.len(),
        1,
        "Stripe refunded once"
    );
    assert_eq!(
        aftersale::refunds(&shop.app, &order).await,
        [(1000, "succeeded".to_owned(), "shopper".to_owned())]
    );
    assert_eq!(
        aftersale::status(&shop.app, &order).await,
        "partially_refunded"
    );
    assert_eq!(audit_count(&shop, "refund.succeeded").await, 1);
    assert_eq!(
        refunds::execute::run_due(&shop.app.state.db, &shop.app.state.stripe, Duration::ZERO)
            .await
            .expect("a pass"),
        0
    );
    assert_eq!(audit_count(&shop, "refund.succeeded").await, 1);
}

#[tokio::test]
async fn a_stripe_server_error_keeps_the_refund_processing_and_a_refusal_fails_it() {
    let shop = StripeShop::start().await;
    let (order, intent) = shop.paid_order().await;

    shop.proxy.set("/v1/refunds", Fault::Fail500);
    let result = ask_for_refund(&shop, &order).await;
    assert!(
        matches!(result, RefundResult::Processing { .. }),
        "{result:?}"
    );
    assert!(stripe_refunds(&shop, &intent).await.is_empty());
    // While it is under way its amount stays reserved: the order can't be refunded past its
    // total by asking again.
    assert_eq!(
        aftersale::refunds(&shop.app, &order).await,
        [(1000, "processing".to_owned(), "shopper".to_owned())]
    );

    // Stripe now refuses it outright: the refund fails and its amount is free again.
    shop.proxy.set("/v1/refunds", Fault::Refuse);
    assert_eq!(
        refunds::execute::run_due(&shop.app.state.db, &shop.app.state.stripe, Duration::ZERO)
            .await
            .expect("a pass"),
        0
    );
    assert_eq!(
        aftersale::refunds(&shop.app, &order).await,
        [(1000, "failed".to_owned(), "shopper".to_owned())]
    );
    assert_eq!(audit_count(&shop, "refund.failed").await, 1);
    assert_eq!(aftersale::status(&shop.app, &order).await, "paid");
    assert!(stripe_refunds(&shop, &intent).await.is_empty());

    // With Stripe well again, a new request goes through.
    shop.proxy.set("/v1/refunds", Fault::None);
    let again = ask_for_refund(&shop, &order).await;
    assert!(matches!(again, RefundResult::Refunded { .. }), "{again:?}");
    assert_eq!(
        stripe_refunds(&shop, &intent).await,
        [(1000, "succeeded".to_owned())]
    );
}

#[tokio::test]
async fn a_request_and_the_job_finishing_the_same_refund_record_it_once() {
    let shop = StripeShop::start().await;
    let (order, _) = shop.paid_order().await;
    shop.proxy.set("/v1/refunds", Fault::LoseAnswer);
    let RefundResult::Processing { refund_id, .. } = ask_for_refund(&shop, &order).await else {
        panic!("processing")
    };
    shop.proxy.set("/v1/refunds", Fault::None);
    let state = &shop.app.state;
    let (a, b) = tokio::join!(
        refunds::execute_refund(
            &state.db,
            &state.stripe,
            shop.shop.id,
            refund_id,
            Actor::Job
        ),
        refunds::execute_refund(
            &state.db,
            &state.stripe,
            shop.shop.id,
            refund_id,
            Actor::Merchant
        ),
    );
    for outcome in [a, b] {
        match outcome {
            Ok(execution) => assert_eq!(execution, Execution::Succeeded),
            Err(e) => assert_eq!(e.code(), "refund_not_found", "already finished"),
        }
    }
    assert_eq!(audit_count(&shop, "refund.succeeded").await, 1);
    assert_eq!(
        aftersale::refunds(&shop.app, &order).await,
        [(1000, "succeeded".to_owned(), "shopper".to_owned())]
    );
}
