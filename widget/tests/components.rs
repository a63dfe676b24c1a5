//! Components mounted alone in headless Chromium, checked for what a shopper sees and can do.

mod support;

use leptos::prelude::*;
use shopchat_protocol::{Currency, Money, ProductCard as Card};
use shopchat_widget::components::{Composer, EmptyState, ProductCard, QuickReplies};
use shopchat_widget::i18n::Locale;
use support::{find, get, mount_with, text, until};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Event, HtmlButtonElement, HtmlTextAreaElement, KeyboardEvent, KeyboardEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn usd(minor: i64) -> Money {
    Money {
        minor,
        currency: Currency::parse("USD").expect("USD is a currency"),
    }
}

fn hoodie(image_url: Option<String>) -> Card {
    Card {
        product_id: 7,
        variant_id: 71,
        title: "Cozy Fleece Hoodie".into(),
        price: usd(4299),
        compare_at: Some(usd(5999)),
        image_url,
        image_alt: Some("A grey hoodie".into()),
        url: "https://shop.example/products/cozy-fleece-hoodie".into(),
        in_stock: true,
        reason: Some("matches 'hoodie'".into()),
    }
}

fn ignore<T: 'static>() -> Callback<T> {
    Callback::new(|_| {})
}

fn press_key(target: &HtmlTextAreaElement, key: &str, shift: bool) {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event =
        KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).expect("a key event");
    target.dispatch_event(&event).expect("dispatch the key");
}

fn type_into(target: &HtmlTextAreaElement, value: &str) {
    target.set_value(value);
    target
        .dispatch_event(&Event::new("input").expect("an input event"))
        .expect("dispatch input");
}

