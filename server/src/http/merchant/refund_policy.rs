//! The Settings page's refund policy and handoff sections: the refund window and what it counts
//! from, the auto-approve ceiling, the reasons a shopper may give, those that refund shipping,
//! refunds per order and the review time told to shoppers; where handoff notifications go and
//! the reply time shoppers are told. Saved with the rest of the page, or not at all.

use maud::{html, Markup};
use serde::Deserialize;

use super::markup::field_errors;
use super::settings_form::FieldProblem;
use crate::http::admin::notifications::valid_url;
use crate::money::{format_minor, parse_decimal_minor};
use crate::refunds::policy::REASONS;

/// The policy columns of `shop`, as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredPolicy {
    pub refund_window_days: i64,
    pub refund_window_from: String,
    pub refund_auto_approve_minor: i64,
    pub refund_reasons: String,
    pub refund_shipping_reasons: String,
    pub refund_max_per_order: i64,
    pub refund_review_days: i64,
    pub notify_url: Option<String>,
    pub handoff_reply_hours: Option<i64>,
}

pub const STORED_POLICY_SQL: &str = "select refund_window_days, refund_window_from,
    refund_auto_approve_minor, refund_reasons, refund_shipping_reasons, refund_max_per_order,
    refund_review_days, notify_url, handoff_reply_hours from shop where id = $1";

/// The section's fields as typed (or as stored, formatted for the form).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct PolicyForm {
    #[serde(rename = "refund_window_days")]
    pub window_days: String,
    #[serde(rename = "refund_window_from")]
    pub window_from: String,
    #[serde(rename = "refund_auto_approve")]
    pub auto_approve: String,
    #[serde(rename = "refund_reasons")]
    pub reasons: Vec<String>,
    #[serde(rename = "refund_shipping_reasons")]
    pub shipping_reasons: Vec<String>,
    #[serde(rename = "refund_max_per_order")]
    pub max_per_order: String,
    #[serde(rename = "refund_review_days")]
    pub review_days: String,
    pub notify_url: String,
    #[serde(rename = "handoff_reply_hours")]
    pub reply_hours: String,
}

/// The field that tells the section is in a submitted form (an older page leaves it as is).
pub const POLICY_FIELD: &str = "refund_window_days";

/// Validated values, ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct PolicyUpdate {
    pub window_days: i64,
    pub window_from: &'static str,
    pub auto_approve_minor: i64,
    /// JSON arrays of reason codes.
    pub reasons: String,
    pub shipping_reasons: String,
    pub max_per_order: i64,
    pub review_days: i64,
    pub notify_url: Option<String>,
    pub reply_hours: Option<i64>,
}

const REASON_LABELS: [(&str, &str); 6] = [
    ("damaged", "Damaged"),
    ("wrong_item", "Wrong item"),
    ("not_as_described", "Not as described"),
    ("changed_mind", "Changed their mind"),
    ("late", "Arrived late"),
    ("other", "Other"),
];

impl PolicyForm {
    pub fn from_stored(s: &StoredPolicy, exponent: u32) -> Self {
        let list = |json: &str| serde_json::from_str::<Vec<String>>(json).unwrap_or_default();
        PolicyForm {
            window_days: s.refund_window_days.to_string(),
            window_from: s.refund_window_from.clone(),
            auto_approve: format_minor(s.refund_auto_approve_minor, exponent),
            reasons: list(&s.refund_reasons),
            shipping_reasons: list(&s.refund_shipping_reasons),
            max_per_order: s.refund_max_per_order.to_string(),
            review_days: s.refund_review_days.to_string(),
            notify_url: s.notify_url.clone().unwrap_or_default(),
            reply_hours: s
                .handoff_reply_hours
                .map(|h| h.to_string())
                .unwrap_or_default(),
        }
    }
}

/// A whole number in `range`, or the problem in words.
fn whole(
    text: &str,
    range: std::ops::RangeInclusive<i64>,
    field: &'static str,
    what: &str,
    problems: &mut Vec<FieldProblem>,
) -> i64 {
    match text.parse::<i64>() {
        Ok(n) if range.contains(&n) => n,
        _ => {
            problems.push((
                field,
                format!(
                    "{what}: a whole number from {} to {}.",
                    range.start(),
                    range.end()
                ),
            ));
            0
        }
    }
}

