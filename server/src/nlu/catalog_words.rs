//! Shopping vocabulary: product words, colours and recipients in English and Spanish, each
//! mapped to the catalog's own English words (singular), which is what search indexes.

/// Product words (folded, singular) → catalog terms. Spanish and colloquial English land on
/// the same English words; several terms widen a search ("beanie" is also a "hat").
#[rustfmt::skip]
pub const PRODUCTS: &[(&str, &[&str])] = &[
    // English, and synonyms shoppers use for the catalog's words
    ("hoodie", &["hoodie"]), ("hoody", &["hoodie"]), ("sweatshirt", &["hoodie"]),
    ("jacket", &["jacket"]), ("coat", &["coat", "jacket"]), ("parka", &["parka", "jacket"]),
    ("puffer", &["puffer", "jacket"]), ("raincoat", &["rain", "jacket"]), ("anorak", &["jacket"]),
    ("sweater", &["sweater"]), ("jumper", &["sweater"]), ("cardigan", &["sweater"]),
    ("tee", &["t-shirt", "tee"]), ("tshirt", &["t-shirt", "tee"]), ("shirt", &["shirt"]),
    ("jean", &["jeans"]), ("jeans", &["jeans"]), ("pant", &["pants"]), ("trouser", &["pants"]),
    ("dress", &["dress"]), ("shoe", &["shoe"]), ("sneaker", &["sneaker", "shoe"]),
    ("trainer", &["sneaker", "shoe"]), ("kick", &["sneaker", "shoe"]), ("runner", &["running", "shoe"]),
    ("boot", &["boot"]), ("sandal", &["sandal"]), ("flipflop", &["sandal"]), ("sock", &["sock"]),
    ("beanie", &["beanie", "hat"]), ("hat", &["hat"]), ("cap", &["cap", "hat"]),
    ("scarf", &["scarf"]), ("scarve", &["scarf"]), ("glove", &["glove"]), ("mitten", &["glove"]),
    ("backpack", &["backpack"]), ("rucksack", &["backpack"]), ("daypack", &["backpack"]),
    ("bag", &["bag"]), ("tote", &["tote", "bag"]), ("wallet", &["wallet"]), ("purse", &["wallet"]),
    ("sunglasses", &["sunglasses"]), ("shades", &["sunglasses"]), ("watch", &["watch"]),
    ("mug", &["mug"]), ("cup", &["mug"]), ("candle", &["candle"]), ("blanket", &["blanket"]),
    ("throw", &["throw", "blanket"]), ("cushion", &["cushion"]), ("pillow", &["cushion"]),
    ("lamp", &["lamp"]), ("bottle", &["bottle"]), ("mat", &["mat"]), ("notebook", &["notebook"]),
    ("journal", &["notebook"]), ("pot", &["pot"]), ("planter", &["pot"]),
    // Spanish
    ("sudadera", &["hoodie"]), ("capucha", &["hoodie"]), ("chaqueta", &["jacket"]),
    ("chamarra", &["jacket"]), ("cazadora", &["jacket"]), ("campera", &["jacket"]),
    ("abrigo", &["coat", "jacket"]), ("plumifero", &["puffer", "jacket"]),
    ("chubasquero", &["rain", "jacket"]), ("sueter", &["sweater"]), ("jersey", &["sweater"]),
    ("camiseta", &["t-shirt", "tee"]), ("playera", &["t-shirt", "tee"]), ("remera", &["t-shirt", "tee"]),
    ("polera", &["t-shirt", "tee"]), ("vaqueros", &["jeans"]), ("tejano", &["jeans"]),
    ("pantalon", &["pants"]), ("vestido", &["dress"]), ("zapato", &["shoe"]),
    ("zapatilla", &["sneaker", "shoe"]), ("tenis", &["sneaker", "shoe"]), ("deportiva", &["sneaker", "shoe"]),
    ("bota", &["boot"]), ("sandalia", &["sandal"]), ("chancla", &["sandal"]), ("calcetin", &["sock"]),
    ("gorro", &["beanie", "hat"]), ("sombrero", &["hat"]), ("gorra", &["cap", "hat"]),
    ("bufanda", &["scarf"]), ("guante", &["glove"]), ("mochila", &["backpack"]), ("bolso", &["bag"]),
    ("bolsa", &["bag"]), ("cartera", &["wallet"]), ("billetera", &["wallet"]), ("gafas", &["sunglasses"]),
    ("reloj", &["watch"]), ("taza", &["mug"]), ("vela", &["candle"]),
    ("manta", &["blanket"]), ("cojin", &["cushion"]), ("lampara", &["lamp"]), ("botella", &["bottle"]),
    ("esterilla", &["mat"]), ("libreta", &["notebook"]), ("cuaderno", &["notebook"]), ("maceta", &["pot"]),
];

