//! An OpenAI-compatible chat-completions endpoint on loopback that holds its answers: each
//! request gets a first text chunk at once, then nothing until [`LlmStub::release`], then the
//! rest of the answer and `[DONE]`. Pointed at by `LLM_BASE_URL`, it keeps each shopper's
//! reply stream open (the server relays the first chunk and waits for the next) — the only
//! long-lived stream the widget API has — so the load test can hold many of them at once.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde_json::{json, Value};
use tokio::sync::{mpsc, watch};
use tokio::task::JoinHandle;
use tokio_stream::wrappers::ReceiverStream;

#[derive(Clone)]
struct Shared {
    released: watch::Receiver<bool>,
    requests: Arc<AtomicU64>,
}

pub struct LlmStub {
    /// The base URL to give `LLM_BASE_URL`, ending in `/v1`.
    pub base_url: String,
    release: watch::Sender<bool>,
    requests: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

/// The text every held answer starts with (the shopper's stream shows it at once).
pub const FIRST_WORDS: &str = "Let me look that up for you. ";

impl LlmStub {
    pub async fn start() -> anyhow::Result<LlmStub> {
        let (release, released) = watch::channel(false);
        let requests = Arc::new(AtomicU64::new(0));
        let app = Router::new()
            .route("/v1/chat/completions", post(completions))
            .with_state(Shared {
                released,
                requests: requests.clone(),
            });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let addr: SocketAddr = listener.local_addr()?;
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(LlmStub {
            base_url: format!("http://{addr}/v1"),
            release,
            requests,
            task,
        })
    }

    /// Lets every held answer, and every later one, finish.
    pub fn release(&self) {
        let _ = self.release.send(true);
    }

    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
}

impl Drop for LlmStub {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn completions(State(shared): State<Shared>, _body: String) -> Response {
    shared.requests.fetch_add(1, Ordering::Relaxed);
    let (tx, rx) = mpsc::channel::<Result<String, Infallible>>(4);
    let mut released = shared.released.clone();
    tokio::spawn(async move {
        let first = chunk(json!({"role": "assistant", "content": FIRST_WORDS}), None);
        if tx.send(Ok(first)).await.is_err() {
            return;
        }
        if released.wait_for(|r| *r).await.is_err() {
            return;
        }
        for data in [
            chunk(json!({"content": "Here is what I found."}), None),
            chunk(json!({}), Some("stop")),
            usage(),
        ] {
            if tx.send(Ok(data)).await.is_err() {
                return;
            }
        }
        let _ = tx.send(Ok("data: [DONE]\n\n".to_owned())).await;
    });
    (
        [(header::CONTENT_TYPE, "text/event-stream")],
        Body::from_stream(ReceiverStream::new(rx)),
    )
        .into_response()
}

fn chunk(delta: Value, finish_reason: Option<&str>) -> String {
    let body = json!({
        "id": "chatcmpl-loadtest",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "loadtest",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    });
    format!("data: {body}\n\n")
}

fn usage() -> String {
    let body = json!({
        "id": "chatcmpl-loadtest",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "loadtest",
        "choices": [],
        "usage": {"prompt_tokens": 100, "completion_tokens": 12, "total_tokens": 112},
    });
    format!("data: {body}\n\n")
}
