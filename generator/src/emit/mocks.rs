//! The `mock` module (the `mock` feature): a typed stub per operation on a local mock server,
//! for testing code that calls the client. Built from the same operation model as the client:
//! a matcher per path, query and header parameter the client sends as a scalar, a body matcher
//! taking the request type, and an answer per declared response (the success type, each error
//! body with its status, `default`). What every stub has besides (any status, raw bodies,
//! headers, delays, call limits, expectations) is the runtime's `mock_stub!`.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::op_docs::{example_call, Builder};
use super::runtime::Rt;
use super::{cfg, doc_attrs, gated, rust_type};
use crate::ir::{
    Api, BodyKind, Content, CredentialKind, Operation, ParamLocation, ParamStyle, StatusMatch,
    TypeKind, TypeRef,
};
use crate::names::{Case, Namespace};

/// What every stub has (the runtime's `mock_stub!`), which typed methods must not be named.
const STUB_METHODS: &[&str] = &[
    "respond_status",
    "respond_raw",
    "response_header",
    "retry_after",
    "delay",
    "once",
    "up_to",
    "expect",
    "mount",
];

/// What the `MockServer` itself has, which operations' stub methods must not be named.
const SERVER_METHODS: &[&str] = &[
    "start",
    "uri",
    "client",
    "client_builder",
    "verify",
    "received_requests",
    "wiremock",
];

/// One operation's stub: its `MockServer` method and its type.
pub(crate) struct StubNames {
    pub method: String,
    pub ty: String,
}

/// Every operation's stub names, by the operation's method name (allocated in operation
/// order, so that they do not depend on the file an operation's stub is written to).
pub(crate) type Names = BTreeMap<String, StubNames>;

/// Every operation's stub names: computed once per crate.
pub(crate) fn names(api: &Api) -> Names {
    let mut methods = Namespace::new();
    let mut types = Namespace::new();
    for reserved in SERVER_METHODS {
        methods.reserve(reserved);
    }
    types.reserve("MockServer");
    api.operations
        .iter()
        .map(|op| {
            let names = StubNames {
                method: methods.allocate(&op.method_name, Case::Snake),
                ty: types.allocate(&format!("{}_stub", op.method_name), Case::Pascal),
            };
            (op.method_name.clone(), names)
        })
        .collect()
}

