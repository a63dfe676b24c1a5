//! Shades a shopper's plain colour word also means: someone asking for yellow is glad to
//! see mustard, and "rojo" finds burgundy. Only the plain word widens; a shade asked for by
//! name ("navy") stays exact.

/// (plain colour, its shades), in English and Spanish, as option values are written.
#[rustfmt::skip]
const FAMILIES: &[(&[&str], &[&str])] = &[
    (&["yellow", "amarillo", "amarilla"], &["mustard", "gold", "lemon", "ochre", "amber", "canary", "mostaza", "dorado", "ocre"]),
    (&["red", "rojo", "roja"], &["burgundy", "maroon", "wine", "crimson", "scarlet", "cherry", "brick", "granate", "burdeos", "vino", "carmesi"]),
    (&["blue", "azul"], &["navy", "cobalt", "royal blue", "sky", "denim", "indigo", "azure", "marino", "celeste", "cobalto"]),
    (&["green", "verde"], &["olive", "sage", "forest", "mint", "emerald", "khaki", "moss", "oliva", "menta", "esmeralda", "caqui"]),
    (&["brown", "marron", "cafe"], &["tan", "camel", "chocolate", "cognac", "mocha", "chestnut", "coffee", "walnut", "cuero", "camello"]),
    (&["grey", "gray", "gris"], &["charcoal", "heather", "slate", "ash", "graphite", "stone", "marengo", "grafito", "antracita"]),
    (&["white", "blanco", "blanca"], &["ivory", "cream", "off-white", "ecru", "snow", "marfil", "crema", "crudo"]),
    (&["black", "negro", "negra"], &["jet", "onyx", "ebony", "midnight", "ebano"]),
    (&["pink", "rosa", "rosado", "rosada"], &["rose", "blush", "fuchsia", "magenta", "salmon", "fucsia"]),
    (&["purple", "morado", "morada", "violeta"], &["lilac", "lavender", "violet", "plum", "mauve", "lila", "lavanda", "malva", "ciruela"]),
    (&["orange", "naranja"], &["rust", "coral", "terracotta", "tangerine", "apricot", "oxido", "terracota"]),
    (&["beige"], &["sand", "oat", "oatmeal", "taupe", "natural", "nude", "arena", "avena", "topo"]),
];

/// The shades of a plain colour word (already lower-cased, accents folded), or none.
pub fn shades(colour: &str) -> &'static [&'static str] {
    FAMILIES
        .iter()
        .find(|(plain, _)| plain.contains(&colour))
        .map_or(&[], |(_, shades)| shades)
}

/// The colour words (plain or shade) among `text`'s words: what a product's option values or
/// its own words say its colour is.
pub fn colours_in(text: &str) -> Vec<String> {
    crate::text::words(text)
        .into_iter()
        .filter(|w| {
            FAMILIES
                .iter()
                .any(|(plain, shades)| plain.contains(&w.as_str()) || shades.contains(&w.as_str()))
        })
        .collect()
}

/// True when `text` says the colour `asked` (a plain colour also by any of its shades).
pub fn says_colour(text: &str, asked: &str) -> bool {
    let asked = crate::text::fold(asked);
    colours_in(text)
        .iter()
        .any(|w| *w == asked || shades(&asked).contains(&w.as_str()))
}

#[cfg(test)]
mod tests {
    use super::{colours_in, says_colour, shades};

    #[test]
    fn a_text_says_a_colour_by_its_name_or_a_shade() {
        assert!(says_colour(
            "A soft lambswool scarf in a red tartan.",
            "red"
        ));
        assert!(says_colour("Burgundy knit", "red"));
        assert!(!says_colour("A red tartan scarf", "blue"));
        assert_eq!(colours_in("Default Title"), Vec::<String>::new());
        assert_eq!(colours_in("S Navy M Navy"), ["navy", "navy"]);
    }

    #[test]
    fn a_plain_colour_has_shades_and_a_shade_has_none() {
        assert!(shades("yellow").contains(&"mustard"));
        assert!(shades("rojo").contains(&"burgundy"));
        assert!(shades("navy").is_empty());
        assert!(shades("mustard").is_empty());
    }
}
