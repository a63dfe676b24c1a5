//! The policy for URLs a merchant sets (handoff notifications, a shop's own LLM endpoint):
//! they reach the public internet only. Loopback, private, link-local (cloud metadata), CGNAT,
//! multicast and other special-purpose addresses are refused unless the operator allows them
//! with `OUTBOUND_ALLOW`. The check holds for the address actually connected to: names are
//! checked after DNS resolution, IP literals before sending, and every redirect hop too.
//!
//! The operator's own URLs (`LLM_BASE_URL`, `STRIPE_API_BASE`) are not merchant input and
//! are not subject to it: a local model on loopback is a normal operator set-up.

mod client;
mod ranges;

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

use http_client::Url;

pub use ranges::{classify, Cidr, InvalidCidr, Range};

/// The field code the admin API answers with when a URL is refused.
pub const REFUSED_CODE: &str = "outbound_url_refused";

/// What merchant-set URLs may reach besides public addresses. The default allows nothing
/// more. Cheap to clone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OutboundPolicy {
    allowed: Arc<Allowed>,
}

#[derive(Debug, Default, PartialEq)]
struct Allowed {
    ranges: Vec<Range>,
    cidrs: Vec<Cidr>,
}

/// An `OUTBOUND_ALLOW` entry that is neither a range word nor a CIDR.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "“{entry}” is neither an address block such as 10.0.0.0/8 ({cidr}) nor one of: {words}",
    words = Range::ALL.map(Range::word).join(", ")
)]
pub struct InvalidAllowList {
    entry: String,
    cidr: InvalidCidr,
}

/// Why a URL may not be called. Shows the address or name and its range, never the path or
/// query (they may carry the merchant's own tokens).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refused {
    /// Not an absolute http(s) URL with a host.
    #[error("only http:// and https:// addresses can be used")]
    NotWeb,
    /// The host is, or resolved to, an address in a refused range.
    #[error("{ip} is {range}")]
    Address { ip: IpAddr, range: Range },
    /// A name known to stand for refused addresses (`localhost`, cloud metadata).
    #[error("{name} is {range}")]
    Name { name: String, range: Range },
    /// Every address the name resolved to is refused.
    #[error("{name} resolves to {range}")]
    Resolved { name: String, range: Range },
}

impl Refused {
    /// The refusal in words for the merchant who typed the URL.
    pub fn for_merchant(&self) -> String {
        match self {
            Refused::NotWeb => "Enter an http:// or https:// address.".to_owned(),
            _ => format!(
                "This address can't be used: {self}, and Shopchat only calls addresses on the \
                 public internet (the server's operator can allow others)."
            ),
        }
    }
}

impl OutboundPolicy {
    /// Parses the operator's list: comma-separated CIDRs (`10.0.0.0/8`, `127.0.0.1`) and
    /// range words (`loopback`, `private`, `link-local`, …). Empty: public addresses only.
    pub fn parse(list: &str) -> Result<Self, InvalidAllowList> {
        let mut allowed = Allowed::default();
        for entry in list.split(',').map(str::trim).filter(|e| !e.is_empty()) {
            if let Some(range) = Range::from_word(entry) {
                allowed.ranges.push(range);
                continue;
            }
            match Cidr::parse(entry) {
                Ok(cidr) => allowed.cidrs.push(cidr),
                Err(cidr) => {
                    return Err(InvalidAllowList {
                        entry: entry.to_owned(),
                        cidr,
                    })
                }
            }
        }
        Ok(Self {
            allowed: Arc::new(allowed),
        })
    }

    /// True when nothing beyond public addresses is allowed.
    pub fn is_default(&self) -> bool {
        self.allowed.ranges.is_empty() && self.allowed.cidrs.is_empty()
    }

    /// `Err` with the range when `ip` is special-purpose and not allowed.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), Range> {
        let ip = ip.to_canonical();
        match classify(ip) {
            None => Ok(()),
            Some(range)
                if self.allowed.ranges.contains(&range)
                    || self.allowed.cidrs.iter().any(|c| c.contains(ip)) =>
            {
                Ok(())
            }
            Some(range) => Err(range),
        }
    }

    /// The check before each request (and redirect hop): an http(s) URL whose host, when it
    /// is an IP address, is allowed. Names are checked by the client's resolver, against the
    /// addresses DNS gives when the request is made.
    pub fn check_url(&self, url: &Url) -> Result<(), Refused> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refused::NotWeb);
        }
        match host_of(url)? {
            Host::Name(_) => Ok(()),
            Host::Ip(ip) => self
                .check_ip(ip)
                .map_err(|range| Refused::Address { ip, range }),
        }
    }

    /// The check when a merchant saves a URL, without DNS: [`check_url`](Self::check_url),
    /// plus names that always stand for refused addresses (`localhost`, cloud metadata).
    pub fn check_saved_url(&self, text: &str) -> Result<(), Refused> {
        let url = Url::parse(text.trim()).map_err(|_| Refused::NotWeb)?;
        self.check_url(&url)?;
        let Host::Name(name) = host_of(&url)? else {
            return Ok(());
        };
        let Some(ips) = known_name(&name) else {
            return Ok(());
        };
        match ips.iter().find_map(|ip| self.check_ip(*ip).err()) {
            Some(range) if ips.iter().all(|ip| self.check_ip(*ip).is_err()) => {
                Err(Refused::Name { name, range })
            }
            _ => Ok(()),
        }
    }

    /// An HTTP client builder that enforces this policy on every connection (a resolver that
    /// drops refused addresses) and redirect hop, with no proxy. Callers still
    /// [`check_url`](Self::check_url) before sending, because IP literals bypass the resolver.
    pub fn client_builder(&self) -> http_client::ClientBuilder {
        client::builder(self.clone())
    }
}

