//! Catalog search: an in-RAM tantivy index per shop over its sellable products, ranking
//! title, type, tags, option values, vendor and description; English or Spanish stemming
//! with accent folding; typo tolerance; filters on price, type, tags, vendor, stock and the
//! option values of a single variant; and a structured reason for every hit.
//!
//! Entry point: [`SearchIndexes::search`] (one per server, shared by every request). [`CatalogIndex`] is one shop's
//! index, usable on its own (the benchmark builds one from generated products).

mod ages;
mod analysis;
mod catalog;
mod collect;
mod colours;
mod index;
mod plan;
mod query;
mod reason;
mod registry;
mod rows;
mod schema;
mod tables;
mod terms;
#[cfg(test)]
mod tests;

pub use crate::text::{singular as stem, words};
pub use ages::stated_ages;
pub use analysis::{analyse, text_analyzer, CatalogLanguage};
pub use catalog::{load_catalog, CatalogProduct, CatalogVariant};
pub use colours::{colours_in as colours_named, says_colour};
pub use index::CatalogIndex;
pub use query::{SearchHit, SearchQuery, SortOrder};
pub use reason::{money, MatchReason};
pub use registry::SearchIndexes;
pub use rows::{card, rows_for_hits, sellable_product, ProductRow};

use crate::error::ApiError;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("reading the catalog: {0}")]
    Database(#[from] sqlx::Error),
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
    #[error("building the search index stopped: {0}")]
    Build(#[from] tokio::task::JoinError),
}

impl From<std::io::Error> for SearchError {
    fn from(error: std::io::Error) -> Self {
        SearchError::Index(error.into())
    }
}

impl From<SearchError> for ApiError {
    fn from(error: SearchError) -> Self {
        ApiError::Internal(anyhow::Error::new(error).context("catalog search"))
    }
}
