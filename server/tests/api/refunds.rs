//! Refunds and cancellations under the shop's policy, against the real server and database:
//! the policy matrix, partial refunds, the merchant's queue, cancellation before and after
//! shipping, concurrent requests, and the audit log behind every change.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use std::time::{Duration, SystemTime};

use reqwest::{Method, StatusCode};
use serde_json::json;
use shopchat_protocol::{FulfillmentState, OrderStatus};
use shopchat_server::audit::Actor;
use shopchat_server::refunds::policy::Refusal;
use shopchat_server::refunds::{self, CancelResult, Execution, RefundResult};

use aftersale::{admin, admin_token, bought, card, refunded, refunds, shop, status, SHIPPING};
use support::TestApp;

const DAY: Duration = Duration::from_secs(86_400);

async fn ask(
    app: &TestApp,
    shop_id: i64,
    order_id: &str,
    reason: &str,
    amount: Option<i64>,
    now: SystemTime,
) -> RefundResult {
    refunds::request_refund(
        &app.state.db,
        &app.state.stripe,
        shop_id,
        order_id,
        reason,
        amount,
        Actor::Assistant,
        now,
    )
    .await
    .expect("a decision")
}

fn refused(result: &RefundResult) -> Option<Refusal> {
    match result {
        RefundResult::Refused { refusal, .. } => Some(*refusal),
        _ => None,
    }
}

#[tokio::test]
async fn a_refund_under_the_ceiling_is_refunded_at_once_and_the_card_shows_it() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let id = &order.order.order_id;

    let result = ask(&app, shop.id, id, "damaged", None, SystemTime::now()).await;

    // Damaged: shipping comes back too.
    assert!(
        matches!(result, RefundResult::Refunded { amount_minor, .. } if amount_minor == 2000 + SHIPPING)
    );
    assert_eq!(refunded(&app, &order).await, 2500);
    assert_eq!(status(&app, &order).await, "refunded");
    let card = card(&app, &order).await;
    assert_eq!(card.status, OrderStatus::Refunded);
    assert_eq!(card.refunded.minor, 2500);
    let kinds: Vec<&str> = card.timeline.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["created", "paid", "refunded"]);
    assert_eq!(card.timeline[2].amount.map(|m| m.minor), Some(2500));
}

#[tokio::test]
async fn shipping_is_kept_when_the_reason_does_not_refund_it() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;

    let result = ask(
        &app,
        shop.id,
        &order.order.order_id,
        "changed_mind",
        None,
        SystemTime::now(),
    )
    .await;

    assert!(matches!(
        result,
        RefundResult::Refunded {
            amount_minor: 2000,
            ..
        }
    ));
    assert_eq!(status(&app, &order).await, "partially_refunded");
}

#[tokio::test]
async fn a_refund_above_the_auto_approve_ceiling_waits_for_the_merchant_who_approves_it() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let coat = aftersale::variant(&app, &shop, "Coat", 12000).await;
    let (_, order) = bought(&app, &shop, coat).await;
    let token = admin_token(&app, &shop).await;

    let result = ask(
        &app,
        shop.id,
        &order.order.order_id,
        "damaged",
        None,
        SystemTime::now(),
    )
    .await;

    let RefundResult::Queued {
        refund_id,
        amount_minor: 12500,
        review_days: 2,
    } = result
    else {
        panic!("queued, got {result:?}")
    };
    assert_eq!(refunded(&app, &order).await, 0);
    let card_before = card(&app, &order).await;
    assert_eq!(card_before.pending_refunds.len(), 1);
    assert_eq!(card_before.pending_refunds[0].amount.minor, 12500);
    assert_eq!(status(&app, &order).await, "paid");
    // A second request meanwhile can't queue (or refund) the same money again.
    let again = ask(
        &app,
        shop.id,
        &order.order.order_id,
        "damaged",
        None,
        SystemTime::now(),
    )
    .await;
    assert_eq!(refused(&again), Some(Refusal::NothingToRefund));

    let (code, body) = admin(&app, &token, Method::GET, "/refunds?status=pending", None).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(body["refunds"].as_array().map(Vec::len), Some(1));
    assert_eq!(body["refunds"][0]["id"], refund_id);
    assert_eq!(body["refunds"][0]["order_number"], order.order.order_number);
    assert_eq!(body["refunds"][0]["amount_minor"], 12500);

    let (code, body) = admin(
        &app,
        &token,
        Method::POST,
        &format!("/refunds/{refund_id}/approve"),
        Some(json!({"note": "sorry about that"})),
    )
    .await;
    assert_eq!(code, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "succeeded");
    assert_eq!(refunded(&app, &order).await, 12500);
    let card_after = card(&app, &order).await;
    assert_eq!(card_after.status, OrderStatus::Refunded);
    assert!(card_after.pending_refunds.is_empty());
    // Approving twice does nothing more.
    let (code, _) = admin(
        &app,
        &token,
        Method::POST,
        &format!("/refunds/{refund_id}/approve"),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    assert_eq!(refunded(&app, &order).await, 12500);
}

