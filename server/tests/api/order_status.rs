//! "Where is my order?" in the chat: who may see an order (the conversation that bought it, a
//! client holding its token, whoever gives its number and email), what the status card says,
//! the rate limit on guesses, and the refund asked for in the embedded engine's dialogue.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use reqwest::{Method, StatusCode};
use serde_json::json;
use shopchat_protocol::{FulfillmentState, OrderStatus};

use aftersale::{admin, admin_token, bought, order_card, refunded, shop, EMAIL};
use support::{cards_of as cards, text_of as text, TestApp};

#[tokio::test]
async fn the_conversation_that_bought_the_order_sees_its_card_in_english_and_spanish() {
    let app = TestApp::spawn().await;
    let (shop, mug, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    let events = app.send_message(&id, &token, "where is my order?").await;
    let card = order_card(&events).expect("a status card");
    assert_eq!(card.order_number, order.order.order_number);
    assert_eq!(card.status, OrderStatus::Paid);
    assert_eq!(card.fulfillment.state, FulfillmentState::Unfulfilled);
    assert_eq!(card.breakdown.total.minor, 2500);
    let reply = text(&events);
    assert!(reply.contains(&order.order.order_number), "{reply}");
    assert!(reply.contains("hasn't shipped"), "{reply}");

    let spanish = aftersale::conversation(&app, &shop, "es").await;
    let pedido = aftersale::order(&app, &spanish, mug, "ana@example.com").await;
    aftersale::pay(&app, &pedido).await;
    let events = app
        .send_message(&spanish.0, &spanish.1, "¿dónde está mi pedido?")
        .await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.clone()),
        Some(pedido.order.order_number.clone())
    );
    let respuesta = text(&events);
    assert!(respuesta.contains("Tu pedido"), "{respuesta}");
    assert!(respuesta.contains("no se ha enviado"), "{respuesta}");
}

#[tokio::test]
async fn a_new_conversation_with_the_kept_order_token_sees_the_order_at_once() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let other = aftersale::shop(&app, "other-shop").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let other_mug = aftersale::variant(&app, &other, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let (_, other_order) = bought(&app, &other, other_mug).await;

    // After a reload: the widget opens a new conversation with the tokens it kept.
    let (id, token) = app
        .create_conversation_with(
            json!({"shop": shop.key, "locale": "en", "order_tokens": [order.order_token]}),
        )
        .await;
    let events = app.send_message(&id, &token, "where is my order?").await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.clone()),
        Some(order.order.order_number.clone())
    );

    // Another shop's token, or junk, proves nothing and reveals nothing.
    let (id, token) = app
        .create_conversation_with(json!({"shop": shop.key, "locale": "en",
            "order_tokens": [other_order.order_token, "junk", ""]}))
        .await;
    let events = app.send_message(&id, &token, "where is my order?").await;
    assert!(order_card(&events).is_none());
    assert!(text(&events).contains("number"), "{}", text(&events));
}

#[tokio::test]
async fn number_and_email_prove_an_order_and_every_wrong_guess_gets_the_same_answer() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let other = aftersale::shop(&app, "other-shop").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let other_mug = aftersale::variant(&app, &other, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    // The other shop's first order has the same number, bought by someone else.
    let other_conversation = aftersale::conversation(&app, &other, "en").await;
    let eve = aftersale::order(&app, &other_conversation, other_mug, "eve@example.com").await;
    assert_eq!(eve.order.order_number, order.order.order_number);
    let number = &order.order.order_number;

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let wrong_email = app
        .send_message(
            &id,
            &token,
            &format!("where is my order {number}? eve@example.com"),
        )
        .await;
    let unknown = app
        .send_message(&id, &token, "where is my order SC-9999? ada@example.com")
        .await;
    for events in [&wrong_email, &unknown] {
        assert!(order_card(events).is_none());
        assert!(!text(events).contains("Mug"), "{}", text(events));
    }
    assert_eq!(text(&wrong_email), text(&unknown));

    let events = app
        .send_message(&id, &token, &format!("{number} {EMAIL}"))
        .await;
    let card = order_card(&events).expect("proven");
    assert_eq!(&card.order_number, number);
    // Proven once, the order stays proven in this conversation.
    let events = app.send_message(&id, &token, "where is my order?").await;
    assert!(order_card(&events).is_some());
}

