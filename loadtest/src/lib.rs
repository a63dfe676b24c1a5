//! Shopchat's load test (see the README's "Load test"): the pieces the `shopchat-loadtest`
//! binary puts together.

pub mod client;
pub mod histogram;
pub mod llm_stub;
pub mod phases;
pub mod phrases;
pub mod process;
pub mod proxy;
pub mod sse;
