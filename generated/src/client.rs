//! The client the generated operations call: configuration, the bearer token, throttling,
//! retries, and turning each answer into an `ApiResponse` or an `Error`.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use reqwest::header::{
    HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE,
};
use reqwest::StatusCode;
use tokio::time::Instant;
use tracing::Instrument;

use crate::auth::{Bearer, Credentials};
use crate::error::ApiError;
use crate::request::{query_string, Payload, RawResponse, Request};
use crate::retry::{Attempt, Failure, Random};
use crate::throttle::{Permit, Throttle};
use crate::token::{TokenCache, TokenError, TokenSource};
use crate::{Error, RateLimit, RetryPolicy, DEFAULT_BASE_URL};

/// Whole-request timeout unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Connect timeout unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The largest response body a client buffers unless configured otherwise: 64 MiB.
pub const DEFAULT_MAX_BODY_SIZE: usize = 64 << 20;
/// How much of an error response's body is kept (for its typed body and `raw` text): 64 KiB, or
/// the client's body limit when that is smaller. An error page longer than this is cut.
pub const ERROR_BODY_LIMIT: usize = 64 << 10;

/// An API client. Cheap to clone: clones share the connection pool and the rate-limit state.
///
/// Every operation of the API is an async method on it (see the crate docs for the list).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Overrides for calls made through this handle (see [`Client::with_options`]).
    call: Arc<CallOptions>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
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

/// Settings for the calls made through one client handle, overriding the client's own.
///
/// ```no_run
/// # async fn run(client: frameio::Client, id: uuid::Uuid) -> Result<(), frameio::Error> {
/// use std::time::Duration;
/// use frameio::{CallOptions, RetryPolicy};
///
/// let options = CallOptions::new()
///     .retry(RetryPolicy::none())
///     .timeout(Duration::from_secs(5))
///     .header("x-request-id", "job-42")?;
/// client.with_options(options).delete_asset(id).await?;
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct CallOptions {
    /// Replaces the client's retry policy.
    pub retry: Option<RetryPolicy>,
    /// Replaces the client's whole-request timeout (per attempt). The connect timeout is per
    /// client only (reqwest has no per-request connect timeout); a shorter whole-request timeout
    /// also bounds connecting.
    pub timeout: Option<Duration>,
    /// Extra headers sent with every request. They cannot replace `Authorization`.
    pub headers: HeaderMap,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Uses this retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = Some(policy);
        self
    }

    /// Limits each attempt to this long.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Adds a header.
    ///
    /// # Errors
    /// `Error::Config` for a name or value that is not valid in HTTP.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self, Error> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::Config(format!("`{name}` is not a valid header name")))?;
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            Error::Config(format!(
                "the value for `{name}` is not a valid header value"
            ))
        })?;
        // Extra headers may carry secrets: keep them out of Debug output.
        value.set_sensitive(true);
        self.headers.insert(name, value);
        Ok(self)
    }
}

impl Client {
    /// A client for the default server that authenticates with this bearer token, with default
    /// timeouts, retries and throttling.
    ///
    /// # Errors
    /// `Error::Config` if the token cannot be sent as a header or the TLS backend fails to start.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::builder().bearer_token(token).build()
    }

    /// Starts configuring a client: credentials, base URL, timeouts, retries, throttling, user
    /// agent, or your own `reqwest::Client`.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            credentials: Ok(Credentials::default()),
            token: None,
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            retry: RetryPolicy::default(),
            throttle: true,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            http: None,
        }
    }

    /// The server this client talks to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// A handle whose calls use `options`; it shares everything else (connections, token,
    /// rate-limit state) with this client.
    pub fn with_options(&self, options: CallOptions) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            call: Arc::new(options),
        }
    }

    /// Sends a request, throttled and retried per policy; any final non-2xx answer is
    /// `Error::Api`.
    pub(crate) async fn send(&self, request: Request) -> Result<RawResponse, Error> {
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
                    status, headers, ..
                } => {
                    let rate_limit = RateLimit::from_headers(headers);
                    (
                        Failure::from_status(*status),
                        Some(headers),
                        Some(rate_limit),
                    )
                }
                // Asking again would bring the same body.
                AttemptError::TooLarge { headers, .. } => (
                    Failure::Final,
                    Some(headers),
                    Some(RateLimit::from_headers(headers)),
                ),
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
                None => return Err(error.into_error(&request, number, waited)),
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
            .apply(request.security, crate::operations::SCHEMES)
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
        let body = body.map_err(AttemptError::Transport)?;
        match (status.is_success(), body) {
            (true, Body::Whole(bytes)) => Ok(RawResponse {
                operation: request.operation,
                status,
                // Read once: for the throttle and for the response.
                rate_limit: RateLimit::from_headers(&headers),
                headers,
                bytes,
                attempts: 1,
                waited: Duration::ZERO,
            }),
            (true, Body::Cut(_)) => Err(AttemptError::TooLarge {
                status,
                headers,
                limit,
            }),
            (false, Body::Whole(bytes)) => Err(AttemptError::Status {
                status,
                headers,
                bytes,
                cut: false,
            }),
            (false, Body::Cut(bytes)) => Err(AttemptError::Status {
                status,
                headers,
                bytes,
                cut: true,
            }),
        }
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

