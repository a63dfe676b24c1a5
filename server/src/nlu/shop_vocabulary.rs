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
    "tienen", "teneis", "tenes", "tiene", "venden", "vendes", "vende", "sell", "sells", "carry",
    "manejan", "hay", "necesito", "buscando", "got",
    // Budgets ("max 25 dollars" beside a "VoltPack Max"), a gift word ("goodies") and a
    // person's likes ("she loves flowers" beside "Curl Love" conditioner).
    "max", "maximum", "min", "minimum", "budget", "presupuesto", "maximo", "goodies", "loves",
    "likes", "enjoys", "adores", "encanta", "encantan", "gusta", "gustan",
    // An ordinal ("her first marathon" beside a first aid kit, which is found by its phrase).
    // (A ceiling's words are left out with the ceiling: `budget::without_ceiling_words`.)
    "first", "second", "third", "next", "primer", "primera", "segundo", "segunda",
];

/// The words a shop's catalog uses, folded, each also in its singular.
#[derive(Debug, Default, Clone)]
pub struct ShopVocabulary {
    words: HashSet<String>,
    /// Words of option values and tags: the colours (and sizes, materials) products come in.
    variant_words: HashSet<String>,
    /// Words of titles, types and vendors: what products are called.
    name_words: HashSet<String>,
    /// The catalog is written in Spanish.
    spanish: bool,
    /// The catalog's most common product types, most products first.
    types: Vec<String>,
    /// The same types as bilingual `key`s, in the same order.
    type_keys: Vec<String>,
    /// Every word of the types, singular ("phone", "mount" of "Phone Mounts").
    type_words: HashSet<String>,
    /// The last word of every product type, singular ("bottle" of "Water Bottle").
    type_heads: HashSet<String>,
    /// Words of four letters or more of the products' descriptions, singular, with how many
    /// products use each: what a product does or is for, in the merchant's words ("use your
    /// phone", "keeps drinks cold").
    description_words: std::collections::HashMap<String, Vec<u32>>,
    /// How many products the descriptions are of.
    described_products: u32,
}

/// What a message names, in the catalog's words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Named {
    /// In the message's order.
    pub terms: Vec<String>,
    /// What is wanted when the message says more: the terms said before a purpose ("a knife |
    /// for cutting bread", "una mochila | para llevar el portátil"), else the head of a noun
    /// phrase ("car | wax" in English, "aceite | de motor" in Spanish). Empty when the message
    /// names one thing only.
    pub head: Vec<String>,
    /// Every word of the message that could name something is a catalog word (or a word the
    /// bilingual vocabulary leads to one): "roof rack", "trona", "¿tienen sofás?".
    pub covered: bool,
    /// The product types (keys) of a retail category the message named, and the category
    /// (its English key): "joyería" → the shop's ring, necklace… types and "jewelry".
    pub kinds: Vec<String>,
    pub category: Option<String>,
    /// The share of the message's words that could name something that do name something the
    /// catalog sells.
    pub share: f32,
    /// The message's words inside phrases of two or more words ("tinta blanca") or beside a
    /// word for what the product is for ("para pizarrón blanco", "for a grey sofa"): a colour
    /// among them describes that, not the product asked for.
    pub not_the_product: Vec<String>,
    /// The message's words inside the catalog's phrases of two or more words ("track pump"):
    /// they name the product, whatever else they may mean on their own.
    pub in_phrases: Vec<String>,
    /// Terms from everyday words that are words of the shop's product types ("phone"): they
    /// name products only in a message read as a product request.
    pub weak: Vec<String>,
    /// A product asked for by name that the shop doesn't sell, as the shopper said it ("do
    /// you sell umbrellas?", "¿venden cintos piteados?"): a name of the bilingual retail
    /// vocabulary right after a word that asks for it, none of whose words the shop's own
    /// words named, with no kind the shop sells named before it. (What follows it is its
    /// story: "…pa una boda vaquera" asks for no jeans.)
    pub unsold: Option<String>,
    /// Words said as a superlative, in the catalog's plain form ("warm" of "the warmest
    /// jacket"): among the terms, they rank the kind named rather than name one.
    pub most: Vec<String>,
}

/// Words that ask the shop for what follows ("do you sell", "got any", "¿venden…?").
#[rustfmt::skip]
const ASKING_FOR: &[&str] = &[
    "sell", "sells", "selling", "carry", "carries", "stock", "stocks", "got", "any", "need",
    "want", "venden", "vende", "vendeis", "vendes", "tienen", "teneis", "tienes", "tenes", "hay",
    "manejan", "maneja",
    "busco", "necesito", "quiero", "quisiera",
];

/// Asking words that are what a shop does ("do you carry…?"), not what a shopper wants.
const SHOP_VERBS: &[&str] = &[
    "sell", "sells", "selling", "carry", "carries", "stock", "stocks",
];

/// Who speaks of themselves.
const FIRST_PERSON: &[&str] = &["i", "we", "im", "ive"];

/// What may stand between an asking word and the product asked for.
#[rustfmt::skip]
const ASK_FILLERS: &[&str] = &[
    "any", "some", "u", "you", "ya", "also", "even", "still", "algun", "alguna", "algunos",
    "algunas", "tambien", "todavia",
];

/// Articles and possessives of both languages, left out when phrases are matched.
const ARTICLES: &[&str] = &[
    "the", "a", "an", "my", "el", "la", "los", "las", "un", "una", "unos", "unas", "mi", "mis",
];

