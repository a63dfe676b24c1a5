//! A first product search: scores the shop's sellable products by the words of a request.
//! Small catalogs only; the assistant issue replaces it with a real search index.

use shopchat_protocol::{Money, ProductCard};

use crate::db::DbPool;
use crate::shop::Shop;
use crate::state::AppState;

/// A sellable product with the variant its card shows (the cheapest one in stock).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub handle: String,
    pub title: String,
    pub body_text: String,
    pub vendor: String,
    pub product_type: String,
    pub tags: String,
    pub image_url: Option<String>,
    pub image_alt: Option<String>,
    pub variant_id: i64,
    pub price_minor: i64,
    pub compare_at_minor: Option<i64>,
    pub in_stock: bool,
    /// Every variant's option values, space-separated (sizes, colours).
    pub options: String,
}

/// Active, published products of one shop.
pub async fn sellable_products(db: &DbPool, shop_id: i64) -> Result<Vec<ProductRow>, sqlx::Error> {
    sqlx::query_as::<_, ProductRow>(
        "select p.id, p.handle, p.title, p.body_text, p.vendor, p.product_type, p.tags,
                p.image_url, p.image_alt,
                v.id as variant_id, v.price_minor, v.compare_at_minor,
                exists (select 1 from variant s where s.product_id = p.id and s.shop_id = p.shop_id
                        and (s.inventory_qty is null or s.inventory_qty > 0 or s.inventory_policy = 'continue')) as in_stock,
                coalesce((select group_concat(coalesce(o.option1, '') || ' ' || coalesce(o.option2, '') || ' ' || coalesce(o.option3, ''), ' ')
                          from variant o where o.product_id = p.id and o.shop_id = p.shop_id), '') as options
         from product p
         join variant v on v.id = (
             select c.id from variant c where c.product_id = p.id and c.shop_id = p.shop_id
             order by (c.inventory_qty is not null and c.inventory_qty <= 0 and c.inventory_policy = 'deny'),
                      c.price_minor, c.position, c.id
             limit 1)
         where p.shop_id = ? and p.status = 'active' and p.published = 1
         order by p.id",
    )
    .bind(shop_id)
    .fetch_all(db)
    .await
}

/// Lower case, accents folded, split into words.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// Crude English/Spanish singular, enough to match "hoodies" with "hoodie", "zapatos" with "zapato".
/// Both sides of a comparison go through it, so consistency matters more than grammar.
pub fn stem(word: &str) -> &str {
    if word.ends_with("ss") {
        return word;
    }
    if let Some(base) = word.strip_suffix("es") {
        if ["sh", "ch", "ss", "x", "z"].iter().any(|end| base.ends_with(end)) {
            return base;
        }
    }
    match word.strip_suffix('s') {
        Some(base) if base.len() >= 3 => base,
        _ => word,
    }
}

/// Scores a product against the request's words; 0 means no match.
pub fn score(product: &ProductRow, terms: &[String]) -> u32 {
    let fields: [(&str, u32); 6] = [
        (&product.title, 4),
        (&product.product_type, 4),
        (&product.tags, 2),
        (&product.options, 1),
        (&product.vendor, 1),
        (&product.body_text, 1),
    ];
    let mut total = 0;
    for term in terms {
        let term = stem(term);
        let best = fields
            .iter()
            .filter(|(text, _)| words(text).iter().any(|w| stem(w) == term))
            .map(|(_, weight)| *weight)
            .max()
            .unwrap_or(0);
        total += best;
    }
    total
}

/// The card a shopper sees for a product.
pub fn card(state: &AppState, shop: &Shop, product: &ProductRow, reason: Option<String>) -> ProductCard {
    let currency = shop.currency();
    ProductCard {
        product_id: product.id,
        variant_id: product.variant_id,
        title: product.title.clone(),
        price: Money { minor: product.price_minor, currency },
        compare_at: product
            .compare_at_minor
            .filter(|was| *was > product.price_minor)
            .map(|minor| Money { minor, currency }),
        image_url: product.image_url.as_deref().map(|u| state.absolute_url(u)),
        image_alt: product.image_alt.clone(),
        url: shop.product_url(state, &product.handle),
        in_stock: product.in_stock,
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_and_accents() {
        assert_eq!(words("¡Zapatillas MÁS baratas!"), vec!["zapatillas", "mas", "baratas"]);
    }

    #[test]
    fn plurals_reduce_to_their_singular() {
        assert_eq!(stem("hoodies"), "hoodie");
        assert_eq!(stem("jackets"), "jacket");
        assert_eq!(stem("dresses"), "dress");
        assert_eq!(stem("zapatillas"), "zapatilla");
        assert_eq!(stem("glass"), "glass");
    }
}
