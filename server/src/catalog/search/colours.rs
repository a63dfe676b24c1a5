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

#[cfg(test)]
mod tests {
    use super::shades;

    #[test]
    fn a_plain_colour_has_shades_and_a_shade_has_none() {
        assert!(shades("yellow").contains(&"mustard"));
        assert!(shades("rojo").contains(&"burgundy"));
        assert!(shades("navy").is_empty());
        assert!(shades("mustard").is_empty());
    }
}
