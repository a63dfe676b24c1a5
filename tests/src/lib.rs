//! Harness for the end-to-end tests: the real server on port 0 with a fresh database (SQLite,
//! or PostgreSQL when `SHOPCHAT_TEST_POSTGRES` names one), a chromedriver the test starts
//! itself, and headless Chromium that cannot leave loopback.

pub mod merchant;
pub mod shopper;

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use fantoccini::elements::{Element, ElementRef};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use shopchat_server::http::state::AppState;
use shopchat_server::{Application, Settings};

/// How long any condition may take before a test fails. Generous: the machine is shared.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// The workspace root (where `dist/widget` is built).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The running server.
pub struct Server {
    pub url: String,
    /// The running app's state: its database pool (`state.db`) for checking what was stored.
    pub state: AppState,
    /// The one-time link that creates the demo shop's merchant account (printed at start-up).
    pub setup_link: Option<String>,
    _dir: tempfile::TempDir,
}

impl Server {
    pub async fn start() -> anyhow::Result<Server> {
        Self::start_with(|_| {}).await
    }

    /// Starts the server with its test settings changed by `adjust` first.
    pub async fn start_with(adjust: impl FnOnce(&mut Settings)) -> anyhow::Result<Server> {
        let widget = workspace_root().join("dist/widget/shopchat_widget_bg.wasm");
        if !widget.exists() {
            bail!(
                "the widget is not built ({} is missing): run scripts/build-widget.sh first",
                widget.display()
            );
        }
        let dir = tempfile::tempdir()?;
        // A fresh SQLite file, or a fresh PostgreSQL schema when `SHOPCHAT_TEST_POSTGRES` is
        // set (`scripts/test.sh` runs these tests on both).
        let database = shopchat_test_support::database::TestDatabase::create(dir.path()).await;
        let mut settings = Settings::for_tests(database.url);
        // The key file and uploads live in the test's own directory, whatever the database.
        settings.data_dir = dir.path().to_owned();
        adjust(&mut settings);
        let app = Application::build(settings).await?;
        let url = app.public_url().to_owned();
        let state = app.state().clone();
        let setup_link = app
            .setup_link(shopchat_server::shop::DEMO_SHOP_KEY)
            .map(str::to_owned);
        tokio::spawn(app.run_until_stopped());
        Ok(Server {
            url,
            state,
            setup_link,
            _dir: dir,
        })
    }
}

/// A headless Chromium driven over WebDriver. Call [`Browser::close`] at the end of a test;
/// dropping it also stops chromedriver (and with it Chromium).
pub struct Browser {
    pub client: Client,
    driver: Child,
}

/// Options for a browser session.
#[derive(Default)]
pub struct BrowserOptions {
    /// `navigator.language` (e.g. `es-ES`); English when unset.
    pub language: Option<String>,
}

impl Browser {
    pub async fn start(options: BrowserOptions) -> anyhow::Result<Browser> {
        let chromedriver =
            std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port()?;
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("starting {chromedriver} (install chromium-driver)"))?;
        let mut browser_guard = DriverGuard(Some(driver));

        let language = options.language.unwrap_or_else(|| "en-US".into());
        let mut args = vec![
            "--headless=new".to_owned(),
            "--no-sandbox".to_owned(),
            "--disable-gpu".to_owned(),
            "--disable-dev-shm-usage".to_owned(),
            "--disable-background-networking".to_owned(),
            "--disable-component-update".to_owned(),
            "--disable-sync".to_owned(),
            "--disable-quic".to_owned(),
            "--no-first-run".to_owned(),
            "--window-size=1280,900".to_owned(),
        ];
        args.push(format!("--lang={language}"));
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": args,
                "prefs": { "intl.accept_languages": language },
            }),
        );

        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(_) if started.elapsed() < DEADLINE => {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => bail!("chromedriver did not accept a session: {e}"),
            }
        };
        let driver = browser_guard.0.take().context("driver")?;
        Ok(Browser { client, driver })
    }

    /// Ends the session and stops chromedriver.
    pub async fn close(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    /// Runs `script` (its last expression is `return`ed by the caller's code) in the page.
    pub async fn js(&self, script: &str) -> anyhow::Result<Value> {
        Ok(self
            .client
            .execute(&format!("{DEEP_QUERY}\n{script}"), vec![])
            .await?)
    }

    /// Polls `script` until it returns something truthy, or fails after [`DEADLINE`].
    pub async fn wait_for(&self, what: &str, script: &str) -> anyhow::Result<Value> {
        let started = Instant::now();
        loop {
            let value = self.js(script).await?;
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!("")
                && value != json!(0)
                && value != json!([]);
            if truthy {
                return Ok(value);
            }
            if started.elapsed() > DEADLINE {
                bail!("timed out waiting for {what}; last value: {value}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The element a script returns (e.g. one found inside a shadow root).
    pub async fn element(&self, what: &str, script: &str) -> anyhow::Result<Element> {
        let value = self.wait_for(what, script).await?;
        // WebDriver's JSON form of an element reference.
        let id = value
            .get("element-6066-11e4-a52e-4f735466cecf")
            .and_then(Value::as_str)
            .with_context(|| format!("{what}: the script did not return an element: {value}"))?;
        Ok(Element::from_element_id(
            self.client.clone(),
            ElementRef::from(id.to_owned()),
        ))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Kills chromedriver if starting the session fails half-way.
struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// `deepAll(selector)`: every element matching `selector` in the document and in every open
/// shadow root below it (the widget lives in shadow roots, out of `querySelector`'s reach).
const DEEP_QUERY: &str = r#"
function deepAll(selector, root) {
  root = root || document;
  const found = Array.from(root.querySelectorAll(selector));
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) found.push(...deepAll(selector, el.shadowRoot));
  }
  return found;
}
function deepText(root) {
  root = root || document;
  let text = '';
  for (const el of root.querySelectorAll('*')) {
    if (el.shadowRoot) text += ' ' + el.shadowRoot.textContent + deepText(el.shadowRoot);
  }
  return text;
}
"#;
