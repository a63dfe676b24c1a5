//! Wire types of the in-chat checkout: the offer the widget turns into a checkout card, the
//! order a shopper creates from it, the payment step, and the order as the shopper sees it.
//! Amounts are always computed by the server; nothing a client sends sets a price, and the
//! request bodies refuse unknown fields, so a stray `amount` or `price` is an error, not ignored.

use serde::{Deserialize, Serialize};

use crate::Money;

/// Which payment provider takes the money for an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentProvider {
    /// The built-in test gateway: test card numbers only, no real charge.
    Demo,
    Stripe,
}

/// How a shop's shoppers buy: paying in the chat (the demo gateway or Stripe), through the
/// store's own cart (a Shopify storefront's, or a cart URL), or either.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BuyingMode {
    #[default]
    Chat,
    Cart,
    Both,
}

impl BuyingMode {
    /// The stored and wire name: `chat`, `cart` or `both`.
    pub fn code(self) -> &'static str {
        match self {
            BuyingMode::Chat => "chat",
            BuyingMode::Cart => "cart",
            BuyingMode::Both => "both",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "chat" => BuyingMode::Chat,
            "cart" => BuyingMode::Cart,
            "both" => BuyingMode::Both,
            _ => return None,
        })
    }

    /// Whether the chat takes the payment itself.
    pub fn pays_in_chat(self) -> bool {
        self != BuyingMode::Cart
    }

    /// Whether the card offers the store's cart.
    pub fn uses_store_cart(self) -> bool {
        self != BuyingMode::Chat
    }
}

/// A product offered for checkout, with every variant the shopper can choose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckoutOffer {
    pub product_id: i64,
    pub title: String,
    #[serde(default)]
    pub image_url: Option<String>,
    /// Option names in order, e.g. `["Size", "Color"]` (empty for a single-variant product).
    pub option_names: Vec<String>,
    pub variants: Vec<VariantChoice>,
    /// The variant to preselect (e.g. the one on the card that was clicked).
    #[serde(default)]
    pub selected_variant_id: Option<i64>,
    /// Whether a shipping address is needed.
    pub requires_shipping: bool,
    pub provider: PaymentProvider,
    /// True for the demo gateway and Stripe test keys: the widget says "Test mode — no real charge".
    pub test_mode: bool,
    /// Stripe's publishable key, when the provider is Stripe.
    #[serde(default)]
    pub stripe_publishable_key: Option<String>,
    /// How the shop sells (`chat` when an older server leaves it out).
    #[serde(default)]
    pub buying_mode: BuyingMode,
    /// The product's handle in the store: a Shopify storefront's `/products/{handle}.js`.
    #[serde(default)]
    pub handle: Option<String>,
    /// The shop's cart URL, with `{variant}` or `{sku}` and optionally `{qty}`, `{handle}`.
    #[serde(default)]
    pub cart_url_template: Option<String>,
}

/// One variant as the checkout card lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VariantChoice {
    pub variant_id: i64,
    /// Option values in the order of `option_names`.
    pub options: Vec<String>,
    pub price: Money,
    /// False when sold out.
    pub available: bool,
    /// The variant's SKU, for a cart URL with `{sku}`.
    #[serde(default)]
    pub sku: Option<String>,
}

/// A shipping address as the shopper typed it; the server validates it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Address {
    pub name: String,
    pub line1: String,
    #[serde(default)]
    pub line2: Option<String>,
    pub city: String,
    pub postal_code: String,
    /// ISO 3166-1 alpha-2, e.g. `US`, `ES`.
    pub country: String,
}

/// `POST /api/v1/conversations/{id}/orders` (conversation bearer token).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateOrderRequest {
    pub variant_id: i64,
    pub email: String,
    #[serde(default)]
    pub shipping_address: Option<Address>,
    /// Chosen by the client once per checkout attempt: the same key returns the same order,
    /// so a double-click on Pay creates one order and one payment.
    pub idempotency_key: String,
}

/// What an order costs, as computed by the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Breakdown {
    pub subtotal: Money,
    pub shipping: Money,
    pub tax: Money,
    /// True when `tax` is already included in `subtotal` (shown as "incl. tax").
    pub tax_inclusive: bool,
    pub total: Money,
}

