//! Writing parsed products into a shop's catalog: one upsert transaction per product.

use crate::db::DbPool;

use crate::db;

use super::{ParsedProduct, ParsedVariant, SkippedRow};

/// What [`store_products`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreReport {
    pub products_stored: usize,
    pub variants_stored: usize,
    pub images_stored: usize,
    /// Products whose transaction failed; the others are stored regardless.
    pub failed: Vec<SkippedRow>,
}

/// Upserts products into a shop's catalog by (shop, handle). A product already there gets
/// its fields updated; its variants are matched up by option values and updated in place
/// (so their ids stay stable), new ones inserted and ones missing from the file deleted;
/// its images are replaced. Products missing from `products` are left alone. One transaction per product, so a product the
/// database refuses is reported in [`StoreReport::failed`] and the rest are still stored.
///
/// Fails as a whole when the shop doesn't exist (`RowNotFound`) or no transaction can start.
pub async fn store_products(
    pool: &DbPool,
    shop_id: i64,
    products: &[ParsedProduct],
) -> Result<StoreReport, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("select id from shop where id = $1")
        .bind(shop_id)
        .fetch_optional(pool)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;

    let mut report = StoreReport::default();
    for product in products {
        let mut tx = pool.begin().await?;
        let written = match write_product(&mut tx, shop_id, product).await {
            Ok(()) => crate::shop::bump_catalog_version(&mut tx, shop_id).await,
            Err(error) => Err(error),
        };
        let stored = match written {
            Ok(()) => tx.commit().await,
            // Dropping the transaction rolls the product back.
            Err(error) => Err(error),
        };
        match stored {
            Ok(()) => {
                report.products_stored += 1;
                report.variants_stored += product.variants.len();
                report.images_stored += product.images.len();
            }
            Err(error) => report.failed.push(SkippedRow {
                line: product.line,
                handle: Some(product.handle.clone()),
                reason: format!("the database refused the product: {error}"),
            }),
        }
    }
    Ok(report)
}

