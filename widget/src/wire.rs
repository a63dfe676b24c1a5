//! Reads and writes the protocol's wire types through the browser's own `JSON`.
//!
//! The widget could derive all this with serde_json, but its parser, the serde visitors of
//! every type and the float formatting its error messages drag in made up about a quarter of
//! the wasm; `JSON.parse` plus a few field reads does the same job for a few kilobytes.
//! Readers are lenient where it is harmless: an unknown event type or a malformed product
//! card is skipped, so a newer server can add events without breaking older widgets.

use js_sys::{Array, Object, Reflect, JSON};
use shopchat_protocol::{
    CreateConversationResponse, Currency, MessageHistory, MessageView, Money, ProductCard, Role,
    StreamEvent,
};
use wasm_bindgen::JsValue;

/// Parses JSON text; `None` when it isn't JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// A JSON object of string fields, e.g. a request body.
pub fn object(fields: &[(&str, Option<&str>)]) -> String {
    let object = Object::new();
    for (key, value) in fields {
        let value = value.map_or(JsValue::NULL, JsValue::from_str);
        let _ = Reflect::set(&object, &JsValue::from_str(key), &value);
    }
    stringify(&object)
}

/// A JS value as JSON text (empty if it can't be written).
pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .unwrap_or_default()
}

pub fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn string(value: &JsValue, key: &str) -> Option<String> {
    field(value, key).as_string()
}

/// A whole number (JSON numbers are doubles; ids and amounts fit in 53 bits).
fn integer(value: &JsValue, key: &str) -> Option<i64> {
    let number = field(value, key).as_f64()?;
    (number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0).then_some(number as i64)
}

/// The items of an array field that `read` understands; none when the field is missing.
fn list<T>(value: &JsValue, key: &str, read: impl Fn(&JsValue) -> Option<T>) -> Vec<T> {
    let items = field(value, key);
    if !Array::is_array(&items) {
        return Vec::new();
    }
    Array::from(&items)
        .iter()
        .filter_map(|item| read(&item))
        .collect()
}

fn strings(value: &JsValue, key: &str) -> Vec<String> {
    list(value, key, JsValue::as_string)
}

pub fn money(value: &JsValue) -> Option<Money> {
    Some(Money {
        minor: integer(value, "minor")?,
        currency: Currency::parse(&string(value, "currency")?)?,
    })
}

pub fn product_card(value: &JsValue) -> Option<ProductCard> {
    Some(ProductCard {
        product_id: integer(value, "product_id")?,
        variant_id: integer(value, "variant_id")?,
        title: string(value, "title")?,
        price: money(&field(value, "price"))?,
        compare_at: money(&field(value, "compare_at")),
        image_url: string(value, "image_url"),
        image_alt: string(value, "image_alt"),
        url: string(value, "url")?,
        in_stock: field(value, "in_stock").as_bool()?,
        reason: string(value, "reason"),
    })
}

/// One event of a streamed reply; `None` for types this widget doesn't know.
pub fn stream_event(value: &JsValue) -> Option<StreamEvent> {
    Some(match string(value, "type")?.as_str() {
        "text" => StreamEvent::Text {
            delta: string(value, "delta")?,
        },
        "products" => StreamEvent::Products {
            items: list(value, "items", product_card),
        },
        "quick_replies" => StreamEvent::QuickReplies {
            items: strings(value, "items"),
        },
        "done" => StreamEvent::Done {
            message_id: integer(value, "message_id")?,
        },
        "error" => StreamEvent::Error {
            code: string(value, "code")?,
            message: string(value, "message").unwrap_or_default(),
        },
        _ => return None,
    })
}

fn message_view(value: &JsValue) -> Option<MessageView> {
    let role = match string(value, "role")?.as_str() {
        "shopper" => Role::Shopper,
        "assistant" => Role::Assistant,
        _ => return None,
    };
    Some(MessageView {
        id: integer(value, "id")?,
        role,
        text: string(value, "text")?,
        products: list(value, "products", product_card),
        quick_replies: strings(value, "quick_replies"),
        created_at: string(value, "created_at").unwrap_or_default(),
    })
}

pub fn history(value: &JsValue) -> Option<MessageHistory> {
    Array::is_array(&field(value, "messages")).then(|| MessageHistory {
        messages: list(value, "messages", message_view),
    })
}

pub fn created_conversation(value: &JsValue) -> Option<CreateConversationResponse> {
    Some(CreateConversationResponse {
        conversation_id: string(value, "conversation_id")?,
        token: string(value, "token")?,
        locale: string(value, "locale").unwrap_or_default(),
    })
}

/// The `code` of an `ErrorBody` (`{"error": {"code": …}}`).
pub fn error_code(value: &JsValue) -> Option<String> {
    string(&field(value, "error"), "code")
}