#[tokio::test]
async fn after_five_wrong_guesses_even_the_right_email_is_refused_for_a_while() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let number = &order.order.order_number;

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    for i in 0..5 {
        let events = app
            .send_message(&id, &token, &format!("order {number} guess{i}@example.com"))
            .await;
        assert!(order_card(&events).is_none());
    }
    let events = app
        .send_message(&id, &token, &format!("order {number} {EMAIL}"))
        .await;
    assert!(order_card(&events).is_none());
    assert!(text(&events).contains("15 minutes"), "{}", text(&events));

    // The order itself is protected too: a new conversation can't keep guessing it.
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(&id, &token, &format!("order {number} {EMAIL}"))
        .await;
    assert!(order_card(&events).is_none());
    assert!(text(&events).contains("15 minutes"), "{}", text(&events));
}

#[tokio::test]
async fn the_card_shows_the_carrier_and_tracking_the_merchant_gave() {
    let app = TestApp::spawn().await;
    let (shop, mug, ((id, token), order)) = aftersale::bought_a_mug(&app).await;
    let admin_token = admin_token(&app, &shop).await;
    let number = &order.order.order_number;

    let (code, _) = admin(&app, &admin_token, Method::POST, &format!("/orders/{number}/fulfillment"),
        Some(json!({"carrier": "UPS", "tracking_number": "1Z999AA1", "tracking_url": "https://ups.example/1Z999AA1"}))).await;
    assert_eq!(code, StatusCode::OK);
    let events = app.send_message(&id, &token, "where is my order?").await;
    let card = order_card(&events).expect("a card");
    assert_eq!(card.status, OrderStatus::Fulfilled);
    assert_eq!(card.fulfillment.carrier.as_deref(), Some("UPS"));
    assert_eq!(
        card.fulfillment.tracking_number.as_deref(),
        Some("1Z999AA1")
    );
    assert!(text(&events).contains("1Z999AA1"), "{}", text(&events));

    let (code, _) = admin(
        &app,
        &admin_token,
        Method::POST,
        &format!("/orders/{number}/delivered"),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    let card = aftersale::card(&app, &order).await;
    assert_eq!(card.fulfillment.state, FulfillmentState::Delivered);
    let kinds: Vec<&str> = card.timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "paid", "fulfilled", "delivered"]);

    // A bad tracking link is refused; an unpaid order can't ship.
    let (code, _) = admin(&app, &admin_token, Method::POST, &format!("/orders/{number}/fulfillment"),
        Some(json!({"carrier": "UPS", "tracking_number": "1", "tracking_url": "javascript:alert(1)"}))).await;
    assert_eq!(code, StatusCode::BAD_REQUEST);
    let unpaid = aftersale::order(&app, &(id.clone(), token.clone()), mug, "zed@example.com").await;
    let (code, body) = admin(
        &app,
        &admin_token,
        Method::POST,
        &format!("/orders/{}/fulfillment", unpaid.order.order_number),
        Some(json!({"carrier": "UPS", "tracking_number": "1"})),
    )
    .await;
    assert_eq!(code, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "fulfillment_not_allowed");
}

#[tokio::test]
async fn the_card_endpoint_needs_the_orders_own_token() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, first) = bought(&app, &shop, mug).await;
    let (_, second) = bought(&app, &shop, mug).await;
    let url = format!("{}/api/v1/orders/{}/card", app.url, first.order.order_id);
    let response = app
        .client
        .get(&url)
        .bearer_auth(&second.order_token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let response = app.client.get(&url).send().await.expect("request");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        aftersale::card(&app, &first).await.order_number,
        first.order.order_number
    );
}

