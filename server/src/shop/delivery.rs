//! The shop's delivery settings and the window they give: its processing days, then its
//! transit days to the country (or its default), counted in business days (Monday to Friday)
//! from today in the shop's time zone. An unknown time zone counts in UTC.

use std::collections::BTreeMap;

use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};

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
                 from shop where id = $1",
        )
        .bind(shop_id)
        .fetch_optional(db)
        .await?
        .ok_or(crate::error::ApiError::UnknownShop)?;
        Ok(Delivery {
            processing_days,
            transit: (fewest, most),
            by_country: parse_transit(&by_country),
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

/// `{"CA":[5,9]}` → per-country transit ranges.
pub fn parse_transit(json: &str) -> BTreeMap<String, (i64, i64)> {
    serde_json::from_str::<BTreeMap<String, (i64, i64)>>(json)
        .unwrap_or_default()
        .into_iter()
        .map(|(c, (a, b))| (c.to_ascii_uppercase(), (a.min(b), a.max(b))))
        .collect()
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
    }

    #[test]
    fn an_unknown_time_zone_counts_in_utc() {
        let mut d = demo();
        d.time_zone = "Mars/Olympus".into();
        let at: Timestamp = "2026-12-04T02:00:00Z".parse().unwrap();
        // Friday in UTC: prepared Monday 7 Dec, 2–5 days: Wed 9 – Mon 14 Dec.
        assert_eq!(d.window(at, None), (date(2026, 12, 9), date(2026, 12, 14)));
    }
}
