//! Where the model lives: an OpenAI-compatible base URL and an optional key, as an
//! async-openai [`Config`]. Ours rather than `OpenAIConfig` because that one reads
//! `OPENAI_*` variables behind our back and always sends a bearer header, even an empty one
//! (local servers such as Ollama need no key).

use async_openai::config::Config;
use http_client::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};
use secrecy::{ExposeSecret, SecretString};

/// Azure OpenAI takes its key in this header instead of a bearer token.
const AZURE_KEY_HEADER: HeaderName = HeaderName::from_static("api-key");

/// Settings that can't make a working endpoint.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum InvalidLlmSettings {
    #[error("the LLM base URL must start with http:// or https://")]
    BaseUrl,
    #[error("the LLM model name is empty")]
    Model,
    #[error("the LLM key contains characters an HTTP header can't carry")]
    Key,
}

#[derive(Debug)]
pub(super) struct Endpoint {
    base_url: String,
    key: SecretString,
    /// The prepared auth header; marked sensitive so HTTP-level logging never prints it.
    auth: Option<(HeaderName, HeaderValue)>,
}

impl Endpoint {
    pub(super) fn new(
        base_url: &str,
        key: Option<&SecretString>,
    ) -> Result<Self, InvalidLlmSettings> {
        let base_url = base_url.trim().trim_end_matches('/').to_owned();
        let lower = base_url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://"))
            || base_url.len() < "http://x".len()
        {
            return Err(InvalidLlmSettings::BaseUrl);
        }
        let key = key
            .map(|k| k.expose_secret().trim())
            .filter(|k| !k.is_empty());
        let auth = match key {
            None => None,
            Some(key) => {
                let azure = lower.split('/').nth(2).is_some_and(|host| {
                    host.split(':')
                        .next()
                        .unwrap_or(host)
                        .ends_with(".azure.com")
                });
                let (name, value) = if azure {
                    (AZURE_KEY_HEADER, key.to_owned())
                } else {
                    (AUTHORIZATION, format!("Bearer {key}"))
                };
                let mut value =
                    HeaderValue::from_str(&value).map_err(|_| InvalidLlmSettings::Key)?;
                value.set_sensitive(true);
                Some((name, value))
            }
        };
        Ok(Self {
            base_url,
            key: SecretString::from(key.unwrap_or_default().to_owned()),
            auth,
        })
    }
}

impl Config for Endpoint {
    fn headers(&self) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some((name, value)) = &self.auth {
            headers.insert(name.clone(), value.clone());
        }
        headers
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn query(&self) -> Vec<(&str, &str)> {
        Vec::new()
    }

    fn api_base(&self) -> &str {
        &self.base_url
    }

    fn api_key(&self) -> &SecretString {
        &self.key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_local_endpoint_without_a_key_sends_no_auth_header() {
        let endpoint = Endpoint::new("http://127.0.0.1:11434/v1/", None).unwrap();
        assert!(endpoint.headers().is_empty());
        assert_eq!(
            endpoint.url("/chat/completions"),
            "http://127.0.0.1:11434/v1/chat/completions"
        );
    }

    #[test]
    fn a_key_becomes_a_sensitive_bearer_header_and_azure_gets_its_own_header() {
        let key = SecretString::from("sk-test".to_owned());
        let openai = Endpoint::new("https://api.openai.com/v1", Some(&key)).unwrap();
        let value = &openai.headers()[AUTHORIZATION];
        assert_eq!(value, "Bearer sk-test");
        assert!(value.is_sensitive());
        let azure = Endpoint::new("https://shop.openai.azure.com/openai/v1", Some(&key)).unwrap();
        assert_eq!(azure.headers()["api-key"], "sk-test");
    }

    #[test]
    fn bad_base_urls_and_keys_are_refused() {
        assert_eq!(
            Endpoint::new("api.openai.com/v1", None).unwrap_err(),
            InvalidLlmSettings::BaseUrl
        );
        let key = SecretString::from("sk\ntest".to_owned());
        assert_eq!(
            Endpoint::new("https://api.openai.com/v1", Some(&key)).unwrap_err(),
            InvalidLlmSettings::Key
        );
    }
}
