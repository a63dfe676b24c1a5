//! The SSE decoder, and the whole widget against a fake widget API (a stubbed `fetch` whose
//! reply body the test streams chunk by chunk).

mod support;

use js_sys::{Array, Function, Object, Reflect};
use leptos::prelude::*;
use shopchat_protocol::StreamEvent;
use shopchat_widget::sse::{Incoming, SseDecoder};
use shopchat_widget::{mount_widget, WidgetHandle};
use support::{find, fresh_element, get, text, until};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement, ShadowRootInit, ShadowRootMode};

wasm_bindgen_test_configure!(run_in_browser);

const STORAGE_KEY: &str = "shopchat:test-shop:conversation";

#[wasm_bindgen_test]
fn frames_split_across_chunks_are_reassembled_and_unknown_events_skipped() {
    let mut decoder = SseDecoder::default();
    let body = "event: text\ndata: {\"type\":\"text\",\"delta\":\"Hola, ¿qué tal?\"}\n\n\
                : keep-alive\n\n\
                event: from_the_future\ndata: {\"type\":\"from_the_future\"}\n\n\
                event: done\r\ndata: {\"type\":\"done\",\"message_id\":3}\r\n\r\n";
    let bytes = body.as_bytes();
    // Split inside the field name, inside `¿` (two bytes) and between `\r\n` pairs.
    let split_in_char = body.find('¿').expect("an inverted question mark") + 1;
    let cuts = [0, 9, split_in_char, bytes.len() - 3, bytes.len()];

    let mut events = Vec::new();
    for window in cuts.windows(2) {
        events.extend(decoder.push(&bytes[window[0]..window[1]]));
    }
    assert_eq!(
        events,
        vec![
            Incoming::Event(StreamEvent::Text {
                delta: "Hola, ¿qué tal?".into()
            }),
            Incoming::Event(StreamEvent::Done { message_id: 3 }),
        ]
    );
    assert_eq!(decoder.finish(), None);
}

#[wasm_bindgen_test]
fn a_last_frame_without_a_blank_line_is_kept_for_the_end() {
    let mut decoder = SseDecoder::default();
    assert!(decoder
        .push(b"data: {\"type\":\"done\",\"message_id\":9}\n")
        .is_empty());
    assert_eq!(
        decoder.finish(),
        Some(Incoming::Event(StreamEvent::Done { message_id: 9 }))
    );
}

#[wasm_bindgen_test]
fn commerce_cards_are_kept_as_their_json_for_the_commerce_module() {
    let mut decoder = SseDecoder::default();
    let offer = r#"{"type":"checkout","offer":{"product_id":7,"title":"Hoodie"}}"#;
    let order = r#"{"type":"order","order":{"order_number":"SC-1001"}}"#;
    let body = format!("event: checkout\ndata: {offer}\n\nevent: order\ndata: {order}\n\n");
    assert_eq!(
        decoder.push(body.as_bytes()),
        vec![Incoming::Card(offer.into()), Incoming::Card(order.into())]
    );
}

/// Replaces `fetch` with a fake widget API. `window.__fake` holds its knobs and records.
fn install_fake_server() {
    let script = r#"
        const fake = { requests: [], events: [], stream: null, history: null, failNext: null };
        const encoder = new TextEncoder();
        const json = (status, value) => new Response(JSON.stringify(value),
            { status, headers: { 'Content-Type': 'application/json' } });
        fake.push = (chunk) => fake.stream.enqueue(encoder.encode(chunk));
        fake.end = () => fake.stream.close();
        window.__fake = fake;
        window.fetch = async (input, init) => {
            const request = input instanceof Request ? input : new Request(input, init);
            const body = request.method === 'POST' ? await request.text() : '';
            fake.requests.push({ method: request.method, url: request.url,
                auth: request.headers.get('Authorization'), credentials: request.credentials, body });
            if (fake.failNext) {
                const [status, code] = fake.failNext;
                fake.failNext = null;
                return json(status, { error: { code, message: code } });
            }
            if (request.url.endsWith('/context') || request.url.endsWith('/events')) {
                return json(200, {});
            }
            if (request.url.endsWith('/api/v1/conversations')) {
                return json(201, { conversation_id: 'c1', token: 't1', locale: 'en' });
            }
            if (request.method === 'POST') {
                fake.stream = null;
                const stream = new ReadableStream({ start(controller) { fake.stream = controller; } });
                return new Response(stream, { headers: { 'Content-Type': 'text/event-stream' } });
            }
            return fake.history ? json(200, fake.history)
                : json(404, { error: { code: 'conversation_not_found', message: 'gone' } });
        };
    "#;
    Function::new_no_args(script)
        .call0(&JsValue::NULL)
        .expect("install the fake server");
    storage().remove_item(STORAGE_KEY).expect("clear storage");
}

