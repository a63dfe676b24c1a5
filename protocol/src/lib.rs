//! Wire format between the Shopchat widget and server: request and response bodies of the
//! widget API and the typed events of a streamed reply. Compiles to wasm and native alike.

use serde::{Deserialize, Serialize};

mod after_sale;
mod checkout;
#[cfg(feature = "web")]
pub mod display;
#[cfg(feature = "web")]
pub mod json;
mod sse;

pub use after_sale::{
    Arrival, Fulfillment, FulfillmentState, OrderCard, PendingRefund, TimelineEntry,
};

pub use sse::SseFrames;

pub use checkout::{
    Address, Breakdown, BuyingMode, CheckoutOffer, CreateOrderRequest, DemoConfirmRequest,
    DemoPaymentRequest, OrderCreated, OrderStatus, OrderView, PaymentOutcome, PaymentProvider,
    PaymentSession, VariantChoice,
};

/// The browser storage key under which the widget keeps the orders bought from `shop` (a JSON
/// array of `{"id", "token", "number"}`, newest last): their tokens prove them later.
pub fn orders_storage_key(shop: &str) -> String {
    ["shopchat:", shop, ":orders"].concat()
}

/// Largest message a shopper may send, in characters.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// An amount of money: integer minor units (cents) plus an ISO 4217 currency code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Money {
    /// Amount in the currency's minor unit (e.g. cents).
    pub minor: i64,
    /// ISO 4217 code, upper case (e.g. `USD`, `EUR`).
    pub currency: Currency,
}

/// An ISO 4217 currency code, stored inline so `Money` stays `Copy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency([u8; 3]);

impl Currency {
    /// Parses a three-letter code, case-insensitively.
    pub fn parse(code: &str) -> Option<Self> {
        let bytes = code.trim().as_bytes();
        if bytes.len() != 3 || !bytes.iter().all(u8::is_ascii_alphabetic) {
            return None;
        }
        Some(Self([
            bytes[0].to_ascii_uppercase(),
            bytes[1].to_ascii_uppercase(),
            bytes[2].to_ascii_uppercase(),
        ]))
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("XXX")
    }

    /// Number of minor-unit digits (ISO 4217 exponent).
    pub fn exponent(&self) -> u32 {
        match self.as_str() {
            "JPY" | "KRW" | "CLP" | "VND" | "ISK" | "HUF" | "TWD" | "UGX" | "XAF" | "XOF" => 0,
            "BHD" | "KWD" | "OMR" | "JOD" | "TND" => 3,
            _ => 2,
        }
    }
}

impl Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Currency::parse(&s)
            .ok_or_else(|| serde::de::Error::custom("invalid ISO 4217 currency code"))
    }
}

/// `POST /api/v1/conversations`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateConversationRequest {
    /// The shop's public key (`data-shop` of the script tag).
    pub shop: String,
    /// Shopper's language (`en`, `es`); the shop's default when absent.
    #[serde(default)]
    pub locale: Option<String>,
    /// What this client can show beyond text and product cards, e.g. [`FEATURE_CHECKOUT`].
    #[serde(default)]
    pub features: Vec<String>,
    /// Order tokens this client kept for this shop: each valid one proves its order to the
    /// new conversation, so "where is my order?" needs no email. Invalid ones are ignored.
    #[serde(default)]
    pub order_tokens: Vec<String>,
    /// The logged-in customer, as the page knows them (`Shopchat.identify` or the script tag's
    /// `data-customer-*`). Trusted only when `signature` verifies with the shop's secret.
    #[serde(default)]
    pub identity: Option<Identity>,
    /// Where the shopper is: the product page, the cart.
    #[serde(default)]
    pub context: Option<PageContext>,
}

/// `POST /api/v1/conversations/{id}/context`: the page the shopper is on now, sent when the
/// widget resumes a conversation on another page or the customer signs in or out. It replaces
/// what the conversation knew: an absent `identity` means nobody is signed in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdateContextRequest {
    #[serde(default)]
    pub identity: Option<Identity>,
    #[serde(default)]
    pub context: Option<PageContext>,
}

