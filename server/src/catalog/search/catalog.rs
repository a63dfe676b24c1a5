//! What the search index is built from: a shop's sellable products with all their variants,
//! read from the database, and a cheap stamp that changes whenever the catalog does.

use std::collections::HashMap;

use crate::db::DbPool;

/// A sellable (active, published) product as the index sees it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogProduct {
    pub id: i64,
    pub title: String,
    pub product_type: String,
    /// Comma-separated, as in Shopify's CSV.
    pub tags: String,
    pub vendor: String,
    /// The description as plain text.
    pub body_text: String,
    /// In the shop's order (position); a product without variants can't be sold or found.
    pub variants: Vec<CatalogVariant>,
}

/// One purchasable variant.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CatalogVariant {
    pub id: i64,
    /// Integer minor units of the shop's currency.
    pub price_minor: i64,
    /// Stock on hand, untracked, or sold on backorder (`continue`).
    pub in_stock: bool,
    /// Its option values (size, colour…), without empty ones.
    pub options: Vec<String>,
}

/// product id, variant id, price, in stock, option1..3.
type VariantRecord = (
    i64,
    i64,
    i64,
    crate::db::Flag,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// Reads the shop's sellable products with their variants.
pub async fn load_catalog(db: &DbPool, shop_id: i64) -> Result<Vec<CatalogProduct>, sqlx::Error> {
    let rows: Vec<(i64, String, String, String, String, String)> = sqlx::query_as(
        "select id, title, product_type, tags, vendor, body_text from product
         where shop_id = $1 and status = 'active' and published = 1 order by id",
    )
    .bind(shop_id)
    .fetch_all(db)
    .await?;
    let mut products: Vec<CatalogProduct> = rows
        .into_iter()
        .map(
            |(id, title, product_type, tags, vendor, body_text)| CatalogProduct {
                id,
                title,
                product_type,
                tags,
                vendor,
                body_text,
                variants: Vec::new(),
            },
        )
        .collect();
    let position: HashMap<i64, usize> = products
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();

    let variants: Vec<VariantRecord> = sqlx::query_as(
        "select v.product_id, v.id, v.price_minor,
                (v.inventory_qty is null or v.inventory_qty > 0 or v.inventory_policy = 'continue') as in_stock,
                v.option1, v.option2, v.option3
         from variant v join product p on p.id = v.product_id and p.shop_id = v.shop_id
         where v.shop_id = $1 and p.status = 'active' and p.published = 1
         order by v.product_id, v.position, v.id",
    )
    .bind(shop_id)
    .fetch_all(db)
    .await?;
    for (product_id, id, price_minor, in_stock, option1, option2, option3) in variants {
        let Some(product) = position.get(&product_id).and_then(|&i| products.get_mut(i)) else {
            continue;
        };
        let options = [option1, option2, option3]
            .into_iter()
            .flatten()
            .filter(|o| !o.trim().is_empty())
            .collect();
        product.variants.push(CatalogVariant {
            id,
            price_minor,
            in_stock: in_stock.into(),
            options,
        });
    }
    products.retain(|p| !p.variants.is_empty());
    Ok(products)
}

/// Changes whenever a product or variant of the shop is added, removed or updated: the shop's
/// catalog version (bumped in the transaction of every import, edit and stock move that the
/// index shows), and the counts and latest `updated_at` for rows written without it. So a
/// running instance notices a change made through another one, or by another process such as
/// `shopchat import-catalog`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogStamp {
    version: i64,
    products: i64,
    products_updated: String,
    variants: i64,
    variants_updated: String,
}

pub async fn catalog_stamp(db: &DbPool, shop_id: i64) -> Result<CatalogStamp, sqlx::Error> {
    let (products, products_updated, variants, variants_updated): (i64, String, i64, String) =
        sqlx::query_as(
            "select (select count(*) from product where shop_id = $1),
                (select coalesce(max(updated_at), '') from product where shop_id = $2),
                (select count(*) from variant where shop_id = $3),
                (select coalesce(max(updated_at), '') from variant where shop_id = $4)",
        )
        .bind(shop_id)
        .bind(shop_id)
        .bind(shop_id)
        .bind(shop_id)
        .fetch_one(db)
        .await?;
    let version: i64 =
        sqlx::query_scalar("select coalesce(max(catalog_version), 0) from shop where id = $1")
            .bind(shop_id)
            .fetch_one(db)
            .await?;
    Ok(CatalogStamp {
        version,
        products,
        products_updated,
        variants,
        variants_updated,
    })
}
