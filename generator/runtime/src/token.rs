//! Where a client's bearer token comes from: a fixed token, your own async callback, or an OAuth2
//! token endpoint (a refresh token, or client credentials for server-to-server use).
//!
//! Tokens are cached and renewed shortly before they expire; callers that need one while it is
//! being renewed wait for that one renewal instead of starting their own. A call answered 401
//! renews the token once and repeats once (see `Client`).
//!
//! The OAuth2 exchange is a form POST and a JSON answer (RFC 6749 §4.4, §5, §6), written here
//! rather than taken from the `oauth2` crate: that crate's extra weight (PKCE and CSRF support,
//! random numbers, hashing) serves flows that need a browser, not these two grants.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::Duration;

use reqwest::header::{HeaderValue, ACCEPT};
use reqwest::StatusCode;
use tokio::time::Instant;
use tracing::Instrument;

/// A token is renewed this long before it expires (or at half its life, when that is shorter),
/// so that a call never leaves with a token about to lapse.
const RENEW_BEFORE: Duration = Duration::from_secs(60);

/// An access token and how long it lasts, as your callback returns it.
#[derive(Clone)]
pub struct AccessToken {
    secret: String,
    expires_in: Option<Duration>,
}

impl AccessToken {
    /// A token with no known expiry: it is used until a call is answered 401.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken {
            secret: token.into(),
            expires_in: None,
        }
    }

    /// The token expires this long from now.
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_in = Some(lifetime);
        self
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &"<redacted>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// Why no access token could be had. Never contains a secret.
#[derive(Debug)]
#[non_exhaustive]
pub struct TokenError {
    /// The token endpoint's status, when it answered.
    pub status: Option<StatusCode>,
    /// The token endpoint's error code (RFC 6749 §5.2), e.g. `invalid_client` or
    /// `invalid_grant`, when it gave one.
    pub code: Option<String>,
    /// The token endpoint's `error_description`, when it gave one.
    pub description: Option<String>,
    /// What went wrong, in words.
    message: String,
    /// Trying again later might succeed: unreachable, or a 429 or 5xx answer.
    transient: bool,
    /// The underlying failure: a transport error, or your callback's error.
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TokenError {
    fn new(message: impl Into<String>) -> Self {
        TokenError {
            status: None,
            code: None,
            description: None,
            message: message.into(),
            transient: false,
            source: None,
        }
    }

    /// Whether trying again later might succeed (the token endpoint was unreachable, or
    /// answered 429 or 5xx).
    pub fn is_transient(&self) -> bool {
        self.transient
    }

    fn caused_by(mut self, source: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        self.source = Some(source.into());
        self
    }
}

impl fmt::Display for TokenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(code) = &self.code {
            write!(f, ": {code}")?;
        }
        if let Some(description) = &self.description {
            write!(f, " ({})", crate::error::snippet(description))?;
        }
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl std::error::Error for TokenError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source
            .as_deref()
            .map(|e| e as &(dyn std::error::Error + 'static))
    }
}

type BoxedFetch = Pin<Box<dyn Future<Output = Result<AccessToken, TokenError>> + Send>>;
type Callback = dyn Fn() -> BoxedFetch + Send + Sync;

/// Where a client gets its bearer token: a generated crate's `TokenSource` wraps it, and adds
/// constructors for the OAuth2 flows its spec declares.
///
/// ```
/// use std::time::Duration;
/// use openapi_rust_gen_runtime::{AccessToken, TokenSource};
///
/// // Your own source: a secrets manager, another service, ...
/// let source = TokenSource::from_fn(|| async {
///     let token = std::env::var("API_TOKEN")?;
///     Ok::<_, std::env::VarError>(AccessToken::new(token).expires_in(Duration::from_secs(3600)))
/// });
/// # let _ = source;
/// ```
#[derive(Clone)]
pub struct TokenSource {
    kind: Kind,
}

#[derive(Clone)]
enum Kind {
    Fixed(String),
    Callback(Arc<Callback>),
    OAuth(Arc<OAuth>),
}

/// An OAuth2 token endpoint and the grant to present to it.
#[derive(Clone)]
struct OAuth {
    token_url: String,
    client_id: String,
    client_secret: Option<String>,
    scopes: Vec<String>,
    grant: Grant,
}

enum Grant {
    ClientCredentials,
    /// The refresh token, replaced when the server issues a new one (rotation).
    RefreshToken(Mutex<String>),
}

impl Clone for Grant {
    /// A copy with the refresh token as it is now.
    fn clone(&self) -> Self {
        match self {
            Grant::ClientCredentials => Grant::ClientCredentials,
            Grant::RefreshToken(token) => Grant::RefreshToken(Mutex::new(
                token.lock().unwrap_or_else(PoisonError::into_inner).clone(),
            )),
        }
    }
}

impl fmt::Debug for TokenSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            Kind::Fixed(_) => f.write_str("TokenSource::Fixed(<redacted>)"),
            Kind::Callback(_) => f.write_str("TokenSource::Callback"),
            Kind::OAuth(oauth) => f
                .debug_struct("TokenSource::OAuth2")
                .field(
                    "grant",
                    &match oauth.grant {
                        Grant::ClientCredentials => "client_credentials",
                        Grant::RefreshToken(_) => "refresh_token",
                    },
                )
                .field("token_url", &oauth.token_url)
                .field("client_id", &oauth.client_id)
                .field(
                    "client_secret",
                    &oauth.client_secret.as_ref().map(|_| "<redacted>"),
                )
                .field("scopes", &oauth.scopes)
                .finish_non_exhaustive(),
        }
    }
}

