//! Delivery estimates in words: a window of days ("between Tue 8 Dec and Fri 11 Dec") in the
//! shopper's language. The window itself is counted by `shop::delivery`.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::locale::Locale;

/// True when `name` is a time zone this server knows.
pub fn is_time_zone(name: &str) -> bool {
    TimeZone::get(name).is_ok()
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

    #[test]
    fn a_window_reads_as_a_range_of_days_in_either_language() {
        let (first, last) = (date(2026, 12, 11), date(2026, 12, 17));
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
    fn time_zones_are_known_by_their_iana_names() {
        assert!(!is_time_zone("Mars/Olympus") && is_time_zone("Europe/Madrid"));
    }
}
