//! Extractors for what the widget API reads from request headers: the bearer token that
//! proves a conversation or an order, and the browser's `Origin`. The domain takes the plain
//! values (`conversations::authorize`, `orders::authorize_order`, `Shop::check_origin`).

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};

/// The token of the `Authorization: Bearer …` header, if there is a non-empty one.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The `Origin` header, if any.
pub fn request_origin(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::ORIGIN)?
        .to_str()
        .ok()
        .map(str::to_owned)
}

/// The request's bearer token: a conversation's token, or an order's. Missing is not a
/// rejection here: the domain decides whether the thing asked for exists first (404) and only
/// then that the token is missing or wrong (401).
#[derive(Debug, Clone, Default)]
pub struct BearerToken(pub Option<String>);

impl BearerToken {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for BearerToken {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self(bearer_token(&parts.headers).map(str::to_owned)))
    }
}

/// The browser's `Origin`, for [`crate::shop::Shop::check_origin`] once the request's shop is
/// known (from its conversation, order or key).
#[derive(Debug, Clone, Default)]
pub struct RequestOrigin(pub Option<String>);

impl RequestOrigin {
    pub fn as_deref(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestOrigin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Infallible> {
        Ok(Self(request_origin(&parts.headers)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_bearer_token_is_trimmed_and_an_empty_one_is_none() {
        let mut headers = HeaderMap::new();
        assert_eq!(bearer_token(&headers), None);
        headers.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer  abc "),
        );
        assert_eq!(bearer_token(&headers), Some("abc"));
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer "));
        assert_eq!(bearer_token(&headers), None);
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic abc"));
        assert_eq!(bearer_token(&headers), None);
    }
}
