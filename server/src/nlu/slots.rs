//! Slot filling: what product, which colour and size, for whom, which attribute a question is
//! about, whether cheap is wanted. Follow-up refinements live in `refinement.rs`, budgets in
//! `budget.rs`, order numbers and emails in `ids.rs`.

use super::catalog_words::{self, Recipient, PRONOUN_RECIPIENTS};
use super::cues::Found;
use super::lexicon::Cue;
use super::normalize::singular;
use crate::locale::Locale;

/// What a product question asks about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attribute {
    Size,
    Material,
    Price,
    Stock,
    Colour,
    Care,
}

#[rustfmt::skip]
pub(super) const CHEAP: &[&str] = &[
    "cheap",
    "economical",
    "cheapest",
    "inexpensive",
    "affordable",
    "low cost",
    "lowcost",
    "budget friendly",
    "not expensive",
    "barato",
    "barata",
    "baratos",
    "baratas",
    "economico",
    "economica",
    "economicos",
    "economicas",
    "asequible",
    "asequibles",
    "low price",
    "buen precio",
    "precio bajo",
];
/// ("taya": "talla" as said and dictated where ll and y sound alike.)
pub(super) const SIZE_CUES: &[&str] = &[
    "size", "talla", "sz", "tallas", "sizes", "talle", "talles", "taya",
];
const LETTER_SIZES: &[&str] = &[
    "xxs", "xs", "xl", "xxl", "xxxl", "2xl", "3xl", "4xl", "xsmall", "xlarge", "xxlarge",
];
#[rustfmt::skip]
const SIZE_WORDS: &[(&str, &str)] = &[
    ("small", "S"), ("medium", "M"), ("large", "L"), ("pequena", "S"), ("pequeno", "S"),
    ("chica", "S"), ("mediana", "M"), ("mediano", "M"), ("grande", "L"),
];

/// Every word the slot readers rely on, so typo correction leaves them alone.
pub fn words() -> impl Iterator<Item = &'static str> {
    [CHEAP, SIZE_CUES, LETTER_SIZES]
        .into_iter()
        .flatten()
        .flat_map(|p| p.split(' '))
        .chain(SIZE_WORDS.iter().map(|(w, _)| *w))
        .chain(super::refinement::words())
}

/// Position and length of the first phrase found anywhere in the tokens.
pub fn find_phrase(tokens: &[String], phrases: &[&str]) -> Option<(usize, usize)> {
    (0..tokens.len()).find_map(|i| {
        phrases
            .iter()
            .filter(|p| {
                p.split(' ')
                    .enumerate()
                    .all(|(k, w)| tokens.get(i + k).is_some_and(|t| t == w))
            })
            .map(|p| (i, p.split(' ').count()))
            .max_by_key(|(_, len)| *len)
    })
}

/// The product words of a message.
#[derive(Debug, Default)]
pub struct Terms {
    /// Catalog vocabulary, deduplicated, in order of mention.
    pub terms: Vec<String>,
    /// Unknown content words.
    pub free: Vec<String>,
    /// How many product nouns ("hoodie") were named.
    pub nouns: usize,
}

/// Catalog terms of the product nouns and qualifiers, and the unknown content words.
pub fn product_terms(tokens: &[String], known: impl Fn(&str) -> bool) -> Terms {
    let mut terms: Vec<String> = Vec::new();
    let mut free: Vec<String> = Vec::new();
    let mut nouns = 0;
    let push = |list: &mut Vec<String>, t: &str| {
        if !list.iter().any(|x| x == t) {
            list.push(t.to_owned());
        }
    };
    for (i, token) in tokens.iter().enumerate() {
        // "t shirt" written apart.
        let word = if token == "shirt" && i > 0 && tokens[i - 1] == "t" {
            "tshirt"
        } else {
            token.as_str()
        };
        if let Some(found) = catalog_words::product_terms(word) {
            nouns += 1;
            found.iter().for_each(|t| push(&mut terms, t));
        } else if let Some(found) = catalog_words::qualifier_terms(word) {
            found.iter().for_each(|t| push(&mut terms, t));
        } else if word.len() >= 3 && word.chars().all(char::is_alphabetic) && !known(word) {
            push(&mut free, singular(word));
        }
    }
    Terms { terms, free, nouns }
}

