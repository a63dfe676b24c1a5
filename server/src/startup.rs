//! Builds the application (database, demo shop, routes) and runs it until a shutdown signal.
//! `build` binds the listener first, so callers (and tests on port 0) know the real port.

use std::sync::Arc;

use anyhow::Context;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt as _;
use axum::Router;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
use tower_http::trace::TraceLayer;

use crate::assistant::llm::LlmEngine;
use crate::config::Settings;
use crate::error::ApiError;
use crate::handoff::notify::Notifier;
use crate::http::assets::{self, WidgetAssets};
use crate::http::extract::request_origin;
use crate::http::request_id::RequestId;
use crate::http::state::AppState;
use crate::http::webhooks;
use crate::links::Links;
use crate::shop::{origin_allowed_anywhere, AllowedOrigin};
use crate::stripe::ShopStripe;
use crate::{catalog, db, orders, payments};

/// Largest request body the widget API reads.
const MAX_BODY_BYTES: usize = 16 * 1024;

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// One-time links that create the merchant account of each shop that has none, as
    /// (shop key, URL).
    setup_links: Vec<(String, String)>,
    /// The background jobs `run_until_stopped` starts.
    jobs: &'static [Job],
}

/// A background job of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    /// Releases the stock of unpaid orders whose reservation ran out (also once at start).
    ReservationExpiry,
    /// Sends the shop notifications still pending when the server last stopped.
    ResumeNotifications,
    /// Asks Stripe about orders whose payment it has not reported.
    StripeReconciliation,
    /// Asks Stripe again about refunds whose answer was unclear.
    Refunds,
}