/// A shop's customer as the page names them. `signature` is HMAC-SHA256, in hex, keyed with the
/// shop's identity secret, of `id:email` (of `id` alone without an email), computed by the
/// merchant's server or theme, never in the browser.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Identity {
    pub id: String,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub signature: Option<String>,
}

/// The page a conversation is opened from.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PageContext {
    /// The product on screen: its handle or its catalog id (`data-product`).
    #[serde(default)]
    pub product: Option<String>,
    /// Items in the shopper's cart (`data-cart-count`).
    #[serde(default)]
    pub cart_count: Option<u32>,
}

/// A client that renders the in-chat checkout card (`StreamEvent::Checkout`).
pub const FEATURE_CHECKOUT: &str = "checkout";

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CreateConversationResponse {
    pub conversation_id: String,
    /// Bearer token proving the conversation is this shopper's. Keep it; it is shown once.
    pub token: String,
    pub locale: String,
}

/// `GET /api/v1/shops/{key}`: what a widget needs before it opens. Public information only.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ShopInfo {
    pub name: String,
    pub locale: String,
    pub currency: Currency,
    /// Versioned URL of the widget's JS glue (its wasm lies beside it).
    pub widget_js: String,
    /// Versioned URL of the widget's stylesheet.
    pub widget_css: String,
    /// The shop's brand colour, `#rrggbb`: the launcher's and the widget's `--sc-brand`.
    #[serde(default)]
    pub brand_color: Option<String>,
    /// Which bottom corner the launcher sits in: `left` or `right`.
    #[serde(default)]
    pub position: Option<String>,
    /// Text beside the launcher's icon; `None`: the icon alone.
    #[serde(default)]
    pub launcher_text: Option<String>,
}

/// `POST /api/v1/conversations/{id}/messages`
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SendMessageRequest {
    pub text: String,
}

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Shopper,
    Assistant,
    /// A person from the shop, replying through the admin API after a handoff.
    Merchant,
}

/// A product as the widget shows it on a card. All values come from the catalog.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProductCard {
    pub product_id: i64,
    /// The variant the card's price belongs to (the cheapest available one).
    pub variant_id: i64,
    pub title: String,
    pub price: Money,
    /// The "was" price, when the product is on sale.
    #[serde(default)]
    pub compare_at: Option<Money>,
    #[serde(default)]
    pub image_url: Option<String>,
    #[serde(default)]
    pub image_alt: Option<String>,
    /// Link to the product on the shop.
    pub url: String,
    pub in_stock: bool,
    /// Why the assistant picked it, in the shopper's language (e.g. "matches 'hoodie'").
    #[serde(default)]
    pub reason: Option<String>,
}

/// A link in a reply: where it goes (`https://` only) and what it says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub url: String,
    pub label: String,
}

/// One event of a streamed reply (`text/event-stream`). The SSE `event:` field carries
/// the same name as the `type` tag; `data:` carries this value as JSON.
// Events are built, sent and dropped one at a time; boxing the order card would only add an
// allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StreamEvent {
    /// A piece of the reply text, to append to what came before.
    Text { delta: String },
    /// Product cards to show below the reply text.
    Products { items: Vec<ProductCard> },
    /// Suggested replies the shopper can tap.
    QuickReplies { items: Vec<String> },
    /// A checkout card for one product (from the assistant's `start_checkout`).
    Checkout { offer: CheckoutOffer },
    /// An order's status card (from the assistant's order tools).
    Order { order: OrderCard },
    /// The conversation was handed to a person from the shop. `expected_reply` says, in the
    /// shopper's language, when to expect their reply (e.g. "A person from the shop will reply
    /// here, usually within a few hours."). Their replies arrive as `merchant` messages in the
    /// history (`GET …/messages?after=<id>`).
    Handoff { expected_reply: String },
    /// Links the reply's text names that the shop itself wrote (its FAQ answers), to show as
    /// links the shopper can open.
    Links { links: Vec<Link> },
    /// The reply is complete and stored under this id.
    Done { message_id: i64 },
    /// The reply failed; `code` is stable and translatable.
    Error { code: String, message: String },
}