/// Words that turn the colour after them into one the shopper does not want: "any colour but
/// black", "not in red", "que no sea negra", "cualquiera menos el azul".
const NOT_THIS_COLOUR: &[&str] = &[
    "but", "except", "not", "no", "without", "sin", "excepto", "menos", "salvo", "nada",
];

/// The canonical colour named. "Tan" is also Spanish for "so", so it counts only in English.
/// A colour ruled out ("but black", "que no sea negra") is not one to search for.
pub fn colour(tokens: &[String], language: Locale) -> Option<String> {
    let ruled_out = |i: usize| colour_word_ruled_out(tokens, i);
    let wanted: Vec<&String> = tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| (language == Locale::En || *t != "tan") && !ruled_out(*i))
        .map(|(_, t)| t)
        .collect();
    // "azul marino" is navy, not blue.
    if wanted.iter().any(|t| *t == "navy" || *t == "marino") {
        return Some("navy".to_owned());
    }
    // "Love the terracotta but… you have it in sage?": the colour asked "in" is the one
    // wanted, before any other said.
    let asked_in = tokens.iter().enumerate().find_map(|(i, t)| {
        (i > 0 && matches!(tokens[i - 1].as_str(), "in" | "en") && !ruled_out(i))
            .then(|| catalog_words::colour(t))
            .flatten()
    });
    asked_in
        .or_else(|| wanted.iter().find_map(|t| catalog_words::colour(t)))
        .map(str::to_owned)
}

/// Whether the word at `i` comes right after a word that rules it out ("but black", "no sea
/// negra").
fn colour_word_ruled_out(tokens: &[String], i: usize) -> bool {
    tokens[i.saturating_sub(3)..i]
        .iter()
        .any(|t| NOT_THIS_COLOUR.contains(&t.as_str()))
}

/// The canonical colour ruled out ("any colour but black", "que no sea negra"), when no
/// other colour is wanted in the same breath.
pub fn colour_ruled_out(tokens: &[String], language: Locale) -> Option<String> {
    tokens
        .iter()
        .enumerate()
        .filter(|(i, t)| {
            (language == Locale::En || *t != "tan") && colour_word_ruled_out(tokens, *i)
        })
        .find_map(|(_, t)| {
            // A plain colour, not a shade that is also a thing ("que no junte arena").
            const PLAIN: &[&str] = &[
                "blue", "red", "black", "white", "green", "yellow", "grey", "pink", "purple",
                "brown", "orange", "beige", "navy",
            ];
            catalog_words::colour(t).filter(|c| PLAIN.contains(c))
        })
        .map(str::to_owned)
}

/// A capital S, M or L standing alone ("k M?", "M pls"), or any of them as the whole of a
/// short message ("m?"): a size. (Not "I'm", nor a letter inside a longer lower-case text.)
pub fn letter_size_alone(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .collect();
    let letter = |w: &str| matches!(w, "S" | "M" | "L");
    match words.as_slice() {
        [only] if letter(&only.to_uppercase()) => Some(only.to_uppercase()),
        _ => words.iter().find(|w| letter(w)).map(|w| w.to_string()),
    }
}