#[tokio::test]
async fn the_merchant_can_deny_a_queued_request_with_a_note() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let coat = aftersale::variant(&app, &shop, "Coat", 12000).await;
    let (_, order) = bought(&app, &shop, coat).await;
    let token = admin_token(&app, &shop).await;
    let RefundResult::Queued { refund_id, .. } = ask(
        &app,
        shop.id,
        &order.order.order_id,
        "other",
        None,
        SystemTime::now(),
    )
    .await
    else {
        panic!("queued")
    };

    let (code, _) = admin(
        &app,
        &token,
        Method::POST,
        &format!("/refunds/{refund_id}/deny"),
        Some(json!({})),
    )
    .await;
    assert_eq!(code, StatusCode::BAD_REQUEST, "a denial says why");
    let (code, body) = admin(
        &app,
        &token,
        Method::POST,
        &format!("/refunds/{refund_id}/deny"),
        Some(json!({"note": "worn and washed"})),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(body["status"], "denied");
    assert_eq!(refunded(&app, &order).await, 0);
    let kinds: Vec<String> = card(&app, &order)
        .await
        .timeline
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert!(kinds.contains(&"refund_denied".to_owned()), "{kinds:?}");
}

#[tokio::test]
async fn the_window_counts_from_payment_and_then_from_delivery() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let id = &order.order.order_id;
    let later = SystemTime::now() + 31 * DAY;

    assert_eq!(
        refused(&ask(&app, shop.id, id, "damaged", None, later).await),
        Some(Refusal::OutsideWindow)
    );

    // Shipped and delivered now: the window restarts at delivery.
    let token = admin_token(&app, &shop).await;
    let number = &order.order.order_number;
    let (code, _) = admin(
        &app,
        &token,
        Method::POST,
        &format!("/orders/{number}/fulfillment"),
        Some(json!({"carrier": "UPS", "tracking_number": "1Z999"})),
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    let (code, _) = admin(
        &app,
        &token,
        Method::POST,
        &format!("/orders/{number}/delivered"),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(
        refused(
            &ask(
                &app,
                shop.id,
                id,
                "damaged",
                None,
                SystemTime::now() + 61 * DAY
            )
            .await
        ),
        Some(Refusal::OutsideWindow)
    );
    let inside = ask(
        &app,
        shop.id,
        id,
        "damaged",
        None,
        SystemTime::now() + 29 * DAY,
    )
    .await;
    assert!(
        matches!(
            inside,
            RefundResult::Refunded {
                amount_minor: 2500,
                ..
            }
        ),
        "{inside:?}"
    );
    // A fulfilled order moves to refunded like a paid one.
    assert_eq!(status(&app, &order).await, "refunded");
}

#[tokio::test]
async fn partial_refunds_add_up_to_the_total_and_never_beyond() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 4000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let id = &order.order.order_id;
    let now = SystemTime::now();

    assert!(matches!(
        ask(&app, shop.id, id, "damaged", Some(1500), now).await,
        RefundResult::Refunded {
            amount_minor: 1500,
            ..
        }
    ));
    assert_eq!(status(&app, &order).await, "partially_refunded");
    // 4500 paid, 1500 back: 3000 left, and not a cent more.
    let too_much = ask(&app, shop.id, id, "damaged", Some(3001), now).await;
    assert_eq!(
        too_much,
        RefundResult::Refused {
            refusal: Refusal::AmountTooLarge,
            refundable_minor: 3000
        }
    );
    assert!(matches!(
        ask(&app, shop.id, id, "damaged", None, now).await,
        RefundResult::Refunded {
            amount_minor: 3000,
            ..
        }
    ));
    assert_eq!(status(&app, &order).await, "refunded");
    assert_eq!(refunded(&app, &order).await, 4500);
    // Already refunded in full, and the per-order limit (2) reached.
    assert!(refused(&ask(&app, shop.id, id, "damaged", Some(1), now).await).is_some());
    assert_eq!(refunded(&app, &order).await, 4500);
}

#[tokio::test]
async fn the_per_order_limit_stops_a_third_refund() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 4000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let id = &order.order.order_id;
    let now = SystemTime::now();
    for _ in 0..2 {
        assert!(matches!(
            ask(&app, shop.id, id, "damaged", Some(100), now).await,
            RefundResult::Refunded { .. }
        ));
    }
    assert_eq!(
        refused(&ask(&app, shop.id, id, "damaged", Some(100), now).await),
        Some(Refusal::TooManyRefunds)
    );
    assert_eq!(refunded(&app, &order).await, 200);
}

