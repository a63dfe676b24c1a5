//! One assistant turn, run as its own task: the chosen engine streams events into a channel
//! the SSE response reads from; the reply is stored before `done`, so a shopper who closes
//! the tab mid-answer still finds it after a reload.

use shopchat_protocol::{ProductCard, Role, StreamEvent};
use tokio::sync::mpsc;

use super::embedded::{self, dialogue::DialogueState};
use super::llm::{LlmError, HISTORY_WINDOW};
use super::shop_engine::EngineRow;
use super::tools::ToolContext;
use super::AssistantDeps;
use crate::conversations::context::PageProduct;
use crate::conversations::OwnedConversation;
use crate::conversations::{store_message, ShopperMessage};
use crate::db::DbPool;
use crate::error::ApiError;
use crate::locale::Locale;
use crate::messages::{role_from_name, Payload};
use crate::shop::Shop;

/// Starts the turn on the shopper's message `text` (stored by the turn, with its reply);
/// `row` is what [`authorize`] read, or `None` to read it now. The receiver yields its events,
/// ending with `done` or `error`.
pub fn start(
    deps: AssistantDeps,
    shop: Shop,
    conversation: OwnedConversation,
    row: Option<TurnRow>,
    text: String,
) -> mpsc::Receiver<StreamEvent> {
    let (tx, rx) = mpsc::channel(64);
    tokio::spawn(async move {
        let shopper = ShopperMessage::new(text);
        let last = match run(&deps, &shop, &conversation, row, &shopper, &tx).await {
            Ok(message_id) => StreamEvent::Done { message_id },
            Err(e) => {
                tracing::error!(error = ?e, "the assistant turn failed");
                // What the shopper wrote is kept even when no answer is.
                if let Err(e) = shopper.save(&deps.db, shop.id, &conversation.id).await {
                    tracing::error!(error = ?e, "the shopper's message could not be stored");
                }
                let body = e.body();
                StreamEvent::Error {
                    code: body.error.code,
                    message: body.error.message,
                }
            }
        };
        // The shopper may have gone; the reply is stored either way.
        let _ = tx.send(last).await;
    });
    rx
}

/// The answer to a thumbs chip, once it is recorded; `None` for any other message.
async fn feedback_reply(
    deps: &AssistantDeps,
    shop: &Shop,
    conversation: &OwnedConversation,
    text: &str,
) -> Result<Option<embedded::EmbeddedReply>, ApiError> {
    let Some((kind, helpful)) = super::feedback::read(text) else {
        return Ok(None);
    };
    if !super::feedback::record(&deps.db, shop.id, &conversation.id, kind, helpful).await? {
        return Ok(None);
    }
    Ok(Some(embedded::EmbeddedReply {
        text: super::feedback::thanks(super::feedback::language_of(text), helpful).to_owned(),
        ..Default::default()
    }))
}

/// What a turn reads before it answers, in the statement that checks the conversation's
/// token ([`authorize`]): the dialogue state, the product page the conversation is on,
/// whether an offer waits for a yes, and the shop's engine settings. (A turn is a handful of
/// statements in all; each one is a round trip, and on SQLite a hand-off to a connection's
/// thread and back.)
#[derive(sqlx::FromRow)]
pub struct TurnRow {
    state: Option<String>,
    page_product_id: Option<i64>,
    page_product_title: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    offer_waiting: bool,
    #[sqlx(flatten)]
    engine: EngineRow,
}

const TURN_COLUMNS: &str = ", c.state, p.id as page_product_id, p.title as page_product_title,
    exists(select 1 from pending_action a
           where a.conversation_id = c.id and a.shop_id = c.shop_id) as offer_waiting,
    s.assistant_engine, s.llm_base_url, s.llm_model, s.llm_api_key";
const TURN_JOINS: &str =
    "left join product p on p.id = c.page_product_id and p.shop_id = c.shop_id";

/// Checks the conversation's token ([`crate::conversations::authorize`]) and reads what its
/// next turn needs, in one statement.
pub async fn authorize(
    db: &DbPool,
    id: &str,
    presented: Option<&str>,
) -> Result<(OwnedConversation, Shop, TurnRow), ApiError> {
    crate::conversations::authorize_reading(db, id, presented, TURN_COLUMNS, TURN_JOINS).await
}

