//! The order card: what was bought, what it cost and what was refunded, where the parcel is
//! (carrier, tracking number and link), refund requests waiting for the shop, and the order's
//! timeline — as the assistant's order tools send it after the shopper proved the order.

use shopchat_protocol::display::format_money;
use shopchat_protocol::{FulfillmentState, OrderCard};
use web_sys::HtmlElement;

use crate::html::Html;
use crate::i18n::Lang;

/// Draws the order card into `root`. It has nothing to do, so it is drawn once.
pub fn open(root: &HtmlElement, lang: Lang, order: &OrderCard) {
    root.set_inner_html(&render(lang, order));
}

pub fn render(lang: Lang, order: &OrderCard) -> String {
    let s = lang.strings();
    let money = |m| format_money(m, lang.code());
    let mut h = Html::default();
    h.open("div", &[("class", Some("sc-checkout sc-order"))]);
    h.open("p", &[("class", Some("sc-co-title"))]);
    h.text(s.order).text(" ");
    h.element(
        "strong",
        &[("class", Some("sc-order-number"))],
        &order.order_number,
    );
    h.close("p");
    h.element(
        "p",
        &[
            ("class", Some("sc-order-status")),
            ("data-status", Some(order.status.code())),
        ],
        lang.status_text(order.status),
    );
    let item = if order.options.is_empty() {
        order.title.clone()
    } else {
        [order.title.as_str(), " — ", &order.options.join(" / ")].concat()
    };
    h.element("p", &[], &item);
    h.open("dl", &[("class", Some("sc-breakdown"))]);
    let mut line = |label: &str, amount: String| {
        h.open("div", &[("class", Some("sc-co-line"))]);
        h.element("dt", &[], label).element("dd", &[], &amount);
        h.close("div");
    };
    line(s.total, money(order.breakdown.total));
    if order.refunded.minor > 0 {
        line(s.refunded, money(order.refunded));
    }
    h.close("dl");

    let f = &order.fulfillment;
    h.open("p", &[("class", Some("sc-shipping"))]);
    match f.state {
        FulfillmentState::Unfulfilled => {
            h.text(s.not_shipped);
        }
        FulfillmentState::Fulfilled | FulfillmentState::Delivered => {
            h.text(if f.state == FulfillmentState::Delivered {
                s.delivered
            } else {
                s.shipped
            });
            if let Some(carrier) = &f.carrier {
                h.text(" · ").text(carrier);
            }
            if let Some(number) = &f.tracking_number {
                h.text(" · ").text(s.tracking).text(" ");
                let link = f
                    .tracking_url
                    .as_deref()
                    .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
                match link {
                    Some(url) => {
                        h.element(
                            "a",
                            &[
                                ("class", Some("sc-tracking")),
                                ("href", Some(url)),
                                ("target", Some("_blank")),
                                ("rel", Some("noopener noreferrer")),
                            ],
                            number,
                        );
                    }
                    None => {
                        h.element("span", &[("class", Some("sc-tracking"))], number);
                    }
                }
            }
        }
    }
    h.close("p");
    if let Some(arrives) = &order.arrives {
        let (first, last) = (day(lang, &arrives.first), day(lang, &arrives.last));
        let text = if first == last {
            [s.arrives_on, &first].concat()
        } else {
            [s.arrives_between, &first, s.arrives_and, &last].concat()
        };
        h.element("p", &[("class", Some("sc-arrives"))], &text);
    }

    for pending in &order.pending_refunds {
        h.element(
            "p",
            &[("class", Some("sc-pending"))],
            &[
                s.refund_pending_1,
                &money(pending.amount),
                s.refund_pending_2,
            ]
            .concat(),
        );
    }

    h.open("ol", &[("class", Some("sc-timeline"))]);
    for entry in &order.timeline {
        let Some(what) = lang.timeline_text(&entry.kind) else {
            continue;
        };
        h.open("li", &[]);
        h.element(
            "time",
            &[("datetime", Some(&entry.at))],
            &date(&entry.at, lang),
        );
        h.text(" ").text(what);
        if let Some(amount) = entry.amount {
            h.text(" (").text(&money(amount)).text(")");
        }
        h.close("li");
    }
    h.close("ol");
    h.close("div");
    h.finish()
}

/// An RFC 3339 instant as the shopper's language writes a date, e.g. `Nov 28, 2026`.
fn date(at: &str, lang: Lang) -> String {
    let date = js_sys::Date::new(&at.into());
    if date.get_time().is_nan() {
        return String::new();
    }
    let options = js_sys::Object::new();
    for (key, value) in [("month", "short"), ("day", "numeric"), ("year", "numeric")] {
        let _ = js_sys::Reflect::set(&options, &key.into(), &value.into());
    }
    date.to_locale_date_string(lang.code(), &options).into()
}

/// "Tue 8 Dec" / "mar 8 dic" from `YYYY-MM-DD` (the date as given when it doesn't parse).
fn day(lang: Lang, iso: &str) -> String {
    let mut parts = iso.splitn(3, '-').map(|p| p.parse::<i64>().ok());
    let (Some(Some(y)), Some(Some(m)), Some(Some(d))) = (parts.next(), parts.next(), parts.next())
    else {
        return iso.to_owned();
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return iso.to_owned();
    }
    // Days since 1970-01-01 (a Thursday), Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let weekday = (days + 3).rem_euclid(7) as usize; // 0 = Monday
    let s = lang.strings();
    format!("{} {d} {}", s.weekdays[weekday], s.months[(m - 1) as usize])
}
