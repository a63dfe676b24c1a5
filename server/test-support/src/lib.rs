//! `TestApp`: the real server on port 0 with a fresh SQLite database, and one helper per
//! endpoint of the widget API. Its modules hold the stand-ins for outside services (Stripe,
//! Shopify, an LLM, a faulty network) and the fixtures the server's integration tests share;
//! the end-to-end tests use the stand-ins too.

pub mod aftersale;
pub mod database;
pub mod faults;
pub mod localstripe;
pub mod merchant;
pub mod scripted_llm;
pub mod shopify_admin;
pub mod stripe_signer;

use reqwest::{header, Response, StatusCode};
use serde_json::{json, Value};
use shopchat_protocol::{parse_sse_frame, StreamEvent};
use shopchat_server::{Application, Settings};

/// Serves `app` on a free port of `ip` for as long as the test runs, and returns where:
/// every stand-in (LLM, Stripe webhooks, Shopify, a notification receiver, a fault proxy)
/// starts this way.
pub async fn serve_on_loopback(
    ip: std::net::IpAddr,
    app: axum::Router,
) -> (std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind((ip, 0))
        .await
        .expect("a loopback port");
    let addr = listener.local_addr().expect("the bound address");
    let task = tokio::spawn(async move {
        axum::serve(listener, app)
            .await
            .expect("the stand-in serves");
    });
    (addr, task)
}

/// 127.0.0.1, where the stand-ins listen.
pub const LOOPBACK: std::net::IpAddr = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);

pub struct TestApp {
    pub url: String,
    pub client: reqwest::Client,
    pub db: shopchat_server::db::DbPool,
    pub state: shopchat_server::http::state::AppState,
    /// The URL of its database.
    pub database_url: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app after letting the test adjust its settings. Merchant-set URLs may reach
    /// loopback, where the tests' stand-ins (webhook receivers, scripted models) listen; the
    /// outbound policy's own tests set it back.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let database = database::TestDatabase::create(dir.path()).await;
        let mut settings = Settings::for_tests(database.url);
        settings.data_dir = dir.path().to_owned();
        settings.outbound =
            shopchat_server::outbound::OutboundPolicy::parse("loopback").expect("a valid list");
        adjust(&mut settings);
        let database_url = settings.database_url.clone();
        let app = Application::build(settings).await.expect("the app builds");
        let url = app.public_url().to_owned();
        let db = app.state().db.clone();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            url,
            client: reqwest::Client::new(),
            db,
            state,
            database_url,
            _dir: dir,
        }
    }

    /// Another instance on this app's database (and key file), as a load balancer would
    /// run one beside it; `adjust` sets its settings.
    pub async fn spawn_beside(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let mut settings = Settings::for_tests(self.database_url.clone());
        settings.data_dir = self._dir.path().to_owned();
        settings.outbound =
            shopchat_server::outbound::OutboundPolicy::parse("loopback").expect("a valid list");
        adjust(&mut settings);
        let app = Application::build(settings).await.expect("the app builds");
        let url = app.public_url().to_owned();
        let db = app.state().db.clone();
        let state = app.state().clone();
        tokio::spawn(app.run_until_stopped());
        TestApp {
            url,
            client: reqwest::Client::new(),
            db,
            state,
            database_url: self.database_url.clone(),
            // Its own (empty) directory: the first app owns the database's.
            _dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client
            .get(format!("{}{path}", self.url))
            .send()
            .await
            .expect("request")
    }

    pub async fn create_conversation_raw(&self, body: Value, origin: Option<&str>) -> Response {
        let mut request = self
            .client
            .post(format!("{}/api/v1/conversations", self.url))
            .json(&body);
        if let Some(origin) = origin {
            request = request.header(header::ORIGIN, origin);
        }
        request.send().await.expect("request")
    }

    /// Opens a conversation with the demo shop as a client that draws the checkout card;
    /// returns (id, token).
    pub async fn create_conversation(&self, locale: &str) -> (String, String) {
        self.create_conversation_with(
            json!({"shop": "demo", "locale": locale, "features": ["checkout"]}),
        )
        .await
    }

    /// Opens a conversation with this request body; returns (id, token).
    pub async fn create_conversation_with(&self, body: Value) -> (String, String) {
        let response = self.create_conversation_raw(body, None).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.expect("json");
        (
            body["conversation_id"].as_str().expect("id").to_owned(),
            body["token"].as_str().expect("token").to_owned(),
        )
    }

    pub async fn send_message_raw(
        &self,
        id: &str,
        token: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> Response {
        let mut request = self
            .client
            .post(format!("{}/api/v1/conversations/{id}/messages", self.url))
            .header(header::CONTENT_TYPE, "application/json")
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request")
    }

    /// Sends a message and reads the whole event stream.
    pub async fn send_message(&self, id: &str, token: &str, text: &str) -> Vec<StreamEvent> {
        let body = json!({ "text": text }).to_string();
        let response = self.send_message_raw(id, Some(token), body).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE]
                .to_str()
                .expect("ascii"),
            "text/event-stream"
        );
        let text = response.text().await.expect("body");
        text.split("\n\n")
            .filter_map(parse_sse_frame)
            .map(|event| event.expect("every frame is a valid event"))
            .collect()
    }

    /// The directory of the app's database and key file.
    pub fn data_dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// A shop's secret as the app reads it (stored sealed; opened with the app's key).
    pub async fn stored_secret(
        &self,
        shop_key: &str,
        column: shopchat_server::sealed::SecretColumn,
    ) -> Option<String> {
        use secrecy::ExposeSecret;
        let (shop_id, stored): (i64, Option<String>) = sqlx::query_as(&format!(
            "select id, {} from shop where public_key = $1",
            column.name()
        ))
        .bind(shop_key)
        .fetch_one(&self.db)
        .await
        .expect("the shop");
        let stored = stored?;
        let secret = self
            .state
            .secrets
            .open(shop_id, column, &stored)
            .expect("the secret opens with the app's key");
        Some(secret.expose_secret().to_owned())
    }

    /// A fresh admin API token for the demo shop.
    pub async fn admin_token(&self) -> String {
        shopchat_server::http::admin::issue_token(&self.db, "demo")
            .await
            .expect("database")
            .expect("the demo shop exists")
    }

    /// An admin API request with this token (none: no `Authorization` header).
    pub fn admin(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let request = self
            .client
            .request(method, format!("{}/api/v1/admin{path}", self.url));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    pub async fn history_raw(&self, id: &str, token: Option<&str>) -> Response {
        let mut request = self
            .client
            .get(format!("{}/api/v1/conversations/{id}/messages", self.url));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.expect("request")
    }
}

