//! What the simulated shoppers say: product searches, refinements and order questions in
//! English and Spanish, in the order a shopper might say them. Each shopper starts at a
//! different place in its language's list.

pub const ENGLISH: &[&str] = &[
    "do you have hoodies?",
    "a warm jacket for my dad under 80",
    "show me something cheaper",
    "any running shoes in size 42?",
    "do you have it in black?",
    "I'm looking for a gift for my sister, maybe a scarf",
    "what about t-shirts under 25?",
    "is the beanie available in blue?",
    "how long does shipping take?",
    "where is my order?",
    "can I return something if it doesn't fit?",
    "show me backpacks",
    "something waterproof for hiking",
    "thanks!",
];

pub const SPANISH: &[&str] = &[
    "busco una sudadera",
    "una chaqueta abrigada para mi padre por menos de 80",
    "algo más barato",
    "¿tenéis zapatillas para correr en la talla 42?",
    "¿la tienes en negro?",
    "un regalo para mi hermana, quizás una bufanda",
    "camisetas de menos de 25 euros",
    "¿cuánto tarda el envío?",
    "¿dónde está mi pedido?",
    "¿puedo devolverlo si no me queda bien?",
    "quiero ver mochilas",
    "algo impermeable para hacer senderismo",
    "gracias",
];

/// The shopper's language (alternating) and its `turn`-th message.
pub fn locale_of(shopper: usize) -> &'static str {
    if shopper % 2 == 1 {
        "es"
    } else {
        "en"
    }
}

pub fn message(shopper: usize, turn: usize) -> &'static str {
    let list = if locale_of(shopper) == "en" {
        ENGLISH
    } else {
        SPANISH
    };
    list[(shopper / 2 + turn) % list.len()]
}
