//! Emits how a client is given credentials: `Client::new(token)` where bearer tokens can be
//! given, and one `ClientBuilder` method per [`Credential`] lowering chose (a method per
//! security scheme, and the methods every scheme of a kind shares).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime::Rt;
use crate::ir::{Api, Credential, CredentialKind, ParamLocation, SchemeKind, SecurityScheme};

/// `impl Client { new }` and `impl ClientBuilder { ...credentials }`.
pub(crate) fn emit(api: &Api) -> TokenStream {
    let (client, builder, error) = (Rt::Client, Rt::ClientBuilder, Rt::Error);
    let new = api.bearer.then(|| {
        quote! {
            impl #client {
                #[doc = " A client for the default server that authenticates with this bearer token, with"]
                #[doc = " default timeouts, retries and throttling."]
                #[doc = ""]
                #[doc = " # Errors"]
                #[doc = " `Error::Config` if the token cannot be sent as a header or the TLS backend fails"]
                #[doc = " to start."]
                pub fn new(token: impl Into<String>) -> Result<Self, #error> {
                    Self::builder().bearer_token(token).build()
                }
            }
        }
    });
    let methods = api.credentials.iter().map(|c| method(c, api));
    quote! {
        #new

        impl #builder {
            #(#methods)*
        }
    }
}

fn method(credential: &Credential, api: &Api) -> TokenStream {
    let name = format_ident!("{}", credential.method);
    let scheme = credential
        .scheme
        .as_ref()
        .and_then(|n| api.security_schemes.iter().find(|s| &s.name == n));
    let doc = super::doc_attrs(&doc(credential, scheme, api));
    let token_source = Rt::TokenSource;
    match credential.kind {
        CredentialKind::BearerToken => quote! {
            #doc
            pub fn #name(self, token: impl Into<String>) -> Self {
                Self { inner: self.inner.bearer_token(token) }
            }
        },
        CredentialKind::TokenSource => quote! {
            #doc
            pub fn #name(self, source: #token_source) -> Self {
                Self { inner: self.inner.token_source(source.0) }
            }
        },
        CredentialKind::Basic => quote! {
            #doc
            pub fn #name(self, user: &str, password: &str) -> Self {
                Self { inner: self.inner.basic_auth(user, password) }
            }
        },
        CredentialKind::Key => {
            let scheme_name = credential.scheme.as_deref().unwrap_or_default();
            quote! {
                #doc
                pub fn #name(self, key: impl Into<String>) -> Self {
                    Self { inner: self.inner.api_key(#scheme_name, key) }
                }
            }
        }
    }
}

/// The schemes of a kind, as a list for docs: "`a`, `b`".
fn schemes_of(api: &Api, kind: &SchemeKind) -> String {
    let names: Vec<String> = api
        .security_schemes
        .iter()
        .filter(|s| &s.kind == kind)
        .map(|s| format!("`{}`", s.name))
        .collect();
    names.join(", ")
}

fn doc(credential: &Credential, scheme: Option<&SecurityScheme>, api: &Api) -> String {
    let about = scheme
        .and_then(|s| s.description.as_deref())
        .map(|d| {
            let d = crate::docs::sanitize(d);
            format!(" ({})", d.split_whitespace().collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_default();
    let named = "Named for the scheme, so that code giving it stops compiling if the spec \
                 drops the scheme.";
    match (credential.kind, scheme) {
        (CredentialKind::BearerToken, None) => {
            let schemes = schemes_of(api, &SchemeKind::Bearer);
            let which = if schemes.is_empty() {
                "for every operation (the spec declares no security scheme)".to_string()
            } else {
                format!(
                    "for the spec's bearer-like schemes ({schemes}), and for operations whose \
                     spec says nothing about security"
                )
            };
            format!("Authenticates with this bearer token (`Authorization: Bearer ...`) {which}.")
        }
        (CredentialKind::TokenSource, _) => format!(
            "Takes bearer tokens from `source`: your own callback, or an OAuth2 token endpoint \
             (the spec's flows have ready-made constructors on [`TokenSource`]({})). Tokens \
             are cached, renewed shortly before they expire by one renewal that concurrent \
             calls share, and a call answered 401 renews the token and is sent once more. \
             Replaces `bearer_token`.",
            Rt::TokenSource.path()
        ),
        (CredentialKind::Basic, None) => format!(
            "Authenticates with HTTP basic credentials, for the spec's basic schemes ({}).",
            schemes_of(api, &SchemeKind::Basic)
        ),
        (CredentialKind::BearerToken, Some(s)) => format!(
            "Authenticates for the `{}` scheme{about} with this bearer token: what \
             [`bearer_token`](Self::bearer_token) does. {named} Tokens that expire: \
             [`token_source`](Self::token_source).",
            s.name
        ),
        (CredentialKind::Basic, Some(s)) => format!(
            "Authenticates for the `{}` scheme{about} with HTTP basic credentials. {named}",
            s.name
        ),
        (CredentialKind::Key, Some(s)) => {
            let sent = match &s.kind {
                SchemeKind::ApiKey { location, name } => {
                    let place = match location {
                        ParamLocation::Header => "header",
                        ParamLocation::Query => "query parameter",
                        _ => "cookie",
                    };
                    format!("sent in the `{name}` {place}")
                }
                SchemeKind::Http { scheme } => {
                    format!("sent as `Authorization: {scheme} <credentials>`")
                }
                _ => "sent as the scheme says".to_string(),
            };
            format!(
                "Authenticates for the `{}` scheme{about} with this key, {sent}. {named}",
                s.name
            )
        }
        (CredentialKind::Key, None) => "Authenticates with this key.".to_string(),
    }
}
