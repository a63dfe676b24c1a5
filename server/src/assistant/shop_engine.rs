//! Which engine answers a shop's shoppers. A shop that configured its own OpenAI-compatible
//! endpoint on the merchant page gets an engine built from those settings (cached until they
//! change); a shop that chose `embedded` gets none; otherwise the server's default applies.
//! A shop's endpoint is merchant input, so it is called under the outbound policy
//! ([`crate::outbound`]); the server's default endpoint is the operator's and is not.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use super::llm::{LlmEngine, LlmSettings};
use super::AssistantDeps;
use crate::error::ApiError;
use crate::outbound::OutboundPolicy;
use crate::sealed::SecretColumn;

/// Per-chunk timeout of a shop's own endpoint (the server's default engine has its own setting).
const SHOP_LLM_TIMEOUT: Duration = Duration::from_secs(20);

/// Engines built from shops' own settings, keyed by shop, with a digest of the settings they
/// were built from so a change rebuilds them.
#[derive(Default)]
pub struct ShopEngines {
    built: Mutex<HashMap<i64, (String, Arc<LlmEngine>)>>,
}

/// A shop's engine settings as stored (the key still sealed); a turn reads them with the
/// rest of what it needs (`assistant::turn`).
#[derive(sqlx::FromRow)]
pub struct EngineRow {
    pub assistant_engine: Option<String>,
    pub llm_base_url: Option<String>,
    pub llm_model: Option<String>,
    pub llm_api_key: Option<String>,
}

/// The LLM engine for this shop's next turn, from its settings; `None`: the embedded engine
/// answers.
pub fn engine_for(
    deps: &AssistantDeps,
    shop_id: i64,
    mut row: EngineRow,
) -> Result<Option<Arc<LlmEngine>>, ApiError> {
    // Opened here: the cache's digest and the engine only ever see the key itself.
    row.llm_api_key = deps
        .secrets
        .open_optional(shop_id, SecretColumn::LlmApiKey, row.llm_api_key.as_deref())?
        .map(|key| key.expose_secret().to_owned());
    match row.assistant_engine.as_deref() {
        None => Ok(deps.llm.clone()),
        Some("openai") => Ok(deps
            .shop_engines
            .get_or_build(&deps.outbound, shop_id, &row)),
        Some(_) => Ok(None),
    }
}

/// Builds an engine from settings as the merchant page would save them, without caching it
/// (the "test connection" button). Its requests resolve, connect and follow redirects under
/// `outbound`; a base URL whose host is a refused IP address is refused here, since no
/// resolver sees it.
pub fn build(
    outbound: &OutboundPolicy,
    base_url: &str,
    model: &str,
    api_key: Option<&str>,
) -> Result<LlmEngine, String> {
    if let Ok(url) = http_client::Url::parse(base_url.trim()) {
        outbound
            .check_url(&url)
            .map_err(|refused| format!("refused by the outbound URL policy: {refused}"))?;
    }
    let http = outbound
        .client_builder()
        .build()
        .map_err(|_| "the HTTP client could not be built".to_owned())?;
    LlmEngine::with_http_client(
        LlmSettings {
            base_url: base_url.to_owned(),
            model: model.to_owned(),
            api_key: api_key.map(|k| SecretString::from(k.to_owned())),
            timeout: SHOP_LLM_TIMEOUT,
        },
        Some(http),
    )
    .map_err(|e| e.to_string())
}

impl ShopEngines {
    fn get_or_build(
        &self,
        outbound: &OutboundPolicy,
        shop_id: i64,
        row: &EngineRow,
    ) -> Option<Arc<LlmEngine>> {
        let base_url = row.llm_base_url.as_deref().unwrap_or_default();
        let model = row.llm_model.as_deref().unwrap_or_default();
        let key = row.llm_api_key.as_deref();
        let digest = hex::encode(Sha256::digest(
            [base_url, model, key.unwrap_or_default()].join("\0"),
        ));
        // A poisoned lock only means a panic elsewhere mid-insert: the map is still usable.
        let mut built = self
            .built
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((seen, engine)) = built.get(&shop_id) {
            if *seen == digest {
                return Some(engine.clone());
            }
        }
        match build(outbound, base_url, model, key) {
            Ok(engine) => {
                let engine = Arc::new(engine);
                built.insert(shop_id, (digest, engine.clone()));
                Some(engine)
            }
            Err(error) => {
                tracing::warn!(shop = shop_id, %error, "the shop's LLM settings are unusable; the embedded engine answers");
                built.remove(&shop_id);
                None
            }
        }
    }
}
