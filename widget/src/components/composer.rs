//! Where the shopper writes: Enter sends, Shift+Enter starts a new line.

use leptos::ev::KeyboardEvent;
use leptos::html::Textarea;
use leptos::prelude::*;
use shopchat_protocol::MAX_MESSAGE_CHARS;
use web_sys::HtmlTextAreaElement;

use crate::i18n::use_locale;
use crate::money::digits;

#[component]
pub fn Composer(
    /// A reply is arriving: the input and Send are disabled.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with the text when the shopper sends it.
    on_send: Callback<String>,
) -> impl IntoView {
    let s = use_locale().strings();
    let draft = RwSignal::new(String::new());
    let input = NodeRef::<Textarea>::new();
    let submit = move || {
        let text = draft.get_untracked();
        if busy.get_untracked() || text.trim().is_empty() {
            return;
        }
        draft.set(String::new());
        on_send.run(text);
    };
    // Disabling the input drops its focus; give it back when the reply is complete.
    let refocus_when_idle = RenderEffect::new(move |was_busy: Option<bool>| {
        let busy = busy.get();
        if was_busy == Some(true) && !busy {
            request_animation_frame(move || {
                if let Some(input) = input.get_untracked() {
                    refocus(&input);
                }
            });
        }
        busy
    });
    // Lives as long as the composer.
    StoredValue::new_local(refocus_when_idle);
    view! {
        <form class="sc-composer" on:submit=move |ev| {
            ev.prevent_default();
            submit();
        }>
            <textarea
                class="sc-input"
                rows="1"
                maxlength=digits(MAX_MESSAGE_CHARS as u64, 1)
                aria-label=s.message_label
                placeholder=s.placeholder
                node_ref=input
                disabled=busy
                prop:value=draft
                on:input=move |ev| draft.set(event_target_value(&ev))
                on:keydown=move |ev: KeyboardEvent| {
                    if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
                        ev.prevent_default();
                        submit();
                    }
                }
            ></textarea>
            <button type="submit" class="sc-send" disabled=busy>
                {s.send}
            </button>
        </form>
    }
}

/// Focuses the input unless the shopper has moved on to typing somewhere else on the page.
fn refocus(input: &HtmlTextAreaElement) {
    let typing_elsewhere = document().active_element().is_some_and(|active| {
        matches!(active.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || active.get_attribute("contenteditable").is_some()
    });
    if !typing_elsewhere {
        let _ = input.focus();
    }
}
