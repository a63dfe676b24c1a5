//! A scripted OpenAI-compatible chat-completions server on loopback, standing in for the
//! LLM in tests: each request gets the next scripted turn, streamed as SSE chunks
//! (`data: {chunk}` … `data: [DONE]`), and every request is recorded so tests can check
//! what the engine offered and sent back.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{json, Value};
use tokio::sync::{mpsc, Notify};
use tokio_stream::wrappers::ReceiverStream;

/// One step of a scripted streamed answer.
#[derive(Debug, Clone)]
pub enum Step {
    /// A chunk with a text delta.
    Text(String),
    /// A chunk with a tool-call delta; `id` and `name` usually come only in the first one.
    ToolCallDelta {
        index: u32,
        id: Option<String>,
        name: Option<String>,
        arguments: String,
    },
    /// A chunk with an empty delta and this finish reason (`stop`, `tool_calls`…).
    Finish(&'static str),
    /// The final usage chunk (`choices: []`).
    Usage { prompt: u32, completion: u32 },
    /// A pause. Before the first chunk it holds back the response headers too.
    Delay(Duration),
    /// Holds the stream until the test calls `notify_one`, to observe what arrived so far.
    WaitFor(Arc<Notify>),
    /// Answer with this HTTP status and an OpenAI-style error body (first step only).
    Status(u16),
    /// A `data:` line that is not a chunk.
    Malformed(String),
}

impl Step {
    pub fn text(text: &str) -> Step {
        Step::Text(text.to_owned())
    }

    /// A whole tool call, split in two chunks the way real servers stream arguments.
    pub fn tool_call(index: u32, id: &str, name: &str, arguments: &str) -> Vec<Step> {
        let mut cut = arguments.len() / 2;
        while !arguments.is_char_boundary(cut) {
            cut -= 1;
        }
        vec![
            Step::ToolCallDelta {
                index,
                id: Some(id.to_owned()),
                name: Some(name.to_owned()),
                arguments: arguments[..cut].to_owned(),
            },
            Step::ToolCallDelta {
                index,
                id: None,
                name: None,
                arguments: arguments[cut..].to_owned(),
            },
        ]
    }
}

/// A request the server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub authorization: Option<String>,
    pub body: Value,
}

#[derive(Clone, Default)]
struct Script {
    turns: Arc<Mutex<VecDeque<Vec<Step>>>>,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

pub struct ScriptedLlm {
    /// The OpenAI-compatible base URL, ending in `/v1`.
    pub base_url: String,
    script: Script,
}

impl ScriptedLlm {
    /// Starts the server on 127.0.0.1, port 0, replaying `turns` in order.
    pub async fn start(turns: Vec<Vec<Step>>) -> ScriptedLlm {
        let script = Script {
            turns: Arc::new(Mutex::new(turns.into())),
            ..Script::default()
        };
        let app = Router::new()
            .route("/v1/chat/completions", post(chat_completions))
            .with_state(script.clone());
        let (addr, _) = crate::serve_on_loopback(crate::LOOPBACK, app).await;
        ScriptedLlm {
            base_url: format!("http://{addr}/v1"),
            script,
        }
    }

    /// Every request received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.script.requests.lock().expect("not poisoned").clone()
    }

    /// Turns not yet replayed.
    pub fn turns_left(&self) -> usize {
        self.script.turns.lock().expect("not poisoned").len()
    }
}

async fn chat_completions(
    State(script): State<Script>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let streamed = body["stream"] == true;
    script
        .requests
        .lock()
        .expect("not poisoned")
        .push(Recorded {
            authorization,
            body,
        });
    let Some(turn) = script.turns.lock().expect("not poisoned").pop_front() else {
        return error(StatusCode::INTERNAL_SERVER_ERROR, "no scripted turn left");
    };
    if !streamed {
        return error(StatusCode::BAD_REQUEST, "the scripted server only streams");
    }
    let mut steps: VecDeque<Step> = turn.into();
    while let Some(Step::Delay(pause)) = steps.front() {
        tokio::time::sleep(*pause).await;
        steps.pop_front();
    }
    if let Some(Step::Status(code)) = steps.front() {
        return error(
            StatusCode::from_u16(*code).expect("a valid status"),
            "scripted failure",
        );
    }

    let (tx, rx) = mpsc::channel::<Result<String, Infallible>>(16);
    tokio::spawn(async move {
        for step in steps {
            let data = match step {
                Step::Delay(pause) => {
                    tokio::time::sleep(pause).await;
                    continue;
                }
                Step::WaitFor(gate) => {
                    gate.notified().await;
                    continue;
                }
                Step::Text(text) => chunk(json!({"content": text}), None),
                Step::ToolCallDelta { index, id, name, arguments } => {
                    let mut call = json!({"index": index, "function": {"arguments": arguments}});
                    if let Some(id) = id {
                        call["id"] = json!(id);
                        call["type"] = json!("function");
                    }
                    if let Some(name) = name {
                        call["function"]["name"] = json!(name);
                    }
                    chunk(json!({"tool_calls": [call]}), None)
                }
                Step::Finish(reason) => chunk(json!({}), Some(reason)),
                Step::Usage { prompt, completion } => json!({
                    "id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": 1_700_000_000,
                    "model": "scripted", "choices": [],
                    "usage": {"prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion},
                })
                .to_string(),
                Step::Malformed(raw) => raw,
                Step::Status(_) => "{\"error\": \"a status can only come first\"}".to_owned(),
            };
            if tx.send(Ok(format!("data: {data}\n\n"))).await.is_err() {
                return; // the client went away
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
    json!({
        "id": "chatcmpl-scripted",
        "object": "chat.completion.chunk",
        "created": 1_700_000_000,
        "model": "scripted",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish_reason}],
    })
    .to_string()
}

fn error(status: StatusCode, message: &str) -> Response {
    let body =
        json!({"error": {"message": message, "type": "server_error", "param": null, "code": null}});
    (status, Json(body)).into_response()
}
