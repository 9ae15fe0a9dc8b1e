//! Configuring a [`Client`]: credentials and token sources, base URL, timeouts, retries,
//! throttling, body limits, or your own `reqwest::Client`.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::auth::{Bearer, Credentials, Scheme};
use crate::client::{
    Client, Settings, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT,
};
use crate::token::{TokenCache, TokenSource};
use crate::{Error, RetryPolicy};

/// Configures a [`Client`]: what a generated `ClientBuilder` wraps.
#[must_use]
pub struct ClientBuilder {
    /// The security schemes the API declares.
    schemes: &'static [Scheme],
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
    /// Starts configuring a client of an API whose first server is `base_url`, that declares
    /// `schemes`, and that identifies itself as `user_agent` (a generated crate's
    /// `name/version`).
    pub fn new(base_url: &str, schemes: &'static [Scheme], user_agent: &str) -> Self {
        ClientBuilder {
            schemes,
            credentials: Ok(Credentials::default()),
            token: None,
            base_url: base_url.to_string(),
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: user_agent.to_string(),
            retry: RetryPolicy::default(),
            throttle: true,
            max_body_size: DEFAULT_MAX_BODY_SIZE,
            http: None,
        }
    }

    /// Authenticates with this bearer token (`Authorization: Bearer ...`): for the spec's
    /// `http` bearer, `oauth2` and `openIdConnect` schemes, and for operations whose spec says
    /// nothing about security.
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        self.token_source(TokenSource::fixed(token))
    }

    /// Takes bearer tokens from `source`: your own callback, or an OAuth2 token endpoint. Tokens are cached, renewed
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
    /// query parameter or cookie the scheme names), or the credentials for an `http` scheme
    /// other than bearer and basic (sent as `Authorization: <scheme> <credentials>`).
    pub fn api_key(mut self, scheme: &str, key: impl Into<String>) -> Self {
        let known = self.schemes.iter().any(|s| s.name == scheme);
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
    /// bodies are kept up to [`ERROR_BODY_LIMIT`](crate::ERROR_BODY_LIMIT) at most. Default:
    /// [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE).
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
    pub fn build<E>(self) -> Result<Client, Error<E>> {
        self.checked().map_err(Error::Config)
    }

    /// `build`, for any error body: compiled once.
    fn checked(self) -> Result<Client, String> {
        let base_url = self.base_url.trim_end_matches('/').to_string();
        // Messages never echo the URL: it could carry credentials.
        let parsed = reqwest::Url::parse(&base_url)
            .map_err(|e| format!("the base URL is not a valid URL: {e}"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err("the base URL is not http or https".into());
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            // Paths are appended to the base URL: a query or fragment would swallow them.
            return Err(
                "the base URL must not have a query (`?...`) or fragment (`#...`); \
                 give the server and path prefix only"
                    .into(),
            );
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(
                "the base URL must not contain credentials; the token authenticates".into(),
            );
        }
        let mut credentials = self.credentials?;
        let start = |redirects: reqwest::redirect::Policy| {
            reqwest::Client::builder()
                .timeout(self.timeout)
                .connect_timeout(self.connect_timeout)
                .user_agent(self.user_agent.clone())
                .redirect(redirects)
                .build()
                .map_err(|e| format!("cannot start the HTTP client: {e}"))
        };
        let http = match &self.http {
            Some(http) => http.clone(),
            None => start(reqwest::redirect::Policy::default())?,
        };
        credentials.bearer = match self.token {
            None => None,
            Some(source) => Some(match source.fixed_token() {
                Some(token) => Bearer::Fixed(crate::auth::bearer(token)?),
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
        Ok(Client::assemble(Settings {
            http,
            base_url,
            schemes: self.schemes,
            credentials,
            retry: self.retry,
            throttle: self.throttle,
            max_body_size: self.max_body_size,
        }))
    }
}
