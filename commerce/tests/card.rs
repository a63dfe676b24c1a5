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
    open_spec(json!({ "type": "checkout", "offer": offer }), locale)
}

/// Any card, from the event the chat received, in a fresh element.
fn open_spec(card: serde_json::Value, locale: &str) -> HtmlElement {
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
    let card = card.to_string();
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

/// A hand-written stand-in for Stripe.js, small and named as such: it records what the card
/// asks of Stripe.js (key, client secret, where the Payment Element is mounted, the confirm
/// options) and answers `confirmPayment` as Stripe does for a card that needs no redirect.
const FAKE_STRIPE_JS: &str = "window.__stripe = { loaded: true };
window.Stripe = (key) => {
  window.__stripe.key = key;
  return {
    elements: (options) => {
      window.__stripe.clientSecret = options.clientSecret;
      return { create: (type) => ({ mount: (target) => {
        window.__stripe.type = type;
        window.__stripe.target = target;
        target.textContent = 'card field';
      } }) };
    },
    confirmPayment: async (options) => {
      window.__stripe.confirm = { redirect: options.redirect, hasElements: !!options.elements };
      return { paymentIntent: { id: 'pi_1', status: 'succeeded' } };
    },
  };
};";

#[wasm_bindgen_test]
async fn with_stripe_the_payment_element_mounts_in_the_light_dom_and_the_card_waits_for_the_webhook(
) {
    let script = format!(
        "data:text/javascript,{}",
        js_sys::encode_uri_component(FAKE_STRIPE_JS)
    );
    let order = json!({
        "order_id": "0123456789abcdef0123456789abcdef", "order_number": "SC-1001",
        "status": "awaiting_payment", "title": "Hoodie", "options": ["L"], "email": "a@b.co",
        "breakdown": {
            "subtotal": {"minor": 5800, "currency": "USD"}, "shipping": {"minor": 500, "currency": "USD"},
            "tax": {"minor": 520, "currency": "USD"}, "tax_inclusive": false,
            "total": {"minor": 6820, "currency": "USD"}
        },
        "created_at": "2026-11-28T12:00:00Z"
    });
    let created = json!({
        "order": order,
        "payment": {
            "provider": "stripe", "client_secret": "pi_1_secret_xyz",
            "stripe_publishable_key": "pk_test_1", "stripe_js_url": script,
            "test_mode": true
        },
        "order_token": "order-token-1"
    });
    let mut paid = order.clone();
    paid["status"] = json!("paid");
    // The order is still awaiting payment when first asked, then Stripe's webhook has come.
    stub_fetch(&format!(
        "(url) => url.endsWith('/orders') ? [201, {created}]
            : (window.__polls = (window.__polls || 0) + 1) < 2 ? [200, {order}] : [200, {paid}]"
    ));

    // Inside a shadow root, as in the chat.
    let host: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&host)
        .expect("append");
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .expect("a shadow root");
    let root: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    shadow.append_child(&root).expect("append");
    let ctx = js_sys::Object::new();
    let mut offer = hoodie("Hoodie");
    offer["provider"] = json!("stripe");
    let card = json!({ "type": "checkout", "offer": offer }).to_string();
    for (key, value) in [
        ("card", card.as_str()),
        ("shop", "test-shop"),
        ("apiBase", "https://api.test"),
        ("locale", "en"),
        ("conversationId", "c1"),
        ("token", "t1"),
    ] {
        Reflect::set(&ctx, &key.into(), &value.into()).expect("set");
    }
    shopchat_commerce::show(root.clone(), ctx.into());

    for (name, value) in [
        ("email", "a@b.co"),
        ("shipping_address.name", "Ada"),
        ("shipping_address.line1", "1 Main St"),
        ("shipping_address.city", "Austin"),
        ("shipping_address.postal_code", "78701"),
        ("shipping_address.country", "US"),
    ] {
        let input: HtmlInputElement = get(&root, &format!("input[name='{name}']")).unchecked_into();
        input.set_value(value);
    }
    let form: HtmlFormElement = get(&root, "form").unchecked_into();
    form.request_submit().expect("submit");

    let stripe = || js_sys::eval("window.__stripe || {}").expect("the stand-in's record");
    let read = |key: &str| Reflect::get(&stripe(), &key.into()).expect("a field");
    until("the Payment Element to mount", || {
        read("target").is_object()
    })
    .await;
    assert_eq!(read("key").as_string().as_deref(), Some("pk_test_1"));
    assert_eq!(
        read("clientSecret").as_string().as_deref(),
        Some("pi_1_secret_xyz")
    );
    assert_eq!(read("type").as_string().as_deref(), Some("payment"));
    // Mounted outside the shadow root, in a child of its host, shown through the card's slot.
    let target: Element = read("target").unchecked_into();
    assert_eq!(target.parent_element().as_ref(), Some(host.as_ref()));
    assert_eq!(target.get_attribute("slot").as_deref(), Some("sc-stripe"));
    assert!(root
        .query_selector("slot[name=sc-stripe]")
        .expect("selector")
        .is_some());
    assert!(root
        .query_selector("input[name=card_number]")
        .expect("selector")
        .is_none());

    let pay: HtmlFormElement = get(&root, "form").unchecked_into();
    until("the Pay button to be enabled", || {
        root.query_selector(".sc-pay:not([disabled])")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    pay.request_submit().expect("pay");
    until("the confirmation", || {
        root.query_selector(".sc-done").ok().flatten().is_some()
    })
    .await;
    let confirm = read("confirm");
    assert_eq!(
        Reflect::get(&confirm, &"redirect".into())
            .expect("redirect")
            .as_string()
            .as_deref(),
        Some("if_required")
    );
    assert_eq!(text(&get(&root, ".sc-order-number")), "SC-1001");
    host.remove();
}

#[wasm_bindgen_test]
fn the_order_card_says_when_the_parcel_should_arrive_in_the_shoppers_language() {
    let json = json!({
        "order_number": "SC-1042", "status": "paid", "title": "Ribbed Wool Beanie",
        "options": [],
        "breakdown": {
            "subtotal": {"minor": 2800, "currency": "USD"},
            "shipping": {"minor": 500, "currency": "USD"},
            "tax": {"minor": 231, "currency": "USD"},
            "tax_inclusive": false,
            "total": {"minor": 3531, "currency": "USD"}
        },
        "refunded": {"minor": 0, "currency": "USD"},
        "fulfillment": {"state": "unfulfilled"},
        "timeline": [], "pending_refunds": [], "created_at": "2026-12-03T13:00:00Z",
        "arrives": {"first": "2026-12-08", "last": "2026-12-11"}
    });
    let value = js_sys::JSON::parse(&json.to_string()).expect("json");
    let card = shopchat_commerce::wire::order_card(&value).expect("an order card");
    let en = shopchat_commerce::order::render(shopchat_commerce::i18n::Lang::En, &card);
    assert!(
        en.contains("Arrives between Tue 8 Dec and Fri 11 Dec"),
        "{en}"
    );
    let es = shopchat_commerce::order::render(shopchat_commerce::i18n::Lang::Es, &card);
    assert!(
        es.contains("Llega entre el mar 8 dic y el vie 11 dic"),
        "{es}"
    );
}

#[wasm_bindgen_test]
fn a_links_card_opens_the_shops_https_links_in_a_new_tab_and_draws_nothing_else() {
    let root = open_spec(
        json!({ "type": "links", "links": [
            { "url": "https://shop.example/returns", "label": "shop.example/returns <b>" },
            { "url": "javascript:alert(1)", "label": "click me" },
            { "url": "http://shop.example/plain", "label": "plain http" }
        ]}),
        "en",
    );
    let links = root.query_selector_all("a.sc-link").expect("query");
    assert_eq!(links.length(), 1, "{}", root.inner_html());
    let link: Element = links.get(0).expect("a link").unchecked_into();
    assert_eq!(
        link.get_attribute("href").as_deref(),
        Some("https://shop.example/returns")
    );
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    assert_eq!(text(&link), "shop.example/returns <b>", "the label is text");
    assert!(root.query_selector("b").expect("query").is_none());
}

/// The hoodie as a Shopify store that sells through its own cart offers it.
fn store_cart_hoodie() -> serde_json::Value {
    let mut offer = hoodie("Everyday Pullover Hoodie");
    offer["buying_mode"] = json!("cart");
    offer["handle"] = json!("everyday-pullover-hoodie");
    offer
}

/// Marks the page a Shopify storefront, as the loader's tag from the theme does, with a theme
/// cart count; opens the card with `onEvent` recording into `window.__events`.
fn open_on_shopify(offer: serde_json::Value) -> HtmlElement {
    if document()
        .query_selector("script[data-platform]")
        .expect("selector")
        .is_none()
    {
        let tag = document().create_element("script").expect("script");
        for (name, value) in [
            ("type", "text/plain"),
            ("data-shop", "demo"),
            ("data-platform", "shopify"),
        ] {
            tag.set_attribute(name, value).expect("attribute");
        }
        document()
            .body()
            .expect("body")
            .append_child(&tag)
            .expect("append");
    }
    let count = document().create_element("span").expect("span");
    count
        .set_attribute("data-cart-count", "")
        .expect("attribute");
    count.set_text_content(Some("0"));
    document()
        .body()
        .expect("body")
        .append_child(&count)
        .expect("append");
    Function::new_no_args("window.__events = [];")
        .call0(&JsValue::NULL)
        .expect("events");
    let on_event = Function::new_with_args("name, detail", "window.__events.push([name, detail]);");
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
        ("shop", "demo"),
        ("apiBase", "https://api.test"),
        ("locale", "en"),
        ("conversationId", "c1"),
        ("token", "t1"),
    ] {
        Reflect::set(&ctx, &key.into(), &value.into()).expect("set");
    }
    Reflect::set(&ctx, &"onEvent".into(), &on_event).expect("set");
    shopchat_commerce::show(root.clone(), ctx.into());
    root
}

/// Shopify's storefront: the product JSON (size S is store variant 9001, M 9002, L 9003; L
/// sold out in the store), `/cart/add.js` refusing what is sold out with a 422, `/cart.js`.
const SHOPIFY_STUB: &str = "(url) => {
    const path = new URL(url).pathname;
    const v = (id, size, available) => ({ id, title: size, option1: size, option2: null, option3: null, price: 5800, available, sku: 'HD-' + size });
    if (path === '/products/everyday-pullover-hoodie.js') return [200, { id: 1, handle: 'everyday-pullover-hoodie', title: 'Everyday Pullover Hoodie', options: ['Size'], variants: [v(9001, 'S', true), v(9002, 'M', true), v(9003, 'L', false)] }];
    if (path === '/cart/add.js') {
        const id = JSON.parse(window.__requests[window.__requests.length - 1].body).items[0].id;
        return id === 9003
            ? [422, { status: 422, message: 'Cart Error', description: \"The product 'Everyday Pullover Hoodie - L' is already sold out.\" }]
            : [200, { items: [{ id, quantity: 1 }] }];
    }
    if (path === '/cart.js') return [200, { item_count: 2, items: [] }];
    return [404, {}];
}";

#[wasm_bindgen_test]
async fn on_shopify_add_to_cart_puts_the_store_variant_of_the_chosen_size_in_the_stores_cart() {
    stub_fetch(SHOPIFY_STUB);
    let root = open_on_shopify(store_cart_hoodie());
    assert!(
        root.query_selector("input[name=email]")
            .expect("selector")
            .is_none(),
        "no payment in the chat"
    );
    assert_eq!(text(&get(&root, "[data-act=cart-buy]")), "Buy now");
    let size: HtmlSelectElement = get(&root, "select[name=opt0]").unchecked_into();
    size.set_value("S");
    size.dispatch_event(
        &web_sys::Event::new_with_event_init_dict("change", &{
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            init
        })
        .expect("event"),
    )
    .expect("dispatch");
    // Two of them: the quantity field beside the buttons.
    get(&root, "input[name=quantity]")
        .unchecked_into::<HtmlInputElement>()
        .set_value("2");
    get(&root, "[data-act=cart-add]")
        .unchecked_into::<HtmlElement>()
        .click();
    until("the item is added", || {
        root.query_selector(".sc-added").ok().flatten().is_some()
    })
    .await;

    let requests =
        Reflect::get(&web_sys::window().expect("window"), &"__requests".into()).expect("requests");
    let body = js_sys::JSON::stringify(&requests)
        .expect("json")
        .as_string()
        .unwrap_or_default();
    assert!(
        body.contains(r#"{\"items\":[{\"id\":9001,\"quantity\":2}]}"#),
        "{body}"
    );
    assert!(text(&get(&root, ".sc-added")).contains("Added to your cart."));
    assert_eq!(
        get(&root, ".sc-added a").get_attribute("href").as_deref(),
        Some("/checkout")
    );
    let count = document()
        .query_selector("span[data-cart-count]")
        .expect("selector")
        .expect("count");
    assert_eq!(text(&count), "2", "the theme's cart count is updated");
    let events =
        Reflect::get(&web_sys::window().expect("window"), &"__events".into()).expect("events");
    let events = js_sys::JSON::stringify(&events)
        .expect("json")
        .as_string()
        .unwrap_or_default();
    assert!(
        events.contains(r#""buy""#)
            && events.contains(r#""quantity":2"#)
            && events.contains(r#""options":["S"]"#),
        "{events}"
    );
}

#[wasm_bindgen_test]
async fn on_shopify_a_size_the_store_has_sold_out_shows_the_stores_own_message() {
    stub_fetch(SHOPIFY_STUB);
    let root = open_on_shopify(store_cart_hoodie());
    // L is available in the chat's catalog (preselected) but sold out in the store.
    get(&root, "[data-act=cart-add]")
        .unchecked_into::<HtmlElement>()
        .click();
    until("the store's answer", || {
        root.query_selector(".sc-notice").ok().flatten().is_some()
    })
    .await;
    assert_eq!(
        text(&get(&root, ".sc-notice")),
        "The product 'Everyday Pullover Hoodie - L' is already sold out."
    );
    assert!(root
        .query_selector(".sc-added")
        .expect("selector")
        .is_none());
}

#[wasm_bindgen_test]
fn the_quantity_typed_is_a_whole_number_from_one_to_the_most_a_card_adds() {
    use shopchat_commerce::store_cart::{quantity, MAX_QUANTITY};
    assert_eq!(quantity("3"), 3);
    assert_eq!(quantity(" 2 "), 2);
    assert_eq!(quantity("0"), 1);
    assert_eq!(quantity("-4"), 1);
    assert_eq!(quantity("2.5"), 1);
    assert_eq!(quantity(""), 1);
    assert_eq!(quantity("500"), MAX_QUANTITY);
}

#[wasm_bindgen_test]
fn a_cart_url_template_is_filled_with_the_chosen_variant_and_needs_a_sku_when_it_names_one() {
    use shopchat_commerce::store_cart::fill_template;
    assert_eq!(
        fill_template(
            "https://shop.example/cart/add?id={variant}&qty={qty}&p={handle}",
            73,
            None,
            "everyday-pullover-hoodie",
            2
        )
        .as_deref(),
        Some("https://shop.example/cart/add?id=73&qty=2&p=everyday-pullover-hoodie")
    );
    assert_eq!(
        fill_template(
            "https://shop.example/cart/{sku}",
            73,
            Some("NW HOOD/L"),
            "h",
            1
        )
        .as_deref(),
        Some("https://shop.example/cart/NW%20HOOD%2FL")
    );
    assert_eq!(
        fill_template("https://shop.example/cart/{sku}", 73, None, "h", 1),
        None
    );
}
