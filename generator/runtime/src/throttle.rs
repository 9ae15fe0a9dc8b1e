//! Client-side throttling: stay inside the rate limit the server announces instead of collecting
//! 429s. Shared by every clone of a client and every task using it.
//!
//! One bucket per operation (Frame.io limits each endpoint separately). While an operation's
//! limit is unknown (before its first response, or when its responses announce none) nothing is
//! held back: an unknown limit is no reason to queue calls, and a server that hangs must not turn
//! a burst of calls into a line of them. Once the `x-ratelimit-*` headers are known, each request
//! takes one of the calls the server said remain; when none remain, the next request waits until
//! every request in flight has come back and a whole window has passed since the last of them. Waiting a full window after the last response is conservative: it is safe
//! whether the server counts in fixed or sliding windows, and whatever the network delay.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

use crate::RateLimit;

/// Buckets by operationId. Keys are a few bytes and not attacker-chosen, so FNV-1a does (the
/// default SipHash showed up in the client's per-call profile).
type Buckets = HashMap<&'static str, Bucket, BuildHasherDefault<Fnv>>;

#[derive(Default)]
struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut hash = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for byte in bytes {
            hash = (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = hash;
    }
}

#[derive(Debug, Default)]
pub(crate) struct Throttle {
    buckets: Mutex<Buckets>,
    changed: Notify,
    /// Callers waiting for a change; counted under the buckets' lock, so that a release that
    /// sees none after its own update can skip the wake-up.
    waiting: AtomicUsize,
}

#[derive(Debug, Default)]
struct Bucket {
    /// What the server last announced.
    limit: Option<u64>,
    window: Option<Duration>,
    /// Calls this client may still start in the current window.
    remaining: u64,
    /// When the current window began, as far as this client can tell.
    window_start: Option<Instant>,
    in_flight: u32,
    last_done: Option<Instant>,
}

impl Bucket {
    fn known(&self) -> Option<(u64, Duration)> {
        Some((self.limit?, self.window?))
    }
}

/// What a caller must do before sending.
enum Next {
    Go,
    WaitForChange,
    WaitUntil(Instant),
}

