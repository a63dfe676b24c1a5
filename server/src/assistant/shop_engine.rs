//! Which engine answers a shop's shoppers. A shop that configured its own OpenAI-compatible
//! endpoint on the merchant page gets an engine built from those settings (cached until they
//! change); a shop that chose `embedded` gets none; otherwise the server's default applies.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use secrecy::SecretString;
use sha2::{Digest, Sha256};

use super::llm::{LlmEngine, LlmSettings};
use crate::error::ApiError;
use crate::state::AppState;

/// Per-chunk timeout of a shop's own endpoint (the server's default engine has its own setting).
const SHOP_LLM_TIMEOUT: Duration = Duration::from_secs(20);

/// Engines built from shops' own settings, keyed by shop, with a digest of the settings they
/// were built from so a change rebuilds them.
#[derive(Default)]
pub struct ShopEngines {
    built: Mutex<HashMap<i64, (String, Arc<LlmEngine>)>>,
}

#[derive(sqlx::FromRow)]
struct EngineRow {
    assistant_engine: Option<String>,
    llm_base_url: Option<String>,
    llm_model: Option<String>,
    llm_api_key: Option<String>,
}

/// The LLM engine for this shop's next turn; `None`: the embedded engine answers.
pub async fn engine_for(
    state: &AppState,
    shop_id: i64,
) -> Result<Option<Arc<LlmEngine>>, ApiError> {
    let row: Option<EngineRow> = sqlx::query_as(
        "select assistant_engine, llm_base_url, llm_model, llm_api_key from shop where id = ?",
    )
    .bind(shop_id)
    .fetch_optional(&state.db)
    .await?;
    let Some(row) = row else {
        return Ok(state.llm.clone());
    };
    match row.assistant_engine.as_deref() {
        None => Ok(state.llm.clone()),
        Some("openai") => Ok(state.shop_engines.get_or_build(shop_id, &row)),
        Some(_) => Ok(None),
    }
}

/// Builds an engine from settings as the merchant page would save them, without caching it
/// (the "test connection" button).
pub fn build(base_url: &str, model: &str, api_key: Option<&str>) -> Result<LlmEngine, String> {
    LlmEngine::new(LlmSettings {
        base_url: base_url.to_owned(),
        model: model.to_owned(),
        api_key: api_key.map(|k| SecretString::from(k.to_owned())),
        timeout: SHOP_LLM_TIMEOUT,
    })
    .map_err(|e| e.to_string())
}

impl ShopEngines {
    fn get_or_build(&self, shop_id: i64, row: &EngineRow) -> Option<Arc<LlmEngine>> {
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
        match build(base_url, model, key) {
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