impl TokenSource {
    /// Always this token (what a client builder's `bearer_token` sets).
    pub fn fixed(token: impl Into<String>) -> Self {
        TokenSource {
            kind: Kind::Fixed(token.into()),
        }
    }

    /// Tokens from your own async function, called when there is no token yet, when the last
    /// one is about to expire, and after a call was answered 401. Its error becomes
    /// [`Error::Token`](crate::Error::Token) with your error as the source.
    pub fn from_fn<F, Fut, E>(fetch: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<AccessToken, E>> + Send + 'static,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        let callback = move || -> BoxedFetch {
            let fetching = fetch();
            Box::pin(async move {
                fetching
                    .await
                    .map_err(|e| TokenError::new("the token callback failed").caused_by(e))
            })
        };
        TokenSource {
            kind: Kind::Callback(Arc::new(callback)),
        }
    }

    /// Tokens from an OAuth2 token endpoint by the client-credentials grant (RFC 6749 §4.4),
    /// for server-to-server use. The client authenticates in the form body
    /// (`client_id`, `client_secret`), as Adobe IMS expects.
    pub fn client_credentials(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
        scopes: &[&str],
    ) -> Self {
        Self::oauth(
            token_url.into(),
            client_id.into(),
            Some(client_secret.into()),
            scopes,
            Grant::ClientCredentials,
        )
    }

    /// Tokens from an OAuth2 token endpoint by the refresh-token grant (RFC 6749 §6), e.g. with
    /// the refresh token a user's authorization-code sign-in gave you. When the server issues a
    /// new refresh token, the next renewal uses it. `client_secret` is `None` for public clients.
    pub fn refresh_token(
        token_url: impl Into<String>,
        client_id: impl Into<String>,
        client_secret: Option<String>,
        refresh_token: impl Into<String>,
    ) -> Self {
        Self::oauth(
            token_url.into(),
            client_id.into(),
            client_secret,
            &[],
            Grant::RefreshToken(Mutex::new(refresh_token.into())),
        )
    }

    fn oauth(
        token_url: String,
        client_id: String,
        client_secret: Option<String>,
        scopes: &[&str],
        grant: Grant,
    ) -> Self {
        TokenSource {
            kind: Kind::OAuth(Arc::new(OAuth {
                token_url,
                client_id,
                client_secret,
                scopes: scopes.iter().map(|s| s.to_string()).collect(),
                grant,
            })),
        }
    }

    /// Asks for these scopes instead (OAuth2 sources; ignored by the others). The spec's
    /// constructors ask for every scope the flow declares.
    pub fn scopes(self, scopes: &[&str]) -> Self {
        self.map_oauth(|oauth| oauth.scopes = scopes.iter().map(|s| s.to_string()).collect())
    }

    /// Requests tokens from this URL instead (OAuth2 sources; ignored by the others): another
    /// region of the identity service, or a mock in tests.
    pub fn token_url(self, url: impl Into<String>) -> Self {
        let url = url.into();
        self.map_oauth(|oauth| oauth.token_url = url)
    }

    fn map_oauth(self, change: impl FnOnce(&mut OAuth)) -> Self {
        match self.kind {
            Kind::OAuth(oauth) => {
                let mut oauth = OAuth::clone(&oauth);
                change(&mut oauth);
                TokenSource {
                    kind: Kind::OAuth(Arc::new(oauth)),
                }
            }
            kind => TokenSource { kind },
        }
    }

    /// Whether fetching a token makes HTTP requests.
    pub(crate) fn needs_http(&self) -> bool {
        matches!(self.kind, Kind::OAuth(_))
    }

    /// A fixed token needs no cache: its header is made once.
    pub(crate) fn fixed_token(&self) -> Option<&str> {
        match &self.kind {
            Kind::Fixed(token) => Some(token),
            _ => None,
        }
    }
}

