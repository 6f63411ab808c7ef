//! Per-client throttling of the credential routes (SPEC section 4): a token bucket per client
//! key, kept as GCRA's "theoretical arrival time", so one number per client and no timer.
//!
//! A client may make `burst` requests at once and earns one back every `60 / per_minute`
//! seconds. The state lives in the process: each server process throttles what it sees.

use crate::config::RateLimit;
use crate::host::clock::Millis;
use crate::wire::error::{Error, Result};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// Most clients remembered at once; past it, clients whose bucket is full again are
/// forgotten (they would start from a full bucket anyway), and if more than half are still
/// being throttled, all of them: the sweep costs a pass over the map, so it must free enough
/// room to be rare.
const MAX_CLIENTS: usize = 100_000;

/// The buckets of every client seen recently.
pub(crate) struct Throttle {
    /// Milliseconds between two earned requests.
    interval: Millis,
    /// How far ahead of now a client's arrival time may run: `(burst - 1) * interval`.
    tolerance: Millis,
    /// Client key → theoretical arrival time of its next request.
    clients: Mutex<HashMap<String, Millis>>,
}

impl Throttle {
    pub(crate) fn new(limit: RateLimit) -> Throttle {
        let interval = (60_000 / Millis::from(limit.per_minute.max(1))).max(1);
        Throttle {
            interval,
            tolerance: interval * Millis::from(limit.burst.max(1) - 1),
            clients: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one request from `client`'s bucket at `now`, or answers `SC429` with the seconds
    /// until the next one is earned.
    pub(crate) fn take(&self, client: &str, now: Millis) -> Result<()> {
        let mut clients = self.clients.lock().unwrap_or_else(PoisonError::into_inner);
        if clients.len() >= MAX_CLIENTS && !clients.contains_key(client) {
            clients.retain(|_, tat| *tat > now);
            if clients.len() > MAX_CLIENTS / 2 {
                // Tens of thousands of clients throttled at once: more addresses than any
                // deployment has users. Start over rather than grow, or sweep, without bound.
                clients.clear();
            }
        }
        let tat = clients.get(client).copied().unwrap_or(now).max(now);
        let ahead = tat - now;
        if ahead > self.tolerance {
            let wait_ms = ahead - self.tolerance;
            return Err(Error::rate_limited((wait_ms as u64).div_ceil(1000)));
        }
        clients.insert(client.to_owned(), tat + self.interval);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_one_request_per_interval() {
        let t = Throttle::new(RateLimit {
            burst: 3,
            per_minute: 6,
        });
        for _ in 0..3 {
            t.take("a", 0).unwrap();
        }
        let e = t.take("a", 0).unwrap_err();
        assert_eq!((e.code(), e.retry_after()), (crate::Code::SC429, Some(10)));
        // Another client has its own bucket.
        t.take("b", 0).unwrap();
        // 10 s later one request is earned back, and only one.
        t.take("a", 10_000).unwrap();
        assert_eq!(t.take("a", 10_000).unwrap_err().retry_after(), Some(10));
        // A refused request costs nothing: after a full minute the burst is back.
        for _ in 0..3 {
            t.take("a", 70_000).unwrap();
        }
    }
}
