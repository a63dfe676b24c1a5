//! The shopper's conversation with one shop, kept in `localStorage` so it survives a reload.
//! Nothing is written until the shopper sends a first message.

use web_sys::Storage;

use crate::wire;

/// What proves a conversation is this shopper's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub conversation_id: String,
    pub token: String,
}

impl Session {
    /// The session stored for `shop`, if any (and if storage is readable at all).
    pub fn load(shop: &str) -> Option<Self> {
        let stored = wire::parse(&storage()?.get_item(&Self::key(shop)).ok()??)?;
        Some(Self {
            conversation_id: wire::string(&stored, "conversation_id")?,
            token: wire::string(&stored, "token")?,
        })
    }

    /// Remembers this session for `shop`; a storage that refuses (private mode, quota) is ignored.
    pub fn save(&self, shop: &str) {
        if let Some(storage) = storage() {
            let json = wire::object(&[
                ("conversation_id", Some(&self.conversation_id)),
                ("token", Some(&self.token)),
            ]);
            let _ = storage.set_item(&Self::key(shop), &json);
        }
    }

    /// Forgets the session of `shop`.
    pub fn clear(shop: &str) {
        if let Some(storage) = storage() {
            let _ = storage.remove_item(&Self::key(shop));
        }
    }

    /// The storage key of `shop`'s session; `page.js` is handed it rather than spelling it again.
    pub fn key(shop: &str) -> String {
        ["shopchat:", shop, ":conversation"].concat()
    }
}

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok()?
}
