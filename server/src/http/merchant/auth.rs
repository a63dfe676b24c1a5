//! Getting in: the first-run setup link (sets the shop's email and password), sign-in with a
//! rate limit on failures per client address and per email, and sign-out.

use std::time::SystemTime;

use axum::extract::{Query, State};
use axum::http::{header, Extensions, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use maud::{html, Markup};
use serde::Deserialize;

use super::form::Fields;
use super::html::{bare_layout, csrf_input, render};
use super::session::{
    cookie, create_session, end_session, find_session, hash_password, same_token, session_cookie,
    session_cookie_header, setup_token_shop, verify_password, MIN_PASSWORD_CHARS,
};
use crate::db;
use crate::email::Email;
use crate::error::ApiError;
use crate::http::client::client_addr;
use crate::http::state::AppState;

/// `GET /admin/login`
pub async fn get_login(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session_cookie(&headers) {
        if let Ok(Some(_)) = find_session(&state.db, token).await {
            return Redirect::to("/admin/settings").into_response();
        }
    }
    login_page(&state, StatusCode::OK, "", None)
}

/// The cookie that pairs a sign-in form with the browser it was shown to: a form posted
/// from another site can't carry both it and the form's token (double-submit CSRF token).
const LOGIN_COOKIE: &str = "sc_login";

/// A refusal above a form.
fn error_line(error: Option<&str>) -> Markup {
    html! {
        @if let Some(error) = error { p.error role="alert" { (error) } }
    }
}

/// The sign-in page, with a fresh CSRF token in its form and its cookie.
fn login_page(state: &AppState, status: StatusCode, email: &str, error: Option<&str>) -> Response {
    let csrf = crate::tokens::SecretToken::generate();
    let secure = if state.links.is_https() {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "{LOGIN_COOKIE}={}; Path=/admin/login; HttpOnly; SameSite=Strict; Max-Age=3600{secure}",
        csrf.as_str()
    );
    let body = html! {
        h2 { "Sign in" }
        (error_line(error))
        form method="post" action="/admin/login" class="stack" {
            (csrf_input(csrf.as_str()))
            label {
                "Email "
                input type="email" name="email" value=(email) required autocomplete="username";
            }
            label {
                "Password "
                input type="password" name="password" required autocomplete="current-password";
            }
            button type="submit" { "Sign in" }
        }
        p.hint { "First time? Open the setup link the server printed when it started." }
    };
    let mut page = render(status, bare_layout("Sign in", body));
    if let Ok(value) = cookie.parse() {
        page.headers_mut().insert(header::SET_COOKIE, value);
    }
    page
}

/// The sign-in form as posted.
#[derive(Default, Deserialize)]
#[serde(default)]
struct LoginForm {
    email: String,
    password: String,
    /// Pairs the form with the browser it was shown to (see [`LOGIN_COOKIE`]).
    csrf: String,
}

/// A form whose fields can't be read (never for the forms below, whose fields are strings).
fn unreadable(e: serde::de::value::Error) -> Response {
    ApiError::Internal(anyhow::anyhow!("reading a sign-in form: {e}")).into_response()
}

/// `POST /admin/login`
pub async fn login(
    State(state): State<AppState>,
    extensions: Extensions,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Response {
    let form: LoginForm = match fields.read() {
        Ok(form) => form,
        Err(e) => return unreadable(e),
    };
    let paired =
        cookie(&headers, LOGIN_COOKIE).is_some_and(|expected| same_token(expected, &form.csrf));
    if !paired {
        return login_page(
            &state,
            StatusCode::FORBIDDEN,
            &form.email,
            Some("This sign-in form has expired. Please sign in again."),
        );
    }
    match try_login(&state, &extensions, &headers, &form).await {
        Ok(response) => response,
        Err(failure) => {
            let mut page = login_page(
                &state,
                failure.status,
                &failure.email,
                Some(&failure.message),
            );
            if let Some(secs) = failure.retry_after_secs {
                page.headers_mut().insert(header::RETRY_AFTER, secs.into());
            }
            page
        }
    }
}

/// Why a sign-in was refused, shown on the sign-in page again.
struct LoginFailure {
    status: StatusCode,
    email: String,
    message: String,
    /// Set when refused for too many failures.
    retry_after_secs: Option<u64>,
}

impl LoginFailure {
    fn new(status: StatusCode, email: &str, message: String) -> Self {
        LoginFailure {
            status,
            email: email.to_owned(),
            message,
            retry_after_secs: None,
        }
    }
}

async fn try_login(
    state: &AppState,
    extensions: &Extensions,
    headers: &HeaderMap,
    form: &LoginForm,
) -> Result<Response, LoginFailure> {
    let email = form.email.to_ascii_lowercase();
    let password = form.password.clone();
    let client = client_addr(&state.limits, extensions, headers)
        .map(|addr| addr.to_string())
        .unwrap_or_default();
    let keys = [format!("ip:{client}"), format!("email:{email}")];
    let internal = |email: &str| {
        LoginFailure::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            email,
            "Something went wrong; try again.".to_owned(),
        )
    };
    // Counted (in the database, so on every instance) before the password is checked, so
    // parallel guesses can't outrun the limit; taken back when the sign-in succeeds.
    let attempt = match state
        .limits
        .login_failures
        .attempt(&state.db, &keys, SystemTime::now())
        .await
    {
        Ok(attempt) => attempt,
        Err(ApiError::RateLimited { retry_after_secs }) => {
            let minutes = retry_after_secs.div_ceil(60);
            return Err(LoginFailure {
                retry_after_secs: Some(retry_after_secs),
                ..LoginFailure::new(
                    StatusCode::TOO_MANY_REQUESTS,
                    &email,
                    format!("Too many failed sign-ins. Try again in {minutes} min."),
                )
            });
        }
        Err(e) => {
            tracing::error!(error = %e, "counting a merchant sign-in");
            return Err(internal(&email));
        }
    };
    let account: Option<(i64, i64, String)> = sqlx::query_as(
        "select id, shop_id, password_hash from merchant_account where lower(email) = $1",
    )
    .bind(&email)
    .fetch_optional(&state.db)
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "reading a merchant account");
        internal(&email)
    })?;
    // An unknown email costs the same hashing time as a wrong password.
    let stored = account.as_ref().map(|(_, _, hash)| hash.clone());
    let matches = tokio::task::spawn_blocking(move || {
        verify_password(&password, &stored.unwrap_or_else(dummy_hash))
    })
    .await
    .unwrap_or(false);
    let Some((account_id, shop_id, _)) = account.filter(|_| matches) else {
        drop(attempt);
        tracing::info!("a merchant sign-in failed");
        return Err(LoginFailure::new(
            StatusCode::UNAUTHORIZED,
            &email,
            ApiError::InvalidCredentials.to_string(),
        ));
    };
    if let Err(e) = attempt.succeeded(&state.db).await {
        // The attempt stays counted as a failure; the merchant is signed in all the same.
        tracing::warn!(error = %e, "taking back a successful sign-in's count");
    }
    let token = create_session(&state.db, shop_id, account_id)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "starting a merchant session");
            internal(&email)
        })?;
    Ok(signed_in(state, &token))
}

