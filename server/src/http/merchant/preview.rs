//! The Settings page's preview: a blank page with the shop's real script tag, so the preview
//! is the real widget with the saved look.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, DOCTYPE};

use super::html::render;
use super::session::Merchant;
use super::settings::stored;
use crate::error::ApiError;
use crate::http::state::AppState;

/// `GET /admin/preview`: a blank page with the shop's real script tag, framed by the Settings
/// page, so the preview is the real widget with the saved look. It keeps a Content-Security-
/// Policy as strict as the README asks of a shop: scripts only from this server (the loader
/// carries a fresh nonce onto what it injects), WebAssembly, Stripe.js for a checkout, and no
/// other site may frame it.
pub(super) async fn get_preview(
    State(state): State<AppState>,
    merchant: Merchant,
) -> Result<Response, ApiError> {
    let settings = stored(&state, &merchant).await?;
    let nonce = crate::tokens::SecretToken::generate();
    let body = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                title { "Preview" }
                link rel="stylesheet" href="/admin/assets/admin.css";
            }
            body.preview {
                p { "Your shop's page" }
                script src={ (state.links.base()) "/embed.js" } data-shop=(merchant.shop_key)
                    data-position=(settings.widget_position) nonce=(nonce.as_str()) async {}
            }
        }
    };
    let policy = preview_policy(
        &origin_of(state.links.base()),
        &origin_of(&state.stripe.settings.js_url()),
        nonce.as_str(),
    );
    let mut response = render(StatusCode::OK, body);
    response.headers_mut().insert(
        axum::http::header::CONTENT_SECURITY_POLICY,
        axum::http::HeaderValue::from_str(&policy)
            .map_err(|e| ApiError::Internal(anyhow::anyhow!("preview policy: {e}")))?,
    );
    Ok(response)
}

/// The preview's policy, for this server's origin and Stripe.js's.
fn preview_policy(own: &str, stripe: &str, nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}' {own} {stripe} 'wasm-unsafe-eval'; \
         style-src 'self' 'nonce-{nonce}' {own}; connect-src {own} https://api.stripe.com; \
         img-src {own} data: https:; frame-src {stripe} https://js.stripe.com https://hooks.stripe.com; \
         frame-ancestors 'self'; form-action 'none'; base-uri 'none'; object-src 'none'"
    )
}

/// `scheme://host[:port]` of a URL (the URL itself when it has no path).
fn origin_of(url: &str) -> String {
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let end = url[after_scheme..]
        .find('/')
        .map(|i| after_scheme + i)
        .unwrap_or(url.len());
    url[..end].to_owned()
}
