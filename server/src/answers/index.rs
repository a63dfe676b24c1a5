//! Retrieval over the shop's answers: a tantivy index (in RAM, as for products) of each entry's
//! question and answer, analysed in English and in Spanish, ranked by BM25. The shopper's words
//! also bring their translations from the bilingual retail vocabulary ("envío" → shipping).
//! A hit counts only when it covers at least 60 % of the message's content words, so a
//! question nothing answers is said to be unanswered rather than answered with a guess.
//!
//! Each shop's index is rebuilt when its entries change (a fingerprint of them is compared on
//! every search, which reads a few rows).

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::{Arc, Mutex};

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument, Term};

use super::{entries, Entry};
use crate::catalog::search::{analyse, text_analyzer, CatalogLanguage};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::locale::Locale;
use crate::nlu::bilingual::{self, Bilingual};
use crate::text::words;

/// A hit must cover at least this share of the message's content words.
pub const MIN_COVERAGE: f32 = 0.6;

/// Words of any question that say nothing about what is asked.
#[rustfmt::skip]
const GENERIC: &[&str] = &[
    "what", "whats", "how", "when", "where", "which", "who", "why", "do", "does", "did", "you",
    "your", "yours", "we", "our", "i", "im", "my", "me", "can", "could", "would", "will", "is",
    "are", "was", "be", "there", "any", "please", "pls", "hi", "hello", "hey",
    "tell", "know", "want", "need", "get", "have", "has", "a", "an", "the", "to", "of", "for",
    "in", "on", "at", "it", "its", "this", "that", "and", "or", "if", "so", "about", "us", "with",
    "que", "como", "cuando", "donde", "cual", "cuales", "quien", "por", "porque", "hacer", "hacen",
    "hace", "puedo", "puede", "pueden", "podria", "tienen", "tiene", "teneis", "tienes", "hay",
    "mi", "mis", "me", "su", "sus", "ustedes", "vosotros", "usted", "tu", "tus", "es", "son",
    "esta", "estan", "favor", "hola", "saber", "quiero", "quisiera", "cuanto", "cuanta",
    "cuantos", "cuantas", "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del",
    "a", "al", "en", "con", "y", "o", "se", "lo", "le", "les", "nos", "si", "para", "pa", "oye",
    "buenas", "buenos", "dias", "tardes", "gracias", "thanks", "also", "tambien", "really",
    "just", "solo", "should", "debo", "usually", "normalmente", "does", "shop", "store", "tienda",
    // Courtesy, in both languages: it never says what is asked.
    "good", "morning", "afternoon", "evening", "thank", "thankyou", "kindly", "kind", "dear",
    "cheers", "regards", "sir", "madam", "buen", "buena", "noches", "saludos", "amable",
    "muchas", "disculpe", "disculpa", "perdon",
    // Acknowledgements that lead into a question ("ok how do I pay?", "vale, ¿y el envío?").
    "ok", "okay", "okey", "oki", "vale", "bueno", "great", "perfect", "perfecto", "perfecta",
    "alright", "sure", "cool", "genial", "then", "entonces", "well", "pues",
];

/// The best answer found for a message.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerHit {
    pub entry: Entry,
    /// Share of the message's content words the entry covers (0–1).
    pub coverage: f32,
    pub score: f32,
}

/// Every shop's answer index, built on first use and again when its entries change.
#[derive(Default, Clone)]
pub struct AnswerIndexes {
    shops: Arc<Mutex<HashMap<i64, Arc<Built>>>>,
}

struct Built {
    fingerprint: u64,
    entries: Vec<Entry>,
    /// Each entry's terms under the English and the Spanish analyser.
    terms: Vec<(HashSet<String>, HashSet<String>)>,
    _reader: IndexReader,
    searcher: Searcher,
    fields: Fields,
}

#[derive(Clone, Copy)]
struct Fields {
    ord: Field,
    question_en: Field,
    question_es: Field,
    answer_en: Field,
    answer_es: Field,
}

