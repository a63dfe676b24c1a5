//! Secrets sealed at rest: each shop's Stripe keys, LLM key, identity and notify secrets are
//! stored as `sealed:v1:<base64(nonce ‖ ciphertext)>`, XChaCha20-Poly1305 under the operator's
//! key, with the shop and the column as associated data so a value can't be moved elsewhere.
//! A copied database file alone reveals none of them. Where the key comes from is
//! [`key_file`]; sealing what an older database left in plain text, and rotating the key, is
//! [`store`].

pub mod key_file;
pub mod store;

use std::fmt;
use std::sync::Arc;

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// What a sealed value starts with; the version names the cipher and the layout.
const PREFIX: &str = "sealed:v1:";
/// Bytes of an XChaCha20 nonce, random per value.
const NONCE_BYTES: usize = 24;

/// The columns of `shop` that hold secrets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecretColumn {
    StripeSecretKey,
    StripeWebhookSecret,
    LlmApiKey,
    IdentitySecret,
    NotifySecret,
    ShopifyAdminToken,
}

impl SecretColumn {
    pub const ALL: [SecretColumn; 6] = [
        SecretColumn::StripeSecretKey,
        SecretColumn::StripeWebhookSecret,
        SecretColumn::LlmApiKey,
        SecretColumn::IdentitySecret,
        SecretColumn::NotifySecret,
        SecretColumn::ShopifyAdminToken,
    ];

    /// The column's name in `shop` (also part of the associated data).
    pub fn name(self) -> &'static str {
        match self {
            SecretColumn::StripeSecretKey => "stripe_secret_key",
            SecretColumn::StripeWebhookSecret => "stripe_webhook_secret",
            SecretColumn::LlmApiKey => "llm_api_key",
            SecretColumn::IdentitySecret => "identity_secret",
            SecretColumn::NotifySecret => "notify_secret",
            SecretColumn::ShopifyAdminToken => "shopify_admin_token",
        }
    }
}

/// A stored secret that does not open with this server's key: sealed with another key,
/// altered, or moved from another shop or column. Never read as empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "the {} of shop {shop_id} does not open with this server's secret key \
     (SECRET_KEY or the key file): it was sealed with another key, or altered",
    column.name()
)]
pub struct SecretUnreadable {
    pub shop_id: i64,
    pub column: SecretColumn,
}

impl From<SecretUnreadable> for ApiError {
    fn from(unreadable: SecretUnreadable) -> Self {
        ApiError::SecretUnreadable(Box::new(unreadable))
    }
}

/// A `SECRET_KEY` or key file that is not a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a secret key is 64 hex characters or the base64 of 32 bytes (make one with `openssl rand -hex 32`)")]
pub struct MalformedKey;

/// The 256-bit key secrets are sealed with. Cheap to clone; never printed; the key bytes are
/// wiped from memory when the last clone goes.
#[derive(Clone)]
pub struct SealingKey {
    cipher: Arc<XChaCha20Poly1305>,
    id: Arc<str>,
}

