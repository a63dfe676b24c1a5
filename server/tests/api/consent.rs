//! Consent before money: no refund or cancellation happens until the shopper has seen what will
//! happen and said yes, in either engine and either language; anything else drops the offer.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use aftersale::{bought, order_card, refunded, refunds, shop, status};
use shopchat_protocol::OrderStatus;
use support::scripted_llm::{ScriptedLlm, Step};
use support::{app_with_model, chips_of as chips, first_tool_result, text_of as text, TestApp};

async fn pending(app: &TestApp, conversation: &str) -> Option<(String, i64)> {
    sqlx::query_as("select kind, amount_minor from pending_action where conversation_id = $1")
        .bind(conversation)
        .fetch_optional(&app.db)
        .await
        .expect("database")
}

/// A Spanish conversation that bought and paid a $20 mug ($25 with shipping).
async fn a_paid_mug_in_spanish(
    app: &TestApp,
) -> ((String, String), shopchat_protocol::OrderCreated) {
    let shop = shop(app, "after-sale").await;
    let mug = aftersale::variant(app, &shop, "Mug", 2000).await;
    let conversation = aftersale::conversation(app, &shop, "es").await;
    let order = aftersale::order(app, &conversation, mug, aftersale::EMAIL).await;
    aftersale::pay(app, &order).await;
    (conversation, order)
}

#[tokio::test]
async fn a_refund_shows_what_will_happen_and_only_a_yes_carries_it_out() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    let events = app
        .send_message(&id, &token, "I want a refund, I changed my mind")
        .await;
    let summary = text(&events);
    assert!(summary.contains("$20"), "{summary}");
    assert!(summary.contains(&order.order.order_number), "{summary}");
    assert!(
        summary.contains("Shipping ($5)"),
        "shipping kept: {summary}"
    );
    assert!(summary.contains("at once"), "when it arrives: {summary}");
    assert_eq!(
        chips(&events),
        ["Yes, refund $20", "No, keep my order"],
        "{summary}"
    );
    assert_eq!(refunded(&app, &order).await, 0);
    assert!(refunds(&app, &order).await.is_empty());
    assert_eq!(pending(&app, &id).await, Some(("refund".into(), 2000)));

    let events = app.send_message(&id, &token, "Yes, refund $20").await;
    assert_eq!(refunded(&app, &order).await, 2000, "{}", text(&events));
    assert_eq!(
        order_card(&events).map(|c| c.status),
        Some(OrderStatus::PartiallyRefunded)
    );
    assert_eq!(pending(&app, &id).await, None);
    // A second yes has nothing left to confirm.
    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunds(&app, &order).await.len(), 1);
}

#[tokio::test]
async fn a_question_about_an_offer_is_answered_with_the_offer_made_again_and_a_yes_carries_it_out()
{
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    let offer = app
        .send_message(&id, &token, "please cancel my order")
        .await;
    assert_eq!(pending(&app, &id).await.map(|p| p.0), Some("cancel".into()));
    let amount = chips(&offer)
        .first()
        .and_then(|yes| yes.rsplit(' ').next().map(str::to_owned))
        .expect("the yes chip names the amount");
    // A question about the offer: answered with what it comes to (the amount, the shipping,
    // when), and the same offer made again with its chips; nothing moves.
    let events = app
        .send_message(&id, &token, "will I get all my money back?")
        .await;
    assert_eq!(
        pending(&app, &id).await.map(|p| p.0),
        Some("cancel".into()),
        "{}",
        text(&events)
    );
    assert_eq!(chips(&events), chips(&offer), "{}", text(&events));
    assert_eq!(status(&app, &order).await, "paid");
    let answer = text(&events);
    assert!(
        answer.contains(&amount) && answer.contains("shipping included") && answer.contains("days"),
        "{answer}"
    );
    // A yes to that answer cancels, once.
    let events = app.send_message(&id, &token, "ok, yes then").await;
    assert_eq!(status(&app, &order).await, "canceled", "{}", text(&events));
    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunds(&app, &order).await.len(), 1);
}

