//! Notifying the shop that a conversation needs a person: a JSON POST to the shop's
//! `notify_url`, signed like Stripe's webhooks (`Shopchat-Signature: t=<unix>,v1=<hex
//! HMAC-SHA256 of "t.body" with the shop's notify secret>`), sent in the background and retried
//! with growing pauses. Every attempt is recorded; the shopper's turn never waits for any of it.
//! Only addresses the outbound policy allows are called ([`crate::outbound`]).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use secrecy::{ExposeSecret, SecretString};

use crate::db::{self, DbPool};
use crate::outbound::{refusal_in, OutboundPolicy};
use crate::sealed::{SealingKey, SecretColumn};
use crate::tokens::hmac_sha256;

/// Attempts per notification before it is given up as failed.
pub const MAX_ATTEMPTS: u32 = 4;
/// The signature header.
pub const SIGNATURE_HEADER: &str = "Shopchat-Signature";
/// The delivery's id (also the event's `id` in the body), for receivers that skip repeats.
pub const DELIVERY_HEADER: &str = "Shopchat-Delivery";

/// Sends notifications; cheap to clone.
#[derive(Clone)]
pub struct Notifier {
    /// `None`: disabled, nothing is sent or queued.
    client: Option<http_client::Client>,
    policy: OutboundPolicy,
    first_retry: Duration,
}

impl Notifier {
    /// `first_retry` is the pause before the second attempt; each later pause is 4× longer.
    /// Notifications reach only what `policy` allows, checked after DNS resolution.
    pub fn new(first_retry: Duration, policy: &OutboundPolicy) -> anyhow::Result<Self> {
        let client = policy
            .client_builder()
            .timeout(Duration::from_secs(10))
            .connect_timeout(Duration::from_secs(5))
            // A notification goes where the merchant pointed it, and nowhere else.
            .redirect(http_client::redirect::Policy::none())
            .user_agent(concat!("Shopchat-Notify/", env!("CARGO_PKG_VERSION")))
            .build()
            .context("building the notification client")?;
        Ok(Self {
            client: Some(client),
            policy: policy.clone(),
            first_retry,
        })
    }

    /// A notifier that sends nothing and queues nothing: for work outside the server
    /// (simulated conversations must never reach a merchant).
    pub fn disabled() -> Self {
        Self {
            client: None,
            policy: OutboundPolicy::default(),
            first_retry: Duration::from_secs(5),
        }
    }

    pub fn is_enabled(&self) -> bool {
        self.client.is_some()
    }

    /// The pause before attempt `attempt` (2, 3, …).
    fn pause_before(&self, attempt: u32) -> Duration {
        self.first_retry
            .saturating_mul(4u32.saturating_pow(attempt.saturating_sub(2)))
    }

    /// Delivers in the background; failures are recorded, never surfaced to the caller.
    /// `secrets` opens the shop's notify secret.
    pub fn spawn(&self, db: DbPool, secrets: SealingKey, delivery_id: String) {
        if !self.is_enabled() {
            return;
        }
        let notifier = self.clone();
        tokio::spawn(async move {
            if let Err(e) = notifier.deliver(&db, &secrets, &delivery_id).await {
                tracing::warn!(delivery = %delivery_id, error = ?e, "a shop notification could not be processed");
            }
        });
    }

    /// Picks up notifications left pending when the server last stopped.
    pub async fn resume_pending(&self, db: &DbPool, secrets: &SealingKey) -> anyhow::Result<()> {
        if !self.is_enabled() {
            return Ok(());
        }
        let ids: Vec<String> = sqlx::query_scalar(
            "select id from notify_delivery where status = 'pending' order by created_at",
        )
        .fetch_all(db)
        .await
        .context("listing pending notifications")?;
        for id in ids {
            self.spawn(db.clone(), secrets.clone(), id);
        }
        Ok(())
    }

