//! The chat panel's components, one concern per file.

pub mod app;
pub mod composer;
pub mod empty_state;
pub mod error_banner;
pub mod header;
pub mod message;
pub mod message_list;
pub mod product_card;
pub mod quick_replies;
pub mod typing;

pub use app::App;
pub use composer::Composer;
pub use empty_state::EmptyState;
pub use error_banner::ErrorBanner;
pub use header::Header;
pub use message::Message;
pub use message_list::MessageList;
pub use product_card::ProductCard;
pub use quick_replies::QuickReplies;
pub use typing::Typing;