/// A token in use, and when to renew it.
#[derive(Clone)]
struct Cached {
    header: HeaderValue,
    renew_at: Option<Instant>,
}

/// The token a client's calls share: renewed once for all of them, before it expires or when a
/// call shows it was refused.
pub(crate) struct TokenCache {
    source: TokenSource,
    current: RwLock<Option<Cached>>,
    /// Held while renewing, so that concurrent callers wait for one renewal.
    renewing: tokio::sync::Mutex<()>,
    /// For token endpoints: follows no redirects, so the client secret goes nowhere else.
    http: reqwest::Client,
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    pub(crate) fn new(source: TokenSource, http: reqwest::Client) -> Self {
        TokenCache {
            source,
            current: RwLock::new(None),
            renewing: tokio::sync::Mutex::new(()),
            http,
        }
    }

    /// The cached token's header, unless there is none or it is due for renewal.
    pub(crate) fn fresh(&self) -> Option<HeaderValue> {
        let current = self.current.read().unwrap_or_else(PoisonError::into_inner);
        let cached = current.as_ref()?;
        match cached.renew_at {
            Some(at) if Instant::now() >= at => None,
            _ => Some(cached.header.clone()),
        }
    }

    /// The `Authorization` value to send: the cached token, or a new one.
    pub(crate) async fn header(&self) -> Result<HeaderValue, TokenError> {
        if let Some(header) = self.fresh() {
            return Ok(header);
        }
        let _renewing = self.renewing.lock().await;
        // Someone else may have renewed while this caller waited.
        if let Some(header) = self.fresh() {
            return Ok(header);
        }
        let fetched_at = Instant::now();
        let token = self.fetch().await?;
        let header = crate::auth::bearer(&token.secret).map_err(TokenError::new)?;
        let renew_at = token.expires_in.map(|lifetime| {
            let early = RENEW_BEFORE.min(lifetime / 2);
            fetched_at + (lifetime - early)
        });
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Some(Cached {
            header: header.clone(),
            renew_at,
        });
        Ok(header)
    }

    /// The server refused `used`: forget it, unless it was already replaced.
    pub(crate) fn refused(&self, used: &HeaderValue) {
        let mut current = self.current.write().unwrap_or_else(PoisonError::into_inner);
        if current.as_ref().is_some_and(|c| c.header == used) {
            *current = None;
        }
    }

    async fn fetch(&self) -> Result<AccessToken, TokenError> {
        match &self.source.kind {
            Kind::Fixed(token) => Ok(AccessToken::new(token.clone())),
            Kind::Callback(callback) => callback().await,
            Kind::OAuth(oauth) => {
                let span = tracing::info_span!(
                    "token",
                    token_url = oauth.token_url.as_str(),
                    grant = oauth.grant.name(),
                    status = tracing::field::Empty,
                );
                oauth
                    .exchange(&self.http, &span)
                    .instrument(span.clone())
                    .await
            }
        }
    }
}

impl Grant {
    fn name(&self) -> &'static str {
        match self {
            Grant::ClientCredentials => "client_credentials",
            Grant::RefreshToken(_) => "refresh_token",
        }
    }
}

