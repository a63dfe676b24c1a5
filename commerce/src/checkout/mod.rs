//! The checkout card: variant, email and address; then the server's price breakdown and the
//! payment (a demo card form, or Stripe's Payment Element); the bank's confirmation step when
//! asked; then the confirmation. The card is drawn anew from its state after every change, and
//! what the shopper typed is read back from the inputs first, so nothing typed is lost.
//!
//! - `state`: the state machine, pure: each step and how answers move it on;
//! - `events`: the shopper's submits, changes and clicks, and the events the host page hears;
//! - `network`: the requests to the server, Stripe and the store's cart, and their answers;
//! - `view`: the card's markup, drawn from the state (its pieces in `view/parts`);
//! - `storage`: the order tokens this browser keeps.

mod events;
mod network;
pub mod state;
mod storage;
mod view;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::Function;
use web_sys::HtmlElement;

use crate::i18n::Lang;
use crate::stripe;

use state::Checkout;
pub use state::Start;

/// What the chat panel hands the card: where the server is, whose conversation this is, and
/// how to tell the panel about an order.
#[derive(Debug, Clone)]
pub struct Ctx {
    pub api_base: String,
    pub lang: Lang,
    pub conversation_id: String,
    /// The conversation's bearer token.
    pub token: String,
    /// `onEvent(name, detail)`: the host page's events (`purchase`, and `buy` for the store's cart).
    pub on_event: Option<Function>,
    /// The shop's public key: the order tokens are kept per shop.
    pub shop: String,
    /// The page is a Shopify storefront: its own cart is a same-origin request away.
    pub shopify: bool,
}

/// A running card: its state, and what it needs from the page.
struct Card {
    ctx: Ctx,
    root: HtmlElement,
    state: Checkout,
    /// Stripe's Payment Element, once mounted.
    stripe: Option<stripe::Mounted>,
}

type Shared = Rc<RefCell<Card>>;

/// Draws a checkout card into `root` and runs it.
pub fn open(root: HtmlElement, ctx: Ctx, start: Start) {
    let card = Rc::new(RefCell::new(Card {
        ctx,
        root: root.clone(),
        state: Checkout::new(&start, random_key()),
        stripe: None,
    }));
    events::listen(&card, &root);
    view::draw(&card);
    if let Start::Product {
        product_id,
        variant_id,
    } = start
    {
        network::load_offer(&card, product_id, variant_id);
    }
}

/// A request starts: keep what was typed, clear the message, disable the buttons.
fn start(card: &Shared) {
    {
        let mut c = card.borrow_mut();
        view::keep_values(&mut c);
        c.state.started();
    }
    view::draw(card);
}

/// A fresh idempotency key (a random UUID).
fn random_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|crypto| crypto.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "{:x}{:x}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e15) as u64
            )
        })
}
