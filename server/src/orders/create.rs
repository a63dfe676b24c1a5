//! Creating an order from a checkout, in one transaction: the idempotency key is looked up
//! first (the same key returns the same order, never a second one), then the variant is loaded
//! for this shop, the contact details validated, one unit of stock reserved, the shop's next
//! order number taken, the order and its first history entry written, and any earlier unpaid
//! order of the conversation canceled (one hold per conversation). The amounts are
//! computed here from the catalog and the shop's settings; nothing the client sends sets them.

use std::time::SystemTime;

use sha2::{Digest, Sha256};
use shopchat_protocol::{CreateOrderRequest, PaymentProvider};

use super::pricing::{self, Line, ShopPricing};
use super::transition;
use super::{chosen_options, contact, expiry, holds, load_order, provider_name, OrderRow};
use super::{OrderToken, ORDER_COLUMNS};
use crate::audit::Actor;
use crate::clock;
use crate::db::{self, DbPool, DbTx};
use crate::error::ApiError;

/// Longest idempotency key accepted (a UUID is 36).
const MAX_KEY_LEN: usize = 255;

/// Everything needed to create an order, already authorized by the caller.
pub struct NewOrder<'a> {
    pub shop_id: i64,
    pub conversation_id: &'a str,
    /// The conversation's bearer token, from which the order token is derived.
    pub conversation_token: &'a str,
    pub request: &'a CreateOrderRequest,
    pub provider: PaymentProvider,
    pub now: SystemTime,
}

pub struct CreatedOrder {
    pub order: OrderRow,
    pub token: OrderToken,
    /// True when the idempotency key had been used before and this is that same order.
    pub replayed: bool,
}

/// The variant being bought, with what pricing and stock need.
#[derive(sqlx::FromRow)]
struct VariantRow {
    product_id: i64,
    title: String,
    option1_name: Option<String>,
    option2_name: Option<String>,
    option3_name: Option<String>,
    option1: Option<String>,
    option2: Option<String>,
    option3: Option<String>,
    price_minor: i64,
    inventory_qty: Option<i64>,
    inventory_policy: String,
    #[sqlx(try_from = "crate::db::Flag")]
    requires_shipping: bool,
    #[sqlx(try_from = "crate::db::Flag")]
    taxable: bool,
}