/// The module's head: its doc, `block_on`, and `MockServer` with its own methods.
pub(crate) fn head(api: &Api, names: &Names) -> TokenStream {
    let (server_rt, block_on, wiremock, client, builder) = (
        Rt::MockServer,
        Rt::BlockOn,
        Rt::Wiremock,
        Rt::Client,
        Rt::ClientBuilder,
    );
    let module_doc = inner_doc(&format!(
        "Typed stubs of every operation of {title} on a local mock server, for testing code that \
         calls the client (the `mock` feature).\n\n\
         [`MockServer::start`] starts a server on loopback, [`MockServer::client`] gives a \
         [`Client`]({client_path}) pointed at it, and a method per operation (named as the \
         client's) builds a stub: what calls it matches and how it answers. Stubs answer in the \
         order they are mounted, each as many times as it is allowed ([`once`](\
         {first_stub}::once)), so a 429 then a 200 is two stubs; a call no stub matches is \
         answered 404, and [`MockServer::verify`] checks every stub got the calls it expects.\n\n\
         Matchers exist for what the client sends as one value: path parameters, scalar query \
         and header parameters, and JSON bodies. A parameter sent as several values (an array, \
         an object), a cookie, or a form, multipart or alternative body has none: the stub \
         matches whatever is sent there ([`MockServer::wiremock`] takes any matcher).",
        title = api.title,
        client_path = Rt::Client.path(),
        first_stub = api
            .operations
            .first()
            .and_then(|op| names.get(&op.method_name))
            .map_or("MockServer", |n| n.ty.as_str()),
    ));
    let credentials = api.credentials.iter().filter_map(|c| {
        let method = format_ident!("{}", c.method);
        match (c.kind, &c.scheme) {
            (CredentialKind::BearerToken, None) => Some(quote! { .#method("mock-token") }),
            (CredentialKind::Basic, None) => {
                Some(quote! { .#method("mock-user", "mock-password") })
            }
            (CredentialKind::Key, Some(_)) => Some(quote! { .#method("mock-key") }),
            _ => None,
        }
    });
    quote! {
        #module_doc

        /// Runs a future to completion on a runtime of its own (one thread): for doc examples
        /// and synchronous tests. `#[tokio::test]` tests need it not.
        pub use #block_on;

        /// A mock server of the API on loopback: a method per operation stubs it.
        #[derive(Debug)]
        pub struct MockServer {
            inner: #server_rt,
        }

        impl MockServer {
            /// Starts a server on a free port of loopback.
            pub async fn start() -> Self {
                MockServer { inner: #server_rt::start().await }
            }

            /// Its base URL, e.g. `http://127.0.0.1:41234`.
            pub fn uri(&self) -> String {
                self.inner.uri()
            }

            /// A client builder pointed at this server, with credentials for every scheme
            /// (placeholders, which stubs do not check): for settings of your own (retries,
            /// timeouts) before `build`.
            pub fn client_builder(&self) -> #builder {
                #client::builder().base_url(self.inner.uri()) #(#credentials)*
            }

            /// A client pointed at this server, with credentials for every scheme and the
            /// default retries and throttling.
            ///
            /// # Panics
            ///
            /// When the HTTP client cannot start (its TLS backend fails to load).
            pub fn client(&self) -> #client {
                self.client_builder()
                    .build()
                    .expect("a client for the mock server")
            }

            /// Checks that every stub got the number of calls it expects (`expect`).
            ///
            /// # Panics
            ///
            /// When one did not, naming its operation.
            pub async fn verify(&self) {
                self.inner.verify().await;
            }

            /// Every request the server received, in order.
            pub async fn received_requests(&self) -> Vec<#wiremock::Request> {
                self.inner.received_requests().await
            }

            /// The wiremock server underneath, for matchers and answers stubs do not offer.
            pub fn wiremock(&self) -> &#wiremock::MockServer {
                self.inner.wiremock()
            }
        }
    }
}

/// `#![doc]` lines: a module's doc.
fn inner_doc(text: &str) -> TokenStream {
    let lines = text.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote! { #![doc = #line] }
    });
    quote! { #(#lines)* }
}

/// The stubs of `ops`: `MockServer` methods, and a type each.
pub(crate) fn stubs(ops: &[&Operation], api: &Api, krate: &str, names: &Names) -> TokenStream {
    let named: Vec<(&Operation, &StubNames)> = ops
        .iter()
        .filter_map(|op| Some((*op, names.get(&op.method_name)?)))
        .collect();
    let methods = named.iter().map(|(op, n)| server_method(op, n, api, krate));
    let types = named.iter().map(|(op, n)| stub_type(op, n, api));
    quote! {
        impl crate::mock::MockServer {
            #(#methods)*
        }
        #(#types)*
    }
}

fn gate<'a>(op: &Operation, api: &'a Api) -> Option<&'a crate::ir::Gate> {
    api.features
        .as_ref()
        .and_then(|f| f.operations.get(&op.method_name))
}

/// The status a stub answers until told otherwise: the first declared success's.
fn default_status(op: &Operation) -> u16 {
    op.success
        .responses
        .first()
        .and_then(|r| match r.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .unwrap_or(200)
}

fn server_method(op: &Operation, names: &StubNames, api: &Api, krate: &str) -> TokenStream {
    let method = format_ident!("{}", names.method);
    let ty = format_ident!("{}", names.ty);
    let (stub_rt, operation_id, http_method, template) =
        (Rt::MockStub, &op.operation_id, &op.http_method, &op.path);
    let status = proc_macro2::Literal::u16_unsuffixed(default_status(op));
    let mut text = format!(
        "Stubs [`{m}`]({client}::{m}) (`{} {}`): a stub that matches every call to it and \
         answers `{status}` with no body, until its methods say otherwise.\n\n",
        op.http_method,
        op.path,
        m = op.method_name,
        client = Rt::Client.path(),
    );
    text.push_str(&example(op, names, api, krate));
    let doc = doc_attrs(&text);
    let gate = cfg(gate(op, api));
    quote! {
        #doc
        #gate
        pub fn #method(&self) -> #ty<'_> {
            #ty {
                server: &self.inner,
                stub: #stub_rt::new(#operation_id, #http_method, #template, #status),
            }
        }
    }
}

