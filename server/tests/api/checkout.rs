//! The in-chat checkout against the real server and a fresh database, paying with the demo
//! gateway: the offer, creating orders (prices, tampering, stock races, double-clicks, field
//! errors), the order token, the demo cards, and the expiry of unpaid reservations.

use shopchat_server::db::Flag;
use shopchat_test_support as support;

use std::time::{Duration, SystemTime};

use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};
use shopchat_protocol::{
    CheckoutOffer, OrderCreated, OrderStatus, OrderView, PaymentOutcome, PaymentProvider,
    StreamEvent,
};
use shopchat_server::audit::Actor;
use shopchat_server::db;
use shopchat_server::orders::{expiry, move_order};
use support::text_of as text;
use support::{error_code, TestApp};

const PAYS: &str = "4242 4242 4242 4242";
const DECLINES: &str = "4000 0000 0000 0002";
const NEEDS_CONFIRMATION: &str = "4000 0025 0000 3155";

/// One shopper: a conversation with the demo shop.
struct Shopper {
    conversation: String,
    token: String,
}

async fn shopper(app: &TestApp) -> Shopper {
    let (conversation, token) = app.create_conversation("en").await;
    Shopper {
        conversation,
        token,
    }
}

fn order_body(variant_id: i64, key: &str) -> Value {
    json!({
        "variant_id": variant_id,
        "email": "ada@example.com",
        "shipping_address": {
            "name": "Ada Lovelace",
            "line1": "12 Main St",
            "city": "Austin",
            "postal_code": "78701",
            "country": "US"
        },
        "idempotency_key": key
    })
}

async fn get_offer_raw(app: &TestApp, s: &Shopper, product_id: i64, query: &str) -> Response {
    app.client
        .get(format!(
            "{}/api/v1/conversations/{}/checkout/{product_id}{query}",
            app.url, s.conversation
        ))
        .bearer_auth(&s.token)
        .send()
        .await
        .expect("request")
}

async fn create_order_raw(app: &TestApp, s: &Shopper, body: &Value) -> Response {
    app.client
        .post(format!(
            "{}/api/v1/conversations/{}/orders",
            app.url, s.conversation
        ))
        .bearer_auth(&s.token)
        .json(body)
        .send()
        .await
        .expect("request")
}

async fn create_order(app: &TestApp, s: &Shopper, variant_id: i64, key: &str) -> OrderCreated {
    let response = create_order_raw(app, s, &order_body(variant_id, key)).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("an order")
}