impl fmt::Display for OutboundPolicy {
    /// The allow list as the operator would write it ("" when nothing is allowed).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let words = self.allowed.ranges.iter().map(|r| r.word().to_owned());
        let cidrs = self.allowed.cidrs.iter().map(Cidr::to_string);
        f.write_str(&words.chain(cidrs).collect::<Vec<_>>().join(","))
    }
}

enum Host {
    Ip(IpAddr),
    /// Lower case, without a trailing dot.
    Name(String),
}

/// The URL's host. The URL parser has already turned every IPv4 spelling (`127.1`,
/// `2130706433`, `0x7f.0.0.1`) into dotted decimal, so what doesn't parse as an IP is a name.
fn host_of(url: &Url) -> Result<Host, Refused> {
    let host = url
        .host_str()
        .filter(|h| !h.is_empty())
        .ok_or(Refused::NotWeb)?;
    let bare = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    Ok(match bare.parse::<IpAddr>() {
        Ok(ip) => Host::Ip(ip),
        Err(_) => Host::Name(bare.trim_end_matches('.').to_ascii_lowercase()),
    })
}

/// Names that stand for fixed special-purpose addresses whatever DNS says: `localhost` and
/// its subdomains (RFC 6761) and the cloud metadata service's names.
fn known_name(name: &str) -> Option<&'static [IpAddr]> {
    use std::net::{Ipv4Addr, Ipv6Addr};
    const LOOPBACK: &[IpAddr] = &[
        IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(Ipv6Addr::LOCALHOST),
    ];
    const METADATA: &[IpAddr] = &[IpAddr::V4(Ipv4Addr::new(169, 254, 169, 254))];
    if name == "localhost" || name.ends_with(".localhost") {
        return Some(LOOPBACK);
    }
    match name {
        "metadata"
        | "metadata.google.internal"
        | "metadata.goog"
        | "instance-data"
        | "instance-data.ec2.internal" => Some(METADATA),
        _ => None,
    }
}