const EN: &str = "answers_en";
const ES: &str = "answers_es";

impl AnswerIndexes {
    pub fn new() -> Self {
        Self::default()
    }

    /// The entry that best answers `message` for a shopper writing in `locale`, if one covers
    /// it well enough.
    pub async fn search(
        &self,
        db: &DbPool,
        shop_id: i64,
        message: &str,
        locale: Locale,
    ) -> Result<Option<AnswerHit>, ApiError> {
        let built = self.built(db, shop_id).await?;
        Ok(built.best(message, locale))
    }

    /// The same, over entries already at hand.
    pub fn search_in(entries: Vec<Entry>, message: &str, locale: Locale) -> Option<AnswerHit> {
        Matcher::new(entries)?.best(message, locale)
    }

    async fn built(&self, db: &DbPool, shop_id: i64) -> Result<Arc<Built>, ApiError> {
        let entries = entries(db, shop_id).await?;
        let fingerprint = fingerprint(&entries);
        if let Some(built) = self.lock().get(&shop_id) {
            if built.fingerprint == fingerprint {
                return Ok(Arc::clone(built));
            }
        }
        let built = Arc::new(
            tokio::task::spawn_blocking(move || Built::new(entries))
                .await
                .map_err(|e| ApiError::Internal(e.into()))??,
        );
        self.lock().insert(shop_id, Arc::clone(&built));
        Ok(built)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<i64, Arc<Built>>> {
        self.shops.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// An index over entries at hand, for many questions at once (the unanswered list).
pub struct Matcher(Built);

impl Matcher {
    pub fn new(entries: Vec<Entry>) -> Option<Matcher> {
        Built::new(entries).ok().map(Matcher)
    }

    pub fn best(&self, message: &str, locale: Locale) -> Option<AnswerHit> {
        self.0.best(message, locale)
    }
}

fn fingerprint(entries: &[Entry]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for e in entries {
        e.question.hash(&mut h);
        e.answer.hash(&mut h);
        e.language.as_str().hash(&mut h);
        e.faq_id.hash(&mut h);
    }
    h.finish()
}

fn analyzers() -> (TextAnalyzer, TextAnalyzer) {
    (
        text_analyzer(CatalogLanguage::English),
        text_analyzer(CatalogLanguage::Spanish),
    )
}

impl Built {
    fn new(entries: Vec<Entry>) -> Result<Built, ApiError> {
        let fail = |e: tantivy::TantivyError| ApiError::Internal(e.into());
        let mut schema = Schema::builder();
        let text = |name: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(name)
                    .set_index_option(IndexRecordOption::WithFreqs),
            )
        };
        let fields = Fields {
            ord: schema.add_u64_field("ord", tantivy::schema::STORED),
            question_en: schema.add_text_field("question_en", text(EN)),
            question_es: schema.add_text_field("question_es", text(ES)),
            answer_en: schema.add_text_field("answer_en", text(EN)),
            answer_es: schema.add_text_field("answer_es", text(ES)),
        };
        let index = Index::create_in_ram(schema.build());
        let (mut en, mut es) = analyzers();
        index.tokenizers().register(EN, en.clone());
        index.tokenizers().register(ES, es.clone());
        let mut writer = index.writer_with_num_threads(1, 15_000_000).map_err(fail)?;
        let mut terms = Vec::with_capacity(entries.len());
        for (ord, e) in entries.iter().enumerate() {
            writer
                .add_document(doc!(
                    fields.ord => ord as u64,
                    fields.question_en => e.question.clone(),
                    fields.question_es => e.question.clone(),
                    fields.answer_en => e.answer.clone(),
                    fields.answer_es => e.answer.clone(),
                ))
                .map_err(fail)?;
            let both = format!("{} {}", e.question, e.answer);
            terms.push((
                analyse(&mut en, &both).into_iter().collect(),
                analyse(&mut es, &both).into_iter().collect(),
            ));
        }
        writer.commit().map_err(fail)?;
        let reader: IndexReader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(fail)?;
        Ok(Built {
            fingerprint: fingerprint(&entries),
            entries,
            terms,
            searcher: reader.searcher(),
            _reader: reader,
            fields,
        })
    }

    /// The best answer to the whole message or to one of its clauses: a question said among
    /// other things ("Che, ¿cuánto tarda en llegar un envío, más o menos?", "how long does
    /// delivery take? We're heading down to Kerry Friday week") is answered as if said alone.
    fn best(&self, message: &str, locale: Locale) -> Option<AnswerHit> {
        let whole = self.best_for(message, locale);
        let clauses: Vec<&str> = message
            .split(['.', ',', '?', '!', ';', '¿', '¡', '\n'])
            .map(str::trim)
            .filter(|c| !content_words(c).is_empty())
            .collect();
        if clauses.len() < 2 {
            return whole;
        }
        clauses
            .into_iter()
            .filter_map(|c| self.best_for(c, locale))
            .chain(whole)
            .fold(None, |best: Option<AnswerHit>, hit| match best {
                Some(b) if b.coverage + f32::EPSILON >= hit.coverage => Some(b),
                _ => Some(hit),
            })
    }

    fn best_for(&self, message: &str, locale: Locale) -> Option<AnswerHit> {
        let content = content_words(message);
        if content.is_empty() || self.entries.is_empty() {
            return None;
        }
        let (mut en, mut es) = analyzers();
        // Each content word with the terms it may be found under, per language.
        let expanded: Vec<WordTerms> = content
            .iter()
            .map(|w| word_terms(w, &mut en, &mut es))
            .collect();
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &expanded {
            let fields = [
                (&word.en, self.fields.question_en, 2.0),
                (&word.en, self.fields.answer_en, 1.0),
                (&word.es, self.fields.question_es, 2.0),
                (&word.es, self.fields.answer_es, 1.0),
            ];
            for (terms, field, boost) in fields {
                for t in terms {
                    let q = TermQuery::new(
                        Term::from_field_text(field, t),
                        IndexRecordOption::WithFreqs,
                    );
                    clauses.push((Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost))));
                }
            }
        }
        if clauses.is_empty() {
            return None;
        }
        let query = BooleanQuery::new(clauses);
        let top = self
            .searcher
            .search(&query, &TopDocs::with_limit(20).order_by_score())
            .ok()?;
        let mut best: Option<AnswerHit> = None;
        for (score, address) in top {
            let doc: TantivyDocument = self.searcher.doc(address).ok()?;
            let ord = doc.get_first(self.fields.ord)?.as_u64()? as usize;
            let entry = self.entries.get(ord)?;
            if !entry.language.serves(locale) {
                continue;
            }
            let (entry_en, entry_es) = &self.terms[ord];
            let covered = expanded
                .iter()
                .filter(|w| {
                    w.en.iter().any(|t| entry_en.contains(t))
                        || w.es.iter().any(|t| entry_es.contains(t))
                })
                .count();
            let coverage = covered as f32 / expanded.len() as f32;
            let better = match &best {
                None => true,
                // The merchant's own words win a tie with a generated answer.
                Some(b) => {
                    coverage > b.coverage + f32::EPSILON
                        || ((coverage - b.coverage).abs() <= f32::EPSILON
                            && (score > b.score
                                || (entry.faq_id.is_some() && b.entry.faq_id.is_none())))
                }
            };
            if better {
                best = Some(AnswerHit {
                    entry: entry.clone(),
                    coverage,
                    score,
                });
            }
        }
        best.filter(|b| b.coverage >= MIN_COVERAGE)
    }
}