impl StreamEvent {
    /// The SSE `event:` name.
    pub fn name(&self) -> &'static str {
        match self {
            StreamEvent::Text { .. } => "text",
            StreamEvent::Products { .. } => "products",
            StreamEvent::QuickReplies { .. } => "quick_replies",
            StreamEvent::Checkout { .. } => "checkout",
            StreamEvent::Order { .. } => "order",
            StreamEvent::Handoff { .. } => "handoff",
            StreamEvent::Links { .. } => "links",
            StreamEvent::Done { .. } => "done",
            StreamEvent::Error { .. } => "error",
        }
    }
}

/// A stored message, as `GET /api/v1/conversations/{id}/messages` returns it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub role: Role,
    pub text: String,
    #[serde(default)]
    pub products: Vec<ProductCard>,
    #[serde(default)]
    pub quick_replies: Vec<String>,
    /// RFC 3339 timestamp.
    pub created_at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MessageHistory {
    pub messages: Vec<MessageView>,
    /// True while the conversation waits for a person from the shop: a widget reopened after
    /// a handoff keeps checking for their reply (`?after=<last id>`).
    #[serde(default)]
    pub awaiting_person: bool,
}

/// Body of `POST /api/v1/conversations/{id}/events`: something the shopper did in the widget
/// that the shop counts, e.g. `{"type": "card_click", "product_id": 12}`. An unknown `type` is
/// refused with 400 `invalid_request`; the answer to a good one is 204.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum WidgetEvent {
    /// The shopper opened a product card's link.
    CardClick { product_id: i64 },
}

/// Body of every error response: `{"error": {"code": "...", "message": "..."}}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ErrorDetail {
    /// Stable snake_case code the widget switches on and translates.
    pub code: String,
    pub message: String,
    /// For `invalid_fields`: which fields are wrong and why (stable codes, e.g.
    /// `{"field": "email", "code": "invalid_email"}`), for inline errors.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub code: String,
}

/// The payload of one SSE frame: its `data:` lines joined by newlines. `None` for frames
/// without data (comments, keep-alives).
pub fn sse_frame_data(frame: &str) -> Option<String> {
    let mut data: Option<String> = None;
    for line in frame.lines() {
        if let Some(rest) = line.strip_prefix("data:") {
            let rest = rest.strip_prefix(' ').unwrap_or(rest);
            match data.as_mut() {
                Some(data) => {
                    data.push('\n');
                    data.push_str(rest);
                }
                None => data = Some(rest.to_owned()),
            }
        }
    }
    data.filter(|d| !d.is_empty())
}

/// Parses one SSE frame into an event; `None` for comments and keep-alives.
pub fn parse_sse_frame(frame: &str) -> Option<Result<StreamEvent, String>> {
    let data = sse_frame_data(frame)?;
    Some(serde_json::from_str(&data).map_err(|e| e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currency_parses_case_insensitively_and_rejects_junk() {
        assert_eq!(
            Currency::parse("eur").map(|c| c.as_str().to_owned()),
            Some("EUR".into())
        );
        assert!(Currency::parse("EURO").is_none());
        assert!(Currency::parse("E1R").is_none());
        assert_eq!(Currency::parse("JPY").map(|c| c.exponent()), Some(0));
    }

    #[test]
    fn stream_events_are_tagged_by_type() {
        let event = StreamEvent::Text { delta: "Hi".into() };
        let json = serde_json::to_string(&event).unwrap();
        assert_eq!(json, r#"{"type":"text","delta":"Hi"}"#);
        assert_eq!(event.name(), "text");
        let handoff = StreamEvent::Handoff {
            expected_reply: "Soon.".into(),
        };
        assert_eq!(
            serde_json::to_string(&handoff).unwrap(),
            r#"{"type":"handoff","expected_reply":"Soon."}"#
        );
        assert_eq!(handoff.name(), "handoff");
        assert_eq!(
            serde_json::to_string(&Role::Merchant).unwrap(),
            r#""merchant""#
        );
    }

    #[test]
    fn an_sse_frame_parses_back_into_its_event() {
        let frame = "event: done\ndata: {\"type\":\"done\",\"message_id\":7}\n";
        assert_eq!(
            parse_sse_frame(frame),
            Some(Ok(StreamEvent::Done { message_id: 7 }))
        );
        assert_eq!(parse_sse_frame(": keep-alive\n"), None);
    }
}
