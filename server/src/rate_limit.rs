//! Rate limits and concurrency caps: enough to stop one client from flooding a shop's
//! assistant (and its LLM bill) or its stock, or guessing a merchant's password. The limits
//! that protect money and accounts (failed sign-ins, new orders) are counted in the database
//! ([`counted`]), shared by every instance on it; the per-request ones (messages,
//! conversations, events, streams) are fixed windows in each instance's memory. Per-client
//! limits key on the client address: the connecting address, or behind a trusted proxy the
//! one it forwards ([`TrustedProxies`]).

pub mod counted;

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::config::limits::{LimitSettings, TrustedProxies};
use crate::error::ApiError;
use counted::CountedLimit;

/// At most `limit` hits per `window` for each key.
pub struct RateLimiter {
    limit: u32,
    window: Duration,
    hits: Mutex<HashMap<String, (Instant, u32)>>,
}

/// Keys tracked before expired windows are swept out.
const SWEEP_AT: usize = 10_000;

impl RateLimiter {
    pub fn new(limit: u32, window: Duration) -> Self {
        Self {
            limit,
            window,
            hits: Mutex::new(HashMap::new()),
        }
    }

    /// Counts a hit for `key`; `RateLimited` when the key is over its limit in this window.
    pub fn check(&self, key: &str) -> Result<(), ApiError> {
        self.check_at(key, Instant::now())
    }

    /// Counts an attempt for every key at once, before the attempt is checked, so parallel
    /// guesses can't all pass while the first ones are still being checked. Refused (and
    /// nothing counted) when any key is over its limit. Dropping the returned [`Attempt`]
    /// keeps the count (a failure); [`Attempt::succeeded`] takes it back, so only failures
    /// are limited (a successful sign-in costs nothing).
    pub fn attempt(&self, keys: &[String]) -> Result<Attempt<'_>, ApiError> {
        let now = Instant::now();
        let mut hits = self.lock();
        let mut counted = Vec::with_capacity(keys.len());
        for key in keys {
            match Self::count(&mut hits, self.limit, self.window, key, now) {
                Ok(start) => counted.push((key.clone(), start)),
                Err(refused) => {
                    for (key, start) in &counted {
                        Self::uncount(&mut hits, key, *start);
                    }
                    return Err(refused);
                }
            }
        }
        Ok(Attempt {
            limiter: self,
            counted,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Instant, u32)>> {
        // A poisoned lock only means another request panicked mid-count: keep counting.
        self.hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Counts one hit for `key` and returns the start of the window it was counted in.
    fn count(
        hits: &mut HashMap<String, (Instant, u32)>,
        limit: u32,
        window: Duration,
        key: &str,
        now: Instant,
    ) -> Result<Instant, ApiError> {
        if hits.len() >= SWEEP_AT {
            hits.retain(|_, (start, _)| now.duration_since(*start) < window);
        }
        let entry = hits.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= window {
            *entry = (now, 0);
        }
        if entry.1 >= limit {
            let retry_after = window.saturating_sub(now.duration_since(entry.0));
            return Err(ApiError::RateLimited {
                retry_after_secs: retry_after.as_secs().max(1),
            });
        }
        entry.1 += 1;
        Ok(entry.0)
    }

    /// Takes back a hit counted in the window that started at `start` (a newer window is
    /// left alone).
    fn uncount(hits: &mut HashMap<String, (Instant, u32)>, key: &str, start: Instant) {
        if let Some(entry) = hits.get_mut(key) {
            if entry.0 == start {
                entry.1 = entry.1.saturating_sub(1);
            }
        }
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), ApiError> {
        Self::count(&mut self.lock(), self.limit, self.window, key, now).map(|_| ())
    }
}

/// Attempts counted by [`RateLimiter::attempt`]: they stay counted unless the attempt
/// [succeeded](Attempt::succeeded).
pub struct Attempt<'a> {
    limiter: &'a RateLimiter,
    counted: Vec<(String, Instant)>,
}

impl Attempt<'_> {
    /// Takes the attempt back: it doesn't count against the limit.
    pub fn succeeded(self) {
        let mut hits = self.limiter.lock();
        for (key, start) in &self.counted {
            RateLimiter::uncount(&mut hits, key, *start);
        }
    }
}

/// At most `limit` things at once per key (open event streams per client address): a
/// [`Slot`] is taken when one starts and given back when it is dropped.
pub struct ConcurrencyLimit {
    limit: usize,
    open: Arc<Mutex<HashMap<String, usize>>>,
}

impl ConcurrencyLimit {
    pub fn new(limit: usize) -> Self {
        Self {
            limit,
            open: Arc::default(),
        }
    }

    /// A slot for `key`, or `RateLimited` (retry in a few seconds) when all its slots are taken.
    pub fn acquire(&self, key: &str) -> Result<Slot, ApiError> {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let count = open.entry(key.to_owned()).or_insert(0);
        if *count >= self.limit {
            return Err(ApiError::RateLimited {
                retry_after_secs: STREAM_RETRY_SECS,
            });
        }
        *count += 1;
        Ok(Slot {
            open: Arc::clone(&self.open),
            key: key.to_owned(),
        })
    }
}

/// Seconds a client waits for a stream slot: streams last seconds, not minutes.
const STREAM_RETRY_SECS: u64 = 5;

