//! One set of server-side tools used by both engines. Tools enforce the rules, never the
//! prompt: every lookup is scoped to the conversation's shop, prices and stock come from the
//! database, and what the shopper sees (cards) is built here from catalog rows only.

//!
//! `args` holds the calls (`ToolCall`) and their schema for the model, `outcome` what a call
//! did. Each tool runs in its own file: `products` (search and details, as cards), `checkout`,
//! `answers` (the shop's own answers), `handoff`, and the order tools in `after_sale` (with
//! Shopify's orders in `shopify_orders`). This file dispatches a call to its tool.

pub(crate) mod after_sale;
mod answers;
mod args;
mod checkout;
mod handoff;
mod outcome;
mod products;
mod shopify_orders;

pub use after_sale::ProofProblem;
pub(crate) use checkout::client_can_show_checkout;
pub(crate) use shopify_orders::shopify_order_proven;

pub use args::{definitions, SearchProducts, ToolCall, ToolCallError, ToolDefinition};
pub use outcome::{OutcomeKind, ProductDetail, ToolOutcome};
pub use products::{of_kinds, MAX_CARDS};

use crate::assistant::AssistantDeps;
use crate::conversations::context::PageProduct;
use crate::conversations::ShopperMessage;
use crate::error::ApiError;
use crate::locale::Locale;
use crate::shop::Shop;

/// Who is asking: the shop and conversation a tool call is scoped to.
pub struct ToolContext<'a> {
    pub deps: &'a AssistantDeps,
    pub shop: &'a Shop,
    pub conversation_id: &'a str,
    pub locale: Locale,
    /// The product page the conversation was opened on: "this" means that product.
    pub page_product: Option<&'a PageProduct>,
    /// The shopper's message being answered, when the turn stores it with the reply.
    pub shopper: Option<&'a ShopperMessage>,
}

impl ToolContext<'_> {
    /// Hands the conversation to the shop's team (`crate::handoff::flag`), after storing the
    /// shopper's message: the summary they get ends with what the shopper just said.
    pub async fn hand_off(
        &self,
        reason: crate::handoff::Reason,
        note: Option<&str>,
    ) -> Result<crate::handoff::Handoff, ApiError> {
        self.save_shopper_message().await?;
        crate::handoff::flag(
            self.deps.handoff(),
            self.shop,
            self.conversation_id,
            self.locale,
            reason,
            note,
        )
        .await
    }

    /// Stores the shopper's message being answered now, before something reads the
    /// conversation's messages (it is otherwise stored with the reply).
    pub async fn save_shopper_message(&self) -> Result<(), ApiError> {
        match self.shopper {
            Some(message) => {
                message
                    .save(&self.deps.db, self.shop.id, self.conversation_id)
                    .await
            }
            None => Ok(()),
        }
    }
}

/// Runs one tool call for the conversation's shop.
pub async fn execute(ctx: &ToolContext<'_>, call: &ToolCall) -> Result<ToolOutcome, ApiError> {
    match call {
        ToolCall::SearchProducts(search) => products::search_products(ctx, search, &[]).await,
        ToolCall::GetProduct { product_id } => products::get_product(ctx, *product_id).await,
        ToolCall::StartCheckout {
            product_id,
            variant_id,
        } => checkout::start_checkout(ctx, *product_id, *variant_id).await,
        ToolCall::OrderStatus {
            order_number,
            email,
        } => after_sale::order_status(ctx, order_number.as_deref(), email.as_deref()).await,
        ToolCall::RequestRefund {
            order_number,
            email,
            reason,
            amount,
        } => {
            after_sale::request_refund(
                ctx,
                order_number.as_deref(),
                email.as_deref(),
                reason.as_deref(),
                *amount,
            )
            .await
        }
        ToolCall::CancelOrder {
            order_number,
            email,
            reason,
        } => {
            after_sale::cancel_order(
                ctx,
                order_number.as_deref(),
                email.as_deref(),
                reason.as_deref(),
            )
            .await
        }
        ToolCall::HandoffToHuman { summary } => handoff::handoff(ctx, summary).await,
        ToolCall::SearchAnswers { question } => answers::search_answers(ctx, question).await,
    }
}

/// Runs a search call, leaving out products already shown (for "show me others"); any other
/// call runs as [`execute`] would.
pub async fn search_excluding(
    ctx: &ToolContext<'_>,
    call: &ToolCall,
    exclude: &[i64],
) -> Result<ToolOutcome, ApiError> {
    match call {
        ToolCall::SearchProducts(search) => products::search_products(ctx, search, exclude).await,
        other => execute(ctx, other).await,
    }
}