async fn get_order_raw(app: &TestApp, order_id: &str, token: Option<&str>) -> Response {
    let mut request = app
        .client
        .get(format!("{}/api/v1/orders/{order_id}", app.url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request")
}

async fn get_order(app: &TestApp, created: &OrderCreated) -> OrderView {
    let response = get_order_raw(app, &created.order.order_id, Some(&created.order_token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("an order")
}

async fn pay_raw(app: &TestApp, order_id: &str, token: &str, card: &str) -> Response {
    app.client
        .post(format!(
            "{}/api/v1/orders/{order_id}/demo-payments",
            app.url
        ))
        .bearer_auth(token)
        .json(&json!({"card_number": card, "expiry": "12/34", "cvc": "123"}))
        .send()
        .await
        .expect("request")
}

async fn pay(app: &TestApp, created: &OrderCreated, card: &str) -> PaymentOutcome {
    let response = pay_raw(app, &created.order.order_id, &created.order_token, card).await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("an outcome")
}

async fn confirm_raw(app: &TestApp, created: &OrderCreated, approve: bool) -> Response {
    app.client
        .post(format!(
            "{}/api/v1/orders/{}/demo-payments/confirm",
            app.url, created.order.order_id
        ))
        .bearer_auth(&created.order_token)
        .json(&json!({ "approve": approve }))
        .send()
        .await
        .expect("request")
}

/// The demo catalog's variant of a product with these option values.
async fn variant(app: &TestApp, handle: &str, option1: &str, option2: Option<&str>) -> i64 {
    sqlx::query_scalar(
        "select v.id from variant v join product p on p.id = v.product_id
         where p.handle = $1 and v.option1 = $2 and ($3 is null or v.option2 = $4)",
    )
    .bind(handle)
    .bind(option1)
    .bind(option2)
    .bind(option2)
    .fetch_one(&app.db)
    .await
    .expect("the variant exists")
}

async fn product_of(app: &TestApp, variant_id: i64) -> i64 {
    sqlx::query_scalar("select product_id from variant where id = $1")
        .bind(variant_id)
        .fetch_one(&app.db)
        .await
        .expect("the variant exists")
}

async fn stock(app: &TestApp, variant_id: i64) -> i64 {
    sqlx::query_scalar("select inventory_qty from variant where id = $1")
        .bind(variant_id)
        .fetch_one(&app.db)
        .await
        .expect("the variant exists")
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&app.db)
        .await
        .expect("a count")
}

/// (from, to, actor) of each entry of the order's history, oldest first.
async fn history(app: &TestApp, order_id: &str) -> Vec<(Option<String>, String, String)> {
    sqlx::query_as(
        "select from_status, to_status, actor from order_event where order_id = $1 order by id",
    )
    .bind(order_id)
    .fetch_all(&app.db)
    .await
    .expect("the history")
}

fn event(from: Option<&str>, to: &str, actor: &str) -> (Option<String>, String, String) {
    (from.map(str::to_owned), to.to_owned(), actor.to_owned())
}

async fn hoodie(app: &TestApp) -> i64 {
    variant(app, "everyday-pullover-hoodie", "M", Some("Navy")).await
}

#[tokio::test]
async fn paying_with_4242_marks_the_order_paid_records_it_and_keeps_the_unit_sold() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let before = stock(&app, hoodie).await;

    let created = create_order(&app, &s, hoodie, "key-1").await;

    assert_eq!(created.order.status, OrderStatus::AwaitingPayment);
    assert!(created.order.order_number.starts_with("SC-10"));
    assert_eq!(created.order.options, ["M", "Navy"]);
    assert_eq!(created.payment.provider, PaymentProvider::Demo);
    assert!(created.payment.test_mode);
    assert_eq!(stock(&app, hoodie).await, before - 1, "one unit reserved");

    let PaymentOutcome::Paid { order } = pay(&app, &created, PAYS).await else {
        panic!("4242 pays");
    };
    assert_eq!(order.status, OrderStatus::Paid);
    assert_eq!(get_order(&app, &created).await.status, OrderStatus::Paid);
    assert_eq!(
        history(&app, &created.order.order_id).await,
        [
            event(None, "awaiting_payment", "shopper"),
            event(Some("awaiting_payment"), "paid", "shopper"),
        ]
    );
    let attempts: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "select outcome, card_last4, decline_code from payment_attempt where order_id = $1",
    )
    .bind(&created.order.order_id)
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(attempts, [("paid".into(), Some("4242".into()), None)]);
    assert_eq!(stock(&app, hoodie).await, before - 1, "the unit stays sold");

    let again = pay_raw(&app, &created.order.order_id, &created.order_token, PAYS).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "order_not_payable");
    assert_eq!(count(&app, "select count(*) from payment_attempt").await, 1);
    assert_eq!(history(&app, &created.order.order_id).await.len(), 2);
}

#[tokio::test]
async fn a_declined_card_can_be_retried_and_then_pays() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let created = create_order(&app, &s, hoodie(&app).await, "key-1").await;

    assert_eq!(
        pay(&app, &created, DECLINES).await,
        PaymentOutcome::Declined {
            decline_code: "card_declined".into()
        }
    );
    assert_eq!(
        get_order(&app, &created).await.status,
        OrderStatus::PaymentFailed
    );

    assert!(matches!(
        pay(&app, &created, PAYS).await,
        PaymentOutcome::Paid { .. }
    ));
    assert_eq!(
        history(&app, &created.order.order_id).await,
        [
            event(None, "awaiting_payment", "shopper"),
            event(Some("awaiting_payment"), "payment_failed", "shopper"),
            event(Some("payment_failed"), "paid", "shopper"),
        ]
    );
}

