//! Which special-purpose range an IP address falls in (loopback, private, link-local, …), from
//! the IANA special-purpose registries; `None` means an ordinary public address.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A special-purpose range that merchant-set URLs may not reach unless the operator allows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// 127.0.0.0/8, ::1: this machine.
    Loopback,
    /// 0.0.0.0/8, ::: "this host/network" (0.0.0.0 reaches this machine on Linux).
    Unspecified,
    /// 169.254.0.0/16, fe80::/10: includes the cloud metadata service at 169.254.169.254.
    LinkLocal,
    /// RFC 1918 (10/8, 172.16/12, 192.168/16), fc00::/7 unique-local, fec0::/10 site-local,
    /// 64:ff9b:1::/48 local NAT64.
    Private,
    /// 100.64.0.0/10, carrier-grade NAT's shared address space.
    Cgnat,
    /// 224.0.0.0/4, ff00::/8.
    Multicast,
    /// 255.255.255.255.
    Broadcast,
    /// 192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32, 3fff::/20.
    Documentation,
    /// 198.18.0.0/15, 2001:2::/48.
    Benchmarking,
    /// Everything else set aside: 192.0.0/24, 192.88.99/24, 240/4, ::/96, 100::/64,
    /// 2001::/23, and IPv6 outside 2000::/3.
    Reserved,
}

impl Range {
    /// Every range, in the order the allow list's help names them.
    pub const ALL: [Range; 10] = [
        Range::Loopback,
        Range::Private,
        Range::LinkLocal,
        Range::Cgnat,
        Range::Unspecified,
        Range::Multicast,
        Range::Broadcast,
        Range::Documentation,
        Range::Benchmarking,
        Range::Reserved,
    ];

    /// The word that allows the range in `OUTBOUND_ALLOW`.
    pub fn word(self) -> &'static str {
        match self {
            Range::Loopback => "loopback",
            Range::Unspecified => "unspecified",
            Range::LinkLocal => "link-local",
            Range::Private => "private",
            Range::Cgnat => "cgnat",
            Range::Multicast => "multicast",
            Range::Broadcast => "broadcast",
            Range::Documentation => "documentation",
            Range::Benchmarking => "benchmarking",
            Range::Reserved => "reserved",
        }
    }

    pub fn from_word(word: &str) -> Option<Range> {
        Range::ALL
            .into_iter()
            .find(|r| r.word().eq_ignore_ascii_case(word))
    }
}

impl fmt::Display for Range {
    /// "a loopback address", for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let article = match self {
            Range::Unspecified => "an",
            _ => "a",
        };
        let extra = match self {
            Range::LinkLocal => " (where cloud metadata services live)",
            Range::Cgnat => " (carrier-grade NAT)",
            _ => "",
        };
        write!(f, "{article} {} address{extra}", self.word())
    }
}

/// An address block, `addr/prefix`, with no bits set after the prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

/// Why a CIDR doesn't parse, in words for the operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvalidCidr {
    #[error("not an IP address")]
    Address,
    #[error("the prefix length must be 0–32 for IPv4 and 0–128 for IPv6")]
    Prefix,
    #[error("bits are set after the prefix; did you mean {0}?")]
    HostBits(String),
}

impl Cidr {
    const fn v4(a: u8, b: u8, c: u8, d: u8, prefix: u8) -> Cidr {
        Cidr {
            addr: IpAddr::V4(Ipv4Addr::new(a, b, c, d)),
            prefix,
        }
    }

    const fn v6(segments: [u16; 8], prefix: u8) -> Cidr {
        let [a, b, c, d, e, f, g, h] = segments;
        Cidr {
            addr: IpAddr::V6(Ipv6Addr::new(a, b, c, d, e, f, g, h)),
            prefix,
        }
    }

    /// `10.0.0.0/8`, `fd00::/8`, or a single address (`192.168.1.5`, a /32 or /128).
    pub fn parse(text: &str) -> Result<Cidr, InvalidCidr> {
        let (addr, prefix) = match text.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (text, None),
        };
        let addr: IpAddr = addr.trim().parse().map_err(|_| InvalidCidr::Address)?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or(InvalidCidr::Prefix)?,
        };
        let cidr = Cidr { addr, prefix };
        let network = cidr.network();
        if network != addr {
            return Err(InvalidCidr::HostBits(format!("{network}/{prefix}")));
        }
        Ok(cidr)
    }

    /// The address with the bits after the prefix cleared.
    fn network(&self) -> IpAddr {
        match self.addr {
            IpAddr::V4(a) => IpAddr::V4(Ipv4Addr::from(u32::from(a) & mask32(self.prefix))),
            IpAddr::V6(a) => IpAddr::V6(Ipv6Addr::from(u128::from(a) & mask128(self.prefix))),
        }
    }

    /// True when `ip` is in the block (an IPv4 block holds no IPv6 address and vice versa).
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let mask = mask32(self.prefix);
                u32::from(ip) & mask == u32::from(net) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let mask = mask128(self.prefix);
                u128::from(ip) & mask == u128::from(net) & mask
            }
            _ => false,
        }
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

