//! PaymentIntents and refunds: create the intent an order is paid with, read its state back
//! (reconciliation), and refund it. Amounts are integer minor units, as everywhere.

use std::collections::HashMap;

use ::stripe::{IdempotencyKey, RequestStrategy, StripeRequest};
use secrecy::SecretString;
use shopchat_protocol::Currency;
use stripe_core::payment_intent::{CreatePaymentIntent, RetrievePaymentIntent};
use stripe_core::refund::CreateRefund;
use stripe_shared::{PaymentIntent, PaymentIntentStatus};

use super::{StripeClient, StripeError};

/// Metadata keys on every intent, so a webhook or a person in Stripe's dashboard can find
/// the order without our database.
pub const METADATA_SHOP_ID: &str = "shop_id";
pub const METADATA_ORDER_ID: &str = "order_id";
pub const METADATA_ORDER_NUMBER: &str = "order_number";

/// What an order asks Stripe to collect.
#[derive(Debug, Clone)]
pub struct CreateIntent {
    /// Computed on the server from the catalog, never taken from the client.
    pub amount_minor: i64,
    pub currency: Currency,
    pub order_public_id: String,
    pub order_number: String,
    pub shop_id: i64,
    /// Stripe emails its receipt here (in live mode).
    pub receipt_email: Option<String>,
    /// Derived from the order, so a double-clicked Pay or a retried request gets the same
    /// intent back instead of a second charge (Stripe keeps keys for 24 hours).
    pub idempotency_key: String,
}

/// A fresh intent, for the widget's Payment Element.
#[derive(Debug)]
pub struct CreatedIntent {
    pub id: String,
    /// Goes to the shopper's browser only: whoever holds it can confirm the payment.
    pub client_secret: SecretString,
    pub status: IntentStatus,
}

/// Where an intent stands, as reconciliation needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IntentState {
    pub id: String,
    pub status: IntentStatus,
    pub amount_minor: i64,
    /// Upper-case ISO code, as in [`Currency`].
    pub currency: String,
    pub amount_received: i64,
    /// The issuer's reason for the last failed attempt (`generic_decline`,
    /// `insufficient_funds`, …), else Stripe's error code for it.
    pub last_error_decline_code: Option<String>,
}

/// A PaymentIntent's status (Stripe's names, snake_case from [`IntentStatus::as_str`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntentStatus {
    RequiresPaymentMethod,
    RequiresConfirmation,
    /// 3-D Secure or another step the shopper must complete in the browser.
    RequiresAction,
    Processing,
    RequiresCapture,
    Succeeded,
    Canceled,
    /// A status newer than this SDK; treat as not paid.
    Other(String),
}

impl IntentStatus {
    pub fn as_str(&self) -> &str {
        match self {
            Self::RequiresPaymentMethod => "requires_payment_method",
            Self::RequiresConfirmation => "requires_confirmation",
            Self::RequiresAction => "requires_action",
            Self::Processing => "processing",
            Self::RequiresCapture => "requires_capture",
            Self::Succeeded => "succeeded",
            Self::Canceled => "canceled",
            Self::Other(status) => status,
        }
    }
}

impl From<&PaymentIntentStatus> for IntentStatus {
    fn from(status: &PaymentIntentStatus) -> Self {
        use PaymentIntentStatus as S;
        match status {
            S::RequiresPaymentMethod => Self::RequiresPaymentMethod,
            S::RequiresConfirmation => Self::RequiresConfirmation,
            S::RequiresAction => Self::RequiresAction,
            S::Processing => Self::Processing,
            S::RequiresCapture => Self::RequiresCapture,
            S::Succeeded => Self::Succeeded,
            S::Canceled => Self::Canceled,
            other => Self::Other(other.as_str().to_owned()),
        }
    }
}

impl From<&PaymentIntent> for IntentState {
    fn from(intent: &PaymentIntent) -> Self {
        let last_error = intent.last_payment_error.as_deref();
        Self {
            id: intent.id.to_string(),
            status: IntentStatus::from(&intent.status),
            amount_minor: intent.amount,
            currency: intent.currency.to_string().to_ascii_uppercase(),
            amount_received: intent.amount_received,
            last_error_decline_code: last_error.and_then(|e| {
                e.decline_code
                    .clone()
                    .or_else(|| e.code.as_ref().map(|c| c.as_str().to_owned()))
            }),
        }
    }
}

/// A refund Stripe accepted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedRefund {
    pub id: String,
    pub amount_minor: i64,
    /// `succeeded`, `pending` (some methods settle later), `failed`, …
    pub status: String,
}

