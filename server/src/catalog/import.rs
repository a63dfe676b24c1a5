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

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;

use shopchat_protocol::Currency;
use sqlx::SqlitePool;
use thiserror::Error;

use crate::money;

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

/// What [`parse_shopify_csv`] made of a file.
#[derive(Debug, Clone, Default)]
pub struct ParseOutcome {
    pub products: Vec<ParsedProduct>,
    /// Rows, variants or whole products that will not be imported.
    pub skipped: Vec<SkippedRow>,
    /// Rows that are imported with something dropped or defaulted.
    pub warnings: Vec<SkippedRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProductStatus {
    Active,
    Draft,
    Archived,
}

impl ProductStatus {
    /// The value stored in `product.status`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProductStatus::Active => "active",
            ProductStatus::Draft => "draft",
            ProductStatus::Archived => "archived",
        }
    }
}

/// What happens when a tracked variant runs out of stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventoryPolicy {
    /// Stop selling (Shopify's default).
    Deny,
    /// Keep selling (backorders).
    Continue,
}

impl InventoryPolicy {
    /// The value stored in `variant.inventory_policy`.
    pub fn as_str(self) -> &'static str {
        match self {
            InventoryPolicy::Deny => "deny",
            InventoryPolicy::Continue => "continue",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedProduct {
    /// Line of the product's first row.
    pub line: u64,
    pub handle: String,
    pub title: String,
    /// Sanitised HTML, safe to render.
    pub body_html: String,
    /// The description as plain text, for search and the assistant.
    pub body_text: String,
    pub vendor: String,
    pub product_type: String,
    /// Trimmed, non-empty, de-duplicated case-insensitively (first spelling kept).
    pub tags: Vec<String>,
    pub status: ProductStatus,
    pub published: bool,
    pub option_names: [Option<String>; 3],
    /// In file order; never empty for a product in [`ParseOutcome::products`].
    pub variants: Vec<ParsedVariant>,
    /// De-duplicated by URL, ordered by position, renumbered 1..; the first is the
    /// product's main image.
    pub images: Vec<ParsedImage>,
}

impl ParsedProduct {
    /// The product's main image: the first by position.
    pub fn main_image(&self) -> Option<&ParsedImage> {
        self.images.first()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParsedVariant {
    pub line: u64,
    pub sku: Option<String>,
    /// Option values as written (`Default Title` included).
    pub options: [Option<String>; 3],
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    /// None when the shop doesn't track stock for the variant.
    pub inventory_qty: Option<i64>,
    pub inventory_policy: InventoryPolicy,
    pub requires_shipping: bool,
    pub taxable: bool,
    pub grams: Option<i64>,
    pub image_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedImage {
    pub src: String,
    pub alt: Option<String>,
    pub position: i64,
}

/// What [`store_products`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreReport {
    pub products_stored: usize,
    pub variants_stored: usize,
    pub images_stored: usize,
    /// Products whose transaction failed; the others are stored regardless.
    pub failed: Vec<SkippedRow>,
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

/// Parses a Shopify product CSV. Prices are read in `currency`'s minor units.
///
/// Fails only when the file as a whole is unusable; row-level problems end up in
/// [`ParseOutcome::skipped`] and [`ParseOutcome::warnings`].
pub fn parse_shopify_csv<R: Read>(
    mut reader: R,
    currency: Currency,
) -> Result<ParseOutcome, ImportError> {
    // Held whole so line numbers can be computed from byte offsets (see `LineIndex`);
    // product CSVs are megabytes at most.
    let mut bytes = Vec::new();
    reader.read_to_end(&mut bytes).map_err(ImportError::Io)?;
    let lines = LineIndex::new(&bytes);

    let mut csv = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes.as_slice());
    let columns = Columns::from_header(csv.headers().map_err(ImportError::Header)?)?;
    let mut parser = Parser::new(columns, currency.exponent());

    let mut record = csv::StringRecord::new();
    loop {
        match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = lines.line_at(record.position());
                parser.row(line, &record);
            }
            // One badly encoded row (a spreadsheet saving in Windows-1252) shouldn't sink
            // the file: csv has already moved past it.
            Err(error) if matches!(error.kind(), csv::ErrorKind::Utf8 { .. }) => {
                let line = lines.line_at(error.position());
                parser.notes.skip(
                    line,
                    None,
                    "the row is not valid UTF-8 (save the file as \"CSV UTF-8\")".to_owned(),
                );
            }
            Err(source) => {
                let line = lines.line_at(source.position());
                return Err(ImportError::Read { line, source });
            }
        }
    }
    Ok(parser.finish())
}

/// Upserts products into a shop's catalog by (shop, handle). A product already there gets
/// its fields updated and its variants and images replaced (so their ids change); products
/// missing from `products` are left alone. One transaction per product, so a product the
/// database refuses is reported in [`StoreReport::failed`] and the rest are still stored.
///
/// Fails as a whole when the shop doesn't exist (`RowNotFound`) or no transaction can start.
pub async fn store_products(
    pool: &SqlitePool,
    shop_id: i64,
    products: &[ParsedProduct],
) -> Result<StoreReport, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("select id from shop where id = ?")
        .bind(shop_id)
        .fetch_optional(pool)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;

    let mut report = StoreReport::default();
    for product in products {
        let mut tx = pool.begin().await?;
        let stored = match write_product(&mut tx, shop_id, product).await {
            Ok(()) => tx.commit().await,
            // Dropping the transaction rolls the product back.
            Err(error) => Err(error),
        };
        match stored {
            Ok(()) => {
                report.products_stored += 1;
                report.variants_stored += product.variants.len();
                report.images_stored += product.images.len();
            }
            Err(error) => report.failed.push(SkippedRow {
                line: product.line,
                handle: Some(product.handle.clone()),
                reason: format!("the database refused the product: {error}"),
            }),
        }
    }
    Ok(report)
}

/// Parses and stores a Shopify product CSV: what `shopchat import-catalog` runs.
///
/// Parsing reads `reader` synchronously; from a request handler, run
/// [`parse_shopify_csv`] in `spawn_blocking` and then [`store_products`] instead.
pub async fn import_shopify_csv<R: Read>(
    pool: &SqlitePool,
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

async fn write_product(
    tx: &mut sqlx::SqliteConnection,
    shop_id: i64,
    product: &ParsedProduct,
) -> Result<(), sqlx::Error> {
    let main_image = product.main_image();
    let [option1_name, option2_name, option3_name] = &product.option_names;
    let product_id: i64 = sqlx::query_scalar(
        "insert into product (shop_id, handle, title, body_html, body_text, vendor, product_type, \
             tags, status, published, option1_name, option2_name, option3_name, image_url, image_alt) \
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         on conflict (shop_id, handle) do update set \
             title = excluded.title, body_html = excluded.body_html, body_text = excluded.body_text, \
             vendor = excluded.vendor, product_type = excluded.product_type, tags = excluded.tags, \
             status = excluded.status, published = excluded.published, \
             option1_name = excluded.option1_name, option2_name = excluded.option2_name, \
             option3_name = excluded.option3_name, image_url = excluded.image_url, \
             image_alt = excluded.image_alt, \
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
         returning id",
    )
    .bind(shop_id)
    .bind(&product.handle)
    .bind(&product.title)
    .bind(&product.body_html)
    .bind(&product.body_text)
    .bind(&product.vendor)
    .bind(&product.product_type)
    .bind(product.tags.join(", "))
    .bind(product.status.as_str())
    .bind(product.published)
    .bind(option1_name)
    .bind(option2_name)
    .bind(option3_name)
    .bind(main_image.map(|image| &image.src))
    .bind(main_image.and_then(|image| image.alt.as_ref()))
    .fetch_one(&mut *tx)
    .await?;

    // Replaced rather than matched up: the file is the whole truth about the product.
    sqlx::query("delete from variant where shop_id = ? and product_id = ?")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from product_image where shop_id = ? and product_id = ?")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;

    for (position, variant) in (1_i64..).zip(&product.variants) {
        let [option1, option2, option3] = &variant.options;
        sqlx::query(
            "insert into variant (shop_id, product_id, position, sku, option1, option2, option3, \
                 price_minor, compare_at_minor, inventory_qty, inventory_policy, requires_shipping, \
                 taxable, grams, image_url) \
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(shop_id)
        .bind(product_id)
        .bind(position)
        .bind(&variant.sku)
        .bind(option1)
        .bind(option2)
        .bind(option3)
        .bind(variant.price_minor)
        .bind(variant.compare_at_minor)
        .bind(variant.inventory_qty)
        .bind(variant.inventory_policy.as_str())
        .bind(variant.requires_shipping)
        .bind(variant.taxable)
        .bind(variant.grams)
        .bind(&variant.image_url)
        .execute(&mut *tx)
        .await?;
    }

    for image in &product.images {
        sqlx::query(
            "insert into product_image (shop_id, product_id, src, alt, position) values (?, ?, ?, ?, ?)",
        )
        .bind(shop_id)
        .bind(product_id)
        .bind(&image.src)
        .bind(&image.alt)
        .bind(image.position)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Physical line numbers (1-based, as a spreadsheet or editor shows them) of records.
///
/// csv's own `Position::line` lags one line behind in CRLF files (both Shopify samples are
/// CRLF) and after blank lines, so lines are counted here from the record's byte offset.
struct LineIndex<'a> {
    bytes: &'a [u8],
    /// Offset just past each line break (`\r\n`, `\n`, or a lone `\r`).
    break_ends: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        let break_ends = bytes
            .iter()
            .enumerate()
            .filter(|&(at, &byte)| {
                byte == b'\n' || (byte == b'\r' && bytes.get(at + 1) != Some(&b'\n'))
            })
            .map(|(at, _)| at + 1)
            .collect();
        LineIndex { bytes, break_ends }
    }

    fn line_at(&self, position: Option<&csv::Position>) -> u64 {
        let offset = position.map_or(0, csv::Position::byte);
        let mut start = usize::try_from(offset).unwrap_or(self.bytes.len());
        // csv's offset is where it started consuming: possibly the tail of the previous
        // line break or blank lines, never the record's own first byte being a line break.
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let breaks_before = self.break_ends.partition_point(|&end| end <= start);
        u64::try_from(breaks_before).map_or(u64::MAX, |breaks| breaks + 1)
    }
}

/// A column the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Field {
    Handle,
    Title,
    Body,
    Vendor,
    Type,
    Category,
    Tags,
    Published,
    Status,
    OptionName(usize),
    OptionValue(usize),
    Sku,
    Grams,
    InventoryTracker,
    InventoryQty,
    InventoryPolicy,
    Price,
    CompareAt,
    RequiresShipping,
    Taxable,
    ImageSrc,
    ImagePosition,
    ImageAlt,
    VariantImage,
}

impl Field {
    /// Maps a header (trimmed, lower-cased) of either Shopify's legacy export or its
    /// current one (renamed in 2024) to a field. Unknown columns are ignored.
    fn from_header(name: &str) -> Option<Field> {
        let field = match name {
            "handle" | "url handle" => Field::Handle,
            "title" => Field::Title,
            "body (html)" | "body html" | "description" => Field::Body,
            "vendor" => Field::Vendor,
            "type" | "product type" => Field::Type,
            "product category" => Field::Category,
            "tags" => Field::Tags,
            "published" | "published on online store" => Field::Published,
            "status" => Field::Status,
            "option1 name" => Field::OptionName(0),
            "option2 name" => Field::OptionName(1),
            "option3 name" => Field::OptionName(2),
            "option1 value" => Field::OptionValue(0),
            "option2 value" => Field::OptionValue(1),
            "option3 value" => Field::OptionValue(2),
            "variant sku" | "sku" => Field::Sku,
            "variant grams" | "weight value (grams)" => Field::Grams,
            "variant inventory tracker" | "inventory tracker" => Field::InventoryTracker,
            "variant inventory qty" | "inventory quantity" => Field::InventoryQty,
            "variant inventory policy" | "continue selling when out of stock" => {
                Field::InventoryPolicy
            }
            "variant price" | "price" => Field::Price,
            "variant compare at price" | "compare-at price" | "compare at price" => {
                Field::CompareAt
            }
            "variant requires shipping" | "requires shipping" => Field::RequiresShipping,
            "variant taxable" | "charge tax" => Field::Taxable,
            "image src" | "product image url" => Field::ImageSrc,
            "image position" => Field::ImagePosition,
            "image alt text" => Field::ImageAlt,
            "variant image" | "variant image url" => Field::VariantImage,
            _ => return None,
        };
        Some(field)
    }
}

/// Column indexes by field, from the header row.
#[derive(Debug)]
struct Columns(HashMap<Field, usize>);

impl Columns {
    fn from_header(header: &csv::StringRecord) -> Result<Self, ImportError> {
        if header
            .iter()
            .all(|name| name.trim().trim_start_matches('\u{feff}').is_empty())
        {
            return Err(ImportError::EmptyFile);
        }
        let mut columns = HashMap::new();
        for (index, name) in header.iter().enumerate() {
            let name = name.trim_start_matches('\u{feff}').trim().to_lowercase();
            if let Some(field) = Field::from_header(&name) {
                // A repeated header is most likely a stray copy; the first one is Shopify's.
                columns.entry(field).or_insert(index);
            }
        }
        let required = [
            (Field::Handle, "Handle", "\"Handle\" or \"URL handle\""),
            (Field::Title, "Title", "\"Title\""),
            (Field::Price, "Price", "\"Variant Price\" or \"Price\""),
        ];
        for (field, column, accepted) in required {
            if !columns.contains_key(&field) {
                let found: Vec<&str> = header.iter().map(str::trim).take(12).collect();
                let more = if header.len() > 12 { ", …" } else { "" };
                return Err(ImportError::MissingColumn {
                    column,
                    accepted,
                    found: format!("{}{more}", found.join(", ")),
                });
            }
        }
        Ok(Columns(columns))
    }

    /// The trimmed cell of `field` in `record`; empty when the column or the cell is missing
    /// (short rows are normal in hand-edited files).
    fn get<'r>(&self, record: &'r csv::StringRecord, field: Field) -> &'r str {
        self.0
            .get(&field)
            .and_then(|&index| record.get(index))
            .map_or("", str::trim)
    }

