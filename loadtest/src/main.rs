//! `shopchat-loadtest`: starts a bare axum "hello" and measures its rate as a yardstick, then
//! starts Shopchat (one instance, or several behind a built-in round-robin TCP proxy), drives
//! the widget API with concurrent shoppers for a fixed time, then holds many reply streams
//! open at once and reads the servers' memory. It builds nothing: give it the binaries, built
//! in the same profile (`scripts/loadtest.sh` does both).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use clap::Parser;
use shopchat_loadtest::llm_stub::LlmStub;
use shopchat_loadtest::phases::{self, Errors, Rate, Shoppers, Streams};
use shopchat_loadtest::process::{Launch, Memory, Server};
use shopchat_loadtest::proxy::{Proxy, ProxyListener};

/// Every per-client and per-conversation limit, raised so one load generator on one address
/// is not refused: the limits stay on, sized through their settings.
const RAISED_LIMITS: &[&str] = &[
    "ORDER_LIMIT_PER_CLIENT",
    "ORDER_LIMIT_PER_CONVERSATION",
    "MESSAGE_LIMIT_PER_CONVERSATION",
    "CONVERSATION_LIMIT_PER_CLIENT",
    "STREAM_LIMIT_PER_CLIENT",
    "EVENT_LIMIT_PER_CONVERSATION",
];
const RAISED_TO: &str = "1000000";

#[derive(Debug, Parser)]
#[command(name = "shopchat-loadtest", about, long_about = None)]
struct Args {
    /// The `shopchat` binary to test.
    #[arg(long)]
    shopchat: PathBuf,

    /// The yardstick, `loadtest-hello` built in the same profile [default: beside this binary].
    #[arg(long)]
    hello: Option<PathBuf>,

    /// Seconds each measurement lasts (the hello rate, the shoppers' turns).
    #[arg(long, default_value_t = 20)]
    duration: u64,

    /// Seconds of shopper traffic before the turns are counted.
    #[arg(long, default_value_t = 3)]
    warmup: u64,

    /// Concurrent shoppers, each on its own keep-alive connection.
    #[arg(long, default_value_t = 64)]
    shoppers: usize,

    /// Messages a shopper sends in one conversation before opening another.
    #[arg(long, default_value_t = 8)]
    turns_per_conversation: usize,

    /// Keep-alive connections for the hello rate [default: as many as shoppers].
    #[arg(long)]
    hello_connections: Option<usize>,

    /// Reply streams to hold open at once (0 skips that phase).
    #[arg(long, default_value_t = 1000)]
    streams: usize,

    /// Seconds to hold them open once they all are.
    #[arg(long, default_value_t = 5)]
    hold: u64,

    /// Shopchat instances. More than one puts them behind the built-in round-robin proxy.
    #[arg(long, default_value_t = 1)]
    instances: usize,

    /// Put the built-in proxy in front even of a single instance.
    #[arg(long)]
    proxy: bool,

    /// The database every instance uses. Without it: a fresh SQLite database in a temporary
    /// directory, shared by all instances. The PostgreSQL mode is `--database-url
    /// postgres://… --instances 2`, and needs a postgres:// URL the server accepts.
    #[arg(long)]
    database_url: Option<String>,

    /// Worker threads of the load generator (it shares the machine with the servers).
    #[arg(long, default_value_t = 2)]
    client_threads: usize,

    /// Seconds a server may take to start and answer /readyz.
    #[arg(long, default_value_t = 120)]
    start_deadline: u64,

    /// Keep the temporary directory (databases and server logs) and print where it is.
    #[arg(long)]
    keep: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    anyhow::ensure!(args.instances >= 1, "--instances must be at least 1");
    anyhow::ensure!(args.shoppers >= 1, "--shoppers must be at least 1");
    anyhow::ensure!(
        args.turns_per_conversation >= 1,
        "--turns-per-conversation must be at least 1"
    );
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.client_threads.max(1))
        .enable_all()
        .build()?
        .block_on(run(args))
}

/// Where the run's instances are and how the shoppers reach them.
struct Deployment {
    servers: Vec<Server>,
    proxy: Option<Proxy>,
    /// What shoppers connect to: the proxy, or the one instance.
    front: SocketAddr,
    /// The demo storefront's origin, which the widget's requests carry.
    origin: String,
}

impl Deployment {
    fn memory(&self) -> Vec<(String, Option<Memory>)> {
        self.servers
            .iter()
            .map(|s| (s.name.clone(), s.memory()))
            .collect()
    }

    async fn stop(self) {
        drop(self.proxy);
        for server in self.servers {
            server.stop().await;
        }
    }
}