pub async fn create_order(db: &DbPool, new: NewOrder<'_>) -> Result<CreatedOrder, ApiError> {
    let request = new.request;
    let key = request.idempotency_key.trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN || !key.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(ApiError::InvalidRequest(format!(
            "idempotency_key must be 1 to {MAX_KEY_LEN} visible ASCII characters"
        )));
    }
    let request_hash = fingerprint(request)?;
    let shop_pricing = ShopPricing::load(db, new.shop_id).await?;

    let mut tx = db::begin_write(db).await?;
    if let Some(existing) = find_by_key(&mut tx, new.shop_id, new.conversation_id, key).await? {
        tx.rollback().await?;
        if existing.request_hash != request_hash {
            return Err(ApiError::IdempotencyKeyReused);
        }
        return Ok(CreatedOrder {
            token: OrderToken::derive(new.conversation_token, &existing.id),
            order: existing,
            replayed: true,
        });
    }

    let variant = load_variant(&mut tx, new.shop_id, request.variant_id)
        .await?
        .ok_or(ApiError::VariantNotFound)?;
    let (email, address) = contact::validate(
        &request.email,
        request.shipping_address.as_ref(),
        variant.requires_shipping,
    )
    .map_err(ApiError::InvalidFields)?;
    let line = Line {
        price_minor: variant.price_minor,
        requires_shipping: variant.requires_shipping,
        taxable: variant.taxable,
    };
    let breakdown = pricing::breakdown(line, &shop_pricing)
        .map_err(|e| ApiError::Internal(anyhow::Error::new(e).context("pricing an order")))?;

    // Only tracked stock that may not be oversold is reserved; the update's own condition
    // makes two shoppers racing for the last unit end with one order and one `sold_out`.
    let reserve = variant.inventory_qty.is_some() && variant.inventory_policy == "deny";
    if reserve {
        let reserved = sqlx::query(
            "update variant set inventory_qty = inventory_qty - 1,
                 updated_at = $3
             where id = $1 and shop_id = $2 and inventory_qty > 0",
        )
        .bind(request.variant_id)
        .bind(new.shop_id)
        .bind(db::now())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if reserved == 0 {
            return Err(ApiError::SoldOut);
        }
        crate::shop::stock_moved(&mut tx, new.shop_id, request.variant_id).await?;
    }
    let number: i64 = sqlx::query_scalar(
        "update shop set next_order_number = next_order_number + 1 where id = $1
         returning next_order_number - 1",
    )
    .bind(new.shop_id)
    .fetch_one(&mut *tx)
    .await?;

    let id = new_order_id();
    let token = OrderToken::derive(new.conversation_token, &id);
    let names = [
        variant.option1_name,
        variant.option2_name,
        variant.option3_name,
    ];
    let values = [variant.option1, variant.option2, variant.option3];
    let (_, options) = chosen_options(&names, &values);
    let address = address
        .map(|a| serde_json::to_string(&a))
        .transpose()
        .map_err(|e| ApiError::Internal(e.into()))?;
    let reserved_until = clock::timestamp(new.now + expiry::RESERVATION);
    sqlx::query(
        "insert into shop_order (id, shop_id, number, conversation_id, product_id, variant_id,
             title, options, email, shipping_address, currency, subtotal_minor, shipping_minor,
             tax_minor, tax_inclusive, total_minor, status, provider, stock_reserved,
             reserved_until, order_token_hash, idempotency_key, request_hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, 'awaiting_payment', $17, $18, $19, $20, $21, $22)",
    )
    .bind(&id)
    .bind(new.shop_id)
    .bind(number)
    .bind(new.conversation_id)
    .bind(variant.product_id)
    .bind(request.variant_id)
    .bind(&variant.title)
    .bind(serde_json::to_string(&options).map_err(|e| ApiError::Internal(e.into()))?)
    .bind(email.as_str())
    .bind(address)
    .bind(breakdown.total.currency.as_str())
    .bind(breakdown.subtotal.minor)
    .bind(breakdown.shipping.minor)
    .bind(breakdown.tax.minor)
    .bind(crate::db::Flag(breakdown.tax_inclusive))
    .bind(breakdown.total.minor)
    .bind(provider_name(new.provider))
    .bind(crate::db::Flag(reserve))
    .bind(reserved_until)
    .bind(token.hash())
    .bind(key)
    .bind(&request_hash)
    .execute(&mut *tx)
    .await?;
    transition::record_created(&mut tx, &id, new.shop_id, Actor::Shopper).await?;
    // One unpaid order per conversation: this one replaces any earlier hold.
    holds::replace_in_conversation(&mut tx, new.shop_id, new.conversation_id, &id).await?;
    let order = load_order(&mut *tx, new.shop_id, &id)
        .await?
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("order {id} vanished after insert")))?;
    tx.commit().await?;
    tracing::info!(order = %order.number_label(), total = order.total_minor, "order created");
    Ok(CreatedOrder {
        order,
        token,
        replayed: false,
    })
}

async fn find_by_key(
    tx: &mut DbTx,
    shop_id: i64,
    conversation_id: &str,
    key: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!(
        "select {ORDER_COLUMNS} from shop_order
         where shop_id = $1 and conversation_id = $2 and idempotency_key = $3"
    );
    sqlx::query_as::<_, OrderRow>(&sql)
        .bind(shop_id)
        .bind(conversation_id)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await
}

/// The variant, if this shop sells it now (its product active and published).
async fn load_variant(
    tx: &mut DbTx,
    shop_id: i64,
    variant_id: i64,
) -> Result<Option<VariantRow>, sqlx::Error> {
    sqlx::query_as::<_, VariantRow>(
        "select v.product_id, p.title, p.option1_name, p.option2_name, p.option3_name,
                v.option1, v.option2, v.option3, v.price_minor, v.inventory_qty,
                v.inventory_policy, v.requires_shipping, v.taxable
         from variant v join product p on p.id = v.product_id and p.shop_id = v.shop_id
         where v.id = $1 and v.shop_id = $2 and p.status = 'active' and p.published = 1",
    )
    .bind(variant_id)
    .bind(shop_id)
    .fetch_optional(&mut **tx)
    .await
}

/// SHA-256 of the request as sent: a reused key must come with the same request.
fn fingerprint(request: &CreateOrderRequest) -> Result<String, ApiError> {
    let bytes = serde_json::to_vec(request).map_err(|e| ApiError::Internal(e.into()))?;
    Ok(hex::encode(Sha256::digest(bytes)))
}

/// A random order id: 128 bits, hex, unguessable so ids in URLs reveal nothing.
fn new_order_id() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
