//! What the assistant uses of the server: the database and the shop's sealed secrets, the
//! search and answer indexes, the LLM engines, links for cards, Stripe for refunds, the
//! notifier for handoffs and the policy for merchant-set URLs. Built from the server's state
//! per turn (every part is shared, cheap to clone); the assistant never sees the HTTP side.

use std::sync::Arc;

use super::llm::LlmEngine;
use super::shop_engine::ShopEngines;
use crate::answers::AnswerIndexes;
use crate::catalog::search::SearchIndexes;
use crate::db::DbPool;
use crate::handoff::notify::Notifier;
use crate::handoff::HandoffDeps;
use crate::links::Links;
use crate::outbound::OutboundPolicy;
use crate::sealed::SealingKey;
use crate::stripe::ShopStripe;

#[derive(Clone)]
pub struct AssistantDeps {
    pub db: DbPool,
    /// The key the shops' secrets (their own LLM key, Shopify token) are sealed with.
    pub secrets: SealingKey,
    pub links: Links,
    pub search: SearchIndexes,
    pub answers: AnswerIndexes,
    /// The server's LLM engine, when one is configured.
    pub llm: Option<Arc<LlmEngine>>,
    /// Engines built from shops' own LLM settings, which win when set.
    pub shop_engines: Arc<ShopEngines>,
    /// Where refunds go when the shopper says yes.
    pub stripe: ShopStripe,
    pub notifier: Notifier,
    pub outbound: OutboundPolicy,
    /// Failed order proofs allowed per conversation and per order number (see
    /// `orders::ownership`).
    pub order_proof_failures: i64,
}

impl AssistantDeps {
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
