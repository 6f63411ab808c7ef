//! Fetch API `Request`/`Response` to and from the core router's request and response.

use js_sys::futures::JsFuture;
use userstore::http::{Request, Response};
use wasm_bindgen::{JsCast, JsValue};

/// Reads a fetch `Request` (method, percent-encoded path, query, headers, body bytes);
/// `None` when the body is larger than `limit` bytes, found out without reading more of it
/// than that (a declared `content-length`, or the stream read chunk by chunk).
pub(crate) async fn from_fetch(
    request: &web_sys::Request,
    limit: usize,
) -> Result<Option<Request>, JsValue> {
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
    let declared = out
        .header_value("content-length")
        .and_then(|n| n.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Ok(None);
    }
    let expected = declared.map_or(0, |n| n as usize);
    out.body = match request.body() {
        Some(stream) => match read_at_most(&stream, expected, limit).await? {
            Some(body) => body,
            None => return Ok(None),
        },
        None => Vec::new(),
    };
    Ok(Some(out))
}

/// The bytes of `stream` (`expected` of them, as declared), or `None` (and the stream
/// cancelled) as soon as they pass `limit`. The buffer grows into fresh ones and wipes the old
/// (a body holds passwords).
async fn read_at_most(
    stream: &web_sys::ReadableStream,
    expected: usize,
    limit: usize,
) -> Result<Option<Vec<u8>>, JsValue> {
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut body = Vec::with_capacity(expected.min(limit));
    loop {
        let chunk = JsFuture::from(reader.read()).await?;
        if js_sys::Reflect::get(&chunk, &"done".into())?.is_truthy() {
            return Ok(Some(body));
        }
        let bytes: js_sys::Uint8Array =
            js_sys::Reflect::get(&chunk, &"value".into())?.unchecked_into();
        let start = body.len();
        let end = start + bytes.length() as usize;
        if end > limit {
            // Nothing more is read; the rest of the body is dropped.
            let _ = reader.cancel();
            return Ok(None);
        }
        if end > body.capacity() {
            let mut bigger = Vec::with_capacity(end.max(2 * body.capacity()).min(limit));
            bigger.extend_from_slice(&body);
            zeroize::Zeroize::zeroize(&mut body);
            body = bigger;
        }
        body.resize(end, 0);
        bytes.copy_to(&mut body[start..]);
    }
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
