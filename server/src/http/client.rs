//! The client address that per-client limits key on: the connecting address, or behind a
//! trusted proxy (`TRUSTED_PROXIES`) the address it forwards in `X-Forwarded-For`.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use axum::http::{Extensions, HeaderMap};

use crate::rate_limit::Limits;

/// The request's client address, or `None` when the server runs without connection info
/// (in-process requests). A header that is not text is ignored, like a malformed hop.
pub fn client_addr(
    limits: &Limits,
    extensions: &Extensions,
    headers: &HeaderMap,
) -> Option<IpAddr> {
    let ConnectInfo(peer) = extensions.get::<ConnectInfo<SocketAddr>>()?;
    let forwarded: Result<Vec<&str>, _> = headers
        .get_all("x-forwarded-for")
        .iter()
        .map(|value| value.to_str())
        .collect();
    let trusted = &limits.trusted_proxies;
    Some(match forwarded {
        Ok(forwarded) => trusted.client(peer.ip(), forwarded),
        Err(_) => trusted.client(peer.ip(), []),
    })
}