/// Words after which a word describes what is wanted rather than names it ("something
/// light", "nice and warm").
#[rustfmt::skip]
const DESCRIBED_AFTER: &[&str] = &[
    "something", "anything", "nothing", "very", "really", "quite", "too", "so", "bit", "more",
    "less", "super", "extra", "nice", "pretty", "algo", "muy", "mas", "bien",
];

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
                vocabulary.name_words.insert(singular(&word).to_owned());
                vocabulary.name_words.insert(word.clone());
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

    /// Keeps the words of the products' descriptions (one text per product).
    pub fn with_descriptions<'a>(
        mut self,
        descriptions: impl IntoIterator<Item = &'a str>,
    ) -> Self {
        for text in descriptions {
            let product = self.described_products;
            self.described_products += 1;
            let mut seen: HashSet<String> = HashSet::new();
            for word in words(text).into_iter().filter(|w| w.len() >= 4) {
                let word = singular(&word).to_owned();
                if seen.insert(word.clone()) {
                    self.description_words
                        .entry(word)
                        .or_default()
                        .push(product);
                }
            }
        }
        self
    }

    /// Of `said` (words [`describes`](Self::describes) accepts), those of the description
    /// that says most of them, when one says two or more: together they point at that product
    /// ("…keep my hands warm but still use my phone": gloves whose description speaks of
    /// fingers and phones). One word alone points nowhere.
    pub fn described_together(&self, said: &[String]) -> Vec<String> {
        let mut counts: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
        for word in said {
            for product in self
                .description_words
                .get(singular(word))
                .into_iter()
                .flatten()
            {
                *counts.entry(*product).or_insert(0) += 1;
            }
        }
        let best = counts.values().copied().max().unwrap_or(0);
        if best < 2 {
            return Vec::new();
        }
        let best_products: Vec<u32> = counts
            .iter()
            .filter(|(_, n)| **n == best)
            .map(|(p, _)| *p)
            .collect();
        said.iter()
            .filter(|w| {
                self.description_words
                    .get(singular(w))
                    .is_some_and(|ps| ps.iter().any(|p| best_products.contains(p)))
            })
            .cloned()
            .collect()
    }

    /// A word only the descriptions use, of a few products at most (a quarter of them): it says
    /// something particular about those ("phone" of touchscreen gloves), not what every
    /// description says ("made", "perfect").
    pub fn describes(&self, word: &str) -> bool {
        let word = singular(word);
        !self.words.contains(word)
            && self
                .description_words
                .get(word)
                .is_some_and(|ps| ps.len() as u32 * 4 <= self.described_products.max(4))
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
        self.type_keys = self.types.iter().map(|t| bilingual::key(t)).collect();
        self.type_words = self
            .types
            .iter()
            .flat_map(|t| words(t))
            .map(|w| singular(&w).to_owned())
            .collect();
        self.type_heads = self
            .types
            .iter()
            .filter_map(|t| words(t).pop())
            .map(|w| singular(&w).to_owned())
            .collect();
        self
    }

    /// True when a product's title, type or vendor uses this word.
    fn names(&self, word: &str) -> bool {
        forms(word)
            .iter()
            .any(|f| self.name_words.contains(f.as_str()))
    }

    /// How well a word or phrase the catalog uses names its products: 0 a product type, 1 words
    /// of products' names, 2 words of tags or options only.
    fn rank(&self, phrase: &str) -> u8 {
        if self.is_type(phrase) {
            0
        } else if phrase.split(' ').all(|w| self.names(w)) {
            1
        } else {
            2
        }
    }

    /// True when a word or phrase (a bilingual `key`) is one of the catalog's product types.
    fn is_type(&self, key: &str) -> bool {
        self.type_keys.iter().any(|t| t == key)
    }

    /// The catalog's product types (as `key`s, the most common first) of the kinds a retail
    /// category is made of, when a message's word or phrase (a `key`, in either language) is
    /// one: "jewelry" in a shop of rings, necklaces and a jewelry box is its rings and
    /// necklaces. Empty when it is no category, or when the shop uses the category's word as
    /// a kind of its own (a "Plush Toy" shop asked for "toys" searches for them as usual).
    fn category_types(&self, entry: &str, bilingual: &Bilingual) -> (Vec<String>, String) {
        // Most words are no category: nothing more to read for them. (An English phrase may
        // name one in other words: "for my feet" is footwear.)
        let mut translations: Vec<String> = bilingual.english(entry).to_vec();
        if entry.contains(' ') {
            translations.extend(
                bilingual
                    .related(entry)
                    .iter()
                    .filter(|r| !super::categories::kinds(r).is_empty())
                    .cloned(),
            );
        }
        let is_category = |c: &str| !super::categories::kinds(c).is_empty();
        if !is_category(entry) && !translations.iter().any(|t| is_category(t)) {
            return (Vec::new(), String::new());
        }
        let type_keys = &self.type_keys;
        // The word itself, or what a Spanish word translates to ("joyería" → "jewelry"), unless
        // one of its translations is a kind the shop sells ("cartera": wallets, not bags).
        if translations.iter().any(|t| self.is_type(t)) {
            return (Vec::new(), String::new());
        }
        let categories = std::iter::once(entry).chain(translations.iter().map(String::as_str));
        for category in categories {
            let kinds = super::categories::kinds(category);
            if kinds.is_empty() {
                continue;
            }
            // A shop whose own kinds carry the category's word searches for it as usual, unless
            // the category lists its word among its kinds ("shoe": footwear). Then those kinds
            // ("Running Shoes") are of it, beside the others.
            let own = |t: &String| super::categories::is_of_kind(t, category);
            let of_itself = kinds.iter().any(|k| k == category);
            if !of_itself && type_keys.iter().any(own) {
                return (Vec::new(), String::new());
            }
            let of_kinds: Vec<String> = type_keys
                .iter()
                .filter(|t| kinds.iter().any(|k| super::categories::is_of_kind(t, k)))
                .cloned()
                .collect();
            if of_kinds.iter().all(own) {
                if of_kinds.is_empty() {
                    continue;
                }
                return (Vec::new(), String::new());
            }
            return (of_kinds, category.to_owned());
        }
        (Vec::new(), String::new())
    }

    /// True when an everyday word (not a size, audience or shopping word) is a word of one of
    /// the catalog's product types ("phone" of "Phone Mount").
    fn is_type_word(&self, word: &str) -> bool {
        word.len() >= 3
            && COMMON.contains(&word)
            && !NOT_PRODUCTS.contains(&word)
            && !RECIPIENTS.iter().any(|(r, _)| *r == word)
            && self.type_words.contains(singular(word))
    }

    /// True when a term's last word is a word of one of the catalog's product types ("mug",
    /// "running shoes"): it names a kind of product, not a feature.
    pub fn names_a_kind(&self, term: &str) -> bool {
        term.split(' ')
            .next_back()
            .is_some_and(|w| self.type_words.contains(singular(w)))
    }

    /// True when a term's last word is the last word of one of the catalog's product types
    /// ("bottle", not "water" of "Water Bottle"): it names that kind, not what it is for.
    pub fn names_a_kind_by_head(&self, term: &str) -> bool {
        term.split(' ')
            .next_back()
            .is_some_and(|w| self.type_heads.contains(singular(w)))
    }

    /// The catalog's product types, the most common first.
    pub fn types(&self) -> &[String] {
        &self.types
    }

    /// True when a word is only ever part of products' names, never of a type, a tag or an
    /// option ("Summit", "Drizzle"): saying it points at those products by name.
    pub fn is_name_only(&self, word: &str) -> bool {
        self.names(word)
            && !self.offers_variant(word)
            && !self.types.iter().any(|t| {
                words(t)
                    .iter()
                    .any(|w| forms(word).iter().any(|f| f == singular(w)))
            })
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

    /// Whether every word of a word or phrase is one of the catalog's (names, types, tags,
    /// options).
    pub fn has_words(&self, phrase: &str) -> bool {
        self.has_phrase(phrase)
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

    /// An English plural in "-ves" of a word the catalog has in "-f" or "-fe" ("scarves",
    /// "knives", "shelves"): that word; any other word as it is.
    fn f_plural(&self, word: String) -> String {
        let Some(stem) = word.strip_suffix("ves") else {
            return word;
        };
        if self.words.contains(singular(&word)) {
            return word;
        }
        [format!("{stem}f"), format!("{stem}fe")]
            .into_iter()
            .find(|w| self.words.contains(w.as_str()))
            .unwrap_or(word)
    }

    /// An English superlative ("warmest", "lightest", "comfiest", "hottest") of a word the
    /// catalog has, when the catalog hasn't the superlative itself: that word ("the warmest
    /// jacket" asks for the warm ones); any other word as it is.
    fn superlative(&self, word: String) -> String {
        let Some(stem) = word.strip_suffix("est").filter(|s| s.len() >= 4) else {
            return word;
        };
        if self.words.contains(word.as_str()) {
            return word;
        }
        let mut bases = vec![stem.to_owned(), format!("{stem}e")];
        if let Some(y) = stem.strip_suffix('i') {
            bases.push(format!("{y}y"));
        }
        let mut chars = stem.chars().rev();
        if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
            if a == b {
                bases.push(stem[..stem.len() - 1].to_owned());
            }
        }
        bases
            .into_iter()
            .find(|b| self.words.contains(b.as_str()))
            .unwrap_or(word)
    }

    /// An English plural in "-ses" of a word the catalog has ending in "s" ("canvases" of
    /// canvas, "lenses" of lens): that word; any other word as it is.
    fn s_plural(&self, word: String) -> String {
        let Some(stem) = word.strip_suffix("es").filter(|s| s.ends_with('s')) else {
            return word;
        };
        if self.words.contains(singular(&word)) || !self.words.contains(singular(stem)) {
            return word;
        }
        stem.to_owned()
    }

    /// The catalog's words for what the message names, and which of them come before a
    /// purpose. In a Spanish message (`spanish_message`) to an English catalog, a Spanish word
    /// that English spells the same but means something else ("pan": bread) is translated,
    /// never taken as the English word.
    pub fn named(&self, message: &str, spanish_message: bool) -> Named {
        // Articles say nothing about the product: "cámara para el auto" is "cámara para auto".
        let kept =
            |w: &String| !w.chars().all(|c| c.is_ascii_digit()) && !ARTICLES.contains(&w.as_str());
        let plain: Vec<String> = without_amount_words(words(message))
            .into_iter()
            .filter(kept)
            .map(|w| self.s_plural(self.f_plural(w)))
            .collect();
        let most: Vec<String> = plain
            .iter()
            .map(|w| self.superlative(w.clone()))
            .zip(&plain)
            .filter(|(base, w)| base != *w)
            .map(|(base, _)| base)
            .collect();
        let tokens: Vec<String> = plain.into_iter().map(|w| self.superlative(w)).collect();
        let bilingual = Bilingual::get();
        let false_friends = spanish_message && !self.spanish;
        // (position in the message, words it spans, term)
        let mut found_at: Vec<(usize, usize, String)> = Vec::new();
        let mut push_at = |at: usize, n: usize, term: &str| {
            if !found_at.iter().any(|(_, _, t)| t == term) {
                found_at.push((at, n, term.to_owned()));
            }
        };
        let mut used = vec![false; tokens.len()];
        // A gift phrase ("stocking stuffers", "secret santa") or an idiom ("dress code") names
        // no product, though its words may name one on their own (a Christmas stocking).
        for at in 0..tokens.len().saturating_sub(1) {
            let pair = format!("{} {}", tokens[at], singular(&tokens[at + 1]));
            if NO_PRODUCT_PHRASES.contains(&pair.as_str()) {
                used[at] = true;
                used[at + 1] = true;
            }
        }
        // Said right after "yo", "I" or "I'll", a word is a verb: "yo estudio español" (no
        // studio), "yo camino" (no path), "I'll watch for it" (no watch).
        for at in 1..tokens.len() {
            if matches!(tokens[at - 1].as_str(), "yo" | "i" | "ll" | "ill" | "will")
                && tokens[at] != tokens[at - 1]
            {
                used[at] = true;
            }
        }
        let mut category_at: Option<(usize, usize, Vec<String>, String)> = None;
        let mut weak: Vec<String> = Vec::new();
        // Longest phrases first, so "power bank" wins over "bank".
        for n in (1..=bilingual.longest.clamp(1, 3)).rev() {
            for start in 0..tokens.len().saturating_sub(n - 1) {
                if used[start..start + n].iter().any(|u| *u) {
                    continue;
                }
                let gram = &tokens[start..start + n];
                // One or two letters ("M", "xl") are sizes or noise, never a product; nor is
                // a Spanish verb English spells as a word ("soy estudiante" beside soy
                // candles).
                if n == 1
                    && (gram[0].len() < 3
                        || ignored(&gram[0])
                        || self.is_colour_here(&gram[0])
                        || (false_friends && SPANISH_VERBS.contains(&gram[0].as_str())))
                {
                    // An everyday word that is a word of the shop's product types ("phone"
                    // where Phone Mounts are sold) names them, weakly: only in a message
                    // read as a product request ("what's your phone number?" asks none).
                    if self.is_type_word(&gram[0]) {
                        let term = singular(&gram[0]).to_owned();
                        if !weak.contains(&term) {
                            weak.push(term.clone());
                        }
                        push_at(start, 1, &term);
                    }
                    continue;
                }
                let phrase = gram.join(" ");
                let entry = bilingual::key(&phrase);
                let known_phrase = n == 1 || !bilingual.related(&entry).is_empty();
                let mut found = false;
                let mut push = |term: &str| push_at(start, n, term);
                // A category ("jewelry", "maquillaje") names the shop's products of its kinds,
                // when nothing else is named (see below); never a product that merely has
                // its word in its name (a jewelry box).
                let (of_category, named_category) = self.category_types(&entry, bilingual);
                if !of_category.is_empty() {
                    category_at.get_or_insert((start, n, of_category, named_category));
                    used[start..start + n].iter_mut().for_each(|u| *u = true);
                    continue;
                }
                let literal = !(false_friends && bilingual.is_spanish(&entry));
                if literal
                    && known_phrase
                    && gram.iter().all(|w| w.len() >= 3)
                    && self.has_phrase(&phrase)
                {
                    // The shopper used the catalog's own words: no need to translate them.
                    push(&entry);
                    found = true;
                    // A synonym that is one of the catalog's product types names the same
                    // products: "bedside table" where the type is "Nightstand", "closet" (a
                    // word of the tags, no product's name) where it is "Wardrobe".
                    // So does a type a Spanish message's word translates to, when the word
                    // is English too ("jersey": a sweater, beside the Jersey Wrap Dress).
                    // Not a word that describes here: "a light top", "something light" are no
                    // lamps.
                    let describing = n == 1
                        && (start
                            .checked_sub(1)
                            .is_some_and(|b| DESCRIBED_AFTER.contains(&tokens[b].as_str()))
                            || tokens.get(start + 1).is_some_and(|next| {
                                self.names_a_kind(next)
                                    || bilingual.names_a_product(&bilingual::key(next))
                            }));
                    if !self.is_type(&entry)
                        && !describing
                        && (n > 1 || !self.names(&entry) || false_friends)
                    {
                        for related in bilingual
                            .related(&entry)
                            .iter()
                            .filter(|r| self.is_type(r))
                            .take(MAX_TRANSLATIONS)
                        {
                            push(related);
                        }
                    }
                }
                if !found {
                    // The first few words the catalog uses for it: those that are its product
                    // types first, then those of its products' names, then the vocabulary's
                    // order (most common first).
                    for form in phrase_forms(&phrase, spanish_message) {
                        let form = bilingual::key(&form);
                        // A Spanish word English spells the same means its translation.
                        let related = if literal {
                            bilingual.related(&form)
                        } else {
                            bilingual.english(&form)
                        };
                        // A compound made with "de" from one said with "para" ("cortina para
                        // la ducha") names only a kind the shop sells as such (Shower
                        // Curtain), not any product with both words (a saxophone and its
                        // reeds).
                        let made_compound = form.contains(" de ") && !entry.contains(" de ");
                        let mut candidates: Vec<&String> = related
                            .iter()
                            .filter(|r| {
                                if made_compound {
                                    self.is_type(r)
                                } else {
                                    self.has_phrase(r) || self.is_type(r)
                                }
                            })
                            .collect();
                        // Right after something named, a Spanish word describes it
                        // ("alforjas impermeables": waterproof, not a raincoat): its one-word
                        // translations, when it has any.
                        let describes = (spanish_message || bilingual.is_spanish(&entry))
                            && n == 1
                            && start > 0
                            && used[start - 1];
                        if describes && candidates.iter().any(|c| !c.contains(' ')) {
                            candidates.retain(|c| !c.contains(' '));
                        }
                        if candidates.is_empty() {
                            // A Spanish word for a kind of a kind the shop sells ("botines":
                            // ankle boots, where it sells boots) names that kind: the last
                            // word of its translation, when that is one of the shop's types
                            // and its own Spanish word shares the said word's stem ("bota").
                            // Not a compound that is something else ("mosquitero": a
                            // mosquito net is no net of the shop's).
                            let stem: String = form.chars().take(3).collect();
                            let kind = (n == 1 && !made_compound && stem.chars().count() == 3)
                                .then(|| {
                                    related.iter().find_map(|r| {
                                        let (_, head) = r.rsplit_once(' ')?;
                                        (self.is_type(head)
                                            && bilingual
                                                .related(head)
                                                .iter()
                                                .any(|es| es.starts_with(&stem)))
                                        .then(|| head.to_owned())
                                    })
                                })
                                .flatten();
                            if let Some(kind) = kind {
                                push(&kind);
                                found = true;
                                break;
                            }
                            continue;
                        }
                        candidates.sort_by_key(|r| self.rank(r));
                        // A longer translation holding a shorter one adds words the shopper
                        // didn't say ("timbre": a bell, not "bike bell", which every bike
                        // that mentions its bell would match better than the bell), unless
                        // it is one of the shop's product types ("portarretratos": picture
                        // frames, not any frame).
                        let within = |short: &str, long: &str| {
                            let words: Vec<&str> = long.split(' ').collect();
                            short.split(' ').count() < words.len()
                                && short.split(' ').all(|w| words.contains(&w))
                                && !self.is_type(long)
                        };
                        let shortest: Vec<&String> = candidates
                            .iter()
                            .filter(|c| !candidates.iter().any(|s| within(s, c)))
                            .copied()
                            .collect();
                        for related in shortest.into_iter().take(MAX_TRANSLATIONS) {
                            push(related);
                        }
                        found = true;
                        break;
                    }
                }
                if found {
                    used[start..start + n].iter_mut().for_each(|u| *u = true);
                }
            }
        }
        if self.words.len() <= TYPO_SCAN_LIMIT {
            // (A word that starts a phrase the vocabulary knows is no typo: "cañas de pescar"
            // are fishing rods, not canvas.)
            let starts_a_phrase = |at: usize| {
                (2..=bilingual.longest.clamp(2, 3)).any(|n| {
                    tokens.get(at..at + n).is_some_and(|gram| {
                        !bilingual
                            .related(&bilingual::key(&gram.join(" ")))
                            .is_empty()
                    })
                })
            };
            for (at, (token, used)) in tokens.iter().zip(used.iter_mut()).enumerate() {
                if *used || token.len() < 5 || ignored(token) || starts_a_phrase(at) {
                    continue;
                }
                // A real word is no typo ("shift" beside shirts, "shall" beside small ones),
                // only another form of a word it ends differently from ("flakes", "flaky").
                let real = super::spelling::is_dictionary_word(token);
                // (Ending differently is an inflection's ending, not any last letter: a
                // "strap" is no "straw".)
                let same_stem = |w: &str| {
                    let common = w
                        .bytes()
                        .zip(token.bytes())
                        .take_while(|(a, b)| a == b)
                        .count();
                    let inflected = |word: &str| {
                        matches!(word.as_bytes().get(common), None | Some(b'e' | b'y' | b's'))
                    };
                    common + 1 >= w.len().max(token.len())
                        && (w.len() != token.len() || (inflected(w) && inflected(token)))
                };
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
                    .filter(|w| !real || same_stem(w))
                    .map(|w| (edit_distance(w, token), w))
                    .filter(|(d, _)| *d <= limit)
                    .min()
                    // A typo of a request word is the request ("cancle" is no "candle"); read
                    // only when a catalog word is this close.
                    .filter(|_| !super::spelling::is_lexicon_typo(token))
                {
                    push_at(at, 1, singular(close.1));
                    *used = true;
                    continue;
                }
                // A misspelt Spanish word of the vocabulary ("botaz" for "botas") means what
                // that word does, when the catalog sells it.
                if spanish_message && !real && !super::spelling::is_known(token) {
                    if let Some(es) = bilingual.spanish_typo(token) {
                        for en in bilingual
                            .english(es)
                            .iter()
                            .filter(|e| self.is_type(e) || self.has_phrase(e))
                            .take(MAX_TRANSLATIONS)
                        {
                            push_at(at, 1, en);
                            *used = true;
                        }
                    }
                }
            }
        }
        // An English compound the shopper closed up ("ballcap", "sunhat", "rainjacket") names
        // its last part when that is a word of the catalog's names and the first part a known
        // word. Not in Spanish, where the compound is not of the kind of its last part
        // ("tajalápiz" is a sharpener, not a pencil).
        if !spanish_message {
            for (at, (token, used)) in tokens.iter().zip(used.iter_mut()).enumerate() {
                if *used || token.len() < 6 || ignored(token) || super::spelling::is_word(token) {
                    continue;
                }
                if let Some(part) = compound_head(token, |w| self.names(w)) {
                    push_at(at, 1, singular(part));
                    *used = true;
                }
            }
        }
        // An English comparative ("warmer", "lighter", "heavier") names its quality when the
        // catalog uses that word.
        if !spanish_message {
            for (at, (token, used)) in tokens.iter().zip(used.iter_mut()).enumerate() {
                if *used || token.len() < 6 || ignored(token) {
                    continue;
                }
                if let Some(base) = comparative_base(token).filter(|b| self.has(b)) {
                    push_at(at, 1, &base);
                    *used = true;
                }
            }
        }
        let mut unsold = None;
        'grams: for n in (1..=bilingual.longest.clamp(1, 3)).rev() {
            for start in 1..tokens.len().saturating_sub(n - 1) {
                let gram = &tokens[start..start + n];
                // Right after the asking word, or after it and a filler ("got any", "sell
                // u"): not "quiero que la cafetera…", whose object is a clause.
                // (A shop's verb said of oneself asks for nothing: "I carry my chai to
                // school".)
                // ("Got" asks only of the shop, "have you got…?", "got any…?": "my sister
                // just got the keys to her first flat" tells.)
                let asks = |at: usize| {
                    ASKING_FOR.contains(&tokens[at].as_str())
                        && !(SHOP_VERBS.contains(&tokens[at].as_str())
                            && at > 0
                            && FIRST_PERSON.contains(&tokens[at - 1].as_str()))
                        && !(tokens[at] == "got"
                            && at > 0
                            && !matches!(
                                tokens[at - 1].as_str(),
                                "you" | "u" | "ya" | "have" | "ve"
                            ))
                };
                let asked = asks(start - 1)
                    || (start >= 2
                        && asks(start - 2)
                        && ASK_FILLERS.contains(&tokens[start - 1].as_str()));
                // (Its first and last words name; "de" may join them.)
                let naming = |w: &String| w.len() >= 3 && !ignored(w) && !self.is_colour_here(w);
                if !asked
                    || used[start..start + n].iter().any(|u| *u)
                    || !naming(&gram[0])
                    || !naming(&gram[n - 1])
                {
                    continue;
                }
                let entry = bilingual::key(&gram.join(" "));
                // (Nor a word the shop uses, nor one another word for which is the last word of
                // a kind it sells: "tablas" are boards where cutting boards are sold.)
                let shop_knows = gram.iter().any(|w| self.has(w) || self.describes(w))
                    || bilingual
                        .related(&entry)
                        .iter()
                        .any(|r| !r.contains(' ') && self.names_a_kind_by_head(r));
                if shop_knows {
                    continue;
                }
                // (Not after a kind the shop sells: "a rain jacket, or do you sell umbrellas?")
                let kind_before = found_at
                    .iter()
                    .any(|(at, _, t)| *at < start && self.names_a_kind(t));
                if !kind_before && bilingual.names_a_product(&entry) {
                    unsold =
                        Some(as_written(message, kept, start, n).unwrap_or_else(|| gram.join(" ")));
                    break 'grams;
                }
            }
        }
        // The category is the request only when the message names nothing more precise (a
        // kind, or a word of products' names): "a toy car" asks for cars, "spf under makeup"
        // for the SPF products, "jewelry for my wife" for the shop's jewelry of every kind, and
        // "shoes for the beach" for footwear, the beach (a tag) saying which.
        let (mut kinds, mut category) = (Vec::new(), None);
        let names_a_kind = found_at
            .iter()
            .any(|(_, _, t)| self.names_a_kind(t) || t.split(' ').any(|w| self.names(w)));
        match (category_at, names_a_kind) {
            (Some((at, n, of_category, name)), false) => {
                for kind in of_category {
                    found_at.push((at, n, kind.clone()));
                    kinds.push(kind);
                }
                category = Some(name);
            }
            // (Its word, when the shop's names have it, still says what is wanted: "shoes of
            // running".)
            (Some((at, n, _, _)), true) => {
                let entry = bilingual::key(&tokens[at..at + n].join(" "));
                if self.has_phrase(&entry) {
                    found_at.push((at, n, entry));
                }
            }
            _ => {}
        }
        found_at.sort_by_key(|(at, _, _)| *at);
        let naming =
            |token: &String| !(token.len() < 3 || ignored(token) || self.is_colour_here(token));
        let could_name = tokens.iter().filter(|t| naming(t)).count();
        let named = tokens
            .iter()
            .zip(&used)
            .filter(|(t, used)| **used && naming(t))
            .count();
        let covered = !found_at.is_empty() && named == could_name;
        let share = if could_name == 0 {
            0.0
        } else {
            named as f32 / could_name as f32
        };
        // The first purpose word said after something wanted splits the message.
        let first_at = found_at.first().map(|(at, _, _)| *at);
        let purpose_at = first_at.and_then(|first| {
            tokens
                .iter()
                .enumerate()
                .skip(first + 1)
                .find(|(_, w)| PURPOSE.contains(&w.as_str()))
                .map(|(at, _)| at)
        });
        let head = match purpose_at {
            Some(purpose) if found_at.iter().any(|(at, _, _)| *at > purpose) => {
                let said = |after: bool| {
                    found_at
                        .iter()
                        .filter(move |(at, _, _)| (*at > purpose) == after)
                        .map(|(_, _, t)| t.clone())
                };
                // "…going on camp to Tongariro… the gear list says a waterproof jacket": when
                // nothing before the purpose word is a kind of product and something after it
                // is, the kind after is what is wanted.
                // (Said in so many words: "light" is no lamp here.)
                let in_words = |t: &String| {
                    let last = t.rsplit(' ').next().unwrap_or(t);
                    tokens.iter().any(|w| singular(w) == last)
                };
                let kinds_after: Vec<String> = said(true)
                    .filter(|t| self.names_a_kind_by_head(t) && in_words(t))
                    .collect();
                if kinds_after.is_empty() || said(false).any(|t| self.names_a_kind_by_head(&t)) {
                    said(false).collect()
                } else {
                    kinds_after
                }
            }
            _ => {
                // Word order follows the words, not the detected language: a short message
                // ("espejos redondos") may read as English.
                let spanish_words = spanish_message
                    || tokens.iter().any(|t| {
                        t.len() >= 3 && bilingual.is_spanish(&bilingual::key(t)) && !self.has(t)
                    });
                let mut head = noun_head(&found_at, &tokens, spanish_words);
                // "Un libro de fantasía": when the head is the shop's generic word (the last
                // word of several of its types: Picture Book, Art Book), a qualifier that is
                // one of its own types is the kind wanted too (the book is a Fantasy). Not
                // "esterilizador de biberones": a sterilizer is no generic.
                let generic = |term: &str| {
                    let last = term.rsplit(' ').next().unwrap_or(term);
                    self.type_keys
                        .iter()
                        .filter(|t| t.rsplit(' ').next() == Some(last))
                        .count()
                        >= 2
                };
                if spanish_words && head.iter().any(|h| generic(h)) {
                    for (_, _, term) in &found_at {
                        if self.is_type(term) && !head.contains(term) {
                            head.push(term.clone());
                        }
                    }
                }
                // "Pastillas de magnesio", "magnesium tablets": a head that names none of the
                // shop's kinds (a form, a pack) beside a word that is one of its product
                // types: that type is the kind wanted.
                let types_named: Vec<String> = found_at
                    .iter()
                    .filter(|(_, _, t)| self.is_type(t))
                    .map(|(_, _, t)| t.clone())
                    .collect();
                if !head.is_empty()
                    && !types_named.is_empty()
                    && !head.iter().any(|h| self.names_a_kind_by_head(h))
                {
                    head = types_named;
                }
                head
            }
        };
        let phrase_words: Vec<String> = found_at
            .iter()
            .filter(|(_, n, _)| *n > 1)
            .flat_map(|(at, n, _)| tokens[*at..*at + *n].iter().cloned())
            .collect();
        let in_phrases = phrase_words.iter().cloned();
        let after_purpose = found_at
            .iter()
            .filter(|(at, _, _)| purpose_at.is_some_and(|p| *at > p))
            .flat_map(|(at, n, _)| [at.checked_sub(1), Some(at + n)])
            .filter_map(|i| i.and_then(|i| tokens.get(i)).cloned());
        let not_the_product = in_phrases.chain(after_purpose).collect();
        // A category's kinds are all wanted alike.
        let head = if kinds.is_empty() { head } else { Vec::new() };
        Named {
            terms: found_at.into_iter().map(|(_, _, t)| t).collect(),
            head,
            covered,
            share,
            not_the_product,
            in_phrases: phrase_words,
            weak,
            kinds,
            category,
            unsold,
            most,
        }
    }
}