fn fake() -> JsValue {
    Reflect::get(&window(), &"__fake".into()).expect("the fake server")
}

fn fake_get(key: &str) -> JsValue {
    Reflect::get(&fake(), &key.into()).expect("a fake server field")
}

fn fake_set(key: &str, value: &JsValue) {
    Reflect::set(&fake(), &key.into(), value).expect("set a fake server field");
}

fn stream_chunk(chunk: &str) {
    let push: Function = fake_get("push").unchecked_into();
    push.call1(&JsValue::NULL, &chunk.into())
        .expect("push a chunk");
}

fn end_stream() {
    let end: Function = fake_get("end").unchecked_into();
    end.call0(&JsValue::NULL).expect("end the stream");
}

fn frame(event: &StreamEvent) -> String {
    format!(
        "event: {}\ndata: {}\n\n",
        event.name(),
        serde_json::to_string(event).expect("json")
    )
}

fn storage() -> web_sys::Storage {
    window()
        .local_storage()
        .expect("storage")
        .expect("local storage")
}

/// Mounts the widget the way the loader does: into a container inside an open shadow root.
fn mount_in_shadow_root(locale: &str) -> (WidgetHandle, Element) {
    mount_with_options(locale, &[])
}

/// Mounts as the loader does, with `extra` mount options.
fn mount_with_options(locale: &str, extra: &[(&str, JsValue)]) -> (WidgetHandle, Element) {
    let host = fresh_element();
    let shadow = host
        .attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))
        .expect("a shadow root");
    let container: HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    shadow
        .append_child(&container)
        .expect("attach the container");
    let on_event =
        Function::new_with_args("name, detail", "window.__fake.events.push([name, detail])");
    let options = Object::new();
    for (key, value) in [
        ("shop", JsValue::from_str("test-shop")),
        ("apiBase", JsValue::from_str("https://api.test/")),
        ("locale", JsValue::from_str(locale)),
        ("shopName", JsValue::from_str("Test Outfitters")),
        ("currency", JsValue::from_str("USD")),
        ("onEvent", on_event.into()),
    ] {
        Reflect::set(&options, &key.into(), &value).expect("set an option");
    }
    for (key, value) in extra {
        Reflect::set(&options, &(*key).into(), value).expect("set an option");
    }
    let handle = mount_widget(container.clone(), options.into());
    (handle, container.into())
}

fn composer_disabled(root: &Element) -> bool {
    get(root, "textarea")
        .unchecked_into::<HtmlTextAreaElement>()
        .disabled()
}

/// The first request the fake server got whose URL ends with `path`, once it has come.
async fn request_to(path: &str) -> JsValue {
    let find = || {
        Array::from(&fake_get("requests"))
            .iter()
            .find(|r| field(r, "url").is_some_and(|u| u.ends_with(path)))
    };
    until(&format!("a request to {path}"), || find().is_some()).await;
    find().expect("the request")
}

fn request(index: u32) -> JsValue {
    Array::from(&fake_get("requests")).get(index)
}

fn field(object: &JsValue, key: &str) -> Option<String> {
    Reflect::get(object, &key.into()).ok()?.as_string()
}

async fn wait_for_reply_stream() {
    until("the reply stream to open", || !fake_get("stream").is_null()).await;
}

