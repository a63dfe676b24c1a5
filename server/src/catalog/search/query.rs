//! The search API's types: what a caller asks for and what each hit says about itself.

use super::reason::MatchReason;

/// A catalog search. Money is in minor units of the shop's currency. With an empty `text`
/// the filters alone browse the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchQuery {
    /// The shopper's words (any casing, accents or none, a typo or two).
    pub text: String,
    /// Inclusive bounds on the price of the variant a hit shows.
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    /// Matched against the product type, ignoring case, accents and plural.
    pub product_type: Option<String>,
    /// Every one must be among the product's tags.
    pub tags: Vec<String>,
    pub vendor: Option<String>,
    /// Only products with a variant that can be bought now (and show that variant).
    pub in_stock_only: bool,
    /// Option values such as "M" or "Blue" that ONE variant must have together; a value
    /// also matches a word of a longer one ("Blue" matches "Navy Blue").
    pub option_values: Vec<String>,
    /// Products to leave out (already shown, say).
    pub exclude_product_ids: Vec<i64>,
    pub sort: SortOrder,
    /// At most this many hits.
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            price_min: None,
            price_max: None,
            product_type: None,
            tags: Vec::new(),
            vendor: None,
            in_stock_only: false,
            option_values: Vec::new(),
            exclude_product_ids: Vec::new(),
            sort: SortOrder::Relevance,
            limit: 10,
        }
    }
}

impl SearchQuery {
    /// A relevance search for `text` with the default limit and no filters.
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            ..Self::default()
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SortOrder {
    /// Best match first (products matching more of the words, exactly, first); ties (and
    /// browsing without text) go to what is in stock, then to the cheaper, then catalog order.
    #[default]
    Relevance,
    PriceAsc,
    PriceDesc,
}

/// One product found.
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    pub product_id: i64,
    /// The cheapest variant that satisfies the option, stock and price filters (in stock
    /// preferred when stock wasn't required).
    pub variant_id: i64,
    pub price_minor: i64,
    /// Higher is better; comparable within one search only.
    pub score: f32,
    pub reason: MatchReason,
}
