//! A first, simple assistant: finds products for a product-seeking message (English or
//! Spanish, with an optional "under N" budget) and answers greetings. Prices and stock on
//! the cards come from the catalog. The assistant issue replaces it with the full engines.

pub mod turn;

use shopchat_protocol::ProductCard;

use crate::catalog::search::{self, ProductRow};
use crate::error::ApiError;
use crate::shop::Shop;
use crate::state::AppState;

/// The shopper's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    Es,
}

impl Locale {
    /// `es`, `es-MX`… are Spanish; anything else is English.
    pub fn parse(tag: &str) -> Self {
        if tag.trim().to_ascii_lowercase().starts_with("es") {
            Locale::Es
        } else {
            Locale::En
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Es => "es",
        }
    }
}

/// What the assistant answers to one message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reply {
    pub text: String,
    pub products: Vec<ProductCard>,
    pub quick_replies: Vec<String>,
}

const MAX_CARDS: usize = 4;

/// Spanish (and colloquial) words mapped to the catalog's English vocabulary.
const SYNONYMS: &[(&str, &[&str])] = &[
    ("sudadera", &["hoodie"]),
    ("capucha", &["hoodie"]),
    ("chaqueta", &["jacket"]),
    ("chamarra", &["jacket"]),
    ("abrigo", &["jacket", "coat"]),
    ("parka", &["jacket"]),
    ("zapatilla", &["sneaker", "shoe"]),
    ("tenis", &["sneaker", "shoe"]),
    ("zapato", &["shoe"]),
    ("sneaker", &["sneaker", "shoe"]),
    ("trainer", &["sneaker", "shoe"]),
    ("camiseta", &["t", "shirt", "tee"]),
    ("playera", &["t", "shirt", "tee"]),
    ("tee", &["t", "shirt", "tee"]),
    ("gorro", &["beanie", "hat"]),
    ("sombrero", &["hat"]),
    ("gorra", &["cap", "hat"]),
    ("bufanda", &["scarf"]),
    ("guante", &["glove"]),
    ("mochila", &["backpack"]),
    ("bolso", &["bag", "tote"]),
    ("bolsa", &["bag", "tote"]),
    ("cartera", &["wallet"]),
    ("taza", &["mug"]),
    ("vela", &["candle"]),
    ("manta", &["blanket"]),
    ("cojin", &["cushion"]),
    ("lampara", &["lamp"]),
    ("botella", &["bottle"]),
    ("calcetin", &["sock"]),
    ("bota", &["boot"]),
    ("vestido", &["dress"]),
    ("jersey", &["sweater"]),
    ("sueter", &["sweater"]),
    ("pantalon", &["pant", "jean"]),
    ("vaquero", &["jean"]),
    ("correr", &["running"]),
    ("running", &["running"]),
    ("invierno", &["winter"]),
    ("calido", &["warm"]),
    ("abrigado", &["warm"]),
    ("lluvia", &["rain"]),
    ("hombre", &["men"]),
    ("mujer", &["women"]),
    ("regalo", &["gift"]),
    ("reloj", &["watch"]),
    ("gafa", &["sunglasses"]),
];

/// Words that carry no product meaning.
const STOPWORDS: &[&str] = &[
    "a", "an", "the", "for", "my", "me", "i", "im", "want", "need", "looking", "show", "some", "any",
    "do", "you", "have", "please", "find", "get", "buy", "with", "and", "or", "of", "in", "to", "is",
    "it", "that", "this", "what", "whats", "something", "quiero", "busco", "unas", "unos", "una", "un",
    "el", "la", "los", "las", "de", "del", "para", "mi", "me", "por", "favor", "tienes", "teneis", "hay",
    "algo", "con", "y", "o", "en", "que", "muestrame", "ensename", "necesito", "dad", "mom", "papa", "mama",
    "under", "below", "less", "than", "menos", "max", "hasta", "cheap", "barato",
];

const GREETINGS: &[&str] = &["hi", "hello", "hey", "hola", "buenas", "buenos", "hallo", "yo"];

/// Answers one shopper message.
pub async fn respond(state: &AppState, shop: &Shop, locale: Locale, message: &str) -> Result<Reply, ApiError> {
    let words = search::words(message);
    let budget = parse_budget(&words, shop.currency().exponent());
    let terms: Vec<String> = words
        .iter()
        .filter(|w| !STOPWORDS.contains(&w.as_str()) && w.parse::<f64>().is_err())
        .flat_map(|w| expand(w))
        .collect();

    if terms.is_empty() {
        let greeting = words.iter().any(|w| GREETINGS.contains(&w.as_str()));
        return Ok(if greeting || words.is_empty() { welcome(shop, locale) } else { not_understood(locale) });
    }

    let products = search::sellable_products(&state.db, shop.id).await?;
    let mut hits: Vec<(u32, &ProductRow)> = products
        .iter()
        .map(|p| (search::score(p, &terms), p))
        .filter(|(score, p)| *score > 0 && budget.is_none_or(|max| p.price_minor <= max))
        .collect();
    hits.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.in_stock.cmp(&a.1.in_stock)).then(a.1.price_minor.cmp(&b.1.price_minor)));
    // Keep the products as good as the best one: a weaker match is noise.
    let best = hits.first().map(|h| h.0).unwrap_or(0);
    hits.retain(|h| h.0 * 2 >= best);
    hits.truncate(MAX_CARDS);

    let query = message.trim();
    if hits.is_empty() {
        let text = match locale {
            Locale::En => format!("I couldn't find anything for “{query}” in this shop. Try another word, or browse a category:"),
            Locale::Es => format!("No encontré nada para «{query}» en esta tienda. Prueba con otra palabra o mira una categoría:"),
        };
        return Ok(Reply { text, products: vec![], quick_replies: starters(locale) });
    }
    let cards = hits
        .iter()
        .map(|(_, p)| search::card(state, shop, p, Some(reason(p, &terms, budget, shop, locale))))
        .collect::<Vec<_>>();
    let text = match (locale, cards.len()) {
        (Locale::En, 1) => "Here's what I found:".to_owned(),
        (Locale::En, n) => format!("Here are {n} options I found:"),
        (Locale::Es, 1) => "Esto es lo que encontré:".to_owned(),
        (Locale::Es, n) => format!("Aquí tienes {n} opciones:"),
    };
    let quick_replies = match locale {
        Locale::En => vec!["Something cheaper".to_owned(), "Show me jackets".to_owned()],
        Locale::Es => vec!["Algo más barato".to_owned(), "Muéstrame chaquetas".to_owned()],
    };
    Ok(Reply { text, products: cards, quick_replies })
}

