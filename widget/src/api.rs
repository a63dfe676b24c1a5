//! Client for the widget API: JSON requests through `fetch`, and the reply to a message read
//! chunk by chunk from its `text/event-stream` body so text shows as soon as it arrives.

use js_sys::Uint8Array;
use shopchat_protocol::{CreateConversationResponse, MessageHistory, SendMessageRequest};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Headers, ReadableStreamDefaultReader, Request, RequestCredentials, RequestInit, RequestMode,
    Response,
};

use crate::session::Session;
use crate::sse::{Incoming, SseDecoder};
use crate::wire;

/// Why a request failed, with the stable code the UI translates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// HTTP status; 0 when no response arrived.
    pub status: u16,
    /// The server's error code, or `network` / `internal` when it sent none.
    pub code: String,
}

impl ApiError {
    fn network() -> Self {
        Self {
            status: 0,
            code: "network".into(),
        }
    }

    fn internal() -> Self {
        Self {
            status: 0,
            code: "internal".into(),
        }
    }

    /// The server no longer knows the stored conversation or its token.
    pub fn rejects_session(&self) -> bool {
        matches!(self.status, 401 | 404)
            || matches!(
                self.code.as_str(),
                "conversation_not_found" | "invalid_token"
            )
    }
}

/// The widget API of one server, e.g. `https://shopchat.example`.
#[derive(Debug, Clone)]
pub struct Api {
    base: String,
}

impl Api {
    pub fn new(base: &str) -> Self {
        Self {
            base: base.trim_end_matches('/').to_owned(),
        }
    }

    /// `POST /api/v1/conversations`
    pub async fn create_conversation(
        &self,
        shop: &str,
        locale: &str,
        options: &JsValue,
    ) -> Result<CreateConversationResponse, ApiError> {
        let url = [&self.base, "/api/v1/conversations"].concat();
        let orders_key = shopchat_protocol::orders_storage_key(shop);
        let body = crate::page::conversation_body(shop, locale, &orders_key, options);
        let response = send(&url, "POST", None, Some(&body)).await?;
        wire::created_conversation(&read_json(&response).await?).ok_or_else(ApiError::internal)
    }

    /// `GET /api/v1/conversations/{id}/messages`
    pub async fn history(&self, session: &Session) -> Result<MessageHistory, ApiError> {
        let response = send(&self.messages_url(session), "GET", Some(session), None).await?;
        wire::history(&read_json(&response).await?).ok_or_else(ApiError::internal)
    }

    /// `POST /api/v1/conversations/{id}/messages`: calls `on_event` for each event as it streams in.
    pub async fn send_message(
        &self,
        session: &Session,
        text: &str,
        mut on_event: impl FnMut(Incoming),
    ) -> Result<(), ApiError> {
        let body = SendMessageRequest {
            text: text.to_owned(),
        };
        let body = wire::object(&[("text", Some(&body.text))]);
        let response = send(
            &self.messages_url(session),
            "POST",
            Some(session),
            Some(&body),
        )
        .await?;
        let stream = response.body().ok_or_else(ApiError::internal)?;
        let reader: ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
        let mut decoder = SseDecoder::default();
        loop {
            let chunk = JsFuture::from(reader.read())
                .await
                .map_err(|_| ApiError::network())?;
            if wire::field(&chunk, "done").as_bool().unwrap_or(true) {
                break;
            }
            let bytes = Uint8Array::new(&wire::field(&chunk, "value")).to_vec();
            decoder.push(&bytes).into_iter().for_each(&mut on_event);
        }
        decoder.finish().into_iter().for_each(on_event);
        Ok(())
    }

    fn messages_url(&self, session: &Session) -> String {
        [
            &self.base,
            "/api/v1/conversations/",
            &session.conversation_id,
            "/messages",
        ]
        .concat()
    }
}

/// Sends a request without cookies; a non-2xx response becomes its `ApiError`.
async fn send(
    url: &str,
    method: &str,
    session: Option<&Session>,
    body: Option<&str>,
) -> Result<Response, ApiError> {
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    let headers = Headers::new().map_err(|_| ApiError::internal())?;
    if let Some(session) = session {
        let bearer = ["Bearer ", &session.token].concat();
        headers
            .set("Authorization", &bearer)
            .map_err(|_| ApiError::internal())?;
    }
    if let Some(body) = body {
        headers
            .set("Content-Type", "application/json")
            .map_err(|_| ApiError::internal())?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| ApiError::internal())?;
    let window = web_sys::window().ok_or_else(ApiError::internal)?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ApiError::network())?
        .unchecked_into();
    if response.ok() {
        return Ok(response);
    }
    let status = response.status();
    let code = read_json(&response)
        .await
        .ok()
        .and_then(|body| wire::error_code(&body))
        .unwrap_or_else(|| {
            if status == 429 {
                "rate_limited"
            } else {
                "internal"
            }
            .into()
        });
    Err(ApiError { status, code })
}

/// The response body parsed by the browser's `JSON`.
async fn read_json(response: &Response) -> Result<JsValue, ApiError> {
    let json = response.json().map_err(|_| ApiError::internal())?;
    JsFuture::from(json).await.map_err(|_| ApiError::internal())
}
