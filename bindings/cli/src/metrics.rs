//! The server's metrics, in the Prometheus (OpenMetrics) text format at `GET /metrics`.
//!
//! Labels come from bounded sets only: a request's route is its operation's route path
//! (`/api/v2/users/{userId}`), one of the server's own paths, `static` for the demo's files or
//! `unmatched`, never the path as sent.

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::encoding::text::encode;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::time::Duration;
use userstore::Store;
use userstore::http::Response;

/// The content type of the text [`Metrics::render`] writes.
const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    route: String,
    method: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabel {
    outcome: &'static str,
}

/// How a delivery attempt ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The transport accepted the mail.
    Delivered,
    /// It failed; the mail is tried again later.
    Failed,
    /// It failed for the last time; the mail is given up.
    Abandoned,
}

/// A request's duration histogram: 1 ms to about 16 s.
fn duration_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.001, 2.0, 15))
}

/// What one answered request tells the metrics.
pub struct Answered<'a> {
    /// Its route label.
    pub route: &'a str,
    /// Its operation, for an API request.
    pub operation: Option<&'a str>,
    /// Its method.
    pub method: &'a str,
    /// The response.
    pub response: &'a Response,
    /// How long it took.
    pub elapsed: Duration,
}

/// Every metric of the server.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    durations: Family<RouteLabels, Histogram, fn() -> Histogram>,
    logins: Family<OutcomeLabel, Counter>,
    lockouts: Counter,
    reset_demands: Counter,
    outbox_pending: Gauge,
    deliveries: Family<OutcomeLabel, Counter>,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::default();
        let requests = Family::<RequestLabels, Counter>::default();
        let durations = Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(
            duration_histogram,
        );
        let logins = Family::<OutcomeLabel, Counter>::default();
        let lockouts = Counter::default();
        let reset_demands = Counter::default();
        let outbox_pending = Gauge::default();
        let deliveries = Family::<OutcomeLabel, Counter>::default();
        registry.register(
            "userstore_http_requests",
            "HTTP requests answered, by route, method and status",
            requests.clone(),
        );
        registry.register(
            "userstore_http_request_duration_seconds",
            "Time to answer an HTTP request, by route",
            durations.clone(),
        );
        registry.register(
            "userstore_logins",
            "Logins (POST /api/v2/sessions) by outcome: success, failure, locked, throttled",
            logins.clone(),
        );
        registry.register(
            "userstore_lockouts",
            "Requests refused because too many attempts failed (IM011)",
            lockouts.clone(),
        );
        registry.register(
            "userstore_reset_demands",
            "Password reset demands accepted",
            reset_demands.clone(),
        );
        registry.register(
            "userstore_outbox_pending",
            "Mails waiting for delivery",
            outbox_pending.clone(),
        );
        registry.register(
            "userstore_mail_deliveries",
            "Mail delivery attempts by outcome: delivered, failed, abandoned (the last failure)",
            deliveries.clone(),
        );
        Metrics {
            registry,
            requests,
            durations,
            logins,
            lockouts,
            reset_demands,
            outbox_pending,
            deliveries,
        }
    }
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, a: &Answered<'_>) {
        let status = a.response.status;
        self.requests
            .get_or_create(&RequestLabels {
                route: a.route.to_owned(),
                method: method_label(a.method).to_owned(),
                status,
            })
            .inc();
        self.durations
            .get_or_create(&RouteLabels {
                route: a.route.to_owned(),
            })
            .observe(a.elapsed.as_secs_f64());
        let code = error_code(a.response);
        let code = code.as_deref();
        if code == Some("IM011") {
            self.lockouts.inc();
        }
        match a.operation {
            Some("login") => {
                let outcome = match (status, code) {
                    (200, _) => "success",
                    (_, Some("IM011")) => "locked",
                    (429, _) => "throttled",
                    _ => "failure",
                };
                self.logins.get_or_create(&OutcomeLabel { outcome }).inc();
            }
            Some("demandPasswordReset") if status == 200 => {
                self.reset_demands.inc();
            }
            _ => {}
        }
    }

    /// Counts one delivery attempt.
    pub fn delivery(&self, outcome: Outcome) {
        let outcome = match outcome {
            Outcome::Delivered => "delivered",
            Outcome::Failed => "failed",
            Outcome::Abandoned => "abandoned",
        };
        self.deliveries
            .get_or_create(&OutcomeLabel { outcome })
            .inc();
    }

    /// The metrics as text, the outbox counted now; the answer to `GET /metrics`.
    pub fn render(&self, store: &Store) -> Response {
        if let Ok(pending) = store.pending_mail() {
            self.outbox_pending.set(pending);
        }
        let mut text = String::new();
        match encode(&mut text, &self.registry) {
            Ok(()) => Response {
                status: 200,
                headers: vec![("content-type".into(), CONTENT_TYPE.into())],
                body: text.into_bytes(),
            },
            Err(_) => Response {
                status: 500,
                headers: Vec::new(),
                body: Vec::new(),
            },
        }
    }
}

/// The method as a label: one of HTTP's common methods, or `other` (a client may send any
/// token as a method).
fn method_label(method: &str) -> &str {
    const KNOWN: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    KNOWN.into_iter().find(|m| *m == method).unwrap_or("other")
}

/// The Make error code of an error response (`"IM011"`), read from its JSON body.
fn error_code(r: &Response) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        code: String,
    }
    if r.status < 400 {
        return None;
    }
    serde_json::from_slice::<ErrorBody>(&r.body)
        .ok()
        .map(|e| e.code)
}
