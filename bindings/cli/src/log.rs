//! The request log: one line per request on stderr.
//!
//! A line holds the time, the method, the path, the status and the duration, and nothing
//! else: never the query string (a reset link's hash travels in it), never a header
//! (credentials, cookies) and never a body (passwords).

use std::time::Duration;
use userstore::Clock;
use userstore::clock::{Millis, iso8601};

/// Writes the log line of one answered request.
pub fn request(method: &str, path: &str, status: u16, elapsed: Duration) {
    let now = userstore::SystemClock.now();
    eprintln!("{}", line(now, method, path, status, elapsed));
}

/// `2026-01-02T03:04:05.678Z GET /api/v2/users 200 1.2ms`.
fn line(now: Millis, method: &str, path: &str, status: u16, elapsed: Duration) -> String {
    let ms = elapsed.as_secs_f64() * 1000.0;
    format!("{} {method} {path} {status} {ms:.1}ms", iso8601(now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_has_time_method_path_status_and_duration() {
        let l = line(
            1_767_323_045_678,
            "GET",
            "/api/v2/users/password-reset",
            200,
            Duration::from_micros(1250),
        );
        assert_eq!(
            l,
            "2026-01-02T03:04:05.678Z GET /api/v2/users/password-reset 200 1.2ms"
        );
    }
}
