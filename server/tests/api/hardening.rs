//! Limits that hold when requests arrive all at once, and the sign-in form's CSRF token.

use shopchat_test_support as support;

use std::time::SystemTime;

use reqwest::header::{COOKIE, RETRY_AFTER};
use reqwest::StatusCode;
use shopchat_server::orders::ownership::{prove_by_email, Proof, MAX_FAILURES};
use support::merchant::{
    cookie_named, csrf_of, http, session_cookie, set_up_shop, sign_in, PASSWORD,
};
use support::TestApp;

const EMAIL: &str = "owner@shop.example";

#[tokio::test]
async fn twelve_parallel_wrong_passwords_get_at_most_five_checks() {
    let app = TestApp::spawn().await;
    set_up_shop(&app, "demo", EMAIL, "/admin/settings").await;

    let guesses = (0..12).map(|_| sign_in(&app, EMAIL, "not the password"));
    let responses = futures_util::future::join_all(guesses).await;
    let checked = responses
        .iter()
        .filter(|r| r.status() == StatusCode::UNAUTHORIZED)
        .count();
    let refused: Vec<_> = responses
        .iter()
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .collect();
    assert_eq!(checked + refused.len(), 12, "each is checked or refused");
    assert!(
        checked <= 5,
        "{checked} passwords were checked; the limit is 5"
    );
    for response in refused {
        let wait: u64 = response.headers()[RETRY_AFTER]
            .to_str()
            .expect("ascii")
            .parse()
            .expect("seconds");
        assert!(wait > 0 && wait <= 15 * 60, "Retry-After {wait}");
    }

    let right = sign_in(&app, EMAIL, PASSWORD).await;
    assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(session_cookie(&right).is_none());
}

