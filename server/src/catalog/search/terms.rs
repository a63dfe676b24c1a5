//! The words of a query and the index terms each matches: its own terms when the catalog
//! has them, otherwise catalog words a typo or two away (found by walking the term
//! dictionaries of the product-word fields with a Levenshtein automaton).

use crate::text::edit_distance;

use std::collections::HashMap;

use tantivy::query::FuzzyTermQuery;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::analysis::{analyse, word_spans};
use super::schema::{Fields, TextField};
use super::SearchError;

/// Closest catalog words a misspelt word is expanded to.
const MAX_EXPANSIONS: usize = 8;

/// One word of the query, as the shopper wrote it, with the index terms it matched.
#[derive(Debug, Clone)]
pub(super) struct WordGroup {
    pub written: String,
    /// The word's own terms, when the catalog has them.
    pub exact: Vec<String>,
    /// Otherwise, catalog words one or two typos away.
    pub fuzzy: Vec<String>,
}

pub(super) fn word_groups(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    text: &str,
) -> Result<Vec<WordGroup>, SearchError> {
    let mut groups = Vec::new();
    for (from, to) in word_spans(text) {
        let written = &text[from..to];
        let mut terms = analyse(analyzer, written);
        terms.dedup();
        if terms.is_empty() {
            continue; // a stop word
        }
        let mut exact = Vec::new();
        for term in &terms {
            if doc_freq(searcher, fields.text.iter(), term)? > 0 {
                exact.push(term.clone());
            }
        }
        let fuzzy = if exact.is_empty() {
            expansions(searcher, fields, written, &terms)?
        } else {
            Vec::new()
        };
        groups.push(WordGroup {
            written: written.to_owned(),
            exact,
            fuzzy,
        });
    }
    Ok(groups)
}

fn doc_freq<'f>(
    searcher: &Searcher,
    fields: impl Iterator<Item = &'f TextField>,
    term: &str,
) -> Result<u64, SearchError> {
    let mut total = 0;
    for field in fields {
        total += searcher.doc_freq(&Term::from_field_text(field.field, term))?;
    }
    Ok(total)
}

/// Catalog words within one typo of a misspelt word of five letters or more, two typos
/// from eight; shorter words are too easily another word to be corrected.
fn expansions(
    searcher: &Searcher,
    fields: &Fields,
    written: &str,
    terms: &[String],
) -> Result<Vec<String>, SearchError> {
    let letters = written.chars().filter(|c| c.is_alphanumeric()).count();
    let distance = match letters {
        0..=4 => return Ok(Vec::new()),
        5..=7 => 1,
        _ => 2,
    };
    let fuzzy_fields: Vec<&TextField> = fields.text.iter().filter(|f| f.fuzzy).collect();
    let mut found: HashMap<String, usize> = HashMap::new();
    for term in terms.iter().filter(|t| t.chars().count() >= 3) {
        let automaton = FuzzyTermQuery::new(
            Term::from_field_text(fields.text[0].field, term),
            distance,
            true,
        )
        .automaton()?;
        for segment in searcher.segment_readers() {
            for field in &fuzzy_fields {
                let inverted = segment.inverted_index(field.field)?;
                let mut stream = inverted.terms().search(&automaton).into_stream()?;
                while stream.advance() {
                    if let Ok(candidate) = std::str::from_utf8(stream.key()) {
                        found
                            .entry(candidate.to_owned())
                            .or_insert_with(|| edit_distance(term, candidate));
                    }
                }
            }
        }
    }
    let mut ranked = Vec::with_capacity(found.len());
    for (candidate, distance) in found {
        let freq = doc_freq(searcher, fuzzy_fields.iter().copied(), &candidate)?;
        ranked.push((distance, std::cmp::Reverse(freq), candidate));
    }
    ranked.sort();
    Ok(ranked
        .into_iter()
        .take(MAX_EXPANSIONS)
        .map(|(_, _, candidate)| candidate)
        .collect())
}

#[cfg(test)]
mod tests {
    use super::edit_distance;

    #[test]
    fn a_swap_of_neighbours_is_one_edit() {
        assert_eq!(edit_distance("hoodi", "hoddi"), 1);
        assert_eq!(edit_distance("jacket", "jackte"), 1);
        assert_eq!(edit_distance("jacket", "jakcte"), 2);
        assert_eq!(edit_distance("", "mug"), 3);
    }
}
