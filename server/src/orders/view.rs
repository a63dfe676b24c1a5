//! The order as the shopper sees it (`OrderView`), built from the stored row alone: the
//! amounts are the ones computed and stored when the order was created, never recomputed.

use shopchat_protocol::{Breakdown, Currency, Money, OrderView};

use super::OrderRow;
use crate::error::ApiError;

pub fn order_view(order: &OrderRow) -> Result<OrderView, ApiError> {
    let currency = Currency::parse(&order.currency).ok_or_else(|| {
        ApiError::Internal(anyhow::anyhow!(
            "order {} has an invalid currency {:?}",
            order.id,
            order.currency
        ))
    })?;
    let money = |minor| Money { minor, currency };
    Ok(OrderView {
        order_id: order.id.clone(),
        order_number: order.number_label(),
        status: order.status()?,
        title: order.title.clone(),
        options: serde_json::from_str(&order.options).unwrap_or_default(),
        email: order.email.clone(),
        breakdown: Breakdown {
            subtotal: money(order.subtotal_minor),
            shipping: money(order.shipping_minor),
            tax: money(order.tax_minor),
            tax_inclusive: order.tax_inclusive,
            total: money(order.total_minor),
        },
        created_at: order.created_at.clone(),
    })
}
