//! Header mapping: which column holds which field, under Shopify's legacy or current names.

use std::collections::HashMap;

use super::ImportError;

/// A column the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Field {
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
pub(super) struct Columns(HashMap<Field, usize>);

impl Columns {
    pub(super) fn from_header(header: &csv::StringRecord) -> Result<Self, ImportError> {
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
    pub(super) fn get<'r>(&self, record: &'r csv::StringRecord, field: Field) -> &'r str {
        self.0
            .get(&field)
            .and_then(|&index| record.get(index))
            .map_or("", str::trim)
    }

    pub(super) fn has(&self, field: Field) -> bool {
        self.0.contains_key(&field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::import::test_support::{parse, product, usd};
    use crate::catalog::import::{parse_shopify_csv, InventoryPolicy, ProductStatus};

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
}
