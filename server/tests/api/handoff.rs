//! Human handoff through the widget and admin APIs: the shopper asks for a person (English,
//! Spanish, both engines) or the assistant can't help three times in a row; the conversation
//! is flagged with a summary, the shop is notified by a signed webhook (checked by a receiver on
//! loopback), the merchant lists, reads, replies and resolves, and the shopper sees the reply.

use shopchat_server::db::Flag;
use shopchat_test_support as support;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode as AxumStatus};
use axum::routing::post;
use axum::Router;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shopchat_protocol::{MessageHistory, Role, StreamEvent};
use shopchat_server::assistant::llm::LlmSettings;
use shopchat_server::config::Settings;
use shopchat_server::sealed::SecretColumn;
use support::scripted_llm::{ScriptedLlm, Step};
use support::stripe_signer::sign_like_stripe;
use support::{error_code, text_of, TestApp};
use tokio::sync::Notify;

/// Longest wait for something that happens in the background.
const DEADLINE: Duration = Duration::from_secs(20);

/// One request the receiver got.
#[derive(Debug, Clone)]
struct Delivery {
    signature: String,
    delivery_id: String,
    body: String,
}

#[derive(Clone, Default)]
struct Inbox {
    received: Arc<Mutex<Vec<Delivery>>>,
    /// Statuses to answer with, in order; 200 once they run out.
    answers: Arc<Mutex<VecDeque<u16>>>,
    arrived: Arc<Notify>,
}

/// A merchant's webhook endpoint on loopback.
struct Receiver {
    url: String,
    inbox: Inbox,
}

impl Receiver {
    async fn start(answers: &[u16]) -> Receiver {
        let inbox = Inbox {
            answers: Arc::new(Mutex::new(answers.iter().copied().collect())),
            ..Inbox::default()
        };
        let app = Router::new()
            .route("/hooks/shopchat", post(receive))
            .with_state(inbox.clone());
        let (addr, _) = support::serve_on_loopback(support::LOOPBACK, app).await;
        Receiver {
            url: format!("http://{addr}/hooks/shopchat"),
            inbox,
        }
    }

    fn received(&self) -> Vec<Delivery> {
        self.inbox.received.lock().expect("not poisoned").clone()
    }

    /// Waits until `count` requests have arrived.
    async fn wait_for(&self, count: usize) -> Vec<Delivery> {
        let waited = tokio::time::timeout(DEADLINE, async {
            loop {
                let arrived = self.inbox.arrived.notified();
                let received = self.received();
                if received.len() >= count {
                    return received;
                }
                arrived.await;
            }
        })
        .await;
        waited.unwrap_or_else(|_| panic!("{count} notification(s) within {DEADLINE:?}"))
    }
}

async fn receive(State(inbox): State<Inbox>, headers: HeaderMap, body: String) -> AxumStatus {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    inbox.received.lock().expect("not poisoned").push(Delivery {
        signature: header("shopchat-signature"),
        delivery_id: header("shopchat-delivery"),
        body,
    });
    inbox.arrived.notify_waiters();
    let status = inbox.answers.lock().expect("not poisoned").pop_front();
    AxumStatus::from_u16(status.unwrap_or(200)).expect("a status")
}

/// Checks `t=<unix>,v1=<hex>` against the body with the shop's secret.
fn signature_verifies(delivery: &Delivery, secret: &str) -> bool {
    let Some(timestamp) = delivery
        .signature
        .split(',')
        .find_map(|part| part.strip_prefix("t="))
        .and_then(|t| t.parse::<i64>().ok())
    else {
        return false;
    };
    sign_like_stripe(delivery.body.as_bytes(), secret, timestamp) == delivery.signature
}

