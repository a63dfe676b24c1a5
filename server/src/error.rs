//! The one error type of the HTTP API. Every variant maps to a status and a stable snake_case
//! code the widget switches on and translates: `{"error": {"code": "...", "message": "..."}}`.

use shopchat_protocol::{ErrorBody, ErrorDetail, FieldError, MAX_MESSAGE_CHARS};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: the body or a parameter is malformed.
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// 400: the message has no text.
    #[error("the message is empty")]
    EmptyMessage,
    /// 413: the message (or the request body) is over the size limit.
    #[error("the message is longer than {MAX_MESSAGE_CHARS} characters")]
    MessageTooLong,
    /// 404: no shop has this public key.
    #[error("no shop has this key")]
    UnknownShop,
    /// 404: no such conversation.
    #[error("conversation not found")]
    ConversationNotFound,
    /// 401: the conversation token is missing or wrong.
    #[error("missing or invalid conversation token")]
    InvalidToken,
    /// 401: the admin API token is missing or wrong.
    #[error("missing or invalid admin token")]
    AdminUnauthorized,
    /// 403: the request's origin is not one of the shop's allowed origins.
    #[error("this site is not allowed to use this shop's assistant")]
    OriginNotAllowed,
    /// 404: no such product for sale in this shop.
    #[error("product not found")]
    ProductNotFound,
    /// 404: no such variant for sale in this shop.
    #[error("variant not found")]
    VariantNotFound,
    /// 404: no such order.
    #[error("order not found")]
    OrderNotFound,
    /// 409: the chosen variant has no stock left.
    #[error("sold out")]
    SoldOut,
    /// 409: the order can't take a payment (already paid, canceled, expired, or nothing to confirm).
    #[error("this order can't be paid now")]
    PaymentNotAllowed,
    /// 409: the shop sells through its store's cart, not in the chat: no order is created here.
    #[error("this shop sells through its store's cart, not in the chat")]
    BuyInStoreCart,
    /// 409: the idempotency key was already used for a different request.
    #[error("this idempotency key was used for a different request")]
    IdempotencyKeyReused,
    /// 422: some fields are invalid; `fields` says which and why, for inline errors.
    #[error("some fields are invalid")]
    InvalidFields(Vec<FieldError>),
    /// 400: a webhook whose signature no shop's signing secret verifies (forged or stale).
    #[error("invalid webhook signature")]
    InvalidSignature,
    /// 503: the shop's payment provider can't take payments right now.
    #[error("the payment provider is unavailable")]
    ProviderUnavailable,
    /// 429: too many requests from this client or conversation; `Retry-After` says when.
    #[error("too many requests; try again in {retry_after_secs} s")]
    RateLimited { retry_after_secs: u64 },
    /// 500: anything unexpected; the detail is logged once and never sent to the client.
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
    /// 404: no such refund (request) waiting for this action in this shop.
    #[error("refund not found")]
    RefundNotFound,
    /// 409: the order can no longer take this refund (already refunded, disputed…).
    #[error("this refund is not allowed on the order now")]
    RefundNotAllowed,
    /// 409: the order can't be marked fulfilled or delivered in its state.
    #[error("the order can't be marked so now")]
    FulfillmentNotAllowed,
    /// 403: a state-changing merchant-page request without its session's CSRF token.
    #[error("missing or invalid CSRF token; reload the page and try again")]
    CsrfRejected,
    /// 401: no merchant session (signed out or expired).
    #[error("sign in to the merchant page first")]
    MerchantUnauthorized,
    /// 401: the email or password is wrong.
    #[error("wrong email or password")]
    InvalidCredentials,
    /// 500: a stored secret doesn't open with the server's secret key (sealed with another key,
    /// or altered); logged with the shop and column, never read as empty. The source is
    /// `sealed::SecretUnreadable`, which converts into this.
    #[error("a stored secret can't be read with this server's secret key")]
    SecretUnreadable(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl ApiError {
    /// How long to wait, when this is a [`ApiError::RateLimited`].
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            ApiError::RateLimited { retry_after_secs } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// The stable code the widget switches on.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::InvalidRequest(_) => "invalid_request",
            ApiError::EmptyMessage => "empty_message",
            ApiError::MessageTooLong => "message_too_long",
            ApiError::UnknownShop => "unknown_shop",
            ApiError::ConversationNotFound => "conversation_not_found",
            ApiError::InvalidToken => "invalid_token",
            ApiError::AdminUnauthorized => "admin_unauthorized",
            ApiError::OriginNotAllowed => "origin_not_allowed",
            ApiError::ProductNotFound => "product_not_found",
            ApiError::VariantNotFound => "variant_not_found",
            ApiError::OrderNotFound => "order_not_found",
            ApiError::SoldOut => "sold_out",
            ApiError::PaymentNotAllowed => "order_not_payable",
            ApiError::BuyInStoreCart => "buy_in_store_cart",
            ApiError::IdempotencyKeyReused => "idempotency_key_reused",
            ApiError::InvalidFields(_) => "invalid_fields",
            ApiError::InvalidSignature => "invalid_signature",
            ApiError::ProviderUnavailable => "payment_provider_unavailable",
            ApiError::RateLimited { .. } => "rate_limited",
            ApiError::Internal(_) => "internal",
            ApiError::RefundNotFound => "refund_not_found",
            ApiError::RefundNotAllowed => "refund_not_allowed",
            ApiError::FulfillmentNotAllowed => "fulfillment_not_allowed",
            ApiError::CsrfRejected => "csrf_rejected",
            ApiError::MerchantUnauthorized => "merchant_unauthorized",
            ApiError::InvalidCredentials => "invalid_credentials",
            ApiError::SecretUnreadable(_) => "secret_unreadable",
        }
    }

    pub fn body(&self) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code().into(),
                message: self.to_string(),
                fields: match self {
                    ApiError::InvalidFields(fields) => fields.clone(),
                    _ => Vec::new(),
                },
            },
        }
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(e: sqlx::Error) -> Self {
        if std::env::var_os("SHOPCHAT_DEBUG_SQL").is_some() {
            eprintln!("SQLERR {e:?}");
        }
        ApiError::Internal(anyhow::Error::new(e).context("database"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_never_reveal_their_detail() {
        let e = ApiError::Internal(anyhow::anyhow!("password=hunter2 at db.example"));
        let body = serde_json::to_string(&e.body()).unwrap();
        assert!(!body.contains("hunter2"));
        assert_eq!(e.code(), "internal");
    }

    #[test]
    fn field_errors_travel_in_the_body_for_inline_display() {
        let e = ApiError::InvalidFields(vec![FieldError {
            field: "email".into(),
            code: "invalid_email".into(),
        }]);
        let body = serde_json::to_value(e.body()).unwrap();
        assert_eq!(body["error"]["code"], "invalid_fields");
        assert_eq!(body["error"]["fields"][0]["field"], "email");
        assert_eq!(body["error"]["fields"][0]["code"], "invalid_email");
    }
}
