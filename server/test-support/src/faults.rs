//! A small proxy on loopback between the app and a stand-in (localstripe) that injects the
//! faults a real provider shows: for requests whose path starts with a prefix, it can answer
//! 500 or refuse with a 400 without passing the request on, pass it on and then lose the answer (the provider acted,
//! the app sees a 500), or pass it on late. Everything else goes through untouched. Written
//! here because no stand-in does this; it only forwards bytes and never invents an answer of
//! the provider's.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Router;

/// What happens to requests the fault applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Passed on untouched.
    None,
    /// Answered 500 without reaching the provider.
    Fail500,
    /// Refused with a 400 as the provider refuses a request it won't do, without reaching it.
    Refuse,
    /// Passed on, then answered 500: the provider did it, the caller can't know.
    LoseAnswer,
    /// Passed on after this long.
    Delay(Duration),
}

#[derive(Clone)]
struct Shared {
    upstream: String,
    rule: Arc<Mutex<(String, Fault)>>,
    /// Requests the fault applied to, by path.
    hits: Arc<Mutex<Vec<String>>>,
    http: reqwest::Client,
}

pub struct FaultProxy {
    /// `http://127.0.0.1:PORT/`, ending in `/` as the upstream base does.
    pub base: String,
    shared: Shared,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// A proxy to `upstream` (a base URL ending in `/`), passing everything on for now.
    pub async fn start(upstream: &str) -> FaultProxy {
        let shared = Shared {
            upstream: upstream.trim_end_matches('/').to_owned(),
            rule: Arc::new(Mutex::new((String::new(), Fault::None))),
            hits: Arc::default(),
            http: reqwest::Client::new(),
        };
        let app = Router::new().fallback(forward).with_state(shared.clone());
        let (addr, task) = crate::serve_on_loopback(crate::LOOPBACK, app).await;
        let base = format!("http://{addr}/");
        FaultProxy { base, shared, task }
    }

    /// From now on, requests whose path starts with `prefix` meet `fault`.
    pub fn set(&self, prefix: &str, fault: Fault) {
        *self.shared.rule.lock().expect("the rule") = (prefix.to_owned(), fault);
    }

    /// How many requests met a fault so far.
    pub fn faulted(&self) -> usize {
        self.shared.hits.lock().expect("the hits").len()
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn forward(
    State(shared): State<Shared>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (prefix, fault) = shared.rule.lock().expect("the rule").clone();
    let path = uri.path().to_owned();
    let applies = fault != Fault::None && !prefix.is_empty() && path.starts_with(&prefix);
    if applies {
        shared.hits.lock().expect("the hits").push(path.clone());
    }
    if applies && fault == Fault::Fail500 {
        return injected_500();
    }
    if applies && fault == Fault::Refuse {
        return (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/json")],
            r#"{"error":{"type":"invalid_request_error","code":"charge_already_refunded","message":"injected refusal"}}"#,
        )
            .into_response();
    }
    if let (true, Fault::Delay(pause)) = (applies, fault) {
        tokio::time::sleep(pause).await;
    }
    let path_and_query = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut request = shared
        .http
        .request(method, format!("{}{path_and_query}", shared.upstream))
        .body(body);
    for (name, value) in &headers {
        if name != "host" && name != "content-length" {
            request = request.header(name, value);
        }
    }
    let upstream = match request.send().await {
        Ok(response) => response,
        Err(_) => return StatusCode::BAD_GATEWAY.into_response(),
    };
    if applies && fault == Fault::LoseAnswer {
        // The provider has acted; its answer never reaches the caller.
        let _ = upstream.bytes().await;
        return injected_500();
    }
    let status = upstream.status();
    let mut response = Response::builder().status(status.as_u16());
    for (name, value) in upstream.headers() {
        if name != "content-length" && name != "transfer-encoding" {
            response = response.header(name, value);
        }
    }
    let bytes = upstream.bytes().await.unwrap_or_default();
    response
        .body(Body::from(bytes))
        .unwrap_or_else(|_| StatusCode::BAD_GATEWAY.into_response())
}

/// Stripe's shape of a server error.
fn injected_500() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [("content-type", "application/json")],
        r#"{"error":{"type":"api_error","message":"injected fault"}}"#,
    )
        .into_response()
}
