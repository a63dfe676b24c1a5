//! Handing the conversation to a person from the shop.

use serde_json::json;
use shopchat_protocol::StreamEvent;

use super::{OutcomeKind, ToolContext, ToolOutcome};
use crate::error::ApiError;

/// Flags the conversation for the shop's team, with the model's note for them.
pub(super) async fn handoff(ctx: &ToolContext<'_>, note: &str) -> Result<ToolOutcome, ApiError> {
    let note: String = note.chars().take(300).collect();
    let handoff = ctx
        .hand_off(crate::handoff::Reason::ShopperAsked, Some(&note))
        .await?;
    Ok(ToolOutcome {
        events: vec![StreamEvent::Handoff {
            expected_reply: handoff.expected_reply.clone(),
        }],
        for_model: json!({
            "status": if handoff.first { "handed_off" } else { "already_handed_off" },
            "detail": format!("The shop's team has been notified. Tell the shopper honestly, in their language: {}", handoff.notice),
        }),
        kind: OutcomeKind::HandedOff {
            first: handoff.first,
            notice: handoff.notice,
            expected_reply: handoff.expected_reply,
        },
    })
}
