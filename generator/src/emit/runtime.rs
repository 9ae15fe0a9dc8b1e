//! Every runtime item that generated code names, in one place.
//!
//! Generated code stands on a hand-written runtime (client, request building, codecs, auth,
//! pagination). The emitters never spell a path into it: they name a [`Rt`] item, which
//! prints as its path (`Rt::PathParam` in a `quote!` gives `crate::request::path_param`) or
//! gives it as text for attributes and doc links ([`Rt::path`]). Where the runtime lives is
//! therefore decided here alone: moving it (into a crate of its own, say) changes this file and
//! no emitter. A test below fails when a path into the runtime is written anywhere else.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{quote, ToTokens};

/// A runtime item generated code uses, crate-private helper or public re-export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Rt {
    // Public items of the generated crate that come from the runtime.
    /// The API client.
    Client,
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
}

impl Rt {
    /// The item's path, as generated code writes it.
    pub(crate) const fn path(self) -> &'static str {
        match self {
            Self::Client => "crate::Client",
            Self::TokenSource => "crate::TokenSource",
            Self::Form => "crate::Form",
            Self::Part => "crate::Part",
            Self::BinaryBody => "crate::BinaryBody",
            Self::Bytes => "crate::Bytes",
            Self::ApiResponse => "crate::ApiResponse",
            Self::Error => "crate::Error",
            Self::Stream => "crate::Stream",
            Self::Scheme => "crate::auth::Scheme",
            Self::SchemeKind => "crate::auth::SchemeKind",
            Self::KeyLocation => "crate::auth::KeyLocation",
            Self::Security => "crate::auth::Security",
            Self::Request => "crate::request::Request",
            Self::Style => "crate::request::Style",
            Self::PathStyle => "crate::request::PathStyle",
            Self::PathStyled => "crate::request::path_styled",
            Self::EncodePathSegment => "crate::request::encode_path_segment",
            Self::PathParam => "crate::request::path_param",
            Self::DecodeErrorBody => "crate::request::decode_error_body",
            Self::Multipart => "crate::body::Multipart",
            Self::PaginationItems => "crate::pagination::items",
            Self::NextCursor => "crate::pagination::next_cursor",
            Self::TriState => "crate::codec::tri_state",
            Self::StringEnum => "crate::macros::string_enum",
            Self::IntegerEnum => "crate::macros::integer_enum",
            Self::FromValue => "crate::codec::from_value",
            Self::SerializeTagged => "crate::codec::serialize_tagged",
            Self::SerializeTagOnly => "crate::codec::serialize_tag_only",
            Self::Tag => "crate::codec::tag",
            Self::ExternalPayload => "crate::codec::external_payload",
            Self::SerializeExternal => "crate::codec::serialize_external",
            Self::ExternalTag => "crate::codec::external_tag",
            Self::RoundTrip => "crate::codec::round_trip",
        }
    }
}

impl ToTokens for Rt {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for (i, segment) in self.path().split("::").enumerate() {
            let ident = Ident::new(segment, Span::call_site());
            if i == 0 {
                ident.to_tokens(tokens);
            } else {
                tokens.extend(quote! { :: #ident });
            }
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
        assert_eq!(printed.replace(' ', ""), "crate::request::path_param");
        let call = quote! { let x = #multipart::new(); }.to_string();
        assert_eq!(call.replace(' ', ""), "letx=crate::body::Multipart::new();");
    }

    /// The modules of the runtime: a path into one of them written in an emitter, rather than
    /// named through [`Rt`], is the loop this registry closes.
    const RUNTIME_MODULES: &[&str] = &[
        "auth",
        "body",
        "builder",
        "client",
        "codec",
        "error",
        "macros",
        "pagination",
        "rate_limit",
        "request",
        "response",
        "retry",
        "throttle",
        "token",
    ];

    /// The runtime's items the generated crate re-exports.
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
                let literal = RUNTIME_MODULES.iter().any(|m| {
                    code.contains(&format!("crate::{m}::")) && !code.contains("use crate::")
                });
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
