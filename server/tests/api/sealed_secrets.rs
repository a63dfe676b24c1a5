//! Secrets sealed at rest: what a merchant saves as a secret, and what the server generates,
//! is in no byte of a copied database file, yet the app still works with it; a wrong key stops
//! the start with a message instead of reading garbage; `shopchat rotate-secret-key` moves
//! everything to a new key, even across a crash.

use shopchat_test_support as support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use reqwest::{Method, StatusCode};
use secrecy::ExposeSecret;
use serde_json::{json, Value};
use shopchat_server::conversations::identity::{identity_secret, sign, verified_customer_id};
use shopchat_server::payments::ProviderChoice;
use shopchat_server::sealed::{key_file, SealingKey, SecretColumn};
use shopchat_server::{Application, Settings};
use support::localstripe::{LocalStripe, SECRET_KEY};
use support::merchant::set_up_shop;
use support::merchant::settings_form;
use support::stripe_signer::sign_like_stripe;
use support::{error_code, TestApp};

const WEBHOOK_SECRET: &str = "whsec_sealedWebhookSecret0123456789";
const LLM_KEY: &str = "sk-llm-sealedKey0123456789";

/// Every byte SQLite keeps of a database: the file, its write-ahead log and the log's index.
fn database_bytes(file: &Path) -> Vec<u8> {
    ["", "-wal", "-shm"]
        .iter()
        .flat_map(|suffix| std::fs::read(format!("{}{suffix}", file.display())).unwrap_or_default())
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .expect("after 1970")
}

#[tokio::test]
async fn secrets_are_in_no_byte_of_the_database_files_yet_the_app_still_uses_them() {
    let stripe = LocalStripe::start().await;
    let stripe_settings = stripe.settings();
    // The bytes of an SQLite file are read below: this test runs on SQLite on every run.
    let app = TestApp::spawn_with(|s| {
        s.stripe = stripe_settings;
        support::database::on_sqlite(s);
    })
    .await;
    let merchant = set_up_shop(&app, "demo", "owner@example.com", "/admin/settings").await;
    let saved = merchant
        .post(
            "/admin/settings",
            &settings_form(&[
                ("stripe_publishable_key", "pk_test_sealed"),
                ("stripe_secret_key", SECRET_KEY),
                ("stripe_webhook_secret", WEBHOOK_SECRET),
                ("engine", "openai"),
                ("llm_base_url", "http://127.0.0.1:9/v1"),
                ("llm_model", "gpt-test"),
                ("llm_api_key", LLM_KEY),
            ]),
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let admin = app.admin_token().await;
    let response = app
        .admin(Method::POST, "/notifications/secret", Some(&admin))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    let notify = body["secret"].as_str().expect("the new secret").to_owned();
    let identity = identity_secret(&app.db, &app.state.secrets, "demo")
        .await
        .expect("readable")
        .expect("the demo shop has one");

    let raw: (String, String, String, String, String) = sqlx::query_as(
        "select stripe_secret_key, stripe_webhook_secret, llm_api_key, identity_secret,
                notify_secret
         from shop where public_key = 'demo'",
    )
    .fetch_one(&app.db)
    .await
    .expect("the shop");
    for value in [&raw.0, &raw.1, &raw.2, &raw.3, &raw.4] {
        assert!(value.starts_with("sealed:v1:"), "{value}");
    }
    let bytes = database_bytes(&app.data_dir().join("test.db"));
    assert!(
        contains(&bytes, "Northwind Demo Shop"),
        "the files were read"
    );
    for secret in [
        SECRET_KEY,
        WEBHOOK_SECRET,
        LLM_KEY,
        notify.as_str(),
        identity.as_str(),
    ] {
        assert!(
            !contains(&bytes, secret),
            "{secret} is in the database files"
        );
    }

    // The settings page says which secrets are set, and the saved key reaches Stripe.
    let page = merchant.page("/admin/settings").await;
    for field in ["stripe_secret_key", "stripe_webhook_secret", "llm_api_key"] {
        assert!(
            page.contains(&format!("name=\"{field}_remove\"")),
            "{field}"
        );
    }
    let tested = merchant
        .post("/admin/settings/test-stripe", &[])
        .await
        .text()
        .await
        .expect("page");
    assert!(
        tested.contains("Stripe accepted the secret key"),
        "{tested}"
    );
    let shop_id: i64 = sqlx::query_scalar("select id from shop where public_key = 'demo'")
        .fetch_one(&app.db)
        .await
        .expect("the shop");
    let provider = ProviderChoice::for_shop(&app.db, &app.state.secrets, shop_id)
        .await
        .expect("a provider");
    assert_eq!(
        provider,
        ProviderChoice::Stripe {
            publishable_key: Some("pk_test_sealed".into()),
            test_mode: true
        },
        "a sealed test key is still known as one"
    );

    // The sealed webhook secret verifies Stripe's deliveries, and only the genuine ones.
    let event = json!({
        "id": "evt_sealed", "object": "event", "api_version": "2026-09-30.endive",
        "created": unix_now(), "livemode": false, "pending_webhooks": 1,
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": {"object": "customer"}}, "type": "customer.created"
    })
    .to_string();
    for (secret, status) in [
        (WEBHOOK_SECRET, StatusCode::OK),
        ("whsec_attacker", StatusCode::BAD_REQUEST),
    ] {
        let response = app
            .client
            .post(format!("{}/webhooks/stripe", app.url))
            .header(
                "stripe-signature",
                sign_like_stripe(event.as_bytes(), secret, unix_now()),
            )
            .header("content-type", "application/json")
            .body(event.clone())
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), status, "signed with {secret}");
    }

    // The sealed identity secret verifies a signed customer.
    let (conversation, _) = app
        .create_conversation_with(json!({"shop": "demo", "locale": "en", "identity":
            {"id": "7012345", "signature": sign(&identity, "7012345", None)}}))
        .await;
    assert_eq!(
        verified_customer_id(&app.db, shop_id, &conversation)
            .await
            .expect("database")
            .as_deref(),
        Some("7012345")
    );
}

