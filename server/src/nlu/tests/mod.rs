//! Utterance tables per intent family and per slot, in English and Spanish, written for these
//! tests (not taken from any evaluation file): different phrasings, typos and colloquial speech.

mod buy;
mod cancel;
mod human;
mod other;
mod refund;
mod slots;
mod status;

use super::{shop_vocabulary::ShopVocabulary, understand, Intent, Understanding};

/// The message read and grounded in the shop's vocabulary, as the engine reads it.
pub(super) fn grounded(vocabulary: &ShopVocabulary, message: &str) -> Understanding {
    let mut u = understand(message, 2);
    super::ground(&mut u, vocabulary, message);
    u
}

/// The intent of a message grounded in a shop that sells one wool beanie.
fn in_a_beanie_shop(message: &str) -> Intent {
    let vocabulary = ShopVocabulary::build(["Ribbed Wool Beanie"], ["beanie, wool, winter"])
        .with_types(["Beanie"]);
    grounded(&vocabulary, message).intent
}

/// The share of each table the model must read right. It is a statistical model, trained on
/// other sentences than these: a table below this share is a regression, a single miss isn't.
const TABLE_ACCURACY: f64 = 0.9;

/// Asserts that every one of the utterances is understood as exactly `intent`.
fn assert_each(intent: Intent, utterances: &[&str]) {
    for text in utterances {
        assert_eq!(understand(text, 2).intent, intent, "{text}");
    }
}

/// Asserts that at least `TABLE_ACCURACY` of the utterances are understood as `intent` or as
/// the question of the same family (a refund's policy or progress for a refund, how to cancel
/// for a cancellation; for other business, a shop question or a payment problem), listing the
/// misses.
fn assert_all(intent: Intent, utterances: &[&str]) {
    let family = |i: Intent| match i {
        Intent::RefundInfo => Intent::Refund,
        Intent::CancelInfo => Intent::Cancel,
        Intent::ShopInfo | Intent::PaymentProblem => Intent::OutOfScope,
        other => other,
    };
    let wrong: Vec<String> = utterances
        .iter()
        .map(|u| (u, understand(u, 2).intent))
        .filter(|(_, got)| family(*got) != family(intent))
        .map(|(u, got)| format!("{u:?} → {got:?}"))
        .collect();
    let right = utterances.len() - wrong.len();
    assert!(
        right as f64 >= TABLE_ACCURACY * utterances.len() as f64,
        "{} of {} not {intent:?}:\n{}",
        wrong.len(),
        utterances.len(),
        wrong.join("\n")
    );
}

/// Regenerates `near_words.txt`: prints every word of a word list (one per line, e.g.
/// `/usr/share/dict/american-english`) that normalisation would change, and what into. Leave
/// out the intended changes (shorthand such as "asap") before adding them.
#[test]
#[ignore = "tool: NLU_WORDS=/usr/share/dict/american-english cargo test … -- --ignored --nocapture"]
fn words_of_a_word_list_that_normalisation_would_change() {
    let path = std::env::var("NLU_WORDS").unwrap_or_default();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for word in text
        .lines()
        .filter(|w| w.chars().count() >= 4 && !w.contains('\''))
        // Not a name: a shopper's "Bennie" is more likely a beanie than Bennie.
        .filter(|w| !w.starts_with(|c: char| c.is_uppercase()))
    {
        let folded = super::normalize::fold(word);
        let normalized = super::normalize::normalize(word).join(" ");
        if normalized != folded {
            println!("{folded} -> {normalized}");
        }
    }
}
