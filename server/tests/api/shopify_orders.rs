//! Order status from Shopify: a shop that saved its store domain and a custom app's Admin API
//! token answers "where is my order?" for its Shopify orders from the number and the email,
//! through a stand-in for the Admin GraphQL API on loopback. A wrong email is no different
//! from an unknown number and counts toward the limit; Shopify being down or refusing the token
//! is told plainly; refunds and cancellations go to the shop's team; the token is sealed.

use shopchat_server::db::Flag;
use shopchat_test_support as support;

use reqwest::StatusCode;
use shopchat_protocol::{FulfillmentState, OrderCard, OrderStatus, StreamEvent};
use shopchat_server::sealed::SecretColumn;
use support::merchant::set_up_shop;
use support::scripted_llm::{ScriptedLlm, Step};
use support::shopify_admin::{shipped_order, ShopifyAdmin, SHOP_NAME, TOKEN};
use support::{app_with_model, first_tool_result, text_of as text, TestApp};

const EMAIL: &str = "ada@example.com";

/// Sets the demo shop's Shopify store and token, sealed as the Settings page stores it.
async fn connect(app: &TestApp, domain: &str, token: &str) {
    let shop_id: i64 = sqlx::query_scalar("select id from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("the demo shop");
    let sealed = app
        .state
        .secrets
        .seal(shop_id, SecretColumn::ShopifyAdminToken, token);
    sqlx::query("update shop set shopify_domain = $1, shopify_admin_token = $2 where id = $3")
        .bind(domain)
        .bind(sealed)
        .bind(shop_id)
        .execute(&app.db)
        .await
        .expect("the shop's Shopify settings");
}

/// The demo app connected to a stand-in that has order #1001, bought by Ada.
async fn connected() -> (TestApp, ShopifyAdmin) {
    let app = TestApp::spawn().await;
    let shopify = ShopifyAdmin::start(vec![shipped_order("#1001", "Ada@Example.com")]).await;
    connect(&app, &shopify.base_url, TOKEN).await;
    (app, shopify)
}

fn order_card(events: &[StreamEvent]) -> Option<&OrderCard> {
    events.iter().find_map(|e| match e {
        StreamEvent::Order { order } => Some(order),
        _ => None,
    })
}

async fn proof_failures(app: &TestApp) -> i64 {
    // One row per attempt under its conversation's key (the order number's key is another).
    sqlx::query_scalar(
        "select count(*) from rate_limit_hit
          where bucket = 'order_proof' and key like 'conversation:%'",
    )
    .fetch_one(&app.db)
    .await
    .expect("database")
}

#[tokio::test]
async fn the_right_number_and_email_show_the_shopify_order_with_its_tracking_in_english_and_spanish(
) {
    let (app, shopify) = connected().await;
    let (id, token) = app.create_conversation("en").await;

    let events = app
        .send_message(&id, &token, "where is my order #1001? ada@example.com")
        .await;
    let card = order_card(&events).expect("a status card");
    assert_eq!(card.order_number, "#1001");
    assert_eq!(card.status, OrderStatus::Fulfilled);
    assert_eq!(card.title, "Trail Jacket");
    assert_eq!(card.breakdown.total.minor, 4830);
    assert_eq!(card.fulfillment.state, FulfillmentState::Fulfilled);
    assert_eq!(card.fulfillment.carrier.as_deref(), Some("UPS"));
    assert_eq!(
        card.fulfillment.tracking_number.as_deref(),
        Some("1Z999AA10123456784")
    );
    let reply = text(&events);
    assert!(reply.contains("#1001"), "{reply}");
    assert!(
        reply.contains("shipped with UPS, tracking number 1Z999AA10123456784"),
        "{reply}"
    );
    let received = shopify.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].token.as_deref(), Some(TOKEN));
    assert_eq!(received[0].body["variables"]["query"], "name:#1001");

    // The proven order is remembered: a follow-up needs no second proof, and is asked again.
    let events = app
        .send_message(&id, &token, "and where is my order now?")
        .await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001"),
        "{}",
        text(&events)
    );
    assert_eq!(shopify.received().len(), 2);

    let (id, token) = app.create_conversation("es").await;
    let events = app
        .send_message(&id, &token, "¿dónde está mi pedido #1001? ada@example.com")
        .await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001")
    );
    let respuesta = text(&events);
    assert!(respuesta.contains("Tu pedido #1001"), "{respuesta}");
    assert!(
        respuesta.contains("Se envió con UPS, número de seguimiento 1Z999AA10123456784"),
        "{respuesta}"
    );
    assert_eq!(
        proof_failures(&app).await,
        0,
        "proofs that succeed don't count"
    );
}

