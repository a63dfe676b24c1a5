//! Answers to questions about one product (sizes, material, price, stock, colours, care),
//! built only from the catalog's facts: when the catalog doesn't say, the answer says so.

use super::super::tools::ProductDetail;
use crate::locale::Locale;
use crate::money::format_minor;
use crate::nlu::Attribute;
use shopchat_protocol::ProductCard;

/// Option names that mean size or colour, in the catalog's words.
fn is_size(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "size" | "talla" | "tamaño" | "tamano"
    )
}

fn is_colour(name: &str) -> bool {
    matches!(
        name.to_ascii_lowercase().as_str(),
        "color" | "colour" | "colores"
    )
}

fn option_values(detail: &ProductDetail, wanted: fn(&str) -> bool) -> Option<&[String]> {
    detail
        .options
        .iter()
        .find(|(name, _)| wanted(name))
        .map(|(_, values)| values.as_slice())
}

/// One line of the colours (or sizes) one product comes in, for a question asked of several
/// on screen ("what colours do they come in?"): `None` when it has no such option.
pub fn options_line(card: &ProductCard, detail: &ProductDetail, sizes: bool) -> Option<String> {
    let wanted = if sizes { is_size } else { is_colour };
    option_values(detail, wanted).map(|values| format!("• {}: {}", card.title, values.join(", ")))
}

/// The price as the shopper reads it, e.g. "64.00 USD".
pub fn price(card: &ProductCard) -> String {
    format!(
        "{} {}",
        format_minor(card.price.minor, card.price.currency.exponent()),
        card.price.currency.as_str()
    )
}

/// Sentences of the description that mention any of `words`.
fn sentences_with<'a>(description: &'a str, words: &[&str]) -> Vec<&'a str> {
    sentences(description)
        .filter(|s| {
            let lower = s.to_lowercase();
            words.iter().any(|w| lower.contains(w))
        })
        .collect()
}

const MATERIALS: &[&str] = &[
    "cotton",
    "wool",
    "merino",
    "leather",
    "fleece",
    "down",
    "polyester",
    "nylon",
    "linen",
    "cashmere",
    "ceramic",
    "stoneware",
    "steel",
    "wood",
    "bamboo",
    "rubber",
    "canvas",
    "denim",
    "silk",
    "recycled",
    "cork",
    "latex",
    "suede",
    "straw",
    "glass",
    "plastic",
    "porcelain",
    "lambswool",
    "elastane",
    "acrylic",
    "algodón",
    "lana",
    "cuero",
    "material",
    "made of",
    "fabric",
];
/// What a description says of materials, care and water, in Spanish: an English catalog's
/// sentence quoted to a Spanish shopper is followed by these, so the facts asked are said in
/// the shopper's language ("…a contoured cork and latex footbed…" → "corcho, látex").
/// Longer phrases first, so "stainless steel" is not also "steel".
#[rustfmt::skip]
const SPANISH_GLOSS: &[(&str, &str)] = &[
    ("stainless steel", "acero inoxidable"), ("hand wash", "lavar a mano"),
    ("hand-wash", "lavar a mano"), ("machine wash", "lavable en lavadora"),
    ("machine-wash", "lavable en lavadora"), ("machine washable", "lavable en lavadora"),
    ("dry clean", "limpieza en seco"), ("tumble dry", "secadora"),
    ("wool cycle", "programa de lana"), ("dishwasher", "lavavajillas"),
    ("microwave", "microondas"), ("water resistant", "resistente al agua"),
    ("water-resistant", "resistente al agua"), ("splash resistant", "resiste salpicaduras"),
    ("waterproof", "impermeable"), ("packable", "plegable"), ("organic cotton", "algodón orgánico"),
    ("merino wool", "lana merino"), ("lambswool", "lana de cordero"), ("cotton", "algodón"),
    ("wool", "lana"), ("merino", "merino"), ("leather", "cuero"), ("suede", "ante"),
    ("goose down", "plumón de ganso"), ("duck down", "plumón de pato"),
    ("down filled", "relleno de plumón"), ("down fill", "relleno de plumón"),
    ("down insulation", "relleno de plumón"), ("down jacket", "plumón"),
    ("fleece", "forro polar"), ("polyester", "poliéster"),
    ("nylon", "nailon"), ("linen", "lino"), ("cashmere", "cachemira"), ("silk", "seda"),
    ("ceramic", "cerámica"), ("stoneware", "gres"), ("porcelain", "porcelana"),
    ("glass", "vidrio"), ("steel", "acero"), ("aluminium", "aluminio"), ("aluminum", "aluminio"),
    ("wood", "madera"), ("bamboo", "bambú"), ("rubber", "goma"), ("canvas", "lona"),
    ("denim", "mezclilla"), ("cork", "corcho"), ("latex", "látex"), ("straw", "paja"),
    ("plastic", "plástico"), ("recycled", "reciclado"), ("elastane", "elastano"),
    ("spandex", "elastano"), ("acrylic", "acrílico"), ("viscose", "viscosa"),
    ("soy wax", "cera de soja"), ("beeswax", "cera de abeja"), ("paper", "papel"),
];

/// The Spanish words for what `sentences` say of materials and care, in the order said (none
/// twice): see [`SPANISH_GLOSS`].
fn spanish_gloss(sentences: &[&str]) -> Vec<&'static str> {
    let text = format!(" {} ", crate::text::words(&sentences.join(" ")).join(" "));
    let mut found: Vec<(usize, &'static str)> = Vec::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for (english, spanish) in SPANISH_GLOSS {
        let phrase = format!(" {} ", crate::text::words(english).join(" "));
        let mut from = 0;
        while let Some(at) = text[from..].find(&phrase).map(|i| i + from) {
            let span = (at, at + phrase.len());
            from = at + 1;
            if taken.iter().any(|&(a, b)| span.0 < b && a < span.1) {
                continue;
            }
            taken.push(span);
            if !found.iter().any(|(_, s)| s == spanish) {
                found.push((at, spanish));
            }
        }
    }
    found.sort();
    found.into_iter().map(|(_, s)| s).collect()
}

