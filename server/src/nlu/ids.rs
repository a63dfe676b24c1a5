//! Identifiers a shopper types to prove an order is theirs: the order number ("SC-1042",
//! "#1042", "order 1042", "pedido número 1042") and an email address. Read from the raw text,
//! before normalisation could bend them.

use super::normalize::fold;

/// Words after which a number is an order number.
#[rustfmt::skip]
const ORDER_WORDS: &[&str] = &[
    "order", "orders", "package", "parcel", "number", "no", "num", "nr", "pedido", "orden",
    "numero", "compra", "encargo", "paquete", "n", "nº", "n°", "ref", "reference", "referencia",
];

/// Words that may sit between the order word and its number ("order is 1042", "pedido es el 1042").
const FILLERS: &[&str] = &[
    "is", "es", "el", "number", "no", "num", "numero", "nº", "n°", "n", "my", "mi", "id",
];

/// The order number, normalised to the shop's format `SC-<digits>`.
pub fn order_number(text: &str) -> Option<String> {
    let lower = fold(text);
    let words: Vec<&str> = lower
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    ',' | ';' | ':' | '?' | '!' | '¿' | '¡' | '(' | ')' | '.' | '"'
                )
        })
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_matches(|c: char| c == '\'' || c == '’');
        // "sc-1042", "sc1042", "sc#1042", "#sc-1042", or "sc" then "1042" in the next word.
        if let Some(rest) = word.trim_start_matches('#').strip_prefix("sc") {
            let rest = rest.trim_start_matches(['-', '#', '_']);
            let rest = if rest.is_empty() {
                words.get(i + 1).map_or("", |w| w.trim_start_matches('#'))
            } else {
                rest
            };
            if let Some(digits) = all_digits(rest, 1) {
                return Some(format!("SC-{digits}"));
            }
        }
        if let Some(digits) = word.strip_prefix('#').and_then(|d| all_digits(d, 3)) {
            return Some(format!("SC-{digits}"));
        }
        if let Some(digits) = all_digits(word.trim_start_matches('#'), 3) {
            let mut back = i;
            while back > 0 && FILLERS.contains(&words[back - 1]) && i - back < 3 {
                back -= 1;
            }
            let cue = back.checked_sub(1).map(|b| words[b]);
            // (An order word may be among the fillers: "el número es 1042".)
            let cue_is_order = cue.is_some_and(|c| ORDER_WORDS.contains(&c))
                || (back..i).any(|b| ORDER_WORDS.contains(&words[b]));
            if cue_is_order {
                return Some(format!("SC-{digits}"));
            }
        }
    }
    None
}

/// Right after the order's number was asked for, a number that a word of the order or of its
/// papers speaks of anywhere in the message ("The order number on my receipt is 2290", "El
/// número de pedido que figura en mi factura es el 2745"): three to twelve digits, not an
/// amount of money.
pub fn order_number_asked(text: &str) -> Option<String> {
    if let Some(number) = order_number(text) {
        return Some(number);
    }
    const PAPERS: &[&str] = &[
        "order",
        "number",
        "pedido",
        "numero",
        "receipt",
        "invoice",
        "factura",
        "recibo",
        "confirmation",
        "confirmacion",
        "compra",
        "orden",
    ];
    const MONEY: &[&str] = &[
        "dollars", "dollar", "bucks", "euros", "euro", "pesos", "soles", "usd", "eur", "dolares",
        "pounds", "quid",
    ];
    let lower = fold(text);
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || matches!(c, '#' | '$' | '€' | '£')))
        .filter(|w| !w.is_empty())
        .collect();
    if !words.iter().any(|w| PAPERS.contains(w)) {
        return None;
    }
    let mut found = words.iter().enumerate().filter_map(|(i, w)| {
        let digits = all_digits(w.trim_start_matches('#'), 3)?;
        let money = words.get(i + 1).is_some_and(|n| MONEY.contains(n))
            || (i > 0 && MONEY.contains(&words[i - 1]));
        (!money).then(|| format!("SC-{digits}"))
    });
    // One number only: two would be a guess.
    match (found.next(), found.next()) {
        (Some(number), None) => Some(number),
        _ => None,
    }
}

