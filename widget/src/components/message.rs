//! One message: the text as plain text, and the reply's product cards below it.

use leptos::prelude::*;
use shopchat_protocol::{ProductCard as Card, Role};

use crate::components::ProductCard;
use crate::i18n::use_locale;
use crate::redraw::Redraw;
use crate::state::ChatMessage;

#[component]
pub fn Message(
    /// The message; its text may still be growing while the reply streams.
    message: ChatMessage,
    /// Called when the shopper taps Buy on one of its cards.
    on_buy: Callback<Card>,
) -> impl IntoView {
    let s = use_locale().strings();
    let (class, author) = match message.role {
        Role::Shopper => ("sc-msg sc-msg-shopper", s.you),
        // A commerce card's place: the commerce module draws the card into it (see `commerce`).
        Role::Assistant if message.card => ("sc-msg sc-msg-assistant sc-card-slot", s.assistant),
        Role::Assistant => ("sc-msg sc-msg-assistant", s.assistant),
        // A person from the shop, after a handoff.
        Role::Merchant => ("sc-msg sc-msg-assistant sc-msg-merchant", s.shop_team),
    };
    let text = move || {
        let text = message.text.get();
        // A text node, never HTML.
        (!text.is_empty()).then(|| view! { <p class="sc-bubble">{text}</p> })
    };
    let cards = move || {
        let products = message.products.get();
        Redraw((!products.is_empty()).then(|| {
            let cards = products
                .into_iter()
                .map(|card| view! { <ProductCard card on_buy /> })
                .collect_view();
            view! { <div class="sc-cards">{cards}</div> }
        }))
    };
    view! {
        <div class=class>
            <span class="sc-visually-hidden">{author}": "</span>
            {text}
            {cards}
        </div>
    }
}
