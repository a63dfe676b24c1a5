//! The chat panel: header, conversation, error, suggestions and composer, wired to the `Chat`.

use leptos::prelude::*;
use shopchat_protocol::ProductCard as Card;

use crate::components::{Composer, ErrorBanner, Header, MessageList, QuickReplies};
use crate::state::{Chat, Status};

#[component]
pub fn App(
    /// The chat this panel shows and drives.
    chat: Chat,
) -> impl IntoView {
    provide_context(chat.locale());
    let busy = Signal::derive(move || chat.status.get() != Status::Idle);
    let typing = Signal::derive(move || chat.status.get() == Status::Waiting);
    let greeting = Signal::derive(move || {
        chat.status.get() != Status::Loading && chat.messages.with(Vec::is_empty)
    });
    let send = Callback::new(move |text: String| chat.send(text));
    let buy = Callback::new(move |card: Card| chat.buy(&card));
    view! {
        <section class="sc-panel" aria-label=chat.shop_name()>
            <Header title=chat.shop_name() on_close=Callback::new(move |()| chat.close()) />
            <MessageList
                messages=chat.messages
                typing
                greeting
                busy
                on_pick=send
                on_buy=buy
            />
            <ErrorBanner error=chat.error on_retry=Callback::new(move |()| chat.retry()) />
            <QuickReplies items=chat.quick_replies on_pick=send disabled=busy />
            <Composer busy on_send=send />
        </section>
    }
}
