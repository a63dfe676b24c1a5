//! What the embedded engine says, in English and Spanish. Several phrasings per situation,
//! picked by a seed from the message so the assistant doesn't sound canned but a given
//! message always gets the same answer (tests and evaluations stay repeatable). Every fact in
//! a reply (names, prices, sizes) is passed in from the catalog; templates never invent one.

use crate::locale::Locale;
use crate::nlu::shop_vocabulary::ShopVocabulary;
use crate::nlu::Intent;

/// Picks one of `options` by `seed`.
fn pick<'a>(seed: u64, options: &[&'a str]) -> &'a str {
    options[(seed as usize) % options.len()]
}

/// A stable seed from the shopper's words.
pub fn seed(text: &str) -> u64 {
    text.bytes().fold(1469598103934665603u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(1099511628211)
    })
}

pub fn found(locale: Locale, seed: u64, count: usize, what: &str, budget: Option<&str>) -> String {
    match (locale, count) {
        (Locale::En, n) => {
            let budget = budget.map(|b| format!(" under {b}")).unwrap_or_default();
            // "Jewelry", "footwear": picks from it, as no count of it reads well.
            let what = match (is_mass(what), n) {
                (true, 1) => format!("pick from our {what}"),
                (true, _) => format!("picks from our {what}"),
                (false, 1) => what.to_owned(),
                (false, _) => plural(what),
            };
            if n == 1 {
                format!(
                    "{} {what}{budget}:",
                    pick(seed, &["I found one", "Here's one", "There's one"])
                )
            } else {
                format!(
                    "{} {n} {what}{budget}:",
                    pick(seed, &["Here are", "I found", "Take a look at these"])
                )
            }
        }
        // Catalog words are the shop's (often English); the Spanish reply doesn't echo them.
        (Locale::Es, n) => {
            let budget = budget
                .map(|b| format!(" por menos de {b}"))
                .unwrap_or_default();
            if n == 1 {
                format!(
                    "{}{budget}:",
                    pick(seed, &["Encontré una opción", "Aquí tienes una opción"])
                )
            } else {
                format!(
                    "{} {n} opciones{budget}:",
                    pick(seed, &["Aquí tienes", "Encontré", "Mira estas"])
                )
            }
        }
    }
}

/// A retail category's word that takes no count ("jewelry", "footwear", "makeup").
fn is_mass(what: &str) -> bool {
    const MASS: &[&str] = &[
        "jewelry",
        "jewellery",
        "footwear",
        "outerwear",
        "clothing",
        "apparel",
        "makeup",
        "skincare",
        "haircare",
        "luggage",
        "furniture",
        "bedding",
        "lighting",
        "decor",
        "stationery",
        "kitchenware",
        "cookware",
        "bakeware",
        "tableware",
        "dinnerware",
        "swimwear",
        "underwear",
        "nightwear",
        "headwear",
        "eyewear",
        "activewear",
        "sportswear",
        "fragrance",
        "audio",
        "camping gear",
        "baby gear",
        "costume jewelry",
        "art supply",
        "garden tool",
        "cosmetic",
    ];
    MASS.contains(&what)
}

