//! Shopchat's backend: the widget API, the assistant, the catalog and the merchant tools.
//! `main.rs` is a thin wrapper; tests start the same [`startup::Application`] on port 0.

pub mod answers;
pub mod assistant;
pub mod audit;
pub mod catalog;
pub mod checkout;
pub mod cli;
pub mod clock;
pub mod config;
pub mod conversations;
pub mod db;
pub mod email;
pub mod error;
pub mod eval;
pub mod handoff;
pub mod http;
pub mod links;
pub mod locale;
pub mod messages;
pub mod money;
pub mod nlu;
pub mod orders;
pub mod outbound;
pub mod payments;
pub mod rate_limit;
pub mod refunds;
pub mod sealed;
pub mod shop;
pub mod shopify;
pub mod startup;
pub mod store_cart;
pub mod stripe;
pub mod telemetry;
pub mod text;
pub mod tokens;

pub use config::Settings;
pub use error::ApiError;
pub use startup::Application;
