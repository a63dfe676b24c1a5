//! Fixed-window rate limits and concurrency caps kept in memory: enough to stop one client from
//! flooding a shop's assistant (and its LLM bill) or its stock. Per server instance; a shared
//! store comes with PostgreSQL. Per-client limits key on the client address: the connecting
//! address, or behind a trusted proxy the one it forwards ([`TrustedProxies`]).

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::error::ApiError;
use crate::outbound::{Cidr, InvalidCidr};

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
    /// New orders per conversation (each holds stock while unpaid).
    pub orders_per_conversation: RateLimiter,
    /// New orders per client address.
    pub orders_per_client: RateLimiter,
    /// Reply streams open at once per client address.
    pub streams: ConcurrencyLimit,
    /// Proxies whose `X-Forwarded-For` names the client address.
    pub trusted_proxies: TrustedProxies,
    /// Failed order proofs (number + email) allowed per conversation and per order number in
    /// `orders::ownership::FAILURE_WINDOW`; counted in the database.
    pub order_proof_failures: i64,
}

/// Reply streams one client address may have open at once.
pub const STREAMS_PER_CLIENT: usize = 16;

/// Default new orders per client address per hour (`ORDER_LIMIT_PER_CLIENT`).
pub const ORDERS_PER_CLIENT_PER_HOUR: u32 = 60;

/// Default messages per conversation per minute.
pub const MESSAGES_PER_CONVERSATION_PER_MINUTE: u32 = 30;

/// Default new conversations per client address per 10 minutes.
pub const CONVERSATIONS_PER_CLIENT_PER_10_MINUTES: u32 = 60;

/// Default widget events per conversation per minute.
pub const EVENTS_PER_CONVERSATION_PER_MINUTE: u32 = 60;

/// Default new orders per conversation per hour.
pub const ORDERS_PER_CONVERSATION_PER_HOUR: u32 = 10;

/// Default failed merchant sign-ins per client address and per email in 15 minutes.
pub const SIGN_IN_FAILURES_PER_15_MINUTES: u32 = 5;

/// The size of every limit, from the settings; the windows are fixed.
#[derive(Debug, Clone)]
pub struct LimitSettings {
    /// Messages per conversation per minute.
    pub messages_per_conversation: u32,
    /// New conversations per client address per 10 minutes.
    pub conversations_per_client: u32,
    /// Reply streams open at once per client address.
    pub streams_per_client: usize,
    /// Widget events per conversation per minute.
    pub events_per_conversation: u32,
    /// New orders per conversation per hour.
    pub orders_per_conversation: u32,
    /// New orders per client address per hour.
    pub orders_per_client: u32,
    /// Failed merchant sign-ins per client address and per email in 15 minutes.
    pub sign_in_failures: u32,
    /// Failed order proofs (number and email) per conversation and per order number in 15
    /// minutes; see [`crate::orders::ownership`].
    pub order_proof_failures: u32,
    /// Proxies whose `X-Forwarded-For` is believed (`TRUSTED_PROXIES`).
    pub trusted_proxies: TrustedProxies,
}

impl Default for LimitSettings {
    fn default() -> Self {
        Self {
            messages_per_conversation: MESSAGES_PER_CONVERSATION_PER_MINUTE,
            conversations_per_client: CONVERSATIONS_PER_CLIENT_PER_10_MINUTES,
            streams_per_client: STREAMS_PER_CLIENT,
            events_per_conversation: EVENTS_PER_CONVERSATION_PER_MINUTE,
            orders_per_conversation: ORDERS_PER_CONVERSATION_PER_HOUR,
            orders_per_client: ORDERS_PER_CLIENT_PER_HOUR,
            sign_in_failures: SIGN_IN_FAILURES_PER_15_MINUTES,
            order_proof_failures: crate::orders::ownership::MAX_FAILURES as u32,
            trusted_proxies: TrustedProxies::default(),
        }
    }
}

impl Limits {
    /// The limits with these sizes (the order-proof limit is kept by
    /// [`crate::orders::ownership`], in the database).
    pub fn new(settings: &LimitSettings) -> Self {
        Self {
            messages: RateLimiter::new(settings.messages_per_conversation, Duration::from_secs(60)),
            conversations: RateLimiter::new(
                settings.conversations_per_client,
                Duration::from_secs(600),
            ),
            login_failures: RateLimiter::new(
                settings.sign_in_failures,
                Duration::from_secs(15 * 60),
            ),
            widget_events: RateLimiter::new(
                settings.events_per_conversation,
                Duration::from_secs(60),
            ),
            orders_per_conversation: RateLimiter::new(
                settings.orders_per_conversation,
                Duration::from_secs(3600),
            ),
            orders_per_client: RateLimiter::new(
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

/// The proxies in front of the server (`TRUSTED_PROXIES`): when a request comes from one of
/// them, the client is the right-most address of `X-Forwarded-For` that is not a trusted
/// proxy. Empty (the default): no header is believed and the client is the connecting address.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// A comma-separated list of address blocks, IPv4 or IPv6 (`127.0.0.1/32,10.0.0.0/8`,
    /// `fd00::/8`); a bare address is a block of one. Empty: trust none.
    pub fn parse(list: &str) -> Result<Self, InvalidTrustedProxy> {
        list.split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(|item| {
                Cidr::parse(item).map_err(|reason| InvalidTrustedProxy {
                    item: item.to_owned(),
                    reason,
                })
            })
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    /// True when no proxy is trusted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// True when `ip` is a trusted proxy's.
    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|cidr| cidr.contains(canonical(ip)))
    }

    /// The client's address for a request from `peer` carrying these `X-Forwarded-For`
    /// values (each a comma-separated list of hops, oldest first). From an untrusted peer, or
    /// when a hop is not an address, the header is ignored and the client is `peer`.
    /// Otherwise the hops are walked from the right: the first that is not a trusted proxy is
    /// the client; when every hop is trusted, the left-most one.
    pub fn client<'a>(
        &self,
        peer: IpAddr,
        forwarded_for: impl IntoIterator<Item = &'a str>,
    ) -> IpAddr {
        let peer = canonical(peer);
        if !self.contains(peer) {
            return peer;
        }
        let mut hops = Vec::new();
        for value in forwarded_for {
            for hop in value.split(',') {
                match parse_hop(hop) {
                    Some(ip) => hops.push(ip),
                    None => return peer,
                }
            }
        }
        match hops.iter().rev().find(|ip| !self.contains(**ip)) {
            Some(client) => *client,
            None => hops.first().copied().unwrap_or(peer),
        }
    }
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let list: Vec<String> = self.0.iter().map(Cidr::to_string).collect();
        f.write_str(&list.join(","))
    }
}