/// "warm jacket" → "warm jackets"; words already plural, and mass nouns ("footwear"), stay.
fn plural(what: &str) -> String {
    if is_mass(what) {
        return what.to_owned();
    }
    match what.rsplit_once(' ').map(|(_, last)| last).unwrap_or(what) {
        // A describing word last, no thing named: "insulated" → "insulated products", not
        // "insulateds". So is an activity ("hiking" → "hiking products", not "hikings"; a
        // "painting" or an "earring" is a thing).
        last if (last.len() >= 5 && last.ends_with("ed"))
            || (last.ends_with("ing")
                && [
                    "running",
                    "hiking",
                    "camping",
                    "cycling",
                    "climbing",
                    "fishing",
                    "skiing",
                    "swimming",
                    "walking",
                    "training",
                    "travelling",
                    "traveling",
                    "gardening",
                    "cooking",
                    "baking",
                    "reading",
                    "skating",
                    "surfing",
                    "jogging",
                    "sailing",
                    "riding",
                    "trekking",
                    "snowboarding",
                    "boxing",
                    "dancing",
                    "golfing",
                    "lifting",
                    "knitting",
                    "sewing",
                    "writing",
                    "working",
                    "commuting",
                ]
                .contains(&last))
            // (Or a describing word in -y: "cozy" → "cozy products", not "cosys".)
            || [
                "cozy", "cosy", "comfy", "fancy", "pretty", "sporty", "trendy", "funky", "chunky",
                "sturdy", "roomy", "stretchy", "sparkly", "classy", "dressy", "edgy", "fluffy",
                "heavy", "quirky",
            ]
            .contains(&last)
            || ["proof", "ful", "ous", "less"]
                .iter()
                .any(|e| last.ends_with(e)) =>
        {
            format!("{what} products")
        }
        last if last.ends_with("ss") => format!("{what}es"),
        last if last.ends_with('s') => what.to_owned(),
        last if last.ends_with(['x', 'h']) => format!("{what}es"),
        _ => format!("{what}s"),
    }
}

pub fn refined(locale: Locale, seed: u64) -> &'static str {
    match locale {
        Locale::En => pick(
            seed,
            &[
                "Here you go:",
                "How about these?",
                "These might suit you better:",
            ],
        ),
        Locale::Es => pick(
            seed,
            &[
                "Aquí tienes:",
                "¿Qué tal estas?",
                "Estas quizá te encajen mejor:",
            ],
        ),
    }
}

/// Nothing matched as asked: say what was not found, then offer the closest.
/// The cards found narrowed to those whose titles give the measure asked ("de 20 litros").
pub fn of_that_measure(locale: Locale, count: usize) -> &'static str {
    match (locale, count) {
        (Locale::En, 1) => "Here's the one of that size:",
        (Locale::En, _) => "Here are the ones of that size:",
        (Locale::Es, 1) => "Esta es la de esa medida:",
        (Locale::Es, _) => "Estas son las de esa medida:",
    }
}

/// Nothing of what is being refined comes in the size asked ("for women", then "in size 8").
/// `audience`: "women" or "men" when the search is for them.
pub fn not_in_that_size(locale: Locale, what: &str, audience: Option<&str>, size: &str) -> String {
    match locale {
        Locale::En => {
            let whose = match audience {
                Some("women") => "women's ",
                Some("men") => "men's ",
                _ => "",
            };
            format!(
                "I couldn't find {whose}{} in size {size}. Ask me which sizes one of them comes in, or try another size.",
                plural(what)
            )
        }
        Locale::Es => {
            let whose = match audience {
                Some("women") => " de mujer",
                Some("men") => " de hombre",
                _ => "",
            };
            format!(
                "No encontré {what}{whose} en la talla {size}. Pregúntame en qué tallas viene alguno, o prueba con otra talla."
            )
        }
    }
}

/// Every product of the search is what the shopper ruled out ("not leather" after boots that
/// are all leather): said so, the search shown kept.
pub fn all_of_them_are(locale: Locale, what: &str, ruled_out: &str) -> String {
    match locale {
        Locale::En => format!(
            "All the {} I have are {ruled_out}, so there's none without it. Ask me for something else, or keep looking at these.",
            plural(what)
        ),
        Locale::Es => "Todas las opciones que tengo son así, no hay ninguna sin eso. Pídeme otra cosa o sigue mirando estas.".to_owned(),
    }
}

/// "Any others?" when every one within the budget was shown: the same kind above it.
pub fn others_over_budget(locale: Locale, budget: &str) -> String {
    match locale {
        Locale::En => format!("That's all I have under {budget}. These are above it:"),
        Locale::Es => format!("Eso es todo lo que tengo por menos de {budget}. Estas lo superan:"),
    }
}