#[tokio::test]
async fn a_successful_sign_in_does_not_count_against_the_limit() {
    let app = TestApp::spawn().await;
    set_up_shop(&app, "demo", EMAIL, "/admin/settings").await;
    for _ in 0..8 {
        let response = sign_in(&app, EMAIL, PASSWORD).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER);
    }
    for _ in 0..5 {
        let wrong = sign_in(&app, EMAIL, "not the password").await;
        assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    }
    let sixth = sign_in(&app, EMAIL, "not the password").await;
    assert_eq!(sixth.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_sign_in_post_without_its_forms_token_and_cookie_is_refused() {
    let app = TestApp::spawn().await;
    set_up_shop(&app, "demo", EMAIL, "/admin/settings").await;
    let http = http();
    let url = format!("{}/admin/login", app.url);

    // Posted from another site: no cookie, no token.
    let forged = http
        .post(&url)
        .form(&[("email", EMAIL), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&forged).is_none());

    // A token from one form with the cookie of another.
    let first = http.get(&url).send().await.expect("request");
    let first_cookie = cookie_named(&first, "sc_login").expect("a CSRF cookie");
    let second = http.get(&url).send().await.expect("request");
    let second_token = csrf_of(&second.text().await.expect("page"));
    let mixed = http
        .post(&url)
        .header(COOKIE, first_cookie)
        .form(&[
            ("email", EMAIL),
            ("password", PASSWORD),
            ("csrf", second_token.as_str()),
        ])
        .send()
        .await
        .expect("request");
    assert_eq!(mixed.status(), StatusCode::FORBIDDEN);
    assert!(session_cookie(&mixed).is_none());
    assert!(mixed
        .text()
        .await
        .expect("page")
        .contains("sign-in form has expired"));

    // Refusals for a missing token don't lock the merchant out.
    for _ in 0..10 {
        http.post(&url)
            .form(&[("email", EMAIL), ("password", "guess")])
            .send()
            .await
            .expect("request");
    }
    let right = sign_in(&app, EMAIL, PASSWORD).await;
    assert_eq!(right.status(), StatusCode::SEE_OTHER);
    assert!(session_cookie(&right).is_some());
}

#[tokio::test]
async fn twelve_parallel_wrong_emails_for_an_order_get_at_most_five_checks() {
    let app = TestApp::spawn().await;
    let shop_id: i64 = sqlx::query_scalar("select id from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("the demo shop");
    let now = SystemTime::now();
    let guesses = (0..12).map(|i| {
        let db = app.db.clone();
        tokio::spawn(async move {
            prove_by_email(
                &db,
                MAX_FAILURES,
                shop_id,
                &format!("conversation-{i}"),
                "SC-1001",
                &format!("guess{i}@example.com"),
                now,
            )
            .await
            .expect("database")
        })
    });
    let outcomes = futures_util::future::join_all(guesses).await;
    let checked = outcomes
        .iter()
        .filter(|o| matches!(o.as_ref().expect("task"), Proof::NoMatch))
        .count();
    let limited = outcomes
        .iter()
        .filter(|o| matches!(o.as_ref().expect("task"), Proof::RateLimited))
        .count();
    assert_eq!(checked + limited, 12);
    assert!(
        checked as i64 <= MAX_FAILURES,
        "{checked} guesses were checked; the limit is {MAX_FAILURES}"
    );
}

#[tokio::test]
async fn a_client_can_hold_only_so_many_reply_streams_open_at_once() {
    use shopchat_server::config::limits::STREAMS_PER_CLIENT;
    use std::sync::Arc;
    use support::scripted_llm::{ScriptedLlm, Step};
    use tokio::sync::Notify;

    let holds: Vec<Arc<Notify>> = (0..=STREAMS_PER_CLIENT)
        .map(|_| Arc::new(Notify::new()))
        .collect();
    let turns = holds
        .iter()
        .map(|hold| {
            vec![
                Step::text("One moment"),
                Step::WaitFor(Arc::clone(hold)),
                Step::Finish("stop"),
            ]
        })
        .collect();
    let llm = ScriptedLlm::start(turns).await;
    let app = support::app_with_model(&llm).await;
    let body = || serde_json::json!({ "text": "hello" }).to_string();

    let mut open = Vec::new();
    for _ in 0..STREAMS_PER_CLIENT {
        let (id, token) = app.create_conversation("en").await;
        let response = app.send_message_raw(&id, Some(&token), body()).await;
        assert_eq!(response.status(), StatusCode::OK);
        open.push(response);
    }
    let (id, token) = app.create_conversation("en").await;
    let refused = app.send_message_raw(&id, Some(&token), body()).await;
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(refused.headers().contains_key(RETRY_AFTER));
    assert_eq!(support::error_code(refused).await, "rate_limited");

    // The streams end; their slots come back.
    for hold in &holds {
        hold.notify_one();
    }
    for response in open {
        let text = response.text().await.expect("the whole stream");
        assert!(text.contains("event: done"), "{text}");
    }
    let again = app.send_message_raw(&id, Some(&token), body()).await;
    assert_eq!(again.status(), StatusCode::OK);
    assert!(again
        .text()
        .await
        .expect("a stream")
        .contains("event: done"));
}

/// Per-client limits behind a reverse proxy: `X-Forwarded-For` names the client only when the
/// connecting address is a trusted proxy.
mod forwarded {
    use super::*;
    use shopchat_server::config::limits::TrustedProxies;

    /// A server that lets each client address open two conversations, trusting these proxies.
    async fn app_trusting(proxies: &str) -> TestApp {
        let proxies = TrustedProxies::parse(proxies).expect("a valid list");
        TestApp::spawn_with(|settings| {
            settings.limits.conversations_per_client = 2;
            settings.limits.trusted_proxies = proxies;
        })
        .await
    }

    async fn open_as(app: &TestApp, forwarded_for: &str) -> StatusCode {
        app.client
            .post(format!("{}/api/v1/conversations", app.url))
            .header("x-forwarded-for", forwarded_for)
            .json(&serde_json::json!({"shop": "demo", "locale": "en"}))
            .send()
            .await
            .expect("request")
            .status()
    }

    #[tokio::test]
    async fn without_trusted_proxies_a_forwarded_address_does_not_change_the_bucket() {
        let app = app_trusting("").await;
        assert_eq!(open_as(&app, "203.0.113.1").await, StatusCode::CREATED);
        assert_eq!(open_as(&app, "203.0.113.2").await, StatusCode::CREATED);
        assert_eq!(
            open_as(&app, "203.0.113.3").await,
            StatusCode::TOO_MANY_REQUESTS,
            "every request came from loopback: one bucket, whatever the header says"
        );
    }

    #[tokio::test]
    async fn behind_a_trusted_proxy_each_forwarded_address_has_its_own_bucket() {
        let app = app_trusting("127.0.0.1/32,::1/128").await;
        assert_eq!(open_as(&app, "203.0.113.1").await, StatusCode::CREATED);
        assert_eq!(open_as(&app, "203.0.113.1").await, StatusCode::CREATED);
        assert_eq!(
            open_as(&app, "203.0.113.1").await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            open_as(&app, "203.0.113.2").await,
            StatusCode::CREATED,
            "another client"
        );
        // A client can't pick its bucket by writing hops of its own: the proxy appends the
        // address it saw, and that right-most one counts.
        assert_eq!(
            open_as(&app, "198.51.100.7, 203.0.113.1").await,
            StatusCode::TOO_MANY_REQUESTS
        );
        assert_eq!(
            open_as(&app, "203.0.113.1, 203.0.113.2").await,
            StatusCode::CREATED
        );
        assert_eq!(
            open_as(&app, "203.0.113.2").await,
            StatusCode::TOO_MANY_REQUESTS
        );
    }
}

mod webhooks {
    use super::*;
    use serde_json::json;
    use shopchat_test_support::stripe_signer::sign_like_stripe;

    fn unix_now() -> i64 {
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs() as i64
    }

    /// A Stripe event of a kind the app records but needs no order for.
    fn event(id: &str) -> String {
        json!({
            "id": id, "object": "event", "api_version": "2026-09-30.endive",
            "created": unix_now(), "livemode": false, "pending_webhooks": 1,
            "request": {"id": null, "idempotency_key": null},
            "data": {"object": {"object": "customer"}}, "type": "customer.created"
        })
        .to_string()
    }

    async fn stripe_shop(app: &TestApp, key: &str, secret: &str) {
        sqlx::query(
            "insert into shop (public_key, name, currency, stripe_secret_key,
                               stripe_publishable_key, stripe_webhook_secret)
             values ($1, $2, 'EUR', 'sk_test_x', 'pk_test_x', $3)",
        )
        .bind(key)
        .bind(key)
        .bind(secret)
        .execute(&app.db)
        .await
        .expect("a Stripe shop");
    }

    async fn post(app: &TestApp, path: &str, body: &str, signature: &str) -> reqwest::Response {
        app.client
            .post(format!("{}{path}", app.url))
            .header("stripe-signature", signature)
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .expect("request")
    }

    async fn recorded(app: &TestApp) -> i64 {
        sqlx::query_scalar("select count(*) from webhook_event")
            .fetch_one(&app.db)
            .await
            .expect("a count")
    }

    #[tokio::test]
    async fn each_shop_has_its_own_webhook_url_that_only_its_secret_opens() {
        let app = TestApp::spawn().await;
        stripe_shop(&app, "shop-a", "whsec_a").await;
        stripe_shop(&app, "shop-b", "whsec_b").await;
        let body = event("evt_b1");
        let signed_b = sign_like_stripe(body.as_bytes(), "whsec_b", unix_now());

        let wrong_shop = post(&app, "/webhooks/stripe/shop-a", &body, &signed_b).await;
        assert_eq!(wrong_shop.status(), StatusCode::BAD_REQUEST);
        assert_eq!(support::error_code(wrong_shop).await, "invalid_signature");
        assert_eq!(recorded(&app).await, 0);

        let own = post(&app, "/webhooks/stripe/shop-b", &body, &signed_b).await;
        assert_eq!(own.status(), StatusCode::OK);
        assert_eq!(recorded(&app).await, 1);

        let unknown = post(&app, "/webhooks/stripe/no-such-shop", &body, &signed_b).await;
        assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
        assert_eq!(support::error_code(unknown).await, "unknown_shop");

        // The shared URL of older setups still works.
        let body = event("evt_b2");
        let signed = sign_like_stripe(body.as_bytes(), "whsec_b", unix_now());
        let shared = post(&app, "/webhooks/stripe", &body, &signed).await;
        assert_eq!(shared.status(), StatusCode::OK);
        assert_eq!(recorded(&app).await, 2);
    }

    #[tokio::test]
    async fn a_shop_without_a_signing_secret_refuses_deliveries_to_its_url() {
        let app = TestApp::spawn().await;
        stripe_shop(&app, "shop-a", "whsec_a").await;
        let body = event("evt_a1");
        let signed = sign_like_stripe(body.as_bytes(), "whsec_a", unix_now());
        // The demo shop exists and has no Stripe signing secret.
        let response = post(&app, "/webhooks/stripe/demo", &body, &signed).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST);
        assert_eq!(support::error_code(response).await, "invalid_signature");
        assert_eq!(recorded(&app).await, 0);
    }

    #[tokio::test]
    async fn a_huge_body_or_a_malformed_signature_is_refused_before_any_work() {
        let app = TestApp::spawn().await;
        stripe_shop(&app, "shop-a", "whsec_a").await;
        let huge = format!("{{\"padding\":\"{}\"}}", "x".repeat(300 * 1024));
        let signed = sign_like_stripe(huge.as_bytes(), "whsec_a", unix_now());
        for path in ["/webhooks/stripe", "/webhooks/stripe/shop-a"] {
            let response = post(&app, path, &huge, &signed).await;
            assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        }
        let body = event("evt_a1");
        for junk in ["", "garbage", "t=1", "v1=abc", &"t=1,v1=".repeat(1000)] {
            let response = post(&app, "/webhooks/stripe", &body, junk).await;
            assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{junk:.20}");
            assert_eq!(support::error_code(response).await, "invalid_signature");
        }
        assert_eq!(recorded(&app).await, 0);
    }

    #[tokio::test]
    async fn the_shared_url_tries_a_bounded_number_of_secrets() {
        use shopchat_server::http::webhooks::MAX_SECRETS_TRIED;
        let app = TestApp::spawn().await;
        for n in 0..MAX_SECRETS_TRIED + 5 {
            stripe_shop(&app, &format!("shop-{n:02}"), &format!("whsec_{n:02}")).await;
        }
        let last = MAX_SECRETS_TRIED + 4;
        let body = event("evt_last");
        let signed = sign_like_stripe(body.as_bytes(), &format!("whsec_{last:02}"), unix_now());
        // Nothing in the body points at the shop, and it is past the cap.
        let shared = post(&app, "/webhooks/stripe", &body, &signed).await;
        assert_eq!(shared.status(), StatusCode::BAD_REQUEST);
        // Its own URL takes it.
        let own = post(
            &app,
            &format!("/webhooks/stripe/shop-{last:02}"),
            &body,
            &signed,
        )
        .await;
        assert_eq!(own.status(), StatusCode::OK);
    }

    #[tokio::test]
    async fn the_settings_page_gives_the_shops_webhook_url() {
        let app = TestApp::spawn().await;
        let merchant = set_up_shop(&app, "demo", EMAIL, "/admin/settings").await;
        let page = merchant.page("/admin/settings").await;
        assert!(
            page.contains(&format!("{}/webhooks/stripe/demo", app.url)),
            "{page}"
        );
    }
}

#[tokio::test]
async fn the_widget_preview_keeps_a_strict_content_security_policy() {
    let app = TestApp::spawn().await;
    let merchant = set_up_shop(&app, "demo", EMAIL, "/admin/settings").await;
    let response = merchant.get("/admin/preview").await;
    assert_eq!(response.status(), StatusCode::OK);
    let policy = response.headers()[reqwest::header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii")
        .to_owned();
    let page = response.text().await.expect("page");
    let nonce = page
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the script tag carries a nonce");
    assert!(nonce.len() >= 16);
    for part in [
        "default-src 'none'",
        &format!("script-src 'nonce-{nonce}' {}", app.url),
        "'wasm-unsafe-eval'",
        "frame-ancestors 'self'",
        "object-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(policy.contains(part), "{part} missing from {policy}");
    }
    let without_wasm = policy.replace("'wasm-unsafe-eval'", "");
    assert!(!without_wasm.contains("unsafe-inline") && !without_wasm.contains("unsafe-eval"));
    // A fresh nonce each time.
    let again = merchant.page("/admin/preview").await;
    assert!(!again.contains(nonce));
}
