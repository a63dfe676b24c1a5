//! Stripe failures as one small enum with stable snake_case codes that the checkout API can
//! put in its error body and the widget can translate. Details are for the log only.

use ::stripe::{ApiErrors, ApiErrorsCode, ApiErrorsType};

/// Card codes the widget has its own message for; any other card problem reads `card_error`.
const CARD_CODES: [&str; 5] = [
    "expired_card",
    "incorrect_cvc",
    "incorrect_number",
    "processing_error",
    "authentication_required",
];

/// Why a Stripe call failed. [`StripeError::code`] is stable; `Display` is for logs and
/// never contains a key, a client secret or card data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StripeError {
    /// The issuer refused the card (HTTP 402, `card_declined`). `decline_code` is the
    /// issuer's reason when Stripe gives one: `generic_decline`, `insufficient_funds`,
    /// `lost_card`, …
    #[error("the card was declined ({})", decline_code.as_deref().unwrap_or("no reason given"))]
    CardDeclined { decline_code: Option<String> },
    /// Another problem with the card (HTTP 402): expired, wrong CVC or number, a processing
    /// error, authentication needed. `stripe_code` is Stripe's own code.
    #[error("the card was refused: {}", stripe_code.as_deref().unwrap_or("unknown"))]
    CardRejected { stripe_code: Option<String> },
    /// The idempotency key was used before with other parameters, or its first request is
    /// still running: a bug in how keys are derived, or a double submit racing itself.
    #[error("idempotency key conflict")]
    IdempotencyConflict,
    /// Stripe refused the shop's secret key (401) or its permissions (403). No detail is
    /// kept: Stripe's message quotes part of the key.
    #[error("Stripe refused the shop's secret key")]
    Unauthorized,
    /// Stripe is rate-limiting this account (429); later may work.
    #[error("rate limited by Stripe")]
    RateLimited,
    /// Stripe refused the request's parameters or the object's state (400, 404): a bug or a
    /// stale id on our side, not the shopper's doing.
    #[error("Stripe refused the request: {detail}")]
    InvalidRequest { detail: String },
    /// Stripe could not be reached, timed out or failed (5xx). Repeating the call with the
    /// same idempotency key is safe.
    #[error("Stripe unavailable: {detail}")]
    Unavailable { detail: String },
    /// Stripe answered something this SDK version cannot read.
    #[error("unreadable answer from Stripe: {detail}")]
    UnexpectedResponse { detail: String },
    /// The shop's Stripe settings cannot make a working client.
    #[error("Stripe is misconfigured: {detail}")]
    Misconfigured { detail: String },
}

impl StripeError {
    /// The stable code for API error bodies and the widget's translations.
    pub fn code(&self) -> &'static str {
        match self {
            Self::CardDeclined { .. } => "card_declined",
            Self::CardRejected { stripe_code } => stripe_code
                .as_deref()
                .and_then(|code| CARD_CODES.iter().find(|known| **known == code))
                .copied()
                .unwrap_or("card_error"),
            Self::IdempotencyConflict => "idempotency_conflict",
            Self::Unauthorized => "payment_provider_auth_failed",
            Self::RateLimited => "payment_provider_rate_limited",
            Self::InvalidRequest { .. } => "payment_request_invalid",
            Self::Unavailable { .. } => "payment_provider_unavailable",
            Self::UnexpectedResponse { .. } => "payment_provider_unexpected_response",
            Self::Misconfigured { .. } => "payment_provider_misconfigured",
        }
    }

    /// Whether Stripe surely did nothing: it refused the request itself (a card problem, the
    /// key, the parameters or the object's state) or no request was sent. A timeout, a lost
    /// connection, a 5xx, a rate limit, an idempotency conflict (the first request may still be
    /// running) or an unreadable answer leave it open whether the call took effect.
    pub fn is_definite_refusal(&self) -> bool {
        matches!(
            self,
            Self::CardDeclined { .. }
                | Self::CardRejected { .. }
                | Self::Unauthorized
                | Self::InvalidRequest { .. }
                | Self::Misconfigured { .. }
        )
    }

    /// Whether the shopper can fix it with another card (as opposed to a fault of ours or
    /// Stripe's).
    pub fn is_card_problem(&self) -> bool {
        matches!(self, Self::CardDeclined { .. } | Self::CardRejected { .. })
    }

    fn from_api(error: &ApiErrors, status: u16) -> Self {
        let code = error.code.as_ref().map(|c| c.as_str().to_owned());
        match (&error.type_, status) {
            (ApiErrorsType::CardError, _) | (_, 402) => {
                if error.code == Some(ApiErrorsCode::CardDeclined) {
                    Self::CardDeclined {
                        decline_code: error.decline_code.clone(),
                    }
                } else {
                    Self::CardRejected { stripe_code: code }
                }
            }
            (ApiErrorsType::IdempotencyError, _) => Self::IdempotencyConflict,
            (_, 401 | 403) => Self::Unauthorized,
            (_, 429) => Self::RateLimited,
            (ApiErrorsType::ApiError, _) | (_, 500..) => Self::Unavailable {
                detail: format!("HTTP {status}"),
            },
            _ => Self::InvalidRequest {
                detail: format!(
                    "HTTP {status}, code {}, param {}: {}",
                    code.as_deref().unwrap_or("-"),
                    error.param.as_deref().unwrap_or("-"),
                    error.message.as_deref().unwrap_or("-"),
                ),
            },
        }
    }
}

