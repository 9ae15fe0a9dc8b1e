//! The one error type every operation returns, generic over the API's error body.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};

use crate::RateLimit;

/// Longest body excerpt shown in `Display` output.
const SNIPPET_CHARS: usize = 200;

/// Everything that can go wrong calling the API. `E` is the API's error body: a generated
/// crate's `Error` is this type with its `ErrorBody`.
///
/// Match `Error::Api` for answers the server gave (with the status and the typed error body the
/// spec declares for it); the other variants say the call did not get that far or its success
/// body did not decode. `Display` is one line, fit for a log; no variant contains the token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<E> {
    /// The server answered with a non-success status.
    #[error(transparent)]
    Api(Box<ApiError<E>>),
    /// A success response whose body does not match the spec.
    #[error(transparent)]
    Decode(Box<DecodeError>),
    /// No complete response arrived within the configured timeout (on the last attempt).
    #[error("{operation}: timed out after {attempts} attempt(s): {source}")]
    Timeout {
        /// The operationId of the call, e.g. `deleteAsset`.
        operation: &'static str,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
        /// Attempts made, the last one included.
        attempts: u32,
        /// Time spent waiting between attempts and for the rate limit.
        waited: Duration,
    },
    /// The request could not be sent or the response not read (DNS, TLS, connection refused or
    /// reset, ...).
    #[error("{operation}: transport error after {attempts} attempt(s): {source}")]
    Transport {
        /// The operationId of the call, e.g. `deleteAsset`.
        operation: &'static str,
        /// What the HTTP client reported.
        #[source]
        source: reqwest::Error,
        /// Attempts made, the last one included.
        attempts: u32,
        /// Time spent waiting between attempts and for the rate limit.
        waited: Duration,
    },
    /// A success response whose body is longer than the client's limit (the client builder's
    /// `max_body_size`); reading stopped there. Not retried: asking again brings the same body.
    #[error("{operation}: the {status} response body is longer than the {limit}-byte limit")]
    BodyTooLarge {
        /// The operationId of the call, e.g. `deleteAsset`.
        operation: &'static str,
        /// The response status.
        status: StatusCode,
        /// The limit in bytes.
        limit: usize,
        /// The rate limit the response announced.
        rate_limit: RateLimit,
        /// Attempts made, the last one included.
        attempts: u32,
        /// Time spent waiting between attempts and for the rate limit.
        waited: Duration,
    },
    /// No access token could be had from the client's token source: the OAuth2 token endpoint refused (see
    /// [`TokenError::code`](crate::TokenError::code), e.g. `invalid_client`) or could not be
    /// reached, or your callback failed. The call was not sent (again).
    #[error("{operation}: cannot get an access token: {source}")]
    Token {
        /// The operationId of the call, e.g. `deleteAsset`.
        operation: &'static str,
        /// Why no token could be had.
        #[source]
        source: Box<crate::TokenError>,
        /// Attempts sent before the token was needed again (0 or 1).
        attempts: u32,
    },
    /// The arguments cannot form a valid request (e.g. a path parameter of `..`).
    #[error("{operation}: invalid request: {message}")]
    InvalidRequest {
        /// The operationId of the call, e.g. `deleteAsset`.
        operation: &'static str,
        /// What is wrong with the arguments.
        message: String,
    },
    /// The client was configured with something unusable (e.g. a malformed base URL).
    #[error("invalid client configuration: {0}")]
    Config(String),
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<StatusCode> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            Error::BodyTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's error answer, if that is what this is.
    pub fn as_api(&self) -> Option<&ApiError<E>> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The typed error body, when the server answered with one the spec declares.
    pub fn error_body(&self) -> Option<&E> {
        self.as_api().and_then(|e| e.body.as_ref())
    }

    /// The rate limit the failing response announced, if any.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        match self {
            Error::Api(e) => Some(e.rate_limit),
            Error::Decode(e) => Some(e.rate_limit),
            Error::BodyTooLarge { rate_limit, .. } => Some(*rate_limit),
            _ => None,
        }
    }

    /// Whether the call timed out.
    pub fn is_timeout(&self) -> bool {
        matches!(self, Error::Timeout { .. })
    }

    /// Whether the same call might succeed later: a 429, a 5xx, a timeout or a transport
    /// failure. (The client has already retried what its policy allows; this is for callers
    /// that queue work.) A non-idempotent call that failed mid-flight may have been processed:
    /// check before sending it again.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(e) => {
                e.status == StatusCode::TOO_MANY_REQUESTS || e.status.is_server_error()
            }
            Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::Token { source, .. } => source.is_transient(),
            Error::Decode(_)
            | Error::BodyTooLarge { .. }
            | Error::InvalidRequest { .. }
            | Error::Config(_) => false,
        }
    }

    /// How many attempts were made (0 when the request was never sent).
    pub fn attempts(&self) -> u32 {
        match self {
            Error::Api(e) => e.attempts,
            Error::Decode(e) => e.attempts,
            Error::Timeout { attempts, .. }
            | Error::Transport { attempts, .. }
            | Error::BodyTooLarge { attempts, .. }
            | Error::Token { attempts, .. } => *attempts,
            Error::InvalidRequest { .. } | Error::Config(_) => 0,
        }
    }

    /// How long the call waited in all before giving up (retry backoff plus throttling).
    pub fn waited(&self) -> Duration {
        match self {
            Error::Api(e) => e.waited,
            Error::Decode(e) => e.waited,
            Error::Timeout { waited, .. }
            | Error::Transport { waited, .. }
            | Error::BodyTooLarge { waited, .. } => *waited,
            Error::InvalidRequest { .. } | Error::Config(_) | Error::Token { .. } => Duration::ZERO,
        }
    }
}