/// "#2": a pick from the shown results (one or two digits; longer is an order number).
pub fn hash_ordinal(text: &str) -> Option<u8> {
    let (_, after) = text.split_once('#')?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    match digits.parse::<u8>() {
        Ok(n @ 1..=20) if digits.len() <= 2 => Some(n),
        _ => None,
    }
}

fn all_digits(text: &str, min: usize) -> Option<&str> {
    (text.len() >= min && text.len() <= 12 && text.chars().all(|c| c.is_ascii_digit()))
        .then_some(text)
}

/// The first plausible email address, lower-cased.
pub fn email(text: &str) -> Option<String> {
    text.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .find(|w| looks_like_email(w))
        .map(str::to_lowercase)
}

/// The text with its email addresses left out, when it has any: an address says nothing but
/// itself ("my email is someone.else@example.com" asks for no one).
pub fn without_emails(text: &str) -> Option<String> {
    let mut found = false;
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let address = looks_like_email(w.trim_matches(|c: char| !c.is_alphanumeric()));
            found |= address;
            !address
        })
        .collect();
    found.then(|| kept.join(" "))
}

fn looks_like_email(word: &str) -> bool {
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c));
    let Some((_, tld)) = domain.rsplit_once('.') else {
        return false;
    };
    let domain_ok = !domain.starts_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-');
    local_ok && domain_ok && tld.len() >= 2 && tld.chars().all(char::is_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_in_every_common_form_become_sc_numbers() {
        assert_eq!(
            order_number("where is SC-1042?").as_deref(),
            Some("SC-1042")
        );
        assert_eq!(
            order_number("my order #1042 is late").as_deref(),
            Some("SC-1042")
        );
        assert_eq!(order_number("order 1042").as_deref(), Some("SC-1042"));
        assert_eq!(order_number("sc1042").as_deref(), Some("SC-1042"));
        assert_eq!(
            order_number("mi pedido es el 1042").as_deref(),
            Some("SC-1042")
        );
        assert_eq!(
            order_number("pedido número 1042").as_deref(),
            Some("SC-1042")
        );
        assert_eq!(
            order_number("el número es 1042 y el correo maria@gmail.com").as_deref(),
            Some("SC-1042")
        );
        assert_eq!(
            order_number("Order #SC-2001, email: j.smith@yahoo.co.uk").as_deref(),
            Some("SC-2001")
        );
    }

    #[test]
    fn a_number_given_when_asked_is_read_beside_a_word_of_its_papers() {
        assert_eq!(
            order_number_asked("Certainly. The order number on my receipt is 2290.").as_deref(),
            Some("SC-2290")
        );
        assert_eq!(
            order_number_asked("El número de pedido que figura en mi factura es el 2745.")
                .as_deref(),
            Some("SC-2745")
        );
        assert_eq!(order_number_asked("I paid 2290 pesos for that order"), None);
        assert_eq!(order_number_asked("it was 1200 or 1300, the order"), None);
        assert_eq!(order_number_asked("I can't find it, sorry 1234"), None);
    }

    #[test]
    fn prices_and_small_numbers_are_not_order_numbers() {
        assert_eq!(order_number("a jacket under 120"), None);
        assert_eq!(order_number("the #2 one"), None);
    }

    #[test]
    fn a_hash_and_a_small_number_pick_a_result() {
        assert_eq!(hash_ordinal("#2 please"), Some(2));
        assert_eq!(hash_ordinal("#1042"), None);
    }

    #[test]
    fn an_email_is_found_and_lower_cased() {
        assert_eq!(
            email("it's Ana.Lopez@Example.com, thanks").as_deref(),
            Some("ana.lopez@example.com")
        );
        assert_eq!(
            email("mi correo es ana@correo.es.").as_deref(),
            Some("ana@correo.es")
        );
        assert_eq!(email("at @ home"), None);
    }
}
