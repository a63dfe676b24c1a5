//! Widget conversations: who owns one (a bearer token), the page it was opened from, the
//! shopper's verified identity, and its stored messages. The widget API's handlers are in
//! `crate::http::widget`.

pub mod context;
pub mod identity;
mod messages;
mod token;

pub use identity::verified_email;
pub use messages::{load_messages, store_message, ShopperMessage};
pub(crate) use token::authorize_reading;
pub use token::{authorize, new_conversation_id, OwnedConversation};
