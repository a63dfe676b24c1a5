//! The order state machine as pure functions. Orders only move forward, so a late or repeated
//! event (a stale webhook, a second click, the expiry job racing a payment) can never undo a
//! payment, a refund, a dispute or a cancellation.
//!
//! | from                 | may move to                                                  |
//! |----------------------|--------------------------------------------------------------|
//! | `awaiting_payment`   | `paid`, `payment_failed`, `canceled`                         |
//! | `payment_failed`     | `paid` (a retry), `canceled`                                 |
//! | `paid`               | `fulfilled`, `partially_refunded`, `refunded`, `disputed`, `canceled` (the refund follows) |
//! | `fulfilled`          | `partially_refunded`, `refunded`, `disputed`                 |
//! | `partially_refunded` | `refunded`, `disputed`                                       |
//! | `refunded`           | `disputed`                                                   |
//! | `canceled`, `disputed` | nothing: final                                             |
//!
//! Decisions:
//! - A decline moves `awaiting_payment` to `payment_failed`, and the shopper may retry:
//!   `payment_failed → paid` directly. There is no way back to `awaiting_payment`, so a late
//!   "failed" event can't bounce a retried order around.
//! - `canceled` and `disputed` are final. A refunded charge can still be disputed by the bank.
//!   A provider reporting success for an order already canceled (it expired meanwhile) doesn't
//!   revive it: `move_order` refuses, and the caller must refund that payment, not drop it.
//! - A partially refunded order isn't marked fulfilled afterwards: fulfilment of such orders is
//!   tracked by the fulfilment flow when it comes, not by moving the status backwards.

use shopchat_protocol::OrderStatus;

/// Every status, for exhaustive checks.
pub const ALL: [OrderStatus; 8] = [
    OrderStatus::AwaitingPayment,
    OrderStatus::Paid,
    OrderStatus::Fulfilled,
    OrderStatus::PaymentFailed,
    OrderStatus::Canceled,
    OrderStatus::PartiallyRefunded,
    OrderStatus::Refunded,
    OrderStatus::Disputed,
];

/// True when an order may move from `from` to `to`. Staying put is not a move.
pub fn can_move(from: OrderStatus, to: OrderStatus) -> bool {
    use OrderStatus::*;
    matches!(
        (from, to),
        (AwaitingPayment, Paid | PaymentFailed | Canceled)
            | (PaymentFailed, Paid | Canceled)
            | (
                Paid,
                Fulfilled | PartiallyRefunded | Refunded | Disputed | Canceled
            )
            | (Fulfilled, PartiallyRefunded | Refunded | Disputed)
            | (PartiallyRefunded, Refunded | Disputed)
            | (Refunded, Disputed)
    )
}

/// True while no money has been taken: the order can still be paid or let go.
pub fn is_unpaid(status: OrderStatus) -> bool {
    matches!(
        status,
        OrderStatus::AwaitingPayment | OrderStatus::PaymentFailed
    )
}

/// The stored (and wire) name of a status.
pub fn as_str(status: OrderStatus) -> &'static str {
    status.code()
}

pub fn parse(text: &str) -> Option<OrderStatus> {
    ALL.into_iter().find(|s| as_str(*s) == text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrderStatus::*;

    /// The whole table, written out: every pair not listed here must be refused.
    const ALLOWED: [(OrderStatus, OrderStatus); 16] = [
        (AwaitingPayment, Paid),
        (AwaitingPayment, PaymentFailed),
        (AwaitingPayment, Canceled),
        (PaymentFailed, Paid),
        (PaymentFailed, Canceled),
        (Paid, Fulfilled),
        (Paid, PartiallyRefunded),
        (Paid, Refunded),
        (Paid, Disputed),
        (Paid, Canceled),
        (Fulfilled, PartiallyRefunded),
        (Fulfilled, Refunded),
        (Fulfilled, Disputed),
        (PartiallyRefunded, Refunded),
        (PartiallyRefunded, Disputed),
        (Refunded, Disputed),
    ];

    #[test]
    fn exactly_the_listed_moves_are_allowed() {
        for from in ALL {
            for to in ALL {
                assert_eq!(
                    can_move(from, to),
                    ALLOWED.contains(&(from, to)),
                    "{} -> {}",
                    as_str(from),
                    as_str(to)
                );
            }
        }
    }

    #[test]
    fn no_status_moves_to_itself() {
        for s in ALL {
            assert!(!can_move(s, s), "{}", as_str(s));
        }
    }

    #[test]
    fn moves_never_lead_back_to_an_earlier_status() {
        // Depth-first search for a cycle: none may exist, or some sequence of events could undo
        // a payment or a refund.
        fn reaches(from: OrderStatus, target: OrderStatus, depth: usize) -> bool {
            depth < ALL.len()
                && ALL
                    .into_iter()
                    .filter(|to| can_move(from, *to))
                    .any(|to| to == target || reaches(to, target, depth + 1))
        }
        for s in ALL {
            assert!(!reaches(s, s, 0), "{} can come back to itself", as_str(s));
        }
        assert!(!reaches(Paid, AwaitingPayment, 0));
        assert!(!reaches(Paid, PaymentFailed, 0));
        assert!(!reaches(PaymentFailed, AwaitingPayment, 0));
    }

    #[test]
    fn a_cancellation_or_a_dispute_is_final() {
        for to in ALL {
            assert!(!can_move(Canceled, to), "canceled -> {}", as_str(to));
            assert!(!can_move(Disputed, to), "disputed -> {}", as_str(to));
        }
    }

    #[test]
    fn only_an_unpaid_order_can_become_paid_and_a_declined_one_can_retry() {
        for from in ALL {
            assert_eq!(can_move(from, Paid), is_unpaid(from), "{}", as_str(from));
        }
        assert!(can_move(PaymentFailed, Paid));
    }

    #[test]
    fn a_shipped_order_is_not_canceled_but_refunded() {
        assert!(!can_move(Fulfilled, Canceled));
        assert!(can_move(Fulfilled, Refunded));
    }

    #[test]
    fn every_status_is_reachable_from_a_new_order() {
        let mut seen = vec![AwaitingPayment];
        let mut i = 0;
        while let Some(&from) = seen.get(i) {
            for to in ALL {
                if can_move(from, to) && !seen.contains(&to) {
                    seen.push(to);
                }
            }
            i += 1;
        }
        for s in ALL {
            assert!(seen.contains(&s), "{} is unreachable", as_str(s));
        }
    }

    #[test]
    fn names_round_trip() {
        for s in ALL {
            assert_eq!(parse(as_str(s)), Some(s));
        }
        assert_eq!(parse("shipped"), None);
    }
}
