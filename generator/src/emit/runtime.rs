//! Every runtime item that generated code names, in one place.
//!
//! Generated code stands on the runtime crate (`openapi-rust-gen-runtime`: client, request
//! building, codecs, auth, pagination). The emitters never spell a path into it: they name a
//! [`Rt`] item, which prints as its path (`Rt::PathParam` in a `quote!` gives
//! `crate::rt::path_param`, `rt` being the crate root's name for the runtime's `__private`
//! module) or gives it as text for attributes and doc links ([`Rt::path`]). Where the runtime lives is therefore decided here alone. A test
//! below fails when a path into the runtime is written anywhere else.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

/// A runtime item generated code uses, crate-private helper or public re-export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rt {
    // Public items of the generated crate (its own, over the runtime's, or re-exported).
    /// The API client.
    Client,
    /// Its builder.
    ClientBuilder,
    /// Where a client's token comes from.
    TokenSource,
    /// A multipart form whose parts the caller names.
    Form,
    /// One part of such a form.
    Part,
    /// A raw request body with its media type.
    BinaryBody,
    /// A raw response body.
    Bytes,
    /// A decoded answer with its status and headers.
    ApiResponse,
    /// Everything a call can fail with.
    Error,
    /// The stream trait paged operations return.
    Stream,

    // The runtime's own items, which the generated crate's wrap or fix the error body of.
    /// The client underneath the generated `Client`.
    Engine,
    /// The builder underneath the generated `ClientBuilder`.
    EngineBuilder,
    /// The token source underneath the generated `TokenSource`.
    RuntimeTokenSource,
    /// `Error<E>`, generic over the error body.
    RuntimeError,
    /// `ApiError<E>`.
    RuntimeApiError,
    /// `CallOptions<E>`.
    RuntimeCallOptions,
    /// A token a token source hands out.
    AccessToken,
    /// How calls are retried.
    RetryPolicy,
    /// The HTTP client a builder can be given.
    HttpClient,
    /// An HTTP method.
    Method,

    // Security schemes and requirements (`auth`).
    /// A declared security scheme.
    Scheme,
    /// What kind of scheme it is.
    SchemeKind,
    /// Where an API key goes.
    KeyLocation,
    /// What an operation requires.
    Security,

    // Request building (`request`).
    /// One request being built.
    Request,
    /// How a query parameter is serialised.
    Style,
    /// How a non-scalar path parameter is serialised.
    PathStyle,
    /// A non-scalar path parameter, serialised by its style.
    PathStyled,
    /// A path segment percent-encoded.
    EncodePathSegment,
    /// A scalar path parameter as a segment.
    PathParam,
    /// An error body decoded into its `ErrorBody` variant.
    DecodeErrorBody,
    /// A multipart body built from a typed request.
    Multipart,

    // Pagination.
    /// A stream of the items of every page.
    PaginationItems,
    /// The next page's cursor.
    NextCursor,

    // Codecs and declarative macros for types.
    /// A field that tells absent, `null` and a value apart.
    TriState,
    /// A string enum that keeps unknown values.
    StringEnum,
    /// An integer enum that keeps unknown values.
    IntegerEnum,
    /// A value decoded from JSON already read.
    FromValue,
    /// An internally tagged variant written with its tag.
    SerializeTagged,
    /// A tag with no payload.
    SerializeTagOnly,
    /// The tag property of a JSON object.
    Tag,
    /// The payload of an externally tagged value.
    ExternalPayload,
    /// An externally tagged variant written.
    SerializeExternal,
    /// The tag of an externally tagged value.
    ExternalTag,
    /// An example checked to survive decoding and encoding.
    RoundTrip,

    // Stubs on a mock server (the runtime's `mock` feature).
    /// The mock server underneath the generated `mock::MockServer`.
    MockServer,
    /// One operation's stub, under the generated typed one.
    MockStub,
    /// The methods every typed stub has.
    MockStubMethods,
    /// A future run on a runtime of its own.
    BlockOn,
    /// The mock server's crate.
    Wiremock,

    // Webhook deliveries (the runtime's `webhooks`).
    /// How a sender signs.
    SignatureScheme,
    /// Where a delivery's time is.
    TimestampSource,
    /// How a signature is written.
    SignatureEncoding,
    /// How a secret is given.
    SecretEncoding,
    /// Why a delivery is refused.
    WebhookError,
    /// Signature, age, then the body decoded.
    WebhookVerify,
    /// Signature and age.
    WebhookVerifySignature,
    /// The body decoded.
    WebhookDecode,
    /// A delivery's headers, as the sender signs it.
    WebhookSign,
    /// Request or response headers.
    HeaderMap,
}

