//! The per-shop registry over a real database: built on first search from sellable products
//! only, rebuilt after `invalidate`/`refresh`, and aware of changes made by other processes.

use std::time::{Duration, Instant};

use super::super::SearchIndexes;
use super::SearchQuery;
use crate::db::DbPool;
use crate::shop::Shop;

async fn database() -> DbPool {
    crate::db::in_memory().await.expect("an in-memory database")
}

async fn shop(db: &DbPool, key: &str, locale: &str) -> Shop {
    let id: i64 = sqlx::query_scalar(
        "insert into shop (public_key, name, locale) values ($1, 'Test', $2) returning id",
    )
    .bind(key)
    .bind(locale)
    .fetch_one(db)
    .await
    .expect("a shop");
    Shop::by_id(db, id).await.expect("the shop")
}

async fn add_product(
    db: &DbPool,
    shop: &Shop,
    handle: &str,
    title: &str,
    status: &str,
    published: bool,
) -> i64 {
    let id: i64 = sqlx::query_scalar(
        "insert into product (shop_id, handle, title, status, published) values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(shop.id)
    .bind(handle)
    .bind(title)
    .bind(status)
    .bind(published)
    .fetch_one(db)
    .await
    .expect("a product");
    sqlx::query("insert into variant (shop_id, product_id, price_minor, inventory_qty) values ($1, $2, 2500, 3)")
        .bind(shop.id)
        .bind(id)
        .execute(db)
        .await
        .expect("a variant");
    id
}

async fn found(indexes: &SearchIndexes, db: &DbPool, shop: &Shop, text: &str) -> Vec<i64> {
    let hits = indexes
        .search(db, shop, &SearchQuery::text(text))
        .await
        .expect("the search runs");
    hits.iter().map(|h| h.product_id).collect()
}

#[tokio::test]
async fn the_first_search_builds_the_shops_index_from_sellable_products_only() {
    let db = database().await;
    let shop_a = shop(&db, "shop-a", "en").await;
    let shop_b = shop(&db, "shop-b", "es").await;
    let active = add_product(&db, &shop_a, "beanie", "Wool Beanie", "active", true).await;
    add_product(&db, &shop_a, "beanie-draft", "Draft Beanie", "draft", true).await;
    add_product(
        &db,
        &shop_a,
        "beanie-hidden",
        "Hidden Beanie",
        "active",
        false,
    )
    .await;
    let other = add_product(&db, &shop_b, "gorro", "Gorro de lana", "active", true).await;
    let indexes = SearchIndexes::new();

    assert_eq!(found(&indexes, &db, &shop_a, "beanie").await, [active]);
    assert!(
        found(&indexes, &db, &shop_a, "gorro").await.is_empty(),
        "another shop's product"
    );
    assert_eq!(found(&indexes, &db, &shop_b, "gorros").await, [other]);
}

#[tokio::test]
async fn after_invalidate_or_refresh_a_search_sees_the_changed_catalog() {
    let db = database().await;
    let shop = shop(&db, "shop-a", "en").await;
    add_product(&db, &shop, "beanie", "Wool Beanie", "active", true).await;
    let indexes = SearchIndexes::new();
    assert!(found(&indexes, &db, &shop, "scarf").await.is_empty());

    let scarf = add_product(&db, &shop, "scarf", "Wool Scarf", "active", true).await;
    indexes.invalidate(shop.id).await;
    assert_eq!(found(&indexes, &db, &shop, "scarf").await, [scarf]);

    let mitten = add_product(&db, &shop, "mitten", "Wool Mitten", "active", true).await;
    indexes
        .refresh(&db, &shop)
        .await
        .expect("the index rebuilds");
    assert_eq!(found(&indexes, &db, &shop, "mitten").await, [mitten]);
}

#[tokio::test]
async fn a_change_made_by_another_process_is_picked_up_without_invalidate() {
    let db = database().await;
    let shop = shop(&db, "shop-a", "en").await;
    add_product(&db, &shop, "beanie", "Wool Beanie", "active", true).await;
    let indexes = SearchIndexes::with_recheck_interval(Duration::ZERO);
    assert!(found(&indexes, &db, &shop, "scarf").await.is_empty());

    // As `shopchat import-catalog` would, straight into the database.
    let scarf = add_product(&db, &shop, "scarf", "Wool Scarf", "active", true).await;

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if found(&indexes, &db, &shop, "scarf").await == [scarf] {
            break;
        }
        assert!(Instant::now() < deadline, "the new product never showed up");
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn a_bumped_catalog_version_rebuilds_the_index_even_when_no_timestamp_moved() {
    let db = database().await;
    let shop = shop(&db, "shop-a", "en").await;
    let beanie = add_product(&db, &shop, "beanie", "Wool Beanie", "active", true).await;
    let indexes = SearchIndexes::with_recheck_interval(Duration::ZERO);
    assert!(found(&indexes, &db, &shop, "toque").await.is_empty());

    // Renamed with `updated_at` left as it was: only the version says the catalog changed.
    let mut tx = crate::db::begin_write(&db).await.expect("a transaction");
    sqlx::query("update product set title = 'Wool Toque' where id = $1")
        .bind(beanie)
        .execute(&mut *tx)
        .await
        .expect("renamed");
    crate::shop::bump_catalog_version(&mut tx, shop.id)
        .await
        .expect("bumped");
    tx.commit().await.expect("committed");

    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if found(&indexes, &db, &shop, "toque").await == [beanie] {
            break;
        }
        assert!(Instant::now() < deadline, "the rename never showed up");
        tokio::task::yield_now().await;
    }
}
