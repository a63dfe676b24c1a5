//! Merchant accounts, sessions and setup links. Passwords are argon2id PHC strings; session
//! and setup tokens are 256 random bits of which only the SHA-256 is stored. The session
//! cookie is HttpOnly, SameSite=Strict, scoped to `/admin`, and `Secure` behind HTTPS.

use std::time::Duration;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use rand::RngCore;

use crate::db::{self, DbPool};
use crate::error::ApiError;
use crate::http::state::AppState;
use crate::tokens::{token_hash, SecretToken};

/// Name of the session cookie.
pub const COOKIE: &str = "sc_admin";
/// How long a session lasts after sign-in.
const SESSION_HOURS: u32 = 12;
/// How long a printed setup link works.
const SETUP_HOURS: u32 = 24;
/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// A signed-in merchant, put in the request by the session middleware.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Merchant {
    pub shop_id: i64,
    pub account_id: i64,
    pub csrf_token: String,
    pub shop_name: String,
    pub shop_key: String,
}

impl FromRequestParts<AppState> for Merchant {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, ApiError> {
        parts
            .extensions
            .get::<Merchant>()
            .cloned()
            .ok_or(ApiError::MerchantUnauthorized)
    }
}

/// The session cookie's token, if the request carries one.
pub fn session_cookie(headers: &HeaderMap) -> Option<&str> {
    cookie(headers, COOKIE)
}

/// The non-empty value of the cookie with this name.
pub fn cookie<'a>(headers: &'a HeaderMap, wanted: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.trim())
        .filter(|v| !v.is_empty())
}

/// The merchant whose unexpired session this token opens.
pub async fn find_session(db: &DbPool, token: &str) -> Result<Option<Merchant>, sqlx::Error> {
    sqlx::query_as(
        "select s.shop_id, s.account_id, s.csrf_token, shop.name as shop_name, shop.public_key as shop_key
         from merchant_session s join shop on shop.id = s.shop_id
         where s.token_hash = $1 and s.expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(db::now())
    .fetch_optional(db)
    .await
}

/// Starts a session for the account; returns the cookie's token (the only time it is seen).
pub async fn create_session(
    db: &DbPool,
    shop_id: i64,
    account_id: i64,
) -> Result<String, sqlx::Error> {
    let token = SecretToken::generate();
    let csrf = SecretToken::generate();
    sqlx::query("delete from merchant_session where expires_at <= $1")
        .bind(db::now())
        .execute(db)
        .await?;
    sqlx::query(
        "insert into merchant_session (token_hash, shop_id, account_id, csrf_token, expires_at)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(token.hash())
    .bind(shop_id)
    .bind(account_id)
    .bind(csrf.as_str())
    .bind(db::from_now(Duration::from_secs(
        u64::from(SESSION_HOURS) * 3600,
    )))
    .execute(db)
    .await?;
    Ok(token.as_str().to_owned())
}

pub async fn end_session(db: &DbPool, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("delete from merchant_session where token_hash = $1")
        .bind(token_hash(token))
        .execute(db)
        .await?;
    Ok(())
}

/// The `Set-Cookie` value that stores a session token (or, with `None`, removes it).
pub fn session_cookie_header(token: Option<&str>, https: bool) -> String {
    let secure = if https { "; Secure" } else { "" };
    match token {
        Some(token) => format!(
            "{COOKIE}={token}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
            SESSION_HOURS * 3600
        ),
        None => format!("{COOKIE}=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0{secure}"),
    }
}

/// Compares two tokens without stopping at the first differing byte.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// An argon2id PHC string of the password (CPU-heavy: call from `spawn_blocking`).
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let mut salt = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| anyhow::anyhow!("salt: {e}"))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

/// True when the password matches the stored PHC string (CPU-heavy, like [`hash_password`]).
pub fn verify_password(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|hash| {
            Argon2::default()
                .verify_password(password.as_bytes(), &hash)
                .is_ok()
        })
        .unwrap_or(false)
}

/// True when some account exists for the shop.
pub async fn has_account(db: &DbPool, shop_id: i64) -> Result<bool, sqlx::Error> {
    let found: Option<i64> =
        sqlx::query_scalar("select id from merchant_account where shop_id = $1")
            .bind(shop_id)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// Issues a one-time setup token for the shop with this key, replacing unused earlier ones.
/// `None`: no such shop, or it already has an account.
pub async fn issue_setup_token(db: &DbPool, shop_key: &str) -> Result<Option<String>, sqlx::Error> {
    let shop_id: Option<i64> = sqlx::query_scalar("select id from shop where public_key = $1")
        .bind(shop_key)
        .fetch_optional(db)
        .await?;
    let Some(shop_id) = shop_id else {
        return Ok(None);
    };
    if has_account(db, shop_id).await? {
        return Ok(None);
    }
    let token = SecretToken::generate();
    sqlx::query("delete from merchant_setup_token where shop_id = $1 and used_at is null")
        .bind(shop_id)
        .execute(db)
        .await?;
    sqlx::query(
        "insert into merchant_setup_token (token_hash, shop_id, expires_at)
         values ($1, $2, $3)",
    )
    .bind(token.hash())
    .bind(shop_id)
    .bind(db::from_now(Duration::from_secs(
        u64::from(SETUP_HOURS) * 3600,
    )))
    .execute(db)
    .await?;
    Ok(Some(token.as_str().to_owned()))
}

/// Issues a setup token for every shop without a merchant account: (shop key, token).
pub async fn issue_setup_links(db: &DbPool) -> Result<Vec<(String, String)>, sqlx::Error> {
    let keys: Vec<String> = sqlx::query_scalar(
        "select public_key from shop
         where not exists (select 1 from merchant_account a where a.shop_id = shop.id)
         order by id",
    )
    .fetch_all(db)
    .await?;
    let mut links = Vec::new();
    for key in keys {
        if let Some(token) = issue_setup_token(db, &key).await? {
            links.push((key, token));
        }
    }
    Ok(links)
}

/// The shop an unused, unexpired setup token is for.
pub async fn setup_token_shop(db: &DbPool, token: &str) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "select shop_id from merchant_setup_token
         where token_hash = $1 and used_at is null
           and expires_at > $2",
    )
    .bind(token_hash(token))
    .bind(db::now())
    .fetch_optional(db)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_argon2id_hash_and_nothing_else_does() {
        let stored = hash_password("correct horse battery").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(!stored.contains("correct horse"));
        assert!(verify_password("correct horse battery", &stored));
        assert!(!verify_password("correct horse batterY", &stored));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn the_session_cookie_is_http_only_strict_and_secure_behind_https() {
        let plain = session_cookie_header(Some("abc"), false);
        assert!(plain.starts_with("sc_admin=abc; Path=/admin; HttpOnly; SameSite=Strict"));
        assert!(!plain.contains("Secure"));
        assert!(session_cookie_header(Some("abc"), true).ends_with("; Secure"));
        assert!(session_cookie_header(None, false).contains("Max-Age=0"));
    }

    #[test]
    fn the_session_token_is_read_from_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, "a=1; sc_admin=tok; b=2".parse().unwrap());
        assert_eq!(session_cookie(&headers), Some("tok"));
        headers.insert(header::COOKIE, "sc_admin=".parse().unwrap());
        assert_eq!(session_cookie(&headers), None);
    }

    #[test]
    fn tokens_compare_equal_only_when_identical() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
    }
}
