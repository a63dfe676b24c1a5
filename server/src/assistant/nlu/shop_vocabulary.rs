//! The shop's own product vocabulary: the words of its catalog's titles, types, tags, option
//! values and vendors, built with its search index (so after every import or edit). Whether a
//! message asks for products, and which, is decided against it: a shopper's word counts when
//! the catalog uses it, or when the bilingual retail vocabulary (`bilingual`) leads from it to
//! a word the catalog uses ("collar" → "necklace" in an English jewellery shop).

use std::collections::HashSet;

use super::bilingual::{self, Bilingual};
use super::catalog_words::{COLOURS, RECIPIENTS};
use super::vocab::COMMON;
use crate::text::{edit_distance, fold, singular, words};

/// At most this many catalog words stand for one word of the shopper's.
const MAX_TRANSLATIONS: usize = 2;

/// Below this many words, a shopper's typo is matched against the vocabulary word by word.
const TYPO_SCAN_LIMIT: usize = 20_000;

/// Words that never name a product on their own, whatever the catalog's tags say.
#[rustfmt::skip]
const NOT_PRODUCTS: &[&str] = &[
    "new", "sale", "gift", "gifts", "regalo", "best", "seller", "bestseller", "size", "sizes",
    "color", "colour", "one", "pack", "set", "default", "title", "unisex", "adult", "adults",
    "men", "man", "women", "woman", "kid", "kids", "boy", "girl", "baby", "style", "item",
    "product", "products", "shop", "store", "order", "small", "medium", "large", "xl", "xs",
    "cheap", "price", "free", "shipping", "quiero", "busco", "tienes", "algo", "para", "con",
    "una", "uno", "unos", "unas", "los", "las", "del", "que", "por", "the", "and", "for", "with",
    "you", "your", "have", "any", "some", "show", "want", "need", "looking", "something",
];

/// The words a shop's catalog uses, folded, each also in its singular.
#[derive(Debug, Default, Clone)]
pub struct ShopVocabulary {
    words: HashSet<String>,
    /// Words of option values and tags: the colours (and sizes, materials) products come in.
    variant_words: HashSet<String>,
    /// The catalog is written in Spanish.
    spanish: bool,
    /// The catalog's most common product types, most products first.
    types: Vec<String>,
}

/// What a message names, in the catalog's words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Named {
    /// In the message's order.
    pub terms: Vec<String>,
    /// The terms said before a purpose ("a knife | for cutting bread", "una mochila | para
    /// llevar el portátil"): what is wanted. Empty when the message has no such split.
    pub head: Vec<String>,
}

/// Words that start a purpose after the thing wanted.
const PURPOSE: &[&str] = &["for", "to", "para", "pa"];

