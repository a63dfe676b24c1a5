//! Time as the database stores it: UTC timestamps `YYYY-MM-DDTHH:MM:SS.sssZ`, the format of
//! SQLite's `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`, which sorts as text in time order. Callers
//! pass the instant in, so tests can ask "what happens 16 minutes from now?" without waiting.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The instant as a stored timestamp. Instants before 1970 (a broken clock) count as 1970.
pub fn timestamp(at: SystemTime) -> String {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let secs = i64::try_from(since.as_secs()).unwrap_or(i64::MAX);
    let (year, month, day) = civil_from_days(secs.div_euclid(86_400));
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60,
        since.subsec_millis()
    )
}

/// The (year, month) of the instant in UTC, e.g. to tell whether a card has expired.
pub fn year_month(at: SystemTime) -> (i64, u32) {
    let since = at.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
    let days = i64::try_from(since.as_secs() / 86_400).unwrap_or(i64::MAX);
    let (year, month, _) = civil_from_days(days);
    (year, month)
}

/// (year, month, day) of a day counted from 1970-01-01, in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`): no date library is needed for this one conversion.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // day of the 400-year era, 0..=146096
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153; // month counted from March
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn timestamps_match_sqlites_format() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            timestamp(at(951_782_400) + Duration::from_millis(7)),
            "2000-02-29T00:00:00.007Z"
        );
        assert_eq!(timestamp(at(1_795_000_000)), "2026-11-18T11:06:40.000Z");
        assert_eq!(timestamp(at(4_102_444_799)), "2099-12-31T23:59:59.000Z");
    }

    #[test]
    fn timestamps_sort_as_text_in_time_order() {
        let earlier = timestamp(at(1_795_000_000));
        let later = timestamp(at(1_795_000_000 + 15 * 60));
        assert!(earlier < later);
    }

    #[test]
    fn year_and_month_follow_the_calendar() {
        assert_eq!(year_month(at(951_782_400)), (2000, 2));
        assert_eq!(year_month(at(1_795_000_000)), (2026, 11));
        assert_eq!(year_month(at(1_798_761_600)), (2027, 1));
    }
}
