//! URLs a merchant sets (handoff notifications, the shop's own LLM endpoint) reach the public
//! internet only: loopback, private and metadata addresses are refused when saved, when a name
//! resolves to one at send time, and on redirects — unless the operator allows them with
//! `OUTBOUND_ALLOW`. The stand-ins listen on loopback, so every test says what it allows.

use shopchat_test_support as support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, StatusCode as AxumStatus};
use axum::response::{IntoResponse, Response};
use axum::Router;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use shopchat_server::outbound::OutboundPolicy;
use support::merchant::{set_up_shop, Merchant};
use support::scripted_llm::{ScriptedLlm, Step};
use support::{text_of, TestApp};

/// Longest wait for something that happens in the background.
const DEADLINE: Duration = Duration::from_secs(20);

/// The app with `OUTBOUND_ALLOW` set to `allow` ("": the default policy).
async fn app_allowing(allow: &str) -> TestApp {
    let policy = OutboundPolicy::parse(allow).expect("a valid allow list");
    TestApp::spawn_with(move |s| s.outbound = policy).await
}

/// What a stand-in answers every request with.
#[derive(Clone)]
enum Answer {
    Ok,
    /// A 307 to this URL (method and body kept).
    RedirectTo(String),
}

/// An HTTP server on a loopback address that records the path of every request it gets.
#[derive(Clone)]
struct Stand {
    base: String,
    received: Arc<Mutex<Vec<String>>>,
}

impl Stand {
    async fn start(ip: &str, answer: Answer) -> Stand {
        let received = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .fallback(record)
            .with_state((received.clone(), answer));
        let ip: std::net::IpAddr = ip.parse().expect("an IP address");
        let (addr, _) = support::serve_on_loopback(ip, app).await;
        Stand {
            base: format!("http://{addr}"),
            received,
        }
    }

    fn received(&self) -> Vec<String> {
        self.received.lock().expect("not poisoned").clone()
    }
}

async fn record(
    State((received, answer)): State<(Arc<Mutex<Vec<String>>>, Answer)>,
    request: Request,
) -> Response {
    received
        .lock()
        .expect("not poisoned")
        .push(request.uri().path().to_owned());
    match answer {
        Answer::Ok => AxumStatus::OK.into_response(),
        Answer::RedirectTo(url) => {
            (AxumStatus::TEMPORARY_REDIRECT, [(header::LOCATION, url)]).into_response()
        }
    }
}

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

/// `PUT /api/v1/admin/notifications {url}`: (status, body).
async fn save_notify_url(app: &TestApp, token: &str, url: &str) -> (StatusCode, Value) {
    let response = app
        .admin(Method::PUT, "/notifications", Some(token))
        .json(&json!({ "url": url }))
        .send()
        .await
        .expect("request");
    let status = response.status();
    (status, response.json().await.expect("json"))
}

async fn stored_notify_url(app: &TestApp) -> Option<String> {
    sqlx::query_scalar("select notify_url from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("the demo shop")
}

/// Gives the demo shop a signing secret, so its notifications can be sent.
async fn rotate_notify_secret(app: &TestApp, token: &str) {
    let response = app
        .admin(Method::POST, "/notifications/secret", Some(token))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}

/// A shopper asks for a person, which notifies the shop.
async fn ask_for_a_person(app: &TestApp) {
    let (id, token) = app.create_conversation("en").await;
    app.send_message(&id, &token, "I want to talk to a human")
        .await;
}

/// The demo shop's one notification, once it is no longer pending: (status, attempt errors).
async fn settled_delivery(app: &TestApp) -> (String, Vec<Option<String>>) {
    eventually("the notification settled", || async {
        let status: Option<String> = sqlx::query_scalar("select status from notify_delivery")
            .fetch_optional(&app.db)
            .await
            .expect("database");
        status.is_some_and(|s| s != "pending")
    })
    .await;
    let status: String = sqlx::query_scalar("select status from notify_delivery")
        .fetch_one(&app.db)
        .await
        .expect("a delivery");
    let errors = sqlx::query_scalar("select error from notify_attempt order by id")
        .fetch_all(&app.db)
        .await
        .expect("attempts");
    (status, errors)
}

/// The Settings page form with every section valid; tests override what they are about.
/// A complete settings form (with a refund policy) with these fields changed.
fn settings_form<'a>(overrides: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    support::merchant::settings_form_from(
        &[
            ("free_shipping_over", ""),
            ("tax_rate", "0"),
            ("refund_window_days", "30"),
            ("refund_window_from", "delivery"),
            ("refund_auto_approve", "50.00"),
            ("refund_reasons", "damaged"),
            ("refund_shipping_reasons", "damaged"),
            ("refund_max_per_order", "2"),
            ("refund_review_days", "2"),
            ("notify_url", ""),
            ("handoff_reply_hours", ""),
        ],
        overrides,
    )
}

