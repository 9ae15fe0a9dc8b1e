//! When to send a request again, and how long to wait first.
//!
//! The default policy follows what rate-limited APIs ask of clients (Frame.io's guidance among
//! them): after a 429, wait at least a second and back off exponentially; after a 5xx, wait
//! longer, with jitter, and try fewer times. It never sends a non-idempotent request twice unless the failure proves the
//! server did not receive it.

use std::time::{Duration, SystemTime};

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};

use crate::RateLimit;

/// How a client retries. `Default` follows what rate-limited APIs commonly ask (see the module
/// docs and the field docs).
///
/// ```
/// use std::time::Duration;
/// use openapi_rust_gen_runtime::RetryPolicy;
///
/// let patient = RetryPolicy::default()
///     .max_attempts(8)
///     .budget(Duration::from_secs(300));
/// let never = RetryPolicy::none();
/// # let _ = (patient, never);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Most attempts in all (the first included) when the server answers 429. Default: 5.
    pub max_attempts: u32,
    /// Most attempts in all after 5xx answers, timeouts and connection failures. Default: 3.
    pub max_server_error_attempts: u32,
    /// First backoff after a 429 without `Retry-After` or rate-limit headers; doubles per
    /// attempt. Default: 1 s (Frame.io: "wait at least a second").
    pub base_delay: Duration,
    /// First backoff after a 5xx, timeout or connection failure; doubles per attempt.
    /// Default: 2 s (Frame.io: wait longer on server errors).
    pub server_error_base_delay: Duration,
    /// No single wait is longer than this; a server asking for more ends the retries. Default: 60 s.
    pub max_delay: Duration,
    /// Randomize backoff waits (half fixed, half random) so clients do not retry in lockstep.
    /// Waits the server asks for (`Retry-After`, rate-limit window) are not randomized. Default: on.
    pub jitter: bool,
    /// Total time a call may spend waiting between attempts. Default: 120 s.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            max_server_error_attempts: 3,
            base_delay: Duration::from_secs(1),
            server_error_base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(60),
            jitter: true,
            budget: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            max_server_error_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets `max_attempts` (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets `max_server_error_attempts` (at least 1).
    pub fn max_server_error_attempts(mut self, attempts: u32) -> Self {
        self.max_server_error_attempts = attempts.max(1);
        self
    }

    /// Sets `base_delay`.
    pub fn base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }

    /// Sets `server_error_base_delay`.
    pub fn server_error_base_delay(mut self, delay: Duration) -> Self {
        self.server_error_base_delay = delay;
        self
    }

    /// Sets `max_delay`.
    pub fn max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }

    /// Sets `jitter`.
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// Sets `budget`.
    pub fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The server answered 429.
    TooManyRequests,
    /// The server answered 5xx.
    ServerError,
    /// No connection could be made: the request was certainly not received.
    Connect,
    /// Timed out, or the connection broke after the request may have been received.
    Interrupted,
    /// Anything else (4xx, undecodable success body, invalid request): retrying cannot help.
    Final,
}

impl Failure {
    pub(crate) fn from_status(status: StatusCode) -> Self {
        if status == StatusCode::TOO_MANY_REQUESTS {
            Failure::TooManyRequests
        } else if status.is_server_error() {
            Failure::ServerError
        } else {
            Failure::Final
        }
    }

    pub(crate) fn from_transport(error: &reqwest::Error) -> Self {
        if error.is_connect() {
            Failure::Connect
        } else {
            Failure::Interrupted
        }
    }
}

/// Methods that mean the same when sent twice (RFC 9110 §9.2.2).
pub(crate) fn is_idempotent(method: &Method) -> bool {
    matches!(
        *method,
        Method::GET | Method::HEAD | Method::PUT | Method::DELETE | Method::OPTIONS | Method::TRACE
    )
}

/// Whether a failure of this kind may be retried for this method, attempts aside.
pub(crate) fn is_retryable(failure: Failure, method: &Method) -> bool {
    match failure {
        // A 429 means the request was not processed; a refused connection, not received.
        Failure::TooManyRequests | Failure::Connect => true,
        Failure::ServerError | Failure::Interrupted => is_idempotent(method),
        Failure::Final => false,
    }
}

/// One failed attempt, as the policy sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attempt<'a> {
    pub(crate) failure: Failure,
    pub(crate) method: &'a Method,
    /// 1 for the first attempt.
    pub(crate) number: u32,
    /// The response headers, when the server answered.
    pub(crate) headers: Option<&'a HeaderMap>,
    pub(crate) rate_limit: Option<RateLimit>,
}

