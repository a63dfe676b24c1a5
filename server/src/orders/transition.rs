//! The one way an order's status changes: [`move_order`], inside the caller's transaction, so
//! the status, the stock, the order's history and its audit entry change together or not at all.

use shopchat_protocol::OrderStatus;

use super::status::{self, can_move};
use crate::audit::Actor;
use crate::db::{self, DbTx};

/// Moves the order to `to` and appends the move to its history. Returns false, changing
/// nothing, when the order doesn't exist in this shop or the move isn't allowed from its
/// current status (a stale or repeated event): callers treat that as "already handled".
///
/// An unpaid order that ends canceled gives its reserved unit back to the variant's stock.
/// Once an order is settled (paid, or canceled) it no longer has a reservation deadline.
pub async fn move_order(
    tx: &mut DbTx,
    order_id: &str,
    shop_id: i64,
    to: OrderStatus,
    actor: Actor,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let row: Option<(String, db::Flag, i64)> = sqlx::query_as(
        "select status, stock_reserved, variant_id from shop_order where id = $1 and shop_id = $2",
    )
    .bind(order_id)
    .bind(shop_id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((from_name, reserved, variant_id)) = row else {
        return Ok(false);
    };
    let from = status::parse(&from_name)
        .ok_or_else(|| sqlx::Error::Decode(format!("order status {from_name:?}").into()))?;
    if !can_move(from, to) {
        return Ok(false);
    }
    let release = reserved.0 && status::is_unpaid(from) && to == OrderStatus::Canceled;
    let settled = !status::is_unpaid(to);
    // Compare-and-set on the status just read: a writer that got in between makes this a no-op
    // rather than a move from a status the order no longer has.
    let moved = sqlx::query(
        "update shop_order set status = $1,
             stock_reserved = case when $2 then 0 else stock_reserved end,
             reserved_until = case when $3 then null else reserved_until end,
             updated_at = $7
         where id = $4 and shop_id = $5 and status = $6",
    )
    .bind(status::as_str(to))
    .bind(release)
    .bind(settled)
    .bind(order_id)
    .bind(shop_id)
    .bind(&from_name)
    .bind(db::now())
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if moved == 0 {
        return Ok(false);
    }
    if release {
        // A variant deleted by a catalog re-import meanwhile has no stock to give back to.
        sqlx::query(
            "update variant set inventory_qty = inventory_qty + 1,
                 updated_at = $3
             where id = $1 and shop_id = $2 and inventory_qty is not null",
        )
        .bind(variant_id)
        .bind(shop_id)
        .bind(db::now())
        .execute(&mut **tx)
        .await?;
        crate::shop::stock_moved(tx, shop_id, variant_id).await?;
    }
    append_event(tx, order_id, shop_id, Some(from), to, actor, reason).await?;
    Ok(true)
}

/// Records the order's creation as the first entry of its history.
pub(super) async fn record_created(
    tx: &mut DbTx,
    order_id: &str,
    shop_id: i64,
    actor: Actor,
) -> Result<(), sqlx::Error> {
    append_event(
        tx,
        order_id,
        shop_id,
        None,
        OrderStatus::AwaitingPayment,
        actor,
        "created",
    )
    .await
}

async fn append_event(
    tx: &mut DbTx,
    order_id: &str,
    shop_id: i64,
    from: Option<OrderStatus>,
    to: OrderStatus,
    actor: Actor,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let reason: String = reason.chars().take(500).collect();
    sqlx::query(
        "insert into order_event (shop_id, order_id, from_status, to_status, actor, reason)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(shop_id)
    .bind(order_id)
    .bind(from.map(status::as_str))
    .bind(status::as_str(to))
    .bind(actor.as_str())
    .bind(&reason)
    .execute(&mut **tx)
    .await?;
    crate::audit::record(
        &mut **tx,
        crate::audit::Entry {
            shop_id,
            actor,
            action: if from.is_none() {
                "order.created"
            } else {
                "order.status"
            },
            subject: crate::audit::Subject::Order(order_id),
            order_id: Some(order_id),
            before: from.map(|s| serde_json::json!({ "status": status::as_str(s) })),
            after: Some(serde_json::json!({ "status": status::as_str(to) })),
            reason: &reason,
        },
    )
    .await
}
