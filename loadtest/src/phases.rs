//! The three measurements: the yardstick's request rate, shoppers' turns, and held streams.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::StatusCode;
use tokio::sync::{Notify, Semaphore};

use crate::client::{Conn, Failure};
use crate::histogram::Histogram;
use crate::phrases;

/// Failures counted by kind.
#[derive(Default, Clone)]
pub struct Errors(Arc<Mutex<BTreeMap<String, u64>>>);

impl Errors {
    pub fn add(&self, failure: &Failure) {
        *self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entry(failure.kind())
            .or_default() += 1;
    }

    pub fn total(&self) -> u64 {
        self.snapshot().values().sum()
    }

    pub fn snapshot(&self) -> BTreeMap<String, u64> {
        self.0.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

/// A closed-loop run's result.
pub struct Rate {
    pub completed: u64,
    pub elapsed: Duration,
    pub latency: Arc<Histogram>,
    pub errors: Errors,
}

impl Rate {
    pub fn per_second(&self) -> f64 {
        self.completed as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// `GET /` as fast as `connections` keep-alive connections allow, for `duration`.
pub async fn hello(addr: SocketAddr, connections: usize, duration: Duration) -> Rate {
    let latency = Arc::new(Histogram::new());
    let errors = Errors::default();
    let completed = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let end = start + duration;
    let mut tasks = Vec::new();
    for _ in 0..connections {
        let (latency, errors, completed) = (latency.clone(), errors.clone(), completed.clone());
        tasks.push(tokio::spawn(async move {
            let mut conn: Option<Conn> = None;
            while Instant::now() < end {
                if conn.as_ref().is_none_or(Conn::is_closed) {
                    match Conn::open(addr).await {
                        Ok(c) => conn = Some(c),
                        Err(f) => {
                            errors.add(&f);
                            tokio::time::sleep(Duration::from_millis(10)).await;
                            continue;
                        }
                    }
                }
                let Some(c) = conn.as_mut() else { continue };
                let sent = Instant::now();
                match c.get("/").await {
                    Ok((StatusCode::OK, _)) => {
                        if Instant::now() <= end {
                            latency.record(sent.elapsed());
                            completed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Ok((status, _)) => errors.add(&Failure::Status(status.as_u16(), String::new())),
                    Err(f) => {
                        errors.add(&f);
                        conn = None;
                    }
                }
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    Rate {
        completed: completed.load(Ordering::Relaxed),
        elapsed: duration,
        latency,
        errors,
    }
}

/// How the shoppers behave.
pub struct Shoppers {
    pub addr: SocketAddr,
    /// The page's origin the widget runs on (the server's public URL for the demo shop).
    pub origin: String,
    pub shop: String,
    pub count: usize,
    pub warmup: Duration,
    pub duration: Duration,
    /// Messages per conversation before the shopper opens a new one.
    pub turns_per_conversation: usize,
}

pub struct ShopperRun {
    pub turns: Rate,
    pub conversations: u64,
}

/// Each shopper: open a conversation, then send messages one after another, reading each
/// reply's stream to `done`; a new conversation every `turns_per_conversation` messages.
/// Latency is per turn, from sending the message to `done`; turns that end during the warm-up
/// are not counted.
pub async fn shoppers(config: Shoppers) -> ShopperRun {
    let config = Arc::new(config);
    let latency = Arc::new(Histogram::new());
    let errors = Errors::default();
    let completed = Arc::new(AtomicU64::new(0));
    let conversations = Arc::new(AtomicU64::new(0));
    let start = Instant::now();
    let measure_from = start + config.warmup;
    let end = measure_from + config.duration;
    let mut tasks = Vec::new();
    for shopper in 0..config.count {
        let config = config.clone();
        let (latency, errors, completed, conversations) = (
            latency.clone(),
            errors.clone(),
            completed.clone(),
            conversations.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let locale = phrases::locale_of(shopper);
            let mut conn: Option<Conn> = None;
            let mut conversation = None;
            let mut turn = 0usize;
            let mut in_conversation = 0usize;
            let count_error = |f: &Failure| {
                if Instant::now() >= measure_from {
                    errors.add(f);
                }
            };
            while Instant::now() < end {
                if conn.as_ref().is_none_or(Conn::is_closed) {
                    match Conn::open(config.addr).await {
                        Ok(c) => conn = Some(c),
                        Err(f) => {
                            count_error(&f);
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    }
                }
                let Some(c) = conn.as_mut() else { continue };
                if conversation.is_none() || in_conversation >= config.turns_per_conversation {
                    match c
                        .open_conversation(&config.origin, &config.shop, locale)
                        .await
                    {
                        Ok(opened) => {
                            conversation = Some(opened);
                            in_conversation = 0;
                            conversations.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(f) => {
                            count_error(&f);
                            conn = None;
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    }
                }
                let Some(conv) = conversation.as_ref() else {
                    continue;
                };
                let text = phrases::message(shopper, turn);
                turn += 1;
                in_conversation += 1;
                let sent = Instant::now();
                let outcome = match c.send_message(&config.origin, conv, text).await {
                    Ok(mut stream) => stream.read_to_done().await,
                    Err(f) => Err(f),
                };
                match outcome {
                    Ok(done_at) => {
                        if sent >= measure_from && done_at <= end {
                            latency.record(done_at - sent);
                            completed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    Err(f) => {
                        count_error(&f);
                        // Start clean: a new connection and a new conversation.
                        conn = None;
                        conversation = None;
                    }
                }
            }
        }));
    }
    for task in tasks {
        let _ = task.await;
    }
    ShopperRun {
        turns: Rate {
            completed: completed.load(Ordering::Relaxed),
            elapsed: config.duration,
            latency,
            errors,
        },
        conversations: conversations.load(Ordering::Relaxed),
    }
}

/// Held streams.
pub struct Streams {
    pub addr: SocketAddr,
    pub origin: String,
    pub shop: String,
    pub count: usize,
    /// Streams being set up at once (connect, open, send, first event).
    pub opening_at_once: usize,
    /// How long to wait for all of them to be open.
    pub open_deadline: Duration,
    /// How long to keep them open once they all are (or the deadline passed).
    pub hold: Duration,
}

pub struct StreamRun {
    /// Streams that had their first event and were open when the memory was read.
    pub held: u64,
    /// Time until every stream was open (or the deadline).
    pub open_time: Duration,
    /// Streams that reached `done` after being released.
    pub finished: u64,
    pub errors: Errors,
}

/// Opens `count` conversations, sends a message in each and reads its reply stream up to the
/// first event; `while_held` runs once they all are open (it reads the servers' memory), then
/// `release` lets the answers finish and every stream is read to `done`.
pub async fn streams<F, Fut, R>(config: Streams, while_held: F, release: R) -> StreamRun
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = ()>,
    R: FnOnce(),
{
    let errors = Errors::default();
    let open = Arc::new(AtomicU64::new(0)); // open right now
    let finished = Arc::new(AtomicU64::new(0));
    let all_open = Arc::new(Notify::new());
    let settled = Arc::new(AtomicU64::new(0)); // open or failed
    let gate = Arc::new(Semaphore::new(config.opening_at_once.max(1)));
    let released = Arc::new(AtomicBool::new(false));
    let config = Arc::new(config);
    let start = Instant::now();
    let mut tasks = Vec::new();
    for i in 0..config.count {
        let config = config.clone();
        let (errors, open, finished, all_open, settled, gate, released) = (
            errors.clone(),
            open.clone(),
            finished.clone(),
            all_open.clone(),
            settled.clone(),
            gate.clone(),
            released.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let settle = || {
                if settled.fetch_add(1, Ordering::AcqRel) + 1 == config.count as u64 {
                    all_open.notify_one();
                }
            };
            let permit = gate.acquire().await;
            let opened = async {
                let mut conn = Conn::open(config.addr).await?;
                let conversation = conn
                    .open_conversation(&config.origin, &config.shop, phrases::locale_of(i))
                    .await?;
                let mut stream = conn
                    .send_message(&config.origin, &conversation, phrases::message(i, 0))
                    .await?;
                match stream.next_event().await? {
                    Some(event) if event.name == "text" => Ok((conn, stream)),
                    Some(event) if event.name == "error" => {
                        Err(Failure::StreamError(event.data.chars().take(60).collect()))
                    }
                    Some(event) => Err(Failure::BadResponse(format!(
                        "first event {:?}, expected text",
                        event.name
                    ))),
                    None => Err(Failure::NoDone),
                }
            }
            .await;
            drop(permit);
            let (_conn, mut stream) = match opened {
                Ok(pair) => pair,
                Err(f) => {
                    errors.add(&f);
                    settle();
                    return;
                }
            };
            open.fetch_add(1, Ordering::Relaxed);
            settle();
            let outcome = stream.read_to_done().await;
            open.fetch_sub(1, Ordering::Relaxed);
            match outcome {
                Ok(_) if released.load(Ordering::Acquire) => {
                    finished.fetch_add(1, Ordering::Relaxed);
                }
                // The answer finished before it was released: the stream was not held.
                Ok(_) => errors.add(&Failure::BadResponse("answered before release".into())),
                Err(f) => errors.add(&f),
            }
        }));
    }
    let _ = tokio::time::timeout(config.open_deadline, all_open.notified()).await;
    let open_time = start.elapsed();
    tokio::time::sleep(config.hold.min(Duration::from_millis(500))).await;
    while_held().await;
    let held = open.load(Ordering::Relaxed);
    tokio::time::sleep(config.hold.saturating_sub(Duration::from_millis(500))).await;
    released.store(true, Ordering::Release);
    release();
    let until = tokio::time::Instant::now() + Duration::from_secs(60);
    for task in tasks {
        let abort = task.abort_handle();
        if tokio::time::timeout_at(until, task).await.is_err() {
            abort.abort();
            errors.add(&Failure::Timeout);
        }
    }
    StreamRun {
        held,
        open_time,
        finished: finished.load(Ordering::Relaxed),
        errors,
    }
}
