//! A shop's refund policy and the decision it makes on one request, as a pure function of the
//! policy and the order's facts, so every rule is unit-tested without a database.
//!
//! Demo shop defaults (the columns' defaults, migration 0006): a 30-day window counted from
//! delivery, or from payment while the order isn't delivered; refunds up to $50.00 executed at
//! once, larger ones queued for the merchant (answer within about 2 business days); reasons
//! `damaged`, `wrong_item`, `not_as_described`, `changed_mind`, `late`, `other`; shipping
//! refunded only for `damaged` and `wrong_item`; at most 2 refunds per order.

use std::time::{Duration, SystemTime};

use shopchat_protocol::OrderStatus;

use crate::clock;
use crate::db::DbPool;
use crate::orders::status;

/// The shop's rules for refunds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefundPolicy {
    pub window_days: i64,
    /// Refunds up to this amount (minor units) need no merchant.
    pub auto_approve_minor: i64,
    /// Reason codes a shopper may give.
    pub reasons: Vec<String>,
    /// Reasons for which shipping is refunded too.
    pub shipping_reasons: Vec<String>,
    /// Refunds (executed, under way or waiting) one order may have.
    pub max_per_order: i64,
    /// Roughly how many business days the merchant takes to decide a queued request.
    pub review_days: i64,
}

/// The shop's columns a refund policy is read from, for a statement that reads them with
/// others of the shop's row (see [`PolicyRow`]).
pub const POLICY_COLUMNS: &str = "refund_window_days, refund_auto_approve_minor, refund_reasons,
    refund_shipping_reasons, refund_max_per_order, refund_review_days";

/// The policy's columns as stored ([`POLICY_COLUMNS`]).
#[derive(sqlx::FromRow)]
pub struct PolicyRow {
    refund_window_days: i64,
    refund_auto_approve_minor: i64,
    refund_reasons: String,
    refund_shipping_reasons: String,
    refund_max_per_order: i64,
    refund_review_days: i64,
}

impl From<PolicyRow> for RefundPolicy {
    fn from(row: PolicyRow) -> Self {
        RefundPolicy {
            window_days: row.refund_window_days,
            auto_approve_minor: row.refund_auto_approve_minor,
            reasons: serde_json::from_str(&row.refund_reasons).unwrap_or_default(),
            shipping_reasons: serde_json::from_str(&row.refund_shipping_reasons)
                .unwrap_or_default(),
            max_per_order: row.refund_max_per_order,
            review_days: row.refund_review_days,
        }
    }
}

impl RefundPolicy {
    pub async fn for_shop(db: &DbPool, shop_id: i64) -> Result<RefundPolicy, sqlx::Error> {
        let row: PolicyRow =
            sqlx::query_as(&format!("select {POLICY_COLUMNS} from shop where id = $1"))
                .bind(shop_id)
                .fetch_one(db)
                .await?;
        Ok(row.into())
    }
}

/// Every reason code a policy may list.
pub const REASONS: [&str; 6] = [
    "damaged",
    "wrong_item",
    "not_as_described",
    "changed_mind",
    "late",
    "other",
];

