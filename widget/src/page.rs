//! The chat's side of what lives outside its wasm, through `page.js`:
//!
//! - the commerce cards (checkout, order status, handoff) are a module of their own,
//!   `commerce/`, loaded the first time a card is shown — as Stripe.js is — so the chat every
//!   shopper opens stays small: a card's message renders as an empty `.sc-card-slot`, and
//!   [`show_card`] loads the module (once) and has it draw the card there;
//! - the request that opens a conversation, telling a resumed one where the shopper is, and
//!   counting taps on product cards: plain JS is smaller than the same in wasm.

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

#[wasm_bindgen(module = "/src/page.js")]
extern "C" {
    /// The body of `POST /api/v1/conversations`, with the order tokens kept under `orders_key`
    /// (`orders_storage_key`). `options` are the loader's mount options, whose `identity` and
    /// `context` say who and where the shopper is.
    pub fn conversation_body(
        shop: &str,
        locale: &str,
        orders_key: &str,
        options: &JsValue,
    ) -> String;

    /// `POST /api/v1/conversations/{id}/context` with the options' identity and context, in
    /// the background.
    pub fn send_context(api_base: &str, conversation: &str, token: &str, options: &JsValue);

    /// Reports taps on product cards (`POST …/events`, `card_click`) for the shop's analytics,
    /// in the conversation stored under `session_key` (`Session::key`).
    pub fn count_card_clicks(root: &HtmlElement, api_base: &str, session_key: &str);

    /// Draws the card `ctx.card` into the first undrawn card slot under `root`. `ctx` is what
    /// `commerce::show` reads; `failed` is shown in the slot when the module can't be loaded.
    pub fn show_card(root: &HtmlElement, ctx: &JsValue, failed: &str);
}
