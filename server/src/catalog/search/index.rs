//! One shop's catalog as an in-RAM tantivy index plus its variant tables. Built whole from
//! the catalog (a rebuild is cheap next to an import) and read-only afterwards, so searches
//! share it without locks.

use std::sync::Arc;

use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Searcher, TantivyDocument};

use super::analysis::{text_analyzer, CatalogLanguage, KeyNormaliser, TEXT};
use super::catalog::CatalogProduct;
use super::collect::HitCollector;
use super::plan::plan;
use super::reason::{matched_words, MatchReason};
use super::schema::{document, schema, Fields};
use super::tables::Tables;
use super::{SearchError, SearchHit, SearchQuery};

/// Memory the writer may buffer before it flushes a segment.
const WRITER_BUDGET_BYTES: usize = 64 * 1024 * 1024;

pub struct CatalogIndex {
    searcher: Searcher,
    // Keeps the reader (and its index) alive for the searcher.
    _reader: IndexReader,
    fields: Fields,
    tables: Arc<Tables>,
    analyzer: TextAnalyzer,
    language: CatalogLanguage,
}

impl CatalogIndex {
    /// Indexes the products (those without variants are left out). CPU-bound: seconds for
    /// 100k products, so call it from `spawn_blocking` in async code.
    pub fn build(
        products: &[CatalogProduct],
        language: CatalogLanguage,
    ) -> Result<Self, SearchError> {
        let (schema, fields) = schema();
        let index = Index::create_in_ram(schema);
        index.tokenizers().register(TEXT, text_analyzer(language));
        // One indexing thread: the server has other work, and the docs are small.
        let mut writer: IndexWriter<TantivyDocument> =
            index.writer_with_num_threads(1, WRITER_BUDGET_BYTES)?;
        let mut keys = KeyNormaliser::default();
        let mut tables = Tables::default();
        for product in products.iter().filter(|p| !p.variants.is_empty()) {
            let ord = tables.products.len() as u64;
            writer.add_document(document(&fields, &mut keys, product, ord))?;
            tables.push(product, &mut keys);
        }
        writer.commit()?;
        // One segment searches fastest; merging costs a little at build time only.
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            searcher: reader.searcher(),
            _reader: reader,
            fields,
            tables: Arc::new(tables),
            analyzer: text_analyzer(language),
            language,
        })
    }

    /// The best hits for `q`, at most `q.limit` of them. Fast enough to run inline (a few
    /// milliseconds at 100k products; see `benches/search.rs`).
    pub fn search(&self, q: &SearchQuery) -> Result<Vec<SearchHit>, SearchError> {
        if q.limit == 0 {
            return Ok(Vec::new());
        }
        let mut analyzer = self.analyzer.clone();
        let Some(plan) = plan(&self.searcher, &self.fields, &self.tables, &mut analyzer, q)? else {
            return Ok(Vec::new());
        };
        let collector = HitCollector {
            tables: Arc::clone(&self.tables),
            filter: Arc::new(plan.filter),
            sort: q.sort,
            limit: q.limit,
        };
        let ranked = self.searcher.search(&*plan.query, &collector)?;
        let option_values: Vec<String> = q
            .option_values
            .iter()
            .filter(|v| !v.trim().is_empty())
            .cloned()
            .collect();
        Ok(ranked
            .into_iter()
            .map(|hit| {
                let (matched_terms, fuzzy) =
                    matched_words(&self.searcher, &self.fields, &plan.groups, hit.doc);
                SearchHit {
                    product_id: hit.product_id,
                    variant_id: hit.variant_id,
                    price_minor: hit.price_minor,
                    score: hit.score,
                    reason: MatchReason {
                        matched_terms,
                        fuzzy,
                        under_price: q.price_max,
                        over_price: q.price_min,
                        option_values: option_values.clone(),
                    },
                }
            })
            .collect())
    }

    /// Products indexed.
    pub fn len(&self) -> usize {
        self.tables.products.len()
    }

    pub fn is_empty(&self) -> bool {
        self.tables.products.is_empty()
    }

    pub fn language(&self) -> CatalogLanguage {
        self.language
    }

    /// Approximate memory held: the index's own accounting of its files (all in RAM) plus
    /// the variant tables.
    pub fn memory_bytes(&self) -> Result<u64, SearchError> {
        let index = self.searcher.space_usage()?.total().get_bytes();
        Ok(index + self.tables.heap_bytes() as u64)
    }
}
