//! The conversation log: greeting when empty, the messages, and the typing indicator.

use leptos::prelude::*;
use shopchat_protocol::ProductCard as Card;

use crate::components::{EmptyState, Message, Typing};
use crate::i18n::use_locale;
use crate::redraw::Redraw;
use crate::state::ChatMessage;

#[component]
pub fn MessageList(
    /// The messages, oldest first.
    messages: RwSignal<Vec<ChatMessage>>,
    /// Show the typing indicator (waiting for the first piece of a reply).
    #[prop(into)]
    typing: Signal<bool>,
    /// Show the greeting and starters (a new conversation).
    #[prop(into)]
    greeting: Signal<bool>,
    /// A reply is arriving: screen readers wait for it to finish.
    #[prop(into)]
    busy: Signal<bool>,
    /// Called with a starter's text when the shopper taps it.
    on_pick: Callback<String>,
    /// Called when the shopper taps Buy on a card.
    on_buy: Callback<Card>,
) -> impl IntoView {
    let s = use_locale().strings();
    // `.sc-log` lays its one child out bottom-up (see widget.css), so the browser keeps the
    // newest text in view while a reply streams, without scrolling code.
    view! {
        <div class="sc-log" role="log" aria-live="polite" aria-label=s.conversation
            aria-busy=move || if busy.get() { "true" } else { "false" }>
            <div class="sc-log-inner">
                {move || Redraw(greeting.get().then(|| view! { <EmptyState on_pick /> }))}
                <For
                    each=move || messages.get()
                    key=|message| message.key
                    children=move |message| view! { <Message message on_buy /> }
                />
                {move || Redraw(typing.get().then(|| view! { <Typing /> }))}
            </div>
        </div>
    }
}
