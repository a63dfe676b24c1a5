//! The Settings page's delivery fields: the countries a shop ships to, the days to prepare an
//! order and in transit (per country too) and its time zone, read from the form's text and
//! checked into the `shop` table's shapes.

use std::collections::BTreeMap;

use super::settings_form::{FieldProblem, SettingsForm};
use crate::answers::delivery::is_time_zone;

/// Validated delivery settings, in the `shop` table's shapes.
#[derive(Debug, PartialEq, Eq)]
pub struct DeliveryUpdate {
    /// JSON array of upper-case ISO codes; `[]`: anywhere.
    pub ship_to_countries: String,
    pub processing_days: i64,
    pub transit_days_min: i64,
    pub transit_days_max: i64,
    /// JSON object, `{"CA":[5,9]}`.
    pub transit_by_country: String,
    pub time_zone: String,
}

/// Most days in transit the shop may state.
const MAX_TRANSIT_DAYS: i64 = 60;

/// `US, ca es` → upper-case codes in order, each once; or the entries that are no ISO 3166
/// country code.
pub fn parse_country_list(text: &str) -> Result<Vec<String>, Vec<String>> {
    let mut codes: Vec<String> = Vec::new();
    let mut bad = Vec::new();
    for entry in text
        .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|e| !e.is_empty())
    {
        let code = entry.to_ascii_uppercase();
        if !crate::orders::is_country(&code) {
            bad.push(entry.to_owned());
        } else if !codes.contains(&code) {
            codes.push(code);
        }
    }
    if bad.is_empty() {
        Ok(codes)
    } else {
        Err(bad)
    }
}

/// One line of transit by country: `CA 5-9` (also `ca: 5 – 9`, or `CA 7` for exactly 7 days).
pub fn parse_transit_line(line: &str) -> Result<(String, (i64, i64)), String> {
    let line = line.trim();
    let shape =
        || format!("“{line}” is not a line like CA 5-9 (a country code, then days from-to).");
    let (code, days) = line
        .split_once(|c: char| c == ':' || c.is_whitespace())
        .ok_or_else(shape)?;
    let code = code.to_ascii_uppercase();
    if !crate::orders::is_country(&code) {
        return Err(format!(
            "“{line}”: {code} is not a two-letter country code."
        ));
    }
    let days = days.trim().trim_start_matches(':').trim();
    let (from, to) = days.split_once(['-', '–']).unwrap_or((days, days));
    let (Ok(from), Ok(to)) = (from.trim().parse::<i64>(), to.trim().parse::<i64>()) else {
        return Err(shape());
    };
    if from < 0 || to > MAX_TRANSIT_DAYS || from > to {
        return Err(format!(
            "“{line}”: days in transit are whole numbers from 0 to {MAX_TRANSIT_DAYS}, the first no more than the second."
        ));
    }
    Ok((code, (from, to)))
}

/// The transit by country textarea: each line parsed, or a problem per bad line (a country
/// on two lines is one too).
pub fn parse_transit_lines(text: &str) -> Result<BTreeMap<String, (i64, i64)>, Vec<String>> {
    let mut by_country = BTreeMap::new();
    let mut problems = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match parse_transit_line(line) {
            Ok((code, _)) if by_country.contains_key(&code) => {
                problems.push(format!("“{line}”: {code} is already on another line."));
            }
            Ok((code, days)) => {
                by_country.insert(code, days);
            }
            Err(problem) => problems.push(problem),
        }
    }
    if problems.is_empty() {
        Ok(by_country)
    } else {
        Err(problems)
    }
}