#[tokio::test]
async fn i_want_a_refund_asks_for_the_order_then_refunds_within_the_ceiling() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let number = &order.order.order_number;

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app.send_message(&id, &token, "I want a refund").await;
    assert!(order_card(&events).is_none());
    assert!(text(&events).contains("email"), "{}", text(&events));
    assert_eq!(refunded(&app, &order).await, 0);

    let events = app
        .send_message(&id, &token, &format!("{number} {EMAIL}"))
        .await;
    assert!(
        text(&events).contains("Shall I go ahead?"),
        "{}",
        text(&events)
    );
    assert_eq!(
        refunded(&app, &order).await,
        0,
        "nothing before the shopper's yes"
    );
    let events = app.send_message(&id, &token, "yes").await;
    let card = order_card(&events).expect("the refunded order");
    assert_eq!(card.status, OrderStatus::PartiallyRefunded);
    assert_eq!(
        card.refunded.minor, 2000,
        "the item, not the shipping: no reason given"
    );
    assert!(text(&events).contains("$20"), "{}", text(&events));
    assert_eq!(refunded(&app, &order).await, 2000);
}

#[tokio::test]
async fn cancelling_in_the_chat_before_shipping_refunds_in_full_in_spanish() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let conversation = aftersale::conversation(&app, &shop, "es").await;
    let order = aftersale::order(&app, &conversation, mug, EMAIL).await;
    aftersale::pay(&app, &order).await;

    let events = app
        .send_message(
            &conversation.0,
            &conversation.1,
            "quiero cancelar mi pedido",
        )
        .await;
    assert!(text(&events).contains("¿Lo cancelo?"), "{}", text(&events));
    let events = app
        .send_message(&conversation.0, &conversation.1, "sí")
        .await;
    let card = order_card(&events).expect("the canceled order");
    assert_eq!(card.status, OrderStatus::Canceled);
    assert_eq!(card.refunded.minor, 2500);
    assert!(text(&events).contains("He cancelado"), "{}", text(&events));
}

