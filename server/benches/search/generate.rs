//! GENERATED catalogs and queries for the search benchmark: seeded random products from
//! word lists (titles, types, tags, vendors, descriptions, 1–6 variants with sizes, colours
//! and prices), and a mix of plain, misspelt, filtered and browsing queries.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;
use shopchat_server::catalog::search::{CatalogProduct, CatalogVariant, SearchQuery, SortOrder};

const TYPES: &[(&str, &str)] = &[
    ("Hoodie", "hoodie"),
    ("Jacket", "jacket"),
    ("T-Shirt", "tee"),
    ("Sneakers", "sneaker"),
    ("Boots", "boot"),
    ("Jeans", "jeans"),
    ("Dress", "dress"),
    ("Sweater", "sweater"),
    ("Scarf", "scarf"),
    ("Beanie", "beanie"),
    ("Backpack", "backpack"),
    ("Mug", "mug"),
    ("Candle", "candle"),
    ("Blanket", "blanket"),
    ("Socks", "socks"),
    ("Watch", "watch"),
    ("Sunglasses", "sunglasses"),
    ("Wallet", "wallet"),
    ("Shorts", "shorts"),
    ("Cap", "cap"),
];
const ADJECTIVES: &[&str] = &[
    "classic",
    "heavyweight",
    "lightweight",
    "vintage",
    "everyday",
    "premium",
    "relaxed",
    "slim",
    "oversized",
    "cozy",
    "waterproof",
    "trail",
    "urban",
    "studio",
    "coastal",
    "alpine",
    "retro",
    "essential",
    "technical",
    "organic",
    "summer",
    "winter",
    "running",
    "travel",
    "weekend",
];
const MATERIALS: &[&str] = &[
    "cotton", "wool", "linen", "denim", "leather", "fleece", "canvas", "merino", "cashmere",
    "nylon", "ceramic", "bamboo", "suede", "corduroy", "recycled",
];
const VENDORS: &[&str] = &[
    "Northwind",
    "Acme Outfitters",
    "Bluebird Co",
    "Ridge & Pine",
    "Sol Studio",
    "Harbor Goods",
];
const TAGS: &[&str] = &[
    "men",
    "women",
    "unisex",
    "kids",
    "gift",
    "sale",
    "new",
    "outdoor",
    "home",
    "sport",
    "eco",
    "bestseller",
    "limited",
    "basics",
    "holiday",
];
const SIZES_OPT: &[&str] = &["XS", "S", "M", "L", "XL", "XXL"];
const COLOURS: &[&str] = &[
    "Black",
    "White",
    "Grey",
    "Navy Blue",
    "Red",
    "Green",
    "Olive",
    "Sand",
    "Pink",
    "Blue",
];
const FILLER: &[&str] = &[
    "soft",
    "durable",
    "made",
    "to",
    "last",
    "with",
    "a",
    "comfortable",
    "fit",
    "and",
    "easy",
    "care",
    "perfect",
    "for",
    "the",
    "city",
    "or",
    "mountains",
    "designed",
    "in",
    "small",
    "batches",
];

pub fn generate(count: usize, rng: &mut StdRng) -> Vec<CatalogProduct> {
    let mut next_variant = 1;
    (1..=count as i64)
        .map(|id| {
            let (product_type, noun) = TYPES[rng.gen_range(0..TYPES.len())];
            let pick = |list: &[&'static str], rng: &mut StdRng| list[rng.gen_range(0..list.len())];
            let title = format!(
                "{} {} {}",
                capital(pick(ADJECTIVES, rng)),
                capital(pick(MATERIALS, rng)),
                capital(noun)
            );
            let tag_count = rng.gen_range(1..5);
            let tags: Vec<&str> = TAGS.choose_multiple(rng, tag_count).copied().collect();
            let body: Vec<&str> = (0..rng.gen_range(12..40))
                .map(|_| pick(FILLER, rng))
                .collect();
            let base = rng.gen_range(8..250) * 100 - 1;
            let variants = (0..rng.gen_range(1..=6))
                .map(|n| {
                    next_variant += 1;
                    CatalogVariant {
                        id: next_variant,
                        price_minor: base + n * 200,
                        in_stock: rng.gen_bool(0.85),
                        options: vec![
                            pick(SIZES_OPT, rng).to_owned(),
                            pick(COLOURS, rng).to_owned(),
                        ],
                    }
                })
                .collect();
            CatalogProduct {
                id,
                title,
                product_type: product_type.to_owned(),
                tags: tags.join(", "),
                vendor: pick(VENDORS, rng).to_owned(),
                body_text: format!("{} {}.", capital(pick(ADJECTIVES, rng)), body.join(" ")),
                variants,
            }
        })
        .collect()
}

fn capital(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// One letter dropped or two neighbours swapped, in a word of five letters or more.
fn typo(word: &str, rng: &mut StdRng) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    if chars.len() < 5 {
        return word.to_owned();
    }
    let at = rng.gen_range(1..chars.len() - 1);
    if rng.gen_bool(0.5) {
        chars.swap(at, at + 1);
    } else {
        chars.remove(at);
    }
    chars.into_iter().collect()
}

pub fn queries(count: usize, rng: &mut StdRng) -> Vec<(&'static str, SearchQuery)> {
    let pick = |list: &[&'static str], rng: &mut StdRng| list[rng.gen_range(0..list.len())];
    let noun = |rng: &mut StdRng| TYPES[rng.gen_range(0..TYPES.len())].1;
    (0..count)
        .map(|i| match i % 8 {
            0 => ("plain", SearchQuery::text(noun(rng))),
            1 => (
                "plain",
                SearchQuery::text(format!("{} {}", pick(ADJECTIVES, rng), noun(rng))),
            ),
            2 => (
                "plain",
                SearchQuery::text(format!(
                    "{} {} {} for {}",
                    pick(ADJECTIVES, rng),
                    pick(MATERIALS, rng),
                    noun(rng),
                    pick(TAGS, rng)
                )),
            ),
            3 => (
                "typo",
                SearchQuery::text(typo(&format!("{}s", noun(rng)), rng)),
            ),
            4 => (
                "typo",
                SearchQuery::text(format!("{} {}", typo(pick(MATERIALS, rng), rng), noun(rng))),
            ),
            5 => (
                "filtered",
                SearchQuery {
                    price_max: Some(rng.gen_range(20..150) * 100),
                    option_values: vec![pick(SIZES_OPT, rng).into(), pick(COLOURS, rng).into()],
                    in_stock_only: true,
                    ..SearchQuery::text(noun(rng))
                },
            ),
            6 => (
                "filtered",
                SearchQuery {
                    price_min: Some(5000),
                    tags: vec![pick(TAGS, rng).into()],
                    sort: SortOrder::PriceAsc,
                    ..SearchQuery::text(pick(MATERIALS, rng))
                },
            ),
            _ => (
                "browse",
                SearchQuery {
                    product_type: Some(TYPES[rng.gen_range(0..TYPES.len())].0.into()),
                    price_max: Some(10000),
                    sort: if rng.gen_bool(0.5) {
                        SortOrder::PriceAsc
                    } else {
                        SortOrder::Relevance
                    },
                    ..SearchQuery::default()
                },
            ),
        })
        .collect()
}
