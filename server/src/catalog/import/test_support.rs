//! Helpers shared by the importer's unit tests: a legacy-export header and a parse shortcut.

use shopchat_protocol::Currency;

use super::{parse_shopify_csv, ParseOutcome, ParsedProduct};

pub(super) const HEADER: &str = "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,\
    Option2 Name,Option2 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,\
    Variant Inventory Policy,Variant Price,Variant Compare At Price,Variant Requires Shipping,\
    Variant Taxable,Image Src,Image Position,Image Alt Text,Variant Image,Status";

pub(super) fn usd() -> Currency {
    Currency::parse("USD").expect("USD is a currency")
}

pub(super) fn parse(csv: &str) -> ParseOutcome {
    parse_shopify_csv(csv.as_bytes(), usd()).expect("the file is a product CSV")
}

pub(super) fn with_header(rows: &[&str]) -> String {
    let mut csv = HEADER.to_owned();
    for row in rows {
        csv.push('\n');
        csv.push_str(row);
    }
    csv
}

pub(super) fn product<'a>(outcome: &'a ParseOutcome, handle: &str) -> &'a ParsedProduct {
    outcome
        .products
        .iter()
        .find(|product| product.handle == handle)
        .unwrap_or_else(|| panic!("no product {handle}: {outcome:#?}"))
}
