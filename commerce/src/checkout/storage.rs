//! What the checkout keeps in this browser: the tokens of the orders bought here, per shop, in
//! `localStorage` under `orders_storage_key` (the chat reads them back when it opens a
//! conversation).

use js_sys::Array;
use shopchat_protocol::{orders_storage_key, OrderView};

use crate::wire;

/// Remembers the order's token in this browser (see `orders_storage_key`): it proves the
/// order is the shopper's when they come back to ask about it. The newest 20 are kept.
pub(super) fn keep_order(shop: &str, order: &OrderView, token: &str) {
    let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) else {
        return;
    };
    let key = orders_storage_key(shop);
    let kept = storage
        .get_item(&key)
        .ok()
        .flatten()
        .and_then(|json| wire::parse(&json))
        .filter(Array::is_array)
        .map(|list| Array::from(&list))
        .unwrap_or_default();
    let orders: Array = kept
        .iter()
        .filter(|kept| {
            shopchat_protocol::json::string(kept, "id").as_deref() != Some(&order.order_id)
        })
        .collect();
    orders.push(&wire::object(&[
        ("id", order.order_id.as_str().into()),
        ("token", token.into()),
        ("number", order.order_number.as_str().into()),
    ]));
    let newest = orders.slice(orders.length().saturating_sub(20), orders.length());
    let _ = storage.set_item(&key, &shopchat_protocol::json::stringify(&newest));
}
