//! Spelling repair against the NLU's vocabulary: typos of known words corrected ("refnud" →
//! "refund", "zapatilas" → "zapatilla") and run-together words split ("needto" → "need to"),
//! while real words near the lexicon ("shopping", "cancer") are left alone.

pub use crate::text::edit_distance as distance;

use std::collections::HashSet;
use std::sync::OnceLock;

use super::catalog_words::{COLOURS, PRODUCTS, QUALIFIERS, RECIPIENTS};
use super::lexicon;
use super::normalize::singular;
use super::vocab::{COMMON, SHORTHAND, STEM_WORDS};
use super::{budget, slots};

/// Real words near the lexicon's; see the file's header.
const NEAR_WORDS: &str = include_str!("near_words.txt");

struct Vocabulary {
    /// Every word the NLU knows as written.
    words: HashSet<&'static str>,
    /// Words a typo may be corrected to (4+ letters).
    targets: Vec<&'static str>,
    /// Prefix entries of the lexicon (`cancel*` → "cancel").
    stems: Vec<&'static str>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCAB: OnceLock<Vocabulary> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let mut words: HashSet<&'static str> = COMMON.iter().copied().collect();
        let mut stems = Vec::new();
        for (phrase, _) in lexicon::all() {
            for word in phrase.split(' ') {
                match word.strip_suffix('*') {
                    Some(stem) => stems.push(stem),
                    None => {
                        words.insert(word);
                    }
                }
            }
        }
        let catalog = PRODUCTS.iter().chain(QUALIFIERS).map(|(k, _)| *k);
        words.extend(
            catalog
                .chain(COLOURS.iter().map(|(k, _)| *k))
                .chain(RECIPIENTS.iter().map(|(k, _)| *k)),
        );
        words.extend(SHORTHAND.iter().map(|(k, _)| *k));
        words.extend(budget::words().chain(slots::words()));
        words.extend(STEM_WORDS);
        // Known, but never a correction target: a typo should land on the lexicon's words.
        let near = NEAR_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace);
        let mut known = words.clone();
        known.extend(near);
        let mut targets: Vec<&'static str> =
            words.iter().copied().filter(|w| w.len() >= 4).collect();
        // Deterministic tie-breaking between equally close targets.
        targets.sort_unstable();
        stems.sort_unstable();
        stems.dedup();
        Vocabulary {
            words: known,
            targets,
            stems,
        }
    })
}

/// Real words of a dictionary; see the file's header.
const DICTIONARY: &str = include_str!("dictionary.txt");

/// A real English word of five letters or more (folded), as written: no typo,
/// whatever catalog word it is close to.
pub fn is_dictionary_word(word: &str) -> bool {
    // The file is sorted (a test checks it), so it is searched as it is.
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    let words = WORDS.get_or_init(dictionary_words);
    words.binary_search(&word).is_ok()
}

fn dictionary_words() -> Vec<&'static str> {
    DICTIONARY.lines().filter(|l| !l.starts_with('#')).collect()
}

/// A word of the vocabulary as written or as a singular (no stem inflections).
pub fn is_word(word: &str) -> bool {
    let vocab = vocabulary();
    vocab.words.contains(word) || vocab.words.contains(singular(word))
}

/// As written, as a singular, or as an inflection of a lexicon stem.
pub fn is_known(word: &str) -> bool {
    let vocab = vocabulary();
    word.chars().count() <= 2
        || vocab.words.contains(word)
        || vocab.words.contains(singular(word))
        || vocab.stems.iter().any(|s| word.starts_with(s))
}

/// A typo of one of the lexicon's own words ("cancle" → "cancel", "refnud" → "refund"): such a
/// word is the shopper's request, whatever catalog word it is also near ("candle").
pub fn is_lexicon_typo(word: &str) -> bool {
    if is_word(word) {
        return false;
    }
    correct(word, 1).is_some_and(|fixed| {
        lexicon::all().any(|(phrase, _)| {
            phrase.split(' ').any(|w| match w.strip_suffix('*') {
                Some(stem) => fixed.starts_with(stem),
                None => w == fixed,
            })
        })
    })
}

/// The lexicon's word a typo stands for ("mony" → "money"), when it is one (see
/// [`is_lexicon_typo`]).
pub fn lexicon_typo_fix(word: &str) -> Option<String> {
    if is_lexicon_typo(word) {
        correct(word, 1)
    } else {
        None
    }
}

/// "needto" → ("need", "to"), "uhelp" → ("u", "help"): one half a small function word, the
/// other a word as written. Requiring the function word keeps "careless" whole.
pub(super) fn split_run_on(word: &str) -> Option<(String, String)> {
    const GLUE: &[&str] = &[
        "to", "you", "u", "i", "a", "an", "the", "me", "my", "can", "do", "not", "in", "on", "of",
        "for", "with", "and", "is", "it", "help", "please", "want", "need", "know", "de", "el",
        "la", "mi", "con", "que", "un", "una", "por",
    ];
    if word.len() < 5 || !word.is_ascii() {
        return None;
    }
    let vocab = vocabulary();
    let word_ok = |w: &str| w.len() >= 2 && vocab.words.contains(w);
    // Prefer the split with the longest left half ("canyou" → "can you", not "ca nyou").
    (1..word.len())
        .rev()
        .map(|at| word.split_at(at))
        .find(|(l, r)| GLUE.contains(l) && word_ok(r) || GLUE.contains(r) && word_ok(l))
        .map(|(l, r)| (l.to_owned(), r.to_owned()))
}