impl TurnRow {
    async fn read(db: &DbPool, conversation: &OwnedConversation) -> Result<Self, ApiError> {
        let sql = format!(
            "select 1 as one{TURN_COLUMNS} from conversation c join shop s on s.id = c.shop_id
             {TURN_JOINS} where c.id = $1 and c.shop_id = $2"
        );
        sqlx::query_as(&sql)
            .bind(&conversation.id)
            .bind(conversation.shop_id)
            .fetch_optional(db)
            .await?
            .ok_or(ApiError::ConversationNotFound)
    }
}

async fn run(
    deps: &AssistantDeps,
    shop: &Shop,
    conversation: &OwnedConversation,
    row: Option<TurnRow>,
    shopper: &ShopperMessage,
    tx: &mpsc::Sender<StreamEvent>,
) -> Result<i64, ApiError> {
    let text = shopper.text();
    let locale = Locale::parse(&conversation.locale);
    let row = match row {
        Some(row) => row,
        None => TurnRow::read(&deps.db, conversation).await?,
    };
    let TurnRow {
        state,
        page_product_id,
        page_product_title,
        offer_waiting,
        engine: engine_settings,
    } = row;
    let page_product = page_product_id
        .zip(page_product_title)
        .map(|(id, title)| PageProduct { id, title });
    let ctx = ToolContext {
        deps,
        shop,
        conversation_id: &conversation.id,
        locale,
        page_product: page_product.as_ref(),
        shopper: Some(shopper),
    };
    let mut dialogue = DialogueState::from_json(state.as_deref());

    // Answered here, before either engine: an offered refund or cancellation (only this
    // message can confirm it, and no engine sees it first), or a thumbs chip tapped (recorded
    // against the reply it came with).
    let (early, consent) = match super::consent::before_turn(&ctx, text, offer_waiting).await? {
        super::consent::BeforeTurn::Answered(reply) => (Some(*reply), None),
        other => (
            feedback_reply(deps, shop, conversation, text).await?,
            Some(other),
        ),
    };
    if let Some(reply) = early {
        let answer = Answer {
            reply,
            lead: String::new(),
            shown: Vec::new(),
            engine: "embedded",
            state: None,
        };
        return send_embedded(deps, conversation, shopper, answer, tx).await;
    }

    let mut lead = String::new();
    let mut shown: Vec<ProductCard> = Vec::new();
    let mut engine = "embedded";
    if let Some(llm) = &super::shop_engine::engine_for(deps, shop.id, engine_settings)? {
        // The model reads the conversation, this message last.
        ctx.save_shopper_message().await?;
        let history = history(&deps.db, conversation).await?;
        match llm.run_turn(&ctx, &history, text, tx).await {
            Ok(reply) => {
                record_usage(&deps.db, conversation, reply.usage).await?;
                send_links(deps, shop.id, &reply.text, tx).await?;
                let thumbs = super::feedback::reply_chips(locale);
                let _ = tx
                    .send(StreamEvent::QuickReplies {
                        items: thumbs.clone(),
                    })
                    .await;
                let payload = Payload {
                    products: reply.products,
                    quick_replies: thumbs,
                };
                return store_message(
                    &deps.db,
                    conversation,
                    Role::Assistant,
                    &reply.text,
                    &payload,
                    Some("openai"),
                )
                .await;
            }
            Err(LlmError::Disconnected { partial }) => {
                // The shopper left; keep what they were shown.
                record_usage(&deps.db, conversation, partial.usage).await?;
                let payload = Payload {
                    products: partial.products,
                    quick_replies: vec![],
                };
                return store_message(
                    &deps.db,
                    conversation,
                    Role::Assistant,
                    &partial.text,
                    &payload,
                    Some("openai"),
                )
                .await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "the LLM engine failed; the embedded engine answers");
                let partial = e.partial();
                record_usage(&deps.db, conversation, partial.usage).await?;
                lead = partial.text.clone();
                shown = partial.products.clone();
                engine = "fallback";
            }
        }
    }

    if let Some(consent) = &consent {
        consent.note(&mut dialogue);
    }
    let reply = embedded::respond(&ctx, &mut dialogue, text).await?;
    if let Some(consent) = consent {
        consent.keep(&mut dialogue, &reply);
    }
    // A turn that changed nothing the dialogue remembers ("thanks!") doesn't write it; one
    // that did writes it with the reply.
    let changed = dialogue
        .to_json()
        .filter(|json| Some(json) != state.as_ref());
    let answer = Answer {
        reply,
        lead,
        shown,
        engine,
        state: changed,
    };
    send_embedded(deps, conversation, shopper, answer, tx).await
}

