//! Handing a conversation to a person from the shop. It happens when the shopper asks for one
//! (either engine) or when the embedded engine could not help for [`HAND_OFF_AFTER`] messages in
//! a row. The conversation is flagged with a summary, the shop is notified (signed webhook,
//! `notify`) and the shopper is told honestly when to expect a reply. A conversation already
//! waiting for a person is not flagged again, and the shop is reminded at most once every
//! [`RENOTIFY_AFTER_MINUTES`]. The merchant answers and resolves through the admin API.
//!
//! The rule for "could not help": a message the embedded engine answers with its "I can only
//! help with products" fallback (nothing it understood, or a search with nothing to search
//! for). After two such messages in a row it offers "Talk to a person"; at the third it hands
//! off on its own. Any message it does help with starts the count again.

pub mod inbox;
pub mod notify;
pub mod summary;

use std::time::Duration;

use rand::RngCore;
use serde_json::json;

pub use summary::Reason;

use crate::audit;
use crate::audit::Actor;
use crate::db::{self, DbPool, DbTx};
use crate::error::ApiError;
use crate::links::Links;
use crate::locale::Locale;
use crate::messages::Payload;
use crate::sealed::SealingKey;
use crate::shop::Shop;
use notify::Notifier;

/// Messages in a row the embedded engine could not help with before it hands off.
pub const HAND_OFF_AFTER: u32 = 3;
/// A conversation already waiting for a person re-notifies the shop at most this often.
pub const RENOTIFY_AFTER_MINUTES: i64 = 30;
/// Messages read to build a summary (the newest).
const SUMMARY_WINDOW: i64 = 30;

/// What a handoff request did.
#[derive(Debug, Clone, PartialEq)]
pub struct Handoff {
    /// False when the conversation was already waiting for a person.
    pub first: bool,
    /// When to expect a reply, for the shopper (`StreamEvent::Handoff`).
    pub expected_reply: String,
    /// What the shopper is told: who has the conversation, when to expect the reply, where it
    /// will appear.
    pub notice: String,
}

/// What handing a conversation to a person needs: the database, the notifier that tells the
/// shop (and the key the shop's signing secret is sealed with), and links for the message.
#[derive(Clone, Copy)]
pub struct HandoffDeps<'a> {
    pub db: &'a DbPool,
    pub notifier: &'a Notifier,
    pub secrets: &'a SealingKey,
    pub links: &'a Links,
}

/// Flags the conversation for a person (once) and queues the shop's notification.
pub async fn flag(
    deps: HandoffDeps<'_>,
    shop: &Shop,
    conversation_id: &str,
    locale: Locale,
    reason: Reason,
    note: Option<&str>,
) -> Result<Handoff, ApiError> {
    let mut tx = db::begin_write(deps.db).await?;
    let row: Option<(db::Flag, db::Flag)> = sqlx::query_as(
        "select needs_human = 1, notified_at is null or notified_at < $3
         from conversation where id = $1 and shop_id = $2",
    )
    .bind(conversation_id)
    .bind(shop.id)
    .bind(db::ago(Duration::from_secs(
        60 * RENOTIFY_AFTER_MINUTES.unsigned_abs(),
    )))
    .fetch_optional(&mut *tx)
    .await?;
    let (db::Flag(waiting), db::Flag(renotify_due)) = row.ok_or(ApiError::ConversationNotFound)?;
    let (notify_url, reply_hours): (Option<String>, Option<i64>) =
        sqlx::query_as("select notify_url, handoff_reply_hours from shop where id = $1")
            .bind(shop.id)
            .fetch_one(&mut *tx)
            .await?;
    let notify_url = notify_url
        .filter(|u| !u.trim().is_empty())
        .filter(|_| deps.notifier.is_enabled());

    let mut delivery = None;
    if waiting {
        if renotify_due {
            if let Some(url) = &notify_url {
                let summary: Option<String> = sqlx::query_scalar(
                    "select handoff_summary from conversation where id = $1 and shop_id = $2",
                )
                .bind(conversation_id)
                .bind(shop.id)
                .fetch_one(&mut *tx)
                .await?;
                let notification = Notification {
                    kind: "conversation.shopper_waiting",
                    conversation_id,
                    summary: &summary.unwrap_or_default(),
                    reason,
                    locale,
                };
                delivery = Some(queue(deps.links, shop, &mut tx, url, &notification).await?);
            }
        }
    } else {
        let summary = summarise(&mut tx, shop, conversation_id, reason, note).await?;
        sqlx::query(
            "update conversation set needs_human = 1, handoff_summary = $1, handoff_reason = $2,
                 handoff_at = $5, resolved_at = null
             where id = $3 and shop_id = $4",
        )
        .bind(&summary)
        .bind(reason.as_str())
        .bind(conversation_id)
        .bind(shop.id)
        .bind(db::now())
        .execute(&mut *tx)
        .await?;
        let actor = match reason {
            Reason::ShopperAsked => "shopper",
            Reason::Unresolved => "assistant",
        };
        record(
            &mut tx,
            shop.id,
            conversation_id,
            "flagged",
            actor,
            reason.as_str(),
        )
        .await?;
        if let Some(url) = &notify_url {
            let notification = Notification {
                kind: "conversation.needs_human",
                conversation_id,
                summary: &summary,
                reason,
                locale,
            };
            delivery = Some(queue(deps.links, shop, &mut tx, url, &notification).await?);
        }
    }
    tx.commit().await?;
    if let Some(id) = delivery {
        deps.notifier
            .spawn(deps.db.clone(), deps.secrets.clone(), id);
    }
    let expected_reply = expected_reply(locale, reply_hours);
    Ok(Handoff {
        first: !waiting,
        notice: notice(locale, &shop.name, !waiting, &expected_reply),
        expected_reply,
    })
}