/// The stable error code of an error response.
pub async fn error_code(response: Response) -> String {
    let body: Value = response.json().await.expect("an error body");
    body["error"]["code"].as_str().expect("a code").to_owned()
}

/// The reply text of a stream: its text deltas joined.
pub fn text_of(events: &[StreamEvent]) -> String {
    events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::Text { delta } => Some(delta.as_str()),
            _ => None,
        })
        .collect()
}

/// The chips on screen after a stream: the last set sent replaces any earlier one.
pub fn chips_of(events: &[StreamEvent]) -> Vec<String> {
    events
        .iter()
        .filter_map(|e| match e {
            StreamEvent::QuickReplies { items } => Some(items.clone()),
            _ => None,
        })
        .next_back()
        .unwrap_or_default()
}

/// Every product card a stream showed, in order.
pub fn cards_of(events: &[StreamEvent]) -> Vec<shopchat_protocol::ProductCard> {
    events
        .iter()
        .flat_map(|e| match e {
            StreamEvent::Products { items } => items.clone(),
            _ => vec![],
        })
        .collect()
}

/// The app with its assistant on a scripted OpenAI-compatible model.
pub async fn app_with_model(llm: &scripted_llm::ScriptedLlm) -> TestApp {
    let base_url = llm.base_url.clone();
    TestApp::spawn_with(move |s| {
        s.llm = Some(shopchat_server::assistant::llm::LlmSettings {
            base_url,
            model: "scripted-model".into(),
            api_key: Some("sk-test-key".to_owned().into()),
            timeout: std::time::Duration::from_secs(20),
        })
    })
    .await
}

/// What the first tool call told the model, from the second request it received.
pub fn first_tool_result(llm: &scripted_llm::ScriptedLlm) -> Value {
    let body = &llm.requests()[1].body;
    let message = body["messages"]
        .as_array()
        .expect("messages")
        .iter()
        .find(|m| m["role"] == "tool")
        .unwrap_or_else(|| panic!("no tool result in {body}"));
    serde_json::from_str(message["content"].as_str().expect("text")).expect("JSON")
}

/// A product with one variant, as a merchant's catalog file lists it.
pub struct NewProduct<'a> {
    pub handle: &'a str,
    pub title: &'a str,
    pub product_type: &'a str,
    /// In the shop's currency's minor units (two decimals).
    pub price_minor: i64,
    pub stock: i64,
    pub requires_shipping: bool,
}

/// Adds the product to the shop's catalog through the catalog importer, as an uploaded Shopify
/// product CSV would; returns its variant's id.
pub async fn add_product(
    db: &shopchat_server::db::DbPool,
    shop_id: i64,
    currency: &str,
    product: &NewProduct<'_>,
) -> i64 {
    let csv = format!(
        "Handle,Title,Type,Variant Inventory Qty,Variant Price,Variant Requires Shipping\n\
         {},{},{},{},{}.{:02},{}\n",
        product.handle,
        product.title,
        product.product_type,
        product.stock,
        product.price_minor / 100,
        product.price_minor % 100,
        product.requires_shipping,
    );
    let report = shopchat_server::catalog::import::import_shopify_csv(
        db,
        shop_id,
        shopchat_protocol::Currency::parse(currency).expect("a currency"),
        csv.as_bytes(),
    )
    .await
    .expect("the product imports");
    assert_eq!(report.variants_imported, 1, "{report}");
    sqlx::query_scalar(
        "select variant.id from variant join product on product.id = variant.product_id
         where product.shop_id = $1 and product.handle = $2",
    )
    .bind(shop_id)
    .bind(product.handle)
    .fetch_one(db)
    .await
    .expect("the imported variant")
}
