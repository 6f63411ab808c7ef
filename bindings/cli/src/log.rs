//! The server's log on stderr, through `tracing`: plain text (one line per request) or JSON
//! Lines (`--log-format json`), each request with its `request_id`.
//!
//! A request's entry holds the time, the request id, the method, the route, the path, the
//! status and the duration, and nothing else: never the query string (a reset link's hash
//! travels in it), never a header (credentials, cookies) and never a body (passwords). The
//! courier's entries name a mail by id and kind, never its body or link.

use crate::settings::LogFormat;
use std::fmt::Write as _;
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::{Event, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;
use userstore::Clock;
use userstore::clock::{Millis, iso8601};

/// The target of request entries.
const REQUESTS: &str = "userstore::request";

/// Sends `tracing`'s events to stderr in `format`, from now on.
pub fn init(format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(false);
    let _ = match format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init(),
        LogFormat::Text => builder.event_format(Text).try_init(),
    };
}

/// Logs one answered request.
pub fn request(id: &str, method: &str, route: &str, path: &str, status: u16, elapsed: Duration) {
    let duration_ms = (elapsed.as_secs_f64() * 10_000.0).round() / 10.0;
    tracing::info!(
        target: REQUESTS,
        request_id = id,
        method,
        route,
        path,
        status,
        duration_ms,
        "request"
    );
}

/// The text format: a request is `2026-01-02T03:04:05.678Z GET /api/v2/users 200 1.2ms`;
/// anything else is `userstore: ` and its message, then its fields as `key=value`.
struct Text;

impl<S, N> FormatEvent<S, N> for Text
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        _: &FmtContext<'_, S, N>,
        mut w: Writer<'_>,
        event: &Event<'_>,
    ) -> std::fmt::Result {
        let mut fields = Fields::default();
        event.record(&mut fields);
        if event.metadata().target() == REQUESTS {
            let get = |name: &str| fields.get(name).unwrap_or("-");
            let now = userstore::SystemClock.now();
            writeln!(
                w,
                "{}",
                request_line(
                    now,
                    get("method"),
                    get("path"),
                    get("status"),
                    get("duration_ms")
                )
            )
        } else {
            let mut line = format!("userstore: {}", fields.get("message").unwrap_or_default());
            for (name, value) in fields.0.iter().filter(|(n, _)| *n != "message") {
                let _ = write!(line, " {name}={value}");
            }
            writeln!(w, "{line}")
        }
    }
}

/// `2026-01-02T03:04:05.678Z GET /api/v2/users 200 1.2ms`.
fn request_line(now: Millis, method: &str, path: &str, status: &str, ms: &str) -> String {
    let ms: f64 = ms.parse().unwrap_or_default();
    format!("{} {method} {path} {status} {ms:.1}ms", iso8601(now))
}

/// An event's fields, as text.
#[derive(Default)]
struct Fields(Vec<(&'static str, String)>);

impl Fields {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

impl Visit for Fields {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name(), value.to_owned()));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name(), format!("{value:?}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_time_method_path_status_and_duration() {
        let l = request_line(
            1_767_323_045_678,
            "GET",
            "/api/v2/users/password-reset",
            "200",
            "1.25",
        );
        assert_eq!(
            l,
            "2026-01-02T03:04:05.678Z GET /api/v2/users/password-reset 200 1.2ms"
        );
    }
}
