//! The handoff card: after the conversation was handed to a person from the shop, it says when
//! to expect their reply, then checks for it and shows their replies as they come (the
//! merchant answers through the admin API; replies are `merchant` messages in the history).

use shopchat_protocol::json::set;
use wasm_bindgen_futures::spawn_local;
use web_sys::HtmlElement;

use crate::checkout::Ctx;
use crate::html::Html;
use crate::{api, stripe, wire};

/// How long to wait between checks: short after a reply, then longer, up to half a minute.
const FIRST_DELAY_MS: i32 = 4_000;
const MAX_DELAY_MS: i32 = 30_000;

/// Draws the card into `root` and checks for the shop's replies while it is on the page.
/// `expected_reply` is the server's wording (absent when a reopened chat resumes waiting).
pub fn open(root: HtmlElement, ctx: Ctx, expected_reply: Option<String>) {
    let s = ctx.lang.strings();
    let mut h = Html::default();
    h.open(
        "div",
        &[
            ("class", Some("sc-checkout sc-handoff")),
            ("role", Some("status")),
        ],
    );
    h.element(
        "p",
        &[],
        expected_reply.as_deref().unwrap_or(s.waiting_for_person),
    );
    h.element(
        "div",
        &[("class", Some("sc-replies")), ("aria-live", Some("polite"))],
        "",
    );
    h.close("div");
    root.set_inner_html(&h.finish());
    spawn_local(watch(root, ctx));
}

async fn watch(root: HtmlElement, ctx: Ctx) {
    let url = format!(
        "{}/api/v1/conversations/{}/messages",
        ctx.api_base, ctx.conversation_id
    );
    // What is already on screen: replies after it are new.
    let mut seen = match api::get(&url, &ctx.token, |v| Some(wire::messages(v))).await {
        Ok(messages) => messages.iter().map(|(id, ..)| *id).max().unwrap_or(0),
        Err(_) => 0,
    };
    let mut delay = FIRST_DELAY_MS;
    while root.is_connected() {
        stripe::sleep(delay).await;
        let newer = format!("{url}?after={seen}");
        let Ok(messages) = api::get(&newer, &ctx.token, |v| Some(wire::messages(v))).await else {
            delay = (delay * 2).min(MAX_DELAY_MS);
            continue;
        };
        let mut replied = false;
        for (id, role, text) in messages {
            seen = seen.max(id);
            if role == "merchant" {
                show_reply(&root, &ctx, &text);
                replied = true;
            }
        }
        delay = if replied {
            FIRST_DELAY_MS
        } else {
            (delay * 2).min(MAX_DELAY_MS)
        };
    }
}

fn show_reply(root: &HtmlElement, ctx: &Ctx, text: &str) {
    let Ok(Some(replies)) = root.query_selector(".sc-replies") else {
        return;
    };
    let mut h = Html::default();
    h.open(
        "div",
        &[("class", Some("sc-msg sc-msg-assistant sc-msg-merchant"))],
    );
    h.element(
        "span",
        &[("class", Some("sc-visually-hidden"))],
        &[ctx.lang.strings().shop_team, ": "].concat(),
    );
    h.element("p", &[("class", Some("sc-bubble"))], text);
    h.close("div");
    let _ = replies.insert_adjacent_html("beforeend", &h.finish());
    if let Some(last) = replies.last_element_child() {
        last.scroll_into_view();
    }
    if let Some(on_event) = &ctx.on_event {
        let detail = js_sys::Object::new();
        set(&detail, "role", &"merchant".into());
        set(&detail, "text", &text.into());
        let _ = on_event.call2(&wasm_bindgen::JsValue::NULL, &"message".into(), &detail);
    }
}