/// The words without "tops" or "top" said of an amount ("tops 30 bucks", "40 quid tops",
/// "50 top"): a ceiling, which the budget reads, not tops to wear.
fn without_amount_words(words: Vec<String>) -> Vec<String> {
    const CURRENCY: &[&str] = &[
        "bucks", "buck", "dollars", "quid", "pounds", "euros", "eur", "usd", "pavos", "lucas",
    ];
    let amount = |w: Option<&String>| w.is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()));
    let keep: Vec<bool> = (0..words.len())
        .map(|i| {
            if !matches!(words[i].as_str(), "tops" | "top") {
                return true;
            }
            let before = i.checked_sub(1).and_then(|j| words.get(j));
            let before_currency = i.checked_sub(2).and_then(|j| words.get(j));
            let after = words.get(i + 1);
            let priced_before = amount(before)
                || (before.is_some_and(|w| CURRENCY.contains(&w.as_str()))
                    && amount(before_currency));
            !(priced_before || amount(after))
        })
        .collect();
    words
        .into_iter()
        .zip(keep)
        .filter_map(|(w, k)| k.then_some(w))
        .collect()
}

/// The `n` words from `start` of the message's words that `kept` keeps, as the shopper wrote
/// them (accents and all), to quote them back; `None` when folding changed how the words split.
fn as_written(
    message: &str,
    kept: impl Fn(&String) -> bool,
    start: usize,
    n: usize,
) -> Option<String> {
    let lower = message.to_lowercase();
    let written: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let folded = words(message);
    if written.len() != folded.len() {
        return None;
    }
    let kept_words: Vec<&str> = folded
        .iter()
        .zip(written)
        .filter(|(w, _)| kept(w))
        .map(|(_, said)| said)
        .collect();
    kept_words.get(start..start + n).map(|said| said.join(" "))
}

