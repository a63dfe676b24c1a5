//! Reading a product CSV: records with the line they start on, grouped by handle into
//! products with their variants and images.

use std::collections::{HashMap, HashSet};
use std::io::Read;

use shopchat_protocol::Currency;

use super::cells::{non_empty, safe_image_url};
use super::columns::{Columns, Field};
use super::lines::LineIndex;
use super::row::{read_variant, start_product};
use super::{ImportError, ParsedImage, ParsedProduct, SkippedRow};

/// What [`parse_shopify_csv`] made of a file.
#[derive(Debug, Clone, Default)]
pub struct ParseOutcome {
    pub products: Vec<ParsedProduct>,
    /// Rows, variants or whole products that will not be imported.
    pub skipped: Vec<SkippedRow>,
    /// Rows that are imported with something dropped or defaulted.
    pub warnings: Vec<SkippedRow>,
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

/// A product being assembled from its rows.
pub(super) struct Draft {
    pub(super) product: ParsedProduct,
    /// Position given in the file (or implied by row order), URL, alt.
    pub(super) images: Vec<(i64, String, Option<String>)>,
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
pub(super) struct Notes {
    skipped: Vec<SkippedRow>,
    warnings: Vec<SkippedRow>,
}

impl Notes {
    pub(super) fn skip(&mut self, line: u64, handle: Option<&str>, reason: String) {
        self.skipped.push(SkippedRow {
            line,
            handle: handle.map(str::to_owned),
            reason,
        });
    }

    pub(super) fn warn(&mut self, line: u64, handle: &str, reason: String) {
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
            // A position as large as `i64::MAX` may be written; equal positions keep file order.
            .saturating_add(1);
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

fn describe_options(options: &[Option<String>; 3]) -> String {
    let values: Vec<&str> = options.iter().flatten().map(String::as_str).collect();
    if values.is_empty() {
        "(none)".to_owned()
    } else {
        values.join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use crate::catalog::import::test_support::{parse, product, with_header};
    use crate::catalog::import::InventoryPolicy;

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
}
