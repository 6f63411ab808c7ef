//! Conversions between JS values and the core's JSON values, configuration and errors.

use serde_json::Value;
use std::sync::Arc;
use userstore::clock::FnClock;
use userstore::{Config, Error};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(raw_module = "./error.js")]
extern "C" {
    /// `UserStoreError` of `js/error.js`, copied next to the generated glue.
    #[wasm_bindgen(js_name = UserStoreError)]
    type JsUserStoreError;

    #[wasm_bindgen(constructor, js_class = "UserStoreError")]
    fn new(body: &JsValue, status: u16, retry_after: Option<f64>) -> JsUserStoreError;
}

/// The error as a thrown `UserStoreError`: the wire body (read by the engine's `JSON.parse`),
/// the HTTP status and, for `IM011`, `SC429` and `SC503`, the seconds until a retry may
/// succeed.
pub(crate) fn store_error(e: &Error) -> JsValue {
    let body = js_sys::JSON::parse(&e.to_json()).unwrap_or(JsValue::NULL);
    JsUserStoreError::new(&body, e.status(), e.retry_after().map(|s| s as f64)).into()
}

/// A JS value as JSON, exactly as `JSON.stringify` sees it (an `undefined` member is absent,
/// a `Date` is its ISO string). `undefined` and `null` become `null`, which operations read as
/// "no arguments".
pub(crate) fn to_json(value: &JsValue) -> Result<Value, JsValue> {
    match stringify(value)? {
        None => Ok(Value::Null),
        Some(text) => serde_json::from_str(&text).map_err(|e| store_error(&Error::from(e))),
    }
}

/// `JSON.stringify(value)`; `None` for `undefined` and `null`.
fn stringify(value: &JsValue) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let not_json = || store_error(&Error::bad_request("The arguments must be JSON values."));
    let text = js_sys::JSON::stringify(value)
        .map_err(|_| not_json())?
        .as_string()
        .ok_or_else(not_json)?;
    Ok(Some(text))
}

/// Milliseconds since the epoch from JavaScript's clock.
fn js_now() -> i64 {
    js_sys::Date::now() as i64
}

/// A `StoreConfig` object (or nothing) as the core's configuration, on `Date.now()`. Its JSON
/// text goes to the core's reader as it is.
pub(crate) fn config(value: &JsValue) -> Result<Config, JsValue> {
    let json = stringify(value)?.unwrap_or_else(|| "{}".to_owned());
    let clock = Arc::new(FnClock(js_now as fn() -> i64));
    let mut config = Config::from_json(&json).map_err(|e| store_error(&e))?;
    // One thread: two hashes never overlap, so the hashing stage must never wait (a wait
    // cannot end here). Unbounded, a computation that trapped half-way cannot leave the
    // stage looking full for the instance's later calls.
    config.hashing_concurrency = usize::MAX;
    Ok(config.with_clock(clock))
}
