//! Why a product was found, kept structured so the assistant can phrase it in either
//! language, and a ready phrase for the widget ("matches 'running'; under 50 €").

use shopchat_protocol::Currency;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocSet, Searcher, Term};

use super::schema::Fields;
use super::terms::WordGroup;
use crate::money::format_minor;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MatchReason {
    /// The query's words that matched, as the shopper wrote them.
    pub matched_terms: Vec<String>,
    /// True when some of them matched only through a typo ("hoddie" → hoodie).
    pub fuzzy: bool,
    /// The shopper's upper price bound, which the hit respects (minor units).
    pub under_price: Option<i64>,
    /// The shopper's lower price bound, which the hit respects (minor units).
    pub over_price: Option<i64>,
    /// The option values the hit's variant has, as the shopper wrote them.
    pub option_values: Vec<String>,
}

impl MatchReason {
    /// A short phrase for the product card, in English or Spanish.
    pub fn describe(&self, locale_is_spanish: bool, currency: Currency) -> String {
        let es = locale_is_spanish;
        let quote = |w: &String| {
            if es {
                format!("«{w}»")
            } else {
                format!("'{w}'")
            }
        };
        let mut parts = Vec::new();
        if !self.matched_terms.is_empty() {
            let words = self
                .matched_terms
                .iter()
                .map(quote)
                .collect::<Vec<_>>()
                .join(", ");
            parts.push(match (es, self.fuzzy) {
                (false, false) => format!("matches {words}"),
                (false, true) => format!("close to {words}"),
                (true, false) => format!("coincide con {words}"),
                (true, true) => format!("parecido a {words}"),
            });
        }
        if !self.option_values.is_empty() {
            let values = self.option_values.join(", ");
            parts.push(if es {
                format!("en {values}")
            } else {
                format!("in {values}")
            });
        }
        if let Some(min) = self.over_price {
            let amount = money(min, currency, es);
            parts.push(if es {
                format!("desde {amount}")
            } else {
                format!("from {amount}")
            });
        }
        if let Some(max) = self.under_price {
            let amount = money(max, currency, es);
            parts.push(if es {
                format!("menos de {amount}")
            } else {
                format!("under {amount}")
            });
        }
        parts.join("; ")
    }
}

/// "$50", "50 €", "49.99 USD" in English; "50 $", "50 €", "49,99 €" in Spanish. Whole
/// amounts drop their zeros: a budget reads better as "50" than "50.00".
pub fn money(minor: i64, currency: Currency, spanish: bool) -> String {
    let exponent = currency.exponent();
    let mut amount = format_minor(minor, exponent);
    if exponent > 0 && minor % 10_i64.pow(exponent) == 0 {
        amount.truncate(amount.len() - exponent as usize - 1);
    }
    if spanish {
        amount = amount.replace('.', ",");
    }
    let symbol = match currency.as_str() {
        "USD" | "MXN" | "CAD" | "AUD" => Some("$"),
        "EUR" => Some("€"),
        "GBP" => Some("£"),
        _ => None,
    };
    match (symbol, spanish) {
        (Some(symbol @ ("$" | "£")), false) => format!("{symbol}{amount}"),
        (Some(symbol), _) => format!("{amount} {symbol}"),
        (None, _) => format!("{amount} {}", currency.as_str()),
    }
}

/// Which of the query's words the document matched, and whether any only through a typo.
pub(super) fn matched_words(
    searcher: &Searcher,
    fields: &Fields,
    groups: &[WordGroup],
    doc: DocAddress,
) -> (Vec<String>, bool) {
    let segment = searcher.segment_reader(doc.segment_ord);
    let has = |field: tantivy::schema::Field, text: &str| -> bool {
        let Ok(inverted) = segment.inverted_index(field) else {
            return false;
        };
        match inverted.read_postings(
            &Term::from_field_text(field, text),
            IndexRecordOption::Basic,
        ) {
            // A fresh postings list sits on its first document, and may only seek forward.
            Ok(Some(mut postings)) => {
                let first = postings.doc();
                first == doc.doc_id
                    || (first < doc.doc_id && postings.seek(doc.doc_id) == doc.doc_id)
            }
            _ => false,
        }
    };
    let mut words = Vec::new();
    let mut fuzzy = false;
    for group in groups {
        let (terms, typo) = if group.exact.is_empty() {
            (&group.fuzzy, true)
        } else {
            (&group.exact, false)
        };
        let found = fields
            .text
            .iter()
            .filter(|f| f.fuzzy || !typo)
            .any(|f| terms.iter().any(|t| has(f.field, t)));
        if found {
            words.push(group.written.clone());
            fuzzy |= typo;
        }
    }
    (words, fuzzy)
}
