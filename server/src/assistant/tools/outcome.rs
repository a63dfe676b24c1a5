//! What a tool call did: events for the shopper, the result as a model sees it, and the
//! result as the embedded engine phrases it.

use serde_json::{json, Value};
use shopchat_protocol::{CheckoutOffer, OrderCard, ProductCard, StreamEvent};

use super::ProofProblem;
use crate::refunds::{CancelResult, RefundResult};

/// What a tool did, for the shopper (events) and for whoever phrases the reply.
#[derive(Debug, Clone)]
pub struct ToolOutcome {
    /// Events to show the shopper (product cards…), in order.
    pub events: Vec<StreamEvent>,
    /// The result as a model sees it.
    pub for_model: Value,
    /// The result as the embedded engine phrases it.
    pub kind: OutcomeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OutcomeKind {
    /// Products matched, in the order shown.
    Found { cards: Vec<ProductCard> },
    /// Nothing matched the request as asked; `closest` are the nearest alternatives, already
    /// marked as such (they break a constraint the shopper set, which the reply must say).
    NothingFound { closest: Vec<ProductCard> },
    /// One product's details.
    Product {
        card: Box<ProductCard>,
        detail: ProductDetail,
    },
    /// The product doesn't exist in this shop (or isn't for sale).
    NoSuchProduct,
    /// A checkout card for the product is on screen.
    Checkout { offer: Box<CheckoutOffer> },
    /// This capability isn't available in this shop yet.
    Unavailable { feature: &'static str },
    /// The conversation was handed to a person (or already was: `first` is false).
    HandedOff {
        first: bool,
        /// What the shopper is told: who has it, when to expect a reply, where it appears.
        notice: String,
        /// When to expect a reply (the `handoff` event's text).
        expected_reply: String,
    },
    /// An order's status card is on screen.
    OrderShown { card: Box<OrderCard> },
    /// A refund or cancellation of an order the chat can't act on (a Shopify order) went to
    /// the shop's team; its card is on screen and nothing was changed.
    OrderHandedOff {
        card: Box<OrderCard>,
        /// What the shopper is told about the handoff.
        notice: String,
        /// When to expect a reply (the `handoff` event's text).
        expected_reply: String,
    },
    /// The order tools need the order proven first (or the proof failed).
    ProofNeeded { problem: ProofProblem },
    /// A refund request was decided under the policy.
    RefundDecided {
        card: Box<OrderCard>,
        result: RefundResult,
    },
    /// A refund or cancellation waits for the shopper's yes (`crate::assistant::consent`).
    ConfirmationNeeded {
        card: Box<OrderCard>,
        offer: crate::assistant::consent::Offer,
    },
    /// The shop's own answer to a question about it, with where it comes from.
    Answered {
        source: &'static str,
        answer: String,
    },
    /// Nothing the shop wrote answers the question.
    NotAnswered,
    /// A cancellation was decided.
    CancelDecided {
        card: Box<OrderCard>,
        result: CancelResult,
    },
}

/// Facts about one product, all from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDetail {
    pub description: String,
    pub product_type: String,
    pub vendor: String,
    /// (option name, values offered) for each option, e.g. ("Size", ["S", "M"]).
    pub options: Vec<(String, Vec<String>)>,
    /// Option values of variants that can be bought now.
    pub in_stock_values: Vec<String>,
    /// Each variant that can be bought now, by its option values ("Lavender", "M").
    pub in_stock_variants: Vec<Vec<String>>,
}

/// A tool this shop's chat can't offer (yet).
pub(super) fn unavailable(feature: &'static str) -> ToolOutcome {
    ToolOutcome {
        events: vec![],
        for_model: json!({"status": "unavailable", "detail": format!("{feature} is not available in this shop's chat yet; say so honestly")}),
        kind: OutcomeKind::Unavailable { feature },
    }
}
