//! Verified shopper identity. A shop's page names its logged-in customer with an id, an email
//! and a signature: HMAC-SHA256 with the shop's identity secret, in hex, computed by the
//! merchant's server or theme (never in the browser), over
//!
//! - `id` when no email is given, or
//! - `id:email` when one is, so that the email is vouched for too: a customer with a valid
//!   signature for their own id can't claim someone else's email. A signature of the id alone
//!   beside an email still proves the id; the email is then dropped, not trusted.
//!
//! An email never contains `:`; ids must not either (an id with one is never verified), so a
//! signed message reads one way only.
//!
//! Only an identity whose signature verifies is stored as verified and may prove anything
//! (e.g. which orders are the shopper's); anything else is kept as an unverified hint at most.

use hmac::{Hmac, Mac};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use shopchat_protocol::Identity;

use crate::db::DbPool;
use crate::email::Email;
use crate::error::ApiError;
use crate::sealed::{SealingKey, SecretColumn};

/// Longest customer id accepted.
const MAX_ID_CHARS: usize = 128;

/// The message a signature covers for this id and (optional) email.
fn signed_message(id: &str, email: Option<&str>) -> String {
    match email {
        Some(email) => format!("{id}:{email}"),
        None => id.to_owned(),
    }
}

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length; `new_from_slice` can't fail for it.
    <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

/// The signature of a customer id (and email) with a shop's identity secret, as the merchant's
/// server computes it: lower-case hex HMAC-SHA256.
pub fn sign(secret: &str, id: &str, email: Option<&str>) -> String {
    let mut mac = mac(secret);
    mac.update(signed_message(id, email).as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// True when `signature` (hex, either case) is the shop's signature of this id and email.
/// Compared in constant time.
pub fn verify(secret: &str, id: &str, email: Option<&str>, signature: &str) -> bool {
    let Ok(presented) = hex::decode(signature.trim()) else {
        return false;
    };
    let mut mac = mac(secret);
    mac.update(signed_message(id, email).as_bytes());
    mac.verify_slice(&presented).is_ok()
}

/// What a conversation learned about its shopper when it opened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ShopperIdentity {
    /// True when the signature verified: `id` and `email` are proven.
    pub verified: bool,
    pub id: Option<String>,
    pub email: Option<String>,
}

impl ShopperIdentity {
    /// Checks what the page claimed against the shop's secret. An id that is empty, too long,
    /// or has a `:` or control characters (which would make the signed message ambiguous) is
    /// ignored; so is an email that doesn't parse. A shop without a secret verifies nobody.
    pub fn check(claim: Option<&Identity>, secret: Option<&str>) -> Self {
        let Some(claim) = claim else {
            return Self::default();
        };
        let id = claim.id.trim();
        if id.is_empty()
            || id.chars().count() > MAX_ID_CHARS
            || id.chars().any(|c| c == ':' || c.is_control())
        {
            return Self::default();
        }
        let email = match claim.email.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => match Email::parse(text) {
                Ok(email) => Some(email.as_str().to_owned()),
                Err(_) => return Self::default(),
            },
        };
        let signed = |email: Option<&str>| match (secret, claim.signature.as_deref()) {
            (Some(secret), Some(signature)) if !secret.is_empty() => {
                verify(secret, id, email, signature)
            }
            _ => false,
        };
        if signed(email.as_deref()) {
            return Self {
                verified: true,
                id: Some(id.to_owned()),
                email,
            };
        }
        // A signature of the id alone (as a shop may compute it) proves the id, not the email
        // beside it: the email is dropped rather than trusted.
        if email.is_some() && signed(None) {
            return Self {
                verified: true,
                id: Some(id.to_owned()),
                email: None,
            };
        }
        Self {
            verified: false,
            id: Some(id.to_owned()),
            email,
        }
    }
}

/// The email of the conversation's shopper, when their identity was verified (signed by the
/// shop) and included an email; `None` otherwise. Order lookups call this to let a verified
/// customer see their orders without typing an email. Never returns an unverified hint.
pub async fn verified_email(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
) -> Result<Option<String>, ApiError> {
    let email: Option<Option<String>> = sqlx::query_scalar(
        "select verified_email from conversation where id = $1 and shop_id = $2",
    )
    .bind(conversation_id)
    .bind(shop_id)
    .fetch_optional(db)
    .await?;
    Ok(email.flatten())
}

/// The shop's customer id of the conversation's shopper, when verified.
pub async fn verified_customer_id(
    db: &DbPool,
    shop_id: i64,
    conversation_id: &str,
) -> Result<Option<String>, ApiError> {
    let id: Option<Option<String>> = sqlx::query_scalar(
        "select verified_customer_id from conversation where id = $1 and shop_id = $2",
    )
    .bind(conversation_id)
    .bind(shop_id)
    .fetch_optional(db)
    .await?;
    Ok(id.flatten())
}

/// The identity secret of the shop with this public key, for the merchant to put in their
/// server's or theme's settings. `None`: no such shop.
pub async fn identity_secret(
    db: &DbPool,
    secrets: &SealingKey,
    shop_key: &str,
) -> Result<Option<String>, ApiError> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("select id, identity_secret from shop where public_key = $1")
            .bind(shop_key)
            .fetch_optional(db)
            .await?;
    let Some((shop_id, stored)) = row else {
        return Ok(None);
    };
    let secret = secrets.open_optional(shop_id, SecretColumn::IdentitySecret, stored.as_deref())?;
    Ok(secret.map(|s| s.expose_secret().to_owned()))
}

