//! Several instances on one database, as behind a load balancer, and what an operator runs
//! them with: `/readyz` that waits for migrations, request ids in the responses and in the
//! JSON logs, and the limits that protect money and accounts shared by every instance.

use shopchat_test_support as support;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{json, Value};
use support::merchant::{session_cookie, set_up_shop, sign_in, PASSWORD};
use support::{error_code, TestApp};

const EMAIL: &str = "owner@shop.example";

/// The migration whose row the readiness test removes; it can run again on its own tables.
const RATE_LIMIT_MIGRATION: i64 = 20261204000019;

const DEADLINE: Duration = Duration::from_secs(30);

fn the_binary() -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace");
    let mut command = Command::new(env!("CARGO_BIN_EXE_shopchat"));
    command
        .env_clear()
        .env("HOST", "127.0.0.1")
        .env("PORT", "0")
        .env("PUBLIC_DIR", root.join("public"))
        .env("WIDGET_DIR", root.join("dist/widget"))
        .env("RUST_LOG", "error");
    command
}

async fn readiness(app: &TestApp) -> (StatusCode, Value) {
    let response = app.get("/readyz").await;
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

#[tokio::test]
async fn readyz_fails_while_a_migration_is_pending_and_passes_after_shopchat_migrate() {
    let app = TestApp::spawn().await;
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ready");

    // As if the database had been migrated by an older release.
    sqlx::query("delete from _sqlx_migrations where version = $1")
        .bind(RATE_LIMIT_MIGRATION)
        .execute(&app.db)
        .await
        .expect("database");
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert_eq!(body["status"], "migrations_pending");
    let pending: Vec<&str> = body["pending_migrations"]
        .as_array()
        .expect("a list")
        .iter()
        .map(|m| m.as_str().expect("text"))
        .collect();
    assert_eq!(pending.len(), 1, "{body}");
    assert!(
        pending[0].starts_with(&format!("{RATE_LIMIT_MIGRATION} ")),
        "{body}"
    );

    let migrate = the_binary()
        .env("DATA_DIR", app.data_dir())
        .env("DATABASE_URL", &app.database_url)
        .arg("migrate")
        .output()
        .expect("shopchat migrate runs");
    let report = String::from_utf8_lossy(&migrate.stdout);
    assert!(migrate.status.success(), "{report}");
    assert!(
        report.contains(&RATE_LIMIT_MIGRATION.to_string()),
        "{report}"
    );
    let (status, body) = readiness(&app).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

fn request_id(response: &reqwest::Response) -> String {
    response
        .headers()
        .get("x-request-id")
        .expect("an X-Request-Id header")
        .to_str()
        .expect("ascii")
        .to_owned()
}

fn is_sane(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b))
}