/// Sentences of the description quoted as an answer: for a Spanish shopper, followed by what
/// they say of materials and care in Spanish.
fn quoted(es: bool, sentences: &[&str]) -> String {
    let text = sentences.join(" ");
    let gloss = if es {
        spanish_gloss(sentences)
    } else {
        Vec::new()
    };
    if gloss.is_empty() {
        text
    } else {
        format!("{text} En resumen: {}.", gloss.join(", "))
    }
}

const CARE: &[&str] = &[
    "wash", "dry", "iron", "care", "lavar", "machine", "clean", "launder", "tumble", "bleach",
];

/// Answers `attribute` (or gives a short overview when none was asked) about one product.
pub fn answer(
    locale: Locale,
    card: &ProductCard,
    detail: &ProductDetail,
    attribute: Option<Attribute>,
    size: Option<&str>,
    question: Option<&str>,
) -> String {
    let title = &card.title;
    let es = locale == Locale::Es;
    if let (None, None, Some(question)) = (attribute, size, question) {
        if let Some(answer) = from_description(es, card, detail, question) {
            return answer;
        }
    }
    // "Is it really waterproof?" reads as a question about what it is made of; the
    // description's sentence about the very words asked answers it better than one that
    // merely names a material.
    // How to care for it is said in the description's sentences about washing, when it has
    // any, however many of the question's other words another sentence repeats ("the long
    // wool one with the belt, can it go in the washing machine?": "Dry clean only.").
    let care = sentences_with(&detail.description, CARE);
    if attribute == Some(Attribute::Care) && size.is_none() && !care.is_empty() {
        return quoted(es, &care);
    }
    if let (Some(Attribute::Material | Attribute::Care), None, Some(question)) =
        (attribute, size, question)
    {
        if let Some(found) = sentences_about(card, detail, question) {
            return quoted(es, &found);
        }
    }
    // A number asked of a product that comes in no sizes ("does the QuickDial go up in 2.5 lb
    // steps?") is about what its description says, when it says it.
    if let (Some(_), None, Some(question)) = (size, option_values(detail, is_size), question) {
        if let Some(found) = sentences_about(card, detail, question) {
            return quoted(es, &found);
        }
    }
    // "Will a 15in macbook fit in it? and is it ok in the rain?" of a product that comes in no
    // sizes: what its description says about the question's words.
    // (Not when it says it is one size: that, in the shopper's language.)
    if let (Some(Attribute::Size), None, None, Some(question)) =
        (attribute, size, option_values(detail, is_size), question)
    {
        if let Some(found) = sentences_about(card, detail, question) {
            let one_size = found
                .iter()
                .any(|s| crate::text::says_phrase(s, &["one size"]));
            if !one_size {
                return quoted(es, &found);
            }
        }
    }
    // (Not "in black or just the brown?", two of its colours.)
    let one_colour_asked = question
        .filter(|_| attribute == Some(Attribute::Colour))
        .map(|q| colours_asked(detail, q))
        .and_then(|asked| match asked[..] {
            [one] => Some(one),
            _ => None,
        });
    // ("negra M": that colour in that size.)
    match attribute {
        Some(Attribute::Size | Attribute::Colour) | None if size.is_some() => size_answer(
            es,
            title,
            detail,
            size.unwrap_or_default(),
            question.and_then(|q| colour_asked(detail, q)),
        ),
        Some(Attribute::Size) => match option_values(detail, is_size) {
            Some(sizes) => {
                let available: Vec<&str> = sizes
                    .iter()
                    .filter(|s| detail.in_stock_values.contains(s))
                    .map(String::as_str)
                    .collect();
                if es {
                    format!(
                        "{title} viene en las tallas {}. Disponibles ahora: {}.",
                        sizes.join(", "),
                        list_or_none(&available, es)
                    )
                } else {
                    format!(
                        "{title} comes in sizes {}. In stock now: {}.",
                        sizes.join(", "),
                        list_or_none(&available, es)
                    )
                }
            }
            None if es => format!("{title} tiene una talla única."),
            None => format!("{title} comes in one size."),
        },
        Some(Attribute::Colour) => match option_values(detail, is_colour) {
            // "¿Viene en otro color? El amarillo…": the one it comes in, or its others.
            Some(colours) if question.is_some_and(asks_other_colours) => {
                let others: Vec<&str> = colours
                    .iter()
                    .filter(|c| Some(*c) != colour_asked(detail, question.unwrap_or_default()))
                    .map(String::as_str)
                    .collect();
                match (colours.len(), es) {
                    (1, true) => format!("{title} solo viene en {}.", colours[0]),
                    (1, false) => format!("{title} only comes in {}.", colours[0]),
                    (_, true) => format!("{title} también viene en: {}.", others.join(", ")),
                    (_, false) => format!("{title} also comes in: {}.", others.join(", ")),
                }
            }
            // "white one?": that colour, in stock or not. (Not "in black or just the brown?",
            // which all of them answer.)
            Some(colours) if one_colour_asked.is_some() => {
                let asked = one_colour_asked.map(String::as_str).unwrap_or_default();
                let in_stock: Vec<&str> = colours
                    .iter()
                    .filter(|c| detail.in_stock_values.contains(c))
                    .map(String::as_str)
                    .collect();
                match (in_stock.contains(&asked), es) {
                    (true, true) => format!("Sí, {title} está disponible en {asked}."),
                    (true, false) => format!("Yes, {title} is available in {asked}."),
                    (false, true) => format!(
                        "{title} en {asked} está agotado ahora mismo. Disponible en: {}.",
                        list_or_none(&in_stock, es)
                    ),
                    (false, false) => format!(
                        "{title} in {asked} is sold out right now. In stock: {}.",
                        list_or_none(&in_stock, es)
                    ),
                }
            }
            Some(colours) if es => format!("{title} está disponible en: {}.", colours.join(", ")),
            Some(colours) => format!("{title} comes in: {}.", colours.join(", ")),
            // (What it comes in instead, when it has sizes: "does the duvet come in twin?")
            None => {
                let one = if es {
                    format!("{title} viene en un solo color; la foto lo muestra.")
                } else {
                    format!("{title} comes in one colour, as pictured.")
                };
                match option_values(detail, is_size) {
                    Some(sizes) if es => format!("{one} Tallas: {}.", sizes.join(", ")),
                    Some(sizes) => format!("{one} Sizes: {}.", sizes.join(", ")),
                    None => one,
                }
            }
        },
        Some(Attribute::Price) if es => format!("{title} cuesta {}.", price(card)),
        Some(Attribute::Price) => format!("{title} costs {}.", price(card)),
        Some(Attribute::Stock) => match (card.in_stock, es) {
            (true, true) => format!("Sí, {title} está disponible."),
            (true, false) => format!("Yes, {title} is in stock."),
            (false, true) => format!("Lo siento, {title} está agotado ahora mismo."),
            (false, false) => format!("Sorry, {title} is sold out right now."),
        },
        Some(Attribute::Material) => described(
            es,
            title,
            &sentences_with(&detail.description, MATERIALS),
            &detail.description,
        ),
        Some(Attribute::Care) => described(
            es,
            title,
            &sentences_with(&detail.description, CARE),
            &detail.description,
        ),
        None => format!(
            "{title} ({}): {}",
            price(card),
            first_sentence(&detail.description)
        ),
    }
}