/// Sends the links of the reply's text that the shop wrote itself (see `answers::links`).
async fn send_links(
    deps: &AssistantDeps,
    shop_id: i64,
    text: &str,
    tx: &mpsc::Sender<StreamEvent>,
) -> Result<(), ApiError> {
    let links = crate::answers::links::shop_links(&deps.db, shop_id, text).await?;
    if !links.is_empty() {
        let _ = tx.send(StreamEvent::Links { links }).await;
    }
    Ok(())
}

/// An embedded reply to stream and store.
struct Answer {
    reply: embedded::EmbeddedReply,
    /// What the LLM already sent before it failed, if it did.
    lead: String,
    shown: Vec<ProductCard>,
    /// The engine recorded with the reply.
    engine: &'static str,
    /// The dialogue state (JSON) to store with the reply, when the turn changed it.
    state: Option<String>,
}

/// Streams an embedded reply after what the LLM already sent (`lead`, `shown`) and stores it.
async fn send_embedded(
    deps: &AssistantDeps,
    conversation: &OwnedConversation,
    shopper: &ShopperMessage,
    answer: Answer,
    tx: &mpsc::Sender<StreamEvent>,
) -> Result<i64, ApiError> {
    let Answer {
        reply,
        lead,
        mut shown,
        engine,
        state,
    } = answer;
    // After text the LLM already streamed, the embedded answer starts a new paragraph.
    let separator = if lead.is_empty() { "" } else { "\n\n" };
    let mut first = true;
    for delta in reply.text.split_inclusive(' ') {
        let delta = if first {
            format!("{separator}{delta}")
        } else {
            delta.to_owned()
        };
        first = false;
        let _ = tx.send(StreamEvent::Text { delta }).await;
    }
    if !reply.products.is_empty() {
        let _ = tx
            .send(StreamEvent::Products {
                items: reply.products.clone(),
            })
            .await;
    }
    if let Some(expected_reply) = &reply.handoff {
        let _ = tx
            .send(StreamEvent::Handoff {
                expected_reply: expected_reply.clone(),
            })
            .await;
    }
    if let Some(offer) = &reply.checkout {
        let _ = tx
            .send(StreamEvent::Checkout {
                offer: offer.clone(),
            })
            .await;
    }
    if let Some(order) = &reply.order {
        let _ = tx
            .send(StreamEvent::Order {
                order: order.clone(),
            })
            .await;
    }
    send_links(deps, conversation.shop_id, &reply.text, tx).await?;
    if !reply.quick_replies.is_empty() {
        let _ = tx
            .send(StreamEvent::QuickReplies {
                items: reply.quick_replies.clone(),
            })
            .await;
    }
    shown.extend(reply.products);
    let payload = Payload {
        products: shown,
        quick_replies: reply.quick_replies,
    };
    let full_text = format!("{lead}{separator}{}", reply.text);
    shopper
        .store_reply(
            &deps.db,
            conversation,
            &full_text,
            &payload,
            Some(engine),
            state.as_deref(),
        )
        .await
}

/// The last messages before this one, oldest first, for the LLM's context window.
async fn history(
    db: &DbPool,
    conversation: &OwnedConversation,
) -> Result<Vec<(Role, String)>, ApiError> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select role, text from message where conversation_id = $1 and shop_id = $2 order by id desc limit $3",
    )
    .bind(&conversation.id)
    .bind(conversation.shop_id)
    .bind(i64::try_from(HISTORY_WINDOW + 1).unwrap_or(13))
    .fetch_all(db)
    .await?;
    // The newest row is the shopper's message being answered; the engine gets it separately.
    Ok(rows
        .into_iter()
        .skip(1)
        .rev()
        .map(|(role, text)| match role_from_name(&role) {
            // The model speaks as the assistant; a person's reply is shown to it as one,
            // marked, so it neither contradicts nor impersonates them.
            Role::Merchant => (
                Role::Assistant,
                format!("[Reply from the shop's team] {text}"),
            ),
            role => (role, text),
        })
        .collect())
}

async fn record_usage(
    db: &DbPool,
    conversation: &OwnedConversation,
    (prompt, completion): (u32, u32),
) -> Result<(), ApiError> {
    if prompt == 0 && completion == 0 {
        return Ok(());
    }
    sqlx::query(
        "update conversation set llm_prompt_tokens = llm_prompt_tokens + $1, llm_completion_tokens = llm_completion_tokens + $2
         where id = $3 and shop_id = $4",
    )
    .bind(i64::from(prompt))
    .bind(i64::from(completion))
    .bind(&conversation.id)
    .bind(conversation.shop_id)
    .execute(db)
    .await?;
    Ok(())
}
