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
}
