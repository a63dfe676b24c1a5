//! The checkout tool: the card that takes the shopper from a product to paying for it.

use serde_json::json;
use shopchat_protocol::{StreamEvent, FEATURE_CHECKOUT};

use super::after_sale;
use super::outcome::unavailable;
use super::{OutcomeKind, ToolContext, ToolOutcome};
use crate::checkout;
use crate::error::ApiError;
use crate::money::format_minor;

/// True when the conversation's widget said it can show a checkout card.
pub(crate) async fn client_can_show_checkout(ctx: &ToolContext<'_>) -> Result<bool, ApiError> {
    let features: Option<String> = sqlx::query_scalar(
        "select client_features from conversation where id = $1 and shop_id = $2",
    )
    .bind(ctx.conversation_id)
    .bind(ctx.shop.id)
    .fetch_optional(&ctx.deps.db)
    .await?;
    let features: Vec<String> = features
        .and_then(|f| serde_json::from_str(&f).ok())
        .unwrap_or_default();
    Ok(features.iter().any(|f| f == FEATURE_CHECKOUT))
}

/// Shows the checkout card: every variant at its catalog price. The model sees the same
/// choices and prices, and is told the card takes it from there.
pub(super) async fn start_checkout(
    ctx: &ToolContext<'_>,
    product_id: i64,
    variant_id: Option<i64>,
) -> Result<ToolOutcome, ApiError> {
    // A widget that can't draw the checkout card gets the honest answer, not a card it drops.
    if !client_can_show_checkout(ctx).await? {
        return Ok(unavailable("checkout"));
    }
    let offer = match checkout::build_offer(
        &ctx.deps.db,
        &ctx.deps.secrets,
        &ctx.deps.links,
        ctx.shop,
        product_id,
        variant_id,
    )
    .await
    {
        Ok(Some(offer)) => offer,
        Ok(None) => {
            return Ok(ToolOutcome {
                events: vec![],
                for_model: json!({"status": "not_found"}),
                kind: OutcomeKind::NoSuchProduct,
            })
        }
        Err(ApiError::ProviderUnavailable) => return Ok(unavailable("checkout")),
        Err(e) => return Err(e),
    };
    let exponent = ctx.shop.currency().exponent();
    let for_model = json!({
        "status": "checkout_shown",
        "product_id": offer.product_id,
        "title": offer.title,
        "options": offer.option_names,
        "variants": offer.variants.iter().map(|v| json!({
            "variant_id": v.variant_id,
            "options": v.options,
            "price": format!("{} {}", format_minor(v.price.minor, exponent), v.price.currency.as_str()),
            "available": v.available,
        })).collect::<Vec<_>>(),
        "test_mode": offer.test_mode,
        "note": if offer.buying_mode.pays_in_chat() {
            "A checkout card is on screen: the shopper picks the options, enters email and shipping address and pays on the card. Shipping and tax are added there by the shop; quote only these prices and don't call the order placed until it is paid."
        } else {
            "A card is on screen where the shopper picks the options and adds the item to the shop's own cart, then checks out on the shop's site: payment doesn't happen in the chat. Quote only these prices; the shop's cart adds shipping and tax."
        },
    });
    after_sale::log_tool(
        ctx,
        "tool.start_checkout",
        None,
        json!({"product_id": offer.product_id, "variant_id": variant_id}),
        "",
    )
    .await?;
    Ok(ToolOutcome {
        events: vec![StreamEvent::Checkout {
            offer: offer.clone(),
        }],
        for_model,
        kind: OutcomeKind::Checkout {
            offer: Box::new(offer),
        },
    })
}
