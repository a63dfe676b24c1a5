//! Text analysis shared by indexing and querying, so both sides always agree: words split
//! with hyphens and apostrophes handled ("t-shirt", "men's"), lower-cased, accents folded,
//! stop words dropped (English and Spanish) and stemmed in the catalog's language.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, Stemmer,
    StopWordFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

/// Name the catalog's text analyzer is registered under in each index.
pub(super) const TEXT: &str = "catalog_text";

/// The language a shop's catalog is written in, which picks the stemmer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatalogLanguage {
    English,
    Spanish,
}

impl CatalogLanguage {
    /// `es`, `es-MX`… are Spanish; anything else is stemmed as English.
    pub fn from_locale(locale: &str) -> Self {
        if locale.trim().to_ascii_lowercase().starts_with("es") {
            CatalogLanguage::Spanish
        } else {
            CatalogLanguage::English
        }
    }

    fn stemmer(self) -> Language {
        match self {
            CatalogLanguage::English => Language::English,
            CatalogLanguage::Spanish => Language::Spanish,
        }
    }
}

/// Words that say nothing about a product, in both languages: an English catalog still gets
/// Spanish queries, and a product word must never be dropped, so the list stays short.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of",
    "on", "or", "the", "this", "that", "to", "with", "al", "con", "de", "del", "el", "en", "la",
    "las", "lo", "los", "para", "por", "un", "una", "unas", "unos", "y",
];

/// The analyzer of every searchable text field. Folding comes before stemming so that a word
/// typed without its accents ("cafe", "cancion") stems exactly like the catalog's spelling.
pub fn text_analyzer(language: CatalogLanguage) -> TextAnalyzer {
    TextAnalyzer::builder(CatalogTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(StopWordFilter::remove(
            STOP_WORDS.iter().map(|w| (*w).to_owned()),
        ))
        .filter(Stemmer::new(language.stemmer()))
        .build()
}

/// The terms `text` analyses to (stemmed, folded), in order.
pub fn analyse(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut terms = Vec::new();
    analyzer
        .token_stream(text)
        .process(&mut |token| terms.push(token.text.clone()));
    terms
}

/// Normalises an exact-match value (a type, tag, vendor or option value): trimmed, inner
/// whitespace collapsed, lower-cased and accent-folded, so "Camisetas " equals "camisetas".
pub struct KeyNormaliser(TextAnalyzer);

impl Default for KeyNormaliser {
    fn default() -> Self {
        Self(
            TextAnalyzer::builder(RawTokenizer::default())
                .filter(LowerCaser)
                .filter(AsciiFoldingFilter)
                .build(),
        )
    }
}

impl KeyNormaliser {
    pub fn key(&mut self, value: &str) -> String {
        let collapsed = value.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut key = String::new();
        self.0
            .token_stream(&collapsed)
            .process(&mut |token| key.push_str(&token.text));
        key
    }
}

/// The spans (byte ranges) of the words of `text`: runs of letters and digits, where a
/// hyphen or apostrophe between two of them stays inside the word.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut spans = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &(offset, c)) in chars.iter().enumerate() {
        let joiner = matches!(c, '-' | '\'' | '’')
            && start.is_some()
            && chars
                .get(i + 1)
                .is_some_and(|(_, next)| next.is_alphanumeric());
        if c.is_alphanumeric() || joiner {
            start.get_or_insert(offset);
        } else if let Some(from) = start.take() {
            spans.push((from, offset));
        }
    }
    if let Some(from) = start {
        spans.push((from, text.len()));
    }
    spans
}

/// Splits text into word tokens. A hyphenated word gives its parts and the parts joined
/// ("t-shirt" → "t", "shirt", "tshirt") so every spelling finds it; a possessive loses its
/// "'s" ("men's" → "men") and other apostrophes vanish ("o'neill" → "oneill").
#[derive(Clone, Default)]
pub struct CatalogTokenizer {
    tokens: Vec<Token>,
}

pub struct CatalogTokenStream<'a> {
    tokens: &'a mut Vec<Token>,
    /// One past the current token; 0 before the first `advance`.
    next: usize,
}

impl Tokenizer for CatalogTokenizer {
    type TokenStream<'a> = CatalogTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> CatalogTokenStream<'a> {
        self.tokens.clear();
        for (position, (from, to)) in word_spans(text).into_iter().enumerate() {
            push_word_tokens(&text[from..to], from, position, &mut self.tokens);
        }
        CatalogTokenStream {
            tokens: &mut self.tokens,
            next: 0,
        }
    }
}

fn push_word_tokens(word: &str, offset: usize, position: usize, tokens: &mut Vec<Token>) {
    let is_apostrophe = |c: char| c == '\'' || c == '’';
    let lower = word.to_lowercase();
    let word = match lower
        .strip_suffix("'s")
        .or_else(|| lower.strip_suffix("’s"))
    {
        Some(_) => {
            &word[..word.len()
                - word
                    .chars()
                    .rev()
                    .take(2)
                    .map(char::len_utf8)
                    .sum::<usize>()]
        }
        None => word,
    };
    let token = |text: String| Token {
        offset_from: offset,
        offset_to: offset + word.len(),
        position,
        text,
        position_length: 1,
    };
    let parts: Vec<String> = word
        .split('-')
        .map(|part| part.replace(is_apostrophe, ""))
        .collect();
    if parts.len() > 1 {
        tokens.extend(
            parts
                .iter()
                .filter(|part| !part.is_empty())
                .map(|part| token(part.clone())),
        );
    }
    tokens.push(token(parts.concat()));
}

impl TokenStream for CatalogTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let more = self.next < self.tokens.len();
        if more {
            self.next += 1;
        }
        more
    }

    // Tantivy calls these only after `advance` returned true, so `next - 1` is a token.
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(language: CatalogLanguage, text: &str) -> Vec<String> {
        analyse(&mut text_analyzer(language), text)
    }

    #[test]
    fn hyphenated_words_give_their_parts_and_the_joined_word() {
        assert_eq!(
            terms(CatalogLanguage::English, "T-Shirt"),
            ["t", "shirt", "tshirt"]
        );
    }

    #[test]
    fn possessives_and_apostrophes_do_not_split_words() {
        let english = CatalogLanguage::English;
        assert_eq!(terms(english, "Men's jacket"), ["men", "jacket"]);
        assert_eq!(terms(english, "O’Neill"), terms(english, "oneill"));
    }

    #[test]
    fn accents_fold_before_stemming_so_both_spellings_agree() {
        let spanish = CatalogLanguage::Spanish;
        assert_eq!(terms(spanish, "Canción"), terms(spanish, "cancion"));
        assert_eq!(terms(spanish, "zapatillas"), terms(spanish, "Zapatilla"));
        assert_eq!(terms(CatalogLanguage::English, "Café"), ["cafe"]);
    }

    #[test]
    fn stop_words_of_both_languages_are_dropped() {
        assert_eq!(
            terms(CatalogLanguage::English, "a jacket for the rain"),
            ["jacket", "rain"]
        );
        assert_eq!(
            terms(CatalogLanguage::English, "una chaqueta de lluvia"),
            ["chaqueta", "lluvia"]
        );
    }

    #[test]
    fn exact_keys_ignore_case_accents_and_spacing() {
        let mut keys = KeyNormaliser::default();
        assert_eq!(keys.key("  Azul   Marino "), "azul marino");
        assert_eq!(keys.key("Café"), "cafe");
    }
}
