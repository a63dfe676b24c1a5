//! Fixed-window rate limits kept in memory: enough to stop one client from flooding a shop's
//! assistant (and its LLM bill). Per server instance; a shared store comes with PostgreSQL.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::error::ApiError;

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

    /// Refuses when `key` is already over its limit, without counting a hit: with
    /// [`RateLimiter::record`], this limits failures (a successful sign-in costs nothing).
    pub fn ensure_allowed(&self, key: &str) -> Result<(), ApiError> {
        let now = Instant::now();
        let hits = self
            .hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        match hits.get(key) {
            Some((start, count))
                if now.duration_since(*start) < self.window && *count >= self.limit =>
            {
                let retry_after = self.window.saturating_sub(now.duration_since(*start));
                Err(ApiError::RateLimited {
                    retry_after_secs: retry_after.as_secs().max(1),
                })
            }
            _ => Ok(()),
        }
    }

    /// Counts a hit for `key` (e.g. a failed sign-in), whether or not it is over the limit.
    pub fn record(&self, key: &str) {
        let _ = self.check_at(key, Instant::now());
    }

    fn check_at(&self, key: &str, now: Instant) -> Result<(), ApiError> {
        // A poisoned lock only means another request panicked mid-count: keep counting.
        let mut hits = self
            .hits
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if hits.len() >= SWEEP_AT {
            hits.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = hits.entry(key.to_owned()).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        if entry.1 >= self.limit {
            let retry_after = self.window.saturating_sub(now.duration_since(entry.0));
            return Err(ApiError::RateLimited {
                retry_after_secs: retry_after.as_secs().max(1),
            });
        }
        entry.1 += 1;
        Ok(())
    }
}

/// The limits the widget API applies.
pub struct Limits {
    /// Messages per conversation.
    pub messages: RateLimiter,
    /// New conversations per client address.
    pub conversations: RateLimiter,
    /// Failed merchant sign-ins, per client address and per email.
    pub login_failures: RateLimiter,
    /// Widget events (product-card clicks) per conversation.
    pub widget_events: RateLimiter,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            messages: RateLimiter::new(30, Duration::from_secs(60)),
            conversations: RateLimiter::new(60, Duration::from_secs(600)),
            login_failures: RateLimiter::new(5, Duration::from_secs(15 * 60)),
            widget_events: RateLimiter::new(60, Duration::from_secs(60)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
