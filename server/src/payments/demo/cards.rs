//! The demo gateway's test cards, as pure rules (in the spirit of Shopify's Bogus Gateway and
//! Stripe's test numbers):
//!
//! | card                  | answer                                                    |
//! |-----------------------|-----------------------------------------------------------|
//! | `4242 4242 4242 4242` | paid                                                      |
//! | `4000 0000 0000 0002` | declined `card_declined`                                  |
//! | `4000 0025 0000 3155` | a confirmation step first (the demo's 3-D Secure)         |
//! | anything else         | declined `invalid_number` (a failed Luhn check included)  |
//!
//! Then, for a known number: an expiry before this month → `expired_card`, an unreadable one
//! → `invalid_expiry`; a CVC that isn't 3–4 digits → `incorrect_cvc`.

use shopchat_protocol::DemoPaymentRequest;

pub const PAYS: &str = "4242424242424242";
pub const DECLINES: &str = "4000000000000002";
pub const NEEDS_CONFIRMATION: &str = "4000002500003155";

/// What the demo bank answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Approve,
    Decline(&'static str),
    RequiresAction,
}

/// The bank's answer to this card in the given (year, month).
pub fn check(card: &DemoPaymentRequest, today: (i64, u32)) -> Verdict {
    let Some(number) = digits(&card.card_number).filter(|n| luhn(n)) else {
        return Verdict::Decline("invalid_number");
    };
    let answer = match number.as_str() {
        PAYS => Verdict::Approve,
        DECLINES => Verdict::Decline("card_declined"),
        NEEDS_CONFIRMATION => Verdict::RequiresAction,
        _ => return Verdict::Decline("invalid_number"),
    };
    match parse_expiry(&card.expiry) {
        None => return Verdict::Decline("invalid_expiry"),
        // A card is good through the last day of its expiry month.
        Some(expiry) if expiry < today => return Verdict::Decline("expired_card"),
        Some(_) => {}
    }
    let cvc = card.cvc.trim();
    if !(3..=4).contains(&cvc.len()) || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        return Verdict::Decline("incorrect_cvc");
    }
    answer
}

/// The last four digits, the most of a card number ever kept.
pub fn last4(card_number: &str) -> Option<String> {
    let number = digits(card_number)?;
    Some(number[number.len() - 4..].to_owned())
}

/// The card number's digits, when it is 12–19 digits with optional spaces or hyphens.
fn digits(text: &str) -> Option<String> {
    let text = text.trim();
    if !text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b' ' || b == b'-')
    {
        return None;
    }
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (12..=19).contains(&digits.len()).then_some(digits)
}

/// The Luhn checksum every card number carries.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (true, doubled) if doubled > 9 => doubled - 9,
                (true, doubled) => doubled,
                (false, _) => d,
            }
        })
        .sum();
    // `is_multiple_of` needs Rust 1.87; the workspace supports 1.85.
    #[allow(clippy::manual_is_multiple_of)]
    let valid = sum % 10 == 0;
    valid
}

/// `MM/YY` (also `MM / YY` and `MM/YYYY`) as (year, month).
fn parse_expiry(text: &str) -> Option<(i64, u32)> {
    let (month, year) = text.split_once('/')?;
    let (month, year) = (month.trim(), year.trim());
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(month) || !all_digits(year) || month.len() > 2 {
        return None;
    }
    let month: u32 = month.parse().ok().filter(|m| (1..=12).contains(m))?;
    let year: i64 = match year.len() {
        2 => 2000 + year.parse::<i64>().ok()?,
        4 => year.parse().ok()?,
        _ => return None,
    };
    Some((year, month))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: (i64, u32) = (2026, 11);

    fn card(number: &str, expiry: &str, cvc: &str) -> DemoPaymentRequest {
        DemoPaymentRequest {
            card_number: number.into(),
            expiry: expiry.into(),
            cvc: cvc.into(),
        }
    }

    fn verdict(number: &str) -> Verdict {
        check(&card(number, "12/34", "123"), TODAY)
    }

    #[test]
    fn the_three_test_cards_pay_decline_and_ask_for_confirmation() {
        assert_eq!(verdict("4242 4242 4242 4242"), Verdict::Approve);
        assert_eq!(verdict("4242-4242-4242-4242"), Verdict::Approve);
        assert_eq!(
            verdict("4000 0000 0000 0002"),
            Verdict::Decline("card_declined")
        );
        assert_eq!(verdict("4000 0025 0000 3155"), Verdict::RequiresAction);
    }

    #[test]
    fn any_other_number_is_invalid_whether_or_not_its_checksum_is_right() {
        assert!(luhn("5555555555554444"));
        assert_eq!(
            verdict("5555 5555 5555 4444"),
            Verdict::Decline("invalid_number")
        );
        assert!(!luhn("4242424242424241"));
        assert_eq!(
            verdict("4242 4242 4242 4241"),
            Verdict::Decline("invalid_number")
        );
        for junk in [
            "",
            "4242",
            "4242 4242 4242 4242 4242",
            "4242x4242424242424",
            "-1",
        ] {
            assert_eq!(
                verdict(junk),
                Verdict::Decline("invalid_number"),
                "{junk:?}"
            );
        }
    }

    #[test]
    fn an_expired_card_is_declined_but_this_months_card_still_pays() {
        assert_eq!(
            check(&card(PAYS, "10/26", "123"), TODAY),
            Verdict::Decline("expired_card")
        );
        assert_eq!(
            check(&card(PAYS, "12/2025", "123"), TODAY),
            Verdict::Decline("expired_card")
        );
        assert_eq!(check(&card(PAYS, "11/26", "123"), TODAY), Verdict::Approve);
        assert_eq!(
            check(&card(PAYS, " 01 / 27 ", "123"), TODAY),
            Verdict::Approve
        );
        for bad in ["", "13/30", "00/30", "1230", "12/3", "ab/cd", "012/30"] {
            assert_eq!(
                check(&card(PAYS, bad, "123"), TODAY),
                Verdict::Decline("invalid_expiry"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_cvc_must_be_three_or_four_digits() {
        assert_eq!(check(&card(PAYS, "12/34", "1234"), TODAY), Verdict::Approve);
        for bad in ["", "12", "12345", "12a"] {
            assert_eq!(
                check(&card(PAYS, "12/34", bad), TODAY),
                Verdict::Decline("incorrect_cvc"),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn only_the_last_four_digits_are_kept() {
        assert_eq!(last4("4242 4242 4242 4242").as_deref(), Some("4242"));
        assert_eq!(last4("4000 0025 0000 3155").as_deref(), Some("3155"));
        assert_eq!(last4("not a card"), None);
    }
}
