//! What the parser makes of a file: products with their variants and images, ready to store.

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
    /// In file order; never empty for a product in
    /// [`ParseOutcome::products`](super::ParseOutcome::products).
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
