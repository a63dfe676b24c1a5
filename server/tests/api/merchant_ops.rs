//! The merchant's operating pages against the real server: Orders (filters, detail, marking
//! shipped and delivered), the Refund queue (approve executes, deny needs a note), Conversations
//! (waiting first, a reply that reaches the shopper, resolve), the refund policy on Settings,
//! product-card clicks counted on Analytics — each page scoped to the merchant's own shop,
//! every POST behind the CSRF token, and no secret on any page.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use std::time::{Duration, SystemTime};

/// Seconds in a day.
const DAY: u64 = 86_400;

use reqwest::{Response, StatusCode};
use serde_json::json;
use shopchat_protocol::{FulfillmentState, MessageHistory, OrderStatus, Role};
use shopchat_server::audit::Actor;
use shopchat_server::refunds::{self, RefundResult};
use shopchat_server::sealed::SecretColumn;

use aftersale::{bought, card, refunded, Shop, EMAIL};
use support::merchant::{set_up_shop, Merchant};
use support::{error_code, TestApp};

/// Creates the account of the shop with this key through its setup link; signed in.
async fn merchant_of(app: &TestApp, shop_key: &str) -> Merchant {
    set_up_shop(
        app,
        shop_key,
        &format!("owner@{shop_key}.example"),
        "/admin/orders",
    )
    .await
}

/// The text of the element with this id (its inner HTML up to the closing tag), if any.
fn element<'a>(page: &'a str, id: &str) -> Option<&'a str> {
    let at = page.find(&format!("id=\"{id}\""))?;
    let start = at + page[at..].find('>')? + 1;
    let end = start + page[start..].find("</")?;
    Some(&page[start..end])
}

/// A queued refund of the whole order (over the shop's auto-approve ceiling), as the assistant
/// asks it for a shopper.
async fn queued_refund(app: &TestApp, shop: &Shop, order_id: &str) -> i64 {
    let result = refunds::request_refund(
        &app.state.db,
        &app.state.stripe,
        shop.id,
        order_id,
        "damaged",
        None,
        Actor::Assistant,
        SystemTime::now(),
    )
    .await
    .expect("a decision");
    match result {
        RefundResult::Queued { refund_id, .. } => refund_id,
        other => panic!("queued, got {other:?}"),
    }
}

#[tokio::test]
async fn the_orders_page_filters_by_status_fulfilment_and_email_and_shows_an_orders_history() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let number = &order.order.order_number;
    let merchant = merchant_of(&app, "ops").await;

    let list = merchant.page("/admin/orders").await;
    assert!(list.contains(&format!(">{number}</a>")), "{list}");
    assert!(list.contains(EMAIL));
    assert!(list.contains("25.00 USD"), "total with shipping");
    for (query, shown) in [
        ("?status=paid", true),
        ("?status=refunded", false),
        ("?fulfillment=unfulfilled", true),
        ("?fulfillment=delivered", false),
        ("?q=ADA%40example", true),
        ("?q=nobody%40example.com", false),
        (&format!("?q={number}"), true),
        ("?q=SC-9999", false),
    ] {
        let page = merchant.page(&format!("/admin/orders{query}")).await;
        assert_eq!(page.contains(&format!(">{number}</a>")), shown, "{query}");
    }

    let detail = merchant.page(&format!("/admin/orders/{number}")).await;
    assert_eq!(element(&detail, "order-status"), Some("paid"));
    assert_eq!(element(&detail, "fulfillment-state"), Some("Not shipped"));
    let timeline = &detail[detail.find("id=\"timeline\"").expect("a timeline")..];
    assert!(timeline.contains("created") && timeline.contains("paid"));
    let audit = &detail[detail.find("id=\"audit\"").expect("an audit log")..];
    assert!(audit.contains("<td>"), "the audit log has entries");
    assert!(detail.contains("id=\"fulfillment-form\""));
}