/// The words of a message that say what is asked (folded, without question words).
pub fn content_words(message: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words(message) {
        if w.len() < 2 || GENERIC.contains(&w.as_str()) || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !out.contains(&w) {
            out.push(w);
        }
    }
    out
}

/// The terms a word may be indexed under, per language: its own stems in both, and those of
/// its translations and synonyms, each only in its own language (an English "can" is never a
/// Spanish stem of "Canadá").
struct WordTerms {
    en: HashSet<String>,
    es: HashSet<String>,
}

fn word_terms(word: &str, en: &mut TextAnalyzer, es: &mut TextAnalyzer) -> WordTerms {
    let bilingual = Bilingual::get();
    let mut terms = WordTerms {
        en: analyse(en, word).into_iter().collect(),
        es: analyse(es, word).into_iter().collect(),
    };
    for related in bilingual.related(&bilingual::key(word)).iter().take(6) {
        if bilingual.is_spanish(related) {
            terms.es.extend(analyse(es, related));
        } else {
            terms.en.extend(analyse(en, related));
        }
    }
    terms
}

/// The stemmed content words of a question, for comparing questions.
pub fn question_stems(text: &str) -> HashSet<String> {
    let mut en = text_analyzer(CatalogLanguage::English);
    content_words(text)
        .iter()
        .flat_map(|w| analyse(&mut en, w))
        .collect()
}

