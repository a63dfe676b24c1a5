//! One set of server-side tools used by both engines. Tools enforce the rules, never the
//! prompt: every lookup is scoped to the conversation's shop, prices and stock come from the
//! database, and what the shopper sees (cards) is built here from catalog rows only.

pub(crate) mod after_sale;
mod args;
mod shopify_orders;

pub use after_sale::ProofProblem;
pub(crate) use shopify_orders::shopify_order_proven;

pub use args::{definitions, SearchProducts, ToolCall, ToolCallError, ToolDefinition};

use serde_json::{json, Value};
use shopchat_protocol::{CheckoutOffer, OrderCard, ProductCard, StreamEvent, FEATURE_CHECKOUT};

use super::Locale;
use crate::assistant::AssistantDeps;
use crate::catalog::search::{self, SearchHit, SearchQuery, SortOrder};
use crate::checkout;
use crate::conversations::context::PageProduct;
use crate::error::ApiError;
use crate::money::format_minor;
use crate::refunds::{CancelResult, RefundResult};
use crate::shop::Shop;

/// How many cards one search shows.
pub const MAX_CARDS: usize = 4;

/// Who is asking: the shop and conversation a tool call is scoped to.
pub struct ToolContext<'a> {
    pub deps: &'a AssistantDeps,
    pub shop: &'a Shop,
    pub conversation_id: &'a str,
    pub locale: Locale,
    /// The product page the conversation was opened on: "this" means that product.
    pub page_product: Option<&'a PageProduct>,
}