#[tokio::test]
async fn marking_an_order_shipped_and_delivered_on_its_page_reaches_the_shoppers_card() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let path = format!("/admin/orders/{}", order.order.order_number);
    let merchant = merchant_of(&app, "ops").await;

    // A tracking link that isn't http(s): shown beside the field, nothing saved.
    let refused = merchant
        .post(
            &format!("{path}/fulfillment"),
            &[
                ("carrier", "UPS"),
                ("tracking_number", "1Z999"),
                ("tracking_url", "javascript:alert(1)"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.expect("the page");
    assert!(page.contains("class=\"field-error\""), "{page}");
    assert!(page.contains("value=\"1Z999\""), "what was typed is kept");
    assert_eq!(
        card(&app, &order).await.fulfillment.state,
        FulfillmentState::Unfulfilled
    );

    let shipped = merchant
        .post_and_follow(
            &format!("{path}/fulfillment"),
            &[
                ("carrier", "UPS"),
                ("tracking_number", "1Z999"),
                ("tracking_url", "https://ups.example/t/1Z999"),
            ],
        )
        .await;
    assert_eq!(element(&shipped, "fulfillment-state"), Some("Shipped"));
    let seen = card(&app, &order).await;
    assert_eq!(seen.status, OrderStatus::Fulfilled);
    assert_eq!(seen.fulfillment.carrier.as_deref(), Some("UPS"));
    assert_eq!(seen.fulfillment.tracking_number.as_deref(), Some("1Z999"));
    assert_eq!(
        seen.fulfillment.tracking_url.as_deref(),
        Some("https://ups.example/t/1Z999")
    );

    let delivered = merchant
        .post_and_follow(&format!("{path}/delivered"), &[])
        .await;
    assert_eq!(element(&delivered, "fulfillment-state"), Some("Delivered"));
    assert_eq!(
        card(&app, &order).await.fulfillment.state,
        FulfillmentState::Delivered
    );
    let audit = &delivered[delivered.find("id=\"audit\"").expect("an audit log")..];
    assert!(audit.contains("order.fulfillment") && audit.contains("order.delivered"));
}

#[tokio::test]
async fn a_queued_refund_approved_on_the_refund_queue_goes_back_to_the_shopper() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let coat = aftersale::variant(&app, &shop, "Coat", 12000).await;
    let (_, order) = bought(&app, &shop, coat).await;
    let refund_id = queued_refund(&app, &shop, &order.order.order_id).await;
    let merchant = merchant_of(&app, "ops").await;

    let queue = merchant.page("/admin/refunds").await;
    let waiting = &queue[queue.find("id=\"queue\"").expect("the queue")..];
    assert!(waiting.contains(&format!("data-refund=\"{refund_id}\"")));
    assert!(waiting.contains(&order.order.order_number));
    assert!(waiting.contains("125.00 USD") && waiting.contains("damaged"));

    let after = merchant
        .post_and_follow(
            &format!("/admin/refunds/{refund_id}/approve"),
            &[("note", "sorry about that")],
        )
        .await;
    assert!(after.contains("approved"), "{after}");
    assert!(after.contains("id=\"queue-empty\""));
    assert_eq!(refunded(&app, &order).await, 12500);
    let seen = card(&app, &order).await;
    assert_eq!(seen.status, OrderStatus::Refunded);
    assert!(seen.pending_refunds.is_empty());

    // Approving again moves no more money.
    let again = merchant
        .post_and_follow(&format!("/admin/refunds/{refund_id}/approve"), &[])
        .await;
    assert!(again.contains("already decided"));
    assert_eq!(refunded(&app, &order).await, 12500);
}

#[tokio::test]
async fn denying_a_queued_refund_needs_a_note_and_keeps_the_money() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let coat = aftersale::variant(&app, &shop, "Coat", 12000).await;
    let (_, order) = bought(&app, &shop, coat).await;
    let refund_id = queued_refund(&app, &shop, &order.order.order_id).await;
    let merchant = merchant_of(&app, "ops").await;

    let no_note = merchant
        .post_and_follow(
            &format!("/admin/refunds/{refund_id}/deny"),
            &[("note", " ")],
        )
        .await;
    assert!(no_note.contains("the note is required"));
    assert!(
        no_note.contains(&format!("data-refund=\"{refund_id}\"")),
        "still waiting"
    );

    let denied = merchant
        .post_and_follow(
            &format!("/admin/refunds/{refund_id}/deny"),
            &[("note", "worn before return")],
        )
        .await;
    let recent = &denied[denied.find("id=\"recent\"").expect("decided refunds")..];
    assert!(recent.contains("denied") && recent.contains("worn before return"));
    assert_eq!(refunded(&app, &order).await, 0);
    assert!(card(&app, &order).await.pending_refunds.is_empty());
}