#[tokio::test]
async fn a_wrong_email_gets_the_answer_of_an_unknown_number_and_counts_toward_the_limit() {
    let (app, shopify) = connected().await;
    let (id, token) = app.create_conversation("en").await;

    let wrong_email = text(
        &app.send_message(&id, &token, "where is my order #1001? eve@example.com")
            .await,
    );
    let unknown = text(
        &app.send_message(&id, &token, "where is my order #4242? ada@example.com")
            .await,
    );
    assert_eq!(wrong_email, unknown);
    assert!(
        wrong_email.contains("couldn't find an order"),
        "{wrong_email}"
    );
    assert_eq!(proof_failures(&app).await, 2);

    for n in 0..3 {
        app.send_message(&id, &token, &format!("order #10{n}9 eve@example.com"))
            .await;
    }
    assert_eq!(proof_failures(&app).await, 5);
    let asked = shopify.received().len();
    let events = app
        .send_message(&id, &token, "where is my order #1001? ada@example.com")
        .await;
    assert!(order_card(&events).is_none());
    assert!(
        text(&events).contains("Too many attempts"),
        "{}",
        text(&events)
    );
    assert_eq!(
        shopify.received().len(),
        asked,
        "over the limit, Shopify isn't asked"
    );
}

#[tokio::test]
async fn a_wrong_token_or_shopify_down_is_told_plainly_and_costs_the_shopper_no_attempt() {
    let app = TestApp::spawn().await;
    let shopify = ShopifyAdmin::start(vec![shipped_order("#1001", EMAIL)]).await;
    connect(&app, &shopify.base_url, "shpat_wrong").await;
    let (id, token) = app.create_conversation("en").await;
    // `send_message` checks the answer is a 200 stream.
    let events = app
        .send_message(&id, &token, "where is my order #1001? ada@example.com")
        .await;
    assert!(order_card(&events).is_none());
    assert!(!events
        .iter()
        .any(|e| matches!(e, StreamEvent::Error { .. })));
    let reply = text(&events);
    assert!(
        reply.contains("can't reach the shop's order system"),
        "{reply}"
    );
    assert_eq!(shopify.received()[0].token.as_deref(), Some("shpat_wrong"));

    // Nothing listens on the stand-in's old port once it is released.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        format!("http://{}", listener.local_addr().expect("address"))
    };
    connect(&app, &closed, TOKEN).await;
    let (id, token) = app.create_conversation("es").await;
    let events = app
        .send_message(&id, &token, "¿dónde está mi pedido #1001? ada@example.com")
        .await;
    let respuesta = text(&events);
    assert!(
        respuesta.contains("no puedo acceder al sistema de pedidos"),
        "{respuesta}"
    );
    assert_eq!(proof_failures(&app).await, 0);
}

#[tokio::test]
async fn a_refund_of_a_shopify_order_is_handed_to_the_shop_and_moves_no_money() {
    let (app, _shopify) = connected().await;
    let (id, token) = app.create_conversation("en").await;

    let events = app
        .send_message(
            &id,
            &token,
            "I want a refund for order #1001, ada@example.com, it arrived damaged",
        )
        .await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001"),
        "{}",
        text(&events)
    );
    assert!(
        events
            .iter()
            .any(|e| matches!(e, StreamEvent::Handoff { .. })),
        "{events:?}"
    );
    let reply = text(&events);
    assert!(reply.contains("handled by the shop's team"), "{reply}");

    let (Flag(needs_human), summary): (Flag, Option<String>) =
        sqlx::query_as("select needs_human = 1, handoff_summary from conversation where id = $1")
            .bind(&id)
            .fetch_one(&app.db)
            .await
            .expect("the conversation");
    assert!(needs_human);
    let summary = summary.expect("a summary");
    assert!(summary.contains("#1001"), "{summary}");
    assert!(summary.contains("refund"), "{summary}");
    let money_moved: i64 = sqlx::query_scalar(
        "select (select count(*) from refund) + (select count(*) from pending_action)",
    )
    .fetch_one(&app.db)
    .await
    .expect("database");
    assert_eq!(money_moved, 0, "no refund and no refund offer");
    let logged: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'tool.request_refund'
         and after like '%handed_off%'",
    )
    .fetch_one(&app.db)
    .await
    .expect("database");
    assert_eq!(logged, 1);

    // Cancelling, in Spanish: the same, in the shopper's language.
    let (id, token) = app.create_conversation("es").await;
    let events = app
        .send_message(
            &id,
            &token,
            "quiero cancelar mi pedido #1001, ada@example.com",
        )
        .await;
    let respuesta = text(&events);
    assert!(
        respuesta.contains("los gestiona el equipo de la tienda"),
        "{respuesta}"
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, StreamEvent::Handoff { .. })));
    let canceled: i64 = sqlx::query_scalar(
        "select count(*) from audit_log where action = 'tool.cancel_order'
         and after like '%handed_off%'",
    )
    .fetch_one(&app.db)
    .await
    .expect("database");
    assert_eq!(canceled, 1);
}

