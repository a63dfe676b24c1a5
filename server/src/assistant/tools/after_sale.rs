//! The order tools: `order_status`, `request_refund`, `cancel_order`. They act only on an order
//! this conversation has proven to be its shopper's (bought here, its token presented, or its
//! number and email given), the refund policy decides every refund, and each call is written
//! to the audit log. Nothing a shopper or a model says can approve a queued refund or raise an
//! amount beyond the policy: there is no argument for it. Refunds and cancellations are only
//! offered here; the shopper's yes carries them out (`crate::assistant::consent`). A shop that
//! set up Shopify order status also has its Shopify orders looked up (`crate::shopify`); those
//! are only shown, and a refund or cancellation of one goes to the shop's team.

use std::time::SystemTime;

use serde_json::{json, Value};
use shopchat_protocol::{OrderCard, StreamEvent};

use super::shopify_orders::{shopify_handoff, shopify_lookup, Wish};
use super::{OutcomeKind, ToolContext, ToolOutcome};
use crate::assistant::consent::{self, Action};
use crate::audit::Actor;
use crate::audit::{self, Entry, Subject};
use crate::error::ApiError;
use crate::money::format_minor;
use crate::orders::ownership::{self, parse_order_number};
use crate::orders::{load_order, order_card, status, OrderRow};
use crate::refunds::preview::{CancelPreview, RefundPreview};
use crate::refunds::{self, policy, CancelResult, RefundResult};
use crate::shopify::orders::ShopifyOrder;
use crate::shopify::proven as shopify_proven;

/// Why the tool can't act on an order yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProofProblem {
    /// No order is proven: ask for the order number and the email it was bought with.
    Ask,
    /// The number and email given match no order of this shop (which one is wrong isn't said).
    NoMatch,
    /// Too many failed attempts lately.
    RateLimited,
    /// The shop's Shopify store, where the order would be, didn't answer (or refused the
    /// shop's token): try again later. Not the shopper's fault, so not counted as a failure.
    LookupUnavailable,
}

impl ProofProblem {
    pub(super) fn code(self) -> &'static str {
        match self {
            ProofProblem::Ask => "proof_needed",
            ProofProblem::NoMatch => "no_match",
            ProofProblem::RateLimited => "rate_limited",
            ProofProblem::LookupUnavailable => "lookup_unavailable",
        }
    }
}

/// A proven order: one of this shop's own, or one of its Shopify store (looked up just now).
pub(crate) enum Proven {
    Local(Box<OrderRow>),
    Shopify(Box<ShopifyOrder>),
}

/// The order the call is about, once proven. An order number is looked for among the shop's
/// own orders first, then (when the shop set up Shopify order status) in its Shopify store;
/// both count as one attempt toward the failure limit.
async fn resolve(
    ctx: &ToolContext<'_>,
    order_number: Option<&str>,
    email: Option<&str>,
) -> Result<Result<Proven, ProofProblem>, ApiError> {
    let db = &ctx.deps.db;
    let proven = ownership::proven_orders(db, ctx.shop.id, ctx.conversation_id).await?;
    let proven_shopify = shopify_proven::proven(db, ctx.shop.id, ctx.conversation_id).await?;
    let number = order_number.map(str::trim).filter(|n| !n.is_empty());
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    let Some(number) = number else {
        if let Some(order) = proven.into_iter().next() {
            return Ok(Ok(Proven::Local(Box::new(order))));
        }
        let Some(remembered) = proven_shopify.into_iter().next() else {
            return Ok(Err(ProofProblem::Ask));
        };
        return Ok(
            match shopify_lookup(ctx, remembered.order_number, &remembered.email).await? {
                Ok(Some(order)) => Ok(Proven::Shopify(Box::new(order))),
                Ok(None) => Err(ProofProblem::Ask),
                Err(problem) => Err(problem),
            },
        );
    };
    let parsed = parse_order_number(number);
    if let Some(n) = parsed {
        if let Some(order) = proven.into_iter().find(|o| o.number == n) {
            return Ok(Ok(Proven::Local(Box::new(order))));
        }
        if let Some(remembered) = proven_shopify.iter().find(|p| p.order_number == n) {
            let asked = email.unwrap_or(&remembered.email);
            if asked.eq_ignore_ascii_case(&remembered.email) {
                match shopify_lookup(ctx, n, asked).await? {
                    Ok(Some(order)) => return Ok(Ok(Proven::Shopify(Box::new(order)))),
                    Err(problem) => return Ok(Err(problem)),
                    Ok(None) => {}
                }
            }
        }
    }
    let Some(email) = email else {
        return Ok(Err(ProofProblem::Ask));
    };
    let now = SystemTime::now();
    let Some(attempt) = ownership::begin_attempt(
        db,
        ctx.deps.order_proof_failures,
        ctx.shop.id,
        ctx.conversation_id,
        parsed,
        now,
    )
    .await?
    else {
        return Ok(Err(ProofProblem::RateLimited));
    };
    if let Some(order) = ownership::local_match(db, ctx.shop.id, parsed, email).await? {
        attempt.succeeded(db).await?;
        ownership::record_email_proof(db, ctx.shop.id, ctx.conversation_id, &order.id).await?;
        return Ok(Ok(Proven::Local(Box::new(order))));
    }
    let Some(n) = parsed else {
        return Ok(Err(ProofProblem::NoMatch));
    };
    match shopify_lookup(ctx, n, email).await? {
        Ok(Some(order)) => {
            attempt.succeeded(db).await?;
            shopify_proven::remember(db, ctx.shop.id, ctx.conversation_id, n, email).await?;
            Ok(Ok(Proven::Shopify(Box::new(order))))
        }
        Ok(None) => Ok(Err(ProofProblem::NoMatch)),
        Err(problem) => {
            // Shopify said nothing about the number or the email: no guess was checked.
            attempt.succeeded(db).await?;
            Ok(Err(problem))
        }
    }
}

