//! Shows an amount of money the way the shopper's language writes it, through `Intl.NumberFormat`.

use js_sys::{Array, Intl, JsString};
use shopchat_protocol::Money;
use wasm_bindgen::JsValue;

use crate::i18n::Locale;

/// Formats `money` for `locale`, e.g. `$42.99` (en) or `42,99 US$` (es).
pub fn format_money(money: Money, locale: Locale) -> String {
    let exponent = money.currency.exponent();
    let amount = decimal(money.minor, exponent);
    let options = Intl::NumberFormatOptions::new();
    options.set_style(Intl::NumberFormatStyle::Currency);
    options.set_currency(money.currency.as_str());
    // The currency's own exponent, not Intl's idea of it, so minor units and digits agree.
    let digits = u8::try_from(exponent).unwrap_or(2);
    options.set_minimum_fraction_digits(digits);
    options.set_maximum_fraction_digits(digits);
    let locales = Array::of1(&JsString::from(locale.code()));
    let formatter = Intl::NumberFormat::new(&locales, &options);
    // A decimal string keeps the amount exact (Intl reads strings as decimals).
    formatter
        .format()
        .call1(&JsValue::UNDEFINED, &JsValue::from_str(&amount))
        .ok()
        .and_then(|formatted| formatted.as_string())
        .unwrap_or_else(|| format!("{amount} {}", money.currency.as_str()))
}

/// Writes integer minor units as a decimal string: `4299`, 2 → `42.99`.
fn decimal(minor: i64, exponent: u32) -> String {
    if exponent == 0 {
        return minor.to_string();
    }
    let sign = if minor < 0 { "-" } else { "" };
    let scale = 10u64.pow(exponent);
    let abs = minor.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        abs / scale,
        abs % scale,
        width = exponent as usize
    )
}