fn expand(word: &str) -> Vec<String> {
    let stemmed = search::stem(word);
    SYNONYMS
        .iter()
        .find(|(from, _)| *from == stemmed || *from == word)
        .map(|(_, to)| to.iter().map(|s| (*s).to_owned()).collect())
        .unwrap_or_else(|| vec![word.to_owned()])
}

/// "under 80", "menos de 50", "max 30" → the most the shopper wants to pay, in minor units.
fn parse_budget(words: &[String], exponent: u32) -> Option<i64> {
    let cue = |w: &str| matches!(w, "under" | "below" | "than" | "de" | "max" | "hasta" | "maximo");
    words.windows(2).find_map(|pair| {
        if !cue(&pair[0]) {
            return None;
        }
        let whole: i64 = pair[1].parse().ok()?;
        whole.checked_mul(10_i64.pow(exponent))
    })
}

fn reason(p: &ProductRow, terms: &[String], budget: Option<i64>, shop: &Shop, locale: Locale) -> String {
    let matched: Vec<&str> = terms
        .iter()
        .filter(|t| search::score(p, std::slice::from_ref(t)) > 0)
        .map(String::as_str)
        .collect();
    let mut parts = Vec::new();
    if !matched.is_empty() {
        let list = matched.join(", ");
        parts.push(match locale {
            Locale::En => format!("matches “{list}”"),
            Locale::Es => format!("coincide con «{list}»"),
        });
    }
    if let Some(max) = budget {
        let amount = max / 10_i64.pow(shop.currency().exponent());
        let cur = shop.currency();
        parts.push(match locale {
            Locale::En => format!("under {amount} {}", cur.as_str()),
            Locale::Es => format!("menos de {amount} {}", cur.as_str()),
        });
    }
    if !p.in_stock {
        parts.push(match locale {
            Locale::En => "sold out".to_owned(),
            Locale::Es => "agotado".to_owned(),
        });
    }
    parts.join("; ")
}

fn starters(locale: Locale) -> Vec<String> {
    let items: &[&str] = match locale {
        Locale::En => &["Hoodies", "Warm jackets", "Running shoes", "Gifts for the home"],
        Locale::Es => &["Sudaderas", "Chaquetas cálidas", "Zapatillas para correr", "Regalos para casa"],
    };
    items.iter().map(|s| (*s).to_owned()).collect()
}

fn welcome(shop: &Shop, locale: Locale) -> Reply {
    let text = match (&shop.greeting, locale) {
        (Some(greeting), _) if !greeting.trim().is_empty() => greeting.clone(),
        (_, Locale::En) => format!("Hi! I'm the {} assistant. What are you looking for today?", shop.name),
        (_, Locale::Es) => format!("¡Hola! Soy el asistente de {}. ¿Qué estás buscando hoy?", shop.name),
    };
    Reply { text, products: vec![], quick_replies: starters(locale) }
}

fn not_understood(locale: Locale) -> Reply {
    let text = match locale {
        Locale::En => "I can help you find products in this shop. What are you looking for?",
        Locale::Es => "Puedo ayudarte a encontrar productos de esta tienda. ¿Qué buscas?",
    };
    Reply { text: text.to_owned(), products: vec![], quick_replies: starters(locale) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn w(text: &str) -> Vec<String> {
        search::words(text)
    }

    #[test]
    fn budgets_are_read_in_both_languages() {
        assert_eq!(parse_budget(&w("a warm jacket under 80"), 2), Some(8000));
        assert_eq!(parse_budget(&w("zapatillas por menos de 50 €"), 2), Some(5000));
        assert_eq!(parse_budget(&w("hoodie"), 2), None);
    }

    #[test]
    fn spanish_product_words_map_to_the_catalog_vocabulary() {
        assert_eq!(expand("sudaderas"), vec!["hoodie"]);
        assert_eq!(expand("chaqueta"), vec!["jacket"]);
        assert_eq!(expand("mug"), vec!["mug"]);
    }

    #[test]
    fn locale_tags_pick_spanish_or_english() {
        assert_eq!(Locale::parse("es-MX"), Locale::Es);
        assert_eq!(Locale::parse("en-GB"), Locale::En);
        assert_eq!(Locale::parse("fr"), Locale::En);
    }
}
