//! Conversation ids and the bearer token that proves one (a `crate::tokens::SecretToken`
//! shown to the widget once). The HTTP side reads the token from the request.

use rand::RngCore;

use crate::db::DbPool;
use crate::error::ApiError;
use crate::shop::Shop;
use crate::tokens::token_matches;

/// A random id for a new conversation (128 bits, hex).
pub fn new_conversation_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// A conversation the request has proven it owns.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OwnedConversation {
    pub id: String,
    pub shop_id: i64,
    pub locale: String,
}

/// Checks the presented bearer token against the conversation's stored hash and returns the
/// conversation with its shop, read in one statement: an unknown conversation is
/// `ConversationNotFound`, a missing or wrong token `InvalidToken`.
pub async fn authorize(
    db: &DbPool,
    id: &str,
    presented: Option<&str>,
) -> Result<(OwnedConversation, Shop), ApiError> {
    let (conversation, shop, Nothing) = authorize_reading(db, id, presented, "", "").await?;
    Ok((conversation, shop))
}

/// [`authorize`], reading in the same statement what else a caller needs of the conversation:
/// `columns` (each with a leading comma) over `conversation c` and `shop s`, with `joins`
/// added after theirs. One statement instead of two, on the path every message takes.
pub(crate) async fn authorize_reading<T>(
    db: &DbPool,
    id: &str,
    presented: Option<&str>,
    columns: &str,
    joins: &str,
) -> Result<(OwnedConversation, Shop, T), ApiError>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    let sql = format!(
        "select c.id as conversation_id, c.locale as conversation_locale, c.token_hash, {}{columns}
         from conversation c join shop s on s.id = c.shop_id {joins}
         where c.id = $1",
        Shop::columns("s")
    );
    let row: Option<AuthorizedRow<T>> = sqlx::query_as(&sql).bind(id).fetch_optional(db).await?;
    let row = row.ok_or(ApiError::ConversationNotFound)?;
    let presented = presented.ok_or(ApiError::InvalidToken)?;
    if !token_matches(presented, &row.token_hash) {
        return Err(ApiError::InvalidToken);
    }
    let conversation = OwnedConversation {
        id: row.conversation_id,
        shop_id: row.shop.id,
        locale: row.conversation_locale,
    };
    Ok((conversation, row.shop, row.extra))
}

#[derive(sqlx::FromRow)]
struct AuthorizedRow<T> {
    conversation_id: String,
    conversation_locale: String,
    token_hash: String,
    #[sqlx(flatten)]
    shop: Shop,
    #[sqlx(flatten)]
    extra: T,
}

/// No more columns than [`authorize`] reads.
struct Nothing;

impl<'r, R: sqlx::Row> sqlx::FromRow<'r, R> for Nothing {
    fn from_row(_: &'r R) -> Result<Self, sqlx::Error> {
        Ok(Nothing)
    }
}