#[tokio::test]
async fn an_unsure_reading_between_cancelling_and_status_takes_the_one_the_message_says() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    // No word of cancelling in it: where the order is, not "which of these do you mean?".
    let events = app
        .send_message(
            &id,
            &token,
            "Ok so I paid for a hat like an hour ago and I have ZERO information about where it is. Has it shipped or what??",
        )
        .await;
    assert_eq!(
        order_card(&events).map(|c| c.order_number.clone()),
        Some(order.order.order_number.clone()),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn a_yes_or_i_dont_have_it_after_the_ask_keeps_the_request_and_says_where_to_find_them() {
    let app = TestApp::spawn().await;
    // Bought in another chat: this one has no order proven.
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;
    let number = &order.order.order_number;

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(&id, &token, "can I cancel my order? I ordered by mistake")
        .await;
    // What the number and email are for, said.
    assert!(
        text(&events).contains("To cancel your order I need your order number"),
        "{}",
        text(&events)
    );
    // Not a greeting, not another request: where to find them, and a person to turn to.
    for said in ["yes cancel it", "I don't have the order number"] {
        let events = app.send_message(&id, &token, said).await;
        let reply = text(&events);
        assert!(reply.contains("confirmation email"), "{said}: {reply}");
        assert!(reply.starts_with("To cancel your order"), "{said}: {reply}");
        assert!(
            support::chips_of(&events).contains(&"Talk to a person".to_owned()),
            "{said}: {events:?}"
        );
        assert!(order_card(&events).is_none());
    }
    // The number, then the email: the two halves are joined, and the cancellation waits
    // for its yes.
    let events = app.send_message(&id, &token, number).await;
    assert!(
        text(&events).contains(&format!("To find order {number} I also need the email")),
        "{}",
        text(&events)
    );
    let events = app.send_message(&id, &token, EMAIL).await;
    assert!(
        text(&events).contains("Shall I cancel"),
        "{}",
        text(&events)
    );
    assert_eq!(refunded(&app, &order).await, 0, "nothing before the yes");
    let events = app.send_message(&id, &token, "yes").await;
    let card = order_card(&events).expect("the canceled order");
    assert_eq!(card.status, OrderStatus::Canceled);
}

#[tokio::test]
async fn a_yes_or_a_no_that_goes_on_to_ask_for_an_order_action_is_that_request() {
    let app = TestApp::spawn().await;
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;
    for (locale, said, asked) in [
        (
            "en",
            "yes I want a refund",
            "For a refund I need your order number",
        ),
        (
            "en",
            "no, I want to cancel my order",
            "To cancel your order I need",
        ),
        (
            "en",
            "ok please cancel my order",
            "To cancel your order I need",
        ),
        (
            "es",
            "sí, quiero cancelar mi pedido",
            "Para cancelar tu pedido necesito",
        ),
    ] {
        let reply = aftersale::first_reply(&app, &shop, locale, said).await;
        assert!(reply.starts_with(asked), "{said}: {reply}");
    }
    // A bare yes or no still asks for nothing, and a no to a refund is no refund.
    for said in ["yes", "ok thanks", "nope, no refund"] {
        let reply = aftersale::first_reply(&app, &shop, "en", said).await;
        assert!(!reply.contains("order number"), "{said}: {reply}");
    }
    // Another request while the first waits for its proof takes its place: the cancellation
    // is what the number and email then prove.
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(&id, &token, "my order hasn't shipped yet right?")
        .await;
    assert!(
        text(&events).contains("To find your order"),
        "{}",
        text(&events)
    );
    let events = app
        .send_message(&id, &token, "ok then please cancel it")
        .await;
    assert!(
        text(&events).starts_with("To cancel your order"),
        "{}",
        text(&events)
    );
    aftersale::prove_and_see_the_offer(&app, (&id, &token), &order, "Shall I cancel").await;
}

#[tokio::test]
async fn where_is_my_refund_with_no_order_in_the_chat_asks_for_it_then_shows_its_card() {
    let app = TestApp::spawn().await;
    // Bought in another chat: this one has no order proven.
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;
    let number = &order.order.order_number;

    let (id, token) = aftersale::conversation(&app, &shop, "es").await;
    let events = app
        .send_message(&id, &token, "¿dónde está mi reembolso?")
        .await;
    assert!(text(&events).contains("correo"), "{}", text(&events));
    assert!(order_card(&events).is_none());
    let events = app.send_message(&id, &token, "no tengo el número").await;
    assert!(
        text(&events).contains("correo de confirmación"),
        "{}",
        text(&events)
    );
    let events = app
        .send_message(&id, &token, &format!("{number}, {EMAIL}"))
        .await;
    let card = order_card(&events).expect("the order's card");
    assert_eq!(&card.order_number, number);
    assert_eq!(refunded(&app, &order).await, 0, "a question moves no money");

    // Asked whether it has been processed, in English: the same, not the policy.
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(&id, &token, "is my refund processed?")
        .await;
    assert!(
        text(&events).contains("To find your order"),
        "{}",
        text(&events)
    );
    let events = app
        .send_message(&id, &token, &format!("{number}, {EMAIL}"))
        .await;
    assert!(order_card(&events).is_some(), "{}", text(&events));
    assert_eq!(refunded(&app, &order).await, 0, "a question moves no money");
}

#[tokio::test]
async fn a_change_to_an_order_placed_offers_cancelling_or_a_person_in_both_languages() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    for (locale, said, answer, chip) in [
        (
            "en",
            "I ordered the wrong size, can I change it before it ships?",
            "I can't change an order once it's placed",
            "Cancel my order",
        ),
        (
            "en",
            "hi I placed an order yesterday but I made a mistake with the address",
            "I can't change an order once it's placed",
            "Cancel my order",
        ),
        (
            "es",
            "hice un pedido ayer y puse mal la dirección",
            "No puedo cambiar un pedido ya hecho",
            "Cancelar mi pedido",
        ),
        // An address to change, or "my order", says the order is placed.
        (
            "en",
            "I need to change my shipping address",
            "I can't change an order once it's placed",
            "Cancel my order",
        ),
        (
            "en",
            "can I change the size on my order?",
            "I can't change an order once it's placed",
            "Cancel my order",
        ),
        (
            "es",
            "quiero cambiar la dirección de envío",
            "No puedo cambiar un pedido ya hecho",
            "Cancelar mi pedido",
        ),
    ] {
        let (id, token) = aftersale::conversation(&app, &shop, locale).await;
        let events = app.send_message(&id, &token, said).await;
        assert!(text(&events).contains(answer), "{said}: {}", text(&events));
        assert!(
            support::chips_of(&events).contains(&chip.to_owned()),
            "{said}: {events:?}"
        );
    }
}