async fn get_with_id(app: &TestApp, path: &str, id: &str) -> reqwest::Response {
    app.client
        .get(format!("{}{path}", app.url))
        .header("x-request-id", id)
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_a_sane_one_sent_is_kept() {
    let app = TestApp::spawn().await;
    let first = request_id(&app.get("/healthz").await);
    let second = request_id(&app.get("/api/v1/shops/demo").await);
    assert!(is_sane(&first) && is_sane(&second), "{first} {second}");
    assert_ne!(first, second, "each request has its own");
    let missing = app.get("/no/such/page").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(is_sane(&request_id(&missing)), "errors carry one too");

    let sent = "lb-7f3a.checkout_42";
    assert_eq!(request_id(&get_with_id(&app, "/healthz", sent).await), sent);
    for insane in ["has spaces in it", "semi;colon", &"a".repeat(65)] {
        let replaced = request_id(&get_with_id(&app, "/healthz", insane).await);
        assert_ne!(replaced, insane);
        assert!(is_sane(&replaced), "{replaced}");
    }
}

/// The real binary, serving with JSON logs; its stdout lines arrive on `lines`.
struct Server {
    child: Child,
    url: String,
    lines: mpsc::Receiver<String>,
}

impl Server {
    fn start(data_dir: &Path) -> Server {
        let mut child = the_binary()
            .env("DATA_DIR", data_dir)
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "info,tower_http=debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("its stdout");
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            lines,
        };
        let started = server.next_line_where(|line| line.starts_with("Shopchat is running at "));
        server.url = started
            .trim_start_matches("Shopchat is running at ")
            .trim()
            .to_owned();
        server
    }

    /// The first line from now on that `wanted` accepts, waiting up to [`DEADLINE`].
    fn next_line_where(&self, wanted: impl Fn(&str) -> bool) -> String {
        let until = Instant::now() + DEADLINE;
        loop {
            let left = until.saturating_duration_since(Instant::now());
            let line = self
                .lines
                .recv_timeout(left)
                .expect("the line shows up before the deadline");
            if wanted(&line) {
                return line;
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// True when some field of the JSON log line (its span's included) has this value.
fn mentions(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(s) => s == wanted,
        Value::Array(items) => items.iter().any(|v| mentions(v, wanted)),
        Value::Object(fields) => fields
            .iter()
            .any(|(key, v)| (key == "request_id" && v == wanted) || mentions(v, wanted)),
        _ => false,
    }
}

#[tokio::test]
async fn json_logs_carry_the_request_id_in_each_line_of_the_request() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Server::start(dir.path());
    let http = reqwest::Client::new();
    let sent = "trace-me-0042";
    let response = http
        .get(format!("{}/api/v1/shops/demo", server.url))
        .header("x-request-id", sent)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);

    let line = server.next_line_where(|line| line.contains(sent));
    let entry: Value = serde_json::from_str(&line).expect("a JSON log line");
    assert_eq!(entry["span"]["request_id"], sent, "{line}");
    assert!(mentions(&entry, sent));
    // The request's last line (the response) carries it too.
    let finished = server.next_line_where(|line| line.contains("finished processing request"));
    let entry: Value = serde_json::from_str(&finished).expect("a JSON log line");
    assert_eq!(entry["span"]["request_id"], sent, "{finished}");
}

#[tokio::test]
async fn failed_sign_ins_through_one_instance_count_on_the_other() {
    let first = TestApp::spawn().await;
    let second = first.spawn_beside(|_| {}).await;
    set_up_shop(&first, "demo", EMAIL, "/admin/settings").await;

    for (app, tries) in [(&first, 3), (&second, 2)] {
        for _ in 0..tries {
            let wrong = sign_in(app, EMAIL, "not the password").await;
            assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
        }
    }
    // Five failures in all: the limit, whichever instance is asked next.
    for app in [&second, &first] {
        let right = sign_in(app, EMAIL, PASSWORD).await;
        assert_eq!(right.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(right.headers().contains_key(reqwest::header::RETRY_AFTER));
        assert!(session_cookie(&right).is_none());
    }
}

#[tokio::test]
async fn twelve_parallel_wrong_passwords_on_two_instances_get_at_most_five_checks() {
    let first = TestApp::spawn().await;
    let second = first.spawn_beside(|_| {}).await;
    set_up_shop(&first, "demo", EMAIL, "/admin/settings").await;

    let guesses = (0..12).map(|i| {
        let app = if i % 2 == 0 { &first } else { &second };
        sign_in(app, EMAIL, "not the password")
    });
    let responses = futures_util::future::join_all(guesses).await;
    let checked = responses
        .iter()
        .filter(|r| r.status() == StatusCode::UNAUTHORIZED)
        .count();
    let refused = responses
        .iter()
        .filter(|r| r.status() == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + refused, 12, "each is checked or refused");
    assert!(
        checked <= 5,
        "{checked} passwords were checked; the limit is 5"
    );
}

async fn create_order(
    app: &TestApp,
    conversation: &str,
    token: &str,
    key: &str,
) -> reqwest::Response {
    let variant: i64 = sqlx::query_scalar(
        "select v.id from variant v join product p on p.id = v.product_id
         where p.handle = 'everyday-pullover-hoodie' and v.inventory_qty > 0 order by v.id limit 1",
    )
    .fetch_one(&app.db)
    .await
    .expect("a hoodie in stock");
    app.client
        .post(format!(
            "{}/api/v1/conversations/{conversation}/orders",
            app.url
        ))
        .bearer_auth(token)
        .json(&json!({
            "variant_id": variant,
            "email": "ada@example.com",
            "shipping_address": {
                "name": "Ada Lovelace",
                "line1": "12 Main St",
                "city": "Austin",
                "postal_code": "78701",
                "country": "US"
            },
            "idempotency_key": key
        }))
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn new_orders_through_one_instance_count_toward_the_limit_on_the_other() {
    let two_an_hour = |s: &mut shopchat_server::Settings| s.limits.orders_per_conversation = 2;
    let first = TestApp::spawn_with(two_an_hour).await;
    let second = first.spawn_beside(two_an_hour).await;
    let (conversation, token) = first.create_conversation("en").await;

    let one = create_order(&first, &conversation, &token, "key-1").await;
    assert_eq!(one.status(), StatusCode::CREATED);
    let two = create_order(&second, &conversation, &token, "key-2").await;
    assert_eq!(two.status(), StatusCode::CREATED);
    for (app, key) in [(&first, "key-3"), (&second, "key-4")] {
        let refused = create_order(app, &conversation, &token, key).await;
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(error_code(refused).await, "rate_limited");
    }
    // A retry of an order already made holds nothing new, so it is not limited.
    let again = create_order(&second, &conversation, &token, "key-1").await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
}

#[tokio::test]
async fn a_product_edited_through_one_instance_shows_in_the_others_search() {
    use shopchat_server::catalog::search::SearchQuery;
    use shopchat_server::shop::Shop;

    let first = TestApp::spawn().await;
    let second = first.spawn_beside(|_| {}).await;
    let merchant = set_up_shop(&second, "demo", EMAIL, "/admin/catalog").await;
    let (product_id, variant_id, shop_id): (i64, i64, i64) = sqlx::query_as(
        "select p.id, v.id, p.shop_id from product p join variant v on v.product_id = p.id
         where p.handle = 'everyday-pullover-hoodie' order by v.position limit 1",
    )
    .fetch_one(&first.db)
    .await
    .expect("a demo hoodie");
    let shop = Shop::by_id(&first.db, shop_id)
        .await
        .expect("the demo shop");
    let found_on_first = || async {
        first
            .state
            .search
            .search(&first.db, &shop, &SearchQuery::text("zephyr"))
            .await
            .expect("the search runs")
            .iter()
            .map(|hit| hit.product_id)
            .collect::<Vec<_>>()
    };
    assert!(found_on_first().await.is_empty(), "no zephyr yet");

    let (price, stock) = (format!("price_{variant_id}"), format!("stock_{variant_id}"));
    let saved = merchant
        .post(
            &format!("/admin/catalog/products/{product_id}"),
            &[("title", "Zephyr Hoodie"), (&price, "45.00"), (&stock, "7")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    // The first instance checks the catalog's version now and then (every few seconds).
    let deadline = Instant::now() + DEADLINE;
    while found_on_first().await != [product_id] {
        assert!(
            Instant::now() < deadline,
            "the edit made through the second instance never showed in the first's search"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_reply_written_through_one_instance_reaches_a_shopper_polling_another() {
    let first = TestApp::spawn().await;
    let second = first.spawn_beside(|_| {}).await;
    let admin = first.admin_token().await;
    let (id, token) = first.create_conversation("en").await;
    let events = first.send_message(&id, &token, "get me a live agent").await;
    let last_seen = match events.last() {
        Some(shopchat_protocol::StreamEvent::Done { message_id }) => *message_id,
        other => panic!("a stored reply: {other:?}"),
    };

    // The merchant's reply goes through the other instance…
    let response = second
        .admin(
            reqwest::Method::POST,
            &format!("/conversations/{id}/reply"),
            Some(&admin),
        )
        .json(&json!({"text": "Hi, Ana here: your parcel left today."}))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::CREATED);

    // …and the widget, still talking to the first, picks it up on its next poll.
    let news: Value = first
        .client
        .get(format!(
            "{}/api/v1/conversations/{id}/messages?after={last_seen}",
            first.url
        ))
        .bearer_auth(&token)
        .send()
        .await
        .expect("request")
        .json()
        .await
        .expect("a history");
    let messages = news["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), 1, "{news}");
    assert_eq!(messages[0]["role"], "merchant");
    assert_eq!(messages[0]["text"], "Hi, Ana here: your parcel left today.");
}
