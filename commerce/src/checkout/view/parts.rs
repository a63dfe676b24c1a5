//! The pieces the checkout card's steps are built from: the form and its submit button, a
//! labelled field, an option's select, the test-mode line, the message, the price breakdown, and
//! the store-cart row.

use shopchat_protocol::display::format_money;
use shopchat_protocol::{Breakdown, CheckoutOffer, Money};

use crate::checkout::state::chosen_variant;
use crate::checkout::Card;
use crate::html::Html;
use crate::i18n::Lang;
use crate::store_cart;

pub(super) fn form_open(h: &mut Html, step: &str) {
    h.open(
        "form",
        &[
            ("class", Some("sc-checkout")),
            ("data-step", Some(step)),
            ("novalidate", Some("")),
        ],
    );
}

pub(super) fn submit(h: &mut Html, c: &Card, label: &str) {
    h.element(
        "button",
        &[
            ("type", Some("submit")),
            ("class", Some("sc-pay")),
            ("disabled", c.state.busy.then_some("")),
        ],
        label,
    );
}

/// A labelled input named as the server names the field, with its inline error.
pub(super) fn field(
    h: &mut Html,
    c: &Card,
    label: &str,
    name: &str,
    autocomplete: &str,
    kind: &str,
) {
    let lang = c.ctx.lang;
    let error = c
        .state
        .errors
        .iter()
        .find(|e| e.field == name)
        .map(|e| lang.field_error_text(&e.code));
    let value = c.state.value(name);
    h.open("label", &[("class", Some("sc-field"))]);
    h.element("span", &[], label);
    h.open(
        "input",
        &[
            ("name", Some(name)),
            ("type", Some(kind)),
            ("autocomplete", Some(autocomplete)),
            ("value", value),
            ("aria-invalid", error.map(|_| "true")),
        ],
    );
    if let Some(error) = error {
        h.element("span", &[("class", Some("sc-field-error"))], error);
    }
    h.close("label");
}

/// The select of option `i`; values sold out with the other options as chosen are disabled.
pub(super) fn select(h: &mut Html, offer: &CheckoutOffer, chosen: &[String], i: usize, name: &str) {
    let mut values: Vec<&String> = Vec::new();
    for value in offer.variants.iter().filter_map(|v| v.options.get(i)) {
        if !values.contains(&value) {
            values.push(value);
        }
    }
    h.open("label", &[("class", Some("sc-field"))]);
    h.element("span", &[], name);
    let select_name = format!("opt{i}");
    h.open("select", &[("name", Some(&select_name))]);
    for value in values {
        let mut with_this = chosen.to_vec();
        if let Some(slot) = with_this.get_mut(i) {
            slot.clone_from(value);
        }
        let sold_out = chosen_variant(&offer.variants, &with_this).is_none();
        h.element(
            "option",
            &[
                ("value", Some(value)),
                ("selected", (chosen.get(i) == Some(value)).then_some("")),
                ("disabled", sold_out.then_some("")),
            ],
            value,
        );
    }
    h.close("select").close("label");
}

pub(super) fn test_mode(h: &mut Html, on: bool, lang: Lang) {
    if on {
        h.element(
            "p",
            &[("class", Some("sc-test-mode"))],
            lang.strings().test_mode,
        );
    }
}

pub(super) fn notice(h: &mut Html, c: &Card) {
    if let Some(code) = &c.state.notice {
        h.element(
            "p",
            &[("class", Some("sc-notice")), ("role", Some("alert"))],
            c.ctx.lang.notice_text(code),
        );
    }
}

pub(super) fn breakdown_list(h: &mut Html, breakdown: &Breakdown, lang: Lang) {
    let s = lang.strings();
    let tax = if breakdown.tax_inclusive {
        s.tax_included
    } else {
        s.tax
    };
    h.open("dl", &[("class", Some("sc-breakdown"))]);
    for (label, amount) in [
        (s.subtotal, breakdown.subtotal),
        (s.shipping, breakdown.shipping),
        (tax, breakdown.tax),
        (s.total, breakdown.total),
    ] {
        h.open("div", &[("class", Some("sc-co-line"))]);
        h.element("dt", &[], label)
            .element("dd", &[], &money(amount, lang));
        h.close("div");
    }
    h.close("dl");
}

pub(super) fn money(amount: Money, lang: Lang) -> String {
    format_money(amount, lang.code())
}

/// "Add to cart" (and, on a Shopify storefront, "Buy now"), and what the store answered.
pub(super) fn store_cart_buttons(h: &mut Html, c: &Card, offer: &CheckoutOffer) {
    let s = c.ctx.lang.strings();
    let busy = c.state.busy.then_some("");
    // The store's cart is the card's main action unless the chat takes payments too.
    let class = if offer.buying_mode.pays_in_chat() {
        "sc-view"
    } else {
        "sc-pay"
    };
    h.open("div", &[("class", Some("sc-co-row sc-store-cart"))]);
    let quantity = c.state.value("quantity").unwrap_or("1");
    let max = store_cart::MAX_QUANTITY.to_string();
    h.open("label", &[("class", Some("sc-field sc-qty"))]);
    h.element("span", &[], s.quantity);
    h.open(
        "input",
        &[
            ("name", Some("quantity")),
            ("type", Some("number")),
            ("inputmode", Some("numeric")),
            ("min", Some("1")),
            ("max", Some(&max)),
            ("value", Some(quantity)),
        ],
    );
    h.close("label");
    for (act, label, shown) in [
        ("cart-add", s.add_to_cart, true),
        ("cart-buy", s.buy_now, c.ctx.shopify),
    ] {
        if shown {
            h.element(
                "button",
                &[
                    ("type", Some("button")),
                    ("class", Some(class)),
                    ("data-act", Some(act)),
                    ("disabled", busy),
                ],
                label,
            );
        }
    }
    h.close("div");
    if let Some(message) = &c.state.store_message {
        h.element(
            "p",
            &[("class", Some("sc-notice")), ("role", Some("alert"))],
            message,
        );
    }
    if c.state.added {
        h.open(
            "p",
            &[("class", Some("sc-added")), ("role", Some("status"))],
        );
        h.text(s.added_to_cart).text(" ");
        if c.ctx.shopify {
            let checkout = store_cart::checkout_url();
            h.element("a", &[("href", Some(&checkout))], s.go_to_checkout);
        }
        h.close("p");
    }
}