#[tokio::test]
async fn a_parcel_that_arrived_damaged_gets_the_refund_offer_with_its_shipping() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;
    let events = app
        .send_message(&id, &token, "My package arrived damaged, what can I do?")
        .await;
    let reply = text(&events);
    assert!(reply.contains("Shall I go ahead?"), "{reply}");
    assert!(reply.contains("$25"), "the mug and its shipping: {reply}");
    assert_eq!(refunded(&app, &order).await, 0, "nothing before the yes");
}

#[tokio::test]
async fn how_to_get_a_refund_for_something_bought_answers_the_rules_then_asks_for_the_order() {
    let app = TestApp::spawn().await;
    // Bought in another chat: this one has no order proven.
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(
            &id,
            &token,
            "I bought a mug for my son and he doesn't like it, how do I get reimbursed?",
        )
        .await;
    let reply = text(&events);
    assert!(
        reply.contains("returns and refunds policy"),
        "the rules first: {reply}"
    );
    assert!(
        reply.contains("For a refund I need your order number"),
        "{reply}"
    );
    assert_eq!(refunded(&app, &order).await, 0);
    aftersale::prove_and_see_the_offer(&app, (&id, &token), &order, "Shall I go ahead?").await;

    // What came, told before the question, is no refund asked after ("where is it?"): the
    // rules, then the order, in the same way.
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(
            &id,
            &token,
            "Hello there. I received my order yesterday but unfortunately the mug is chipped. \
             What's the process to get my money back?",
        )
        .await;
    let reply = text(&events);
    assert!(
        reply.contains("For a refund I need your order number"),
        "{reply}"
    );
    aftersale::prove_and_see_the_offer(&app, (&id, &token), &order, "Shall I go ahead?").await;

    // A short "how do I send it back?": the rules, then the order, should the shopper want
    // to; one of orders in general, one that supposes or one that asks a detail of the rules
    // asks for none.
    for (said, asks) in [
        ("how do I send it back?", true),
        ("¿cómo lo devuelvo?", true),
        ("how do I return an item?", false),
        ("¿cómo devuelvo un artículo?", false),
        ("how do I cancel an order if I need to?", false),
        (
            "how do I send something back, do I need to print a label?",
            false,
        ),
    ] {
        let locale = if said.starts_with('¿') { "es" } else { "en" };
        let reply = aftersale::first_reply(&app, &shop, locale, said).await;
        assert_eq!(
            reply.contains("order number") || reply.contains("número de pedido"),
            asks,
            "{said}: {reply}"
        );
    }

    // A question about the rules in general asks for no order.
    let (id, token) = aftersale::conversation(&app, &shop, "es").await;
    let events = app
        .send_message(&id, &token, "¿cómo funcionan las devoluciones?")
        .await;
    assert!(
        !text(&events).contains("número de pedido"),
        "{}",
        text(&events)
    );
}