/// Only known reason codes, in the canonical order, each once.
fn reason_list(chosen: &[String]) -> Vec<&'static str> {
    REASONS
        .into_iter()
        .filter(|r| chosen.iter().any(|c| c == r))
        .collect()
}

/// Checks the section; every problem at once. `exponent`: the shop's currency's.
pub fn validate(d: &PolicyForm, exponent: u32) -> Result<PolicyUpdate, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let window_days = whole(
        &d.window_days,
        0..=3650,
        "refund_window_days",
        "The refund window",
        &mut problems,
    );
    let window_from = match d.window_from.as_str() {
        "delivery" => "delivery",
        "payment" => "payment",
        _ => {
            problems.push(("refund_window_from", "Choose payment or delivery.".into()));
            "delivery"
        }
    };
    let auto_approve_minor = match parse_decimal_minor(&d.auto_approve, exponent) {
        Ok(minor) if minor >= 0 => minor,
        _ => {
            problems.push((
                "refund_auto_approve",
                "Enter an amount such as 50.00 (0: every refund waits for you).".into(),
            ));
            0
        }
    };
    if d.reasons
        .iter()
        .chain(&d.shipping_reasons)
        .any(|r| !REASONS.contains(&r.as_str()))
    {
        problems.push(("refund_reasons", "Choose reasons from the list.".into()));
    }
    let reasons = reason_list(&d.reasons);
    if reasons.is_empty() {
        problems.push((
            "refund_reasons",
            "Allow at least one reason (set the window to 0 days to refuse refunds).".into(),
        ));
    }
    let shipping_reasons = reason_list(&d.shipping_reasons);
    if shipping_reasons.iter().any(|r| !reasons.contains(r)) {
        problems.push((
            "refund_shipping_reasons",
            "Shipping can only be refunded for reasons that are allowed.".into(),
        ));
    }
    let max_per_order = whole(
        &d.max_per_order,
        0..=100,
        "refund_max_per_order",
        "Refunds per order",
        &mut problems,
    );
    let review_days = whole(
        &d.review_days,
        0..=60,
        "refund_review_days",
        "The review time",
        &mut problems,
    );
    let notify_url = (!d.notify_url.is_empty()).then(|| d.notify_url.clone());
    if let Some(url) = &notify_url {
        if !valid_url(url) || url.len() > 500 {
            problems.push((
                "notify_url",
                "Enter an http(s) address such as https://shop.example/hooks/shopchat.".into(),
            ));
        }
    }
    let reply_hours = if d.reply_hours.is_empty() {
        None
    } else {
        Some(whole(
            &d.reply_hours,
            1..=720,
            "handoff_reply_hours",
            "The reply time",
            &mut problems,
        ))
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let json = |list: Vec<&str>| serde_json::to_string(&list).unwrap_or_else(|_| "[]".into());
    Ok(PolicyUpdate {
        window_days,
        window_from,
        auto_approve_minor,
        reasons: json(reasons),
        shipping_reasons: json(shipping_reasons),
        max_per_order,
        review_days,
        notify_url,
        reply_hours,
    })
}

