//! The client underneath a generated `Client`: configuration, credentials, throttling,
//! retries, and turning each answer into a `RawResponse` (decoded by the generated operation)
//! or an `Error`.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE,
};
use reqwest::StatusCode;
use tokio::time::Instant;
use tracing::Instrument;

use crate::answer::{read_body, Body, RawResponse};
use crate::auth::{Credentials, Scheme};
use crate::error::ApiError;
use crate::request::{query_string, ErrorDecoder, Payload, Request};
use crate::retry::{Attempt, Failure, Random};
use crate::throttle::{Permit, Throttle};
use crate::token::{TokenCache, TokenError};
use crate::{CallOptions, Error, RateLimit, RetryPolicy};

/// Whole-request timeout unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Connect timeout unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body a client buffers unless configured otherwise: 64 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 << 20;
/// How much of an error response's body is kept (for its typed body and `raw` text): 64 KiB, or
/// the client's body limit when that is smaller. An error page longer than this is cut.
pub const ERROR_BODY_LIMIT: usize = 64 << 10;

/// The client a generated `Client` wraps: it sends the requests generated operations build.
/// Cheap to clone: clones share the connection pool and the rate-limit state.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Overrides for calls made through this handle (see [`Client::with_options`]).
    call: Arc<Overrides>,
}

/// What [`ClientBuilder`](crate::__private::ClientBuilder) hands over once everything is
/// checked.
pub(crate) struct Settings {
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: String,
    pub(crate) schemes: &'static [Scheme],
    pub(crate) credentials: Credentials,
    pub(crate) retry: RetryPolicy,
    pub(crate) throttle: bool,
    pub(crate) max_body_size: usize,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    /// The security schemes the API declares.
    schemes: &'static [Scheme],
    credentials: Credentials,
    retry: RetryPolicy,
    throttle: Option<Arc<Throttle>>,
    random: Mutex<Random>,
    max_body_size: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("credentials", &self.inner.credentials)
            .field("retry", &self.inner.retry)
            .field("throttle", &self.inner.throttle.is_some())
            .field("max_body_size", &self.inner.max_body_size)
            .field("call", &self.call)
            .finish_non_exhaustive()
    }
}

/// What [`CallOptions`] override, whatever the API's error body.
#[derive(Debug, Default)]
struct Overrides {
    retry: Option<RetryPolicy>,
    timeout: Option<Duration>,
    headers: HeaderMap,
}

impl Client {
    /// The server this client talks to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// An uploader of parts to pre-signed URLs over this client's connections, retrying as
    /// its calls do; it sends none of the client's credentials.
    pub fn uploader(&self) -> crate::upload::Uploader {
        crate::upload::Uploader::new(self.inner.http.clone()).retry(self.inner.retry)
    }