/// Qualifiers the catalog tags products with (activity, season, material, use): they narrow a
/// search but, unlike a product noun, say little about whether the shopper is shopping.
#[rustfmt::skip]
pub const QUALIFIERS: &[(&str, &[&str])] = &[
    ("running", &["running"]), ("jogging", &["running"]), ("hiking", &["hiking"]),
    ("trail", &["trail"]), ("winter", &["winter"]), ("summer", &["summer"]), ("warm", &["warm"]),
    ("rain", &["rain"]), ("cotton", &["cotton"]), ("wool", &["wool"]), ("merino", &["merino"]),
    ("leather", &["leather"]), ("linen", &["linen"]), ("fleece", &["fleece"]), ("denim", &["denim"]),
    ("down", &["down"]), ("casual", &["casual"]), ("office", &["office"]), ("travel", &["travel"]),
    ("gym", &["gym"]), ("yoga", &["yoga"]), ("kitchen", &["kitchen"]), ("coffee", &["coffee"]),
    ("home", &["home"]), ("beach", &["beach"]), ("camping", &["camping"]), ("laptop", &["laptop"]),
    ("correr", &["running"]), ("running", &["running"]), ("senderismo", &["hiking"]),
    ("montana", &["hiking"]), ("trekking", &["hiking"]), ("invierno", &["winter"]), ("verano", &["summer"]),
    ("calido", &["warm"]), ("calida", &["warm"]), ("calentito", &["warm"]), ("abrigado", &["warm"]),
    ("lluvia", &["rain"]), ("algodon", &["cotton"]), ("lana", &["wool"]), ("cuero", &["leather"]),
    ("piel", &["leather"]), ("lino", &["linen"]), ("plumon", &["down"]), ("polar", &["fleece"]),
    ("vaquera", &["denim"]), ("vaquero", &["denim"]), ("oficina", &["office"]), ("viaje", &["travel"]),
    ("gimnasio", &["gym"]), ("cocina", &["kitchen"]), ("cafe", &["coffee"]), ("hogar", &["home"]),
    ("playa", &["beach"]),
];