#[tokio::test]
async fn how_many_days_the_money_takes_after_an_offer_is_answered_and_a_wait_keeps_the_order() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    app.send_message(&id, &token, "I want to return what I bought")
        .await;
    assert_eq!(pending(&app, &id).await.map(|p| p.0), Some("refund".into()));
    // Read by the model as off topic, it asks about the offer: answered, offered again.
    let events = app
        .send_message(
            &id,
            &token,
            "How many days will it take for the amount to reach my account?",
        )
        .await;
    assert!(text(&events).contains("days"), "{}", text(&events));
    assert_eq!(pending(&app, &id).await.map(|p| p.0), Some("refund".into()));
    // "wait not yet": nothing done, nothing left waiting.
    let events = app.send_message(&id, &token, "wait not yet").await;
    assert!(
        text(&events).contains("haven't changed anything"),
        "{}",
        text(&events)
    );
    assert_eq!(pending(&app, &id).await, None);
    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunded(&app, &order).await, 0);
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn what_is_wrong_with_the_thing_bought_offers_its_refund_and_moves_nothing() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    // Nothing on screen, an order in the chat: the mug it names is the one bought.
    let events = app
        .send_message(&id, &token, "This mug is not what I expected at all.")
        .await;
    // Not the shop's fault: no apology.
    assert!(!text(&events).contains("sorry"), "{}", text(&events));
    assert_eq!(
        pending(&app, &id).await.map(|p| p.0),
        Some("refund".into()),
        "{}",
        text(&events)
    );
    assert!(support::cards_of(&events).is_empty(), "{}", text(&events));
    assert_eq!(status(&app, &order).await, "paid");
    app.send_message(&id, &token, "No, keep my order").await;
    // No longer wanted: its cancellation offered.
    let events = app
        .send_message(&id, &token, "I don't need the mug anymore")
        .await;
    assert_eq!(
        pending(&app, &id).await.map(|p| p.0),
        Some("cancel".into()),
        "{}",
        text(&events)
    );
    app.send_message(&id, &token, "No, keep my order").await;
    // Damaged, or what the mug did: its refund, said sorry for first.
    for fault in [
        "the mug arrived chipped and broken",
        "the mug leaks from the bottom",
    ] {
        let events = app.send_message(&id, &token, fault).await;
        assert!(
            text(&events).starts_with("I'm sorry about that."),
            "{fault}: {}",
            text(&events)
        );
        assert_eq!(
            pending(&app, &id).await.map(|p| p.0),
            Some("refund".into()),
            "{fault}: {}",
            text(&events)
        );
        app.send_message(&id, &token, "No, keep my order").await;
    }
    // A taste in general is shopping; so is an old one worn out with a new one wanted.
    let events = app
        .send_message(&id, &token, "I don't like mugs with handles")
        .await;
    assert_eq!(pending(&app, &id).await, None, "{}", text(&events));
    let events = app
        .send_message(&id, &token, "my old mug cracked, I need a new one")
        .await;
    assert_eq!(pending(&app, &id).await, None, "{}", text(&events));
    assert!(!support::cards_of(&events).is_empty(), "{}", text(&events));

    assert_eq!(refunded(&app, &order).await, 0);
}

#[tokio::test]
async fn a_yes_after_asking_about_the_shipping_back_carries_out_the_cancellation_offered_not_a_refund(
) {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    app.send_message(
        &id,
        &token,
        "You can cancel that mug order. Found one at the market.",
    )
    .await;
    assert_eq!(pending(&app, &id).await.map(|p| p.0), Some("cancel".into()));
    let events = app
        .send_message(
            &id,
            &token,
            "Hang on. Do I get the postage back an' all or do you keep that?",
        )
        .await;
    assert_eq!(
        pending(&app, &id).await.map(|p| p.0),
        Some("cancel".into()),
        "{}",
        text(&events)
    );
    assert_eq!(status(&app, &order).await, "paid");
    let events = app.send_message(&id, &token, "Ar, go on then.").await;
    assert_eq!(status(&app, &order).await, "canceled", "{}", text(&events));
}

