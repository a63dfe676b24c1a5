//! Delivery estimates: the shop's processing days, then its transit days to the country (or
//! its default), counted in business days (Monday to Friday) from today in the shop's time
//! zone. An unknown time zone counts in UTC.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

use crate::assistant::Locale;

#[derive(Debug, Clone, PartialEq)]
pub struct Delivery {
    pub processing_days: i64,
    /// (fewest, most) business days in transit.
    pub transit: (i64, i64),
    /// Per upper-case ISO country code.
    pub by_country: BTreeMap<String, (i64, i64)>,
    /// IANA name, e.g. `America/New_York`.
    pub time_zone: String,
}

impl Delivery {
    /// The shop's delivery settings (only these columns: an order card reads them).
    pub async fn for_shop(
        db: &crate::db::DbPool,
        shop_id: i64,
    ) -> Result<Delivery, crate::error::ApiError> {
        let (processing_days, fewest, most, by_country, time_zone): (
            i64,
            i64,
            i64,
            String,
            String,
        ) = sqlx::query_as(
            "select processing_days, transit_days_min, transit_days_max, transit_by_country,
                        time_zone
                 from shop where id = ?",
        )
        .bind(shop_id)
        .fetch_optional(db)
        .await?
        .ok_or(crate::error::ApiError::UnknownShop)?;
        Ok(Delivery {
            processing_days,
            transit: (fewest, most),
            by_country: super::facts::parse_transit(&by_country),
            time_zone,
        })
    }

    /// Transit days to `country` (ISO code), or the default.
    pub fn transit_to(&self, country: Option<&str>) -> (i64, i64) {
        country
            .and_then(|c| self.by_country.get(&c.to_ascii_uppercase()))
            .copied()
            .unwrap_or(self.transit)
    }

    /// The first and last day an order placed (or still being prepared) at `from` should
    /// arrive in `country`: business days of preparation, then of transit.
    pub fn window(&self, from: Timestamp, country: Option<&str>) -> (Date, Date) {
        let zone = TimeZone::get(&self.time_zone).unwrap_or(TimeZone::UTC);
        let today = zone.to_datetime(from).date();
        let shipped = add_business_days(today, self.processing_days);
        let (fewest, most) = self.transit_to(country);
        (
            add_business_days(shipped, fewest),
            add_business_days(shipped, most),
        )
    }
}

/// True when `name` is a time zone this server knows.
pub fn is_time_zone(name: &str) -> bool {
    TimeZone::get(name).is_ok()
}

/// `days` business days after `date` (a weekend start counts from the next Monday).
pub fn add_business_days(date: Date, days: i64) -> Date {
    let mut date = date;
    let mut left = days.max(0);
    while is_weekend(date) {
        date = next_day(date);
    }
    while left > 0 {
        date = next_day(date);
        if !is_weekend(date) {
            left -= 1;
        }
    }
    date
}

fn next_day(date: Date) -> Date {
    date.checked_add(1.day()).unwrap_or(date)
}

