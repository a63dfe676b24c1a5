//! Payment providers: which one takes a shop's money, and the payment session the widget gets
//! for an order. `demo` (the built-in test gateway) serves every shop without a Stripe secret
//! key; `stripe` every shop with one (PaymentIntents, webhook effects, reconciliation).

pub mod demo;
pub mod stripe;

use shopchat_protocol::{PaymentProvider, PaymentSession};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::orders::OrderRow;
use crate::state::AppState;

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
        // Only whether a secret key is set, and whether it is a test key, is read here, never
        // the key itself, so it can't end up in a log line or a response by accident.
        let (has_secret, test_key, publishable_key): (bool, bool, Option<String>) = sqlx::query_as(
            "select coalesce(trim(stripe_secret_key), '') != '',
                    substr(coalesce(trim(stripe_secret_key), ''), 1, 8) in ('sk_test_', 'rk_test_'),
                    stripe_publishable_key
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
            test_mode: test_key,
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
            // Without a publishable key the browser can't load the Payment Element.
            ProviderChoice::Stripe {
                publishable_key: None,
                ..
            } => Err(ApiError::ProviderUnavailable),
            ProviderChoice::Stripe { .. } => Ok(()),
        }
    }
}

/// The payment session for an order just created, or replayed by its idempotency key (the
/// same order must then get the same session, never a second payment).
pub async fn start_session(
    state: &AppState,
    choice: &ProviderChoice,
    order: &OrderRow,
) -> Result<PaymentSession, ApiError> {
    match choice {
        ProviderChoice::Demo => Ok(PaymentSession {
            provider: PaymentProvider::Demo,
            client_secret: None,
            stripe_publishable_key: None,
            stripe_js_url: None,
            test_mode: true,
        }),
        ProviderChoice::Stripe {
            publishable_key,
            test_mode,
        } => {
            let client_secret = stripe::start_payment(state, order).await?;
            Ok(PaymentSession {
                provider: PaymentProvider::Stripe,
                client_secret: Some(client_secret),
                stripe_publishable_key: publishable_key.clone(),
                stripe_js_url: Some(state.stripe.js_url()),
                test_mode: *test_mode,
            })
        }
    }
}
