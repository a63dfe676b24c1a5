//! Reads the commerce cards' wire types, and writes their request bodies, through the browser's
//! own `JSON` (see `shopchat_protocol::json` for why not serde_json: it would double this
//! module). Each reader returns `None` when a required field is missing or malformed.

use js_sys::Object;
use shopchat_protocol::json::{
    boolean, field, integer, list, money, set, string, stringify, strings,
};
use shopchat_protocol::{
    Breakdown, BuyingMode, CheckoutOffer, FieldError, Fulfillment, FulfillmentState, OrderCard,
    OrderCreated, OrderStatus, OrderView, PaymentOutcome, PaymentProvider, PaymentSession,
    PendingRefund, TimelineEntry, VariantChoice,
};
use wasm_bindgen::JsValue;

pub use shopchat_protocol::json::parse;

pub fn checkout_offer(v: &JsValue) -> Option<CheckoutOffer> {
    Some(CheckoutOffer {
        product_id: integer(v, "product_id")?,
        title: string(v, "title")?,
        image_url: string(v, "image_url"),
        option_names: strings(v, "option_names"),
        variants: list(v, "variants", variant_choice),
        selected_variant_id: integer(v, "selected_variant_id"),
        requires_shipping: boolean(v, "requires_shipping")?,
        provider: provider(v)?,
        test_mode: boolean(v, "test_mode")?,
        stripe_publishable_key: string(v, "stripe_publishable_key"),
        buying_mode: string(v, "buying_mode")
            .and_then(|m| BuyingMode::parse(&m))
            .unwrap_or_default(),
        handle: string(v, "handle"),
        cart_url_template: string(v, "cart_url_template"),
    })
}

fn variant_choice(v: &JsValue) -> Option<VariantChoice> {
    Some(VariantChoice {
        variant_id: integer(v, "variant_id")?,
        options: strings(v, "options"),
        price: money(&field(v, "price"))?,
        available: boolean(v, "available")?,
        sku: string(v, "sku"),
    })
}

fn provider(v: &JsValue) -> Option<PaymentProvider> {
    match string(v, "provider")?.as_str() {
        "demo" => Some(PaymentProvider::Demo),
        "stripe" => Some(PaymentProvider::Stripe),
        _ => None,
    }
}

pub fn breakdown(v: &JsValue) -> Option<Breakdown> {
    Some(Breakdown {
        subtotal: money(&field(v, "subtotal"))?,
        shipping: money(&field(v, "shipping"))?,
        tax: money(&field(v, "tax"))?,
        tax_inclusive: boolean(v, "tax_inclusive")?,
        total: money(&field(v, "total"))?,
    })
}

pub fn status(v: &JsValue) -> Option<OrderStatus> {
    Some(match string(v, "status")?.as_str() {
        "awaiting_payment" => OrderStatus::AwaitingPayment,
        "paid" => OrderStatus::Paid,
        "fulfilled" => OrderStatus::Fulfilled,
        "payment_failed" => OrderStatus::PaymentFailed,
        "canceled" => OrderStatus::Canceled,
        "partially_refunded" => OrderStatus::PartiallyRefunded,
        "refunded" => OrderStatus::Refunded,
        "disputed" => OrderStatus::Disputed,
        _ => return None,
    })
}

pub fn order_view(v: &JsValue) -> Option<OrderView> {
    Some(OrderView {
        order_id: string(v, "order_id")?,
        order_number: string(v, "order_number")?,
        status: status(v)?,
        title: string(v, "title")?,
        options: strings(v, "options"),
        email: string(v, "email").unwrap_or_default(),
        breakdown: breakdown(&field(v, "breakdown"))?,
        created_at: string(v, "created_at").unwrap_or_default(),
    })
}

fn payment_session(v: &JsValue) -> Option<PaymentSession> {
    Some(PaymentSession {
        provider: provider(v)?,
        client_secret: string(v, "client_secret"),
        stripe_publishable_key: string(v, "stripe_publishable_key"),
        stripe_js_url: string(v, "stripe_js_url"),
        test_mode: boolean(v, "test_mode")?,
    })
}

pub fn order_created(v: &JsValue) -> Option<OrderCreated> {
    Some(OrderCreated {
        order: order_view(&field(v, "order"))?,
        payment: payment_session(&field(v, "payment"))?,
        order_token: string(v, "order_token")?,
    })
}

pub fn payment_outcome(v: &JsValue) -> Option<PaymentOutcome> {
    Some(match string(v, "outcome")?.as_str() {
        "paid" => PaymentOutcome::Paid {
            order: order_view(&field(v, "order"))?,
        },
        "declined" => PaymentOutcome::Declined {
            decline_code: string(v, "decline_code")?,
        },
        "requires_action" => PaymentOutcome::RequiresAction,
        _ => return None,
    })
}

/// The code and field errors of an error body (`{"error": {"code", "fields"}}`).
pub fn error(v: &JsValue) -> Option<(String, Vec<FieldError>)> {
    let detail = field(v, "error");
    let fields = list(&detail, "fields", |f| {
        Some(FieldError {
            field: string(f, "field")?,
            code: string(f, "code")?,
        })
    });
    Some((string(&detail, "code")?, fields))
}

/// A JSON object from `(key, value)` pairs; `null` values are left out.
pub fn body(fields: &[(&str, JsValue)]) -> String {
    stringify(&object(fields))
}

pub fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        if !value.is_null() {
            set(&object, key, value);
        }
    }
    object
}

pub fn order_card(v: &JsValue) -> Option<OrderCard> {
    let f = field(v, "fulfillment");
    Some(OrderCard {
        order_number: string(v, "order_number")?,
        status: status(v)?,
        title: string(v, "title")?,
        options: strings(v, "options"),
        breakdown: breakdown(&field(v, "breakdown"))?,
        refunded: money(&field(v, "refunded"))?,
        fulfillment: Fulfillment {
            state: match string(&f, "state")?.as_str() {
                "unfulfilled" => FulfillmentState::Unfulfilled,
                "fulfilled" => FulfillmentState::Fulfilled,
                "delivered" => FulfillmentState::Delivered,
                _ => return None,
            },
            carrier: string(&f, "carrier"),
            tracking_number: string(&f, "tracking_number"),
            tracking_url: string(&f, "tracking_url"),
        },
        timeline: list(v, "timeline", |t| {
            Some(TimelineEntry {
                at: string(t, "at")?,
                kind: string(t, "kind")?,
                amount: money(&field(t, "amount")),
            })
        }),
        pending_refunds: list(v, "pending_refunds", |p| {
            Some(PendingRefund {
                amount: money(&field(p, "amount"))?,
                reason: string(p, "reason").unwrap_or_default(),
                requested_at: string(p, "requested_at").unwrap_or_default(),
            })
        }),
        created_at: string(v, "created_at").unwrap_or_default(),
        arrives: {
            let a = field(v, "arrives");
            string(&a, "first")
                .zip(string(&a, "last"))
                .map(|(first, last)| shopchat_protocol::Arrival { first, last })
        },
    })
}

/// The messages of a history answer as `(id, role, text)`.
pub fn messages(v: &JsValue) -> Vec<(i64, String, String)> {
    list(v, "messages", |m| {
        Some((integer(m, "id")?, string(m, "role")?, string(m, "text")?))
    })
}