/// Colour words (folded; Spanish in masculine and feminine) → canonical English colour.
#[rustfmt::skip]
pub const COLOURS: &[(&str, &str)] = &[
    ("blue", "blue"), ("red", "red"), ("black", "black"), ("white", "white"), ("green", "green"),
    ("yellow", "yellow"), ("grey", "grey"), ("gray", "grey"), ("pink", "pink"), ("purple", "purple"),
    ("brown", "brown"), ("orange", "orange"), ("beige", "beige"), ("cream", "cream"), ("gold", "gold"),
    ("silver", "silver"), ("navy", "navy"), ("olive", "olive"), ("burgundy", "burgundy"),
    ("khaki", "khaki"), ("teal", "teal"), ("coral", "coral"), ("lavender", "lavender"),
    ("charcoal", "charcoal"), ("indigo", "indigo"), ("tan", "tan"), ("camel", "camel"),
    ("sand", "sand"), ("sage", "sage"), ("terracotta", "terracotta"), ("mustard", "mustard"),
    ("rust", "rust"), ("turquoise", "turquoise"), ("lilac", "purple"), ("violet", "purple"),
    ("azul", "blue"), ("rojo", "red"), ("roja", "red"), ("negro", "black"), ("negra", "black"),
    ("blanco", "white"), ("blanca", "white"), ("verde", "green"), ("amarillo", "yellow"),
    ("amarilla", "yellow"), ("gris", "grey"), ("rosa", "pink"), ("rosado", "pink"), ("rosada", "pink"),
    ("morado", "purple"), ("morada", "purple"), ("violeta", "purple"), ("lila", "purple"),
    ("marron", "brown"), ("naranja", "orange"), ("crema", "cream"), ("dorado", "gold"),
    ("dorada", "gold"), ("plateado", "silver"), ("plateada", "silver"), ("marino", "navy"),
    ("oliva", "olive"), ("burdeos", "burgundy"), ("granate", "burgundy"), ("caqui", "khaki"),
    ("lavanda", "lavender"), ("arena", "sand"), ("mostaza", "mustard"), ("turquesa", "turquoise"),
];

/// Who a product is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recipient {
    Men,
    Women,
    Kids,
    Unisex,
}

/// Words naming a person (folded, singular) → the catalog's audience. "son"/"daughter" and
/// their Spanish forms count as kids: in a shop it is the likelier reading.
#[rustfmt::skip]
pub const RECIPIENTS: &[(&str, Recipient)] = &[
    ("men", Recipient::Men), ("man", Recipient::Men), ("mens", Recipient::Men), ("male", Recipient::Men),
    ("dad", Recipient::Men), ("father", Recipient::Men), ("husband", Recipient::Men),
    ("boyfriend", Recipient::Men), ("brother", Recipient::Men), ("grandpa", Recipient::Men),
    ("grandfather", Recipient::Men), ("uncle", Recipient::Men), ("guy", Recipient::Men),
    ("him", Recipient::Men), ("hombre", Recipient::Men), ("caballero", Recipient::Men),
    ("padre", Recipient::Men), ("papa", Recipient::Men), ("marido", Recipient::Men),
    ("esposo", Recipient::Men), ("novio", Recipient::Men), ("hermano", Recipient::Men),
    ("abuelo", Recipient::Men), ("tio", Recipient::Men), ("el", Recipient::Men),
    ("women", Recipient::Women), ("woman", Recipient::Women), ("womens", Recipient::Women),
    ("female", Recipient::Women), ("lady", Recipient::Women), ("ladie", Recipient::Women),
    ("mom", Recipient::Women), ("mum", Recipient::Women), ("mother", Recipient::Women),
    ("wife", Recipient::Women), ("girlfriend", Recipient::Women), ("sister", Recipient::Women),
    ("grandma", Recipient::Women), ("grandmother", Recipient::Women), ("aunt", Recipient::Women),
    ("her", Recipient::Women), ("mujer", Recipient::Women), ("dama", Recipient::Women),
    ("senora", Recipient::Women), ("madre", Recipient::Women), ("mama", Recipient::Women),
    ("esposa", Recipient::Women), ("novia", Recipient::Women), ("hermana", Recipient::Women),
    ("abuela", Recipient::Women), ("tia", Recipient::Women), ("ella", Recipient::Women),
    ("kid", Recipient::Kids), ("kids", Recipient::Kids), ("child", Recipient::Kids),
    ("children", Recipient::Kids), ("baby", Recipient::Kids), ("toddler", Recipient::Kids),
    ("boy", Recipient::Kids), ("girl", Recipient::Kids), ("son", Recipient::Kids),
    ("daughter", Recipient::Kids), ("nephew", Recipient::Kids), ("niece", Recipient::Kids),
    ("grandson", Recipient::Kids), ("granddaughter", Recipient::Kids), ("nino", Recipient::Kids),
    ("nina", Recipient::Kids), ("hijo", Recipient::Kids), ("hija", Recipient::Kids),
    ("bebe", Recipient::Kids), ("sobrino", Recipient::Kids), ("sobrina", Recipient::Kids),
    ("nieto", Recipient::Kids), ("nieta", Recipient::Kids), ("infantil", Recipient::Kids),
    // Regional words for a child: Guatemala, Mexico, Argentina, the Andes, Honduras, Chile.
    ("patojo", Recipient::Kids), ("patoja", Recipient::Kids), ("chamaco", Recipient::Kids),
    ("chamaca", Recipient::Kids), ("pibe", Recipient::Kids), ("piba", Recipient::Kids),
    ("wawa", Recipient::Kids), ("cipote", Recipient::Kids), ("cipota", Recipient::Kids),
    ("chiquillo", Recipient::Kids), ("chiquilla", Recipient::Kids), ("crio", Recipient::Kids),
    ("cria", Recipient::Kids), ("chavito", Recipient::Kids), ("chavita", Recipient::Kids),
    ("unisex", Recipient::Unisex), ("everyone", Recipient::Unisex), ("anyone", Recipient::Unisex),
];

