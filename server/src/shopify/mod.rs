//! Shopify's Admin GraphQL API, for shops that enter a custom app's Admin API access token on
//! the Settings page: order status by number and email (`orders`), and the connection test.
//! The store domain is merchant-set, so every request goes through the outbound URL policy.

pub mod orders;
pub mod proven;

use std::time::Duration;

use http_client::Url;
use secrecy::{ExposeSecret, SecretString};
use serde_json::{json, Value};

use crate::db::DbPool;
use crate::error::ApiError;
use crate::outbound::{OutboundPolicy, Refused};
use crate::sealed::{SealingKey, SecretColumn};

/// The Admin API version the queries are written against.
pub const API_VERSION: &str = "2025-01";

/// How long the chat waits for Shopify before telling the shopper to try again later.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Largest answer read from Shopify.
const MAX_BODY: usize = 1 << 20;

/// Why Shopify gave no usable answer. None of these is the shopper's fault; each becomes a
/// clear message to them, never a 5xx.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AdminApiError {
    /// The store domain is refused by the outbound URL policy, or isn't a domain at all.
    #[error("the store domain can't be used: {0}")]
    BadDomain(String),
    /// 401/403, or an `ACCESS_DENIED` error: a wrong, revoked or under-scoped token.
    #[error("Shopify refused the access token (check it and its read_orders scope)")]
    Unauthorized,
    /// Timeout, connection failure, 5xx, throttling.
    #[error("Shopify did not answer: {0}")]
    Unavailable(String),
    /// An answer that isn't the documented shape, or GraphQL errors.
    #[error("Shopify's answer could not be read: {0}")]
    Unreadable(String),
}

/// A shop's Admin API: its GraphQL endpoint and access token.
pub struct AdminApi {
    endpoint: Url,
    token: SecretString,
    client: http_client::Client,
}

impl std::fmt::Debug for AdminApi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminApi")
            .field("endpoint", &self.endpoint.as_str())
            .finish_non_exhaustive()
    }
}

/// The GraphQL endpoint of a store domain: `shop.myshopify.com` (https is implied), or a full
/// `http(s)://` base URL (a proxy in front of the store, or a stand-in in tests).
pub fn endpoint(domain: &str) -> Option<Url> {
    let domain = domain.trim().trim_end_matches('/');
    if domain.is_empty() || domain.len() > 255 {
        return None;
    }
    let lower = domain.to_ascii_lowercase();
    let base = if lower.starts_with("https://") || lower.starts_with("http://") {
        domain.to_owned()
    } else if domain
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b':')
        && domain.contains('.')
    {
        format!("https://{domain}")
    } else {
        return None;
    };
    let url = Url::parse(&format!("{base}/admin/api/{API_VERSION}/graphql.json")).ok()?;
    let plain = url.username().is_empty()
        && url.password().is_none()
        && url.query().is_none()
        && url.fragment().is_none()
        && url.host_str().is_some();
    plain.then_some(url)
}

