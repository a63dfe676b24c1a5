//! The classes the `intents` evaluation scores, and how Bitext gold labels and the engine's
//! intents map onto them.

use crate::nlu::Intent;

/// The classes scored: the five acted intents and everything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    OrderStatus,
    Refund,
    Cancel,
    Human,
    Buy,
    Other,
}

impl Label {
    pub const ALL: [Label; 6] = [
        Label::OrderStatus,
        Label::Refund,
        Label::Cancel,
        Label::Human,
        Label::Buy,
        Label::Other,
    ];
    /// The intents the macro-F1 averages over.
    pub const ACTED: [Label; 5] = [
        Label::OrderStatus,
        Label::Refund,
        Label::Cancel,
        Label::Human,
        Label::Buy,
    ];

    /// A gold label of the Bitext taxonomy.
    pub fn from_gold(intent: &str) -> Label {
        match intent.trim() {
            "track_order" => Label::OrderStatus,
            "get_refund" | "track_refund" | "check_refund_policy" => Label::Refund,
            "cancel_order" => Label::Cancel,
            "contact_human_agent" | "contact_customer_service" => Label::Human,
            "place_order" => Label::Buy,
            _ => Label::Other,
        }
    }

    /// A predicted intent.
    pub fn from_intent(intent: Intent) -> Label {
        match intent {
            Intent::OrderStatus => Label::OrderStatus,
            Intent::Refund | Intent::RefundInfo => Label::Refund,
            Intent::Cancel | Intent::CancelInfo => Label::Cancel,
            Intent::Human => Label::Human,
            Intent::Buy => Label::Buy,
            Intent::Browse
            | Intent::ProductQuestion
            | Intent::Greeting
            | Intent::Thanks
            | Intent::PaymentProblem
            | Intent::ShopInfo
            | Intent::OutOfScope => Label::Other,
        }
    }

    pub(crate) fn index(self) -> usize {
        Label::ALL.iter().position(|l| *l == self).unwrap_or(5)
    }

    pub fn name(self) -> &'static str {
        match self {
            Label::OrderStatus => "order status",
            Label::Refund => "refund",
            Label::Cancel => "cancel",
            Label::Human => "human",
            Label::Buy => "buy",
            Label::Other => "other",
        }
    }
}