#[tokio::test]
async fn a_failed_refund_is_listed_under_failed() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let coat = aftersale::variant(&app, &shop, "Coat", 12000).await;
    let (_, order) = bought(&app, &shop, coat).await;
    let refund_id = queued_refund(&app, &shop, &order.order.order_id).await;
    sqlx::query("update refund set status = 'failed', note = 'card expired' where id = $1")
        .bind(refund_id)
        .execute(&app.db)
        .await
        .expect("a failed refund");
    let merchant = merchant_of(&app, "ops").await;

    let page = merchant.page("/admin/refunds").await;
    let failed = &page[page.find("id=\"failed\"").expect("a failed list")..];
    assert!(failed.contains(&format!("data-refund=\"{refund_id}\"")));
    assert!(failed.contains("card expired"));
    assert!(page.contains("id=\"queue-empty\""));
}

/// Sends a message the embedded engine answers by handing the conversation to a person.
async fn ask_for_a_person(app: &TestApp, conversation: &(String, String)) {
    let (id, token) = conversation;
    app.send_message(id, token, "I want to talk to a human")
        .await;
}

async fn history(app: &TestApp, conversation: &(String, String)) -> MessageHistory {
    let response = app
        .history_raw(&conversation.0, Some(&conversation.1))
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a history")
}

#[tokio::test]
async fn a_reply_from_the_conversations_page_reaches_the_shopper_and_resolve_ends_the_wait() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let quiet = aftersale::conversation(&app, &shop, "en").await;
    app.send_message(&quiet.0, &quiet.1, "hello").await;
    let waiting = aftersale::conversation(&app, &shop, "en").await;
    ask_for_a_person(&app, &waiting).await;
    let merchant = merchant_of(&app, "ops").await;

    let list = merchant.page("/admin/conversations").await;
    assert_eq!(element(&list, "waiting-count"), Some("1"));
    let first = list.find(&format!("data-conversation=\"{}\"", waiting.0));
    let second = list.find(&format!("data-conversation=\"{}\"", quiet.0));
    assert!(
        matches!((first, second), (Some(a), Some(b)) if a < b),
        "the waiting one comes first"
    );
    let only_waiting = merchant.page("/admin/conversations?show=waiting").await;
    assert!(!only_waiting.contains(&quiet.0));

    let path = format!("/admin/conversations/{}", waiting.0);
    let transcript = merchant.page(&path).await;
    assert!(transcript.contains("I want to talk to a human"));
    assert!(transcript.contains("id=\"handoff\""));

    let empty = merchant
        .post_and_follow(&format!("{path}/reply"), &[("text", "  ")])
        .await;
    assert!(empty.contains("Write a reply first"));

    let replied = merchant
        .post_and_follow(
            &format!("{path}/reply"),
            &[("text", "Hi, this is Sam from the shop <3")],
        )
        .await;
    assert!(replied.contains("Hi, this is Sam from the shop &lt;3"));
    let seen = history(&app, &waiting).await;
    let last = seen.messages.last().expect("messages");
    assert_eq!(last.role, Role::Merchant);
    assert_eq!(last.text, "Hi, this is Sam from the shop <3");
    assert!(seen.awaiting_person);

    merchant
        .post_and_follow(&format!("{path}/resolve"), &[])
        .await;
    assert!(!history(&app, &waiting).await.awaiting_person);
    let list = merchant.page("/admin/conversations").await;
    assert_eq!(element(&list, "waiting-count"), Some("0"));
}

