//! A Shopify storefront stand-in, for tests only, on loopback: a theme page carrying the
//! loader tag as the Shopify snippet renders it (`data-platform="shopify"`; the server's
//! `shopify_liquid` test checks the snippet renders that attribute), and the storefront's AJAX
//! API in Shopify's documented shapes: `/products/{handle}.js`, `POST /cart/add.js` (422 with
//! the store's own description for a sold-out variant), `/cart.js`, the cart permalink
//! `/cart/{variant}:{qty}` (302 to `/checkout`) and a `/checkout` page. It also answers
//! `/cart/add?…`, standing in for another platform's cart that takes a URL (a shop's cart URL
//! template), and records the address opened.
//!
//! Its catalog is the demo shop's (same handles and options), with the store's own variant ids
//! and one difference: size L is sold out in the store while the chat's catalog still has it.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{Path, RawQuery, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use shopchat_server::db::DbPool;

/// The store's variant ids are the catalog's plus this, so nothing passes as the other's.
const STORE_ID_OFFSET: i64 = 7_000_000_000;

/// The size the store has sold out.
pub const SOLD_OUT_SIZE: &str = "L";

#[derive(Clone)]
struct Variant {
    id: i64,
    options: [Option<String>; 3],
    price: i64,
    sku: Option<String>,
}

#[derive(Clone)]
struct Product {
    id: i64,
    handle: String,
    title: String,
    option_names: Vec<String>,
    variants: Vec<Variant>,
}

impl Variant {
    fn available(&self) -> bool {
        self.options[0].as_deref() != Some(SOLD_OUT_SIZE)
    }

    fn title(&self) -> String {
        self.options
            .iter()
            .flatten()
            .cloned()
            .collect::<Vec<_>>()
            .join(" / ")
    }

    fn json(&self) -> Value {
        json!({
            "id": self.id, "title": self.title(),
            "option1": self.options[0], "option2": self.options[1], "option3": self.options[2],
            "price": self.price, "available": self.available(), "sku": self.sku,
        })
    }
}

/// What shoppers did in the store: the cart's lines and the permalinks followed.
#[derive(Default)]
pub struct Visits {
    /// (store variant id, quantity), in the order added.
    pub cart: Vec<(i64, i64)>,
    pub permalinks: Vec<String>,
    /// `/cart/add?…` addresses opened (path and query), as a cart URL template fills them in.
    pub cart_urls: Vec<String>,
}

#[derive(Clone)]
struct Store {
    shopchat: String,
    products: Arc<BTreeMap<String, Product>>,
    visits: Arc<Mutex<Visits>>,
}

/// The running stand-in.
pub struct ShopifyStandIn {
    pub url: String,
    visits: Arc<Mutex<Visits>>,
    products: Arc<BTreeMap<String, Product>>,
}