#[tokio::test]
async fn the_confirmation_card_pays_when_approved_and_declines_when_rejected() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let approved = create_order(&app, &s, hoodie(&app).await, "key-1").await;
    // Another conversation: a conversation's new order would replace its unpaid one.
    let rejected = create_order(&app, &shopper(&app).await, hoodie(&app).await, "key-2").await;

    assert_eq!(
        pay(&app, &approved, NEEDS_CONFIRMATION).await,
        PaymentOutcome::RequiresAction
    );
    assert_eq!(
        get_order(&app, &approved).await.status,
        OrderStatus::AwaitingPayment,
        "nothing is paid before the confirmation"
    );
    let response = confirm_raw(&app, &approved, true).await;
    assert_eq!(response.status(), StatusCode::OK);
    let outcome: PaymentOutcome = response.json().await.unwrap();
    assert!(matches!(outcome, PaymentOutcome::Paid { order } if order.status == OrderStatus::Paid));

    assert_eq!(
        pay(&app, &rejected, NEEDS_CONFIRMATION).await,
        PaymentOutcome::RequiresAction
    );
    let outcome: PaymentOutcome = confirm_raw(&app, &rejected, false)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        outcome,
        PaymentOutcome::Declined {
            decline_code: "authentication_failed".into()
        }
    );
    assert_eq!(
        get_order(&app, &rejected).await.status,
        OrderStatus::PaymentFailed
    );
    let nothing_pending = confirm_raw(&app, &rejected, true).await;
    assert_eq!(nothing_pending.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(nothing_pending).await, "order_not_payable");
}

#[tokio::test]
async fn a_client_naming_its_own_amount_price_or_currency_is_refused_and_nothing_is_created() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let before = stock(&app, hoodie).await;

    for (field, value) in [
        ("amount", json!(1)),
        ("price", json!(1)),
        ("currency", json!("JPY")),
        ("total", json!({"minor": 1, "currency": "USD"})),
    ] {
        let mut body = order_body(hoodie, &format!("key-{field}"));
        body[field] = value;
        let response = create_order_raw(&app, &s, &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{field}");
        assert_eq!(error_code(response).await, "invalid_request");
    }
    let mut nested = order_body(hoodie, "key-nested");
    nested["shipping_address"]["price"] = json!(1);
    let response = create_order_raw(&app, &s, &nested).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);

    assert_eq!(count(&app, "select count(*) from shop_order").await, 0);
    assert_eq!(stock(&app, hoodie).await, before);
}

#[tokio::test]
async fn the_total_is_the_catalog_price_plus_shipping_plus_tax() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    // The demo shop: $5.00 shipping, free from $75.00, 8.25 % tax on top, rounded half-up.
    for (handle, option1, option2) in [
        ("everyday-pullover-hoodie", "M", Some("Navy")),
        ("classic-cotton-tee", "M", Some("White")),
        ("commuter-backpack-20l", "Default Title", None),
    ] {
        let variant_id = variant(&app, handle, option1, option2).await;
        let price: i64 = sqlx::query_scalar("select price_minor from variant where id = $1")
            .bind(variant_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
        let shipping = if price >= 7500 { 0 } else { 500 };
        let tax = (2 * price * 825 + 10_000) / 20_000;

        let created = create_order(&app, &s, variant_id, handle).await;

        let b = &created.order.breakdown;
        assert_eq!(
            (
                b.subtotal.minor,
                b.shipping.minor,
                b.tax.minor,
                b.total.minor
            ),
            (price, shipping, tax, price + shipping + tax),
            "{handle}"
        );
        assert!(!b.tax_inclusive);
        assert_eq!(b.total.currency.as_str(), "USD");
        let stored: i64 = sqlx::query_scalar("select total_minor from shop_order where id = $1")
            .bind(&created.order.order_id)
            .fetch_one(&app.db)
            .await
            .unwrap();
        assert_eq!(stored, b.total.minor);
    }
    let hoodie = get_order(
        &app,
        &create_order(&app, &s, hoodie(&app).await, "once-more").await,
    )
    .await;
    assert_eq!(hoodie.breakdown.tax.minor, 479, "478.5 rounds up");
    assert_eq!(hoodie.breakdown.total.minor, 6779);
}

