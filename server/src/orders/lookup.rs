//! The back office's reads of orders, shared by the admin API and the merchant pages: one
//! order by its number, and the shop's orders filtered by status, fulfilment, number or email.

use super::OrderRow;
use crate::db::DbPool;
use crate::error::ApiError;

/// Most rows one list returns.
pub const LIST_LIMIT: i64 = 200;

/// The order with this number (`SC-1001` or `1001`) in this shop.
pub async fn by_number(db: &DbPool, shop_id: i64, number: &str) -> Result<OrderRow, ApiError> {
    let number = super::ownership::parse_order_number(number).ok_or(ApiError::OrderNotFound)?;
    let id: String =
        sqlx::query_scalar("select id from shop_order where shop_id = $1 and number = $2")
            .bind(shop_id)
            .bind(number)
            .fetch_optional(db)
            .await?
            .ok_or(ApiError::OrderNotFound)?;
    super::load_order(db, shop_id, &id)
        .await?
        .ok_or(ApiError::OrderNotFound)
}

/// Where an order is in its delivery.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fulfilment {
    /// Not shipped yet.
    Unfulfilled,
    /// Shipped, not delivered.
    Fulfilled,
    Delivered,
}

impl Fulfilment {
    pub const ALL: [Fulfilment; 3] = [
        Fulfilment::Unfulfilled,
        Fulfilment::Fulfilled,
        Fulfilment::Delivered,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Fulfilment::Unfulfilled => "unfulfilled",
            Fulfilment::Fulfilled => "fulfilled",
            Fulfilment::Delivered => "delivered",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    fn of(fulfilled_at: Option<&str>, delivered_at: Option<&str>) -> Self {
        match (fulfilled_at, delivered_at) {
            (_, Some(_)) => Fulfilment::Delivered,
            (Some(_), None) => Fulfilment::Fulfilled,
            (None, None) => Fulfilment::Unfulfilled,
        }
    }
}

/// Which orders to list; every part left `None` matches all.
#[derive(Debug, Clone, Default)]
pub struct OrderFilter<'a> {
    /// A status code (`paid`, `awaiting_payment`…).
    pub status: Option<&'a str>,
    pub fulfilment: Option<Fulfilment>,
    pub number: Option<i64>,
    /// Part of the shopper's email, any case.
    pub email_contains: Option<&'a str>,
}

/// One order in a list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderSummary {
    pub id: String,
    pub number: i64,
    pub status: String,
    pub title: String,
    pub email: String,
    pub currency: String,
    pub total_minor: i64,
    pub fulfilled_at: Option<String>,
    pub delivered_at: Option<String>,
    pub created_at: String,
}

impl OrderSummary {
    pub fn fulfilment(&self) -> Fulfilment {
        Fulfilment::of(self.fulfilled_at.as_deref(), self.delivered_at.as_deref())
    }
}

/// The shop's orders that match, newest first, at most [`LIST_LIMIT`].
pub async fn list(
    db: &DbPool,
    shop_id: i64,
    filter: &OrderFilter<'_>,
) -> Result<Vec<OrderSummary>, ApiError> {
    let email_like = filter.email_contains.map(|q| {
        format!(
            "%{}%",
            q.to_lowercase()
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    Ok(sqlx::query_as(
        "select id, number, status, title, email, currency, total_minor, fulfilled_at,
                delivered_at, created_at
         from shop_order
         where shop_id = $1
           and ($2 is null or status = $2)
           and ($3 is null
                or ($3 = 'unfulfilled' and fulfilled_at is null)
                or ($3 = 'fulfilled' and fulfilled_at is not null and delivered_at is null)
                or ($3 = 'delivered' and delivered_at is not null))
           and ($4 is null or number = $4)
           and ($5 is null or lower(email) like $5 escape '\\')
         order by number desc limit $6",
    )
    .bind(shop_id)
    .bind(filter.status)
    .bind(filter.fulfilment.map(Fulfilment::code))
    .bind(filter.number)
    .bind(&email_like)
    .bind(LIST_LIMIT)
    .fetch_all(db)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fulfilment_reads_from_the_shipped_and_delivered_times() {
        assert_eq!(Fulfilment::of(None, None), Fulfilment::Unfulfilled);
        assert_eq!(Fulfilment::of(Some("t"), None), Fulfilment::Fulfilled);
        assert_eq!(Fulfilment::of(Some("t"), Some("u")), Fulfilment::Delivered);
        assert_eq!(Fulfilment::parse("fulfilled"), Some(Fulfilment::Fulfilled));
        assert_eq!(Fulfilment::parse("shipped"), None);
    }
}
