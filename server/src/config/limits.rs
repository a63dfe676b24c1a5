//! The size of every request limit (defaults and settings), and the proxies trusted to name
//! the client (`TRUSTED_PROXIES`). The limits themselves are kept by `rate_limit`.

use std::fmt;
use std::net::{IpAddr, SocketAddr};

use crate::outbound::{Cidr, InvalidCidr};

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

/// Default failed order proofs (number and email) per conversation and per order number in 15
/// minutes (`ORDER_PROOF_FAILURE_LIMIT`; see `orders::ownership`).
pub const ORDER_PROOF_FAILURES_PER_15_MINUTES: u32 = 5;

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
    /// minutes; see `orders::ownership`.
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
            order_proof_failures: ORDER_PROOF_FAILURES_PER_15_MINUTES,
            trusted_proxies: TrustedProxies::default(),
        }
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
}