impl ShopVocabulary {
    /// From each product's title, type and vendor (`names`) and its tags and option values
    /// (`variants`).
    pub fn build<'a>(
        names: impl IntoIterator<Item = &'a str>,
        variants: impl IntoIterator<Item = &'a str>,
    ) -> ShopVocabulary {
        let mut vocabulary = ShopVocabulary::default();
        let usable = |word: &String| word.len() >= 3 && !word.chars().all(|c| c.is_ascii_digit());
        for text in names {
            for word in words(text).into_iter().filter(usable) {
                vocabulary.words.insert(singular(&word).to_owned());
                vocabulary.words.insert(word);
            }
        }
        for text in variants {
            for word in words(text).into_iter().filter(usable) {
                vocabulary.variant_words.insert(singular(&word).to_owned());
                vocabulary.words.insert(singular(&word).to_owned());
                vocabulary.variant_words.insert(word.clone());
                vocabulary.words.insert(word);
            }
        }
        vocabulary
    }

    /// Marks the catalog as written in Spanish (its words are then taken literally from
    /// Spanish messages).
    pub fn in_spanish(mut self, spanish: bool) -> Self {
        self.spanish = spanish;
        self
    }

    /// Keeps the catalog's product types (`(type, products)`), the most common first.
    pub fn with_types<'a>(mut self, types: impl IntoIterator<Item = &'a str>) -> Self {
        let mut counts: Vec<(String, usize)> = Vec::new();
        for t in types.into_iter().map(str::trim).filter(|t| !t.is_empty()) {
            match counts.iter_mut().find(|(name, _)| name == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t.to_owned(), 1)),
            }
        }
        // Stable: equally common types keep the catalog's order.
        counts.sort_by_key(|c| std::cmp::Reverse(c.1));
        self.types = counts.into_iter().map(|(t, _)| t).collect();
        self
    }

    /// The catalog's product types, the most common first.
    pub fn types(&self) -> &[String] {
        &self.types
    }

    /// True when products come in this colour (or other option value, or carry it as a tag).
    pub fn offers_variant(&self, word: &str) -> bool {
        forms(word)
            .iter()
            .any(|f| self.variant_words.contains(f.as_str()))
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// True when the catalog uses this word (in any of its forms).
    pub fn has(&self, word: &str) -> bool {
        forms(word).iter().any(|f| self.words.contains(f.as_str()))
    }

    fn has_phrase(&self, phrase: &str) -> bool {
        !phrase.is_empty() && phrase.split(' ').all(|w| self.has(w))
    }

    /// The catalog's words for what the message asks for, in the message's order: its own
    /// words the catalog uses, words the bilingual vocabulary leads to, and close misspellings
    /// of catalog words. Empty: the message names nothing this shop sells.
    pub fn product_terms(&self, message: &str) -> Vec<String> {
        self.named(message, false).terms
    }

    /// The catalog's words for what the message names, and which of them come before a
    /// purpose. In a Spanish message (`spanish_message`) to an English catalog, a Spanish word
    /// that English spells the same but means something else ("pan": bread) is translated,
    /// never taken as the English word.
    pub fn named(&self, message: &str, spanish_message: bool) -> Named {
        let tokens: Vec<String> = words(message)
            .into_iter()
            .filter(|w| !w.chars().all(|c| c.is_ascii_digit()))
            .collect();
        let bilingual = Bilingual::get();
        let false_friends = spanish_message && !self.spanish;
        // (position in the message, term)
        let mut found_at: Vec<(usize, String)> = Vec::new();
        let mut push_at = |at: usize, term: &str| {
            if !found_at.iter().any(|(_, t)| t == term) {
                found_at.push((at, term.to_owned()));
            }
        };
        let mut used = vec![false; tokens.len()];
        // Longest phrases first, so "power bank" wins over "bank".
        for n in (1..=bilingual.longest.clamp(1, 3)).rev() {
            for start in 0..tokens.len().saturating_sub(n - 1) {
                if used[start..start + n].iter().any(|u| *u) {
                    continue;
                }
                let gram = &tokens[start..start + n];
                // One or two letters ("M", "xl") are sizes or noise, never a product.
                if n == 1
                    && (gram[0].len() < 3 || ignored(&gram[0]) || self.is_colour_here(&gram[0]))
                {
                    continue;
                }
                let phrase = gram.join(" ");
                let entry = bilingual::key(&phrase);
                let known_phrase = n == 1 || !bilingual.related(&entry).is_empty();
                let mut found = false;
                let mut push = |term: &str| push_at(start, term);
                let literal = !(false_friends && bilingual.is_spanish(&entry));
                if literal
                    && known_phrase
                    && gram.iter().all(|w| w.len() >= 3)
                    && self.has_phrase(&phrase)
                {
                    // The shopper used the catalog's own words: no need to translate them.
                    push(&entry);
                    found = true;
                }
                if !found {
                    // The first few words the catalog uses for it, most common first.
                    let mut taken = 0;
                    'forms: for form in forms(&phrase) {
                        for related in bilingual.related(&bilingual::key(&form)) {
                            if self.has_phrase(related) {
                                push(related);
                                found = true;
                                taken += 1;
                                if taken == MAX_TRANSLATIONS {
                                    break 'forms;
                                }
                            }
                        }
                        if found {
                            break;
                        }
                    }
                }
                if found {
                    used[start..start + n].iter_mut().for_each(|u| *u = true);
                }
            }
        }
        if self.words.len() <= TYPO_SCAN_LIMIT {
            for (at, (token, used)) in tokens.iter().zip(&used).enumerate() {
                if *used || token.len() < 5 || ignored(token) {
                    continue;
                }
                let limit = if token.len() >= 8 { 2 } else { 1 };
                if let Some(close) = self
                    .words
                    .iter()
                    // Same first letter (typos rarely hit it) and a close length, before the
                    // edit distance: the scan stays cheap on a large catalog's vocabulary.
                    .filter(|w| {
                        w.len() >= 5
                            && w.as_bytes()[0] == token.as_bytes()[0]
                            && w.len().abs_diff(token.len()) <= limit
                    })
                    .map(|w| (edit_distance(w, token), w))
                    .filter(|(d, _)| *d <= limit)
                    .min()
                {
                    push_at(at, singular(close.1));
                }
            }
        }
        found_at.sort_by_key(|(at, _)| *at);
        // The first purpose word said after something wanted splits the message.
        let first_at = found_at.first().map(|(at, _)| *at);
        let purpose_at = first_at.and_then(|first| {
            tokens
                .iter()
                .enumerate()
                .skip(first + 1)
                .find(|(_, w)| PURPOSE.contains(&w.as_str()))
                .map(|(at, _)| at)
        });
        let head = match purpose_at {
            Some(purpose) if found_at.iter().any(|(at, _)| *at > purpose) => found_at
                .iter()
                .filter(|(at, _)| *at < purpose)
                .map(|(_, t)| t.clone())
                .collect(),
            _ => Vec::new(),
        };
        Named {
            terms: found_at.into_iter().map(|(_, t)| t).collect(),
            head,
        }
    }
}

