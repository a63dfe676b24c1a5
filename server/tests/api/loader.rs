//! Which loader `/embed.js` serves: the minified build beside the widget when there is one
//! (what shoppers download), the readable source in `public/` otherwise.

use shopchat_test_support as support;

use reqwest::{header, StatusCode};
use support::TestApp;

#[tokio::test]
async fn embed_js_is_the_minified_build_when_there_is_one() {
    let build = tempfile::tempdir().expect("temp dir");
    std::fs::write(build.path().join("embed.js"), "(()=>{/*minified*/})();\n").expect("write");
    let dir = build.path().to_owned();
    let app = TestApp::spawn_with(|s| s.widget_dir = dir).await;

    let response = app.get("/embed.js").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-cache");
    assert_eq!(
        response.text().await.expect("body"),
        "(()=>{/*minified*/})();\n"
    );
    // It has its own URL, not one under the widget's version.
    let info: serde_json::Value = app
        .get("/api/v1/shops/demo")
        .await
        .json()
        .await
        .expect("info");
    let js_url = info["widget_js"].as_str().expect("widget_js");
    let under_version = app
        .client
        .get(js_url.replace("shopchat_widget.js", "embed.js"))
        .send()
        .await
        .expect("request");
    assert_eq!(under_version.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn embed_js_is_the_readable_source_without_a_build() {
    let empty = tempfile::tempdir().expect("temp dir");
    let dir = empty.path().to_owned();
    let app = TestApp::spawn_with(|s| s.widget_dir = dir).await;

    let served = app.get("/embed.js").await.text().await.expect("body");
    let source = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../public/embed.js"),
    )
    .expect("the loader's source");
    assert_eq!(served, source);
}
