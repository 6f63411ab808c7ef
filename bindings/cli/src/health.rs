//! The operator's probes, outside `/api/v2`: `GET /healthz` (the process answers) and
//! `GET /readyz` (the database answers a read and holds the schema this build writes).

use serde_json::json;
use userstore::Store;
use userstore::http::Response;

/// The probe at `path`, if it is one; `HEAD` is answered like `GET` (hyper drops the body).
pub fn probe(store: &Store, method: &str, path: &str) -> Option<Response> {
    if !matches!(path, "/healthz" | "/readyz") {
        return None;
    }
    if !matches!(method, "GET" | "HEAD") {
        return Some(not_allowed());
    }
    Some(match path {
        "/healthz" => Response::json(200, &json!({"status": "ok"})),
        _ => ready(store),
    })
}

/// `GET /readyz`: 200 `{"status":"ready","schemaVersion":N}`, or 503 with what is wrong (the
/// store's own message: no SQL, no secret).
fn ready(store: &Store) -> Response {
    match store.ready() {
        Ok(version) => Response::json(200, &json!({"status": "ready", "schemaVersion": version})),
        Err(e) => Response::json(503, &json!({"status": "unavailable", "detail": e.detail()}))
            .with_header("retry-after", "5"),
    }
}

/// The answer to any other method.
fn not_allowed() -> Response {
    Response::json(405, &json!({"status": "GET or HEAD only"})).with_header("allow", "GET, HEAD")
}