    /// A handle whose calls use `options`; it shares everything else (connections, token,
    /// rate-limit state) with this client.
    pub fn with_options<E>(&self, options: CallOptions<E>) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            call: Arc::new(Overrides {
                retry: options.retry,
                timeout: options.timeout,
                headers: options.headers,
            }),
        }
    }

    /// The client a builder has checked the settings of.
    pub(crate) fn assemble(settings: Settings) -> Client {
        Client {
            inner: Arc::new(Inner {
                http: settings.http,
                base_url: settings.base_url,
                schemes: settings.schemes,
                credentials: settings.credentials,
                retry: settings.retry,
                throttle: settings.throttle.then(Arc::default),
                random: Mutex::new(Random::new()),
                max_body_size: settings.max_body_size,
            }),
            call: Arc::default(),
        }
    }

    /// Sends a request, throttled and retried per policy; any final non-2xx answer is
    /// `Error::Api`, its body decoded by `decode` (the operation's declared error bodies).
    ///
    /// # Errors
    /// Whatever stopped the call: see [`Error`].
    pub async fn send<E>(
        &self,
        request: Request,
        decode: ErrorDecoder<E>,
    ) -> Result<RawResponse, Error<E>> {
        // Everything but decoding the error body is compiled once, here, for every API.
        match self.send_raw(request).await {
            Ok(raw) => Ok(raw),
            Err(failed) => Err(failed.into_error(decode)),
        }
    }

    async fn send_raw(&self, request: Request) -> Result<RawResponse, Box<Failed>> {
        let mut policy = self.call.retry.unwrap_or(self.inner.retry);
        if request.body.as_ref().is_some_and(|body| !body.repeatable()) {
            // A streamed body is gone once sent: one attempt only.
            policy = RetryPolicy::none();
        }
        let mut waited = Duration::ZERO;
        let mut number = 0;
        // A 401 to a token from a token source renews it and repeats the call, once.
        let mut renewed = false;
        loop {
            number += 1;
            let (permit, throttled) = match &self.inner.throttle {
                // The wait, when there is one, is boxed: its state (a timer, a notification)
                // would otherwise sit in every call's future, which is written on every call.
                Some(throttle) => match throttle.try_acquire(request.operation) {
                    Some(permit) => (permit, Duration::ZERO),
                    None => {
                        let left = policy.budget.saturating_sub(waited);
                        Box::pin(throttle.acquire(request.operation, left)).await
                    }
                },
                None => (Permit::unthrottled(), Duration::ZERO),
            };
            waited = waited.saturating_add(throttled);
            let span = tracing::info_span!(
                "request",
                operation = request.operation,
                method = %request.method,
                path = request.path_template,
                attempt = number,
                status = tracing::field::Empty,
                elapsed_ms = tracing::field::Empty,
            );
            let mut used_token = None;
            let outcome = self
                .attempt(&request, &span, &mut used_token)
                .instrument(span.clone())
                .await;
            let error = match outcome {
                Ok(mut raw) => {
                    permit.finish(Some(raw.rate_limit));
                    raw.attempts = number;
                    raw.waited = waited;
                    return Ok(raw);
                }
                Err(error) => error,
            };
            let (failure, headers, rate_limit) = match &error {
                AttemptError::Status {
                    status,
                    headers,
                    rate_limit,
                    ..
                } => (
                    Failure::from_status(*status),
                    Some(headers),
                    Some(*rate_limit),
                ),
                // Asking again would bring the same body.
                AttemptError::TooLarge { rate_limit, .. } => {
                    (Failure::Final, None, Some(*rate_limit))
                }
                AttemptError::Transport(source) => (Failure::from_transport(source), None, None),
                AttemptError::Invalid(_) | AttemptError::Token(_) => (Failure::Final, None, None),
            };
            permit.finish(rate_limit);
            if let (AttemptError::Status { status, .. }, Some((cache, header)), false) =
                (&error, &used_token, renewed)
            {
                if *status == StatusCode::UNAUTHORIZED {
                    // The server refused the request unprocessed: safe to repeat, even a POST.
                    span.in_scope(|| tracing::info!("token refused; renewing it"));
                    cache.refused(header);
                    renewed = true;
                    continue;
                }
            }
            let attempt = Attempt {
                failure,
                method: &request.method,
                // The repeat after a renewal is not a retry.
                number: number - u32::from(renewed),
                headers,
                rate_limit,
            };
            let delay = {
                let mut random = self
                    .inner
                    .random
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                policy.delay(&attempt, waited, &mut random)
            };
            match delay {
                Some(delay) => {
                    span.in_scope(|| {
                        tracing::info!(delay_ms = delay.as_millis() as u64, "retrying");
                    });
                    Box::pin(tokio::time::sleep(delay)).await;
                    waited = waited.saturating_add(delay);
                }
                None => {
                    return Err(Box::new(Failed {
                        attempt: error,
                        operation: request.operation,
                        method: request.method,
                        path: request.path,
                        attempts: number,
                        waited,
                    }))
                }
            }
        }
    }

    /// One attempt: build, send, read the whole body.
    async fn attempt(
        &self,
        request: &Request,
        span: &tracing::Span,
        used_token: &mut Option<(Arc<TokenCache>, HeaderValue)>,
    ) -> Result<RawResponse, AttemptError> {
        // Timing is for the span: no subscriber listening, no clock read.
        let started = (!span.is_disabled()).then(Instant::now);
        let mut applied = self
            .inner
            .credentials
            .apply(request.security, self.inner.schemes)
            .map_err(AttemptError::Invalid)?;
        if let Some(cache) = applied.token.take() {
            // A live token is read at once; a renewal (an HTTP exchange, or your callback) is
            // boxed, so that its state does not sit in every call's future.
            let header = match cache.fresh() {
                Some(header) => header,
                None => Box::pin(cache.header())
                    .await
                    .map_err(AttemptError::Token)?,
            };
            applied.headers.insert(AUTHORIZATION, header.clone());
            *used_token = Some((cache, header));
        }
        let outgoing = self.prepare(request, applied).map_err(|e| match e {
            Unbuildable::Invalid(message) => AttemptError::Invalid(message),
            Unbuildable::Builder(e) => AttemptError::Transport(e),
        })?;

        let record_elapsed = || {
            if let Some(started) = started {
                span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            }
        };
        let mut response = self.inner.http.execute(outgoing).await.map_err(|e| {
            record_elapsed();
            AttemptError::Transport(e)
        })?;
        let status = response.status();
        span.record("status", status.as_u16());
        // Taken, not cloned: the body is read through `chunk`, which needs no headers.
        let headers = std::mem::take(response.headers_mut());
        let limit = self.inner.max_body_size;
        // One call site: each `.await` of a future adds its state to this one.
        let (cap, prefix) = if status.is_success() {
            (limit, false)
        } else {
            (limit.min(ERROR_BODY_LIMIT), true)
        };
        let body = read_body(&mut response, cap, prefix).await;
        record_elapsed();
        let (bytes, cut) = match body.map_err(AttemptError::Transport)? {
            Body::Whole(bytes) => (bytes, false),
            Body::Cut(bytes) => (bytes, true),
        };
        // Read once: for the throttle, the retry policy, and the response or error.
        let rate_limit = RateLimit::from_headers(&headers);
        if !status.is_success() {
            return Err(AttemptError::Status {
                status,
                rate_limit,
                headers,
                bytes,
                cut,
            });
        }
        if cut {
            return Err(AttemptError::TooLarge {
                status,
                rate_limit,
                limit,
            });
        }
        Ok(RawResponse {
            operation: request.operation,
            status,
            rate_limit,
            headers,
            bytes,
            attempts: 1,
            waited: Duration::ZERO,
        })
    }

    /// The request one attempt sends: URL, query, headers, cookies, body and timeout. Not
    /// `async`, so none of this is kept in the call's future.
    fn prepare(
        &self,
        request: &Request,
        applied: crate::auth::Applied,
    ) -> Result<reqwest::Request, Unbuildable> {
        let mut url = format!("{}{}", self.inner.base_url, request.path);
        if !request.query.is_empty() || !applied.query.is_empty() {
            url.push('?');
            url.push_str(&query_string(request.query.iter().chain(&applied.query)));
        }
        let mut headers = applied.headers;
        headers.insert(ACCEPT, HeaderValue::from_static(request.accept));
        for (name, value) in &self.call.headers {
            // Extra headers never replace the credentials.
            if !headers.contains_key(name) {
                headers.insert(name, value.clone());
            }
        }
        for (name, value) in &request.headers {
            match (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(value),
            ) {
                (Ok(n), Ok(v)) => {
                    headers.insert(n, v);
                }
                _ => {
                    return Err(Unbuildable::Invalid(format!(
                        "header `{name}` cannot carry the value given"
                    )))
                }
            }
        }
        let cookies: Vec<String> = request
            .cookies
            .iter()
            .map(|(name, value)| format!("{name}={value}"))
            .chain(applied.cookies)
            .collect();
        if !cookies.is_empty() {
            let mut value = HeaderValue::from_str(&cookies.join("; ")).map_err(|_| {
                Unbuildable::Invalid("a cookie cannot carry the value given".into())
            })?;
            value.set_sensitive(true);
            headers.insert(COOKIE, value);
        }
        let mut builder = self.inner.http.request(request.method.clone(), url);
        match &request.body {
            None => {}
            Some(Payload::Buffered {
                bytes,
                content_type,
            }) => {
                headers.insert(
                    CONTENT_TYPE,
                    content_type_value(content_type).map_err(Unbuildable::Invalid)?,
                );
                builder = builder.body(bytes.clone());
            }
            Some(Payload::Stream { body, content_type }) => {
                headers.insert(
                    CONTENT_TYPE,
                    content_type_value(content_type).map_err(Unbuildable::Invalid)?,
                );
                let body = body.lock().unwrap_or_else(PoisonError::into_inner).take();
                let body = body.ok_or_else(|| {
                    Unbuildable::Invalid("a streamed body can be sent once only".into())
                })?;
                builder = builder.body(body);
            }
            Some(Payload::Multipart(parts)) => {
                builder = builder.multipart(parts.build().map_err(Unbuildable::Invalid)?)
            }
            Some(Payload::Invalid(message)) => return Err(Unbuildable::Invalid(message.clone())),
        }
        if let Some(timeout) = self.call.timeout {
            builder = builder.timeout(timeout);
        }
        let mut outgoing = builder.build().map_err(Unbuildable::Builder)?;
        // Moved into the request, not merged header by header (only multipart set one).
        if outgoing.headers().is_empty() {
            *outgoing.headers_mut() = headers;
        } else {
            outgoing.headers_mut().extend(headers);
        }

        Ok(outgoing)
    }
}