/// True when the conversation is waiting for a person.
pub async fn is_waiting(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
) -> Result<bool, ApiError> {
    let waiting: Option<db::Flag> = sqlx::query_scalar(
        "select needs_human = 1 from conversation where id = $1 and shop_id = $2",
    )
    .bind(conversation_id)
    .bind(shop_id)
    .fetch_optional(db)
    .await?;
    Ok(waiting.is_some_and(bool::from))
}

/// Appends a step to the conversation's handoff history.
pub async fn record(
    tx: &mut DbTx,
    shop_id: i64,
    conversation_id: &str,
    kind: &str,
    actor: &str,
    detail: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "insert into handoff_event (shop_id, conversation_id, kind, actor, detail) values ($1, $2, $3, $4, $5)",
    )
    .bind(shop_id)
    .bind(conversation_id)
    .bind(kind)
    .bind(actor)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    // The shop's audit log has every step too, beside the order and refund changes.
    let audit_actor = match actor {
        "shopper" => Actor::Shopper,
        "assistant" => Actor::Assistant,
        "merchant" => Actor::Merchant,
        "job" => Actor::Job,
        _ => Actor::System,
    };
    let action = format!("handoff.{kind}");
    audit::record(
        &mut **tx,
        audit::Entry {
            shop_id,
            actor: audit_actor,
            action: &action,
            subject: audit::Subject::Conversation(conversation_id),
            order_id: None,
            before: None,
            after: None,
            reason: detail,
        },
    )
    .await?;
    Ok(())
}

async fn summarise(
    tx: &mut DbTx,
    shop: &Shop,
    conversation_id: &str,
    reason: Reason,
    note: Option<&str>,
) -> Result<String, ApiError> {
    let mut rows: Vec<(String, String, String)> = sqlx::query_as(
        "select role, text, payload from message where conversation_id = $1 and shop_id = $2
         order by id desc limit $3",
    )
    .bind(conversation_id)
    .bind(shop.id)
    .bind(SUMMARY_WINDOW)
    .fetch_all(&mut **tx)
    .await?;
    rows.reverse();
    let lines: Vec<summary::Line<'_>> = rows
        .iter()
        .map(|(role, text, payload)| summary::Line {
            shopper: role == "shopper",
            text,
            products: serde_json::from_str::<Payload>(payload)
                .map(|p| p.products.into_iter().map(|c| c.title).collect())
                .unwrap_or_default(),
        })
        .collect();
    let spanish = Locale::parse(&shop.locale) == Locale::Es;
    Ok(summary::build(&lines, reason, note, spanish))
}