/// Points the demo shop's notifications at `url` and returns (admin token, signing secret).
async fn configure_notifications(app: &TestApp, url: &str) -> (String, String) {
    let token = app.admin_token().await;
    let response = app
        .admin(Method::PUT, "/notifications", Some(&token))
        .json(&json!({"url": url}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let response = app
        .admin(Method::POST, "/notifications/secret", Some(&token))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    let secret = body["secret"].as_str().expect("the new secret").to_owned();
    (token, secret)
}

fn handoff_notice(events: &[StreamEvent]) -> Option<String> {
    events.iter().find_map(|e| match e {
        StreamEvent::Handoff { expected_reply } => Some(expected_reply.clone()),
        _ => None,
    })
}

async fn needs_human(app: &TestApp, id: &str) -> (bool, Option<String>, Option<String>) {
    let (waiting, summary, reason): (Flag, Option<String>, Option<String>) = sqlx::query_as(
        "select needs_human = 1, handoff_summary, handoff_reason from conversation where id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .expect("the conversation");
    (waiting.0, summary, reason)
}

async fn admin_json(app: &TestApp, method: Method, path: &str, token: &str) -> (StatusCode, Value) {
    let response = app
        .admin(method, path, Some(token))
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.json().await.expect("json"))
}

async fn history_after(app: &TestApp, id: &str, token: &str, after: i64) -> MessageHistory {
    let response = app
        .client
        .get(format!(
            "{}/api/v1/conversations/{id}/messages?after={after}",
            app.url
        ))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.expect("a history")
}

/// Polls the database until `check` holds, up to the deadline.
async fn eventually<F, Fut>(what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + DEADLINE;
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{what} within {DEADLINE:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test]
async fn asking_for_a_person_notifies_the_shop_with_a_signed_summary_and_says_what_happens_next() {
    let receiver = Receiver::start(&[]).await;
    let app = TestApp::spawn().await;
    let (_, secret) = configure_notifications(&app, &receiver.url).await;
    let (id, token) = app.create_conversation("en").await;

    app.send_message(&id, &token, "do you have hoodies?").await;
    app.send_message(&id, &token, "my order SC-1001 never arrived")
        .await;
    let events = app
        .send_message(&id, &token, "I want to talk to a human")
        .await;

    let expected = handoff_notice(&events).expect("a handoff event");
    assert_eq!(
        expected,
        "A person from the shop will reply here, usually within a few hours."
    );
    let said = text_of(&events);
    assert!(said.contains(&expected), "{said}");
    assert!(said.contains("come back"), "{said}");
    assert!(matches!(events.last(), Some(StreamEvent::Done { .. })));

    let (flagged, summary, reason) = needs_human(&app, &id).await;
    assert!(flagged);
    assert_eq!(reason.as_deref(), Some("shopper_asked"));
    let summary = summary.expect("a summary");
    assert!(summary.contains("asked for a person"), "{summary}");
    assert!(summary.contains("Orders mentioned: SC-1001"), "{summary}");
    assert!(summary.contains("Hoodie"), "the products shown: {summary}");
    assert!(summary.contains("I want to talk to a human"), "{summary}");

    let delivered = receiver.wait_for(1).await;
    let delivery = &delivered[0];
    assert!(
        signature_verifies(delivery, &secret),
        "the signature verifies with the shop's secret: {}",
        delivery.signature
    );
    assert!(!signature_verifies(delivery, "some-other-secret"));
    let body: Value = serde_json::from_str(&delivery.body).expect("a JSON body");
    assert_eq!(body["type"], "conversation.needs_human");
    assert_eq!(body["shop"], "demo");
    assert_eq!(body["id"], delivery.delivery_id.as_str());
    assert_eq!(body["data"]["conversation_id"], id.as_str());
    assert_eq!(body["data"]["summary"], summary.as_str());
    assert!(!delivery.body.contains(&secret));

    // Asking again doesn't notify again: the shopper hears the team already has it.
    let again = app
        .send_message(&id, &token, "can I speak to a real person?")
        .await;
    assert!(text_of(&again).contains("already has this conversation"));
    assert!(handoff_notice(&again).is_some());
    eventually("the first delivery recorded", || async {
        let statuses: Vec<String> = sqlx::query_scalar("select status from notify_delivery")
            .fetch_all(&app.db)
            .await
            .expect("deliveries");
        statuses == ["delivered"]
    })
    .await;
    assert_eq!(receiver.received().len(), 1);
    let kinds: Vec<String> =
        sqlx::query_scalar("select kind from handoff_event where conversation_id = $1 order by id")
            .bind(&id)
            .fetch_all(&app.db)
            .await
            .expect("the handoff history");
    assert_eq!(kinds, ["flagged", "notified"]);
}

#[tokio::test]
async fn a_spanish_request_for_a_person_is_answered_in_spanish() {
    let app = TestApp::spawn().await;
    let (id, token) = app.create_conversation("es").await;

    let events = app
        .send_message(&id, &token, "quiero hablar con una persona")
        .await;

    assert_eq!(
        handoff_notice(&events).as_deref(),
        Some("Una persona de la tienda te responderá aquí, normalmente en unas horas.")
    );
    let said = text_of(&events);
    assert!(said.contains("volver más tarde"), "{said}");
    assert!(needs_human(&app, &id).await.0);
}

#[tokio::test]
async fn the_typical_reply_time_is_the_shops_setting() {
    let app = TestApp::spawn().await;
    let token = app.admin_token().await;
    let response = app
        .admin(Method::PUT, "/notifications", Some(&token))
        .json(&json!({"url": null, "reply_hours": 4}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let (id, conversation) = app.create_conversation("en").await;

    let events = app.send_message(&id, &conversation, "agent please").await;

    assert_eq!(
        handoff_notice(&events).as_deref(),
        Some("A person from the shop will reply here, usually within 4 hours.")
    );

    let response = app
        .admin(Method::PUT, "/notifications", Some(&token))
        .json(&json!({"url": "ftp://shop.example/x", "reply_hours": 0}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["error"]["code"], "invalid_fields");
    assert_eq!(body["error"]["fields"][0]["code"], "invalid_url");
    assert_eq!(body["error"]["fields"][1]["field"], "reply_hours");
}

#[tokio::test]
async fn three_messages_the_assistant_cannot_help_with_hand_the_conversation_off() {
    let receiver = Receiver::start(&[]).await;
    let app = TestApp::spawn().await;
    configure_notifications(&app, &receiver.url).await;
    let (id, token) = app.create_conversation("en").await;

    let first = app.send_message(&id, &token, "I need an invoice").await;
    assert!(handoff_notice(&first).is_none());
    let second = app.send_message(&id, &token, "I forgot my password").await;
    assert!(handoff_notice(&second).is_none());
    assert!(
        second.iter().any(|e| matches!(e, StreamEvent::QuickReplies { items } if items.iter().any(|i| i == "Talk to a person"))),
        "a person is offered first: {second:?}"
    );
    assert!(!needs_human(&app, &id).await.0);

    let third = app
        .send_message(&id, &token, "how do I create an account")
        .await;

    assert!(handoff_notice(&third).is_some(), "{third:?}");
    assert!(text_of(&third).contains("passed this conversation"));
    let (flagged, summary, reason) = needs_human(&app, &id).await;
    assert!(flagged);
    assert_eq!(reason.as_deref(), Some("unresolved"));
    let summary = summary.expect("a summary");
    assert!(summary.contains("could not help"), "{summary}");
    assert!(summary.contains("I forgot my password"), "{summary}");
    let delivered = receiver.wait_for(1).await;
    let body: Value = serde_json::from_str(&delivered[0].body).expect("json");
    assert_eq!(body["data"]["reason"], "unresolved");

    // While waiting, another message it can't help with says a person is coming instead.
    let waiting = app.send_message(&id, &token, "I need an invoice").await;
    assert!(text_of(&waiting).contains("has been notified"));
    assert!(handoff_notice(&waiting).is_none());

    // A question it can answer is answered as usual.
    let hoodies = app.send_message(&id, &token, "hoodies").await;
    assert!(!support::cards_of(&hoodies).is_empty());
}

async fn app_with_llm(llm: &ScriptedLlm) -> TestApp {
    let base_url = llm.base_url.clone();
    TestApp::spawn_with(move |s: &mut Settings| {
        s.llm = Some(LlmSettings {
            base_url,
            model: "scripted".into(),
            api_key: None,
            timeout: Duration::from_secs(20),
        });
    })
    .await
}

fn handoff_turns(summary: &str, answer: &str) -> Vec<Vec<Step>> {
    vec![
        [
            Step::tool_call(
                0,
                "call_1",
                "handoff_to_human",
                &json!({ "summary": summary }).to_string(),
            ),
            vec![Step::Finish("tool_calls")],
        ]
        .concat(),
        vec![Step::text(answer), Step::Finish("stop")],
    ]
}

#[tokio::test]
async fn with_the_llm_engine_a_request_for_a_person_hands_off_in_english_and_spanish() {
    let llm = ScriptedLlm::start(
        [
            handoff_turns(
                "Wants a person about a late parcel",
                "I've let the team know; a person will reply here.",
            ),
            handoff_turns(
                "Quiere hablar con una persona",
                "He avisado al equipo; una persona te responderá aquí.",
            ),
        ]
        .concat(),
    )
    .await;
    let app = app_with_llm(&llm).await;

    let (en, en_token) = app.create_conversation("en").await;
    let events = app
        .send_message(&en, &en_token, "let me talk to someone please")
        .await;
    assert_eq!(
        handoff_notice(&events).as_deref(),
        Some("A person from the shop will reply here, usually within a few hours.")
    );
    assert!(text_of(&events).ends_with("a person will reply here."));
    let (flagged, summary, _) = needs_human(&app, &en).await;
    assert!(flagged);
    let summary = summary.expect("a summary");
    assert!(
        summary.contains("let me talk to someone please"),
        "{summary}"
    );
    assert!(
        summary.contains("Wants a person about a late parcel"),
        "{summary}"
    );
    // The model was told the handoff happened, with what to tell the shopper.
    let tool_result = llm.requests()[1].body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["role"] == "tool")
        .expect("the tool result")["content"]
        .as_str()
        .expect("text")
        .to_owned();
    assert!(tool_result.contains("handed_off"), "{tool_result}");

    let (es, es_token) = app.create_conversation("es").await;
    let events = app
        .send_message(&es, &es_token, "quiero hablar con un humano")
        .await;
    assert_eq!(
        handoff_notice(&events).as_deref(),
        Some("Una persona de la tienda te responderá aquí, normalmente en unas horas.")
    );
    assert!(needs_human(&app, &es).await.0);
}

#[tokio::test]
async fn the_merchant_lists_reads_replies_and_resolves_and_the_shopper_sees_the_reply() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let (quiet, quiet_token) = app.create_conversation("en").await;
    app.send_message(&quiet, &quiet_token, "hoodies").await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "where is my order SC-1001?")
        .await;
    let events = app.send_message(&id, &token, "get me a live agent").await;
    let last_seen = match events.last() {
        Some(StreamEvent::Done { message_id }) => *message_id,
        other => panic!("a stored reply: {other:?}"),
    };

    let (status, list) =
        admin_json(&app, Method::GET, "/conversations?needs_human=true", &admin).await;
    assert_eq!(status, StatusCode::OK);
    let waiting = list["conversations"].as_array().expect("a list");
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["id"], id.as_str());
    assert_eq!(waiting[0]["needs_human"], true);
    assert!(waiting[0]["summary"]
        .as_str()
        .expect("a summary")
        .contains("SC-1001"));
    assert!(waiting[0]["last_message_at"].is_string());
    assert_eq!(waiting[0]["message_count"], 4);

    let (_, all) = admin_json(&app, Method::GET, "/conversations", &admin).await;
    let ids: Vec<&str> = all["conversations"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|c| c["id"].as_str().expect("an id"))
        .collect();
    assert_eq!(ids, [id.as_str(), quiet.as_str()], "waiting ones first");

    let (status, transcript) =
        admin_json(&app, Method::GET, &format!("/conversations/{id}"), &admin).await;
    assert_eq!(status, StatusCode::OK);
    let messages = transcript["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 4);
    assert_eq!(messages[0]["role"], "shopper");
    assert_eq!(messages[0]["text"], "where is my order SC-1001?");

    let response = app
        .admin(
            Method::POST,
            &format!("/conversations/{id}/reply"),
            Some(&admin),
        )
        .json(&json!({"text": "Hi, this is Ana from the shop. Your parcel left today."}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);
    let reply: Value = response.json().await.expect("json");
    assert_eq!(reply["message"]["role"], "merchant");

    // The widget polls with the last id it has and gets only the person's reply.
    let news = history_after(&app, &id, &token, last_seen).await;
    assert_eq!(news.messages.len(), 1);
    assert_eq!(news.messages[0].role, Role::Merchant);
    assert_eq!(
        news.messages[0].text,
        "Hi, this is Ana from the shop. Your parcel left today."
    );
    assert_eq!(
        news.messages[0].id,
        reply["message"]["id"].as_i64().expect("an id")
    );
    let nothing_new = history_after(&app, &id, &token, news.messages[0].id).await;
    assert!(nothing_new.messages.is_empty());
    let whole = history_after(&app, &id, &token, 0).await;
    assert_eq!(whole.messages.len(), 5);
    assert!(whole.awaiting_person, "a reopened widget keeps checking");

    let response = app
        .admin(
            Method::POST,
            &format!("/conversations/{id}/reply"),
            Some(&admin),
        )
        .json(&json!({"text": "   "}))
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(response).await, "empty_message");

    let (status, resolved) = admin_json(
        &app,
        Method::POST,
        &format!("/conversations/{id}/resolve"),
        &admin,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(resolved["needs_human"], false);
    assert!(resolved["resolved_at"].is_string());
    let (_, list) = admin_json(&app, Method::GET, "/conversations?needs_human=true", &admin).await;
    assert_eq!(list["conversations"].as_array().expect("a list").len(), 0);
    assert!(!history_after(&app, &id, &token, 0).await.awaiting_person);

    // Once resolved, asking again hands it off again.
    let again = app.send_message(&id, &token, "talk to an operator").await;
    assert!(text_of(&again).contains("passed this conversation"));
    assert!(needs_human(&app, &id).await.0);

    let kinds: Vec<String> =
        sqlx::query_scalar("select kind from handoff_event where conversation_id = $1 order by id")
            .bind(&id)
            .fetch_all(&app.db)
            .await
            .expect("the handoff history");
    assert_eq!(kinds, ["flagged", "replied", "resolved", "flagged"]);
    // The shop's audit log has the same steps, with who took them.
    let audit: Vec<(String, String)> = sqlx::query_as(
        "select action, actor from audit_log
         where subject_type = 'conversation' and subject_id = $1 and action like 'handoff.%'
         order by id",
    )
    .bind(&id)
    .fetch_all(&app.db)
    .await
    .expect("the audit log");
    assert_eq!(
        audit,
        [
            ("handoff.flagged".to_owned(), "shopper".to_owned()),
            ("handoff.replied".to_owned(), "merchant".to_owned()),
            ("handoff.resolved".to_owned(), "merchant".to_owned()),
            ("handoff.flagged".to_owned(), "shopper".to_owned()),
        ]
    );
}

#[tokio::test]
async fn another_shops_admin_token_can_neither_see_nor_answer_a_conversation() {
    let other_receiver = Receiver::start(&[]).await;
    let receiver = Receiver::start(&[]).await;
    let app = TestApp::spawn().await;
    configure_notifications(&app, &receiver.url).await;
    sqlx::query(
        "insert into shop (public_key, name, notify_url) values ('other-shop', 'Other', $1)",
    )
    .bind(&other_receiver.url)
    .execute(&app.db)
    .await
    .expect("another shop");
    let other = shopchat_server::http::admin::issue_token(&app.db, "other-shop")
        .await
        .expect("database")
        .expect("the shop exists");
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "I want to talk to a human")
        .await;

    let (_, list) = admin_json(&app, Method::GET, "/conversations", &other).await;
    assert_eq!(list["conversations"].as_array().expect("a list").len(), 0);
    let response = app
        .admin(Method::GET, &format!("/conversations/{id}"), Some(&other))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(response).await, "conversation_not_found");
    let response = app
        .admin(
            Method::POST,
            &format!("/conversations/{id}/reply"),
            Some(&other),
        )
        .json(&json!({"text": "I'm not from this shop"}))
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(response).await, "conversation_not_found");
    let response = app
        .admin(
            Method::POST,
            &format!("/conversations/{id}/resolve"),
            Some(&other),
        )
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(response).await, "conversation_not_found");
    let response = app
        .admin(Method::GET, "/conversations", None)
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(response).await, "admin_unauthorized");

    assert!(needs_human(&app, &id).await.0, "still waiting");
    let history = history_after(&app, &id, &token, 0).await;
    assert!(history.messages.iter().all(|m| m.role != Role::Merchant));

    // The demo shop's notification went to the demo shop's endpoint only.
    receiver.wait_for(1).await;
    let urls: Vec<String> = sqlx::query_scalar("select url from notify_delivery")
        .fetch_all(&app.db)
        .await
        .expect("deliveries");
    assert_eq!(urls, vec![receiver.url.clone()]);
    assert!(other_receiver.received().is_empty());
}

