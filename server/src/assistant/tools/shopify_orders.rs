//! The order tools on a Shopify order (a shop that set up Shopify order status): looking it
//! up through the Admin API, and handing a refund or cancellation of it to the shop's team,
//! since the chat moves no money on orders it didn't take.

use serde_json::json;
use shopchat_protocol::{OrderCard, StreamEvent};

use super::after_sale::{card_for_model, log_tool, money, proof_outcome, ProofProblem};
use super::{OutcomeKind, ToolContext, ToolOutcome};
use crate::error::ApiError;
use crate::shopify::orders::ShopifyOrder;
use crate::shopify::{proven, AdminApi};

/// Longest quote of the shopper's words in the note to the shop's team.
const WORDS_IN_NOTE: usize = 90;
/// Line items named in the note.
const ITEMS_IN_NOTE: usize = 3;

/// True when the conversation has proven a Shopify order (by number and email) and none of the
/// shop's own: "where is my refund?" and "is it too late to cancel?" are then about that one.
pub(crate) async fn shopify_order_proven(ctx: &ToolContext<'_>) -> Result<bool, ApiError> {
    let db = &ctx.deps.db;
    let local = crate::orders::ownership::proven_orders(db, ctx.shop.id, ctx.conversation_id)
        .await?
        .is_empty();
    Ok(local
        && !proven::proven(db, ctx.shop.id, ctx.conversation_id)
            .await?
            .is_empty())
}

/// Looks up a Shopify order for the conversation. `Ok(None)`: no order with this number and
/// email (or no Shopify store set up).
pub(super) async fn shopify_lookup(
    ctx: &ToolContext<'_>,
    number: i64,
    email: &str,
) -> Result<Result<Option<ShopifyOrder>, ProofProblem>, ApiError> {
    let found = match AdminApi::for_shop(
        &ctx.deps.db,
        &ctx.deps.secrets,
        &ctx.deps.outbound,
        ctx.shop.id,
    )
    .await?
    {
        None => return Ok(Ok(None)),
        Some(Ok(api)) => api.find_order(number, email).await,
        Some(Err(problem)) => Err(problem),
    };
    Ok(match found {
        Ok(order) => Ok(order),
        Err(problem) => {
            tracing::warn!(shop = ctx.shop.id, %problem, "a Shopify order lookup failed");
            Err(ProofProblem::LookupUnavailable)
        }
    })
}

/// What the shopper wants done with an order the chat can't act on.
#[derive(Debug, Clone, Copy)]
pub(super) enum Wish<'a> {
    Refund {
        reason: &'a str,
        amount: Option<i64>,
    },
    Cancel {
        reason: &'a str,
    },
}

impl<'a> Wish<'a> {
    pub(super) fn tool(self) -> &'static str {
        match self {
            Wish::Refund { .. } => "tool.request_refund",
            Wish::Cancel { .. } => "tool.cancel_order",
        }
    }

    pub(super) fn reason(self) -> &'a str {
        match self {
            Wish::Refund { reason, .. } | Wish::Cancel { reason } => reason,
        }
    }
}

/// Refunds and cancellations of Shopify orders are the shop's: no money moves here. The
/// conversation goes to a person, with a note naming the order and what the shopper wants.
pub(super) async fn shopify_handoff(
    ctx: &ToolContext<'_>,
    order: &ShopifyOrder,
    wish: Wish<'_>,
) -> Result<ToolOutcome, ApiError> {
    let card = match order.card() {
        Ok(card) => card,
        Err(problem) => {
            tracing::warn!(shop = ctx.shop.id, %problem, "a Shopify order could not be shown");
            return Ok(proof_outcome(ProofProblem::LookupUnavailable));
        }
    };
    let reason: String = wish.reason().chars().take(200).collect();
    let note = handoff_note(order, &card, wish);
    let handoff = ctx
        .hand_off(crate::handoff::Reason::ShopperAsked, Some(&note))
        .await?;
    log_tool(
        ctx,
        wish.tool(),
        None,
        json!({"result": "handed_off", "shopify_order": card.order_number}),
        &reason,
    )
    .await?;
    Ok(ToolOutcome {
        events: vec![
            StreamEvent::Order {
                order: card.clone(),
            },
            StreamEvent::Handoff {
                expected_reply: handoff.expected_reply.clone(),
            },
        ],
        for_model: json!({
            "status": "handed_off",
            "order": card_for_model(&card),
            "detail": format!("This order was placed in the shop's online store: refunds and cancellations of it are the shop team's, and nothing was refunded or canceled. The team has been told what the shopper wants. Tell the shopper honestly, in their language: {}", handoff.notice),
        }),
        kind: OutcomeKind::OrderHandedOff {
            card: Box::new(card),
            notice: handoff.notice,
            expected_reply: handoff.expected_reply,
        },
    })
}

/// What the shop's team reads first: the Shopify order (number, items, total, status in
/// Shopify's words) and what the shopper asked for, in their words. Kept short enough for the
/// handoff summary to show it whole.
fn handoff_note(order: &ShopifyOrder, card: &OrderCard, wish: Wish<'_>) -> String {
    let lines = &order.line_items.nodes;
    let mut items: Vec<String> = lines
        .iter()
        .take(ITEMS_IN_NOTE)
        .map(|line| {
            let variant = line
                .variant_title
                .as_deref()
                .filter(|v| !v.is_empty() && *v != "Default Title")
                .map(|v| format!(" ({v})"))
                .unwrap_or_default();
            format!("{} × {}{variant}", line.quantity.max(1), line.title)
        })
        .collect();
    if lines.len() > ITEMS_IN_NOTE {
        items.push(format!("{} more", lines.len() - ITEMS_IN_NOTE));
    }
    if items.is_empty() {
        items.push(card.title.clone());
    }
    let status: Vec<String> = [
        order.display_financial_status.as_deref(),
        order.display_fulfillment_status.as_deref(),
        order.cancelled_at.as_ref().map(|_| "CANCELLED"),
    ]
    .into_iter()
    .flatten()
    .map(|s| format!("; {}", s.to_ascii_lowercase().replace('_', " ")))
    .collect();
    let what = match wish {
        Wish::Refund { .. } => "a refund",
        Wish::Cancel { .. } => "to cancel it",
    };
    let words: String = wish
        .reason()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(WORDS_IN_NOTE)
        .collect();
    let words = if words.is_empty() {
        String::new()
    } else {
        format!(" (\u{201c}{words}\u{201d})")
    };
    format!(
        "Shopify order {}: {}; total {}{}. The shopper wants {what}{words}. Nothing was refunded or canceled in the chat: do it in Shopify.",
        card.order_number,
        items.join(", "),
        money(card.breakdown.total.minor, card),
        status.concat(),
    )
}