/// A response body, read up to a limit.
enum Body {
    Whole(bytes::Bytes),
    /// Longer than the limit: the first `limit` bytes when a prefix was wanted, else nothing.
    Cut(bytes::Bytes),
}

/// Reads the body, never holding more than `limit` bytes of it. A body the server declares too
/// long is not read at all unless `prefix` asks for its start. A body of one chunk is kept as
/// received; a longer one is gathered once into a buffer sized from `Content-Length`.
async fn read_body(
    response: &mut reqwest::Response,
    limit: usize,
    prefix: bool,
) -> Result<Body, reqwest::Error> {
    let declared = response
        .content_length()
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
    if !prefix && declared.is_some_and(|n| n > limit) {
        return Ok(Body::Cut(bytes::Bytes::new()));
    }
    let mut first: Option<bytes::Bytes> = None;
    let mut gathered: Vec<u8> = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        let have = first.as_ref().map_or(gathered.len(), bytes::Bytes::len);
        if have + chunk.len() > limit {
            if !prefix {
                return Ok(Body::Cut(bytes::Bytes::new()));
            }
            let mut kept = match first.take() {
                Some(first) => first.to_vec(),
                None => std::mem::take(&mut gathered),
            };
            kept.extend_from_slice(&chunk[..limit - have]);
            return Ok(Body::Cut(kept.into()));
        }
        match first.take() {
            None if gathered.is_empty() => first = Some(chunk),
            None => gathered.extend_from_slice(&chunk),
            Some(earlier) => {
                let capacity = declared.unwrap_or(0).min(limit).max(have + chunk.len());
                gathered = Vec::with_capacity(capacity);
                gathered.extend_from_slice(&earlier);
                gathered.extend_from_slice(&chunk);
            }
        }
    }
    Ok(Body::Whole(first.unwrap_or_else(|| gathered.into())))
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
        headers: HeaderMap,
        bytes: bytes::Bytes,
        /// `bytes` is only the start of a longer body.
        cut: bool,
    },
    /// A success body longer than the client's limit.
    TooLarge {
        status: StatusCode,
        headers: HeaderMap,
        limit: usize,
    },
    Transport(reqwest::Error),
    Invalid(String),
    /// No token could be had from the token source.
    Token(TokenError),
}

