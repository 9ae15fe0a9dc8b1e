//! The client the generated operations call: configuration, the bearer token, sending a request
//! and turning the answer into an `ApiResponse` or an `Error`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{snippet, ApiError, DecodeError};
use crate::types::ErrorBody;
use crate::{ApiResponse, Error, RateLimit, DEFAULT_BASE_URL};

/// Whole-request timeout unless configured otherwise.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Connect timeout unless configured otherwise.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// An API client. Cheap to clone: clones share the connection pool.
///
/// Every operation of the API is an async method on it (see the crate docs for the list).
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: Token,
}

/// A bearer token. Its `Debug` never shows the secret.
#[derive(Clone)]
struct Token(HeaderValue);

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &self.inner.token)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for the default server with default timeouts.
    ///
    /// # Errors
    /// `Error::Config` if the token cannot be sent as a header or the TLS backend fails to start.
    pub fn new(token: impl Into<String>) -> Result<Self, Error> {
        Self::builder(token).build()
    }

    /// Starts configuring a client: base URL, timeouts, user agent, or your own `reqwest::Client`.
    pub fn builder(token: impl Into<String>) -> ClientBuilder {
        ClientBuilder {
            token: token.into(),
            base_url: DEFAULT_BASE_URL.to_string(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string(),
            http: None,
        }
    }

    /// The server this client talks to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends one request; any non-2xx answer becomes `Error::Api`.
    pub(crate) async fn send(&self, request: Request) -> Result<RawResponse, Error> {
        let operation = request.operation;
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self
            .inner
            .http
            .request(request.method.clone(), url)
            .header(ACCEPT, HeaderValue::from_static("application/json"));
        if request.authenticated {
            builder = builder.header(AUTHORIZATION, self.inner.token.0.clone());
        }
        if !request.query.is_empty() {
            builder = builder.query(&request.query);
        }
        for (name, value) in &request.headers {
            let header_name = HeaderName::from_bytes(name.as_bytes());
            let header_value = HeaderValue::from_str(value);
            match (header_name, header_value) {
                (Ok(n), Ok(v)) => builder = builder.header(n, v),
                _ => {
                    return Err(Error::InvalidRequest {
                        operation,
                        message: format!("header `{name}` cannot carry the value given"),
                    })
                }
            }
        }
        if let Some(body) = request.body {
            let body = body.map_err(|e| Error::InvalidRequest {
                operation,
                message: format!("the request body cannot be serialized: {e}"),
            })?;
            builder = builder
                .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
                .body(body);
        }

        let transport = |source: reqwest::Error| {
            if source.is_timeout() {
                Error::Timeout { operation, source }
            } else {
                Error::Transport { operation, source }
            }
        };
        let response = builder.send().await.map_err(transport)?;
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.map_err(transport)?.to_vec();

        if !status.is_success() {
            return Err(Error::Api(Box::new(ApiError {
                operation,
                method: request.method,
                path: request.path,
                status,
                rate_limit: RateLimit::from_headers(&headers),
                headers,
                body: (request.decode_error)(status.as_u16(), &bytes),
                raw: String::from_utf8_lossy(&bytes).into_owned(),
            })));
        }
        Ok(RawResponse {
            operation,
            status,
            headers,
            bytes,
        })
    }
}

/// Configures a [`Client`].
#[must_use]
pub struct ClientBuilder {
    token: String,
    base_url: String,
    timeout: Duration,
    connect_timeout: Duration,
    user_agent: String,
    http: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &"<redacted>")
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// Talks to another server, e.g. a mock on loopback in tests. A trailing `/` is ignored.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// Limits each request from start to last byte of the body. Default: 60 s.
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
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::Config(format!("base URL `{base_url}`: {e}")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::Config(format!(
                "base URL `{base_url}` is not http or https"
            )));
        }
        let mut token = HeaderValue::from_str(&format!("Bearer {}", self.token)).map_err(|_| {
            Error::Config("the token contains characters not allowed in a header".into())
        })?;
        // Keeps the value out of HTTP/2 header compression tables and reqwest's debug output.
        token.set_sensitive(true);
        let http = match self.http {
            Some(http) => http,
            None => reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent)
                .build()
                .map_err(|e| Error::Config(format!("cannot start the HTTP client: {e}")))?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token: Token(token),
            }),
        })
    }
}

/// Maps a non-2xx status and body to the typed error body its operation declares.
pub(crate) type ErrorDecoder = fn(u16, &[u8]) -> Option<ErrorBody>;

