//! Payment providers: which one takes a shop's money, and the payment session the widget gets
//! for an order. `demo` (the built-in test gateway) serves every shop without a Stripe secret
//! key; Stripe plugs in at the two places marked below.

pub mod demo;

use shopchat_protocol::{PaymentProvider, PaymentSession};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::orders::OrderRow;

/// The provider a shop takes payments with, and what the browser may know about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProviderChoice {
    Demo,
    Stripe {
        /// Public by design: Stripe.js needs it in the browser.
        publishable_key: Option<String>,
        test_mode: bool,
    },
}

impl ProviderChoice {
    /// Stripe when the shop has a Stripe secret key, else the demo gateway.
    pub async fn for_shop(db: &DbPool, shop_id: i64) -> Result<Self, ApiError> {
        // Only whether a secret key is set is read here, never the key itself, so it can't end
        // up in a log line or a response by accident.
        let (has_secret, publishable_key): (bool, Option<String>) = sqlx::query_as(
            "select coalesce(trim(stripe_secret_key), '') != '', stripe_publishable_key
             from shop where id = ?",
        )
        .bind(shop_id)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::UnknownShop)?;
        if !has_secret {
            return Ok(ProviderChoice::Demo);
        }
        let publishable_key = publishable_key.filter(|k| !k.trim().is_empty());
        Ok(ProviderChoice::Stripe {
            test_mode: publishable_key
                .as_deref()
                .is_none_or(|k| k.starts_with("pk_test_")),
            publishable_key,
        })
    }

    pub fn provider(&self) -> PaymentProvider {
        match self {
            ProviderChoice::Demo => PaymentProvider::Demo,
            ProviderChoice::Stripe { .. } => PaymentProvider::Stripe,
        }
    }

    /// True when no real money moves: the demo gateway, or Stripe with test keys.
    pub fn test_mode(&self) -> bool {
        match self {
            ProviderChoice::Demo => true,
            ProviderChoice::Stripe { test_mode, .. } => *test_mode,
        }
    }

    pub fn publishable_key(&self) -> Option<String> {
        match self {
            ProviderChoice::Demo => None,
            ProviderChoice::Stripe {
                publishable_key, ..
            } => publishable_key.clone(),
        }
    }

    /// Refuses before any order is created when the provider can't take the payment, so a
    /// shopper is never left with an order nobody can pay.
    pub fn ensure_available(&self) -> Result<(), ApiError> {
        match self {
            ProviderChoice::Demo => Ok(()),
            // The Stripe module plugs in here (1/2): return Ok once it can create PaymentIntents.
            ProviderChoice::Stripe { .. } => Err(ApiError::ProviderUnavailable),
        }
    }
}

/// The payment session for an order just created, or replayed by its idempotency key (the
/// same order must then get the same session, never a second payment).
pub async fn start_session(
    choice: &ProviderChoice,
    _order: &OrderRow,
) -> Result<PaymentSession, ApiError> {
    match choice {
        ProviderChoice::Demo => Ok(PaymentSession {
            provider: PaymentProvider::Demo,
            client_secret: None,
            stripe_publishable_key: None,
            test_mode: true,
        }),
        // The Stripe module plugs in here (2/2): create the order's PaymentIntent with an
        // idempotency key derived from the order id (so a replay finds the same one), store its
        // id in `shop_order.payment_ref`, and return its client secret.
        ProviderChoice::Stripe { .. } => Err(ApiError::ProviderUnavailable),
    }
}