#[tokio::test]
async fn an_unreachable_endpoint_is_retried_in_the_background_and_the_shopper_never_waits() {
    // A port nothing listens on: bound and never listening, and held for the whole test, so
    // no other test's server or connection can take it meanwhile.
    let closed = tokio::net::TcpSocket::new_v4().expect("a socket");
    closed
        .bind("127.0.0.1:0".parse().expect("an address"))
        .expect("a port");
    let url = format!(
        "http://{}/hooks/shopchat",
        closed.local_addr().expect("addr")
    );
    let app = TestApp::spawn().await;
    configure_notifications(&app, &url).await;
    let (id, token) = app.create_conversation("en").await;

    let events = app.send_message(&id, &token, "human!").await;

    assert!(handoff_notice(&events).is_some());
    assert!(matches!(events.last(), Some(StreamEvent::Done { .. })));
    assert!(!events
        .iter()
        .any(|e| matches!(e, StreamEvent::Error { .. })));
    eventually("every attempt made and the delivery given up", || async {
        let status: Option<String> = sqlx::query_scalar("select status from notify_delivery")
            .fetch_optional(&app.db)
            .await
            .expect("a delivery");
        status.as_deref() == Some("failed")
    })
    .await;
    let attempts: Vec<(i64, Option<i64>, Option<String>)> =
        sqlx::query_as("select attempt, http_status, error from notify_attempt order by id")
            .fetch_all(&app.db)
            .await
            .expect("attempts");
    assert_eq!(attempts.len(), 4, "{attempts:?}");
    assert!(attempts
        .iter()
        .enumerate()
        .all(|(i, (n, status, error))| *n == i as i64 + 1
            && status.is_none()
            && error.as_deref() == Some("could not connect")));
    // The shopper's conversation goes on as usual.
    let next = app.send_message(&id, &token, "hoodies").await;
    assert!(!support::cards_of(&next).is_empty());
}

