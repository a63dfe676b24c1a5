//! The merchant pages at `/admin`: server-rendered HTML with a little plain JS from a served
//! file. Access is a session cookie from signing in (or from the first-run setup link), and
//! every POST of a session carries its CSRF token (form field `csrf` or `X-CSRF-Token` header).
//! Secrets (Stripe keys, the LLM key) are write-only here: a page says "set" or "not set".

mod analytics;
mod answers;
mod auth;
mod buying;
mod catalog;
mod conversations;
mod form;
pub mod html;
mod install;
mod markup;
mod orders;
mod preview;
mod refund_policy;
mod refunds;
pub mod session;
mod settings;
mod settings_actions;
mod settings_delivery;
mod settings_form;
mod settings_page;
mod shopify_settings;

use axum::body::{to_bytes, Body};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;

use crate::error::ApiError;
use crate::http::state::AppState;

use self::form::Fields;
use self::session::{find_session, same_token, session_cookie};

/// Largest form a page posts (the CSV upload has its own limit).
const MAX_FORM_BYTES: usize = 64 * 1024;

const ADMIN_CSS: &str = include_str!("../../../../style/admin.css");
const ADMIN_JS: &str = include_str!("admin.js");

/// The merchant pages' routes (merged by `startup::router`).
pub fn router(state: AppState) -> Router<AppState> {
    let signed_in = Router::new()
        .route("/admin", get(|| async { Redirect::to("/admin/settings") }))
        .route("/admin/", get(|| async { Redirect::to("/admin/settings") }))
        .route("/admin/logout", post(auth::logout))
        .merge(settings::router())
        .merge(install::router())
        .merge(catalog::router())
        .merge(analytics::router())
        .merge(orders::router())
        .merge(refunds::router())
        .merge(conversations::router())
        .merge(answers::router())
        .layer(middleware::from_fn_with_state(state, require_session));
    Router::new()
        .route("/admin/login", get(auth::get_login).post(auth::login))
        .route("/admin/setup", get(auth::get_setup).post(auth::setup))
        .route("/admin/assets/admin.css", get(get_css))
        .route("/admin/assets/admin.js", get(get_js))
        .merge(signed_in)
        .layer(DefaultBodyLimit::max(MAX_FORM_BYTES))
}

/// Puts the signed-in [`session::Merchant`] in the request, sends visitors without a session to
/// the sign-in page, and refuses a POST whose CSRF token is missing or wrong.
async fn require_session(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let merchant = match session_cookie(request.headers()) {
        Some(token) => match find_session(&state.db, token).await {
            Ok(found) => found,
            Err(e) => return ApiError::from(e).into_response(),
        },
        None => None,
    };
    let Some(merchant) = merchant else {
        return if request.method() == Method::GET {
            Redirect::to("/admin/login").into_response()
        } else {
            ApiError::MerchantUnauthorized.into_response()
        };
    };
    let mut request = request;
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let header_token = request
            .headers()
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        match header_token {
            Some(token) => {
                if !same_token(&token, &merchant.csrf_token) {
                    return ApiError::CsrfRejected.into_response();
                }
            }
            None => {
                let is_form = request
                    .headers()
                    .get(header::CONTENT_TYPE)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
                if !is_form {
                    return ApiError::CsrfRejected.into_response();
                }
                let (parts, body) = request.into_parts();
                let Ok(bytes) = to_bytes(body, MAX_FORM_BYTES).await else {
                    return ApiError::MessageTooLong.into_response();
                };
                if !same_token(Fields::parse(&bytes).first("csrf"), &merchant.csrf_token) {
                    return ApiError::CsrfRejected.into_response();
                }
                request = Request::from_parts(parts, Body::from(bytes));
            }
        }
    }
    request.extensions_mut().insert(merchant);
    next.run(request).await
}

async fn get_css() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        ADMIN_CSS,
    )
}

async fn get_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        ADMIN_JS,
    )
}
