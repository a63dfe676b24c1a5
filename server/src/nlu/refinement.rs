//! How a follow-up changes the last results: "cheaper", "more expensive", "otro", "the second
//! one" / "el segundo", a new colour ("in blue") or size ("¿y en talla M?").

use super::slots::{find_phrase, CHEAP, SIZE_CUES};

/// How a follow-up changes the last results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refinement {
    Cheaper,
    MoreExpensive,
    /// "another one", "otro", "something else"
    Another,
    /// "the second one", "el segundo", "#2" (1-based)
    Ordinal(u8),
    NewColour,
    NewSize,
    /// The same kind as the last results, with what the message adds: "leather ones", "a wool
    /// one", "¿y las de lana?", "unos de cuero".
    SameKind,
}

#[rustfmt::skip]
const CHEAPER: &[&str] = &[
    "cheaper", "less expensive", "lower price", "more affordable", "too expensive", "too pricey",
    "mas barato", "mas barata", "mas baratos", "mas baratas", "mas economico", "mas economica",
    "menos caro", "menos cara", "demasiado caro", "demasiado cara", "muy caro", "muy cara",
    "cheapest", "least expensive", "lowest price",
    // The price said to be too much for the shopper: "that's too much for me", "can't afford
    // that", "out of my budget", "es mucho para mí", "no me alcanza".
    "too much for me", "thats too much", "bit steep", "too steep", "cant afford", "can not afford",
    "cannot afford", "out of my budget", "over my budget", "above my budget", "beyond my budget",
    "out of my price range", "not happy with the price", "es mucho para mi", "mucho para mi",
    "demasiado para mi", "se me va del presupuesto", "fuera de mi presupuesto",
    "se sale de mi presupuesto", "no me alcanza", "no me llega el dinero", "no me da el presupuesto",
];
#[rustfmt::skip]
const PRICIER: &[&str] = &[
    "more expensive", "pricier", "higher end", "premium", "better quality", "fancier",
    "mas caro", "mas cara", "mas caros", "mas caras", "mejor calidad", "gama alta",
    "most expensive", "priciest", "dearest",
];
#[rustfmt::skip]
const ANOTHER: &[&str] = &[
    "another", "something else", "anything else", "different", "other one", "other ones",
    "other options", "more options", "show me more", "any others", "otro", "otra", "otros", "otras",
    "algo diferente", "algo distinto", "mas opciones", "alguno mas", "alguna mas",
    "ensename mas", "muestrame mas", "quiero ver mas", "dame mas", "hay mas", "tienes mas",
    "tienen mas", "more of them", "what else", "que mas", "others", "diff", "distintos",
    "distintas", "diferentes",
];
/// Adjectives of price, for comparatives built from them: "less pricey", "not so costly",
/// "más asequible", "menos costoso", "more affordable".
const DEAR: &[&str] = &[
    "pricey",
    "expensive",
    "costly",
    "dear",
    "caro",
    "cara",
    "caros",
    "caras",
    "costoso",
    "costosa",
    "costosos",
    "costosas",
];
const LESS: &[&str] = &["less", "menos", "lower", "so", "tan"];
const MORE: &[&str] = &["more", "mas", "bit"];

/// A comparative of price: `Some(true)` cheaper, `Some(false)` dearer.
fn price_comparative(tokens: &[String]) -> Option<bool> {
    tokens.windows(2).find_map(|w| {
        let (first, second) = (w[0].as_str(), w[1].as_str());
        if LESS.contains(&first) && DEAR.contains(&second) {
            // "less pricey", "not so expensive", "no tan caro"
            Some(true)
        } else if MORE.contains(&first) && CHEAP.contains(&second) {
            Some(true)
        } else if MORE.contains(&first) && DEAR.contains(&second) {
            Some(false)
        } else {
            None
        }
    })
}

