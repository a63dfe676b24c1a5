//! Money as the shopper's language writes it (the shared code lives in `shopchat_protocol::display`).

use shopchat_protocol::Money;

use crate::i18n::Locale;

pub use shopchat_protocol::display::digits;

/// Formats `money` for `locale`, e.g. `$42.99` (en) or `42,99 US$` (es).
pub fn format_money(money: Money, locale: Locale) -> String {
    shopchat_protocol::display::format_money(money, locale.code())
}