#[wasm_bindgen_test]
async fn a_product_card_shows_its_title_and_price_in_english() {
    let root = mount_with(
        Locale::En,
        || view! { <ProductCard card=hoodie(None) on_buy=ignore() /> },
    );
    leptos::task::tick().await;

    assert_eq!(text(&get(&root, ".sc-card-title")), "Cozy Fleece Hoodie");
    assert_eq!(text(&get(&root, ".sc-price")), "$42.99");
    assert!(
        text(&get(&root, ".sc-was")).contains("$59.99"),
        "the old price is struck through"
    );
    assert_eq!(text(&get(&root, ".sc-card-reason")), "matches 'hoodie'");
    let view = get(&root, "a.sc-view");
    assert_eq!(
        view.get_attribute("href").as_deref(),
        Some("https://shop.example/products/cozy-fleece-hoodie")
    );
    assert_eq!(view.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(view.get_attribute("rel").as_deref(), Some("noopener"));
}

#[wasm_bindgen_test]
async fn a_product_card_writes_the_price_the_spanish_way() {
    let root = mount_with(
        Locale::Es,
        || view! { <ProductCard card=hoodie(None) on_buy=ignore() /> },
    );
    leptos::task::tick().await;

    let price = text(&get(&root, ".sc-price"));
    assert!(price.contains("42,99"), "Spanish price, got {price:?}");
    assert_eq!(text(&get(&root, ".sc-buy")), "Comprar");
    assert_eq!(text(&get(&root, ".sc-view")), "Ver");
}

#[wasm_bindgen_test]
async fn a_picture_that_fails_to_load_becomes_a_placeholder() {
    let missing = format!(
        "{}/no-such-picture.png",
        window().location().origin().expect("an origin")
    );
    let root = mount_with(
        Locale::En,
        move || view! { <ProductCard card=hoodie(Some(missing)) on_buy=ignore() /> },
    );
    leptos::task::tick().await;
    assert!(
        find(&root, "img.sc-card-img").is_some(),
        "the picture is tried first"
    );

    until("the placeholder", || {
        find(&root, ".sc-card-img-fallback").is_some()
    })
    .await;
    assert!(find(&root, "img").is_none(), "the broken picture is gone");
}

#[wasm_bindgen_test]
async fn buy_reports_the_cards_product_and_variant() {
    let bought = RwSignal::new(None);
    let on_buy =
        Callback::new(move |card: Card| bought.set(Some((card.product_id, card.variant_id))));
    let root = mount_with(
        Locale::En,
        move || view! { <ProductCard card=hoodie(None) on_buy /> },
    );
    leptos::task::tick().await;

    get(&root, ".sc-buy").click();
    assert_eq!(bought.get_untracked(), Some((7, 71)));
}

#[wasm_bindgen_test]
async fn the_composer_is_disabled_while_a_reply_streams() {
    let busy = RwSignal::new(true);
    let root = mount_with(
        Locale::En,
        move || view! { <Composer busy on_send=ignore() /> },
    );
    leptos::task::tick().await;
    let input: HtmlTextAreaElement = get(&root, "textarea").unchecked_into();
    let send: HtmlButtonElement = get(&root, "button.sc-send").unchecked_into();
    assert!(input.disabled() && send.disabled(), "disabled while busy");

    busy.set(false);
    leptos::task::tick().await;
    assert!(
        !input.disabled() && !send.disabled(),
        "enabled again once the reply is complete"
    );
}

#[wasm_bindgen_test]
async fn enter_sends_and_shift_enter_starts_a_new_line() {
    let sent = RwSignal::new(Vec::<String>::new());
    let on_send = Callback::new(move |text: String| sent.update(|all| all.push(text)));
    let root = mount_with(
        Locale::En,
        move || view! { <Composer busy=false on_send /> },
    );
    leptos::task::tick().await;
    let input: HtmlTextAreaElement = get(&root, "textarea").unchecked_into();

    type_into(&input, "warm jacket");
    press_key(&input, "Enter", true);
    leptos::task::tick().await;
    assert!(sent.get_untracked().is_empty(), "Shift+Enter does not send");

    press_key(&input, "Enter", false);
    leptos::task::tick().await;
    assert_eq!(sent.get_untracked(), vec!["warm jacket".to_owned()]);
    assert_eq!(input.value(), "", "the input is cleared after sending");

    press_key(&input, "Enter", false);
    leptos::task::tick().await;
    assert_eq!(
        sent.get_untracked().len(),
        1,
        "an empty message is not sent"
    );
}

#[wasm_bindgen_test]
async fn the_send_button_sends_what_was_typed() {
    let sent = RwSignal::new(Vec::<String>::new());
    let on_send = Callback::new(move |text: String| sent.update(|all| all.push(text)));
    let root = mount_with(
        Locale::En,
        move || view! { <Composer busy=false on_send /> },
    );
    leptos::task::tick().await;
    let input: HtmlTextAreaElement = get(&root, "textarea").unchecked_into();

    type_into(&input, "hoodies");
    get(&root, "button.sc-send").click();
    leptos::task::tick().await;
    assert_eq!(sent.get_untracked(), vec!["hoodies".to_owned()]);
}

#[wasm_bindgen_test]
async fn spanish_strings_appear_with_locale_es() {
    let root = mount_with(Locale::Es, || {
        view! {
            <EmptyState on_pick=ignore() />
            <Composer busy=false on_send=ignore() />
        }
    });
    leptos::task::tick().await;

    let shown = text(&root);
    assert!(shown.contains("¡Hola!"), "Spanish greeting in {shown:?}");
    assert!(
        shown.contains("Muéstrame sudaderas"),
        "Spanish starter in {shown:?}"
    );
    assert_eq!(text(&get(&root, "button.sc-send")), "Enviar");
    let input = get(&root, "textarea");
    assert_eq!(
        input.get_attribute("placeholder").as_deref(),
        Some("Pregunta por productos…")
    );
}

#[wasm_bindgen_test]
async fn tapping_a_quick_reply_sends_it() {
    let sent = RwSignal::new(Vec::<String>::new());
    let on_pick = Callback::new(move |text: String| sent.update(|all| all.push(text)));
    let items = vec!["Under $50".to_owned(), "Show me more".to_owned()];
    let root = mount_with(Locale::En, move || view! { <QuickReplies items on_pick /> });
    leptos::task::tick().await;

    let chips = root.query_selector_all(".sc-chip").expect("chips");
    assert_eq!(chips.length(), 2);
    get(&root, ".sc-chip:last-child").click();
    assert_eq!(sent.get_untracked(), vec!["Show me more".to_owned()]);
}
