//! The rate limit a response announces in its `x-ratelimit-*` headers.

use std::time::Duration;

use reqwest::header::HeaderMap;

/// The longest believable rate-limit window: one day.
const MAX_WINDOW_MS: u64 = 24 * 60 * 60 * 1000;

/// `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-window` (milliseconds), parsed
/// from every response, success or error.
///
/// Parsing is tolerant: Frame.io sends these as integers on v4 and as a double and strings on v2,
/// so `10`, `"10"` and `10.0` all read as 10. A missing, negative or unreadable value is `None`,
/// never an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct RateLimit {
    /// How many calls the window allows.
    pub limit: Option<u64>,
    /// How many calls are left in the current window.
    pub remaining: Option<u64>,
    /// The length of the window.
    pub window: Option<Duration>,
}

impl RateLimit {
    /// Reads the rate-limit headers; absent headers give `None` fields.
    pub fn from_headers(headers: &HeaderMap) -> Self {
        // One pass over the few headers a response has: cheaper than three hashed lookups.
        // The first value of a repeated header counts, as `HeaderMap::get` would give it.
        let (mut limit, mut remaining, mut window) = (None, None, None);
        for (name, value) in headers {
            let slot = match name.as_str().strip_prefix("x-ratelimit-") {
                Some("limit") => &mut limit,
                Some("remaining") => &mut remaining,
                Some("window") => &mut window,
                _ => continue,
            };
            if slot.is_none() {
                *slot = Some(value.to_str().ok().and_then(parse_count));
            }
        }
        RateLimit {
            limit: limit.flatten(),
            remaining: remaining.flatten(),
            // A window over a day is garbage, not a reason to stop calling.
            window: window
                .flatten()
                .filter(|ms| *ms <= MAX_WINDOW_MS)
                .map(Duration::from_millis),
        }
    }

    /// Whether the response carried none of the three headers (or none readable).
    pub fn is_empty(&self) -> bool {
        self.limit.is_none() && self.remaining.is_none() && self.window.is_none()
    }
}

/// A non-negative count written as an integer or a float, possibly quoted.
fn parse_count(raw: &str) -> Option<u64> {
    // The common case first: a plain integer.
    if let Ok(n) = raw.parse::<u64>() {
        return Some(n);
    }
    let raw = raw.trim().trim_matches('"').trim();
    if let Ok(n) = raw.parse::<u64>() {
        return Some(n);
    }
    let float = raw.parse::<f64>().ok()?;
    // Float-to-int `as` saturates, so the range check keeps garbage like 1e300 out.
    (float.is_finite() && float >= 0.0 && float < u64::MAX as f64).then(|| float.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    #[test]
    fn reads_v4_integers() {
        let rl = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "10"),
            ("x-ratelimit-remaining", "9"),
            ("x-ratelimit-window", "60000"),
        ]));
        assert_eq!(rl.limit, Some(10));
        assert_eq!(rl.remaining, Some(9));
        assert_eq!(rl.window, Some(Duration::from_secs(60)));
    }

    #[test]
    fn reads_v2_double_and_strings() {
        let rl = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "100.0"),
            ("x-ratelimit-remaining", "\"42\""),
            ("x-ratelimit-window", " 1000 "),
        ]));
        assert_eq!(rl.limit, Some(100));
        assert_eq!(rl.remaining, Some(42));
        assert_eq!(rl.window, Some(Duration::from_secs(1)));
    }

    #[test]
    fn the_first_of_repeated_headers_counts_and_others_are_ignored() {
        let mut map = headers(&[("x-ratelimit-limit", "10"), ("x-ratelimit-reset", "5")]);
        map.append("x-ratelimit-limit", HeaderValue::from_static("99"));
        map.insert("content-length", HeaderValue::from_static("7"));
        let rl = RateLimit::from_headers(&map);
        assert_eq!(rl.limit, Some(10));
        assert_eq!((rl.remaining, rl.window), (None, None));
    }

    #[test]
    fn garbage_and_missing_are_none() {
        let rl = RateLimit::from_headers(&headers(&[
            ("x-ratelimit-limit", "lots"),
            ("x-ratelimit-remaining", "-1"),
            ("x-ratelimit-window", "1e15"),
        ]));
        assert!(rl.is_empty());
        assert!(RateLimit::from_headers(&HeaderMap::new()).is_empty());
    }
}