/// Whether the conversation waits for a person, and its handoff summary.
async fn handoff_of(app: &TestApp, id: &str) -> (bool, Option<String>) {
    let (waiting, summary): (Flag, Option<String>) =
        sqlx::query_as("select needs_human = 1, handoff_summary from conversation where id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .expect("the conversation");
    (waiting.0, summary)
}

/// Refunds, refund offers and cancellations in the database: none may come from a Shopify order.
async fn money_moved(app: &TestApp) -> i64 {
    sqlx::query_scalar(
        "select (select count(*) from refund) + (select count(*) from pending_action)
              + (select count(*) from shop_order where status = 'canceled')",
    )
    .fetch_one(&app.db)
    .await
    .expect("database")
}

fn handed_off(events: &[StreamEvent]) -> bool {
    events
        .iter()
        .any(|e| matches!(e, StreamEvent::Handoff { .. }))
}

/// A paid order not shipped yet, of which Shopify has refunded 10.00.
fn partly_refunded_order(name: &str, email: &str) -> serde_json::Value {
    let mut order = shipped_order(name, email);
    order["displayFinancialStatus"] = "PARTIALLY_REFUNDED".into();
    order["displayFulfillmentStatus"] = "UNFULFILLED".into();
    order["fulfillments"] = serde_json::json!([]);
    order["totalRefundedSet"]["shopMoney"]["amount"] = "10.0".into();
    order
}

/// The demo app connected to a stand-in with Ada's shipped #1001 and partly refunded #1002.
async fn connected_with_two_orders() -> (TestApp, ShopifyAdmin) {
    let app = TestApp::spawn().await;
    let shopify = ShopifyAdmin::start(vec![
        shipped_order("#1001", EMAIL),
        partly_refunded_order("#1002", EMAIL),
    ])
    .await;
    connect(&app, &shopify.base_url, TOKEN).await;
    (app, shopify)
}

#[tokio::test]
async fn follow_ups_about_a_proven_shopify_order_are_answered_from_it_and_its_refund_goes_to_the_shop(
) {
    let (app, shopify) = connected_with_two_orders().await;
    let (id, token) = app.create_conversation("en").await;
    let events = app
        .send_message(&id, &token, "where is my order #1001? ada@example.com")
        .await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001")
    );

    // Questions are answered from the order as Shopify has it now; nothing is handed off.
    let events = app.send_message(&id, &token, "where is my refund?").await;
    let reply = text(&events);
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001"),
        "{reply}"
    );
    assert!(
        reply.contains("Nothing has been refunded on it so far"),
        "{reply}"
    );
    assert!(reply.contains("handled by the shop's team"), "{reply}");
    assert!(!handed_off(&events));

    let events = app
        .send_message(&id, &token, "is it too late to cancel?")
        .await;
    let reply = text(&events);
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001"),
        "{reply}"
    );
    assert!(
        reply.contains("cancelling it is up to the shop's team"),
        "{reply}"
    );
    assert!(reply.contains("already shipped"), "{reply}");
    assert!(!handed_off(&events));
    assert!(
        !handoff_of(&app, &id).await.0,
        "a question hands nothing off"
    );
    let asked_before = shopify.received().len();

    // Asking for a refund hands it to the shop with the order, its items and its total.
    let events = app.send_message(&id, &token, "I want a refund").await;
    let reply = text(&events);
    assert!(handed_off(&events), "{reply}");
    assert!(reply.contains("handled by the shop's team"), "{reply}");
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001")
    );
    assert!(
        shopify.received().len() > asked_before,
        "Shopify is asked again"
    );
    let (waiting, summary) = handoff_of(&app, &id).await;
    assert!(waiting);
    let summary = summary.expect("a summary");
    for fact in [
        "Shopify order #1001",
        "1 × Trail Jacket (M / Black)",
        "48.30 USD",
        "wants a refund",
        "I want a refund",
    ] {
        assert!(summary.contains(fact), "{fact}: {summary}");
    }
    assert_eq!(money_moved(&app).await, 0);

    // "Cancel my order", in another conversation with the order proven there.
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "where is my order #1001? ada@example.com")
        .await;
    let events = app.send_message(&id, &token, "cancel my order").await;
    assert!(handed_off(&events), "{}", text(&events));
    let summary = handoff_of(&app, &id).await.1.expect("a summary");
    assert!(summary.contains("Shopify order #1001"), "{summary}");
    assert!(summary.contains("wants to cancel it"), "{summary}");
    assert_eq!(money_moved(&app).await, 0);
}

