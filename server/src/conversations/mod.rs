//! Widget conversations: opening one, sending a message (answered as a stream of typed
//! events), and reading the history back. Each conversation is proven by a bearer token.

pub mod context;
mod create;
mod events;
pub mod identity;
mod messages;
mod shops;
mod token;

use axum::routing::{get, post};
use axum::Router;

use crate::state::AppState;

pub use identity::verified_email;
pub use messages::load_messages;
pub use token::{
    authorize, bearer_token, token_hash, token_matches, ConversationToken, OwnedConversation,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/shops/{key}", get(shops::get_shop_info))
        .route("/api/v1/conversations", post(create::create_conversation))
        .route(
            "/api/v1/conversations/{id}/context",
            post(context::update_context),
        )
        .route(
            "/api/v1/conversations/{id}/messages",
            post(messages::send_message).get(messages::list_messages),
        )
        .route(
            "/api/v1/conversations/{id}/events",
            post(events::create_event),
        )
}