async fn write_product(
    tx: &mut crate::db::DbConn,
    shop_id: i64,
    product: &ParsedProduct,
) -> Result<(), sqlx::Error> {
    let main_image = product.main_image();
    let [option1_name, option2_name, option3_name] = &product.option_names;
    let product_id: i64 = sqlx::query_scalar(
        "insert into product (shop_id, handle, title, body_html, body_text, vendor, product_type, \
             tags, status, published, option1_name, option2_name, option3_name, image_url, image_alt) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         on conflict (shop_id, handle) do update set \
             title = excluded.title, body_html = excluded.body_html, body_text = excluded.body_text, \
             vendor = excluded.vendor, product_type = excluded.product_type, tags = excluded.tags, \
             status = excluded.status, published = excluded.published, \
             option1_name = excluded.option1_name, option2_name = excluded.option2_name, \
             option3_name = excluded.option3_name, image_url = excluded.image_url, \
             image_alt = excluded.image_alt, \
             updated_at = $16 \
         returning id",
    )
    .bind(shop_id)
    .bind(&product.handle)
    .bind(&product.title)
    .bind(&product.body_html)
    .bind(&product.body_text)
    .bind(&product.vendor)
    .bind(&product.product_type)
    .bind(product.tags.join(", "))
    .bind(product.status.as_str())
    .bind(crate::db::Flag(product.published))
    .bind(option1_name)
    .bind(option2_name)
    .bind(option3_name)
    .bind(main_image.map(|image| &image.src))
    .bind(main_image.and_then(|image| image.alt.as_ref()))
    .bind(db::now())
    .fetch_one(&mut *tx)
    .await?;

    // Variant ids must survive a re-import: product cards already shown in chats (and,
    // later, orders) refer to them. So an existing variant is matched by its option values
    // and updated in place. Options rather than SKU: the option combination is what
    // identifies a variant in Shopify and the parser guarantees it is unique within a
    // product, whereas a SKU may be empty, repeated or edited by the merchant (and a SKU
    // change is then just another field to update). `is` makes NULL options match NULL.
    let existing: Vec<i64> = sqlx::query_scalar(
        "select id from variant where shop_id = $1 and product_id = $2 order by position, id",
    )
    .bind(shop_id)
    .bind(product_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut kept: Vec<i64> = Vec::with_capacity(product.variants.len());
    for (position, variant) in (1_i64..).zip(&product.variants) {
        let [option1, option2, option3] = &variant.options;
        let candidates: Vec<i64> = sqlx::query_scalar(
            "select id from variant where shop_id = $1 and product_id = $2 \
                 and option1 is not distinct from $3 and option2 is not distinct from $4 \
                 and option3 is not distinct from $5 \
             order by position, id",
        )
        .bind(shop_id)
        .bind(product_id)
        .bind(option1)
        .bind(option2)
        .bind(option3)
        .fetch_all(&mut *tx)
        .await?;
        // Each stored row is claimed at most once, in case older data holds duplicates.
        let matched = candidates.into_iter().find(|id| !kept.contains(id));
        let id = match matched {
            Some(id) => {
                update_variant(tx, shop_id, id, position, variant).await?;
                id
            }
            None => insert_variant(tx, shop_id, product_id, position, variant).await?,
        };
        kept.push(id);
    }
    // The file is the whole truth about the product: variants it no longer lists go.
    for id in existing.into_iter().filter(|id| !kept.contains(id)) {
        sqlx::query("delete from variant where id = $1 and shop_id = $2")
            .bind(id)
            .bind(shop_id)
            .execute(&mut *tx)
            .await?;
    }

    // Images are still replaced rather than matched up: nothing refers to an image id
    // (the product and its variants keep image URLs), so new ids cost nothing.
    sqlx::query("delete from product_image where shop_id = $1 and product_id = $2")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;

    for image in &product.images {
        sqlx::query(
            "insert into product_image (shop_id, product_id, src, alt, position) values ($1, $2, $3, $4, $5)",
        )
        .bind(shop_id)
        .bind(product_id)
        .bind(&image.src)
        .bind(&image.alt)
        .bind(image.position)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Updates a stored variant in place to what the file says; its options already match.
async fn update_variant(
    tx: &mut crate::db::DbConn,
    shop_id: i64,
    id: i64,
    position: i64,
    variant: &ParsedVariant,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update variant set position = $1, sku = $2, price_minor = $3, compare_at_minor = $4, \
             inventory_qty = $5, inventory_policy = $6, requires_shipping = $7, taxable = $8, \
             grams = $9, image_url = $10, updated_at = $13 \
         where id = $11 and shop_id = $12",
    )
    .bind(position)
    .bind(&variant.sku)
    .bind(variant.price_minor)
    .bind(variant.compare_at_minor)
    .bind(variant.inventory_qty)
    .bind(variant.inventory_policy.as_str())
    .bind(crate::db::Flag(variant.requires_shipping))
    .bind(crate::db::Flag(variant.taxable))
    .bind(variant.grams)
    .bind(&variant.image_url)
    .bind(id)
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Inserts a variant the product didn't have yet and returns its id.
async fn insert_variant(
    tx: &mut crate::db::DbConn,
    shop_id: i64,
    product_id: i64,
    position: i64,
    variant: &ParsedVariant,
) -> Result<i64, sqlx::Error> {
    let [option1, option2, option3] = &variant.options;
    sqlx::query_scalar(
        "insert into variant (shop_id, product_id, position, sku, option1, option2, option3, \
             price_minor, compare_at_minor, inventory_qty, inventory_policy, requires_shipping, \
             taxable, grams, image_url) \
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         returning id",
    )
    .bind(shop_id)
    .bind(product_id)
    .bind(position)
    .bind(&variant.sku)
    .bind(option1)
    .bind(option2)
    .bind(option3)
    .bind(variant.price_minor)
    .bind(variant.compare_at_minor)
    .bind(variant.inventory_qty)
    .bind(variant.inventory_policy.as_str())
    .bind(crate::db::Flag(variant.requires_shipping))
    .bind(crate::db::Flag(variant.taxable))
    .bind(variant.grams)
    .bind(&variant.image_url)
    .fetch_one(&mut *tx)
    .await
}