async fn run(args: Args) -> anyhow::Result<()> {
    let shopchat = absolute(&args.shopchat)?;
    let hello = match &args.hello {
        Some(path) => absolute(path)?,
        None => std::env::current_exe()?
            .parent()
            .context("this binary's directory")?
            .join("loadtest-hello"),
    };
    let postgres = match &args.database_url {
        None => false,
        Some(url) if url.starts_with("sqlite:") => false,
        Some(_) => true,
    };
    if postgres {
        println!(
            "PostgreSQL mode: every instance gets this DATABASE_URL; the first runs the background \
             jobs, the others --no-jobs. It needs a postgres:// URL the server accepts (a server \
             without PostgreSQL support refuses it at start, and the run stops there)."
        );
    }
    let tmp = tempfile::Builder::new()
        .prefix("shopchat-loadtest-")
        .tempdir()?;
    let dir = tmp.path().to_owned();
    let threads = std::thread::available_parallelism().map_or(0, |n| n.get());
    let mut notes: Vec<String> = Vec::new();
    let load_at_start = loadavg();

    // 0. The database, brought up to date as a release step would (and a URL the server
    // cannot use stops the run here, with the server's own message).
    let migrated = shopchat_loadtest::process::run_to_end(
        &shopchat,
        &["migrate"],
        &shopchat_env(&args, &dir, 0, None, false),
    )
    .await
    .context("`shopchat migrate` with the run's settings")?;
    eprintln!(
        "· migrate: {}",
        migrated.lines().last().unwrap_or("").trim()
    );

    // 1. The yardstick.
    let hello_connections = args.hello_connections.unwrap_or(args.shoppers);
    eprintln!(
        "· hello: {hello_connections} connections for {} s",
        args.duration
    );
    let hello_server = Server::start(Launch {
        name: "hello".into(),
        program: &hello,
        args: vec![],
        env: vec![("PORT".into(), "0".into())],
        announces: "listening on ",
        log_dir: &dir,
        deadline: Duration::from_secs(args.start_deadline),
        listens_on: None,
    })
    .await?;
    shopchat_loadtest::client::wait_until_ok(hello_server.addr, "/", Duration::from_secs(10))
        .await?;
    let hello_rate = phases::hello(
        hello_server.addr,
        hello_connections,
        Duration::from_secs(args.duration),
    )
    .await;
    let hello_memory = hello_server.memory();
    hello_server.stop().await;

    // 2. Shoppers.
    let load_at_shoppers = loadavg();
    let deployment = deploy(&args, &shopchat, &dir, "shoppers", &[]).await?;
    eprintln!(
        "· shoppers: {} for {} s after {} s of warm-up, through {}",
        args.shoppers, args.duration, args.warmup, deployment.front
    );
    let run = phases::shoppers(Shoppers {
        addr: deployment.front,
        origin: deployment.origin.clone(),
        shop: "demo".into(),
        count: args.shoppers,
        warmup: Duration::from_secs(args.warmup),
        duration: Duration::from_secs(args.duration),
        turns_per_conversation: args.turns_per_conversation,
    })
    .await;
    let shopper_memory = deployment.memory();
    let proxy_split = deployment
        .proxy
        .as_ref()
        .map(|p| (p.connections(), p.failures()));
    deployment.stop().await;

    // 3. Held streams: the same deployment restarted with the assistant's LLM engine pointed
    // at a stand-in that holds each answer after its first words.
    let mut stream_result = None;
    if args.streams > 0 {
        let load_at_streams = loadavg();
        let stub = LlmStub::start().await?;
        let llm_env = [
            ("LLM_BASE_URL".to_owned(), stub.base_url.clone()),
            // Silence allowed per chunk; a turn may last three times that.
            ("LLM_TIMEOUT_SECS".to_owned(), "600".to_owned()),
        ];
        let deployment = deploy(&args, &shopchat, &dir, "streams", &llm_env).await?;
        eprintln!("· streams: {} held for {} s", args.streams, args.hold);
        let memory = std::sync::Mutex::new(Vec::new());
        let result = phases::streams(
            Streams {
                addr: deployment.front,
                origin: deployment.origin.clone(),
                shop: "demo".into(),
                count: args.streams,
                opening_at_once: 64,
                open_deadline: Duration::from_secs(120),
                hold: Duration::from_secs(args.hold),
            },
            || async {
                *memory.lock().unwrap_or_else(|p| p.into_inner()) = deployment.memory();
            },
            || stub.release(),
        )
        .await;
        let memory = memory.into_inner().unwrap_or_else(|p| p.into_inner());
        let llm_requests = stub.requests();
        deployment.stop().await;
        stream_result = Some((result, memory, llm_requests, load_at_streams));
    }

    // The report.
    let mode = match (&args.database_url, postgres) {
        (_, true) => "PostgreSQL (DATABASE_URL given)".to_owned(),
        (Some(url), false) => format!("SQLite ({url})"),
        (None, false) => "SQLite (fresh, temporary)".to_owned(),
    };
    let front = if args.instances > 1 || args.proxy {
        format!(
            "{} instance(s) behind the built-in round-robin TCP proxy",
            args.instances
        )
    } else {
        "1 instance, direct".to_owned()
    };
    println!();
    println!("Shopchat load test");
    println!("  machine: {threads} hardware threads; load average {load_at_start} at start, {load_at_shoppers} before the shoppers");
    println!(
        "  {mode}; {front}; load generator on {} threads in this process",
        args.client_threads
    );
    println!();
    let mut table = Table::default();
    table.row(
        "hello req/s",
        format!(
            "{:.0} ({hello_connections} keep-alive connections, {} s)",
            hello_rate.per_second(),
            args.duration
        ),
    );
    table.row("hello p50 / p99 ms", ms_pair(&hello_rate));
    table.row("hello errors", errors_line(&hello_rate.errors));
    if let Some(m) = hello_memory {
        table.row("hello RSS MB", format!("{:.1}", mb(m.rss)));
    }
    let turns = &run.turns;
    table.row(
        "turns/s",
        format!(
            "{:.1} ({} shoppers, {} s after {} s warm-up)",
            turns.per_second(),
            args.shoppers,
            args.duration,
            args.warmup
        ),
    );
    let ratio = if turns.per_second() > 0.0 {
        hello_rate.per_second() / turns.per_second()
    } else {
        f64::INFINITY
    };
    table.row("turns : hello", format!("1/{ratio:.1} (target ≥ 1/10)"));
    table.row(
        "turn p50 / p99 / max ms",
        format!(
            "{} / {} / {} (p99 target ≤ 20)",
            ms(turns.latency.percentile_micros(50.0)),
            ms(turns.latency.percentile_micros(99.0)),
            ms(turns.latency.max_micros())
        ),
    );
    table.row("turns counted", turns.completed.to_string());
    table.row("conversations opened", run.conversations.to_string());
    table.row("shopper errors", errors_line(&turns.errors));
    for (name, m) in &shopper_memory {
        table.row(&format!("{name} RSS after shoppers MB"), memory_line(*m));
    }
    if let Some((split, failures)) = &proxy_split {
        table.row(
            "proxy connections per instance",
            format!("{split:?}, {failures} failed"),
        );
    }
    if let Some((result, memory, llm_requests, load)) = &stream_result {
        table.row(
            "streams held",
            format!(
                "{} of {} (all open after {:.1} s; load average then {load})",
                result.held,
                args.streams,
                result.open_time.as_secs_f64()
            ),
        );
        table.row(
            "streams read to done",
            format!(
                "{} after release ({llm_requests} LLM stand-in requests)",
                result.finished
            ),
        );
        table.row("stream errors", errors_line(&result.errors));
        for (name, m) in memory {
            table.row(
                &format!("{name} RSS, streams held MB"),
                format!("{} (target ≤ 150)", memory_line(*m)),
            );
        }
    }
    table.row("load average at end", loadavg());
    table.print();
    if postgres {
        notes.push("PostgreSQL mode ran against the DATABASE_URL given.".into());
    }
    notes.push(
        "Numbers are only comparable within one run: the servers and this load generator share the machine.".into(),
    );
    for note in notes {
        println!("  note: {note}");
    }
    if args.keep {
        let kept = tmp.keep();
        println!("  kept: {} (databases and server logs)", kept.display());
    }
    let failed = hello_rate.errors.total()
        + turns.errors.total()
        + stream_result.as_ref().map_or(0, |(r, ..)| r.errors.total());
    if failed > 0 {
        std::process::exit(2);
    }
    Ok(())
}

