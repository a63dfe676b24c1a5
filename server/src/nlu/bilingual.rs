//! A general bilingual retail vocabulary (`server/data/lexicon/`): Spanish ↔ English product
//! words and groups of English synonyms, for every kind of shop, not one catalog. It turns a
//! shopper's word into the words a catalog may use for the same thing ("pendiente" →
//! "earring", "couch" → "sofa"); whether the shop sells it is decided against its own
//! vocabulary (`crate::catalog::vocabulary`).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::text::{fold, singular};

const ES_EN: &str = include_str!("../../data/lexicon/retail-es-en.tsv");
const EN_SYNONYMS: &str = include_str!("../../data/lexicon/retail-en-synonyms.tsv");
/// Groups of words that describe a product (colours, materials, qualities, sizes) rather than
/// name one.
const EN_ATTRIBUTES: &str = include_str!("../../data/lexicon/retail-en-attributes.tsv");

/// Folded, singular word or phrase → the words and phrases it may be called in a catalog.
pub struct Bilingual {
    related: HashMap<String, Vec<String>>,
    /// Spanish word or phrase → its English translations only (no English synonyms of a word
    /// spelt the same: "pan" is bread, not a pot).
    english: HashMap<String, Vec<String>>,
    /// Spanish words and phrases with an English translation other than themselves ("pan" →
    /// "bread"): in a Spanish message they mean the translation, not the English word.
    spanish: std::collections::HashSet<String>,
    /// The English synonym groups' words and phrases: names of products of some shop.
    products: std::collections::HashSet<String>,
    /// Longest phrase in words, for matching phrases in a message.
    pub longest: usize,
    /// How a Spanish word of four letters or more sounds → that word, for the sounds only one
    /// word makes (see [`Bilingual::spanish_typo`]).
    sounds: HashMap<String, String>,
}

/// The key a word or phrase is stored and looked up under: folded, each word singular.
pub fn key(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(singular)
        .collect::<Vec<_>>()
        .join(" ")
}

impl Bilingual {
    fn load() -> Bilingual {
        let mut related: HashMap<String, Vec<String>> = HashMap::new();
        let mut spanish = std::collections::HashSet::new();
        // Spanish words English also uses for the same thing ("sofá": sofa, also couch).
        let mut shared = std::collections::HashSet::new();
        let mut link = |a: &str, b: &str| {
            let (a, b) = (key(a), key(b));
            if a.is_empty() || b.is_empty() || a == b {
                return;
            }
            let list = related.entry(a).or_default();
            if !list.contains(&b) {
                list.push(b);
            }
        };
        let mut english: HashMap<String, Vec<String>> = HashMap::new();
        for line in ES_EN.lines().filter(|l| !l.starts_with('#')) {
            if let Some((es, en)) = line.split_once('\t') {
                let list = english.entry(key(es)).or_default();
                if !list.contains(&key(en)) {
                    list.push(key(en));
                }
                if key(es) != key(en) {
                    spanish.insert(key(es));
                } else {
                    shared.insert(key(es));
                }
                link(es, en);
                link(en, es);
            }
        }
        let mut products = std::collections::HashSet::new();
        let groups = |text: &'static str| text.lines().filter(|l| !l.starts_with('#'));
        for (line, names) in groups(EN_SYNONYMS)
            .map(|l| (l, true))
            .chain(groups(EN_ATTRIBUTES).map(|l| (l, false)))
        {
            let group: Vec<&str> = line.split('\t').filter(|w| !w.trim().is_empty()).collect();
            if names {
                products.extend(group.iter().map(|w| key(w)));
            }
            for a in &group {
                for b in &group {
                    link(a, b);
                }
            }
        }
        spanish.retain(|word| !shared.contains(word));
        let longest = related
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        let mut by_sound: HashMap<String, Vec<&String>> = HashMap::new();
        for w in spanish.iter().filter(|w| !w.contains(' ') && w.len() >= 4) {
            by_sound.entry(sound(w)).or_default().push(w);
        }
        // (Only a sound that one word makes.)
        let sounds = by_sound
            .into_iter()
            .filter(|(_, words)| words.len() == 1)
            .map(|(k, words)| (k, words[0].clone()))
            .collect();
        Bilingual {
            related,
            english,
            spanish,
            products,
            longest,
            sounds,
        }
    }