/// One request as a generated operation describes it.
pub(crate) struct Request {
    operation: &'static str,
    method: Method,
    path: String,
    authenticated: bool,
    decode_error: ErrorDecoder,
    headers: Vec<(&'static str, String)>,
    query: Vec<(&'static str, String)>,
    body: Option<Result<Vec<u8>, serde_json::Error>>,
}

impl Request {
    pub(crate) fn new(
        operation: &'static str,
        method: Method,
        path: String,
        authenticated: bool,
        decode_error: ErrorDecoder,
    ) -> Self {
        Request {
            operation,
            method,
            path,
            authenticated,
            decode_error,
            headers: Vec::new(),
            query: Vec::new(),
            body: None,
        }
    }

    #[allow(dead_code)] // Used by generated code only when the spec has header parameters.
    pub(crate) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    #[allow(dead_code)] // Used by generated code only when the spec has query parameters.
    pub(crate) fn query(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.query.push((name, value.into()));
        self
    }

    #[allow(dead_code)] // Used by generated code only when the spec has request bodies.
    pub(crate) fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.body = Some(serde_json::to_vec(body));
        self
    }
}

/// A 2xx response whose body is not decoded yet.
pub(crate) struct RawResponse {
    operation: &'static str,
    status: StatusCode,
    headers: HeaderMap,
    bytes: Vec<u8>,
}

impl RawResponse {
    /// Decodes the body as `T`; a mismatch says where in the JSON it happened.
    #[allow(dead_code)] // Used by generated code only when some operation returns JSON.
    pub(crate) fn json<T: DeserializeOwned>(self) -> Result<ApiResponse<T>, Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(&self.bytes);
        let decoded = serde_path_to_error::deserialize(&mut deserializer)
            .map_err(|err| (err.path().to_string(), err.into_inner()))
            // Trailing garbage after the JSON value is a decode failure too.
            .and_then(|body| deserializer.end().map(|()| body).map_err(|e| (".".into(), e)));
        match decoded {
            Ok(body) => Ok(ApiResponse::new(self.status, self.headers, body)),
            Err((path, err)) => Err(Error::Decode(Box::new(DecodeError {
                operation: self.operation,
                status: self.status,
                rate_limit: RateLimit::from_headers(&self.headers),
                path,
                message: err.to_string(),
                snippet: snippet(&String::from_utf8_lossy(&self.bytes)),
            }))),
        }
    }

    /// For operations whose success response has no body.
    #[allow(dead_code)] // Used by generated code only when some operation returns no body.
    pub(crate) fn empty(self) -> ApiResponse<()> {
        ApiResponse::new(self.status, self.headers, ())
    }
}

/// Decodes an error body into the `ErrorBody` variant `wrap`; `None` when it does not match.
#[allow(dead_code)] // Used by generated code only when the spec declares error bodies.
pub(crate) fn decode_error_body<T: DeserializeOwned>(
    body: &[u8],
    wrap: fn(T) -> ErrorBody,
) -> Option<ErrorBody> {
    serde_json::from_slice(body).ok().map(wrap)
}

/// Encodes one path parameter value as a single path segment: everything but RFC 3986
/// unreserved characters is percent-encoded, `/`, `?`, `#` and `%` included, so a value can never
/// leave its segment.
///
/// # Errors
/// Empty values, `.` and `..` would change which resource the path names (URL parsers resolve
/// dot segments, even percent-encoded ones), so they are refused.
#[allow(dead_code)] // Used by generated code only when the spec has path parameters.
pub(crate) fn encode_path_segment(operation: &'static str, value: &str) -> Result<String, Error> {
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    if value.is_empty() || value == "." || value == ".." {
        return Err(Error::InvalidRequest {
            operation,
            message: format!("`{value}` cannot be used as a path parameter"),
        });
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        let enc = |v| encode_path_segment("op", v).unwrap();
        assert_eq!(enc("../x"), "..%2Fx");
        assert_eq!(enc("a/b"), "a%2Fb");
        assert_eq!(enc("a?b"), "a%3Fb");
        assert_eq!(enc("%2F"), "%252F");
        assert_eq!(enc("a#b c"), "a%23b%20c");
        assert_eq!(enc("3fa85f64-5717-4562-b3fc-2c963f66afa6"), "3fa85f64-5717-4562-b3fc-2c963f66afa6");
        for bad in ["", ".", ".."] {
            assert!(matches!(
                encode_path_segment("op", bad),
                Err(Error::InvalidRequest { .. })
            ));
        }
    }

    #[test]
    fn debug_never_shows_the_token() {
        let client = Client::builder("s3cr3t-token").build().unwrap();
        let shown = format!("{client:?} {:?}", Client::builder("s3cr3t-token"));
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(shown.contains("redacted"));
    }

    #[test]
    fn bad_configuration_is_an_error_not_a_panic() {
        assert!(matches!(Client::builder("t").base_url("not a url").build(), Err(Error::Config(_))));
        assert!(matches!(Client::builder("t").base_url("ftp://x").build(), Err(Error::Config(_))));
        assert!(matches!(Client::builder("bad\ntoken").build(), Err(Error::Config(_))));
    }
}