/// Starts the instances of a `phase` (one after the other: the first creates the database, the demo shop
/// and the secret key file the others share) and the proxy when there is more than one.
async fn deploy(
    args: &Args,
    shopchat: &Path,
    dir: &Path,
    phase: &str,
    extra_env: &[(String, String)],
) -> anyhow::Result<Deployment> {
    let proxied = args.instances > 1 || args.proxy;
    let listener = if proxied {
        Some(ProxyListener::bind().await?)
    } else {
        None
    };
    // Each phase's server logs in a folder of its own.
    let log_dir = dir.join(phase);
    std::fs::create_dir_all(&log_dir)?;
    let mut servers = Vec::new();
    for i in 0..args.instances {
        // Chosen here: with PUBLIC_URL set, the server announces that URL, not its own.
        let port = shopchat_loadtest::process::free_port()?;
        let public_url = listener.as_ref().map(|l| format!("http://{}", l.addr));
        let mut env = shopchat_env(args, dir, port, public_url, i > 0);
        env.extend(extra_env.iter().cloned());
        let name = format!("shopchat-{}", i + 1);
        let server = Server::start(Launch {
            name: name.clone(),
            program: shopchat,
            args: vec![],
            env,
            announces: "Shopchat is running at ",
            log_dir: &log_dir,
            deadline: Duration::from_secs(args.start_deadline),
            listens_on: Some(SocketAddr::from(([127, 0, 0, 1], port))),
        })
        .await?;
        if let Err(e) = shopchat_loadtest::client::wait_until_ok(
            server.addr,
            "/readyz",
            Duration::from_secs(args.start_deadline),
        )
        .await
        {
            let tail = shopchat_loadtest::process::tail(&server.log, 15);
            anyhow::bail!("{name} is not ready: {e}; the end of its log:\n{tail}");
        }
        servers.push(server);
    }
    let (proxy, front, origin) = match listener {
        Some(listener) => {
            let origin = format!("http://{}", listener.addr);
            let proxy = listener.serve(servers.iter().map(|s| s.addr).collect())?;
            let front = proxy.addr;
            (Some(proxy), front, origin)
        }
        None => (None, servers[0].addr, format!("http://{}", servers[0].addr)),
    };
    Ok(Deployment {
        servers,
        proxy,
        front,
        origin,
    })
}

