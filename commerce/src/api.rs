//! JSON requests to the widget API through `fetch`; answers read by `wire`'s readers.

use shopchat_protocol::FieldError;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, RequestMode, Response};

use crate::wire;

/// Why a request failed: the server's stable code (or `network`), and its field errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Failure {
    pub code: String,
    pub fields: Vec<FieldError>,
}

impl Failure {
    pub fn new(code: &str) -> Self {
        Self {
            code: code.into(),
            fields: Vec::new(),
        }
    }
}

/// `GET url` with a bearer token; the answer read by `read`.
pub async fn get<T>(url: &str, token: &str, read: fn(&JsValue) -> Option<T>) -> Result<T, Failure> {
    call(url, "GET", token, None, read).await
}

/// `POST url` with a bearer token and a JSON body; the answer read by `read`.
pub async fn post<T>(
    url: &str,
    token: &str,
    body: String,
    read: fn(&JsValue) -> Option<T>,
) -> Result<T, Failure> {
    call(url, "POST", token, Some(body), read).await
}

async fn call<T>(
    url: &str,
    method: &str,
    token: &str,
    body: Option<String>,
    read: fn(&JsValue) -> Option<T>,
) -> Result<T, Failure> {
    let headers = Headers::new().map_err(|_| Failure::new("internal"))?;
    let _ = headers.set("authorization", &["Bearer ", token].concat());
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    if let Some(body) = &body {
        let _ = headers.set("content-type", "application/json");
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&headers);
    let request =
        Request::new_with_str_and_init(url, &init).map_err(|_| Failure::new("internal"))?;
    let window = web_sys::window().ok_or_else(|| Failure::new("internal"))?;
    let response: Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Failure::new("network"))?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(|_| Failure::new("network"))?)
        .await
        .map_err(|_| Failure::new("network"))?
        .as_string()
        .unwrap_or_default();
    let value = wire::parse(&text).unwrap_or(JsValue::NULL);
    if response.ok() {
        read(&value).ok_or_else(|| Failure::new("internal"))
    } else {
        Err(match wire::error(&value) {
            Some((code, fields)) => Failure { code, fields },
            None => Failure::new("internal"),
        })
    }
}
