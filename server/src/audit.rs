//! The audit log: one append-only row for every change to an order or refund and every action
//! the assistant takes, with who did it, what it was before and after, and why. Written in the
//! transaction of the change it records, so a change without its entry can't exist.

use serde::Serialize;
use serde_json::Value;

/// Who made a change (stored in `audit_log.actor` and `order_event.actor`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Shopper,
    Assistant,
    Merchant,
    Webhook,
    /// A background job (expiry, reconciliation).
    Job,
    System,
}

impl Actor {
    pub fn as_str(self) -> &'static str {
        match self {
            Actor::Shopper => "shopper",
            Actor::Assistant => "assistant",
            Actor::Merchant => "merchant",
            Actor::Webhook => "webhook",
            Actor::Job => "job",
            Actor::System => "system",
        }
    }
}

/// What an entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    Order(&'a str),
    Refund(i64),
    Conversation(&'a str),
}

/// One entry to append.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    pub shop_id: i64,
    pub actor: Actor,
    /// Stable code, e.g. `order.status`, `refund.requested`, `tool.order_status`.
    pub action: &'a str,
    pub subject: Subject<'a>,
    /// The order concerned, when there is one.
    pub order_id: Option<&'a str>,
    pub before: Option<Value>,
    pub after: Option<Value>,
    pub reason: &'a str,
}

/// Appends the entry on `db` (a transaction or the pool).
pub async fn record<'e>(
    db: impl crate::db::Executor<'e>,
    entry: Entry<'_>,
) -> Result<(), sqlx::Error> {
    let (subject_type, subject_id) = match entry.subject {
        Subject::Order(id) => ("order", id.to_owned()),
        Subject::Refund(id) => ("refund", id.to_string()),
        Subject::Conversation(id) => ("conversation", id.to_owned()),
    };
    let reason: String = entry.reason.chars().take(500).collect();
    sqlx::query(
        "insert into audit_log (shop_id, actor, action, subject_type, subject_id, order_id, before, after, reason)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.shop_id)
    .bind(entry.actor.as_str())
    .bind(entry.action)
    .bind(subject_type)
    .bind(subject_id)
    .bind(entry.order_id)
    .bind(entry.before.map(|v| v.to_string()))
    .bind(entry.after.map(|v| v.to_string()))
    .bind(reason)
    .execute(db)
    .await?;
    Ok(())
}

/// An entry as the admin API shows it.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub actor: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub order_id: Option<String>,
    pub before: Option<String>,
    pub after: Option<String>,
    pub reason: String,
    pub created_at: String,
}

/// The shop's entries, oldest first: all of them, or one order's.
pub async fn entries<'e>(
    db: impl crate::db::Executor<'e>,
    shop_id: i64,
    order_id: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditEntry>, sqlx::Error> {
    sqlx::query_as(
        "select id, actor, action, subject_type, subject_id, order_id, before, after, reason, created_at
         from audit_log where shop_id = $1 and ($2 is null or order_id = $2)
         order by id desc limit $3",
    )
    .bind(shop_id)
    .bind(order_id)
    .bind(limit)
    .fetch_all(db)
    .await
    .map(|mut rows: Vec<AuditEntry>| {
        rows.reverse();
        rows
    })
}