#[tokio::test]
async fn two_shoppers_racing_for_the_last_unit_get_one_order_and_one_sold_out() {
    let app = TestApp::spawn().await;
    let hoodie = hoodie(&app).await;
    sqlx::query("update variant set inventory_qty = 1 where id = $1")
        .bind(hoodie)
        .execute(&app.db)
        .await
        .unwrap();
    let (first, second) = (shopper(&app).await, shopper(&app).await);
    let (body_1, body_2) = (order_body(hoodie, "mine"), order_body(hoodie, "mine-too"));

    let (a, b) = tokio::join!(
        create_order_raw(&app, &first, &body_1),
        create_order_raw(&app, &second, &body_2)
    );

    let mut statuses = [a.status(), b.status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::CREATED, StatusCode::CONFLICT]);
    let loser = if a.status() == StatusCode::CONFLICT {
        a
    } else {
        b
    };
    assert_eq!(error_code(loser).await, "sold_out");
    assert_eq!(count(&app, "select count(*) from shop_order").await, 1);
    assert_eq!(stock(&app, hoodie).await, 0);

    let offer: CheckoutOffer = get_offer_raw(&app, &first, product_of(&app, hoodie).await, "")
        .await
        .json()
        .await
        .unwrap();
    let choice = offer
        .variants
        .iter()
        .find(|v| v.variant_id == hoodie)
        .unwrap();
    assert!(!choice.available, "the offer now shows it sold out");
}

#[tokio::test]
async fn a_double_click_on_pay_creates_one_order_with_one_token_for_that_conversation_only() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let before = stock(&app, hoodie).await;
    let body = order_body(hoodie, "double-click");

    let (a, b) = tokio::join!(
        create_order_raw(&app, &s, &body),
        create_order_raw(&app, &s, &body)
    );

    assert_eq!(
        (a.status(), b.status()),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    let replays = [&a, &b]
        .iter()
        .filter(|r| r.headers().get("idempotent-replayed").is_some())
        .count();
    assert_eq!(replays, 1, "one creation, one replay");
    let a: OrderCreated = a.json().await.unwrap();
    let b: OrderCreated = b.json().await.unwrap();
    assert_eq!(a.order.order_id, b.order.order_id);
    assert_eq!(
        a.order_token, b.order_token,
        "either response's token works"
    );
    assert_eq!(a.payment, b.payment, "one payment session");
    assert_eq!(count(&app, "select count(*) from shop_order").await, 1);
    assert_eq!(stock(&app, hoodie).await, before - 1, "reserved once");
    assert_eq!(get_order(&app, &b).await.order_id, a.order.order_id);

    // The same key from another conversation is another checkout: it gets its own order and
    // can't obtain the first one's token.
    let other = shopper(&app).await;
    let theirs = create_order(&app, &other, hoodie, "double-click").await;
    assert_ne!(theirs.order.order_id, a.order.order_id);
    assert_ne!(theirs.order_token, a.order_token);
    let response = get_order_raw(&app, &a.order.order_id, Some(&theirs.order_token)).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);

    // Reusing a key for a different request is refused rather than answered with the old order.
    let changed = order_body(
        variant(&app, "everyday-pullover-hoodie", "L", Some("Navy")).await,
        "double-click",
    );
    let response = create_order_raw(&app, &s, &changed).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "idempotency_key_reused");
}