/// What a notification to the shop says.
struct Notification<'a> {
    /// `conversation.needs_human` (first), `conversation.shopper_waiting` (a reminder).
    kind: &'a str,
    conversation_id: &'a str,
    summary: &'a str,
    reason: Reason,
    /// The shopper's language.
    locale: Locale,
}

/// Stores a notification to send; returns its id.
async fn queue(
    links: &Links,
    shop: &Shop,
    tx: &mut DbTx,
    url: &str,
    notification: &Notification<'_>,
) -> Result<String, ApiError> {
    let Notification {
        kind,
        conversation_id,
        summary,
        reason,
        locale,
    } = *notification;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let id = format!("evt_{}", hex::encode(bytes));
    let created = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let body = json!({
        "id": id,
        "type": kind,
        "created": created,
        "shop": shop.public_key,
        "data": {
            "conversation_id": conversation_id,
            "reason": reason.as_str(),
            "summary": summary,
            "locale": locale.tag(),
            "admin_url": format!("{}/api/v1/admin/conversations/{conversation_id}", links.base()),
        },
    })
    .to_string();
    sqlx::query(
        "insert into notify_delivery (id, shop_id, conversation_id, url, body) values ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(shop.id)
    .bind(conversation_id)
    .bind(url)
    .bind(&body)
    .execute(&mut **tx)
    .await?;
    sqlx::query(
        "update conversation set notified_at = $3
         where id = $1 and shop_id = $2",
    )
    .bind(conversation_id)
    .bind(shop.id)
    .bind(db::now())
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

/// "A person from the shop will reply here, usually within a few hours."
pub fn expected_reply(locale: Locale, reply_hours: Option<i64>) -> String {
    let when = match (locale, reply_hours) {
        (Locale::En, None) => "within a few hours".to_owned(),
        (Locale::Es, None) => "en unas horas".to_owned(),
        (Locale::En, Some(1)) => "within an hour".to_owned(),
        (Locale::Es, Some(1)) => "en menos de una hora".to_owned(),
        (Locale::En, Some(h)) if h < 48 => format!("within {h} hours"),
        (Locale::Es, Some(h)) if h < 48 => format!("en menos de {h} horas"),
        (Locale::En, Some(h)) => format!("within {} days", (h + 23) / 24),
        (Locale::Es, Some(h)) => format!("en menos de {} días", (h + 23) / 24),
    };
    match locale {
        Locale::En => format!("A person from the shop will reply here, usually {when}."),
        Locale::Es => format!("Una persona de la tienda te responderá aquí, normalmente {when}."),
    }
}

/// What the shopper is told when the conversation is handed off (or already was).
pub fn notice(locale: Locale, shop_name: &str, first: bool, expected_reply: &str) -> String {
    match (locale, first) {
        (Locale::En, true) => format!(
            "I've passed this conversation to the {shop_name} team. {expected_reply} You can keep this chat open or come back to it later: their reply will appear right here. Meanwhile I can still help you find products."
        ),
        (Locale::En, false) => format!(
            "The {shop_name} team already has this conversation. {expected_reply} You can keep this chat open or come back to it later."
        ),
        (Locale::Es, true) => format!(
            "He pasado esta conversación al equipo de {shop_name}. {expected_reply} Puedes dejar el chat abierto o volver más tarde: su respuesta aparecerá aquí mismo. Mientras tanto, puedo seguir ayudándote a encontrar productos."
        ),
        (Locale::Es, false) => format!(
            "El equipo de {shop_name} ya tiene esta conversación. {expected_reply} Puedes dejar el chat abierto o volver más tarde."
        ),
    }
}

/// A short reminder, added to answers while the conversation waits for a person.
pub fn still_waiting(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "The shop's team has been notified and will reply here.",
        Locale::Es => "El equipo de la tienda ya está avisado y te responderá aquí.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_expected_reply_follows_the_shop_setting_in_both_languages() {
        assert!(expected_reply(Locale::En, None).ends_with("usually within a few hours."));
        assert!(expected_reply(Locale::Es, None).contains("en unas horas"));
        assert!(expected_reply(Locale::En, Some(4)).contains("within 4 hours"));
        assert!(expected_reply(Locale::Es, Some(72)).contains("3 días"));
        assert!(expected_reply(Locale::En, Some(1)).contains("within an hour"));
    }
}