/// Pronouns name a recipient only after "for"/"para" ("for her", "para él").
pub const PRONOUN_RECIPIENTS: &[&str] = &["him", "her", "el", "ella", "everyone", "anyone"];

/// Catalog terms for a product noun, trying the word as written and without a plural ending.
pub fn product_terms(word: &str) -> Option<&'static [&'static str]> {
    lookup(PRODUCTS, word)
}

/// Catalog terms for a qualifier ("running", "lana").
pub fn qualifier_terms(word: &str) -> Option<&'static [&'static str]> {
    lookup(QUALIFIERS, word)
}

fn lookup(
    table: &'static [(&str, &'static [&'static str])],
    word: &str,
) -> Option<&'static [&'static str]> {
    candidates(word).find_map(|w| table.iter().find(|(k, _)| *k == w).map(|(_, t)| *t))
}

/// Canonical colour for one word.
pub fn colour(word: &str) -> Option<&'static str> {
    candidates(word).find_map(|w| COLOURS.iter().find(|(k, _)| *k == w).map(|(_, c)| *c))
}

/// Audience for one word.
pub fn recipient(word: &str) -> Option<Recipient> {
    candidates(word).find_map(|w| RECIPIENTS.iter().find(|(k, _)| *k == w).map(|(_, r)| *r))
}

/// The word, then without "s", then without "es" ("calcetines" → "calcetin", "azules" → "azul").
fn candidates(word: &str) -> impl Iterator<Item = &str> {
    let no_s = word.strip_suffix('s').filter(|b| b.len() >= 3);
    let no_es = word.strip_suffix("es").filter(|b| b.len() >= 3);
    std::iter::once(word).chain(no_s).chain(no_es)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spanish_plurals_find_their_catalog_word() {
        assert_eq!(product_terms("zapatillas"), Some(&["sneaker", "shoe"][..]));
        assert_eq!(product_terms("calcetines"), Some(&["sock"][..]));
        assert_eq!(product_terms("sudaderas"), Some(&["hoodie"][..]));
    }

    #[test]
    fn spanish_colours_in_any_gender_and_number_are_english() {
        assert_eq!(colour("azules"), Some("blue"));
        assert_eq!(colour("negras"), Some("black"));
        assert_eq!(colour("gray"), Some("grey"));
    }

    #[test]
    fn family_words_name_an_audience() {
        assert_eq!(recipient("madre"), Some(Recipient::Women));
        assert_eq!(recipient("dad"), Some(Recipient::Men));
        assert_eq!(recipient("ninos"), Some(Recipient::Kids));
    }
}