#[tokio::test]
async fn no_keeps_the_order_and_any_other_message_drops_the_offer() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    app.send_message(&id, &token, "I want my money back").await;
    let events = app.send_message(&id, &token, "No, keep my order").await;
    assert!(
        text(&events).contains("haven't changed anything"),
        "{}",
        text(&events)
    );
    assert_eq!(pending(&app, &id).await, None);

    app.send_message(&id, &token, "I want my money back").await;
    assert!(pending(&app, &id).await.is_some());
    app.send_message(&id, &token, "do you have hoodies?").await;
    assert_eq!(pending(&app, &id).await, None);
    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunded(&app, &order).await, 0);
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn a_yes_after_the_offer_expired_or_before_any_offer_does_nothing() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    for yes in ["yes", "sí", "ok", "Yes, refund $20"] {
        app.send_message(&id, &token, yes).await;
    }
    assert!(refunds(&app, &order).await.is_empty());

    app.send_message(&id, &token, "refund my order please")
        .await;
    sqlx::query("update pending_action set expires_at = '2000-01-01T00:00:00.000Z'")
        .execute(&app.db)
        .await
        .expect("database");
    app.send_message(&id, &token, "Yes, refund $20").await;
    assert!(refunds(&app, &order).await.is_empty());
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn cancelling_in_spanish_waits_for_si_then_cancels_and_refunds_in_full() {
    let app = TestApp::spawn().await;
    let (conversation, order) = a_paid_mug_in_spanish(&app).await;
    let (id, token) = &conversation;

    let events = app
        .send_message(id, token, "cancela mi pedido por favor")
        .await;
    assert!(text(&events).contains("$25"), "{}", text(&events));
    assert_eq!(
        chips(&events),
        ["Sí, cancelar y reembolsar $25", "No, mantener mi pedido"]
    );
    assert_eq!(status(&app, &order).await, "paid");

    // "¿Y cuánto me devuelven?" is answered with its amount and the offer made again; the
    // "vale" after it cancels.
    let events = app
        .send_message(id, token, "¿y cuánto me devuelven, todo?")
        .await;
    assert!(text(&events).contains("$25"), "{}", text(&events));
    assert_eq!(
        chips(&events),
        ["Sí, cancelar y reembolsar $25", "No, mantener mi pedido"]
    );
    assert_eq!(status(&app, &order).await, "paid");
    let events = app.send_message(id, token, "vale").await;
    assert_eq!(status(&app, &order).await, "canceled", "{}", text(&events));
    assert_eq!(refunded(&app, &order).await, 2500);
    assert!(text(&events).contains("cancelado"), "{}", text(&events));
}

