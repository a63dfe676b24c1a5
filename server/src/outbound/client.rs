//! The HTTP client side of the policy: a DNS resolver that drops refused addresses, so the
//! check holds for the address actually connected to (no gap for DNS rebinding between a
//! check and the connection); a redirect policy that checks every hop; and no proxy, which
//! would connect on our behalf to addresses we never see.

use std::net::SocketAddr;

use http_client::dns::{Addrs, Name, Resolve, Resolving};
use http_client::redirect;

use super::{OutboundPolicy, Refused};

/// Redirects followed before giving up (reqwest's own default).
const MAX_REDIRECTS: usize = 10;

/// A client builder that resolves, redirects and connects under `policy`.
pub(super) fn builder(policy: OutboundPolicy) -> http_client::ClientBuilder {
    let hops = policy.clone();
    http_client::Client::builder()
        .no_proxy()
        .dns_resolver(PolicyResolver { policy })
        .redirect(redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() >= MAX_REDIRECTS {
                return attempt.error("too many redirects");
            }
            // A hop to an IP literal never reaches the resolver: check it here. A hop to a
            // name is checked by the resolver when it connects.
            match hops.check_url(attempt.url()) {
                Ok(()) => attempt.follow(),
                Err(refused) => attempt.error(refused),
            }
        }))
}

/// The system resolver (as reqwest's default), keeping only the addresses the policy allows.
struct PolicyResolver {
    policy: OutboundPolicy,
}

impl Resolve for PolicyResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let policy = self.policy.clone();
        let name = name.as_str().to_owned();
        Box::pin(async move {
            let resolved: Vec<SocketAddr> =
                tokio::net::lookup_host((name.as_str(), 0)).await?.collect();
            let refused = resolved.iter().find_map(|a| policy.check_ip(a.ip()).err());
            let allowed: Vec<SocketAddr> = resolved
                .into_iter()
                .filter(|a| policy.check_ip(a.ip()).is_ok())
                .collect();
            match (allowed.is_empty(), refused) {
                (false, _) => Ok(Box::new(allowed.into_iter()) as Addrs),
                (true, Some(range)) => {
                    tracing::warn!(host = %name, %range, "outbound request refused after DNS resolution");
                    Err(Refused::Resolved { name, range }.into())
                }
                (true, None) => Err(format!("{name} resolved to no address").into()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outbound::{refusal_in, Range};

    fn resolve(policy: &str, name: &str) -> Resolving {
        let resolver = PolicyResolver {
            policy: OutboundPolicy::parse(policy).expect("a valid allow list"),
        };
        resolver.resolve(name.parse().expect("a name"))
    }

    #[tokio::test]
    async fn a_name_that_resolves_only_to_refused_addresses_is_refused() {
        let error = match resolve("", "localhost").await {
            Ok(addrs) => panic!("resolved to {:?}", addrs.collect::<Vec<_>>()),
            Err(e) => e,
        };
        assert!(
            matches!(
                refusal_in(&*error),
                Some(Refused::Resolved { range: Range::Loopback, name }) if name == "localhost"
            ),
            "{error}"
        );
    }

    #[tokio::test]
    async fn allowed_addresses_are_kept() {
        let addrs: Vec<SocketAddr> = resolve("loopback", "localhost")
            .await
            .expect("allowed")
            .collect();
        assert!(!addrs.is_empty());
        assert!(addrs.iter().all(|a| a.ip().is_loopback()), "{addrs:?}");
        let only_v4: Vec<SocketAddr> = resolve("127.0.0.1", "localhost")
            .await
            .expect("127.0.0.1 is allowed")
            .collect();
        assert!(only_v4
            .iter()
            .all(|a| a.ip() == std::net::Ipv4Addr::LOCALHOST));
    }
}