impl RetryPolicy {
    /// How long to wait before the next attempt, or `None` to stop. `waited` is the time this
    /// call has already spent waiting.
    pub(crate) fn delay(
        &self,
        attempt: &Attempt<'_>,
        waited: Duration,
        random: &mut Random,
    ) -> Option<Duration> {
        let Attempt {
            failure,
            method,
            number: attempt,
            headers,
            rate_limit,
        } = *attempt;
        if !is_retryable(failure, method) {
            return None;
        }
        let max = match failure {
            Failure::TooManyRequests => self.max_attempts,
            _ => self.max_server_error_attempts,
        };
        if attempt >= max {
            return None;
        }
        // The server's own word on when to come back: `Retry-After` (on 429, 503 or any 5xx),
        // or, on a 429, the rate-limit window when nothing remains in it.
        let asked = match failure {
            Failure::TooManyRequests => headers
                .and_then(|h| retry_after(h, SystemTime::now()))
                .or_else(|| window_wait(rate_limit?)),
            Failure::ServerError => headers.and_then(|h| retry_after(h, SystemTime::now())),
            _ => None,
        };
        let delay = match asked {
            Some(asked) if asked > self.max_delay => return None,
            // Frame.io: after a 429, wait at least a second (the base delay) whatever is asked.
            Some(asked) if failure == Failure::TooManyRequests => asked.max(self.base_delay),
            Some(asked) => asked,
            None => {
                let base = match failure {
                    Failure::TooManyRequests => self.base_delay,
                    _ => self.server_error_base_delay,
                };
                let exponential = base
                    .saturating_mul(1u32 << (attempt - 1).min(16))
                    .min(self.max_delay);
                if self.jitter {
                    let half = exponential / 2;
                    half + half.mul_f64(random.next_unit())
                } else {
                    exponential
                }
            }
        };
        (waited.saturating_add(delay) <= self.budget).then_some(delay)
    }
}

/// `Retry-After` (RFC 9110 §10.2.3) as a wait from `now`: delay-seconds (an integer, or the
/// decimal some servers send) or an HTTP date, in the preferred IMF-fixdate form or the two
/// obsolete forms recipients must accept. A date in the past means "now"; garbage is ignored.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<f64>() {
        return (0.0..1e9)
            .contains(&seconds)
            .then(|| Duration::from_secs_f64(seconds));
    }
    let date = http_date(value)?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An HTTP date: `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT`
/// (RFC 850) or `Sun Nov  6 08:49:37 1994` (asctime). All are UTC.
fn http_date(value: &str) -> Option<SystemTime> {
    use chrono::NaiveDateTime;
    let parsed = NaiveDateTime::parse_from_str(value, "%a, %d %b %Y %H:%M:%S GMT")
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%A, %d-%b-%y %H:%M:%S GMT"))
        .or_else(|_| NaiveDateTime::parse_from_str(value, "%a %b %e %H:%M:%S %Y"))
        .ok()?;
    Some(SystemTime::from(parsed.and_utc()))
}

/// A 429 saying nothing is left in the window: wait for the window.
fn window_wait(rate_limit: RateLimit) -> Option<Duration> {
    (rate_limit.remaining == Some(0)).then_some(rate_limit.window?)
}

/// A small xorshift generator for jitter: no dependency, seeded per client from std's random
/// hasher keys, good enough to spread retries.
#[derive(Debug, Clone)]
pub(crate) struct Random(u64);

impl Random {
    pub(crate) fn new() -> Self {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(0x9e37_79b9_7f4a_7c15);
        Random(hasher.finish() | 1)
    }

