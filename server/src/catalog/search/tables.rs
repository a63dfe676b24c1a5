//! Per-variant data kept beside the index, compact and in memory: what the document-level
//! index can't answer exactly — "one variant that is size M *and* blue *and* in stock, under
//! 50" — and which variant a hit shows (the cheapest one that satisfies the filters).

use std::collections::HashMap;

use super::analysis::KeyNormaliser;
use super::catalog::CatalogProduct;
use super::schema::lookup_keys;

/// A product's row: its id and its variants' range in [`Tables::variants`].
#[derive(Debug, Clone, Copy)]
pub(super) struct ProductEntry {
    pub product_id: i64,
    pub first_variant: u32,
    pub variant_count: u32,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct VariantEntry {
    pub id: i64,
    pub price_minor: i64,
    pub in_stock: bool,
    /// Interned option values (1-based ids into the value list); 0 when absent.
    pub options: [u32; 3],
}

#[derive(Debug, Default)]
pub(super) struct Tables {
    /// Indexed by the document's `ord`.
    pub products: Vec<ProductEntry>,
    pub variants: Vec<VariantEntry>,
    /// Lookup key (see [`lookup_keys`]) → the ids of the option values it finds.
    option_values: HashMap<String, Vec<u32>>,
    interned: HashMap<String, u32>,
}

impl Tables {
    /// Adds a product's row; its `ord` is the number of products added before it.
    pub fn push(&mut self, product: &CatalogProduct, keys: &mut KeyNormaliser) {
        let first_variant = u32::try_from(self.variants.len()).unwrap_or(u32::MAX);
        for variant in &product.variants {
            let mut options = [0; 3];
            for (slot, value) in options.iter_mut().zip(&variant.options) {
                *slot = self.intern(&keys.key(value));
            }
            self.variants.push(VariantEntry {
                id: variant.id,
                price_minor: variant.price_minor,
                in_stock: variant.in_stock,
                options,
            });
        }
        let variant_count = u32::try_from(product.variants.len()).unwrap_or(u32::MAX);
        self.products.push(ProductEntry {
            product_id: product.id,
            first_variant,
            variant_count,
        });
    }

    fn intern(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.interned.get(key) {
            return id;
        }
        let id = u32::try_from(self.interned.len() + 1).unwrap_or(u32::MAX);
        self.interned.insert(key.to_owned(), id);
        for lookup in lookup_keys(key) {
            self.option_values.entry(lookup).or_default().push(id);
        }
        id
    }

    /// The ids of the option values an already-normalised shopper value finds.
    pub fn option_ids(&self, key: &str) -> &[u32] {
        self.option_values
            .get(key)
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    pub fn variants_of(&self, product: &ProductEntry) -> &[VariantEntry] {
        let from = product.first_variant as usize;
        self.variants
            .get(from..from + product.variant_count as usize)
            .unwrap_or(&[])
    }

    /// Bytes held, roughly: the vectors and the option-value maps.
    pub fn heap_bytes(&self) -> usize {
        let strings: usize = self
            .interned
            .keys()
            .map(|k| k.capacity() + 40)
            .sum::<usize>()
            + self
                .option_values
                .iter()
                .map(|(k, ids)| k.capacity() + 4 * ids.capacity() + 64)
                .sum::<usize>();
        self.products.capacity() * std::mem::size_of::<ProductEntry>()
            + self.variants.capacity() * std::mem::size_of::<VariantEntry>()
            + strings
    }
}

/// What a variant must satisfy for its product to be a hit.
#[derive(Debug, Clone, Default)]
pub(super) struct VariantFilter {
    pub price_min: Option<i64>,
    pub price_max: Option<i64>,
    pub in_stock_only: bool,
    /// One entry per shopper option value: the option-value ids that satisfy it.
    pub options: Vec<Vec<u32>>,
    /// Sorted product ids the shopper has already seen.
    pub excluded: Vec<i64>,
}

impl VariantFilter {
    fn accepts(&self, variant: &VariantEntry) -> bool {
        self.price_min.is_none_or(|min| variant.price_minor >= min)
            && self.price_max.is_none_or(|max| variant.price_minor <= max)
            && (variant.in_stock || !self.in_stock_only)
            && self.options.iter().all(|wanted| {
                variant
                    .options
                    .iter()
                    .any(|o| *o != 0 && wanted.contains(o))
            })
    }

    /// The variant a hit shows: the cheapest accepted one, preferring what is in stock.
    /// `None` when no variant is accepted or the product is excluded.
    pub fn choose<'t>(
        &self,
        tables: &'t Tables,
        product: &ProductEntry,
    ) -> Option<&'t VariantEntry> {
        if self.excluded.binary_search(&product.product_id).is_ok() {
            return None;
        }
        tables
            .variants_of(product)
            .iter()
            .filter(|v| self.accepts(v))
            .min_by_key(|v| (!v.in_stock, v.price_minor))
    }
}
