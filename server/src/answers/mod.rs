//! The shop's own answers to questions about the shop, not a product: shipping, delivery,
//! countries, tax, payment methods, returns, support (written from its settings, `facts`) and
//! the questions and answers its merchant writes (`faq`). Both engines answer such questions
//! only from a search over them (`index`), naming the source; what nothing answers is kept for
//! the merchant (`unanswered`).

pub mod delivery;
pub mod facts;
pub mod faq;
pub mod index;
pub mod links;
pub mod refund_policy;
pub mod unanswered;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::locale::Locale;

pub use index::{AnswerHit, AnswerIndexes};

/// The language an entry is written in: one of the widget's two, or both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryLanguage {
    En,
    Es,
    Both,
}

impl EntryLanguage {
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "en" | "english" | "inglés" | "ingles" => Some(Self::En),
            "es" | "spanish" | "español" | "espanol" => Some(Self::Es),
            "both" | "" | "ambos" => Some(Self::Both),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Es => "es",
            Self::Both => "both",
        }
    }

    /// Whether a shopper writing in `locale` may be given it.
    pub fn serves(self, locale: Locale) -> bool {
        matches!(
            (self, locale),
            (Self::Both, _) | (Self::En, Locale::En) | (Self::Es, Locale::Es)
        )
    }
}

/// What an answer is about, for naming its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Shipping,
    Delivery,
    Countries,
    Tax,
    Payments,
    Returns,
    Support,
    /// An entry the merchant wrote on the Answers page.
    Faq,
}

impl Topic {
    /// "From our shipping policy:" — how the reply names where the answer comes from.
    pub fn source(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (Topic::Shipping | Topic::Countries, Locale::En) => "From our shipping policy:",
            (Topic::Shipping | Topic::Countries, Locale::Es) => "Según nuestra política de envíos:",
            (Topic::Delivery, Locale::En) => "From our delivery times:",
            (Topic::Delivery, Locale::Es) => "Según nuestros plazos de entrega:",
            (Topic::Tax, Locale::En) => "From our pricing:",
            (Topic::Tax, Locale::Es) => "Según nuestros precios:",
            (Topic::Payments, Locale::En) => "From our checkout settings:",
            (Topic::Payments, Locale::Es) => "Según nuestra configuración de pago:",
            (Topic::Returns, Locale::En) => "From our returns and refunds policy:",
            (Topic::Returns, Locale::Es) => "Según nuestra política de devoluciones y reembolsos:",
            (Topic::Support, Locale::En) => "From our customer service:",
            (Topic::Support, Locale::Es) => "Según nuestro servicio de atención:",
            (Topic::Faq, Locale::En) => "From our FAQ:",
            (Topic::Faq, Locale::Es) => "Según nuestras preguntas frecuentes:",
        }
    }
}

/// One answer the assistant may give: the questions it answers (what is searched) and the
/// text given.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub topic: Topic,
    /// The FAQ entry's id, for entries the merchant wrote.
    pub faq_id: Option<i64>,
    /// The question, and for generated entries other ways of asking it.
    pub question: String,
    pub answer: String,
    pub language: EntryLanguage,
}

/// Every entry of the shop: generated from its settings, then its enabled FAQ entries.
pub async fn entries(db: &DbPool, shop_id: i64) -> Result<Vec<Entry>, ApiError> {
    let facts = facts::ShopFacts::load(db, shop_id).await?;
    let mut all = facts::generated(&facts);
    all.extend(
        faq::list(db, shop_id)
            .await?
            .into_iter()
            .filter(|f| f.enabled)
            .map(|f| Entry {
                topic: Topic::Faq,
                faq_id: Some(f.id),
                question: f.question,
                answer: f.answer,
                language: f.language,
            }),
    );
    Ok(all)
}