impl From<::stripe::StripeError> for StripeError {
    fn from(error: ::stripe::StripeError) -> Self {
        use ::stripe::StripeError as Sdk;
        match error {
            Sdk::Stripe(api, status) => Self::from_api(&api, status),
            Sdk::JSONDeserialize(detail) => Self::UnexpectedResponse { detail },
            Sdk::ClientError(detail) => Self::Unavailable { detail },
            Sdk::Timeout => Self::Unavailable {
                detail: "timed out".into(),
            },
            Sdk::ConfigError(detail) => Self::Misconfigured { detail },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error as Stripe's JSON would give it; fields not named are absent.
    fn api_error(
        type_: &str,
        code: Option<&str>,
        decline_code: Option<&str>,
        status: u16,
    ) -> StripeError {
        let errors = ApiErrors {
            advice_code: None,
            charge: None,
            code: code.map(|c| c.parse().expect("infallible")),
            decline_code: decline_code.map(str::to_owned),
            doc_url: None,
            message: Some("Invalid API Key provided: sk_test_****1234".into()),
            network_advice_code: None,
            network_decline_code: None,
            param: None,
            payment_intent: None,
            payment_method: None,
            payment_method_type: None,
            request_log_url: None,
            setup_intent: None,
            source: None,
            type_: type_.parse().expect("infallible"),
        };
        StripeError::from(::stripe::StripeError::Stripe(Box::new(errors), status))
    }

    #[test]
    fn a_declined_card_keeps_the_issuers_reason() {
        let error = api_error(
            "card_error",
            Some("card_declined"),
            Some("insufficient_funds"),
            402,
        );
        assert_eq!(error.code(), "card_declined");
        assert_eq!(
            error,
            StripeError::CardDeclined {
                decline_code: Some("insufficient_funds".into())
            }
        );
        assert!(error.is_card_problem());
    }

    #[test]
    fn known_card_codes_pass_through_and_others_read_card_error() {
        assert_eq!(
            api_error("card_error", Some("expired_card"), None, 402).code(),
            "expired_card"
        );
        let odd = api_error("card_error", Some("card_velocity_exceeded"), None, 402);
        assert_eq!(odd.code(), "card_error");
    }

    #[test]
    fn server_side_failures_map_to_stable_codes() {
        let cases = [
            ("idempotency_error", None, 400, "idempotency_conflict"),
            (
                "invalid_request_error",
                None,
                401,
                "payment_provider_auth_failed",
            ),
            (
                "invalid_request_error",
                Some("rate_limit"),
                429,
                "payment_provider_rate_limited",
            ),
            ("api_error", None, 500, "payment_provider_unavailable"),
            (
                "invalid_request_error",
                Some("resource_missing"),
                404,
                "payment_request_invalid",
            ),
        ];
        for (type_, code, status, expected) in cases {
            assert_eq!(
                api_error(type_, code, None, status).code(),
                expected,
                "{type_} {status}"
            );
        }
    }

    #[test]
    fn a_refused_key_is_not_quoted_back() {
        let error = api_error("invalid_request_error", None, None, 401);
        assert!(!format!("{error} {error:?}").contains("1234"));
    }
}
