//! The widget API against the real server and a fresh database.

use shopchat_test_support as support;

use reqwest::{header, StatusCode};
use serde_json::{json, Value};
use shopchat_protocol::{Role, StreamEvent, MAX_MESSAGE_CHARS};
use support::{error_code, TestApp};

#[tokio::test]
async fn a_product_request_streams_text_then_product_cards_then_done() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "hoodie").await;

    let first_non_text = events
        .iter()
        .position(|e| !matches!(e, StreamEvent::Text { .. }))
        .expect("more than text");
    assert!(first_non_text > 0, "the reply starts with text: {events:?}");
    let text: String = events[..first_non_text]
        .iter()
        .map(|e| match e {
            StreamEvent::Text { delta } => delta.as_str(),
            _ => "",
        })
        .collect();
    assert!(!text.trim().is_empty());
    let StreamEvent::Products { items } = &events[first_non_text] else {
        panic!("product cards follow the text: {events:?}");
    };
    assert!(!items.is_empty());
    for card in items {
        assert!(
            card.title.to_lowercase().contains("hoodie"),
            "{} is a hoodie",
            card.title
        );
        assert!(card.price.minor > 0);
        assert_eq!(card.price.currency.as_str(), "USD");
        assert!(card.url.starts_with(&app.url));
        assert!(card
            .image_url
            .as_deref()
            .is_some_and(|u| u.starts_with(&app.url)));
    }
    assert!(
        matches!(events.last(), Some(StreamEvent::Done { .. })),
        "done comes last: {events:?}"
    );
}

#[tokio::test]
async fn card_prices_come_from_the_catalog() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "hoodie").await;
    let card = events
        .iter()
        .find_map(|e| match e {
            StreamEvent::Products { items } => items.first().cloned(),
            _ => None,
        })
        .expect("a card");

    let price: i64 = sqlx::query_scalar("select price_minor from variant where id = $1")
        .bind(card.variant_id)
        .fetch_one(&app.db)
        .await
        .expect("the card's variant exists");
    assert_eq!(card.price.minor, price);
}

#[tokio::test]
async fn a_spanish_request_gets_a_spanish_answer_with_cards() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let events = app.send_message(&id, &token, "busco una sudadera").await;

    let text: String = events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Text { delta } => Some(delta.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        text.contains("Aquí") || text.contains("encontré"),
        "Spanish text: {text}"
    );
    assert!(events
        .iter()
        .any(|e| matches!(e, StreamEvent::Products { items } if !items.is_empty())));
}

#[tokio::test]
async fn a_budget_is_never_silently_broken() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let events = app
        .send_message(&id, &token, "a warm jacket under $80")
        .await;

    for event in &events {
        if let StreamEvent::Products { items } = event {
            assert!(items.iter().all(|c| c.price.minor <= 8000), "{items:?}");
        }
    }
}

#[tokio::test]
async fn the_history_returns_both_sides_of_the_conversation() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "hoodie").await;

    let response = app.history_raw(&id, Some(&token)).await;
    assert_eq!(response.status(), StatusCode::OK);
    let history: shopchat_protocol::MessageHistory = response.json().await.expect("history");

    assert_eq!(history.messages.len(), 2);
    assert_eq!(history.messages[0].role, Role::Shopper);
    assert_eq!(history.messages[0].text, "hoodie");
    assert_eq!(history.messages[1].role, Role::Assistant);
    assert!(
        !history.messages[1].products.is_empty(),
        "the cards are kept with the reply"
    );
}

#[tokio::test]
async fn the_history_needs_the_conversations_own_token() {
    let app = TestApp::spawn().await;
    let (id, _token) = app.create_conversation("en").await;
    let (_other_id, other_token) = app.create_conversation("en").await;

    assert_eq!(
        error_code(app.history_raw(&id, None).await).await,
        "invalid_token"
    );
    assert_eq!(
        error_code(app.history_raw(&id, Some(&other_token)).await).await,
        "invalid_token"
    );
    let response = app
        .history_raw("no-such-conversation", Some(&other_token))
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "conversation_not_found");
}