pub fn nothing_found(
    locale: Locale,
    what: &str,
    budget: Option<&str>,
    has_closest: bool,
) -> String {
    match (locale, has_closest) {
        (Locale::En, closest) => {
            let budget = budget.map(|b| format!(" under {b}")).unwrap_or_default();
            let then = if closest {
                "The closest I have are above your budget:"
            } else {
                "Could you try other words?"
            };
            format!(
                "I couldn't find {} {what}{budget} in this shop. {then}",
                if what.ends_with('s') || is_mass(what) {
                    "any"
                } else {
                    "a"
                }
            )
        }
        (Locale::Es, closest) => {
            let budget = budget
                .map(|b| format!(" por menos de {b}"))
                .unwrap_or_default();
            let then = if closest {
                "Lo más parecido que tengo supera tu presupuesto:"
            } else {
                "¿Pruebas con otras palabras?"
            };
            format!("No encontré nada así{budget} en esta tienda. {then}")
        }
    }
}

/// The kind asked for doesn't come in the colour asked for; its other colours follow.
/// Nothing of the kind asked for is within the budget; things close to it are.
pub fn close_within_budget(locale: Locale, what: &str, budget: &str) -> String {
    match locale {
        Locale::En => format!(
            "I couldn't find {} {what} under {budget}. These are close to it and within your \
             budget:",
            if what.ends_with('s') || is_mass(what) {
                "any"
            } else {
                "a"
            }
        ),
        Locale::Es => format!(
            "No encontré {what} por menos de {budget}. Estas opciones se le acercan y entran en \
             tu presupuesto:"
        ),
    }
}

/// A product asked for by name that the shop's words never name.
pub fn not_sold(locale: Locale, what: &str) -> String {
    match locale {
        Locale::En => format!(
            "I couldn't find {what} in this shop: it doesn't seem to be something we sell. Can I \
             help you find something else?"
        ),
        Locale::Es => format!(
            "No encontré {what} en esta tienda: no parece algo que vendamos. ¿Te ayudo a buscar \
             otra cosa?"
        ),
    }
}

pub fn not_in_that_colour(locale: Locale, what: &str) -> String {
    match locale {
        // ("I don't have jackets in that colour", not "jacket".)
        Locale::En => format!(
            "I don't have {} in that colour. These are the ones I have:",
            plural(what)
        ),
        // (Not the catalog's English words quoted: "No tengo «running shoe» en ese color".)
        Locale::Es => "No los tengo en ese color. Estos son los que tengo:".to_owned(),
    }
}

pub fn no_more(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "That's everything I have that matches. Want to try something else?",
        Locale::Es => "Eso es todo lo que tengo que encaje. ¿Buscamos otra cosa?",
    }
}

/// Nothing cheaper than what is shown; `cheapest` names the cheapest of it and its price.
pub fn nothing_cheaper(locale: Locale, cheapest: Option<(String, String)>) -> String {
    match (locale, cheapest) {
        (Locale::En, None) => "Those are already the most affordable matches I have.".into(),
        (Locale::Es, None) => "Esas ya son las opciones más económicas que tengo.".into(),
        (Locale::En, Some((title, price))) => format!(
            "Those are already the most affordable matches I have: the cheapest is the {title}, at {price}."
        ),
        (Locale::Es, Some((title, price))) => format!(
            "Esas ya son las opciones más económicas que tengo: la más barata es {title}, a {price}."
        ),
    }
}

/// Nothing of the kind shown is cheaper, but other things that are what was asked of it
/// ("warm") are.
pub fn cheaper_of_another_kind(locale: Locale) -> &'static str {
    match locale {
        Locale::En => {
            "Those are already the most affordable of their kind I have. These cost less and are \
             close to what you asked for:"
        }
        Locale::Es => {
            "Esas ya son las opciones más económicas de su tipo que tengo. Estas cuestan menos y \
             se acercan a lo que buscas:"
        }
    }
}

pub fn welcome(locale: Locale, seed: u64, shop_name: &str) -> String {
    match locale {
        Locale::En => format!(
            "{} I'm the {shop_name} assistant. What are you looking for today?",
            pick(seed, &["Hi!", "Hello!", "Hey there!"])
        ),
        Locale::Es => format!(
            "{} Soy el asistente de {shop_name}. ¿Qué estás buscando hoy?",
            pick(seed, &["¡Hola!", "¡Buenas!", "¡Hola, qué tal!"])
        ),
    }
}