/// The doc example of a stub: mounted with a typed answer, then called through a client when
/// the example can build every argument.
fn example(op: &Operation, names: &StubNames, api: &Api, krate: &str) -> String {
    let (lines, _) = example_lines(op, names, api, krate);
    format!("# Example\n\n{}", code_block(op, &lines, krate, false))
}

/// The lines of a stub's example, and whether they call the operation.
fn example_lines(op: &Operation, names: &StubNames, api: &Api, krate: &str) -> (Vec<String>, bool) {
    let call = example_call(op, api, krate, true);
    let server = &call.server;
    let builder = Builder {
        api,
        krate,
        mock: true,
    };
    let mut lines = vec![format!(
        "let {server} = {krate}::mock::MockServer::start().await;"
    )];
    // A typed answer: the first success response's.
    let first = op.success.responses.first();
    let respond = first.and_then(|r| {
        let method = respond_name(&r.status, &mut Namespace::new());
        match (&r.status, &r.content) {
            (StatusMatch::Code(_), Content::Empty) => Some(format!(".{method}()")),
            (StatusMatch::Code(_), Content::Text) => Some(format!(".{method}(\"text\")")),
            (StatusMatch::Code(_), Content::Binary) => Some(format!(".{method}(b\"bytes\")")),
            (StatusMatch::Code(_), Content::Json(ty)) => {
                let value = builder.value(ty, 0)?;
                Some(format!(".{method}(&{})", borrowed_value(ty, value)))
            }
            _ => None,
        }
    });
    // The client is always among the example function's parameters; nothing else may be.
    let callable = call.hidden.len() == 1 && respond.is_some();
    let respond = respond.unwrap_or_else(|| format!(".respond_status({})", default_status(op)));
    let expect = if callable { ".expect(1)" } else { "" };
    lines.push(format!(
        "{server}.{}(){respond}{expect}.mount().await;",
        names.method
    ));
    if callable {
        lines.push(format!("let {} = {server}.client();", call.client));
        lines.extend(call.lines.iter().cloned());
        lines.push(format!("let {} = {}.await?;", call.response, call.call));
        lines.push(format!(
            "assert_eq!({}.status().as_u16(), {});",
            call.response,
            default_status(op)
        ));
        lines.push(format!("{server}.verify().await;"));
    }
    (lines, callable)
}

/// A doc test running `lines` on a runtime of their own; `gated`, only with the `mock`
/// feature (for docs outside the `mock` module).
fn code_block(op: &Operation, lines: &[String], krate: &str, gated: bool) -> String {
    let allow = if op.deprecated.is_some() {
        "# #[allow(deprecated)]\n"
    } else {
        ""
    };
    let gate = if gated {
        "# #[cfg(feature = \"mock\")]\n"
    } else {
        ""
    };
    format!(
        "```\n{gate}{allow}# {krate}::mock::block_on(async {{\n{}\n# Ok::<(), Box<dyn std::error::Error>>(())\n# }}).unwrap();\n```",
        lines.join("\n")
    )
}

