//! Credentials and the security schemes operations ask for: bearer tokens (also for OAuth2 and
//! OpenID Connect), HTTP basic, other `http` schemes, and API keys in a header, the query or a
//! cookie.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION};

/// What an operation's `security` says.
#[derive(Debug, Clone, Copy)]
pub enum Security {
    /// The spec says nothing: configured bearer or basic credentials are sent.
    Unspecified,
    /// `security: []`: nothing is sent.
    Public,
    /// Any one of these sets of schemes (by name) will do; an empty set means "none needed".
    Alternatives(&'static [&'static [&'static str]]),
}

/// A security scheme the spec declares.
#[derive(Debug)]
pub struct Scheme {
    /// The name it has under `components/securitySchemes`.
    pub name: &'static str,
    /// How its credentials are sent.
    pub kind: SchemeKind,
}

/// How a security scheme's credentials are sent.
#[derive(Debug)]
pub enum SchemeKind {
    /// `http` bearer, `oauth2`, `openIdConnect`: `Authorization: Bearer <token>`.
    Bearer,
    /// `http` basic: `Authorization: Basic <base64(user:password)>`.
    Basic,
    /// An API key sent in a header, query parameter or cookie of this name.
    ApiKey {
        /// Where the key goes.
        location: KeyLocation,
        /// The header, query parameter or cookie that carries it.
        name: &'static str,
    },
    /// Another `http` scheme (`Digest`, `DSN`, ...): `Authorization: <scheme> <credentials>`,
    /// the credentials given by name like an API key.
    Http {
        /// The scheme's name, as `Authorization` starts with it.
        scheme: &'static str,
    },
}

#[derive(Debug, Clone, Copy)]
/// Where an API key is sent.
pub enum KeyLocation {
    /// In a request header.
    Header,
    /// In a query parameter.
    Query,
    /// In a cookie.
    Cookie,
}

/// Where the bearer token comes from.
#[derive(Clone)]
pub(crate) enum Bearer {
    /// One token, made into a header once.
    Fixed(HeaderValue),
    /// Renewed as it expires or is refused.
    Source(Arc<crate::token::TokenCache>),
}

/// The credentials a client was given. `Debug` never shows them.
#[derive(Clone, Default)]
pub(crate) struct Credentials {
    pub(crate) bearer: Option<Bearer>,
    pub(crate) basic: Option<HeaderValue>,
    /// API keys by scheme name.
    pub(crate) keys: BTreeMap<String, String>,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keys: Vec<&str> = self.keys.keys().map(String::as_str).collect();
        f.debug_struct("Credentials")
            .field(
                "bearer",
                &self.bearer.as_ref().map(|bearer| match bearer {
                    Bearer::Fixed(_) => "<redacted>".to_string(),
                    // The source's own Debug redacts its secrets.
                    Bearer::Source(cache) => format!("{cache:?}"),
                }),
            )
            .field("basic", &self.basic.as_ref().map(|_| "<redacted>"))
            .field("api_keys", &keys)
            .finish()
    }
}

/// Where the credentials of one request go.
#[derive(Debug)]
pub(crate) struct Applied {
    pub(crate) headers: HeaderMap,
    /// Query pairs, percent-encoded.
    pub(crate) query: Vec<(String, String)>,
    pub(crate) cookies: Vec<String>,
    /// The bearer token comes from this source: its header is added when the request is sent.
    pub(crate) token: Option<Arc<crate::token::TokenCache>>,
}

impl Credentials {
    fn has(&self, scheme: &Scheme) -> bool {
        match &scheme.kind {
            SchemeKind::Bearer => self.bearer.is_some(),
            SchemeKind::Basic => self.basic.is_some(),
            SchemeKind::ApiKey { .. } | SchemeKind::Http { .. } => {
                self.keys.contains_key(scheme.name)
            }
        }
    }

