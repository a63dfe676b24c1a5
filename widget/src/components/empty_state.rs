//! What a new conversation shows: a greeting and a few ways to start.

use leptos::prelude::*;

use crate::components::QuickReplies;
use crate::i18n::use_locale;

#[component]
pub fn EmptyState(
    /// Called with a starter's text when the shopper taps it.
    on_pick: Callback<String>,
) -> impl IntoView {
    let s = use_locale().strings();
    let starters: Vec<String> = s.starters.iter().map(|text| (*text).to_owned()).collect();
    view! {
        <div class="sc-empty">
            <p class="sc-empty-title">{s.greeting_title}</p>
            <p class="sc-empty-text">{s.greeting}</p>
            <QuickReplies items=starters on_pick />
        </div>
    }
}