/// A question the attributes don't cover ("is the yoga mat non-slip?", "¿tiene bolsillos?"):
/// the description's sentences that mention what it asks about (through the bilingual
/// vocabulary for a Spanish question about an English description), or an honest "the shop
/// doesn't say". `None` when the message asks about nothing in particular.
fn from_description(
    es: bool,
    card: &ProductCard,
    detail: &ProductDetail,
    question: &str,
) -> Option<String> {
    let sentences = match sentences_about(card, detail, question) {
        Some(found) => found,
        None if asked_words(&card.title, question).is_empty() => return None,
        None => Vec::new(),
    };
    let text = format!("{}. {}", detail.description, detail.product_type);
    let title = &card.title;
    Some(match (sentences.is_empty(), es) {
        (false, false) => format!(
            "Here's what the shop says about {title}: {}",
            sentences.join(" ")
        ),
        (false, true) => format!("Esto dice la tienda de {title}: {}", quoted(es, &sentences)),
        (true, false) if text.trim().len() > 2 => format!(
            "The shop doesn't say that about {title}. Here's what it does say: {}",
            first_sentence(&detail.description)
        ),
        (true, true) if text.trim().len() > 2 => format!(
            "La tienda no lo indica para {title}. Esto es lo que dice: {}",
            first_sentence(&detail.description)
        ),
        (true, false) => format!("The shop doesn't say that about {title}."),
        (true, true) => format!("La tienda no indica ese detalle de {title}."),
    })
}

/// The question's own words, each with its translations: not the product's name (in either
/// language: "la de cedro" about the Cedar candle) and not everyday words.
fn asked_words(title: &str, question: &str) -> Vec<Vec<String>> {
    let title: Vec<String> = crate::text::words(title);
    let bilingual = crate::nlu::bilingual::Bilingual::get();
    crate::text::words(question)
        .into_iter()
        .filter(|w| w.len() >= 3 && !crate::nlu::is_common(w))
        .filter_map(|word| {
            let key = crate::nlu::bilingual::key(&word);
            let mut forms = vec![key.clone()];
            forms.extend(bilingual.related(&key).iter().take(8).cloned());
            // "Which is warmer?" asks about what is warm.
            if let Some(base) = crate::nlu::comparative_base(&word) {
                forms.extend(bilingual.related(&base).iter().take(4).cloned());
                forms.push(base);
            }
            let names_it = forms.iter().any(|f| {
                !f.contains(' ')
                    && title
                        .iter()
                        .any(|t| t == f || crate::text::singular(t) == *f)
            });
            (!names_it && !title.contains(&word)).then_some(forms)
        })
        .collect()
}

/// The description's sentences that say the most about what the question asks (how many of
/// its words each mentions, in either language); `None` when none mentions any.
fn sentences_about<'a>(
    card: &ProductCard,
    detail: &'a ProductDetail,
    question: &str,
) -> Option<Vec<&'a str>> {
    said_about(&card.title, &detail.description, question)
}

/// The sentences of the description of the product titled `title` that say the most about
/// what the question asks (see [`sentences_about`]).
pub(super) fn said_about<'a>(
    title: &str,
    description: &'a str,
    question: &str,
) -> Option<Vec<&'a str>> {
    let asked = asked_words(title, question);
    // (A word's comparative or superlative says it too: "is it warm?", "our warmest jacket".)
    let graded = |x: &str, w: &str| {
        w.len() >= 4
            && x.strip_prefix(w)
                .is_some_and(|rest| matches!(rest, "er" | "est" | "r" | "st"))
    };
    let mentions = |sentence: &str, forms: &[String]| {
        let words = crate::text::words(sentence);
        forms.iter().any(|form| {
            form.split(' ').all(|w| {
                words.iter().any(|x| {
                    crate::text::singular(x) == w
                        || x == w
                        || graded(x, w)
                        // (A long word typed with a slip: "dishwaher".)
                        || (w.len() >= 7
                            && x.len() >= 7
                            && crate::text::edit_distance(x, w) == 1)
                })
            })
        })
    };
    let measured = measures_asked(question);
    let topics = topics_asked(question);
    let scored: Vec<(usize, &str)> = sentences(description)
        .map(|s| {
            let said = asked.iter().filter(|forms| mentions(s, forms)).count();
            let measures = measured
                .iter()
                .filter(|units| gives_measure(s, units))
                .count();
            let words = crate::text::words(s);
            let topical = topics.iter().filter(|t| says_any(&words, t)).count();
            (said + measures + topical, s)
        })
        .collect();
    let best = scored.iter().map(|(n, _)| *n).max().unwrap_or(0);
    (best > 0).then(|| {
        scored
            .into_iter()
            .filter(|(n, _)| *n == best)
            .map(|(_, s)| s)
            .collect()
    })
}

