//! A small round-robin TCP proxy on loopback: each accepted connection goes to the next
//! backend in turn and its bytes are copied both ways until either side closes. It speaks no
//! HTTP, so it adds no `X-Forwarded-For`: every shopper reaches the instances from the
//! proxy's address, which is why the load test raises the per-client limits.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

pub struct Proxy {
    pub addr: SocketAddr,
    stats: Arc<Stats>,
    task: JoinHandle<()>,
}

#[derive(Default)]
struct Stats {
    next: AtomicUsize,
    failed: AtomicU64,
    per_backend: Vec<AtomicU64>,
}

/// The proxy's socket, bound before the backends exist so they can be told its address.
pub struct ProxyListener {
    pub addr: SocketAddr,
    listener: TcpListener,
}

impl ProxyListener {
    /// Binds 127.0.0.1 on a free port.
    pub async fn bind() -> anyhow::Result<ProxyListener> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        Ok(ProxyListener {
            addr: listener.local_addr()?,
            listener,
        })
    }

    /// Starts forwarding each accepted connection to the next of `backends`.
    pub fn serve(self, backends: Vec<SocketAddr>) -> anyhow::Result<Proxy> {
        anyhow::ensure!(!backends.is_empty(), "the proxy needs at least one backend");
        let ProxyListener { addr, listener } = self;
        let stats = Arc::new(Stats {
            per_backend: backends.iter().map(|_| AtomicU64::new(0)).collect(),
            ..Stats::default()
        });
        let shared = stats.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((inbound, _)) = listener.accept().await else {
                    // Out of file descriptors, most likely: give the others a moment.
                    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
                    continue;
                };
                let n = shared.next.fetch_add(1, Ordering::Relaxed) % backends.len();
                shared.per_backend[n].fetch_add(1, Ordering::Relaxed);
                let backend = backends[n];
                let stats = shared.clone();
                tokio::spawn(async move {
                    if forward(inbound, backend).await.is_err() {
                        stats.failed.fetch_add(1, Ordering::Relaxed);
                    }
                });
            }
        });
        Ok(Proxy { addr, stats, task })
    }
}

impl Proxy {
    /// Binds a free loopback port and forwards to `backends` in turn.
    pub async fn start(backends: Vec<SocketAddr>) -> anyhow::Result<Proxy> {
        ProxyListener::bind().await?.serve(backends)
    }

    /// Connections accepted, per backend in order.
    pub fn connections(&self) -> Vec<u64> {
        self.stats
            .per_backend
            .iter()
            .map(|c| c.load(Ordering::Relaxed))
            .collect()
    }

    /// Connections whose backend could not be reached or that ended in an I/O error.
    pub fn failures(&self) -> u64 {
        self.stats.failed.load(Ordering::Relaxed)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(mut inbound: TcpStream, backend: SocketAddr) -> std::io::Result<()> {
    inbound.set_nodelay(true)?;
    let mut outbound = TcpStream::connect(backend).await?;
    outbound.set_nodelay(true)?;
    tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    /// A backend that answers each connection with its name, then echoes what it reads.
    async fn backend(name: &'static str) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let addr = listener.local_addr().expect("an address");
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                tokio::spawn(async move {
                    socket.write_all(name.as_bytes()).await.expect("written");
                    let mut buf = vec![0u8; 64 * 1024];
                    loop {
                        match socket.read(&mut buf).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => socket.write_all(&buf[..n]).await.expect("echoed"),
                        }
                    }
                });
            }
        });
        addr
    }

    #[tokio::test]
    async fn forwards_both_ways_to_each_backend_in_turn() {
        let proxy = Proxy::start(vec![backend("A").await, backend("B").await])
            .await
            .expect("the proxy starts");
        let mut seen = String::new();
        for _ in 0..4 {
            let mut client = TcpStream::connect(proxy.addr).await.expect("connects");
            let mut name = [0u8; 1];
            client
                .read_exact(&mut name)
                .await
                .expect("the backend's name");
            seen.push(name[0] as char);
            // More than one socket buffer's worth, to see the copy loop carry on.
            let payload: Vec<u8> = (0..300_000u32).map(|i| (i % 251) as u8).collect();
            let (mut reader, mut writer) = client.into_split();
            let sent = payload.clone();
            let writing = tokio::spawn(async move {
                writer.write_all(&sent).await.expect("sent");
                writer.shutdown().await.expect("half-closed");
            });
            let mut echoed = Vec::new();
            reader.read_to_end(&mut echoed).await.expect("echo read");
            writing.await.expect("writer");
            assert_eq!(echoed, payload);
        }
        assert_eq!(seen, "ABAB");
        assert_eq!(proxy.connections(), [2, 2]);
        assert_eq!(proxy.failures(), 0);
    }
}
