//! Turns a shopper's message into clean words: lower case, accents folded, contractions and
//! chat spellings expanded, then run-together words split and typos corrected (`spelling.rs`).
//! Numbers and currency signs survive as their own tokens for the budget reader.

pub use crate::text::{fold, singular};

use super::spelling::{correct, is_known, split_run_on};
use super::vocab::{expand_clitic, SHORTHAND};

/// Splits folded text into words, numbers ("49.99", thousands separators removed) and the
/// signs `$ € £`. A hyphen inside a word joins it ("t-shirt" → "tshirt"); between numbers it
/// reads as "to" ("20-40").
pub fn tokenize(folded: &str) -> Vec<String> {
    let chars: Vec<char> = folded.chars().collect();
    let mut tokens = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, tokens: &mut Vec<String>| {
        if !current.is_empty() {
            tokens.push(std::mem::take(current));
        }
    };
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        match c {
            c if c.is_alphanumeric() => current.push(c),
            '.' | ',' if prev.is_ascii_digit() && next.is_ascii_digit() && !current.is_empty() => {
                // Three digits after the separator is a thousands group; otherwise decimals.
                let digits_after = chars[i + 1..]
                    .iter()
                    .take_while(|d| d.is_ascii_digit())
                    .count();
                if digits_after != 3 {
                    current.push('.');
                }
            }
            '\'' if prev.is_alphabetic() && next.is_alphabetic() => current.push('\''),
            '-' if prev.is_ascii_digit() && next.is_ascii_digit() => {
                flush(&mut current, &mut tokens);
                tokens.push("to".to_owned());
            }
            '-' if prev.is_alphanumeric() && next.is_alphanumeric() => {}
            '$' | '€' | '£' => {
                flush(&mut current, &mut tokens);
                tokens.push(c.to_string());
            }
            // "<50", "> 100", "~250": a ceiling, a floor, about. (Not the heart "<3".)
            '<' | '>' | '~' if before_an_amount(&chars[i + 1..]) => {
                flush(&mut current, &mut tokens);
                tokens.push(
                    match c {
                        '<' => "under",
                        '>' => "over",
                        _ => "around",
                    }
                    .to_owned(),
                );
            }
            _ => flush(&mut current, &mut tokens),
        }
    }
    flush(&mut current, &mut tokens);
    tokens.into_iter().flat_map(split_number_unit).collect()
}

/// Whether an amount follows (after spaces or a currency sign), other than a lone 3 (the
/// heart "<3").
fn before_an_amount(rest: &[char]) -> bool {
    let start = rest
        .iter()
        .position(|c| !matches!(c, ' ' | '$' | '€' | '£' | '='))
        .unwrap_or(rest.len());
    let digits: String = rest[start..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    !digits.is_empty() && digits != "3"
}

/// "50eur" → "50", "eur"; "2xl" stays (a size).
fn split_number_unit(token: String) -> Vec<String> {
    let digits = token
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .count();
    let unit = &token[digits..];
    if digits > 0
        && matches!(
            unit,
            "eur" | "euro" | "euros" | "usd" | "dollars" | "e" | "k"
        )
    {
        return vec![token[..digits].to_owned(), unit.to_owned()];
    }
    vec![token]
}

/// The whole pipeline: fold, tokenize, expand shorthand, split run-ons, correct typos.
pub fn normalize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for token in tokenize(&fold(text)) {
        out.extend(clean_word(&token));
    }
    dialect_my(&mut out);
    out
}

/// "Has me beanie gone out yet?", "where's me order": "me" for "my" (northern English,
/// Scouse, Irish, Scots), after a verb that asks about a thing and before its name.
fn dialect_my(tokens: &mut [String]) {
    const ASKING: &[&str] = &[
        "has", "have", "is", "was", "did", "does", "are", "were", "will",
    ];
    const NOT_A_NAME: &[&str] = &[
        "a", "an", "the", "to", "and", "or", "so", "up", "out", "in", "on", "off", "back",
    ];
    for i in 1..tokens.len().saturating_sub(1) {
        if tokens[i] == "me"
            && ASKING.contains(&tokens[i - 1].as_str())
            && !NOT_A_NAME.contains(&tokens[i + 1].as_str())
        {
            tokens[i] = "my".to_owned();
        }
    }
}

fn clean_word(token: &str) -> Vec<String> {
    if let Some((base, ending)) = token.split_once('\'') {
        if let Some(words) = expand_clitic(base, ending) {
            return words.iter().flat_map(|w| clean_word(w)).collect();
        }
        return clean_word(&token.replace('\'', ""));
    }
    if let Some((_, plain)) = SHORTHAND.iter().find(|(k, _)| *k == token) {
        return plain.split(' ').map(str::to_owned).collect();
    }
    // (Nor a real English word the lexicon lacks: "processed" is no "procesen".)
    if is_known(token)
        || token.chars().any(|c| c.is_ascii_digit())
        || super::spelling::is_dictionary_word(token)
    {
        return vec![token.to_owned()];
    }
    // A one-letter slip is likelier than two words run together ("personla" is "personal",
    // not "person la"); bigger repairs come after splitting.
    if let Some(fixed) = correct(token, 1) {
        return vec![fixed];
    }
    if let Some((left, right)) = split_run_on(token) {
        return [left, right].iter().flat_map(|w| clean_word(w)).collect();
    }
    vec![correct(token, 2).unwrap_or_else(|| token.to_owned())]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> String {
        normalize(text).join(" ")
    }

    #[test]
    fn signs_before_an_amount_are_words() {
        assert_eq!(
            n("need a cute beanie <40 pls"),
            "need a cute beanie under 40 please"
        );
        assert_eq!(n("algo > $100"), "algo over $ 100");
        assert_eq!(n("jacket ~250"), "jacket around 250");
        // A heart is no ceiling.
        assert_eq!(n("love it <3"), "love it 3");
    }

    #[test]
    fn accents_case_and_punctuation_are_folded_away() {
        assert_eq!(n("¿Dónde está mi PEDIDO?"), "donde esta mi pedido");
    }

    #[test]
    fn contractions_and_chat_spellings_become_plain_words() {
        assert_eq!(
            n("Where's my order? I wanna know"),
            "where is my order i want to know"
        );
        assert_eq!(
            n("i cant find it, pls help"),
            "i can not find it please help"
        );
        assert_eq!(n("gimme my money back"), "give me my money back");
        assert_eq!(
            n("has me beanie gone out yet"),
            "has my beanie gone out yet"
        );
        assert_eq!(n("where's me order"), "where is my order");
        assert_eq!(n("did me a favor"), "did me a favor");
    }

    #[test]
    fn a_real_word_is_not_corrected_into_a_lexicon_word() {
        assert_eq!(n("is my refund processed"), "is my refund processed");
        assert_eq!(n("can't sleep"), "can not sleep");
        // A typo still is.
        assert_eq!(n("i want a refnud"), "i want a refund");
    }

    #[test]
    fn prices_keep_their_decimals_and_lose_thousands_separators() {
        assert_eq!(
            tokenize("49,99 € or $1,000"),
            vec!["49.99", "€", "or", "$", "1000"]
        );
        assert_eq!(tokenize("between 20-40"), vec!["between", "20", "to", "40"]);
        assert_eq!(tokenize("50eur"), vec!["50", "eur"]);
    }
}