/// What a question may ask to be measured, by the words that ask it (either language, folded),
/// and the units a description gives it in.
#[rustfmt::skip]
const MEASURES: &[(&[&str], &[&str])] = &[
    // "¿Hasta cuántos grados bajo cero aguanta?", "how cold can it go?"
    (&["degree", "degrees", "grado", "grados", "temperature", "temperatures", "temperatura",
       "celsius", "fahrenheit", "cold", "frio", "cero", "zero"],
     &["°", "c", "f", "degrees", "celsius", "fahrenheit"]),
    // "¿Cuánto pesa?", "how heavy is it?"
    (&["weigh", "weighs", "weight", "heavy", "light", "pesa", "peso", "pesado", "liviano",
       "ligero", "ligera"],
     &["g", "kg", "oz", "lb", "lbs", "grams", "gramos"]),
    // "¿Cuánto mide?", "how long is it?"
    (&["dimensions", "measure", "measures", "measurements", "long", "wide", "tall", "deep",
       "thick", "medidas", "mide", "miden", "largo", "ancho", "alto", "profundo", "grueso",
       "big", "large", "grande", "tamano"],
     &["cm", "mm", "m", "in", "inch", "inches", "ft", "feet"]),
    // "How much does it hold?", "¿qué capacidad tiene?" (or how big it is: "how big is the
    // backpack?", answered by "a 20-litre backpack")
    (&["hold", "holds", "capacity", "capacidad", "litres", "liters", "litros", "cabe", "caben",
       "big", "large", "grande", "tamano"],
     &["ml", "l", "litre", "liter", "litres", "liters", "oz"]),
    // "How long does the battery last?", "¿cuánto dura la batería?"
    (&["battery", "bateria", "last", "lasts", "dura", "duran", "charge", "carga", "hours",
       "horas"],
     &["h", "hr", "hrs", "hours", "horas", "hour"]),
];

/// What a question may ask without naming it the way a description says it ("can I go
/// swimming with it?" is answered by "Splash resistant."; "can I squash it in my bag?" by
/// "Packable: roll it up…"): the words that ask (either language, folded) and the words that
/// answer. A word ending in `*` stands for every word it starts ("swim*": swimming, swimmer);
/// any other only for itself ("rain", not "rainbow").
#[rustfmt::skip]
const TOPICS: &[(&[&str], &[&str])] = &[
    // How it fits: "do they run tight?", "¿aprietan mucho?"
    (&["tight*", "snug*", "apriet*", "ajustad*", "loose*", "flojo*", "floja*", "holgad*",
       "estrech*", "roomy", "baggy"],
     &["snug*", "ease*", "stretch*", "relaxed", "oversized", "roomy", "loose", "slim"]),
    // What keeps it going: "does it use battery?", "¿lleva pila?"
    (&["battery", "batteries", "pila", "pilas", "bateria*", "charge", "charging", "cargar",
       "wind*"],
     &["automatic", "self-winding", "quartz", "battery", "batteries", "rechargeable", "solar",
       "usb"]),
    // How long it burns: "how long will it burn?", "¿cuánto dura encendida?"
    (&["burn*", "encendid*", "prendid*", "arde"],
     &["burn*", "hours"]),
    // Water: "Swimming ok?", "¿se echa a perder en la alberca?", "¿aguanta la lluvia?"
    (&["swim*", "pool", "pools", "piscin*", "alberca", "nadar", "nado", "nadando", "shower*",
       "ducha*", "rain", "rainy", "raining", "lluvi*", "llueve", "wet", "moja*", "water",
       "agua", "waterproof", "impermeab*", "sumergi*", "submer*", "dive", "diving", "bucea*",
       "splash*", "salpic*", "sea", "mar"],
     &["water*", "splash*", "rain", "rainproof", "swim*", "submer*", "sumergi*", "impermeab*",
       "atm", "wet", "shower*", "repell*"]),
    // Packing it: "can I squash it in my bag?", "¿se puede doblar para la maleta?"
    (&["squash*", "squish*", "crush*", "fold*", "roll", "pack*", "suitcase*", "luggage",
       "carry", "maleta*", "valija*", "dobla*", "doblo", "plega*", "pliega*", "aplast*",
       "enroll*", "travel*", "viaje*", "viajar"],
     &["packable", "pack", "packs", "fold*", "roll", "rolls", "compress*", "springs",
       "stuff", "pouch", "plegable", "travel*"]),
    // Itching and softness: "¿pica?", "is it scratchy?", "tengo la piel sensible"
    (&["itch*", "scratch*", "pica", "pican", "picar", "rasca*", "soft*", "suave*",
       "comfort*", "comod*", "sensitive", "sensible", "delicad*", "irrita*", "rough",
       "aspero*"],
     &["soft*", "itch*", "gentle", "smooth*", "suave*", "cushion*", "comfort*", "brushed",
       "lined", "breathable"]),
    // Odour: "will the wool socks be honking?", "¿no huelen a pata?"
    (&["smell*", "stink*", "honk*", "odor*", "odour*", "olor*", "apest*", "huele", "huelen",
       "sweat*", "sudor", "suda*"],
     &["odour*", "odor*", "smell*", "sweat*", "wick*", "breathable", "antibacterial",
       "merino"]),
    // Scent: "what does the fig candle smell like?", "¿a qué huele la vela?"
    (&["smell*", "scent*", "fragranc*", "aroma*", "huele", "huelen", "olor*", "perfum*"],
     &["scent*", "fragranc*", "aroma*", "notes", "smell*", "perfum*", "olor*"]),
    // The kitchen: "dishwasher safe?", "¿va al microondas?"
    (&["dishwasher*", "lavavajilla*", "lavaplato*", "microwave*", "microond*", "oven",
       "horno"],
     &["dishwasher*", "microwave*", "oven", "wash"]),
    // What comes with it: "bulb come with it or buy separate?", "¿trae las pilas?"
    (&["come", "comes", "include*", "separate*", "trae", "traen", "incluy*", "incluid*",
       "aparte", "separado"],
     &["included", "includes", "including", "separately", "incluye", "incluido"]),
    // The sun: "¿protegen de los rayos UV?", "are they polarised?"
    (&["uv", "sun", "sunny", "sol", "rayos", "polariz*", "polaris*", "glare", "brillo"],
     &["uv", "uv400", "upf", "polariz*", "polaris*", "sun", "glare"]),
];