impl Job {
    /// Every job.
    pub const ALL: &'static [Job] = &[
        Job::ReservationExpiry,
        Job::ResumeNotifications,
        Job::StripeReconciliation,
        Job::Refunds,
    ];

    /// The jobs a server starts: all of them, or none with `NO_JOBS`.
    pub fn to_start(no_jobs: bool) -> &'static [Job] {
        if no_jobs {
            &[]
        } else {
            Job::ALL
        }
    }
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind((settings.host.as_str(), settings.port))
            .await
            .with_context(|| format!("listening on {}:{}", settings.host, settings.port))?;
        let port = listener.local_addr()?.port();
        let public_url = settings
            .public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}:{port}", display_host(&settings.host)))
            .trim_end_matches('/')
            .to_owned();

        let pool = db::connect(&settings.database_url).await?;
        if settings.demo_shop {
            catalog::ensure_demo_shop(&pool).await?;
        }
        // After the demo shop exists, so the secrets its triggers made are sealed too.
        let secrets =
            crate::sealed::store::prepare(settings.secret_key.as_ref(), &settings.data_dir, &pool)
                .await
                .context("the secret key")?;
        if settings.demo_shop {
            if let Some(keys) = &settings.demo_stripe_keys {
                catalog::set_demo_stripe_keys(&pool, &secrets, keys).await?;
                tracing::info!("demo shop payments: Stripe");
            }
        }
        let setup_links = crate::http::merchant::session::issue_setup_links(&pool)
            .await
            .context("issuing merchant setup links")?
            .into_iter()
            .map(|(shop_key, token)| (shop_key, format!("{public_url}/admin/setup?token={token}")))
            .collect();
        let jobs = Job::to_start(settings.no_jobs);
        // Reservations that ran out while the server was down are released before it serves.
        if jobs.contains(&Job::ReservationExpiry) {
            orders::expiry::run_pass(&pool, std::time::SystemTime::now())
                .await
                .context("releasing expired reservations")?;
        } else {
            tracing::info!("background jobs are off (NO_JOBS)");
        }
        if !settings.limits.trusted_proxies.is_empty() {
            tracing::info!(trusted = %settings.limits.trusted_proxies, "X-Forwarded-For is believed from these proxies");
        }
        let state = AppState {
            db: pool,
            secrets: secrets.clone(),
            widget: Arc::new(WidgetAssets::load(&settings.widget_dir)),
            own_origins: Arc::new(own_origins(&public_url)),
            links: Links::new(&public_url),
            public_dir: settings.public_dir.clone().into(),
            search: catalog::search::SearchIndexes::new(),
            answers: crate::answers::AnswerIndexes::new(),
            llm: match settings.llm.clone() {
                Some(llm) => {
                    tracing::info!(base_url = %llm.base_url, model = %llm.model, "assistant engine: openai");
                    Some(Arc::new(LlmEngine::new(llm).context("LLM settings")?))
                }
                None => None,
            },
            shop_engines: Arc::default(),
            stripe: ShopStripe {
                settings: settings.stripe.clone(),
                secrets: secrets.clone(),
            },
            limits: Arc::new(crate::rate_limit::Limits::new(&settings.limits)),
            notifier: Notifier::new(settings.notify_first_retry, &settings.outbound)?,
            outbound: settings.outbound.clone(),
        };
        if !state.outbound.is_default() {
            tracing::info!(allowed = %state.outbound, "merchant URLs may also reach these special-purpose addresses");
        }
        let router = router(state.clone(), &settings);
        Ok(Self {
            listener,
            router,
            state,
            setup_links,
            jobs,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn public_url(&self) -> &str {
        self.state.links.base()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// The first-run setup link of the shop with this key, when it has no merchant account yet.
    pub fn setup_link(&self, shop_key: &str) -> Option<&str> {
        self.setup_links
            .iter()
            .find(|(key, _)| key == shop_key)
            .map(|(_, link)| link.as_str())
    }

    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let url = self.state.links.base();
        tracing::info!(%url, widget_version = %self.state.widget.version, "listening");
        println!("Shopchat is running at {url}");
        println!("  Demo storefront:  {url}/demo/");
        println!(
            "  Embed on a site:  <script src=\"{url}/embed.js\" data-shop=\"{}\" async></script>",
            crate::shop::DEMO_SHOP_KEY
        );
        println!("  Merchant page:    {url}/admin/");
        for (shop_key, link) in &self.setup_links {
            // One-time and short-lived, so printing it is safe; it is the merchant's way in.
            println!("  First-time setup for shop {shop_key:?} (one-time link): {link}");
        }
        println!("Press Ctrl+C to stop.");
        let mut running = Vec::new();
        for job in self.jobs {
            match job {
                Job::ReservationExpiry => {
                    running.push(orders::expiry::spawn(self.state.db.clone()));
                }
                Job::ResumeNotifications => {
                    // Notifications still pending when the server last stopped are sent now.
                    if let Err(e) = self
                        .state
                        .notifier
                        .resume_pending(&self.state.db, &self.state.secrets)
                        .await
                    {
                        tracing::warn!(error = ?e, "pending shop notifications were not resumed");
                    }
                }
                Job::StripeReconciliation => running.push(payments::stripe::reconcile::spawn(
                    self.state.db.clone(),
                    self.state.stripe.clone(),
                )),
                Job::Refunds => running.push(crate::refunds::execute::spawn(
                    self.state.db.clone(),
                    self.state.stripe.clone(),
                )),
            }
        }
        // The connecting address keys the per-client rate limits (see `http::client`).
        let app = self
            .router
            .into_make_service_with_connect_info::<std::net::SocketAddr>();
        // Each reply event is a small write: without `TCP_NODELAY`, Nagle's algorithm holds
        // it back until the client acknowledges the one before, which a client delaying its
        // acknowledgements makes a 40 ms wait per turn.
        let listener = self.listener.tap_io(|stream| {
            if let Err(error) = stream.set_nodelay(true) {
                tracing::debug!(%error, "setting TCP_NODELAY on a connection");
            }
        });
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        for job in running {
            job.abort();
        }
        served?;
        tracing::info!("stopped");
        Ok(())
    }
}

pub fn router(state: AppState, settings: &Settings) -> Router {
    let api = crate::http::widget::router()
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), cors));
    Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .merge(api)
        .merge(webhooks::router())
        .merge(
            crate::http::admin::router()
                .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES)),
        )
        .merge(crate::http::merchant::router(state.clone()))
        .merge(assets::router(&settings.public_dir, &settings.widget_dir))
        .layer(CompressionLayer::new())
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let path = request
                    .extensions()
                    .get::<MatchedPath>()
                    .map(MatchedPath::as_str)
                    .unwrap_or("");
                let request_id = request
                    .extensions()
                    .get::<RequestId>()
                    .map(RequestId::as_str)
                    .unwrap_or("");
                tracing::info_span!("http", method = %request.method(), path, request_id)
            }),
        )
        // Outermost, so the trace span above has the id and every response carries it.
        .layer(middleware::from_fn(crate::http::request_id::assign))
        .with_state(state)
}

