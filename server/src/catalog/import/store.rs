//! Writing parsed products into a shop's catalog: one upsert transaction per product.

use sqlx::SqlitePool;

use super::{ParsedProduct, SkippedRow};

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
/// its fields updated and its variants and images replaced (so their ids change); products
/// missing from `products` are left alone. One transaction per product, so a product the
/// database refuses is reported in [`StoreReport::failed`] and the rest are still stored.
///
/// Fails as a whole when the shop doesn't exist (`RowNotFound`) or no transaction can start.
pub async fn store_products(
    pool: &SqlitePool,
    shop_id: i64,
    products: &[ParsedProduct],
) -> Result<StoreReport, sqlx::Error> {
    sqlx::query_scalar::<_, i64>("select id from shop where id = ?")
        .bind(shop_id)
        .fetch_optional(pool)
        .await?
        .ok_or(sqlx::Error::RowNotFound)?;

    let mut report = StoreReport::default();
    for product in products {
        let mut tx = pool.begin().await?;
        let stored = match write_product(&mut tx, shop_id, product).await {
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
    tx: &mut sqlx::SqliteConnection,
    shop_id: i64,
    product: &ParsedProduct,
) -> Result<(), sqlx::Error> {
    let main_image = product.main_image();
    let [option1_name, option2_name, option3_name] = &product.option_names;
    let product_id: i64 = sqlx::query_scalar(
        "insert into product (shop_id, handle, title, body_html, body_text, vendor, product_type, \
             tags, status, published, option1_name, option2_name, option3_name, image_url, image_alt) \
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) \
         on conflict (shop_id, handle) do update set \
             title = excluded.title, body_html = excluded.body_html, body_text = excluded.body_text, \
             vendor = excluded.vendor, product_type = excluded.product_type, tags = excluded.tags, \
             status = excluded.status, published = excluded.published, \
             option1_name = excluded.option1_name, option2_name = excluded.option2_name, \
             option3_name = excluded.option3_name, image_url = excluded.image_url, \
             image_alt = excluded.image_alt, \
             updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') \
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
    .bind(product.published)
    .bind(option1_name)
    .bind(option2_name)
    .bind(option3_name)
    .bind(main_image.map(|image| &image.src))
    .bind(main_image.and_then(|image| image.alt.as_ref()))
    .fetch_one(&mut *tx)
    .await?;

    // Replaced rather than matched up: the file is the whole truth about the product.
    sqlx::query("delete from variant where shop_id = ? and product_id = ?")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("delete from product_image where shop_id = ? and product_id = ?")
        .bind(shop_id)
        .bind(product_id)
        .execute(&mut *tx)
        .await?;

    for (position, variant) in (1_i64..).zip(&product.variants) {
        let [option1, option2, option3] = &variant.options;
        sqlx::query(
            "insert into variant (shop_id, product_id, position, sku, option1, option2, option3, \
                 price_minor, compare_at_minor, inventory_qty, inventory_policy, requires_shipping, \
                 taxable, grams, image_url) \
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
        .bind(variant.requires_shipping)
        .bind(variant.taxable)
        .bind(variant.grams)
        .bind(&variant.image_url)
        .execute(&mut *tx)
        .await?;
    }

    for image in &product.images {
        sqlx::query(
            "insert into product_image (shop_id, product_id, src, alt, position) values (?, ?, ?, ?, ?)",
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