/// A size said in words at `i`: a number ("cuarenta y uno", "ten and a half", "nine"), as
/// digits, when it comes after a size word ("talla cuarenta y uno") or, in the range of shoe
/// sizes, after "in"/"en" ("¿y en cuarenta?"); a letter by its Spanish name after a size word
/// ("talla ele").
fn spelt_size(tokens: &[String], i: usize) -> Option<String> {
    let back = |k: usize| i.checked_sub(k).map(|p| tokens[p].as_str());
    let after_cue = |at: usize| back(at).is_some_and(|p| SIZE_CUES.contains(&p));
    let article = matches!(back(1), Some("a" | "un" | "una" | "el" | "la"));
    // ("size a 42": a number in figures after the size word and an article.)
    if article && after_cue(2) && is_shoe_number(&tokens[i]) {
        return Some(tokens[i].clone());
    }
    let cued = after_cue(1) || (article && after_cue(2));
    // A letter size said by its Spanish name: "talla ele", "taya eme", "talla equis ele".
    if cued {
        let letter = |t: &str| match t {
            "ese" => Some("S"),
            "eme" => Some("M"),
            "ele" => Some("L"),
            _ => None,
        };
        if tokens[i] == "equis" {
            if let Some(l) = tokens.get(i + 1).and_then(|t| letter(t)) {
                return Some(format!("X{l}"));
            }
        }
        if let Some(l) = letter(&tokens[i]) {
            return Some(l.to_owned());
        }
    }
    let (n, used) = super::budget::spelt_size_number(&tokens[i..])?;
    let after_in =
        matches!(back(1), Some("in" | "en")) || (article && matches!(back(2), Some("in" | "en")));
    if !(cued || after_in && (20..=50).contains(&n)) || n > 60 {
        return None;
    }
    // A count of something, not a size: "en cuarenta minutos".
    let rest = &tokens[i + used..];
    if rest.first().is_some_and(|t| super::budget::is_unit(t)) {
        return None;
    }
    // "Ten and a half", "cuarenta y medio".
    let half = matches!(
        rest.iter()
            .take(3)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .as_slice(),
        ["and", "a", "half", ..] | ["y", "medio", ..] | ["y", "media", ..]
    );
    Some(if half {
        format!("{n}.5")
    } else {
        n.to_string()
    })
}

/// "size M", "talla 42", "EU 42", "in medium", "XL".
pub fn size(tokens: &[String]) -> Option<String> {
    for (i, token) in tokens.iter().enumerate() {
        let next = tokens.get(i + 1).map(String::as_str);
        let prev = i.checked_sub(1).map(|p| tokens[p].as_str());
        if let Some(spelt) = spelt_size(tokens, i) {
            return Some(spelt);
        }
        if matches!(token.as_str(), "eu" | "us" | "uk") {
            if let Some(n) = next.filter(|n| is_shoe_number(n)) {
                return Some(format!("{} {n}", token.to_uppercase()));
            }
        }
        if LETTER_SIZES.contains(&token.as_str()) {
            return Some(letter_size(token));
        }
        // "does it come in a 38?", "¿la hay en un 40?": a shoe or waist number after "in a".
        let before = i.checked_sub(2).map(|p| tokens[p].as_str());
        if matches!(before, Some("in" | "en"))
            && matches!(prev, Some("a" | "an" | "un" | "una" | "el" | "la"))
            && token
                .parse::<f32>()
                .is_ok_and(|n| (20.0..=50.0).contains(&n))
        {
            return Some(token.clone());
        }
        // "have them in 42?", "¿en 38?": a shoe number right after "in", unless it counts time
        // ("in 30 days").
        let counts_time = next.is_some_and(|n| {
            matches!(
                n,
                "day"
                    | "days"
                    | "dia"
                    | "dias"
                    | "hour"
                    | "hours"
                    | "hora"
                    | "horas"
                    | "week"
                    | "weeks"
                    | "semana"
                    | "semanas"
                    | "month"
                    | "months"
                    | "mes"
                    | "meses"
                    | "minute"
                    | "minutes"
                    | "min"
                    | "minutos"
                    | "year"
                    | "years"
                    | "ano"
                    | "anos"
            )
        });
        if matches!(prev, Some("in" | "en")) && is_shoe_number(token) && !counts_time {
            return Some(token.clone());
        }
        // "extra large", "extra grande" after the cue.
        let extra = prev == Some("extra") && SIZE_WORDS.iter().any(|(w, _)| w == token);
        let cue_at = if extra {
            i.checked_sub(2)
        } else {
            i.checked_sub(1)
        };
        let cue = cue_at.map(|c| tokens[c].as_str());
        // "in a medium?", "can I get it in a small, please": a size word after "in a" that
        // ends the request (not "in a small flat").
        let in_a = matches!(before, Some("in" | "en"))
            && matches!(prev, Some("a" | "an" | "un" | "una"))
            && next.is_none_or(|n| {
                matches!(
                    n,
                    "please"
                        | "pls"
                        | "plz"
                        | "then"
                        | "size"
                        | "and"
                        | "also"
                        | "for"
                        | "too"
                        | "or"
                        | "porfa"
                        | "por"
                        | "talla"
                        | "y"
                        | "o"
                        | "tambien"
                        | "thanks"
                )
            });
        if !in_a && !cue.is_some_and(|p| SIZE_CUES.contains(&p) || matches!(p, "in" | "en")) {
            continue;
        }
        if extra {
            let code = SIZE_WORDS
                .iter()
                .find(|(w, _)| w == token)
                .map_or("L", |(_, c)| *c);
            return Some(format!("X{code}"));
        }
        if matches!(token.as_str(), "s" | "m" | "l") {
            return Some(token.to_uppercase());
        }
        if let Some((_, code)) = SIZE_WORDS.iter().find(|(w, _)| w == token) {
            return Some((*code).to_owned());
        }
        if prev.is_some_and(|p| SIZE_CUES.contains(&p)) && is_shoe_number(token) {
            return Some(token.clone());
        }
    }
    None
}