#[tokio::test]
async fn in_spanish_the_refund_and_cancel_questions_use_the_shopify_order_and_requests_go_to_the_shop(
) {
    let (app, _shopify) = connected_with_two_orders().await;
    let (id, token) = app.create_conversation("es").await;
    let events = app
        .send_message(&id, &token, "¿dónde está mi pedido #1002? ada@example.com")
        .await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1002"),
        "{}",
        text(&events)
    );

    let events = app
        .send_message(&id, &token, "¿dónde está mi reembolso?")
        .await;
    let respuesta = text(&events);
    let card = order_card(&events).expect("the order's card");
    assert_eq!(card.order_number, "#1002", "{respuesta}");
    assert_eq!(card.refunded.minor, 1000);
    assert_eq!(card.status, OrderStatus::PartiallyRefunded);
    assert!(respuesta.contains("reembolsado en parte"), "{respuesta}");
    assert!(respuesta.contains("Se han reembolsado"), "{respuesta}");
    assert!(!handed_off(&events));

    let events = app
        .send_message(&id, &token, "¿es demasiado tarde para cancelar?")
        .await;
    let respuesta = text(&events);
    assert!(
        respuesta.contains("cancelarlo le corresponde al equipo de la tienda"),
        "{respuesta}"
    );
    assert!(
        respuesta.contains("Todavía no se ha enviado"),
        "{respuesta}"
    );
    assert!(!handed_off(&events));

    let events = app.send_message(&id, &token, "quiero devolverlo").await;
    let respuesta = text(&events);
    assert!(handed_off(&events), "{respuesta}");
    assert!(
        respuesta.contains("los gestiona el equipo de la tienda"),
        "{respuesta}"
    );
    let summary = handoff_of(&app, &id).await.1.expect("a summary");
    assert!(summary.contains("Shopify order #1002"), "{summary}");
    assert!(summary.contains("wants a refund"), "{summary}");

    let (id, token) = app.create_conversation("es").await;
    app.send_message(&id, &token, "¿dónde está mi pedido #1002? ada@example.com")
        .await;
    let events = app
        .send_message(&id, &token, "quiero cancelar mi pedido")
        .await;
    let respuesta = text(&events);
    assert!(handed_off(&events), "{respuesta}");
    assert!(
        respuesta.contains("los gestiona el equipo de la tienda"),
        "{respuesta}"
    );
    let summary = handoff_of(&app, &id).await.1.expect("a summary");
    assert!(summary.contains("wants to cancel it"), "{summary}");
    assert_eq!(money_moved(&app).await, 0);
}