/// A non-success response: status, headers, rate limit, typed body and raw text. `E` is the
/// API's error body.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError<E> {
    /// The operationId of the call, e.g. `deleteAsset`.
    pub operation: &'static str,
    /// The request method.
    pub method: Method,
    /// The request path as sent, e.g. `/v2/assets/1b4e28ba-2fa1-11d2-883f-0016d3cca427`.
    pub path: String,
    /// The response status.
    pub status: StatusCode,
    /// The response headers.
    pub headers: HeaderMap,
    /// The rate limit the response announced.
    pub rate_limit: RateLimit,
    /// The body decoded by the schema the spec declares for this status; `None` when the spec
    /// declares none or the body does not match it (see `raw`).
    pub body: Option<E>,
    /// The body as text (lossy UTF-8), kept whether or not it decoded, e.g. an HTML 502 page;
    /// only its first [`ERROR_BODY_LIMIT`](crate::ERROR_BODY_LIMIT) bytes when it is longer.
    pub raw: String,
    /// `raw` is the start of a longer body (which is then not decoded into `body`).
    pub raw_cut: bool,
    /// Attempts made, the last one included.
    pub attempts: u32,
    /// Time spent waiting between attempts and for the rate limit.
    pub waited: Duration,
}

impl<E> fmt::Display for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} {}) failed with {}",
            self.operation, self.method, self.path, self.status
        )?;
        if self.attempts > 1 {
            write!(f, " after {} attempts", self.attempts)?;
        }
        if !self.raw.trim().is_empty() {
            write!(f, ": {}", snippet(&self.raw))?;
        }
        Ok(())
    }
}

impl<E: fmt::Debug> std::error::Error for ApiError<E> {}

/// Arguments that cannot form a valid request (a path parameter of `..`, say): what the
/// request-building helpers of generated code fail with, before anything is sent. It becomes
/// [`Error::InvalidRequest`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// The operationId of the call.
    pub operation: &'static str,
    /// What is wrong, naming no secret.
    pub message: String,
}

impl<E> From<Invalid> for Error<E> {
    fn from(invalid: Invalid) -> Self {
        Error::InvalidRequest {
            operation: invalid.operation,
            message: invalid.message,
        }
    }
}

/// A 2xx body that is not the JSON the spec describes.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operationId of the call, e.g. `deleteAsset`.
    pub operation: &'static str,
    /// The response status.
    pub status: StatusCode,
    /// The rate limit the response announced.
    pub rate_limit: RateLimit,
    /// Where in the JSON decoding failed, e.g. `data.head_version.file_size` (`.` is the root).
    pub path: String,
    /// What serde said, e.g. `invalid type: string "x", expected i64 at line 1 column 42`.
    pub message: String,
    /// The start of the body, at most 200 characters.
    pub snippet: String,
    /// Attempts made, the last one included.
    pub attempts: u32,
    /// Time spent waiting between attempts and for the rate limit.
    pub waited: Duration,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: cannot decode the {} response at `{}`: {}; body starts: {}",
            self.operation, self.status, self.path, self.message, self.snippet
        )
    }
}

impl std::error::Error for DecodeError {}

/// The first `SNIPPET_CHARS` characters of `text` on one line, marked when cut.
pub(crate) fn snippet(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(SNIPPET_CHARS + 1)
        .collect();
    if flat.chars().count() > SNIPPET_CHARS {
        let cut: String = flat.chars().take(SNIPPET_CHARS).collect();
        format!("{cut}…")
    } else {
        flat
    }
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn snippets_are_bounded_and_single_line() {
        assert_eq!(snippet("a\nb"), "a b");
        let long = "x".repeat(500);
        let cut = snippet(&long);
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
    }
}