impl Rt {
    /// The item's path, as generated code writes it.
    pub(crate) const fn path(self) -> &'static str {
        match self {
            // The generated crate's own items, and the runtime's it re-exports (so that docs
            // link within the crate).
            Self::Client => "crate::Client",
            Self::ClientBuilder => "crate::ClientBuilder",
            Self::TokenSource => "crate::TokenSource",
            Self::Form => "crate::Form",
            Self::Part => "crate::Part",
            Self::BinaryBody => "crate::BinaryBody",
            Self::Bytes => "crate::Bytes",
            Self::ApiResponse => "crate::ApiResponse",
            Self::Error => "crate::Error",
            Self::Stream => "crate::Stream",
            Self::AccessToken => "crate::AccessToken",
            Self::RetryPolicy => "crate::RetryPolicy",
            Self::Method => "crate::Method",
            // The runtime's public items.
            Self::RuntimeTokenSource => "::openapi_rust_gen_runtime::TokenSource",
            Self::RuntimeError => "::openapi_rust_gen_runtime::Error",
            Self::RuntimeApiError => "::openapi_rust_gen_runtime::ApiError",
            Self::RuntimeCallOptions => "::openapi_rust_gen_runtime::CallOptions",
            Self::HttpClient => "::openapi_rust_gen_runtime::reqwest::Client",
            // What only generated code calls.
            Self::Engine => "crate::rt::Client",
            Self::EngineBuilder => "crate::rt::ClientBuilder",
            Self::Scheme => "crate::rt::Scheme",
            Self::SchemeKind => "crate::rt::SchemeKind",
            Self::KeyLocation => "crate::rt::KeyLocation",
            Self::Security => "crate::rt::Security",
            Self::Request => "crate::rt::Request",
            Self::Style => "crate::rt::Style",
            Self::PathStyle => "crate::rt::PathStyle",
            Self::PathStyled => "crate::rt::path_styled",
            Self::EncodePathSegment => "crate::rt::encode_path_segment",
            Self::PathParam => "crate::rt::path_param",
            Self::DecodeErrorBody => "crate::rt::decode_error_body",
            Self::Multipart => "crate::rt::Multipart",
            Self::PaginationItems => "crate::rt::items",
            Self::NextCursor => "crate::rt::next_cursor",
            Self::TriState => "crate::rt::tri_state",
            Self::StringEnum => "crate::rt::string_enum",
            Self::IntegerEnum => "crate::rt::integer_enum",
            Self::FromValue => "crate::rt::from_value",
            Self::SerializeTagged => "crate::rt::serialize_tagged",
            Self::SerializeTagOnly => "crate::rt::serialize_tag_only",
            Self::Tag => "crate::rt::tag",
            Self::ExternalPayload => "crate::rt::external_payload",
            Self::SerializeExternal => "crate::rt::serialize_external",
            Self::ExternalTag => "crate::rt::external_tag",
            Self::RoundTrip => "crate::rt::round_trip",
            Self::MockServer => "::openapi_rust_gen_runtime::mock::MockServer",
            Self::MockStub => "::openapi_rust_gen_runtime::mock::Stub",
            Self::MockStubMethods => "crate::rt::mock_stub",
            Self::BlockOn => "::openapi_rust_gen_runtime::mock::block_on",
            Self::Wiremock => "::openapi_rust_gen_runtime::mock::wiremock",
            Self::SignatureScheme => "::openapi_rust_gen_runtime::webhooks::SignatureScheme",
            Self::TimestampSource => "::openapi_rust_gen_runtime::webhooks::TimestampSource",
            Self::SignatureEncoding => "::openapi_rust_gen_runtime::webhooks::SignatureEncoding",
            Self::SecretEncoding => "::openapi_rust_gen_runtime::webhooks::SecretEncoding",
            Self::WebhookError => "::openapi_rust_gen_runtime::webhooks::WebhookError",
            Self::WebhookVerify => "::openapi_rust_gen_runtime::webhooks::verify",
            Self::WebhookVerifySignature => {
                "::openapi_rust_gen_runtime::webhooks::verify_signature"
            }
            Self::WebhookDecode => "::openapi_rust_gen_runtime::webhooks::decode",
            Self::WebhookSign => "::openapi_rust_gen_runtime::webhooks::sign",
            Self::HeaderMap => "crate::HeaderMap",
        }
    }
}