impl ShopVocabulary {
    /// A colour word ("negro", "cream") the shop's products come in: a filter, not a product.
    /// Elsewhere ("crema" in a cosmetics shop) it is an ordinary word.
    fn is_colour_here(&self, word: &str) -> bool {
        COLOURS
            .iter()
            .find(|(c, _)| *c == word)
            .is_some_and(|(_, english)| self.offers_variant(english) || self.offers_variant(word))
    }
}

/// A word and the singular forms it may stand for ("auriculares" → "auricular").
fn forms(word: &str) -> Vec<String> {
    let word = fold(word);
    let mut out = vec![word.clone(), singular(&word).to_owned()];
    if let Some(base) = word.strip_suffix("es") {
        if base.len() >= 3 {
            out.push(base.to_owned());
        }
    }
    out.dedup();
    out
}

/// Function words and audiences: they refine a search, never name a product.
pub fn names_nothing(word: &str) -> bool {
    ignored(word)
}

fn ignored(word: &str) -> bool {
    COMMON.contains(&word)
        || NOT_PRODUCTS.contains(&word)
        || RECIPIENTS.iter().any(|(r, _)| *r == word)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jewellery() -> ShopVocabulary {
        ShopVocabulary::build(
            [
                "Silver Hoop Earrings",
                "Earrings",
                "Gold Chain Necklace",
                "Necklace",
                "Beaded Bracelet",
                "Bracelet",
                "Aurora Jewels",
            ],
            ["silver, hoops, women", "Gold", "Silver"],
        )
    }

    #[test]
    fn the_shops_own_words_name_its_products() {
        let v = jewellery();
        assert_eq!(v.product_terms("show me bracelets"), ["bracelet"]);
        assert_eq!(v.product_terms("necklace"), ["necklace"]);
        assert_eq!(v.product_terms("earrings under 40"), ["earring"]);
    }

    #[test]
    fn spanish_words_find_an_english_catalogs_products() {
        let v = jewellery();
        assert_eq!(v.product_terms("busco un collar"), ["necklace"]);
        // The phrase's own translation when there is one ("silver earring"), else the word's.
        assert!(v
            .product_terms("unos pendientes de plata")
            .iter()
            .any(|t| t.split(' ').any(|w| w == "earring")));
        assert_eq!(v.product_terms("una pulsera para mi madre"), ["bracelet"]);
    }

    #[test]
    fn words_the_catalog_does_not_use_name_nothing() {
        let v = jewellery();
        assert!(v.product_terms("what's the weather tomorrow?").is_empty());
        assert!(v.product_terms("¿qué tiempo hará mañana?").is_empty());
        assert!(v.product_terms("I want a refund for my order").is_empty());
        assert!(v.product_terms("something for her, under 40").is_empty());
    }

    #[test]
    fn a_misspelt_catalog_word_is_still_found() {
        assert_eq!(jewellery().product_terms("braclet"), ["bracelet"]);
    }
}