    fn has(&self, field: Field) -> bool {
        self.0.contains_key(&field)
    }
}

/// A product being assembled from its rows.
struct Draft {
    product: ParsedProduct,
    /// Position given in the file (or implied by row order), URL, alt.
    images: Vec<(i64, String, Option<String>)>,
}

struct Parser {
    columns: Columns,
    exponent: u32,
    drafts: Vec<Draft>,
    by_handle: HashMap<String, usize>,
    /// Handles whose first row was skipped, with that row's line, so that their other rows
    /// are explained rather than each reported as a product without a title.
    rejected: HashMap<String, u64>,
    notes: Notes,
}

/// Skipped rows and warnings collected while parsing.
#[derive(Default)]
struct Notes {
    skipped: Vec<SkippedRow>,
    warnings: Vec<SkippedRow>,
}

impl Notes {
    fn skip(&mut self, line: u64, handle: Option<&str>, reason: String) {
        self.skipped.push(SkippedRow {
            line,
            handle: handle.map(str::to_owned),
            reason,
        });
    }

    fn warn(&mut self, line: u64, handle: &str, reason: String) {
        self.warnings.push(SkippedRow {
            line,
            handle: Some(handle.to_owned()),
            reason,
        });
    }
}

impl Parser {
    fn new(columns: Columns, exponent: u32) -> Self {
        Parser {
            columns,
            exponent,
            drafts: Vec::new(),
            by_handle: HashMap::new(),
            rejected: HashMap::new(),
            notes: Notes::default(),
        }
    }

