//! Catalog rows as the widget shows them: a sellable product with the variant its card
//! shows, loaded one by one or for the hits of a search, and the card built from one.

use shopchat_protocol::{Money, ProductCard};

use crate::db::{self, DbPool};
use crate::links::Links;
use crate::shop::Shop;

use super::SearchHit;

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
    #[sqlx(try_from = "crate::db::Flag")]
    pub in_stock: bool,
    /// Every variant's option values, space-separated (sizes, colours). `string_agg` is the
    /// aggregate both databases know (SQLite since 3.44, bundled by sqlx).
    pub options: String,
}

/// One active, published product of the shop, with the variant its card shows; `None` when
/// the shop has no such product for sale.
pub async fn sellable_product(
    db: &DbPool,
    shop_id: i64,
    product_id: i64,
) -> Result<Option<ProductRow>, sqlx::Error> {
    sqlx::query_as::<_, ProductRow>(
        "select p.id, p.handle, p.title, p.body_text, p.vendor, p.product_type, p.tags,
                p.image_url, p.image_alt,
                v.id as variant_id, v.price_minor, v.compare_at_minor,
                exists (select 1 from variant s where s.product_id = p.id and s.shop_id = p.shop_id
                        and (s.inventory_qty is null or s.inventory_qty > 0 or s.inventory_policy = 'continue')) as in_stock,
                coalesce((select string_agg(coalesce(o.option1, '') || ' ' || coalesce(o.option2, '') || ' ' || coalesce(o.option3, ''), ' ')
                          from variant o where o.product_id = p.id and o.shop_id = p.shop_id), '') as options
         from product p
         join variant v on v.id = (
             select c.id from variant c where c.product_id = p.id and c.shop_id = p.shop_id
             order by (c.inventory_qty is not null and c.inventory_qty <= 0 and c.inventory_policy = 'deny'),
                      c.price_minor, c.position, c.id
             limit 1)
         where p.shop_id = $1 and p.id = $2 and p.status = 'active' and p.published = 1",
    )
    .bind(shop_id)
    .bind(product_id)
    .fetch_optional(db)
    .await
}

/// The products of `hits`, in the hits' order, each with the hit's variant (the one that
/// matched the shopper's size, colour and budget). A product that stopped being sellable
/// since the index was built is left out. `in_stock` is the hit variant's own stock.
pub async fn rows_for_hits(
    db: &DbPool,
    shop_id: i64,
    hits: &[SearchHit],
) -> Result<Vec<ProductRow>, sqlx::Error> {
    if hits.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = db::placeholders(2, hits.len());
    let sql = format!(
        "select p.id, p.handle, p.title, p.body_text, p.vendor, p.product_type, p.tags,
                p.image_url, p.image_alt,
                v.id as variant_id, v.price_minor, v.compare_at_minor,
                (v.inventory_qty is null or v.inventory_qty > 0 or v.inventory_policy = 'continue') as in_stock,
                coalesce((select string_agg(coalesce(o.option1, '') || ' ' || coalesce(o.option2, '') || ' ' || coalesce(o.option3, ''), ' ')
                          from variant o where o.product_id = p.id and o.shop_id = p.shop_id), '') as options
         from variant v
         join product p on p.id = v.product_id and p.shop_id = v.shop_id
         where v.shop_id = $1 and v.id in ({placeholders}) and p.status = 'active' and p.published = 1"
    );
    let mut query = sqlx::query_as::<_, ProductRow>(&sql).bind(shop_id);
    for hit in hits {
        query = query.bind(hit.variant_id);
    }
    let mut rows = query.fetch_all(db).await?;
    // SQL returns them in any order; the search decided the order.
    rows.sort_by_key(|row| hits.iter().position(|hit| hit.variant_id == row.variant_id));
    Ok(rows)
}

/// The card a shopper sees for a product.
pub fn card(
    links: &Links,
    shop: &Shop,
    product: &ProductRow,
    reason: Option<String>,
) -> ProductCard {
    let currency = shop.currency();
    ProductCard {
        product_id: product.id,
        variant_id: product.variant_id,
        title: product.title.clone(),
        price: Money {
            minor: product.price_minor,
            currency,
        },
        compare_at: product
            .compare_at_minor
            .filter(|was| *was > product.price_minor)
            .map(|minor| Money { minor, currency }),
        image_url: product.image_url.as_deref().map(|u| links.absolute(u)),
        image_alt: product.image_alt.clone(),
        url: shop.product_url(links, &product.handle),
        in_stock: product.in_stock,
        reason,
    }
}
