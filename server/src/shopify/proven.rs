//! Shopify orders a conversation proved by number and email. Only the number and email are
//! kept: the order is looked up in Shopify again each time, so follow-ups ("and where is it
//! now?") show it as it is then.

use crate::db::{self, DbPool};

/// A Shopify order the conversation proved.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ProvenShopifyOrder {
    pub order_number: i64,
    pub email: String,
}

pub async fn remember(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
    order_number: i64,
    email: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into conversation_shopify_order (shop_id, conversation_id, order_number, email)
         values ($1, $2, $3, $4)
         on conflict (conversation_id, order_number) do update set email = excluded.email,
             created_at = $5",
    )
    .bind(shop_id)
    .bind(conversation_id)
    .bind(order_number)
    .bind(email.trim())
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(())
}

/// The conversation's proven Shopify orders, the most recently proven first.
pub async fn proven(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
) -> Result<Vec<ProvenShopifyOrder>, sqlx::Error> {
    sqlx::query_as(
        "select order_number, email from conversation_shopify_order
         where shop_id = $1 and conversation_id = $2 order by created_at desc, order_number desc",
    )
    .bind(shop_id)
    .bind(conversation_id)
    .fetch_all(db)
    .await
}