#[tokio::test]
async fn a_secret_that_does_not_open_fails_the_request_instead_of_reading_as_empty() {
    let app = TestApp::spawn().await;
    // A sealed value moved to another column is refused there.
    sqlx::query("update shop set identity_secret = notify_secret where public_key = 'demo'")
        .execute(&app.db)
        .await
        .expect("moved");
    let response = app
        .create_conversation_raw(
            json!({"shop": "demo", "locale": "en", "identity": {"id": "1", "signature": "ab"}}),
            None,
        )
        .await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error_code(response).await, "secret_unreadable");
}

#[tokio::test]
async fn a_wrong_or_missing_key_stops_the_start_with_a_message_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let url = app.database_url.clone();
    let start = |key: Option<SealingKey>| {
        let mut settings = Settings::for_tests(url.clone());
        settings.data_dir = app.data_dir().to_owned();
        settings.secret_key = key;
        async move {
            match Application::build(settings).await {
                Ok(_) => panic!("the app started with the wrong key"),
                Err(e) => format!("{e:#}"),
            }
        }
    };
    let sealed_before: String =
        sqlx::query_scalar("select identity_secret from shop where public_key = 'demo'")
            .fetch_one(&app.db)
            .await
            .expect("a secret");

    let error = start(Some(SealingKey::ephemeral())).await;
    assert!(
        error.contains("do not open with the secret key from SECRET_KEY"),
        "{error}"
    );
    assert!(error.contains("nothing was changed"), "{error}");

    let key_path = app.data_dir().join(key_file::KEY_FILE);
    std::fs::remove_file(&key_path).expect("removed");
    key_file::create(&key_path, &SealingKey::generate().1).expect("another key");
    let error = start(None).await;
    assert!(
        error.contains(&format!("the key file {}", key_path.display())),
        "{error}"
    );

    std::fs::remove_file(&key_path).expect("removed");
    let error = start(None).await;
    assert!(error.contains("there is no key file"), "{error}");
    assert!(!key_path.exists(), "no new key replaces the lost one");

    let sealed_after: String =
        sqlx::query_scalar("select identity_secret from shop where public_key = 'demo'")
            .fetch_one(&app.db)
            .await
            .expect("a secret");
    assert_eq!(sealed_after, sealed_before);
}

