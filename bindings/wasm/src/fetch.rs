//! Fetch API `Request`/`Response` to and from the core router's request and response.

use js_sys::futures::JsFuture;
use userstore::http::{Request, Response};
use wasm_bindgen::{JsCast, JsValue};

/// Reads a fetch `Request` (method, percent-encoded path, query, headers, body bytes).
pub(crate) async fn from_fetch(request: &web_sys::Request) -> Result<Request, JsValue> {
    let url = web_sys::Url::new(&request.url())?;
    let mut out = Request::new(&request.method(), &url.pathname());
    out.query = url
        .search()
        .strip_prefix('?')
        .unwrap_or_default()
        .to_owned();
    if let Some(entries) = js_sys::try_iter(&request.headers())? {
        for entry in entries {
            let pair: js_sys::Array = entry?.unchecked_into();
            let text = |i| pair.get(i).as_string().unwrap_or_default();
            out.headers.push((text(0), text(1)));
        }
    }
    let body = JsFuture::from(request.array_buffer()?).await?;
    out.body = js_sys::Uint8Array::new(&body).to_vec();
    Ok(out)
}

/// Builds a fetch `Response` with the router's status, headers (each `set-cookie` kept
/// separate) and body.
pub(crate) fn to_fetch(response: &Response) -> Result<web_sys::Response, JsValue> {
    let headers = web_sys::Headers::new()?;
    for (name, value) in &response.headers {
        headers.append(name, value)?;
    }
    let init = web_sys::ResponseInit::new();
    init.set_status(response.status);
    init.set_headers(&headers);
    let body = (!response.body.is_empty()).then(|| js_sys::Uint8Array::from(&response.body[..]));
    web_sys::Response::new_with_opt_js_u8_array_and_init(body.as_ref(), &init)
}
