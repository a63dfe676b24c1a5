//! The page a conversation was opened from: the product on screen (so "do you have this in
//! M?" means that product) and the cart's item count. A product is looked up by handle or id
//! within the conversation's shop only.

use crate::db::DbPool;
use crate::error::ApiError;

/// Longest product reference (handle or id) kept from a page.
const MAX_PRODUCT_CHARS: usize = 255;

/// The catalog product the shopper is looking at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageProduct {
    pub id: i64,
    pub title: String,
}

/// The product of this shop a page names by handle (`hooded-sweatshirt`) or catalog id.
pub async fn resolve_product(
    db: &DbPool,
    shop_id: i64,
    reference: &str,
) -> Result<Option<i64>, ApiError> {
    let reference = reference.trim();
    if reference.is_empty() || reference.chars().count() > MAX_PRODUCT_CHARS {
        return Ok(None);
    }
    let by_handle: Option<i64> =
        sqlx::query_scalar("select id from product where shop_id = ? and handle = ?")
            .bind(shop_id)
            .bind(reference)
            .fetch_optional(db)
            .await?;
    if by_handle.is_some() {
        return Ok(by_handle);
    }
    let Ok(id) = reference.parse::<i64>() else {
        return Ok(None);
    };
    Ok(
        sqlx::query_scalar("select id from product where shop_id = ? and id = ?")
            .bind(shop_id)
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// The product page the conversation was opened on, if it named a product of the shop.
pub async fn page_product(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
) -> Result<Option<PageProduct>, ApiError> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "select p.id, p.title from conversation c
         join product p on p.id = c.page_product_id and p.shop_id = c.shop_id
         where c.id = ? and c.shop_id = ?",
    )
    .bind(conversation_id)
    .bind(shop_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, title)| PageProduct { id, title }))
}

/// Cuts what a page sent to a bounded length, on a character boundary.
pub fn bounded(text: &str) -> String {
    text.trim().chars().take(MAX_PRODUCT_CHARS).collect()
}