#[wasm_bindgen_test]
async fn a_reply_streams_in_as_it_arrives_and_the_conversation_is_kept() {
    install_fake_server();
    storage()
        .set_item(
            "shopchat:test-shop:orders",
            r#"[{"id":"o1","token":"tok-1","number":"SC-1001"}]"#,
        )
        .expect("keep an order");
    let (widget, root) = mount_in_shadow_root("en");
    leptos::task::tick().await;
    assert_eq!(text(&get(&root, ".sc-title")), "Test Outfitters");
    assert!(
        text(&root).contains("Show me hoodies"),
        "starters on a new conversation"
    );
    assert!(
        get(&root, "[role=log]")
            .get_attribute("aria-live")
            .as_deref()
            == Some("polite")
    );
    assert_eq!(
        storage().get_item(STORAGE_KEY).expect("read storage"),
        None,
        "nothing stored yet"
    );

    widget.ask("hoodie".into());
    until("the typing indicator", || {
        find(&root, ".sc-typing").is_some()
    })
    .await;
    assert!(composer_disabled(&root));
    wait_for_reply_stream().await;

    let first = frame(&StreamEvent::Text {
        delta: "Here are".into(),
    });
    let (head, tail) = first.split_at(20);
    stream_chunk(head);
    stream_chunk(&format!("{tail}event: te"));
    until("the first words", || text(&root).contains("Here are")).await;
    assert!(
        find(&root, ".sc-typing").is_none(),
        "the typing indicator gives way to the text"
    );
    assert!(
        composer_disabled(&root),
        "still disabled while the reply streams"
    );

    let rest = StreamEvent::Text {
        delta: " two hoodies.".into(),
    };
    stream_chunk(&frame(&rest)["event: te".len()..]);
    let products = serde_json::json!({"type": "products", "items": [{
        "product_id": 1, "variant_id": 2, "title": "Trail Hoodie",
        "price": {"minor": 3500, "currency": "USD"}, "url": "https://shop.example/p/1", "in_stock": true
    }]});
    stream_chunk(&format!("event: products\ndata: {products}\n\n"));
    stream_chunk(&frame(&StreamEvent::QuickReplies {
        items: vec!["Cheaper ones?".into()],
    }));
    stream_chunk(&frame(&StreamEvent::Done { message_id: 12 }));
    end_stream();

    until("the composer to come back", || !composer_disabled(&root)).await;
    assert_eq!(
        text(&get(&root, ".sc-msg-assistant .sc-bubble")),
        "Here are two hoodies."
    );
    assert_eq!(text(&get(&root, ".sc-card-title")), "Trail Hoodie");
    assert_eq!(text(&get(&root, ".sc-chip")), "Cheaper ones?");
    assert!(
        !text(&root).contains("Show me hoodies"),
        "the greeting is gone"
    );

    let stored = storage()
        .get_item(STORAGE_KEY)
        .expect("read storage")
        .expect("a stored conversation");
    assert!(
        stored.contains("\"c1\"") && stored.contains("\"t1\""),
        "stored {stored}"
    );
    let create = request(0);
    assert_eq!(
        field(&create, "url").as_deref(),
        Some("https://api.test/api/v1/conversations")
    );
    assert_eq!(field(&create, "credentials").as_deref(), Some("omit"));
    // It draws checkout cards, and proves the orders this browser bought from the shop.
    assert_eq!(
        field(&create, "body").as_deref(),
        Some(
            r#"{"shop":"test-shop","locale":"en","features":["checkout"],"order_tokens":["tok-1"]}"#
        )
    );
    let send = request(1);
    assert_eq!(
        field(&send, "url").as_deref(),
        Some("https://api.test/api/v1/conversations/c1/messages")
    );
    assert_eq!(field(&send, "auth").as_deref(), Some("Bearer t1"));
    assert_eq!(
        field(&send, "body").as_deref(),
        Some(r#"{"text":"hoodie"}"#)
    );

    let events = Array::from(&fake_get("events"));
    let messages: Vec<(String, String)> = events
        .iter()
        .map(|event| {
            let pair = Array::from(&event);
            let detail = pair.get(1);
            (
                field(&detail, "role").unwrap_or_default(),
                field(&detail, "text").unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        vec![
            ("shopper".to_owned(), "hoodie".to_owned()),
            ("assistant".to_owned(), "Here are two hoodies.".to_owned()),
        ]
    );

    // A tap on the card's View link is counted for the shop's analytics.
    let view = get(&root, ".sc-card .sc-view");
    view.set_attribute("href", "#").expect("stay on the page");
    view.click();
    let click = request_to("/c1/events").await;
    assert_eq!(field(&click, "auth").as_deref(), Some("Bearer t1"));
    assert_eq!(
        field(&click, "body").as_deref(),
        Some(r#"{"type":"card_click","product_id":1}"#)
    );
}

#[wasm_bindgen_test]
async fn a_stored_conversation_is_shown_again_after_a_reload() {
    install_fake_server();
    storage()
        .set_item(STORAGE_KEY, r#"{"conversation_id":"c9","token":"t9"}"#)
        .expect("store");
    let history = serde_json::json!({"messages": [
        {"id": 1, "role": "shopper", "text": "socks?", "created_at": "2026-01-01T00:00:00Z"},
        {"id": 2, "role": "assistant", "text": "We have wool socks.", "quick_replies": ["Show them"],
         "created_at": "2026-01-01T00:00:01Z"}
    ]});
    fake_set(
        "history",
        &js_sys::JSON::parse(&history.to_string()).expect("json"),
    );

    let (_widget, root) = mount_in_shadow_root("en");
    until("the earlier messages", || {
        text(&root).contains("We have wool socks.")
    })
    .await;
    assert!(text(&root).contains("socks?"));
    assert_eq!(text(&get(&root, ".sc-chip")), "Show them");
    assert_eq!(field(&request(0), "auth").as_deref(), Some("Bearer t9"));
}

#[wasm_bindgen_test]
async fn a_stored_conversation_the_server_rejects_is_dropped() {
    install_fake_server();
    storage()
        .set_item(STORAGE_KEY, r#"{"conversation_id":"old","token":"stale"}"#)
        .expect("store");

    let (_widget, root) = mount_in_shadow_root("en");
    until("the stored conversation to go", || {
        storage().get_item(STORAGE_KEY).ok().flatten().is_none()
    })
    .await;
    until("the greeting", || text(&root).contains("Show me hoodies")).await;
}

#[wasm_bindgen_test]
async fn a_failed_send_explains_itself_in_spanish_and_retry_sends_it_again() {
    install_fake_server();
    let (widget, root) = mount_in_shadow_root("es");
    fake_set("failNext", &Array::of2(&429.into(), &"rate_limited".into()));

    widget.ask("sudaderas".into());
    until("the error banner", || find(&root, ".sc-error").is_some()).await;
    let banner = text(&get(&root, ".sc-error"));
    assert!(
        banner.contains("demasiado rápido"),
        "Spanish rate-limit text in {banner:?}"
    );
    assert!(!composer_disabled(&root), "the shopper can act again");

    get(&root, ".sc-retry").click();
    wait_for_reply_stream().await;
    assert!(
        find(&root, ".sc-error").is_none(),
        "the banner goes when retrying"
    );
    stream_chunk(&frame(&StreamEvent::Text {
        delta: "¡Claro!".into(),
    }));
    stream_chunk(&frame(&StreamEvent::Done { message_id: 1 }));
    end_stream();
    until("the reply", || text(&root).contains("¡Claro!")).await;
    let shopper_bubbles = root
        .query_selector_all(".sc-msg-shopper")
        .expect("bubbles")
        .length();
    assert_eq!(
        shopper_bubbles, 1,
        "retrying does not repeat the shopper's message"
    );
}

#[wasm_bindgen_test]
async fn who_and_where_the_shopper_is_goes_with_the_conversation_and_a_new_identity_follows() {
    install_fake_server();
    let page = |script: &str| js_sys::eval(script).expect("a value");
    let (widget, root) = mount_with_options(
        "en",
        &[
            (
                "identity",
                page("({id: '42', email: 'ada@example.com', signature: 'ab12'})"),
            ),
            ("context", page("({product: 'trail-hoodie', cartCount: 2})")),
        ],
    );
    leptos::task::tick().await;
    widget.ask("do you have this in M?".into());
    wait_for_reply_stream().await;
    stream_chunk(&frame(&StreamEvent::Done { message_id: 2 }));
    end_stream();
    until("the composer to come back", || !composer_disabled(&root)).await;

    let create = request(0);
    let body: serde_json::Value =
        serde_json::from_str(&field(&create, "body").unwrap_or_default()).expect("json");
    assert_eq!(
        body["identity"],
        serde_json::json!({"id": "42", "email": "ada@example.com", "signature": "ab12"})
    );
    assert_eq!(
        body["context"],
        serde_json::json!({"product": "trail-hoodie", "cart_count": 2})
    );

    // Signed out on the page: the open conversation is told, with the page it is on.
    widget.identify(JsValue::NULL);
    let update = request_to("/c1/context").await;
    assert_eq!(field(&update, "auth").as_deref(), Some("Bearer t1"));
    let body: serde_json::Value =
        serde_json::from_str(&field(&update, "body").unwrap_or_default()).expect("json");
    assert_eq!(
        body,
        serde_json::json!({"context": {"product": "trail-hoodie", "cart_count": 2}})
    );
}
