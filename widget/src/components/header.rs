//! The panel's title bar: the shop's name and a close button.

use leptos::prelude::*;

use crate::i18n::use_locale;

#[component]
pub fn Header(
    /// Shown as the panel's title, usually the shop's name.
    title: String,
    /// Called when the shopper closes the panel.
    on_close: Callback<()>,
) -> impl IntoView {
    let s = use_locale().strings();
    view! {
        <header class="sc-header">
            <h2 class="sc-title">{title}</h2>
            <button type="button" class="sc-close" aria-label=s.close title=s.close on:click=move |_| on_close.run(())>
                <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                    <path d="M6 6l12 12M18 6L6 18"></path>
                </svg>
            </button>
        </header>
    }
}
