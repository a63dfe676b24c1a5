//! The shop's own answers (its FAQ and the facts it configured) to a shopper's question.

use serde_json::json;

use super::{OutcomeKind, ToolContext, ToolOutcome};
use crate::error::ApiError;

/// The shop's own answer to a question about it, or an honest "nothing found" (the question
/// is then kept for the merchant's Answers page).
pub(super) async fn search_answers(
    ctx: &ToolContext<'_>,
    question: &str,
) -> Result<ToolOutcome, ApiError> {
    let hit = ctx
        .deps
        .answers
        .search(&ctx.deps.db, ctx.shop.id, question, ctx.locale)
        .await?;
    // Kept for the merchant's Answers page: no answer, or one covering only part of it.
    use crate::answers::unanswered::{self, Reason, CONFIDENT};
    let kept = match &hit {
        None => Some(Reason::NoMatch),
        Some(hit) if hit.coverage < CONFIDENT => Some(Reason::LowConfidence),
        Some(_) => None,
    };
    if let Some(reason) = kept {
        unanswered::record(
            &ctx.deps.db,
            ctx.shop.id,
            Some(ctx.conversation_id),
            question,
            ctx.locale,
            reason,
        )
        .await?;
    }
    Ok(match hit {
        Some(hit) => ToolOutcome {
            events: vec![],
            for_model: json!({
                "status": "found",
                "source": hit.entry.topic.source(ctx.locale),
                "answer": hit.entry.answer,
            }),
            kind: OutcomeKind::Answered {
                source: hit.entry.topic.source(ctx.locale),
                answer: hit.entry.answer,
            },
        },
        None => ToolOutcome {
            events: vec![],
            for_model: json!({
                "status": "not_found",
                "detail": "The shop has no answer to this. Say you don't know rather than guess, and offer a person from the shop."
            }),
            kind: OutcomeKind::NotAnswered,
        },
    })
}
