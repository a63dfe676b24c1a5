//! The order tools on a Shopify order (a shop that set up Shopify order status): looking it
//! up through the Admin API, and handing a refund or cancellation of it to the shop's team,
//! since the chat moves no money on orders it didn't take.

use serde_json::json;
use shopchat_protocol::StreamEvent;

use super::after_sale::{card_for_model, log_tool, money, proof_outcome, ProofProblem};
use super::{OutcomeKind, ToolContext, ToolOutcome};
use crate::error::ApiError;
use crate::shopify::orders::ShopifyOrder;
use crate::shopify::AdminApi;

/// Looks up a Shopify order for the conversation. `Ok(None)`: no order with this number and
/// email (or no Shopify store set up).
pub(super) async fn shopify_lookup(
    ctx: &ToolContext<'_>,
    number: i64,
    email: &str,
) -> Result<Result<Option<ShopifyOrder>, ProofProblem>, ApiError> {
    let found = match AdminApi::for_shop(ctx.state, ctx.shop.id).await? {
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
    let what = match wish {
        Wish::Refund { .. } => "a refund",
        Wish::Cancel { .. } => "to cancel it",
    };
    let reason: String = wish.reason().chars().take(200).collect();
    let note = format!(
        "Shopify order {} ({}, {}): the shopper wants {what}. Their words: \"{reason}\". Nothing was refunded or canceled in the chat.",
        card.order_number,
        card.title,
        money(card.breakdown.total.minor, &card),
    );
    let handoff = crate::handoff::flag(
        ctx.state,
        ctx.shop,
        ctx.conversation_id,
        ctx.locale,
        crate::handoff::Reason::ShopperAsked,
        Some(&note),
    )
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