const NEW_COLOUR: &[&str] = &["colour", "color", "colours", "colors", "colores"];
#[rustfmt::skip]
const NEW_SIZE: &[&str] = &[
    "bigger", "smaller", "larger", "size up", "size down", "one size up", "mas grande", "mas pequeno",
    "mas pequena", "mas chico", "mas chica", "otra talla", "another size", "different size",
];
#[rustfmt::skip]
const ORDINALS: &[(&str, u8)] = &[
    ("first", 1), ("1st", 1), ("second", 2), ("2nd", 2), ("third", 3), ("3rd", 3), ("fourth", 4),
    ("4th", 4), ("fifth", 5), ("5th", 5), ("primero", 1), ("primera", 1), ("primer", 1),
    ("segundo", 2), ("segunda", 2), ("tercero", 3), ("tercera", 3), ("tercer", 3), ("cuarto", 4),
    ("cuarta", 4), ("quinto", 5), ("quinta", 5),
];
/// Whether the message says the person already has it ("she already has that mug", "ya lo
/// tiene", "velas tiene hartas").
fn already_has(tokens: &[String]) -> bool {
    find_phrase(
        tokens,
        &[
            "already has",
            "already have",
            "already got",
            "already owns",
            "already own",
            "has already got",
            "ya lo tiene",
            "ya la tiene",
            "ya los tiene",
            "ya las tiene",
            "ya tiene",
            "ya tengo",
            "ya lo tengo",
            "ya la tengo",
            "tiene hartas",
            "tiene hartos",
            "tiene muchas",
            "tiene muchos",
        ],
    )
    .is_some()
}

/// Every word the refinement reader relies on, so typo correction leaves them alone.
pub fn words() -> impl Iterator<Item = &'static str> {
    [
        CHEAPER, PRICIER, ANOTHER, NEW_COLOUR, NEW_SIZE, DEAR, LESS, MORE,
    ]
    .into_iter()
    .flatten()
    .flat_map(|p| p.split(' '))
    .chain(ORDINALS.iter().map(|(w, _)| *w))
}

/// The refinement of a follow-up; `nouns` is how many product nouns the message names (a
/// colour or size on its own is a change of the last results).
pub fn refinement(tokens: &[String], colour: bool, size: bool, nouns: usize) -> Option<Refinement> {
    if let Some(n) = ordinal(tokens) {
        return Some(Refinement::Ordinal(n));
    }
    // "She already has that mug, something else?", "eso ya lo tiene, ¿algo más?": what was
    // shown is owned, so others.
    // (Not when a new thing is named after it: "already got one. something else. ball cap
    // for summer" asks for the cap.)
    let other_at = find_phrase(tokens, ANOTHER).or_else(|| {
        find_phrase(
            tokens,
            &["otra cosa", "algo mas", "something else", "anything else"],
        )
    });
    if let (true, Some((at, len))) = (already_has(tokens), other_at) {
        if nouns == 0 || tokens.len() <= at + len + 1 {
            return Some(Refinement::Another);
        }
    }
    // ("Y lentes pa el sol? pero nada muy caro eh": not paying much for a kind named anew
    // compares with nothing shown.)
    let cheaper = find_phrase(tokens, CHEAPER).filter(|&(i, _)| {
        let negated = i > 0 && matches!(tokens[i - 1].as_str(), "nada" | "nothing" | "not" | "no");
        !(negated && nouns > 0)
    });
    if cheaper.is_some() || price_comparative(tokens) == Some(true) {
        return Some(Refinement::Cheaper);
    }
    if find_phrase(tokens, PRICIER).is_some() || price_comparative(tokens) == Some(false) {
        return Some(Refinement::MoreExpensive);
    }
    // ("Otra cosa: un cojín pal sofá", "something else, a cushion": another thing asked for,
    // named, is a new request.)
    let another_thing = nouns > 0
        && find_phrase(tokens, &["otra cosa", "something else", "one more thing"]).is_some();
    let other = (find_phrase(tokens, ANOTHER).is_some() || only_more(tokens)) && !another_thing;
    if !other && nouns == 0 && same_kind(tokens) {
        return Some(Refinement::SameKind);
    }
    if (other && find_phrase(tokens, NEW_COLOUR).is_some()) || (colour && nouns == 0) {
        return Some(Refinement::NewColour);
    }
    if find_phrase(tokens, NEW_SIZE).is_some()
        || (other && find_phrase(tokens, SIZE_CUES).is_some())
        || (size && nouns == 0)
    {
        return Some(Refinement::NewSize);
    }
    if other {
        return Some(Refinement::Another);
    }
    (nouns == 0 && comparative(tokens)).then_some(Refinement::SameKind)
}