async fn merchant(app: &TestApp) -> Merchant {
    set_up_shop(app, "demo", "owner@shop.example", "/admin/settings").await
}

#[tokio::test]
async fn notification_urls_on_loopback_private_or_metadata_addresses_are_refused_when_saved() {
    let receiver = Stand::start("127.0.0.1", Answer::Ok).await;
    let port = receiver.base.rsplit(':').next().expect("a port").to_owned();
    let app = app_allowing("").await;
    let token = app.admin_token().await;

    for url in [
        format!("http://127.0.0.1:{port}/hooks/shopchat"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://10.0.0.1/hooks/shopchat".to_owned(),
        "http://[::1]/hooks/shopchat".to_owned(),
        "http://[::ffff:127.0.0.1]/hooks/shopchat".to_owned(),
        format!("http://localhost:{port}/hooks/shopchat"),
    ] {
        let (status, body) = save_notify_url(&app, &token, &url).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{url}: {body}");
        assert_eq!(body["error"]["code"], "invalid_fields", "{url}");
        assert_eq!(
            body["error"]["fields"],
            json!([{"field": "url", "code": "outbound_url_refused"}]),
            "{url}"
        );
        assert_eq!(stored_notify_url(&app).await, None, "{url} was not stored");
    }

    // The Settings page refuses it beside the field, and saves nothing else either.
    let merchant = merchant(&app).await;
    let url = format!("http://127.0.0.1:{port}/hooks/shopchat");
    let refused = merchant
        .post(
            "/admin/settings",
            &settings_form(&[("name", "Renamed"), ("notify_url", &url)]),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.expect("the page");
    let at = page.find("name=\"notify_url\"").expect("the field");
    let label = &page[at..at + page[at..].find("</label>").expect("the label's end")];
    assert!(
        label.contains("field-error") && label.contains("127.0.0.1 is a loopback address"),
        "{label}"
    );
    assert_eq!(stored_notify_url(&app).await, None);
    let name: String = sqlx::query_scalar("select name from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("the shop");
    assert_ne!(name, "Renamed");

    // A public address is saved as before.
    let (status, _) = save_notify_url(&app, &token, "https://shop.example/hooks/shopchat").await;
    assert_eq!(status, StatusCode::OK);
    assert!(receiver.received().is_empty());
}

#[tokio::test]
async fn a_name_that_resolves_to_loopback_is_refused_when_the_notification_is_sent() {
    let receiver = Stand::start("127.0.0.1", Answer::Ok).await;
    let port = receiver.base.rsplit(':').next().expect("a port").to_owned();
    let app = app_allowing("").await;
    let token = app.admin_token().await;
    rotate_notify_secret(&app, &token).await;
    // Saved before the policy (or by hand): only DNS, at send time, can tell.
    sqlx::query("update shop set notify_url = $1 where public_key = 'demo'")
        .bind(format!("http://localhost:{port}/hooks/shopchat"))
        .execute(&app.db)
        .await
        .expect("the shop");

    ask_for_a_person(&app).await;

    let (status, errors) = settled_delivery(&app).await;
    assert_eq!(status, "failed");
    assert!(!errors.is_empty());
    for error in &errors {
        assert_eq!(
            error.as_deref(),
            Some("refused by the outbound URL policy: localhost resolves to a loopback address"),
            "{errors:?}"
        );
    }
    assert!(receiver.received().is_empty(), "nothing reached loopback");
}

#[tokio::test]
async fn an_allowed_address_gets_the_notification_but_not_a_redirect_to_one_outside_the_list() {
    // 127.0.0.2 is loopback too, but only 127.0.0.1 is allowed.
    let second = Stand::start("127.0.0.2", Answer::Ok).await;
    let first = Stand::start(
        "127.0.0.1",
        Answer::RedirectTo(format!("{}/hooks/shopchat", second.base)),
    )
    .await;
    let app = app_allowing("127.0.0.1/32").await;
    let token = app.admin_token().await;
    rotate_notify_secret(&app, &token).await;

    let (status, body) =
        save_notify_url(&app, &token, &format!("{}/hooks/shopchat", second.base)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["fields"][0]["code"], "outbound_url_refused");
    let (status, body) =
        save_notify_url(&app, &token, &format!("{}/hooks/shopchat", first.base)).await;
    assert_eq!(status, StatusCode::OK, "{body}");

    ask_for_a_person(&app).await;

    let (_, errors) = settled_delivery(&app).await;
    assert!(!first.received().is_empty(), "the allowed receiver got it");
    assert!(
        errors
            .iter()
            .all(|e| e.as_deref() == Some("the receiver answered 307")),
        "{errors:?}"
    );
    assert!(
        second.received().is_empty(),
        "the redirect was not followed"
    );
}

/// The demo shop answers with its own model at `base_url`, set directly in the database.
async fn use_shop_model(app: &TestApp, base_url: &str) {
    sqlx::query(
        "update shop set assistant_engine = 'openai', llm_base_url = $1, llm_model = 'shop-model'
         where public_key = 'demo'",
    )
    .bind(base_url)
    .execute(&app.db)
    .await
    .expect("the shop");
}

/// One shopper message; the reply text.
async fn ask(app: &TestApp, text: &str) -> String {
    let (id, token) = app.create_conversation("en").await;
    text_of(&app.send_message(&id, &token, text).await)
}

#[tokio::test]
async fn a_shop_model_on_loopback_is_refused_by_default_and_the_embedded_engine_answers() {
    let llm = ScriptedLlm::start(vec![vec![
        Step::text("from the model"),
        Step::Finish("stop"),
    ]])
    .await;
    let app = app_allowing("").await;
    let merchant = merchant(&app).await;

    let refused = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("engine", "openai"),
                ("llm_base_url", &llm.base_url),
                ("llm_model", "shop-model"),
            ]),
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.expect("the page");
    assert!(page.contains("127.0.0.1 is a loopback address"), "{page}");
    let engine: Option<String> =
        sqlx::query_scalar("select assistant_engine from shop where public_key = 'demo'")
            .fetch_one(&app.db)
            .await
            .expect("the shop");
    assert_eq!(engine, None, "nothing saved");

    // A literal address stored by hand: the engine is never built.
    use_shop_model(&app, &llm.base_url).await;
    let reply = ask(&app, "do you have hoodies?").await;
    assert!(
        !reply.is_empty() && !reply.contains("from the model"),
        "{reply}"
    );

    // A name that resolves to loopback: refused when it connects, and the embedded engine
    // answers as after any failure of the model.
    let by_name = llm.base_url.replace("127.0.0.1", "localhost");
    use_shop_model(&app, &by_name).await;
    let reply = ask(&app, "do you have hoodies?").await;
    assert!(
        !reply.is_empty() && !reply.contains("from the model"),
        "{reply}"
    );
    let tested = merchant.post("/admin/settings/test-llm", &[]).await;
    let page = tested.text().await.expect("the page");
    assert!(
        page.contains(
            "refused by the outbound URL policy: localhost resolves to a loopback address"
        ),
        "{page}"
    );
    assert!(llm.requests().is_empty(), "the model was never called");
}

#[tokio::test]
async fn a_shop_model_on_loopback_answers_when_the_operator_allows_loopback() {
    let llm = ScriptedLlm::start(vec![vec![
        Step::text("from the model"),
        Step::Finish("stop"),
    ]])
    .await;
    let app = app_allowing("loopback").await;
    let merchant = merchant(&app).await;
    let by_name = llm.base_url.replace("127.0.0.1", "localhost");

    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("engine", "openai"),
                ("llm_base_url", &by_name),
                ("llm_model", "shop-model"),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    assert_eq!(ask(&app, "hi").await, "from the model");
    assert_eq!(llm.requests().len(), 1);
}

#[tokio::test]
async fn a_shop_model_redirect_is_followed_only_to_an_allowed_address() {
    let target = Stand::start("127.0.0.2", Answer::Ok).await;
    let redirector = Stand::start(
        "127.0.0.1",
        Answer::RedirectTo(format!("{}/v1/chat/completions", target.base)),
    )
    .await;
    let base_url = format!("{}/v1", redirector.base);

    // Only 127.0.0.1 allowed: the hop to 127.0.0.2 is refused; the embedded engine answers.
    let app = app_allowing("127.0.0.1/32").await;
    use_shop_model(&app, &base_url).await;
    let reply = ask(&app, "do you have hoodies?").await;
    assert!(!reply.is_empty(), "the embedded engine answered");
    assert_eq!(redirector.received(), ["/v1/chat/completions"]);
    assert!(
        target.received().is_empty(),
        "the redirect was not followed"
    );

    // With all of loopback allowed, the same redirect is followed.
    let app = app_allowing("loopback").await;
    use_shop_model(&app, &base_url).await;
    ask(&app, "do you have hoodies?").await;
    assert_eq!(target.received(), ["/v1/chat/completions"]);
}
