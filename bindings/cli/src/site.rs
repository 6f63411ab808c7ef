//! What the server answers for one request: the core's router for `/api/v2`, the health
//! probes (`/healthz`, `/readyz`), the metrics (`/metrics`), the account pages of mailed
//! links (`/account/…`), the static files for every other path. Synchronous and free of
//! sockets; `serve` runs it on the worker pool.

use crate::metrics::Metrics;
use crate::static_files::{self, StaticFiles};
use std::sync::Arc;
use userstore::Store;
use userstore::http::{PREFIX, Request, Response};

/// The path of the metrics.
const METRICS: &str = "/metrics";

/// The store, the static files and the metrics one server answers from.
pub struct Site {
    /// The store, shared by every worker.
    pub store: Arc<Store>,
    /// The browser demo's files, if there are any.
    pub www: Option<StaticFiles>,
    /// The counters of every request and delivery.
    pub metrics: Arc<Metrics>,
}

/// What a request is counted and logged as: a bounded set of routes, never the path as sent.
pub struct Label {
    /// The route: `/api/v2` and the operation's route path, one of the server's own paths,
    /// `static` or `unmatched`.
    pub route: String,
    /// The operation of an API request.
    pub operation: Option<&'static str>,
}

impl Label {
    /// A request that reached no route (or was not read).
    pub fn unmatched() -> Label {
        Label {
            route: "unmatched".into(),
            operation: None,
        }
    }
}

impl Site {
    /// Answers one request.
    pub fn respond(&self, req: &Request) -> Response {
        if is_api(&req.path) {
            self.store.handle(req)
        } else if let Some(probe) = crate::health::probe(&self.store, &req.method, &req.path) {
            probe
        } else if req.path == METRICS {
            self.metrics.render(&self.store)
        } else if let Some(page) = crate::pages::serve(&req.method, &req.path) {
            page
        } else {
            match &self.www {
                Some(files) => files.serve(&req.method, &req.path),
                None => static_files::not_found(),
            }
        }
    }

    /// The label of `req`.
    pub fn label(&self, req: &Request) -> Label {
        if is_api(&req.path) {
            return match userstore::http::operation_of(req) {
                Some((name, path)) => Label {
                    route: format!("{PREFIX}{path}"),
                    operation: Some(name),
                },
                None => Label::unmatched(),
            };
        }
        let own = [
            "/healthz",
            "/readyz",
            METRICS,
            crate::pages::RESET,
            crate::pages::CONFIRM,
        ];
        match own.into_iter().find(|p| *p == req.path) {
            Some(path) => Label {
                route: path.into(),
                operation: None,
            },
            None if self.www.is_some() => Label {
                route: "static".into(),
                operation: None,
            },
            None => Label::unmatched(),
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