    /// The shared vocabulary, loaded on first use.
    pub fn get() -> &'static Bilingual {
        static LOADED: OnceLock<Bilingual> = OnceLock::new();
        LOADED.get_or_init(Bilingual::load)
    }

    /// Whether a word or phrase (a `key`) names a product some shop sells: a word of the
    /// English synonym groups, or a Spanish one that translates to one ("paraguas").
    pub fn names_a_product(&self, key: &str) -> bool {
        self.products.contains(key)
            || (self.spanish.contains(key)
                && self.english(key).iter().any(|e| self.products.contains(e)))
    }

    /// The Spanish word (a `key`) a word misspelt as it sounds stands for ("botaz": "bota",
    /// "sapatos": "zapato", "vufanda": "bufanda"): one spelt differently that sounds the same,
    /// letters that Spanish speakers confuse (s/z/c, b/v, ll/y, a silent h, k/qu/c).
    pub fn spanish_typo(&self, word: &str) -> Option<&str> {
        let heard = sound(word);
        let found = self
            .sounds
            .get(&heard)
            .or_else(|| self.sounds.get(singular(&heard)))?;
        (found != word && found != singular(word)).then_some(found.as_str())
    }

    /// What a word or phrase (already a `key`) may be called instead.
    pub fn related(&self, key: &str) -> &[String] {
        self.related.get(key).map_or(&[], Vec::as_slice)
    }

    /// The English translations of a Spanish word or phrase (a `key`).
    pub fn english(&self, key: &str) -> &[String] {
        self.english.get(key).map_or(&[], Vec::as_slice)
    }

    /// True for a Spanish word (a `key`) that English writes differently.
    pub fn is_spanish(&self, key: &str) -> bool {
        self.spanish.contains(key)
    }

    /// Entries (words and phrases) in the vocabulary.
    pub fn len(&self) -> usize {
        self.related.len()
    }

    pub fn is_empty(&self) -> bool {
        self.related.is_empty()
    }
}

/// How a Spanish word sounds, for finding it misspelt: the letters Spanish speakers write
/// for one sound made one ("z", "ce", "ci" → "s"; "v" → "b"; "ll" → "y"; "qu", "c" → "k"; no
/// "h" but in "ch").
fn sound(word: &str) -> String {
    let chars: Vec<char> = word.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        match (c, next) {
            ('c', Some('h')) => {
                out.push('x');
                i += 2;
                continue;
            }
            ('q', Some('u')) => {
                out.push('k');
                i += 2;
                continue;
            }
            ('l', Some('l')) => {
                out.push('y');
                i += 2;
                continue;
            }
            ('c', Some('e' | 'i')) | ('z', _) => out.push('s'),
            ('c', _) => out.push('k'),
            ('v', _) => out.push('b'),
            ('h', _) => {}
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_and_english_words_lead_to_each_other_in_singular_folded_form() {
        let b = Bilingual::get();
        assert!(b.len() > 3000, "{} entries", b.len());
        assert!(b.related("collar").iter().any(|w| w == "necklace"));
        assert!(b.related("necklace").iter().any(|w| w == "collar"));
        assert!(b.related(&key("Pendientes")).iter().any(|w| w == "earring"));
        // A fig tree's leaves are fig leaves (a candle's scent).
        assert!(b
            .english(&key("hojas de higuera"))
            .iter()
            .any(|w| w == "fig leaf"));
        // A salon alone is a room (or a hair salon), not a court shoe.
        assert!(!b.related("salon").iter().any(|w| w == "court shoe"));
        assert!(b
            .english(&key("zapato de salón"))
            .iter()
            .any(|w| w == "court shoe"));
        assert!(b
            .related(&key("auriculares"))
            .iter()
            .any(|w| w.contains("headphone")));
    }
}
