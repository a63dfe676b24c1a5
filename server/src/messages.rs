//! How a conversation's messages are stored: who wrote each (`role`) and what it shows besides
//! its text (`Payload`). Appending one is `conversations::store_message`.

use serde::{Deserialize, Serialize};
use shopchat_protocol::{ProductCard, Role};

/// What a stored message shows besides its text.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Payload {
    #[serde(default)]
    pub products: Vec<ProductCard>,
    #[serde(default)]
    pub quick_replies: Vec<String>,
}

/// How a role is stored.
pub fn role_name(role: Role) -> &'static str {
    match role {
        Role::Shopper => "shopper",
        Role::Assistant => "assistant",
        Role::Merchant => "merchant",
    }
}

/// A stored role (the table's check allows only these three).
pub fn role_from_name(name: &str) -> Role {
    match name {
        "assistant" => Role::Assistant,
        "merchant" => Role::Merchant,
        _ => Role::Shopper,
    }
}
