//! Wire types of the help after the sale: the order status card the assistant shows (also
//! `GET /api/v1/orders/{order_id}/card` with the order token), its fulfilment and timeline.
//! Every `kind` and `state` is a stable code the widget translates; none is shopper text.

use serde::{Deserialize, Serialize};

use crate::{Breakdown, Money, OrderStatus};

/// An order as its status card shows it (`StreamEvent::Order`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderCard {
    /// Human-readable, per shop, e.g. `SC-1042`.
    pub order_number: String,
    pub status: OrderStatus,
    pub title: String,
    /// The chosen variant's option values, e.g. `["M", "Black"]`.
    pub options: Vec<String>,
    pub breakdown: Breakdown,
    /// Refunded so far (succeeded refunds only); zero when nothing was refunded.
    pub refunded: Money,
    pub fulfillment: Fulfillment,
    /// What happened to the order, oldest first.
    pub timeline: Vec<TimelineEntry>,
    /// Refund requests waiting for the merchant's decision.
    #[serde(default)]
    pub pending_refunds: Vec<PendingRefund>,
    /// RFC 3339.
    pub created_at: String,
    /// When a paid order not yet delivered should arrive, from the shop's delivery times.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arrives: Option<Arrival>,
}

/// A delivery window: the first and last day (`YYYY-MM-DD`, the shop's calendar).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Arrival {
    pub first: String,
    pub last: String,
}

/// Where the parcel is. Set by the merchant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fulfillment {
    pub state: FulfillmentState,
    #[serde(default)]
    pub carrier: Option<String>,
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// The carrier's tracking page (http or https only).
    #[serde(default)]
    pub tracking_url: Option<String>,
}

/// `unfulfilled` (not shipped yet), `fulfilled` (shipped), `delivered`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FulfillmentState {
    Unfulfilled,
    Fulfilled,
    Delivered,
}

/// One line of an order's timeline.
///
/// `kind` is one of these stable codes (translate them; show unknown ones as nothing):
/// - `created`: the order was placed;
/// - `paid`: the payment went through;
/// - `payment_failed`: a payment attempt was declined;
/// - `canceled`: the order was canceled;
/// - `fulfilled`: shipped (the card's `fulfillment` has carrier and tracking);
/// - `delivered`: delivered;
/// - `refund_requested`: a refund request now waits for the merchant (`amount` set);
/// - `refunded`: money went back to the shopper (`amount` set);
/// - `refund_denied`: the merchant declined a refund request (`amount` set);
/// - `disputed`: the payment is disputed with the bank.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// RFC 3339.
    pub at: String,
    pub kind: String,
    #[serde(default)]
    pub amount: Option<Money>,
}

/// A refund request waiting for the merchant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingRefund {
    pub amount: Money,
    /// Reason code (`damaged`, `wrong_item`, `not_as_described`, `changed_mind`, `late`, `other`).
    pub reason: String,
    /// RFC 3339.
    pub requested_at: String,
}