fn mask32(prefix: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0)
}

fn mask128(prefix: u8) -> u128 {
    u128::MAX.checked_shl(128 - u32::from(prefix)).unwrap_or(0)
}

/// IPv4 blocks, the first match wins (broadcast before the reserved 240/4 that holds it).
const V4: &[(Cidr, Range)] = &[
    (Cidr::v4(0, 0, 0, 0, 8), Range::Unspecified),
    (Cidr::v4(10, 0, 0, 0, 8), Range::Private),
    (Cidr::v4(100, 64, 0, 0, 10), Range::Cgnat),
    (Cidr::v4(127, 0, 0, 0, 8), Range::Loopback),
    (Cidr::v4(169, 254, 0, 0, 16), Range::LinkLocal),
    (Cidr::v4(172, 16, 0, 0, 12), Range::Private),
    (Cidr::v4(192, 0, 0, 0, 24), Range::Reserved),
    (Cidr::v4(192, 0, 2, 0, 24), Range::Documentation),
    (Cidr::v4(192, 88, 99, 0, 24), Range::Reserved),
    (Cidr::v4(192, 168, 0, 0, 16), Range::Private),
    (Cidr::v4(198, 18, 0, 0, 15), Range::Benchmarking),
    (Cidr::v4(198, 51, 100, 0, 24), Range::Documentation),
    (Cidr::v4(203, 0, 113, 0, 24), Range::Documentation),
    (Cidr::v4(224, 0, 0, 0, 4), Range::Multicast),
    (Cidr::v4(255, 255, 255, 255, 32), Range::Broadcast),
    (Cidr::v4(240, 0, 0, 0, 4), Range::Reserved),
];

/// IPv6 blocks, the first match wins. IPv4-mapped addresses are classified as IPv4 before
/// this table; NAT64 and 6to4 addresses by the IPv4 address they carry.
const V6: &[(Cidr, Range)] = &[
    (Cidr::v6([0, 0, 0, 0, 0, 0, 0, 0], 128), Range::Unspecified),
    (Cidr::v6([0, 0, 0, 0, 0, 0, 0, 1], 128), Range::Loopback),
    // The deprecated IPv4-compatible form (::a.b.c.d).
    (Cidr::v6([0, 0, 0, 0, 0, 0, 0, 0], 96), Range::Reserved),
    (
        Cidr::v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48),
        Range::Private,
    ),
    (Cidr::v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64), Range::Reserved),
    (
        Cidr::v6([0x2001, 2, 0, 0, 0, 0, 0, 0], 48),
        Range::Benchmarking,
    ),
    (Cidr::v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 23), Range::Reserved),
    (
        Cidr::v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32),
        Range::Documentation,
    ),
    (
        Cidr::v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20),
        Range::Documentation,
    ),
    (Cidr::v6([0xfc00, 0, 0, 0, 0, 0, 0, 0], 7), Range::Private),
    (
        Cidr::v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10),
        Range::LinkLocal,
    ),
    (Cidr::v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10), Range::Private),
    (Cidr::v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8), Range::Multicast),
];

/// NAT64's well-known prefix: the last 32 bits are an IPv4 address.
const NAT64: Cidr = Cidr::v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96);
/// 6to4: bits 16–47 are an IPv4 address.
const SIX_TO_FOUR: Cidr = Cidr::v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16);
/// Global unicast; IPv6 outside it is not the public internet.
const GLOBAL_UNICAST: Cidr = Cidr::v6([0x2000, 0, 0, 0, 0, 0, 0, 0], 3);

