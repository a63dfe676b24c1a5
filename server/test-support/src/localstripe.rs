//! localstripe, the tests' Stripe stand-in: one per test on a free loopback port, started
//! through `tests/localstripe/launcher.py` (which makes it speak what async-stripe 1.0
//! reads) and killed on drop. Also a webhook inbox on loopback that localstripe delivers to.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, SystemTime};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use secrecy::SecretString;
use shopchat_server::config::StripeSettings;
use shopchat_server::stripe::{
    verify_and_parse, PaymentEvent, PaymentEventKind, StripeClient, StripeError,
};
use stripe_core::payment_intent::ConfirmPaymentIntent;
use tokio::sync::{mpsc, oneshot};
use tokio::time::Instant;

/// Any `sk_…` key works with localstripe; this one is never a real key.
pub const SECRET_KEY: &str = "sk_test_shopchat_localstripe";
/// The launcher prints its line within a second or two; CI machines may be slower.
const START_DEADLINE: Duration = Duration::from_secs(30);
/// localstripe sends events about a second after the action.
const DELIVERY_DEADLINE: Duration = Duration::from_secs(20);

pub struct LocalStripe {
    child: Child,
    /// Held open: the launcher runs with `--exit-with-stdin`, so even a test process killed
    /// before `Drop` runs leaves no server behind.
    _stdin: Option<ChildStdin>,
    /// `http://127.0.0.1:PORT/`, ending in `/` as async-stripe needs.
    pub api_base: String,
    _log_dir: tempfile::TempDir,
    log: PathBuf,
}

