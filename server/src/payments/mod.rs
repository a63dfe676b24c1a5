//! Payment providers: which one takes a shop's money, and the payment session the widget gets
//! for an order. `demo` (the built-in test gateway) serves every shop without a Stripe secret
//! key; `stripe` every shop with one (PaymentIntents, webhook effects, reconciliation).

pub mod demo;
pub mod stripe;

use secrecy::ExposeSecret;
use shopchat_protocol::{PaymentProvider, PaymentSession};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::orders::OrderRow;
use crate::sealed::{non_empty, SealingKey, SecretColumn};
use crate::stripe::ShopStripe;

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

/// Whether the shop's row has a Stripe secret key set: the expression, for a statement that
/// reads it with others of the row (see [`ProviderChoice::provider_given`]).
pub const HAS_STRIPE_SECRET: &str = "coalesce(trim(stripe_secret_key), '') != ''";

impl ProviderChoice {
    /// Stripe when the shop has a Stripe secret key, else the demo gateway.
    pub async fn for_shop(
        db: &DbPool,
        secrets: &SealingKey,
        shop_id: i64,
    ) -> Result<Self, ApiError> {
        let (secret_key, publishable_key): (Option<String>, Option<String>) = sqlx::query_as(
            "select stripe_secret_key, stripe_publishable_key from shop where id = $1",
        )
        .bind(shop_id)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::UnknownShop)?;
        // Only whether a secret key is set, and whether it is a test key, leaves this block,
        // never the key itself, so it can't end up in a log line or a response by accident.
        let test_key = {
            let secret_key = non_empty(secrets.open_optional(
                shop_id,
                SecretColumn::StripeSecretKey,
                secret_key.as_deref(),
            )?);
            let Some(secret_key) = secret_key else {
                return Ok(ProviderChoice::Demo);
            };
            let secret_key = secret_key.expose_secret().trim();
            secret_key.starts_with("sk_test_") || secret_key.starts_with("rk_test_")
        };
        let publishable_key = publishable_key.filter(|k| !k.trim().is_empty());
        Ok(ProviderChoice::Stripe {
            test_mode: test_key,
            publishable_key,
        })
    }

    /// Which provider takes the shop's payments, without opening its secret key: enough to
    /// describe how shoppers pay, not to take a payment. (Empty secrets are stored as null,
    /// so a sealed value is a set key.)
    pub async fn provider_of(db: &DbPool, shop_id: i64) -> Result<PaymentProvider, ApiError> {
        let crate::db::Flag(has_secret) = sqlx::query_scalar(&format!(
            "select {HAS_STRIPE_SECRET} from shop where id = $1"
        ))
        .bind(shop_id)
        .fetch_optional(db)
        .await?
        .ok_or(ApiError::UnknownShop)?;
        Ok(Self::provider_given(has_secret))
    }

    /// The provider of a shop whose row has a Stripe secret key set, or not
    /// ([`HAS_STRIPE_SECRET`]).
    pub fn provider_given(has_secret: bool) -> PaymentProvider {
        if has_secret {
            PaymentProvider::Stripe
        } else {
            PaymentProvider::Demo
        }
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
    db: &DbPool,
    shop_stripe: &ShopStripe,
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
            let client_secret = stripe::start_payment(db, shop_stripe, order).await?;
            Ok(PaymentSession {
                provider: PaymentProvider::Stripe,
                client_secret: Some(client_secret),
                stripe_publishable_key: publishable_key.clone(),
                stripe_js_url: Some(shop_stripe.settings.js_url()),
                test_mode: *test_mode,
            })
        }
    }
}