/// How the widget takes the payment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentSession {
    pub provider: PaymentProvider,
    /// Stripe's PaymentIntent client secret (Stripe only).
    #[serde(default)]
    pub client_secret: Option<String>,
    #[serde(default)]
    pub stripe_publishable_key: Option<String>,
    /// Where the widget loads Stripe.js from (Stripe only; `https://js.stripe.com/v3/` unless
    /// the server is configured otherwise).
    #[serde(default)]
    pub stripe_js_url: Option<String>,
    pub test_mode: bool,
}

/// The answer to a created order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderCreated {
    pub order: OrderView,
    pub payment: PaymentSession,
    /// Proves the order is this shopper's; keep it (per shop) for later questions.
    pub order_token: String,
}

/// An order's state as the shopper sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    AwaitingPayment,
    Paid,
    Fulfilled,
    PaymentFailed,
    Canceled,
    PartiallyRefunded,
    Refunded,
    Disputed,
}

impl OrderStatus {
    /// The stored and wire name, e.g. `awaiting_payment`.
    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::AwaitingPayment => "awaiting_payment",
            OrderStatus::Paid => "paid",
            OrderStatus::Fulfilled => "fulfilled",
            OrderStatus::PaymentFailed => "payment_failed",
            OrderStatus::Canceled => "canceled",
            OrderStatus::PartiallyRefunded => "partially_refunded",
            OrderStatus::Refunded => "refunded",
            OrderStatus::Disputed => "disputed",
        }
    }
}

/// `GET /api/v1/orders/{order_id}` (order bearer token), and inside other answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrderView {
    /// Opaque id used in URLs.
    pub order_id: String,
    /// Human-readable, per shop, e.g. `SC-1042`.
    pub order_number: String,
    pub status: OrderStatus,
    pub title: String,
    /// The chosen variant's option values, e.g. `["M", "Black"]`.
    pub options: Vec<String>,
    pub email: String,
    pub breakdown: Breakdown,
    /// RFC 3339.
    pub created_at: String,
}

/// `POST /api/v1/orders/{order_id}/demo-payments` (order bearer token): pay with a test card.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoPaymentRequest {
    pub card_number: String,
    /// `MM/YY`
    pub expiry: String,
    pub cvc: String,
}

/// `POST /api/v1/orders/{order_id}/demo-payments/confirm`: the shopper's answer to the
/// confirmation step (the demo's stand-in for 3-D Secure).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DemoConfirmRequest {
    pub approve: bool,
}

/// The outcome of a payment attempt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum PaymentOutcome {
    Paid {
        order: OrderView,
    },
    /// Declined; `decline_code` is stable and translatable (`card_declined`, `expired_card`,
    /// `incorrect_cvc`, `invalid_number`…). The shopper may try again.
    Declined {
        decline_code: String,
    },
    /// The bank wants the shopper to confirm (3-D Secure); ask, then call confirm.
    RequiresAction,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_offer_from_an_older_server_sells_in_the_chat() {
        let old = r#"{"product_id":1,"title":"Tee","option_names":[],"requires_shipping":true,
            "variants":[{"variant_id":2,"options":[],"price":{"minor":100,"currency":"USD"},"available":true}],
            "provider":"demo","test_mode":true}"#;
        let offer: CheckoutOffer = serde_json::from_str(old).expect("an older offer parses");
        assert_eq!(offer.buying_mode, BuyingMode::Chat);
        assert_eq!(offer.handle, None);
        assert_eq!(offer.variants[0].sku, None);
    }

    #[test]
    fn an_order_request_naming_its_own_price_is_refused() {
        let honest = r#"{"variant_id":1,"email":"a@b.co","idempotency_key":"k"}"#;
        assert!(serde_json::from_str::<CreateOrderRequest>(honest).is_ok());
        for field in ["amount", "price", "currency", "total"] {
            let tampered =
                format!(r#"{{"variant_id":1,"email":"a@b.co","idempotency_key":"k","{field}":1}}"#);
            assert!(
                serde_json::from_str::<CreateOrderRequest>(&tampered).is_err(),
                "{field} was accepted"
            );
        }
        let nested = r#"{"variant_id":1,"email":"a@b.co","idempotency_key":"k",
            "shipping_address":{"name":"A","line1":"1 St","city":"C","postal_code":"1","country":"US","price":1}}"#;
        assert!(serde_json::from_str::<CreateOrderRequest>(nested).is_err());
    }
}