/// "More", "more please", "any more?", "más, porfa": more of the same, said with nothing else.
fn only_more(tokens: &[String]) -> bool {
    const FILLER: &[&str] = &[
        "please", "pls", "plz", "any", "some", "show", "see", "me", "por", "favor", "porfa",
        "porfavor", "got", "have", "you", "tienes", "hay", "ver", "quiero",
    ];
    tokens.iter().any(|t| t == "more" || t == "mas")
        && tokens
            .iter()
            .all(|t| t == "more" || t == "mas" || FILLER.contains(&t.as_str()))
}

/// Words before "one" that make it no stand-in for the last kind ("this one", "which one").
const NOT_A_KIND: &[&str] = &[
    "a", "the", "this", "that", "which", "any", "no", "each", "every", "some", "only", "just",
    "another", "other", "same",
];
/// Spanish articles that, before "de" or "en", stand for the last kind ("las de lana").
const KIND_ARTICLES: &[&str] = &["el", "la", "los", "las", "uno", "una", "unos", "unas"];

/// "leather ones", "a wool one", "(y) las de lana", "unos en negro": a pronoun for the kind
/// of the last results, qualified.
fn same_kind(tokens: &[String]) -> bool {
    let english = tokens.iter().enumerate().any(|(i, t)| {
        let before = i.checked_sub(1).map(|p| tokens[p].as_str());
        match t.as_str() {
            "ones" => before.is_some_and(|b| !NOT_A_KIND.contains(&b)),
            "one" => before.is_some_and(|b| {
                !NOT_A_KIND.contains(&b)
                    && !ORDINALS.iter().any(|(w, _)| *w == b)
                    && !b.chars().all(|c| c.is_ascii_digit())
            }),
            _ => false,
        }
    });
    let start = usize::from(matches!(
        tokens.first().map(String::as_str),
        Some("y" | "e" | "o" | "pero" | "mejor")
    ));
    let spanish = tokens.len() > start + 2
        && KIND_ARTICLES.contains(&tokens[start].as_str())
        && matches!(tokens[start + 1].as_str(), "de" | "en");
    english || spanish
}

/// "algo más abrigado", "something more formal", "a bit warmer": more of a quality, in the same
/// kind (price and size comparatives are read before).
fn comparative(tokens: &[String]) -> bool {
    tokens.iter().enumerate().any(|(i, t)| {
        let next = tokens.get(i + 1).map(String::as_str);
        let before = i.checked_sub(1).map(|p| tokens[p].as_str());
        let more_of = matches!(t.as_str(), "mas" | "more")
            && next.is_some_and(|n| n.len() > 3 && n != "de" && n != "than");
        let er = t.len() > 5
            && t.ends_with("er")
            && matches!(
                before,
                Some("something" | "bit" | "little" | "much" | "even" | "lot")
            );
        more_of || er
    })
}

