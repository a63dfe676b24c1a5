//! Verified shopper identity and page context through the widget API: only an identity signed
//! with the shop's own secret proves anything, and the product page the shopper is on is what
//! "this" means to the assistant.

use shopchat_test_support as support;
use shopchat_test_support::aftersale;

use std::time::Duration;

use serde_json::json;
use shopchat_server::assistant::llm::LlmSettings;
use shopchat_server::conversations::identity::{identity_secret, sign, verified_customer_id};
use shopchat_server::conversations::verified_email;
use support::{cards_of as cards, text_of as text, TestApp};

const HOODIE: &str = "everyday-pullover-hoodie";

async fn demo_secret(app: &TestApp) -> String {
    identity_secret(&app.db, &app.state.secrets, "demo")
        .await
        .expect("database")
        .expect("the demo shop has an identity secret")
}

async fn demo_shop_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("select id from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("the demo shop")
}

/// Opens a demo-shop conversation as a page that identifies its customer this way.
async fn open_as(app: &TestApp, identity: serde_json::Value) -> String {
    let (id, _token) = app
        .create_conversation_with(json!({"shop": "demo", "locale": "en", "identity": identity}))
        .await;
    id
}

#[tokio::test]
async fn a_correctly_signed_identity_is_verified_and_its_email_proves_ownership() {
    let app = TestApp::spawn().await;
    let secret = demo_secret(&app).await;
    let signature = sign(&secret, "7012345", Some("ana@example.com"));

    let conversation = open_as(
        &app,
        json!({"id": "7012345", "email": "ana@example.com", "signature": signature}),
    )
    .await;

    let shop_id = demo_shop_id(&app).await;
    assert_eq!(
        verified_email(&app.db, shop_id, &conversation)
            .await
            .unwrap()
            .as_deref(),
        Some("ana@example.com")
    );
    assert_eq!(
        verified_customer_id(&app.db, shop_id, &conversation)
            .await
            .unwrap()
            .as_deref(),
        Some("7012345")
    );
}

