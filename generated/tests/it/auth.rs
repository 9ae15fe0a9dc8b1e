//! Token sources against a mock token endpoint and a mock API on loopback: each source is
//! renewed at expiry, shares one renewal among concurrent calls, renews and repeats once on a
//! 401, and reports a renewal failure as `Error::Token`; no secret reaches Debug output, error
//! messages or traces.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::support::{asset_json, fast_retries, tracing_capture};
use frameio::types::VersionAssetRequest;
use frameio::{AccessToken, Client, Error, StatusCode, TokenSource};
use uuid::Uuid;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const CLIENT_ID: &str = "frameio-test-client";
const CLIENT_SECRET: &str = "s3cr3t-client-secret";
const REFRESH_TOKEN: &str = "s3cr3t-refresh-1";

#[derive(Debug, Clone, Copy)]
enum Kind {
    ClientCredentials,
    RefreshToken,
    Callback,
}

const KINDS: [Kind; 3] = [Kind::ClientCredentials, Kind::RefreshToken, Kind::Callback];

/// The authority: issues `s3cr3t-access-N` tokens, and remembers which the API must refuse.
#[derive(Default)]
struct Issuer {
    issued: AtomicUsize,
    failing: AtomicBool,
    /// `expires_in`, seconds.
    lifetime: AtomicUsize,
    /// Taken to answer, so that concurrent callers overlap.
    delay_ms: AtomicUsize,
    revoked: Mutex<HashSet<String>>,
    refuse_all: AtomicBool,
    /// The form bodies the token endpoint received.
    forms: Mutex<Vec<Vec<(String, String)>>>,
}

impl Issuer {
    fn new(lifetime: usize) -> Arc<Self> {
        let issuer = Issuer::default();
        issuer.lifetime.store(lifetime, Ordering::SeqCst);
        Arc::new(issuer)
    }

    fn issue(&self) -> (String, usize) {
        let n = self.issued.fetch_add(1, Ordering::SeqCst) + 1;
        (
            format!("s3cr3t-access-{n}"),
            self.lifetime.load(Ordering::SeqCst),
        )
    }

    fn delay(&self) -> Duration {
        Duration::from_millis(self.delay_ms.load(Ordering::SeqCst) as u64)
    }

    fn issued(&self) -> usize {
        self.issued.load(Ordering::SeqCst)
    }
}

/// The token endpoint: an RFC 6749 answer from the issuer.
struct TokenEndpoint(Arc<Issuer>);

impl Respond for TokenEndpoint {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let form: Vec<(String, String)> = url::form_urlencoded::parse(&request.body)
            .into_owned()
            .collect();
        self.0.forms.lock().unwrap().push(form);
        let delay = self.0.delay();
        if self.0.failing.load(Ordering::SeqCst) {
            return ResponseTemplate::new(400).set_delay(delay).set_body_json(
                serde_json::json!({"error": "invalid_grant", "error_description": "the refresh token was revoked"}),
            );
        }
        let n = self.0.issued() + 1;
        let (token, lifetime) = self.0.issue();
        ResponseTemplate::new(200)
            .set_delay(delay)
            .set_body_json(serde_json::json!({
                "access_token": token,
                "token_type": "bearer",
                "expires_in": lifetime,
                "refresh_token": format!("s3cr3t-refresh-{}", n + 1),
            }))
    }
}

/// The API: 200 for a live token this issuer issued, 401 for anything else.
struct Api(Arc<Issuer>, Arc<Mutex<Vec<String>>>);

impl Respond for Api {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let token = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_string();
        self.1.lock().unwrap().push(token.clone());
        let live = token.starts_with("s3cr3t-access-")
            && !self.0.revoked.lock().unwrap().contains(&token)
            && !self.0.refuse_all.load(Ordering::SeqCst);
        if live {
            ResponseTemplate::new(200).set_body_json(asset_json())
        } else {
            ResponseTemplate::new(401)
                .set_body_json(serde_json::json!({"errors": [{"detail": "Unauthorized"}]}))
        }
    }
}

struct Setup {
    client: Client,
    issuer: Arc<Issuer>,
    seen: Arc<Mutex<Vec<String>>>,
    _servers: (MockServer, MockServer),
}

