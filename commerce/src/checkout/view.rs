//! The card's markup, drawn from its state as HTML (see `html`): one form per step, each input
//! named as the server names the field, with the value typed so far and its inline error.

mod parts;

use shopchat_protocol::PaymentProvider;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};

use super::state::{chosen_variant, Stage};
use super::{Card, Shared};
use crate::html::Html;
use crate::stripe;
use parts::{
    breakdown_list, field, form_open, money, notice, select, store_cart_buttons, submit, test_mode,
};

/// Draws the card from its state, keeping what was typed.
pub(super) fn draw(card: &Shared) {
    let mut c = card.borrow_mut();
    keep_values(&mut c);
    let markup = render(&c);
    c.root.set_inner_html(&markup);
    // Move focus to the first field in error, as a form does.
    if let Ok(Some(first)) = c.root.query_selector("[aria-invalid=true]") {
        if let Ok(input) = first.dyn_into::<HtmlElement>() {
            let _ = input.focus();
        }
    }
}

/// Everything typed into the card so far, so a redraw keeps it.
pub(super) fn keep_values(c: &mut Card) {
    let Ok(inputs) = c.root.query_selector_all("input") else {
        return;
    };
    for i in 0..inputs.length() {
        let Some(input) = inputs
            .get(i)
            .and_then(|n| n.dyn_into::<HtmlInputElement>().ok())
        else {
            continue;
        };
        let (name, value) = (input.name(), input.value());
        match c.state.values.iter_mut().find(|(key, _)| *key == name) {
            Some(slot) => slot.1 = value,
            None => c.state.values.push((name, value)),
        }
    }
}

fn render(c: &Card) -> String {
    let lang = c.ctx.lang;
    let s = lang.strings();
    let mut h = Html::default();
    match &c.state.stage {
        Stage::Loading => {
            h.element(
                "p",
                &[("class", Some("sc-checkout")), ("role", Some("status"))],
                s.loading,
            );
        }
        Stage::Unavailable(code) => {
            h.element(
                "p",
                &[
                    ("class", Some("sc-checkout sc-notice")),
                    ("role", Some("alert")),
                ],
                lang.notice_text(code),
            );
        }
        Stage::Details { offer, chosen } => {
            form_open(&mut h, "details");
            h.element("h3", &[("class", Some("sc-co-title"))], &offer.title);
            // No charge is made here when the store's cart takes the order.
            test_mode(
                &mut h,
                offer.test_mode && offer.buying_mode.pays_in_chat(),
                lang,
            );
            for (i, name) in offer.option_names.iter().enumerate() {
                select(&mut h, offer, chosen, i, name);
            }
            let price = chosen_variant(&offer.variants, chosen)
                .map_or_else(|| s.sold_out.to_owned(), |v| money(v.price, lang));
            h.element("p", &[("class", Some("sc-co-price"))], &price);
            if offer.buying_mode.uses_store_cart() {
                store_cart_buttons(&mut h, c, offer);
            }
            if !offer.buying_mode.pays_in_chat() {
                notice(&mut h, c);
                h.close("form");
                return h.finish();
            }
            field(&mut h, c, s.email, "email", "email", "email");
            if offer.requires_shipping {
                h.open("fieldset", &[("class", Some("sc-address"))]);
                h.element("legend", &[], s.shipping_address);
                for (label, name, auto) in [
                    (s.full_name, "shipping_address.name", "name"),
                    (s.line1, "shipping_address.line1", "address-line1"),
                    (s.line2, "shipping_address.line2", "address-line2"),
                    (s.city, "shipping_address.city", "address-level2"),
                    (s.postal_code, "shipping_address.postal_code", "postal-code"),
                    (s.country, "shipping_address.country", "country"),
                ] {
                    field(&mut h, c, label, name, auto, "text");
                }
                h.close("fieldset");
            }
            notice(&mut h, c);
            submit(&mut h, c, s.to_payment);
            h.close("form");
        }
        Stage::Pay(breakdown, payment) => {
            form_open(&mut h, "pay");
            test_mode(&mut h, payment.test_mode, lang);
            breakdown_list(&mut h, breakdown, lang);
            if payment.provider == PaymentProvider::Stripe {
                h.open("div", &[("class", Some("sc-stripe"))]);
                h.element("slot", &[("name", Some(stripe::SLOT))], "");
                h.close("div");
            } else {
                field(&mut h, c, s.card_number, "card_number", "cc-number", "text");
                h.open("div", &[("class", Some("sc-co-row"))]);
                field(&mut h, c, s.expiry, "expiry", "cc-exp", "text");
                field(&mut h, c, s.cvc, "cvc", "cc-csc", "text");
                h.close("div");
            }
            notice(&mut h, c);
            let label = [s.pay, " ", &money(breakdown.total, lang)].concat();
            submit(&mut h, c, &label);
            h.close("form");
        }
        Stage::Confirm(..) => {
            h.open("div", &[("class", Some("sc-checkout"))]);
            h.element("p", &[], s.confirm_prompt);
            h.open("div", &[("class", Some("sc-co-row"))]);
            let busy = c.state.busy.then_some("");
            h.element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some("sc-pay")),
                    ("data-act", Some("approve")),
                    ("disabled", busy),
                ],
                s.confirm,
            );
            h.element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some("sc-view")),
                    ("data-act", Some("decline")),
                    ("disabled", busy),
                ],
                s.cancel,
            );
            h.close("div");
            notice(&mut h, c);
            h.close("div");
        }
        Stage::Processing => {
            h.open(
                "div",
                &[("class", Some("sc-checkout")), ("role", Some("status"))],
            );
            h.element("p", &[], s.processing);
            notice(&mut h, c);
            h.close("div");
        }
        Stage::Done(order) => {
            h.open(
                "div",
                &[
                    ("class", Some("sc-checkout sc-done")),
                    ("role", Some("status")),
                ],
            );
            h.element("p", &[("class", Some("sc-co-title"))], s.thanks);
            h.open("p", &[]).text(s.order).text(" ");
            h.element(
                "strong",
                &[("class", Some("sc-order-number"))],
                &order.order_number,
            );
            h.close("p");
            h.element(
                "p",
                &[],
                &[s.total, ": ", &money(order.breakdown.total, lang)].concat(),
            );
            h.element("p", &[("class", Some("sc-card-reason"))], s.next_steps);
            h.close("div");
        }
    }
    h.finish()
}