#[tokio::test]
async fn unpaid_canceled_and_unknown_reason_requests_are_refused() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let conversation = aftersale::conversation(&app, &shop, "en").await;
    let unpaid = aftersale::order(&app, &conversation, mug, "bo@example.com").await;
    let now = SystemTime::now();
    assert_eq!(
        refused(&ask(&app, shop.id, &unpaid.order.order_id, "damaged", None, now).await),
        Some(Refusal::OrderNotPaid)
    );

    sqlx::query("update shop set refund_reasons = '[\"damaged\"]' where id = $1")
        .bind(shop.id)
        .execute(&app.db)
        .await
        .expect("policy");
    let (_, paid) = bought(&app, &shop, mug).await;
    assert_eq!(
        refused(
            &ask(
                &app,
                shop.id,
                &paid.order.order_id,
                "changed_mind",
                None,
                now
            )
            .await
        ),
        Some(Refusal::ReasonNotAllowed)
    );

    let canceled = refunds::cancel_order(
        &app.state.db,
        &app.state.stripe,
        shop.id,
        &paid.order.order_id,
        "no longer needed",
        Actor::Assistant,
        now,
    )
    .await
    .expect("canceled");
    assert!(matches!(
        canceled,
        CancelResult::CanceledAndRefunded {
            amount_minor: 2500,
            refund: Execution::Succeeded
        }
    ));
    assert_eq!(
        refused(&ask(&app, shop.id, &paid.order.order_id, "damaged", None, now).await),
        Some(Refusal::NothingToRefund)
    );
    assert!(refunds(&app, &unpaid).await.is_empty());
}

#[tokio::test]
async fn cancelling_before_shipping_refunds_in_full_and_after_shipping_becomes_a_refund_request() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let now = SystemTime::now();

    // Unpaid: canceled, the unit goes back to stock, nothing to refund.
    let conversation = aftersale::conversation(&app, &shop, "en").await;
    let unpaid = aftersale::order(&app, &conversation, mug, "bo@example.com").await;
    let stock = || async {
        sqlx::query_scalar::<_, i64>("select inventory_qty from variant where id = $1")
            .bind(mug)
            .fetch_one(&app.db)
            .await
            .expect("stock")
    };
    assert_eq!(stock().await, 9);
    let result = refunds::cancel_order(
        &app.state.db,
        &app.state.stripe,
        shop.id,
        &unpaid.order.order_id,
        "changed my mind",
        Actor::Assistant,
        now,
    )
    .await
    .expect("ok");
    assert_eq!(result, CancelResult::Canceled);
    assert_eq!(stock().await, 10);
    assert_eq!(status(&app, &unpaid).await, "canceled");

    // Paid, not shipped: canceled and refunded in full, shipping included.
    let (_, paid) = bought(&app, &shop, mug).await;
    let result = refunds::cancel_order(
        &app.state.db,
        &app.state.stripe,
        shop.id,
        &paid.order.order_id,
        "changed my mind",
        Actor::Assistant,
        now,
    )
    .await
    .expect("ok");
    assert_eq!(
        result,
        CancelResult::CanceledAndRefunded {
            amount_minor: 2500,
            refund: Execution::Succeeded
        }
    );
    assert_eq!(status(&app, &paid).await, "canceled");
    assert_eq!(card(&app, &paid).await.refunded.minor, 2500);

    // Shipped: a refund request under the policy (changed mind: shipping kept).
    let (_, shipped) = bought(&app, &shop, mug).await;
    let token = admin_token(&app, &shop).await;
    let (code, card_json) = admin(&app, &token, Method::POST, &format!("/orders/{}/fulfillment", shipped.order.order_number),
        Some(json!({"carrier": "DHL", "tracking_number": "JD014", "tracking_url": "https://dhl.example/JD014"}))).await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(card_json["fulfillment"]["state"], "fulfilled");
    let result = refunds::cancel_order(
        &app.state.db,
        &app.state.stripe,
        shop.id,
        &shipped.order.order_id,
        "changed my mind",
        Actor::Assistant,
        now,
    )
    .await
    .expect("ok");
    assert!(
        matches!(
            result,
            CancelResult::RefundRequest(RefundResult::Refunded {
                amount_minor: 2000,
                ..
            })
        ),
        "{result:?}"
    );
    let card = card(&app, &shipped).await;
    assert_eq!(card.status, OrderStatus::PartiallyRefunded);
    assert_eq!(card.fulfillment.state, FulfillmentState::Fulfilled);
    assert_eq!(
        card.fulfillment.tracking_url.as_deref(),
        Some("https://dhl.example/JD014")
    );
}