impl SealingKey {
    /// Reads a key written as 64 hex characters or as base64 (standard or URL-safe, padded or
    /// not) of 32 bytes; surrounding whitespace is ignored.
    pub fn parse(text: &str) -> Result<Self, MalformedKey> {
        let text = text.trim();
        let bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
            hex::decode(text).map_err(|_| MalformedKey)?
        } else {
            [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
                .iter()
                .find_map(|engine| engine.decode(text).ok())
                .ok_or(MalformedKey)?
        };
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| MalformedKey)?;
        Ok(Self::from_bytes(bytes))
    }

    /// A new random key, and its text (64 hex characters) for a key file or `SECRET_KEY`.
    pub fn generate() -> (Self, SecretString) {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        let text = SecretString::from(hex::encode(bytes));
        let key = Self::from_bytes(bytes);
        bytes.fill(0);
        (key, text)
    }

    /// A key that lives only as long as the process, for work on a throw-away database.
    pub fn ephemeral() -> Self {
        Self::generate().0
    }

    fn from_bytes(bytes: [u8; 32]) -> Self {
        // Names the key in logs and messages without revealing anything about it.
        let digest = Sha256::new()
            .chain_update(b"shopchat sealing key id\0")
            .chain_update(bytes)
            .finalize();
        Self {
            cipher: Arc::new(XChaCha20Poly1305::new(&bytes.into())),
            id: hex::encode(&digest[..4]).into(),
        }
    }

    /// A short, non-secret name of the key (8 hex characters), to tell keys apart in logs.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Seals a secret of this shop's column.
    pub fn seal(&self, shop_id: i64, column: SecretColumn, plain: &str) -> String {
        let mut nonce = [0u8; NONCE_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let aad = associated_data(shop_id, column);
        let payload = Payload {
            msg: plain.as_bytes(),
            aad: aad.as_bytes(),
        };
        let ciphertext = self
            .cipher
            .encrypt(&XNonce::from(nonce), payload)
            .expect("only messages of over 256 GiB fail to seal; a secret is a few dozen bytes");
        let mut sealed = nonce.to_vec();
        sealed.extend(ciphertext);
        format!("{PREFIX}{}", STANDARD_NO_PAD.encode(sealed))
    }

    /// The secret a stored value holds. A sealed value must open with this key for this shop
    /// and column; a value that isn't sealed (an older database, or a row written by hand)
    /// is taken as it is.
    pub fn open(
        &self,
        shop_id: i64,
        column: SecretColumn,
        stored: &str,
    ) -> Result<SecretString, SecretUnreadable> {
        if !is_sealed(stored) {
            return Ok(SecretString::from(stored.to_owned()));
        }
        let unreadable = SecretUnreadable { shop_id, column };
        let bytes = stored
            .strip_prefix(PREFIX)
            .and_then(|b64| STANDARD_NO_PAD.decode(b64).ok())
            .filter(|b| b.len() > NONCE_BYTES)
            .ok_or_else(|| unreadable.clone())?;
        let (nonce, ciphertext) = bytes.split_at(NONCE_BYTES);
        let nonce = XNonce::try_from(nonce).map_err(|_| unreadable.clone())?;
        let aad = associated_data(shop_id, column);
        let plain = self
            .cipher
            .decrypt(
                &nonce,
                Payload {
                    msg: ciphertext,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| unreadable.clone())?;
        String::from_utf8(plain)
            .map(SecretString::from)
            .map_err(|_| unreadable)
    }

    /// [`Self::open`] for a nullable column: `None` stays `None`.
    pub fn open_optional(
        &self,
        shop_id: i64,
        column: SecretColumn,
        stored: Option<&str>,
    ) -> Result<Option<SecretString>, SecretUnreadable> {
        stored.map(|s| self.open(shop_id, column, s)).transpose()
    }

    /// True when this key opens the stored value (a plain value opens with any key).
    pub fn opens(&self, shop_id: i64, column: SecretColumn, stored: &str) -> bool {
        self.open(shop_id, column, stored).is_ok()
    }
}

impl fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SealingKey({})", self.id)
    }
}

/// True when a stored value is sealed (by any version), rather than plain text.
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with("sealed:")
}

/// Binds a sealed value to its shop and column.
fn associated_data(shop_id: i64, column: SecretColumn) -> String {
    format!("shopchat/shop/{shop_id}/{}", column.name())
}

