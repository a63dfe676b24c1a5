//! Buying through the store's own cart. On a Shopify storefront (the loader's tag says
//! `data-platform="shopify"`; the chat runs on the store's own pages, so the store's AJAX Cart
//! API is a same-origin request): the product is read from `/products/{handle}.js`, which is
//! the truth at this moment (the chat's catalog may be behind), the variant with the chosen
//! options is added with `POST /cart/add.js`, and the theme's cart count is updated from
//! `/cart.js`; "Buy now" goes to the cart permalink `/cart/{variant}:{qty}`, which goes on to
//! checkout. Elsewhere a cart URL template is filled in and opened. The card's quantity field
//! says how many (1 to [`MAX_QUANTITY`]).

use js_sys::{Array, Reflect};
use shopchat_protocol::json::{boolean, field, integer, string};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CustomEvent, CustomEventInit, Request, RequestInit, Response};

use crate::wire;

/// The most of one item a card adds at once.
pub const MAX_QUANTITY: i64 = 10;

/// The quantity typed on the card: a whole number from 1 to [`MAX_QUANTITY`] (1 when unclear).
pub fn quantity(typed: &str) -> i64 {
    typed
        .trim()
        .parse::<i64>()
        .map_or(1, |n| n.clamp(1, MAX_QUANTITY))
}

/// Why the store's cart didn't take the item.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// The store's own words (a 422 from `/cart/add.js`: "The product 'X' is already sold
    /// out."), shown as they are: the storefront speaks the shopper's language.
    Store(String),
    /// A code the card translates (`sold_out`, `not_in_store`, `store_cart`).
    Code(&'static str),
}

/// True when the page is a Shopify storefront: the loader's tag (or a test) says so.
pub fn on_shopify() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("script[data-shop][data-platform]")
                .ok()
                .flatten()
        })
        .and_then(|tag| tag.get_attribute("data-platform"))
        .is_some_and(|p| p.eq_ignore_ascii_case("shopify"))
}

/// The storefront's root path (`/`, or `/es/` on a translated store): Shopify themes publish it
/// as `window.Shopify.routes.root`.
fn root() -> String {
    web_sys::window()
        .and_then(|w| Reflect::get(&w, &"Shopify".into()).ok())
        .map(|shopify| field(&field(&shopify, "routes"), "root"))
        .and_then(|root| root.as_string())
        .filter(|root| root.starts_with('/') && root.ends_with('/'))
        .unwrap_or_else(|| "/".into())
}

/// The storefront's variant of `handle` with these option values, as `(id, available)`.
pub async fn store_variant(handle: &str, chosen: &[String]) -> Result<(i64, bool), Refusal> {
    let url = [root().as_str(), "products/", &encode(handle), ".js"].concat();
    let (status, product) = request(&url, "GET", None).await?;
    if status != 200 {
        return Err(Refusal::Code("not_in_store"));
    }
    let variants = Array::from(&field(&product, "variants"));
    variants
        .iter()
        .find(|v| {
            (0..3).all(|i| {
                let value = string(v, &format!("option{}", i + 1));
                value.as_deref() == chosen.get(i).map(String::as_str)
            })
        })
        .and_then(|v| {
            Some((
                integer(&v, "id")?,
                boolean(&v, "available").unwrap_or(false),
            ))
        })
        .ok_or(Refusal::Code("not_in_store"))
}

/// Adds `quantity` of the variant to the store's cart and updates the theme's cart count.
pub async fn add(variant_id: i64, quantity: i64) -> Result<(), Refusal> {
    let body = format!(r#"{{"items":[{{"id":{variant_id},"quantity":{quantity}}}]}}"#);
    let url = [root().as_str(), "cart/add.js"].concat();
    let (status, answer) = request(&url, "POST", Some(&body)).await?;
    match status {
        200..=299 => {}
        // Shopify's cart errors: `{"status": 422, "message": "Cart Error", "description": "…"}`.
        _ => {
            return Err(string(&answer, "description")
                .or_else(|| string(&answer, "message"))
                .filter(|_| status == 422)
                .map_or(Refusal::Code("store_cart"), Refusal::Store))
        }
    }
    let url = [root().as_str(), "cart.js"].concat();
    if let Ok((200, cart)) = request(&url, "GET", None).await {
        show_count(&cart);
    }
    Ok(())
}

/// The cart permalink that puts `quantity` of this variant in a cart and goes on to checkout.
pub fn buy_now_url(variant_id: i64, quantity: i64) -> String {
    format!("{}cart/{variant_id}:{quantity}", root())
}

/// The storefront's checkout.
pub fn checkout_url() -> String {
    [root().as_str(), "checkout"].concat()
}

/// A cart URL template filled in: `{variant}` (the catalog's variant id), `{sku}`, `{qty}`,
/// `{handle}`; `None` when it needs a SKU the variant doesn't have.
pub fn fill_template(
    template: &str,
    variant_id: i64,
    sku: Option<&str>,
    handle: &str,
    quantity: i64,
) -> Option<String> {
    if template.contains("{sku}") && sku.is_none_or(str::is_empty) {
        return None;
    }
    Some(
        template
            .replace("{variant}", &variant_id.to_string())
            .replace("{sku}", &encode(sku.unwrap_or_default()))
            .replace("{qty}", &quantity.to_string())
            .replace("{handle}", &encode(handle)),
    )
}

/// Leaves this page for `url` (the store's cart or checkout).
pub fn go(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
    }
}

/// Writes the cart's item count where the theme shows it, and tells the page
/// (`shopchat:cart` on `document`, with the cart as `detail`) so a theme can redraw its drawer.
fn show_count(cart: &JsValue) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(count) = integer(cart, "item_count") {
        let selector =
            "[data-cart-count]:not(script), .cart-count-bubble span[aria-hidden], .cart-count";
        if let Ok(found) = document.query_selector_all(selector) {
            for i in 0..found.length() {
                if let Some(node) = found.get(i) {
                    node.set_text_content(Some(&count.to_string()));
                }
            }
        }
    }
    let init = CustomEventInit::new();
    init.set_detail(cart);
    if let Ok(event) = CustomEvent::new_with_event_init_dict("shopchat:cart", &init) {
        let _ = document.dispatch_event(&event);
    }
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// A same-origin JSON request to the storefront: (status, parsed body or null).
async fn request(url: &str, method: &str, body: Option<&str>) -> Result<(u16, JsValue), Refusal> {
    let init = RequestInit::new();
    init.set_method(method);
    if let Some(body) = body {
        init.set_body(&JsValue::from_str(body));
    }
    let request =
        Request::new_with_str_and_init(url, &init).map_err(|_| Refusal::Code("store_cart"))?;
    let headers = request.headers();
    let _ = headers.set("accept", "application/json");
    if body.is_some() {
        let _ = headers.set("content-type", "application/json");
    }
    let window = web_sys::window().ok_or(Refusal::Code("store_cart"))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Refusal::Code("network"))?
        .unchecked_into();
    let text = match response.text() {
        Ok(promise) => JsFuture::from(promise)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((
        response.status(),
        wire::parse(&text).unwrap_or(JsValue::NULL),
    ))
}