    /// The credentials `security` asks for, from the schemes the spec declares.
    ///
    /// # Errors
    /// The operation needs credentials this client was not given; the message names the
    /// schemes, never a secret.
    pub(crate) fn apply(&self, security: Security, schemes: &[Scheme]) -> Result<Applied, String> {
        let mut applied = Applied {
            headers: HeaderMap::new(),
            query: Vec::new(),
            cookies: Vec::new(),
            token: None,
        };
        let alternatives = match security {
            Security::Public => return Ok(applied),
            Security::Unspecified => {
                match (&self.bearer, &self.basic) {
                    (Some(bearer), _) => applied.bearer(bearer),
                    (None, Some(basic)) => {
                        applied.headers.insert(AUTHORIZATION, basic.clone());
                    }
                    (None, None) => {}
                }
                return Ok(applied);
            }
            Security::Alternatives(alternatives) => alternatives,
        };
        let find = |name: &str| schemes.iter().find(|s| s.name == name);
        let usable = alternatives.iter().find(|set| {
            set.iter()
                .all(|name| find(name).is_some_and(|s| self.has(s)))
        });
        let Some(set) = usable else {
            let wanted: Vec<String> = alternatives.iter().map(|set| set.join(" + ")).collect();
            return Err(format!(
                "this operation needs credentials for {}; configure them on the client builder",
                wanted.join(" or ")
            ));
        };
        for scheme in set.iter().filter_map(|name| find(name)) {
            match &scheme.kind {
                SchemeKind::Bearer => {
                    if let Some(bearer) = &self.bearer {
                        applied.bearer(bearer);
                    }
                }
                SchemeKind::Basic => {
                    if let Some(token) = &self.basic {
                        applied.headers.insert(AUTHORIZATION, token.clone());
                    }
                }
                SchemeKind::Http { scheme: auth } => {
                    let Some(credentials) = self.keys.get(scheme.name) else {
                        continue;
                    };
                    let mut value = HeaderValue::from_str(&format!("{auth} {credentials}"))
                        .map_err(|_| {
                            format!(
                                "the `{}` credentials cannot be sent as a header",
                                scheme.name
                            )
                        })?;
                    value.set_sensitive(true);
                    applied.headers.insert(AUTHORIZATION, value);
                }
                SchemeKind::ApiKey { location, name } => {
                    let Some(key) = self.keys.get(scheme.name) else {
                        continue;
                    };
                    match location {
                        KeyLocation::Header => {
                            let header = HeaderName::from_bytes(name.as_bytes())
                                .map_err(|_| format!("`{name}` is not a valid header name"))?;
                            let mut value = HeaderValue::from_str(key).map_err(|_| {
                                format!("the `{}` key cannot be sent as a header", scheme.name)
                            })?;
                            value.set_sensitive(true);
                            applied.headers.insert(header, value);
                        }
                        KeyLocation::Query => {
                            applied.query.push(crate::request::query_pair(name, key))
                        }
                        KeyLocation::Cookie => applied.cookies.push(format!("{name}={key}")),
                    }
                }
            }
        }
        Ok(applied)
    }
}

impl Applied {
    fn bearer(&mut self, bearer: &Bearer) {
        match bearer {
            Bearer::Fixed(header) => {
                self.headers.insert(AUTHORIZATION, header.clone());
            }
            Bearer::Source(cache) => self.token = Some(Arc::clone(cache)),
        }
    }
}

/// `Authorization: Bearer <token>`, kept out of logs and HTTP/2 header tables.
pub(crate) fn bearer(token: &str) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| "the token contains characters not allowed in a header".to_string())?;
    value.set_sensitive(true);
    Ok(value)
}

/// `Authorization: Basic <base64(user:password)>`.
pub(crate) fn basic(user: &str, password: &str) -> Result<HeaderValue, String> {
    let encoded = base64(format!("{user}:{password}").as_bytes());
    let mut value = HeaderValue::from_str(&format!("Basic {encoded}"))
        .map_err(|_| "the user name contains characters not allowed in a header".to_string())?;
    value.set_sensitive(true);
    Ok(value)
}

/// Standard base64 with padding (RFC 4648), for basic credentials: too small a need for a crate.
fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(input.len().div_ceil(3) * 4);
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCHEMES: &[Scheme] = &[
        Scheme {
            name: "token",
            kind: SchemeKind::Bearer,
        },
        Scheme {
            name: "key",
            kind: SchemeKind::ApiKey {
                location: KeyLocation::Query,
                name: "api_key",
            },
        },
        Scheme {
            name: "session",
            kind: SchemeKind::ApiKey {
                location: KeyLocation::Cookie,
                name: "sid",
            },
        },
        Scheme {
            name: "login",
            kind: SchemeKind::Basic,
        },
    ];

    #[test]
    fn base64_matches_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(
            base64(b"Aladdin:open sesame"),
            "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn the_first_alternative_the_client_has_credentials_for_is_used() {
        let mut credentials = Credentials::default();
        credentials.keys.insert("key".into(), "k1".into());
        let security = Security::Alternatives(&[&["token"], &["key"]]);
        let applied = credentials.apply(security, SCHEMES).unwrap();
        assert!(applied.headers.is_empty());
        assert_eq!(applied.query, [("api_key".to_string(), "k1".to_string())]);
        credentials.bearer = Some(Bearer::Fixed(bearer("t").unwrap()));
        let applied = credentials.apply(security, SCHEMES).unwrap();
        assert_eq!(applied.headers[AUTHORIZATION], "Bearer t");
        assert!(applied.query.is_empty());
    }

    #[test]
    fn missing_credentials_are_named_without_secrets() {
        let mut credentials = Credentials::default();
        credentials.keys.insert("key".into(), "s3cret".into());
        let err = credentials
            .apply(Security::Alternatives(&[&["token", "session"]]), SCHEMES)
            .unwrap_err();
        assert!(err.contains("token + session"), "{err}");
        assert!(!format!("{err} {credentials:?}").contains("s3cret"));
        assert!(
            credentials
                .apply(Security::Alternatives(&[&["token"], &[]]), SCHEMES)
                .is_ok(),
            "an empty set needs nothing"
        );
        assert!(credentials
            .apply(Security::Public, SCHEMES)
            .unwrap()
            .headers
            .is_empty());
    }
}
