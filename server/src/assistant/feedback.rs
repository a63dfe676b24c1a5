//! Shoppers' feedback without a byte more in the widget: the chips it already draws carry a
//! thumbs up or down under every reply (after the reply's own chips; not under a greeting,
//! nor under a question whose chips are the answers), and a one-tap rating when the shopper
//! says thanks. Tapping one is recorded against the reply it came with and answered here, before
//! either engine; the Analytics page counts them.

use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::locale::Locale;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A thumbs up or down on one reply.
    Reply,
    /// How the whole conversation went, asked when the shopper says thanks.
    Conversation,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Reply => "reply",
            Kind::Conversation => "conversation",
        }
    }
}

/// (kind, helpful, English, Spanish)
const CHIPS: &[(Kind, bool, &str, &str)] = &[
    (Kind::Reply, true, "👍 Helpful", "👍 Útil"),
    (Kind::Reply, false, "👎 Not helpful", "👎 No me sirvió"),
    (Kind::Conversation, true, "👍 Yes, thanks", "👍 Sí, gracias"),
    (Kind::Conversation, false, "👎 Not really", "👎 No mucho"),
];

fn chips(kind: Kind, locale: Locale) -> Vec<String> {
    CHIPS
        .iter()
        .filter(|(k, ..)| *k == kind)
        .map(|(_, _, en, es)| match locale {
            Locale::En => (*en).to_owned(),
            Locale::Es => (*es).to_owned(),
        })
        .collect()
}

/// The thumbs shown under a reply.
pub fn reply_chips(locale: Locale) -> Vec<String> {
    chips(Kind::Reply, locale)
}

/// Puts the thumbs after a reply's own chips, unless they already ask for feedback (the
/// rating after a thanks).
pub fn add_thumbs(chips: &mut Vec<String>, locale: Locale) {
    if chips.iter().all(|c| read(c).is_none()) {
        chips.extend(reply_chips(locale));
    }
}

/// The rating offered when the shopper says thanks.
pub fn rating_chips(locale: Locale) -> Vec<String> {
    chips(Kind::Conversation, locale)
}

/// "Did I help you today?"
pub fn rating_question(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "Did I help you today?",
        Locale::Es => "¿Te he ayudado hoy?",
    }
}

/// The feedback a message is, when it is exactly one of the chips.
pub fn read(text: &str) -> Option<(Kind, bool)> {
    let text = text.trim();
    CHIPS
        .iter()
        .find(|(.., en, es)| *en == text || *es == text)
        .map(|(kind, helpful, ..)| (*kind, *helpful))
}

/// The language of a feedback chip.
pub fn language_of(text: &str) -> Locale {
    if CHIPS.iter().any(|(.., es)| *es == text.trim()) {
        Locale::Es
    } else {
        Locale::En
    }
}

/// Records the feedback against the conversation's latest assistant message that offered
/// it. False when no such message exists (a typed "👍 Helpful" out of the blue).
pub async fn record(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
    kind: Kind,
    helpful: bool,
) -> Result<bool, ApiError> {
    let labels: Vec<String> = [Locale::En, Locale::Es]
        .into_iter()
        .flat_map(|l| chips(kind, l))
        .collect();
    let recent: Vec<(i64, String)> = sqlx::query_as(
        "select id, payload from message
         where conversation_id = $1 and shop_id = $2 and role = 'assistant'
         order by id desc limit 3",
    )
    .bind(conversation_id)
    .bind(shop_id)
    .fetch_all(db)
    .await?;
    let offered = recent.into_iter().find(|(_, payload)| {
        serde_json::from_str::<serde_json::Value>(payload)
            .ok()
            .and_then(|p| p.get("quick_replies").cloned())
            .and_then(|q| q.as_array().cloned())
            .is_some_and(|q| {
                q.iter()
                    .any(|c| c.as_str().is_some_and(|c| labels.iter().any(|l| l == c)))
            })
    });
    let Some((message_id, _)) = offered else {
        return Ok(false);
    };
    sqlx::query(
        "insert into feedback (shop_id, conversation_id, message_id, kind, helpful)
         values ($1, $2, $3, $4, $5)
         on conflict (message_id, kind) do update
         set helpful = excluded.helpful, created_at = $6",
    )
    .bind(shop_id)
    .bind(conversation_id)
    .bind(message_id)
    .bind(kind.as_str())
    .bind(db::Flag(helpful))
    .bind(db::now())
    .execute(db)
    .await?;
    Ok(true)
}

/// What the assistant says to the feedback.
pub fn thanks(locale: Locale, helpful: bool) -> &'static str {
    match (locale, helpful) {
        (Locale::En, true) => "Thanks for telling me!",
        (Locale::Es, true) => "¡Gracias por decírmelo!",
        (Locale::En, false) => "Thanks for telling me; the shop will see it. Try asking in other words, or ask for a person.",
        (Locale::Es, false) => "Gracias por decírmelo; la tienda lo verá. Prueba a preguntarlo de otra forma o pide hablar con una persona.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_chips_themselves_are_feedback() {
        assert_eq!(read("👍 Helpful"), Some((Kind::Reply, true)));
        assert_eq!(read(" 👎 No me sirvió "), Some((Kind::Reply, false)));
        assert_eq!(read("👍 Sí, gracias"), Some((Kind::Conversation, true)));
        assert_eq!(read("helpful"), None);
        assert_eq!(read("👍"), None);
    }
}
