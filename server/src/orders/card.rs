//! The order status card (`OrderCard`): the stored order, its fulfilment, its refunds and a
//! timeline of stable codes, for the assistant's order tools and the widget's card endpoint.

use jiff::Timestamp;
use shopchat_protocol::{
    Currency, Fulfillment, FulfillmentState, Money, OrderCard, PendingRefund, TimelineEntry,
};

use super::{order_view, OrderRow};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::shop::delivery::Delivery;

/// Fulfilment columns of an order.
#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct Shipping {
    pub carrier: Option<String>,
    pub tracking_number: Option<String>,
    pub tracking_url: Option<String>,
    pub fulfilled_at: Option<String>,
    pub delivered_at: Option<String>,
}

pub async fn shipping<'e>(
    db: impl crate::db::Executor<'e>,
    order: &OrderRow,
) -> Result<Shipping, sqlx::Error> {
    sqlx::query_as(
        "select carrier, tracking_number, tracking_url, fulfilled_at, delivered_at
         from shop_order where id = $1 and shop_id = $2",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_one(db)
    .await
}

pub async fn order_card(db: &crate::db::DbPool, order: &OrderRow) -> Result<OrderCard, ApiError> {
    let view = order_view(order)?;
    let currency: Currency = view.breakdown.total.currency;
    let money = |minor| Money { minor, currency };
    let shipping = shipping(db, order).await?;
    let events: Vec<(String, String)> = sqlx::query_as(
        "select to_status, created_at from order_event where order_id = $1 and shop_id = $2 order by id",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_all(db)
    .await?;
    let refunds: Vec<(i64, String, String, String, String)> = sqlx::query_as(
        "select amount_minor, reason, status, created_at, updated_at from refund
         where order_id = $1 and shop_id = $2 order by id",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_all(db)
    .await?;

    let mut timeline: Vec<TimelineEntry> = Vec::new();
    let mut entry = |at: &str, kind: &str, amount: Option<i64>| {
        timeline.push(TimelineEntry {
            at: at.to_owned(),
            kind: kind.to_owned(),
            amount: amount.map(money),
        })
    };
    for (i, (to, at)) in events.iter().enumerate() {
        // Refund statuses come from the refund rows, with their amounts; fulfilment from its
        // own columns.
        let kind = match to.as_str() {
            "awaiting_payment" if i == 0 => "created",
            "paid" | "payment_failed" | "canceled" | "disputed" => to.as_str(),
            _ => continue,
        };
        entry(at, kind, None);
    }
    if let Some(at) = &shipping.fulfilled_at {
        entry(at, "fulfilled", None);
    }
    if let Some(at) = &shipping.delivered_at {
        entry(at, "delivered", None);
    }
    let mut refunded = 0;
    let mut pending_refunds = Vec::new();
    for (amount, reason, status, created_at, updated_at) in &refunds {
        match status.as_str() {
            "succeeded" => {
                refunded += amount;
                entry(updated_at, "refunded", Some(*amount));
            }
            "pending" => {
                entry(created_at, "refund_requested", Some(*amount));
                pending_refunds.push(PendingRefund {
                    amount: money(*amount),
                    reason: reason.clone(),
                    requested_at: created_at.clone(),
                });
            }
            "denied" if reason != "canceled" => {
                entry(created_at, "refund_requested", Some(*amount));
                entry(updated_at, "refund_denied", Some(*amount));
            }
            _ => {}
        }
    }
    timeline.sort_by(|a, b| a.at.cmp(&b.at));

    let state = if shipping.delivered_at.is_some() {
        FulfillmentState::Delivered
    } else if shipping.fulfilled_at.is_some() {
        FulfillmentState::Fulfilled
    } else {
        FulfillmentState::Unfulfilled
    };
    Ok(OrderCard {
        order_number: view.order_number,
        status: view.status,
        title: view.title,
        options: view.options,
        breakdown: view.breakdown,
        refunded: money(refunded),
        fulfillment: Fulfillment {
            state,
            carrier: shipping.carrier,
            tracking_number: shipping.tracking_number,
            tracking_url: shipping.tracking_url,
        },
        timeline,
        pending_refunds,
        created_at: view.created_at,
        arrives: arrival(
            db,
            order,
            shipping.fulfilled_at.as_deref(),
            state == FulfillmentState::Delivered,
        )
        .await?,
    })
}

/// When a paid order not yet delivered should arrive: counted from when it was placed (not
/// shipped yet: preparation, then transit) or shipped (transit only), to the country of its
/// shipping address.
async fn arrival(
    db: &DbPool,
    order: &OrderRow,
    shipped_at: Option<&str>,
    delivered: bool,
) -> Result<Option<shopchat_protocol::Arrival>, ApiError> {
    if order.status != "paid" || delivered {
        return Ok(None);
    }
    let address: Option<String> = sqlx::query_scalar(
        "select shipping_address from shop_order where id = $1 and shop_id = $2",
    )
    .bind(&order.id)
    .bind(order.shop_id)
    .fetch_one(db)
    .await?;
    let country = address
        .and_then(|a| serde_json::from_str::<serde_json::Value>(&a).ok())
        .and_then(|a| a.get("country").and_then(|c| c.as_str()).map(str::to_owned));
    let mut delivery = Delivery::for_shop(db, order.shop_id).await?;
    let from = match shipped_at {
        Some(at) => {
            delivery.processing_days = 0;
            at
        }
        None => order.created_at.as_str(),
    };
    let from: Timestamp = from.parse().unwrap_or_else(|_| Timestamp::now());
    let (first, last) = delivery.window(from, country.as_deref());
    Ok(Some(shopchat_protocol::Arrival {
        first: first.to_string(),
        last: last.to_string(),
    }))
}
