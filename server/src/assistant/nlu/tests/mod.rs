//! Utterance tables per intent family and per slot, in English and Spanish, written for these
//! tests (not taken from any evaluation file): different phrasings, typos and colloquial speech.

mod buy;
mod cancel;
mod human;
mod other;
mod refund;
mod slots;
mod status;

use super::{understand, Intent};

/// Asserts every utterance is understood as `intent`, listing all failures at once.
fn assert_all(intent: Intent, utterances: &[&str]) {
    let wrong: Vec<String> = utterances
        .iter()
        .map(|u| (u, understand(u, 2).intent))
        .filter(|(_, got)| *got != intent)
        .map(|(u, got)| format!("{u:?} → {got:?}"))
        .collect();
    assert!(
        wrong.is_empty(),
        "{} of {} not {intent:?}:\n{}",
        wrong.len(),
        utterances.len(),
        wrong.join("\n")
    );
}

/// Regenerates `near_words.txt`: prints every word of a word list (one per line, e.g.
/// `/usr/share/dict/american-english`) that normalisation would change.
#[test]
#[ignore = "tool: NLU_WORDS=/usr/share/dict/american-english cargo test … -- --ignored --nocapture"]
fn words_of_a_word_list_that_normalisation_would_change() {
    let path = std::env::var("NLU_WORDS").unwrap_or_default();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    for word in text
        .lines()
        .filter(|w| w.chars().count() >= 4 && !w.contains('\''))
    {
        let folded = super::normalize::fold(word);
        if super::normalize::normalize(word).join(" ") != folded {
            println!("{folded}");
        }
    }
}
