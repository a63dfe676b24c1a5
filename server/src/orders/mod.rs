//! Orders: created from a checkout in one transaction (`create`), moved only forward through
//! the state machine (`status`, `transition`), canceled when unpaid too long (`expiry`), and
//! shown to whoever holds the order token or proves it otherwise (`token`, `ownership`, `view`,
//! `card`), shipped and delivered (`fulfillment`). Amounts come from `pricing`.

pub mod card;
mod contact;
mod create;
pub mod expiry;
pub mod fulfillment;
pub mod holds;
pub mod lookup;
pub mod ownership;
pub mod pricing;
pub mod status;
mod token;
pub mod transition;
mod view;

use shopchat_protocol::{OrderStatus, PaymentProvider};

use crate::error::ApiError;

pub use card::order_card;
pub(crate) use contact::is_country;
pub use create::{create_order, CreatedOrder, NewOrder};
pub use token::{authorize_order, OrderToken};
pub use transition::move_order;
pub use view::order_view;

/// An order as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderRow {
    pub id: String,
    pub shop_id: i64,
    pub number: i64,
    pub conversation_id: Option<String>,
    pub product_id: i64,
    pub variant_id: i64,
    pub title: String,
    /// JSON array of option values.
    pub options: String,
    pub email: String,
    pub currency: String,
    pub subtotal_minor: i64,
    pub shipping_minor: i64,
    pub tax_minor: i64,
    #[sqlx(try_from = "crate::db::Flag")]
    pub tax_inclusive: bool,
    pub total_minor: i64,
    pub status: String,
    pub provider: String,
    pub payment_ref: Option<String>,
    #[sqlx(try_from = "crate::db::Flag")]
    pub stock_reserved: bool,
    pub reserved_until: Option<String>,
    pub order_token_hash: String,
    pub request_hash: String,
    pub created_at: String,
}

const ORDER_COLUMNS: &str = "id, shop_id, number, conversation_id, product_id, variant_id, title, \
    options, email, currency, subtotal_minor, shipping_minor, tax_minor, tax_inclusive, \
    total_minor, status, provider, payment_ref, stock_reserved, reserved_until, \
    order_token_hash, request_hash, created_at";

impl OrderRow {
    /// The status; the table's check constraint admits only known names.
    pub fn status(&self) -> Result<OrderStatus, ApiError> {
        status::parse(&self.status).ok_or_else(|| {
            ApiError::Internal(anyhow::anyhow!(
                "order {} has an unknown status {:?}",
                self.id,
                self.status
            ))
        })
    }

    pub fn provider(&self) -> PaymentProvider {
        match self.provider.as_str() {
            "stripe" => PaymentProvider::Stripe,
            _ => PaymentProvider::Demo,
        }
    }

    /// The number people read and quote, e.g. `SC-1042`.
    pub fn number_label(&self) -> String {
        order_number_label(self.number)
    }
}

pub fn order_number_label(number: i64) -> String {
    format!("SC-{number}")
}

pub fn provider_name(provider: PaymentProvider) -> &'static str {
    match provider {
        PaymentProvider::Demo => "demo",
        PaymentProvider::Stripe => "stripe",
    }
}

/// One order of this shop.
pub async fn load_order<'e>(
    db: impl crate::db::Executor<'e>,
    shop_id: i64,
    order_id: &str,
) -> Result<Option<OrderRow>, sqlx::Error> {
    let sql = format!("select {ORDER_COLUMNS} from shop_order where id = $1 and shop_id = $2");
    sqlx::query_as::<_, OrderRow>(&sql)
        .bind(order_id)
        .bind(shop_id)
        .fetch_optional(db)
        .await
}

/// The options a shopper chooses between, as (names, values of one variant): Shopify's
/// placeholder option "Title" (value "Default Title") of single-variant products is left out.
pub fn chosen_options(
    names: &[Option<String>; 3],
    values: &[Option<String>; 3],
) -> (Vec<String>, Vec<String>) {
    names
        .iter()
        .zip(values)
        .filter_map(|(name, value)| {
            let name = name.as_deref()?.trim();
            (!name.is_empty() && !name.eq_ignore_ascii_case("title"))
                .then(|| (name.to_owned(), value.clone().unwrap_or_default()))
        })
        .unzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_read_like_sc_1042() {
        assert_eq!(order_number_label(1042), "SC-1042");
    }

    #[test]
    fn the_placeholder_title_option_is_not_a_choice() {
        let s = |v: &str| Some(v.to_owned());
        assert_eq!(
            chosen_options(&[s("Title"), None, None], &[s("Default Title"), None, None]),
            (vec![], vec![])
        );
        assert_eq!(
            chosen_options(&[s("Size"), s("Color"), None], &[s("M"), s("Navy"), None]),
            (
                vec!["Size".into(), "Color".into()],
                vec!["M".into(), "Navy".into()]
            )
        );
    }
}
