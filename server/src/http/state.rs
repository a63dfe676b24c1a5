//! What every handler shares: the database pool, the settings and the widget's asset version.

use std::path::Path;
use std::sync::Arc;

use crate::assistant::llm::LlmEngine;
use crate::assistant::shop_engine::ShopEngines;
use crate::assistant::AssistantDeps;
use crate::catalog::search::SearchIndexes;
use crate::config::StripeSettings;
use crate::db::DbPool;
use crate::handoff::notify::Notifier;
use crate::handoff::HandoffDeps;
use crate::http::assets::WidgetAssets;
use crate::links::Links;
use crate::outbound::OutboundPolicy;
use crate::rate_limit::Limits;
use crate::sealed::SealingKey;
use crate::shop::AllowedOrigin;
use crate::stripe::ShopStripe;

#[derive(Clone)]
pub struct AppState {
    pub db: DbPool,
    /// The key the shops' secrets are sealed with in the database ([`crate::sealed`]).
    pub secrets: SealingKey,
    /// The public URL the server is reached at, and links made from it.
    pub links: Links,
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
    /// Where Stripe calls go; a shop's client is built from its own sealed secret key per call.
    pub stripe: ShopStripe,
    /// Sends the shops' handoff notifications in the background.
    pub notifier: Notifier,
    /// Where merchant-set URLs (notifications, a shop's own LLM) may point.
    pub outbound: OutboundPolicy,
}

impl AppState {
    /// State for work outside the HTTP server (evaluations, commands): links resolve against
    /// `public_url`, no widget build, the embedded engine only, no notifications to shops,
    /// and a throw-away sealing key.
    pub fn offline(db: DbPool, public_url: &str) -> Self {
        let secrets = SealingKey::ephemeral();
        AppState {
            db,
            secrets: secrets.clone(),
            links: Links::new(public_url),
            widget: Arc::new(WidgetAssets::default()),
            own_origins: Arc::new(Vec::new()),
            public_dir: Arc::from(Path::new("public")),
            search: SearchIndexes::new(),
            answers: crate::answers::AnswerIndexes::new(),
            llm: None,
            shop_engines: Arc::default(),
            limits: Arc::new(Limits::default()),
            stripe: ShopStripe {
                settings: StripeSettings::default(),
                secrets,
            },
            notifier: Notifier::disabled(),
            outbound: OutboundPolicy::default(),
        }
    }

    /// What the assistant uses of the server, for one turn.
    pub fn assistant(&self) -> AssistantDeps {
        AssistantDeps {
            db: self.db.clone(),
            secrets: self.secrets.clone(),
            links: self.links.clone(),
            search: self.search.clone(),
            answers: self.answers.clone(),
            llm: self.llm.clone(),
            shop_engines: self.shop_engines.clone(),
            stripe: self.stripe.clone(),
            notifier: self.notifier.clone(),
            outbound: self.outbound.clone(),
            order_proof_failures: self.limits.order_proof_failures,
        }
    }

    /// What handing a conversation to a person needs.
    pub fn handoff(&self) -> HandoffDeps<'_> {
        HandoffDeps {
            db: &self.db,
            notifier: &self.notifier,
            secrets: &self.secrets,
            links: &self.links,
        }
    }
}
