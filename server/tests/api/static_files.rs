//! Serving the loader, the widget build and the demo storefront: types, caching, compression.

use shopchat_test_support as support;

use reqwest::{header, StatusCode};
use serde_json::Value;
use support::TestApp;

/// Starts the app with a small stand-in widget build in a temporary directory.
async fn app_with_widget_build() -> (TestApp, tempfile::TempDir) {
    let build = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        build.path().join("shopchat_widget.js"),
        "export default function init() {}\n".repeat(50),
    )
    .expect("write");
    std::fs::write(
        build.path().join("shopchat_widget_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .expect("write");
    std::fs::write(build.path().join("widget.css"), ".panel { color: red; }\n").expect("write");
    let dir = build.path().to_owned();
    let app = TestApp::spawn_with(|s| s.widget_dir = dir).await;
    (app, build)
}

#[tokio::test]
async fn embed_js_is_javascript_and_always_revalidated() {
    let app = TestApp::spawn().await;
    let response = app.get("/embed.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .expect("ascii")
        .contains("javascript"));
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
}

#[tokio::test]
async fn widget_files_have_versioned_urls_cached_for_a_year() {
    let (app, _build) = app_with_widget_build().await;
    let info: Value = app
        .get("/api/v1/shops/demo")
        .await
        .json()
        .await
        .expect("shop info");
    let js_url = info["widget_js"].as_str().expect("widget_js");
    let css_url = info["widget_css"].as_str().expect("widget_css");
    assert!(js_url.starts_with(&format!("{}/widget/v/", app.url)));

    let js = app.client.get(js_url).send().await.expect("request");
    assert_eq!(js.status(), StatusCode::OK);
    assert_eq!(
        js.headers()[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    assert_eq!(
        js.headers()[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(js.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");

    let wasm = app
        .client
        .get(js_url.replace("shopchat_widget.js", "shopchat_widget_bg.wasm"))
        .send()
        .await
        .expect("request");
    assert_eq!(wasm.headers()[header::CONTENT_TYPE], "application/wasm");

    let css = app.client.get(css_url).send().await.expect("request");
    assert_eq!(
        css.headers()[header::CONTENT_TYPE],
        "text/css; charset=utf-8"
    );

    let stale = app.get("/widget/v/000000000000/shopchat_widget.js").await;
    assert_eq!(stale.status(), StatusCode::OK, "an old version still loads");
    assert_eq!(
        stale.headers()[header::CACHE_CONTROL],
        "no-cache",
        "but is not cached"
    );

    assert_eq!(
        app.get("/widget/v/x/../Cargo.toml").await.status(),
        StatusCode::NOT_FOUND
    );
    // Encoded, the dots survive URL normalisation and reach the widget route itself.
    assert_eq!(
        app.get("/widget/v/x/..%2F..%2FCargo.toml").await.status(),
        StatusCode::NOT_FOUND,
        "only the widget's own files are served"
    );
}

#[tokio::test]
async fn text_assets_are_compressed_when_the_browser_accepts_it() {
    let (app, _build) = app_with_widget_build().await;
    let info: Value = app
        .get("/api/v1/shops/demo")
        .await
        .json()
        .await
        .expect("shop info");
    let js_url = info["widget_js"].as_str().expect("widget_js");
    let response = app
        .client
        .get(js_url)
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "gzip");

    let response = app
        .client
        .get(js_url)
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .send()
        .await
        .expect("request");
    assert_eq!(
        response.headers()[header::CONTENT_ENCODING],
        "br",
        "brotli when the browser takes it"
    );
}

#[tokio::test]
async fn the_demo_storefront_embeds_the_widget_with_the_merchants_script_tag() {
    let app = TestApp::spawn().await;
    let response = app.get("/demo/").await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.expect("page");
    let tag = format!(
        r#"<script src="{}/embed.js" data-shop="demo" async></script>"#,
        app.url
    );
    assert!(page.contains(&tag), "the page carries {tag}");
    assert!(!page.contains("{{"), "no placeholder is left");

    let image = app.get("/demo/images/placeholder.svg").await;
    assert_eq!(image.status(), StatusCode::OK);
    assert_eq!(image.headers()[header::CONTENT_TYPE], "image/svg+xml");
}