impl Setup {
    async fn new(kind: Kind, lifetime: usize) -> Setup {
        let issuer = Issuer::new(lifetime);
        let ims = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/ims/token/v3"))
            .respond_with(TokenEndpoint(Arc::clone(&issuer)))
            .mount(&ims)
            .await;
        let api = MockServer::start().await;
        let seen = Arc::new(Mutex::new(Vec::new()));
        Mock::given(wiremock::matchers::any())
            .respond_with(Api(Arc::clone(&issuer), Arc::clone(&seen)))
            .mount(&api)
            .await;
        let token_url = format!("{}/ims/token/v3", ims.uri());
        let source =
            match kind {
                Kind::ClientCredentials => TokenSource::client_credentials(
                    token_url,
                    CLIENT_ID,
                    CLIENT_SECRET,
                    &["openid", "AdobeID", "frame.s2s.all"],
                ),
                Kind::RefreshToken => TokenSource::refresh_token(
                    token_url,
                    CLIENT_ID,
                    Some(CLIENT_SECRET.to_string()),
                    REFRESH_TOKEN,
                ),
                Kind::Callback => {
                    let issuer = Arc::clone(&issuer);
                    TokenSource::from_fn(move || {
                        let issuer = Arc::clone(&issuer);
                        async move {
                            tokio::time::sleep(issuer.delay()).await;
                            if issuer.failing.load(Ordering::SeqCst) {
                                return Err(std::io::Error::other("the vault is sealed"));
                            }
                            let (token, lifetime) = issuer.issue();
                            Ok(AccessToken::new(token)
                                .expires_in(Duration::from_secs(lifetime as u64)))
                        }
                    })
                }
            };
        let client = Client::builder()
            .token_source(source)
            .base_url(api.uri())
            .retry(fast_retries())
            .build()
            .unwrap();
        Setup {
            client,
            issuer,
            seen,
            _servers: (ims, api),
        }
    }

    fn seen(&self) -> Vec<String> {
        self.seen.lock().unwrap().clone()
    }
}

fn asset_id() -> Uuid {
    "3fa85f64-5717-4562-b3fc-2c963f66afa6".parse().unwrap()
}

fn no_secret_in(text: &str, kind: Kind) {
    assert!(
        !text.contains("s3cr3t"),
        "{kind:?}: a secret leaked: {text}"
    );
}

#[tokio::test]
async fn a_token_is_renewed_when_it_expires() {
    for kind in KINDS {
        // Lifetime 1 s: renewed at half-life, since that is sooner than a minute before.
        let setup = Setup::new(kind, 1).await;
        setup.client.delete_asset(asset_id()).await.unwrap();
        setup.client.delete_asset(asset_id()).await.unwrap();
        assert_eq!(setup.issuer.issued(), 1, "{kind:?}: a live token is reused");
        tokio::time::sleep(Duration::from_millis(600)).await;
        setup.client.delete_asset(asset_id()).await.unwrap();
        assert_eq!(setup.issuer.issued(), 2, "{kind:?}: renewed before expiry");
        assert_eq!(
            setup.seen(),
            ["s3cr3t-access-1", "s3cr3t-access-1", "s3cr3t-access-2"],
            "{kind:?}"
        );
    }
}

#[tokio::test]
async fn fifty_concurrent_calls_share_one_renewal() {
    for kind in KINDS {
        let setup = Setup::new(kind, 3600).await;
        setup.issuer.delay_ms.store(200, Ordering::SeqCst);
        let calls = (0..50).map(|_| setup.client.delete_asset(asset_id()));
        for result in futures_util::future::join_all(calls).await {
            result.unwrap();
        }
        assert_eq!(setup.issuer.issued(), 1, "{kind:?}: one token request");
        assert_eq!(setup.seen().len(), 50);
    }
}

#[tokio::test]
async fn a_401_renews_the_token_and_repeats_the_call_once() {
    for kind in KINDS {
        let setup = Setup::new(kind, 3600).await;
        setup.client.delete_asset(asset_id()).await.unwrap();
        setup
            .issuer
            .revoked
            .lock()
            .unwrap()
            .insert("s3cr3t-access-1".into());

        // A POST: the 401 proves the server did not process it, so it is repeated.
        let response = setup
            .client
            .version_asset(asset_id(), &VersionAssetRequest::new(asset_id()))
            .await
            .unwrap();
        assert_eq!(response.attempts(), 2, "{kind:?}");
        assert_eq!(setup.issuer.issued(), 2, "{kind:?}");
        assert_eq!(
            setup.seen()[1..],
            ["s3cr3t-access-1", "s3cr3t-access-2"],
            "{kind:?}"
        );

        // Refused with the new token too: once only, then the 401 is the answer.
        setup.issuer.refuse_all.store(true, Ordering::SeqCst);
        let err = setup.client.delete_asset(asset_id()).await.unwrap_err();
        assert_eq!(err.status(), Some(StatusCode::UNAUTHORIZED), "{kind:?}");
        assert_eq!(err.attempts(), 2, "{kind:?}");
        assert_eq!(setup.seen().len(), 5, "{kind:?}: one repeat, no more");
        assert_eq!(setup.issuer.issued(), 3, "{kind:?}");
    }
}

