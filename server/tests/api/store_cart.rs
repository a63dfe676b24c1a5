//! Buying through the store's own cart: the shop's buying mode on the Settings page, the offer
//! that tells the checkout card how to use the store's cart, and a cart-only shop refusing
//! in-chat orders whatever a client sends.

use shopchat_test_support as support;

use reqwest::StatusCode;
use serde_json::json;
use shopchat_protocol::{BuyingMode, CheckoutOffer, StreamEvent};
use support::merchant::{set_up_shop, Merchant};
use support::{error_code, text_of, TestApp};

async fn set_buying(app: &TestApp, mode: &str, template: Option<&str>) {
    sqlx::query(
        "update shop set buying_mode = $1, cart_url_template = $2 where public_key = 'demo'",
    )
    .bind(mode)
    .bind(template)
    .execute(&app.db)
    .await
    .expect("the shop is updated");
}

async fn hoodie_m(app: &TestApp) -> (i64, i64) {
    sqlx::query_as(
        "select v.product_id, v.id from variant v join product p on p.id = v.product_id
         where p.handle = 'everyday-pullover-hoodie' and v.option1 = 'M' order by v.id limit 1",
    )
    .fetch_one(&app.db)
    .await
    .expect("the demo catalog has the hoodie in M")
}

async fn offer(app: &TestApp, conversation: &str, token: &str, product_id: i64) -> CheckoutOffer {
    let response = app
        .client
        .get(format!(
            "{}/api/v1/conversations/{conversation}/checkout/{product_id}",
            app.url
        ))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("an offer")
}

async fn create_order(
    app: &TestApp,
    conversation: &str,
    token: &str,
    variant_id: i64,
) -> reqwest::Response {
    app.client
        .post(format!(
            "{}/api/v1/conversations/{conversation}/orders",
            app.url
        ))
        .bearer_auth(token)
        .json(&json!({
            "variant_id": variant_id,
            "email": "ada@example.com",
            "shipping_address": {"name": "Ada Lovelace", "line1": "12 Main St", "city": "Austin",
                                 "postal_code": "78701", "country": "US"},
            "idempotency_key": "k-1"
        }))
        .send()
        .await
        .expect("request")
}

async fn orders(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from shop_order")
        .fetch_one(&app.db)
        .await
        .expect("a count")
}

#[tokio::test]
async fn a_cart_only_shop_offers_its_store_cart_and_refuses_orders_in_the_chat() {
    let app = TestApp::spawn().await;
    set_buying(
        &app,
        "cart",
        Some("https://shop.example/cart/add?id={variant}&qty={qty}"),
    )
    .await;
    let (conversation, token) = app.create_conversation("en").await;
    let (product_id, variant_id) = hoodie_m(&app).await;

    let offer = offer(&app, &conversation, &token, product_id).await;
    assert_eq!(offer.buying_mode, BuyingMode::Cart);
    assert_eq!(offer.handle.as_deref(), Some("everyday-pullover-hoodie"));
    assert_eq!(
        offer.cart_url_template.as_deref(),
        Some("https://shop.example/cart/add?id={variant}&qty={qty}")
    );
    assert!(offer.variants.iter().all(|v| v.sku.is_some()), "{offer:?}");

    let before = orders(&app).await;
    let refused = create_order(&app, &conversation, &token, variant_id).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(refused).await, "buy_in_store_cart");
    assert_eq!(orders(&app).await, before, "nothing was created");
}

#[tokio::test]
async fn a_shop_that_sells_both_ways_offers_its_cart_and_still_takes_orders_in_the_chat() {
    let app = TestApp::spawn().await;
    set_buying(&app, "both", None).await;
    let (conversation, token) = app.create_conversation("en").await;
    let (product_id, variant_id) = hoodie_m(&app).await;

    let offer = offer(&app, &conversation, &token, product_id).await;
    assert_eq!(offer.buying_mode, BuyingMode::Both);
    assert_eq!(offer.handle.as_deref(), Some("everyday-pullover-hoodie"));
    assert_eq!(offer.cart_url_template, None);
    let created = create_order(&app, &conversation, &token, variant_id).await;
    assert_eq!(created.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn an_in_chat_shop_offers_no_store_cart() {
    let app = TestApp::spawn().await;
    let (conversation, token) = app.create_conversation("en").await;
    let (product_id, _) = hoodie_m(&app).await;
    let offer = offer(&app, &conversation, &token, product_id).await;
    assert_eq!(offer.buying_mode, BuyingMode::Chat);
    assert_eq!(offer.handle, None);
}

#[tokio::test]
async fn in_a_cart_only_shop_the_assistant_does_not_promise_paying_in_the_chat() {
    let app = TestApp::spawn().await;
    set_buying(&app, "cart", None).await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "show me a tote bag").await;
    let events = app.send_message(&id, &token, "I'll buy it").await;
    let offer = events
        .iter()
        .find_map(|e| match e {
            StreamEvent::Checkout { offer } => Some(offer),
            _ => None,
        })
        .expect("a checkout card");
    assert_eq!(offer.buying_mode, BuyingMode::Cart);
    let text = text_of(&events);
    assert!(!text.contains("in the chat"), "{text}");
    assert!(text.contains("cart"), "{text}");
}

/// A complete, valid settings form with the Buying section.
fn settings_form<'a>(mode: &'a str, template: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", "Northwind Demo Shop"),
        ("locale", "en"),
        ("languages", "en"),
        ("currency", "USD"),
        ("brand_color", "#2563eb"),
        ("position", "right"),
        ("engine", "default"),
        ("shipping_flat", "5.00"),
        ("tax_rate", "0"),
        ("buying_mode", mode),
        ("cart_url_template", template),
    ]
}

