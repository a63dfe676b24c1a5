//! Shows an amount of money the way the shopper's language writes it, through `Intl.NumberFormat`.
//! Shared by the chat panel and the commerce cards (`commerce/`), hence in `protocol` behind its
//! `web` feature.

use crate::Money;
use js_sys::{Array, Intl, JsString};
use wasm_bindgen::JsValue;

/// Formats `money` for the language `lang` (a BCP 47 tag), e.g. `$42.99` (en) or `42,99 US$` (es).
pub fn format_money(money: Money, lang: &str) -> String {
    let exponent = money.currency.exponent();
    let amount = decimal(money.minor, exponent);
    let options = Intl::NumberFormatOptions::new();
    options.set_style(Intl::NumberFormatStyle::Currency);
    options.set_currency(money.currency.as_str());
    // The currency's own exponent, not Intl's idea of it, so minor units and digits agree.
    let digits = u8::try_from(exponent).unwrap_or(2);
    options.set_minimum_fraction_digits(digits);
    options.set_maximum_fraction_digits(digits);
    let locales = Array::of1(&JsString::from(lang));
    let formatter = Intl::NumberFormat::new(&locales, &options);
    // A decimal string keeps the amount exact (Intl reads strings as decimals).
    formatter
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(&amount))
        .ok()
        .and_then(|formatted| formatted.as_string())
        .unwrap_or_else(|| [&amount, " ", money.currency.as_str()].concat())
}

/// Writes integer minor units as a decimal string: `4299`, 2 → `42.99`.
fn decimal(minor: i64, exponent: u32) -> String {
    let exponent = exponent as usize;
    let digits = digits(minor.unsigned_abs(), exponent + 1);
    let mut out = String::new();
    if minor < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if exponent > 0 && i + exponent == digits.len() {
            out.push('.');
        }
        out.push(digit);
    }
    out
}

/// `n` in decimal digits, padded with leading zeros to at least `min_len`. Written by hand:
/// `format!`'s integer and padding code is a sizeable part of the wasm for this one use.
pub fn digits(mut n: u64, min_len: usize) -> String {
    let mut out = Vec::new();
    while n > 0 || out.len() < min_len.max(1) {
        out.push(b'0' + (n % 10) as u8);
        n /= 10;
    }
    out.iter().rev().map(|&digit| char::from(digit)).collect()
}
