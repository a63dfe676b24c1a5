//! The merchant's admin API: its token names the shop; no token, a wrong one or a replaced one
//! gets `admin_unauthorized` and nothing else.

use shopchat_test_support as support;

use reqwest::{Method, StatusCode};
use serde_json::Value;
use support::{error_code, TestApp};

#[tokio::test]
async fn the_admin_token_names_the_shop_and_nothing_else_gets_in() {
    let app = TestApp::spawn().await;

    let response = app
        .admin(Method::GET, "/shop", None)
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(response).await, "admin_unauthorized");

    let token = app.admin_token().await;
    let response = app
        .admin(Method::GET, "/shop", Some(&token))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("json");
    assert_eq!(body["shop_key"], "demo");

    let wrong = format!("{token}x");
    let response = app
        .admin(Method::GET, "/shop", Some(&wrong))
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(response).await, "admin_unauthorized");

    // A conversation token is not an admin token.
    let (_, conversation_token) = app.create_conversation("en").await;
    let response = app
        .admin(Method::GET, "/shop", Some(&conversation_token))
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(response).await, "admin_unauthorized");

    // Issuing a new token retires the old one.
    let newer = app.admin_token().await;
    let response = app
        .admin(Method::GET, "/shop", Some(&token))
        .send()
        .await
        .expect("request");
    assert_eq!(error_code(response).await, "admin_unauthorized");
    let response = app
        .admin(Method::GET, "/shop", Some(&newer))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), StatusCode::OK);
}