#[tokio::test]
async fn another_shops_order_refund_and_conversation_are_not_found_and_left_alone() {
    let app = TestApp::spawn().await;
    let mine = aftersale::shop(&app, "ops").await;
    let theirs = aftersale::shop(&app, "other").await;
    let my_mug = aftersale::variant(&app, &mine, "Mug", 2000).await;
    bought(&app, &mine, my_mug).await;
    let coat = aftersale::variant(&app, &theirs, "Coat", 12000).await;
    bought(&app, &theirs, coat).await;
    let (their_conversation, their_order) = bought(&app, &theirs, coat).await;
    let their_refund = queued_refund(&app, &theirs, &their_order.order.order_id).await;
    let merchant = merchant_of(&app, "ops").await;

    // Their second order's number exists only in their shop.
    let number = &their_order.order.order_number;
    let list = merchant.page("/admin/orders").await;
    assert!(!list.contains(number));
    for (method, path) in [
        ("GET", format!("/admin/orders/{number}")),
        ("POST", format!("/admin/orders/{number}/delivered")),
        ("POST", format!("/admin/refunds/{their_refund}/approve")),
        ("POST", format!("/admin/refunds/{their_refund}/deny")),
        (
            "GET",
            format!("/admin/conversations/{}", their_conversation.0),
        ),
        (
            "POST",
            format!("/admin/conversations/{}/reply", their_conversation.0),
        ),
        (
            "POST",
            format!("/admin/conversations/{}/resolve", their_conversation.0),
        ),
    ] {
        let response = if method == "GET" {
            merchant.get(&path).await
        } else {
            merchant
                .post(&path, &[("note", "x"), ("text", "hello from another shop")])
                .await
        };
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{method} {path}");
    }
    let queue = merchant.page("/admin/refunds").await;
    assert!(!queue.contains(&format!("data-refund=\"{their_refund}\"")));
    let status: String = sqlx::query_scalar("select status from refund where id = $1")
        .bind(their_refund)
        .fetch_one(&app.db)
        .await
        .expect("their refund");
    assert_eq!(status, "pending");
    assert!(history(&app, &their_conversation)
        .await
        .messages
        .iter()
        .all(|m| m.role != Role::Merchant));
    let conversations = merchant.page("/admin/conversations").await;
    assert!(!conversations.contains(&their_conversation.0));
}

#[tokio::test]
async fn every_post_of_the_operating_pages_needs_the_csrf_token() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let coat = aftersale::variant(&app, &shop, "Coat", 12000).await;
    let (conversation, order) = bought(&app, &shop, coat).await;
    let refund_id = queued_refund(&app, &shop, &order.order.order_id).await;
    let merchant = merchant_of(&app, "ops").await;
    let number = &order.order.order_number;

    for path in [
        format!("/admin/orders/{number}/fulfillment"),
        format!("/admin/orders/{number}/delivered"),
        format!("/admin/refunds/{refund_id}/approve"),
        format!("/admin/refunds/{refund_id}/deny"),
        format!("/admin/conversations/{}/reply", conversation.0),
        format!("/admin/conversations/{}/resolve", conversation.0),
    ] {
        let fields = [
            ("carrier", "UPS"),
            ("tracking_number", "1Z"),
            ("note", "no"),
            ("text", "forged"),
        ];
        let without = merchant.post_raw(&path, &fields).await;
        assert_eq!(without.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(error_code(without).await, "csrf_rejected");
        let mut wrong = fields.to_vec();
        wrong.push(("csrf", "not-the-token"));
        let response = merchant.post_raw(&path, &wrong).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(refunded(&app, &order).await, 0);
    assert_eq!(card(&app, &order).await.pending_refunds.len(), 1);
    assert_eq!(
        card(&app, &order).await.fulfillment.state,
        FulfillmentState::Unfulfilled
    );
    assert!(history(&app, &conversation)
        .await
        .messages
        .iter()
        .all(|m| m.role != Role::Merchant));
}

/// A complete, valid settings form for the test shop; tests override the fields they are about.
/// A complete settings form (the ops shop, with a refund policy) with these fields changed.
fn settings_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    support::merchant::settings_form_from(
        &[
            ("name", "Ops Shop"),
            ("free_shipping_over", ""),
            ("tax_rate", "0"),
            ("refund_window_days", "30"),
            ("refund_window_from", "delivery"),
            ("refund_auto_approve", "50.00"),
            ("refund_reasons", "damaged"),
            ("refund_reasons", "changed_mind"),
            ("refund_shipping_reasons", "damaged"),
            ("refund_max_per_order", "2"),
            ("refund_review_days", "2"),
            ("notify_url", ""),
            ("handoff_reply_hours", ""),
        ],
        overrides,
    )
}