/// The environment of instance `port`: demo defaults in `dir`, the limits raised, the
/// database when given; `extra` instances run no background jobs.
fn shopchat_env(
    args: &Args,
    dir: &Path,
    port: u16,
    public_url: Option<String>,
    extra: bool,
) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = vec![
        ("HOST".into(), "127.0.0.1".into()),
        ("PORT".into(), port.to_string()),
        ("DATA_DIR".into(), dir.join("data").display().to_string()),
        ("DEMO_SHOP".into(), "true".into()),
    ];
    for name in RAISED_LIMITS {
        env.push(((*name).to_owned(), RAISED_TO.to_owned()));
    }
    if let Some(url) = &args.database_url {
        env.push(("DATABASE_URL".into(), url.clone()));
    }
    if let Some(url) = public_url {
        env.push(("PUBLIC_URL".into(), url));
    }
    if extra {
        env.push(("NO_JOBS".into(), "true".into()));
    }
    for key in ["RUST_LOG", "RUST_BACKTRACE"] {
        if let Ok(value) = std::env::var(key) {
            env.push((key.into(), value));
        }
    }
    env
}

fn absolute(path: &Path) -> anyhow::Result<PathBuf> {
    std::fs::canonicalize(path)
        .with_context(|| format!("{} not found (build it first)", path.display()))
}

fn loadavg() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".into())
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn ms(micros: u64) -> String {
    format!("{:.1}", micros as f64 / 1000.0)
}

fn ms_pair(rate: &Rate) -> String {
    format!(
        "{} / {}",
        ms(rate.latency.percentile_micros(50.0)),
        ms(rate.latency.percentile_micros(99.0))
    )
}

fn memory_line(memory: Option<Memory>) -> String {
    match memory {
        Some(m) => format!("{:.1} (peak {:.1})", mb(m.rss), mb(m.peak)),
        None => "? (the process is gone)".into(),
    }
}

fn errors_line(errors: &Errors) -> String {
    let all = errors.snapshot();
    if all.is_empty() {
        return "0".into();
    }
    let total: u64 = all.values().sum();
    let kinds: Vec<String> = all.iter().map(|(k, n)| format!("{n} × {k}")).collect();
    format!("{total}: {}", kinds.join("; "))
}

#[derive(Default)]
struct Table {
    rows: Vec<(String, String)>,
}

impl Table {
    fn row(&mut self, name: &str, value: impl Into<String>) {
        self.rows.push((name.to_owned(), value.into()));
    }

    fn print(&self) {
        let width = self
            .rows
            .iter()
            .map(|(n, _)| n.chars().count())
            .max()
            .unwrap_or(0);
        for (name, value) in &self.rows {
            println!("  {name:<width$}  {value}");
        }
    }
}
