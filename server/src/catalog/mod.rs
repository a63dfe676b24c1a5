//! The shop's catalog: products and variants, the Shopify CSV importer, the demo catalog,
//! and product lookup for the assistant.

pub mod import;
pub mod search;

use std::path::Path;

use anyhow::Context;

use crate::db::{self, DbPool};
use crate::shop::{Shop, ShopKey, DEMO_SHOP_KEY};

/// The project's own demo catalog (Shopify product-CSV format), built into the binary.
const DEMO_CATALOG: &str = include_str!("../../demo/catalog.csv");

/// Imports a Shopify product CSV file into the shop with this public key.
///
/// A server running meanwhile (another process) sees the new catalog within seconds: its
/// search index checks the catalog's stamp. In-process importers and editors that hold the
/// `SearchIndexes` call [`search::SearchIndexes::invalidate`] to make it immediate.
pub async fn import_file(
    pool: &DbPool,
    shop_key: &str,
    file: &Path,
) -> anyhow::Result<import::ImportReport> {
    let key = ShopKey::parse(shop_key)
        .map_err(|_| anyhow::anyhow!("{shop_key:?} is not a valid shop key"))?;
    let shop = Shop::by_key(pool, &key)
        .await
        .map_err(|_| anyhow::anyhow!("no shop has the key {shop_key:?}"))?;
    let reader =
        std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let report = import::import_shopify_csv(pool, shop.id, shop.currency(), reader)
        .await
        .with_context(|| format!("importing {}", file.display()))?;
    Ok(report)
}

/// Creates the demo shop and its catalog unless it exists. Returns true when it was created.
/// It charges like a typical US shop: $5.00 flat shipping, free from $75, 8.25 % sales tax on top;
/// it ships to five countries, in 2–5 days at home and 5–12 abroad, after a day to prepare.
/// Runs at start-up before any search index exists, so there is none to invalidate.
pub async fn ensure_demo_shop(pool: &DbPool) -> anyhow::Result<bool> {
    let exists: Option<i64> = sqlx::query_scalar("select id from shop where public_key = $1")
        .bind(DEMO_SHOP_KEY)
        .fetch_optional(pool)
        .await?;
    if exists.is_some() {
        return Ok(false);
    }
    let shop_id: i64 = sqlx::query_scalar(
        r#"insert into shop (public_key, name, locale, currency, greeting, product_url_template,
                           shipping_flat_minor, free_shipping_over_minor, tax_rate_bps, tax_inclusive,
                           ship_to_countries, processing_days, transit_days_min, transit_days_max,
                           transit_by_country, time_zone)
         values ($1, 'Northwind Demo Shop', 'en', 'USD', null, '/demo/#product-{handle}',
                 500, 7500, 825, 0,
                 '["US","CA","MX","ES","GB"]', 1, 2, 5,
                 '{"CA":[5,9],"MX":[6,10],"ES":[7,12],"GB":[6,10]}', 'America/New_York')
         returning id"#,
    )
    .bind(DEMO_SHOP_KEY)
    .fetch_one(pool)
    .await?;
    let currency = Shop::by_id(pool, shop_id)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .currency();
    let report = import::import_shopify_csv(pool, shop_id, currency, DEMO_CATALOG.as_bytes())
        .await
        .context("importing the demo catalog")?;
    if !report.skipped.is_empty() {
        tracing::warn!(%report, "the demo catalog has rows that were skipped");
    }
    tracing::info!(products = report.products_imported, "created the demo shop");
    Ok(true)
}

/// Switches the demo shop to Stripe with the keys from the configuration (`STRIPE_*`),
/// stored sealed.
pub async fn set_demo_stripe_keys(
    pool: &DbPool,
    secrets: &crate::sealed::SealingKey,
    keys: &crate::config::StripeKeys,
) -> anyhow::Result<()> {
    use crate::sealed::SecretColumn;
    use secrecy::ExposeSecret;
    let shop_id: i64 = sqlx::query_scalar("select id from shop where public_key = $1")
        .bind(DEMO_SHOP_KEY)
        .fetch_one(pool)
        .await
        .context("finding the demo shop")?;
    sqlx::query(
        "update shop set stripe_secret_key = $1, stripe_publishable_key = $2, stripe_webhook_secret = $3,
                updated_at = $5
         where id = $4",
    )
    .bind(secrets.seal(
        shop_id,
        SecretColumn::StripeSecretKey,
        keys.secret_key.expose_secret(),
    ))
    .bind(&keys.publishable_key)
    .bind(keys.webhook_secret.as_ref().map(|s| {
        secrets.seal(
            shop_id,
            SecretColumn::StripeWebhookSecret,
            s.expose_secret(),
        )
    }))
    .bind(shop_id)
    .bind(db::now())
    .execute(pool)
    .await
    .context("storing the demo shop's Stripe keys")?;
    Ok(())
}