fn letter_size(token: &str) -> String {
    match token {
        "xsmall" => "XS".to_owned(),
        "xlarge" => "XL".to_owned(),
        "xxlarge" | "2xl" => "XXL".to_owned(),
        "3xl" => "XXXL".to_owned(),
        other => other.to_uppercase(),
    }
}

fn is_shoe_number(token: &str) -> bool {
    token
        .parse::<f32>()
        .is_ok_and(|n| (1.0..=60.0).contains(&n))
        && token.len() <= 4
}

/// Whether the message says someone feels the cold: "she's always cold", "he gets cold",
/// "siempre tiene frío", "le da frío", "es muy friolera". Not the weather or a product ("cold
/// brew", "for cold weather", "hace frío").
pub fn feels_cold(words: &[String]) -> bool {
    words.iter().enumerate().any(|(i, w)| {
        let prev = i.checked_sub(1).map_or("", |p| words[p].as_str());
        match w.as_str() {
            "cold" => matches!(
                prev,
                "always"
                    | "gets"
                    | "get"
                    | "feels"
                    | "feel"
                    | "is"
                    | "s"
                    | "so"
                    | "freezing"
                    | "easily"
                    | "often"
            ),
            "frio" => {
                matches!(
                    prev,
                    "tiene" | "tienen" | "pasa" | "siente" | "siento" | "sentido" | "da" | "mucho"
                ) && words.get(i.wrapping_sub(2)).is_none_or(|w| w != "hace")
            }
            "friolera" | "friolero" | "friolenta" | "friolento" => true,
            _ => false,
        }
    })
}

/// Who the product is for: "for my dad", "para mi madre", "for her", "niños", "men's".
pub fn recipient(tokens: &[String]) -> Option<Recipient> {
    named_recipient(tokens).or_else(|| child_by_age(tokens))
}

/// A child's age ("my 7 year old", "para mi sobrino de 5 años"): under 13, a kid.
fn child_by_age(tokens: &[String]) -> Option<Recipient> {
    age(tokens).filter(|a| *a < 13).map(|_| Recipient::Kids)
}

