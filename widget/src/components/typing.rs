//! Three animated dots while the assistant prepares its reply.

use leptos::prelude::*;

use crate::i18n::use_locale;

#[component]
pub fn Typing() -> impl IntoView {
    let s = use_locale().strings();
    view! {
        <div class="sc-msg sc-msg-assistant sc-typing">
            <span class="sc-dots" aria-hidden="true">
                <span class="sc-dot"></span>
                <span class="sc-dot"></span>
                <span class="sc-dot"></span>
            </span>
            <span class="sc-visually-hidden">{s.typing}</span>
        </div>
    }
}