/// The runtime crate, as generated code names it.
pub(crate) const RUNTIME_CRATE: &str = "openapi_rust_gen_runtime";
/// The crate root's import of what only generated code calls, under the short name `rt` that
/// the paths above start with (`crate::rt::Request`): a private import, never shown in docs.
pub(crate) const PRIVATE_IMPORT: &str = "use openapi_rust_gen_runtime::__private as rt;";
/// The runtime's package, as a manifest depends on it.
pub(crate) const RUNTIME_PACKAGE: &str = "openapi-rust-gen-runtime";

impl ToTokens for Rt {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let path = self.path();
        let (global, path) = match path.strip_prefix("::") {
            Some(rest) => (true, rest),
            None => (false, path),
        };
        for (i, segment) in path.split("::").enumerate() {
            let ident = Ident::new(segment, Span::call_site());
            if i > 0 || global {
                tokens.extend(quote! { :: });
            }
            ident.to_tokens(tokens);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rt;
    use quote::quote;

    #[test]
    fn an_item_prints_as_its_path() {
        let (param, multipart) = (Rt::PathParam, Rt::Multipart);
        let printed = quote! { #param }.to_string();
        assert_eq!(printed.replace(' ', ""), "crate::rt::path_param");
        let call = quote! { let x = #multipart::new(); }.to_string();
        assert_eq!(call.replace(' ', ""), "letx=crate::rt::Multipart::new();");
        let client = Rt::Client;
        assert_eq!(
            quote! { #client }.to_string().replace(' ', ""),
            "crate::Client"
        );
    }

    /// The runtime's items the generated crate re-exports or wraps.
    const PUBLIC_ITEMS: &[&str] = &[
        "Client",
        "TokenSource",
        "Form",
        "Part",
        "BinaryBody",
        "Bytes",
        "ApiResponse",
        "Error",
        "Stream",
        "AccessToken",
        "RetryPolicy",
        "Method",
        "HeaderMap",
    ];

    #[test]
    fn no_emitter_writes_a_runtime_path() {
        // Cargo sets the manifest dir when it runs tests: read at run time, it is right even
        // for a binary built from the same sources unpacked elsewhere (`cargo package`).
        let manifest = std::env::var("CARGO_MANIFEST_DIR")
            .unwrap_or_else(|_| env!("CARGO_MANIFEST_DIR").to_string());
        let dir = std::path::Path::new(&manifest).join("src/emit");
        let mut found = Vec::new();
        let mut entries: Vec<_> = std::fs::read_dir(&dir)
            .expect("the emit folder is readable")
            .map(|e| e.expect("a readable entry").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.file_name().is_some_and(|n| n == "runtime.rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("an emitter is readable");
            for (n, line) in text.lines().enumerate() {
                let code = line.split("//").next().unwrap_or("");
                // The runtime crate by name, or the module of what only generated code calls.
                let literal = code.contains(super::RUNTIME_CRATE)
                    || code.contains("__private")
                    || code.contains("crate::rt::");
                let public = PUBLIC_ITEMS.iter().any(|item| {
                    code.split(&format!("crate::{item}"))
                        .skip(1)
                        .any(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
                });
                if literal || public {
                    found.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
                }
            }
        }
        assert!(
            found.is_empty(),
            "runtime paths written outside emit/runtime.rs:\n{}",
            found.join("\n")
        );
    }
}