/// The age in years of whom the product is for, when the message says it as an age: "my 7
/// year old", "a 6 month old" (0), "who turns 6", "de 5 años", "tiene 10 años", "cumple 8",
/// or as a word ("my toddler" is 2, "a teenager" 15).
/// Never beside a warranty ("a 2 year warranty", "garantía de 2 años").
pub fn age(tokens: &[String]) -> Option<u8> {
    const YEARS: &[&str] = &["year", "years", "yr", "yrs"];
    const ANOS: &[&str] = &["ano", "anos", "anito", "anitos"];
    const MONTHS: &[&str] = &["month", "months", "mes", "meses"];
    if tokens
        .iter()
        .any(|t| matches!(t.as_str(), "warranty" | "guarantee" | "garantia"))
    {
        return None;
    }
    let t = |i: usize| tokens.get(i).map_or("", String::as_str);
    // Words that say an age: a toddler is about two, a teenager about fifteen.
    let by_word = tokens.iter().find_map(|w| match w.as_str() {
        "toddler" | "toddlers" => Some(2),
        "teen" | "teens" | "teenager" | "teenagers" | "teenage" | "adolescente"
        | "adolescentes" => Some(15),
        _ => None,
    });
    let by_number = tokens.iter().enumerate().find_map(|(i, token)| {
        let n = token.parse::<u8>().ok().filter(|n| *n < 100)?;
        let prev = t(i.wrapping_sub(1));
        let (next, after) = (t(i + 1), t(i + 2));
        let years_old = YEARS.contains(&next) && after == "old";
        let spanish = ANOS.contains(&next)
            && matches!(
                prev,
                "de" | "tiene" | "cumple" | "cumplio" | "cumplira" | "cumplir"
            );
        let turns = matches!(prev, "turns" | "turning" | "turned" | "cumple" | "cumplira")
            && !ANOS.contains(&next)
            && !MONTHS.contains(&next);
        let months_old = MONTHS.contains(&next) && (after == "old" || prev == "de");
        if years_old || spanish || turns {
            Some(n)
        } else if months_old {
            Some(0)
        } else {
            None
        }
    });
    by_number.or(by_word)
}

/// The message after a term of address it opens with ("Ay hijo, el sol…", "Buenas tardes,
/// mijito.", "Disculpe señorita usted sabrá…"): whom the shopper speaks to is no one a product
/// is for. The term counts when a greeting or an interjection comes before it or a comma or a
/// full stop right after it ("Mi hijo necesita…" speaks of the son). `None` when the message
/// opens with none.
pub fn after_address(text: &str) -> Option<&str> {
    #[rustfmt::skip]
    const OPENERS: &[&str] = &[
        "hola", "buenas", "buenos", "buen", "dia", "dias", "tardes", "noches", "ay", "oye", "oiga",
        "mira", "disculpe", "disculpa", "perdone", "perdon", "hi", "hello", "hey", "oh", "good",
        "morning", "afternoon", "evening", "excuse", "me", "thanks", "gracias", "bueno", "pues",
    ];
    #[rustfmt::skip]
    const ADDRESS: &[&str] = &[
        "hijo", "hija", "mijo", "mija", "mijito", "mijita", "nino", "nina", "amor", "carino",
        "corazon", "mamita", "mami", "papito", "papi", "caserito", "caserita", "reina", "cielo",
        "senorita", "senora", "senor", "joven", "chamo", "chama", "hermano", "hermana", "dear",
        "love", "honey", "hun", "son", "sweetie", "darling", "mate", "buddy", "sir", "madam",
        "miss", "lady",
    ];
    // The words with where each ends.
    let mut spans: Vec<(String, usize)> = Vec::new();
    let mut start = None;
    for (at, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(at),
            (false, Some(from)) => {
                spans.push((crate::text::fold(&text[from..at]), at));
                start = None;
            }
            _ => {}
        }
        if spans.len() > 8 {
            break;
        }
    }
    let openers = spans
        .iter()
        .take_while(|(w, _)| OPENERS.contains(&w.as_str()))
        .count();
    /// Family words that, after "my", are more often who is spoken of ("Hola, mi hijo
    /// necesita…") than whom the shopper speaks to: an address only before a stop.
    const FAMILY: &[&str] = &["hijo", "hija", "son", "hermano", "hermana"];
    let mut at = openers;
    let owned = spans.get(at).is_some_and(|(w, _)| w == "mi" || w == "my");
    if owned {
        at += 1;
    }
    let (word, end) = spans.get(at)?;
    if !ADDRESS.contains(&word.as_str()) {
        return None;
    }
    let rest = &text[*end..];
    let stopped = rest.trim_start().starts_with([',', '.', '!', ';', ':']);
    let greeted = openers > 0 && !(owned && FAMILY.contains(&word.as_str()));
    (greeted || stopped).then_some(rest)
}