/// `shopchat` with this data directory, and `SECRET_KEY` when given.
fn shopchat(dir: &Path, args: &[&str], secret_key: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_shopchat"));
    command
        .env_clear()
        .env("DATA_DIR", dir)
        .env("RUST_LOG", "error")
        .args(args);
    if let Some(key) = secret_key {
        command.env("SECRET_KEY", key);
    }
    command.output().expect("shopchat runs")
}

/// The demo shop's identity secret as `shopchat identity-secret` prints it.
fn printed_identity_secret(dir: &Path, secret_key: Option<&str>) -> String {
    let output = shopchat(dir, &["identity-secret", "--shop", "demo"], secret_key);
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    stdout.lines().last().unwrap_or_default().trim().to_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn key_text(path: &Path) -> String {
    std::fs::read_to_string(path)
        .expect("a key file")
        .trim()
        .to_owned()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path)
        .expect("the file")
        .permissions()
        .mode()
        & 0o777
}

async fn connect(dir: &Path) -> shopchat_server::db::DbPool {
    shopchat_server::db::connect(&format!("sqlite://{}", dir.join("shopchat.db").display()))
        .await
        .expect("the database")
}

#[tokio::test]
async fn rotating_the_key_file_keeps_every_secret_readable_with_the_new_key_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let key_path = dir.path().join(key_file::KEY_FILE);
    let identity = printed_identity_secret(dir.path(), None);
    assert_eq!(identity.len(), 64, "{identity}");
    #[cfg(unix)]
    assert_eq!(mode(&key_path), 0o600, "created private");
    let old_text = key_text(&key_path);
    let old = SealingKey::parse(&old_text).expect("a key");

    // A secret an older version stored in plain text is sealed by the rotation too.
    let db = connect(dir.path()).await;
    sqlx::query(
        "update shop set stripe_secret_key = 'sk_test_plainFromBefore' where public_key = 'demo'",
    )
    .execute(&db)
    .await
    .expect("a plain secret");
    db.close().await;

    let rotated = shopchat(dir.path(), &["rotate-secret-key"], None);
    assert!(rotated.status.success(), "{rotated:?}");
    let report = String::from_utf8_lossy(&rotated.stdout);
    assert!(report.contains("Re-sealed"), "{report}");
    assert!(!report.contains(&old_text), "{report}");
    let new_text = key_text(&key_path);
    assert_ne!(new_text, old_text);
    assert!(!dir.path().join(key_file::NEXT_KEY_FILE).exists());
    #[cfg(unix)]
    assert_eq!(mode(&key_path), 0o600, "still private");

    assert_eq!(printed_identity_secret(dir.path(), None), identity);
    let new = SealingKey::parse(&new_text).expect("a key");
    let db = connect(dir.path()).await;
    assert_eq!(
        identity_secret(&db, &new, "demo")
            .await
            .expect("opens")
            .as_deref(),
        Some(identity.as_str())
    );
    assert!(
        identity_secret(&db, &old, "demo").await.is_err(),
        "the old key opens nothing"
    );
    let (shop_id, stripe_key): (i64, String) =
        sqlx::query_as("select id, stripe_secret_key from shop where public_key = 'demo'")
            .fetch_one(&db)
            .await
            .expect("the shop");
    let opened = new
        .open(shop_id, SecretColumn::StripeSecretKey, &stripe_key)
        .expect("opens with the new key");
    assert_eq!(opened.expose_secret(), "sk_test_plainFromBefore");
    assert!(!old.opens(shop_id, SecretColumn::StripeSecretKey, &stripe_key));
    db.close().await;
    let bytes = database_bytes(&dir.path().join("shopchat.db"));
    for secret in ["sk_test_plainFromBefore", identity.as_str()] {
        assert!(
            !contains(&bytes, secret),
            "{secret} is in the database files"
        );
    }

    let refused = shopchat(
        dir.path(),
        &["identity-secret", "--shop", "demo"],
        Some(&old_text),
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("do not open with the secret key from SECRET_KEY"),
        "{}",
        stderr(&refused)
    );
}