#[tokio::test]
async fn a_message_with_a_wrong_token_is_refused_and_not_stored() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;

    let response = app
        .send_message_raw(&id, Some("forged"), json!({"text": "hoodie"}).to_string())
        .await;
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "invalid_token");

    let history: Value = app
        .history_raw(&id, Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(history["messages"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn empty_oversized_and_malformed_messages_get_stable_codes_and_change_nothing() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    let send = |body: String| app.send_message_raw(&id, Some(&token), body);

    let empty = send(json!({"text": "   "}).to_string()).await;
    assert_eq!(empty.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(empty).await, "empty_message");

    let long = send(json!({"text": "a".repeat(MAX_MESSAGE_CHARS + 1)}).to_string()).await;
    assert_eq!(long.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(long).await, "message_too_long");

    let huge_body = send(json!({"text": "b".repeat(100_000)}).to_string()).await;
    assert_eq!(huge_body.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(huge_body).await, "message_too_long");

    let malformed = send("{\"text\": ".to_owned()).await;
    assert_eq!(malformed.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(malformed).await, "invalid_request");

    let history: Value = app
        .history_raw(&id, Some(&token))
        .await
        .json()
        .await
        .expect("json");
    assert_eq!(history["messages"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn an_unknown_shop_gets_a_404_with_a_stable_code() {
    let app = TestApp::spawn().await;

    let response = app
        .create_conversation_raw(json!({"shop": "no-such-shop"}), None)
        .await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "unknown_shop");

    let response = app
        .create_conversation_raw(json!({"shop": "<script>"}), None)
        .await;
    assert_eq!(error_code(response).await, "unknown_shop");

    let response = app.get("/api/v1/shops/no-such-shop").await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "unknown_shop");
}

#[tokio::test]
async fn requests_from_an_origin_the_shop_has_not_allowed_are_refused() {
    let app = TestApp::spawn().await;
    let evil = "https://evil.example";

    let response = app
        .create_conversation_raw(json!({"shop": "demo"}), Some(evil))
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert!(response
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());
    assert_eq!(error_code(response).await, "origin_not_allowed");

    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/conversations", app.url),
        )
        .header(header::ORIGIN, evil)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .send()
        .await
        .expect("request");
    assert_eq!(preflight.status(), StatusCode::FORBIDDEN);
    assert!(preflight
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .is_none());

    let count: i64 = sqlx::query_scalar("select count(*) from conversation")
        .fetch_one(&app.db)
        .await
        .expect("count");
    assert_eq!(count, 0, "a refused request creates nothing");
}

#[tokio::test]
async fn an_origin_the_shop_allows_gets_cors_headers() {
    let app = TestApp::spawn().await;
    let shop_site = "https://northwind.example";
    sqlx::query("update shop set allowed_origins = $1 where public_key = 'demo'")
        .bind(json!([shop_site]).to_string())
        .execute(&app.db)
        .await
        .expect("update");

    let preflight = app
        .client
        .request(
            reqwest::Method::OPTIONS,
            format!("{}/api/v1/conversations", app.url),
        )
        .header(header::ORIGIN, shop_site)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .send()
        .await
        .expect("request");
    assert_eq!(preflight.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        preflight.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        shop_site
    );

    let response = app
        .create_conversation_raw(json!({"shop": "demo"}), Some(shop_site))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(
        response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        shop_site
    );

    // The server's own pages (the demo storefront) may always use it.
    let own = app
        .create_conversation_raw(json!({"shop": "demo"}), Some(&app.url))
        .await;
    assert_eq!(own.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn health_and_readiness_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_flood_of_messages_is_refused_with_429_and_nothing_more_is_stored() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("en").await;
    for _ in 0..30 {
        app.send_message(&id, &token, "hi").await;
    }

    let response = app
        .send_message_raw(&id, Some(&token), json!({"text": "hi"}).to_string())
        .await;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(response.headers().get(header::RETRY_AFTER).is_some());
    assert_eq!(error_code(response).await, "rate_limited");
    let stored: i64 = sqlx::query_scalar("select count(*) from message where conversation_id = $1")
        .bind(&id)
        .fetch_one(&app.db)
        .await
        .expect("count");
    assert_eq!(
        stored, 60,
        "30 questions and 30 answers, and not the refused one"
    );
}

#[tokio::test]
async fn one_client_opening_conversations_without_end_is_slowed_down() {
    let app = TestApp::spawn().await;
    for _ in 0..60 {
        app.create_conversation("en").await;
    }

    let response = app
        .create_conversation_raw(json!({"shop": "demo"}), None)
        .await;

    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(error_code(response).await, "rate_limited");
}