/// The secret, unless it is empty or only whitespace (an unset setting).
pub fn non_empty(secret: Option<SecretString>) -> Option<SecretString> {
    secret.filter(|s| !s.expose_secret().trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_HEX: &str = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    fn key() -> SealingKey {
        SealingKey::parse(KEY_HEX).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_again_and_does_not_contain_itself() {
        let sealed = key().seal(7, SecretColumn::StripeSecretKey, "sk_test_abc123");
        assert!(sealed.starts_with("sealed:v1:"));
        assert!(!sealed.contains("sk_test_abc123"));
        let opened = key()
            .open(7, SecretColumn::StripeSecretKey, &sealed)
            .unwrap();
        assert_eq!(opened.expose_secret(), "sk_test_abc123");
    }

    #[test]
    fn the_same_secret_seals_differently_each_time() {
        let k = key();
        assert_ne!(
            k.seal(1, SecretColumn::LlmApiKey, "same"),
            k.seal(1, SecretColumn::LlmApiKey, "same")
        );
    }

    #[test]
    fn a_tampered_value_is_refused() {
        let sealed = key().seal(1, SecretColumn::IdentitySecret, "abcdef");
        let mut bytes = STANDARD_NO_PAD
            .decode(sealed.strip_prefix(PREFIX).unwrap())
            .unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        let tampered = format!("{PREFIX}{}", STANDARD_NO_PAD.encode(bytes));
        let error = key()
            .open(1, SecretColumn::IdentitySecret, &tampered)
            .unwrap_err();
        assert_eq!(
            error,
            SecretUnreadable {
                shop_id: 1,
                column: SecretColumn::IdentitySecret
            }
        );
        for garbage in [
            "sealed:v1:",
            "sealed:v1:!!!",
            "sealed:v1:AAAA",
            "sealed:v2:AAAA",
        ] {
            assert!(
                key()
                    .open(1, SecretColumn::IdentitySecret, garbage)
                    .is_err(),
                "{garbage}"
            );
        }
    }

    #[test]
    fn a_value_moved_to_another_column_or_shop_is_refused() {
        let sealed = key().seal(1, SecretColumn::StripeWebhookSecret, "whsec_1");
        assert!(!key().opens(1, SecretColumn::StripeSecretKey, &sealed));
        assert!(!key().opens(2, SecretColumn::StripeWebhookSecret, &sealed));
        assert!(key().opens(1, SecretColumn::StripeWebhookSecret, &sealed));
    }

    #[test]
    fn another_key_does_not_open_it() {
        let sealed = key().seal(1, SecretColumn::NotifySecret, "scn_1");
        assert!(!SealingKey::ephemeral().opens(1, SecretColumn::NotifySecret, &sealed));
    }

    #[test]
    fn plain_values_from_older_databases_are_read_as_they_are() {
        let opened = key().open(1, SecretColumn::LlmApiKey, "sk-plain").unwrap();
        assert_eq!(opened.expose_secret(), "sk-plain");
        assert_eq!(
            key()
                .open_optional(1, SecretColumn::LlmApiKey, None)
                .unwrap()
                .map(|s| s.expose_secret().to_owned()),
            None
        );
    }

    #[test]
    fn keys_are_64_hex_characters_or_base64_of_32_bytes() {
        let from_hex = SealingKey::parse(&format!("  {KEY_HEX}\n")).unwrap();
        let bytes = hex::decode(KEY_HEX).unwrap();
        for text in [STANDARD.encode(&bytes), URL_SAFE_NO_PAD.encode(&bytes)] {
            let from_b64 = SealingKey::parse(&text).unwrap();
            assert_eq!(from_b64.id(), from_hex.id(), "{text}");
        }
        for bad in [
            "",
            "secret",
            &KEY_HEX[..62],
            &format!("{KEY_HEX}00"),
            &STANDARD.encode([0u8; 16]),
            &"zz".repeat(32),
        ] {
            assert_eq!(SealingKey::parse(bad).unwrap_err(), MalformedKey, "{bad}");
        }
    }

    #[test]
    fn a_key_never_prints() {
        let (key, text) = SealingKey::generate();
        assert_eq!(text.expose_secret().len(), 64);
        let shown = format!("{key:?}");
        assert!(!shown.contains(text.expose_secret()));
        assert!(shown.contains(key.id()));
        assert_eq!(
            SealingKey::parse(text.expose_secret()).unwrap().id(),
            key.id()
        );
    }
}