#[tokio::test]
async fn a_forged_absent_or_borrowed_signature_gives_no_access() {
    let app = TestApp::spawn().await;
    let secret = demo_secret(&app).await;
    let shop_id = demo_shop_id(&app).await;
    // Another shop's secret, the shopper's own signature with someone else's email, no
    // signature, a made-up one.
    let other_shop: i64 = sqlx::query_scalar(
        "insert into shop (public_key, name) values ('other-shop', 'Other') returning id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let other_secret = identity_secret(&app.db, &app.state.secrets, "other-shop")
        .await
        .unwrap()
        .expect("every new shop gets a secret");
    assert_ne!(other_secret, secret, "secrets are per shop");
    let claims = [
        json!({"id": "7012345", "email": "ana@example.com",
               "signature": sign(&other_secret, "7012345", Some("ana@example.com"))}),
        json!({"id": "666", "email": "ana@example.com",
               "signature": sign(&secret, "666", Some("mallory@example.com"))}),
        json!({"id": "7012345", "email": "ana@example.com"}),
        json!({"id": "7012345", "email": "ana@example.com", "signature": "ab".repeat(32)}),
        json!({"id": "7012345", "email": "ana@example.com", "signature": secret}),
    ];
    for claim in claims {
        let conversation = open_as(&app, claim.clone()).await;
        assert_eq!(
            verified_email(&app.db, shop_id, &conversation)
                .await
                .unwrap(),
            None,
            "{claim}"
        );
        assert_eq!(
            verified_customer_id(&app.db, shop_id, &conversation)
                .await
                .unwrap(),
            None,
            "{claim}"
        );
        let hint: Option<String> =
            sqlx::query_scalar("select unverified_email from conversation where id = $1")
                .bind(&conversation)
                .fetch_one(&app.db)
                .await
                .unwrap();
        assert_eq!(hint.as_deref(), Some("ana@example.com"), "kept as a hint");
    }
    // A verified conversation of one shop proves nothing for another.
    let verified = open_as(
        &app,
        json!({"id": "7012345", "email": "ana@example.com",
               "signature": sign(&secret, "7012345", Some("ana@example.com"))}),
    )
    .await;
    assert_eq!(
        verified_email(&app.db, other_shop, &verified)
            .await
            .unwrap(),
        None
    );
}

#[tokio::test]
async fn the_identity_secret_is_in_no_response_the_page_can_see() {
    let app = TestApp::spawn().await;
    let secret = demo_secret(&app).await;
    let info = app.get("/api/v1/shops/demo").await.text().await.unwrap();
    let created = app
        .create_conversation_raw(
            json!({"shop": "demo", "identity": {"id": "1", "signature": "00"}}),
            None,
        )
        .await
        .text()
        .await
        .unwrap();
    assert!(!info.contains(&secret));
    assert!(!created.contains(&secret));
}

#[tokio::test]
async fn the_identity_secret_command_prints_and_rotates_the_secret_the_server_verifies_with() {
    let dir = tempfile::tempdir().unwrap();
    let run = || {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_shopchat"))
            .env_clear()
            .env("DATA_DIR", dir.path())
            .env("RUST_LOG", "error")
            .args(["identity-secret", "--shop", "demo"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8(output.stdout).unwrap();
        stdout.lines().last().unwrap_or_default().trim().to_owned()
    };
    let printed = run();
    assert_eq!(printed.len(), 64, "{printed}");
    assert!(printed.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(run(), printed, "the secret stays the same until rotated");

    let db = shopchat_server::db::connect(&format!(
        "sqlite://{}",
        dir.path().join("shopchat.db").display()
    ))
    .await
    .unwrap();
    let secrets = shopchat_server::sealed::key_file::read(&dir.path().join("secret.key"))
        .unwrap()
        .expect("the command made the key file");
    assert_eq!(
        identity_secret(&db, &secrets, "demo")
            .await
            .unwrap()
            .as_deref(),
        Some(printed.as_str())
    );

    // Rotated: a new secret, and what was signed with the old one no longer verifies.
    let old_signature = sign(&printed, "1", None);
    let rotated = std::process::Command::new(env!("CARGO_BIN_EXE_shopchat"))
        .env_clear()
        .env("DATA_DIR", dir.path())
        .env("RUST_LOG", "error")
        .args(["identity-secret", "--shop", "demo", "--rotate"])
        .output()
        .unwrap();
    assert!(rotated.status.success());
    let new_secret = String::from_utf8(rotated.stdout).unwrap();
    let new_secret = new_secret.lines().last().unwrap_or_default().trim();
    assert_ne!(new_secret, printed);
    assert_eq!(run(), new_secret);
    assert!(!shopchat_server::conversations::identity::verify(
        new_secret,
        "1",
        None,
        &old_signature
    ));

    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_shopchat"))
        .env_clear()
        .env("DATA_DIR", dir.path())
        .env("RUST_LOG", "error")
        .args(["identity-secret", "--shop", "no-such-shop"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
}

/// Opens a conversation on a product page; returns (id, token).
async fn open_on_product_page(app: &TestApp, locale: &str, product: &str) -> (String, String) {
    app.create_conversation_with(json!({
        "shop": "demo", "locale": locale,
        "context": {"product": product, "cart_count": 2},
    }))
    .await
}

async fn product_id(app: &TestApp, handle: &str) -> i64 {
    sqlx::query_scalar(
        "select p.id from product p join shop s on s.id = p.shop_id
         where s.public_key = 'demo' and p.handle = $1",
    )
    .bind(handle)
    .fetch_one(&app.db)
    .await
    .expect("the demo product")
}

#[tokio::test]
async fn on_a_product_page_do_you_have_this_in_m_answers_about_that_product() {
    let app = TestApp::spawn().await;
    let hoodie = product_id(&app, HOODIE).await;
    let (id, token) = open_on_product_page(&app, "en", HOODIE).await;

    let events = app
        .send_message(&id, &token, "do you have this in M?")
        .await;

    let shown = cards(&events);
    assert_eq!(shown.len(), 1, "{events:?}");
    assert_eq!(shown[0].product_id, hoodie);
    let reply = text(&events);
    assert!(
        reply.contains(&shown[0].title) && reply.contains("size M"),
        "{reply}"
    );
    let stored: (Option<String>, Option<i64>, Option<i64>) = sqlx::query_as(
        "select page_product, page_product_id, cart_count from conversation where id = $1",
    )
    .bind(&id)
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(stored, (Some(HOODIE.into()), Some(hoodie), Some(2)));
}

#[tokio::test]
async fn on_a_product_page_spanish_and_price_questions_mean_that_product_too() {
    let app = TestApp::spawn().await;
    let hoodie = product_id(&app, HOODIE).await;

    let (id, token) = open_on_product_page(&app, "es", HOODIE).await;
    let events = app.send_message(&id, &token, "¿lo tienes en M?").await;
    assert_eq!(
        cards(&events).first().map(|c| c.product_id),
        Some(hoodie),
        "{events:?}"
    );
    assert!(text(&events).contains("talla M"), "{}", text(&events));

    // Named by catalog id this time, as a theme without handles would.
    let (id, token) = open_on_product_page(&app, "en", &hoodie.to_string()).await;
    let events = app.send_message(&id, &token, "how much is this?").await;
    let shown = cards(&events);
    assert_eq!(
        shown.first().map(|c| c.product_id),
        Some(hoodie),
        "{events:?}"
    );
}

#[tokio::test]
async fn a_page_naming_another_shops_product_has_no_product_context() {
    let app = TestApp::spawn().await;
    let other_shop: i64 = sqlx::query_scalar(
        "insert into shop (public_key, name) values ('other-shop', 'Other') returning id",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let foreign: i64 = sqlx::query_scalar(
        "insert into product (shop_id, handle, title) values ($1, 'secret-thing', 'Secret Thing') returning id",
    )
    .bind(other_shop)
    .fetch_one(&app.db)
    .await
    .unwrap();

    for reference in ["secret-thing".to_owned(), foreign.to_string()] {
        let (id, token) = open_on_product_page(&app, "en", &reference).await;
        let stored: Option<i64> =
            sqlx::query_scalar("select page_product_id from conversation where id = $1")
                .bind(&id)
                .fetch_one(&app.db)
                .await
                .unwrap();
        assert_eq!(stored, None, "{reference}");
        let events = app.send_message(&id, &token, "how much is this?").await;
        assert!(
            cards(&events).iter().all(|c| c.product_id != foreign),
            "{events:?}"
        );
    }
}

async fn update_context(
    app: &TestApp,
    id: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/api/v1/conversations/{id}/context", app.url))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("request")
}

#[tokio::test]
async fn a_resumed_conversation_takes_the_new_page_and_sign_in_and_forgets_them_on_sign_out() {
    let app = TestApp::spawn().await;
    let secret = demo_secret(&app).await;
    let shop_id = demo_shop_id(&app).await;
    let hoodie = product_id(&app, HOODIE).await;
    let tee = product_id(&app, "classic-cotton-tee").await;
    let (id, token) = open_on_product_page(&app, "en", HOODIE).await;
    app.send_message(&id, &token, "do you have this in M?")
        .await;

    // The shopper signs in and opens the tee's page: "this" is the tee now.
    let signed_in = update_context(
        &app,
        &id,
        Some(&token),
        json!({
            "identity": {"id": "7012345", "email": "ana@example.com",
                         "signature": sign(&secret, "7012345", Some("ana@example.com"))},
            "context": {"product": "classic-cotton-tee", "cart_count": 1},
        }),
    )
    .await;
    assert_eq!(signed_in.status(), reqwest::StatusCode::NO_CONTENT);
    assert_eq!(
        verified_email(&app.db, shop_id, &id)
            .await
            .unwrap()
            .as_deref(),
        Some("ana@example.com")
    );
    let events = app.send_message(&id, &token, "how much is this?").await;
    let shown: Vec<i64> = cards(&events).iter().map(|c| c.product_id).collect();
    assert_eq!(shown, vec![tee], "{events:?}");
    assert_ne!(tee, hoodie);

    // Signed out (no identity on the page): the conversation proves nothing any more.
    let signed_out = update_context(&app, &id, Some(&token), json!({})).await;
    assert_eq!(signed_out.status(), reqwest::StatusCode::NO_CONTENT);
    assert_eq!(verified_email(&app.db, shop_id, &id).await.unwrap(), None);
}

#[tokio::test]
async fn only_the_conversations_token_may_change_its_context() {
    let app = TestApp::spawn().await;
    let secret = demo_secret(&app).await;
    let shop_id = demo_shop_id(&app).await;
    let (id, _token) = app.create_conversation("en").await;
    let (_, other_token) = app.create_conversation("en").await;
    let identity = json!({"identity": {"id": "1", "email": "ana@example.com",
                                       "signature": sign(&secret, "1", Some("ana@example.com"))}});

    for token in [None, Some(other_token.as_str())] {
        let response = update_context(&app, &id, token, identity.clone()).await;
        assert_eq!(response.status(), reqwest::StatusCode::UNAUTHORIZED);
        assert_eq!(support::error_code(response).await, "invalid_token");
    }
    assert_eq!(verified_email(&app.db, shop_id, &id).await.unwrap(), None);
}

#[tokio::test]
async fn on_a_product_page_the_llm_engine_is_told_which_product_this_is() {
    let llm =
        support::scripted_llm::ScriptedLlm::start(vec![vec![support::scripted_llm::Step::text(
            "Let me check.",
        )]])
        .await;
    let base_url = llm.base_url.clone();
    let app = TestApp::spawn_with(move |s| {
        s.llm = Some(LlmSettings {
            base_url,
            model: "scripted".into(),
            api_key: None,
            timeout: Duration::from_secs(20),
        });
    })
    .await;
    let hoodie = product_id(&app, HOODIE).await;
    let (id, token) = open_on_product_page(&app, "en", HOODIE).await;

    app.send_message(&id, &token, "do you have this in M?")
        .await;

    let request = llm.requests().first().expect("one request").body.clone();
    let system = request["messages"][0]["content"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(request["messages"][0]["role"], "system");
    assert!(
        system.contains(&format!("(product_id {hoodie})")) && system.contains("Hoodie"),
        "{system}"
    );
}

#[tokio::test]
async fn a_verified_customer_sees_their_orders_without_typing_an_email_and_a_forger_sees_none() {
    let app = TestApp::spawn().await;
    let shop = aftersale::shop(&app, aftersale::SHOP).await;
    let other = aftersale::shop(&app, "other-shop").await;
    let mug = aftersale::variant(&app, &shop, "Mug", 2000).await;
    let (_, order) = aftersale::bought(&app, &shop, mug).await;
    let number = order.order.order_number.clone();
    let secret = identity_secret(&app.db, &app.state.secrets, aftersale::SHOP)
        .await
        .unwrap()
        .unwrap();
    let other_secret = identity_secret(&app.db, &app.state.secrets, "other-shop")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(other.id, shop.id);
    let email = aftersale::EMAIL;
    let ask = |identity: serde_json::Value| {
        let app = &app;
        let key = shop.key.clone();
        async move {
            let (id, token) = app
                .create_conversation_with(
                    json!({"shop": key, "locale": "en", "identity": identity}),
                )
                .await;
            app.send_message(&id, &token, "where is my order?").await
        }
    };

    // Signed by the shop, in another case than at checkout: the order is theirs.
    let verified = ask(json!({"id": "42", "email": email.to_uppercase(),
                              "signature": sign(&secret, "42", Some(&email.to_uppercase()))}))
    .await;
    assert_eq!(
        aftersale::order_card(&verified).map(|c| c.order_number.clone()),
        Some(number.clone()),
        "{verified:?}"
    );

    for forged in [
        json!({"id": "42", "email": email}),
        json!({"id": "42", "email": email, "signature": "ab".repeat(32)}),
        json!({"id": "42", "email": email, "signature": sign(&other_secret, "42", Some(email))}),
        json!({"id": "666", "email": email, "signature": sign(&secret, "666", Some("eve@example.com"))}),
        json!({"id": "42", "email": "eve@example.com",
               "signature": sign(&secret, "42", Some("eve@example.com"))}),
    ] {
        let events = ask(forged.clone()).await;
        assert!(
            aftersale::order_card(&events).is_none(),
            "{forged}: {events:?}"
        );
        assert!(
            !text(&events).contains(&number),
            "{forged}: {}",
            text(&events)
        );
    }
}
