//! `shopchat eval explain`: how the embedded engine reads a message, optionally grounded in a
//! catalog file's vocabulary, for whoever tunes the vocabulary or the training data.

use std::path::Path;

use anyhow::Context;

use crate::nlu::shop_vocabulary::ShopVocabulary;

/// The vocabulary a shop with this Shopify product CSV would have.
pub fn catalog_vocabulary(path: &Path) -> anyhow::Result<ShopVocabulary> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("opening {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let at = |name: &str| super::column(&headers, name);
    let names: Vec<Option<usize>> = ["Title", "Type", "Vendor"].iter().map(|n| at(n)).collect();
    let variants: Vec<Option<usize>> = ["Tags", "Option1 Value", "Option2 Value", "Option3 Value"]
        .iter()
        .map(|n| at(n))
        .collect();
    let body = at("Body (HTML)");
    let (mut name_text, mut variant_text, mut types) = (Vec::new(), Vec::new(), Vec::new());
    let mut descriptions = Vec::new();
    for record in reader.records() {
        let record = record?;
        let cell = |i: &Option<usize>| i.and_then(|i| record.get(i)).unwrap_or_default().to_owned();
        name_text.extend(names.iter().map(cell));
        variant_text.extend(variants.iter().map(cell));
        // A product's type and description, once per product (its first row).
        types.push(cell(&names[1]));
        let description = without_tags(&cell(&body));
        if !description.trim().is_empty() {
            descriptions.push(description);
        }
    }
    Ok(ShopVocabulary::build(
        name_text.iter().map(String::as_str),
        variant_text.iter().map(String::as_str),
    )
    .with_types(types.iter().map(String::as_str))
    .with_descriptions(descriptions.iter().map(String::as_str)))
}

/// The text of a description's HTML, tags taken out (good enough for its words).
fn without_tags(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}