/// How alike two sets of stems are (0–1): shared over all.
pub fn overlap(a: &HashSet<String>, b: &HashSet<String>) -> f32 {
    let union = a.union(b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f32 / union as f32
}

/// How alike two questions are (0–1): shared content words (stemmed) over all of them.
pub fn similarity(a: &str, b: &str) -> f32 {
    overlap(&question_stems(a), &question_stems(b))
}

#[cfg(test)]
mod tests {
    use super::super::{EntryLanguage, Topic};
    use super::*;

    fn entry(question: &str, answer: &str, language: EntryLanguage) -> Entry {
        Entry {
            topic: Topic::Faq,
            faq_id: Some(1),
            question: question.into(),
            answer: answer.into(),
            language,
        }
    }

    fn shop() -> Vec<Entry> {
        vec![
            Entry {
                topic: Topic::Shipping,
                faq_id: None,
                question: "How much is shipping? Shipping fee, postage.".into(),
                answer: "Shipping is a flat $5 per order.".into(),
                language: EntryLanguage::En,
            },
            Entry {
                topic: Topic::Shipping,
                faq_id: None,
                question: "¿Cuánto cuesta el envío? Gastos de envío.".into(),
                answer: "El envío cuesta 5 $ por pedido.".into(),
                language: EntryLanguage::Es,
            },
            entry(
                "Do you offer gift wrapping?",
                "Yes: add gift wrap at checkout for $3.",
                EntryLanguage::Both,
            ),
        ]
    }

    #[test]
    fn the_right_entry_answers_in_the_shoppers_language() {
        let hit =
            AnswerIndexes::search_in(shop(), "how much do you charge for shipping?", Locale::En)
                .unwrap();
        assert_eq!(hit.entry.topic, Topic::Shipping);
        assert_eq!(hit.entry.language, EntryLanguage::En);
        let hit = AnswerIndexes::search_in(shop(), "¿cuánto cuesta el envío?", Locale::Es).unwrap();
        assert_eq!(hit.entry.language, EntryLanguage::Es);
    }

    #[test]
    fn other_words_for_the_same_thing_find_it() {
        let hit = AnswerIndexes::search_in(shop(), "can you wrap it as a present?", Locale::En)
            .expect("wrap + present (gift)");
        assert_eq!(hit.entry.faq_id, Some(1));
    }

    #[test]
    fn a_question_nothing_answers_finds_nothing() {
        assert_eq!(
            AnswerIndexes::search_in(shop(), "do you have a loyalty programme?", Locale::En),
            None
        );
        assert_eq!(
            AnswerIndexes::search_in(shop(), "what time do you open on sundays", Locale::En),
            None
        );
    }

    #[test]
    fn alike_questions_are_grouped() {
        assert!(similarity("Do you have a loyalty program?", "loyalty program?") > 0.5);
        assert!(similarity("Do you have a loyalty program?", "are you open on sundays") < 0.2);
    }
}
