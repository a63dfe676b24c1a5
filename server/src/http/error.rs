//! How a domain [`ApiError`] answers an HTTP request: its status, the JSON error body with
//! the stable code, and `Retry-After` where waiting helps; and [`ApiJson`], a JSON body whose
//! rejection is an `ApiError`.

use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::InvalidRequest(_) | ApiError::EmptyMessage | ApiError::InvalidSignature => {
                StatusCode::BAD_REQUEST
            }
            ApiError::MessageTooLong => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnknownShop
            | ApiError::ConversationNotFound
            | ApiError::ProductNotFound
            | ApiError::VariantNotFound
            | ApiError::OrderNotFound => StatusCode::NOT_FOUND,
            ApiError::InvalidToken | ApiError::AdminUnauthorized => StatusCode::UNAUTHORIZED,
            ApiError::OriginNotAllowed => StatusCode::FORBIDDEN,
            ApiError::SoldOut
            | ApiError::PaymentNotAllowed
            | ApiError::BuyInStoreCart
            | ApiError::IdempotencyKeyReused => StatusCode::CONFLICT,
            ApiError::InvalidFields(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::ProviderUnavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            ApiError::RefundNotFound => StatusCode::NOT_FOUND,
            ApiError::RefundNotAllowed | ApiError::FulfillmentNotAllowed => StatusCode::CONFLICT,
            ApiError::CsrfRejected => StatusCode::FORBIDDEN,
            ApiError::MerchantUnauthorized | ApiError::InvalidCredentials => {
                StatusCode::UNAUTHORIZED
            }
            ApiError::SecretUnreadable(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// `Retry-After` of a 503 for an unavailable payment provider.
const PROVIDER_RETRY_SECS: u64 = 5;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Internal(e) = &self {
            tracing::error!(error = ?e, "request failed");
        }
        if let ApiError::SecretUnreadable(e) = &self {
            tracing::error!(error = %e, "request failed");
        }
        let mut response = (self.status(), Json(self.body())).into_response();
        let retry_after = match &self {
            ApiError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            // The provider may be back in a moment; the same idempotency key is safe to retry.
            ApiError::ProviderUnavailable => Some(PROVIDER_RETRY_SECS),
            _ => None,
        };
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        response
    }
}

/// `Json` whose rejection is an [`ApiError`], so malformed input gets the usual error shape.
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let rejected = |rejection: JsonRejection| match rejection {
            JsonRejection::BytesRejection(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                ApiError::MessageTooLong
            }
            other => ApiError::InvalidRequest(other.body_text()),
        };
        if !json_content_type(req.headers()) {
            // `Json` says what is wrong with the content type.
            return match Json::<T>::from_request(req, state).await {
                Ok(Json(value)) => Ok(ApiJson(value)),
                Err(rejection) => Err(rejected(rejection)),
            };
        }
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|r| rejected(JsonRejection::BytesRejection(r)))?;
        if crate::text::has_nul_escape(&bytes) {
            // No text Shopchat stores may hold a NUL character (PostgreSQL's text can't).
            return Err(nul_refused());
        }
        Json::<T>::from_bytes(&bytes)
            .map(|Json(value)| ApiJson(value))
            .map_err(rejected)
    }
}

/// The answer to a body with a NUL character in its text: no text Shopchat stores may hold one
/// (PostgreSQL's text can't), so it is refused before anything reads it.
pub fn nul_refused() -> ApiError {
    ApiError::InvalidRequest("text may not contain the NUL character (\\u0000)".into())
}

fn json_content_type(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use shopchat_protocol::FieldError;

    #[test]
    fn field_errors_are_unprocessable_and_limits_say_when_to_retry() {
        let e = ApiError::InvalidFields(vec![FieldError {
            field: "email".into(),
            code: "invalid_email".into(),
        }]);
        assert_eq!(e.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let limited = ApiError::RateLimited {
            retry_after_secs: 7,
        }
        .into_response();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(limited.headers()["retry-after"], "7");
    }
}
