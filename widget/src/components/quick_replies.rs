//! Suggested replies as chips; tapping one sends it.

use leptos::prelude::*;

use crate::i18n::use_locale;
use crate::redraw::Redraw;

#[component]
pub fn QuickReplies(
    /// The suggestions; nothing is drawn when empty.
    #[prop(into)]
    items: Signal<Vec<String>>,
    /// Called with the chip's text when the shopper taps it.
    on_pick: Callback<String>,
    /// Chips can't be tapped while a reply is arriving.
    #[prop(into, optional)]
    disabled: Signal<bool>,
) -> impl IntoView {
    let s = use_locale().strings();
    move || {
        let items = items.get();
        Redraw((!items.is_empty()).then(|| {
            let chips = items
                .into_iter()
                .map(|item| {
                    let text = item.clone();
                    view! {
                        <button
                            type="button"
                            class="sc-chip"
                            disabled=disabled
                            on:click=move |_| on_pick.run(text.clone())
                        >
                            {item}
                        </button>
                    }
                })
                .collect_view();
            view! {
                <div class="sc-chips" role="group" aria-label=s.suggestions>
                    {chips}
                </div>
            }
        }))
    }
}