#[tokio::test]
async fn a_failing_endpoint_gets_the_same_notification_again_until_it_accepts_it() {
    let receiver = Receiver::start(&[500, 503]).await;
    let app = TestApp::spawn().await;
    let (_, secret) = configure_notifications(&app, &receiver.url).await;
    let (id, token) = app.create_conversation("en").await;

    app.send_message(&id, &token, "transfer me to an agent")
        .await;

    let received = receiver.wait_for(3).await;
    assert!(received
        .iter()
        .all(|d| d.body == received[0].body && d.delivery_id == received[0].delivery_id));
    assert!(received.iter().all(|d| signature_verifies(d, &secret)));
    eventually("the delivery recorded as delivered", || async {
        let status: Option<String> = sqlx::query_scalar("select status from notify_delivery")
            .fetch_optional(&app.db)
            .await
            .expect("a delivery");
        status.as_deref() == Some("delivered")
    })
    .await;
    let statuses: Vec<Option<i64>> =
        sqlx::query_scalar("select http_status from notify_attempt order by id")
            .fetch_all(&app.db)
            .await
            .expect("attempts");
    assert_eq!(statuses, [Some(500), Some(503), Some(200)]);
}

#[tokio::test]
async fn the_notify_secret_is_in_no_response_but_the_one_that_generates_it() {
    let receiver = Receiver::start(&[]).await;
    let app = TestApp::spawn().await;
    let (admin, secret) = configure_notifications(&app, &receiver.url).await;
    let stored = app
        .stored_secret("demo", SecretColumn::NotifySecret)
        .await
        .expect("a secret");
    assert_eq!(stored, secret);
    let (id, token) = app.create_conversation("en").await;
    let events = app
        .send_message(&id, &token, "I want to talk to a human")
        .await;
    assert!(!serde_json::to_string(&events)
        .expect("json")
        .contains(&secret));

    let mut bodies = Vec::new();
    for path in [
        "/notifications".to_owned(),
        "/conversations".to_owned(),
        format!("/conversations/{id}"),
        "/shop".to_owned(),
    ] {
        let response = app
            .admin(Method::GET, &path, Some(&admin))
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        bodies.push(response.text().await.expect("body"));
    }
    bodies.push(
        app.history_raw(&id, Some(&token))
            .await
            .text()
            .await
            .expect("body"),
    );
    for body in &bodies {
        assert!(!body.contains(&secret), "{body}");
    }
    let settings: Value = serde_json::from_str(&bodies[0]).expect("json");
    assert_eq!(settings["url"], receiver.url.as_str());
    assert!(settings.get("secret").is_none());

    // A new shop gets a secret of its own.
    sqlx::query("insert into shop (public_key, name) values ('fresh-shop', 'Fresh')")
        .execute(&app.db)
        .await
        .expect("a shop");
    let fresh: Option<String> =
        sqlx::query_scalar("select notify_secret from shop where public_key = 'fresh-shop'")
            .fetch_one(&app.db)
            .await
            .expect("the shop");
    assert!(fresh.is_some_and(|s| s.len() == 64 && s != secret));
}