/// "the second one", "el segundo", "#2", "number 3", "option 2", "la opción 2".
fn ordinal(tokens: &[String]) -> Option<u8> {
    for (i, token) in tokens.iter().enumerate() {
        let prev = i.checked_sub(1).map(|p| tokens[p].as_str());
        let next = tokens.get(i + 1).map(String::as_str);
        if let Some((_, n)) = ORDINALS.iter().find(|(w, _)| w == token) {
            let anchored = matches!(
                prev,
                Some("the" | "el" | "la" | "los" | "las" | "con" | "del" | "al")
            ) || matches!(
                next,
                Some("one" | "option" | "opcion" | "item" | "product" | "producto")
            );
            // ("El cuarto viene pelado": the room, not the fourth.)
            let a_room = token == "cuarto"
                && next.is_some_and(|w| {
                    !matches!(
                        w,
                        "one" | "option" | "opcion" | "producto" | "de" | "que" | "ese"
                    )
                });
            if anchored && !a_room {
                return Some(*n);
            }
        }
        let numbered = matches!(prev, Some("number" | "option" | "opcion" | "numero" | "no"))
            || matches!(prev, Some("el" | "la")) && i + 1 == tokens.len();
        if numbered {
            if let Ok(n @ 1..=20) = token.parse::<u8>() {
                return Some(n);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_paying_much_for_a_kind_named_anew_is_no_cheaper() {
        let read =
            |t: &str, nouns| refinement(&crate::nlu::normalize::normalize(t), false, false, nouns);
        assert_eq!(read("y lentes pa el sol? pero nada muy caro eh", 1), None);
        assert_eq!(read("nada muy caro eh", 0), Some(Refinement::Cheaper));
        assert_eq!(read("es muy caro, otro?", 0), Some(Refinement::Cheaper));
    }

    #[test]
    fn another_thing_named_is_a_new_request() {
        let read =
            |t: &str, nouns| refinement(&crate::nlu::normalize::normalize(t), false, false, nouns);
        assert_eq!(read("otra cosa. un cojin pal sofa d mi hermana", 1), None);
        assert_eq!(read("otra cosa?", 0), Some(Refinement::Another));
        // What is owned already, then others asked for; not a new thing named after it.
        assert_eq!(
            read(
                "lol she already has that mug, not that one. something else?",
                1
            ),
            Some(Refinement::Another)
        );
        assert_eq!(
            read("uf, eso ya lo tiene. algo mas?", 0),
            Some(Refinement::Another)
        );
        assert_ne!(
            read("already got one eh. something else. ball cap for summer", 1),
            Some(Refinement::Another)
        );
        assert_eq!(read("another hoodie", 1), Some(Refinement::Another));
    }

    #[test]
    fn the_room_is_not_the_fourth() {
        let read = |t: &str| ordinal(&crate::nlu::normalize::normalize(t));
        assert_eq!(
            read("y un almohadon para la cama? el cuarto viene pelado"),
            None
        );
        assert_eq!(read("me gusta el cuarto"), Some(4));
        assert_eq!(read("el cuarto de la lista"), Some(4));
    }

    fn read(text: &str) -> Option<Refinement> {
        let tokens: Vec<String> = crate::text::words(text);
        refinement(&tokens, false, false, 0)
    }

    #[test]
    fn a_pronoun_for_the_last_kind_keeps_it() {
        for text in [
            "leather ones",
            "a wool one",
            "y las de lana?",
            "unos de cuero",
            "la de algodón",
        ] {
            assert_eq!(read(text), Some(Refinement::SameKind), "{text}");
        }
        // A pick, a pointer or another one is not.
        assert_eq!(read("the second one"), Some(Refinement::Ordinal(2)));
        assert_eq!(read("this one"), None);
        assert_eq!(read("another one"), Some(Refinement::Another));
        assert_eq!(read("show me others"), Some(Refinement::Another));
        assert_eq!(
            read("nah not feelin those show me diff ones"),
            Some(Refinement::Another)
        );
        assert_eq!(read("enséñame unos diferentes"), Some(Refinement::Another));
        // "More" said alone.
        for text in ["more", "more please", "any more?", "más", "más porfa"] {
            assert_eq!(read(text), Some(Refinement::Another), "{text}");
        }
        assert_eq!(read("more expensive"), Some(Refinement::MoreExpensive));
        assert_eq!(read("la chaqueta"), None);
    }
}