/// Per-country transit as the textarea shows it, one `CA 5-9` a line.
pub fn transit_lines(by_country: &BTreeMap<String, (i64, i64)>) -> String {
    by_country
        .iter()
        .map(|(code, (from, to))| format!("{code} {from}-{to}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A whole number of days in `0..=max`, or the problem beside `field`.
fn days(
    text: &str,
    max: i64,
    field: &'static str,
    what: &str,
    problems: &mut Vec<FieldProblem>,
) -> i64 {
    match text.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => n,
        _ => {
            problems.push((field, format!("{what}: a whole number from 0 to {max}.")));
            0
        }
    }
}

/// The delivery fields, checked; problems go beside each field.
pub fn validate_delivery(
    draft: &SettingsForm,
    processing_days: &str,
    problems: &mut Vec<FieldProblem>,
) -> DeliveryUpdate {
    let countries = parse_country_list(&draft.ship_to_countries).unwrap_or_else(|bad| {
        for code in bad {
            problems.push((
                "ship_to_countries",
                format!("“{code}” is not a two-letter country code such as US, CA or ES."),
            ));
        }
        Vec::new()
    });
    let processing_days = days(
        processing_days,
        30,
        "processing_days",
        "Days to prepare an order",
        problems,
    );
    let before = problems.len();
    let transit_days_min = days(
        &draft.transit_days_min,
        MAX_TRANSIT_DAYS,
        "transit_days_min",
        "Days in transit, from",
        problems,
    );
    let transit_days_max = days(
        &draft.transit_days_max,
        MAX_TRANSIT_DAYS,
        "transit_days_max",
        "Days in transit, to",
        problems,
    );
    if problems.len() == before && transit_days_min > transit_days_max {
        problems.push((
            "transit_days_max",
            "Days in transit: the first number can't be more than the second.".into(),
        ));
    }
    let by_country = parse_transit_lines(&draft.transit_by_country).unwrap_or_else(|bad| {
        for problem in bad {
            problems.push(("transit_by_country", problem));
        }
        BTreeMap::new()
    });
    if !is_time_zone(&draft.time_zone) {
        problems.push((
            "time_zone",
            "Enter a time zone such as America/New_York, Europe/Madrid or UTC.".into(),
        ));
    }
    DeliveryUpdate {
        ship_to_countries: serde_json::to_string(&countries).unwrap_or_else(|_| "[]".into()),
        processing_days,
        transit_days_min,
        transit_days_max,
        transit_by_country: serde_json::to_string(&by_country).unwrap_or_else(|_| "{}".into()),
        time_zone: draft.time_zone.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn country_lists_are_upper_case_iso_codes_each_once() {
        assert_eq!(
            parse_country_list("us, CA  es;mx\nUS"),
            Ok(vec!["US".into(), "CA".into(), "ES".into(), "MX".into()])
        );
        assert_eq!(parse_country_list("  "), Ok(vec![]));
        assert_eq!(
            parse_country_list("US, XX, USA, C"),
            Err(vec!["XX".into(), "USA".into(), "C".into()])
        );
    }

    #[test]
    fn transit_lines_read_country_then_days() {
        assert_eq!(parse_transit_line("CA 5-9"), Ok(("CA".into(), (5, 9))));
        assert_eq!(parse_transit_line("mx: 6 – 10"), Ok(("MX".into(), (6, 10))));
        assert_eq!(parse_transit_line("GB 7"), Ok(("GB".into(), (7, 7))));
        assert_eq!(parse_transit_line("ES\t0-60"), Ok(("ES".into(), (0, 60))));
        for bad in [
            "CA", "CA 5-", "CA five", "5-9", "ZZ 5-9", "CA 9-5", "CA 5-61", "CA -1-3",
        ] {
            let problem = parse_transit_line(bad).unwrap_err();
            assert!(problem.contains(&format!("“{bad}”")), "{bad}: {problem}");
        }
        let lines = "CA 5-9\n\n mx 6-10 \n";
        let parsed = parse_transit_lines(lines).unwrap();
        assert_eq!(transit_lines(&parsed), "CA 5-9\nMX 6-10");
        assert_eq!(parse_transit_lines(&transit_lines(&parsed)), Ok(parsed));
        let twice = parse_transit_lines("CA 5-9\nca 6-8\nZZ 1-2").unwrap_err();
        assert_eq!(twice.len(), 2);
        assert!(twice[0].contains("already on another line"));
    }
}