#[tokio::test]
async fn a_cancellation_whose_amount_changed_since_the_summary_is_shown_again() {
    let app = TestApp::spawn().await;
    let (shop, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    app.send_message(&id, &token, "cancel my order").await;
    assert_eq!(pending(&app, &id).await, Some(("cancel".into(), 2500)));
    // Meanwhile the shop refunds part of it outside the chat.
    sqlx::query(
        "insert into refund (shop_id, order_id, amount_minor, currency, reason, status, origin)
         values ($1, $2, 1000, 'USD', 'damaged', 'succeeded', 'merchant')",
    )
    .bind(shop.id)
    .bind(&order.order.order_id)
    .execute(&app.db)
    .await
    .expect("a refund");
    let events = app.send_message(&id, &token, "yes").await;
    assert_eq!(
        status(&app, &order).await,
        "paid",
        "nothing canceled on a changed amount"
    );
    assert!(
        chips(&events).iter().any(|c| c.contains("$15")),
        "{:?}",
        chips(&events)
    );
    assert_eq!(pending(&app, &id).await, Some(("cancel".into(), 1500)));
}

#[tokio::test]
async fn the_models_refund_and_cancel_calls_only_offer_and_the_shoppers_next_message_decides() {
    for (tool, locale, ask, yes) in [
        ("request_refund", "en", "refund it", "yes please"),
        ("cancel_order", "es", "cancélalo", "vale"),
    ] {
        // The model calls the tool twice and claims it is done; then, on the next turn, it
        // would call it again: the shopper's yes must be answered before any model sees it.
        let llm = ScriptedLlm::start(vec![
            [
                Step::tool_call(0, "call_1", tool, r#"{"reason": "changed my mind"}"#),
                vec![Step::Finish("tool_calls")],
            ]
            .concat(),
            [
                Step::tool_call(0, "call_2", tool, r#"{"reason": "changed my mind"}"#),
                vec![Step::Finish("tool_calls")],
            ]
            .concat(),
            vec![Step::text("All done, refunded!"), Step::Finish("stop")],
        ])
        .await;
        let app = app_with_model(&llm).await;
        let shop = shop(&app, "after-sale").await;
        let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
        let conversation = aftersale::conversation(&app, &shop, locale).await;
        let order = aftersale::order(&app, &conversation, mug, aftersale::EMAIL).await;
        aftersale::pay(&app, &order).await;
        let (id, token) = &conversation;

        let events = app.send_message(id, token, ask).await;
        assert_eq!(
            first_tool_result(&llm)["status"],
            "awaiting_shopper_confirmation",
            "{tool}"
        );
        assert_eq!(chips(&events).len(), 2, "{tool}: {}", text(&events));
        assert!(refunds(&app, &order).await.is_empty(), "{tool}");
        assert_eq!(status(&app, &order).await, "paid", "{tool}");

        let asked = llm.requests().len();
        let events = app.send_message(id, token, yes).await;
        assert_eq!(
            llm.requests().len(),
            asked,
            "{tool}: the model never saw the yes"
        );
        assert!(
            refunded(&app, &order).await > 0,
            "{tool}: {}",
            text(&events)
        );
    }
}

#[tokio::test]
async fn a_misspelt_cancel_in_a_shop_that_sells_candles_is_still_a_cancellation() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let candle = aftersale::variant(&app, &shop, "Candle", 2000).await;
    let ((id, token), order) = bought(&app, &shop, candle).await;

    let events = app.send_message(&id, &token, "cancle my ordr pls").await;
    assert_eq!(
        chips(&events),
        ["Yes, cancel and refund $25", "No, keep my order"],
        "{}",
        text(&events)
    );
    assert_eq!(status(&app, &order).await, "paid");

    app.send_message(&id, &token, "yeah go on").await;
    assert_eq!(status(&app, &order).await, "canceled");
}

#[tokio::test]
async fn a_number_that_is_none_of_the_chats_orders_shows_the_chats_order_and_its_email_proves_the_other(
) {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let ((id, token), here) = bought(&app, &shop, mug).await;
    let (_, elsewhere) = bought(&app, &shop, mug).await;
    let other = elsewhere.order.order_number.clone();

    // A number this chat can't vouch for: the chat's own order is offered, and said to be.
    let events = app
        .send_message(
            &id,
            &token,
            "I need a refund for order #99999, it arrived torn",
        )
        .await;
    let said = text(&events);
    assert!(said.contains("can't see order SC-99999"), "{said}");
    assert!(said.contains(&here.order.order_number), "{said}");
    assert_eq!(
        chips(&events),
        ["Yes, refund $25", "No, keep my order"],
        "{said}"
    );

    // The other order with its email: that one is offered instead; nothing moved before.
    let events = app
        .send_message(&id, &token, &format!("{other} {}", aftersale::EMAIL))
        .await;
    let said = text(&events);
    assert!(said.contains(&other), "{said}");
    assert_eq!(
        chips(&events),
        ["Yes, refund $25", "No, keep my order"],
        "{said}"
    );
    assert_eq!(refunded(&app, &here).await, 0);
    assert_eq!(refunded(&app, &elsewhere).await, 0);

    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunded(&app, &elsewhere).await, 2500);
    assert_eq!(refunded(&app, &here).await, 0);
}

#[tokio::test]
async fn a_story_that_ends_in_so_cancel_it_offers_the_cancellation_not_the_product() {
    for (story, yes) in [
        (
            "Buenas tardes. Compré esta mañana una taza para mi hermano pero resulta que ya \
             tenía una igual, así que la quiero cancelar",
            "Conforme",
        ),
        // Dictated, without its comma: a no, then an imperative that cancels.
        (
            "hola mira te escribo porque pedi una taza esta mañana y ya tenia una igual en casa \
             asi que no la quiero anulala",
            "si parce",
        ),
    ] {
        let app = TestApp::spawn().await;
        let (conversation, order) = a_paid_mug_in_spanish(&app).await;
        let (id, token) = &conversation;

        let events = app.send_message(id, token, story).await;
        assert_eq!(
            chips(&events),
            ["Sí, cancelar y reembolsar $25", "No, mantener mi pedido"],
            "{story}: {}",
            text(&events)
        );
        assert_eq!(status(&app, &order).await, "paid");

        app.send_message(id, token, yes).await;
        assert_eq!(status(&app, &order).await, "canceled", "{story}");
    }
}

#[tokio::test]
async fn a_refund_of_part_of_the_order_offers_that_part_and_refunds_no_more() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    let events = app
        .send_message(
            &id,
            &token,
            "the mug's colour is a bit off, could I get $5 back and keep it?",
        )
        .await;
    assert_eq!(
        chips(&events),
        ["Yes, refund $5", "No, keep my order"],
        "{}",
        text(&events)
    );
    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunded(&app, &order).await, 500);

    // What was paid is no amount asked for: the rest of the order is offered.
    let events = app
        .send_message(&id, &token, "I paid $20 for it, please refund the rest")
        .await;
    assert_eq!(
        chips(&events),
        ["Yes, refund $15", "No, keep my order"],
        "{}",
        text(&events)
    );
    assert_eq!(refunded(&app, &order).await, 500);
}