pub fn thanks(locale: Locale, seed: u64) -> &'static str {
    match locale {
        Locale::En => pick(
            seed,
            &[
                "You're welcome! Anything else I can find for you?",
                "Happy to help! Anything else?",
            ],
        ),
        Locale::Es => pick(
            seed,
            &[
                "¡De nada! ¿Te ayudo con algo más?",
                "¡Un placer! ¿Algo más?",
            ],
        ),
    }
}

pub fn out_of_scope(locale: Locale, seed: u64) -> &'static str {
    match locale {
        Locale::En => pick(
            seed,
            &[
                "I can help you find products in this shop and answer questions about them. What are you looking for?",
                "I'm this shop's assistant, so I'm best at finding products. What can I look up for you?",
            ],
        ),
        Locale::Es => pick(
            seed,
            &[
                "Puedo ayudarte a encontrar productos de esta tienda y resolver dudas sobre ellos. ¿Qué buscas?",
                "Soy el asistente de esta tienda: lo mío es encontrar productos. ¿Qué te busco?",
            ],
        ),
    }
}

/// The shopper quoted an order number that is none of this chat's orders; the chat's own
/// order is the one shown.
pub fn another_order(locale: Locale, quoted: &str, shown: &str) -> String {
    match locale {
        Locale::En => format!(
            "I can't see order {quoted} in this chat, so here is the order I can see, {shown}. If you meant another order, send me its number and the email used at checkout."
        ),
        Locale::Es => format!(
            "No veo el pedido {quoted} en este chat, así que te muestro el que sí veo, {shown}. Si te refieres a otro pedido, envíame su número y el correo que usaste al comprar."
        ),
    }
}

/// The shopper complains of a kind of product the chat's order doesn't hold ("the watch I
/// bought stopped working" when this chat bought a beanie): the chat's order named, and the
/// other order's number and email asked for.
pub fn not_in_this_order(locale: Locale, shown: &str, title: &str) -> String {
    match locale {
        Locale::En => format!(
            "The order I can see in this chat, {shown}, is for {title}. If what you're writing about came in another order, send me that order's number (like SC-1042) and the email used at checkout."
        ),
        Locale::Es => format!(
            "El pedido que veo en este chat, {shown}, es de: {title}. Si lo que me cuentas llegó en otro pedido, envíame su número (como SC-1042) y el correo que usaste al comprar."
        ),
    }
}

/// After answering a question about the thing bought while its refund or cancellation
/// waits: the offer asked again.
pub fn still_go_ahead(locale: Locale, cancel: bool, number: &str) -> String {
    match (locale, cancel) {
        (Locale::En, true) => format!("Shall I still cancel order {number}?"),
        (Locale::En, false) => {
            format!("Shall I still go ahead with the refund for order {number}?")
        }
        (Locale::Es, true) => format!("¿Sigo adelante con la cancelación del pedido {number}?"),
        (Locale::Es, false) => format!("¿Sigo adelante con el reembolso del pedido {number}?"),
    }
}

/// Around an order's state, shown for "I have a problem with my order": sorry said first,
/// then what is wrong asked.
pub fn whats_wrong_with_it(locale: Locale, state: &str) -> String {
    match locale {
        Locale::En => format!("Sorry to hear there's a problem. {state} What's wrong with it? I can help with a refund or cancelling it, or put you through to the shop's team."),
        Locale::Es => format!("Siento que haya un problema. {state} ¿Qué le pasa? Puedo ayudarte con un reembolso o a cancelarlo, o pasarte con el equipo de la tienda."),
    }
}

/// A chip that acts on the chat's own order by its number ("Refund order SC-1001").
pub fn act_on_order(locale: Locale, refund: bool, number: &str) -> String {
    match (locale, refund) {
        (Locale::En, true) => format!("Refund order {number}"),
        (Locale::En, false) => format!("Cancel order {number}"),
        (Locale::Es, true) => format!("Reembolsar el pedido {number}"),
        (Locale::Es, false) => format!("Cancelar el pedido {number}"),
    }
}

