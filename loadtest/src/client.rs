//! The client side: one HTTP/1.1 keep-alive connection per simulated shopper (hyper's
//! connection-level client, no pool), and the widget API calls a shopper makes.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::client::conn::http1::SendRequest;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use shopchat_protocol::{
    CreateConversationRequest, CreateConversationResponse, SendMessageRequest,
};
use tokio::net::TcpStream;

use crate::sse::SseParser;

/// Why a request or a turn failed, as the report groups them.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Failure {
    Connect(String),
    Io(String),
    Status(u16, String),
    /// The stream's `error` event, with its code.
    StreamError(String),
    /// The stream ended without `done`.
    NoDone,
    Timeout,
    BadResponse(String),
}

impl Failure {
    /// A short, stable label to count by.
    pub fn kind(&self) -> String {
        match self {
            Failure::Connect(e) => format!("connect: {e}"),
            Failure::Io(e) => format!("i/o: {e}"),
            Failure::Status(code, api_code) if api_code.is_empty() => format!("HTTP {code}"),
            Failure::Status(code, api_code) => format!("HTTP {code} {api_code}"),
            Failure::StreamError(code) => format!("stream error event: {code}"),
            Failure::NoDone => "stream ended without done".to_owned(),
            Failure::Timeout => "timed out".to_owned(),
            Failure::BadResponse(e) => format!("bad response: {e}"),
        }
    }
}

fn io(e: impl std::fmt::Display) -> Failure {
    // hyper's errors print their cause chain poorly; keep the first line, short.
    let text = e.to_string();
    Failure::Io(text.lines().next().unwrap_or("").chars().take(60).collect())
}

/// One keep-alive connection.
pub struct Conn {
    sender: SendRequest<Full<Bytes>>,
    host: String,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Result<Conn, Failure> {
        let stream = TcpStream::connect(addr)
            .await
            .map_err(|e| Failure::Connect(e.kind().to_string()))?;
        stream
            .set_nodelay(true)
            .map_err(|e| Failure::Connect(e.kind().to_string()))?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|e| Failure::Connect(e.to_string()))?;
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(Conn {
            sender,
            host: addr.to_string(),
        })
    }

    pub fn is_closed(&self) -> bool {
        self.sender.is_closed()
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<Vec<u8>>,
    ) -> Result<Response<Incoming>, Failure> {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header("host", &self.host);
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or_default())))
            .map_err(|e| Failure::BadResponse(e.to_string()))?;
        self.sender.ready().await.map_err(io)?;
        self.sender.send_request(request).await.map_err(io)
    }

    /// `GET path`, the whole body read; the status is returned, not judged.
    pub async fn get(&mut self, path: &str) -> Result<(StatusCode, Bytes), Failure> {
        let response = self.send("GET", path, &[], None).await?;
        let status = response.status();
        let body = response.into_body().collect().await.map_err(io)?.to_bytes();
        Ok((status, body))
    }

    /// Opens a conversation with the shop, as the widget does on first use.
    pub async fn open_conversation(
        &mut self,
        origin: &str,
        shop: &str,
        locale: &str,
    ) -> Result<CreateConversationResponse, Failure> {
        let request = CreateConversationRequest {
            shop: shop.to_owned(),
            locale: Some(locale.to_owned()),
            features: vec![shopchat_protocol::FEATURE_CHECKOUT.to_owned()],
            order_tokens: Vec::new(),
            identity: None,
            context: None,
        };
        let body = serde_json::to_vec(&request).map_err(|e| Failure::BadResponse(e.to_string()))?;
        let response = self
            .send(
                "POST",
                "/api/v1/conversations",
                &[("origin", origin)],
                Some(body),
            )
            .await?;
        let status = response.status();
        let bytes = response.into_body().collect().await.map_err(io)?.to_bytes();
        if status != StatusCode::CREATED {
            return Err(Failure::Status(status.as_u16(), api_code(&bytes)));
        }
        serde_json::from_slice(&bytes).map_err(|e| Failure::BadResponse(e.to_string()))
    }

    /// Sends a message and returns the reply stream, its status checked.
    pub async fn send_message(
        &mut self,
        origin: &str,
        conversation: &CreateConversationResponse,
        text: &str,
    ) -> Result<ReplyStream, Failure> {
        let body = serde_json::to_vec(&SendMessageRequest {
            text: text.to_owned(),
        })
        .map_err(|e| Failure::BadResponse(e.to_string()))?;
        let bearer = format!("Bearer {}", conversation.token);
        let path = format!(
            "/api/v1/conversations/{}/messages",
            conversation.conversation_id
        );
        let response = self
            .send(
                "POST",
                &path,
                &[
                    ("origin", origin),
                    ("authorization", &bearer),
                    ("accept", "text/event-stream"),
                ],
                Some(body),
            )
            .await?;
        let status = response.status();
        if status != StatusCode::OK {
            let bytes = response.into_body().collect().await.map_err(io)?.to_bytes();
            return Err(Failure::Status(status.as_u16(), api_code(&bytes)));
        }
        Ok(ReplyStream {
            body: response.into_body(),
            parser: SseParser::default(),
            pending: Vec::new(),
        })
    }
}

/// The `code` of an `{"error": {"code": …}}` body, or empty.
fn api_code(body: &[u8]) -> String {
    serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// A reply's `text/event-stream`, read event by event.
pub struct ReplyStream {
    body: Incoming,
    parser: SseParser,
    pending: Vec<crate::sse::SseEvent>,
}

impl ReplyStream {
    /// The next event's name; `None` when the stream ended.
    pub async fn next_event(&mut self) -> Result<Option<crate::sse::SseEvent>, Failure> {
        loop {
            if !self.pending.is_empty() {
                return Ok(Some(self.pending.remove(0)));
            }
            match self.body.frame().await {
                None => return Ok(None),
                Some(Err(e)) => return Err(io(e)),
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        self.pending = self.parser.push(&data);
                    }
                }
            }
        }
    }

    /// Reads to `done` (the turn's end), then to the end of the body so the connection can
    /// carry the next request. `Err` for an `error` event or a stream without `done`.
    pub async fn read_to_done(&mut self) -> Result<Instant, Failure> {
        let mut done_at = None;
        while let Some(event) = self.next_event().await? {
            match event.name.as_str() {
                "done" => done_at = Some(Instant::now()),
                "error" => {
                    let code = serde_json::from_str::<serde_json::Value>(&event.data)
                        .ok()
                        .and_then(|v| v["code"].as_str().map(str::to_owned))
                        .unwrap_or_default();
                    return Err(Failure::StreamError(code));
                }
                _ => {}
            }
        }
        done_at.ok_or(Failure::NoDone)
    }
}

/// Waits for `GET path` to answer 200 on a fresh connection each try, up to `deadline`.
pub async fn wait_until_ok(addr: SocketAddr, path: &str, deadline: Duration) -> anyhow::Result<()> {
    let until = Instant::now() + deadline;
    loop {
        if let Ok(mut conn) = Conn::open(addr).await {
            if let Ok((status, _)) = conn.get(path).await {
                if status == StatusCode::OK {
                    return Ok(());
                }
            }
        }
        if Instant::now() >= until {
            anyhow::bail!(
                "{addr}{path} did not answer 200 within {} s",
                deadline.as_secs()
            );
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