#[tokio::test]
async fn an_expired_reservation_is_canceled_by_the_job_and_the_stock_comes_back() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let before = stock(&app, hoodie).await;
    let unpaid = create_order(&app, &s, hoodie, "unpaid").await;
    // Another conversation: a conversation's new order would replace its unpaid one.
    let paid = create_order(&app, &shopper(&app).await, hoodie, "paid").await;
    pay(&app, &paid, PAYS).await;
    assert_eq!(stock(&app, hoodie).await, before - 2);

    let now = SystemTime::now();
    assert_eq!(
        expiry::run_pass(&app.db, now).await.unwrap(),
        0,
        "not due yet"
    );
    let later = now + expiry::RESERVATION + Duration::from_secs(60);
    assert_eq!(expiry::run_pass(&app.db, later).await.unwrap(), 1);

    assert_eq!(get_order(&app, &unpaid).await.status, OrderStatus::Canceled);
    assert_eq!(get_order(&app, &paid).await.status, OrderStatus::Paid);
    assert_eq!(
        stock(&app, hoodie).await,
        before - 1,
        "the unpaid unit is back"
    );
    assert_eq!(
        history(&app, &unpaid.order.order_id).await.last(),
        Some(&event(Some("awaiting_payment"), "canceled", "job"))
    );
    let response = pay_raw(&app, &unpaid.order.order_id, &unpaid.order_token, PAYS).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(response).await, "order_not_payable");
    assert_eq!(
        expiry::run_pass(&app.db, later).await.unwrap(),
        0,
        "once only"
    );
    assert_eq!(stock(&app, hoodie).await, before - 1);
}

#[tokio::test]
async fn a_late_or_repeated_event_never_moves_an_order_backwards() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let created = create_order(&app, &s, hoodie, "k").await;
    pay(&app, &created, PAYS).await;
    let stock_after_sale = stock(&app, hoodie).await;
    let id = &created.order.order_id;
    let shop_id: i64 = sqlx::query_scalar("select shop_id from shop_order where id = $1")
        .bind(id)
        .fetch_one(&app.db)
        .await
        .unwrap();

    let mut tx = db::begin_write(&app.db).await.unwrap();
    for stale in [
        OrderStatus::PaymentFailed,
        OrderStatus::AwaitingPayment,
        OrderStatus::Paid,
    ] {
        let moved = move_order(&mut tx, id, shop_id, stale, Actor::Webhook, "late event")
            .await
            .unwrap();
        assert!(!moved, "{stale:?}");
    }
    let other_shop = move_order(
        &mut tx,
        id,
        shop_id + 1,
        OrderStatus::Refunded,
        Actor::Merchant,
        "",
    )
    .await
    .unwrap();
    assert!(!other_shop, "another shop can't move it");
    assert!(move_order(
        &mut tx,
        id,
        shop_id,
        OrderStatus::Refunded,
        Actor::Merchant,
        "refund"
    )
    .await
    .unwrap());
    assert!(!move_order(
        &mut tx,
        id,
        shop_id,
        OrderStatus::Paid,
        Actor::Webhook,
        "late success"
    )
    .await
    .unwrap());
    tx.commit().await.unwrap();

    assert_eq!(
        get_order(&app, &created).await.status,
        OrderStatus::Refunded
    );
    assert_eq!(
        history(&app, id).await,
        [
            event(None, "awaiting_payment", "shopper"),
            event(Some("awaiting_payment"), "paid", "shopper"),
            event(Some("paid"), "refunded", "merchant"),
        ]
    );
    assert_eq!(
        stock(&app, hoodie).await,
        stock_after_sale,
        "a sold unit is restocked by the refund flow, not by a status change"
    );
}

#[tokio::test]
async fn a_wrong_or_missing_order_token_is_refused() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let created = create_order(&app, &s, hoodie(&app).await, "key-1").await;
    let id = &created.order.order_id;

    for token in [None, Some("not-the-token"), Some(s.token.as_str())] {
        let response = get_order_raw(&app, id, token).await;
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED, "{token:?}");
        assert_eq!(error_code(response).await, "invalid_token");
    }
    let response = pay_raw(&app, id, "not-the-token", PAYS).await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(count(&app, "select count(*) from payment_attempt").await, 0);
    let response = get_order_raw(
        &app,
        "0123456789abcdef0123456789abcdef",
        Some(&created.order_token),
    )
    .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "order_not_found");
}

