//! A failed send, explained in the shopper's language, with Retry when trying again can help.

use leptos::prelude::*;

use crate::i18n::use_locale;
use crate::redraw::Redraw;

/// Codes that fail the same way however often they are retried.
const FINAL_CODES: [&str; 4] = [
    "empty_message",
    "message_too_long",
    "unknown_shop",
    "origin_not_allowed",
];

#[component]
pub fn ErrorBanner(
    /// Code of the error to show (`rate_limited`, `network`…), or none.
    error: RwSignal<Option<String>>,
    /// Called when the shopper taps Retry.
    on_retry: Callback<()>,
) -> impl IntoView {
    let locale = use_locale();
    move || {
        Redraw(error.get().map(|code| {
            let retry = (!FINAL_CODES.contains(&code.as_str())).then(|| {
                view! {
                    <button type="button" class="sc-retry" on:click=move |_| on_retry.run(())>
                        {locale.strings().retry}
                    </button>
                }
            });
            view! {
                <div class="sc-error" role="alert">
                    <p class="sc-error-text">{locale.error_text(&code)}</p>
                    {retry}
                </div>
            }
        }))
    }
}
