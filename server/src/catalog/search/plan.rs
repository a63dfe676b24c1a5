//! Turns a [`SearchQuery`] into a tantivy query. Each word of the text is a group scored in
//! tiers: a constant per word matched exactly, a smaller one per word matched only through a
//! typo, plus BM25 over the weighted fields. So products matching more words come first, and
//! a typo never outranks an exact match. Filters restrict without scoring.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Searcher, Term};

use super::analysis::{analyse, KeyNormaliser};
use super::colours::shades;
use super::schema::Fields;
use super::tables::{Tables, VariantFilter};
use super::terms::{word_groups, WordGroup};
use super::{SearchError, SearchQuery};

/// Score for each word found exactly; far above any BM25 sum, so it orders hits first.
const EXACT_TIER: f32 = 10_000.0;
/// Score for each word found only through a typo: counts nearly as much as an exact word
/// (the shopper meant it), but less.
const FUZZY_TIER: f32 = 9_000.0;
/// BM25 of a typo's expansions counts for less than that of the word itself.
const FUZZY_WEIGHT: f32 = 0.5;

pub(super) struct Plan {
    pub query: Box<dyn Query>,
    pub groups: Vec<WordGroup>,
    pub filter: VariantFilter,
}

/// `None` when nothing can match (no word of the text is in the catalog, an option value
/// no variant has, an empty price range).
pub(super) fn plan(
    searcher: &Searcher,
    fields: &Fields,
    tables: &Tables,
    analyzer: &mut TextAnalyzer,
    q: &SearchQuery,
) -> Result<Option<Plan>, SearchError> {
    let groups = word_groups(searcher, fields, analyzer, &q.text)?;
    let word_queries: Vec<Box<dyn Query>> = groups
        .iter()
        .filter_map(|g| group_query(fields, g))
        .collect();
    if !groups.is_empty() && word_queries.is_empty() {
        return Ok(None);
    }
    if let (Some(min), Some(max)) = (q.price_min, q.price_max) {
        if min > max {
            return Ok(None);
        }
    }

    let mut keys = KeyNormaliser::default();
    let mut filters: Vec<Box<dyn Query>> = Vec::new();
    let mut filter = VariantFilter {
        price_min: q.price_min,
        price_max: q.price_max,
        in_stock_only: q.in_stock_only,
        ..VariantFilter::default()
    };
    let [_, type_text, tags_text, _, vendor_text, _] = fields.text.map(|t| t.field);
    if let Some(product_type) = q.product_type.as_deref().filter(|t| !t.trim().is_empty()) {
        filters.push(key_or_words(
            fields.type_key,
            type_text,
            &keys.key(product_type),
            &analyse(analyzer, product_type),
        ));
    }
    if let Some(vendor) = q.vendor.as_deref().filter(|v| !v.trim().is_empty()) {
        filters.push(key_or_words(
            fields.vendor_key,
            vendor_text,
            &keys.key(vendor),
            &analyse(analyzer, vendor),
        ));
    }
    for tag in q.tags.iter().filter(|t| !t.trim().is_empty()) {
        filters.push(key_or_words(
            fields.tag_key,
            tags_text,
            &keys.key(tag),
            &analyse(analyzer, tag),
        ));
    }
    for value in q.option_values.iter().filter(|v| !v.trim().is_empty()) {
        // The value itself, or for a plain colour any of its shades ("yellow": mustard).
        let key = keys.key(value);
        let mut found: Vec<String> = std::iter::once(key.clone())
            .chain(shades(&key).iter().map(|shade| keys.key(shade)))
            .filter(|k| !tables.option_ids(k).is_empty())
            .collect();
        found.dedup();
        if found.is_empty() {
            return Ok(None);
        }
        let ids: Vec<u32> = found
            .iter()
            .flat_map(|k| tables.option_ids(k).iter().copied())
            .collect();
        filter.options.push(ids);
        let any: Vec<Box<dyn Query>> = found.iter().map(|k| term(fields.option_key, k)).collect();
        filters.push(Box::new(BooleanQuery::union(any)));
    }
    if q.in_stock_only {
        filters.push(Box::new(TermQuery::new(
            Term::from_field_bool(fields.in_stock, true),
            IndexRecordOption::Basic,
        )));
    }
    // Document-level price bounds narrow the candidates; the variant check is exact.
    if let Some(max) = q.price_max {
        let upper = Bound::Included(Term::from_field_i64(fields.min_price, max));
        filters.push(Box::new(RangeQuery::new(Bound::Unbounded, upper)));
    }
    if let Some(min) = q.price_min {
        let lower = Bound::Included(Term::from_field_i64(fields.max_price, min));
        filters.push(Box::new(RangeQuery::new(lower, Bound::Unbounded)));
    }
    filter.excluded = q.exclude_product_ids.clone();
    filter.excluded.sort_unstable();

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = filters
        .into_iter()
        .map(|f| {
            (
                Occur::Must,
                Box::new(ConstScoreQuery::new(f, 0.0)) as Box<dyn Query>,
            )
        })
        .collect();
    if !word_queries.is_empty() {
        // At least one word must match; each matching word adds its tier and BM25.
        clauses.push((Occur::Must, Box::new(BooleanQuery::union(word_queries))));
    }
    let query: Box<dyn Query> = if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    Ok(Some(Plan {
        query,
        groups,
        filter,
    }))
}

/// The word's tier when any of its terms matches in any of its fields, plus weighted BM25.
fn group_query(fields: &Fields, group: &WordGroup) -> Option<Box<dyn Query>> {
    let (terms, tier, weight, fuzzy) = if group.exact.is_empty() {
        (&group.fuzzy, FUZZY_TIER, FUZZY_WEIGHT, true)
    } else {
        (&group.exact, EXACT_TIER, 1.0, false)
    };
    if terms.is_empty() {
        return None;
    }
    let mut any = Vec::new();
    let mut scored = Vec::new();
    for field in fields.text.iter().filter(|f| f.fuzzy || !fuzzy) {
        for text in terms {
            let query = TermQuery::new(
                Term::from_field_text(field.field, text),
                IndexRecordOption::WithFreqs,
            );
            any.push(Box::new(query.clone()) as Box<dyn Query>);
            scored.push(
                Box::new(BoostQuery::new(Box::new(query), field.boost * weight)) as Box<dyn Query>,
            );
        }
    }
    let tier: Box<dyn Query> = Box::new(ConstScoreQuery::new(
        Box::new(BooleanQuery::union(any)),
        tier,
    ));
    scored.push(tier);
    Some(Box::new(BooleanQuery::union(scored)))
}

fn term(field: Field, key: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, key),
        IndexRecordOption::Basic,
    ))
}

/// The exact value ("T-Shirts" = "t-shirts"), or all its words in the text field, so a
/// singular or a part of the value finds it too ("t-shirt", "shirt").
fn key_or_words(
    key_field: Field,
    text_field: Field,
    key: &str,
    words: &[String],
) -> Box<dyn Query> {
    let mut either = vec![term(key_field, key)];
    if !words.is_empty() {
        let all: Vec<Box<dyn Query>> = words.iter().map(|w| term(text_field, w)).collect();
        either.push(Box::new(BooleanQuery::intersection(all)));
    }
    Box::new(BooleanQuery::union(either))
}