/// Which of the products on screen a wish to buy means, naming them.
pub fn which_of(locale: Locale, titles: &[String]) -> String {
    let (last, first) = match titles.split_last() {
        Some(split) => split,
        None => return which_product(locale).to_owned(),
    };
    let list = |or: &str| {
        if first.is_empty() {
            last.clone()
        } else {
            format!("{} {or} {last}", first.join(", "))
        }
    };
    match locale {
        Locale::En => format!(
            "Which one would you like: {}? Tell me, or tap Buy on its card.",
            list("or")
        ),
        Locale::Es => format!(
            "¿Cuál quieres: {}? Dímelo o pulsa Comprar en su tarjeta.",
            list("o")
        ),
    }
}

pub fn which_product(locale: Locale) -> &'static str {
    match locale {
        Locale::En => {
            "Which product do you mean? Tell me its name, or ask me to show you some first."
        }
        Locale::Es => {
            "¿De qué producto hablas? Dime su nombre o pídeme que te enseñe algunos primero."
        }
    }
}

/// The checkout card is on screen, or every variant is sold out. Option names are the
/// shop's own (often English), so the Spanish reply names only sizes, which it can translate.
/// `in_chat`: the card takes the payment; otherwise it adds to the store's cart.
pub fn checkout(
    locale: Locale,
    title: &str,
    option_names: &[String],
    available: bool,
    in_chat: bool,
) -> String {
    let sizes = option_names
        .iter()
        .any(|n| n.eq_ignore_ascii_case("size") || n.eq_ignore_ascii_case("talla"));
    match (locale, available, in_chat) {
        (Locale::En, false, _) => format!("Sorry, {title} is sold out right now."),
        (Locale::Es, false, _) => format!("Lo siento, {title} está agotado ahora mismo."),
        (Locale::En, true, true) => {
            let step = match (sizes, option_names.is_empty()) {
                (true, _) => "pick your size and pay",
                (false, false) => "pick your options and pay",
                (false, true) => "you can pay",
            };
            format!("Here's the checkout for {title} — {step} right here in the chat.")
        }
        (Locale::Es, true, true) => {
            let step = match (sizes, option_names.is_empty()) {
                (true, _) => "elige tu talla y paga",
                (false, false) => "elige las opciones y paga",
                (false, true) => "puedes pagar",
            };
            format!("Aquí tienes la compra de {title}: {step} aquí mismo en el chat.")
        }
        (Locale::En, true, false) => {
            let step = match (sizes, option_names.is_empty()) {
                (true, _) => "pick your size and add it to your cart",
                (false, false) => "pick your options and add it to your cart",
                (false, true) => "add it to your cart",
            };
            format!("Here's {title} — {step}, then check out with the shop.")
        }
        (Locale::Es, true, false) => {
            let step = match (sizes, option_names.is_empty()) {
                (true, _) => "elige tu talla y añádelo al carrito",
                (false, false) => "elige las opciones y añádelo al carrito",
                (false, true) => "añádelo al carrito",
            };
            format!("Aquí tienes {title}: {step} y paga en la tienda.")
        }
    }
}

pub fn unavailable(locale: Locale, feature: &str) -> String {
    match (locale, feature) {
        (Locale::En, "checkout") => "Buying inside the chat isn't available in this shop yet — you can buy it from its product page (the View button).".into(),
        (Locale::Es, "checkout") => "Aún no se puede comprar dentro del chat en esta tienda: puedes comprarlo desde la página del producto (botón Ver).".into(),
        (Locale::En, _) => "That isn't available in this shop's chat yet. Please contact the shop directly.".into(),
        (Locale::Es, _) => "Eso todavía no está disponible en el chat de esta tienda. Contacta directamente con la tienda.".into(),
    }
}

/// Chips that start a search: the shop's most common product types, or these suggestions
/// (English, Spanish, a word the shop must sell) when the catalog sells most of them.
const SUGGESTED: &[(&str, &str, &str)] = &[
    ("Hoodies", "Sudaderas", "hoodie"),
    (
        "Warm jackets under $100",
        "Chaquetas cálidas por menos de 100",
        "jacket",
    ),
    ("Running shoes", "Zapatillas para correr", "running"),
    ("Gifts for the home", "Regalos para casa", "candle"),
];