#[tokio::test]
async fn another_shops_products_variants_and_orders_are_out_of_reach() {
    let app = TestApp::spawn().await;
    sqlx::query(
        "insert into shop (public_key, name, allowed_origins) values ('other-shop', 'Other', '[\"https://other.example\"]')",
    )
    .execute(&app.db)
    .await
    .unwrap();
    let response = app
        .create_conversation_raw(json!({"shop": "other-shop"}), None)
        .await;
    let body: Value = response.json().await.unwrap();
    let theirs = Shopper {
        conversation: body["conversation_id"].as_str().unwrap().into(),
        token: body["token"].as_str().unwrap().into(),
    };
    let hoodie = hoodie(&app).await;

    let response = get_offer_raw(&app, &theirs, product_of(&app, hoodie).await, "").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "product_not_found");
    let response = create_order_raw(&app, &theirs, &order_body(hoodie, "k")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "variant_not_found");
    assert_eq!(count(&app, "select count(*) from shop_order").await, 0);

    // The demo shop's order, asked for from the other shop's site.
    let created = create_order(&app, &shopper(&app).await, hoodie, "k").await;
    let response = app
        .client
        .get(format!(
            "{}/api/v1/orders/{}",
            app.url, created.order.order_id
        ))
        .bearer_auth(&created.order_token)
        .header(header::ORIGIN, "https://other.example")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(response).await, "origin_not_allowed");
}

#[tokio::test]
async fn field_errors_come_back_inline_with_stable_codes() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let before = stock(&app, hoodie).await;
    let mut body = order_body(hoodie, "k");
    body["email"] = json!("ada@");
    body["shipping_address"]["city"] = json!(" ");
    body["shipping_address"]["postal_code"] = json!("78#01");
    body["shipping_address"]["country"] = json!("XX");

    let response = create_order_raw(&app, &s, &body).await;

    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["error"]["code"], "invalid_fields");
    assert_eq!(
        error["error"]["fields"],
        json!([
            {"field": "email", "code": "invalid_email"},
            {"field": "shipping_address.city", "code": "required"},
            {"field": "shipping_address.country", "code": "invalid_country"},
            {"field": "shipping_address.postal_code", "code": "invalid_postal_code"},
        ])
    );
    let mut no_address = order_body(hoodie, "k");
    no_address["shipping_address"] = Value::Null;
    let error: Value = create_order_raw(&app, &s, &no_address)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        error["error"]["fields"],
        json!([{"field": "shipping_address", "code": "required"}])
    );
    assert_eq!(count(&app, "select count(*) from shop_order").await, 0);
    assert_eq!(stock(&app, hoodie).await, before);

    // Something that doesn't ship needs no address, and costs no shipping.
    sqlx::query("update variant set requires_shipping = 0 where id = $1")
        .bind(hoodie)
        .execute(&app.db)
        .await
        .unwrap();
    let created: OrderCreated = create_order_raw(&app, &s, &no_address)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created.order.breakdown.shipping.minor, 0);
}

