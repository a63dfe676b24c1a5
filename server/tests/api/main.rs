//! The server's integration tests, one binary: each module was once a test file of its own.
//! They share a process and run on threads, so a test starts its own app (port 0, a fresh
//! database in a temp dir) and passes settings instead of setting environment variables.
//! Test support (the app, the stand-ins, the fixtures) is the `shopchat-test-support` crate.
//!
//! One module's tests: `cargo test -p shopchat-server --test api stripe::`.

mod admin_api;
mod assistant;
mod checkout;
mod cli;
mod consent;
mod crash;
mod eval_intents;
mod faults;
mod feedback;
mod fuzz;
mod handoff;
mod hardening;
mod heldout;
mod hostile;
mod identity;
mod import_csv;
mod instances;
mod layering;
mod llm_engine;
mod loader;
mod merchant_answers;
mod merchant_ops;
mod merchant_pages;
mod order_status;
mod outbound_urls;
mod postgres_tls;
mod refunds;
mod schema;
mod sealed_secrets;
mod shop_vocabulary;
mod shopify_liquid;
mod shopify_orders;
mod static_files;
mod store_cart;
mod stripe;
mod stripe_orders;
mod stripe_refunds;
mod widget_api;