    /// A number in [0, 1).
    pub(crate) fn next_unit(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            jitter: false,
            ..RetryPolicy::default()
        }
    }

    fn attempt<'a>(
        failure: Failure,
        method: &'a Method,
        number: u32,
        headers: Option<&'a HeaderMap>,
        rate_limit: Option<RateLimit>,
    ) -> Attempt<'a> {
        Attempt {
            failure,
            method,
            number,
            headers,
            rate_limit,
        }
    }

    fn delay(failure: Failure, method: Method, number: u32) -> Option<Duration> {
        let a = attempt(failure, &method, number, None, None);
        policy().delay(&a, Duration::ZERO, &mut Random::new())
    }

    #[test]
    fn what_is_retried_for_which_method() {
        assert!(delay(Failure::TooManyRequests, Method::POST, 1).is_some());
        assert!(delay(Failure::Connect, Method::POST, 1).is_some());
        assert!(delay(Failure::ServerError, Method::POST, 1).is_none());
        assert!(delay(Failure::Interrupted, Method::POST, 1).is_none());
        assert!(delay(Failure::ServerError, Method::DELETE, 1).is_some());
        assert!(delay(Failure::Interrupted, Method::GET, 1).is_some());
        assert!(delay(Failure::Final, Method::GET, 1).is_none());
    }

    #[test]
    fn backoff_doubles_and_attempts_are_capped() {
        assert_eq!(
            delay(Failure::TooManyRequests, Method::GET, 1),
            Some(Duration::from_secs(1))
        );
        assert_eq!(
            delay(Failure::TooManyRequests, Method::GET, 3),
            Some(Duration::from_secs(4))
        );
        assert_eq!(delay(Failure::TooManyRequests, Method::GET, 5), None);
        assert_eq!(
            delay(Failure::ServerError, Method::GET, 1),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            delay(Failure::ServerError, Method::GET, 2),
            Some(Duration::from_secs(4))
        );
        assert_eq!(delay(Failure::ServerError, Method::GET, 3), None);
    }

    #[test]
    fn server_asked_waits_win_and_the_budget_holds() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        let p = policy();
        let mut r = Random::new();
        let m = Method::POST;
        assert_eq!(
            p.delay(
                &attempt(Failure::TooManyRequests, &m, 1, Some(&headers), None),
                Duration::ZERO,
                &mut r
            ),
            Some(Duration::from_secs(7))
        );
        let exhausted = RateLimit {
            limit: Some(10),
            remaining: Some(0),
            window: Some(Duration::from_millis(1500)),
        };
        assert_eq!(
            p.delay(
                &attempt(Failure::TooManyRequests, &m, 1, None, Some(exhausted)),
                Duration::ZERO,
                &mut r
            ),
            Some(Duration::from_millis(1500))
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("0"));
        assert_eq!(
            p.delay(
                &attempt(Failure::TooManyRequests, &m, 1, Some(&headers), None),
                Duration::ZERO,
                &mut r
            ),
            Some(Duration::from_secs(1)),
            "after a 429, at least the base delay (a second by default)"
        );
        headers.insert(RETRY_AFTER, HeaderValue::from_static("3600"));
        assert_eq!(
            p.delay(
                &attempt(Failure::TooManyRequests, &m, 1, Some(&headers), None),
                Duration::ZERO,
                &mut r
            ),
            None,
            "a wait beyond max_delay ends the retries"
        );
        assert_eq!(
            p.delay(
                &attempt(Failure::TooManyRequests, &m, 1, None, None),
                Duration::from_secs(120),
                &mut r
            ),
            None,
            "no budget left"
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_all_three_http_date_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_717); // 08:48:37 GMT
        let read = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
            retry_after(&headers, now)
        };
        let minute = Some(Duration::from_secs(60));
        assert_eq!(read("Sun, 06 Nov 1994 08:49:37 GMT"), minute);
        assert_eq!(read("Sunday, 06-Nov-94 08:49:37 GMT"), minute);
        assert_eq!(read("Sun Nov  6 08:49:37 1994"), minute);
        assert_eq!(read("120"), Some(Duration::from_secs(120)));
        assert_eq!(read("1.5"), Some(Duration::from_millis(1500)));
        assert_eq!(
            read("Sun, 06 Nov 1994 08:00:00 GMT"),
            Some(Duration::ZERO),
            "a date in the past: now"
        );
        assert_eq!(read("soon"), None);
        assert_eq!(read("-3"), None);
    }

    #[test]
    fn retry_after_on_a_5xx_is_obeyed() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        let m = Method::GET;
        let asked = policy().delay(
            &attempt(Failure::ServerError, &m, 1, Some(&headers), None),
            Duration::ZERO,
            &mut Random::new(),
        );
        assert_eq!(asked, Some(Duration::from_secs(7)));
        let post = Method::POST;
        let asked = policy().delay(
            &attempt(Failure::ServerError, &post, 1, Some(&headers), None),
            Duration::ZERO,
            &mut Random::new(),
        );
        assert_eq!(asked, None, "a 5xx to a POST may have been processed");
    }

    #[test]
    fn jitter_stays_within_half_to_full() {
        let p = RetryPolicy::default();
        let mut r = Random::new();
        for _ in 0..1000 {
            let d = p
                .delay(
                    &attempt(Failure::ServerError, &Method::GET, 2, None, None),
                    Duration::ZERO,
                    &mut r,
                )
                .unwrap();
            assert!(
                d >= Duration::from_secs(2) && d <= Duration::from_secs(4),
                "{d:?}"
            );
        }
    }

    #[test]
    fn none_never_retries() {
        let p = RetryPolicy::none();
        let m = Method::GET;
        let mut r = Random::new();
        for failure in [
            Failure::TooManyRequests,
            Failure::Connect,
            Failure::ServerError,
        ] {
            assert_eq!(
                p.delay(&attempt(failure, &m, 1, None, None), Duration::ZERO, &mut r),
                None
            );
        }
    }
}
