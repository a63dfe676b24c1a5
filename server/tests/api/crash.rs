//! `kill -9` of the server in the middle of checkouts with the demo gateway: after a restart
//! every order a shopper saw paid is paid, every paid order was paid once, and every unit of
//! stock taken is held by an order (none lost, none handed out twice). On SQLite one server
//! takes 200 checkouts; on PostgreSQL two instances share the database, 500 checkouts go to
//! them in turn, and one of them is killed while the other goes on.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{json, Value};
use shopchat_test_support as support;

/// The server prints its address within seconds; a loaded machine may be slower.
const START_DEADLINE: Duration = Duration::from_secs(60);
/// A conversation may create ten orders an hour.
const ORDERS_PER_CONVERSATION: usize = 10;
const STOCK: i64 = 1000;

/// Instances, conversations (of ten checkouts each), and checkouts paid before the kill.
fn shape() -> (usize, usize, usize) {
    if support::database::on_postgres() {
        (2, 50, 150)
    } else {
        (1, 20, 70)
    }
}

struct Server {
    child: Child,
    url: String,
}

impl Server {
    /// Starts the real binary on a free port with its key file in `data_dir`.
    fn start(data_dir: &Path, database_url: &str) -> Server {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("the workspace");
        let mut child = Command::new(env!("CARGO_BIN_EXE_shopchat"))
            .env_clear()
            .env("HOST", "127.0.0.1")
            .env("PORT", "0")
            .env("DATA_DIR", data_dir)
            .env("DATABASE_URL", database_url)
            .env("PUBLIC_DIR", root.join("public"))
            .env("WIDGET_DIR", root.join("dist/widget"))
            .env("ORDER_LIMIT_PER_CLIENT", "1000")
            .env("RUST_LOG", "error")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("its stdout");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("Shopchat is running at ") {
                    let _ = tx.send(url.trim().to_owned());
                }
            }
        });
        let url = rx
            .recv_timeout(START_DEADLINE)
            .expect("the server prints its address");
        Server { child, url }
    }

    /// SIGKILL: no shutdown, no flush, nothing the process can do about it.
    fn kill_9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("the process is gone");
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One shopper's checkouts, one after another, until one fails (the server is gone) or all
/// are done. Returns the orders whose payment the shopper saw succeed.
async fn shopper(url: String, variant: i64, paid_so_far: Arc<AtomicUsize>) -> Vec<String> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(30))
        .build()
        .expect("a client");
    let mut paid = Vec::new();
    let Ok(created) = http
        .post(format!("{url}/api/v1/conversations"))
        .json(&json!({"shop": "demo", "locale": "en", "features": ["checkout"]}))
        .send()
        .await
    else {
        return paid;
    };
    let Ok(conversation) = created.json::<Value>().await else {
        return paid;
    };
    let id = conversation["conversation_id"].as_str().unwrap_or_default();
    let token = conversation["token"].as_str().unwrap_or_default();
    for n in 0..ORDERS_PER_CONVERSATION {
        let order = http
            .post(format!("{url}/api/v1/conversations/{id}/orders"))
            .bearer_auth(token)
            .json(&json!({
                "variant_id": variant,
                "email": "ada@example.com",
                "shipping_address": {"name": "Ada Lovelace", "line1": "12 Main St",
                    "city": "Austin", "postal_code": "78701", "country": "US"},
                "idempotency_key": format!("checkout-{n}"),
            }))
            .send()
            .await;
        let Ok(order) = order else { return paid };
        if order.status() != StatusCode::CREATED {
            return paid;
        }
        let Ok(order) = order.json::<Value>().await else {
            return paid;
        };
        let order_id = order["order"]["order_id"].as_str().unwrap_or_default();
        let payment = http
            .post(format!("{url}/api/v1/orders/{order_id}/demo-payments"))
            .bearer_auth(order["order_token"].as_str().unwrap_or_default())
            .json(&json!({"card_number": "4242 4242 4242 4242", "expiry": "12/34", "cvc": "123"}))
            .send()
            .await;
        let Ok(payment) = payment else { return paid };
        let Ok(outcome) = payment.json::<Value>().await else {
            return paid;
        };
        if outcome["outcome"] == "paid" {
            paid.push(order_id.to_owned());
            paid_so_far.fetch_add(1, Ordering::SeqCst);
        }
    }
    paid
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kill_9_during_checkouts_loses_no_payment_and_no_unit_of_stock() {
    let (instances, conversations, kill_after) = shape();
    let dir = tempfile::tempdir().expect("a data dir");
    let database = support::database::TestDatabase::create(dir.path()).await;
    let mut servers: Vec<Server> = Vec::new();
    for _ in 0..instances {
        servers.push(Server::start(dir.path(), &database.url));
    }
    let db = database.connect().await;
    let variant: i64 = sqlx::query_scalar(
        "select v.id from variant v join product p on p.id = v.product_id
         where v.inventory_policy = 'deny' and v.inventory_qty is not null
           and p.status = 'active' and p.published = 1 order by v.id limit 1",
    )
    .fetch_one(&db)
    .await
    .expect("a tracked variant");
    sqlx::query("update variant set inventory_qty = $1 where id = $2")
        .bind(STOCK)
        .bind(variant)
        .execute(&db)
        .await
        .expect("stock for every checkout");

    let paid_so_far = Arc::new(AtomicUsize::new(0));
    let shoppers: Vec<_> = (0..conversations)
        .map(|n| {
            tokio::spawn(shopper(
                servers[n % instances].url.clone(),
                variant,
                Arc::clone(&paid_so_far),
            ))
        })
        .collect();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(240);
    while paid_so_far.load(Ordering::SeqCst) < kill_after {
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {} checkouts paid",
            paid_so_far.load(Ordering::SeqCst)
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    servers.remove(0).kill_9();
    let mut seen_paid = Vec::new();
    for shopper in shoppers {
        seen_paid.extend(shopper.await.expect("the shopper task"));
    }
    let total = conversations * ORDERS_PER_CONVERSATION;
    assert!(
        seen_paid.len() < total,
        "the kill came too late to interrupt anything ({} of {total} paid)",
        seen_paid.len()
    );
    drop(servers);
    db.close().await;

    let server = Server::start(dir.path(), &database.url);
    let db = database.connect().await;
    for order_id in &seen_paid {
        let status: String = sqlx::query_scalar("select status from shop_order where id = $1")
            .bind(order_id)
            .fetch_one(&db)
            .await
            .expect("every order a shopper saw paid is there");
        assert_eq!(status, "paid", "order {order_id}");
    }
    let paid_orders: i64 =
        sqlx::query_scalar("select count(*) from shop_order where status = 'paid'")
            .fetch_one(&db)
            .await
            .expect("a count");
    assert!(
        paid_orders >= i64::try_from(seen_paid.len()).expect("a count"),
        "{paid_orders} paid orders, {} seen paid",
        seen_paid.len()
    );
    let paid_twice: i64 = sqlx::query_scalar(
        "select count(*) from (select order_id from order_event where to_status = 'paid'
                               group by order_id having count(*) > 1) as twice",
    )
    .fetch_one(&db)
    .await
    .expect("a count");
    assert_eq!(paid_twice, 0, "no order paid twice");
    let paid_without_event: i64 = sqlx::query_scalar(
        "select count(*) from shop_order o where o.status = 'paid' and not exists
             (select 1 from order_event e where e.order_id = o.id and e.to_status = 'paid')",
    )
    .fetch_one(&db)
    .await
    .expect("a count");
    assert_eq!(paid_without_event, 0);
    let stock: i64 = sqlx::query_scalar("select inventory_qty from variant where id = $1")
        .bind(variant)
        .fetch_one(&db)
        .await
        .expect("the stock");
    let held: i64 = sqlx::query_scalar(
        "select count(*) from shop_order where variant_id = $1 and stock_reserved = 1",
    )
    .bind(variant)
    .fetch_one(&db)
    .await
    .expect("a count");
    assert_eq!(
        STOCK - stock,
        held,
        "every unit taken is held by an order, and every held unit was taken"
    );
    println!(
        "{instances} instance(s), {total} checkouts started: {} seen paid, {paid_orders} paid \
         after the restart, {held} units held, none paid twice",
        seen_paid.len()
    );

    // The restarted server takes checkouts again.
    let more = shopper(server.url.clone(), variant, Arc::new(AtomicUsize::new(0))).await;
    assert_eq!(more.len(), ORDERS_PER_CONVERSATION);
}
