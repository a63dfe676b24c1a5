//! The index's fields and how a product becomes a document. Text fields carry the ranking
//! (with their weights); exact `*_key` fields and fast fields serve the filters; `ord` links
//! a document to its row in the in-memory variant tables (`tables.rs`).

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED,
};
use tantivy::TantivyDocument;

use super::analysis::{KeyNormaliser, TEXT};
use super::catalog::CatalogProduct;

/// A searchable text field and its weight in the ranking.
#[derive(Debug, Clone, Copy)]
pub(super) struct TextField {
    pub field: Field,
    pub boost: f32,
    /// Whether misspelt query words are looked for here: product words (title, type, tags),
    /// not descriptions, where near-misses of common words are mostly noise.
    pub fuzzy: bool,
}

#[derive(Debug, Clone)]
pub(super) struct Fields {
    /// Title, type, tags, option values, vendor, description: high to low weight.
    pub text: [TextField; 6],
    pub type_key: Field,
    pub vendor_key: Field,
    pub tag_key: Field,
    /// Every option value of every variant, whole ("navy blue") and word by word ("blue").
    pub option_key: Field,
    pub min_price: Field,
    pub max_price: Field,
    /// True when some variant can be bought now.
    pub in_stock: Field,
    pub ord: Field,
}

pub(super) const ORD: &str = "ord";

pub(super) fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    // Frequencies for BM25, no positions: no phrase queries, and half the postings memory.
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TEXT)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let key = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    );
    let mut text_field = |name: &str, boost: f32, fuzzy: bool| TextField {
        field: builder.add_text_field(name, text.clone()),
        boost,
        fuzzy,
    };
    let text = [
        text_field("title", 4.0, true),
        text_field("product_type", 3.5, true),
        text_field("tags", 2.0, true),
        text_field("options", 1.5, false),
        text_field("vendor", 0.8, false),
        text_field("body_text", 0.5, false),
    ];
    let fields = Fields {
        text,
        type_key: builder.add_text_field("type_key", key.clone()),
        vendor_key: builder.add_text_field("vendor_key", key.clone()),
        tag_key: builder.add_text_field("tag_key", key.clone()),
        option_key: builder.add_text_field("option_key", key),
        min_price: builder.add_i64_field("min_price", INDEXED | FAST),
        max_price: builder.add_i64_field("max_price", INDEXED | FAST),
        in_stock: builder.add_bool_field("in_stock", INDEXED | FAST),
        ord: builder.add_u64_field(ORD, FAST),
    };
    (builder.build(), fields)
}

/// The document of one product (which must have a variant); `ord` is its row in the tables.
pub(super) fn document(
    fields: &Fields,
    keys: &mut KeyNormaliser,
    product: &CatalogProduct,
    ord: u64,
) -> TantivyDocument {
    let [title, product_type, tags, options, vendor, body] = fields.text.map(|t| t.field);
    let mut doc = TantivyDocument::default();
    doc.add_text(title, &product.title);
    doc.add_text(product_type, &product.product_type);
    doc.add_text(vendor, &product.vendor);
    doc.add_text(body, &product.body_text);
    doc.add_text(tags, &product.tags);
    doc.add_text(fields.type_key, keys.key(&product.product_type));
    doc.add_text(fields.vendor_key, keys.key(&product.vendor));
    for tag in product
        .tags
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        doc.add_text(fields.tag_key, keys.key(tag));
    }

    let mut values: Vec<String> = product
        .variants
        .iter()
        .flat_map(|v| v.options.iter().cloned())
        .collect();
    values.sort();
    values.dedup();
    doc.add_text(options, values.join(" , "));
    let mut option_keys: Vec<String> = values
        .iter()
        .flat_map(|value| lookup_keys(&keys.key(value)))
        .collect();
    option_keys.sort();
    option_keys.dedup();
    for option_key in option_keys {
        doc.add_text(fields.option_key, option_key);
    }

    let prices = product.variants.iter().map(|v| v.price_minor);
    doc.add_i64(fields.min_price, prices.clone().min().unwrap_or(0));
    doc.add_i64(fields.max_price, prices.max().unwrap_or(0));
    doc.add_bool(fields.in_stock, product.variants.iter().any(|v| v.in_stock));
    doc.add_u64(fields.ord, ord);
    doc
}

/// The keys an option value is found by: the whole value and, when it has several words,
/// each word ("navy blue" → "navy blue", "navy", "blue"), so "blue" finds navy blue.
pub(super) fn lookup_keys(key: &str) -> Vec<String> {
    let mut keys = vec![key.to_owned()];
    let words: Vec<&str> = key.split(' ').collect();
    if words.len() > 1 {
        keys.extend(words.into_iter().map(str::to_owned));
        // A value that says more after its name ("M, chest 21-28 in", "L (10-12 years)") is
        // found by that name, and by its words without the marks around them.
        if let Some((name, _)) = key.split_once([',', '(', ';']) {
            keys.push(name.trim().to_owned());
        }
        keys.extend(
            key.split(' ')
                .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
                .map(str::to_owned),
        );
        keys.retain(|k| !k.is_empty());
        keys.sort();
        keys.dedup();
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::lookup_keys;

    #[test]
    fn an_option_value_is_found_by_each_word_and_by_its_name_before_what_follows() {
        let keys = lookup_keys("navy blue");
        assert!(["navy blue", "navy", "blue"]
            .iter()
            .all(|k| keys.contains(&k.to_string())));
        let keys = lookup_keys("m, chest 21-28 in");
        assert!(keys.contains(&"m".to_owned()), "{keys:?}");
        assert!(keys.contains(&"chest".to_owned()), "{keys:?}");
        let keys = lookup_keys("l (10-12 years)");
        assert!(keys.contains(&"l".to_owned()), "{keys:?}");
        assert_eq!(lookup_keys("m"), ["m"]);
    }
}
