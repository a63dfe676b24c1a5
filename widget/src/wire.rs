//! Reads the chat's wire types through the browser's own `JSON` (see `shopchat_protocol::json`
//! for why not serde_json). Lenient where it is harmless: an unknown event type or a malformed
//! product card is skipped, so a newer server can add events without breaking older widgets.

use js_sys::Array;
use shopchat_protocol::{
    CreateConversationResponse, MessageHistory, MessageView, ProductCard, Role, StreamEvent,
};
use wasm_bindgen::JsValue;

pub use shopchat_protocol::json::{
    field, integer, list, money, object, parse, string, stringify, strings,
};

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
        "merchant" => Role::Merchant,
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
        awaiting_person: field(value, "awaiting_person").is_truthy(),
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