#[tokio::test]
async fn a_notification_left_pending_by_a_stopped_server_is_sent_when_it_resumes() {
    let receiver = Receiver::start(&[]).await;
    let app = TestApp::spawn().await;
    let (_, secret) = configure_notifications(&app, &receiver.url).await;
    let (id, _) = app.create_conversation("en").await;
    // As a server that stopped after one failed attempt leaves it.
    let body = json!({"id": "evt_left", "type": "conversation.needs_human", "data": {"conversation_id": id}})
        .to_string();
    sqlx::query(
        "insert into notify_delivery (id, shop_id, conversation_id, url, body, attempts)
         select 'evt_left', id, $1, $2, $3, 1 from shop where public_key = 'demo'",
    )
    .bind(&id)
    .bind(&receiver.url)
    .bind(&body)
    .execute(&app.db)
    .await
    .expect("a pending delivery");

    app.state
        .notifier
        .resume_pending(&app.db, &app.state.secrets)
        .await
        .expect("resumed");

    let received = receiver.wait_for(1).await;
    assert_eq!(received[0].body, body);
    assert_eq!(received[0].delivery_id, "evt_left");
    assert!(signature_verifies(&received[0], &secret));
    eventually("the delivery recorded as its second attempt", || async {
        let row: (String, i64) =
            sqlx::query_as("select status, attempts from notify_delivery where id = 'evt_left'")
                .fetch_one(&app.db)
                .await
                .expect("the delivery");
        row == ("delivered".to_owned(), 2)
    })
    .await;
}

