//! Single cells as a spreadsheet leaves them: yes/no flags, quantities, grams, tags and
//! image URLs.

use std::collections::HashSet;

pub(super) fn non_empty(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_owned())
}

/// `true/false/yes/no` in any case; empty is `None` (the caller's default).
pub(super) fn parse_bool(text: &str) -> Result<Option<bool>, ()> {
    match text.to_lowercase().as_str() {
        "" => Ok(None),
        "true" | "yes" => Ok(Some(true)),
        "false" | "no" => Ok(Some(false)),
        _ => Err(()),
    }
}

/// A whole number of items (negative means oversold); `20.0` is accepted because
/// spreadsheets write whole numbers that way. Empty is `None`.
pub(super) fn parse_quantity(text: &str) -> Result<Option<i64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    let whole = match text.split_once('.') {
        Some((whole, zeros)) if !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') => whole,
        Some(_) => return Err(()),
        None => text,
    };
    let digits = whole.strip_prefix('-').unwrap_or(whole);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(());
    }
    whole.parse().map(Some).map_err(|_| ())
}

/// Grams as a plain decimal, rounded to the nearest gram (halves up) without floats;
/// empty is `None`.
pub(super) fn parse_grams(text: &str) -> Result<Option<i64>, ()> {
    if text.is_empty() {
        return Ok(None);
    }
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(fraction) {
        return Err(());
    }
    let whole: i64 = whole.parse().map_err(|_| ())?;
    let round_up = fraction.bytes().next().is_some_and(|b| b >= b'5');
    whole.checked_add(i64::from(round_up)).map(Some).ok_or(())
}

/// Splits Shopify's comma-separated tags: trimmed, empties dropped, and duplicates
/// (compared case-insensitively, as Shopify does) removed keeping the first spelling.
pub(super) fn split_tags(text: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    text.split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty() && seen.insert(tag.to_lowercase()))
        .map(str::to_owned)
        .collect()
}

/// Accepts `http(s)://` URLs and root-relative paths; protocol-relative `//host/…` URLs
/// (old Shopify exports) become `https:`. Anything else (`javascript:`, `data:`, bare
/// words) is refused, and so are characters that have no business in a URL and could
/// break out of an HTML attribute.
pub(super) fn safe_image_url(url: &str) -> Option<String> {
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>\\`".contains(c))
    {
        return None;
    }
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = url.strip_prefix("//") {
        return (!rest.is_empty()).then(|| format!("https://{rest}"));
    }
    let has_host = |scheme: &str| {
        lower
            .strip_prefix(scheme)
            .is_some_and(|rest| !rest.is_empty())
    };
    if has_host("https://") || has_host("http://") || url.starts_with('/') {
        Some(url.to_owned())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_trimmed_and_deduplicated_keeping_the_first_spelling() {
        assert_eq!(
            split_tags(" Summer, cotton,,summer , Cotton ,new "),
            ["Summer", "cotton", "new"]
        );
        assert!(split_tags(" , ").is_empty());
    }

    #[test]
    fn grams_round_to_the_nearest_gram() {
        assert_eq!(parse_grams("226.796185"), Ok(Some(227)));
        assert_eq!(parse_grams("283.4952313"), Ok(Some(283)));
        assert_eq!(parse_grams("145"), Ok(Some(145)));
        assert_eq!(parse_grams(""), Ok(None));
        assert_eq!(parse_grams("-3"), Err(()));
        assert_eq!(parse_grams("3.65275E+11"), Err(()));
    }

    #[test]
    fn image_urls_must_be_http_or_root_relative() {
        assert_eq!(
            safe_image_url("https://cdn.example/a.jpg?w=1").as_deref(),
            Some("https://cdn.example/a.jpg?w=1")
        );
        assert_eq!(
            safe_image_url("HTTP://cdn.example/a.jpg").as_deref(),
            Some("HTTP://cdn.example/a.jpg")
        );
        assert_eq!(
            safe_image_url("/files/a.jpg").as_deref(),
            Some("/files/a.jpg")
        );
        for bad in [
            "javascript:alert(1)",
            "data:image/png;base64,AA",
            "a.jpg",
            "https://",
            "https://x/a b.jpg",
            "https://x/\"onerror=\"a",
        ] {
            assert_eq!(safe_image_url(bad), None, "{bad}");
        }
    }
}