/// Whether one of `words` is one of `listed` (a listed word ending in `*` is a stem: any word
/// it starts).
fn says_any(words: &[String], listed: &[&str]) -> bool {
    words.iter().any(|w| {
        listed.iter().any(|l| match l.strip_suffix('*') {
            Some(stem) => w.starts_with(stem),
            None => w == l,
        })
    })
}

/// The answering words of each topic the question asks about.
fn topics_asked(question: &str) -> Vec<&'static [&'static str]> {
    let words = crate::text::words(question);
    TOPICS
        .iter()
        .filter(|(asking, _)| says_any(&words, asking))
        .map(|(_, answering)| *answering)
        .collect()
}

/// The units of each measure the question asks about.
fn measures_asked(question: &str) -> Vec<&'static [&'static str]> {
    let words = crate::text::words(question);
    MEASURES
        .iter()
        .filter(|(asking, _)| words.iter().any(|w| asking.contains(&w.as_str())))
        .map(|(_, units)| *units)
        .collect()
}

/// Whether the sentence gives a number in one of `units` ("rated to about −25 °C", "750 ml").
fn gives_measure(sentence: &str, units: &[&str]) -> bool {
    if units.contains(&"°") && sentence.contains('°') {
        return true;
    }
    let words = crate::text::words(sentence);
    let number = |w: &str| w.chars().next().is_some_and(|c| c.is_ascii_digit());
    words.windows(2).any(|pair| number(&pair[0]) && units.contains(&pair[1].as_str()))
        // "20mm", "1.5kg": the unit joined to its number.
        || words.iter().any(|w| {
            let digits = w.trim_start_matches(|c: char| c.is_ascii_digit());
            digits.len() < w.len() && !digits.is_empty() && units.contains(&digits)
        })
}

/// The product's colour the question names, if any.
pub fn colour_named(detail: &ProductDetail, question: &str) -> Option<String> {
    colour_asked(detail, question).cloned()
}

/// The product's colour the question names, in its words or in Spanish ("in lavender",
/// "en lila").
fn colour_asked<'a>(detail: &'a ProductDetail, question: &str) -> Option<&'a String> {
    colours_asked(detail, question).into_iter().next()
}

/// Every colour of the product's the question names, in the product's order.
fn colours_asked<'a>(detail: &'a ProductDetail, question: &str) -> Vec<&'a String> {
    let Some(colours) = option_values(detail, is_colour) else {
        return Vec::new();
    };
    let words = crate::text::words(question);
    let folded = format!(" {} ", words.join(" "));
    let bilingual = crate::nlu::bilingual::Bilingual::get();
    colours
        .iter()
        .filter(|colour| {
            let value = crate::text::words(colour).join(" ");
            !value.is_empty()
                && (folded.contains(&format!(" {value} "))
                    || words
                        .iter()
                        .any(|w| crate::nlu::colour_word(w) == Some(value.as_str()))
                    || words.iter().any(|w| {
                        bilingual
                            .english(&crate::nlu::bilingual::key(w))
                            .contains(&value)
                    }))
        })
        .collect()
}

fn size_answer(
    es: bool,
    title: &str,
    detail: &ProductDetail,
    size: &str,
    colour: Option<&String>,
) -> String {
    let Some(sizes) = option_values(detail, is_size) else {
        return if es {
            format!("{title} tiene una talla única.")
        } else {
            format!("{title} comes in one size.")
        };
    };
    // (The size itself before one that contains it: S, not XS.)
    let offered = sizes
        .iter()
        .find(|s| s.eq_ignore_ascii_case(size))
        .or_else(|| {
            sizes
                .iter()
                .find(|s| s.to_lowercase().contains(&size.to_lowercase()))
        });
    // "I wear EU 39. Which size is that?" where the description says "M = EU 39-42".
    if offered.is_none() {
        if let Some((label, said)) = size_by_description(&detail.description, sizes, size) {
            return if es {
                format!("Para {size}, la talla {label} de {title} ({said}).")
            } else {
                format!("For {size}, {title} in size {label} ({said}).")
            };
        }
    }
    // "the puffer in lavender, size M?": that colour in that size.
    if let (Some(s), Some(c)) = (offered, colour) {
        let both = detail
            .in_stock_variants
            .iter()
            .any(|v| v.contains(s) && v.contains(c));
        if detail.in_stock_values.contains(s) && !both {
            let in_colour: Vec<&str> = option_values(detail, is_size)
                .unwrap_or_default()
                .iter()
                .filter(|size| {
                    detail
                        .in_stock_variants
                        .iter()
                        .any(|v| v.contains(size) && v.contains(c))
                })
                .map(String::as_str)
                .collect();
            return if es {
                format!(
                    "{title} en {c} y talla {s} está agotado ahora mismo. En {c} hay: {}.",
                    list_or_none(&in_colour, es)
                )
            } else {
                format!(
                    "{title} in {c}, size {s} is sold out right now. In {c}: {}.",
                    list_or_none(&in_colour, es)
                )
            };
        }
    }
    // (Both asked, both said back: "Yes, … is available in Sage, size M.")
    let in_colour = |s: &String| {
        colour.filter(|c| {
            detail
                .in_stock_variants
                .iter()
                .any(|v| v.contains(s) && v.contains(*c))
        })
    };
    match (offered, es) {
        (Some(s), true) if in_colour(s).is_some() => format!(
            "Sí, {title} está disponible en {}, talla {s}.",
            in_colour(s).map(String::as_str).unwrap_or_default()
        ),
        (Some(s), false) if in_colour(s).is_some() => format!(
            "Yes, {title} is available in {}, size {s}.",
            in_colour(s).map(String::as_str).unwrap_or_default()
        ),
        (Some(s), true) if detail.in_stock_values.contains(s) => {
            format!("Sí, {title} está disponible en talla {s}.")
        }
        (Some(s), false) if detail.in_stock_values.contains(s) => {
            format!("Yes, {title} is available in size {s}.")
        }
        (Some(s), true) => format!("{title} existe en talla {s}, pero ahora mismo está agotada."),
        (Some(s), false) => format!("{title} comes in {s}, but that size is sold out right now."),
        (None, true) => format!(
            "{title} no viene en talla {size}. Tallas: {}.",
            sizes.join(", ")
        ),
        (None, false) => format!(
            "{title} doesn't come in {size}. Sizes: {}.",
            sizes.join(", ")
        ),
    }
}

