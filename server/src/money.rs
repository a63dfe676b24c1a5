//! Exact conversion between decimal price strings (as in Shopify CSVs and config files) and
//! integer minor units. No floating point anywhere: `0.1 + 0.2` must never reach a price.

use thiserror::Error;

/// Why a decimal string is not an acceptable amount of money.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum MoneyError {
    #[error("no amount given")]
    Empty,
    #[error("negative amounts are not accepted")]
    Negative,
    /// `1,299.00`: Shopify never writes separators, and `1,299` could mean 1.299 in much
    /// of Europe, so guessing would silently turn a price into a thousandth of itself.
    #[error("thousands separators are not accepted (write 1299.00, not 1,299.00)")]
    ThousandsSeparator,
    /// `3.65275E+11`: what a spreadsheet writes after re-saving a column; it has already
    /// lost digits, so no exact amount can be recovered from it.
    #[error("scientific notation is not accepted (was the file re-saved by a spreadsheet?)")]
    ScientificNotation,
    #[error("more than {exponent} decimal places")]
    TooPrecise { exponent: u32 },
    #[error("amount is too large")]
    Overflow,
    #[error("not a plain decimal number")]
    Invalid,
}

/// Parses a plain decimal (`50`, `42.9`, `42.99`, ` 7.50 `) into minor units of a currency
/// with `exponent` fraction digits (2 for USD: `42.9` → 4290).
///
/// Strict on purpose: digits, at most one `.` with digits on both sides, surrounding
/// whitespace. Extra fraction digits are accepted only when they are zeros (`42.990`), so
/// nothing is ever rounded. Signs, separators, currency symbols and exponents are rejected.
pub fn parse_decimal_minor(text: &str, exponent: u32) -> Result<i64, MoneyError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(MoneyError::Empty);
    }
    if text.starts_with('-') {
        return Err(MoneyError::Negative);
    }
    if text.contains(',') {
        return Err(MoneyError::ThousandsSeparator);
    }
    if text.contains(['e', 'E']) && text.chars().all(|c| "0123456789.eE+-".contains(c)) {
        return Err(MoneyError::ScientificNotation);
    }

    let (whole, fraction) = match text.split_once('.') {
        Some((whole, fraction)) => (whole, fraction),
        None => (text, ""),
    };
    let all_digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !all_digits(whole)
        || !all_digits(fraction)
        || (text.contains('.') && fraction.is_empty())
    {
        return Err(MoneyError::Invalid);
    }

    let kept = usize::try_from(exponent).unwrap_or(usize::MAX);
    let (significant, excess) = fraction.split_at(fraction.len().min(kept));
    if excess.bytes().any(|b| b != b'0') {
        return Err(MoneyError::TooPrecise { exponent });
    }

    // Appending the fraction digits (padded with zeros to `exponent`) to the whole part
    // yields the minor units directly, one checked step per digit.
    let padding = std::iter::repeat_n(b'0', kept - significant.len());
    whole
        .bytes()
        .chain(significant.bytes())
        .chain(padding)
        .try_fold(0_i64, |acc, digit| {
            acc.checked_mul(10)?.checked_add(i64::from(digit - b'0'))
        })
        .ok_or(MoneyError::Overflow)
}

/// Formats minor units as a plain decimal with exactly `exponent` fraction digits
/// (`4299, 2` → `42.99`; `5, 2` → `0.05`; `-5, 2` → `-0.05`), for logs and CSV output.
/// No currency symbol and no separators: presentation is the widget's business.
pub fn format_minor(minor: i64, exponent: u32) -> String {
    let digits = minor.unsigned_abs().to_string();
    let sign = if minor < 0 { "-" } else { "" };
    let exponent = usize::try_from(exponent).unwrap_or(usize::MAX);
    if exponent == 0 {
        return format!("{sign}{digits}");
    }
    // Pad so there is at least one digit before the point.
    let padded = format!("{digits:0>width$}", width = exponent.saturating_add(1));
    let (whole, fraction) = padded.split_at(padded.len() - exponent);
    format!("{sign}{whole}.{fraction}")
}