#[tokio::test]
async fn can_i_cancel_my_order_answers_the_rules_then_asks_for_the_order_in_both_languages() {
    let app = TestApp::spawn().await;
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(&id, &token, "can I still cancel my order?")
        .await;
    let reply = text(&events);
    assert!(reply.contains("Until an order ships"), "the rules: {reply}");
    assert!(reply.contains("To cancel your order I need"), "{reply}");
    aftersale::prove_and_see_the_offer(&app, (&id, &token), &order, "Shall I cancel").await;

    let (id, token) = aftersale::conversation(&app, &shop, "es").await;
    let events = app
        .send_message(&id, &token, "¿puedo cancelar mi pedido?")
        .await;
    assert!(
        text(&events).contains("Para cancelar tu pedido necesito"),
        "{}",
        text(&events)
    );
    // One that only supposes, or asks of orders in general, asks for no order.
    for said in ["what if I cancel my order?", "how do I cancel an order?"] {
        let reply = aftersale::first_reply(&app, &shop, "en", said).await;
        assert!(!reply.contains("order number"), "{said}: {reply}");
    }
}

#[tokio::test]
async fn a_question_about_the_money_while_a_cancellation_waits_gets_its_rules_and_it_still_waits() {
    let app = TestApp::spawn().await;
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;
    let (id, token) = aftersale::conversation(&app, &shop, "es").await;
    app.send_message(&id, &token, "necesito anular una compra que hice ayer")
        .await;
    let reply = text(&app.send_message(&id, &token, "¿me devolvéis todo?").await);
    // What cancelling gives back, not the refund policy; and the number and email asked again.
    assert!(reply.starts_with("Hasta que un pedido se envía"), "{reply}");
    assert!(
        reply.contains("Para cancelar tu pedido necesito"),
        "{reply}"
    );
    // The cancellation still waits for them, and then for a yes.
    aftersale::prove_and_see_the_offer(&app, (&id, &token), &order, "¿Lo cancelo?").await;
}

#[tokio::test]
async fn an_exchange_is_a_refund_and_a_new_purchase_never_a_search() {
    let app = TestApp::spawn().await;
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(&id, &token, "can I exchange the mug for a bigger one?")
        .await;
    let reply = text(&events);
    assert!(
        reply.starts_with("I can't swap an item directly"),
        "{reply}"
    );
    assert!(
        reply.contains("For a refund I need your order number"),
        "{reply}"
    );
    assert!(
        support::cards_of(&events).is_empty(),
        "no search: {events:?}"
    );
    aftersale::prove_and_see_the_offer(&app, (&id, &token), &order, "Shall I go ahead?").await;

    // Exchanges asked about in general: how they are done, and no order asked for.
    let (id, token) = aftersale::conversation(&app, &shop, "es").await;
    let events = app.send_message(&id, &token, "¿hacen cambios?").await;
    let reply = text(&events);
    assert!(reply.starts_with("No puedo cambiar un artículo"), "{reply}");
    assert!(!reply.contains("número de pedido"), "{reply}");
}

#[tokio::test]
async fn a_number_given_when_asked_is_read_and_a_request_let_be_is_dropped() {
    let app = TestApp::spawn().await;
    // Bought in another chat: this one has no order proven.
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;
    let number = &order.order.order_number;
    let digits = number.trim_start_matches("SC-");

    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    app.send_message(
        &id,
        &token,
        "I'd like to return my mug and have my money refunded",
    )
    .await;
    let events = app
        .send_message(
            &id,
            &token,
            &format!("Certainly. The order number on my receipt is {digits}."),
        )
        .await;
    assert!(
        text(&events).contains(&format!("To find order {number} I also need the email")),
        "{}",
        text(&events)
    );
    // A wrong email: nothing found, and a person is one tap away.
    let events = app
        .send_message(&id, &token, "my email is someone.else@example.com")
        .await;
    assert!(
        text(&events).contains(
            "couldn't find an order with that number and email, so I can't look at a refund yet"
        ),
        "{}",
        text(&events)
    );
    assert!(
        support::chips_of(&events).contains(&"Talk to a person".to_owned()),
        "{events:?}"
    );
    // Let be: nothing changes, and the number and email given next only show the order.
    let events = app
        .send_message(&id, &token, "wait actually nvm im keeping it")
        .await;
    assert!(
        text(&events).contains("nothing has changed"),
        "{}",
        text(&events)
    );
    let events = app
        .send_message(&id, &token, &format!("{number} {EMAIL}"))
        .await;
    assert!(order_card(&events).is_some(), "{}", text(&events));
    assert!(!text(&events).contains("Shall I"), "{}", text(&events));
    assert_eq!(refunded(&app, &order).await, 0);
}