/// The size offered whose range in the description holds the number asked for, and how the
/// description says it: "M = EU 39-42" for "EU 39" among S, M, L.
fn size_by_description(
    description: &str,
    sizes: &[String],
    asked: &str,
) -> Option<(String, String)> {
    let number = |text: &str| -> Option<f32> {
        let digits: String = text
            .chars()
            .skip_while(|c| !c.is_ascii_digit())
            .take_while(|c| c.is_ascii_digit() || *c == '.')
            .collect();
        digits.trim_end_matches('.').parse().ok()
    };
    let wanted = number(asked)?;
    let parts: Vec<&str> = description.split('=').collect();
    (1..parts.len()).find_map(|i| {
        let label = parts[i - 1]
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | '(' | ':'))
            .rfind(|w| !w.is_empty())?;
        let size = sizes.iter().find(|s| s.eq_ignore_ascii_case(label))?;
        // What follows, up to the next size's label.
        let mut range = parts[i].trim();
        if i + 1 < parts.len() {
            range = range
                .rsplit_once([',', ';'])
                .map_or(range, |(before, _)| before)
                .trim();
        }
        let range = range.trim_end_matches(['.', ',', ';']);
        let (low, high) = range.split_once(['-', '–'])?;
        let (low, high) = (number(low)?, number(high)?);
        (low <= wanted && wanted <= high).then(|| (size.clone(), format!("{label} = {range}")))
    })
}

fn described(es: bool, title: &str, sentences: &[&str], description: &str) -> String {
    match (sentences.is_empty(), es) {
        (false, _) => quoted(es, sentences),
        (true, true) if description.is_empty() => {
            format!("La tienda no indica ese detalle de {title}.")
        }
        (true, false) if description.is_empty() => {
            format!("The shop doesn't say that about {title}.")
        }
        (true, true) => format!(
            "La tienda no lo indica. Esto es lo que dice de {title}: {}",
            first_sentence(description)
        ),
        (true, false) => format!(
            "The shop doesn't say. Here's what it says about {title}: {}",
            first_sentence(description)
        ),
    }
}

fn first_sentence(text: &str) -> &str {
    sentences(text).next().unwrap_or(text)
}

/// The sentences of a description, trimmed: a full stop inside a number ("2.5 lb") or a word
/// ("e.g.x") ends none.
pub(super) fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        let ends = matches!(c, '.' | '!' | '?')
            && bytes
                .get(at + 1)
                .is_none_or(|next| next.is_ascii_whitespace());
        if ends {
            out.push(&text[start..=at]);
            start = at + 1;
        }
    }
    out.push(&text[start..]);
    out.into_iter().map(str::trim).filter(|s| !s.is_empty())
}

fn list_or_none(items: &[&str], es: bool) -> String {
    match (items.is_empty(), es) {
        (true, true) => "ninguna".into(),
        (true, false) => "none".into(),
        (false, _) => items.join(", "),
    }
}

