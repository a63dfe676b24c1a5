//! Tests of catalog search on small catalogs built in code: ranking and language handling,
//! filters, reasons, and the per-shop registry over a real (in-memory) database.

mod browse;
mod filters;
mod ranking;
mod reasons;
mod registry;

use super::{
    CatalogIndex, CatalogLanguage, CatalogProduct, CatalogVariant, SearchHit, SearchQuery,
};

/// A variant: price in minor units, option values, in stock.
type V<'a> = (i64, &'a [&'a str], bool);

/// A product with the given variants; variant ids are `id * 100 + n`.
fn product(
    id: i64,
    title: &str,
    product_type: &str,
    tags: &str,
    body: &str,
    variants: &[V<'_>],
) -> CatalogProduct {
    CatalogProduct {
        id,
        title: title.to_owned(),
        product_type: product_type.to_owned(),
        tags: tags.to_owned(),
        vendor: "Northwind".to_owned(),
        body_text: body.to_owned(),
        variants: variants
            .iter()
            .enumerate()
            .map(|(n, (price_minor, options, in_stock))| CatalogVariant {
                id: id * 100 + n as i64 + 1,
                price_minor: *price_minor,
                in_stock: *in_stock,
                options: options.iter().map(|o| (*o).to_owned()).collect(),
            })
            .collect(),
    }
}

fn index(language: CatalogLanguage, products: &[CatalogProduct]) -> CatalogIndex {
    CatalogIndex::build(products, language).expect("the index builds")
}

fn english(products: &[CatalogProduct]) -> CatalogIndex {
    index(CatalogLanguage::English, products)
}

fn search(index: &CatalogIndex, query: SearchQuery) -> Vec<SearchHit> {
    index.search(&query).expect("the search runs")
}

fn ids(hits: &[SearchHit]) -> Vec<i64> {
    hits.iter().map(|h| h.product_id).collect()
}

fn find(index: &CatalogIndex, text: &str) -> Vec<i64> {
    ids(&search(index, SearchQuery::text(text)))
}

/// A small apparel shop used by several tests.
fn apparel() -> Vec<CatalogProduct> {
    vec![
        product(
            1,
            "Heavyweight Hoodie",
            "Hoodie",
            "unisex, winter, cotton",
            "A warm pullover.",
            &[(5900, &["M", "Grey"], true)],
        ),
        product(
            2,
            "Zip Hoodie",
            "Hoodie",
            "unisex",
            "Brushed fleece.",
            &[(6400, &["L", "Black"], true)],
        ),
        product(
            3,
            "Rain Jacket",
            "Jacket",
            "waterproof, men",
            "Sheds rain, packs small.",
            &[(8900, &["M", "Navy Blue"], true)],
        ),
        product(
            4,
            "Puffer Jacket",
            "Jacket",
            "winter, women",
            "Warm down fill.",
            &[(12900, &["S", "Black"], true)],
        ),
        product(
            5,
            "Classic Cotton T-Shirt",
            "T-Shirt",
            "basics, men's",
            "Soft organic cotton.",
            &[(2400, &["M", "White"], true)],
        ),
        product(
            6,
            "Trail Running Shoes",
            "Shoes",
            "running, outdoor",
            "Grippy soles.",
            &[(11000, &["42", "Blue"], true)],
        ),
        product(
            7,
            "Enamel Mug",
            "Mug",
            "home, gift",
            "Goes well with a hoodie on cold mornings.",
            &[(1800, &[], true)],
        ),
    ]
}