impl AttemptError {
    fn into_error(self, request: &Request, attempts: u32, waited: Duration) -> Error {
        let operation = request.operation;
        match self {
            AttemptError::Status {
                status,
                headers,
                bytes,
                cut,
            } => Error::Api(Box::new(ApiError {
                operation,
                method: request.method.clone(),
                path: request.path.clone(),
                status,
                rate_limit: RateLimit::from_headers(&headers),
                // Half a JSON document decodes as nothing.
                body: if cut {
                    None
                } else {
                    (request.decode_error)(status.as_u16(), &bytes)
                },
                raw: String::from_utf8_lossy(&bytes).into_owned(),
                raw_cut: cut,
                headers,
                attempts,
                waited,
            })),
            AttemptError::TooLarge {
                status,
                headers,
                limit,
            } => Error::BodyTooLarge {
                operation,
                status,
                limit,
                rate_limit: RateLimit::from_headers(&headers),
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

/// Configures a [`Client`].
#[must_use]
pub struct ClientBuilder {
    /// The first credential that could not be used is kept as the error `build` returns.
    credentials: Result<Credentials, String>,
    token: Option<TokenSource>,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    retry: RetryPolicy,
    throttle: bool,
    max_body_size: usize,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("credentials", &self.credentials)
            .field("token", &self.token)
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry", &self.retry)
            .field("throttle", &self.throttle)
            .field("max_body_size", &self.max_body_size)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Authenticates with this bearer token (`Authorization: Bearer ...`): for the spec's
    /// `http` bearer, `oauth2` and `openIdConnect` schemes, and for operations whose spec says
    /// nothing about security.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_source(TokenSource::fixed(token))
    }

    /// Takes bearer tokens from `source`: your own callback, or an OAuth2 token endpoint (the
    /// spec's flows have ready-made constructors on [`TokenSource`]). Tokens are cached, renewed
    /// shortly before they expire by one renewal that concurrent calls share, and a call
    /// answered 401 renews the token and is sent once more. Replaces `bearer_token`.
    pub fn token_source(mut self, source: TokenSource) -> Self {
        self.token = Some(source);
        self
    }

    /// Authenticates with HTTP basic credentials, for the spec's `http` basic schemes.
    pub fn basic_auth(mut self, user: &str, password: &str) -> Self {
        let value = crate::auth::basic(user, password);
        self.credentials = self.credentials.and_then(|mut c| {
            c.basic = Some(value?);
            Ok(c)
        });
        self
    }

    /// The key for the spec's `apiKey` security scheme named `scheme` (sent in the header,
    /// query parameter or cookie the scheme names).
    pub fn api_key(mut self, scheme: &str, key: impl Into<String>) -> Self {
        let known = crate::operations::SCHEMES.iter().any(|s| s.name == scheme);
        let (scheme, key) = (scheme.to_string(), key.into());
        self.credentials = self.credentials.and_then(|mut c| {
            if !known {
                return Err(format!("the spec declares no security scheme `{scheme}`"));
            }
            c.keys.insert(scheme, key);
            Ok(c)
        });
        self
    }

    /// Talks to another server, e.g. a mock on loopback in tests. A trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Limits each attempt from start to last byte of the body. Default: 60 s.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Limits establishing a connection. Default: 10 s.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the `User-Agent` header. Default: `<crate>/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = user_agent.into();
        self
    }

    /// How calls are retried. Default: [`RetryPolicy::default`].
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether to hold calls back when the server says no calls remain in its rate-limit window
    /// (instead of sending them and collecting 429s). Default: on.
    pub fn throttle(mut self, enabled: bool) -> Self {
        self.throttle = enabled;
        self
    }

    /// The largest response body a call buffers, in bytes. A success body beyond it fails the
    /// call with [`Error::BodyTooLarge`] once the limit is reached (or at once, when
    /// `Content-Length` says so), so a call never holds more than this much of a body. Error
    /// bodies are kept up to [`ERROR_BODY_LIMIT`] at most. Default: [`DEFAULT_MAX_BODY_SIZE`].
    pub fn max_body_size(mut self, bytes: usize) -> Self {
        self.max_body_size = bytes;
        self
    }

    /// Uses a `reqwest::Client` you configured (proxies, TLS roots, ...). Its own timeouts and
    /// user agent then apply instead of this builder's.
    pub fn http_client(mut self, http: reqwest::Client) -> Self {
        self.http = Some(http);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// `Error::Config` for a base URL that is not an absolute http(s) URL, a token that is not a
    /// valid header value, or a TLS backend that fails to start.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self.base_url.trim_end_matches('/').to_string();
        // Messages never echo the URL: it could carry credentials.
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("the base URL is not a valid URL: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config("the base URL is not http or https".into()));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            // Paths are appended to the base URL: a query or fragment would swallow them.
            return Err(Error::Config(
                "the base URL must not have a query (`?...`) or fragment (`#...`); \
                 give the server and path prefix only"
                    .into(),
            ));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::Config(
                "the base URL must not contain credentials; the token authenticates".into(),
            ));
        }
        let mut credentials = self.credentials.map_err(Error::Config)?;
        let start = |redirects: reqwest::redirect::Policy| {
            reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent.clone())
                .redirect(redirects)
                .build()
                .map_err(|e| Error::Config(format!("cannot start the HTTP client: {e}")))
        };
        let http = match &self.http {
            Some(http) => http.clone(),
            None => start(reqwest::redirect::Policy::default())?,
        };
        credentials.bearer = match self.token {
            None => None,
            Some(source) => Some(match source.fixed_token() {
                Some(token) => Bearer::Fixed(crate::auth::bearer(token).map_err(Error::Config)?),
                None => {
                    // Token requests carry the client secret: they follow no redirect.
                    let token_http = match self.http {
                        Some(http) => http,
                        None if source.needs_http() => start(reqwest::redirect::Policy::none())?,
                        None => http.clone(),
                    };
                    Bearer::Source(Arc::new(TokenCache::new(source, token_http)))
                }
            }),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                credentials,
                retry: self.retry,
                throttle: self.throttle.then(Arc::default),
                random: Mutex::new(Random::new()),
                max_body_size: self.max_body_size,
            }),
            call: Arc::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Security;
    use crate::request::encode_path_segment;
    use reqwest::Method;

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
                Err(Error::InvalidRequest { .. })
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
            .build()
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
                |_, _| None,
            );
            client.send(request).await.unwrap();
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
            .build()
            .unwrap();
        let per_call = client.with_options(
            CallOptions::new()
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
