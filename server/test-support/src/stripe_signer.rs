//! Webhook signatures made the way Stripe makes them, for tests of genuine, forged and stale
//! deliveries. Written from the scheme, not with the SDK, so the tests check the server's
//! verification (the SDK's) against an independent signer.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Signs `payload` as Stripe does: `t=TIMESTAMP,v1=hex(HMAC-SHA256(secret, "TIMESTAMP.payload"))`.
pub fn sign_like_stripe(payload: &[u8], secret: &str, timestamp: i64) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes a key of any size");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(payload);
    format!(
        "t={timestamp},v1={}",
        hex::encode(mac.finalize().into_bytes())
    )
}