#[tokio::test]
async fn rotating_a_key_from_the_environment_prints_the_new_key_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_, old) = SealingKey::generate();
    let old = old.expose_secret().to_owned();
    let identity = printed_identity_secret(dir.path(), Some(&old));
    assert!(
        !dir.path().join(key_file::KEY_FILE).exists(),
        "SECRET_KEY set: no key file"
    );

    let rotated = shopchat(dir.path(), &["rotate-secret-key"], Some(&old));
    assert!(rotated.status.success(), "{rotated:?}");
    let report = String::from_utf8(rotated.stdout).expect("utf-8");
    assert!(report.contains("New SECRET_KEY"), "{report}");
    let new = report
        .lines()
        .map(str::trim)
        .find(|l| l.len() == 64 && l.bytes().all(|b| b.is_ascii_hexdigit()))
        .expect("the new key is printed")
        .to_owned();
    assert_ne!(new, old);
    assert!(report.contains("Set SECRET_KEY"), "{report}");
    assert!(!dir.path().join(key_file::KEY_FILE).exists());
    assert!(!dir.path().join(key_file::NEXT_KEY_FILE).exists());

    assert_eq!(printed_identity_secret(dir.path(), Some(&new)), identity);
    let refused = shopchat(
        dir.path(),
        &["identity-secret", "--shop", "demo"],
        Some(&old),
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("do not open"),
        "{}",
        stderr(&refused)
    );
}

#[tokio::test]
async fn a_rotation_interrupted_by_a_crash_is_finished_at_the_next_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let key_path = dir.path().join(key_file::KEY_FILE);
    let next_path: PathBuf = dir.path().join(key_file::NEXT_KEY_FILE);
    let identity = printed_identity_secret(dir.path(), None);
    let first = key_text(&key_path);

    // Crashed before its transaction committed: the new key was never used, and is dropped.
    key_file::create(&next_path, &SealingKey::generate().1).expect("a next key");
    assert_eq!(printed_identity_secret(dir.path(), None), identity);
    assert_eq!(key_text(&key_path), first);
    assert!(!next_path.exists());

    // Crashed after it committed, before the rename: the new key becomes the key.
    let rotated = shopchat(dir.path(), &["rotate-secret-key"], None);
    assert!(rotated.status.success(), "{rotated:?}");
    let second = key_text(&key_path);
    std::fs::rename(&key_path, &next_path).expect("as before the rename");
    key_file::create(&key_path, &first.clone().into()).expect("the old key back");
    assert_eq!(printed_identity_secret(dir.path(), None), identity);
    assert_eq!(key_text(&key_path), second);
    assert!(!next_path.exists());
}

#[cfg(unix)]
#[tokio::test]
async fn a_key_file_others_may_read_or_that_holds_no_key_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let key_path = dir.path().join(key_file::KEY_FILE);
    printed_identity_secret(dir.path(), None);

    std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let refused = shopchat(dir.path(), &["identity-secret", "--shop", "demo"], None);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("chmod 600"),
        "{}",
        stderr(&refused)
    );

    std::fs::remove_file(&key_path).expect("removed");
    key_file::create(&key_path, &"not a key".to_owned().into()).expect("a file");
    let refused = shopchat(dir.path(), &["identity-secret", "--shop", "demo"], None);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("does not hold a key"),
        "{}",
        stderr(&refused)
    );

    let refused = shopchat(
        dir.path(),
        &["identity-secret", "--shop", "demo"],
        Some("hunter2"),
    );
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("SECRET_KEY is not a key"),
        "{}",
        stderr(&refused)
    );
    assert!(!stderr(&refused).contains("hunter2"));
}