/// The reason code a shopper's words (or a model's argument) amount to. Unclear: `other`.
pub fn reason_code(text: &str) -> &'static str {
    let t = text.to_lowercase();
    if let Some(code) = REASONS.iter().find(|r| t.trim() == **r) {
        return code;
    }
    let has = |words: &[&str]| words.iter().any(|w| t.contains(w));
    // "Nothing wrong with it, I just changed my mind": no fault.
    let nothing_wrong = has(&[
        "nothing wrong",
        "nothing's wrong",
        "nothing is wrong",
        "not broken",
        "not damaged",
        "no tiene nada",
        "no está roto",
        "no esta roto",
    ]);
    // "I accidentally ordered the wrong size": the shopper's own mistake, not the shop's.
    let shopper_erred = has(&[
        "accidentally",
        "by mistake",
        "i ordered the wrong",
        "i picked the wrong",
        "i chose the wrong",
        "i bought the wrong",
        "me equivoqué",
        "me equivoque",
        "por error",
        "pedí mal",
        "pedi mal",
    ]);
    // What came, said to be so ("me llegó de otro color"), not a wish ("I want another colour").
    let came = has(&[
        "llegó", "llego", "came", "arrived", "i got", "we got", "received", "recibí", "recibi",
        "sent me", "mandaron", "enviaron", "viene", "vino",
    ]);
    if !nothing_wrong
        && (has(&[
            "damaged",
            "broken",
            "broke",
            "defect",
            "torn",
            "ripped",
            "roto",
            "rota",
            "dañad",
            "danad",
            "defectu",
            "estropead",
            "a hole",
            "holes",
            "agujer",
            "stained",
            "manchad",
            "descosid",
            "rasgad",
            "hilo suelto",
            "hilos sueltos",
            "loose thread",
            // (Not "crackers": a thing cracked, not a biscuit.)
            "cracked",
            "a crack",
            "cracks in",
            "smashed",
            "shattered",
            "chipped",
            "in pieces",
            "pedazos",
            "rajad",
            "quebrad",
            "trizad",
        ]) || crate::nlu::tells_a_fault(text))
    {
        "damaged"
    } else if !nothing_wrong
        && !shopper_erred
        && (has(&[
            "wrong",
            "incorrect",
            "equivocad",
            "otro producto",
            "no es lo que pedí",
            "no es lo que pedi",
            "not what i ordered",
        ]) || (came
            && has(&[
                "de otro color",
                "de otra talla",
                "different colour",
                "different color",
                "another colour",
                "another color",
            ])))
    {
        "wrong_item"
    } else if has(&[
        "not as described",
        "different from",
        "nothing like the",
        "not like the photo",
        "not like the picture",
        "no se parece",
        "nada que ver con la foto",
        "no es como",
        "distinto",
    ]) {
        "not_as_described"
    } else if has(&[
        "late",
        "never arrived",
        "hasn't arrived",
        "not arrived",
        "llegó tarde",
        "llego tarde",
        "muy tarde",
        "retras",
        "no ha llegado",
        "no llegó",
        "no llego",
    ]) {
        "late"
    } else if has(&[
        "changed my mind",
        "don't want",
        "dont want",
        "no longer want",
        "don't need",
        "cambié de opinión",
        "cambie de opinion",
        "ya no lo quiero",
        "ya no la quiero",
        "no lo quiero",
        "no la quiero",
        "no lo necesito",
    ]) {
        "changed_mind"
    } else {
        "other"
    }
}

/// What the decision needs to know about the order, read inside the deciding transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderFacts {
    pub status: OrderStatus,
    pub total_minor: i64,
    pub shipping_minor: i64,
    /// Succeeded, under way (processing) and waiting (pending) refunds: all of them count
    /// against what can still be refunded.
    pub committed_minor: i64,
    /// How many refunds count towards the per-order limit (all but failed and denied).
    pub refund_count: i64,
    /// When the window opened: delivery, else payment. `None`: never paid.
    pub window_start: Option<String>,
}

/// Why a request is refused. Stable codes the widget and the assistant translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    OrderNotPaid,
    OrderDisputed,
    ReasonNotAllowed,
    OutsideWindow,
    TooManyRefunds,
    NothingToRefund,
    AmountTooLarge,
    InvalidAmount,
}

impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::OrderNotPaid => "order_not_paid",
            Refusal::OrderDisputed => "order_disputed",
            Refusal::ReasonNotAllowed => "reason_not_allowed",
            Refusal::OutsideWindow => "outside_window",
            Refusal::TooManyRefunds => "too_many_refunds",
            Refusal::NothingToRefund => "nothing_to_refund",
            Refusal::AmountTooLarge => "amount_too_large",
            Refusal::InvalidAmount => "invalid_amount",
        }
    }
}

/// The policy's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Refund this amount now.
    Refund { amount_minor: i64 },
    /// Queue this amount for the merchant.
    Queue { amount_minor: i64 },
    Refuse {
        refusal: Refusal,
        /// The most that could be refunded for this reason (for `amount_too_large`).
        refundable_minor: i64,
    },
}