impl ShopifyStandIn {
    /// Serves the demo shop's catalog (read from the Shopchat server's database) as a Shopify
    /// storefront whose pages load Shopchat from `shopchat`.
    pub async fn start(shopchat: &str, db: &DbPool) -> anyhow::Result<Self> {
        let products = Arc::new(catalog(db).await?);
        let visits = Arc::new(Mutex::new(Visits::default()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let store = Store {
            shopchat: shopchat.to_owned(),
            products: products.clone(),
            visits: visits.clone(),
        };
        let app = Router::new()
            .route("/products/{file}", get(product))
            .route("/cart/add.js", post(add_to_cart))
            .route("/cart/add", get(cart_url))
            .route("/cart.js", get(cart))
            .route("/cart/{line}", get(permalink))
            .route("/checkout", get(checkout))
            .with_state(store);
        tokio::spawn(async move { axum::serve(listener, app).await });
        Ok(Self {
            url,
            visits,
            products,
        })
    }

    /// The cart's lines, (store variant id, quantity).
    pub fn cart(&self) -> Vec<(i64, i64)> {
        self.visits
            .lock()
            .map(|v| v.cart.clone())
            .unwrap_or_default()
    }

    pub fn permalinks(&self) -> Vec<String> {
        self.visits
            .lock()
            .map(|v| v.permalinks.clone())
            .unwrap_or_default()
    }

    /// The cart URLs opened, e.g. `/cart/add?id=42&qty=3`.
    pub fn cart_urls(&self) -> Vec<String> {
        self.visits
            .lock()
            .map(|v| v.cart_urls.clone())
            .unwrap_or_default()
    }

    /// The store's variant id of a product with these first two option values.
    pub fn variant_id(&self, handle: &str, option1: &str, option2: &str) -> Option<i64> {
        self.products.get(handle)?.variants.iter().find_map(|v| {
            (v.options[0].as_deref() == Some(option1) && v.options[1].as_deref() == Some(option2))
                .then_some(v.id)
        })
    }
}

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    handle: String,
    title: String,
    option1_name: Option<String>,
    option2_name: Option<String>,
    option3_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct VariantRow {
    id: i64,
    option1: Option<String>,
    option2: Option<String>,
    option3: Option<String>,
    price_minor: i64,
    sku: Option<String>,
}

async fn catalog(db: &DbPool) -> anyhow::Result<BTreeMap<String, Product>> {
    let products: Vec<ProductRow> = sqlx::query_as(
        "select p.id, p.handle, p.title, p.option1_name, p.option2_name, p.option3_name
         from product p join shop s on s.id = p.shop_id where s.public_key = 'demo'",
    )
    .fetch_all(db)
    .await?;
    let mut catalog = BTreeMap::new();
    for p in products {
        let rows: Vec<VariantRow> = sqlx::query_as(
            "select id, option1, option2, option3, price_minor, sku from variant
             where product_id = $1 order by position, id",
        )
        .bind(p.id)
        .fetch_all(db)
        .await?;
        let variants = rows
            .into_iter()
            .map(|v| Variant {
                id: STORE_ID_OFFSET + v.id,
                options: [v.option1, v.option2, v.option3],
                price: v.price_minor,
                sku: v.sku,
            })
            .collect();
        catalog.insert(
            p.handle.clone(),
            Product {
                id: STORE_ID_OFFSET + p.id,
                handle: p.handle,
                title: p.title,
                option_names: [p.option1_name, p.option2_name, p.option3_name]
                    .into_iter()
                    .flatten()
                    .collect(),
                variants,
            },
        );
    }
    Ok(catalog)
}

/// `/products/{handle}.js` (the product JSON) or `/products/{handle}` (the theme's page).
async fn product(State(store): State<Store>, Path(file): Path<String>) -> Response {
    let (handle, js) = match file.strip_suffix(".js") {
        Some(handle) => (handle, true),
        None => (file.as_str(), false),
    };
    let Some(product) = store.products.get(handle) else {
        return (StatusCode::NOT_FOUND, "Not found").into_response();
    };
    if js {
        return Json(json!({
            "id": product.id, "handle": product.handle, "title": product.title,
            "options": product.option_names,
            "variants": product.variants.iter().map(Variant::json).collect::<Vec<_>>(),
        }))
        .into_response();
    }
    let count = store
        .visits
        .lock()
        .map(|v| v.cart.iter().map(|l| l.1).sum::<i64>())
        .unwrap_or(0);
    Html(format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head><body>
<header><a href="/cart" id="cart-icon-bubble">Cart <div class="cart-count-bubble"><span aria-hidden="true">{count}</span></div></a></header>
<h1>{title}</h1>
<script src="{shopchat}/embed.js" data-shop="demo" data-platform="shopify" data-locale="en" data-product="{handle}"
  data-cart-count="{count}" async></script>
</body></html>"#,
        title = product.title,
        shopchat = store.shopchat,
        handle = product.handle,
    ))
    .into_response()
}

fn find(store: &Store, id: i64) -> Option<(Product, Variant)> {
    store.products.values().find_map(|p| {
        p.variants
            .iter()
            .find(|v| v.id == id)
            .map(|v| (p.clone(), v.clone()))
    })
}

/// `POST /cart/add.js` with `{"items": [{"id", "quantity"}]}`.
async fn add_to_cart(State(store): State<Store>, Json(body): Json<Value>) -> Response {
    let mut added = Vec::new();
    for item in body["items"].as_array().cloned().unwrap_or_default() {
        let id = item["id"].as_i64().unwrap_or_default();
        let quantity = item["quantity"].as_i64().unwrap_or(1);
        let Some((product, variant)) = find(&store, id) else {
            return (
                StatusCode::NOT_FOUND,
                Json(json!({"status": 404, "message": "Cart Error", "description": "Cannot find variant"})),
            )
                .into_response();
        };
        if !variant.available() {
            let description = format!(
                "The product '{} - {}' is already sold out.",
                product.title,
                variant.title()
            );
            return (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"status": 422, "message": "Cart Error", "description": description})),
            )
                .into_response();
        }
        added.push(json!({"id": id, "variant_id": id, "quantity": quantity,
                          "title": format!("{} - {}", product.title, variant.title()),
                          "price": variant.price, "handle": product.handle}));
        if let Ok(mut visits) = store.visits.lock() {
            visits.cart.push((id, quantity));
        }
    }
    Json(json!({ "items": added })).into_response()
}

/// `GET /cart.js`
async fn cart(State(store): State<Store>) -> Json<Value> {
    let lines = store
        .visits
        .lock()
        .map(|v| v.cart.clone())
        .unwrap_or_default();
    let items: Vec<Value> = lines
        .iter()
        .map(|(id, quantity)| json!({"id": id, "variant_id": id, "quantity": quantity}))
        .collect();
    Json(json!({
        "token": "standin-cart",
        "item_count": lines.iter().map(|l| l.1).sum::<i64>(),
        "items": items,
    }))
}

/// `/cart/{variant}:{qty}`: the cart permalink, which goes on to checkout.
async fn permalink(State(store): State<Store>, Path(line): Path<String>) -> Response {
    if let Ok(mut visits) = store.visits.lock() {
        visits.permalinks.push(line);
    }
    (StatusCode::FOUND, [(header::LOCATION, "/checkout")]).into_response()
}

/// `/cart/add?…`: a cart that takes the item in its URL (not Shopify's; a cart URL template).
async fn cart_url(State(store): State<Store>, RawQuery(query): RawQuery) -> Html<&'static str> {
    if let Ok(mut visits) = store.visits.lock() {
        visits
            .cart_urls
            .push(format!("/cart/add?{}", query.unwrap_or_default()));
    }
    Html("<!doctype html><html><head><title>Cart</title></head><body><h1>Cart</h1></body></html>")
}

async fn checkout() -> Html<&'static str> {
    Html("<!doctype html><html><head><title>Checkout</title></head><body><h1>Checkout</h1></body></html>")
}
