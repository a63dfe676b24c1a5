//! The product fields of a handle's first row and the variant a row carries, read under
//! the importer's rules (listed at the top of `mod.rs`).

use crate::money;

use super::cells::{
    non_empty, parse_bool, parse_grams, parse_quantity, safe_image_url, split_tags,
};
use super::columns::{Columns, Field};
use super::html::{html_to_text, sanitize_html};
use super::parse::{Draft, Notes};
use super::{InventoryPolicy, ParsedProduct, ParsedVariant, ProductStatus};

/// Reads the product fields of a handle's first row; `None` (with the reason recorded)
/// when the row cannot start a product.
pub(super) fn start_product(
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
pub(super) fn read_variant(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::import::test_support::{parse, product, with_header};

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
}
