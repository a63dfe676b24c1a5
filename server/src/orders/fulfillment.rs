//! Fulfilment, reported by the merchant: shipped with a carrier and tracking (a paid order
//! moves to `fulfilled`), then delivered (the refund window then counts from delivery).

use serde_json::json;
use shopchat_protocol::OrderStatus;

use super::{load_order, move_order};
use crate::audit::Actor;
use crate::audit::{self, Entry, Subject};
use crate::db::{self, DbPool};
use crate::error::ApiError;

/// Carrier and tracking as the merchant gives them, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tracking {
    pub carrier: String,
    pub tracking_number: String,
    pub tracking_url: Option<String>,
}

/// The tracking field that is wrong, and what it should be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TrackingError {
    /// `carrier`, `tracking_number` or `tracking_url`, as the forms and the API name them.
    pub field: &'static str,
    /// What it should be ("1 to 100 characters").
    pub problem: &'static str,
}

impl From<TrackingError> for ApiError {
    fn from(e: TrackingError) -> Self {
        ApiError::InvalidRequest(format!("{}: {}", e.field, e.problem))
    }
}

impl Tracking {
    pub fn parse(
        carrier: &str,
        tracking_number: &str,
        tracking_url: Option<&str>,
    ) -> Result<Tracking, TrackingError> {
        let carrier = carrier.trim();
        let number = tracking_number.trim();
        if carrier.is_empty() || carrier.chars().count() > 100 {
            return Err(TrackingError {
                field: "carrier",
                problem: "1 to 100 characters",
            });
        }
        if number.is_empty() || number.chars().count() > 100 {
            return Err(TrackingError {
                field: "tracking_number",
                problem: "1 to 100 characters",
            });
        }
        let url = tracking_url.map(str::trim).filter(|u| !u.is_empty());
        if let Some(url) = url {
            let lower = url.to_ascii_lowercase();
            if !(lower.starts_with("https://") || lower.starts_with("http://"))
                || url.len() > 500
                || url.contains(char::is_whitespace)
            {
                return Err(TrackingError {
                    field: "tracking_url",
                    problem: "an http(s) URL of at most 500 characters",
                });
            }
        }
        Ok(Tracking {
            carrier: carrier.to_owned(),
            tracking_number: number.to_owned(),
            tracking_url: url.map(str::to_owned),
        })
    }
}

/// Marks a paid order shipped. A partially refunded order keeps its status but gets its
/// tracking. Unpaid, canceled, refunded or disputed orders can't be shipped.
pub async fn mark_fulfilled(
    db: &DbPool,
    shop_id: i64,
    order_id: &str,
    tracking: &Tracking,
) -> Result<(), ApiError> {
    let mut tx = db::begin_write(db).await?;
    let order = load_order(&mut *tx, shop_id, order_id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    let status = order.status()?;
    if !matches!(
        status,
        OrderStatus::Paid | OrderStatus::Fulfilled | OrderStatus::PartiallyRefunded
    ) {
        return Err(ApiError::FulfillmentNotAllowed);
    }
    sqlx::query(
        "update shop_order set carrier = $1, tracking_number = $2, tracking_url = $3,
             fulfilled_at = coalesce(fulfilled_at, $6),
             updated_at = $6
         where id = $4 and shop_id = $5",
    )
    .bind(&tracking.carrier)
    .bind(&tracking.tracking_number)
    .bind(&tracking.tracking_url)
    .bind(order_id)
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    if status == OrderStatus::Paid {
        move_order(
            &mut tx,
            order_id,
            shop_id,
            OrderStatus::Fulfilled,
            Actor::Merchant,
            "shipped",
        )
        .await?;
    }
    audit::record(
        &mut *tx,
        Entry {
            shop_id,
            actor: Actor::Merchant,
            action: "order.fulfillment",
            subject: Subject::Order(order_id),
            order_id: Some(order_id),
            before: None,
            after: Some(json!({
                "carrier": tracking.carrier,
                "tracking_number": tracking.tracking_number,
                "tracking_url": tracking.tracking_url,
            })),
            reason: "shipped",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Marks a shipped order delivered.
pub async fn mark_delivered(db: &DbPool, shop_id: i64, order_id: &str) -> Result<(), ApiError> {
    let mut tx = db::begin_write(db).await?;
    let updated = sqlx::query(
        "update shop_order set delivered_at = coalesce(delivered_at, $3),
             updated_at = $3
         where id = $1 and shop_id = $2 and fulfilled_at is not null",
    )
    .bind(order_id)
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if updated == 0 {
        return Err(ApiError::FulfillmentNotAllowed);
    }
    audit::record(
        &mut *tx,
        Entry {
            shop_id,
            actor: Actor::Merchant,
            action: "order.delivered",
            subject: Subject::Order(order_id),
            order_id: Some(order_id),
            before: None,
            after: Some(json!({"delivered": true})),
            reason: "delivered",
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tracking_needs_a_carrier_a_number_and_at_most_an_http_link() {
        assert!(Tracking::parse("UPS", "1Z999", Some("https://ups.example/t/1Z999")).is_ok());
        assert!(Tracking::parse("UPS", "1Z999", None).is_ok());
        assert!(Tracking::parse(" ", "1Z999", None).is_err());
        assert!(Tracking::parse("UPS", "", None).is_err());
        assert!(Tracking::parse("UPS", "1Z", Some("javascript:alert(1)")).is_err());
    }
}
