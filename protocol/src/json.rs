//! Reads and writes JSON through the browser's own `JSON`, for the widget and the commerce
//! cards (behind the `web` feature).
//!
//! serde_json would do the same with the derives this crate already has, but its parser, the
//! serde visitors of every type and the float formatting its errors drag in made up about a
//! quarter of the widget's wasm; `JSON.parse` plus a few field reads does the job for a few
//! kilobytes. Readers built on these are lenient where it is harmless: a missing optional
//! field is `None`, a malformed item of a list is skipped.

use js_sys::{Array, Object, Reflect, JSON};
use wasm_bindgen::JsValue;

use crate::{Currency, Money};

/// Parses JSON text; `None` when it isn't JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    JSON::parse(text).ok()
}

/// A JS value as JSON text (empty if it can't be written).
pub fn stringify(value: &JsValue) -> String {
    JSON::stringify(value)
        .ok()
        .and_then(|json| json.as_string())
        .unwrap_or_default()
}

/// A JSON object of string fields (`None`: `null`), e.g. a request body.
pub fn object(fields: &[(&str, Option<&str>)]) -> String {
    let object = Object::new();
    for (key, value) in fields {
        set(
            &object,
            key,
            &value.map_or(JsValue::NULL, JsValue::from_str),
        );
    }
    stringify(&object)
}

pub fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

pub fn field(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

pub fn string(value: &JsValue, key: &str) -> Option<String> {
    field(value, key).as_string()
}

pub fn boolean(value: &JsValue, key: &str) -> Option<bool> {
    field(value, key).as_bool()
}

/// A whole number (JSON numbers are doubles; ids and amounts fit in 53 bits).
pub fn integer(value: &JsValue, key: &str) -> Option<i64> {
    let number = field(value, key).as_f64()?;
    (number.fract() == 0.0 && number.abs() < 9_007_199_254_740_992.0).then_some(number as i64)
}

/// The items of an array field that `read` understands; none when the field is missing.
pub fn list<T>(value: &JsValue, key: &str, read: impl Fn(&JsValue) -> Option<T>) -> Vec<T> {
    let items = field(value, key);
    if !Array::is_array(&items) {
        return Vec::new();
    }
    Array::from(&items)
        .iter()
        .filter_map(|item| read(&item))
        .collect()
}

pub fn strings(value: &JsValue, key: &str) -> Vec<String> {
    list(value, key, JsValue::as_string)
}

/// `{"minor": 4299, "currency": "USD"}`
pub fn money(value: &JsValue) -> Option<Money> {
    Some(Money {
        minor: integer(value, "minor")?,
        currency: Currency::parse(&string(value, "currency")?)?,
    })
}