/// Like [`resolve`], for the tools that act only on the shop's own orders: a Shopify order is
/// handed to the shop's team (`handoff`) with what the shopper asked for.
async fn resolve_local(
    ctx: &ToolContext<'_>,
    order_number: Option<&str>,
    email: Option<&str>,
    wish: Wish<'_>,
) -> Result<Result<OrderRow, ToolOutcome>, ApiError> {
    match resolve(ctx, order_number, email).await? {
        Ok(Proven::Local(order)) => Ok(Ok(*order)),
        Ok(Proven::Shopify(order)) => Ok(Err(shopify_handoff(ctx, &order, wish).await?)),
        Err(problem) => {
            let after = match wish {
                Wish::Refund { amount, .. } => {
                    json!({"result": problem.code(), "asked_minor": amount})
                }
                Wish::Cancel { .. } => json!({"result": problem.code()}),
            };
            log_tool(ctx, wish.tool(), None, after, wish.reason()).await?;
            Ok(Err(proof_outcome(problem)))
        }
    }
}

pub(super) fn proof_outcome(problem: ProofProblem) -> ToolOutcome {
    let detail = match problem {
        ProofProblem::Ask => "No order is proven in this chat. Ask the shopper for the order number (e.g. SC-1042) and the email used at checkout.",
        ProofProblem::NoMatch => "No order matches that number and email. Say exactly that, without telling which of the two is wrong, and ask to check both.",
        ProofProblem::RateLimited => "Too many failed attempts: the shopper must wait about 15 minutes before trying again.",
        ProofProblem::LookupUnavailable => "The shop's order system didn't answer, so the order couldn't be looked up. Say so and ask the shopper to try again in a few minutes; it's not their mistake.",
    };
    ToolOutcome {
        events: vec![],
        for_model: json!({"status": problem.code(), "detail": detail}),
        kind: OutcomeKind::ProofNeeded { problem },
    }
}

pub(super) fn money(minor: i64, card: &OrderCard) -> String {
    let currency = card.breakdown.total.currency;
    format!(
        "{} {}",
        format_minor(minor, currency.exponent()),
        currency.as_str()
    )
}

/// The card as a model reads it.
pub(super) fn card_for_model(card: &OrderCard) -> Value {
    json!({
        "order_number": card.order_number,
        "status": status::as_str(card.status),
        "item": card.title,
        "options": card.options,
        "total": money(card.breakdown.total.minor, card),
        "refunded": money(card.refunded.minor, card),
        "fulfillment": {
            "state": card.fulfillment.state,
            "carrier": card.fulfillment.carrier,
            "tracking_number": card.fulfillment.tracking_number,
        },
        "pending_refund_requests": card.pending_refunds.len(),
        "note": "The status card is on screen; summarise it in a sentence.",
    })
}

/// True when the chat has proven orders of the shop's own and `order_number` (as quoted,
/// without its email) is none of them, nor a Shopify order proven in the chat: acting on it
/// would need its email, while the chat's own order is at hand.
pub(crate) async fn quoted_elsewhere(
    ctx: &ToolContext<'_>,
    order_number: &str,
) -> Result<bool, ApiError> {
    let db = &ctx.deps.db;
    let proven = ownership::proven_orders(db, ctx.shop.id, ctx.conversation_id).await?;
    if proven.is_empty() {
        return Ok(false);
    }
    let Some(number) = parse_order_number(order_number) else {
        return Ok(true);
    };
    if proven.iter().any(|o| o.number == number) {
        return Ok(false);
    }
    let shopify = shopify_proven::proven(db, ctx.shop.id, ctx.conversation_id).await?;
    Ok(!shopify.iter().any(|p| p.order_number == number))
}

