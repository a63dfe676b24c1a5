//! The embedded engine on an order placed in the shop's Shopify store (proven by its number and
//! email). "Where is my refund?" and "is it too late to cancel?" are answered from the order as
//! Shopify has it now, with a chip that passes a refund or cancellation on to the shop's team:
//! the chat itself never refunds or cancels such an order (`tools::shopify_orders`).

use super::{after_sale, cancel_my_order, refund_my_order, say_outcome, EmbeddedReply};
use crate::assistant::tools::{ToolCall, ToolContext};
use crate::error::ApiError;

/// The order's card, looked up in Shopify again; `reply.order` stays empty (and the text says
/// why) when Shopify can't be asked now.
async fn show(ctx: &ToolContext<'_>, reply: &mut EmbeddedReply) -> Result<(), ApiError> {
    let call = ToolCall::OrderStatus {
        order_number: None,
        email: None,
    };
    say_outcome(ctx, reply, &call).await.map(drop)
}

/// "Where is my refund?": where the order stands and what Shopify says was refunded.
pub(super) async fn refund_progress(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
) -> Result<(), ApiError> {
    show(ctx, reply).await?;
    if let Some(card) = &reply.order {
        let (text, offer) = after_sale::shopify_refund_status(ctx.locale, card);
        reply.text = text;
        if offer {
            reply.quick_replies = vec![refund_my_order(ctx.locale).into()];
        }
    }
    Ok(())
}

/// "Is it too late to cancel?": who cancels it, and where the order stands.
pub(super) async fn cancel_rules(
    ctx: &ToolContext<'_>,
    reply: &mut EmbeddedReply,
) -> Result<(), ApiError> {
    show(ctx, reply).await?;
    if let Some(card) = &reply.order {
        let (text, offer) = after_sale::shopify_cancel_rules(ctx.locale, card);
        reply.text = text;
        if offer {
            reply.quick_replies = vec![cancel_my_order(ctx.locale).into()];
        }
    }
    Ok(())
}
