//! What every handler shares: the database pool, the settings and the widget's asset version.

use std::path::Path;
use std::sync::Arc;

use crate::assets::WidgetAssets;
use crate::assistant::llm::LlmEngine;
use crate::assistant::shop_engine::ShopEngines;
use crate::catalog::search::SearchIndexes;
use crate::db::DbPool;
use crate::handoff::notify::Notifier;
use crate::outbound::OutboundPolicy;
use crate::rate_limit::Limits;
use crate::sealed::SealingKey;
use crate::shop::AllowedOrigin;
use crate::stripe::StripeSettings;

#[derive(Clone)]
pub struct AppState {
    pub db: DbPool,
    /// The key the shops' secrets are sealed with in the database ([`crate::sealed`]).
    pub secrets: SealingKey,
    /// Base URL the server is reached at, without a trailing slash (e.g. `http://127.0.0.1:8080`).
    pub public_url: Arc<str>,
    pub widget: Arc<WidgetAssets>,
    /// Origins of this server itself (the public URL, and its loopback aliases).
    pub own_origins: Arc<Vec<AllowedOrigin>>,
    /// Directory of the static files (`embed.js`, the demo storefront).
    pub public_dir: Arc<Path>,
    /// Each shop's catalog search index, built on first use.
    pub search: SearchIndexes,
    /// Each shop's index of its own answers (policies, FAQ), rebuilt when they change.
    pub answers: crate::answers::AnswerIndexes,
    /// The LLM engine, when one is configured.
    pub llm: Option<Arc<LlmEngine>>,
    /// Engines built from shops' own LLM settings (the merchant page), which win when set.
    pub shop_engines: Arc<ShopEngines>,
    /// Request limits of the widget API.
    pub limits: Arc<Limits>,
    /// Where Stripe calls go; a shop's client is built from its own secret key per call.
    pub stripe: StripeSettings,
    /// Sends the shops' handoff notifications in the background.
    pub notifier: Notifier,
    /// Where merchant-set URLs (notifications, a shop's own LLM) may point.
    pub outbound: OutboundPolicy,
}

impl AppState {
    /// State for work outside the HTTP server (evaluations, commands): links resolve against
    /// `public_url`, no widget build, the embedded engine only, no notifications to shops,
    /// and a throw-away sealing key (set `secrets` for a database that holds sealed ones).
    pub fn offline(db: DbPool, public_url: &str) -> Self {
        AppState {
            db,
            secrets: SealingKey::ephemeral(),
            public_url: public_url.trim_end_matches('/').into(),
            widget: Arc::new(WidgetAssets::default()),
            own_origins: Arc::new(Vec::new()),
            public_dir: Arc::from(Path::new("public")),
            search: SearchIndexes::new(),
            answers: crate::answers::AnswerIndexes::new(),
            llm: None,
            shop_engines: Arc::default(),
            limits: Arc::new(Limits::default()),
            stripe: StripeSettings::default(),
            notifier: Notifier::disabled(),
            outbound: OutboundPolicy::default(),
        }
    }

    /// Makes a root-relative path absolute against the public URL; absolute URLs pass through.
    pub fn absolute_url(&self, path_or_url: &str) -> String {
        if path_or_url.starts_with('/') {
            format!("{}{}", self.public_url, path_or_url)
        } else {
            path_or_url.to_owned()
        }
    }
}