fn is_weekend(date: Date) -> bool {
    matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// "Mon 7 Dec" / "lun 7 dic".
pub fn day_label(date: Date, locale: Locale) -> String {
    const EN_DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const ES_DAYS: [&str; 7] = ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"];
    const EN_MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const ES_MONTHS: [&str; 12] = [
        "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
    ];
    let weekday = usize::from(date.weekday().to_monday_zero_offset().unsigned_abs());
    let month = usize::from(date.month().unsigned_abs()).saturating_sub(1);
    match locale {
        Locale::En => format!("{} {} {}", EN_DAYS[weekday], date.day(), EN_MONTHS[month]),
        Locale::Es => format!("{} {} {}", ES_DAYS[weekday], date.day(), ES_MONTHS[month]),
    }
}

/// "between Mon 7 Dec and Fri 11 Dec" / "entre el lun 7 dic y el vie 11 dic".
pub fn window_label((first, last): (Date, Date), locale: Locale) -> String {
    match (locale, first == last) {
        (Locale::En, true) => format!("on {}", day_label(first, locale)),
        (Locale::Es, true) => format!("el {}", day_label(first, locale)),
        (Locale::En, false) => format!(
            "between {} and {}",
            day_label(first, locale),
            day_label(last, locale)
        ),
        (Locale::Es, false) => format!(
            "entre el {} y el {}",
            day_label(first, locale),
            day_label(last, locale)
        ),
    }
}

/// When a paid order not yet delivered should arrive: counted from when it was placed (not
/// shipped yet: preparation, then transit) or shipped (transit only), to the country of its
/// shipping address.
pub async fn arrival(
    db: &crate::db::DbPool,
    order: &crate::orders::OrderRow,
    shipped_at: Option<&str>,
    delivered: bool,
) -> Result<Option<shopchat_protocol::Arrival>, crate::error::ApiError> {
    if order.status != "paid" || delivered {
        return Ok(None);
    }
    let address: Option<String> =
        sqlx::query_scalar("select shipping_address from shop_order where id = ? and shop_id = ?")
            .bind(&order.id)
            .bind(order.shop_id)
            .fetch_one(db)
            .await?;
    let country = address
        .and_then(|a| serde_json::from_str::<serde_json::Value>(&a).ok())
        .and_then(|a| a.get("country").and_then(|c| c.as_str()).map(str::to_owned));
    let mut delivery = Delivery::for_shop(db, order.shop_id).await?;
    let from = match shipped_at {
        Some(at) => {
            delivery.processing_days = 0;
            at
        }
        None => order.created_at.as_str(),
    };
    let from: Timestamp = from.parse().unwrap_or_else(|_| Timestamp::now());
    let (first, last) = delivery.window(from, country.as_deref());
    Ok(Some(shopchat_protocol::Arrival {
        first: first.to_string(),
        last: last.to_string(),
    }))
}

/// "It should arrive between Tue 8 Dec and Fri 11 Dec." for a card with a delivery window.
pub fn expected_arrival(card: &shopchat_protocol::OrderCard, locale: Locale) -> Option<String> {
    let arrives = card.arrives.as_ref()?;
    let first: Date = arrives.first.parse().ok()?;
    let last: Date = arrives.last.parse().ok()?;
    let window = window_label((first, last), locale);
    Some(match locale {
        Locale::En => format!("It should arrive {window}."),
        Locale::Es => format!("Debería llegar {window}."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn demo() -> Delivery {
        Delivery {
            processing_days: 1,
            transit: (2, 5),
            by_country: [("CA".to_owned(), (5, 9))].into_iter().collect(),
            time_zone: "America/New_York".into(),
        }
    }

    #[test]
    fn business_days_skip_weekends() {
        // Thursday 3 Dec 2026 + 2 business days = Monday 7 Dec.
        assert_eq!(add_business_days(date(2026, 12, 3), 2), date(2026, 12, 7));
        // A Saturday start counts from Monday.
        assert_eq!(add_business_days(date(2026, 12, 5), 0), date(2026, 12, 7));
        assert_eq!(add_business_days(date(2026, 12, 5), 1), date(2026, 12, 8));
    }

    #[test]
    fn the_window_counts_preparation_then_transit_in_the_shops_time_zone() {
        // 02:00 UTC on Friday 4 Dec is still Thursday 3 Dec in New York.
        let at: Timestamp = "2026-12-04T02:00:00Z".parse().unwrap();
        let (first, last) = demo().window(at, Some("US"));
        // Prepared Friday 4 Dec; 2–5 business days: Tue 8 Dec – Fri 11 Dec.
        assert_eq!((first, last), (date(2026, 12, 8), date(2026, 12, 11)));
        let (first, last) = demo().window(at, Some("ca"));
        assert_eq!((first, last), (date(2026, 12, 11), date(2026, 12, 17)));
        assert_eq!(
            window_label((first, last), Locale::En),
            "between Fri 11 Dec and Thu 17 Dec"
        );
        assert_eq!(
            window_label((first, last), Locale::Es),
            "entre el vie 11 dic y el jue 17 dic"
        );
    }

    #[test]
    fn an_unknown_time_zone_counts_in_utc() {
        let mut d = demo();
        d.time_zone = "Mars/Olympus".into();
        assert!(!is_time_zone("Mars/Olympus") && is_time_zone("Europe/Madrid"));
        let at: Timestamp = "2026-12-04T02:00:00Z".parse().unwrap();
        // Friday in UTC: prepared Monday 7 Dec, 2–5 days: Wed 9 – Mon 14 Dec.
        assert_eq!(d.window(at, None), (date(2026, 12, 9), date(2026, 12, 14)));
    }
}
