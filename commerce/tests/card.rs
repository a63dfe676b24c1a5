//! The checkout card in a real browser, against a stubbed `fetch` standing in for the server.

use js_sys::{Function, Reflect};
use serde_json::json;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlFormElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .expect("window")
        .document()
        .expect("document")
}

/// A card opened on `offer` in a fresh element, in `locale`.
fn open_card(offer: serde_json::Value, locale: &str) -> HtmlElement {
    let root: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    let ctx = js_sys::Object::new();
    let card = json!({ "type": "checkout", "offer": offer }).to_string();
    for (key, value) in [
        ("card", card.as_str()),
        ("shop", "test-shop"),
        ("apiBase", "https://api.test"),
        ("locale", locale),
        ("conversationId", "c1"),
        ("token", "t1"),
    ] {
        Reflect::set(&ctx, &key.into(), &value.into()).expect("set");
    }
    shopchat_commerce::show(root.clone(), ctx.into());
    root
}

fn hoodie(title: &str) -> serde_json::Value {
    let size = |id: i64, size: &str, available: bool| json!({"variant_id": id, "options": [size], "price": {"minor": 5800, "currency": "USD"}, "available": available});
    json!({
        "product_id": 7,
        "title": title,
        "option_names": ["Size"],
        "variants": [size(71, "S", true), size(72, "M", false), size(73, "L", true)],
        "selected_variant_id": 73,
        "requires_shipping": true,
        "provider": "demo",
        "test_mode": true
    })
}

fn get(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .expect("a valid selector")
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
}

fn text(element: &Element) -> String {
    element.text_content().unwrap_or_default()
}

/// Waits (with a deadline) until `ready` holds, yielding to the browser in between.
async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    for _ in 0..200 {
        if ready() {
            return;
        }
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .expect("window")
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
                .expect("timer");
        });
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .expect("timer");
    }
    panic!("timed out waiting for {what}");
}

/// Replaces `fetch`: every request is recorded in `window.__requests` and answered with
/// `window.__answer(url)` → `[status, body]`.
fn stub_fetch(answer: &str) {
    let script = format!(
        "window.__requests = [];
         window.__answer = {answer};
         window.fetch = async (request) => {{
             const body = request.method === 'POST' ? await request.text() : '';
             window.__requests.push({{ url: request.url, auth: request.headers.get('Authorization'), body }});
             const [status, value] = window.__answer(request.url);
             return new Response(JSON.stringify(value), {{ status, headers: {{ 'Content-Type': 'application/json' }} }});
         }};"
    );
    Function::new_no_args(&script)
        .call0(&JsValue::NULL)
        .expect("stub fetch");
}

#[wasm_bindgen_test]
fn the_card_preselects_disables_sold_out_sizes_and_shows_catalog_text_as_text() {
    let root = open_card(hoodie("Hoodie <img src=x onerror=alert(1)>"), "en");
    let select: HtmlSelectElement = get(&root, "select").unchecked_into();
    assert_eq!(select.value(), "L", "the card's variant is preselected");
    assert!(
        get(&root, "option[value=M]").has_attribute("disabled"),
        "sold out"
    );
    assert!(!get(&root, "option[value=S]").has_attribute("disabled"));
    assert_eq!(text(&get(&root, ".sc-co-price")), "$58.00");
    assert_eq!(
        text(&get(&root, ".sc-test-mode")),
        "Test mode — no real charge"
    );
    assert_eq!(
        text(&get(&root, ".sc-co-title")),
        "Hoodie <img src=x onerror=alert(1)>"
    );
    assert!(
        root.query_selector("img").expect("selector").is_none(),
        "no markup from data"
    );
    root.remove();
}

#[wasm_bindgen_test]
async fn field_errors_show_inline_in_spanish_and_what_was_typed_stays() {
    stub_fetch(
        "(url) => [422, { error: { code: 'invalid_fields', message: 'x', fields: [
            { field: 'email', code: 'invalid_email' },
            { field: 'shipping_address.postal_code', code: 'invalid_postal_code' } ] } }]",
    );
    let root = open_card(hoodie("Sudadera"), "es");
    let email: HtmlInputElement = get(&root, "input[name=email]").unchecked_into();
    email.set_value("not-an-email");
    let form: HtmlFormElement = get(&root, "form").unchecked_into();
    form.request_submit().expect("submit");

    until("the field errors", || {
        root.query_selector(".sc-field-error")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    let errors: Vec<String> = {
        let list = root
            .query_selector_all(".sc-field-error")
            .expect("selector");
        (0..list.length())
            .filter_map(|i| list.get(i).and_then(|n| n.text_content()))
            .collect()
    };
    assert_eq!(
        errors,
        vec![
            "Introduce un correo electrónico válido.",
            "El código postal no corresponde al país."
        ]
    );
    let email: HtmlInputElement = get(&root, "input[name=email]").unchecked_into();
    assert_eq!(
        email.value(),
        "not-an-email",
        "typed text survives the redraw"
    );
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));

    // The request carried the conversation's token and no price of its own.
    let request = js_sys::eval("window.__requests[0]").expect("a request");
    let url = Reflect::get(&request, &"url".into())
        .expect("url")
        .as_string();
    assert_eq!(
        url.as_deref(),
        Some("https://api.test/api/v1/conversations/c1/orders")
    );
    let auth = Reflect::get(&request, &"auth".into())
        .expect("auth")
        .as_string();
    assert_eq!(auth.as_deref(), Some("Bearer t1"));
    let body = Reflect::get(&request, &"body".into())
        .expect("body")
        .as_string()
        .unwrap_or_default();
    let body: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(body["variant_id"], 73);
    assert!(body.get("price").is_none() && body.get("amount").is_none());
    root.remove();
}
