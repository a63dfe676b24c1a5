//! Shopify product CSV import: parses an export (legacy or current header names) into
//! products with their variants and images, then upserts them into one shop's catalog.
//!
//! Parsing is pure and forgiving per row: a bad row is reported with its line number and
//! the rest of the file still imports. Only a file that cannot be a product CSV at all
//! (unreadable header, no Handle/Title/Price column) is refused as a whole.
//!
//! Rules a merchant may ask about:
//! - Rows are grouped by Handle, even when a handle's rows are not adjacent. The first row
//!   of a handle holds the product fields; later rows add a variant (when they carry a
//!   price, SKU or option value) and/or an image.
//! - Inventory follows Shopify: when the file has an inventory-tracker column and it is
//!   empty for a variant, the variant is untracked (`inventory_qty` = None) whatever the
//!   quantity says; Shopify itself ignores the quantity then.
//! - Weights: `Variant Grams` is always grams (`Variant Weight Unit` only says how Shopify
//!   displays it), and decimals are rounded to the nearest gram (8 oz = 226.796185 → 227).
//!   An unreadable weight (`3.65275E+11`) leaves the weight unknown, with a warning.
//! - Status: `active`/`draft`/`archived` from the Status column; when it is empty the
//!   product is active unless Published is false, then draft. Published, when empty, is
//!   true exactly for active products.
//! - Anything dropped from a row that is otherwise imported (an unsafe image URL, an
//!   unreadable compare-at price or weight) is a *warning*; a row or product left out is
//!   *skipped*. Both carry the line number a spreadsheet shows.

mod cells;
mod columns;
mod html;
mod lines;
mod parse;
mod product;
mod row;
mod store;
#[cfg(test)]
mod test_support;

use std::fmt;
use std::io::Read;

use crate::db::DbPool;
use shopchat_protocol::Currency;
use thiserror::Error;

pub use parse::{parse_shopify_csv, ParseOutcome};
pub use product::{InventoryPolicy, ParsedImage, ParsedProduct, ParsedVariant, ProductStatus};
pub use store::{store_products, StoreReport};

/// A row (or part of one) the importer left out, or a warning about one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// 1-based physical line where the record starts, as a spreadsheet counts it
    /// (the header is line 1; a quoted multi-line cell makes later records start lower).
    pub line: u64,
    pub handle: Option<String>,
    pub reason: String,
}

impl fmt::Display for SkippedRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.handle {
            Some(handle) => write!(f, "line {} ({handle}): {}", self.line, self.reason),
            None => write!(f, "line {}: {}", self.line, self.reason),
        }
    }
}

/// The result of [`import_shopify_csv`]; its `Display` is the summary a merchant reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub products_imported: usize,
    pub variants_imported: usize,
    pub images_imported: usize,
    /// Rows, variants and products not imported (including products the database refused).
    pub skipped: Vec<SkippedRow>,
    /// Imported rows with something dropped or defaulted.
    pub warnings: Vec<SkippedRow>,
}

impl fmt::Display for ImportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "Imported {} products ({} variants, {} images).",
            self.products_imported, self.variants_imported, self.images_imported
        )?;
        for (heading, rows) in [("Skipped", &self.skipped), ("Warnings", &self.warnings)] {
            if rows.is_empty() {
                continue;
            }
            writeln!(f, "{heading} ({}):", rows.len())?;
            for row in rows {
                writeln!(f, "  {row}")?;
            }
        }
        Ok(())
    }
}

/// Why a whole file could not be imported.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("the file is empty: expected a Shopify product CSV with a header row")]
    EmptyFile,
    #[error(
        "the file has no {column} column, so it is not a Shopify product CSV \
         (accepted headers: {accepted}; found: {found})"
    )]
    MissingColumn {
        column: &'static str,
        accepted: &'static str,
        found: String,
    },
    #[error("could not read the file: {0}")]
    Io(#[source] std::io::Error),
    #[error("could not read the CSV header: {0}")]
    Header(#[source] csv::Error),
    #[error("could not read the CSV near line {line}: {source}")]
    Read {
        line: u64,
        #[source]
        source: csv::Error,
    },
    #[error("shop {0} does not exist")]
    UnknownShop(i64),
    #[error("could not store the catalog: {0}")]
    Database(#[source] sqlx::Error),
}

/// Parses and stores a Shopify product CSV: what `shopchat import-catalog` runs.
///
/// Parsing reads `reader` synchronously; from a request handler, run
/// [`parse_shopify_csv`] in `spawn_blocking` and then [`store_products`] instead.
pub async fn import_shopify_csv<R: Read>(
    pool: &DbPool,
    shop_id: i64,
    currency: Currency,
    reader: R,
) -> Result<ImportReport, ImportError> {
    let ParseOutcome {
        products,
        mut skipped,
        warnings,
    } = parse_shopify_csv(reader, currency)?;
    let stored = store_products(pool, shop_id, &products)
        .await
        .map_err(|error| match error {
            sqlx::Error::RowNotFound => ImportError::UnknownShop(shop_id),
            error => ImportError::Database(error),
        })?;
    skipped.extend(stored.failed);
    skipped.sort_by_key(|row| row.line);
    Ok(ImportReport {
        products_imported: stored.products_stored,
        variants_imported: stored.variants_stored,
        images_imported: stored.images_stored,
        skipped,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_lists_every_skipped_row_under_a_summary() {
        let report = ImportReport {
            products_imported: 2,
            variants_imported: 5,
            images_imported: 3,
            skipped: vec![SkippedRow {
                line: 7,
                handle: Some("mug".into()),
                reason: "invalid price \"abc\"".into(),
            }],
            warnings: vec![],
        };
        assert_eq!(
            report.to_string(),
            "Imported 2 products (5 variants, 3 images).\nSkipped (1):\n  line 7 (mug): invalid price \"abc\"\n"
        );
    }
}
