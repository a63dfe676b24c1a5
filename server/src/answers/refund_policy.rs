//! The shop's refund policy in the shopper's words, from its settings: what the assistant
//! says to "what's your refund policy?" and what the shop's answers quote. It is named
//! "returns and refunds", as shoppers ask of either ("what's your return policy?").

use crate::locale::Locale;
use crate::money::money_label;
use crate::refunds::policy::RefundPolicy;

/// The shop's refund policy, in words, from its settings ("what's your refund policy?").
pub fn describe(
    locale: Locale,
    policy: &RefundPolicy,
    from_delivery: bool,
    currency: shopchat_protocol::Currency,
) -> String {
    let days = policy.window_days;
    let ceiling = money_label(policy.auto_approve_minor, currency);
    let review = policy.review_days;
    let shipping: Vec<&str> = policy
        .shipping_reasons
        .iter()
        .map(|r| reason_words(locale, r))
        .collect();
    match locale {
        Locale::En => {
            let from = if from_delivery { "delivery" } else { "payment" };
            let shipping = if shipping.is_empty() {
                "Shipping isn't refunded.".to_owned()
            } else {
                format!(
                    "Shipping is refunded only when the item is {}.",
                    shipping.join(" or ")
                )
            };
            format!("Our returns and refunds policy: you can ask for a refund within {days} days of {from}. Refunds up to {ceiling} go back to your original payment method at once; larger ones are reviewed by the shop's team within about {review} business days. {shipping} At most {} refunds per order.", policy.max_per_order)
        }
        Locale::Es => {
            let from = if from_delivery {
                "la entrega"
            } else {
                "el pago"
            };
            let shipping = if shipping.is_empty() {
                "El envío no se reembolsa.".to_owned()
            } else {
                format!(
                    "El envío solo se reembolsa si el artículo llega {}.",
                    shipping.join(" o ")
                )
            };
            format!("Nuestra política de devoluciones y reembolsos: puedes pedir un reembolso en los {days} días siguientes a {from}. Los reembolsos de hasta {ceiling} vuelven al momento a tu método de pago original; los mayores los revisa el equipo de la tienda en unos {review} días laborables. {shipping} Como máximo {} reembolsos por pedido.", policy.max_per_order)
        }
    }
}

fn reason_words(locale: Locale, reason: &str) -> &'static str {
    match (locale, reason) {
        (Locale::En, "damaged") => "damaged",
        (Locale::En, "wrong_item") => "the wrong item",
        (Locale::En, "not_as_described") => "not as described",
        (Locale::En, "late") => "late",
        (Locale::Es, "damaged") => "dañado",
        (Locale::Es, "wrong_item") => "equivocado",
        (Locale::Es, "not_as_described") => "distinto de lo descrito",
        (Locale::Es, "late") => "tarde",
        (Locale::En, _) => "returned for another reason",
        (Locale::Es, _) => "por otro motivo",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_is_named_for_returns_as_for_refunds_in_both_languages() {
        let policy = RefundPolicy {
            window_days: 30,
            auto_approve_minor: 5000,
            reasons: vec!["damaged".to_owned()],
            shipping_reasons: vec!["damaged".to_owned()],
            max_per_order: 2,
            review_days: 2,
        };
        let currency = shopchat_protocol::Currency::parse("USD").expect("USD is a currency");
        let en = describe(Locale::En, &policy, true, currency);
        assert!(
            en.contains("returns and refunds") && en.contains("30 days"),
            "{en}"
        );
        let es = describe(Locale::Es, &policy, true, currency);
        assert!(
            es.contains("devoluciones y reembolsos") && es.contains("30 días"),
            "{es}"
        );
    }
}