async fn stored_buying(app: &TestApp) -> (String, Option<String>) {
    sqlx::query_as("select buying_mode, cart_url_template from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("the shop")
}

async fn merchant(app: &TestApp) -> Merchant {
    set_up_shop(app, "demo", "owner@shop.example", "/admin/settings").await
}

#[tokio::test]
async fn the_settings_page_saves_the_buying_mode_and_a_cart_url_template() {
    let app = TestApp::spawn().await;
    let merchant = merchant(&app).await;
    let page = merchant.page("/admin/settings").await;
    assert!(page.contains("name=\"buying_mode\""));
    assert!(page.contains("<option value=\"chat\" selected>"));

    let template = "https://shop.example/cart/add?id={variant}&qty={qty}";
    let saved = merchant
        .post("/admin/settings", &settings_form("cart", template))
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        stored_buying(&app).await,
        ("cart".into(), Some(template.into()))
    );
    let page = merchant.page("/admin/settings").await;
    assert!(page.contains("<option value=\"cart\" selected>"));
    assert!(page.contains("https://shop.example/cart/add?id={variant}&amp;qty={qty}"));

    let cleared = merchant
        .post("/admin/settings", &settings_form("both", ""))
        .await;
    assert_eq!(cleared.status(), StatusCode::SEE_OTHER);
    assert_eq!(stored_buying(&app).await, ("both".into(), None));
}

#[tokio::test]
async fn a_cart_url_template_without_the_item_is_refused_beside_its_field_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let merchant = merchant(&app).await;
    let refused = merchant
        .post(
            "/admin/settings",
            &settings_form("cart", "https://shop.example/cart/add"),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.expect("page");
    assert!(page.contains("Nothing was saved"));
    assert!(page.contains("Put {variant} or {sku} where the item goes"));
    assert!(
        page.contains("<option value=\"cart\" selected>"),
        "the draft is kept"
    );
    assert_eq!(stored_buying(&app).await, ("chat".into(), None));
}

#[tokio::test]
async fn a_cart_only_shop_says_shoppers_pay_at_its_checkout() {
    let app = TestApp::spawn().await;
    set_buying(&app, "cart", None).await;
    let (id, token) = app.create_conversation("en").await;
    let text = text_of(
        &app.send_message(&id, &token, "which payment methods do you take?")
            .await,
    );
    assert!(text.contains("pay at the shop's checkout"), "{text}");
    assert!(!text.contains("right here in the chat"), "{text}");

    set_buying(&app, "both", None).await;
    let text = text_of(
        &app.send_message(&id, &token, "which payment methods do you take?")
            .await,
    );
    assert!(text.contains("right here in the chat"), "{text}");
    assert!(text.contains("pay at the shop's checkout"), "{text}");
}

#[tokio::test]
async fn how_to_pay_asked_after_a_search_or_after_an_ok_is_answered_not_taken_for_trouble() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "zapatillas de mujer").await;
    let text = text_of(&app.send_message(&id, &token, "¿cómo pago?").await);
    assert!(text.contains("Pagas aquí mismo en el chat"), "{text}");
    assert!(!text.contains("problemas para pagar"), "{text}");

    let (id, token) = app.create_conversation("en").await;
    let text = text_of(&app.send_message(&id, &token, "ok how do I pay?").await);
    assert!(text.contains("right here in the chat"), "{text}");
    // How: by card ("do you accept PayPal?" is answered by it).
    assert!(text.contains("by card"), "{text}");
    // Trouble paying is still trouble.
    let text = text_of(
        &app.send_message(&id, &token, "my card was declined, how do I pay?")
            .await,
    );
    assert!(text.contains("trouble paying"), "{text}");
}

#[tokio::test]
async fn a_charge_already_taken_goes_to_a_person_not_to_entering_the_card_again() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let events = app
        .send_message(&id, &token, "I was charged twice for my order")
        .await;
    let text = text_of(&events);
    assert!(text.contains("refund anything taken in error"), "{text}");
    assert!(!text.contains("check the card number"), "{text}");
    assert!(
        format!("{events:?}").contains("Talk to a person"),
        "{events:?}"
    );

    let (id, token) = app.create_conversation("es").await;
    let text = text_of(
        &app.send_message(&id, &token, "me cobraron dos veces el pedido")
            .await,
    );
    assert!(text.contains("lo que se haya cobrado por error"), "{text}");
    // A card that wasn't charged is still trouble paying.
    let (id, token) = app.create_conversation("en").await;
    let text = text_of(
        &app.send_message(&id, &token, "my card wasn't charged, it says declined")
            .await,
    );
    assert!(text.contains("trouble paying"), "{text}");
    // A charge told beside a refund wanted is a refund request.
    let (id, token) = app.create_conversation("en").await;
    let text = text_of(
        &app.send_message(
            &id,
            &token,
            "I was charged on my card already and I never got an email, I'd like a refund",
        )
        .await,
    );
    assert!(text.contains("For a refund I need"), "{text}");
}