/// A hash verified against when the email is unknown, made once from a random password.
fn dummy_hash() -> String {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| {
        let random = crate::tokens::SecretToken::generate();
        hash_password(random.as_str()).unwrap_or_default()
    })
    .clone()
}

fn signed_in(state: &AppState, token: &str) -> Response {
    let https = state.links.is_https();
    (
        [(
            header::SET_COOKIE,
            session_cookie_header(Some(token), https),
        )],
        Redirect::to("/admin/settings"),
    )
        .into_response()
}

/// `POST /admin/logout`
pub async fn logout(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session_cookie(&headers) {
        if let Err(e) = end_session(&state.db, token).await {
            return ApiError::from(e).into_response();
        }
    }
    let https = state.links.is_https();
    (
        [(header::SET_COOKIE, session_cookie_header(None, https))],
        Redirect::to("/admin/login"),
    )
        .into_response()
}

#[derive(Deserialize)]
pub struct SetupQuery {
    #[serde(default)]
    token: String,
}

/// `GET /admin/setup?token=…`: the form that creates the shop's account.
pub async fn get_setup(State(state): State<AppState>, Query(query): Query<SetupQuery>) -> Response {
    match setup_token_shop(&state.db, &query.token).await {
        Ok(Some(_)) => setup_page(StatusCode::OK, &query.token, "", None),
        Ok(None) => expired_setup(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

fn expired_setup() -> Response {
    let body = html! {
        p.error role="alert" {
            "This setup link is used or expired. Restart the server to get a new one, or "
            a href="/admin/login" { "sign in" } "."
        }
    };
    render(StatusCode::NOT_FOUND, bare_layout("Setup", body))
}

fn setup_page(status: StatusCode, token: &str, email: &str, error: Option<&str>) -> Response {
    let body = html! {
        h2 { "Set up your merchant account" }
        (error_line(error))
        form method="post" action="/admin/setup" class="stack" {
            input type="hidden" name="token" value=(token);
            label {
                "Email "
                input type="email" name="email" value=(email) required autocomplete="username";
            }
            label {
                "Password (at least " (MIN_PASSWORD_CHARS) " characters) "
                input type="password" name="password" required minlength=(MIN_PASSWORD_CHARS)
                    autocomplete="new-password";
            }
            label {
                "Repeat the password "
                input type="password" name="password2" required autocomplete="new-password";
            }
            button type="submit" { "Create account" }
        }
    };
    render(status, bare_layout("Setup", body))
}

/// The setup form as posted.
#[derive(Default, Deserialize)]
#[serde(default)]
struct SetupForm {
    token: String,
    email: String,
    password: String,
    password2: String,
}

/// A merchant account to create: a valid email and a long enough password, typed twice.
struct NewAccount {
    email: Email,
    password: String,
}

impl TryFrom<&SetupForm> for NewAccount {
    /// What to tell the merchant.
    type Error = String;

    fn try_from(form: &SetupForm) -> Result<Self, String> {
        let email =
            Email::parse(&form.email).map_err(|_| "Enter a valid email address.".to_owned())?;
        if form.password.chars().count() < MIN_PASSWORD_CHARS {
            return Err(format!(
                "The password needs at least {MIN_PASSWORD_CHARS} characters."
            ));
        }
        if form.password != form.password2 {
            return Err("The two passwords differ.".to_owned());
        }
        Ok(NewAccount {
            email,
            password: form.password.clone(),
        })
    }
}

/// `POST /admin/setup`: creates the account, uses up the link and signs the merchant in.
pub async fn setup(State(state): State<AppState>, Form(fields): Form<Fields>) -> Response {
    let form: SetupForm = match fields.read() {
        Ok(form) => form,
        Err(e) => return unreadable(e),
    };
    let token = form.token.as_str();
    let shop_id = match setup_token_shop(&state.db, token).await {
        Ok(Some(shop_id)) => shop_id,
        Ok(None) => return expired_setup(),
        Err(e) => return ApiError::from(e).into_response(),
    };
    let account = match NewAccount::try_from(&form) {
        Ok(account) => account,
        Err(problem) => {
            return setup_page(
                StatusCode::UNPROCESSABLE_ENTITY,
                token,
                &form.email,
                Some(&problem),
            )
        }
    };
    let NewAccount { email, password } = account;
    let hash = match tokio::task::spawn_blocking(move || hash_password(&password)).await {
        Ok(Ok(hash)) => hash,
        Ok(Err(e)) => return ApiError::Internal(e).into_response(),
        Err(e) => return ApiError::Internal(e.into()).into_response(),
    };
    match create_account(&state, shop_id, token, email.as_str(), &hash).await {
        Ok(Some(session)) => signed_in(&state, &session),
        Ok(None) => expired_setup(),
        Err(e) => ApiError::from(e).into_response(),
    }
}

/// Uses up the token and creates the account in one transaction, so a link works only once
/// even when submitted twice at the same moment. `None`: the token was used meanwhile.
async fn create_account(
    state: &AppState,
    shop_id: i64,
    token: &str,
    email: &str,
    password_hash: &str,
) -> Result<Option<String>, sqlx::Error> {
    let mut tx = crate::db::begin_write(&state.db).await?;
    let used = sqlx::query(
        "update merchant_setup_token set used_at = $3
         where token_hash = $1 and shop_id = $2 and used_at is null",
    )
    .bind(crate::tokens::token_hash(token))
    .bind(shop_id)
    .bind(db::now())
    .execute(&mut *tx)
    .await?;
    let existing: Option<i64> =
        sqlx::query_scalar("select id from merchant_account where shop_id = $1")
            .bind(shop_id)
            .fetch_optional(&mut *tx)
            .await?;
    if used.rows_affected() != 1 || existing.is_some() {
        return Ok(None);
    }
    let account_id: i64 = sqlx::query_scalar(
        "insert into merchant_account (shop_id, email, password_hash) values ($1, $2, $3) returning id",
    )
    .bind(shop_id)
    .bind(email.to_ascii_lowercase())
    .bind(password_hash)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    tracing::info!(shop = shop_id, "merchant account created");
    create_session(&state.db, shop_id, account_id)
        .await
        .map(Some)
}
