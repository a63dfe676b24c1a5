//! Finds the lexicon's concepts in a normalised message: longest phrase first, "order" and
//! "purchase" read as a verb or a noun from their neighbours, and cues under a negation
//! ("don't cancel", "no quiero cancelar") dropped.

use super::lexicon::{self, Cue};
use super::normalize::singular;

/// One concept found at `start..end` (token positions).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    pub cue: Cue,
    pub start: usize,
    pub end: usize,
}

/// The concepts of a message, in order.
#[derive(Debug, Default)]
pub struct Found {
    pub hits: Vec<Hit>,
}

impl Found {
    pub fn has(&self, cue: Cue) -> bool {
        self.hits.iter().any(|h| h.cue == cue)
    }
}

/// Matches the lexicon against the tokens. Longer phrases are placed first wherever they
/// are, so "the delivery options" is read as "delivery options", not "the delivery" + "options".
pub fn find(tokens: &[String]) -> Found {
    let index = FirstWords::get();
    let mut candidates: Vec<(Hit, usize)> = Vec::new();
    let mut entries: Vec<usize> = Vec::new();
    for at in 0..tokens.len() {
        index.entries_for(&tokens[at], &mut entries);
        for &i in &entries {
            let (phrase, cue) = index.all[i];
            if let Some(len) = matches_at(tokens, at, phrase) {
                let hit = Hit {
                    cue: *cue,
                    start: at,
                    end: at + len,
                };
                candidates.push((hit, phrase.matches('*').count()));
            }
        }
    }
    // Longest first; then exact words before stems ("delivery" the noun before "deliver*");
    // then leftmost; then the table's order (the sort is stable).
    candidates.sort_by_key(|(h, stems)| (std::cmp::Reverse(h.end - h.start), *stems, h.start));
    let mut hits: Vec<Hit> = Vec::new();
    for (hit, _) in candidates {
        if hits
            .iter()
            .all(|h| hit.end <= h.start || hit.start >= h.end)
        {
            hits.push(hit);
        }
    }
    hits.sort_by_key(|h| h.start);
    for hit in &mut hits {
        if hit.cue == Cue::Order && reads_as_verb(tokens, hit.start) {
            hit.cue = Cue::Buy;
        }
    }
    add_send_back(tokens, &mut hits);
    drop_negated(tokens, &mut hits);
    Found { hits }
}

/// The lexicon's entries by their first word, so a token is only matched against the
/// phrases that can start with it (the lexicon has hundreds of entries and every message is
/// read several times a turn).
struct FirstWords {
    all: Vec<&'static (&'static str, Cue)>,
    /// Entries whose first word is a whole word, by that word.
    exact: std::collections::HashMap<&'static str, Vec<usize>>,
    /// Entries whose first word is a stem ("refund*"), by the stem's first `STEM_KEY` letters;
    /// `short` holds those with shorter stems.
    stems: std::collections::HashMap<&'static str, Vec<usize>>,
    short: Vec<usize>,
}

const STEM_KEY: usize = 3;

impl FirstWords {
    fn get() -> &'static FirstWords {
        static INDEX: std::sync::OnceLock<FirstWords> = std::sync::OnceLock::new();
        INDEX.get_or_init(|| {
            let all: Vec<_> = lexicon::all().collect();
            let mut index = FirstWords {
                all: Vec::new(),
                exact: Default::default(),
                stems: Default::default(),
                short: Vec::new(),
            };
            for (i, entry) in all.iter().enumerate() {
                let first = entry.0.split(' ').next().unwrap_or_default();
                match first.strip_suffix('*') {
                    Some(stem) => match stem.get(..STEM_KEY) {
                        Some(key) => index.stems.entry(key).or_default().push(i),
                        None => index.short.push(i),
                    },
                    None => index.exact.entry(first).or_default().push(i),
                }
            }
            index.all = all;
            index
        })
    }

    /// The entries that may start at `token`, in the lexicon's order, into `out`.
    fn entries_for(&self, token: &str, out: &mut Vec<usize>) {
        out.clear();
        out.extend(self.exact.get(token).into_iter().flatten());
        let single = singular(token);
        if single != token {
            out.extend(self.exact.get(single).into_iter().flatten());
        }
        if let Some(key) = token.get(..STEM_KEY) {
            out.extend(self.stems.get(key).into_iter().flatten());
        }
        out.extend(&self.short);
        out.sort_unstable();
        out.dedup();
    }
}

/// "send these jeans back", "take it back": a return, with the object between verb and particle.
fn add_send_back(tokens: &[String], hits: &mut Vec<Hit>) {
    const VERBS: &[&str] = &["send", "ship", "mail", "take", "bring", "post"];
    for (i, token) in tokens.iter().enumerate() {
        let back = tokens.iter().skip(i + 1).take(4).position(|t| t == "back");
        if let (true, Some(offset)) = (VERBS.contains(&token.as_str()), back) {
            if !hits.iter().any(|h| h.cue == Cue::Return) {
                hits.push(Hit {
                    cue: Cue::Return,
                    start: i,
                    end: i + offset + 2,
                });
            }
        }
    }
    hits.sort_by_key(|h| h.start);
}

/// Length in tokens when `phrase` matches at `at`.
/// Whether one of `table`'s phrases is among the tokens (negated or not).
pub fn says_any_of(tokens: &[String], table: &[(&str, Cue)]) -> bool {
    (0..tokens.len()).any(|at| {
        table
            .iter()
            .any(|(phrase, _)| matches_at(tokens, at, phrase).is_some())
    })
}