/// An entry of `TRUSTED_PROXIES` that is not an address block.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("“{item}” is not an address block: {reason}")]
pub struct InvalidTrustedProxy {
    item: String,
    reason: InvalidCidr,
}

/// One hop of `X-Forwarded-For`: an address, or an address with a port (`1.2.3.4:5678`,
/// `[2001:db8::1]:443`) as some proxies write it.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim();
    hop.parse::<IpAddr>()
        .ok()
        .or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
        .map(canonical)
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`, as dual-stack sockets report it) is
/// the IPv4 address: one client, one bucket.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6
            .to_ipv4_mapped()
            .map(IpAddr::V4)
            .unwrap_or(IpAddr::V6(v6)),
        v4 => v4,
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

    fn proxies(list: &str) -> TrustedProxies {
        TrustedProxies::parse(list).expect("a valid list")
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn trusted_proxies_parse_ipv4_and_ipv6_blocks_and_refuse_anything_else() {
        assert!(proxies("").is_empty());
        assert!(proxies(" , ").is_empty());
        let list = proxies("127.0.0.1/32, 10.0.0.0/8,fd00::/8, 192.168.1.7");
        assert_eq!(
            list.to_string(),
            "127.0.0.1/32,10.0.0.0/8,fd00::/8,192.168.1.7/32"
        );
        assert!(list.contains(ip("10.20.30.40")));
        assert!(list.contains(ip("fd12::1")));
        assert!(list.contains(ip("::ffff:127.0.0.1")), "IPv4 in IPv6 form");
        assert!(!list.contains(ip("192.168.1.8")));
        assert!(!list.contains(ip("::1")));
        for bad in [
            "loopback",
            "10.0.0.1/8",
            "10.0.0.0/33",
            "fd00::/129",
            "1.2.3",
        ] {
            let error = TrustedProxies::parse(&format!("127.0.0.1/32,{bad}"))
                .expect_err("not an address block");
            assert!(error.to_string().contains(bad), "{error}");
        }
    }

    #[test]
    fn without_trusted_proxies_the_client_is_the_connecting_address() {
        let none = TrustedProxies::default();
        assert_eq!(
            none.client(ip("127.0.0.1"), ["203.0.113.9"]),
            ip("127.0.0.1")
        );
        let lan = proxies("10.0.0.0/8");
        assert_eq!(
            lan.client(ip("198.51.100.1"), ["203.0.113.9"]),
            ip("198.51.100.1"),
            "the header of an untrusted peer is ignored"
        );
    }

    #[test]
    fn the_client_is_the_right_most_hop_that_is_not_a_trusted_proxy() {
        let list = proxies("127.0.0.1/32,10.0.0.0/8,fd00::/8");
        let peer = ip("127.0.0.1");
        assert_eq!(list.client(peer, ["203.0.113.9"]), ip("203.0.113.9"));
        // A spoofed left-most hop is not believed: the proxy appended the real one.
        assert_eq!(
            list.client(peer, ["6.6.6.6, 203.0.113.9, 10.1.2.3"]),
            ip("203.0.113.9")
        );
        // Several headers are one list, in order.
        assert_eq!(
            list.client(peer, ["6.6.6.6", "2001:db8::7, fd00::1"]),
            ip("2001:db8::7")
        );
        assert_eq!(
            list.client(peer, ["203.0.113.9:4711", "[2001:db8::7]:443"]),
            ip("2001:db8::7"),
            "hops with ports"
        );
        assert_eq!(
            list.client(peer, ["10.0.0.5, 10.0.0.6"]),
            ip("10.0.0.5"),
            "every hop trusted: the left-most"
        );
        assert_eq!(
            list.client(ip("::ffff:10.9.9.9"), ["::ffff:203.0.113.9"]),
            ip("203.0.113.9"),
            "IPv4 in IPv6 form is IPv4"
        );
    }

    #[test]
    fn a_malformed_or_missing_header_falls_back_to_the_connecting_address() {
        let list = proxies("127.0.0.1/32");
        let peer = ip("127.0.0.1");
        assert_eq!(list.client(peer, []), peer, "no header");
        assert_eq!(list.client(peer, [""]), peer, "an empty header");
        assert_eq!(list.client(peer, ["unknown"]), peer);
        assert_eq!(list.client(peer, ["203.0.113.9, not-an-ip"]), peer);
        assert_eq!(list.client(peer, ["203.0.113.9,,"]), peer, "an empty hop");
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
            &limits.orders_per_conversation,
            &limits.orders_per_client,
            &limits.login_failures,
        ] {
            assert!(limiter.check("k").is_ok());
            assert!(limiter.check("k").is_err());
        }
        let _slot = limits.streams.acquire("k").expect("one slot");
        assert!(limits.streams.acquire("k").is_err());
    }
}
