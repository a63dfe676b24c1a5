//! Retail categories ("jewelry", "makeup", "footwear") and the kinds of product they are made
//! of (`data/lexicon/retail-en-categories.tsv`): a shopper who asks for the category is shown
//! the shop's products of those kinds, not a product whose name merely contains the word.

use std::collections::HashMap;
use std::sync::OnceLock;

use super::bilingual::key;

const CATEGORIES: &str = include_str!("../../data/lexicon/retail-en-categories.tsv");

fn table() -> &'static HashMap<String, Vec<String>> {
    static TABLE: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: HashMap<String, Vec<String>> = HashMap::new();
        for line in CATEGORIES.lines().filter(|l| !l.starts_with('#')) {
            let mut fields = line.split('\t').map(key).filter(|f| !f.is_empty());
            let Some(category) = fields.next() else {
                continue;
            };
            let kinds = table.entry(category).or_default();
            for kind in fields {
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
        }
        table
    })
}

/// The kinds a category (a bilingual `key`) is made of; empty for anything else.
pub fn kinds(category: &str) -> &'static [String] {
    table().get(category).map_or(&[], Vec::as_slice)
}

/// True when a product type (a `key`) is of the kind (a `key`): "stud earring" is an earring,
/// "jewelry box" no jewelry.
pub fn is_of_kind(type_key: &str, kind: &str) -> bool {
    type_key == kind
        || type_key
            .strip_suffix(kind)
            .is_some_and(|head| head.ends_with(' '))
}

/// True when a product type, as the catalog spells it ("Running Shoes"), is of one of `kinds`
/// (bilingual `key`s).
pub fn is_of_any(product_type: &str, kinds: &[String]) -> bool {
    let type_key = key(product_type);
    kinds.iter().any(|k| is_of_kind(&type_key, k))
}

/// The kinds of every category all of `types` (bilingual `key`s) are of, narrowest first:
/// coats are outerwear and clothing, so jackets are of their family before hoodies are.
pub fn families_of(types: &[String]) -> Vec<&'static [String]> {
    if types.is_empty() {
        return Vec::new();
    }
    let mut families: Vec<&'static [String]> = table()
        .values()
        .filter(|kinds| types.iter().all(|t| kinds.iter().any(|k| is_of_kind(t, k))))
        .map(Vec::as_slice)
        .collect();
    // (Several names of one category, "clothing" and "apparel", are one family.)
    families.sort_by(|a, b| a.len().cmp(&b.len()).then_with(|| a.cmp(b)));
    families.dedup();
    families
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_category_lists_its_kinds_in_key_form() {
        assert!(kinds("jewelry").contains(&"earring".to_owned()));
        assert!(kinds(&key("toys")).contains(&"doll".to_owned()));
        assert!(kinds("ring").is_empty());
    }

    #[test]
    fn families_come_narrowest_first() {
        let families = families_of(&["coat".to_owned()]);
        assert!(families[0].contains(&"jacket".to_owned()));
        assert!(!families[0].contains(&"hoodie".to_owned()));
        assert!(families[1].contains(&"hoodie".to_owned()));
        assert!(families.iter().all(|f| !f.contains(&"sock".to_owned())));
        let families = families_of(&["running shoe".to_owned(), "sandal".to_owned()]);
        assert!(families[0].contains(&"boot".to_owned()));
        assert!(families_of(&["candle".to_owned(), "running shoe".to_owned()]).is_empty());
        assert!(families_of(&[]).is_empty());
    }

    #[test]
    fn a_type_is_of_the_kind_its_last_words_name() {
        assert!(is_of_kind("stud earring", "earring"));
        assert!(is_of_kind("ring", "ring"));
        assert!(!is_of_kind("jewelry box", "jewelry"));
        assert!(!is_of_kind("earring", "ring"));
        assert!(is_of_kind("camp sleeping bag", "sleeping bag"));
    }
}