#[tokio::test]
async fn the_refund_policy_saved_on_settings_decides_the_next_request() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let merchant = merchant_of(&app, "ops").await;

    let page = merchant.page("/admin/settings").await;
    let section = &page[page
        .find("id=\"refund-policy\"")
        .expect("the policy section")..];
    assert!(section.contains("name=\"refund_window_days\" value=\"30\""));
    assert!(section.contains("name=\"refund_auto_approve\" value=\"50.00\""));

    // Invalid: each problem beside its field, and nothing saved (not even the valid name).
    let refused = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("name", "Renamed"),
                ("refund_window_days", "-3"),
                ("refund_auto_approve", "a lot"),
                ("notify_url", "not a url"),
            ]),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.expect("the page");
    for field in ["refund_window_days", "refund_auto_approve", "notify_url"] {
        let at = page.find(&format!("name=\"{field}\"")).expect(field);
        let after = &page[at..at + page[at..].find("</label>").expect("label end")];
        assert!(after.contains("field-error"), "{field}: {after}");
    }
    let (name, window): (String, i64) =
        sqlx::query_as("select name, refund_window_days from shop where id = $1")
            .bind(shop.id)
            .fetch_one(&app.db)
            .await
            .expect("the shop");
    assert_eq!((name.as_str(), window), ("Shop ops", 30));

    // Every refund now waits for the merchant; "changed my mind" is allowed, "late" isn't.
    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("refund_auto_approve", "0"),
                ("refund_window_from", "payment"),
                ("notify_url", "https://shop.example/hooks/shopchat"),
                ("handoff_reply_hours", "4"),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let page = merchant.page("/admin/settings?saved=1").await;
    assert!(page.contains("name=\"refund_auto_approve\" value=\"0.00\""));
    assert!(page.contains("<option value=\"payment\" selected>"));
    assert!(page.contains("value=\"https://shop.example/hooks/shopchat\""));

    let (_, order) = bought(&app, &shop, mug).await;
    let ask = |reason: &'static str| {
        refunds::request_refund(
            &app.state.db,
            &app.state.stripe,
            shop.id,
            &order.order.order_id,
            reason,
            Some(100),
            Actor::Assistant,
            SystemTime::now(),
        )
    };
    assert!(matches!(
        ask("late").await.expect("a decision"),
        RefundResult::Refused { .. }
    ));
    assert!(matches!(
        ask("changed_mind").await.expect("a decision"),
        RefundResult::Queued { .. }
    ));
    let (url, hours): (Option<String>, Option<i64>) =
        sqlx::query_as("select notify_url, handoff_reply_hours from shop where id = $1")
            .bind(shop.id)
            .fetch_one(&app.db)
            .await
            .expect("the shop");
    assert_eq!(url.as_deref(), Some("https://shop.example/hooks/shopchat"));
    assert_eq!(hours, Some(4));
}