/// The card after the action, from the order as it is now.
pub(crate) async fn fresh_card(
    ctx: &ToolContext<'_>,
    order: &OrderRow,
) -> Result<OrderCard, ApiError> {
    let now = load_order(&ctx.deps.db, ctx.shop.id, &order.id)
        .await?
        .ok_or(ApiError::OrderNotFound)?;
    order_card(&ctx.deps.db, &now).await
}

/// Writes the assistant's action to the audit log.
pub(crate) async fn log_tool(
    ctx: &ToolContext<'_>,
    action: &str,
    order_id: Option<&str>,
    after: Value,
    reason: &str,
) -> Result<(), ApiError> {
    audit::record(
        &ctx.deps.db,
        Entry {
            shop_id: ctx.shop.id,
            actor: Actor::Assistant,
            action,
            subject: Subject::Conversation(ctx.conversation_id),
            order_id,
            before: None,
            after: Some(after),
            reason,
        },
    )
    .await?;
    Ok(())
}

pub(super) async fn order_status(
    ctx: &ToolContext<'_>,
    order_number: Option<&str>,
    email: Option<&str>,
) -> Result<ToolOutcome, ApiError> {
    let resolved = match resolve(ctx, order_number, email).await? {
        Ok(Proven::Local(order)) => order_card(&ctx.deps.db, &order)
            .await
            .map(|card| (Some(order.id), card))?,
        Ok(Proven::Shopify(order)) => match order.card() {
            Ok(card) => (None, card),
            Err(problem) => {
                tracing::warn!(shop = ctx.shop.id, %problem, "a Shopify order could not be shown");
                return order_status_problem(ctx, ProofProblem::LookupUnavailable).await;
            }
        },
        Err(problem) => return order_status_problem(ctx, problem).await,
    };
    let (order_id, card) = resolved;
    let source = if order_id.is_some() {
        "shop"
    } else {
        "shopify"
    };
    log_tool(
        ctx,
        "tool.order_status",
        order_id.as_deref(),
        json!({"result": "shown", "status": status::as_str(card.status), "source": source, "order_number": card.order_number}),
        "",
    )
    .await?;
    Ok(ToolOutcome {
        events: vec![StreamEvent::Order {
            order: card.clone(),
        }],
        for_model: if source == "shopify" {
            json!({
                "status": "shown",
                "order": card_for_model(&card),
                "placed_in": "the shop's online store",
                "detail": "The card's status and refunded amount are Shopify's. Refunds and cancellations of this order are the shop team's: if the shopper wants one, call request_refund or cancel_order, which pass the request on to them. Never say a refund or cancellation of it is done or coming unless the card shows it.",
            })
        } else {
            json!({"status": "shown", "order": card_for_model(&card)})
        },
        kind: OutcomeKind::OrderShown {
            card: Box::new(card),
        },
    })
}

async fn order_status_problem(
    ctx: &ToolContext<'_>,
    problem: ProofProblem,
) -> Result<ToolOutcome, ApiError> {
    log_tool(
        ctx,
        "tool.order_status",
        None,
        json!({"result": problem.code()}),
        "",
    )
    .await?;
    Ok(proof_outcome(problem))
}

fn refund_for_model(result: &RefundResult, card: &OrderCard) -> Value {
    match result {
        RefundResult::Refunded { amount_minor, .. } => json!({
            "status": "refunded", "amount": money(*amount_minor, card),
            "detail": "The refund was sent to the original payment method.",
        }),
        RefundResult::Queued {
            amount_minor,
            review_days,
            ..
        } => json!({
            "status": "queued", "amount": money(*amount_minor, card),
            "detail": format!("Above what the shop refunds automatically: the request waits for the shop's team, who answer within about {review_days} business days. It is not refunded yet."),
        }),
        RefundResult::Refused {
            refusal,
            refundable_minor,
        } => json!({
            "status": "refused", "reason": refusal.code(),
            "refundable": money(*refundable_minor, card),
            "detail": "The shop's policy refuses this request; explain the reason plainly. You can't override it.",
        }),
        RefundResult::Processing { amount_minor, .. } => json!({
            "status": "processing", "amount": money(*amount_minor, card),
            "detail": "Asked for, but the payment provider hasn't confirmed it yet: it stays in progress and completes on its own (it can't be refunded twice). Don't promise it is done.",
        }),
        RefundResult::ProviderFailed => json!({
            "status": "failed",
            "detail": "The payment provider could not make the refund; nothing was refunded. The shop's team can see it.",
        }),
    }
}

