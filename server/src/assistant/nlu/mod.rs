//! Natural-language understanding for the embedded engine: what an English or Spanish shopper
//! wants (the [`Intent`]) and the details they gave ([`Slots`]), robust to typos and chat
//! spelling. Pure and dependency-free, so it runs in microseconds on every turn and can be
//! measured offline (`shopchat eval intents`).
//!
//! The pipeline: `normalize` (fold, expand, split, correct) → `cues` (lexicon concepts) →
//! `slots`/`budget`/`ids` (details) → `intent` (weighted evidence → intent + confidence).

mod budget;
mod catalog_words;
mod cues;
mod ids;
mod intent;
mod language;
mod lexicon;
pub mod normalize;
mod refinement;
mod shop_lexicon;
mod slots;
mod spelling;
mod vocab;

#[cfg(test)]
mod tests;

pub use catalog_words::Recipient;
pub use refinement::Refinement;
pub use slots::Attribute;

use super::Locale;
use lexicon::Cue;

/// What the shopper wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intent {
    /// Recommend, search, "show me…", or refine the last results.
    Browse,
    /// Size, material, price, stock, colour or care of a named or shown product.
    ProductQuestion,
    /// Buy, add to cart, check out, place an order.
    Buy,
    /// Where an order is, when it arrives.
    OrderStatus,
    /// Money back, a return, a refund's progress or the refund policy.
    Refund,
    /// Cancel an order.
    Cancel,
    /// Talk to a person or customer service.
    Human,
    Greeting,
    /// Thanks or goodbye.
    Thanks,
    /// Anything else: accounts, invoices, fees, changing an order, delivery options…
    OutOfScope,
}

/// One message understood.
#[derive(Debug, Clone, PartialEq)]
pub struct Understanding {
    pub intent: Intent,
    /// 0..=1: how clearly the evidence points at this intent rather than another.
    pub confidence: f32,
    /// Detected from the text.
    pub language: Locale,
    pub slots: Slots,
}

/// The details of a message. Money is in minor units of the shop's currency.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slots {
    pub budget_max: Option<i64>,
    pub budget_min: Option<i64>,
    /// "cheap", "barato", "affordable", "económico".
    pub cheap: bool,
    /// Catalog vocabulary (English, singular): "hoodie", "running", "shoe".
    pub product_terms: Vec<String>,
    /// Content words the lexicon does not know, such as a product's name ("pico", "summit"):
    /// the search may use them, nothing else relies on them.
    pub free_terms: Vec<String>,
    /// Canonical English colour: "blue" from "azul"; "navy" stays "navy".
    pub colour: Option<String>,
    /// "M", "XL", "42", "EU 42".
    pub size: Option<String>,
    pub recipient: Option<Recipient>,
    /// What a product question asks about.
    pub product_attribute: Option<Attribute>,
    /// How a follow-up changes the last results.
    pub refinement: Option<Refinement>,
    /// Normalised to "SC-<digits>".
    pub order_number: Option<String>,
    pub email: Option<String>,
}

/// Understands one shopper message. `currency_exponent` is the number of decimals of the
/// shop's currency (2 for EUR/USD, 0 for JPY), for budgets in minor units.
pub fn understand(text: &str, currency_exponent: u32) -> Understanding {
    let tokens = normalize::normalize(text);
    let found = cues::find(&tokens);
    let language = language::detect(text, &tokens);

    let budget = budget::read(&tokens, currency_exponent);
    let terms = slots::product_terms(&tokens, spelling::is_known);
    let nouns = terms.nouns;
    let colour = slots::colour(&tokens, language);
    let size = slots::size(&tokens);
    let refinement = ids::hash_ordinal(text)
        .map(Refinement::Ordinal)
        .or_else(|| refinement::refinement(&tokens, colour.is_some(), size.is_some(), nouns));
    let slots = Slots {
        budget_max: budget.max,
        budget_min: budget.min,
        cheap: slots::cheap(&tokens),
        product_terms: terms.terms,
        free_terms: terms.free,
        recipient: slots::recipient(&tokens),
        product_attribute: slots::attribute(&found),
        order_number: ids::order_number(text),
        email: ids::email(text),
        colour,
        size,
        refinement,
    };

    let evidence = intent::Evidence {
        product_nouns: nouns,
        qualifiers: terms.qualifiers,
        budget: budget.max.is_some() || budget.min.is_some(),
        cheap: slots.cheap,
        colour: slots.colour.is_some(),
        size: slots.size.is_some(),
        recipient: slots.recipient.is_some(),
        refinement: slots.refinement.is_some(),
        ordinal: matches!(slots.refinement, Some(Refinement::Ordinal(_))),
        order_number: slots.order_number.is_some(),
        own_order: owns_order(&tokens, &found),
        generic_order: generic_order(&tokens, &found),
        where_asks: where_asks(&tokens),
        question: asks(text, &tokens),
    };
    let (intent, confidence) = if tokens.is_empty() {
        (Intent::OutOfScope, 0.0)
    } else {
        intent::decide(&found, &evidence)
    };
    Understanding {
        intent,
        confidence,
        language,
        slots,
    }
}

/// "my order", "mi último pedido", "our package".
fn owns_order(tokens: &[String], found: &cues::Found) -> bool {
    found.hits.iter().filter(|h| h.cue == Cue::Order).any(|h| {
        let from = h.start.saturating_sub(2);
        tokens[from..h.start]
            .iter()
            .any(|t| matches!(t.as_str(), "my" | "our" | "mi" | "mis" | "nuestro"))
    })
}

/// Every order mentioned comes with an indefinite article: "an order", "un pedido".
fn generic_order(tokens: &[String], found: &cues::Found) -> bool {
    let mut orders = found.hits.iter().filter(|h| h.cue == Cue::Order).peekable();
    orders.peek().is_some()
        && orders.all(|h| {
            h.start > 0
                && matches!(
                    tokens[h.start - 1].as_str(),
                    "a" | "an" | "un" | "una" | "any"
                )
        })
}

/// "where my order is", "donde anda": "where" followed by its subject, not by "can I / do I".
fn where_asks(tokens: &[String]) -> bool {
    const MODALS: &[&str] = &[
        "can", "could", "do", "does", "should", "to", "would", "may", "will", "puedo", "se",
        "tengo", "hay", "debo", "podria", "puede", "i",
    ];
    tokens
        .iter()
        .position(|t| t == "where" || t == "donde")
        .is_some_and(|i| {
            tokens
                .get(i + 1)
                .is_some_and(|n| !MODALS.contains(&n.as_str()))
        })
}

/// A question mark, or a first word that opens a question.
fn asks(text: &str, tokens: &[String]) -> bool {
    const OPENERS: &[&str] = &[
        "what", "which", "how", "does", "do", "is", "are", "can", "could", "que", "cual", "como",
        "cuanto", "cuanta", "tiene", "tienes", "hay", "es", "esta",
    ];
    text.contains(['?', '¿'])
        || tokens
            .first()
            .is_some_and(|t| OPENERS.contains(&t.as_str()))
}