/// Creates the PaymentIntent for an order: card payments confirmed by Stripe.js in the
/// shopper's browser, tagged with the shop and order.
#[tracing::instrument(skip_all, fields(shop_id = intent.shop_id, order = %intent.order_number))]
pub async fn create_payment_intent(
    client: &StripeClient,
    intent: CreateIntent,
) -> Result<CreatedIntent, StripeError> {
    if intent.amount_minor <= 0 {
        return Err(invalid("a PaymentIntent needs a positive amount"));
    }
    let metadata = HashMap::from([
        (METADATA_SHOP_ID.to_owned(), intent.shop_id.to_string()),
        (METADATA_ORDER_ID.to_owned(), intent.order_public_id),
        (METADATA_ORDER_NUMBER.to_owned(), intent.order_number),
    ]);
    let mut request =
        CreatePaymentIntent::new(intent.amount_minor, stripe_currency(intent.currency)?)
            .metadata(metadata);
    if let Some(email) = intent.receipt_email {
        request = request.receipt_email(email);
    }
    let created = request
        .customize()
        .request_strategy(idempotent(&intent.idempotency_key)?)
        .send(client.sdk())
        .await?;
    let client_secret = created
        .client_secret
        .ok_or_else(|| StripeError::UnexpectedResponse {
            detail: "a new PaymentIntent came without its client secret".into(),
        })?;
    tracing::info!(intent = %created.id, "PaymentIntent created");
    Ok(CreatedIntent {
        id: created.id.to_string(),
        client_secret: SecretString::from(client_secret),
        status: IntentStatus::from(&created.status),
    })
}

/// Reads an intent's current state from Stripe.
#[tracing::instrument(skip(client))]
pub async fn retrieve_payment_intent(
    client: &StripeClient,
    intent_id: &str,
) -> Result<IntentState, StripeError> {
    let intent = RetrievePaymentIntent::new(intent_id)
        .send(client.sdk())
        .await?;
    Ok(IntentState::from(&intent))
}

/// Refunds `amount_minor` of a paid intent. The key makes a retried refund a no-op rather
/// than a second refund.
#[tracing::instrument(skip(client, idempotency_key))]
pub async fn refund(
    client: &StripeClient,
    payment_intent: &str,
    amount_minor: i64,
    idempotency_key: &str,
) -> Result<CreatedRefund, StripeError> {
    if amount_minor <= 0 {
        return Err(invalid("a refund needs a positive amount"));
    }
    let refund = CreateRefund::new()
        .payment_intent(payment_intent)
        .amount(amount_minor)
        .customize()
        .request_strategy(idempotent(idempotency_key)?)
        .send(client.sdk())
        .await?;
    let status = refund.status.as_deref().unwrap_or("pending");
    tracing::info!(refund = %refund.id, amount_minor = refund.amount, status, "refund created");
    Ok(CreatedRefund {
        id: refund.id.to_string(),
        amount_minor: refund.amount,
        status: status.to_owned(),
    })
}

fn idempotent(key: &str) -> Result<RequestStrategy, StripeError> {
    IdempotencyKey::new(key)
        .map(RequestStrategy::Idempotent)
        .map_err(|error| invalid(&error.to_string()))
}

fn stripe_currency(currency: Currency) -> Result<stripe_types::Currency, StripeError> {
    // Stripe spells currencies in lower case. Its parser never fails, but it may not know one.
    let Ok(parsed) = currency
        .as_str()
        .to_ascii_lowercase()
        .parse::<stripe_types::Currency>();
    match parsed {
        stripe_types::Currency::Unknown(_) => Err(invalid(&format!(
            "Stripe does not support the currency {}",
            currency.as_str()
        ))),
        known => Ok(known),
    }
}

fn invalid(detail: &str) -> StripeError {
    StripeError::InvalidRequest {
        detail: detail.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn currencies_go_to_stripe_in_lower_case() {
        let usd = Currency::parse("USD").unwrap();
        assert_eq!(stripe_currency(usd).unwrap(), stripe_types::Currency::USD);
    }

    #[test]
    fn a_currency_stripe_does_not_know_is_refused_before_any_call() {
        let unknown = Currency::parse("XYZ").unwrap();
        assert_eq!(
            stripe_currency(unknown).unwrap_err().code(),
            "payment_request_invalid"
        );
    }

    #[test]
    fn an_empty_idempotency_key_is_refused() {
        assert!(idempotent("").is_err());
        assert!(idempotent("order-SC-1042-pi").is_ok());
    }

    #[test]
    fn statuses_keep_stripes_names() {
        assert_eq!(
            IntentStatus::from(&PaymentIntentStatus::RequiresAction).as_str(),
            "requires_action"
        );
        assert_eq!(IntentStatus::Succeeded.as_str(), "succeeded");
    }
}