/// What a tool did, for the shopper (events) and for whoever phrases the reply.
#[derive(Debug, Clone)]
pub struct ToolOutcome {
    /// Events to show the shopper (product cards…), in order.
    pub events: Vec<StreamEvent>,
    /// The result as a model sees it.
    pub for_model: Value,
    /// The result as the embedded engine phrases it.
    pub kind: OutcomeKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum OutcomeKind {
    /// Products matched, in the order shown.
    Found { cards: Vec<ProductCard> },
    /// Nothing matched the request as asked; `closest` are the nearest alternatives, already
    /// marked as such (they break a constraint the shopper set, which the reply must say).
    NothingFound { closest: Vec<ProductCard> },
    /// One product's details.
    Product {
        card: Box<ProductCard>,
        detail: ProductDetail,
    },
    /// The product doesn't exist in this shop (or isn't for sale).
    NoSuchProduct,
    /// A checkout card for the product is on screen.
    Checkout { offer: Box<CheckoutOffer> },
    /// This capability isn't available in this shop yet.
    Unavailable { feature: &'static str },
    /// The conversation was handed to a person (or already was: `first` is false).
    HandedOff {
        first: bool,
        /// What the shopper is told: who has it, when to expect a reply, where it appears.
        notice: String,
        /// When to expect a reply (the `handoff` event's text).
        expected_reply: String,
    },
    /// An order's status card is on screen.
    OrderShown { card: Box<OrderCard> },
    /// A refund or cancellation of an order the chat can't act on (a Shopify order) went to
    /// the shop's team; its card is on screen and nothing was changed.
    OrderHandedOff {
        card: Box<OrderCard>,
        /// What the shopper is told about the handoff.
        notice: String,
        /// When to expect a reply (the `handoff` event's text).
        expected_reply: String,
    },
    /// The order tools need the order proven first (or the proof failed).
    ProofNeeded { problem: ProofProblem },
    /// A refund request was decided under the policy.
    RefundDecided {
        card: Box<OrderCard>,
        result: RefundResult,
    },
    /// A refund or cancellation waits for the shopper's yes (`crate::assistant::consent`).
    ConfirmationNeeded {
        card: Box<OrderCard>,
        offer: crate::assistant::consent::Offer,
    },
    /// The shop's own answer to a question about it, with where it comes from.
    Answered {
        source: &'static str,
        answer: String,
    },
    /// Nothing the shop wrote answers the question.
    NotAnswered,
    /// A cancellation was decided.
    CancelDecided {
        card: Box<OrderCard>,
        result: CancelResult,
    },
}

/// Facts about one product, all from the catalog.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductDetail {
    pub description: String,
    pub product_type: String,
    pub vendor: String,
    /// (option name, values offered) for each option, e.g. ("Size", ["S", "M"]).
    pub options: Vec<(String, Vec<String>)>,
    /// Option values of variants that can be bought now.
    pub in_stock_values: Vec<String>,
}

/// Runs one tool call for the conversation's shop.
pub async fn execute(ctx: &ToolContext<'_>, call: &ToolCall) -> Result<ToolOutcome, ApiError> {
    match call {
        ToolCall::SearchProducts(search) => search_products(ctx, search, &[]).await,
        ToolCall::GetProduct { product_id } => get_product(ctx, *product_id).await,
        ToolCall::StartCheckout {
            product_id,
            variant_id,
        } => start_checkout(ctx, *product_id, *variant_id).await,
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
        ToolCall::HandoffToHuman { summary } => handoff(ctx, summary).await,
        ToolCall::SearchAnswers { question } => search_answers(ctx, question).await,
    }
}

/// The shop's own answer to a question about it, or an honest "nothing found" (the question
/// is then kept for the merchant's Answers page).
async fn search_answers(ctx: &ToolContext<'_>, question: &str) -> Result<ToolOutcome, ApiError> {
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

fn unavailable(feature: &'static str) -> ToolOutcome {
    ToolOutcome {
        events: vec![],
        for_model: json!({"status": "unavailable", "detail": format!("{feature} is not available in this shop's chat yet; say so honestly")}),
        kind: OutcomeKind::Unavailable { feature },
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
        ToolCall::SearchProducts(search) => search_products(ctx, search, exclude).await,
        other => execute(ctx, other).await,
    }
}

async fn search_products(
    ctx: &ToolContext<'_>,
    search: &SearchProducts,
    exclude: &[i64],
) -> Result<ToolOutcome, ApiError> {
    let mut option_values: Vec<String> = Vec::new();
    option_values.extend(search.colour.clone());
    option_values.extend(search.size.clone());
    let text = match &search.audience {
        Some(audience) => format!("{} {audience}", search.query),
        None => search.query.clone(),
    };
    let query = SearchQuery {
        text,
        price_min: search.min_price,
        price_max: search.max_price,
        product_type: search.product_type.clone(),
        in_stock_only: search.in_stock_only,
        option_values,
        exclude_product_ids: exclude.to_vec(),
        sort: SortOrder::Relevance,
        limit: MAX_CARDS,
        ..SearchQuery::default()
    };
    let hits = ctx
        .deps
        .search
        .search(&ctx.deps.db, ctx.shop, &query)
        .await?;
    if !hits.is_empty() {
        let cards = cards(ctx, &hits, search).await?;
        return Ok(found(ctx, cards, false));
    }
    // Nothing as asked: look again without the price bounds and say honestly what differs.
    let relaxed = SearchQuery {
        price_min: None,
        price_max: None,
        ..query
    };
    let closest = ctx
        .deps
        .search
        .search(&ctx.deps.db, ctx.shop, &relaxed)
        .await?;
    let cards = cards(ctx, &closest, search).await?;
    let mut outcome = found(ctx, cards.clone(), true);
    outcome.kind = OutcomeKind::NothingFound { closest: cards };
    Ok(outcome)
}

async fn cards(
    ctx: &ToolContext<'_>,
    hits: &[SearchHit],
    search: &SearchProducts,
) -> Result<Vec<ProductCard>, ApiError> {
    let audience = search.audience.as_deref();
    // Products matching fewer of the shopper's words than the best one are noise ("warm scarf"
    // must not list every warm sweater).
    let best = hits
        .iter()
        .map(|h| h.reason.matched_terms.len())
        .max()
        .unwrap_or(0);
    let hits: Vec<SearchHit> = hits
        .iter()
        .filter(|h| h.reason.matched_terms.len() >= best)
        .cloned()
        .collect();
    let mut rows = search::rows_for_hits(&ctx.deps.db, ctx.shop.id, &hits).await?;
    // Whether the row's own name (title or type) carries one of the matched words (any, or
    // one of `among`).
    let named_by = |row: &search::ProductRow, among: Option<&[String]>| {
        let own: Vec<String> = search::words(&format!("{} {}", row.title, row.product_type));
        hits.iter()
            .find(|h| h.variant_id == row.variant_id)
            .is_some_and(|h| {
                h.reason
                    .matched_terms
                    .iter()
                    .filter(|t| Some(t.to_lowercase().as_str()) != audience)
                    .filter(|t| {
                        among.is_none_or(|a| {
                            a.iter()
                                .flat_map(|x| x.split(' '))
                                .any(|x| x.eq_ignore_ascii_case(t))
                        })
                    })
                    .any(|t| {
                        own.iter()
                            .any(|w| search::stem(w) == search::stem(&t.to_lowercase()))
                    })
            })
    };
    // What the shopper wants comes before what it is for: "a knife for cutting bread" shows
    // knives, not bread tins, when the shop has knives.
    if !search.head.is_empty() && rows.iter().any(|r| named_by(r, Some(&search.head))) {
        rows.retain(|r| named_by(r, Some(&search.head)));
    }
    // When some products are named by the shopper's words (title or type: "jacket"), products
    // that only mention them in passing (a hoodie "as light as a jacket") are left out.
    if rows.iter().any(|r| named_by(r, None)) {
        rows.retain(|r| named_by(r, None));
    }
    let spanish = ctx.locale == Locale::Es;
    Ok(rows
        .iter()
        .filter_map(|row| {
            let hit = hits.iter().find(|h| h.variant_id == row.variant_id)?;
            Some(search::card(
                &ctx.deps.links,
                ctx.shop,
                row,
                Some(hit.reason.describe(spanish, ctx.shop.currency())),
            ))
        })
        .collect())
}

fn found(ctx: &ToolContext<'_>, cards: Vec<ProductCard>, closest_only: bool) -> ToolOutcome {
    let exponent = ctx.shop.currency().exponent();
    let for_model = json!({
        "status": if closest_only { "no_exact_match" } else { "found" },
        "note": if closest_only { "Nothing matched the price limits; these are the closest alternatives and break the shopper's budget — say so." } else { "" },
        "products": cards.iter().map(|c| json!({
            "product_id": c.product_id,
            "variant_id": c.variant_id,
            "title": c.title,
            "price": format!("{} {}", format_minor(c.price.minor, exponent), c.price.currency.as_str()),
            "in_stock": c.in_stock,
        })).collect::<Vec<_>>(),
    });
    let events = if cards.is_empty() {
        vec![]
    } else {
        vec![StreamEvent::Products {
            items: cards.clone(),
        }]
    };
    ToolOutcome {
        events,
        for_model,
        kind: OutcomeKind::Found { cards },
    }
}

async fn get_product(ctx: &ToolContext<'_>, product_id: i64) -> Result<ToolOutcome, ApiError> {
    let Some(row) = search::sellable_product(&ctx.deps.db, ctx.shop.id, product_id).await? else {
        return Ok(ToolOutcome {
            events: vec![],
            for_model: json!({"status": "not_found"}),
            kind: OutcomeKind::NoSuchProduct,
        });
    };
    let detail = product_detail(ctx, product_id).await?;
    let card = search::card(&ctx.deps.links, ctx.shop, &row, None);
    let exponent = ctx.shop.currency().exponent();
    let for_model = json!({
        "status": "found",
        "product_id": row.id,
        "title": row.title,
        "price": format!("{} {}", format_minor(row.price_minor, exponent), ctx.shop.currency().as_str()),
        "in_stock": row.in_stock,
        "description": detail.description,
        "options": detail.options.iter().map(|(name, values)| json!({"name": name, "values": values})).collect::<Vec<_>>(),
        "in_stock_values": detail.in_stock_values,
    });
    Ok(ToolOutcome {
        events: vec![StreamEvent::Products {
            items: vec![card.clone()],
        }],
        for_model,
        kind: OutcomeKind::Product {
            card: Box::new(card),
            detail,
        },
    })
}

async fn product_detail(ctx: &ToolContext<'_>, product_id: i64) -> Result<ProductDetail, ApiError> {
    let (description, product_type, vendor, n1, n2, n3): (
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "select body_text, product_type, vendor, option1_name, option2_name, option3_name
             from product where id = ? and shop_id = ?",
    )
    .bind(product_id)
    .bind(ctx.shop.id)
    .fetch_one(&ctx.deps.db)
    .await?;
    // (option1, option2, option3, can be bought now) per variant.
    type VariantOptions = (Option<String>, Option<String>, Option<String>, bool);
    let variants: Vec<VariantOptions> = sqlx::query_as(
        "select option1, option2, option3,
                (inventory_qty is null or inventory_qty > 0 or inventory_policy = 'continue') as available
         from variant where product_id = ? and shop_id = ? order by position, id",
    )
    .bind(product_id)
    .bind(ctx.shop.id)
    .fetch_all(&ctx.deps.db)
    .await?;
    let mut options = Vec::new();
    let mut in_stock_values = Vec::new();
    for (i, name) in [n1, n2, n3].into_iter().enumerate() {
        let Some(name) = name.filter(|n| !n.eq_ignore_ascii_case("title")) else {
            continue;
        };
        let mut values: Vec<String> = Vec::new();
        for v in &variants {
            let value = [&v.0, &v.1, &v.2][i].clone();
            if let Some(value) = value {
                if !values.contains(&value) {
                    values.push(value.clone());
                }
                if v.3 && !in_stock_values.contains(&value) {
                    in_stock_values.push(value);
                }
            }
        }
        options.push((name, values));
    }
    Ok(ProductDetail {
        description,
        product_type,
        vendor,
        options,
        in_stock_values,
    })
}

/// Shows the checkout card: every variant at its catalog price. The model sees the same
/// choices and prices, and is told the card takes it from there.
async fn client_can_show_checkout(ctx: &ToolContext<'_>) -> Result<bool, ApiError> {
    let features: Option<String> =
        sqlx::query_scalar("select client_features from conversation where id = ? and shop_id = ?")
            .bind(ctx.conversation_id)
            .bind(ctx.shop.id)
            .fetch_optional(&ctx.deps.db)
            .await?;
    let features: Vec<String> = features
        .and_then(|f| serde_json::from_str(&f).ok())
        .unwrap_or_default();
    Ok(features.iter().any(|f| f == FEATURE_CHECKOUT))
}

async fn start_checkout(
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

async fn handoff(ctx: &ToolContext<'_>, note: &str) -> Result<ToolOutcome, ApiError> {
    let note: String = note.chars().take(300).collect();
    let handoff = crate::handoff::flag(
        ctx.deps.handoff(),
        ctx.shop,
        ctx.conversation_id,
        ctx.locale,
        crate::handoff::Reason::ShopperAsked,
        Some(&note),
    )
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
