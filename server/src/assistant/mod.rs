//! The shopping assistant. Two engines share one set of server-side tools (`tools`): the
//! `embedded` engine (no network, English and Spanish understanding in `nlu`) and the `llm`
//! engine (any OpenAI-compatible endpoint), which falls back to the embedded one on a timeout,
//! an error or a malformed tool call. `turn` runs one turn and stores the reply.

pub mod consent;
mod deps;
pub mod embedded;
pub mod feedback;
pub mod llm;
pub mod nlu;
pub mod shop_engine;
pub mod tools;
pub mod turn;

pub use deps::AssistantDeps;

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags_pick_spanish_or_english() {
        assert_eq!(Locale::parse("es-MX"), Locale::Es);
        assert_eq!(Locale::parse("en-GB"), Locale::En);
        assert_eq!(Locale::parse("fr"), Locale::En);
    }
}