/// Whether the message asks for other colours ("¿viene en otro color?", "any other
/// colours?", "does it come in a different colour?").
pub(super) fn asks_other_colours(message: &str) -> bool {
    let words = crate::text::words(message);
    // ("Does it come in anything that's not grey?")
    crate::nlu::colour_ruled_out(message).is_some()
        || words.windows(2).any(|w| {
            matches!(
                (w[0].as_str(), w[1].as_str()),
                (
                    "otro"
                        | "otros"
                        | "mas"
                        | "distinto"
                        | "distintos"
                        | "diferente"
                        | "diferentes"
                        | "another"
                        | "other"
                        | "different"
                        | "more",
                    "color" | "colores" | "colour" | "colours" | "colors"
                )
            )
        })
        || words.windows(2).any(|w| {
            matches!(
                (w[0].as_str(), w[1].as_str()),
                ("color" | "colour", "different" | "else") | ("color", "distinto" | "diferente")
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopchat_protocol::{Currency, Money};

    fn card(title: &str) -> ProductCard {
        ProductCard {
            product_id: 1,
            variant_id: 1,
            title: title.to_owned(),
            price: Money {
                minor: 17999,
                currency: Currency::parse("USD").expect("a currency"),
            },
            compare_at: None,
            image_url: None,
            image_alt: None,
            url: String::new(),
            in_stock: true,
            reason: None,
        }
    }

    #[test]
    fn a_one_size_product_asked_for_its_sizes_says_so_in_the_shoppers_language() {
        let detail = ProductDetail {
            description: "A snug rib-knit beanie in lambswool with a deep fold-up cuff. One size."
                .to_owned(),
            product_type: "Beanie".to_owned(),
            vendor: String::new(),
            options: vec![(
                "Color".to_owned(),
                vec!["Mustard".to_owned(), "Navy".to_owned()],
            )],
            in_stock_values: Vec::new(),
            in_stock_variants: Vec::new(),
        };
        let es = answer(
            Locale::Es,
            &card("Ribbed Wool Beanie"),
            &detail,
            Some(Attribute::Size),
            None,
            Some("¿El gorro viene en tallas? Es que me aprieta, tengo la cabeza grande"),
        );
        assert_eq!(es, "Ribbed Wool Beanie tiene una talla única.");
        let en = answer(
            Locale::En,
            &card("Ribbed Wool Beanie"),
            &detail,
            Some(Attribute::Size),
            None,
            Some("does the beanie come in a bigger size?"),
        );
        assert_eq!(en, "Ribbed Wool Beanie comes in one size.");
    }

    #[test]
    fn a_question_in_other_words_than_the_description_finds_the_sentence_that_answers_it() {
        let detail = |description: &str| ProductDetail {
            description: description.to_owned(),
            product_type: String::new(),
            vendor: String::new(),
            options: Vec::new(),
            in_stock_values: Vec::new(),
            in_stock_variants: Vec::new(),
        };
        let ask = |title: &str, description: &str, question: &str| {
            answer(
                Locale::En,
                &card(title),
                &detail(description),
                None,
                None,
                Some(question),
            )
        };
        // A long word typed with a slip is the word: "dishwaher".
        let mug = ask(
            "Speckled Stoneware Mug",
            "A hand-glazed stoneware mug holding 350 ml. Dishwasher and microwave safe.",
            "can the speckled one go in the dishwaher?",
        );
        assert!(mug.contains("Dishwasher and microwave safe"), "{mug}");
        let watch =
            "A slim 32 mm quartz watch with an adjustable gold-tone mesh strap. Splash resistant.";
        assert!(ask("Mesh Watch", watch, "Gold one. Swimming ok?").contains("Splash resistant"));
        let reloj = ask(
            "Field Watch",
            "A field watch with a green dial. Water resistant to 100 m.",
            "¿Y si me meto a la alberca con él se echa a perder?",
        );
        assert!(reloj.contains("100 m"), "{reloj}");
        assert!(!reloj.contains("green dial"), "{reloj}");
        let hat = "Hand-woven paper-straw hat with an 8 cm brim. Packable: roll it up and it springs back.";
        let packed = ask(
            "Straw Hat",
            hat,
            "can i squash the straw one in my bag tho?",
        );
        assert!(packed.contains("Packable"), "{packed}");
        assert!(!packed.contains("brim"), "{packed}");
        // How it fits, what keeps it going, how long it burns.
        let gloves = "Soft lambskin leather gloves lined with cashmere. A classic gift; fit is snug at first and eases with wear.";
        let tight = ask(
            "Leather Gloves",
            gloves,
            "Esos de piel con forro, aprietan mucho?",
        );
        assert!(tight.contains("snug"), "{tight}");
        let watch = "A 38 mm stainless steel field watch with a self-winding automatic movement, on a leather strap. Sapphire crystal.";
        let battery = ask(
            "Field Watch",
            watch,
            "does it use battery? they die fast here",
        );
        assert!(battery.contains("automatic"), "{battery}");
        let candle = "A 220 g soy wax candle with notes of cedarwood. Cotton wick; burns for about 45 hours.";
        let burns = ask("Cedar Candle", candle, "How long will it burn for, dear?");
        assert!(burns.contains("45 hours"), "{burns}");
        // A word listed whole stands for itself only: the rainbow says nothing about rain.
        let hoodie =
            "A yellow hoodie with a rainbow on the chest. No drawcords, for small children.";
        let strings = ask(
            "Kids' Rainbow Hoodie",
            hoodie,
            "the yellow one with rainbow, does it have strings?",
        );
        assert!(strings.contains("drawcords"), "{strings}");
        assert!(topics_asked("is there a rainbow on it?").is_empty());
        assert!(!topics_asked("will it survive the rain?").is_empty());
    }

    #[test]
    fn an_english_description_quoted_to_a_spanish_shopper_says_its_materials_in_spanish() {
        let sandal =
            "Two-strap sandal with a contoured cork and latex footbed, and leather straps.";
        assert_eq!(spanish_gloss(&[sandal]), ["corcho", "látex", "cuero"]);
        // The longer phrase wins: stainless steel is not also steel, nor hand wash "wash".
        assert_eq!(
            spanish_gloss(&["Stainless steel, double-walled. Hand wash only."]),
            ["acero inoxidable", "lavar a mano"]
        );
        // Words inside others are not materials: no wood in "Woodland", no glass in sunglasses;
        // "down" is a filling only as one ("zips down to the chin" is none).
        assert!(spanish_gloss(&["Woodland sunglasses for downhill days."]).is_empty());
        assert!(spanish_gloss(&["The collar zips down to the chin."]).is_empty());
        assert_eq!(
            spanish_gloss(&["Filled with 650-fill goose down."]),
            ["plumón de ganso"]
        );
        let detail = ProductDetail {
            description: sandal.to_owned(),
            product_type: "Sandals".to_owned(),
            vendor: String::new(),
            options: Vec::new(),
            in_stock_values: Vec::new(),
            in_stock_variants: Vec::new(),
        };
        let es = answer(
            Locale::Es,
            &card("Cork Footbed Sandal"),
            &detail,
            Some(Attribute::Material),
            None,
            Some("y la plantilla de qué es?"),
        );
        assert!(es.contains("corcho"), "{es}");
        let en = answer(
            Locale::En,
            &card("Cork Footbed Sandal"),
            &detail,
            Some(Attribute::Material),
            None,
            Some("what is the footbed made of?"),
        );
        assert!(en.contains("cork") && !en.contains("corcho"), "{en}");
    }

    #[test]
    fn a_shoe_size_asked_of_lettered_sizes_finds_the_one_the_description_maps_it_to() {
        let sizes = ["S".to_owned(), "M".to_owned(), "L".to_owned()];
        let description =
            "Three pairs of thin running socks. S = EU 35-38, M = EU 39-42, L = EU 43-46.";
        assert_eq!(
            size_by_description(description, &sizes, "EU 39"),
            Some(("M".to_owned(), "M = EU 39-42".to_owned()))
        );
        assert_eq!(
            size_by_description(description, &sizes, "EU 46").map(|s| s.0),
            Some("L".to_owned())
        );
        assert_eq!(size_by_description(description, &sizes, "EU 50"), None);
        assert_eq!(
            size_by_description("Soft cotton socks.", &sizes, "EU 39"),
            None
        );
    }

    #[test]
    fn a_size_asked_in_a_colour_is_that_colour_in_that_size() {
        let owned = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        let detail = ProductDetail {
            description: "A light puffer.".to_owned(),
            product_type: "Jacket".to_owned(),
            vendor: String::new(),
            options: vec![
                ("Color".to_owned(), owned(&["Black", "Lavender"])),
                ("Size".to_owned(), owned(&["S", "M", "L"])),
            ],
            in_stock_values: owned(&["Black", "Lavender", "S", "M", "L"]),
            // Lavender M is sold out; black M is not.
            in_stock_variants: vec![
                owned(&["Black", "S"]),
                owned(&["Black", "M"]),
                owned(&["Lavender", "S"]),
                owned(&["Lavender", "L"]),
            ],
        };
        let ask = |locale: Locale, question: &str| {
            answer(
                locale,
                &card("Featherlight Puffer"),
                &detail,
                Some(Attribute::Size),
                Some("M"),
                Some(question),
            )
        };
        let lavender = ask(
            Locale::En,
            "the puffer is so nice!! u have it in lavender, size M?",
        );
        assert!(
            lavender.contains("sold out") && lavender.contains("S, L"),
            "{lavender}"
        );
        let lila = ask(Locale::Es, "¿la tienes en lila, talla M?");
        assert!(lila.contains("agotado") && lila.contains("S, L"), "{lila}");
        let black = ask(Locale::En, "then black in M");
        assert!(black.starts_with("Yes"), "{black}");
        // No colour asked: the size alone.
        assert!(ask(Locale::En, "size M?").starts_with("Yes"));
    }

    #[test]
    fn a_size_asked_is_that_size_not_one_whose_name_contains_it() {
        let owned = |values: &[&str]| values.iter().map(|v| (*v).to_owned()).collect::<Vec<_>>();
        let detail = ProductDetail {
            description: "A straight-cut tee.".to_owned(),
            product_type: "T-Shirt".to_owned(),
            vendor: String::new(),
            options: vec![
                ("Color".to_owned(), owned(&["Black", "Grey"])),
                ("Size".to_owned(), owned(&["XS", "S", "M"])),
            ],
            in_stock_values: owned(&["Black", "Grey", "XS", "S", "M"]),
            // Black S is sold out.
            in_stock_variants: vec![
                owned(&["Black", "XS"]),
                owned(&["Black", "M"]),
                owned(&["Grey", "S"]),
            ],
        };
        let ask = |question: &str| {
            answer(
                Locale::En,
                &card("Classic Cotton Tee"),
                &detail,
                Some(Attribute::Size),
                Some("S"),
                Some(question),
            )
        };
        let black = ask("for me size S black ada?");
        assert!(
            black.contains("size S is sold out") && !black.contains("available in size XS"),
            "{black}"
        );
        let grey = ask("ok then for me the grey one, size S");
        assert!(
            grey.starts_with("Yes") && grey.contains("size S."),
            "{grey}"
        );
    }

    #[test]
    fn whether_something_fits_in_a_product_of_no_sizes_is_answered_from_its_description() {
        let detail = ProductDetail {
            description: "A 20-litre roll-top backpack. Its padded sleeve fits a 16-inch laptop. \
                          Water-resistant recycled nylon."
                .to_owned(),
            product_type: "Backpack".to_owned(),
            vendor: String::new(),
            options: Vec::new(),
            in_stock_values: Vec::new(),
            in_stock_variants: Vec::new(),
        };
        let reply = answer(
            Locale::En,
            &card("Commuter Backpack 20L"),
            &detail,
            Some(Attribute::Size),
            None,
            Some("the commuter one. will a 15in macbook fit in it? and is it ok in the rain"),
        );
        assert!(
            reply.contains("16-inch laptop") && reply.contains("Water-resistant"),
            "{reply}"
        );
    }

    #[test]
    fn a_full_stop_inside_a_number_ends_no_sentence() {
        let text = "Dials from 5 to 52.5 lb in 2.5 lb increments up to 25 lb. Then 5 lb steps! Tray included";
        assert_eq!(
            sentences(text).collect::<Vec<_>>(),
            vec![
                "Dials from 5 to 52.5 lb in 2.5 lb increments up to 25 lb.",
                "Then 5 lb steps!",
                "Tray included"
            ]
        );
        assert_eq!(
            first_sentence(text),
            "Dials from 5 to 52.5 lb in 2.5 lb increments up to 25 lb."
        );
    }

    #[test]
    fn a_number_asked_of_a_product_with_no_sizes_is_answered_from_its_description() {
        let detail = ProductDetail {
            description: "One dumbbell that replaces fifteen. Dials from 5 to 52.5 lb in 2.5 lb steps up to 25 lb, then in 5 lb steps.".to_owned(),
            product_type: "Adjustable Dumbbell".to_owned(),
            vendor: String::new(),
            options: Vec::new(),
            in_stock_values: Vec::new(),
            in_stock_variants: Vec::new(),
        };
        let said = answer(
            Locale::En,
            &card("QuickDial Adjustable Dumbbell"),
            &detail,
            Some(Attribute::Size),
            Some("2.5"),
            Some("does the QuickDial dumbbell go up in 2.5 lb steps?"),
        );
        assert!(said.contains("2.5 lb steps"), "{said}");
    }

    #[test]
    fn a_colour_asked_of_a_product_of_one_colour_says_its_sizes() {
        let detail = ProductDetail {
            description: "A warm winter duvet.".to_owned(),
            product_type: "Duvet".to_owned(),
            vendor: String::new(),
            options: vec![(
                "Size".to_owned(),
                vec!["Full".to_owned(), "Queen".to_owned(), "King".to_owned()],
            )],
            in_stock_values: Vec::new(),
            in_stock_variants: Vec::new(),
        };
        let said = answer(
            Locale::En,
            &card("Goose Down Duvet Insert"),
            &detail,
            Some(Attribute::Colour),
            None,
            Some("does the Goose Down duvet come in twin?"),
        );
        assert!(said.contains("Full, Queen, King"), "{said}");
    }

    #[test]
    fn a_question_about_a_measure_finds_the_sentence_that_gives_it() {
        let parka =
            "Our warmest jacket, made for real winters. Thigh length, rated to about −25 °C";
        let asked = |q: &str| {
            measures_asked(q)
                .iter()
                .any(|units| gives_measure(parka.rsplit('.').next().unwrap_or(""), units))
        };
        assert!(asked("¿hasta cuántos grados bajo cero aguanta?"));
        assert!(asked("how cold can it go?"));
        assert!(!asked("does it have pockets?"));
        assert!(gives_measure(
            "A 750 ml steel bottle.",
            measures_asked("how much does it hold")[0]
        ));
        assert!(gives_measure(
            "Weighs only 1.2kg.",
            measures_asked("¿cuánto pesa?")[0]
        ));
        assert!(!gives_measure(
            "Our warmest jacket.",
            measures_asked("¿cuánto pesa?")[0]
        ));
    }
}
