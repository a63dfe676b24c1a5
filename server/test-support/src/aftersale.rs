//! Shared by the after-sale tests: a shop with a known policy and simple prices, orders bought
//! and paid through the widget API with the demo gateway, and readers for what a shopper or a
//! merchant would check (the status card, the refunds, the admin API).

use reqwest::StatusCode;
use serde_json::{json, Value};
use shopchat_protocol::{OrderCard, OrderCreated, StreamEvent};

use crate::{add_product, NewProduct, TestApp};

/// Test shop: flat shipping of 5.00 on every order, no tax, the default refund policy
/// (30 days, auto-approve up to 50.00, shipping refunded for damaged/wrong_item, 2 per order).
pub const SHOP: &str = "after-sale";
pub const SHIPPING: i64 = 500;
pub const EMAIL: &str = "ada@example.com";

pub struct Shop {
    pub id: i64,
    pub key: String,
}

pub async fn shop(app: &TestApp, key: &str) -> Shop {
    let id: i64 = sqlx::query_scalar(
        "insert into shop (public_key, name, currency, shipping_flat_minor) values ($1, $2, 'USD', $3) returning id",
    )
    .bind(key)
    .bind(format!("Shop {key}"))
    .bind(SHIPPING)
    .fetch_one(&app.db)
    .await
    .expect("a shop");
    Shop {
        id,
        key: key.to_owned(),
    }
}

/// A product of the shop with one variant at this price, 10 in stock.
pub async fn variant(app: &TestApp, shop: &Shop, title: &str, price: i64) -> i64 {
    let handle = title.to_lowercase().replace(' ', "-");
    add_product(
        &app.db,
        shop.id,
        "USD",
        &NewProduct {
            handle: &handle,
            title,
            product_type: "Mug",
            price_minor: price,
            stock: 10,
            requires_shipping: true,
        },
    )
    .await
}

/// A shopper's conversation with the shop: (id, token).
pub async fn conversation(app: &TestApp, shop: &Shop, locale: &str) -> (String, String) {
    app.create_conversation_with(
        json!({"shop": shop.key, "locale": locale, "features": ["checkout"]}),
    )
    .await
}

/// An order bought in this conversation, not paid yet.
pub async fn order(
    app: &TestApp,
    conversation: &(String, String),
    variant_id: i64,
    email: &str,
) -> OrderCreated {
    let (id, token) = conversation;
    let response = app
        .client
        .post(format!("{}/api/v1/conversations/{id}/orders", app.url))
        .bearer_auth(token)
        .json(&json!({
            "variant_id": variant_id,
            "email": email,
            "shipping_address": {"name": "Ada Lovelace", "line1": "12 Main St", "city": "Austin",
                                 "postal_code": "78701", "country": "US"},
            "idempotency_key": format!("key-{variant_id}-{email}"),
        }))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    response.json().await.expect("an order")
}

/// Pays the order with the demo gateway's good test card.
pub async fn pay(app: &TestApp, order: &OrderCreated) {
    let response = app
        .client
        .post(format!(
            "{}/api/v1/orders/{}/demo-payments",
            app.url, order.order.order_id
        ))
        .bearer_auth(&order.order_token)
        .json(&json!({"card_number": "4242 4242 4242 4242", "expiry": "12/40", "cvc": "123"}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("an outcome");
    assert_eq!(body["outcome"], "paid");
}

/// A conversation that bought and paid one order of the variant: (conversation, order).
pub async fn bought(
    app: &TestApp,
    shop: &Shop,
    variant_id: i64,
) -> ((String, String), OrderCreated) {
    let conversation = conversation(app, shop, "en").await;
    let order = order(app, &conversation, variant_id, EMAIL).await;
    pay(app, &order).await;
    (conversation, order)
}

/// The after-sale shop, its $20 mug, and a conversation that bought and paid one:
/// (shop, mug, (conversation, order)).
pub async fn bought_a_mug(app: &TestApp) -> (Shop, i64, ((String, String), OrderCreated)) {
    let shop = shop(app, "after-sale").await;
    let mug = variant(app, &shop, "Mug", 2000).await;
    let bought = bought(app, &shop, mug).await;
    (shop, mug, bought)
}

/// The order's status card as the widget reads it with the order token.
pub async fn card(app: &TestApp, order: &OrderCreated) -> OrderCard {
    let response = app
        .client
        .get(format!(
            "{}/api/v1/orders/{}/card",
            app.url, order.order.order_id
        ))
        .bearer_auth(&order.order_token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a card")
}

/// (amount, status, origin) of every refund of the order, oldest first.
pub async fn refunds(app: &TestApp, order: &OrderCreated) -> Vec<(i64, String, String)> {
    sqlx::query_as(
        "select amount_minor, status, origin from refund where order_id = $1 order by id",
    )
    .bind(&order.order.order_id)
    .fetch_all(&app.db)
    .await
    .expect("refunds")
}

/// Total actually refunded on the order.
/// The reply to `said`, the first message of a new conversation in `shop`.
pub async fn first_reply(app: &TestApp, shop: &Shop, locale: &str, said: &str) -> String {
    let (id, token) = conversation(app, shop, locale).await;
    crate::text_of(&app.send_message(&id, &token, said).await)
}

/// Gives `order`'s number and email in the conversation: the reply says `summary` (the offer
/// that waits for a yes), and nothing is refunded before that yes.
pub async fn prove_and_see_the_offer(
    app: &TestApp,
    conversation: (&str, &str),
    order: &OrderCreated,
    summary: &str,
) {
    let (id, token) = conversation;
    let said = format!("{} {EMAIL}", order.order.order_number);
    let events = app.send_message(id, token, &said).await;
    let reply = crate::text_of(&events);
    assert!(reply.contains(summary), "{reply}");
    assert_eq!(refunded(app, order).await, 0, "nothing before the yes");
}

pub async fn refunded(app: &TestApp, order: &OrderCreated) -> i64 {
    sqlx::query_scalar(
        "select coalesce(cast(sum(amount_minor) as bigint), 0) from refund where order_id = $1 and status = 'succeeded'",
    )
    .bind(&order.order.order_id)
    .fetch_one(&app.db)
    .await
    .expect("a sum")
}

pub async fn status(app: &TestApp, order: &OrderCreated) -> String {
    sqlx::query_scalar("select status from shop_order where id = $1")
        .bind(&order.order.order_id)
        .fetch_one(&app.db)
        .await
        .expect("the order")
}

/// The order card a reply showed, if any.
pub fn order_card(events: &[StreamEvent]) -> Option<&OrderCard> {
    events.iter().find_map(|e| match e {
        StreamEvent::Order { order } => Some(order),
        _ => None,
    })
}

/// An admin API token for the shop.
pub async fn admin_token(app: &TestApp, shop: &Shop) -> String {
    shopchat_server::http::admin::issue_token(&app.db, &shop.key)
        .await
        .expect("database")
        .expect("the shop exists")
}

/// An admin request with this shop's token; returns (status, body).
pub async fn admin(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut request = app.admin(method, path, Some(token));
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("request");
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}
