//! The loader in a real headless Chromium, on a shop page of its own: it takes the launcher's
//! colour, corner and label from the shop's info, and hands the page context and the
//! customer's identity (from data attributes or `Shopchat.identify`) to the widget.
//!
//! The loader is the real one, served by the real server; the page, the shop's info and a
//! stand-in widget come from a small server on loopback, so the test sees exactly what the
//! loader received and what it passed on.

use axum::extract::State;
use axum::http::header;
use axum::response::{Html, IntoResponse, Redirect};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};
use shopchat_e2e::{Browser, BrowserOptions, Server};

/// URLs the stand-in shop needs: the real server's (for the loader) and its own.
#[derive(Clone)]
struct Shop {
    shopchat: String,
    own: String,
}

/// A stand-in widget: records what `mount` was given and what `identify` was called with.
const STAND_IN_WIDGET: &str = "export default async function init() {}
export function mount(box, options) {
  window.mounted = { ...options, onEvent: typeof options.onEvent, onClose: typeof options.onClose };
  return { focus() {}, ask() {}, identify(who) { window.identifiedAfterLoad = who; } };
}";

async fn start_shop(shopchat: &str) -> anyhow::Result<String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let own = format!("http://{}", listener.local_addr()?);
    let shop = Shop {
        shopchat: shopchat.to_owned(),
        own: own.clone(),
    };
    let app = Router::new()
        .route("/product", get(product_page))
        .route(
            "/embed.js",
            get(|State(shop): State<Shop>| async move {
                // The real loader; it takes its API origin from the tag's src, i.e. this server.
                Redirect::temporary(&format!("{}/embed.js", shop.shopchat))
            }),
        )
        .route("/api/v1/shops/test-shop", get(shop_info))
        .route(
            "/widget.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], STAND_IN_WIDGET) }),
        )
        .route(
            "/widget.css",
            get(|| async { ([(header::CONTENT_TYPE, "text/css")], "") }),
        )
        .with_state(shop);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(own)
}

/// A product page of a shop whose customer is signed in; the page identifies them again
/// through the API before the loader has run (the queued form) to check the call wins.
async fn product_page(State(shop): State<Shop>) -> impl IntoResponse {
    Html(format!(
        r#"<!doctype html><html><head><title>Hooded sweatshirt</title></head><body>
<h1>Hooded sweatshirt</h1>
<script>(window.Shopchat = window.Shopchat || []).push(['identify',
  {{ id: '7012345', email: 'ana@example.com', signature: 'c0ffee' }}]);</script>
<script src="{own}/embed.js" data-shop="test-shop" data-product="hooded-sweatshirt"
  data-cart-count="2" data-customer-id="1" data-customer-email="old@example.com"
  data-customer-signature="0000" async></script>
</body></html>"#,
        own = shop.own
    ))
}

async fn shop_info(State(shop): State<Shop>) -> Json<Value> {
    Json(json!({
        "name": "Test Shop", "locale": "en", "currency": "EUR",
        "widget_js": format!("{}/widget.js", shop.own),
        "widget_css": format!("{}/widget.css", shop.own),
        "brand_color": "#0a7d3b", "position": "left", "launcher_text": "Ask our shop assistant",
    }))
}

#[tokio::test]
async fn the_launcher_wears_the_shops_colour_and_the_widget_gets_the_page_context(
) -> anyhow::Result<()> {
    let server = Server::start().await?;
    let shop = start_shop(&server.url).await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        browser.client.goto(&format!("{shop}/product")).await?;
        let launcher = browser
            .element(
                "the launcher button",
                "return deepAll('button[aria-expanded]').find(b => b.getRootNode() !== document) || null;",
            )
            .await?;
        let look = browser
            .js("const b = deepAll('button[aria-expanded]')[0]; const host = b.getRootNode().host;
                 return { background: getComputedStyle(b).backgroundColor,
                          left: getComputedStyle(host).left, label: b.getAttribute('aria-label'),
                          title: b.title };")
            .await?;
        launcher.click().await?;
        let mounted = browser
            .wait_for("the widget's mount options", "return window.mounted || null;")
            .await?;
        browser
            .js("Shopchat.identify({ id: '42', email: 'bo@example.com', signature: 'beef' });")
            .await?;
        let after = browser
            .js("return window.identifiedAfterLoad || null;")
            .await?;
        anyhow::Ok((look, mounted, after))
    }
    .await;
    browser.close().await;
    let (look, mounted, after) = outcome?;

    assert_eq!(look["background"], "rgb(10, 125, 59)", "{look}");
    assert_eq!(look["left"], "20px", "{look}");
    assert_eq!(look["label"], "Ask our shop assistant");
    assert_eq!(look["title"], "Ask our shop assistant");

    assert_eq!(mounted["shop"], "test-shop");
    assert_eq!(mounted["brandColor"], "#0a7d3b");
    assert_eq!(
        mounted["context"],
        json!({"product": "hooded-sweatshirt", "cartCount": 2})
    );
    assert_eq!(
        mounted["identity"],
        json!({"id": "7012345", "email": "ana@example.com", "signature": "c0ffee"}),
        "Shopchat.identify before the loader ran is queued and wins over the tag's attributes"
    );
    assert_eq!(
        after,
        json!({"id": "42", "email": "bo@example.com", "signature": "beef"})
    );
    Ok(())
}

#[tokio::test]
async fn on_the_demo_storefront_the_launcher_takes_the_look_the_merchant_set() -> anyhow::Result<()>
{
    let server = Server::start().await?;
    sqlx::query(
        "update shop set brand_color = '#b91c1c', widget_position = 'left', launcher_text = 'Ask us'
         where public_key = 'demo'",
    )
    .execute(&server.state.db)
    .await?;
    let browser = Browser::start(BrowserOptions::default()).await?;
    let outcome = async {
        browser
            .client
            .goto(&format!("{}/demo/", server.url))
            .await?;
        browser
            .wait_for(
                "the launcher in the shop's colour",
                "const b = deepAll('button[aria-expanded]')[0]; if (!b) return null;
                 return { background: getComputedStyle(b).backgroundColor,
                          left: getComputedStyle(b.getRootNode().host).left,
                          label: b.getAttribute('aria-label') };",
            )
            .await
    }
    .await;
    browser.close().await;
    let look = outcome?;
    assert_eq!(
        look,
        json!({"background": "rgb(185, 28, 28)", "left": "20px", "label": "Ask us"})
    );
    Ok(())
}