#[tokio::test]
async fn the_window_counted_from_payment_ignores_a_later_delivery() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let id = &order.order.order_id;
    // A 30-day window; asked 40 days after paying and 5 days after delivery.
    let paid = SystemTime::now();
    let later = paid + Duration::from_secs(40 * DAY);
    let delivered = shopchat_server::clock::timestamp(paid + Duration::from_secs(35 * DAY));
    sqlx::query("update shop_order set fulfilled_at = $1, delivered_at = $1 where id = $2")
        .bind(&delivered)
        .bind(id)
        .execute(&app.db)
        .await
        .expect("delivered");
    let ask = || {
        refunds::request_refund(
            &app.state.db,
            &app.state.stripe,
            shop.id,
            id,
            "damaged",
            Some(100),
            Actor::Assistant,
            later,
        )
    };

    sqlx::query("update shop set refund_window_from = 'payment' where id = $1")
        .bind(shop.id)
        .execute(&app.db)
        .await
        .expect("policy");
    assert!(matches!(
        ask().await.expect("a decision"),
        RefundResult::Refused { .. }
    ));

    sqlx::query("update shop set refund_window_from = 'delivery' where id = $1")
        .bind(shop.id)
        .execute(&app.db)
        .await
        .expect("policy");
    assert!(matches!(
        ask().await.expect("a decision"),
        RefundResult::Refunded { .. }
    ));
}

async fn post_event(
    app: &TestApp,
    conversation: &(String, String),
    body: serde_json::Value,
) -> Response {
    app.client
        .post(format!(
            "{}/api/v1/conversations/{}/events",
            app.url, conversation.0
        ))
        .bearer_auth(&conversation.1)
        .json(&body)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn product_card_clicks_are_counted_on_the_analytics_page() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let other = aftersale::shop(&app, "other").await;
    aftersale::variant(&app, &shop, "Mug", 2000).await;
    aftersale::variant(&app, &other, "Coat", 12000).await;
    let product = |shop_id: i64| {
        sqlx::query_scalar::<_, i64>("select id from product where shop_id = $1")
            .bind(shop_id)
            .fetch_one(&app.db)
    };
    let (mug, coat) = (
        product(shop.id).await.expect("a mug"),
        product(other.id).await.expect("a coat"),
    );
    let conversation = aftersale::conversation(&app, &shop, "en").await;

    for _ in 0..3 {
        let response = post_event(
            &app,
            &conversation,
            json!({"type": "card_click", "product_id": mug}),
        )
        .await;
        assert_eq!(response.status(), StatusCode::NO_CONTENT);
    }
    let unknown = post_event(
        &app,
        &conversation,
        json!({"type": "hover", "product_id": mug}),
    )
    .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(unknown).await, "invalid_request");
    let theirs = post_event(
        &app,
        &conversation,
        json!({"type": "card_click", "product_id": coat}),
    )
    .await;
    assert_eq!(theirs.status(), StatusCode::NOT_FOUND);
    let no_token = app
        .client
        .post(format!(
            "{}/api/v1/conversations/{}/events",
            app.url, conversation.0
        ))
        .json(&json!({"type": "card_click", "product_id": mug}))
        .send()
        .await
        .expect("request");
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);

    let merchant = merchant_of(&app, "ops").await;
    let page = merchant.page("/admin/analytics").await;
    assert_eq!(element(&page, "total-clicks"), Some("3"));
    assert!(page.contains("aria-label=\"Product-card clicks per day\""));
    let top = &page[page.find("id=\"top-clicked\"").expect("the most clicked")..];
    assert!(top.contains("Mug"));
}