#[tokio::test]
async fn the_checkout_offer_lists_every_variant_at_its_catalog_price() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let product = product_of(&app, hoodie).await;

    let response = get_offer_raw(&app, &s, product, &format!("?variant_id={hoodie}")).await;

    assert_eq!(response.status(), StatusCode::OK);
    let offer: CheckoutOffer = response.json().await.unwrap();
    assert_eq!(offer.title, "Everyday Pullover Hoodie");
    assert_eq!(offer.option_names, ["Size", "Color"]);
    assert_eq!(offer.selected_variant_id, Some(hoodie));
    assert_eq!(
        (offer.provider, offer.test_mode),
        (PaymentProvider::Demo, true)
    );
    assert!(offer.requires_shipping);
    let rows: Vec<(i64, i64, Flag)> = sqlx::query_as(
        "select id, price_minor, inventory_qty > 0 from variant where product_id = $1 order by position, id",
    )
    .bind(product)
    .fetch_all(&app.db)
    .await
    .unwrap();
    let rows: Vec<(i64, i64, bool)> = rows
        .into_iter()
        .map(|(id, price, available)| (id, price, available.0))
        .collect();
    let offered: Vec<(i64, i64, bool)> = offer
        .variants
        .iter()
        .map(|v| (v.variant_id, v.price.minor, v.available))
        .collect();
    assert_eq!(offered, rows);

    let other = variant(&app, "classic-cotton-tee", "M", Some("White")).await;
    let response = get_offer_raw(&app, &s, product, &format!("?variant_id={other}")).await;
    assert_eq!(error_code(response).await, "variant_not_found");
    let response = get_offer_raw(&app, &s, 999_999, "").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "product_not_found");
    let without_token = app
        .client
        .get(format!(
            "{}/api/v1/conversations/{}/checkout/{product}",
            app.url, s.conversation
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(without_token.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_oversized_order_request_is_refused() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let mut body = order_body(hoodie(&app).await, "k");
    body["email"] = json!("a".repeat(20 * 1024));

    let response = create_order_raw(&app, &s, &body).await;

    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(count(&app, "select count(*) from shop_order").await, 0);
}

fn checkout_offer(events: &[StreamEvent]) -> Option<&CheckoutOffer> {
    events.iter().find_map(|e| match e {
        StreamEvent::Checkout { offer } => Some(offer),
        _ => None,
    })
}

#[tokio::test]
async fn buying_in_the_chat_shows_the_checkout_card_in_english_and_spanish() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "show me a tote bag").await;

    let events = app.send_message(&id, &token, "I'll buy it").await;

    let offer = checkout_offer(&events).expect("a checkout card");
    assert!(offer.title.contains("Tote"), "{}", offer.title);
    assert!(offer.test_mode);
    assert!(
        text(&events).contains(&format!("Here's the checkout for {}", offer.title)),
        "{}",
        text(&events)
    );

    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "enséñame la botella térmica")
        .await;
    let events = app.send_message(&id, &token, "la quiero comprar").await;
    let offer = checkout_offer(&events).expect("a checkout card");
    assert!(
        text(&events).contains(&format!("Aquí tienes la compra de {}", offer.title)),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn with_stripe_keys_configured_the_demo_shop_checks_out_through_stripe() {
    let app = TestApp::spawn_with(|s| {
        s.demo_stripe_keys = Some(shopchat_server::config::StripeKeys {
            secret_key: "sk_test_never_shown_123".to_owned().into(),
            publishable_key: "pk_test_shown_456".to_owned(),
            webhook_secret: Some("whsec_never_shown_789".to_owned().into()),
        });
    })
    .await;
    let s = shopper(&app).await;
    let product_id: i64 =
        sqlx::query_scalar("select id from product where handle = 'heavy-canvas-tote'")
            .fetch_one(&app.db)
            .await
            .expect("the tote");

    let response = get_offer_raw(&app, &s, product_id, "").await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.expect("body");

    let offer: CheckoutOffer = serde_json::from_str(&body).expect("an offer");
    assert_eq!(offer.provider, PaymentProvider::Stripe);
    assert_eq!(
        offer.stripe_publishable_key.as_deref(),
        Some("pk_test_shown_456")
    );
    assert!(offer.test_mode, "a test key is test mode");
    assert!(!body.contains("sk_test_never_shown") && !body.contains("whsec_never_shown"));
}

#[tokio::test]
async fn a_conversation_keeps_one_unpaid_order_and_cannot_create_orders_without_limit() {
    let app = TestApp::spawn().await;
    let s = shopper(&app).await;
    let hoodie = hoodie(&app).await;
    let before = stock(&app, hoodie).await;

    let mut created = Vec::new();
    let mut refused = 0;
    for i in 0..40 {
        let response = create_order_raw(&app, &s, &order_body(hoodie, &format!("key-{i}"))).await;
        match response.status() {
            StatusCode::CREATED => {
                created.push(response.json::<OrderCreated>().await.expect("an order"))
            }
            StatusCode::TOO_MANY_REQUESTS => {
                assert!(response.headers().contains_key(header::RETRY_AFTER));
                assert_eq!(error_code(response).await, "rate_limited");
                refused += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(created.len(), 10, "ten new orders an hour per conversation");
    assert_eq!(refused, 30);
    assert_eq!(
        stock(&app, hoodie).await,
        before - 1,
        "one unit held, not forty"
    );
    let open = count(
        &app,
        "select count(*) from shop_order where status = 'awaiting_payment'",
    )
    .await;
    assert_eq!(open, 1, "only the newest order waits for payment");
    let newest = created.last().expect("an order");
    assert_eq!(
        get_order(&app, newest).await.status,
        OrderStatus::AwaitingPayment
    );
    let first = created.first().expect("an order");
    assert_eq!(get_order(&app, first).await.status, OrderStatus::Canceled);
    assert_eq!(
        history(&app, &first.order.order_id).await.last(),
        Some(&event(Some("awaiting_payment"), "canceled", "system"))
    );
    // The replaced order can't be paid any more; the newest one can.
    let response = pay_raw(&app, &first.order.order_id, &first.order_token, PAYS).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(matches!(
        pay(&app, newest, PAYS).await,
        PaymentOutcome::Paid { .. }
    ));
    assert_eq!(stock(&app, hoodie).await, before - 1);

    // Retrying a request already made (as after a 503) holds nothing new and isn't limited.
    let replayed = create_order_raw(&app, &s, &order_body(hoodie, "key-9")).await;
    assert_eq!(replayed.status(), StatusCode::CREATED);
    assert_eq!(replayed.headers()["idempotent-replayed"], "true");

    // Another shopper is not affected by this one's limit.
    let other = shopper(&app).await;
    create_order(&app, &other, hoodie, "other").await;
    assert_eq!(stock(&app, hoodie).await, before - 2);
}

#[tokio::test]
async fn the_merchant_sees_stock_holds_and_releases_one() {
    let app = TestApp::spawn().await;
    let hoodie = hoodie(&app).await;
    let before = stock(&app, hoodie).await;
    let held = create_order(&app, &shopper(&app).await, hoodie, "held").await;
    let merchant =
        support::merchant::set_up_shop(&app, "demo", "owner@shop.example", "/admin/orders").await;

    let list = merchant.page("/admin/orders").await;
    assert!(list.contains("1 unpaid order is holding stock"), "{list}");
    let label = held.order.order_number.clone();
    let page = merchant.page(&format!("/admin/orders/{label}")).await;
    assert!(page.contains("Release hold now"));

    let released = merchant
        .post_and_follow(&format!("/admin/orders/{label}/release"), &[])
        .await;
    assert!(released.contains("Hold released"), "{released}");
    assert!(!released.contains("Release hold now"));
    assert_eq!(get_order(&app, &held).await.status, OrderStatus::Canceled);
    assert_eq!(stock(&app, hoodie).await, before);
    assert_eq!(
        history(&app, &held.order.order_id).await.last(),
        Some(&event(Some("awaiting_payment"), "canceled", "merchant"))
    );
    assert!(!merchant
        .page("/admin/orders")
        .await
        .contains("holding stock"));

    // A paid order has no hold to release: nothing changes.
    let paid = create_order(&app, &shopper(&app).await, hoodie, "paid").await;
    pay(&app, &paid, PAYS).await;
    let refused = merchant
        .post_and_follow(
            &format!("/admin/orders/{}/release", paid.order.order_number),
            &[],
        )
        .await;
    assert!(
        refused.contains("no longer waiting for payment"),
        "{refused}"
    );
    assert_eq!(get_order(&app, &paid).await.status, OrderStatus::Paid);
    assert_eq!(stock(&app, hoodie).await, before - 1);
}