pub async fn store(
    tx: &mut crate::db::DbTx,
    shop_id: i64,
    u: &PolicyUpdate,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "update shop set refund_window_days = $1, refund_window_from = $2, refund_auto_approve_minor = $3,
             refund_reasons = $4, refund_shipping_reasons = $5, refund_max_per_order = $6,
             refund_review_days = $7, notify_url = $8, handoff_reply_hours = $9
         where id = $10",
    )
    .bind(u.window_days)
    .bind(u.window_from)
    .bind(u.auto_approve_minor)
    .bind(&u.reasons)
    .bind(&u.shipping_reasons)
    .bind(u.max_per_order)
    .bind(u.review_days)
    .bind(&u.notify_url)
    .bind(u.reply_hours)
    .bind(shop_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The two fieldsets, each problem beside its field.
pub fn render(d: &PolicyForm, currency: &str, problems: &[FieldProblem]) -> Markup {
    let checkboxes = |name: &str, chosen: &[String]| {
        html! {
            @for (code, label) in REASON_LABELS {
                label.inline {
                    input type="checkbox" name=(name) value=(code)
                        checked[chosen.iter().any(|c| c == code)];
                    " " (label)
                }
            }
        }
    };
    let text = |name: &str, value: &str, inputmode: &str| {
        html! {
            input type="text" name=(name) value=(value) inputmode=(inputmode);
            (field_errors(problems, name))
        }
    };
    html! {
        fieldset #refund-policy {
            legend { "Refund policy" }
            label { "Refund window (days) " (text("refund_window_days", &d.window_days, "numeric")) }
            label {
                "Counted from "
                select name="refund_window_from" {
                    option value="delivery" selected[d.window_from != "payment"] {
                        "Delivery (payment until delivered)"
                    }
                    option value="payment" selected[d.window_from == "payment"] { "Payment" }
                }
                (field_errors(problems, "refund_window_from"))
            }
            label {
                "Refund at once up to (" (currency) ") "
                (text("refund_auto_approve", &d.auto_approve, "decimal"))
            }
            p.hint { "Larger requests wait in the Refund queue for you." }
            div.inline-group {
                "Reasons a shopper may give "
                (checkboxes("refund_reasons", &d.reasons))
                (field_errors(problems, "refund_reasons"))
            }
            div.inline-group {
                "Shipping is refunded too for "
                (checkboxes("refund_shipping_reasons", &d.shipping_reasons))
                (field_errors(problems, "refund_shipping_reasons"))
            }
            label {
                "Refunds per order, at most "
                (text("refund_max_per_order", &d.max_per_order, "numeric"))
            }
            label {
                "You answer queued requests within (business days) "
                (text("refund_review_days", &d.review_days, "numeric"))
            }
        }
        fieldset #handoff-settings {
            legend { "Handoff to a person" }
            label {
                "Notify this address when a shopper needs a person (optional) "
                input type="text" name="notify_url" value=(d.notify_url)
                    placeholder="https://shop.example/hooks/shopchat";
                (field_errors(problems, "notify_url"))
            }
            label {
                "Typical reply time in hours, told to the shopper (optional) "
                input type="text" name="handoff_reply_hours" value=(d.reply_hours)
                    inputmode="numeric" placeholder="a few hours";
                (field_errors(problems, "handoff_reply_hours"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft() -> PolicyForm {
        PolicyForm {
            window_days: "30".into(),
            window_from: "payment".into(),
            auto_approve: "50.00".into(),
            reasons: vec!["late".into(), "damaged".into()],
            shipping_reasons: vec!["damaged".into()],
            max_per_order: "2".into(),
            review_days: "2".into(),
            notify_url: String::new(),
            reply_hours: String::new(),
        }
    }

    #[test]
    fn a_good_policy_is_stored_in_minor_units_with_reasons_in_canonical_order() {
        let u = validate(&draft(), 2).expect("valid");
        assert_eq!(u.window_from, "payment");
        assert_eq!(u.auto_approve_minor, 5000);
        assert_eq!(u.reasons, r#"["damaged","late"]"#);
        assert_eq!(u.shipping_reasons, r#"["damaged"]"#);
        assert_eq!((u.notify_url, u.reply_hours), (None, None));
    }

    #[test]
    fn every_bad_field_is_named() {
        let d = PolicyForm {
            window_days: "-1".into(),
            window_from: "whenever".into(),
            auto_approve: "lots".into(),
            reasons: vec![],
            shipping_reasons: vec!["damaged".into()],
            max_per_order: "1.5".into(),
            review_days: "x".into(),
            notify_url: "ftp://x".into(),
            reply_hours: "0".into(),
        };
        let problems = validate(&d, 2).expect_err("invalid");
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        for field in [
            "refund_window_days",
            "refund_window_from",
            "refund_auto_approve",
            "refund_reasons",
            "refund_shipping_reasons",
            "refund_max_per_order",
            "refund_review_days",
            "notify_url",
            "handoff_reply_hours",
        ] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
    }

    #[test]
    fn an_unknown_reason_code_is_refused_not_dropped() {
        let mut d = draft();
        d.reasons.push("because".into());
        assert!(validate(&d, 2).is_err());
    }
}
