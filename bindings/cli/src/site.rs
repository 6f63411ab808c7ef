//! What the server answers for one request: the core's router for `/api/v2`, the health
//! probes (`/healthz`, `/readyz`), the static files for every other path. Synchronous and free of sockets; `serve` runs it on the
//! worker pool.

use crate::static_files::{self, StaticFiles};
use std::sync::Arc;
use userstore::Store;
use userstore::http::{PREFIX, Request, Response};

/// The store and the static files one server answers from.
pub struct Site {
    /// The store, shared by every worker.
    pub store: Arc<Store>,
    /// The browser demo's files, if there are any.
    pub www: Option<StaticFiles>,
}

impl Site {
    /// Answers one request.
    pub fn respond(&self, req: &Request) -> Response {
        if is_api(&req.path) {
            self.store.handle(req)
        } else if let Some(probe) = crate::health::probe(&self.store, &req.method, &req.path) {
            probe
        } else {
            match &self.www {
                Some(files) => files.serve(&req.method, &req.path),
                None => static_files::not_found(),
            }
        }
    }
}

/// True for `/api/v2` and every path below it: the router answers those, 404s included.
fn is_api(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_go_to_the_router() {
        assert!(is_api("/api/v2"));
        assert!(is_api("/api/v2/users"));
        assert!(is_api("/api/v2/../x"));
        assert!(!is_api("/api/v20"));
        assert!(!is_api("/api%2fv2/users"));
        assert!(!is_api("/"));
    }
}
