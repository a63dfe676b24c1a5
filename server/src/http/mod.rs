//! The HTTP side: the widget's API (`widget`), the admin JSON API (`admin`), the merchant's HTML pages (`merchant`), the
//! payment provider's webhooks (`webhooks`) and the static files and widget build (`assets`).
//! They read and change the shop through the domain modules; nothing of the domain calls
//! back into them.

pub mod admin;
pub mod assets;
pub mod client;
pub mod error;
pub mod extract;
pub mod merchant;
pub mod request_id;
pub mod state;
pub mod webhooks;
pub mod widget;
