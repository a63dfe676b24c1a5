//! Helpers for widget tests: a fresh element to mount into, DOM queries and polling with a deadline.

#![allow(dead_code)]

use js_sys::{Date, Promise};
use leptos::prelude::*;
use shopchat_widget::i18n::Locale;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement};

/// A new empty `<div>` attached to the document.
pub fn fresh_element() -> HtmlElement {
    let element: HtmlElement = document()
        .create_element("div")
        .expect("create a div")
        .unchecked_into();
    document()
        .body()
        .expect("a body")
        .append_child(&element)
        .expect("attach the div");
    element
}

/// Mounts `view` with `locale` provided, into a fresh element it returns.
pub fn mount_with<F, N>(locale: Locale, view: F) -> HtmlElement
where
    F: FnOnce() -> N + 'static,
    N: IntoView,
{
    let element = fresh_element();
    leptos::mount::mount_to(element.clone(), move || {
        provide_context(locale);
        view()
    })
    .forget();
    element
}

pub fn find(root: &Element, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector)
        .expect("a valid selector")
        .map(JsCast::unchecked_into)
}

pub fn get(root: &Element, selector: &str) -> HtmlElement {
    find(root, selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn text(root: &Element) -> String {
    root.text_content().unwrap_or_default()
}

/// Lets the browser run timers, network callbacks and Leptos' updates for a moment.
pub async fn yield_to_browser() {
    let wait = Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10);
    });
    let _ = JsFuture::from(wait).await;
}

/// Waits until `ready()` holds, failing the test after five seconds.
pub async fn until(what: &str, mut ready: impl FnMut() -> bool) {
    let deadline = Date::now() + 5_000.0;
    while !ready() {
        assert!(Date::now() < deadline, "timed out waiting for {what}");
        yield_to_browser().await;
    }
}
