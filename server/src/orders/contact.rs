//! The shopper's email and shipping address, parsed at the boundary. Every problem is reported
//! at once, per field, with a stable code the widget translates and shows inline:
//! `required`, `too_long`, `invalid` (control characters), `invalid_email`, `invalid_country`,
//! `invalid_postal_code`.

use shopchat_protocol::{Address, FieldError};

use crate::email::Email;

/// Longest free-text field (name, address line, city) accepted.
const MAX_TEXT_CHARS: usize = 200;

/// ISO 3166-1 alpha-2 codes of the countries and territories an address may name.
const COUNTRIES: &str =
    "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ \
    BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ \
    DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP \
    GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI \
    KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP \
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM \
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX \
    SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU \
    WF WS YE YT ZA ZM ZW";

/// Checks the email and, when the item ships, the address; returns them cleaned up (trimmed,
/// country upper-case) or every field error found.
pub fn validate(
    email: &str,
    address: Option<&Address>,
    requires_shipping: bool,
) -> Result<(Email, Option<Address>), Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = Email::parse(email)
        .map_err(|code| errors.push(field_error("email", code)))
        .ok();
    let address = match (requires_shipping, address) {
        (false, _) => None,
        (true, None) => {
            errors.push(field_error("shipping_address", "required"));
            None
        }
        (true, Some(address)) => Some(clean_address(address, &mut errors)),
    };
    match email {
        Some(email) if errors.is_empty() => Ok((email, address)),
        _ => Err(errors),
    }
}

fn clean_address(a: &Address, errors: &mut Vec<FieldError>) -> Address {
    let mut text = |field: &str, value: &str, required: bool| {
        let value = value.trim();
        if required && value.is_empty() {
            errors.push(field_error(
                &format!("shipping_address.{field}"),
                "required",
            ));
        } else if value.chars().count() > MAX_TEXT_CHARS {
            errors.push(field_error(
                &format!("shipping_address.{field}"),
                "too_long",
            ));
        } else if value.chars().any(char::is_control) {
            errors.push(field_error(&format!("shipping_address.{field}"), "invalid"));
        }
        value.to_owned()
    };
    let name = text("name", &a.name, true);
    let line1 = text("line1", &a.line1, true);
    let line2 = a
        .line2
        .as_deref()
        .map(|l| text("line2", l, false))
        .filter(|l| !l.is_empty());
    let city = text("city", &a.city, true);
    let country = a.country.trim().to_ascii_uppercase();
    let postal_code = a.postal_code.trim().to_ascii_uppercase();
    if country.is_empty() {
        errors.push(field_error("shipping_address.country", "required"));
    } else if !is_country(&country) {
        errors.push(field_error("shipping_address.country", "invalid_country"));
    }
    if postal_code.is_empty() {
        errors.push(field_error("shipping_address.postal_code", "required"));
    } else if !postal_code_fits(&postal_code, &country) {
        errors.push(field_error(
            "shipping_address.postal_code",
            "invalid_postal_code",
        ));
    }
    Address {
        name,
        line1,
        line2,
        city,
        postal_code,
        country,
    }
}

/// True for an ISO 3166-1 alpha-2 code, upper-case (`US`).
pub(crate) fn is_country(code: &str) -> bool {
    code.len() == 2 && COUNTRIES.split_whitespace().any(|c| c == code)
}

/// The postal code's shape for the countries whose format is simple and strict; elsewhere a
/// plausible code (3–10 letters, digits, spaces or hyphens with at least one digit or letter).
fn postal_code_fits(code: &str, country: &str) -> bool {
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    match country {
        "US" => match code.split_once('-') {
            Some((zip, plus4)) => digits(zip, 5) && digits(plus4, 4),
            None => digits(code, 5),
        },
        "ES" | "DE" | "FR" | "IT" | "MX" => digits(code, 5),
        "CA" => {
            let c: Vec<u8> = code.bytes().filter(|b| *b != b' ').collect();
            c.len() == 6
                && c.iter().enumerate().all(|(i, b)| {
                    if i % 2 == 0 {
                        b.is_ascii_alphabetic()
                    } else {
                        b.is_ascii_digit()
                    }
                })
        }
        _ => {
            (3..=10).contains(&code.len())
                && code
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
                && code.bytes().any(|b| b.is_ascii_alphanumeric())
        }
    }
}

fn field_error(field: &str, code: &str) -> FieldError {
    FieldError {
        field: field.into(),
        code: code.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address() -> Address {
        Address {
            name: "Ada Lovelace".into(),
            line1: "12 Main St".into(),
            line2: None,
            city: "Austin".into(),
            postal_code: "78701".into(),
            country: "us".into(),
        }
    }

    fn codes(errors: &[FieldError]) -> Vec<(&str, &str)> {
        errors
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect()
    }

    #[test]
    fn a_good_address_comes_back_trimmed_with_an_upper_case_country() {
        let (email, address) = validate("ada@example.com", Some(&address()), true).unwrap();
        assert_eq!(email.as_str(), "ada@example.com");
        assert_eq!(address.unwrap().country, "US");
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let bad = Address {
            name: " ".into(),
            city: String::new(),
            postal_code: "7870".into(),
            ..address()
        };
        let errors = validate("nope", Some(&bad), true).unwrap_err();
        assert_eq!(
            codes(&errors),
            [
                ("email", "invalid_email"),
                ("shipping_address.name", "required"),
                ("shipping_address.city", "required"),
                ("shipping_address.postal_code", "invalid_postal_code"),
            ]
        );
    }

    #[test]
    fn the_country_must_be_a_real_iso_code() {
        let bad = Address {
            country: "XX".into(),
            ..address()
        };
        let errors = validate("ada@example.com", Some(&bad), true).unwrap_err();
        assert_eq!(
            codes(&errors)[0],
            ("shipping_address.country", "invalid_country")
        );
        assert!(is_country("ES") && is_country("GB") && !is_country("UK"));
    }

    #[test]
    fn postal_codes_follow_the_country() {
        assert!(postal_code_fits("78701-1234", "US") && !postal_code_fits("7870", "US"));
        assert!(postal_code_fits("28013", "ES") && !postal_code_fits("2801", "ES"));
        assert!(postal_code_fits("K1A 0B1", "CA") && !postal_code_fits("12345", "CA"));
        assert!(postal_code_fits("SW1A 1AA", "GB") && !postal_code_fits("--", "GB"));
    }

    #[test]
    fn an_address_is_required_only_when_the_item_ships() {
        let errors = validate("ada@example.com", None, true).unwrap_err();
        assert_eq!(codes(&errors), [("shipping_address", "required")]);
        let (_, address) = validate("ada@example.com", Some(&address()), false).unwrap();
        assert_eq!(address, None);
    }
}
