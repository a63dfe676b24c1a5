//! The ages a product says it is for ("for ages 4 to 10", "ages 3+", "from 6 months",
//! "toddler", "teen"), read from its own words, so a shopper's "for my 4 year old" can be
//! matched against the shop's products without a list of the shop's kinds.

/// The oldest age a range can say; "3+" and "and up" reach it.
pub const ANY_AGE: u8 = 99;

/// The ages, in years and inclusive, that `text` (a product's title, description and tags)
/// says the product is for; `None` when it says none. Numbers count only beside an age word
/// ("ages", "aged", "years", "months", "edad", "años"): "for 2 to 6 players" is no age. When
/// the text says several, their union; words ("toddler", "baby", "teen", "all ages") only when
/// it gives no number.
pub fn stated_ages(text: &str) -> Option<(u8, u8)> {
    let tokens = tokens(&crate::text::fold(text));
    let t = |i: usize| tokens.get(i).map_or("", String::as_str);
    let num = |i: usize| {
        t(i).parse::<u16>()
            .ok()
            .filter(|n| *n < 100)
            .map(|n| n as u8)
    };
    let mut ranges: Vec<(u8, u8)> = Vec::new();
    for i in 0..tokens.len() {
        let Some(n) = num(i) else { continue };
        let before =
            |w: &[&str]| w.contains(&t(i.wrapping_sub(1))) || w.contains(&t(i.wrapping_sub(2)));
        let after_age_word = before(&["age", "ages", "aged", "edad", "edades"]);
        // "4 to 10", "4-10", "4 a 10", then maybe the unit.
        let upper = match t(i + 1) {
            "to" | "-" | "a" | "y" => num(i + 2).map(|m| (m, i + 3)),
            _ => None,
        };
        let unit_at = upper.map_or(i + 1, |(_, at)| at);
        let years = matches!(t(unit_at), "year" | "years" | "yr" | "yrs" | "ano" | "anos");
        let months = matches!(t(unit_at), "month" | "months" | "mo" | "meses" | "mes");
        let up = matches!(t(unit_at), "+" | "plus")
            || (t(unit_at) == "and" && matches!(t(unit_at + 1), "up" | "over" | "older"))
            || (t(unit_at) == "or" && matches!(t(unit_at + 1), "older" | "over"))
            || (t(unit_at) == "en" && t(unit_at + 1) == "adelante")
            || (t(unit_at) == "y" && t(unit_at + 1) == "mas");
        let up_after_unit = (years || months)
            && (matches!(t(unit_at + 1), "+" | "plus")
                || (t(unit_at + 1) == "and" && matches!(t(unit_at + 2), "up" | "over" | "older")));
        if months {
            // "from 6 months", "birth to 12 months", "0-18 months": a baby's or a toddler's.
            let to_years = |m: u8| m / 12;
            let from_birth = before(&["birth", "nacimiento"]) || t(i.wrapping_sub(2)) == "birth";
            let range = match upper {
                Some((m, _)) => (to_years(n), to_years(m)),
                None if from_birth => (0, to_years(n)),
                None if up_after_unit || before(&["from", "desde"]) => (to_years(n), 3),
                None => continue,
            };
            ranges.push(range);
            continue;
        }
        if !(after_age_word || years) {
            continue;
        }
        let range = match upper {
            Some((m, _)) if m >= n => (n, m),
            Some(_) => continue,
            None if up || up_after_unit => (n, ANY_AGE),
            // "ages 7" alone, or "for ages 7": about that age.
            None if after_age_word => (n, n.saturating_add(2)),
            None => continue,
        };
        ranges.push(range);
    }
    if ranges.is_empty() {
        let has = |w: &str| tokens.iter().any(|x| x == w);
        let phrase = |a: &str, b: &str| tokens.windows(2).any(|p| p[0] == a && p[1] == b);
        if phrase("all", "ages") || phrase("any", "age") || phrase("todas", "edades") {
            return Some((0, ANY_AGE));
        }
        if has("newborn") || has("baby") || has("babies") || has("infant") || has("bebe") {
            ranges.push((0, 1));
        }
        if has("toddler") || has("toddlers") {
            ranges.push((1, 3));
        }
        if has("teen") || has("teens") || has("teenager") || phrase("young", "adult") {
            ranges.push((12, 19));
        }
    }
    let lo = ranges.iter().map(|r| r.0).min()?;
    let hi = ranges.iter().map(|r| r.1).max()?;
    Some((lo, hi))
}

/// Words, numbers, "+" and "-" as tokens: "3+" is ["3", "+"], "4-10" is ["4", "-", "10"].
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        if !current.is_empty() {
            out.push(std::mem::take(current));
        }
    };
    for c in text.chars() {
        let kind_changes = current
            .chars()
            .last()
            .is_some_and(|last| last.is_ascii_digit() != c.is_ascii_digit());
        if c.is_alphanumeric() {
            if kind_changes {
                flush(&mut current, &mut out);
            }
            current.push(c);
        } else {
            flush(&mut current, &mut out);
            if c == '+' || c == '-' || c == '–' {
                out.push(if c == '+' { "+" } else { "-" }.to_owned());
            }
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_said_in_numbers_beside_an_age_word() {
        assert_eq!(
            stated_ages("A tub of bricks for ages 4 to 10."),
            Some((4, 10))
        );
        assert_eq!(
            stated_ages("magnetic tiles, ages 3+, 3-8"),
            Some((3, ANY_AGE))
        );
        assert_eq!(stated_ages("For toddlers aged 2 to 5."), Some((2, 5)));
        assert_eq!(
            stated_ages("for 2 to 6 players aged 6 and up"),
            Some((6, ANY_AGE))
        );
        assert_eq!(stated_ages("picture book, ages 0-3"), Some((0, 3)));
        assert_eq!(stated_ages("Para niños de 3 a 6 años"), Some((3, 6)));
        assert_eq!(stated_ages("safe from birth to 12 months"), Some((0, 1)));
        assert_eq!(stated_ages("for babies from 6 months"), Some((0, 3)));
        assert_eq!(
            stated_ages("a tee for children aged 4 to 11, kids"),
            Some((4, 11))
        );
    }

    #[test]
    fn words_only_when_no_number_and_no_age_where_none_is_said() {
        assert_eq!(
            stated_ages("safe from birth and loved at any age"),
            Some((0, ANY_AGE))
        );
        assert_eq!(stated_ages("a cloth book, toddler, baby"), Some((0, 3)));
        assert_eq!(stated_ages("young adult fantasy, teen"), Some((12, 19)));
        assert_eq!(stated_ages("A game for 2 to 6 players."), None);
        assert_eq!(
            stated_ages("letters from the sister she buried 10 years ago"),
            None
        );
        assert_eq!(stated_ages("Classic wool coat, 2 year warranty"), None);
        assert_eq!(stated_ages("Slim jeans in size 32"), None);
    }
}