#[tokio::test]
async fn how_much_after_an_offer_is_answered_whatever_else_it_says_and_a_hurried_yes_carries_it_out(
) {
    let app = TestApp::spawn().await;
    let (conversation, order) = a_paid_mug_in_spanish(&app).await;
    let (id, token) = &conversation;

    app.send_message(id, token, "cancela mi pedido por favor")
        .await;
    // The model may read this as asking for a person ("por favor, soy ingeniero"): it asks
    // how much, and is answered with the amount; nothing is handed over or done.
    let events = app
        .send_message(
            id,
            token,
            "¿Cuánto exactamente me devuelven? Con decimales, por favor, soy ingeniero.",
        )
        .await;
    assert!(text(&events).contains("$25"), "{}", text(&events));
    assert_eq!(status(&app, &order).await, "paid");
    // "Sí, pero rápido" (a "but" that only hurries) carries out the offer made again.
    let events = app
        .send_message(id, token, "Sí, pero rápido que se me acaba el break")
        .await;
    assert_eq!(status(&app, &order).await, "canceled", "{}", text(&events));
    assert_eq!(refunded(&app, &order).await, 2500);
}

#[tokio::test]
async fn how_long_refunds_usually_take_is_the_policy_not_this_orders_progress() {
    let app = TestApp::spawn().await;
    let (conversation, order) = a_paid_mug_in_spanish(&app).await;
    let (id, token) = &conversation;

    let events = app
        .send_message(
            id,
            token,
            "¿En cuántos días llega normalmente un reembolso con ustedes? Solo pregunto.",
        )
        .await;
    assert!(text(&events).contains("30 días"), "{}", text(&events));
    assert!(!text(&events).contains("pagado"), "{}", text(&events));
    // So is how many days there are to send it back, asked with "when it comes".
    let events = app
        .send_message(
            id,
            token,
            "Si no me gusta cuando llega, ¿cuántos días tengo para devolverlo?",
        )
        .await;
    assert!(text(&events).contains("30 días"), "{}", text(&events));
    // "Nothing yet" asks nothing of the order.
    let events = app
        .send_message(
            id,
            token,
            "Disculpe, no me vaya a devolver nada todavía: si no le queda a mi compadre, ¿cuántos días tengo para devolverlo?",
        )
        .await;
    assert!(text(&events).contains("30 días"), "{}", text(&events));
    // Nor does "not yet" told beside how many days there are.
    let events = app
        .send_message(
            id,
            token,
            "Todavía no se lo di. Les hago una consulta nada más: si no le gusta el color, ¿cuántos días tengo para devolverlo?",
        )
        .await;
    assert!(text(&events).contains("30 días"), "{}", text(&events));
    assert!(!text(&events).contains("pagado"), "{}", text(&events));
    assert_eq!(status(&app, &order).await, "paid");
    // Where this refund is, is this order's progress.
    let events = app
        .send_message(id, token, "¿dónde está mi reembolso? no me ha llegado nada")
        .await;
    assert!(text(&events).contains("pagado"), "{}", text(&events));
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn turning_down_the_action_an_answer_invites_leaves_the_order_as_it_is() {
    let app = TestApp::spawn().await;
    let (conversation, order) = a_paid_mug_in_spanish(&app).await;
    let (id, token) = &conversation;
    let events = app
        .send_message(id, token, "¿Hasta cuándo se puede cancelar? ¿Ya es tarde?")
        .await;
    assert!(text(&events).contains("cancelar"), "{}", text(&events));
    let events = app
        .send_message(
            id,
            token,
            "wait no no!! mi mami dice q mi abuelita se va a Huancayo y alla hace frio. no lo cancelen porfa, se lo llevo yo",
        )
        .await;
    assert!(text(&events).contains("sigue igual"), "{}", text(&events));
    assert!(!text(&events).contains("¿Lo cancelo?"), "{}", text(&events));
    assert_eq!(status(&app, &order).await, "paid");
    // So is a refund the policy's answer invited, however the rest of the message reads.
    app.send_message(id, token, "¿Cuál es vuestra política de devoluciones?")
        .await;
    let events = app
        .send_message(
            id,
            token,
            "Ay no, espera, no hagas nada. Me acaba de llamar: no era el viaje, era el vuelo, y ya la pasaron para el día siguiente. Déjalo así, mejor no.",
        )
        .await;
    assert!(text(&events).contains("sigue igual"), "{}", text(&events));
    assert_eq!(status(&app, &order).await, "paid");
    assert_eq!(refunded(&app, &order).await, 0);
}

#[tokio::test]
async fn rules_asked_for_while_holding_off_invite_nothing_and_an_ok_then_moves_nothing() {
    let app = TestApp::spawn().await;
    let (conversation, order) = a_paid_mug_in_spanish(&app).await;
    let (id, token) = &conversation;
    let events = app
        .send_message(
            id,
            token,
            "Si no le gusta el color, ¿cuántos días tengo pa devolverlo? No lo quiero devolver todavía, solo pregunto",
        )
        .await;
    assert!(text(&events).contains("30 días"), "{}", text(&events));
    assert!(
        !chips(&events).iter().any(|c| c.contains("reembolso")),
        "{:?}",
        chips(&events)
    );
    let events = app.send_message(id, token, "dale pues, gracias").await;
    assert!(!text(&events).contains("¿Lo hago?"), "{}", text(&events));
    assert_eq!(pending(&app, id).await, None);
    assert_eq!(status(&app, &order).await, "paid");
    assert_eq!(refunded(&app, &order).await, 0);
    // Until when it can go back is the policy's deadline, not where the order is.
    let events = app
        .send_message(
            id,
            token,
            "Si no le queda bien, ¿hasta cuándo tengo para devolverlo? Es solo una consulta.",
        )
        .await;
    assert!(text(&events).contains("30 días"), "{}", text(&events));
    assert!(!text(&events).contains("pagado"), "{}", text(&events));
    // Asked without holding off, the rules still invite the refund.
    let events = app
        .send_message(id, token, "¿Cuál es vuestra política de devoluciones?")
        .await;
    assert!(
        chips(&events).iter().any(|c| c.contains("reembolso")),
        "{:?}",
        chips(&events)
    );
}

#[tokio::test]
async fn cancel_said_of_a_checkout_only_offered_says_nothing_was_ordered() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (id, token) = aftersale::conversation(&app, &shop, "en").await;
    app.send_message(&id, &token, "do you have mugs?").await;
    let events = app.send_message(&id, &token, "I'll take it").await;
    assert!(
        format!("{events:?}").contains("Checkout"),
        "a checkout card: {events:?}"
    );
    let events = app
        .send_message(&id, &token, "hmm actually cancel that")
        .await;
    assert!(
        text(&events).contains("Nothing has been ordered or paid for the Mug yet"),
        "{}",
        text(&events)
    );
    assert_eq!(pending(&app, &id).await, None);

    // Once the order is placed and paid from that card, the same words are about it: its
    // summary, waiting for a yes.
    let order = aftersale::order(&app, &(id.clone(), token.clone()), mug, aftersale::EMAIL).await;
    aftersale::pay(&app, &order).await;
    app.send_message(&id, &token, "I'll take it").await;
    let events = app
        .send_message(&id, &token, "hmm actually cancel that")
        .await;
    assert!(
        !text(&events).contains("Nothing has been ordered"),
        "{}",
        text(&events)
    );
    assert!(
        text(&events).contains(&order.order.order_number),
        "{}",
        text(&events)
    );
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn can_i_cancel_my_order_with_the_order_proven_offers_it_and_a_hedge_gets_the_rules() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let conversation = aftersale::conversation(&app, &shop, "es").await;
    let order = aftersale::order(&app, &conversation, mug, "otra@example.com").await;
    aftersale::pay(&app, &order).await;
    let (id, token) = &conversation;
    let events = app
        .send_message(
            id,
            token,
            "Hola, compré una taza ayer pero me precipité. ¿Puedo cancelar mi pedido?",
        )
        .await;
    assert!(
        chips(&events).iter().any(|c| c.starts_with("Sí")),
        "the offer, with its yes: {}",
        text(&events)
    );
    assert!(pending(&app, id).await.is_some());
    assert_eq!(status(&app, &order).await, "paid", "nothing before the yes");

    // Asked whether it is still possible: the rules and the invitation, nothing offered.
    let ((id, token), order) = aftersale::bought(&app, &shop, mug).await;
    let events = app
        .send_message(&id, &token, "can i still cancel my order??")
        .await;
    assert!(
        text(&events).contains("Until an order ships"),
        "{}",
        text(&events)
    );
    assert_eq!(pending(&app, &id).await, None);
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn can_i_return_it_with_the_order_proven_offers_the_refund_and_how_long_gets_the_rules() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let ((id, token), order) = aftersale::bought(&app, &shop, mug).await;
    let events = app
        .send_message(&id, &token, "I bought a mug yesterday, can I return it?")
        .await;
    assert!(
        chips(&events).iter().any(|c| c.starts_with("Yes")),
        "the offer, with its yes: {}",
        text(&events)
    );
    assert!(pending(&app, &id).await.is_some());
    assert_eq!(refunded(&app, &order).await, 0, "nothing before the yes");

    // How long there is: the rules, nothing offered.
    let conversation = aftersale::conversation(&app, &shop, "en").await;
    let order = aftersale::order(&app, &conversation, mug, "other@example.com").await;
    aftersale::pay(&app, &order).await;
    let (id, token) = &conversation;
    let events = app
        .send_message(id, token, "how long do I have to return the mug I bought?")
        .await;
    assert!(text(&events).contains("30 days"), "{}", text(&events));
    assert_eq!(pending(&app, id).await, None);
}

