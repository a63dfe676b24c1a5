//! The load test's yardstick: a bare axum "hello" on the same runtime setup as Shopchat
//! (tokio's multi-threaded runtime, axum's HTTP/1 server), so the ratio between the two rates
//! is the cost of Shopchat's work per turn. Listens on 127.0.0.1, on `--port` or `PORT`
//! (default 0: a free port), and prints `listening on http://ADDR`.

use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let mut port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(0);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                port = args
                    .next()
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(|| anyhow::anyhow!("--port needs a number"))?;
            }
            other => anyhow::bail!("unknown argument {other:?} (usage: loadtest-hello [--port N])"),
        }
    }
    let app = Router::new().route("/", get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