    #[tracing::instrument(skip(self, db, secrets))]
    async fn deliver(
        &self,
        db: &DbPool,
        secrets: &SealingKey,
        delivery_id: &str,
    ) -> anyhow::Result<()> {
        let row: Option<(i64, String, String, String, i64, Option<String>)> = sqlx::query_as(
            "select d.shop_id, d.conversation_id, d.url, d.body, d.attempts, s.notify_secret
             from notify_delivery d join shop s on s.id = d.shop_id
             where d.id = $1 and d.status = 'pending'",
        )
        .bind(delivery_id)
        .fetch_optional(db)
        .await
        .context("loading the notification")?;
        let Some((shop_id, conversation_id, url, body, done, secret)) = row else {
            return Ok(());
        };
        let secret = secrets.open(
            shop_id,
            SecretColumn::NotifySecret,
            &secret.context("the shop has no notify secret")?,
        )?;
        let first = u32::try_from(done).unwrap_or(MAX_ATTEMPTS) + 1;
        for attempt in first..=MAX_ATTEMPTS {
            if attempt > 1 {
                tokio::time::sleep(self.pause_before(attempt)).await;
            }
            let timestamp = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let sent = self
                .send(&url, &secret, timestamp, delivery_id, &body)
                .await;
            let (http_status, error) = match sent {
                Ok(response) if response.status().is_success() => {
                    (Some(response.status().as_u16()), None)
                }
                Ok(response) => (
                    Some(response.status().as_u16()),
                    Some(format!(
                        "the receiver answered {}",
                        response.status().as_u16()
                    )),
                ),
                Err(e) => (None, Some(e)),
            };
            let delivered = error.is_none();
            let status = match (delivered, attempt == MAX_ATTEMPTS) {
                (true, _) => "delivered",
                (false, true) => "failed",
                (false, false) => "pending",
            };
            let mut tx = db::begin_write(db).await?;
            sqlx::query(
                "insert into notify_attempt (shop_id, delivery_id, attempt, http_status, error)
                 values ($1, $2, $3, $4, $5)",
            )
            .bind(shop_id)
            .bind(delivery_id)
            .bind(i64::from(attempt))
            .bind(http_status.map(i64::from))
            .bind(&error)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "update notify_delivery set attempts = $1, status = $2,
                     updated_at = $5
                 where id = $3 and shop_id = $4",
            )
            .bind(i64::from(attempt))
            .bind(status)
            .bind(delivery_id)
            .bind(shop_id)
            .bind(db::now())
            .execute(&mut *tx)
            .await?;
            if delivered {
                let detail = format!("delivery {delivery_id}, attempt {attempt}");
                super::record(
                    &mut tx,
                    shop_id,
                    &conversation_id,
                    "notified",
                    "job",
                    &detail,
                )
                .await?;
            }
            tx.commit().await?;
            if delivered {
                tracing::info!(attempt, "shop notified");
                return Ok(());
            }
            tracing::warn!(
                attempt,
                error = error.as_deref().unwrap_or(""),
                "a shop notification attempt failed"
            );
        }
        Ok(())
    }

    /// One signed POST. `Err` says why in words fit for the delivery log.
    async fn send(
        &self,
        url: &str,
        secret: &SecretString,
        timestamp: u64,
        delivery_id: &str,
        body: &str,
    ) -> Result<http_client::Response, String> {
        let client = self.client.as_ref().ok_or("notifications are disabled")?;
        let parsed = http_client::Url::parse(url).map_err(|_| "not a valid URL".to_owned())?;
        // An IP literal never reaches the client's resolver, so it is checked here.
        if let Err(refused) = self.policy.check_url(&parsed) {
            tracing::warn!(%refused, "a shop notification was refused by the outbound policy");
            return Err(refused_message(&refused));
        }
        client
            .post(parsed)
            .header("content-type", "application/json")
            .header(
                SIGNATURE_HEADER,
                signature(secret, timestamp, body.as_bytes()),
            )
            .header(DELIVERY_HEADER, delivery_id)
            .body(body.to_owned())
            .send()
            .await
            .map_err(|e| describe(&e))
    }
}

/// A refusal, in the delivery log's words.
fn refused_message(refused: &crate::outbound::Refused) -> String {
    format!("refused by the outbound URL policy: {refused}")
}

/// `t=<unix>,v1=<hex HMAC-SHA256(secret, "<unix>.<body>")>`, the scheme of Stripe's webhooks.
pub fn signature(secret: &SecretString, timestamp: u64, body: &[u8]) -> String {
    let mut message = timestamp.to_string().into_bytes();
    message.push(b'.');
    message.extend_from_slice(body);
    let mac = hmac_sha256(secret.expose_secret().as_bytes(), &message);
    format!("t={timestamp},v1={}", hex::encode(mac))
}

/// What went wrong, without the URL (which may carry the merchant's own tokens).
fn describe(e: &http_client::Error) -> String {
    if let Some(refused) = refusal_in(e) {
        return refused_message(refused);
    }
    if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "could not connect"
    } else if e.is_redirect() {
        "redirected (not followed)"
    } else {
        "the request failed"
    }
    .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_follows_the_stripe_scheme() {
        let secret = SecretString::from("whsec_test".to_owned());
        let body = br#"{"id":"evt_1"}"#;
        assert_eq!(
            signature(&secret, 1_700_000_000, body),
            stripe_webhook::Webhook::generate_test_header(
                std::str::from_utf8(body).unwrap(),
                "whsec_test",
                Some(1_700_000_000)
            )
        );
    }

    #[test]
    fn pauses_grow_fourfold() {
        let n =
            Notifier::new(Duration::from_secs(5), &OutboundPolicy::default()).expect("a client");
        assert_eq!(n.pause_before(2), Duration::from_secs(5));
        assert_eq!(n.pause_before(3), Duration::from_secs(20));
        assert_eq!(n.pause_before(4), Duration::from_secs(80));
    }
}