/// Gives the shop with this public key a new identity secret (sealed) and returns it;
/// signatures made with the old one stop verifying. `None`: no such shop.
pub async fn rotate_identity_secret(
    db: &DbPool,
    secrets: &SealingKey,
    shop_key: &str,
) -> Result<Option<String>, sqlx::Error> {
    let shop_id: Option<i64> = sqlx::query_scalar("select id from shop where public_key = $1")
        .bind(shop_key)
        .fetch_optional(db)
        .await?;
    let Some(shop_id) = shop_id else {
        return Ok(None);
    };
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    let updated = sqlx::query("update shop set identity_secret = $1 where id = $2")
        .bind(secrets.seal(shop_id, SecretColumn::IdentitySecret, &secret))
        .bind(shop_id)
        .execute(db)
        .await?;
    Ok((updated.rows_affected() == 1).then_some(secret))
}

/// The shop's identity secret by id, for verification only.
pub(super) async fn secret_of(
    db: &DbPool,
    secrets: &SealingKey,
    shop_id: i64,
) -> Result<Option<SecretString>, ApiError> {
    let secret: Option<Option<String>> =
        sqlx::query_scalar("select identity_secret from shop where id = $1")
            .bind(shop_id)
            .fetch_optional(db)
            .await?;
    Ok(secrets.open_optional(
        shop_id,
        SecretColumn::IdentitySecret,
        secret.flatten().as_deref(),
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "5e1f0c2b9a";

    fn claim(id: &str, email: Option<&str>, signature: Option<String>) -> Identity {
        Identity {
            id: id.into(),
            email: email.map(str::to_owned),
            signature,
        }
    }

    #[test]
    fn hmac_matches_an_independent_computation() {
        // RFC 4231 test case 2.
        assert_eq!(
            sign("Jefe", "what do ya want for nothing?", None),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
    }

    #[test]
    fn a_correct_signature_verifies_in_either_case_of_hex() {
        let signature = sign(SECRET, "1001", Some("ana@example.com"));
        assert!(verify(SECRET, "1001", Some("ana@example.com"), &signature));
        assert!(verify(
            SECRET,
            "1001",
            Some("ana@example.com"),
            &signature.to_uppercase()
        ));
    }

    #[test]
    fn a_signature_for_one_id_or_email_does_not_verify_another() {
        let own = sign(SECRET, "1001", Some("mallory@example.com"));
        assert!(!verify(SECRET, "1001", Some("ana@example.com"), &own));
        assert!(!verify(SECRET, "1002", Some("mallory@example.com"), &own));
        assert!(!verify(SECRET, "1001", None, &own));
        assert!(!verify(
            "other-secret",
            "1001",
            Some("mallory@example.com"),
            &own
        ));
        assert!(!verify(SECRET, "1001", None, "not hex"));
        assert!(!verify(SECRET, "1001", None, ""));
    }

    #[test]
    fn only_a_signed_claim_is_verified_and_a_bad_one_is_kept_as_a_hint() {
        let good = claim(
            "1001",
            Some("ana@example.com"),
            Some(sign(SECRET, "1001", Some("ana@example.com"))),
        );
        let checked = ShopperIdentity::check(Some(&good), Some(SECRET));
        assert!(checked.verified);
        assert_eq!(checked.email.as_deref(), Some("ana@example.com"));

        let forged = claim("1001", Some("ana@example.com"), Some("ab".repeat(32)));
        let checked = ShopperIdentity::check(Some(&forged), Some(SECRET));
        assert!(!checked.verified);
        assert_eq!(checked.id.as_deref(), Some("1001"));

        let unsigned = claim("1001", Some("ana@example.com"), None);
        assert!(!ShopperIdentity::check(Some(&unsigned), Some(SECRET)).verified);
        assert!(!ShopperIdentity::check(Some(&good), None).verified);
        assert_eq!(
            ShopperIdentity::check(None, Some(SECRET)),
            ShopperIdentity::default()
        );
    }

    #[test]
    fn a_signature_of_the_id_alone_proves_the_id_but_not_the_email_beside_it() {
        let secret = "shop-secret";
        let id_only = sign(secret, "42", None);
        let checked = ShopperIdentity::check(
            Some(&claim(
                "42",
                Some("someone.else@example.com"),
                Some(id_only),
            )),
            Some(secret),
        );
        assert!(checked.verified);
        assert_eq!(checked.id.as_deref(), Some("42"));
        assert_eq!(
            checked.email, None,
            "an unsigned email is never vouched for"
        );
    }

    #[test]
    fn ids_that_would_make_the_signed_message_ambiguous_are_ignored() {
        // "7:ana@example.com" signed alone reads like id 7 with that email: such ids never count.
        let signature = sign(SECRET, "7:ana@example.com", None);
        let colon = claim("7:ana@example.com", None, Some(signature));
        assert_eq!(
            ShopperIdentity::check(Some(&colon), Some(SECRET)),
            ShopperIdentity::default()
        );
        let bad_email = claim("7", Some("not an email"), None);
        assert_eq!(
            ShopperIdentity::check(Some(&bad_email), Some(SECRET)),
            ShopperIdentity::default()
        );
    }
}
