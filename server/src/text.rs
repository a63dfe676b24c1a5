//! Word helpers shared by the assistant's understanding and the catalog search: case and
//! accent folding, splitting into words, a crude English/Spanish singular, and an edit
//! distance for typo tolerance. One definition, so both sides of a comparison agree.

/// Lower case with Spanish/European accents folded and curly apostrophes made straight.
pub fn fold(text: &str) -> String {
    // Most text is plain ASCII: lower-casing it is all there is to do (but for the backtick,
    // an apostrophe).
    if text.is_ascii() && !text.contains('`') {
        return text.to_ascii_lowercase();
    }
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' | 'ã' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' | 'õ' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            'ç' => 'c',
            '’' | '‘' | '`' | '´' => '\'',
            other => other,
        })
        .collect()
}

/// Lower case, accents folded, split into words.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Whether the message says one of `phrases` (folded words) as whole words: "before it goes
/// out", not "before it goes outside".
pub fn says_phrase(message: &str, phrases: &[&str]) -> bool {
    let text = format!(" {} ", words(message).join(" "));
    phrases.iter().any(|p| text.contains(&format!(" {p} ")))
}

/// Whether a product whose name ends in `last` (a word, singular) is a `kind` (singular): the
/// same word, or an English closed compound ending in it ("cookbook" is a book, "wristwatch" a
/// watch), whose first part has four letters or more ("earrings" are no rings).
pub fn is_kind(last: &str, kind: &str) -> bool {
    last == kind || (kind.len() >= 4 && last.len() >= kind.len() + 4 && last.ends_with(kind))
}

/// Crude English/Spanish singular ("hoodies" → "hoodie", "watches" → "watch"). The same rule
/// as the catalog search's stemmer, kept here so the NLU does not depend on the search module.
pub fn singular(word: &str) -> &str {
    if word.ends_with("ss") {
        return word;
    }
    if let Some(base) = word.strip_suffix("es") {
        if ["sh", "ch", "ss", "x", "z"]
            .iter()
            .any(|end| base.ends_with(end))
        {
            return base;
        }
    }
    match word.strip_suffix('s') {
        Some(base) if base.len() >= 3 => base,
        _ => word,
    }
}

/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
/// neighbouring letters ("refnud") each cost one.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    d[a.len()][b.len()]
}

/// True when a JSON text has a `\u0000` escape in a string (a raw NUL byte is not valid JSON).
/// Escapes are read in pairs, so an escaped backslash followed by `u0000` is text, not a NUL.
pub fn has_nul_escape(json: &[u8]) -> bool {
    let mut i = 0;
    while i < json.len() {
        if json[i] == b'\\' {
            if json.get(i + 1) == Some(&b'u') && json.get(i + 2..i + 6) == Some(b"0000") {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// The text with its first letter in upper case ("beach" → "Beach").
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A dictated message with its punctuation said as words ("…en el sillón coma pero ya no ve
/// bien… punto", "…first thing full stop") written as punctuation, so that the words of the
/// marks ("punto" is also Spanish for knit) name nothing. Spanish "coma" is also a verb ("para
/// que mi perro coma"): it is read as a mark only in a message that ends in a dictated full stop
/// or says "coma" twice. The text is returned unchanged when nothing was dictated.
pub fn undictate(text: &str) -> std::borrow::Cow<'_, str> {
    // Most messages say none of the marks: one scan, nothing more.
    let lower = text.to_lowercase();
    if !["coma", "comma", "punto", "full stop", "question mark"]
        .iter()
        .any(|m| lower.contains(m))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let bare = |w: &str| fold(w.trim_matches(|c: char| !c.is_alphanumeric()));
    let said: Vec<String> = words.iter().map(|w| bare(w)).collect();
    let last = said.len().saturating_sub(1);
    let ends_in_a_stop = said.last().is_some_and(|w| w == "punto")
        || said.ends_with(&["punto".into(), "final".into()])
        || said.ends_with(&["full".into(), "stop".into()]);
    let spanish_commas = ends_in_a_stop || said.iter().filter(|w| *w == "coma").count() >= 2;
    let marks = |at: usize| -> Option<(&'static str, usize)> {
        let next = |k: usize| said.get(at + k).map(String::as_str);
        match said[at].as_str() {
            "comma" => Some((",", 1)),
            "coma" if spanish_commas => Some((",", 1)),
            "full" if next(1) == Some("stop") => Some((".", 2)),
            "question" if next(1) == Some("mark") => Some(("?", 2)),
            "punto" if matches!((next(1), next(2)), (Some("y"), Some("aparte" | "seguido"))) => {
                Some((".", 3))
            }
            "punto" if next(1) == Some("final") => Some((".", 2)),
            // At the end, or before a new sentence's capital.
            "punto"
                if at == last
                    || words
                        .get(at + 1)
                        .is_some_and(|w| w.starts_with(char::is_uppercase)) =>
            {
                Some((".", 1))
            }
            _ => None,
        }
    };
    if !(0..said.len()).any(|at| marks(at).is_some()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while at < words.len() {
        match marks(at) {
            Some((mark, len)) => {
                out.push_str(mark);
                at += len;
            }
            None => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(words[at]);
                at += 1;
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nul_escape_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(has_nul_escape(br#"{"text":"a\u0000b"}"#));
        assert!(!has_nul_escape(br#"{"text":"a\\u0000b"}"#));
        assert!(has_nul_escape(br#"{"text":"a\\\u0000b"}"#));
        assert!(!has_nul_escape(br#"{"text":"a\u0001b"}"#));
        assert!(!has_nul_escape(br#"{"text":"trailing\"#));
    }

    #[test]
    fn folding_lowers_case_and_drops_accents() {
        assert_eq!(
            words("¡Zapatillas MÁS baratas!"),
            vec!["zapatillas", "mas", "baratas"]
        );
        assert_eq!(fold("Café Ñandú"), "cafe nandu");
    }

    #[test]
    fn plurals_reduce_to_their_singular() {
        assert_eq!(singular("hoodies"), "hoodie");
        assert_eq!(singular("dresses"), "dress");
        assert_eq!(singular("watches"), "watch");
        assert_eq!(singular("zapatillas"), "zapatilla");
        assert_eq!(singular("glass"), "glass");
    }

    #[test]
    fn a_swap_of_neighbours_costs_one_edit() {
        assert_eq!(edit_distance("refnud", "refund"), 1);
        assert_eq!(edit_distance("hoddie", "hoodie"), 1);
        assert_eq!(edit_distance("jacket", "jacket"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn dictated_punctuation_is_written_as_punctuation() {
        assert_eq!(
            undictate("en el sillón coma pero ya no ve bien coma qué tiene usted punto"),
            "en el sillón, pero ya no ve bien, qué tiene usted."
        );
        assert_eq!(
            undictate("a warm cardie first thing full stop Thanks"),
            "a warm cardie first thing. Thanks"
        );
        // A knit and a verb stay words.
        assert_eq!(
            undictate("un jersey de punto gris"),
            "un jersey de punto gris"
        );
        assert_eq!(
            undictate("un plato para que mi perro coma tranquilo"),
            "un plato para que mi perro coma tranquilo"
        );
    }
}