    fn row(&mut self, line: u64, record: &csv::StringRecord) {
        // Spreadsheets leave rows of bare commas at the end of a sheet.
        if record.iter().all(|cell| cell.trim().is_empty()) {
            return;
        }
        let handle = self.columns.get(record, Field::Handle);
        if handle.is_empty() {
            self.notes
                .skip(line, None, "the row has no Handle".to_owned());
            return;
        }
        if let Some(bad) = handle
            .chars()
            .find(|&c| c.is_whitespace() || c.is_control() || "/?#\"'<>\\`".contains(c))
        {
            self.notes.skip(
                line,
                Some(handle),
                format!("invalid handle: {bad:?} is not allowed in a product URL"),
            );
            return;
        }
        if let Some(first_line) = self.rejected.get(handle).copied() {
            self.notes.skip(
                line,
                Some(handle),
                format!("the product was skipped (see line {first_line})"),
            );
            return;
        }

        let index = match self.by_handle.get(handle) {
            Some(&index) => {
                let title = self.columns.get(record, Field::Title);
                let product = &self.drafts[index].product;
                if !title.is_empty() && title != product.title {
                    let reason = format!(
                        "Title {title:?} ignored: the product started on line {} as {:?}",
                        product.line, product.title
                    );
                    self.notes.warn(line, handle, reason);
                }
                index
            }
            None => match start_product(&self.columns, line, handle, record, &mut self.notes) {
                Some(draft) => {
                    self.drafts.push(draft);
                    self.by_handle
                        .insert(handle.to_owned(), self.drafts.len() - 1);
                    self.drafts.len() - 1
                }
                None => {
                    self.rejected.insert(handle.to_owned(), line);
                    return;
                }
            },
        };

        let added_image = self.add_image(index, line, handle, record);
        let has_cell = |field| !self.columns.get(record, field).is_empty();
        let has_variant = has_cell(Field::Price)
            || has_cell(Field::Sku)
            || (0..3).any(|i| has_cell(Field::OptionValue(i)));
        if has_variant {
            let variant = read_variant(
                &self.columns,
                self.exponent,
                line,
                handle,
                record,
                &mut self.notes,
            );
            if let Some(variant) = variant {
                let variants = &self.drafts[index].product.variants;
                if variants
                    .iter()
                    .any(|other| other.options == variant.options)
                {
                    let reason = format!(
                        "duplicate variant: the options {} are already used by another variant",
                        describe_options(&variant.options)
                    );
                    self.notes.skip(line, Some(handle), reason);
                } else {
                    self.drafts[index].product.variants.push(variant);
                }
            }
        } else if !added_image && self.drafts[index].product.line != line {
            self.notes.warn(
                line,
                handle,
                "the row has neither a variant nor an image; ignored".to_owned(),
            );
        }
    }