/// The crate docs' "Testing your code": the `mock` feature, and a complete test of the first
/// operation whose example can call it.
pub(crate) fn testing_section(api: &Api, krate: &str, package: &str, names: &Names) -> String {
    let mut out = format!(
        "\n## Testing your code\n\n\
         With the `mock` feature (for tests only: `[dev-dependencies]`), `{krate}::mock` has a \
         local mock server with a typed stub per operation: match the calls your code makes \
         (path, query and header parameters, the request body as its type), answer them with \
         the types the API declares (the success type, each error body with its status, \
         headers, `Retry-After`, delays), script sequences (a 429, then a 200) and check every \
         expected call came. `MockServer::client()` gives a `Client` pointed at it, credentials \
         set.\n\n\
         ```toml\n[dev-dependencies]\n{package} = {{ version = \"*\", features = [\"mock\"] }}\n```\n"
    );
    let example = api
        .operations
        .iter()
        .filter_map(|op| Some((op, names.get(&op.method_name)?)))
        .filter(|(op, _)| op.deprecated.is_none())
        .map(|(op, n)| (op, example_lines(op, n, api, krate)))
        .find(|(_, (_, callable))| *callable);
    if let Some((op, (lines, _))) = example {
        out.push_str(&format!(
            "\nA test of code that calls `{}`:\n\n{}\n",
            op.method_name,
            code_block(op, &lines, krate, true)
        ));
    }
    out
}

/// A value as the argument of a method taking `&T` where `T` is how a stub takes `ty`
/// (`&[T]` for a `Vec`, `&str` for a `String`, `&T` for a `Box<T>`).
fn borrowed_value(ty: &TypeRef, value: String) -> String {
    match ty {
        TypeRef::Boxed(_) => format!("*{value}"),
        _ => value,
    }
}

