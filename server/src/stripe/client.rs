//! A Stripe API client for one shop, made from that shop's secret key (read sealed from the
//! database by [`ShopStripe::client`]). Where the Stripe API is, the one process-wide knob,
//! is a setting (`config::StripeSettings`; only the tests point it elsewhere).

use std::fmt;
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};

use super::StripeError;
use crate::config::StripeSettings;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::sealed::{SealingKey, SecretColumn};

/// Where Stripe's API lives unless [`StripeSettings::api_base`] says otherwise.
pub const STRIPE_API_BASE: &str = "https://api.stripe.com/";

/// Per attempt. The SDK has no timeout of its own, and a hung connection must not hold a
/// shopper's checkout (or the reconciliation job) forever.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What a shop's Stripe calls need: where Stripe is, and the key the shops' secret keys are
/// sealed with in the database. Cheap to clone.
#[derive(Clone)]
pub struct ShopStripe {
    pub settings: StripeSettings,
    pub secrets: SealingKey,
}

impl ShopStripe {
    /// A Stripe client for the shop, made from its stored secret key. The key is opened into
    /// a `SecretString` and goes nowhere else.
    pub async fn client(&self, db: &DbPool, shop_id: i64) -> anyhow::Result<StripeClient> {
        let key = self
            .secret_key(db, shop_id)
            .await?
            .unwrap_or_else(|| SecretString::from(String::new()));
        Ok(StripeClient::new(&key, &self.settings)?)
    }

    /// The shop's stored Stripe secret key, opened; `None` when it has none.
    pub async fn secret_key(
        &self,
        db: &DbPool,
        shop_id: i64,
    ) -> Result<Option<SecretString>, ApiError> {
        let key: Option<String> =
            sqlx::query_scalar("select stripe_secret_key from shop where id = $1")
                .bind(shop_id)
                .fetch_optional(db)
                .await?
                .flatten();
        Ok(self
            .secrets
            .open_optional(shop_id, SecretColumn::StripeSecretKey, key.as_deref())?)
    }
}

/// One shop's Stripe client. Cheap to clone. Its `Debug` shows where it points, never the key.
#[derive(Clone)]
pub struct StripeClient {
    sdk: ::stripe::Client,
    api_base: String,
}

impl StripeClient {
    /// A client that authenticates with the shop's secret key (`sk_live_…`, `sk_test_…` or a
    /// restricted `rk_…`).
    ///
    /// Errors are [`StripeError::Misconfigured`] and never contain the key.
    pub fn new(secret_key: &SecretString, settings: &StripeSettings) -> Result<Self, StripeError> {
        let key = secret_key.expose_secret().trim();
        if key.is_empty() {
            return Err(StripeError::Misconfigured {
                detail: "the shop has no Stripe secret key".into(),
            });
        }
        let api_base = normalize_api_base(settings.api_base.as_deref())?;
        let sdk = ::stripe::ClientBuilder::new(key)
            .url(api_base.clone())
            .timeout(settings.timeout.unwrap_or(REQUEST_TIMEOUT))
            .app_info("shopchat", Some(env!("CARGO_PKG_VERSION").to_owned()), None)
            .build()
            // The SDK's build errors name the setting (`secret`, the URL), never the key.
            .map_err(|error| StripeError::Misconfigured {
                detail: error.to_string(),
            })?;
        Ok(Self { sdk, api_base })
    }

    /// The async-stripe client, for calls this module doesn't wrap (tests confirm intents
    /// with it, as Stripe.js does in a shopper's browser).
    pub fn sdk(&self) -> &::stripe::Client {
        &self.sdk
    }

    /// The API base this client calls, always ending in `/`.
    pub fn api_base(&self) -> &str {
        &self.api_base
    }
}

impl fmt::Debug for StripeClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StripeClient")
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

/// The SDK appends `v1/…` to the base as text, so the base must end with `/`; a missing one
/// would silently produce `http://hostv1/…`.
fn normalize_api_base(configured: Option<&str>) -> Result<String, StripeError> {
    let Some(base) = configured.map(str::trim).filter(|b| !b.is_empty()) else {
        return Ok(STRIPE_API_BASE.to_owned());
    };
    let lower = base.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://"))
        || base.len() <= "https://".len()
        || base.contains(['?', '#'])
    {
        return Err(StripeError::Misconfigured {
            detail: format!("STRIPE_API_BASE must be an http(s) URL, got {base:?}"),
        });
    }
    Ok(if base.ends_with('/') {
        base.to_owned()
    } else {
        format!("{base}/")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> SecretString {
        SecretString::from(text.to_owned())
    }

    #[test]
    fn without_an_override_the_client_calls_stripe() {
        let client = StripeClient::new(&key("sk_test_123"), &StripeSettings::default()).unwrap();
        assert_eq!(client.api_base(), "https://api.stripe.com/");
    }

    #[test]
    fn an_override_gets_the_trailing_slash_the_sdk_needs() {
        let settings = StripeSettings {
            api_base: Some("http://127.0.0.1:8420".into()),
            ..StripeSettings::default()
        };
        let client = StripeClient::new(&key("sk_test_123"), &settings).unwrap();
        assert_eq!(client.api_base(), "http://127.0.0.1:8420/");
    }

    #[test]
    fn a_base_that_is_not_a_url_is_refused() {
        let settings = StripeSettings {
            api_base: Some("localhost:8420".into()),
            ..StripeSettings::default()
        };
        let error = StripeClient::new(&key("sk_test_123"), &settings).unwrap_err();
        assert_eq!(error.code(), "payment_provider_misconfigured");
    }

    #[test]
    fn neither_debug_nor_errors_show_the_secret_key() {
        let client = StripeClient::new(&key("sk_test_topsecret"), &StripeSettings::default());
        assert!(!format!("{client:?}").contains("topsecret"));

        let error =
            StripeClient::new(&key("sk_test_top\nsecret"), &StripeSettings::default()).unwrap_err();
        assert_eq!(error.code(), "payment_provider_misconfigured");
        assert!(!format!("{error} {error:?}").contains("secret\n"));
        assert!(!format!("{error} {error:?}").contains("sk_test_top"));
    }

    #[test]
    fn an_empty_key_is_refused() {
        let error = StripeClient::new(&key("  "), &StripeSettings::default()).unwrap_err();
        assert_eq!(error.code(), "payment_provider_misconfigured");
    }
}
