//! Which orders a conversation's shopper has proven to be theirs: the order bought in the
//! conversation, orders whose token the widget presented when it opened the conversation,
//! orders bought with the email of a customer the shop signed in (a verified identity, see
//! `conversations::identity`), and orders proven by number and email. An unknown order and a wrong email get the same answer,
//! and failures are limited per conversation and per order number.

use std::time::{Duration, SystemTime};

use super::{OrderRow, ORDER_COLUMNS};
use crate::db::DbPool;
use crate::rate_limit::counted::{CountedAttempt, CountedLimit};
use crate::tokens::token_hash;

/// Default failed proofs allowed per conversation and per order number in [`FAILURE_WINDOW`]
/// (`ORDER_PROOF_FAILURE_LIMIT`).
pub const MAX_FAILURES: i64 = crate::config::limits::ORDER_PROOF_FAILURES_PER_15_MINUTES as i64;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Order tokens read from one request: more are ignored.
const MAX_TOKENS: usize = 20;

/// The outcome of a proof by number and email.
#[derive(Debug, Clone)]
pub enum Proof {
    Proven(Box<OrderRow>),
    /// No order of this shop has this number and email (which of the two is wrong is not said).
    NoMatch,
    /// Too many failures lately; try again later.
    RateLimited,
}

/// Proves, for a new conversation, the orders of this shop whose tokens the client kept.
/// Tokens of other shops' orders, or no order's, are ignored.
pub async fn prove_by_tokens(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
    tokens: &[String],
) -> Result<(), sqlx::Error> {
    for token in tokens.iter().take(MAX_TOKENS) {
        if token.is_empty() || token.len() > 128 {
            continue;
        }
        sqlx::query(
            "insert into conversation_order (shop_id, conversation_id, order_id, proof)
             select shop_id, $1, id, 'token' from shop_order where order_token_hash = $2 and shop_id = $3
             on conflict do nothing",
        )
        .bind(conversation_id)
        .bind(token_hash(token))
        .bind(shop_id)
        .execute(db)
        .await?;
    }
    Ok(())
}

/// The number of an order as people write it: `SC-1042`, `sc1042`, `#1042`, `1042`.
pub fn parse_order_number(text: &str) -> Option<i64> {
    let t = text.trim().trim_start_matches('#');
    let t = t
        .strip_prefix("SC")
        .or_else(|| t.strip_prefix("sc"))
        .or_else(|| t.strip_prefix("Sc"))
        .or_else(|| t.strip_prefix("sC"))
        .unwrap_or(t);
    let t = t.trim_start_matches(['-', ' ']);
    if t.is_empty() || t.len() > 12 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|n| *n > 0)
}

/// A proof attempt, counted as a failure until [`Attempt::succeeded`] takes it back.
#[derive(Debug)]
pub struct Attempt(CountedAttempt);

impl Attempt {
    /// The proof succeeded: the attempt no longer counts toward the limit.
    pub async fn succeeded(self, db: &DbPool) -> Result<(), sqlx::Error> {
        self.0.succeeded(db).await
    }
}

/// Counts a proof attempt for `number`, unless the conversation or the order number had too
/// many failures lately (`None`): more than `max_failures` in [`FAILURE_WINDOW`]. The attempt
/// is counted as a failure before any order is looked at, in one statement with the limit
/// check (the database-counted limits' [`CountedLimit`]), so parallel guesses can't all be
/// checked, on any instance.
pub async fn begin_attempt(
    db: &DbPool,
    max_failures: i64,
    shop_id: i64,
    conversation_id: &str,
    number: Option<i64>,
    now: SystemTime,
) -> Result<Option<Attempt>, sqlx::Error> {
    let limit = CountedLimit::new(
        "order_proof",
        u32::try_from(max_failures.max(0)).unwrap_or(u32::MAX),
        FAILURE_WINDOW,
    );
    let mut keys = vec![format!("conversation:{conversation_id}")];
    if let Some(number) = number {
        keys.push(format!("order:{shop_id}:{number}"));
    }
    Ok(limit.try_attempt(db, &keys, now).await?.map(Attempt))
}

/// This shop's order with this number, if it was bought with this email.
pub async fn local_match(
    db: &DbPool,
    shop_id: i64,
    number: Option<i64>,
    email: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    let Some(number) = number else {
        return Ok(None);
    };
    let sql = format!("select {ORDER_COLUMNS} from shop_order where shop_id = $1 and number = $2");
    let order = sqlx::query_as::<_, OrderRow>(&sql)
        .bind(shop_id)
        .bind(number)
        .fetch_optional(db)
        .await?;
    Ok(order.filter(|o| o.email.trim().eq_ignore_ascii_case(email.trim())))
}

/// Proves an order by its number and the email it was bought with, with at most
/// `max_failures` failures per conversation and per order number in [`FAILURE_WINDOW`].
pub async fn prove_by_email(
    db: &DbPool,
    max_failures: i64,
    shop_id: i64,
    conversation_id: &str,
    order_number: &str,
    email: &str,
    now: SystemTime,
) -> Result<Proof, sqlx::Error> {
    let number = parse_order_number(order_number);
    let Some(attempt) =
        begin_attempt(db, max_failures, shop_id, conversation_id, number, now).await?
    else {
        return Ok(Proof::RateLimited);
    };
    let Some(order) = local_match(db, shop_id, number, email).await? else {
        return Ok(Proof::NoMatch);
    };
    attempt.succeeded(db).await?;
    record_email_proof(db, shop_id, conversation_id, &order.id).await?;
    Ok(Proof::Proven(Box::new(order)))
}

/// Remembers that the conversation proved the order by number and email.
pub async fn record_email_proof(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
    order_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into conversation_order (shop_id, conversation_id, order_id, proof)
         values ($1, $2, $3, 'email') on conflict do nothing",
    )
    .bind(shop_id)
    .bind(conversation_id)
    .bind(order_id)
    .execute(db)
    .await?;
    Ok(())
}

/// The orders proven to this conversation, newest first. A verified customer's orders (by
/// the email the shop signed for them) count without further proof; an unverified claim never.
pub async fn proven_orders(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
) -> Result<Vec<OrderRow>, sqlx::Error> {
    let sql = format!(
        "select {ORDER_COLUMNS} from shop_order
         where shop_id = $1 and (conversation_id = $2 or id in
             (select order_id from conversation_order where conversation_id = $2 and shop_id = $1)
             or lower(email) = (select lower(verified_email) from conversation
                                where id = $2 and shop_id = $1 and verified_email is not null))
         order by number desc"
    );
    sqlx::query_as::<_, OrderRow>(&sql)
        .bind(shop_id)
        .bind(conversation_id)
        .fetch_all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_are_read_in_the_forms_people_write() {
        assert_eq!(parse_order_number("SC-1042"), Some(1042));
        assert_eq!(parse_order_number("sc1042"), Some(1042));
        assert_eq!(parse_order_number("#1042"), Some(1042));
        assert_eq!(parse_order_number(" 1042 "), Some(1042));
        assert_eq!(parse_order_number("SC-"), None);
        assert_eq!(parse_order_number("1042; drop table"), None);
        assert_eq!(parse_order_number("0"), None);
    }
}
