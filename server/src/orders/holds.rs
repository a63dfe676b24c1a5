//! Stock held by unpaid orders. A new order holds one unit while the shopper pays (see
//! [`super::expiry`]); so that one conversation can't mark a shop's stock sold out, a
//! conversation keeps at most one unpaid order — a new one replaces the old hold — and the
//! merchant can see every hold and release one (the order is canceled, its unit back in stock).

use shopchat_protocol::OrderStatus;

use super::status;
use super::transition::move_order;
use crate::audit::Actor;
use crate::db::{self, DbPool, DbTx};
use crate::error::ApiError;

/// Why an order replaced by a newer one of the same conversation was canceled.
pub const REPLACED: &str = "replaced by a newer order in the same conversation";

/// Why an order whose hold the merchant released was canceled.
pub const RELEASED: &str = "hold released by the merchant";

/// Cancels the unpaid orders of a conversation (other than `keep`), inside the transaction
/// creating its new order; returns how many.
pub async fn replace_in_conversation(
    tx: &mut DbTx,
    shop_id: i64,
    conversation_id: &str,
    keep: &str,
) -> Result<usize, ApiError> {
    let open: Vec<String> = sqlx::query_scalar(
        "select id from shop_order
         where shop_id = $1 and conversation_id = $2 and id <> $3
           and status in ('awaiting_payment', 'payment_failed')",
    )
    .bind(shop_id)
    .bind(conversation_id)
    .bind(keep)
    .fetch_all(&mut **tx)
    .await?;
    let mut canceled = 0;
    for id in open {
        if move_order(
            tx,
            &id,
            shop_id,
            OrderStatus::Canceled,
            Actor::System,
            REPLACED,
        )
        .await?
        {
            canceled += 1;
        }
    }
    Ok(canceled)
}

/// How many of the shop's unpaid orders hold stock.
pub async fn count(db: &DbPool, shop_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "select count(*) from shop_order
         where shop_id = $1 and stock_reserved = 1
           and status in ('awaiting_payment', 'payment_failed')",
    )
    .bind(shop_id)
    .fetch_one(db)
    .await
}

/// The merchant releases an unpaid order's hold: the order is canceled and its unit goes back
/// to stock. False when the order is no longer unpaid (a payment landed first).
pub async fn release(db: &DbPool, shop_id: i64, order_id: &str) -> Result<bool, ApiError> {
    let mut tx = db::begin_write(db).await?;
    let current: Option<String> =
        sqlx::query_scalar("select status from shop_order where id = $1 and shop_id = $2")
            .bind(order_id)
            .bind(shop_id)
            .fetch_optional(&mut *tx)
            .await?;
    let unpaid = current
        .as_deref()
        .and_then(status::parse)
        .is_some_and(status::is_unpaid);
    let released = unpaid
        && move_order(
            &mut tx,
            order_id,
            shop_id,
            OrderStatus::Canceled,
            Actor::Merchant,
            RELEASED,
        )
        .await?;
    tx.commit().await?;
    if released {
        tracing::info!(
            order = order_id,
            "a merchant released an order's stock hold"
        );
    }
    Ok(released)
}