#[tokio::test]
async fn a_fault_of_something_the_chats_order_doesnt_hold_asks_for_the_other_order_and_moves_nothing(
) {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let watch = support::add_product(
        &app.db,
        shop.id,
        "USD",
        &support::NewProduct {
            handle: "field-watch",
            title: "Field Watch",
            product_type: "Watch",
            price_minor: 4000,
            stock: 10,
            requires_shipping: true,
        },
    )
    .await;
    let ((id, token), here) = bought(&app, &shop, mug).await;
    let (_, elsewhere) = bought(&app, &shop, watch).await;

    // This chat bought a mug: the watch is of another order, whose number and email are asked
    // for; the mug is not offered, nothing waits for a yes.
    let events = app
        .send_message(&id, &token, "the watch I bought stopped working")
        .await;
    let said = text(&events);
    assert!(said.contains(&here.order.order_number), "{said}");
    assert!(said.contains("another order"), "{said}");
    assert!(
        chips(&events).contains(&format!("Refund order {}", here.order.order_number)),
        "{:?}",
        chips(&events)
    );
    assert_eq!(pending(&app, &id).await, None);
    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunded(&app, &here).await, 0);

    // The watch's order proven: its refund is offered, and a yes refunds it, not the mug.
    let other = elsewhere.order.order_number.clone();
    app.send_message(&id, &token, "the watch I bought stopped working")
        .await;
    let events = app
        .send_message(&id, &token, &format!("{other} {}", aftersale::EMAIL))
        .await;
    let said = text(&events);
    assert!(said.contains(&other), "{said}");
    assert_eq!(
        chips(&events),
        ["Yes, refund $40", "No, keep my order"],
        "{said}"
    );
    app.send_message(&id, &token, "yes").await;
    assert_eq!(refunded(&app, &elsewhere).await, 4000);
    assert_eq!(refunded(&app, &here).await, 0);

    // The order's own kind is the order's.
    let events = app
        .send_message(&id, &token, "the mug I bought arrived cracked")
        .await;
    assert_eq!(
        chips(&events),
        ["Yes, refund $25", "No, keep my order"],
        "{}",
        text(&events)
    );

    // The same in Spanish, in another chat that bought a mug: "reloj" is the catalog's watch.
    let ((id, token), here) = bought(&app, &shop, mug).await;
    let events = app
        .send_message(&id, &token, "mi reloj dejó de funcionar")
        .await;
    let said = text(&events);
    assert!(said.contains(&here.order.order_number), "{said}");
    assert!(said.contains("otro pedido"), "{said}");
    assert_eq!(pending(&app, &id).await, None);
}

