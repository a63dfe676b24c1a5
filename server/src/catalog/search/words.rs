//! Light word helpers the simple assistant reads messages with: lower-casing, accent
//! folding and a crude English/Spanish singular. The search index has its own analysis
//! (`analysis.rs`); these stay for code that splits a message before it is a query.

/// Lower case, accents folded, split into words.
pub fn words(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            'ñ' => 'n',
            other => other,
        })
        .collect()
}

/// Crude English/Spanish singular, enough to match "hoodies" with "hoodie", "zapatos" with "zapato".
/// Both sides of a comparison go through it, so consistency matters more than grammar.
pub fn stem(word: &str) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_fold_case_and_accents() {
        assert_eq!(
            words("¡Zapatillas MÁS baratas!"),
            vec!["zapatillas", "mas", "baratas"]
        );
    }

    #[test]
    fn plurals_reduce_to_their_singular() {
        assert_eq!(stem("hoodies"), "hoodie");
        assert_eq!(stem("jackets"), "jacket");
        assert_eq!(stem("dresses"), "dress");
        assert_eq!(stem("zapatillas"), "zapatilla");
        assert_eq!(stem("glass"), "glass");
    }
}