fn matches_at(tokens: &[String], at: usize, phrase: &str) -> Option<usize> {
    let mut len = 0;
    for word in phrase.split(' ') {
        let token = tokens.get(at + len)?;
        let ok = match word.strip_suffix('*') {
            Some(stem) => token.starts_with(stem),
            None => token == word || singular(token) == word,
        };
        if !ok {
            return None;
        }
        len += 1;
    }
    Some(len)
}

/// "I want to order", "can I order", "order a hoodie" are buying; "my order", "the order I
/// made", "add items to an order" are a placed order.
fn reads_as_verb(tokens: &[String], at: usize) -> bool {
    let word = tokens[at].as_str();
    if !matches!(word, "order" | "purchase") {
        return false;
    }
    let prev = at.checked_sub(1).map(|i| tokens[i].as_str());
    let before = at.checked_sub(2).map(|i| tokens[i].as_str());
    let next = tokens.get(at + 1).map(String::as_str);
    const SUBJECTS: &[&str] = &[
        "i", "we", "can", "could", "will", "would", "please", "lets", "should", "how", "and",
    ];
    const OBJECTS: &[&str] = &[
        "a",
        "an",
        "some",
        "one",
        "two",
        "it",
        "this",
        "that",
        "these",
        "those",
        "something",
        "item",
        "items",
        "several",
        "more",
        "another",
        "the",
        "few",
        "online",
    ];
    let adding = matches!(
        before,
        Some("add" | "adding" | "added" | "item" | "items" | "something" | "it" | "them")
    );
    match prev {
        Some("to") => !adding,
        Some(p) if SUBJECTS.contains(&p) => true,
        // A message opening with it: "order a hoodie"; "purchase" alone is a command too.
        None => next.map_or(word == "purchase", |n| OBJECTS.contains(&n)),
        _ => false,
    }
}

/// A negation right before a cue, with only "want to / need / it / my…" between, cancels it:
/// "I don't want to cancel" is not a cancellation. "I don't know how to cancel" and "I can't
/// cancel" still are: the shopper wants it done.
fn drop_negated(tokens: &[String], hits: &mut Vec<Hit>) {
    const BRIDGE: &[&str] = &[
        "want", "to", "need", "please", "it", "my", "the", "a", "an", "quiero", "lo", "la", "mi",
        "el", "un", "una", "me", "do", "anymore", "any", "ningun", "ninguna",
    ];
    const NEGATABLE: &[Cue] = &[
        Cue::Cancel,
        Cue::Refund,
        Cue::Return,
        Cue::Buy,
        Cue::Human,
        Cue::Contact,
        Cue::Track,
        // "Todavía no he comprado nada", "I haven't bought anything yet"
        Cue::PastPurchase,
    ];
    let negations: Vec<usize> = hits
        .iter()
        .filter(|h| h.cue == Cue::Negation)
        .filter(|h| {
            !matches!(
                h.start.checked_sub(1).map(|i| tokens[i].as_str()),
                Some("can" | "could" | "did" | "does" | "will" | "would" | "is")
            )
        })
        .map(|h| h.end)
        .collect();
    // A Spanish imperative with its pronoun after it ("anúlalo", "cancélamelo") is never
    // under a negation, which takes the subjunctive ("no lo anules"): "no lo quiero anúlalo",
    // dictated without its comma, cancels.
    let enclitic_imperative = |word: &str| {
        word.len() > 6
            && ["alo", "ala", "elo", "ela", "amelo", "emelo", "alos", "elos"]
                .iter()
                .any(|end| word.ends_with(end))
    };
    hits.retain(|h| {
        if !NEGATABLE.contains(&h.cue) || enclitic_imperative(&tokens[h.start]) {
            return true;
        }
        !negations.iter().any(|&after| {
            after <= h.start
                && h.start - after <= 3
                && tokens[after..h.start]
                    .iter()
                    .all(|t| BRIDGE.contains(&t.as_str()))
        })
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::nlu::normalize::normalize;

    fn cues(text: &str) -> Vec<Cue> {
        find(&normalize(text)).hits.iter().map(|h| h.cue).collect()
    }

    #[test]
    fn the_longest_phrase_wins_over_its_words() {
        assert!(cues("I want my money back").contains(&Cue::Refund));
        assert!(cues("talk to customer service").contains(&Cue::Support));
    }

    #[test]
    fn order_after_to_or_a_subject_is_buying() {
        assert!(cues("I want to order a hoodie").contains(&Cue::Buy));
        assert!(cues("can I order online").contains(&Cue::Buy));
        assert!(!cues("where is my order").contains(&Cue::Buy));
        assert!(!cues("add several items to an order").contains(&Cue::Buy));
    }

    #[test]
    fn a_negated_cancel_is_not_a_cancel() {
        assert!(!cues("I don't want to cancel").contains(&Cue::Cancel));
        assert!(!cues("no quiero cancelar").contains(&Cue::Cancel));
    }

    #[test]
    fn an_imperative_after_a_no_is_not_under_it() {
        assert!(cues("no lo quiero anulalo").contains(&Cue::Cancel));
        assert!(!cues("no lo quiero anular").contains(&Cue::Cancel));
    }

    #[test]
    fn not_knowing_how_to_cancel_is_still_cancelling() {
        assert!(cues("I don't know how to cancel my order").contains(&Cue::Cancel));
        assert!(cues("I can't cancel my order").contains(&Cue::Cancel));
    }
}