#[tokio::test]
async fn a_guess_at_cancelling_that_says_no_cancel_is_asked_about_and_moves_nothing() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;
    let events = app.send_message(&id, &token, "I want more").await;
    let said = text(&events);
    assert!(said.contains("which of these"), "{said}");
    assert_eq!(
        chips(&events),
        ["Show me products", "Cancel my order"],
        "{said}"
    );
    assert_eq!(pending(&app, &id).await, None);
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn a_question_about_the_thing_bought_while_a_cancellation_waits_is_answered_and_the_offer_stands(
) {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;
    let events = app
        .send_message(&id, &token, "I want to cancel my order")
        .await;
    let offered = chips(&events);
    assert_eq!(offered.len(), 2, "{}", text(&events));

    let events = app
        .send_message(
            &id,
            &token,
            "hang on before you do anything, what colours does it even come in?",
        )
        .await;
    let said = text(&events);
    assert!(said.contains("Mug"), "the product answered: {said}");
    assert!(
        said.contains(&format!(
            "Shall I still cancel order {}",
            order.order.order_number
        )),
        "{said}"
    );
    assert_eq!(chips(&events), offered, "{said}");
    assert_eq!(status(&app, &order).await, "paid");

    app.send_message(&id, &token, "yes").await;
    assert_eq!(status(&app, &order).await, "canceled");
}