/// Decides one request. `amount`: what the shopper asked for; `None` means all that the policy
/// allows for this reason.
pub fn decide(
    policy: &RefundPolicy,
    facts: &OrderFacts,
    reason: &str,
    amount: Option<i64>,
    now: SystemTime,
) -> Decision {
    let refuse = |refusal| Decision::Refuse {
        refusal,
        refundable_minor: 0,
    };
    if facts.status == OrderStatus::Disputed {
        return refuse(Refusal::OrderDisputed);
    }
    let Some(window_start) = facts.window_start.as_deref() else {
        return refuse(Refusal::OrderNotPaid);
    };
    if status::is_unpaid(facts.status) {
        return refuse(Refusal::OrderNotPaid);
    }
    if !policy.reasons.iter().any(|r| r == reason) {
        return refuse(Refusal::ReasonNotAllowed);
    }
    let days = u64::try_from(policy.window_days.max(0)).unwrap_or(0);
    let opened_after = clock::timestamp(
        now.checked_sub(Duration::from_secs(days * 86_400))
            .unwrap_or(SystemTime::UNIX_EPOCH),
    );
    if window_start < opened_after.as_str() {
        return refuse(Refusal::OutsideWindow);
    }
    if facts.refund_count >= policy.max_per_order {
        return refuse(Refusal::TooManyRefunds);
    }
    let shipping_kept = if policy.shipping_reasons.iter().any(|r| r == reason) {
        0
    } else {
        facts.shipping_minor
    };
    let refundable = (facts.total_minor - shipping_kept - facts.committed_minor).max(0);
    if refundable == 0 {
        return refuse(Refusal::NothingToRefund);
    }
    let amount_minor = match amount {
        None => refundable,
        Some(a) if a <= 0 => return refuse(Refusal::InvalidAmount),
        Some(a) if a > refundable => {
            return Decision::Refuse {
                refusal: Refusal::AmountTooLarge,
                refundable_minor: refundable,
            }
        }
        Some(a) => a,
    };
    if amount_minor <= policy.auto_approve_minor {
        Decision::Refund { amount_minor }
    } else {
        Decision::Queue { amount_minor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RefundPolicy {
        RefundPolicy {
            window_days: 30,
            auto_approve_minor: 5000,
            reasons: REASONS.iter().map(|r| (*r).to_owned()).collect(),
            shipping_reasons: vec!["damaged".into(), "wrong_item".into()],
            max_per_order: 2,
            review_days: 2,
        }
    }

    fn now() -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_000_000)
    }

    fn days_ago(days: u64) -> String {
        clock::timestamp(now() - Duration::from_secs(days * 86_400))
    }

    fn paid(total: i64, shipping: i64) -> OrderFacts {
        OrderFacts {
            status: OrderStatus::Paid,
            total_minor: total,
            shipping_minor: shipping,
            committed_minor: 0,
            refund_count: 0,
            window_start: Some(days_ago(3)),
        }
    }

    #[test]
    fn under_the_ceiling_refunds_at_once_and_over_it_queues() {
        assert_eq!(
            decide(&policy(), &paid(3000, 500), "damaged", None, now()),
            Decision::Refund { amount_minor: 3000 }
        );
        assert_eq!(
            decide(&policy(), &paid(9000, 0), "damaged", None, now()),
            Decision::Queue { amount_minor: 9000 }
        );
        assert_eq!(
            decide(&policy(), &paid(9000, 0), "damaged", Some(2000), now()),
            Decision::Refund { amount_minor: 2000 }
        );
    }

    #[test]
    fn shipping_is_kept_unless_the_reason_refunds_it() {
        assert_eq!(
            decide(&policy(), &paid(3000, 500), "changed_mind", None, now()),
            Decision::Refund { amount_minor: 2500 }
        );
        assert_eq!(
            decide(&policy(), &paid(3000, 500), "wrong_item", None, now()),
            Decision::Refund { amount_minor: 3000 }
        );
    }

    #[test]
    fn the_window_closes_after_its_days() {
        let mut facts = paid(3000, 0);
        facts.window_start = Some(days_ago(29));
        assert!(matches!(
            decide(&policy(), &facts, "other", None, now()),
            Decision::Refund { .. }
        ));
        facts.window_start = Some(days_ago(31));
        assert_eq!(
            decide(&policy(), &facts, "other", None, now()),
            Decision::Refuse {
                refusal: Refusal::OutsideWindow,
                refundable_minor: 0
            }
        );
    }

    #[test]
    fn never_more_than_what_is_left_and_never_more_refunds_than_allowed() {
        let mut facts = paid(3000, 0);
        facts.committed_minor = 2000;
        facts.refund_count = 1;
        assert_eq!(
            decide(&policy(), &facts, "other", None, now()),
            Decision::Refund { amount_minor: 1000 }
        );
        assert_eq!(
            decide(&policy(), &facts, "other", Some(1001), now()),
            Decision::Refuse {
                refusal: Refusal::AmountTooLarge,
                refundable_minor: 1000
            }
        );
        facts.committed_minor = 3000;
        assert!(matches!(
            decide(&policy(), &facts, "other", None, now()),
            Decision::Refuse {
                refusal: Refusal::NothingToRefund,
                ..
            }
        ));
        facts.committed_minor = 1000;
        facts.refund_count = 2;
        assert!(matches!(
            decide(&policy(), &facts, "other", None, now()),
            Decision::Refuse {
                refusal: Refusal::TooManyRefunds,
                ..
            }
        ));
    }

    #[test]
    fn unpaid_disputed_unknown_reasons_and_non_positive_amounts_are_refused() {
        let refusal = |facts: &OrderFacts, reason: &str, amount| match decide(
            &policy(),
            facts,
            reason,
            amount,
            now(),
        ) {
            Decision::Refuse { refusal, .. } => Some(refusal),
            _ => None,
        };
        let mut unpaid = paid(3000, 0);
        unpaid.status = OrderStatus::AwaitingPayment;
        unpaid.window_start = None;
        assert_eq!(refusal(&unpaid, "other", None), Some(Refusal::OrderNotPaid));
        let mut disputed = paid(3000, 0);
        disputed.status = OrderStatus::Disputed;
        assert_eq!(
            refusal(&disputed, "other", None),
            Some(Refusal::OrderDisputed)
        );
        let mut strict = policy();
        strict.reasons = vec!["damaged".into()];
        assert!(matches!(
            decide(&strict, &paid(3000, 0), "changed_mind", None, now()),
            Decision::Refuse {
                refusal: Refusal::ReasonNotAllowed,
                ..
            }
        ));
        assert_eq!(
            refusal(&paid(3000, 0), "other", Some(0)),
            Some(Refusal::InvalidAmount)
        );
        assert_eq!(
            refusal(&paid(3000, 0), "other", Some(-5)),
            Some(Refusal::InvalidAmount)
        );
    }

    #[test]
    fn shoppers_words_become_reason_codes_in_english_and_spanish() {
        assert_eq!(reason_code("it arrived broken"), "damaged");
        assert_eq!(reason_code("llegó roto"), "damaged");
        assert_eq!(reason_code("el gorro llegó con un agujero"), "damaged");
        assert_eq!(reason_code("it came with holes in it"), "damaged");
        assert_eq!(reason_code("the mug I bought arrived cracked"), "damaged");
        assert_eq!(reason_code("la taza llegó rajada"), "damaged");
        assert_ne!(
            reason_code("the crackers were not what I ordered"),
            "damaged"
        );
        // ("Whole" is no hole.)
        assert_eq!(reason_code("refund the whole order"), "other");
        assert_eq!(reason_code("you sent the wrong size"), "wrong_item");
        assert_eq!(reason_code("me llegó el gorro de otro color"), "wrong_item");
        assert_eq!(
            reason_code("I got the beanie in a different colour"),
            "wrong_item"
        );
        assert_eq!(reason_code("el gorro viene con un hilo suelto"), "damaged");
        // What the thing did: it shrank, it won't turn on, its sole came off.
        assert_eq!(reason_code("the sweater shrank in the wash"), "damaged");
        assert_eq!(reason_code("the watch won't turn on"), "damaged");
        assert_eq!(reason_code("la suela se despegó"), "damaged");
        // A greeting is no lateness.
        assert_eq!(
            reason_code("Buenas tardes, quiero devolver el gorro"),
            "other"
        );
        assert_eq!(reason_code("el pedido llegó tarde"), "late");
        assert_eq!(
            reason_code("the colour looks nothing like the photo"),
            "not_as_described"
        );
        assert_eq!(
            reason_code("nothing wrong with it, I just changed my mind"),
            "changed_mind"
        );
        // The shopper's own mistake, or another colour wished for, is no fault of the shop's.
        assert_eq!(
            reason_code("I accidentally ordered the wrong size"),
            "other"
        );
        assert_eq!(
            reason_code("refund it please, I'd rather have another colour"),
            "other"
        );
        assert_eq!(reason_code("I changed my mind"), "changed_mind");
        assert_eq!(reason_code("ya no lo quiero"), "changed_mind");
        assert_eq!(reason_code("wrong_item"), "wrong_item");
        assert_eq!(reason_code("I want a refund"), "other");
    }
}
