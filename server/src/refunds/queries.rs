//! The back office's reads of refunds, shared by the admin API and the merchant pages, and
//! the merchant's note on a decision.

use serde::Serialize;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::orders::lookup::LIST_LIMIT;
use crate::orders::order_number_label;

/// One refund as the back office lists it (the admin API's JSON).
#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct RefundListing {
    pub id: i64,
    #[sqlx(skip)]
    pub order_number: String,
    #[serde(skip)]
    pub number: i64,
    pub amount_minor: i64,
    pub currency: String,
    pub reason: String,
    /// `pending` (waits for the merchant), `processing`, `succeeded`, `failed`, `denied`.
    pub status: String,
    /// `shopper`, `merchant`, or `provider` (made outside Shopchat).
    pub origin: String,
    pub note: Option<String>,
    pub created_at: String,
    pub updated_at: String,
}

const COLUMNS: &str = "r.id, o.number, r.amount_minor, r.currency, r.reason, r.status, r.origin,
     r.note, r.created_at, r.updated_at
     from refund r join shop_order o on o.id = r.order_id and o.shop_id = r.shop_id";

/// The shop's refunds, of one order and in one status when given, oldest first.
pub async fn list(
    db: &DbPool,
    shop_id: i64,
    order_id: Option<&str>,
    status: Option<&str>,
) -> Result<Vec<RefundListing>, ApiError> {
    let mut rows: Vec<RefundListing> = sqlx::query_as(&format!(
        "select {COLUMNS}
         where r.shop_id = $1 and ($2 is null or r.order_id = $2) and ($3 is null or r.status = $3)
         order by r.id limit $4"
    ))
    .bind(shop_id)
    .bind(order_id)
    .bind(status)
    .bind(LIST_LIMIT)
    .fetch_all(db)
    .await?;
    for r in &mut rows {
        r.order_number = order_number_label(r.number);
    }
    Ok(rows)
}

/// One of the shop's refunds; another shop's is not found.
pub async fn by_id(db: &DbPool, shop_id: i64, id: i64) -> Result<RefundListing, ApiError> {
    let mut r: RefundListing = sqlx::query_as(&format!(
        "select {COLUMNS} where r.shop_id = $1 and r.id = $2"
    ))
    .bind(shop_id)
    .bind(id)
    .fetch_optional(db)
    .await?
    .ok_or(ApiError::RefundNotFound)?;
    r.order_number = order_number_label(r.number);
    Ok(r)
}

/// The merchant's note on approving or denying a refund: trimmed, at most
/// [`RefundNote::MAX_CHARS`] characters, never empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundNote(String);

impl RefundNote {
    pub const MAX_CHARS: usize = 500;

    /// `None` when nothing but spaces was written; a longer note is cut at the limit.
    pub fn parse(text: &str) -> Option<Self> {
        let note: String = text.trim().chars().take(Self::MAX_CHARS).collect();
        (!note.is_empty()).then_some(RefundNote(note))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_trimmed_cut_at_the_limit_and_never_empty() {
        assert_eq!(RefundNote::parse("  "), None);
        assert_eq!(
            RefundNote::parse("  too late \n").map(|n| n.as_str().to_owned()),
            Some("too late".to_owned())
        );
        let long = "é".repeat(600);
        assert_eq!(
            RefundNote::parse(&long).map(|n| n.as_str().chars().count()),
            Some(RefundNote::MAX_CHARS)
        );
    }
}