pub fn starters(locale: Locale, vocabulary: Option<&ShopVocabulary>) -> Vec<String> {
    let Some(vocabulary) = vocabulary else {
        return Vec::new();
    };
    let suggested: Vec<String> = SUGGESTED
        .iter()
        .filter(|(_, _, word)| vocabulary.has(word))
        .map(|(en, es, _)| match locale {
            Locale::En => (*en).to_owned(),
            Locale::Es => (*es).to_owned(),
        })
        .collect();
    if suggested.len() >= 3 {
        return suggested;
    }
    vocabulary.types().iter().take(4).cloned().collect()
}

pub fn after_results(locale: Locale) -> Vec<String> {
    let items: &[&str] = match locale {
        Locale::En => &[
            "Something cheaper",
            "Show me others",
            "Tell me about the first one",
        ],
        Locale::Es => &["Algo más barato", "Enséñame otros", "Háblame del primero"],
    };
    items.iter().map(|s| (*s).to_owned()).collect()
}

/// A question about the shop that nothing the shop wrote answers.
pub fn no_shop_answer(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "I don't have an answer to that in this shop's information, and I'd rather not guess. A person from the shop can tell you.",
        Locale::Es => "No tengo la respuesta en la información de esta tienda y prefiero no inventarla. Una persona de la tienda te lo puede decir.",
    }
}

/// When the assistant can't tell which of two things the shopper wants.
pub fn which_did_you_mean(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Just to be sure I get it right: which of these do you mean?",
        Locale::Es => "Para asegurarme de entenderte bien: ¿a cuál de estas te refieres?",
    }
}

/// A chip that asks for this intent in words the assistant reads without doubt.
pub fn asking_for(locale: Locale, intent: Intent) -> Option<&'static str> {
    let es = locale == Locale::Es;
    Some(match intent {
        Intent::Browse if es => "Muéstrame productos",
        Intent::Browse => "Show me products",
        Intent::ProductQuestion if es => "Cuéntame más de este producto",
        Intent::ProductQuestion => "Tell me more about this product",
        Intent::Buy if es => "Quiero comprarlo",
        Intent::Buy => "I want to buy it",
        Intent::OrderStatus if es => "¿Dónde está mi pedido?",
        Intent::OrderStatus => "Where is my order?",
        Intent::Refund if es => "Quiero un reembolso",
        Intent::Refund => "I want a refund",
        Intent::RefundInfo if es => "¿Cuál es la política de reembolsos?",
        Intent::RefundInfo => "What's your refund policy?",
        Intent::Cancel if es => "Cancelar mi pedido",
        Intent::Cancel => "Cancel my order",
        Intent::CancelInfo if es => "¿Cómo se cancela un pedido?",
        Intent::CancelInfo => "How do I cancel an order?",
        Intent::Human if es => "Hablar con una persona",
        Intent::Human => "Talk to a person",
        Intent::PaymentProblem if es => "No puedo pagar",
        Intent::PaymentProblem => "I can't pay",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_describing_word_alone_is_said_of_products() {
        assert_eq!(plural("insulated"), "insulated products");
        assert_eq!(plural("hiking"), "hiking products");
        assert_eq!(plural("cozy"), "cozy products");
        assert_eq!(plural("earring"), "earrings");
        assert_eq!(plural("warm insulated"), "warm insulated products");
        assert_eq!(plural("waterproof"), "waterproof products");
        assert_eq!(plural("warm jacket"), "warm jackets");
        assert_eq!(plural("outdoor dress"), "outdoor dresses");
        assert_eq!(plural("boots"), "boots");
        assert_eq!(plural("bed"), "beds");
        assert_eq!(plural("box"), "boxes");
    }

    #[test]
    fn a_colour_not_had_is_said_in_the_shoppers_language() {
        assert_eq!(
            not_in_that_colour(Locale::En, "running shoe"),
            "I don't have running shoes in that colour. These are the ones I have:"
        );
        let es = not_in_that_colour(Locale::Es, "«running shoe»");
        assert!(!es.contains("running"), "{es}");
        assert!(es.contains("en ese color"), "{es}");
    }
}