impl Throttle {
    fn buckets(&self) -> MutexGuard<'_, Buckets> {
        // A panic while holding the lock cannot leave a bucket half-updated in a harmful way.
        self.buckets.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The permit, when a request for `key` may go at once (the limit is unknown, or calls
    /// remain in the window): the common case, with no future to build. `None`: call `acquire`.
    pub(crate) fn try_acquire(self: &Arc<Self>, key: &'static str) -> Option<Permit> {
        let mut buckets = self.buckets();
        let bucket = buckets.entry(key).or_default();
        match bucket.known() {
            None => {}
            Some(_) if bucket.remaining > 0 => bucket.remaining -= 1,
            Some(_) => return None,
        }
        bucket.in_flight += 1;
        Some(Permit {
            throttle: Some((Arc::clone(self), key)),
        })
    }

    /// Waits until a request for `key` may be sent; returns the permit and the time waited.
    /// A wait for the window longer than `max_wait` is not made: the request goes out and the
    /// server decides (a 429 is then handled by the retry policy).
    pub(crate) async fn acquire(
        self: &Arc<Self>,
        key: &'static str,
        max_wait: Duration,
    ) -> (Permit, Duration) {
        let started = Instant::now();
        let mut waited = false;
        loop {
            // Registered before the lock is released, so no change can slip by unnoticed.
            let changed = self.changed.notified();
            let next = {
                let mut buckets = self.buckets();
                let bucket = buckets.entry(key).or_default();
                let next = match bucket.known() {
                    None => Next::Go,
                    Some(_) if bucket.remaining > 0 => {
                        bucket.remaining -= 1;
                        Next::Go
                    }
                    Some(_) if bucket.in_flight > 0 => Next::WaitForChange,
                    Some((limit, window)) => {
                        let now = Instant::now();
                        let until = bucket.last_done.map_or(now, |done| done + window);
                        if now >= until {
                            bucket.remaining = limit.saturating_sub(1);
                            bucket.window_start = Some(now);
                            Next::Go
                        } else if until.duration_since(started) > max_wait {
                            Next::Go
                        } else {
                            Next::WaitUntil(until)
                        }
                    }
                };
                match next {
                    Next::Go => bucket.in_flight += 1,
                    _ => {
                        self.waiting.fetch_add(1, Ordering::SeqCst);
                    }
                }
                next
            };
            match next {
                Next::Go => {
                    let permit = Permit {
                        throttle: Some((Arc::clone(self), key)),
                    };
                    let elapsed = if waited {
                        started.elapsed()
                    } else {
                        Duration::ZERO
                    };
                    return (permit, elapsed);
                }
                Next::WaitForChange => {
                    let _waiting = Waiting(&self.waiting);
                    changed.await
                }
                Next::WaitUntil(until) => {
                    let _waiting = Waiting(&self.waiting);
                    tokio::time::sleep_until(until).await
                }
            }
            waited = true;
        }
    }

    fn release(&self, key: &'static str, announced: Option<RateLimit>) {
        {
            let mut buckets = self.buckets();
            let bucket = buckets.entry(key).or_default();
            let now = Instant::now();
            bucket.in_flight = bucket.in_flight.saturating_sub(1);
            bucket.last_done = Some(now);
            if let Some(RateLimit {
                limit: Some(limit),
                remaining: Some(remaining),
                window: Some(window),
                ..
            }) = announced
            {
                let fresh_window = match (bucket.known(), bucket.window_start) {
                    (Some(_), Some(start)) => now.duration_since(start) >= window,
                    _ => true,
                };
                // This client's other requests in flight may not be counted by the server yet:
                // take them off its count. Within a window, also keep the smaller count.
                let server_view = remaining.saturating_sub(u64::from(bucket.in_flight));
                bucket.remaining = if fresh_window {
                    server_view
                } else {
                    bucket.remaining.min(server_view)
                };
                if fresh_window {
                    bucket.window_start = Some(now);
                }
                bucket.limit = Some(limit);
                bucket.window = Some(window);
            }
        }
        if self.waiting.load(Ordering::SeqCst) > 0 {
            self.changed.notify_waiters();
        }
    }
}

/// Uncounts a waiting caller when its wait ends (or its call is cancelled).
struct Waiting<'a>(&'a AtomicUsize);

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Leave to send one request. `finish` it with what the response announced (`Some`, possibly
/// empty, whenever a response arrived); dropping it (a cancelled call) releases it without news.
#[derive(Debug)]
pub(crate) struct Permit {
    throttle: Option<(Arc<Throttle>, &'static str)>,
}

impl Permit {
    /// A permit from a client that does not throttle.
    pub(crate) fn unthrottled() -> Self {
        Permit { throttle: None }
    }

    pub(crate) fn finish(mut self, announced: Option<RateLimit>) {
        if let Some((throttle, key)) = self.throttle.take() {
            throttle.release(key, announced);
        }
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        if let Some((throttle, key)) = self.throttle.take() {
            throttle.release(key, None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOREVER: Duration = Duration::from_secs(3600);

    fn announced(limit: u64, remaining: u64, window_ms: u64) -> Option<RateLimit> {
        Some(RateLimit {
            limit: Some(limit),
            remaining: Some(remaining),
            window: Some(Duration::from_millis(window_ms)),
        })
    }

    #[tokio::test]
    async fn learns_the_limit_then_waits_a_window_when_exhausted() {
        let throttle = Arc::new(Throttle::default());
        let (probe, waited) = throttle.acquire("op", FOREVER).await;
        assert!(waited < Duration::from_millis(50));
        probe.finish(announced(2, 1, 200));

        let (second, _) = throttle.acquire("op", FOREVER).await;
        second.finish(announced(2, 0, 200));

        let started = Instant::now();
        let (third, waited) = throttle.acquire("op", FOREVER).await;
        assert!(
            started.elapsed() >= Duration::from_millis(200),
            "{:?}",
            started.elapsed()
        );
        assert!(waited >= Duration::from_millis(200));
        third.finish(None);
    }

    #[tokio::test]
    async fn in_flight_requests_count_against_a_fresh_window() {
        let throttle = Arc::new(Throttle::default());
        let (probe, _) = throttle.acquire("op", FOREVER).await;
        probe.finish(announced(3, 2, 10));
        let (a, _) = throttle.acquire("op", FOREVER).await;
        let (b, _) = throttle.acquire("op", FOREVER).await;
        tokio::time::sleep(Duration::from_millis(20)).await;
        // A new window by the clock, but b is still in flight and may be counted in it.
        a.finish(announced(3, 2, 10));
        let (c, _) = throttle.acquire("op", FOREVER).await;
        let blocked =
            tokio::time::timeout(Duration::from_millis(5), throttle.acquire("op", FOREVER)).await;
        assert!(
            blocked.is_err(),
            "b and c are in flight: no call left for a fourth"
        );
        b.finish(None);
        c.finish(None);
    }

    #[tokio::test]
    async fn a_window_longer_than_max_wait_is_not_waited_for() {
        let throttle = Arc::new(Throttle::default());
        let (probe, _) = throttle.acquire("op", FOREVER).await;
        probe.finish(announced(1, 0, 3_600_000));
        let (next, waited) = tokio::time::timeout(
            Duration::from_secs(5),
            throttle.acquire("op", Duration::from_secs(1)),
        )
        .await
        .expect("must not wait an hour");
        assert_eq!(waited, Duration::ZERO);
        next.finish(None);
    }

    #[tokio::test]
    async fn try_acquire_goes_at_once_only_while_calls_remain() {
        let throttle = Arc::new(Throttle::default());
        let probe = throttle
            .try_acquire("op")
            .expect("an unknown limit holds nothing back");
        probe.finish(announced(2, 1, 60_000));
        let last = throttle.try_acquire("op").expect("one call remains");
        assert!(
            throttle.try_acquire("op").is_none(),
            "none remain: the caller must wait in acquire"
        );
        last.finish(None);
    }

    #[tokio::test]
    async fn calls_before_the_first_response_are_not_serialized() {
        let throttle = Arc::new(Throttle::default());
        let burst = async {
            let mut permits = Vec::new();
            for _ in 0..10 {
                permits.push(throttle.acquire("op", FOREVER).await);
            }
            permits
        };
        let permits = tokio::time::timeout(Duration::from_secs(5), burst)
            .await
            .expect("no call may wait for another's response while the limit is unknown");
        assert!(permits.iter().all(|(_, waited)| waited.is_zero()));
        for (permit, _) in permits {
            permit.finish(None);
        }
    }

    #[tokio::test]
    async fn operations_without_rate_limit_headers_are_not_serialized() {
        let throttle = Arc::new(Throttle::default());
        let (probe, _) = throttle.acquire("op", FOREVER).await;
        probe.finish(Some(RateLimit::default()));
        // Two calls in flight at once: neither waits for the other.
        let both = async {
            let (a, _) = throttle.acquire("op", FOREVER).await;
            let (b, _) = throttle.acquire("op", FOREVER).await;
            (a, b)
        };
        let (a, b) = tokio::time::timeout(Duration::from_secs(5), both)
            .await
            .expect("the second call must not wait for the first");
        a.finish(None);
        b.finish(None);
    }

    #[tokio::test]
    async fn buckets_are_per_operation_and_dropped_permits_release() {
        let throttle = Arc::new(Throttle::default());
        let (a, _) = throttle.acquire("a", FOREVER).await;
        // Another operation is not blocked by a's probe.
        let (b, _) = throttle.acquire("b", FOREVER).await;
        drop(a);
        // a's probe was dropped without news: the next probe may go.
        let (a2, waited) = throttle.acquire("a", FOREVER).await;
        assert!(waited < Duration::from_millis(50));
        a2.finish(None);
        b.finish(None);
    }
}