impl AdminApi {
    /// The client for `domain`, checked against the outbound URL policy.
    pub fn new(
        outbound: &OutboundPolicy,
        domain: &str,
        token: SecretString,
    ) -> Result<Self, AdminApiError> {
        let endpoint = endpoint(domain).ok_or_else(|| {
            AdminApiError::BadDomain("not a store domain like shop.myshopify.com".into())
        })?;
        outbound
            .check_url(&endpoint)
            .map_err(|refused| AdminApiError::BadDomain(refused.to_string()))?;
        let client = outbound
            .client_builder()
            .timeout(TIMEOUT)
            .connect_timeout(Duration::from_secs(5))
            // The token goes to the store domain and nowhere else.
            .redirect(http_client::redirect::Policy::none())
            .user_agent(concat!("Shopchat/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AdminApiError::Unavailable(format!("no HTTP client: {e}")))?;
        Ok(Self {
            endpoint,
            token,
            client,
        })
    }

    /// The shop's Admin API, when its Settings have a store domain and a token (or why those
    /// can't be used, e.g. a domain the outbound policy now refuses).
    pub async fn for_shop(
        db: &DbPool,
        secrets: &SealingKey,
        outbound: &OutboundPolicy,
        shop_id: i64,
    ) -> Result<Option<Result<Self, AdminApiError>>, ApiError> {
        let row: Option<(Option<String>, Option<String>)> =
            sqlx::query_as("select shopify_domain, shopify_admin_token from shop where id = $1")
                .bind(shop_id)
                .fetch_optional(db)
                .await?;
        let Some((Some(domain), Some(token))) = row else {
            return Ok(None);
        };
        let token = secrets.open(shop_id, SecretColumn::ShopifyAdminToken, &token)?;
        let api = Self::new(outbound, &domain, token);
        if let Err(problem) = &api {
            tracing::warn!(shop = shop_id, %problem, "the shop's Shopify settings can't be used");
        }
        Ok(Some(api))
    }

    /// One GraphQL request: its `data`, or why there is none.
    #[tracing::instrument(skip_all, fields(endpoint = %self.endpoint))]
    async fn graphql(&self, query: &str, variables: Value) -> Result<Value, AdminApiError> {
        let body = json!({"query": query, "variables": variables}).to_string();
        let response = self
            .client
            .post(self.endpoint.clone())
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .header("x-shopify-access-token", self.token.expose_secret())
            .body(body)
            .send()
            .await
            .map_err(|e| {
                let why = match crate::outbound::refusal_in(&e) {
                    Some(refused) => refused.to_string(),
                    None if e.is_timeout() => "timed out".to_owned(),
                    None => "could not connect".to_owned(),
                };
                tracing::warn!(error = %e, "the Shopify Admin API was not reached");
                AdminApiError::Unavailable(why)
            })?;
        let status = response.status();
        if status == 401 || status == 403 {
            return Err(AdminApiError::Unauthorized);
        }
        if !status.is_success() {
            return Err(AdminApiError::Unavailable(format!(
                "HTTP {}",
                status.as_u16()
            )));
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|_| AdminApiError::Unavailable("the answer was cut off".into()))?;
        if bytes.len() > MAX_BODY {
            return Err(AdminApiError::Unreadable("the answer is too large".into()));
        }
        let mut answer: Value = serde_json::from_slice(&bytes)
            .map_err(|_| AdminApiError::Unreadable("not JSON".into()))?;
        if let Some(errors) = answer.get("errors").filter(|e| !e.is_null()) {
            return Err(graphql_errors(errors));
        }
        match answer.get_mut("data").map(Value::take) {
            Some(data) if data.is_object() => Ok(data),
            _ => Err(AdminApiError::Unreadable("no data".into())),
        }
    }

    /// The shop's name: the connection test on the Settings page.
    pub async fn shop_name(&self) -> Result<String, AdminApiError> {
        let data = self.graphql("query { shop { name } }", json!({})).await?;
        data.pointer("/shop/name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| AdminApiError::Unreadable("no shop name".into()))
    }
}

/// GraphQL errors: a refused token is the merchant's to fix, throttling passes, anything else
/// is unreadable. Shopify puts the code in `extensions.code`; a bad token also comes as a
/// string `errors`.
fn graphql_errors(errors: &Value) -> AdminApiError {
    let codes: Vec<&str> = errors
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|e| e.pointer("/extensions/code").and_then(Value::as_str))
                .collect()
        })
        .unwrap_or_default();
    if errors.is_string() || codes.contains(&"ACCESS_DENIED") {
        AdminApiError::Unauthorized
    } else if codes.contains(&"THROTTLED") {
        AdminApiError::Unavailable("throttled".into())
    } else {
        AdminApiError::Unreadable(format!("GraphQL errors {codes:?}"))
    }
}

/// Whether a saved store domain can be called, in words for the merchant (`None`: it can).
pub fn domain_problem(outbound: &OutboundPolicy, domain: &str) -> Option<String> {
    let Some(url) = endpoint(domain) else {
        return Some(
            "Enter the store's domain, like your-shop.myshopify.com (or a full https:// address)."
                .into(),
        );
    };
    match outbound.check_url(&url) {
        Ok(()) => None,
        Err(refused) if refused != Refused::NotWeb => Some(refused.for_merchant()),
        Err(_) => Some("Enter the store's domain, like your-shop.myshopify.com.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_store_domain_becomes_its_admin_graphql_endpoint() {
        let url = endpoint("Shop-1.myshopify.com").expect("a domain");
        assert_eq!(
            url.as_str(),
            "https://shop-1.myshopify.com/admin/api/2025-01/graphql.json"
        );
        let url = endpoint("http://127.0.0.1:4000/").expect("a base URL");
        assert_eq!(
            url.as_str(),
            "http://127.0.0.1:4000/admin/api/2025-01/graphql.json"
        );
        for bad in [
            "",
            "shop",
            "shop.myshopify.com/evil?x",
            "https://user:pw@shop.myshopify.com",
            "https://shop.myshopify.com?q=1",
            "ftp://shop.example",
        ] {
            assert_eq!(endpoint(bad), None, "{bad}");
        }
    }

    #[test]
    fn graphql_errors_say_whose_problem_it_is() {
        assert_eq!(
            graphql_errors(&json!("[API] Invalid API key or access token")),
            AdminApiError::Unauthorized
        );
        assert_eq!(
            graphql_errors(&json!([{"message": "x", "extensions": {"code": "ACCESS_DENIED"}}])),
            AdminApiError::Unauthorized
        );
        assert!(matches!(
            graphql_errors(&json!([{"message": "x", "extensions": {"code": "THROTTLED"}}])),
            AdminApiError::Unavailable(_)
        ));
        assert!(matches!(
            graphql_errors(&json!([{"message": "syntax"}])),
            AdminApiError::Unreadable(_)
        ));
    }
}
