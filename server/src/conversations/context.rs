//! The page a conversation was opened from, or last resumed on: the product on screen (so "do
//! you have this in M?" means that product), the cart's item count, and who is signed in
//! (verified, or kept as an unverified hint). A product is looked up by handle or id within
//! the conversation's shop only. The widget API's
//! `POST /api/v1/conversations/{id}/context` updates it.

use secrecy::ExposeSecret;
use shopchat_protocol::{Identity, PageContext};

use super::identity::{secret_of, ShopperIdentity};
use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::sealed::SealingKey;

/// Longest product reference (handle or id) kept from a page.
const MAX_PRODUCT_CHARS: usize = 255;

/// The catalog product the shopper is looking at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageProduct {
    pub id: i64,
    pub title: String,
}

/// What a page told the server, checked: the columns it sets on the conversation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageState {
    pub verified_customer_id: Option<String>,
    pub verified_email: Option<String>,
    pub unverified_customer_id: Option<String>,
    pub unverified_email: Option<String>,
    /// The product reference as the page gave it (bounded).
    pub page_product: Option<String>,
    /// The shop's product it names, if any.
    pub page_product_id: Option<i64>,
    pub cart_count: Option<u32>,
}

impl PageState {
    /// Verifies the identity with the shop's secret and looks the product up in the shop.
    pub async fn resolve(
        db: &DbPool,
        secrets: &SealingKey,
        shop_id: i64,
        identity: Option<&Identity>,
        context: Option<&PageContext>,
    ) -> Result<Self, ApiError> {
        // The shop's secret is read only to check a signature the page sent.
        let secret = match identity {
            Some(claim) if claim.signature.is_some() => secret_of(db, secrets, shop_id).await?,
            _ => None,
        };
        let identity = ShopperIdentity::check(identity, secret.as_ref().map(|s| s.expose_secret()));
        let mut state = if identity.verified {
            PageState {
                verified_customer_id: identity.id,
                verified_email: identity.email,
                ..PageState::default()
            }
        } else {
            PageState {
                unverified_customer_id: identity.id,
                unverified_email: identity.email,
                ..PageState::default()
            }
        };
        if let Some(context) = context {
            state.page_product = context
                .product
                .as_deref()
                .map(bounded)
                .filter(|p| !p.is_empty());
            if let Some(reference) = &state.page_product {
                state.page_product_id = resolve_product(db, shop_id, reference).await?;
            }
            state.cart_count = context.cart_count;
        }
        Ok(state)
    }

    /// The conversation's columns a page sets, in the order [`Self::bind`] binds them.
    pub const COLUMNS: [&'static str; 7] = [
        "verified_customer_id",
        "verified_email",
        "unverified_customer_id",
        "unverified_email",
        "page_product",
        "page_product_id",
        "cart_count",
    ];

    /// Binds this state's values to `query`, in the order of [`Self::COLUMNS`].
    pub fn bind<'q>(
        &'q self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        query
            .bind(&self.verified_customer_id)
            .bind(&self.verified_email)
            .bind(&self.unverified_customer_id)
            .bind(&self.unverified_email)
            .bind(&self.page_product)
            .bind(self.page_product_id)
            .bind(self.cart_count.map(i64::from))
    }

    /// Writes this state onto the conversation, replacing what it knew.
    pub async fn save<'e>(
        &self,
        db: impl crate::db::Executor<'e>,
        shop_id: i64,
        conversation_id: &str,
    ) -> Result<(), ApiError> {
        let set: Vec<String> = Self::COLUMNS
            .iter()
            .enumerate()
            .map(|(i, column)| format!("{column} = ${}", i + 1))
            .collect();
        let sql = format!(
            "update conversation set {}, updated_at = $10 where id = $8 and shop_id = $9",
            set.join(", ")
        );
        self.bind(sqlx::query(&sql))
            .bind(conversation_id)
            .bind(shop_id)
            .bind(db::now())
            .execute(db)
            .await?;
        Ok(())
    }
}

/// The product of this shop a page names by handle (`hooded-sweatshirt`) or catalog id.
pub async fn resolve_product(
    db: &DbPool,
    shop_id: i64,
    reference: &str,
) -> Result<Option<i64>, ApiError> {
    let reference = reference.trim();
    if reference.is_empty() || reference.chars().count() > MAX_PRODUCT_CHARS {
        return Ok(None);
    }
    let by_handle: Option<i64> =
        sqlx::query_scalar("select id from product where shop_id = $1 and handle = $2")
            .bind(shop_id)
            .bind(reference)
            .fetch_optional(db)
            .await?;
    if by_handle.is_some() {
        return Ok(by_handle);
    }
    let Ok(id) = reference.parse::<i64>() else {
        return Ok(None);
    };
    Ok(
        sqlx::query_scalar("select id from product where shop_id = $1 and id = $2")
            .bind(shop_id)
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

/// The product page the conversation was opened (or last resumed) on, if it named a product
/// of the shop.
pub async fn page_product(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
) -> Result<Option<PageProduct>, ApiError> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "select p.id, p.title from conversation c
         join product p on p.id = c.page_product_id and p.shop_id = c.shop_id
         where c.id = $1 and c.shop_id = $2",
    )
    .bind(conversation_id)
    .bind(shop_id)
    .fetch_optional(db)
    .await?;
    Ok(row.map(|(id, title)| PageProduct { id, title }))
}

/// Cuts what a page sent to a bounded length, on a character boundary.
fn bounded(text: &str) -> String {
    text.trim().chars().take(MAX_PRODUCT_CHARS).collect()
}
