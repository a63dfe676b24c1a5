//! The in-chat checkout's domain side: the offer behind the checkout card. Its HTTP API (the
//! offer, creating and reading orders, the demo gateway's payments) is in `crate::http::widget`.

mod offer;

pub use offer::build_offer;