impl LocalStripe {
    /// Starts a fresh, empty localstripe and waits until it answers.
    pub async fn start() -> LocalStripe {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .nth(2)
            .expect("this crate sits in server/ in the workspace");
        let python = root.join(".venv/bin/python");
        assert!(
            python.exists(),
            "localstripe is not installed ({} is missing): run `scripts/setup.sh --with-stand-ins` \
             (scripts/test.sh does), which creates .venv from tests/localstripe/requirements.txt",
            python.display()
        );
        let log_dir = tempfile::tempdir().expect("a temp dir");
        let log = log_dir.path().join("localstripe.log");
        let mut child = Command::new(&python)
            .arg(root.join("tests/localstripe/launcher.py"))
            .args(["--from-scratch", "--host", "127.0.0.1", "--port", "0"])
            .args(["--api-version", stripe_shared::version::VERSION.as_str()])
            .arg("--exit-with-stdin")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&log).expect("a log file"))
            .spawn()
            .expect("the localstripe launcher starts");
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().expect("piped stdout");

        // The launcher prints one line once bound; reading it blocks, so a thread does it
        // and keeps draining stdout afterwards.
        let (line_tx, line_rx) = oneshot::channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(stdout).lines();
            let first = lines.next().and_then(Result::ok);
            let _ = line_tx.send(first);
            lines.for_each(drop);
        });
        let mut server = LocalStripe {
            child,
            _stdin: stdin,
            api_base: String::new(),
            _log_dir: log_dir,
            log,
        };
        let line = tokio::time::timeout(START_DEADLINE, line_rx)
            .await
            .ok()
            .and_then(Result::ok)
            .flatten();
        let Some(url) = line.and_then(|l| {
            l.strip_prefix("localstripe listening on ")
                .map(str::to_owned)
        }) else {
            panic!("localstripe did not start:\n{}", server.log_tail());
        };
        server.api_base = url;
        server.wait_until_ready().await;
        server
    }

    /// Polls the readiness endpoint until it answers, within [`START_DEADLINE`].
    async fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + START_DEADLINE;
        let http = reqwest::Client::new();
        let url = format!("{}_config/ready", self.api_base);
        loop {
            if let Ok(response) = http.get(&url).send().await {
                if response.status().is_success() {
                    return;
                }
            }
            if Instant::now() > deadline || matches!(self.child.try_wait(), Ok(Some(_))) {
                panic!("localstripe never became ready:\n{}", self.log_tail());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn settings(&self) -> StripeSettings {
        StripeSettings {
            api_base: Some(self.api_base.clone()),
            ..StripeSettings::default()
        }
    }

    /// A shop's client, pointed at this localstripe.
    pub fn client(&self) -> StripeClient {
        StripeClient::new(&SecretString::from(SECRET_KEY.to_owned()), &self.settings())
            .expect("a client")
    }

    /// Asks localstripe to deliver every event to `url`, signed with `secret`.
    pub async fn register_webhook(&self, id: &str, url: &str, secret: &str) {
        let response = reqwest::Client::new()
            .post(format!("{}_config/webhooks/{id}", self.api_base))
            .form(&[("url", url), ("secret", secret)])
            .send()
            .await
            .expect("localstripe answers");
        assert!(response.status().is_success(), "{}", response.status());
    }

    fn log_tail(&self) -> String {
        let log = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }
}

impl Drop for LocalStripe {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What Stripe.js does in the shopper's browser: confirm the intent with a payment method,
/// here one of Stripe's `pm_card_*` test ids (`pm_card_visa`, `pm_card_visa_chargeDeclined`,
/// `pm_card_threeDSecure2Required`, `pm_card_createDispute`, …).
pub async fn confirm_as_browser(
    client: &StripeClient,
    intent_id: &str,
    payment_method: &str,
) -> Result<stripe_shared::PaymentIntent, StripeError> {
    ConfirmPaymentIntent::new(intent_id)
        .payment_method(payment_method)
        .return_url("http://127.0.0.1/return")
        .send(client.sdk())
        .await
        .map_err(StripeError::from)
}

/// One webhook request as it arrived.
#[derive(Debug, Clone)]
pub struct Delivery {
    pub signature: String,
    pub body: Bytes,
}

/// A tiny webhook receiver on loopback that records every delivery.
pub struct WebhookInbox {
    pub url: String,
    deliveries: mpsc::UnboundedReceiver<Delivery>,
}

impl WebhookInbox {
    pub async fn start() -> WebhookInbox {
        let (tx, deliveries) = mpsc::unbounded_channel();
        let app = Router::new()
            .route("/webhooks/stripe", post(receive))
            .with_state(tx);
        let (addr, _) = crate::serve_on_loopback(crate::LOOPBACK, app).await;
        let url = format!("http://{addr}/webhooks/stripe");
        WebhookInbox { url, deliveries }
    }

    /// Waits for the first delivery whose event matches, checking that every delivery up to
    /// it verifies with `secret`; panics after [`DELIVERY_DEADLINE`].
    pub async fn wait_for(
        &mut self,
        secret: &str,
        wanted: impl Fn(&PaymentEventKind) -> bool,
    ) -> (PaymentEvent, Delivery) {
        let deadline = Instant::now() + DELIVERY_DEADLINE;
        let mut seen = Vec::new();
        loop {
            let Ok(Some(delivery)) =
                tokio::time::timeout_at(deadline, self.deliveries.recv()).await
            else {
                panic!("the awaited event never arrived; got {seen:?}");
            };
            let event = verify_and_parse(
                &delivery.body,
                &delivery.signature,
                secret,
                SystemTime::now(),
            )
            .unwrap_or_else(|error| panic!("a delivery from localstripe failed: {error}"));
            if wanted(&event.kind) {
                return (event, delivery);
            }
            seen.push(event.kind);
        }
    }
}

async fn receive(
    State(tx): State<mpsc::UnboundedSender<Delivery>>,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let signature = headers
        .get("stripe-signature")
        .and_then(|value| value.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let _ = tx.send(Delivery { signature, body });
    StatusCode::OK
}

/// A shop taking payments through Stripe (`stripe-shop`, in EUR) with localstripe's secret
/// key, the given publishable key and webhook signing secret, selling one mug at
/// `price_minor` that ships nowhere (5 in stock). Returns the shop's id and the mug's variant.
pub async fn insert_stripe_shop(
    db: &shopchat_server::db::DbPool,
    publishable_key: &str,
    webhook_secret: &str,
    price_minor: i64,
) -> (i64, i64) {
    let shop_id: i64 = sqlx::query_scalar(
        "insert into shop (public_key, name, currency, stripe_secret_key,
                           stripe_publishable_key, stripe_webhook_secret)
         values ('stripe-shop', 'Stripe Shop', 'EUR', $1, $2, $3) returning id",
    )
    .bind(SECRET_KEY)
    .bind(publishable_key)
    .bind(webhook_secret)
    .fetch_one(db)
    .await
    .expect("a Stripe shop");
    let variant_id = crate::add_product(
        db,
        shop_id,
        "EUR",
        &crate::NewProduct {
            handle: "mug",
            title: "Mug",
            product_type: "",
            price_minor,
            stock: 5,
            requires_shipping: false,
        },
    )
    .await;
    (shop_id, variant_id)
}
