//! JSON requests to the widget API through `fetch`, typed with the protocol's serde types.

use serde::de::DeserializeOwned;
use serde::Serialize;
use shopchat_protocol::{ErrorBody, FieldError};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Headers, Request, RequestCredentials, RequestInit, RequestMode, Response};

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

/// `GET url` with a bearer token.
pub async fn get<T: DeserializeOwned>(url: &str, token: &str) -> Result<T, Failure> {
    call(url, "GET", token, None).await
}

/// `POST url` with a bearer token and a JSON body.
pub async fn post<B: Serialize, T: DeserializeOwned>(
    url: &str,
    token: &str,
    body: &B,
) -> Result<T, Failure> {
    let body = serde_json::to_string(body).map_err(|_| Failure::new("internal"))?;
    call(url, "POST", token, Some(body)).await
}

async fn call<T: DeserializeOwned>(
    url: &str,
    method: &str,
    token: &str,
    body: Option<String>,
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
    if response.ok() {
        serde_json::from_str(&text).map_err(|_| Failure::new("internal"))
    } else {
        Err(match serde_json::from_str::<ErrorBody>(&text) {
            Ok(body) => Failure {
                code: body.error.code,
                fields: body.error.fields,
            },
            Err(_) => Failure::new("internal"),
        })
    }
}