/// The special-purpose range `ip` is in; `None` for a public address. IPv4-mapped IPv6
/// (`::ffff:127.0.0.1`) is classified as the IPv4 address it is.
pub fn classify(ip: IpAddr) -> Option<Range> {
    let ip = ip.to_canonical();
    let table = if ip.is_ipv4() { V4 } else { V6 };
    if let Some((_, range)) = table.iter().find(|(cidr, _)| cidr.contains(ip)) {
        return Some(*range);
    }
    let IpAddr::V6(v6) = ip else {
        return None;
    };
    let bits = u128::from(v6);
    if NAT64.contains(ip) {
        // Truncation keeps the last 32 bits, the carried address.
        return classify(IpAddr::V4(Ipv4Addr::from(bits as u32)));
    }
    if SIX_TO_FOUR.contains(ip) {
        return classify(IpAddr::V4(Ipv4Addr::from((bits >> 80) as u32)));
    }
    (!GLOBAL_UNICAST.contains(ip)).then_some(Range::Reserved)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(text: &str) -> Option<Range> {
        classify(text.parse().expect("an address"))
    }

    #[test]
    fn ipv4_special_ranges_are_named_and_public_addresses_are_not() {
        for (ip, range) in [
            ("127.0.0.1", Range::Loopback),
            ("127.0.0.2", Range::Loopback),
            ("0.0.0.0", Range::Unspecified),
            ("169.254.169.254", Range::LinkLocal),
            ("10.0.0.1", Range::Private),
            ("172.16.0.1", Range::Private),
            ("172.31.255.255", Range::Private),
            ("192.168.1.1", Range::Private),
            ("100.64.0.1", Range::Cgnat),
            ("100.127.255.255", Range::Cgnat),
            ("224.0.0.1", Range::Multicast),
            ("255.255.255.255", Range::Broadcast),
            ("240.0.0.1", Range::Reserved),
            ("192.0.0.8", Range::Reserved),
            ("192.0.2.1", Range::Documentation),
            ("198.51.100.1", Range::Documentation),
            ("203.0.113.9", Range::Documentation),
            ("198.18.0.1", Range::Benchmarking),
            ("198.19.255.255", Range::Benchmarking),
        ] {
            assert_eq!(class(ip), Some(range), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "172.32.0.1",
            "100.128.0.1",
            "198.20.0.1",
            "93.184.216.34",
        ] {
            assert_eq!(class(ip), None, "{ip}");
        }
    }

    #[test]
    fn ipv6_special_ranges_and_mapped_forms_are_named() {
        for (ip, range) in [
            ("::1", Range::Loopback),
            ("::", Range::Unspecified),
            ("fe80::1", Range::LinkLocal),
            ("fc00::1", Range::Private),
            ("fd12:3456::1", Range::Private),
            ("fec0::1", Range::Private),
            ("ff02::1", Range::Multicast),
            ("2001:db8::1", Range::Documentation),
            ("2001:2::1", Range::Benchmarking),
            ("2001::1", Range::Reserved),
            ("::127.0.0.1", Range::Reserved),
            ("4000::1", Range::Reserved),
            // IPv4-mapped, NAT64 and 6to4 forms carry an IPv4 address: it decides.
            ("::ffff:127.0.0.1", Range::Loopback),
            ("::ffff:169.254.169.254", Range::LinkLocal),
            ("::ffff:10.0.0.1", Range::Private),
            ("64:ff9b::7f00:1", Range::Loopback),
            ("64:ff9b::a9fe:a9fe", Range::LinkLocal),
            ("2002:7f00:1::1", Range::Loopback),
            ("2002:c0a8:101::1", Range::Private),
        ] {
            assert_eq!(class(ip), Some(range), "{ip}");
        }
        for ip in [
            "2606:4700:4700::1111",
            "2a00:1450:4001::200e",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1",
        ] {
            assert_eq!(class(ip), None, "{ip}");
        }
    }

    #[test]
    fn cidrs_parse_strictly_and_contain_only_their_own_family() {
        let net = Cidr::parse("10.0.0.0/8").expect("valid");
        assert!(net.contains("10.255.0.1".parse().expect("ip")));
        assert!(!net.contains("11.0.0.1".parse().expect("ip")));
        assert!(!net.contains("::ffff:10.0.0.1".parse().expect("ip")));
        let one = Cidr::parse("127.0.0.1").expect("a single address");
        assert_eq!(one.to_string(), "127.0.0.1/32");
        assert!(!one.contains("127.0.0.2".parse().expect("ip")));
        let all = Cidr::parse("::/0").expect("valid");
        assert!(all.contains("2001:db8::1".parse().expect("ip")));
        assert_eq!(
            Cidr::parse("fd00::/8").expect("valid").to_string(),
            "fd00::/8"
        );

        assert_eq!(
            Cidr::parse("10.0.0.1/8"),
            Err(InvalidCidr::HostBits("10.0.0.0/8".into()))
        );
        assert_eq!(Cidr::parse("10.0.0.0/33"), Err(InvalidCidr::Prefix));
        assert_eq!(Cidr::parse("10.0.0.0/x"), Err(InvalidCidr::Prefix));
        assert_eq!(Cidr::parse("10.0.0/8"), Err(InvalidCidr::Address));
        assert_eq!(Cidr::parse("example.com"), Err(InvalidCidr::Address));
    }

    #[test]
    fn every_range_has_a_word_that_reads_back() {
        for range in Range::ALL {
            assert_eq!(Range::from_word(range.word()), Some(range));
        }
        assert_eq!(Range::from_word("LOOPBACK"), Some(Range::Loopback));
        assert_eq!(Range::from_word("everything"), None);
        assert_eq!(Range::Loopback.to_string(), "a loopback address");
    }
}