fn named_recipient(tokens: &[String]) -> Option<Recipient> {
    // Whom it is for, said of the product ("los Pico Swift de hombre", "for a man", "para mi
    // hijo"), before anyone else the story names ("mi hija me enseñó aquí unos tenis").
    let said_for = tokens.iter().enumerate().find_map(|(i, t)| {
        let before = |back: usize| i.checked_sub(back).map_or("", |b| tokens[b].as_str());
        let of_it = matches!(before(1), "for" | "para" | "de" | "of")
            || (matches!(before(2), "for" | "para")
                && matches!(before(1), "a" | "an" | "un" | "una" | "my" | "mi" | "mis"));
        (of_it && !PRONOUN_RECIPIENTS.contains(&t.as_str()))
            .then(|| catalog_words::recipient(t))
            .flatten()
    });
    said_for.or_else(|| {
        tokens.iter().enumerate().find_map(|(i, t)| {
            let after_for = i > 0 && matches!(tokens[i - 1].as_str(), "for" | "para");
            if PRONOUN_RECIPIENTS.contains(&t.as_str()) {
                // "para él" only at the end: "para el trabajo" is "for the work".
                let end_ok = t != "el" || i + 1 == tokens.len();
                return (after_for && end_ok)
                    .then(|| catalog_words::recipient(t))
                    .flatten();
            }
            // Someone the shopper is with is company, not whom it is for: "video calls with my
            // son", "salgo a correr con mi marido".
            let with = |b: usize| matches!(tokens[b].as_str(), "with" | "con");
            let possessive = |b: usize| {
                matches!(
                    tokens[b].as_str(),
                    "my" | "our"
                        | "his"
                        | "her"
                        | "mi"
                        | "mis"
                        | "su"
                        | "sus"
                        | "nuestro"
                        | "nuestra"
                )
            };
            let company = (i > 0 && with(i - 1)) || (i > 1 && possessive(i - 1) && with(i - 2));
            if company {
                return None;
            }
            catalog_words::recipient(t)
        })
    })
}

/// The attribute a product question is about, first mentioned first; a size said after a
/// "does it come in" asks for sizes ("does it come in a size for a 10 year old?").
pub fn attribute(found: &Found, tokens: &[String]) -> Option<Attribute> {
    let comes_in = |h: &&crate::nlu::cues::Hit| {
        h.cue == Cue::AttrColour
            && tokens.get(h.start..h.end).is_some_and(
                |w| matches!(w, [a, b] if matches!(a.as_str(), "come" | "comes") && b == "in"),
            )
    };
    let colours: Vec<_> = found
        .hits
        .iter()
        .filter(|h| h.cue == Cue::AttrColour)
        .collect();
    if !colours.is_empty()
        && colours.iter().all(comes_in)
        && found
            .hits
            .iter()
            .any(|s| s.cue == Cue::AttrSize && colours.iter().all(|c| s.start > c.start))
    {
        return Some(Attribute::Size);
    }
    found.hits.iter().find_map(|h| match h.cue {
        Cue::AttrSize => Some(Attribute::Size),
        Cue::AttrMaterial => Some(Attribute::Material),
        Cue::AttrPrice => Some(Attribute::Price),
        Cue::AttrStock => Some(Attribute::Stock),
        Cue::AttrColour => Some(Attribute::Colour),
        Cue::AttrCare => Some(Attribute::Care),
        _ => None,
    })
}

/// Whether the shopper asks for cheap things ("barato", "affordable"); "más barato" is a
/// refinement, not this.
pub fn cheap(tokens: &[String]) -> bool {
    find_phrase(tokens, CHEAP)
        .is_some_and(|(i, _)| i == 0 || !matches!(tokens[i - 1].as_str(), "more" | "mas"))
}