/// How a stub method takes a value of `ty`: by reference, the borrowed form of owned
/// containers (clippy's `ptr_arg`, `borrowed_box`).
fn borrowed(ty: &TypeRef) -> TokenStream {
    let types = quote! { crate::types:: };
    match ty {
        TypeRef::String => quote! { &str },
        TypeRef::Vec(item) => {
            let item = rust_type(item, &types);
            quote! { &[#item] }
        }
        TypeRef::Boxed(name) => {
            let name = format_ident!("{}", name);
            quote! { &crate::types::#name }
        }
        other => {
            let ty = rust_type(other, &types);
            quote! { &#ty }
        }
    }
}

/// Whether the client sends a value of `ty` as one scalar text: what a matcher can compare.
fn scalar(ty: &TypeRef, api: &Api) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Uuid
        | TypeRef::Bool
        | TypeRef::F32
        | TypeRef::F64
        | TypeRef::Date
        | TypeRef::DateTime => true,
        ty if ty.is_integer() => true,
        TypeRef::Named(name) => api.types.iter().any(|t| {
            &t.name == name
                && match &t.kind {
                    TypeKind::Enum(_) => true,
                    TypeKind::Alias(target) => scalar(target, api),
                    _ => false,
                }
        }),
        _ => false,
    }
}

/// The name of the answer of a status: `respond_not_found` for `404`.
fn respond_name(status: &StatusMatch, names: &mut Namespace) -> String {
    let raw = match status {
        StatusMatch::Code(code) => format!("respond_{}", reason(*code)),
        StatusMatch::Range(n) => format!("respond_{n}xx"),
        StatusMatch::Default => "respond_default".to_string(),
    };
    names.allocate(&raw, Case::Snake)
}

/// A status's reason phrase in snake case, or `status_{code}` for others.
fn reason(code: u16) -> String {
    let known = match code {
        200 => "ok",
        201 => "created",
        202 => "accepted",
        203 => "non_authoritative_information",
        204 => "no_content",
        205 => "reset_content",
        206 => "partial_content",
        207 => "multi_status",
        300 => "multiple_choices",
        301 => "moved_permanently",
        302 => "found",
        303 => "see_other",
        304 => "not_modified",
        307 => "temporary_redirect",
        308 => "permanent_redirect",
        400 => "bad_request",
        401 => "unauthorized",
        402 => "payment_required",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        406 => "not_acceptable",
        407 => "proxy_authentication_required",
        408 => "request_timeout",
        409 => "conflict",
        410 => "gone",
        411 => "length_required",
        412 => "precondition_failed",
        413 => "payload_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        416 => "range_not_satisfiable",
        417 => "expectation_failed",
        418 => "im_a_teapot",
        421 => "misdirected_request",
        422 => "unprocessable_entity",
        423 => "locked",
        424 => "failed_dependency",
        425 => "too_early",
        426 => "upgrade_required",
        428 => "precondition_required",
        429 => "too_many_requests",
        431 => "request_header_fields_too_large",
        451 => "unavailable_for_legal_reasons",
        500 => "internal_server_error",
        501 => "not_implemented",
        502 => "bad_gateway",
        503 => "service_unavailable",
        504 => "gateway_timeout",
        505 => "http_version_not_supported",
        _ => return format!("status_{code}"),
    };
    known.to_string()
}

/// One answer method: its name, what it takes, and what it sets.
fn answer(
    status: &StatusMatch,
    content: &Content,
    media_type: Option<&str>,
    description: &str,
    names: &mut Namespace,
) -> TokenStream {
    let method = format_ident!("{}", respond_name(status, names));
    let (status_arg, status_value, said) = match status {
        StatusMatch::Code(code) => {
            let literal = proc_macro2::Literal::u16_unsuffixed(*code);
            (None, quote! { #literal }, format!("`{code}`"))
        }
        StatusMatch::Range(n) => (
            Some(quote! { status: u16, }),
            quote! { status },
            format!("`status` (one of `{n}XX`)"),
        ),
        StatusMatch::Default => (
            Some(quote! { status: u16, }),
            quote! { status },
            "`status` (the spec's `default`)".to_string(),
        ),
    };
    let description = description.lines().next().unwrap_or_default().trim();
    let what = if description.is_empty() {
        String::new()
    } else {
        format!(": {}", crate::docs::sanitize(description))
    };
    let (arg, set, body_said) = match content {
        Content::Empty => (
            None,
            quote! { .respond(#status_value) },
            "no body".to_string(),
        ),
        Content::Text => {
            let media = media_type.unwrap_or("text/plain");
            (
                Some(quote! { body: &str }),
                quote! { .respond_raw(#status_value, #media, body) },
                "this text".to_string(),
            )
        }
        Content::Binary => {
            let media = media_type.unwrap_or("application/octet-stream");
            (
                Some(quote! { body: &[u8] }),
                quote! { .respond_raw(#status_value, #media, body) },
                "these bytes".to_string(),
            )
        }
        Content::Json(ty) => {
            let taken = borrowed(ty);
            (
                Some(quote! { body: #taken }),
                quote! { .respond_json(#status_value, body) },
                format!("this body (`{}`)", ty.label()),
            )
        }
    };
    let doc = format!(" Answers {said} with {body_said}{what}");
    quote! {
        #[doc = #doc]
        pub fn #method(mut self, #status_arg #arg) -> Self {
            self.stub = self.stub #set;
            self
        }
    }
}

fn stub_type(op: &Operation, names: &StubNames, api: &Api) -> TokenStream {
    let ty = format_ident!("{}", names.ty);
    let server_rt = Rt::MockServer;
    let stub_rt = Rt::MockStub;
    let methods_macro = Rt::MockStubMethods;
    let mut taken = Namespace::new();
    for reserved in STUB_METHODS {
        taken.reserve(reserved);
    }
    let mut methods = Vec::new();
    // Path parameters the client writes as one segment.
    let arguments = super::operations::arguments(op);
    for (param, arg) in op.path_params.iter().zip(&arguments) {
        if matches!(param.style, ParamStyle::Path { .. }) {
            continue;
        }
        let method = format_ident!("{}", taken.allocate(&param.name, Case::Snake));
        let ident = format_ident!("{}", param.name);
        let wire = &param.wire_name;
        let doc = format!(" Matches only calls whose path parameter `{wire}` is this.");
        methods.push(quote! {
            #[doc = #doc]
            pub fn #method(mut self, #arg) -> Self {
                self.stub = self.stub.path_param(#wire, &#ident);
                self
            }
        });
    }
    // Query and header parameters sent as one value.
    for param in op.params.iter().flat_map(|p| &p.fields) {
        let simple = matches!(
            param.style,
            ParamStyle::Simple | ParamStyle::Form | ParamStyle::FormExploded
        );
        let (matcher, place) = match param.location {
            ParamLocation::Query => (quote! { query_param }, "query parameter"),
            ParamLocation::Header => (quote! { header }, "header"),
            _ => continue,
        };
        if !simple || !scalar(&param.ty, api) {
            continue;
        }
        let method = format_ident!("{}", taken.allocate(&param.name, Case::Snake));
        let taken_ty = match &param.ty {
            TypeRef::String => quote! { &str },
            TypeRef::Named(_) => borrowed(&param.ty),
            other => rust_type(other, &quote! { crate::types:: }),
        };
        let wire = &param.wire_name;
        let doc = format!(" Matches only calls whose {place} `{wire}` is this.");
        methods.push(quote! {
            #[doc = #doc]
            pub fn #method(mut self, value: #taken_ty) -> Self {
                self.stub = self.stub.#matcher(#wire, &value);
                self
            }
        });
    }
    // A JSON body, compared as JSON.
    if let Some(body) = op.body.as_ref().filter(|b| b.choice.is_none()) {
        if let Some(BodyKind::Json(ty)) = body.contents.first().map(|c| &c.kind) {
            let method = format_ident!("{}", taken.allocate("body", Case::Snake));
            let taken_ty = borrowed(ty);
            methods.push(quote! {
                #[doc = " Matches only calls whose body is this (compared as JSON, key order aside)."]
                pub fn #method(mut self, body: #taken_ty) -> Self {
                    self.stub = self.stub.json_body(body);
                    self
                }
            });
        }
    }
    // An answer per declared response.
    let mut answers = Vec::new();
    for response in &op.success.responses {
        answers.push(answer(
            &response.status,
            &response.content,
            response.media_type.as_deref(),
            &response.description,
            &mut taken,
        ));
    }
    for error in &op.errors {
        let content = error.body.clone().map_or(Content::Empty, Content::Json);
        answers.push(answer(
            &error.status,
            &content,
            None,
            &error.description,
            &mut taken,
        ));
    }
    let headers: Vec<String> = op
        .response_headers
        .iter()
        .map(|h| format!("`{}`", h.name))
        .collect();
    let mut text = format!(
        "A stub of [`{m}`]({client}::{m}): the calls it matches and how it answers. Built by \
         [`MockServer::{server}`](crate::mock::MockServer::{server}); it does nothing until \
         [`mount`](Self::mount)ed.",
        m = op.method_name,
        client = Rt::Client.path(),
        server = names.method,
    );
    if !headers.is_empty() {
        text.push_str(&format!(
            "\n\nThe spec's response headers ([`response_header`](Self::response_header)): {}.",
            headers.join(", ")
        ));
    }
    let doc = doc_attrs(&text);
    let tokens = quote! {
        #doc
        #[derive(Debug)]
        #[must_use = "a stub does nothing until it is mounted"]
        pub struct #ty<'a> {
            server: &'a #server_rt,
            stub: #stub_rt,
        }

        impl #ty<'_> {
            #(#methods)*
            #(#answers)*
        }

        #methods_macro!(#ty);
    };
    gated(tokens, gate(op, api))
}
