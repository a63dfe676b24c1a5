//! The settings the server runs with, and their types. They are read by `crate::cli`:
//! defaults that run with nothing set, then an optional TOML file, then environment variables
//! and command-line flags (highest). `shopchat --help` lists every setting.

pub mod limits;

use std::path::PathBuf;
use std::time::Duration;

use secrecy::SecretString;

use crate::outbound::OutboundPolicy;
use crate::sealed::SealingKey;
use limits::LimitSettings;

/// The settings the application runs with.
#[derive(Debug, Clone)]
pub struct Settings {
    pub host: String,
    /// Where the default database and the key file live.
    pub data_dir: PathBuf,
    /// The key secrets are sealed with, from `SECRET_KEY`; `None`: the key file in `data_dir`.
    pub secret_key: Option<SealingKey>,
    pub port: u16,
    pub public_url: Option<String>,
    pub database_url: String,
    pub public_dir: PathBuf,
    pub widget_dir: PathBuf,
    pub demo_shop: bool,
    pub log_format: String,
    /// The LLM engine, when configured; the embedded engine answers otherwise.
    pub llm: Option<LlmSettings>,
    /// Where Stripe calls go; each shop's keys live with the shop.
    pub stripe: StripeSettings,
    /// Stripe keys for the demo shop, when set.
    pub demo_stripe_keys: Option<StripeKeys>,
    /// Pause before the second attempt to notify a shop of a handoff; each later one is 4× longer.
    pub notify_first_retry: std::time::Duration,
    /// Where merchant-set URLs may point besides the public internet (`OUTBOUND_ALLOW`).
    pub outbound: OutboundPolicy,
    /// The size of every request limit, and the proxies trusted to name the client.
    pub limits: LimitSettings,
    /// Start no background jobs (`NO_JOBS`).
    pub no_jobs: bool,
}

impl Settings {
    /// Settings for tests and embedding: loopback, a free port, the given database.
    /// The key file goes in the database file's directory.
    pub fn for_tests(database_url: String) -> Self {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
        let database_file = database_url
            .trim_start_matches("sqlite:")
            .trim_start_matches("//")
            .split('?')
            .next()
            .unwrap_or_default();
        let data_dir = std::path::Path::new(database_file)
            .parent()
            .map(PathBuf::from)
            .unwrap_or_default();
        Settings {
            host: "127.0.0.1".into(),
            data_dir,
            secret_key: None,
            port: 0,
            public_url: None,
            database_url,
            public_dir: root.join("public"),
            widget_dir: root.join("dist/widget"),
            demo_shop: true,
            log_format: "compact".into(),
            llm: None,
            stripe: StripeSettings::default(),
            demo_stripe_keys: None,
            notify_first_retry: std::time::Duration::from_millis(20),
            outbound: OutboundPolicy::default(),
            limits: LimitSettings::default(),
            no_jobs: false,
        }
    }
}

/// Stripe settings shared by every shop (each shop's keys live with the shop).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StripeSettings {
    /// **Test only** (`STRIPE_API_BASE`): send Stripe API calls here instead of
    /// `https://api.stripe.com/`, e.g. the tests' localstripe on loopback. Leave unset in
    /// production: every shop's secret key would be sent to this host.
    pub api_base: Option<String>,
    /// **Test only** (`STRIPE_JS_URL`): where the widget loads Stripe.js from instead of
    /// [`STRIPE_JS`], e.g. the tests' stand-in on loopback.
    pub js_url: Option<String>,
    /// **Test only**: how long one Stripe call may take instead of the client's 30 seconds, so a
    /// test of a slow Stripe needn't wait half a minute.
    pub timeout: Option<Duration>,
}

/// Stripe.js, which the Payment Element needs; Stripe requires it to be loaded from here.
pub const STRIPE_JS: &str = "https://js.stripe.com/v3/";

impl StripeSettings {
    pub fn js_url(&self) -> String {
        self.js_url.clone().unwrap_or_else(|| STRIPE_JS.to_owned())
    }
}

/// The demo shop's Stripe keys: both the secret and the publishable key, or neither.
#[derive(Debug, Clone)]
pub struct StripeKeys {
    pub secret_key: SecretString,
    pub publishable_key: String,
    pub webhook_secret: Option<SecretString>,
}

pub(crate) fn stripe_keys(
    secret: Option<String>,
    publishable: Option<String>,
    webhook: Option<String>,
) -> anyhow::Result<Option<StripeKeys>> {
    let present = |v: Option<String>| v.filter(|v| !v.trim().is_empty());
    match (present(secret), present(publishable)) {
        (Some(secret), Some(publishable)) => Ok(Some(StripeKeys {
            secret_key: SecretString::from(secret),
            publishable_key: publishable,
            webhook_secret: present(webhook).map(SecretString::from),
        })),
        (None, None) => Ok(None),
        _ => anyhow::bail!("set both STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY, or neither"),
    }
}

/// Where and how to reach the model.
#[derive(Debug, Clone)]
pub struct LlmSettings {
    /// Any OpenAI-compatible base, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1`.
    pub base_url: String,
    pub model: String,
    /// Not needed by local servers. Never logged (`SecretString` doesn't print).
    pub api_key: Option<SecretString>,
    /// Longest wait for the first chunk or between two chunks; a turn may last 3×.
    pub timeout: Duration,
}

/// The LLM engine's settings when a base URL or a key is set.
pub(crate) fn llm_settings(
    base_url: Option<String>,
    api_key: Option<String>,
    model: String,
    timeout_secs: u64,
) -> Option<LlmSettings> {
    let api_key = api_key.filter(|k| !k.trim().is_empty());
    let base_url = base_url.filter(|u| !u.trim().is_empty());
    if base_url.is_none() && api_key.is_none() {
        return None;
    }
    Some(LlmSettings {
        base_url: base_url.unwrap_or_else(|| "https://api.openai.com/v1".into()),
        model,
        api_key: api_key.map(SecretString::from),
        timeout: Duration::from_secs(timeout_secs.max(1)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_settings_keep_the_key_file_beside_the_database() {
        let s = Settings::for_tests("sqlite:///tmp/x/test.db".into());
        assert_eq!(s.data_dir, PathBuf::from("/tmp/x"));
        let s = Settings::for_tests("sqlite://rel/dir/test.db?mode=rwc".into());
        assert_eq!(s.data_dir, PathBuf::from("rel/dir"));
    }
}
