//! Stripe's Payment Element. Stripe.js is loaded only at this step, from the URL the server
//! names. Elements refuse to mount inside a shadow root, so the element mounts into a light-DOM
//! child of the chat's host element, which the card shows through a named `<slot>`.

use js_sys::{Array, Function, Object, Promise, Reflect};
use shopchat_protocol::PaymentSession;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Element, HtmlElement, ShadowRoot};

/// The slot name the card draws and the light-DOM element carries.
pub const SLOT: &str = "sc-stripe";

/// Stripe.js objects of a mounted Payment Element.
#[derive(Debug, Clone)]
pub struct Mounted {
    stripe: JsValue,
    elements: JsValue,
}

/// Loads Stripe.js (once per page) and mounts a Payment Element for the session's intent.
/// Errors are codes the card translates.
pub async fn mount(root: &HtmlElement, payment: &PaymentSession) -> Result<Mounted, String> {
    let unavailable = || "payment_provider_unavailable".to_owned();
    let (Some(key), Some(secret)) = (&payment.stripe_publishable_key, &payment.client_secret)
    else {
        return Err(unavailable());
    };
    let window = web_sys::window().ok_or_else(unavailable)?;
    if !Reflect::has(&window, &"Stripe".into()).unwrap_or(false) {
        let url = payment.stripe_js_url.as_deref().ok_or_else(unavailable)?;
        load_script(url).await.map_err(|_| unavailable())?;
    }
    let constructor: Function = Reflect::get(&window, &"Stripe".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(unavailable)?;
    let stripe = constructor
        .call1(&JsValue::NULL, &key.into())
        .map_err(|_| unavailable())?;
    let options = Object::new();
    let _ = Reflect::set(&options, &"clientSecret".into(), &secret.into());
    let elements = invoke(&stripe, "elements", &[options.into()]).map_err(|_| unavailable())?;
    let element = invoke(&elements, "create", &["payment".into()]).map_err(|_| unavailable())?;
    let target = light_dom_slot(root).ok_or_else(unavailable)?;
    invoke(&element, "mount", &[target.into()]).map_err(|_| unavailable())?;
    Ok(Mounted { stripe, elements })
}

/// `stripe.confirmPayment({elements, redirect: 'if_required'})`: `Ok` once the payment went
/// through (or is processing), else the decline's code.
pub async fn confirm(mounted: &Mounted) -> Result<(), String> {
    let options = Object::new();
    let _ = Reflect::set(&options, &"elements".into(), &mounted.elements);
    let _ = Reflect::set(&options, &"redirect".into(), &"if_required".into());
    let promise: Promise = invoke(&mounted.stripe, "confirmPayment", &[options.into()])
        .ok()
        .and_then(|p| p.dyn_into().ok())
        .ok_or("payment_provider_unavailable")?;
    let result = JsFuture::from(promise)
        .await
        .map_err(|_| "payment_provider_unavailable".to_owned())?;
    let error = Reflect::get(&result, &"error".into()).unwrap_or(JsValue::UNDEFINED);
    if error.is_object() {
        let text = |key: &str| {
            Reflect::get(&error, &key.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        let code = text("decline_code")
            .filter(|c| matches!(c.as_str(), "expired_card" | "incorrect_cvc"))
            .or_else(|| text("code"))
            .unwrap_or_default();
        return Err(match code.as_str() {
            "payment_intent_authentication_failure" => "authentication_failed".into(),
            "expired_card" | "incorrect_cvc" | "card_declined" => code,
            "incorrect_number" | "invalid_number" => "invalid_number".into(),
            "invalid_expiry_month" | "invalid_expiry_year" => "invalid_expiry".into(),
            _ => "card_declined".into(),
        });
    }
    Ok(())
}

/// Resolves after `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// The light-DOM element (child of the shadow host) the Payment Element mounts into; made once.
fn light_dom_slot(root: &HtmlElement) -> Option<Element> {
    let host = root.get_root_node().dyn_into::<ShadowRoot>().ok()?.host();
    if let Ok(Some(existing)) = host.query_selector(&format!(":scope > [slot=\"{SLOT}\"]")) {
        existing.set_inner_html("");
        return Some(existing);
    }
    let document = web_sys::window()?.document()?;
    let slot = document.create_element("div").ok()?;
    slot.set_attribute("slot", SLOT).ok()?;
    host.append_child(&slot).ok()?;
    Some(slot)
}

async fn load_script(url: &str) -> Result<(), JsValue> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or(JsValue::NULL)?;
    let script = document.create_element("script")?;
    script.set_attribute("src", url)?;
    let promise = Promise::new(&mut |resolve, reject| {
        let _ = script.add_event_listener_with_callback("load", &resolve);
        let _ = script.add_event_listener_with_callback("error", &reject);
    });
    document
        .head()
        .ok_or(JsValue::NULL)?
        .append_child(&script)?;
    JsFuture::from(promise).await.map(|_| ())
}

fn invoke(target: &JsValue, method: &str, args: &[JsValue]) -> Result<JsValue, JsValue> {
    let function: Function = Reflect::get(target, &method.into())?.dyn_into()?;
    function.apply(target, &args.iter().collect::<Array>())
}