    /// Records the row's product image, if it has a usable one. Returns whether the row
    /// carried an image at all (usable or not), so it isn't also reported as empty.
    fn add_image(
        &mut self,
        index: usize,
        line: u64,
        handle: &str,
        record: &csv::StringRecord,
    ) -> bool {
        let src = self.columns.get(record, Field::ImageSrc);
        if src.is_empty() {
            return false;
        }
        let Some(src) = safe_image_url(src) else {
            self.notes.warn(
                line,
                handle,
                format!("image dropped: {src:?} is not an http(s) URL or a /path"),
            );
            return true;
        };
        let position_text = self.columns.get(record, Field::ImagePosition);
        let implied = self.drafts[index]
            .images
            .iter()
            .map(|image| image.0)
            .max()
            .unwrap_or(0)
            + 1;
        let position = match position_text.parse::<i64>() {
            Ok(position) if position >= 1 => position,
            _ if position_text.is_empty() => implied,
            _ => {
                let reason = format!("Image Position {position_text:?} is not a positive whole number; image placed last");
                self.notes.warn(line, handle, reason);
                implied
            }
        };
        let alt = non_empty(self.columns.get(record, Field::ImageAlt));
        self.drafts[index].images.push((position, src, alt));
        true
    }

    fn finish(mut self) -> ParseOutcome {
        let mut products = Vec::with_capacity(self.drafts.len());
        for Draft {
            mut product,
            mut images,
        } in std::mem::take(&mut self.drafts)
        {
            if product.variants.is_empty() {
                let reason =
                    "the product has no importable variant (every row lacked a valid price)"
                        .to_owned();
                self.notes.skip(product.line, Some(&product.handle), reason);
                continue;
            }
            // Stable: equal positions keep file order.
            images.sort_by_key(|image| image.0);
            let mut seen = HashSet::new();
            product.images = images
                .into_iter()
                .filter(|(_, src, _)| seen.insert(src.clone()))
                .zip(1..)
                .map(|((_, src, alt), position)| ParsedImage { src, alt, position })
                .collect();
            products.push(product);
        }
        let Notes {
            mut skipped,
            mut warnings,
        } = self.notes;
        skipped.sort_by_key(|row| row.line);
        warnings.sort_by_key(|row| row.line);
        ParseOutcome {
            products,
            skipped,
            warnings,
        }
    }
}

/// Reads the product fields of a handle's first row; `None` (with the reason recorded)
/// when the row cannot start a product.
fn start_product(
    columns: &Columns,
    line: u64,
    handle: &str,
    record: &csv::StringRecord,
    notes: &mut Notes,
) -> Option<Draft> {
    let get = |field| columns.get(record, field);
    let title = get(Field::Title);
    if title.is_empty() {
        notes.skip(
            line,
            Some(handle),
            "the first row of a product needs a Title".to_owned(),
        );
        return None;
    }

    let published = match parse_bool(get(Field::Published)) {
        Ok(published) => published,
        Err(()) => {
            let reason = format!(
                "Published {:?} is not true or false; treated as false",
                get(Field::Published)
            );
            notes.warn(line, handle, reason);
            Some(false)
        }
    };
    let status = match get(Field::Status).to_lowercase().as_str() {
        "active" => ProductStatus::Active,
        "draft" => ProductStatus::Draft,
        "archived" => ProductStatus::Archived,
        "" if published == Some(false) => ProductStatus::Draft,
        "" => ProductStatus::Active,
        other => {
            // Unknown means unsure: keep it away from shoppers until the merchant looks.
            let reason =
                format!("Status {other:?} is not active, draft or archived; stored as draft");
            notes.warn(line, handle, reason);
            ProductStatus::Draft
        }
    };
    let published = published.unwrap_or(status == ProductStatus::Active);

    // The taxonomy path (`… > Pants > Jeans`) is a fallback: its last step reads like a type.
    let product_type = match get(Field::Type) {
        "" => get(Field::Category).rsplit('>').next().unwrap_or("").trim(),
        product_type => product_type,
    };

    let body = get(Field::Body);
    let body_html = sanitize_html(body);
    let body_text = html_to_text(&body_html);
    let option_names = [0, 1, 2].map(|i| non_empty(get(Field::OptionName(i))));

    Some(Draft {
        product: ParsedProduct {
            line,
            handle: handle.to_owned(),
            title: title.to_owned(),
            body_html,
            body_text,
            vendor: get(Field::Vendor).to_owned(),
            product_type: product_type.to_owned(),
            tags: split_tags(get(Field::Tags)),
            status,
            published,
            option_names,
            variants: Vec::new(),
            images: Vec::new(),
        },
        images: Vec::new(),
    })
}