#[tokio::test]
async fn what_came_faulty_for_someone_else_asks_for_the_order_after_the_rules() {
    let app = TestApp::spawn().await;
    let (shop, _, _) = aftersale::bought_a_mug(&app).await;
    let (id, token) = aftersale::conversation(&app, &shop, "es").await;
    let events = app
        .send_message(
            &id,
            &token,
            "Buenos días, le escribo por mi mamá. A ella le llegó la taza con un agujerito. Quiere que le devuelvan su dinero, ¿cómo hacemos?",
        )
        .await;
    let reply = text(&events);
    assert!(reply.contains("política"), "the rules first: {reply}");
    assert!(reply.contains("Para un reembolso necesito"), "{reply}");
    // Not when it only supposes.
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    let events = app
        .send_message(&id, &token, "if it arrives damaged, how do I get a refund?")
        .await;
    assert!(!text(&events).contains("order number"), "{}", text(&events));
}

#[tokio::test]
async fn a_problem_with_an_order_then_what_is_wrong_asks_for_the_refund_in_both_languages() {
    let app = TestApp::spawn().await;
    // Bought in another chat: this one has no order proven.
    let (shop, _, (_, order)) = aftersale::bought_a_mug(&app).await;
    for (locale, problem, wrong, asks_order, asks_refund) in [
        (
            "en",
            "I have a problem with my order",
            "the mug is chipped",
            "To find your order I need",
            "For a refund I need your order number",
        ),
        (
            "es",
            "tengo un problema con mi pedido",
            "la taza llegó desportillada",
            "Para encontrar tu pedido necesito",
            "Para un reembolso necesito",
        ),
    ] {
        let (id, token) = aftersale::conversation(&app, &shop, locale).await;
        let events = app.send_message(&id, &token, problem).await;
        assert!(text(&events).contains(asks_order), "{}", text(&events));
        let events = app.send_message(&id, &token, wrong).await;
        assert!(text(&events).contains(asks_refund), "{}", text(&events));
        assert!(cards(&events).is_empty(), "no search: {}", text(&events));
        assert_eq!(refunded(&app, &order).await, 0);
    }
    // The order proven afterwards: the refund is offered, still nothing moves before a yes.
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    app.send_message(&id, &token, "I need help with an order")
        .await;
    app.send_message(&id, &token, "the mug is chipped").await;
    aftersale::prove_and_see_the_offer(&app, (&id, &token), &order, "Shall I go ahead?").await;
    assert_eq!(refunded(&app, &order).await, 0);
}

#[tokio::test]
async fn a_problem_with_the_order_shows_it_asks_what_is_wrong_and_offers_what_can_be_done() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;
    let events = app
        .send_message(&id, &token, "I have a problem with my order")
        .await;
    let said = text(&events);
    assert!(said.starts_with("Sorry to hear"), "{said}");
    assert!(said.contains(&order.order.order_number), "{said}");
    assert!(said.contains("What's wrong with it?"), "{said}");
    let chips = support::chips_of(&events);
    for chip in ["I want a refund", "Cancel my order", "Talk to a person"] {
        assert!(chips.iter().any(|c| c == chip), "{chips:?}");
    }
    // Nothing moved: what is wrong, told next, is offered, not done.
    app.send_message(&id, &token, "it arrived cracked").await;
    assert_eq!(refunded(&app, &order).await, 0);
}
