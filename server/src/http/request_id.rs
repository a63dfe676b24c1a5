//! Every request's id: the caller's `X-Request-Id` when it is a sane token, a new random one
//! otherwise. It is returned in the `X-Request-Id` response header and recorded in the
//! request's log span, so each log line of the request carries it.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// The request id header, in and out.
pub const HEADER: &str = "x-request-id";

/// Longest id taken from a caller.
const MAX_LEN: usize = 64;

/// A request's id, kept in the request's extensions for the log span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(String);

impl RequestId {
    /// An id a caller sent, if it is 1–64 characters of `A-Z a-z 0-9 . _ -` (anything else
    /// could forge or break log lines, so it is replaced).
    pub fn parse(value: &str) -> Option<Self> {
        let sane = !value.is_empty()
            && value.len() <= MAX_LEN
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
        sane.then(|| RequestId(value.to_owned()))
    }

    /// A new random id: 32 hex characters.
    pub fn generate() -> Self {
        RequestId(hex::encode(rand::random::<[u8; 16]>()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for RequestId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Middleware (outside the trace layer): picks the request's id, hands it to the span through
/// the extensions and returns it in the response header.
pub async fn assign(mut request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(HEADER)
        .and_then(|value| value.to_str().ok())
        .and_then(RequestId::parse)
        .unwrap_or_else(RequestId::generate);
    let header = HeaderValue::from_str(id.as_str()).ok();
    request.extensions_mut().insert(id);
    let mut response = next.run(request).await;
    if let Some(header) = header {
        response.headers_mut().insert(HEADER, header);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sane_token_is_kept_and_anything_else_is_refused() {
        for sane in ["abc", "req-1.2_3", &"a".repeat(64)] {
            assert_eq!(RequestId::parse(sane).map(|id| id.0), Some(sane.to_owned()));
        }
        for insane in [
            "",
            "has space",
            "quote\"",
            "new\nline",
            "ünï",
            &"a".repeat(65),
        ] {
            assert!(RequestId::parse(insane).is_none(), "{insane:?}");
        }
    }

    #[test]
    fn a_generated_id_is_itself_sane_and_new_each_time() {
        let (a, b) = (RequestId::generate(), RequestId::generate());
        assert!(RequestId::parse(a.as_str()).is_some());
        assert_eq!(a.as_str().len(), 32);
        assert_ne!(a, b);
    }
}