/// The policy refusal behind an HTTP error, if that is why it failed (the resolver's and
/// the redirect policy's refusals travel inside reqwest's and hyper's errors).
pub fn refusal_in<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a Refused> {
    let mut current = Some(error);
    while let Some(e) = current {
        if let Some(refused) = e.downcast_ref::<Refused>() {
            return Some(refused);
        }
        current = e.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(list: &str) -> OutboundPolicy {
        OutboundPolicy::parse(list).expect("a valid allow list")
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an address")
    }

    #[test]
    fn by_default_only_public_addresses_pass() {
        let p = OutboundPolicy::default();
        assert!(p.is_default());
        assert_eq!(p.check_ip(ip("93.184.216.34")), Ok(()));
        assert_eq!(p.check_ip(ip("127.0.0.1")), Err(Range::Loopback));
        assert_eq!(p.check_ip(ip("::ffff:127.0.0.1")), Err(Range::Loopback));
        assert_eq!(p.check_ip(ip("169.254.169.254")), Err(Range::LinkLocal));
        assert_eq!(p.check_ip(ip("fd00::1")), Err(Range::Private));
        assert_eq!(policy(""), p, "an empty list is the default");
    }

    #[test]
    fn the_allow_list_takes_range_words_and_cidrs() {
        let p = policy(" loopback , 10.1.0.0/16,fd00::/8, 192.168.1.5");
        assert!(!p.is_default());
        assert_eq!(
            p.to_string(),
            "loopback,10.1.0.0/16,fd00::/8,192.168.1.5/32"
        );
        assert_eq!(p.check_ip(ip("127.0.0.2")), Ok(()));
        assert_eq!(p.check_ip(ip("::1")), Ok(()));
        assert_eq!(p.check_ip(ip("10.1.2.3")), Ok(()));
        assert_eq!(p.check_ip(ip("10.2.0.1")), Err(Range::Private));
        assert_eq!(p.check_ip(ip("fd00::5")), Ok(()));
        assert_eq!(p.check_ip(ip("192.168.1.5")), Ok(()));
        assert_eq!(
            p.check_ip(ip("::ffff:192.168.1.5")),
            Ok(()),
            "the mapped form"
        );
        assert_eq!(p.check_ip(ip("192.168.1.6")), Err(Range::Private));
        assert_eq!(p.check_ip(ip("169.254.169.254")), Err(Range::LinkLocal));

        let exact = policy("127.0.0.1/32");
        assert_eq!(exact.check_ip(ip("127.0.0.1")), Ok(()));
        assert_eq!(exact.check_ip(ip("127.0.0.2")), Err(Range::Loopback));
        assert_eq!(exact.check_ip(ip("::1")), Err(Range::Loopback));
    }

    #[test]
    fn a_bad_entry_is_refused_with_a_clear_error() {
        let error = OutboundPolicy::parse("loopback, lan").expect_err("not a word or CIDR");
        let message = error.to_string();
        assert!(message.contains("“lan”"), "{message}");
        assert!(message.contains("10.0.0.0/8"), "{message}");
        assert!(
            message.contains("loopback, private, link-local"),
            "{message}"
        );
        let error = OutboundPolicy::parse("10.0.0.1/8").expect_err("host bits");
        assert!(
            error.to_string().contains("did you mean 10.0.0.0/8?"),
            "{error}"
        );
        assert!(OutboundPolicy::parse("10.0.0.0/40").is_err());
    }

    #[test]
    fn urls_are_checked_by_scheme_and_literal_host() {
        let p = OutboundPolicy::default();
        let url = |text: &str| Url::parse(text).expect("a URL");
        assert_eq!(p.check_url(&url("https://shop.example/hooks")), Ok(()));
        assert_eq!(p.check_url(&url("http://93.184.216.34/")), Ok(()));
        assert_eq!(
            p.check_url(&url("ftp://shop.example/")),
            Err(Refused::NotWeb)
        );
        for (text, range) in [
            ("http://127.0.0.1:9000/notify", Range::Loopback),
            ("http://[::1]/", Range::Loopback),
            ("http://[::ffff:7f00:1]/", Range::Loopback),
            ("http://169.254.169.254/latest/meta-data/", Range::LinkLocal),
            ("http://10.0.0.1/", Range::Private),
            ("http://0.0.0.0:8080/", Range::Unspecified),
            // Shorthand and decimal forms are normalised by the URL parser first.
            ("http://2130706433/", Range::Loopback),
            ("http://127.1/", Range::Loopback),
            ("http://0x7f.0.0.1/", Range::Loopback),
        ] {
            assert!(
                matches!(p.check_url(&url(text)), Err(Refused::Address { range: r, .. }) if r == range),
                "{text}"
            );
        }
        // A name waits for DNS when the request is made.
        assert_eq!(p.check_url(&url("http://localhost/")), Ok(()));
    }

    #[test]
    fn saving_also_refuses_names_that_always_mean_this_machine_or_the_metadata_service() {
        let p = OutboundPolicy::default();
        for text in [
            "http://localhost:8080/hooks",
            "http://LOCALHOST./hooks",
            "http://shop.localhost/",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://127.0.0.1/",
        ] {
            assert!(p.check_saved_url(text).is_err(), "{text}");
        }
        let refused = p.check_saved_url("http://localhost:1/x?token=secret");
        assert_eq!(
            refused.expect_err("refused").to_string(),
            "localhost is a loopback address"
        );
        assert_eq!(p.check_saved_url("not a url"), Err(Refused::NotWeb));
        assert_eq!(p.check_saved_url("https://shop.example/hooks"), Ok(()));
        // Allowing the range (or only 127.0.0.1, which localhost resolves to) lets them pass.
        assert_eq!(
            policy("loopback").check_saved_url("http://localhost:1/"),
            Ok(())
        );
        assert_eq!(
            policy("127.0.0.1").check_saved_url("http://localhost:1/"),
            Ok(())
        );
        assert_eq!(
            policy("link-local").check_saved_url("http://metadata.google.internal/"),
            Ok(())
        );
    }

    #[test]
    fn a_refusal_is_found_inside_wrapping_errors() {
        #[derive(Debug, thiserror::Error)]
        #[error("connect failed")]
        struct Outer(#[source] Refused);
        let refused = Refused::Address {
            ip: ip("127.0.0.1"),
            range: Range::Loopback,
        };
        let outer = Outer(refused.clone());
        assert_eq!(refusal_in(&outer), Some(&refused));
        assert_eq!(refusal_in(&std::fmt::Error), None);
    }
}
