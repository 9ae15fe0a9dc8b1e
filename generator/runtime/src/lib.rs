//! The runtime of the clients [openapi-rust-gen](https://docs.rs/openapi-rust-gen) generates.
//!
//! A generated crate holds the API's data types and one method per operation; this crate does
//! the rest, once for every generated crate: sending requests (credentials, token sources,
//! timeouts, retries with backoff, throttling by the server's rate-limit headers, body limits),
//! and turning answers into an [`ApiResponse`] or an [`Error`] whose `Api` variant carries the
//! error body the API declares.
//!
//! It knows nothing of any one API. What it needs from a generated crate (the default base URL,
//! the security schemes, the error-body type) it is given: the first two when a client is built,
//! the third as the type parameter `E` of [`Error`], [`ApiError`] and [`CallOptions`], which
//! generated crates fix with aliases (`pub type Error = Error<ErrorBody>`).
//!
//! Application code uses a generated crate, which re-exports what it needs from here; it
//! rarely names this crate. The module `__private` is for generated code only: it is not part of
//! the public API and may change in any release.
//!
//! # Dependencies
//!
//! Fourteen crates, each for one job (two of them, `ring` and `base64`, in the tree anyway), and
//! a fifteenth with the `mock` feature; the TLS stack is rustls with ring (no OpenSSL), and no
//! default features are taken where the defaults would add more.
//!
//! | Crate | Why |
//! | --- | --- |
//! | `reqwest` | HTTP/1.1 with a pool of kept-alive connections, rustls, multipart and streamed bodies (its `http2` feature is off: REST calls gain little from it, and it adds `h2` and four more crates) |
//! | `tokio` | the timers behind retries and throttling (`time`), the locks a shared token renewal and the throttle use (`sync`), and an upload's parts: tasks (`rt`) reading a file (`fs`, `io-util`) |
//! | `serde` | the token endpoint's answers, and the codecs of generated types |
//! | `serde_json` | JSON bodies, and `Value` for free-form fields |
//! | `serde_path_to_error` | where in a body decoding failed (`data.head_version.file_size`), on the error path only |
//! | `thiserror` | the `Display` and `source` of `Error` |
//! | `bytes` | bodies as received, not copied (`Bytes`) |
//! | `futures-util` | the `Stream` of paged results, and streamed request bodies |
//! | `chrono` | `Retry-After` HTTP dates, and timestamps compared by instant in example tests |
//! | `url` | parsing the base URL, and form encoding for OAuth2 token requests |
//! | `percent-encoding` | path segments and query values, encoded as OpenAPI's styles say |
//! | `tracing` | a span per attempt and per token request (nothing is logged unless you subscribe) |
//! | `ring` | HMAC-SHA256 and its constant-time check, for webhook signatures ([`webhooks`]; already in the tree for rustls) |
//! | `base64` | base64 webhook signatures and secrets (already in the tree for reqwest) |
//! | `wiremock` | with the `mock` feature only: the local server stubs of operations answer on (the `mock` module) |

#![forbid(unsafe_code)]
#![warn(missing_debug_implementations)]
#![deny(missing_docs)]
// On docs.rs (nightly rustdoc), `mock` is marked as needing its feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

mod answer;
mod auth;
mod body;
mod builder;
mod call_options;
mod client;
mod codec;
mod error;
mod macros;
#[cfg(feature = "mock")]
pub mod mock;
mod pagination;
mod rate_limit;
mod request;
mod response;
mod retry;
mod throttle;
mod token;
pub mod upload;
pub mod webhooks;

pub use body::{BinaryBody, Form, Part};
pub use call_options::CallOptions;
pub use client::{
    DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_SIZE, DEFAULT_TIMEOUT, ERROR_BODY_LIMIT,
};
pub use error::{ApiError, DecodeError, Error};
pub use rate_limit::RateLimit;
pub use response::ApiResponse;
pub use retry::RetryPolicy;
pub use token::{AccessToken, TokenError, TokenSource};

/// The HTTP client underneath, for [`http_client`](__private::ClientBuilder::http_client):
/// the very version this crate was built with.
pub use reqwest;
/// HTTP types that appear in the API of generated crates.
pub use reqwest::{header::HeaderMap, Method, StatusCode};

/// Response bodies of raw bytes are `Bytes` (received once, never copied).
pub use bytes::Bytes;
/// Paged list operations have a `..._stream` method returning a `Stream` of items.
pub use futures_util::Stream;

/// What generated code calls, and nothing else does: the client underneath a generated
/// `Client`, request building, codecs for tagged unions and tri-state fields, pagination, and
/// the macros behind generated enums. Not part of the public API: it changes with the
/// generator, in any release.
#[doc(hidden)]
pub mod __private {
    pub use crate::answer::{decode_error_body, RawResponse};
    pub use crate::auth::{KeyLocation, Scheme, SchemeKind, Security};
    pub use crate::body::Multipart;
    pub use crate::builder::ClientBuilder;
    pub use crate::client::Client;
    pub use crate::codec::{
        external_payload, external_tag, from_value, round_trip, serialize_external,
        serialize_tag_only, serialize_tagged, tag, tri_state,
    };
    pub use crate::error::Invalid;
    #[cfg(feature = "mock")]
    pub use crate::mock_stub;
    pub use crate::pagination::{items, next_cursor};
    pub use crate::request::{
        encode_path_segment, path_param, path_styled, PathStyle, Request, Style,
    };
    pub use crate::{integer_enum, string_enum};
}

#[cfg(test)]
mod tests {
    /// The names under `[dependencies]` in this crate's manifest, as written here or as
    /// `cargo package` normalizes them (one `[dependencies.name]` table each).
    fn manifest_dependencies() -> Vec<String> {
        let mut names = Vec::new();
        let mut inside = false;
        for line in include_str!("../Cargo.toml").lines() {
            let line = line.trim();
            if let Some(name) = line
                .strip_prefix("[dependencies.")
                .and_then(|rest| rest.strip_suffix(']'))
            {
                names.push(name.trim_matches('"').to_string());
            }
            if line.starts_with('[') {
                inside = line == "[dependencies]";
                continue;
            }
            if inside && !line.is_empty() && !line.starts_with('#') {
                names.push(
                    line.split(['=', '.', ' '])
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
        names.sort();
        names
    }

    #[test]
    fn the_docs_list_exactly_the_dependencies() {
        let mut listed: Vec<String> = include_str!("lib.rs")
            .lines()
            .filter_map(|line| line.strip_prefix("//! | `"))
            .filter_map(|rest| rest.split('`').next())
            .map(str::to_string)
            .collect();
        listed.sort();
        assert_eq!(listed, manifest_dependencies());
        assert_eq!(
            listed.len(),
            15,
            "the docs say fourteen crates and a fifteenth"
        );
    }
}