#[tokio::test]
async fn a_hundred_concurrent_refund_requests_refund_exactly_once() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 3000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let state = app.state.clone();
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let state = state.clone();
            let order_id = order.order.order_id.clone();
            let shop_id = shop.id;
            tokio::spawn(async move {
                refunds::request_refund(
                    &state.db,
                    &state.stripe,
                    shop_id,
                    &order_id,
                    "damaged",
                    None,
                    Actor::Assistant,
                    SystemTime::now(),
                )
                .await
            })
        })
        .collect();
    let mut refunded_results = 0;
    for task in tasks {
        match task.await.expect("the task ran").expect("a decision") {
            RefundResult::Refunded { amount_minor, .. } => {
                assert_eq!(amount_minor, 3500);
                refunded_results += 1;
            }
            RefundResult::Refused { refusal, .. } => assert_eq!(refusal, Refusal::NothingToRefund),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(refunded_results, 1);
    assert_eq!(
        refunds(&app, &order).await,
        [(3500, "succeeded".to_owned(), "shopper".to_owned())]
    );
    assert_eq!(status(&app, &order).await, "refunded");
}

#[tokio::test]
async fn every_change_is_in_the_audit_log_which_cannot_be_rewritten() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    ask(
        &app,
        shop.id,
        &order.order.order_id,
        "damaged",
        Some(700),
        SystemTime::now(),
    )
    .await;
    let token = admin_token(&app, &shop).await;

    let (code, body) = admin(
        &app,
        &token,
        Method::GET,
        &format!("/audit?order={}", order.order.order_number),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    let actions: Vec<(&str, &str)> = body["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["actor"].as_str().unwrap_or(""),
                e["action"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("shopper", "order.created"),
            ("shopper", "order.status"),
            ("assistant", "refund.approved_by_policy"),
            ("assistant", "refund.succeeded"),
            ("assistant", "order.status"),
        ]
    );
    let paid = &body["entries"][1];
    assert_eq!(paid["before"], r#"{"status":"awaiting_payment"}"#);
    assert_eq!(paid["after"], r#"{"status":"paid"}"#);

    assert!(
        sqlx::query("update audit_log set reason = 'nothing happened'")
            .execute(&app.db)
            .await
            .is_err()
    );
    assert!(sqlx::query("delete from audit_log")
        .execute(&app.db)
        .await
        .is_err());

    // The order's detail shows the same history.
    let (code, detail) = admin(
        &app,
        &token,
        Method::GET,
        &format!("/orders/{}", order.order.order_number),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::OK);
    assert_eq!(detail["order"]["refunded"]["minor"], 700);
    assert_eq!(detail["audit"].as_array().map(Vec::len), Some(5));
    assert_eq!(detail["refunds"][0]["status"], "succeeded");
}

#[tokio::test]
async fn the_admin_api_needs_the_shops_own_token() {
    let app = TestApp::spawn().await;
    let shop = shop(&app, "after-sale").await;
    let other = aftersale::shop(&app, "other-shop").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 12000).await;
    let (_, order) = bought(&app, &shop, mug).await;
    let RefundResult::Queued { refund_id, .. } = ask(
        &app,
        shop.id,
        &order.order.order_id,
        "damaged",
        None,
        SystemTime::now(),
    )
    .await
    else {
        panic!("queued")
    };
    let number = &order.order.order_number;

    for (method, path) in [
        (Method::GET, "/orders".to_owned()),
        (Method::GET, format!("/orders/{number}")),
        (Method::POST, format!("/orders/{number}/fulfillment")),
        (Method::POST, format!("/orders/{number}/delivered")),
        (Method::GET, "/refunds".to_owned()),
        (Method::POST, format!("/refunds/{refund_id}/approve")),
        (Method::POST, format!("/refunds/{refund_id}/deny")),
        (Method::GET, "/audit".to_owned()),
    ] {
        let response = app
            .admin(method.clone(), &path, None)
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
        let response = app
            .admin(method.clone(), &path, Some("not-a-token"))
            .send()
            .await
            .expect("request");
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {path}"
        );
    }
    // Another shop's merchant sees none of it and can't approve it.
    let other_token = admin_token(&app, &other).await;
    let (code, _) = admin(
        &app,
        &other_token,
        Method::GET,
        &format!("/orders/{number}"),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (code, _) = admin(
        &app,
        &other_token,
        Method::POST,
        &format!("/refunds/{refund_id}/approve"),
        None,
    )
    .await;
    assert_eq!(code, StatusCode::NOT_FOUND);
    let (_, body) = admin(&app, &other_token, Method::GET, "/refunds", None).await;
    assert_eq!(body["refunds"], json!([]));
    assert_eq!(refunded(&app, &order).await, 0);
    let (_, body) = admin(
        &app,
        &admin_token(&app, &shop).await,
        Method::GET,
        "/orders?status=paid",
        None,
    )
    .await;
    assert_eq!(body["orders"][0]["order_number"], *number);
}