pub(super) async fn request_refund(
    ctx: &ToolContext<'_>,
    order_number: Option<&str>,
    email: Option<&str>,
    reason: Option<&str>,
    amount: Option<i64>,
) -> Result<ToolOutcome, ApiError> {
    let reason_text = reason.unwrap_or_default();
    let wish = Wish::Refund {
        reason: reason_text,
        amount,
    };
    let order = match resolve_local(ctx, order_number, email, wish).await? {
        Ok(order) => order,
        Err(outcome) => return Ok(outcome),
    };
    let code = policy::reason_code(reason_text);
    // Nothing is refunded here: the shopper sees what would happen and confirms it first.
    let preview = refunds::preview::preview_refund(
        &ctx.deps.db,
        ctx.shop.id,
        &order.id,
        code,
        amount,
        SystemTime::now(),
    )
    .await?;
    if let RefundPreview::Refused {
        refusal,
        refundable_minor,
    } = preview
    {
        let result = RefundResult::Refused {
            refusal,
            refundable_minor,
        };
        let card = fresh_card(ctx, &order).await?;
        log_tool(
            ctx,
            "tool.request_refund",
            Some(&order.id),
            json!({"result": result.code(), "reason": code, "asked_minor": amount}),
            reason_text,
        )
        .await?;
        return Ok(ToolOutcome {
            events: vec![StreamEvent::Order {
                order: card.clone(),
            }],
            for_model: json!({"refund": refund_for_model(&result, &card), "order": card_for_model(&card)}),
            kind: OutcomeKind::RefundDecided {
                card: Box::new(card),
                result,
            },
        });
    }
    log_tool(
        ctx,
        "tool.request_refund",
        Some(&order.id),
        json!({"result": "awaiting_confirmation", "reason": code, "asked_minor": amount}),
        reason_text,
    )
    .await?;
    consent::offer(ctx, &order, Action::Refund(preview), code, reason_text).await
}

pub(super) async fn cancel_order(
    ctx: &ToolContext<'_>,
    order_number: Option<&str>,
    email: Option<&str>,
    reason: Option<&str>,
) -> Result<ToolOutcome, ApiError> {
    let reason_text = reason.unwrap_or("requested in the chat");
    let wish = Wish::Cancel {
        reason: reason_text,
    };
    let order = match resolve_local(ctx, order_number, email, wish).await? {
        Ok(order) => order,
        Err(outcome) => return Ok(outcome),
    };
    let preview = refunds::preview::preview_cancel(
        &ctx.deps.db,
        ctx.shop.id,
        &order.id,
        reason_text,
        SystemTime::now(),
    )
    .await?;
    let settled = match preview {
        CancelPreview::AlreadyCanceled => Some(CancelResult::AlreadyCanceled),
        CancelPreview::NotCancelable => Some(CancelResult::NotCancelable),
        CancelPreview::AsRefund(RefundPreview::Refused {
            refusal,
            refundable_minor,
        }) => Some(CancelResult::RefundRequest(RefundResult::Refused {
            refusal,
            refundable_minor,
        })),
        _ => None,
    };
    log_tool(
        ctx,
        "tool.cancel_order",
        Some(&order.id),
        json!({"result": settled.as_ref().map_or("awaiting_confirmation", CancelResult::code)}),
        reason_text,
    )
    .await?;
    let Some(result) = settled else {
        // Nothing is canceled here: the shopper sees what would happen and confirms it first.
        let code = policy::reason_code(reason_text);
        return consent::offer(ctx, &order, Action::Cancel(preview), code, reason_text).await;
    };
    let card = fresh_card(ctx, &order).await?;
    let for_model = match &result {
        CancelResult::RefundRequest(refund) => json!({
            "status": "already_shipped",
            "detail": "The order has shipped, so it can't be canceled, and the shop's policy refuses a refund.",
            "refund": refund_for_model(refund, &card),
        }),
        other => json!({"status": other.code()}),
    };
    Ok(ToolOutcome {
        events: vec![StreamEvent::Order {
            order: card.clone(),
        }],
        for_model: json!({"cancel": for_model, "order": card_for_model(&card)}),
        kind: OutcomeKind::CancelDecided {
            card: Box::new(card),
            result,
        },
    })
}