/// One taken slot of a [`ConcurrencyLimit`], given back on drop.
pub struct Slot {
    open: Arc<Mutex<HashMap<String, usize>>>,
    key: String,
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self
            .open
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(count) = open.get_mut(&self.key) {
            *count = count.saturating_sub(1);
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// The limits the widget API and the sign-in page apply.
pub struct Limits {
    /// Messages per conversation.
    pub messages: RateLimiter,
    /// New conversations per client address.
    pub conversations: RateLimiter,
    /// Failed merchant sign-ins, per client address and per email; counted in the database.
    pub login_failures: CountedLimit,
    /// Widget events (product-card clicks) per conversation.
    pub widget_events: RateLimiter,
    /// New orders per conversation (each holds stock while unpaid); counted in the database.
    pub orders_per_conversation: CountedLimit,
    /// New orders per client address; counted in the database.
    pub orders_per_client: CountedLimit,
    /// Reply streams open at once per client address.
    pub streams: ConcurrencyLimit,
    /// Proxies whose `X-Forwarded-For` names the client address.
    pub trusted_proxies: TrustedProxies,
    /// Failed order proofs (number + email) allowed per conversation and per order number in
    /// `orders::ownership::FAILURE_WINDOW`; counted in the database.
    pub order_proof_failures: i64,
}

impl Limits {
    /// The limits with these sizes (the order-proof limit is kept by
    /// [`crate::orders::ownership`], in the database too).
    pub fn new(settings: &LimitSettings) -> Self {
        Self {
            messages: RateLimiter::new(settings.messages_per_conversation, Duration::from_secs(60)),
            conversations: RateLimiter::new(
                settings.conversations_per_client,
                Duration::from_secs(600),
            ),
            login_failures: CountedLimit::new(
                "sign_in_failure",
                settings.sign_in_failures,
                Duration::from_secs(15 * 60),
            ),
            widget_events: RateLimiter::new(
                settings.events_per_conversation,
                Duration::from_secs(60),
            ),
            orders_per_conversation: CountedLimit::new(
                "order_per_conversation",
                settings.orders_per_conversation,
                Duration::from_secs(3600),
            ),
            orders_per_client: CountedLimit::new(
                "order_per_client",
                settings.orders_per_client,
                Duration::from_secs(3600),
            ),
            streams: ConcurrencyLimit::new(settings.streams_per_client),
            trusted_proxies: settings.trusted_proxies.clone(),
            order_proof_failures: i64::from(settings.order_proof_failures),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Self::new(&LimitSettings::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slot_comes_back_when_dropped_and_keys_have_their_own_slots() {
        let streams = ConcurrencyLimit::new(2);
        let a1 = streams.acquire("a").expect("a first slot");
        let _a2 = streams.acquire("a").expect("a second slot");
        assert!(matches!(
            streams.acquire("a"),
            Err(ApiError::RateLimited { .. })
        ));
        let _b = streams.acquire("b").expect("another key");
        drop(a1);
        assert!(streams.acquire("a").is_ok());
    }

    #[test]
    fn an_attempt_counts_until_it_succeeds_and_a_refused_one_counts_nothing() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let keys = ["ip".to_owned(), "email".to_owned()];
        drop(limiter.attempt(&keys).expect("first"));
        limiter.attempt(&keys).expect("second").succeeded();
        let held = limiter.attempt(&keys).expect("taken back, so still room");
        assert!(limiter.attempt(&keys).is_err(), "two failures counted");
        drop(held);
        // Only "ip" is full; a refused attempt leaves "other" uncounted.
        let mixed = ["other".to_owned(), "ip".to_owned()];
        assert!(limiter.attempt(&mixed).is_err());
        let other = ["other".to_owned()];
        drop(limiter.attempt(&other).expect("one"));
        drop(limiter.attempt(&other).expect("two"));
    }

    #[test]
    fn a_key_over_its_limit_waits_for_the_next_window_and_others_are_unaffected() {
        let limiter = RateLimiter::new(2, Duration::from_secs(60));
        let t0 = Instant::now();
        assert!(limiter.check_at("a", t0).is_ok());
        assert!(limiter.check_at("a", t0).is_ok());
        let refused = limiter.check_at("a", t0 + Duration::from_secs(10));
        assert!(matches!(
            refused,
            Err(ApiError::RateLimited {
                retry_after_secs: 50
            })
        ));
        assert!(
            limiter.check_at("b", t0).is_ok(),
            "another key has its own count"
        );
        assert!(
            limiter.check_at("a", t0 + Duration::from_secs(60)).is_ok(),
            "a new window"
        );
    }

    #[test]
    fn every_limit_takes_its_size_from_the_settings() {
        let limits = Limits::new(&LimitSettings {
            messages_per_conversation: 1,
            conversations_per_client: 1,
            streams_per_client: 1,
            events_per_conversation: 1,
            orders_per_conversation: 1,
            orders_per_client: 1,
            sign_in_failures: 1,
            ..LimitSettings::default()
        });
        for limiter in [
            &limits.messages,
            &limits.conversations,
            &limits.widget_events,
        ] {
            assert!(limiter.check("k").is_ok());
            assert!(limiter.check("k").is_err());
        }
        // Counted in the database (see `counted`'s tests for the counting itself).
        for limit in [
            &limits.orders_per_conversation,
            &limits.orders_per_client,
            &limits.login_failures,
        ] {
            assert_eq!(limit.limit(), 1);
        }
        let _slot = limits.streams.acquire("k").expect("one slot");
        assert!(limits.streams.acquire("k").is_err());
    }
}
