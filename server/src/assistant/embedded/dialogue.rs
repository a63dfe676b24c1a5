//! What the embedded engine remembers between turns of one conversation: the last search
//! (so "cheaper", "in blue", "otro" refine it), the products just shown (so "the second one"
//! means something), and the product under discussion. Stored as JSON on the conversation.

use serde::{Deserialize, Serialize};

use crate::db::DbPool;
use crate::error::ApiError;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DialogueState {
    /// The search the shopper is refining, if any.
    #[serde(default)]
    pub search: Option<SearchState>,
    /// Product ids of the cards shown last, in order.
    #[serde(default)]
    pub shown: Vec<i64>,
    /// Every product id shown in this search thread ("otro" skips them).
    #[serde(default)]
    pub seen: Vec<i64>,
    /// The product the shopper is talking about.
    #[serde(default)]
    pub focus: Option<i64>,
    /// Prices (minor units) of the cards shown last, for "cheaper".
    #[serde(default)]
    pub shown_prices: Vec<i64>,
    /// Turns in a row the engine could not help with.
    #[serde(default)]
    pub unresolved: u32,
    /// An order request waiting for the shopper to prove the order (number and email).
    #[serde(default)]
    pub after_sale: Option<AfterSaleAsk>,
    /// The last reply asked for that order's number and email: a message without them that
    /// nothing else answers ("yes", "I don't have the number", "ok hold on") is about them.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub proof_asked: bool,
    /// The half of an order's proof given so far ("SC-1042" alone): joined with the other half
    /// when it comes ("ana@example.com" next).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof_half: Option<ProofHalf>,
    /// The last reply explained refunds or cancelling and offered to start one: a plain yes
    /// now asks for it (which still shows the summary and waits for another yes).
    #[serde(default)]
    pub invited: Option<Invitation>,
    /// The last reply showed this product's checkout card: a size or a colour said now
    /// ("medium in the terracotta", "talla 36, los negros") picks its options.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkout: Option<i64>,
    /// The colour the shopper last asked of the product in `focus` ("en negro?"): a size asked
    /// next ("L?") is asked of that colour.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub focus_colour: Option<String>,
    /// The last reply was the details of the product in `focus` (its card alone on screen),
    /// whatever a search showed before it: "¿quedan en el 41?" now asks it of that product.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub details_last: bool,
    /// This turn only (never stored): what the offer this message dropped would have come to
    /// ("For order SC-1001 that would be $30.31 back…"), for a question about it to answer.
    #[serde(skip)]
    pub dropped_offer: Option<crate::assistant::consent::DroppedOffer>,
}

/// An order's number or the email it was bought with, given without the other.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProofHalf {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
}

/// An order action the last reply offered to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Invitation {
    Refund,
    Cancel,
}

/// What the shopper asked to do with an order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum AfterSaleAsk {
    Status,
    Refund { reason: String },
    Cancel { reason: String },
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchState {
    pub terms: Vec<String>,
    /// The terms for what is wanted, before a purpose (`nlu::Slots::head_terms`).
    #[serde(default)]
    pub head: Vec<String>,
    /// The product types of a retail category asked for (`nlu::Slots::kinds`), and the
    /// category.
    #[serde(default)]
    pub kinds: Vec<String>,
    #[serde(default)]
    pub category: Option<String>,
    pub min_price: Option<i64>,
    pub max_price: Option<i64>,
    pub colour: Option<String>,
    pub size: Option<String>,
    pub audience: Option<String>,
    #[serde(default)]
    pub age: Option<u8>,
    #[serde(default)]
    pub excluded: Vec<String>,
    /// A colour ruled out ("any colour but black").
    #[serde(default)]
    pub not_colour: Option<String>,
    /// Words of the descriptions the request said (`nlu::Slots::described`): searched with the
    /// terms, never said back.
    #[serde(default)]
    pub described: Vec<String>,
}

impl DialogueState {
    pub async fn load(db: &DbPool, conversation_id: &str, shop_id: i64) -> Result<Self, ApiError> {
        let json: Option<String> =
            sqlx::query_scalar("select state from conversation where id = $1 and shop_id = $2")
                .bind(conversation_id)
                .bind(shop_id)
                .fetch_optional(db)
                .await?;
        Ok(Self::from_json(json.as_deref()))
    }

    /// The state as stored; a state written by an older version that no longer parses is
    /// just forgotten.
    pub fn from_json(json: Option<&str>) -> Self {
        json.and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default()
    }

    /// The state as it is stored (`None` only if it cannot be written, which `save` reports).
    pub fn to_json(&self) -> Option<String> {
        serde_json::to_string(self).ok()
    }

    pub async fn save(
        &self,
        db: &DbPool,
        conversation_id: &str,
        shop_id: i64,
    ) -> Result<(), ApiError> {
        let json = serde_json::to_string(self).map_err(|e| ApiError::Internal(e.into()))?;
        sqlx::query(
            "update conversation set state = $1, updated_at = $4 where id = $2 and shop_id = $3",
        )
        .bind(json)
        .bind(conversation_id)
        .bind(shop_id)
        .bind(crate::db::now())
        .execute(db)
        .await?;
        Ok(())
    }

    /// Remembers the cards just shown.
    pub fn show(&mut self, products: &[(i64, i64)]) {
        self.shown = products.iter().map(|(id, _)| *id).collect();
        self.shown_prices = products.iter().map(|(_, price)| *price).collect();
        for (id, _) in products {
            if !self.seen.contains(id) {
                self.seen.push(*id);
            }
        }
        if let [(only, _)] = products {
            self.focus = Some(*only);
        }
    }
}