fn content_type_value(content_type: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(content_type).map_err(|_| format!("`{content_type}` is not a media type"))
}

/// Why a request could not be built (small, unlike `AttemptError`, which carries responses).
enum Unbuildable {
    Invalid(String),
    Builder(reqwest::Error),
}

/// How one attempt failed.
enum AttemptError {
    Status {
        status: StatusCode,
        rate_limit: RateLimit,
        headers: HeaderMap,
        bytes: bytes::Bytes,
        /// `bytes` is only the start of a longer body.
        cut: bool,
    },
    /// A success body longer than the client's limit.
    TooLarge {
        status: StatusCode,
        rate_limit: RateLimit,
        limit: usize,
    },
    Transport(reqwest::Error),
    Invalid(String),
    /// No token could be had from the token source.
    Token(TokenError),
}

/// How a call ended, when it failed: what `send` makes into an `Error` once it knows the
/// error-body type.
struct Failed {
    attempt: AttemptError,
    operation: &'static str,
    method: reqwest::Method,
    path: String,
    attempts: u32,
    waited: Duration,
}

impl Failed {
    fn into_error<E>(self, decode: ErrorDecoder<E>) -> Error<E> {
        let Failed {
            attempt,
            operation,
            method,
            path,
            attempts,
            waited,
        } = self;
        match attempt {
            AttemptError::Status {
                status,
                rate_limit,
                headers,
                bytes,
                cut,
            } => Error::Api(Box::new(ApiError {
                operation,
                method,
                path,
                status,
                rate_limit,
                // Half a JSON document decodes as nothing.
                body: if cut {
                    None
                } else {
                    decode(status.as_u16(), &bytes)
                },
                raw: String::from_utf8_lossy(&bytes).into_owned(),
                raw_cut: cut,
                headers,
                attempts,
                waited,
            })),
            AttemptError::TooLarge {
                status,
                rate_limit,
                limit,
            } => Error::BodyTooLarge {
                operation,
                status,
                limit,
                rate_limit,
                attempts,
                waited,
            },
            AttemptError::Transport(source) if source.is_timeout() => Error::Timeout {
                operation,
                source,
                attempts,
                waited,
            },
            AttemptError::Transport(source) => Error::Transport {
                operation,
                source,
                attempts,
                waited,
            },
            AttemptError::Invalid(message) => Error::InvalidRequest { operation, message },
            AttemptError::Token(source) => Error::Token {
                operation,
                source: Box::new(source),
                attempts: attempts - 1,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{SchemeKind, Security};
    use crate::builder::ClientBuilder;
    use crate::request::encode_path_segment;
    use reqwest::Method;

    type Error = crate::Error<()>;

    const SCHEMES: &[Scheme] = &[Scheme {
        name: "bearer",
        kind: SchemeKind::Bearer,
    }];

    impl Client {
        fn builder() -> ClientBuilder {
            ClientBuilder::new("https://api.example", SCHEMES, "runtime-tests/0")
        }
    }

    #[test]
    fn path_segments_cannot_escape() {
        let enc = |v| encode_path_segment("op", v).unwrap();
        assert_eq!(enc("../x"), "..%2Fx");
        assert_eq!(enc("a/b"), "a%2Fb");
        assert_eq!(enc("a?b"), "a%3Fb");
        assert_eq!(enc("%2F"), "%252F");
        assert_eq!(enc("a#b c"), "a%23b%20c");
        assert_eq!(enc("adobe:org@AdobeOrg"), "adobe:org@AdobeOrg");
        assert_eq!(enc("a;b=c+d"), "a%3Bb%3Dc%2Bd");
        assert_eq!(
            enc("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "3fa85f64-5717-4562-b3fc-2c963f66afa6"
        );
        for bad in ["", ".", ".."] {
            assert!(matches!(
                encode_path_segment("op", bad),
                Err(crate::error::Invalid { .. })
            ));
        }
    }

    /// Ids crafted to escape their segment reach the server inside it, as generated code sends them.
    #[tokio::test]
    async fn path_injection_ids_stay_inside_their_segment() {
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let client = Client::builder()
            .bearer_token("t")
            .base_url(server.uri())
            .build::<()>()
            .unwrap();
        let cases = [
            ("../x", "/v2/assets/..%2Fx/unversion"),
            ("a/b", "/v2/assets/a%2Fb/unversion"),
            ("a?b", "/v2/assets/a%3Fb/unversion"),
            ("%2F", "/v2/assets/%252F/unversion"),
            ("a#b", "/v2/assets/a%23b/unversion"),
        ];
        for (id, _) in cases {
            let segment = encode_path_segment("op", id).unwrap();
            let request = Request::new(
                "op",
                Method::DELETE,
                "/v2/assets/{asset_id}/unversion",
                format!("/v2/assets/{segment}/unversion"),
                Security::Unspecified,
            );
            client.send::<()>(request, |_, _| None).await.unwrap();
        }
        let received = server.received_requests().await.unwrap();
        for ((id, expected), request) in cases.iter().zip(&received) {
            assert_eq!(request.url.path(), *expected, "id {id:?}");
            assert_eq!(request.url.query(), None, "id {id:?} added a query");
            assert_eq!(request.url.fragment(), None);
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let client = Client::builder()
            .bearer_token("s3cr3t-token")
            .build::<()>()
            .unwrap();
        let per_call = client.with_options(
            CallOptions::<()>::new()
                .header("authorization", "Bearer s3cr3t-other")
                .unwrap(),
        );
        let shown = format!(
            "{client:?} {:?} {per_call:?}",
            Client::builder().bearer_token("s3cr3t-token")
        );
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn bad_configuration_is_an_error_not_a_panic() {
        assert!(matches!(
            Client::builder()
                .bearer_token("t")
                .base_url("not a url")
                .build(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            Client::builder()
                .bearer_token("t")
                .base_url("ftp://x")
                .build(),
            Err(Error::Config(_))
        ));
        assert!(matches!(
            Client::builder().bearer_token("bad\ntoken").build(),
            Err(Error::Config(_))
        ));
        for url in [
            "https://example.com/v2?key=s3cr3t",
            "https://example.com/v2#frag",
            "https://example.com?",
        ] {
            match Client::builder().bearer_token("t").base_url(url).build() {
                Err(Error::Config(message)) => {
                    assert!(message.contains("query"), "{message}");
                    assert!(!message.contains("s3cr3t"), "{message}");
                }
                other => panic!("{url} must be refused, got {other:?}"),
            }
        }
        let with_credentials = Client::builder()
            .bearer_token("t")
            .base_url("https://me:hunter2@example.com")
            .build();
        match with_credentials {
            Err(Error::Config(message)) => assert!(!message.contains("hunter2"), "{message}"),
            other => panic!("expected a config error, got {other:?}"),
        }
    }
}
