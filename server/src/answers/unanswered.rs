//! Questions the assistant couldn't answer (nothing the shop wrote covers them, the best
//! answer covers only part of them, or the shopper was handed to a person), kept for the
//! merchant and listed on the Answers page grouped by similarity, with how often each was asked
//! and why. A group disappears from the list once the shop's answers cover its question well.

use super::index::{overlap, question_stems, Matcher};
use super::Entry;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::locale::Locale;

/// Questions this alike (shared content words) are one group.
const SAME_QUESTION: f32 = 0.5;
/// The list reads at most this many recent questions.
const RECENT: i64 = 2000;

/// An answer covering less of a question than this is given, but the question is kept as
/// answered with low confidence (the index's own floor is `index::MIN_COVERAGE`).
pub const CONFIDENT: f32 = 0.8;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    NoMatch,
    /// Answered, but the best answer covered only part of the question.
    LowConfidence,
    HandedOff,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Reason::NoMatch => "no_match",
            Reason::LowConfidence => "low_confidence",
            Reason::HandedOff => "handed_off",
        }
    }

    fn parse(text: &str) -> Reason {
        match text {
            "low_confidence" => Reason::LowConfidence,
            "handed_off" => Reason::HandedOff,
            _ => Reason::NoMatch,
        }
    }

    /// How the Answers page says it.
    pub fn label(self) -> &'static str {
        match self {
            Reason::NoMatch => "no answer",
            Reason::LowConfidence => "answered with low confidence",
            Reason::HandedOff => "handed to a person",
        }
    }
}

/// Keeps a question the assistant couldn't answer.
pub async fn record(
    db: &DbPool,
    shop_id: i64,
    conversation_id: Option<&str>,
    question: &str,
    locale: Locale,
    reason: Reason,
) -> Result<(), ApiError> {
    let question: String = question.trim().chars().take(300).collect();
    if question.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "insert into unanswered_question (shop_id, conversation_id, question, language, reason)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(shop_id)
    .bind(conversation_id)
    .bind(&question)
    .bind(match locale {
        Locale::En => "en",
        Locale::Es => "es",
    })
    .bind(reason.as_str())
    .execute(db)
    .await?;
    Ok(())
}

/// One group of alike questions.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The most recent wording.
    pub question: String,
    pub count: usize,
    pub last_asked: String,
    pub language: Locale,
    /// A conversation where it was asked (the most recent).
    pub conversation_id: Option<String>,
    /// Why it was kept, the most recent time.
    pub reason: Reason,
}

#[derive(sqlx::FromRow)]
struct Row {
    question: String,
    language: String,
    created_at: String,
    conversation_id: Option<String>,
    reason: String,
}

/// The shop's unanswered questions that its answers (`entries`) still don't cover, grouped,
/// the most asked first.
pub async fn groups(db: &DbPool, shop_id: i64, entries: &[Entry]) -> Result<Vec<Group>, ApiError> {
    let rows: Vec<Row> = sqlx::query_as(
        "select question, language, created_at, conversation_id, reason from unanswered_question
         where shop_id = $1 order by created_at desc, id desc limit $2",
    )
    .bind(shop_id)
    .bind(RECENT)
    .fetch_all(db)
    .await?;
    // Each group with the stems of its question, analysed once.
    let mut groups: Vec<(Group, std::collections::HashSet<String>)> = Vec::new();
    for row in rows {
        let stems = question_stems(&row.question);
        if let Some((group, _)) = groups
            .iter_mut()
            .find(|(_, g)| overlap(g, &stems) >= SAME_QUESTION)
        {
            group.count += 1;
            continue;
        }
        groups.push((
            Group {
                question: row.question,
                count: 1,
                last_asked: row.created_at,
                language: if row.language == "es" {
                    Locale::Es
                } else {
                    Locale::En
                },
                conversation_id: row.conversation_id,
                reason: Reason::parse(&row.reason),
            },
            stems,
        ));
    }
    let mut groups: Vec<Group> = groups.into_iter().map(|(g, _)| g).collect();
    if let Some(matcher) = Matcher::new(entries.to_vec()) {
        groups.retain(|g| {
            matcher
                .best(&g.question, g.language)
                .is_none_or(|hit| hit.coverage < CONFIDENT)
        });
    }
    groups.sort_by(|a, b| b.count.cmp(&a.count).then(b.last_asked.cmp(&a.last_asked)));
    Ok(groups)
}