#[tokio::test]
async fn the_access_token_is_stored_sealed_from_the_settings_page_and_tested_there() {
    let app = TestApp::spawn().await;
    let shopify = ShopifyAdmin::start(vec![]).await;
    let merchant = set_up_shop(&app, "demo", "owner@example.com", "/admin/settings").await;
    let page = merchant.page("/admin/settings").await;
    assert!(
        page.contains("data-secret-status=\"shopify_admin_token\">not set"),
        "the page says no token is set"
    );
    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("shopify_domain", &shopify.base_url),
                ("shopify_admin_token", TOKEN),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    let raw: String =
        sqlx::query_scalar("select shopify_admin_token from shop where public_key = 'demo'")
            .fetch_one(&app.db)
            .await
            .expect("the token");
    assert!(raw.starts_with("sealed:v1:"), "{raw}");
    assert!(!raw.contains(TOKEN));
    assert_eq!(
        app.stored_secret("demo", SecretColumn::ShopifyAdminToken)
            .await
            .as_deref(),
        Some(TOKEN)
    );
    let page = merchant.page("/admin/settings").await;
    assert!(page.contains("data-secret-status=\"shopify_admin_token\">set"));
    assert!(!page.contains(TOKEN), "the token is never shown again");

    let tested = merchant
        .post("/admin/settings/test-shopify", &[])
        .await
        .text()
        .await
        .expect("page");
    assert!(
        tested.contains(&format!("Shopify answered for “{SHOP_NAME}”")),
        "{tested}"
    );

    // Saving again without a token keeps it; ticking "remove" removes it.
    let kept = merchant
        .post(
            "/admin/settings",
            &settings_form(&[("shopify_domain", &shopify.base_url)]),
        )
        .await;
    assert_eq!(kept.status(), StatusCode::SEE_OTHER);
    assert!(app
        .stored_secret("demo", SecretColumn::ShopifyAdminToken)
        .await
        .is_some());
    let removed = merchant
        .post(
            "/admin/settings",
            &settings_form(&[("shopify_domain", ""), ("shopify_admin_token_remove", "on")]),
        )
        .await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.stored_secret("demo", SecretColumn::ShopifyAdminToken)
            .await,
        None
    );
}

#[tokio::test]
async fn the_llm_engines_order_tools_show_the_shopify_order_and_hand_its_refund_to_the_shop() {
    let llm = ScriptedLlm::start(vec![
        [
            Step::tool_call(
                0,
                "call_1",
                "order_status",
                r##"{"order_number": "#1001", "email": "ADA@example.com"}"##,
            ),
            vec![Step::Finish("tool_calls")],
        ]
        .concat(),
        vec![
            Step::text("Your order #1001 shipped with UPS."),
            Step::Finish("stop"),
        ],
        // The next message: the model asks for a refund of it, and gets a handoff instead.
        [
            Step::tool_call(
                0,
                "call_2",
                "request_refund",
                r#"{"reason": "damaged", "amount": 4830}"#,
            ),
            vec![Step::Finish("tool_calls")],
        ]
        .concat(),
        vec![
            Step::text("I've passed it to the shop's team."),
            Step::Finish("stop"),
        ],
    ])
    .await;
    let app = app_with_model(&llm).await;
    let shopify = ShopifyAdmin::start(vec![shipped_order("#1001", EMAIL)]).await;
    connect(&app, &shopify.base_url, TOKEN).await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "where is my order?").await;
    let result = first_tool_result(&llm);
    assert_eq!(result["status"], "shown", "{result}");
    assert_eq!(result["order"]["order_number"], "#1001");
    assert_eq!(result["order"]["fulfillment"]["carrier"], "UPS");
    assert_eq!(result["placed_in"], "the shop's online store", "{result}");
    assert_eq!(
        result["order"]["fulfillment"]["tracking_number"],
        "1Z999AA10123456784"
    );
    assert_eq!(
        order_card(&events).map(|c| c.order_number.as_str()),
        Some("#1001")
    );

    // The order proven above is the one a refund is about: the model can't move money on it.
    let events = app
        .send_message(&id, &token, "it arrived damaged, refund it")
        .await;
    let body = &llm.requests()[3].body;
    let result: serde_json::Value = body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .rev()
        .find(|m| m["role"] == "tool")
        .and_then(|m| m["content"].as_str())
        .and_then(|c| serde_json::from_str(c).ok())
        .expect("the refund tool's result");
    assert_eq!(result["status"], "handed_off", "{result}");
    assert!(events
        .iter()
        .any(|e| matches!(e, StreamEvent::Handoff { .. })));
    let refunds: i64 = sqlx::query_scalar("select count(*) from refund")
        .fetch_one(&app.db)
        .await
        .expect("database");
    assert_eq!(refunds, 0);
    // The shop's team reads which order, what is in it and what the shopper wants.
    let summary = handoff_of(&app, &id).await.1.expect("a summary");
    for fact in [
        "Shopify order #1001",
        "1 × Trail Jacket",
        "48.30 USD",
        "wants a refund",
    ] {
        assert!(summary.contains(fact), "{fact}: {summary}");
    }
}

/// A complete settings form with these fields changed.
fn settings_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    support::merchant::settings_form_from(&[("shopify_domain", "")], overrides)
}
