//! The events the card reacts to — the shopper's submits, option changes and button clicks,
//! each turned into a step of the state machine or a request — and the ones it tells the host
//! page (`buy`, `purchase`).

use js_sys::{Array, Function, Object, Reflect};
use shopchat_protocol::{OrderView, VariantChoice};
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, FormData, HtmlFormElement};

use super::state::Submit;
use super::{network, view, Shared};
use crate::wire;

/// One listener per kind of event on the card's root: forms submit, selects change, buttons act.
pub(super) fn listen(card: &Shared, root: &web_sys::HtmlElement) {
    let on = |kind: &str, handler: fn(&Shared, Event)| {
        let card = card.clone();
        let closure = Closure::<dyn FnMut(Event)>::new(move |event: Event| handler(&card, event));
        let _ = root.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
        // The card lives as long as its element, which the chat keeps.
        closure.forget();
    };
    on("submit", on_submit);
    on("change", on_change);
    on("click", on_click);
}

fn on_submit(card: &Shared, event: Event) {
    event.prevent_default();
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
    else {
        return;
    };
    let submit = card.borrow().state.submitted();
    match submit {
        // Enter in the quantity field of a card that takes no payment adds to the store's cart.
        Submit::StoreCart => network::to_store_cart(card, false),
        Submit::PlaceOrder { offer, variant_id } => {
            network::place_order(card, &offer, variant_id, &form_fields(&form));
        }
        Submit::SoldOut => {
            card.borrow_mut().state.sold_out();
            view::draw(card);
        }
        Submit::StripePay => network::stripe_pay(card),
        Submit::DemoPay => {
            let fields = form_fields(&form);
            let value = |name: &str| {
                fields
                    .iter()
                    .find(|(key, _)| key == name)
                    .map_or(String::new(), |(_, value)| value.clone())
            };
            // The fields of `DemoPaymentRequest`.
            let body = wire::body(&[
                ("card_number", value("card_number").into()),
                ("expiry", value("expiry").into()),
                ("cvc", value("cvc").into()),
            ]);
            network::demo_payment(card, "", body);
        }
        Submit::Nothing => {}
    }
}

fn on_change(card: &Shared, event: Event) {
    let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let name = target.get_attribute("name").unwrap_or_default();
    let Some(index) = name
        .strip_prefix("opt")
        .and_then(|i| i.parse::<usize>().ok())
    else {
        return;
    };
    let value = Reflect::get(&target, &JsValue::from_str("value"))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    card.borrow_mut().state.choose(index, value);
    view::draw(card);
}

fn on_click(card: &Shared, event: Event) {
    let action = event
        .target()
        .and_then(|t| t.dyn_into::<Element>().ok())
        .and_then(|el| el.closest("[data-act]").ok().flatten())
        .and_then(|el| el.get_attribute("data-act"));
    if card.borrow().state.busy {
        return;
    }
    match action.as_deref() {
        Some("approve") => network::confirm(card, true),
        Some("decline") => network::confirm(card, false),
        Some("cart-add") => network::to_store_cart(card, false),
        Some("cart-buy") => network::to_store_cart(card, true),
        _ => {}
    }
}

/// The form's text fields as `(name, value)`.
fn form_fields(form: &HtmlFormElement) -> Vec<(String, String)> {
    let Ok(data) = FormData::new_with_form(form) else {
        return Vec::new();
    };
    js_sys::try_iter(&data)
        .ok()
        .flatten()
        .into_iter()
        .flatten()
        .filter_map(|entry| {
            let pair = Array::from(&entry.ok()?);
            Some((pair.get(0).as_string()?, pair.get(1).as_string()?))
        })
        .collect()
}

/// Tells the host page (`buy`) the shopper is adding `variant` of product `product_id`
/// (`handle`) to the store's cart, `quantity` of it, or buying it now.
pub(super) fn buy(
    card: &Shared,
    product_id: i64,
    handle: &str,
    variant: &VariantChoice,
    quantity: i64,
    buy_now: bool,
) {
    let detail = wire::object(&[
        ("product_id", JsValue::from_f64(product_id as f64)),
        ("variant_id", JsValue::from_f64(variant.variant_id as f64)),
        (
            "sku",
            variant
                .sku
                .as_deref()
                .map_or(JsValue::NULL, JsValue::from_str),
        ),
        ("handle", JsValue::from_str(handle)),
        (
            "options",
            variant
                .options
                .iter()
                .map(|o| JsValue::from_str(o))
                .collect::<Array>()
                .into(),
        ),
        ("quantity", JsValue::from_f64(quantity as f64)),
        (
            "action",
            JsValue::from_str(if buy_now { "buy_now" } else { "add_to_cart" }),
        ),
    ]);
    let on_event = card.borrow().ctx.on_event.clone();
    call(&on_event, &[JsValue::from_str("buy"), detail.into()]);
}

/// Tells the host page (`purchase`) the order was paid: its number and total.
pub(super) fn purchased(card: &Shared, order: &OrderView) {
    let total = order.breakdown.total;
    let detail = Object::new();
    set(
        &detail,
        "order_number",
        &JsValue::from_str(&order.order_number),
    );
    let amount = Object::new();
    set(&amount, "minor", &JsValue::from_f64(total.minor as f64));
    set(
        &amount,
        "currency",
        &JsValue::from_str(total.currency.as_str()),
    );
    set(&detail, "total", &amount);
    let on_event = card.borrow().ctx.on_event.clone();
    call(&on_event, &[JsValue::from_str("purchase"), detail.into()]);
}

fn call(function: &Option<Function>, args: &[JsValue]) {
    if let Some(function) = function {
        let _ = function.apply(&JsValue::NULL, &args.iter().collect::<Array>());
    }
}

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}