/// `GET /readyz`: 200 when the database answers and has every migration this build carries;
/// 503 otherwise, with the pending migrations named, so a load balancer keeps an instance out
/// until `shopchat migrate` has run.
async fn readyz(State(state): State<AppState>) -> Response {
    let unavailable = |body: serde_json::Value| {
        (StatusCode::SERVICE_UNAVAILABLE, axum::Json(body)).into_response()
    };
    if !db::is_ready(&state.db).await {
        return unavailable(serde_json::json!({"status": "database_unavailable"}));
    }
    match db::pending_migrations(&state.db).await {
        Ok(pending) if pending.is_empty() => {
            axum::Json(serde_json::json!({"status": "ready"})).into_response()
        }
        Ok(pending) => unavailable(serde_json::json!({
            "status": "migrations_pending",
            "pending_migrations": pending,
        })),
        Err(e) => {
            tracing::warn!(error = %e, "reading the applied migrations");
            unavailable(serde_json::json!({"status": "database_unavailable"}))
        }
    }
}

/// CORS for the widget API. Preflights name no shop, so they pass when any shop allows the
/// origin; each handler then checks the origin against its own shop.
async fn cors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let origin = request_origin(request.headers());
    let allowed = match origin.as_deref().and_then(AllowedOrigin::parse) {
        Some(o) => match origin_allowed_anywhere(&state.db, &state.own_origins, &o).await {
            Ok(allowed) => allowed,
            Err(e) => return e.into_response(),
        },
        None => false,
    };
    let preflight = request.method() == Method::OPTIONS;
    if preflight && !allowed {
        return ApiError::OriginNotAllowed.into_response();
    }
    let mut response = if preflight {
        let mut r = StatusCode::NO_CONTENT.into_response();
        let h = r.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        r
    } else {
        next.run(request).await
    };
    if let (true, Some(origin)) = (allowed, origin.and_then(|o| HeaderValue::from_str(&o).ok())) {
        response
            .headers_mut()
            .insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
    }
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("origin"));
    response
}

fn display_host(host: &str) -> &str {
    match host {
        "0.0.0.0" | "::" | "" => "127.0.0.1",
        other => other,
    }
}

/// The server's own origin, plus its loopback alias (`localhost` ⇄ `127.0.0.1`).
fn own_origins(public_url: &str) -> Vec<AllowedOrigin> {
    let (scheme, rest) = public_url.split_once("://").unwrap_or(("http", public_url));
    let public_url = &format!("{scheme}://{}", rest.split('/').next().unwrap_or(rest));
    let mut origins: Vec<AllowedOrigin> = AllowedOrigin::parse(public_url).into_iter().collect();
    for (from, to) in [
        ("//127.0.0.1", "//localhost"),
        ("//localhost", "//127.0.0.1"),
    ] {
        if public_url.contains(from) {
            origins.extend(AllowedOrigin::parse(&public_url.replacen(from, to, 1)));
        }
    }
    origins
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_jobs_starts_none_and_otherwise_every_job_starts() {
        assert!(Job::to_start(true).is_empty());
        let all = Job::to_start(false);
        for job in [
            Job::ReservationExpiry,
            Job::ResumeNotifications,
            Job::StripeReconciliation,
            Job::Refunds,
        ] {
            assert!(all.contains(&job), "{job:?} starts");
        }
    }
}