#[tokio::test]
async fn a_shopper_still_waiting_after_half_an_hour_reminds_the_shop_once() {
    let receiver = Receiver::start(&[]).await;
    let app = TestApp::spawn().await;
    configure_notifications(&app, &receiver.url).await;
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "I want to talk to a human")
        .await;
    receiver.wait_for(1).await;

    // Within half an hour, asking again reminds nobody.
    let again = app
        .send_message(&id, &token, "hello?? a human please")
        .await;
    assert!(text_of(&again).contains("already has this conversation"));
    // Half an hour later it does, once.
    sqlx::query("update conversation set notified_at = $2 where id = $1")
        .bind(&id)
        .bind(shopchat_server::db::ago(std::time::Duration::from_secs(
            31 * 60,
        )))
        .execute(&app.db)
        .await
        .expect("time passes");
    app.send_message(&id, &token, "is anyone there? I need a person")
        .await;
    app.send_message(&id, &token, "agent please").await;

    let received = receiver.wait_for(2).await;
    let kinds: Vec<String> =
        sqlx::query_scalar("select body from notify_delivery order by created_at, id")
            .fetch_all(&app.db)
            .await
            .expect("deliveries");
    let kinds: Vec<String> = kinds
        .iter()
        .map(|b| {
            serde_json::from_str::<Value>(b).expect("json")["type"]
                .as_str()
                .expect("a type")
                .to_owned()
        })
        .collect();
    assert_eq!(
        kinds,
        ["conversation.needs_human", "conversation.shopper_waiting"]
    );
    let reminder: Value = serde_json::from_str(&received[1].body).expect("json");
    assert_eq!(reminder["data"]["conversation_id"], id.as_str());
}