#[tokio::test]
async fn money_taken_twice_is_a_payment_problem_and_a_person_asked_for_it_gets_one_with_nothing_offered(
) {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;

    let events = app
        .send_message(
            &id,
            &token,
            "hello dear, my banking app is showing two charges for the mug?? did I pay twice",
        )
        .await;
    let said = text(&events);
    assert!(said.contains("A person from the shop"), "{said}");
    assert!(
        chips(&events).iter().any(|c| c == "Talk to a person"),
        "{said}"
    );
    assert_eq!(pending(&app, &id).await, None);

    // Cancelling said only to say it isn't wanted: a person, and no offer.
    let events = app
        .send_message(
            &id,
            &token,
            "I don't want to cancel it, I still want the mug. Can a real person look at the double charge please",
        )
        .await;
    let said = text(&events);
    assert!(said.contains("passed this conversation"), "{said}");
    assert_eq!(pending(&app, &id).await, None, "{said}");
    assert_eq!(refunded(&app, &order).await, 0);
    assert_eq!(status(&app, &order).await, "paid");
}

#[tokio::test]
async fn deciding_to_send_it_back_offers_the_refund_and_moves_nothing_until_yes() {
    let app = TestApp::spawn().await;
    let ((id, token), order) = a_paid_mug_in_spanish(&app).await;
    let events = app
        .send_message(&id, &token, "Vale, pues nada, lo devuelvo")
        .await;
    assert!(
        chips(&events).iter().any(|c| c.starts_with("Sí")),
        "{}",
        text(&events)
    );
    assert_eq!(
        pending(&app, &id).await.map(|(kind, _)| kind).as_deref(),
        Some("refund")
    );
    assert_eq!(refunded(&app, &order).await, 0);
    // Supposed, it is a question about the rules.
    let events = app
        .send_message(&id, &token, "y si lo devuelvo, ¿me devuelven el envío?")
        .await;
    assert_eq!(refunded(&app, &order).await, 0, "{}", text(&events));
}

#[tokio::test]
async fn a_question_about_it_with_nothing_on_screen_is_about_the_thing_bought() {
    let app = TestApp::spawn().await;
    let (_, _, ((id, token), order)) = aftersale::bought_a_mug(&app).await;
    let events = app
        .send_message(
            &id,
            &token,
            "tried it and it's way too small for my coffee. do you have it in a bigger size?",
        )
        .await;
    let titles: Vec<String> = support::cards_of(&events)
        .into_iter()
        .map(|c| c.title)
        .collect();
    assert_eq!(titles, ["Mug"], "{}", text(&events));
    assert_eq!(pending(&app, &id).await, None);
    assert_eq!(refunded(&app, &order).await, 0);
}

#[tokio::test]
async fn asking_that_the_thing_bought_not_be_sent_offers_its_cancellation_and_moves_nothing() {
    let app = TestApp::spawn().await;
    let (shop, mug, ((id, token), order)) = aftersale::bought_a_mug(&app).await;
    let events = app
        .send_message(
            &id,
            &token,
            "Just saw the same kind of mug for like 12 bucks on another site. Don't ship mine, I'll get that one.",
        )
        .await;
    assert!(support::cards_of(&events).is_empty(), "{}", text(&events));
    assert_eq!(
        pending(&app, &id).await.map(|(kind, _)| kind).as_deref(),
        Some("cancel"),
        "{}",
        text(&events)
    );
    assert_eq!(status(&app, &order).await, "paid");

    let ((id, token), _) = bought(&app, &shop, mug).await;
    let events = app
        .send_message(&id, &token, "No point in you sending mine, right?")
        .await;
    assert_eq!(
        pending(&app, &id).await.map(|(kind, _)| kind).as_deref(),
        Some("cancel"),
        "{}",
        text(&events)
    );
}
