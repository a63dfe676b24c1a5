//! The short summary a merchant reads before opening a handed-off conversation: why it was
//! handed off, what the shopper asked (their last messages), the products they were shown and
//! the orders they mentioned. Built from the stored conversation alone; no model is asked.

use crate::nlu;

/// Longest summary stored and sent, in characters.
pub const MAX_SUMMARY_CHARS: usize = 600;
/// Shopper messages quoted, newest last.
const QUOTED_MESSAGES: usize = 3;
/// Longest quote of one message, in characters.
const QUOTE_CHARS: usize = 140;
/// Longest assistant's note, in characters: it names the order and what is wanted.
const NOTE_CHARS: usize = 320;
/// Products named.
const PRODUCTS_NAMED: usize = 4;

/// Why a conversation was handed to a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The shopper asked for a person.
    ShopperAsked,
    /// The assistant could not help for several turns in a row.
    Unresolved,
}

impl Reason {
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::ShopperAsked => "shopper_asked",
            Reason::Unresolved => "unresolved",
        }
    }
}

/// One stored message as the summary reads it.
pub struct Line<'a> {
    pub shopper: bool,
    pub text: &'a str,
    /// Titles of the product cards shown with it.
    pub products: Vec<String>,
}

/// The summary, in the shop's language (`es` or English), at most [`MAX_SUMMARY_CHARS`].
/// `note` is what the assistant added (the LLM engine's own summary, or the order a refund or
/// cancellation is about), quoted right after why, so the length limit never cuts it.
pub fn build(lines: &[Line<'_>], reason: Reason, note: Option<&str>, spanish: bool) -> String {
    let mut parts: Vec<String> = Vec::new();
    parts.push(match (reason, spanish) {
        (Reason::ShopperAsked, false) => "The shopper asked for a person.".into(),
        (Reason::ShopperAsked, true) => "El cliente pidió hablar con una persona.".into(),
        (Reason::Unresolved, false) => {
            "The assistant could not help for several messages in a row.".into()
        }
        (Reason::Unresolved, true) => {
            "El asistente no pudo ayudar en varios mensajes seguidos.".into()
        }
    });
    if let Some(note) = note.map(str::trim).filter(|n| !n.is_empty()) {
        let label = if spanish {
            "Nota del asistente"
        } else {
            "Assistant's note"
        };
        parts.push(format!("{label}: {}", shorten(note, NOTE_CHARS)));
    }

    let asked: Vec<String> = lines
        .iter()
        .filter(|l| l.shopper)
        .rev()
        .take(QUOTED_MESSAGES)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map(|l| format!("\u{201c}{}\u{201d}", quote(l.text)))
        .collect();
    if !asked.is_empty() {
        let label = if spanish { "Escribió" } else { "They wrote" };
        parts.push(format!("{label}: {}.", asked.join(" / ")));
    }

    let mut products: Vec<&str> = Vec::new();
    for line in lines.iter().rev() {
        for title in &line.products {
            if !products.contains(&title.as_str()) && products.len() < PRODUCTS_NAMED {
                products.push(title);
            }
        }
    }
    if !products.is_empty() {
        let label = if spanish {
            "Productos vistos"
        } else {
            "Products shown"
        };
        parts.push(format!("{label}: {}.", products.join(", ")));
    }

    let mut orders: Vec<String> = Vec::new();
    for line in lines.iter().filter(|l| l.shopper) {
        // The exponent only matters for budgets, which the summary doesn't use.
        if let Some(number) = nlu::understand(line.text, 2).slots.order_number {
            if !orders.contains(&number) {
                orders.push(number);
            }
        }
    }
    if !orders.is_empty() {
        let label = if spanish {
            "Pedidos mencionados"
        } else {
            "Orders mentioned"
        };
        parts.push(format!("{label}: {}.", orders.join(", ")));
    }

    let summary = parts.join(" ");
    if summary.chars().count() <= MAX_SUMMARY_CHARS {
        summary
    } else {
        let mut cut: String = summary.chars().take(MAX_SUMMARY_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// One line of a message, shortened.
fn quote(text: &str) -> String {
    shorten(text, QUOTE_CHARS)
}

/// `text` on one line, at most `max` characters.
fn shorten(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut cut: String = flat.chars().take(max - 1).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shopper(text: &str) -> Line<'_> {
        Line {
            shopper: true,
            text,
            products: vec![],
        }
    }

    #[test]
    fn the_summary_says_why_what_was_asked_and_which_products_and_orders() {
        let lines = [
            shopper("do you have hoodies?"),
            Line {
                shopper: false,
                text: "Here are 2 hoodies.",
                products: vec!["Classic Hoodie".into(), "Zip Hoodie".into()],
            },
            shopper("my order SC-1042 never arrived"),
            shopper("I want to talk to a real person"),
        ];
        let summary = build(&lines, Reason::ShopperAsked, None, false);
        assert!(summary.starts_with("The shopper asked for a person."));
        assert!(summary.contains("my order SC-1042 never arrived"));
        assert!(summary.contains("I want to talk to a real person"));
        assert!(summary.contains("Products shown: Classic Hoodie, Zip Hoodie."));
        assert!(summary.contains("Orders mentioned: SC-1042."));
        assert!(!summary.contains("Here are 2 hoodies"), "{summary}");
    }

    #[test]
    fn only_the_last_messages_are_quoted_and_the_summary_stays_short() {
        let long = "a".repeat(1000);
        let lines: Vec<Line<'_>> = (0..10).map(|_| shopper(&long)).collect();
        let summary = build(&lines, Reason::Unresolved, Some(&long), true);
        assert!(summary.chars().count() <= MAX_SUMMARY_CHARS);
        assert!(summary.starts_with("El asistente no pudo ayudar"));
        let first = build(
            &[shopper("first"), shopper("b"), shopper("c"), shopper("d")],
            Reason::Unresolved,
            None,
            false,
        );
        assert!(!first.contains("first"), "{first}");
    }
}