/// Reads the variant of a row; `None` (with the reason recorded) when it can't be sold
/// as written.
fn read_variant(
    columns: &Columns,
    exponent: u32,
    line: u64,
    handle: &str,
    record: &csv::StringRecord,
    notes: &mut Notes,
) -> Option<ParsedVariant> {
    let get = |field| columns.get(record, field);

    let price_text = get(Field::Price);
    let price_minor = match money::parse_decimal_minor(price_text, exponent) {
        Ok(price) => price,
        Err(money::MoneyError::Empty) => {
            notes.skip(line, Some(handle), "missing price".to_owned());
            return None;
        }
        Err(error) => {
            notes.skip(
                line,
                Some(handle),
                format!("invalid price {price_text:?}: {error}"),
            );
            return None;
        }
    };

    // Guessing "untracked" for an unreadable quantity could oversell, so the variant waits.
    let qty_text = get(Field::InventoryQty);
    let untracked = columns.has(Field::InventoryTracker) && get(Field::InventoryTracker).is_empty();
    let inventory_qty = match parse_quantity(qty_text) {
        Ok(_) if untracked => None,
        Ok(qty) => qty,
        Err(()) => {
            notes.skip(
                line,
                Some(handle),
                format!("invalid inventory quantity {qty_text:?}"),
            );
            return None;
        }
    };

    let mut warnings = Vec::new();

    let compare_text = get(Field::CompareAt);
    let compare_at_minor = match money::parse_decimal_minor(compare_text, exponent) {
        Ok(compare_at) => Some(compare_at),
        Err(money::MoneyError::Empty) => None,
        Err(error) => {
            warnings.push(format!(
                "compare-at price {compare_text:?} dropped: {error}"
            ));
            None
        }
    };

    let policy_text = get(Field::InventoryPolicy);
    let inventory_policy = match policy_text.to_lowercase().as_str() {
        // The current export's "Continue selling when out of stock" is a yes/no column.
        "" | "deny" | "false" | "no" => InventoryPolicy::Deny,
        "continue" | "true" | "yes" => InventoryPolicy::Continue,
        _ => {
            warnings.push(format!(
                "inventory policy {policy_text:?} is not deny or continue; using deny"
            ));
            InventoryPolicy::Deny
        }
    };

    let mut flag = |field, name: &str| match parse_bool(get(field)) {
        Ok(value) => value.unwrap_or(true),
        Err(()) => {
            warnings.push(format!(
                "{name} {:?} is not true or false; using true",
                get(field)
            ));
            true
        }
    };
    let requires_shipping = flag(Field::RequiresShipping, "Requires Shipping");
    let taxable = flag(Field::Taxable, "Taxable");

    let grams_text = get(Field::Grams);
    let grams = match parse_grams(grams_text) {
        Ok(grams) => grams,
        Err(()) => {
            warnings.push(format!(
                "weight {grams_text:?} grams is not a plain number; weight left unknown"
            ));
            None
        }
    };

    let variant_image = get(Field::VariantImage);
    let image_url = match variant_image {
        "" => None,
        url => {
            let safe = safe_image_url(url);
            if safe.is_none() {
                warnings.push(format!(
                    "variant image dropped: {url:?} is not an http(s) URL or a /path"
                ));
            }
            safe
        }
    };

    let variant = ParsedVariant {
        line,
        sku: non_empty(get(Field::Sku)),
        options: [0, 1, 2].map(|i| non_empty(get(Field::OptionValue(i)))),
        price_minor,
        compare_at_minor,
        inventory_qty,
        inventory_policy,
        requires_shipping,
        taxable,
        grams,
        image_url,
    };
    for reason in warnings {
        notes.warn(line, handle, reason);
    }
    Some(variant)
}

fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

fn describe_options(options: &[Option<String>; 3]) -> String {
    let values: Vec<&str> = options.iter().flatten().map(String::as_str).collect();
    if values.is_empty() {
        "(none)".to_owned()
    } else {
        values.join(" / ")
    }
}

/// `true/false/yes/no` in any case; empty is `None` (the caller's default).
fn parse_bool(text: &str) -> Result<Option<bool>, ()> {
    match text.to_lowercase().as_str() {
        "" => Ok(None),
        "true" | "yes" => Ok(Some(true)),
        "false" | "no" => Ok(Some(false)),
        _ => Err(()),
    }
}

/// A whole number of items (negative means oversold); `20.0` is accepted because
/// spreadsheets write whole numbers that way. Empty is `None`.
fn parse_quantity(text: &str) -> Result<Option<i64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    let whole = match text.split_once('.') {
        Some((whole, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => whole,
        Some(_) => return Err(()),
        None => text,
    };
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    whole.parse().map(Some).map_err(|_| ())
}

/// Grams as a plain decimal, rounded to the nearest gram (halves up) without floats;
/// empty is `None`.
fn parse_grams(text: &str) -> Result<Option<i64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(());
    }
    let whole: i64 = whole.parse().map_err(|_| ())?;
    let round_up = fraction.bytes().next().is_some_and(|b| b >= b'5');
    whole.checked_add(i64::from(round_up)).map(Some).ok_or(())
}

