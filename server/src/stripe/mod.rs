//! Stripe as a shop's payment provider, through async-stripe 1.0: a client per shop
//! ([`StripeClient`]), PaymentIntents and refunds ([`intents`]), and signed webhooks parsed
//! into provider-neutral [`PaymentEvent`]s ([`webhook`]).
//!
//! Self-contained on purpose: orders, checkout and the webhook route call these functions
//! and keep their own state; nothing here writes the database (a shop's client reads its
//! sealed key).

pub mod client;
pub mod error;
pub mod intents;
pub mod webhook;

pub use client::{ShopStripe, StripeClient};
pub use error::StripeError;
pub use intents::{
    create_payment_intent, refund, retrieve_payment_intent, CreateIntent, CreatedIntent,
    CreatedRefund, IntentState, IntentStatus,
};
pub use webhook::{
    verify_and_parse, PaymentEvent, PaymentEventKind, SignatureProblem, WebhookError,
};