#[tokio::test]
async fn a_failed_renewal_is_an_error_of_its_own_and_sends_nothing() {
    for kind in KINDS {
        let setup = Setup::new(kind, 3600).await;
        setup.issuer.failing.store(true, Ordering::SeqCst);
        let err = setup.client.delete_asset(asset_id()).await.unwrap_err();
        let Error::Token { source, .. } = &err else {
            panic!("{kind:?}: expected Error::Token, got {err:?}");
        };
        match kind {
            Kind::Callback => {
                assert_eq!(source.code, None);
                let cause =
                    std::error::Error::source(source.as_ref()).expect("the callback's error");
                assert_eq!(cause.to_string(), "the vault is sealed");
            }
            _ => {
                assert_eq!(source.status, Some(StatusCode::BAD_REQUEST), "{kind:?}");
                assert_eq!(source.code.as_deref(), Some("invalid_grant"), "{kind:?}");
                assert!(err.to_string().contains("invalid_grant"), "{err}");
            }
        }
        assert!(!err.is_retryable(), "{kind:?}: a refusal is final");
        assert!(setup.seen().is_empty(), "{kind:?}: nothing was sent");
        no_secret_in(&format!("{err} {err:?}"), kind);
    }
}

#[tokio::test]
async fn token_requests_follow_rfc_6749_and_refresh_tokens_rotate() {
    for kind in [Kind::ClientCredentials, Kind::RefreshToken] {
        let setup = Setup::new(kind, 1).await;
        setup.client.delete_asset(asset_id()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(600)).await;
        setup.client.delete_asset(asset_id()).await.unwrap();
        let forms = setup.issuer.forms.lock().unwrap().clone();
        assert_eq!(forms.len(), 2);
        let field = |form: &[(String, String)], name: &str| {
            form.iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.clone())
        };
        for form in &forms {
            assert_eq!(field(form, "client_id").as_deref(), Some(CLIENT_ID));
            assert_eq!(field(form, "client_secret").as_deref(), Some(CLIENT_SECRET));
        }
        match kind {
            Kind::ClientCredentials => {
                assert_eq!(
                    field(&forms[0], "grant_type").as_deref(),
                    Some("client_credentials")
                );
                assert_eq!(
                    field(&forms[0], "scope").as_deref(),
                    Some("openid AdobeID frame.s2s.all")
                );
            }
            _ => {
                assert_eq!(
                    field(&forms[0], "grant_type").as_deref(),
                    Some("refresh_token")
                );
                assert_eq!(
                    field(&forms[0], "refresh_token").as_deref(),
                    Some(REFRESH_TOKEN)
                );
                assert_eq!(
                    field(&forms[1], "refresh_token").as_deref(),
                    Some("s3cr3t-refresh-2"),
                    "the refresh token the server rotated to"
                );
            }
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn no_secret_reaches_debug_output_or_traces() {
    let capture = tracing_capture::Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    for kind in KINDS {
        let setup = Setup::new(kind, 3600).await;
        setup.client.delete_asset(asset_id()).await.unwrap();
        setup.issuer.refuse_all.store(true, Ordering::SeqCst);
        let err = setup.client.delete_asset(asset_id()).await.unwrap_err();
        setup.issuer.failing.store(true, Ordering::SeqCst);
        let failed = setup.client.delete_asset(asset_id()).await.unwrap_err();
        no_secret_in(
            &format!("{:?} {err} {err:?} {failed} {failed:?}", setup.client),
            kind,
        );
    }
    let lines = capture.lines.lock().unwrap().join("\n");
    assert!(
        lines.contains("span token"),
        "token requests are traced: {lines}"
    );
    assert!(lines.contains("grant=\"client_credentials\""), "{lines}");
    assert!(lines.contains("token refused; renewing it"), "{lines}");
    assert!(!lines.contains("s3cr3t"), "a secret in traces: {lines}");
}