/// The closest known word within the edit budget. Guards against "correcting" ordinary words
/// the vocabulary does not list: the first letter must match (typos seldom hit it, and it
/// stops "border" becoming "order"); a four-letter word may only have lost a letter ("ordr"),
/// since swapping one letter of a short word makes another word ("bell" is not "bill");
/// among equally close words the one made of the same letters wins. Lexicon stems of six
/// letters or more may keep an ending ("cancleing" → "canceling").
pub(super) fn correct(word: &str, max_edits: usize) -> Option<String> {
    let len = word.chars().count();
    if len < 4 || !word.is_ascii() {
        return None;
    }
    let budget = if len >= 9 { 2 } else { 1 }.min(max_edits);
    let vocab = vocabulary();
    let same_start = |t: &str| {
        let (a, b) = (word.as_bytes(), t.as_bytes());
        a[0] == b[0] || (a.len() > 1 && b.len() > 1 && a[0] == b[1] && a[1] == b[0])
    };
    let best_word = [word, singular(word)]
        .iter()
        .filter(|w| w.len() >= 4)
        .flat_map(|w| {
            let len = w.len();
            vocab
                .targets
                .iter()
                .filter(move |t| {
                    t.len().abs_diff(len) <= budget && (len >= 5 || t.len() > len) && same_start(t)
                })
                .map(move |t| (distance(w, t), *t))
        })
        // Two edits only for long words that keep their first two letters.
        .filter(|(d, t)| *d <= budget && (*d < 2 || word.get(..2) == t.get(..2)))
        .min_by_key(|(d, t)| (*d, letters_apart(word, t)));
    if let Some((_, target)) = best_word {
        return Some(target.to_owned());
    }
    vocab
        .stems
        .iter()
        .filter(|s| s.len() >= 6 && len > s.len() && same_start(s))
        .find_map(|stem| {
            (stem.len() - 1..=stem.len() + 1).find_map(|cut| {
                let (head, tail) = (word.get(..cut)?, word.get(cut..)?);
                (distance(head, stem) == 1 && is_suffix(tail)).then(|| format!("{stem}{tail}"))
            })
        })
}

/// How many letters two words do not share (as multisets).
fn letters_apart(a: &str, b: &str) -> usize {
    let mut counts = [0i32; 128];
    for c in a.bytes().filter(u8::is_ascii) {
        counts[usize::from(c)] += 1;
    }
    for c in b.bytes().filter(u8::is_ascii) {
        counts[usize::from(c)] -= 1;
    }
    counts.iter().map(|n| n.unsigned_abs() as usize).sum()
}

fn is_suffix(tail: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "", "s", "es", "ed", "d", "ing", "ings", "ation", "ations", "ment", "ments", "ion", "ions",
        "o", "a", "os", "as", "ar", "er", "e", "ado", "ada", "cion", "ciones", "ando", "ate", "y",
    ];
    SUFFIXES.contains(&tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize::normalize;

    fn n(text: &str) -> String {
        normalize(text).join(" ")
    }

    #[test]
    fn typos_of_known_words_are_corrected() {
        assert_eq!(n("hoddie"), "hoodie");
        assert_eq!(n("refnud"), "refund");
        assert_eq!(n("cancle"), "cancel");
        assert_eq!(n("jackt"), "jacket");
        assert_eq!(n("zapatilas"), "zapatilla");
        assert_eq!(n("cancleing"), "canceling");
    }

    #[test]
    fn ordinary_words_are_not_corrected_into_cue_words() {
        assert_eq!(n("border"), "border");
        assert_eq!(n("older"), "older");
    }

    #[test]
    fn run_together_words_are_split() {
        assert_eq!(n("needto speak"), "need to speak");
        assert_eq!(n("uhelp me"), "you help me");
    }

    #[test]
    fn neighbouring_letters_swapped_cost_one_edit() {
        assert_eq!(distance("refnud", "refund"), 1);
        assert_eq!(distance("cancle", "cancel"), 1);
        assert_eq!(distance("hoodie", "hoodie"), 0);
    }

    #[test]
    fn the_dictionary_is_sorted_folded_and_without_repeats() {
        let words = dictionary_words();
        assert!(words.len() > 50_000);
        assert!(words.windows(2).all(|w| w[0] < w[1]));
        assert!(words
            .iter()
            .all(|w| w.len() >= 5 && w.chars().all(|c| c.is_ascii_lowercase())));
        assert!(is_dictionary_word("shift") && !is_dictionary_word("shrit"));
    }
}
