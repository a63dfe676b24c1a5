//! Shopchat's commerce cards: the checkout card and, after the sale, the order card. A module of
//! its own, apart from the chat panel, loaded the first time a card is shown — as Stripe.js is —
//! so the chat that every shopper opens stays small. Cards are drawn as markup from their state
//! (see `html`) rather than with the panel's Leptos, which would double the module's size.

pub mod api;
pub mod checkout;
pub mod handoff;
pub mod html;
pub mod i18n;
pub mod links;
pub mod order;
pub mod store_cart;
pub mod stripe;
pub mod wire;

use js_sys::{Function, Reflect};
use shopchat_protocol::json::{field, integer, string};
use shopchat_protocol::OrderCard;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::checkout::{Ctx, Start};
use crate::i18n::Lang;

/// Shows a card in `container`.
///
/// `ctx` is `{ card, css, shop, apiBase, locale, conversationId, token, onEvent }`: `card` is
/// the JSON text of a [`CardSpec`]; `css` the cards' stylesheet; `onEvent(name, detail)` hears
/// `purchase`, and `buy` when the shopper adds to the store's cart.
#[wasm_bindgen]
pub fn show(container: HtmlElement, ctx: JsValue) {
    let Some(card) = string(&ctx, "card")
        .and_then(|json| wire::parse(&json))
        .and_then(|card| read_card(&card))
    else {
        web_sys::console::warn_1(&"Shopchat: skipped a card it can't read".into());
        return;
    };
    if let Some(css) = string(&ctx, "css") {
        add_stylesheet(&container, &css);
    }
    let ctx = read_ctx(&ctx);
    match card {
        Card::Checkout(start) => checkout::open(container, ctx, start),
        Card::Order(order) => order::open(&container, ctx.lang, &order),
        Card::Handoff(expected_reply) => handoff::open(container, ctx, expected_reply),
        Card::Links(links) => links::open(&container, &links),
    }
}

/// Links the cards' stylesheet into the chat's shadow root once, with the nonce the chat's own
/// stylesheet carries (so a strict CSP allows it too).
fn add_stylesheet(container: &HtmlElement, href: &str) {
    let Ok(root) = container.get_root_node().dyn_into::<web_sys::ShadowRoot>() else {
        return;
    };
    if let Ok(Some(_)) = root.query_selector("link[data-sc-commerce]") {
        return;
    }
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(link) = document.create_element("link") else {
        return;
    };
    let nonce = root
        .query_selector("link[rel=stylesheet]")
        .ok()
        .flatten()
        .and_then(|existing| existing.dyn_into::<HtmlElement>().ok())
        .map(|existing| existing.nonce())
        .unwrap_or_default();
    for (name, value) in [
        ("rel", "stylesheet"),
        ("href", href),
        ("data-sc-commerce", ""),
    ] {
        let _ = link.set_attribute(name, value);
    }
    if let Ok(link) = link.dyn_into::<HtmlElement>() {
        if !nonce.is_empty() {
            link.set_nonce(&nonce);
        }
        let _ = root.append_child(&link);
    }
}

/// A card to draw (one at a time: its size doesn't matter).
#[allow(clippy::large_enum_variant)]
enum Card {
    Checkout(Start),
    Order(OrderCard),
    /// The conversation waits for a person; the server's wording of when, if it sent one.
    Handoff(Option<String>),
    /// Links the shop wrote into the reply's answer.
    Links(Vec<shopchat_protocol::Link>),
}

/// What a card's JSON asks for: a stream event as the chat received it (`checkout` with its
/// `offer`, `order` with its `order`, `handoff` with `expected_reply`, `links` with `links`), or a product card's Buy
/// button (`{"type": "buy", "product_id", "variant_id"}`).
fn read_card(card: &JsValue) -> Option<Card> {
    Some(match string(card, "type")?.as_str() {
        "checkout" => Card::Checkout(Start::Offer(wire::checkout_offer(&field(card, "offer"))?)),
        "buy" => Card::Checkout(Start::Product {
            product_id: integer(card, "product_id")?,
            variant_id: integer(card, "variant_id")?,
        }),
        "order" => Card::Order(wire::order_card(&field(card, "order"))?),
        "handoff" => Card::Handoff(string(card, "expected_reply")),
        "links" => Card::Links(Some(links::read(card)).filter(|l| !l.is_empty())?),
        _ => return None,
    })
}

fn read_ctx(ctx: &JsValue) -> Ctx {
    Ctx {
        api_base: string(ctx, "apiBase").unwrap_or_default(),
        lang: Lang::parse(&string(ctx, "locale").unwrap_or_default()),
        conversation_id: string(ctx, "conversationId").unwrap_or_default(),
        token: string(ctx, "token").unwrap_or_default(),
        on_event: function(ctx, "onEvent"),
        shop: string(ctx, "shop").unwrap_or_default(),
        shopify: store_cart::on_shopify(),
    }
}

fn function(ctx: &JsValue, key: &str) -> Option<Function> {
    Reflect::get(ctx, &key.into()).ok()?.dyn_into().ok()
}