/// A budget as the shopper reads it: "$80", "80 €", "£20", or "80.50 CHF".
pub fn money_label(minor: i64, currency: shopchat_protocol::Currency) -> String {
    let exponent = currency.exponent();
    let unit = 10_i64.pow(exponent);
    let amount = if minor % unit == 0 {
        (minor / unit).to_string()
    } else {
        format_minor(minor, exponent)
    };
    match currency.as_str() {
        "USD" => format!("${amount}"),
        "GBP" => format!("£{amount}"),
        "EUR" => format!("{amount} €"),
        other => format!("{amount} {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_decimals_become_exact_minor_units() {
        assert_eq!(parse_decimal_minor("50", 2), Ok(5000));
        assert_eq!(parse_decimal_minor("42.99", 2), Ok(4299));
        assert_eq!(parse_decimal_minor("42.9", 2), Ok(4290));
        assert_eq!(parse_decimal_minor("0.05", 2), Ok(5));
        assert_eq!(parse_decimal_minor("007.50", 2), Ok(750));
        assert_eq!(parse_decimal_minor("  17.99 \t", 2), Ok(1799));
        assert_eq!(parse_decimal_minor("0", 2), Ok(0));
    }

    #[test]
    fn the_exponent_follows_the_currency() {
        assert_eq!(parse_decimal_minor("1500", 0), Ok(1500));
        assert_eq!(parse_decimal_minor("1.234", 3), Ok(1234));
        assert_eq!(parse_decimal_minor("1.2", 3), Ok(1200));
    }

    #[test]
    fn extra_fraction_digits_are_accepted_only_when_they_are_zeros() {
        assert_eq!(parse_decimal_minor("42.990", 2), Ok(4299));
        assert_eq!(parse_decimal_minor("1500.00", 0), Ok(1500));
        assert_eq!(
            parse_decimal_minor("42.999", 2),
            Err(MoneyError::TooPrecise { exponent: 2 })
        );
        assert_eq!(
            parse_decimal_minor("1500.5", 0),
            Err(MoneyError::TooPrecise { exponent: 0 })
        );
    }

    #[test]
    fn negatives_separators_and_scientific_notation_are_rejected() {
        assert_eq!(parse_decimal_minor("-5", 2), Err(MoneyError::Negative));
        assert_eq!(
            parse_decimal_minor("1,299.00", 2),
            Err(MoneyError::ThousandsSeparator)
        );
        assert_eq!(
            parse_decimal_minor("42,99", 2),
            Err(MoneyError::ThousandsSeparator)
        );
        assert_eq!(
            parse_decimal_minor("3.65275E+11", 2),
            Err(MoneyError::ScientificNotation)
        );
        assert_eq!(
            parse_decimal_minor("1e3", 2),
            Err(MoneyError::ScientificNotation)
        );
    }

    #[test]
    fn junk_is_rejected() {
        for junk in [
            "", "   ", "abc", "$50", "50 USD", "+5", ".5", "5.", "1.2.3", "1 299", "NaN", "4٢",
        ] {
            assert!(
                parse_decimal_minor(junk, 2).is_err(),
                "{junk:?} was accepted"
            );
        }
        assert_eq!(parse_decimal_minor("", 2), Err(MoneyError::Empty));
        assert_eq!(parse_decimal_minor("abc", 2), Err(MoneyError::Invalid));
    }

    #[test]
    fn amounts_beyond_i64_overflow_instead_of_wrapping() {
        assert_eq!(parse_decimal_minor("92233720368547758.07", 2), Ok(i64::MAX));
        assert_eq!(
            parse_decimal_minor("92233720368547758.08", 2),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            parse_decimal_minor("99999999999999999999999", 0),
            Err(MoneyError::Overflow)
        );
        assert_eq!(parse_decimal_minor("1", 40), Err(MoneyError::Overflow));
        assert_eq!(parse_decimal_minor("0", 40), Ok(0));
    }

    #[test]
    fn minor_units_format_as_plain_decimals() {
        assert_eq!(format_minor(4299, 2), "42.99");
        assert_eq!(format_minor(5000, 2), "50.00");
        assert_eq!(format_minor(5, 2), "0.05");
        assert_eq!(format_minor(0, 2), "0.00");
        assert_eq!(format_minor(-5, 2), "-0.05");
        assert_eq!(format_minor(1500, 0), "1500");
        assert_eq!(format_minor(1234, 3), "1.234");
        assert_eq!(format_minor(i64::MIN, 2), "-92233720368547758.08");
    }

    #[test]
    fn formatting_and_parsing_round_trip() {
        for (minor, exponent) in [(0, 2), (1, 2), (4299, 2), (1500, 0), (1, 3), (i64::MAX, 2)] {
            assert_eq!(
                parse_decimal_minor(&format_minor(minor, exponent), exponent),
                Ok(minor)
            );
        }
    }
}