#[tokio::test]
async fn a_conversation_sending_too_many_events_is_rate_limited() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    aftersale::variant(&app, &shop, "Mug", 2000).await;
    let mug: i64 = sqlx::query_scalar("select id from product where shop_id = $1")
        .bind(shop.id)
        .fetch_one(&app.db)
        .await
        .expect("a mug");
    let conversation = aftersale::conversation(&app, &shop, "en").await;
    let mut statuses = Vec::new();
    for _ in 0..61 {
        let response = post_event(
            &app,
            &conversation,
            json!({"type": "card_click", "product_id": mug}),
        )
        .await;
        statuses.push(response.status());
    }
    assert!(statuses[..60].iter().all(|s| *s == StatusCode::NO_CONTENT));
    assert_eq!(statuses[60], StatusCode::TOO_MANY_REQUESTS);
    let stored: i64 = sqlx::query_scalar("select count(*) from widget_event where shop_id = $1")
        .bind(shop.id)
        .fetch_one(&app.db)
        .await
        .expect("count");
    assert_eq!(stored, 60);
}

#[tokio::test]
async fn no_secret_appears_on_any_operating_page() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, "ops").await;
    let coat = aftersale::variant(&app, &shop, "Coat", 12000).await;
    let (conversation, order) = bought(&app, &shop, coat).await;
    queued_refund(&app, &shop, &order.order.order_id).await;
    ask_for_a_person(&app, &conversation).await;
    let secrets = [
        "sk_test_opsSecretValue0123456789",
        "whsec_opsWebhookSecret0123456789",
        "sk-llm-opsKey0123456789",
        "scn_opsNotifySecret0123456789",
        "0123456789abcdef0123456789abcdefopsidentity",
    ];
    sqlx::query(
        "update shop set stripe_secret_key = $1, stripe_webhook_secret = $2, llm_api_key = $3,
             notify_secret = $4, identity_secret = $5 where id = $6",
    )
    .bind(secrets[0])
    .bind(secrets[1])
    .bind(secrets[2])
    .bind(secrets[3])
    .bind(secrets[4])
    .bind(shop.id)
    .execute(&app.db)
    .await
    .expect("secrets");
    let merchant = merchant_of(&app, "ops").await;
    let token_hash: String =
        sqlx::query_scalar("select token_hash from conversation where id = $1")
            .bind(&conversation.0)
            .fetch_one(&app.db)
            .await
            .expect("a hash");

    for path in [
        "/admin/orders".to_owned(),
        format!("/admin/orders/{}", order.order.order_number),
        "/admin/refunds".to_owned(),
        "/admin/conversations".to_owned(),
        format!("/admin/conversations/{}", conversation.0),
        "/admin/settings".to_owned(),
        "/admin/analytics".to_owned(),
    ] {
        let page = merchant.page(&path).await;
        for secret in secrets.iter().copied().chain([
            conversation.1.as_str(),
            order.order_token.as_str(),
            token_hash.as_str(),
        ]) {
            assert!(!page.contains(secret), "{path} shows a secret");
        }
    }
}

#[tokio::test]
async fn a_new_identity_secret_replaces_the_old_one_and_is_shown_only_once() {
    let app = TestApp::spawn().await;
    aftersale::shop(&app, "ops").await;
    let merchant = merchant_of(&app, "ops").await;
    let secret_of = || app.stored_secret("ops", SecretColumn::IdentitySecret);
    let old = secret_of().await.expect("every shop has a secret");
    let settings = merchant.page("/admin/settings").await;
    assert!(!settings.contains(&old));
    assert!(settings.contains("formaction=\"/admin/settings/identity-secret\""));

    let forged = merchant
        .post_raw("/admin/settings/identity-secret", &[])
        .await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert_eq!(secret_of().await.expect("secret"), old);

    let response = merchant.post("/admin/settings/identity-secret", &[]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let shown = response.text().await.expect("the page");
    let new = secret_of().await.expect("secret");
    assert_ne!(new, old);
    assert!(shown.contains(&new), "the new secret is shown once");
    assert!(!shown.contains(&old));
    let again = merchant.page("/admin/settings").await;
    assert!(!again.contains(&new), "and never again");
}