/// Splits Shopify's comma-separated tags: trimmed, empties dropped, and duplicates
/// (compared case-insensitively, as Shopify does) removed keeping the first spelling.
fn split_tags(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty() && seen.insert(tag.to_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// Accepts `http(s)://` URLs and root-relative paths; protocol-relative `//host/…` URLs
/// (old Shopify exports) become `https:`. Anything else (`javascript:`, `data:`, bare
/// words) is refused, and so are characters that have no business in a URL and could
/// break out of an HTML attribute.
fn safe_image_url(url: &str) -> Option<String> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
    {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = url.strip_prefix("//") {
        return (!rest.is_empty()).then(|| format!("https://{rest}"));
    }
    let has_host = |scheme: &str| {
        lower
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty())
    };
    if has_host("https://") || has_host("http://") || url.starts_with('/') {
        Some(url.to_owned())
    } else {
        None
    }
}

/// Keeps the formatting a product description needs and nothing that can run, restyle
/// the page or load content: no scripts, styles, event handlers, images or frames, and
/// links only to http(s)/mailto, opened without giving the shop's page away.
fn sanitize_html(html: &str) -> String {
    let tags = [
        "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "span",
    ];
    ammonia::Builder::default()
        .tags(HashSet::from(tags))
        .generic_attributes(HashSet::new())
        .tag_attributes(HashMap::from([("a", HashSet::from(["href"]))]))
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(html)
        .to_string()
}

/// Plain text of sanitised HTML: tags removed (block tags become spaces so words don't run
/// together), the few entities the sanitiser emits decoded, whitespace collapsed.
///
/// Only for [`sanitize_html`] output: that is well-formed, quotes every attribute value and
/// escapes every `<` in text, which this small scanner relies on.
fn html_to_text(html: &str) -> String {
    const INLINE: [&str; 6] = ["a", "b", "i", "em", "strong", "span"];
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        text.push_str(&rest[..start]);
        let tag = &rest[start + 1..];
        let mut in_quotes = false;
        let end = tag
            .char_indices()
            .find(|&(_, c)| {
                if c == '"' {
                    in_quotes = !in_quotes;
                }
                c == '>' && !in_quotes
            })
            .map_or(tag.len(), |(index, _)| index);
        let name: String = tag[..end]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !INLINE.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = tag.get(end + 1..).unwrap_or("");
    }
    text.push_str(rest);

    let decoded = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,\
        Option2 Name,Option2 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,\
        Variant Inventory Policy,Variant Price,Variant Compare At Price,Variant Requires Shipping,\
        Variant Taxable,Image Src,Image Position,Image Alt Text,Variant Image,Status";

    fn usd() -> Currency {
        Currency::parse("USD").expect("USD is a currency")
    }

    fn parse(csv: &str) -> ParseOutcome {
        parse_shopify_csv(csv.as_bytes(), usd()).expect("the file is a product CSV")
    }

    fn with_header(rows: &[&str]) -> String {
        let mut csv = HEADER.to_owned();
        for row in rows {
            csv.push('\n');
            csv.push_str(row);
        }
        csv
    }

    fn product<'a>(outcome: &'a ParseOutcome, handle: &str) -> &'a ParsedProduct {
        outcome
            .products
            .iter()
            .find(|product| product.handle == handle)
            .unwrap_or_else(|| panic!("no product {handle}: {outcome:#?}"))
    }

    #[test]
    fn continuation_rows_add_variants_with_their_option_values() {
        let outcome = parse(&with_header(&[
            "tee,Tee,<p>Soft</p>,Acme,Shirts,\"summer, cotton\",true,Color,Green,Size,S,T-GS,145,shopify,3,deny,25,30,true,true,https://cdn.example/tee.jpg,1,A tee,,active",
            "tee,,,,,,,,Green,,M,T-GM,145,shopify,0,continue,25.50,,FALSE,no,,,,https://cdn.example/green.jpg,",
        ]));
        assert!(outcome.skipped.is_empty(), "{:#?}", outcome.skipped);
        let tee = product(&outcome, "tee");
        assert_eq!(tee.title, "Tee");
        assert_eq!(
            tee.option_names,
            [Some("Color".into()), Some("Size".into()), None]
        );
        assert_eq!(tee.tags, ["summer", "cotton"]);
        assert_eq!(tee.variants.len(), 2);
        let [small, medium] = [&tee.variants[0], &tee.variants[1]];
        assert_eq!(
            small.options,
            [Some("Green".into()), Some("S".into()), None]
        );
        assert_eq!(
            (small.price_minor, small.compare_at_minor),
            (2500, Some(3000))
        );
        assert_eq!(
            (small.inventory_qty, small.inventory_policy),
            (Some(3), InventoryPolicy::Deny)
        );
        assert_eq!(medium.sku.as_deref(), Some("T-GM"));
        assert_eq!(medium.price_minor, 2550);
        assert_eq!(medium.inventory_policy, InventoryPolicy::Continue);
        assert!(!medium.requires_shipping && !medium.taxable);
        assert_eq!(
            medium.image_url.as_deref(),
            Some("https://cdn.example/green.jpg")
        );
        assert_eq!(medium.line, 3);
    }

    #[test]
    fn image_only_rows_add_images_in_position_order_without_duplicates() {
        let outcome = parse(&with_header(&[
            "cap,Cap,,,,,true,Title,Default Title,,,,,,,,10,,,,https://cdn.example/b.jpg,2,Side",
            "cap,,,,,,,,,,,,,,,,,,,,https://cdn.example/a.jpg,1,Front",
            "cap,,,,,,,,,,,,,,,,,,,,https://cdn.example/b.jpg,3,Side again",
            "cap,,,,,,,,,,,,,,,,,,,,/files/c.jpg,,",
        ]));
        let cap = product(&outcome, "cap");
        assert_eq!(cap.variants.len(), 1, "image-only rows are not variants");
        let images: Vec<(&str, Option<&str>, i64)> = cap
            .images
            .iter()
            .map(|image| (image.src.as_str(), image.alt.as_deref(), image.position))
            .collect();
        assert_eq!(
            images,
            [
                ("https://cdn.example/a.jpg", Some("Front"), 1),
                ("https://cdn.example/b.jpg", Some("Side"), 2),
                ("/files/c.jpg", None, 3),
            ]
        );
        assert_eq!(
            cap.main_image().map(|image| image.src.as_str()),
            Some("https://cdn.example/a.jpg")
        );
    }

    #[test]
    fn a_bad_price_skips_that_variant_with_its_line_and_the_rest_imports() {
        let outcome = parse(&with_header(&[
            "mug,Mug,,,,,true,Size,Small,,,,,,,,12,,,,,,",
            "mug,,,,,,,,Large,,,,,,,,abc,,,,,,",
            "mug,,,,,,,,Huge,,,,,,,,\"1,299.00\",,,,,,",
            "bowl,Bowl,,,,,true,Title,Default Title,,,,,,,,-4,,,,,,",
            "plate,Plate,,,,,true,Title,Default Title,,,,,,,,9.5,,,,,,",
        ]));
        let mug = product(&outcome, "mug");
        assert_eq!(mug.variants.len(), 1);
        assert_eq!(mug.variants[0].price_minor, 1200);
        assert_eq!(product(&outcome, "plate").variants[0].price_minor, 950);
        assert!(outcome
            .products
            .iter()
            .all(|product| product.handle != "bowl"));

        let lines: Vec<(u64, &str)> = outcome
            .skipped
            .iter()
            .map(|row| (row.line, row.reason.as_str()))
            .collect();
        assert_eq!(lines.len(), 4, "{lines:#?}");
        assert_eq!(lines[0].0, 3);
        assert!(
            lines[0].1.starts_with("invalid price \"abc\""),
            "{}",
            lines[0].1
        );
        assert_eq!(lines[1].0, 4);
        assert!(
            lines[1].1.contains("thousands separators"),
            "{}",
            lines[1].1
        );
        assert_eq!(lines[2].0, 5);
        assert!(lines[2].1.contains("negative"), "{}", lines[2].1);
        assert_eq!(lines[3].0, 5);
        assert!(
            lines[3].1.contains("no importable variant"),
            "{}",
            lines[3].1
        );
        assert_eq!(
            outcome.skipped[0].to_string(),
            format!("line 3 (mug): {}", lines[0].1)
        );
    }

    #[test]
    fn a_row_without_title_for_a_new_handle_is_skipped_and_so_are_its_other_rows() {
        let outcome = parse(&with_header(&[
            "ghost,,,,,,,,,,,,,,,,10,,,,,,",
            "ghost,,,,,,,,,,,,,,,,11,,,,,,",
            ",,,,,,,,,,,,,,,,12,,,,,,",
            ",,,,,,,,,,,,,,,,,,,,,,",
        ]));
        assert!(outcome.products.is_empty());
        let reasons: Vec<String> = outcome.skipped.iter().map(ToString::to_string).collect();
        assert_eq!(
            reasons,
            [
                "line 2 (ghost): the first row of a product needs a Title",
                "line 3 (ghost): the product was skipped (see line 2)",
                "line 4: the row has no Handle",
            ]
        );
    }

    #[test]
    fn rows_of_a_handle_are_merged_even_when_not_adjacent() {
        let outcome = parse(&with_header(&[
            "a,Alpha,,,,,true,Size,S,,,,,,,,1,,,,,,",
            "b,Beta,,,,,true,Title,Default Title,,,,,,,,2,,,,,,",
            "a,,,,,,,,M,,,,,,,,1,,,,,,",
            "a,,,,,,,,M,,,,,,,,1,,,,,,",
        ]));
        assert_eq!(outcome.products.len(), 2);
        let sizes: Vec<_> = product(&outcome, "a")
            .variants
            .iter()
            .map(|v| v.options[0].clone())
            .collect();
        assert_eq!(sizes, [Some("S".into()), Some("M".into())]);
        assert_eq!(outcome.skipped.len(), 1);
        assert_eq!(outcome.skipped[0].line, 5);
        assert!(outcome.skipped[0].reason.starts_with("duplicate variant"));
    }

    #[test]
    fn a_quoted_multi_line_body_keeps_later_line_numbers_physical() {
        let csv = with_header(&[
            "lamp,Lamp,\"<p>Bright</p>\n<p>and\n\nwarm</p>\",,,,true,Title,Default Title,,,,,,,,40,,,,,,",
            "lamp,,,,,,,,Other,,,,,,,,oops,,,,,,",
        ]);
        let outcome = parse(&csv);
        let lamp = product(&outcome, "lamp");
        assert_eq!(lamp.body_text, "Bright and warm");
        assert!(
            lamp.body_html.contains("<p>Bright</p>"),
            "{}",
            lamp.body_html
        );
        assert_eq!(outcome.skipped.len(), 1);
        assert_eq!(
            outcome.skipped[0].line, 6,
            "the record after a 4-line cell starts on line 6"
        );
    }

    #[test]
    fn crlf_line_endings_and_a_bom_are_handled() {
        let csv = format!(
            "\u{feff}{}\r\nsock,Sock,,,,,true,Title,Default Title,,,,,,,,5,,,,,,\r\n\r\nsock,,,,,,,,Pair,,,,,,,,bad,,,,,,\r\n",
            HEADER
        );
        let outcome = parse(&csv);
        let sock = product(&outcome, "sock");
        assert_eq!(
            sock.variants[0].options[0].as_deref(),
            Some("Default Title")
        );
        assert_eq!(sock.variants[0].price_minor, 500);
        assert_eq!(outcome.skipped[0].line, 4, "the blank line 3 counts too");
    }

    #[test]
    fn line_numbers_count_every_kind_of_line_break() {
        let csv =
            "Handle,Title,Variant Price\r\na,A,x\r\n\r\nb,B,\"1\r\n2\"\r\nc,C,y\nd,D,z\re,E,w";
        let outcome = parse(csv);
        let lines: Vec<u64> = outcome
            .skipped
            .iter()
            .filter(|row| row.reason.starts_with("invalid"))
            .map(|row| row.line)
            .collect();
        assert_eq!(lines, [2, 4, 6, 7, 8]);
    }

    #[test]
    fn hostile_html_is_stripped_and_a_plain_text_version_is_kept() {
        let body = r#"<h1>Big</h1><p onclick="steal()" style="color:red">Nice &amp; <strong>warm</strong>&nbsp;wool</p><script>alert(1)</script><img src=x onerror="alert(2)"><a href="javascript:alert(3)">bad</a> <a href="https://maker.example/about" target="_blank">maker</a><iframe src="https://evil.example"></iframe><style>p{}</style><ul><li>one</li><li>two</li></ul>"#;
        let csv = with_header(&[&format!(
            "scarf,Scarf,\"{}\",,,,true,Title,Default Title,,,,,,,,20,,,,,,",
            body.replace('"', "\"\"")
        )]);
        let outcome = parse(&csv);
        let scarf = product(&outcome, "scarf");
        let html = &scarf.body_html;
        for banned in [
            "<script",
            "alert",
            "onerror",
            "onclick",
            "style",
            "javascript:",
            "<img",
            "<iframe",
            "<h1",
            "target",
        ] {
            assert!(!html.contains(banned), "{banned} survived in {html}");
        }
        assert!(html.contains("<strong>warm</strong>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://maker.example/about" rel="noopener noreferrer nofollow">maker</a>"#),
            "{html}"
        );
        assert_eq!(scarf.body_text, "Big Nice & warm wool bad maker one two");
    }

    #[test]
    fn unsafe_image_urls_are_dropped_with_a_warning_and_the_product_kept() {
        let outcome = parse(&with_header(&[
            "hat,Hat,,,,,true,Title,Default Title,,,,,,,,15,,,,javascript:alert(1),1,,\"data:image/png;base64,AAA\"",
            "hat,,,,,,,,,,,,,,,,,,,,//cdn.example/hat.jpg,2,",
        ]));
        let hat = product(&outcome, "hat");
        assert_eq!(hat.images.len(), 1);
        assert_eq!(hat.images[0].src, "https://cdn.example/hat.jpg");
        assert_eq!(hat.variants[0].image_url, None);
        assert!(outcome.skipped.is_empty());
        let reasons: Vec<&str> = outcome
            .warnings
            .iter()
            .map(|row| row.reason.as_str())
            .collect();
        assert_eq!(reasons.len(), 2, "{reasons:#?}");
        assert!(
            reasons
                .iter()
                .all(|reason| reason.contains("image dropped")),
            "{reasons:#?}"
        );
        assert!(outcome.warnings.iter().all(|row| row.line == 2));
    }

    #[test]
    fn newer_shopify_header_names_are_understood() {
        let csv = "Title,URL handle,Description,Vendor,Product category,Type,Tags,Published on online store,Status,\
            SKU,Option1 name,Option1 value,Price,Compare-at price,Charge tax,Inventory tracker,Inventory quantity,\
            Continue selling when out of stock,Weight value (grams),Requires shipping,Product image URL,\
            Image position,Image alt text,Variant image URL\n\
            Trail Shoe,trail-shoe,<p>Grippy</p>,Acme,Apparel & Accessories > Shoes > Sneakers,,\"run, Run, trail\",FALSE,,\
            TS-1,Size,42,120.00,150,TRUE,shopify,7,TRUE,810.5,TRUE,https://cdn.example/shoe.jpg,1,Shoe,\n";
        let outcome = parse(csv);
        let shoe = product(&outcome, "trail-shoe");
        assert_eq!(shoe.title, "Trail Shoe");
        assert_eq!(shoe.body_text, "Grippy");
        assert_eq!(shoe.product_type, "Sneakers");
        assert_eq!(shoe.tags, ["run", "trail"]);
        assert_eq!((shoe.status, shoe.published), (ProductStatus::Draft, false));
        let variant = &shoe.variants[0];
        assert_eq!(variant.sku.as_deref(), Some("TS-1"));
        assert_eq!(
            (variant.price_minor, variant.compare_at_minor),
            (12000, Some(15000))
        );
        assert_eq!(variant.inventory_qty, Some(7));
        assert_eq!(variant.inventory_policy, InventoryPolicy::Continue);
        assert_eq!(variant.grams, Some(811));
        assert_eq!(
            shoe.main_image().map(|image| image.alt.as_deref()),
            Some(Some("Shoe"))
        );
    }

    #[test]
    fn headers_match_by_name_in_any_order_and_case() {
        let csv = "  variant PRICE ,TITLE, handle \n9.99,Pin,pin\n";
        let outcome = parse(csv);
        assert_eq!(product(&outcome, "pin").variants.len(), 1);
        assert_eq!(product(&outcome, "pin").variants[0].price_minor, 999);
        assert_eq!(
            product(&outcome, "pin").variants[0].options,
            [None, None, None]
        );
    }

    #[test]
    fn a_file_without_a_handle_column_is_refused_as_a_whole() {
        let error =
            parse_shopify_csv("Title,Price\nPin,5\n".as_bytes(), usd()).expect_err("no handle");
        assert!(matches!(
            error,
            ImportError::MissingColumn {
                column: "Handle",
                ..
            }
        ));
        assert!(error.to_string().contains("no Handle column"), "{error}");
        assert!(matches!(
            parse_shopify_csv("".as_bytes(), usd()),
            Err(ImportError::EmptyFile)
        ));
    }

    #[test]
    fn status_follows_the_status_column_then_published() {
        let outcome = parse(&with_header(&[
            "a,A,,,,,true,,,,,,,,,,1,,,,,,,,",
            "b,B,,,,,FALSE,,,,,,,,,,1,,,,,,,,",
            "c,C,,,,,,,,,,,,,,,1,,,,,,,,",
            "d,D,,,,,FALSE,,,,,,,,,,1,,,,,,,,archived",
            "e,E,,,,,,,,,,,,,,,1,,,,,,,,Draft",
            "f,F,,,,,,,,,,,,,,,1,,,,,,,,paused",
        ]));
        let status = |handle| {
            let product = product(&outcome, handle);
            (product.status, product.published)
        };
        assert_eq!(status("a"), (ProductStatus::Active, true));
        assert_eq!(status("b"), (ProductStatus::Draft, false));
        assert_eq!(status("c"), (ProductStatus::Active, true));
        assert_eq!(status("d"), (ProductStatus::Archived, false));
        assert_eq!(status("e"), (ProductStatus::Draft, false));
        assert_eq!(status("f"), (ProductStatus::Draft, false));
        assert_eq!(outcome.warnings.len(), 1);
        assert_eq!(outcome.warnings[0].line, 7);
    }

    #[test]
    fn spreadsheet_mangled_numbers_do_not_abort_the_row() {
        let outcome = parse(&with_header(&[
            "box,Box,,,,,true,Title,Default Title,,,,3.65275E+11,,,,8,oops,maybe,,,,",
            "tin,Tin,,,,,true,Title,Default Title,,,,0.0,shopify,12.0,,8,,,,,,",
            "jar,Jar,,,,,true,Title,Default Title,,,,,shopify,lots,,8,,,,,,",
            "pot,Pot,,,,,true,Title,Default Title,,,,226.49,,4,,8,,,,,,",
        ]));
        let boxed = &product(&outcome, "box").variants[0];
        assert_eq!(
            (boxed.grams, boxed.compare_at_minor, boxed.requires_shipping),
            (None, None, true)
        );
        let tin = &product(&outcome, "tin").variants[0];
        assert_eq!((tin.grams, tin.inventory_qty), (Some(0), Some(12)));
        // No tracker: Shopify sells it regardless of the quantity column.
        assert_eq!(product(&outcome, "pot").variants[0].inventory_qty, None);
        assert_eq!(product(&outcome, "pot").variants[0].grams, Some(226));
        assert_eq!(outcome.warnings.len(), 3, "{:#?}", outcome.warnings);
        assert!(outcome
            .products
            .iter()
            .all(|product| product.handle != "jar"));
        assert!(outcome.skipped[0]
            .reason
            .starts_with("invalid inventory quantity \"lots\""));
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated_keeping_the_first_spelling() {
        assert_eq!(
            split_tags(" Summer, cotton,,summer , Cotton ,new "),
            ["Summer", "cotton", "new"]
        );
        assert!(split_tags(" , ").is_empty());
    }

    #[test]
    fn grams_round_to_the_nearest_gram() {
        assert_eq!(parse_grams("226.796185"), Ok(Some(227)));
        assert_eq!(parse_grams("283.4952313"), Ok(Some(283)));
        assert_eq!(parse_grams("145"), Ok(Some(145)));
        assert_eq!(parse_grams(""), Ok(None));
        assert_eq!(parse_grams("-3"), Err(()));
        assert_eq!(parse_grams("3.65275E+11"), Err(()));
    }

    #[test]
    fn image_urls_must_be_http_or_root_relative() {
        assert_eq!(
            safe_image_url("https://cdn.example/a.jpg?w=1").as_deref(),
            Some("https://cdn.example/a.jpg?w=1")
        );
        assert_eq!(
            safe_image_url("HTTP://cdn.example/a.jpg").as_deref(),
            Some("HTTP://cdn.example/a.jpg")
        );
        assert_eq!(
            safe_image_url("/files/a.jpg").as_deref(),
            Some("/files/a.jpg")
        );
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "a.jpg",
            "https://",
            "https://x/a b.jpg",
            "https://x/\"onerror=\"a",
        ] {
            assert_eq!(safe_image_url(bad), None, "{bad}");
        }
    }

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
