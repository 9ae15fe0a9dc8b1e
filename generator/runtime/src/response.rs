//! What a successful call returns: the typed body plus status, headers and rate limit.

use std::ops::Deref;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::StatusCode;

use crate::RateLimit;

/// A successful (2xx) response with its body decoded as `T`.
///
/// Derefs to the body, so `response.id` works; `into_body()` takes it out.
#[derive(Debug, Clone)]
pub struct ApiResponse<T> {
    status: StatusCode,
    headers: HeaderMap,
    rate_limit: RateLimit,
    attempts: u32,
    waited: Duration,
    body: T,
}

impl<T> ApiResponse<T> {
    pub(crate) fn new(
        status: StatusCode,
        headers: HeaderMap,
        rate_limit: RateLimit,
        body: T,
        attempts: u32,
        waited: Duration,
    ) -> Self {
        ApiResponse {
            status,
            headers,
            rate_limit,
            attempts,
            waited,
            body,
        }
    }

    /// How many attempts the call took (1 when the first one succeeded).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// How long the call waited in all: retry backoff plus client-side throttling.
    pub fn waited(&self) -> Duration {
        self.waited
    }

    /// The HTTP status, e.g. `200 OK` or `201 Created`.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// All response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The `x-ratelimit-*` headers, parsed.
    pub fn rate_limit(&self) -> RateLimit {
        self.rate_limit
    }

    /// The decoded body.
    pub fn body(&self) -> &T {
        &self.body
    }

    /// Takes the decoded body, dropping status and headers.
    pub fn into_body(self) -> T {
        self.body
    }

    /// The same response with its body transformed.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> ApiResponse<U> {
        ApiResponse {
            status: self.status,
            headers: self.headers,
            rate_limit: self.rate_limit,
            attempts: self.attempts,
            waited: self.waited,
            body: f(self.body),
        }
    }
}

impl<T> Deref for ApiResponse<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.body
    }
}
