//! Emits `src/client.rs`: the crate's `Client`, its `ClientBuilder` and (where bearer tokens
//! can be given) `TokenSource`, each a thin type of the generated crate over the runtime's
//! (operations, credentials and the spec's OAuth2 flows are methods on them, which only a type
//! of this crate can have; they are emitted with the operations), and the aliases that fix the
//! runtime's error-body parameter to this crate's `ErrorBody`.

use proc_macro2::TokenStream;
use quote::quote;

use super::runtime::Rt;
use crate::ir::Api;

/// The file's items.
pub(crate) fn emit(api: &Api, krate: &str) -> TokenStream {
    let error = Rt::RuntimeError;
    let api_error = Rt::RuntimeApiError;
    let call_options = Rt::RuntimeCallOptions;
    let engine = Rt::Engine;
    let engine_builder = Rt::EngineBuilder;
    let runtime_source = Rt::RuntimeTokenSource;
    let access_token = Rt::AccessToken;
    let retry_policy = Rt::RetryPolicy;
    let reqwest_client = Rt::HttpClient;
    let error_body = quote! { crate::types::ErrorBody };
    let module_doc = if api.bearer {
        format!(
            " The client of {}: [`Client`], its [`ClientBuilder`], and the [`TokenSource`]s \
             bearer tokens come from.",
            api.title
        )
    } else {
        format!(
            " The client of {}: [`Client`] and its [`ClientBuilder`].",
            api.title
        )
    };
    let client_doc = format!(
        " A client of {}. Cheap to clone: clones share the connection pool and the rate-limit \
         state.\n\n Every operation of the API is an async method on it (see the crate docs \
         for the list).",
        api.title
    );
    let token_source_example = format!(
        " ```no_run\n use std::time::Duration;\n use {krate}::{{AccessToken, Client, TokenSource}};\n\n \
         # async fn run() -> Result<(), {krate}::Error> {{\n \
         // Your own source: a secrets manager, another service, ...\n \
         let source = TokenSource::from_fn(|| async {{\n     \
         let token = std::env::var(\"API_TOKEN\")?;\n     \
         Ok::<_, std::env::VarError>(AccessToken::new(token).expires_in(Duration::from_secs(3600)))\n \
         }});\n \
         let client = Client::builder().token_source(source).build()?;\n \
         # let _ = client;\n # Ok(())\n # }}\n ```"
    );
    let token_source_example = super::doc_attrs(
        &token_source_example
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n"),
    );
    let token_source = api.bearer.then(|| {
        quote! {
        #[doc = " Where a client gets its bearer token. Give it to [`ClientBuilder::token_source`]."]
        #[doc = ""]
        #[doc = " The spec's OAuth2 flows also have ready-made constructors, named after their scheme (see"]
        #[doc = " the crate docs)."]
        #[doc = ""]
        #token_source_example
        #[derive(Clone, Debug)]
        pub struct TokenSource(pub(crate) #runtime_source);

        impl TokenSource {
            #[doc = " Always this token (what [`ClientBuilder::bearer_token`] sets)."]
            pub fn fixed(token: impl Into<String>) -> Self {
                TokenSource(#runtime_source::fixed(token))
            }

            #[doc = " Tokens from your own async function, called when there is no token yet, when the last one"]
            #[doc = " is about to expire, and after a call was answered 401. Its error becomes"]
            #[doc = " [`Error::Token`] with your error as the source."]
            pub fn from_fn<F, Fut, E>(fetch: F) -> Self
            where
                F: Fn() -> Fut + Send + Sync + 'static,
                Fut: ::std::future::Future<Output = Result<#access_token, E>> + Send + 'static,
                E: Into<Box<dyn ::std::error::Error + Send + Sync>>,
            {
                TokenSource(#runtime_source::from_fn(fetch))
            }

            #[doc = " Tokens from an OAuth2 token endpoint by the client-credentials grant (RFC 6749 §4.4), for"]
            #[doc = " server-to-server use. The client authenticates in the form body (`client_id`,"]
            #[doc = " `client_secret`)."]
            pub fn client_credentials(
                token_url: impl Into<String>,
                client_id: impl Into<String>,
                client_secret: impl Into<String>,
                scopes: &[&str],
            ) -> Self {
                TokenSource(#runtime_source::client_credentials(token_url, client_id, client_secret, scopes))
            }

            #[doc = " Tokens from an OAuth2 token endpoint by the refresh-token grant (RFC 6749 §6), e.g. with"]
            #[doc = " the refresh token a user's authorization-code sign-in gave you. When the server issues a"]
            #[doc = " new refresh token, the next renewal uses it. `client_secret` is `None` for public clients."]
            pub fn refresh_token(
                token_url: impl Into<String>,
                client_id: impl Into<String>,
                client_secret: Option<String>,
                refresh_token: impl Into<String>,
            ) -> Self {
                TokenSource(#runtime_source::refresh_token(token_url, client_id, client_secret, refresh_token))
            }

            #[doc = " Asks for these scopes instead (OAuth2 sources; ignored by the others). The spec's"]
            #[doc = " constructors ask for every scope the flow declares."]
            pub fn scopes(self, scopes: &[&str]) -> Self {
                TokenSource(self.0.scopes(scopes))
            }

            #[doc = " Requests tokens from this URL instead (OAuth2 sources; ignored by the others): another"]
            #[doc = " region of the identity service, or a mock in tests."]
            pub fn token_url(self, url: impl Into<String>) -> Self {
                TokenSource(self.0.token_url(url))
            }
        }
        }
    });
    quote! {
        #![doc = #module_doc]

        use std::time::Duration;

        #[doc = " Everything a call can fail with. Match [`Error::Api`] for answers the server gave: it carries the"]
        #[doc = " status and the [`ErrorBody`](crate::ErrorBody) the spec declares for it."]
        pub type Error = #error<#error_body>;

        #[doc = " A non-success response: status, headers, rate limit, the typed error body and the raw text."]
        pub type ApiError = #api_error<#error_body>;

        #[doc = " Settings for the calls made through one client handle ([`Client::with_options`]), overriding"]
        #[doc = " the client's own: retry policy, timeout, extra headers."]
        pub type CallOptions = #call_options<#error_body>;

        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            pub(crate) inner: #engine,
        }

        impl Client {
            #[doc = " Starts configuring a client: credentials, base URL, timeouts, retries, throttling, user"]
            #[doc = " agent, or your own `reqwest::Client`."]
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    inner: #engine_builder::new(
                        crate::DEFAULT_BASE_URL,
                        crate::operations::SCHEMES,
                        concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")),
                    ),
                }
            }

            #[doc = " The server this client talks to."]
            pub fn base_url(&self) -> &str {
                self.inner.base_url()
            }

            #[doc = " Uploads a file's parts to the pre-signed URLs an operation answered with, over this"]
            #[doc = " client's connections, retrying as its calls do (none of its credentials are sent):"]
            #[doc = " see [`upload::Uploader`](crate::upload::Uploader)."]
            pub fn uploader(&self) -> crate::upload::Uploader {
                self.inner.uploader()
            }

            #[doc = " A handle whose calls use `options`; it shares everything else (connections, token,"]
            #[doc = " rate-limit state) with this client."]
            pub fn with_options(&self, options: CallOptions) -> Client {
                Client {
                    inner: self.inner.with_options(options),
                }
            }
        }

        #[doc = " Configures a [`Client`]: credentials (a method per security scheme, see the crate docs),"]
        #[doc = " base URL, timeouts, retries, throttling."]
        #[derive(Debug)]
        #[must_use]
        pub struct ClientBuilder {
            pub(crate) inner: #engine_builder,
        }

        impl ClientBuilder {
            #[doc = " Talks to another server, e.g. a mock on loopback in tests. A trailing `/` is ignored."]
            pub fn base_url(self, url: impl Into<String>) -> Self {
                ClientBuilder { inner: self.inner.base_url(url) }
            }

            #[doc = " Limits each attempt from start to last byte of the body. Default: 60 s."]
            pub fn timeout(self, timeout: Duration) -> Self {
                ClientBuilder { inner: self.inner.timeout(timeout) }
            }

            #[doc = " Limits establishing a connection. Default: 10 s."]
            pub fn connect_timeout(self, timeout: Duration) -> Self {
                ClientBuilder { inner: self.inner.connect_timeout(timeout) }
            }

            #[doc = " Sets the `User-Agent` header. Default: `<crate>/<version>`."]
            pub fn user_agent(self, user_agent: impl Into<String>) -> Self {
                ClientBuilder { inner: self.inner.user_agent(user_agent) }
            }

            #[doc = " How calls are retried. Default: `RetryPolicy::default()`."]
            pub fn retry(self, policy: #retry_policy) -> Self {
                ClientBuilder { inner: self.inner.retry(policy) }
            }

            #[doc = " Whether to hold calls back when the server says no calls remain in its rate-limit window"]
            #[doc = " (instead of sending them and collecting 429s). Default: on."]
            pub fn throttle(self, enabled: bool) -> Self {
                ClientBuilder { inner: self.inner.throttle(enabled) }
            }

            #[doc = " The largest response body a call buffers, in bytes. A success body beyond it fails the"]
            #[doc = " call with [`Error::BodyTooLarge`] once the limit is reached (or at once, when"]
            #[doc = " `Content-Length` says so). Error bodies are kept up to"]
            #[doc = " [`ERROR_BODY_LIMIT`](crate::ERROR_BODY_LIMIT) at most. Default:"]
            #[doc = " [`DEFAULT_MAX_BODY_SIZE`](crate::DEFAULT_MAX_BODY_SIZE)."]
            pub fn max_body_size(self, bytes: usize) -> Self {
                ClientBuilder { inner: self.inner.max_body_size(bytes) }
            }

            #[doc = " Uses a `reqwest::Client` you configured (proxies, TLS roots, ...). Its own timeouts and"]
            #[doc = " user agent then apply instead of this builder's."]
            pub fn http_client(self, http: #reqwest_client) -> Self {
                ClientBuilder { inner: self.inner.http_client(http) }
            }

            #[doc = " Builds the client."]
            #[doc = ""]
            #[doc = " # Errors"]
            #[doc = " `Error::Config` for a base URL that is not an absolute http(s) URL, a credential that is not"]
            #[doc = " a valid header value, or a TLS backend that fails to start."]
            pub fn build(self) -> Result<Client, Error> {
                self.inner.build().map(|inner| Client { inner })
            }
        }

        #token_source
    }
}