/// A token endpoint's success answer (RFC 6749 §5.1).
#[derive(serde::Deserialize)]
struct Issued {
    access_token: String,
    token_type: String,
    expires_in: Option<serde_json::Value>,
    refresh_token: Option<String>,
}

/// A token endpoint's error answer (RFC 6749 §5.2).
#[derive(serde::Deserialize)]
struct Refused {
    error: String,
    error_description: Option<String>,
}

impl OAuth {
    async fn exchange(
        &self,
        http: &reqwest::Client,
        span: &tracing::Span,
    ) -> Result<AccessToken, TokenError> {
        let mut form: Vec<(&str, String)> = vec![("grant_type", self.grant.name().to_string())];
        if let Grant::RefreshToken(token) = &self.grant {
            let token = token.lock().unwrap_or_else(PoisonError::into_inner).clone();
            form.push(("refresh_token", token));
        }
        form.push(("client_id", self.client_id.clone()));
        if let Some(secret) = &self.client_secret {
            form.push(("client_secret", secret.clone()));
        }
        if !self.scopes.is_empty() {
            form.push(("scope", self.scopes.join(" ")));
        }
        // In a block: the serializer must not live across an await (it is not `Send`).
        let body = {
            let mut body = url::form_urlencoded::Serializer::new(String::new());
            for (name, value) in &form {
                body.append_pair(name, value);
            }
            body.finish()
        };
        let response = http
            .post(&self.token_url)
            .header(ACCEPT, HeaderValue::from_static("application/json"))
            .header(
                reqwest::header::CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            )
            .body(body)
            .send()
            .await
            .map_err(|e| {
                // reqwest's message names the URL, which carries no secret (they are in the body).
                let mut error = TokenError::new("the token endpoint could not be reached");
                error.transient = true;
                error.caused_by(e)
            })?;
        let status = response.status();
        span.record("status", status.as_u16());
        let bytes = response.bytes().await.map_err(|e| {
            TokenError::new("the token endpoint's answer could not be read").caused_by(e)
        })?;
        if !status.is_success() {
            let mut error = TokenError::new(format!("the token endpoint refused ({status})"));
            error.status = Some(status);
            error.transient = status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error();
            if let Ok(refused) = serde_json::from_slice::<Refused>(&bytes) {
                error.code = Some(refused.error);
                error.description = refused.error_description;
            }
            return Err(error);
        }
        let issued: Issued = serde_json::from_slice(&bytes).map_err(|e| {
            let mut error = TokenError::new("the token endpoint's answer is not a token response");
            error.status = Some(status);
            // serde's message may quote a value: keep only where it failed.
            error.description = Some(format!("at line {} column {}", e.line(), e.column()));
            error
        })?;
        if !issued.token_type.eq_ignore_ascii_case("bearer") {
            return Err(TokenError::new(format!(
                "the token endpoint issued a `{}` token; only bearer tokens can be sent",
                crate::error::snippet(&issued.token_type)
            )));
        }
        if let (Grant::RefreshToken(current), Some(next)) = (&self.grant, issued.refresh_token) {
            *current.lock().unwrap_or_else(PoisonError::into_inner) = next;
        }
        let mut token = AccessToken::new(issued.access_token);
        // Some servers send the lifetime as a string; either way it is whole seconds.
        let lifetime = match &issued.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        if let Some(seconds) = lifetime {
            token = token.expires_in(Duration::from_secs(seconds));
        }
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_a_secret() {
        let sources = [
            TokenSource::fixed("s3cr3t-fixed"),
            TokenSource::client_credentials("https://ims.example/token", "id", "s3cr3t-cs", &["a"]),
            TokenSource::refresh_token(
                "https://ims.example/token",
                "id",
                Some("s3cr3t-cs".into()),
                "s3cr3t-rt",
            ),
            TokenSource::from_fn(|| async { Ok::<_, std::io::Error>(AccessToken::new("x")) }),
        ];
        for source in sources {
            let shown = format!("{source:?} {:?}", AccessToken::new("s3cr3t-at"));
            assert!(!shown.contains("s3cr3t"), "{shown}");
        }
    }
}