/// Words between a thing named and the "with" of its feature that stand for the thing
/// ("sneakers, something with…", "a jacket that has…").
const STANDS_FOR_IT: &[&str] = &[
    "something",
    "one",
    "ones",
    "that",
    "has",
    "have",
    "having",
    "them",
    "it",
    "a",
    "pair",
];
/// Words between "with" / "con" and a feature that only say how much of it: "with a lot of
/// cushion", "con mucha capucha".
pub(crate) const MEASURES: &[&str] = &[
    "a", "an", "the", "lot", "lots", "of", "plenty", "some", "good", "great", "more", "extra",
    "real", "proper", "decent", "little", "bit", "nice", "built", "in", "really", "that", "has",
    "having", "big", "un", "una", "unos", "unas", "buen", "buena", "mucho", "mucha", "muchos",
    "muchas",
];

/// The head of the noun phrase the message starts with, when it names more than one thing:
/// English puts it last ("car wax", "rubber floor mats"), Spanish first ("aceite de motor",
/// "bolso cambiador"). The words of a phrase found whole ("bedside table") count as its last
/// word and its synonyms.
fn noun_head(found_at: &[(usize, usize, String)], tokens: &[String], spanish: bool) -> Vec<String> {
    let Some(&(first, first_len, _)) = found_at.first() else {
        return Vec::new();
    };
    let last_word = |term: &str| term.rsplit(' ').next().unwrap_or(term).to_owned();
    let terms_at = |at: usize| -> Vec<String> {
        found_at
            .iter()
            .filter(|(a, _, _)| *a == at)
            .map(|(_, _, t)| last_word(t))
            .collect()
    };
    if spanish {
        // "aceite de motor", "pañales de tela", "bolso cambiador": what follows qualifies the
        // first thing named.
        let joined = |gap: &[String]| {
            gap.iter()
                .all(|w| ["de", "del", "con", "sin"].contains(&w.as_str()))
        };
        let qualified = found_at
            .iter()
            .any(|(at, _, _)| *at >= first + first_len && joined(&tokens[first + first_len..*at]));
        return if qualified {
            terms_at(first)
        } else {
            Vec::new()
        };
    }
    // The run of terms said one after another from the first: its last is the head.
    let mut end = first;
    let mut last = first;
    let mut spans = 0;
    let mut multiword = false;
    for &(at, n, _) in found_at {
        if at == last && spans > 0 {
            continue;
        }
        if spans > 0 && at != end {
            break;
        }
        spans += 1;
        multiword |= n > 1;
        last = at;
        end = at + n;
    }
    // "A keyboard with lights", "a jacket with a hood": what comes after "with" is a feature
    // of the thing named before it.
    // (Also with a measure of it, "with a lot of cushion", and after a word standing for the
    // thing named: "sneakers, something with a lot of cushion".)
    let featured = found_at.iter().any(|(at, _, _)| {
        *at > end
            && tokens[end..*at]
                .iter()
                .position(|w| w == "with" || w == "without")
                .is_some_and(|with| {
                    tokens[end..end + with]
                        .iter()
                        .all(|w| STANDS_FOR_IT.contains(&w.as_str()))
                        && tokens[end + with + 1..*at]
                            .iter()
                            .all(|w| MEASURES.contains(&w.as_str()))
                })
    });
    if spans > 1 || multiword || featured {
        terms_at(last)
    } else {
        Vec::new()
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

/// A word and the base forms it may stand for: its singular ("auriculares" → "auricular",
/// "nappies" → "nappy", "lápices" → "lápiz") and, for Spanish diminutives, the plain word
/// ("zapatitos" → "zapato", "relojito" → "reloj", "cochecito" → "coche").
fn forms(word: &str) -> Vec<String> {
    let word = fold(word);
    let mut out = vec![word.clone()];
    let mut push = |w: String| {
        if w.len() >= 3 && !out.contains(&w) {
            out.push(w);
        }
    };
    let one = singular(&word).to_owned();
    push(one.clone());
    if let Some(base) = word.strip_suffix("es") {
        push(base.to_owned());
    }
    if let Some(base) = word.strip_suffix("ies") {
        push(format!("{base}y"));
    }
    if let Some(base) = word.strip_suffix("ces") {
        push(format!("{base}z"));
    }
    if word.len() >= 7 {
        if let Some(base) = one
            .strip_suffix("cito")
            .or_else(|| one.strip_suffix("cita"))
        {
            push(base.to_owned());
        } else if let Some(base) = one.strip_suffix("ito") {
            push(format!("{base}o"));
            push(base.to_owned());
        } else if let Some(base) = one.strip_suffix("ita") {
            push(format!("{base}a"));
            push(base.to_owned());
        }
    }
    out
}

/// The forms of a word or phrase to look up in the bilingual vocabulary: each word's forms in
/// turn (the others as said) and, for a Spanish message, the masculine of a feminine word
/// ("inalámbrica" → "inalámbrico"), as the vocabulary lists adjectives.
fn phrase_forms(phrase: &str, spanish: bool) -> Vec<String> {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out = vec![fold(phrase)];
    // "Cortina para la ducha", "funda del sofá": the compound the vocabulary knows with "de"
    // ("cortina de ducha").
    if spanish && words.len() == 3 && matches!(words[1], "para" | "pa" | "del") {
        out.push(fold(&format!("{} de {}", words[0], words[2])));
    }
    for (i, word) in words.iter().enumerate() {
        let mut variants = forms(word);
        if spanish {
            let one = singular(&fold(word)).to_owned();
            if let Some(base) = one.strip_suffix('a').filter(|b| b.len() >= 3) {
                variants.push(format!("{base}o"));
            }
            variants.extend(undiminished(&one));
        }
        for variant in variants {
            let mut changed = words.iter().map(|w| fold(w)).collect::<Vec<_>>();
            changed[i] = variant;
            let candidate = changed.join(" ");
            if !out.contains(&candidate) {
                out.push(candidate);
            }
        }
    }
    out
}

/// The word a Spanish diminutive is made from, in its likely endings: "camita" → "cama",
/// "gatito" → "gato", "cafecito" → "cafe", "chiquita" → "chica". Tried only after the word
/// itself, so a diminutive that is a word of its own ("mesita") keeps its meaning.
fn undiminished(word: &str) -> Vec<String> {
    const ENDINGS: &[(&str, &[&str])] = &[
        ("cito", &["", "o"]),
        ("cita", &["", "a"]),
        ("quito", &["co"]),
        ("quita", &["ca"]),
        ("guito", &["go"]),
        ("guita", &["ga"]),
        ("ito", &["o", "a", ""]),
        ("ita", &["a", "o", ""]),
    ];
    ENDINGS
        .iter()
        .find_map(|(suffix, ends)| {
            let base = word.strip_suffix(suffix).filter(|b| b.len() >= 3)?;
            Some(ends.iter().map(|end| format!("{base}{end}")).collect())
        })
        .unwrap_or_default()
}

/// Function words and audiences: they refine a search, never name a product.
pub fn names_nothing(word: &str) -> bool {
    ignored(word)
}

/// The adjective of an English comparative: "warmer" → "warm", "heavier" → "heavy",
/// "thinner" → "thin". None for a word that is no comparative of at least three letters.
fn comparative_base(word: &str) -> Option<String> {
    if let Some(stem) = word.strip_suffix("ier") {
        return (stem.len() >= 3).then(|| format!("{stem}y"));
    }
    let stem = word.strip_suffix("er")?;
    let bytes = stem.as_bytes();
    let doubled = bytes.len() >= 4 && bytes[bytes.len() - 1] == bytes[bytes.len() - 2];
    let stem = if doubled {
        &stem[..stem.len() - 1]
    } else {
        stem
    };
    (stem.len() >= 3).then(|| stem.to_owned())
}

/// The last part of a closed-up compound ("cap" of "ballcap"): the longest ending of at least
/// three letters that `names` accepts, after a first part of at least three letters that is
/// a known word or one of the catalog's.
fn compound_head(word: &str, names: impl Fn(&str) -> bool) -> Option<&str> {
    if !word.is_ascii() {
        return None;
    }
    let bilingual = Bilingual::get();
    // A real word made of two short ones is a word of its own, not a kind of its second
    // ("settee" is no tee); longer parts still split ("handbag" is a bag).
    let real = super::spelling::is_dictionary_word(word);
    (3..=word.len() - 3).find_map(|split| {
        let (first, last) = word.split_at(split);
        if real && first.len() <= 3 && last.len() <= 3 {
            return None;
        }
        let known = super::spelling::is_known(first)
            || names(first)
            || !bilingual.related(first).is_empty();
        (known && names(last)).then_some(last)
    })
}

/// Phrases of two words (the second singular) whose words name no product together: gift
/// phrases (a present), and idioms ("dress code", "heads up", "big up").
const NO_PRODUCT_PHRASES: &[&str] = &[
    "stocking stuffer",
    "stocking filler",
    "secret santa",
    "amigo invisible",
    "amigo secreto",
    "dress code",
    "heads up",
    "rain check",
    "on top",
    "big up",
    // "media semana de sueldo": half a week, no stocking.
    "media semana",
    "media hora",
    "media docena",
    "media vuelta",
    "media manana",
    "media tarde",
    // Places: "el aire está en polo norte" is cold, not a polo shirt.
    "polo norte",
    "polo sur",
    "north pole",
    "south pole",
];

/// Spanish forms of "to be", "to eat", "to say"… that English spells as other words ("soy",
/// "son", "come", "once"): in a Spanish message they are never an English catalog's word.
const SPANISH_VERBS: &[&str] = &[
    "soy", "son", "sea", "era", "fue", "fui", "come", "dice", "has", "van", "ten", "once",
];

fn ignored(word: &str) -> bool {
    COMMON.contains(&word)
        || NOT_PRODUCTS.contains(&word)
        || RECIPIENTS.iter().any(|(r, _)| *r == word)
        // (A word that says a size, "talle", is no typo of "table".)
        || super::slots::SIZE_CUES.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_may_name_a_category_in_other_words() {
        let v = ShopVocabulary::build(
            [
                "Canvas Low-Top Sneaker",
                "Sneakers",
                "Cork Footbed Sandal",
                "Sandals",
                "Linen Cushion",
                "Cushion",
            ],
            ["casual, summer", "home"],
        )
        .with_types(["Sneakers", "Sandals", "Cushion"]);
        let named = v.named("something for my feet", false);
        assert_eq!(named.kinds, ["sneaker", "sandal"]);
        let named = v.named("algo para los pies", true);
        assert_eq!(named.kinds, ["sneaker", "sandal"]);
        let v = ShopVocabulary::build(
            ["Ribbed Wool Beanie", "Beanie", "Canvas Baseball Cap", "Cap"],
            ["winter", "summer"],
        )
        .with_types(["Beanie", "Cap"]);
        assert_eq!(
            v.named("something for my head", false).kinds,
            ["beanie", "cap"]
        );
        assert_eq!(
            v.named("algo para la cabeza", true).kinds,
            ["beanie", "cap"]
        );
    }

    #[test]
    fn a_spanish_hobby_said_as_a_verb_names_its_supplies() {
        let v = ShopVocabulary::build(
            [
                "Beginner Embroidery Kit",
                "Embroidery Kit",
                "Graphite Drawing Pencils",
                "Drawing Pencils",
            ],
            ["embroidery, hoop", "drawing, sketch"],
        );
        let names = |m: &str, word: &str| v.named(m, true).terms.iter().any(|t| t.contains(word));
        assert!(names("quiero aprender a bordar", "embroider"));
        assert!(names("le encanta dibujar", "drawing"));
    }

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
    fn regional_spanish_names_for_a_sweater_name_sweaters_not_bags() {
        let v = ShopVocabulary::build(
            [
                "Merino Crew Sweater",
                "Heavy Canvas Tote Bag",
                "Wool Wrap Coat",
            ],
            ["wool, winter, warm", "bag", "wool, coat"],
        )
        .with_types(["Sweater", "Tote Bag", "Coat"]);
        let sweater = |m: &str| {
            let named = v.named(m, true);
            named.terms.contains(&"sweater".to_owned())
                && !named.terms.iter().any(|t| t.contains("bag"))
        };
        // A "saco" or "chaleco" of wool is a sweater in the Andes and Chile, a "jersei" in
        // Catalonia; a "saco" alone may be a sack.
        assert!(sweater("necesita un saco de lana nuevo"), "saco de lana");
        assert!(
            sweater("un chaleco de lana para el viento"),
            "chaleco de lana"
        );
        assert!(sweater("un jersei de lana buena"), "jersei");
        // Something "de abrigo" is something warm, no coat.
        let terms = v.named("algo de abrigo para mi mujer", true).terms;
        assert!(terms.contains(&"warm".to_owned()), "{terms:?}");
        assert!(!terms.iter().any(|t| t == "coat"), "{terms:?}");
    }

    #[test]
    fn a_spanish_word_for_a_kind_of_a_type_names_the_type() {
        let v = ShopVocabulary::build(
            ["Chelsea Boot", "Wool Beanie", "Landing Net"],
            ["leather", "fishing"],
        )
        .with_types(["Boots", "Beanie", "Net"]);
        // "botines" are ankle boots: boots, where the shop sells no ankle boots as such.
        assert_eq!(v.product_terms("¿tienen botines de mujer?"), ["boot"]);
        // A compound of another kind names nothing: a mosquito net is no landing net ("red"
        // shares no stem with "mosquitero").
        assert!(v.product_terms("¿tienes mosquitero?").is_empty());
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
    fn home_and_car() -> ShopVocabulary {
        ShopVocabulary::build(
            [
                "Two-Drawer Nightstand",
                "Nightstand",
                "Ceramic Table Lamp",
                "Table Lamp",
                "Carnauba Car Wax",
                "Car Wax",
                "Car Shampoo",
                "Synthetic Engine Oil",
                "Motor Oil",
                "Roof Bars",
                "Roof Rack",
                "Wall Clock",
                "Eco Nappies Size 3",
                "Diapers",
                "Cooking Pot",
                "Bread Knife",
            ],
            [
                "bedside table, drawers",
                "bedside lamp",
                "wax, shampoo",
                "nappies, nappy",
            ],
        )
        .with_types([
            "Nightstand",
            "Table Lamp",
            "Car Wax",
            "Car Shampoo",
            "Motor Oil",
            "Roof Rack",
            "Wall Clock",
            "Diapers",
            "Cooking Pot",
            "Kitchen Knife",
        ])
    }

    #[test]
    fn plurals_and_diminutives_reduce_to_the_plain_word() {
        for (word, base) in [
            ("nappies", "nappy"),
            ("lápices", "lapiz"),
            ("zapatitos", "zapato"),
            ("relojito", "reloj"),
            ("cochecito", "coche"),
        ] {
            assert!(
                forms(word).contains(&base.to_owned()),
                "{word}: {:?}",
                forms(word)
            );
        }
        let named = home_and_car().named("un relojito de pared", true);
        assert!(named.terms.iter().any(|t| t.contains("clock")), "{named:?}");
    }

    #[test]
    fn a_phrase_finds_the_catalog_type_that_means_the_same() {
        let named = home_and_car().named("bedside tables", false);
        assert!(named.terms.contains(&"nightstand".to_owned()), "{named:?}");
    }

    #[test]
    fn tops_said_of_an_amount_is_a_ceiling_not_a_top() {
        let v = ShopVocabulary::build(["Linen Tank Top", "Touchscreen Gloves"], ["tops, gloves"]);
        for said in [
            "anything for cold fingers? tops 30 bucks",
            "gloves, 40 quid tops",
            "30 tops",
        ] {
            let named = v.named(said, false);
            assert!(
                !named.terms.iter().any(|t| t.starts_with("top")),
                "{said}: {named:?}"
            );
        }
        assert!(v
            .named("summer tops under 30", false)
            .terms
            .contains(&"top".to_owned()));
    }

    #[test]
    fn a_superlative_names_the_catalogs_plain_word() {
        let v = ShopVocabulary::build(
            ["Summit Down Parka", "Cozy Throw", "Lightweight Tee"],
            ["warm, winter, comfy, hot, light"],
        );
        for (said, term) in [
            ("the warmest jacket", "warm"),
            ("comfiest thing you have", "comfy"),
            ("hottest gift", "hot"),
            ("lightest tee", "light"),
        ] {
            let named = v.named(said, false);
            assert!(named.terms.contains(&term.to_owned()), "{said}: {named:?}");
        }
        // A word of its own that ends the same way, and one the catalog doesn't have.
        assert!(v.named("a forest print", false).terms.is_empty());
        assert!(v.named("the biggest", false).terms.is_empty());
    }

    #[test]
    fn a_word_only_of_names_points_at_products_by_name() {
        let v = ShopVocabulary::build(["Summit Down Parka", "Rain Jacket"], ["down, winter, rain"])
            .with_types(["Jacket"]);
        assert!(v.is_name_only("summit"));
        assert!(v.is_name_only("parka"));
        // A tag, a type or no word of the catalog at all.
        assert!(!v.is_name_only("down"));
        assert!(!v.is_name_only("jackets"));
        assert!(!v.is_name_only("fleece"));
    }

    #[test]
    fn a_spanish_diminutive_names_what_it_is_made_from() {
        assert_eq!(undiminished("camita"), ["cama", "camo", "cam"]);
        assert_eq!(undiminished("cafecito"), ["cafe", "cafeo"]);
        assert_eq!(undiminished("chiquita"), ["chica"]);
        assert!(undiminished("cama").is_empty());
        let v = ShopVocabulary::build(["Orthopedic Pet Bed", "Cat Teaser"], []);
        assert_eq!(
            v.named("una camita para mi gata", true).terms,
            ["bed", "cat"]
        );
    }

    #[test]
    fn an_english_comparative_names_its_quality() {
        assert_eq!(comparative_base("warmer").as_deref(), Some("warm"));
        assert_eq!(comparative_base("heavier").as_deref(), Some("heavy"));
        assert_eq!(comparative_base("thinner").as_deref(), Some("thin"));
        let v = ShopVocabulary::build(["Warm Fleece Jacket"], ["warm, winter"]);
        assert_eq!(v.named("something warmer", false).terms, ["warm"]);
    }

    #[test]
    fn a_closed_up_english_compound_names_its_last_part() {
        let v = ShopVocabulary::build(["Canvas Baseball Cap", "Wide-Brim Straw Hat"], []);
        assert_eq!(v.named("ballcap", false).terms, ["cap"]);
        assert_eq!(v.named("a strawhat for the beach", false).terms, ["hat"]);
        // Not in Spanish, nor from a part that is no word.
        assert!(v.named("tajacap", true).terms.is_empty());
        assert!(v.named("xqzcap", false).terms.is_empty());
    }

    #[test]
    fn the_head_of_a_noun_phrase_is_what_is_wanted() {
        let v = home_and_car();
        assert_eq!(v.named("car wax", false).head, ["wax"]);
        let named = v.named("champú de coche", true);
        assert_eq!(named.head, ["shampoo"], "{named:?}");
        assert!(v.named("wax", false).head.is_empty());
    }

    #[test]
    fn a_category_names_the_shops_products_of_its_kinds_not_a_product_with_its_word() {
        let titles = [
            "Sterling Stacking Band",
            "Pearl Strand",
            "Silver Huggie Hoops",
            "Velvet Jewelry Box",
        ];
        let types = ["Ring", "Necklace", "Earrings", "Jewelry Box"];
        let v = ShopVocabulary::build(titles, ["jewelry, gift"]).with_types(types);
        for message in ["jewelry for my wife", "algo de joyería"] {
            let named = v.named(message, message.contains("joy"));
            assert_eq!(named.kinds, ["ring", "necklace", "earring"], "{message}");
            assert_eq!(named.category.as_deref(), Some("jewelry"), "{message}");
            assert!(!named.terms.iter().any(|t| t.contains("box")), "{message}");
        }
        // Something more precise is what is asked for.
        let named = v.named("a jewelry box", false);
        assert!(named.kinds.is_empty());
        // A shop whose own kinds carry the category's word searches for it as usual.
        let toys = ShopVocabulary::build(["Bunny Plush Toy", "Wooden Puzzle"], [""])
            .with_types(["Plush Toy", "Puzzle"]);
        assert!(toys.named("toys", false).kinds.is_empty());
    }

    #[test]
    fn shoes_are_all_of_the_shops_footwear_unless_a_kind_of_them_is_named() {
        let titles = [
            "Pico Swift Running Shoe",
            "Canvas Low-Top Sneaker",
            "Cork Footbed Sandal",
            "Leather Chelsea Boot",
            "Ribbed Wool Beanie",
        ];
        let types = ["Running Shoes", "Sneakers", "Sandals", "Boots", "Beanie"];
        let v = ShopVocabulary::build(
            titles,
            ["running, sport", "casual", "beach, summer", "", ""],
        )
        .with_types(types);
        let footwear = ["running shoe", "sneaker", "sandal", "boot"];
        for message in ["shoes", "some shoes please", "unos zapatos"] {
            let named = v.named(message, message.contains("zapatos"));
            assert_eq!(named.kinds, footwear, "{message}");
        }
        // What else is said of them, a tag, picks among them.
        let named = v.named("shoes for the beach", false);
        assert_eq!(named.kinds, footwear);
        assert!(named.terms.contains(&"beach".to_owned()));
        // A kind of them, or a word of products' names, is more precise.
        assert!(v.named("running shoes", false).kinds.is_empty());
        let named = v.named("shoes of running for woman", false);
        assert!(named.kinds.is_empty());
        assert!(
            named.terms.contains(&"shoe".to_owned()),
            "{:?}",
            named.terms
        );
        assert!(v.named("canvas shoes", false).kinds.is_empty());
        // A shop that sells only one kind of shoe searches for "shoes" as usual.
        let runners = ShopVocabulary::build(["Pico Swift Running Shoe", "Wool Socks"], [""])
            .with_types(["Running Shoes", "Socks"]);
        assert!(runners.named("shoes", false).kinds.is_empty());
    }

    #[test]
    fn a_translation_adds_no_words_the_shopper_did_not_say_unless_it_is_a_type() {
        let bikes = ShopVocabulary::build(
            [
                "Brass Bell",
                "Kids' Bike with a bike bell",
                "Picture Frame Set",
                "Bed Frame",
            ],
            ["bell, classic", "bike, kids"],
        )
        .with_types(["Bell", "Kids Bike", "Picture Frame", "Bed Frame"]);
        let terms = bikes.named("un timbre", true).terms;
        assert!(terms.contains(&"bell".to_owned()), "{terms:?}");
        assert!(!terms.contains(&"bike bell".to_owned()), "{terms:?}");
        let terms = bikes.named("portarretratos", true).terms;
        assert!(terms.contains(&"picture frame".to_owned()), "{terms:?}");
    }

    #[test]
    fn a_spanish_word_after_a_product_describes_it() {
        let v = ShopVocabulary::build(
            ["Waterproof Pannier Bag", "Packable Rain Jacket"],
            ["pannier, waterproof", "rain jacket, waterproof"],
        )
        .with_types(["Pannier", "Cycling Jacket"]);
        let terms = v.named("alforjas impermeables", false).terms;
        assert!(terms.contains(&"waterproof".to_owned()), "{terms:?}");
        assert!(!terms.contains(&"rain jacket".to_owned()), "{terms:?}");
    }

    #[test]
    fn a_typo_of_a_request_word_is_no_typo_of_a_product() {
        let v = ShopVocabulary::build(["Soy Candle", "Candle"], ["candles"]);
        assert!(v
            .named("candlle", false)
            .terms
            .contains(&"candle".to_owned()));
        assert!(v.named("cancle my ordr pls", false).terms.is_empty());
    }

    #[test]
    fn a_real_word_of_two_short_ones_is_no_kind_of_its_second() {
        let names = |w: &str| ["tee", "bag", "hat"].contains(&w);
        assert_eq!(compound_head("settee", names), None);
        assert_eq!(compound_head("handbag", names), Some("bag"));
    }

    #[test]
    fn words_that_one_description_says_together_point_at_it() {
        let v = ShopVocabulary::build(
            ["Touchscreen Knit Gloves", "Merino Sweater", "Wool Coat", "Rain Jacket"],
            ["warm"],
        )
        .with_descriptions([
            "Stretchy knit gloves with conductive fingertips on thumb and index finger, so you can use your phone.",
            "A soft merino sweater for cold offices.",
            "A long wool coat.",
            "A jacket to keep the rain off your keys.",
        ]);
        let said = |words: &[&str]| {
            let words: Vec<String> = words
                .iter()
                .map(|w| (*w).to_owned())
                .filter(|w| v.describes(w))
                .collect();
            v.described_together(&words)
        };
        assert_eq!(said(&["fingers", "phone", "hands"]), ["fingers", "phone"]);
        // One word alone points nowhere; a word of the names is no description's.
        assert!(said(&["phone"]).is_empty());
        assert!(said(&["sweater", "merino"]).is_empty());
    }

    #[test]
    fn half_a_week_or_an_hour_is_no_stocking() {
        let v = ShopVocabulary::build(["Merino Hiking Socks"], ["socks, merino, wool"])
            .with_types(["Socks"]);
        let terms = |m: &str| v.named(m, true).terms;
        assert!(terms("72 pavos?? q me dejo media semana de sueldo").is_empty());
        assert!(terms("a media mañana el agua ya está caldo").is_empty());
        assert!(terms("unas medias de lana gruesitas").contains(&"sock".to_owned()));
    }

    #[test]
    fn a_real_word_is_no_typo_of_a_product_unless_only_its_ending_differs() {
        let v = ShopVocabulary::build(["Small Cotton Shirt", "Scalp Flake Shampoo"], ["shirt"]);
        let terms = |m: &str| v.named(m, false).terms;
        assert!(terms("no time to refill on my 12 hour shift").is_empty());
        assert!(terms("I shall keep it for now").is_empty());
        assert!(terms("white flakes on my scalp").contains(&"flake".to_owned()));
        // Its ending is an inflection's, not any last letter: a strap is no straw.
        let hats = ShopVocabulary::build(["Wide-Brim Straw Hat", "Phone Charger"], ["hat"]);
        assert!(hats
            .named("the one with the leather strap", false)
            .terms
            .is_empty());
        assert!(hats
            .named("a pad to charge my phone", false)
            .terms
            .contains(&"charger".to_owned()));
        // A misspelling that is no word is still mended.
        assert!(terms("a cotton shrit").contains(&"shirt".to_owned()));
    }

    #[test]
    fn what_comes_after_with_is_a_feature_of_the_thing_named() {
        let v = ShopVocabulary::build(
            [
                "Mechanical Keyboard",
                "Keyboard",
                "Monitor Light Bar",
                "Monitor Light",
            ],
            ["backlit"],
        );
        assert_eq!(v.named("a keyboard with lights", false).head, ["keyboard"]);
        assert!(v.named("keyboard", false).head.is_empty());
        // Said with how much of it, or after a word standing for the thing.
        assert_eq!(
            v.named("a keyboard with a lot of lights", false).head,
            ["keyboard"]
        );
        assert_eq!(
            v.named("i need a keyboard, something with nice lights", false)
                .head,
            ["keyboard"]
        );
    }

    #[test]
    fn a_genre_after_the_shops_generic_word_is_the_kind_wanted() {
        let v = ShopVocabulary::build(
            [
                "Pip the Sleepy Hedgehog",
                "Painters of the Coast",
                "The Dragon Road",
            ],
            ["picture book", "art book", "fantasy, dragons"],
        )
        .with_types(["Picture Book", "Art Book", "Fantasy"]);
        let head = v.named("un libro de fantasía", true).head;
        assert!(head.contains(&"fantasy".to_owned()), "{head:?}");
    }

    #[test]
    fn a_type_beside_a_head_that_names_no_kind_is_the_kind_wanted() {
        let v = ShopVocabulary::build(
            [
                "Magnesium Glycinate 400 mg Capsules",
                "Melatonin 3 mg Dissolving Tablets",
                "7-Day Pill Organizer",
            ],
            ["magnesium, cramps", "sleep, tablets", "pill box"],
        )
        .with_types(["Magnesium", "Sleep Supplement", "Pill Organizer"]);
        // "Pastillas" (tablets, pills) is a form no type ends in; magnesium is a type.
        let head = v
            .named("pastillas de magnesio para los calambres", true)
            .head;
        assert_eq!(head, vec!["magnesium".to_owned()]);
        // A head that is a kind of the shop stays: "pill organizer".
        let head = v.named("un organizador de pastillas semanal", true).head;
        assert!(!head.contains(&"magnesium".to_owned()), "{head:?}");
    }

    #[test]
    fn flip_flops_in_any_words_are_the_sandals_a_shop_without_them_sells() {
        let shop = ShopVocabulary::build(
            ["Cork Footbed Sandal", "Sandals", "Canvas Tote Bag"],
            ["summer"],
        )
        .with_types(["Sandals", "Tote Bag"]);
        assert_eq!(shop.product_terms("got any jandals"), vec!["sandal"]);
        assert_eq!(
            shop.named("unas cholas pa la playa", true).terms,
            vec!["sandal"]
        );
        assert!(shop.product_terms("hockey skates").is_empty());
    }

    #[test]
    fn a_word_that_describes_here_names_no_product_of_another_name() {
        let shop = ShopVocabulary::build(
            [
                "Ceramic Table Lamp",
                "Featherlight Jacket",
                "Classic Cotton Tee",
            ],
            ["light, home", "light, warm", "summer, light"],
        )
        .with_types(["Lamp", "Jacket", "T-Shirt"]);
        let terms = |m: &str| shop.named(m, false).terms;
        assert!(terms("I need a light for my desk").contains(&"lamp".to_owned()));
        for message in [
            "a light jacket",
            "something light for the heat",
            "a light top",
        ] {
            assert!(!terms(message).contains(&"lamp".to_owned()), "{message}");
        }
        // "Top" alone asks for the shop's tops; "on top of" for none.
        assert_eq!(shop.named("do you have tops?", false).kinds, ["t shirt"]);
        assert!(shop
            .named("a lamp that sits on top of my screen", false)
            .kinds
            .is_empty());
    }

    #[test]
    fn a_product_asked_for_that_the_shop_does_not_sell_is_named_as_said() {
        let shop = ShopVocabulary::build(
            ["Drizzle Rain Jacket", "Jacket", "Slim Jeans", "Jeans"],
            ["denim"],
        )
        .with_types(["Jacket", "Jeans"]);
        let unsold = |m: &str, es: bool| shop.named(m, es).unsold;
        assert_eq!(
            unsold("Also got sell umbrella or not? For the rain", false).as_deref(),
            Some("umbrella")
        );
        assert_eq!(
            unsold("¿venden cintos piteados? pa una boda vaquera", true).as_deref(),
            Some("cintos")
        );
        assert_eq!(
            unsold("do u guys carry hockey skates?", false).as_deref(),
            Some("hockey skates")
        );
        assert_eq!(unsold("do you sell rain jackets?", false), None);
        assert_eq!(unsold("a jacket for the rain", false), None);
        assert_eq!(
            unsold("a rain jacket, or do you sell umbrellas?", false),
            None
        );
        assert_eq!(unsold("quiero que la cafetera se prenda sola", true), None);
        assert_eq!(
            unsold("¿Venden cañas de pescar o carretes?", true).as_deref(),
            Some("cañas de pescar")
        );
        assert_eq!(unsold("got any warm denim", false), None);
        // Asked with "tienes" or the voseo's "tenés".
        assert_eq!(
            unsold(
                "pata tienes mosquitero? los zancudos no me dejan dormir",
                true
            )
            .as_deref(),
            Some("mosquitero")
        );
        // What the shopper does is no question to the shop.
        assert_eq!(
            unsold(
                "I carry my chai to school every morning. Do you have a jacket?",
                false
            ),
            None
        );
    }

    #[test]
    fn a_plural_in_ses_of_a_word_in_s_names_it() {
        let v = ShopVocabulary::build(
            ["Stretched Cotton Canvas", "Tabletop Easel"],
            ["canvas, painting", "easel"],
        )
        .with_types(["Canvas", "Easel"]);
        assert_eq!(
            v.named("canvases, 16x20", false).terms,
            v.named("canvas", false).terms
        );
        assert!(!v.named("canvases, 16x20", false).terms.is_empty());
    }

    #[test]
    fn a_spanish_compound_said_with_para_is_found_as_the_kind_the_shop_sells() {
        let v = ShopVocabulary::build(
            ["Waffle Shower Curtain", "Blackout Curtains, 2 Panels"],
            ["shower, bathroom", "bedroom, window"],
        )
        .with_types(["Shower Curtain", "Curtains"]);
        let terms = v
            .named("cortina para la ducha que no sea blanca", true)
            .terms;
        assert_eq!(
            terms.first().map(String::as_str),
            Some("shower curtain"),
            "{terms:?}"
        );
        // Not a compound the shop doesn't sell as a kind: a saxophone and its reeds stay
        // apart.
        let v = ShopVocabulary::build(
            ["Alto Sax Reeds Strength 2.5", "Beginner Alto Saxophone"],
            ["reeds, saxophone", "saxophone, alto"],
        )
        .with_types(["Reeds", "Saxophone"]);
        let named = v.named("cañas para saxo alto", true);
        assert!(
            !named.terms.contains(&"saxophone reed".to_owned()),
            "{:?}",
            named.terms
        );
    }

    #[test]
    fn a_budget_word_a_gift_phrase_or_a_liking_names_no_product() {
        let v = ShopVocabulary::build(
            [
                "VoltPack Max Power Bank",
                "Curl Love Conditioner",
                "Stocking Cap",
            ],
            ["power bank", "conditioner"],
        );
        assert!(v
            .named("gift for a tech guy, max 25 dollars", false)
            .terms
            .is_empty());
        assert!(v
            .named("for my mom, she loves flowers", false)
            .terms
            .is_empty());
        assert!(v
            .named("stocking stuffers under 10 bucks", false)
            .terms
            .is_empty());
        assert!(!v.named("a power bank", false).terms.is_empty());
        // A stocking on its own may be a product.
        assert!(!v.named("a stocking cap", false).terms.is_empty());
    }

    #[test]
    fn a_spanish_verb_is_no_english_catalog_word() {
        let v = ShopVocabulary::build(["Soy Candle", "Candle"], ["candles"]);
        assert!(v
            .named("pero que cueste menos, soy estudiante", true)
            .terms
            .is_empty());
        assert!(v
            .named("soy candle", false)
            .terms
            .contains(&"soy".to_owned()));
    }

    #[test]
    fn a_message_of_catalog_words_only_is_covered() {
        let v = home_and_car();
        assert!(v.named("roof rack", false).covered);
        assert!(v.named("¿tienen relojes de pared?", true).covered);
        assert!(!v.named("when does my roof rack arrive", false).covered);
    }

    #[test]
    fn a_spanish_word_spelt_like_an_english_one_means_its_translation() {
        let named = home_and_car().named("cuchillo para cortar pan", true);
        assert!(!named.terms.contains(&"pot".to_owned()), "{named:?}");
        assert!(named.terms.contains(&"bread".to_owned()), "{named:?}");
    }
}
