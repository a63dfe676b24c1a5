//! A stand-in for Shopify's Admin GraphQL API, for tests only: an axum server on loopback that
//! checks the `X-Shopify-Access-Token` header, reads the `name:#NNNN` filter of an `orders`
//! query and answers in Shopify's documented shape (`{"data":{"orders":{"nodes":[…]}}}`), or
//! 401 with a string `errors` for a wrong token, as Shopify does. It also answers
//! `shop { name }`, the connection test.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};

pub const TOKEN: &str = "shpat_standin_0123456789abcdef";
pub const SHOP_NAME: &str = "Stand-in Shop";

/// One request the stand-in received: the token sent and the GraphQL body.
#[derive(Debug, Clone)]
pub struct Received {
    pub token: Option<String>,
    pub body: Value,
}

#[derive(Clone, Default)]
struct Inner {
    orders: Arc<Vec<Value>>,
    received: Arc<Mutex<Vec<Received>>>,
}

pub struct ShopifyAdmin {
    /// The base URL to save as the shop's store domain (`http://127.0.0.1:PORT`).
    pub base_url: String,
    inner: Inner,
}

impl ShopifyAdmin {
    /// Starts the stand-in with these orders (in the Admin API's `Order` shape).
    pub async fn start(orders: Vec<Value>) -> ShopifyAdmin {
        let inner = Inner {
            orders: Arc::new(orders),
            received: Arc::default(),
        };
        let app = Router::new()
            .route("/admin/api/2025-01/graphql.json", post(graphql))
            .with_state(inner.clone());
        let (addr, _) = crate::serve_on_loopback(crate::LOOPBACK, app).await;
        let base_url = format!("http://{addr}");
        ShopifyAdmin { base_url, inner }
    }

    /// Every request so far, oldest first.
    pub fn received(&self) -> Vec<Received> {
        self.inner.received.lock().expect("not poisoned").clone()
    }
}

/// The order number a `name:#1001` (or `name:1001`) filter asks for.
fn name_filter(search: &str) -> Option<String> {
    let rest = search.split("name:").nth(1)?;
    let digits: String = rest
        .trim_start_matches(['#', '"'])
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (!digits.is_empty()).then(|| format!("#{digits}"))
}

async fn graphql(State(inner): State<Inner>, headers: HeaderMap, body: String) -> Response {
    let token = headers
        .get("x-shopify-access-token")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    inner.received.lock().expect("not poisoned").push(Received {
        token: token.clone(),
        body: body.clone(),
    });
    if token.as_deref() != Some(TOKEN) {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"})),
        )
            .into_response();
    }
    let query = body["query"].as_str().unwrap_or_default();
    if query.contains("shop {") || query.contains("shop{") {
        return Json(json!({"data": {"shop": {"name": SHOP_NAME}}})).into_response();
    }
    if !query.contains("orders(") {
        return Json(json!({"errors": [{"message": "unknown query in the stand-in"}]}))
            .into_response();
    }
    // The filter comes in the variables (as Shopchat sends it) or inline in the query.
    let search = body["variables"]["query"]
        .as_str()
        .map(str::to_owned)
        .unwrap_or_else(|| query.to_owned());
    let nodes: Vec<Value> = match name_filter(&search) {
        Some(name) => inner
            .orders
            .iter()
            .filter(|o| o["name"] == name.as_str())
            .cloned()
            .collect(),
        None => inner.orders.iter().take(5).cloned().collect(),
    };
    Json(json!({
        "data": {"orders": {"nodes": nodes}},
        "extensions": {"cost": {"requestedQueryCost": 12, "actualQueryCost": 6}}
    }))
    .into_response()
}

/// A paid order, shipped with UPS, in the Admin API's shape.
pub fn shipped_order(name: &str, email: &str) -> Value {
    let money = |amount: &str| json!({"shopMoney": {"amount": amount, "currencyCode": "USD"}});
    json!({
        "name": name,
        "email": email,
        "createdAt": "2026-11-20T10:00:00Z",
        "cancelledAt": null,
        "displayFinancialStatus": "PAID",
        "displayFulfillmentStatus": "FULFILLED",
        "taxesIncluded": false,
        "subtotalPriceSet": money("40.0"),
        "totalShippingPriceSet": money("5.0"),
        "totalTaxSet": money("3.3"),
        "totalPriceSet": money("48.3"),
        "totalRefundedSet": money("0.0"),
        "lineItems": {"nodes": [{"title": "Trail Jacket", "quantity": 1, "variantTitle": "M / Black"}]},
        "fulfillments": [{
            "status": "SUCCESS",
            "createdAt": "2026-11-22T09:00:00Z",
            "deliveredAt": null,
            "trackingInfo": [{"company": "UPS", "number": "1Z999AA10123456784", "url": "https://www.ups.com/track?tracknum=1Z999AA10123456784"}]
        }]
    })
}
