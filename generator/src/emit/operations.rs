//! Emits the `operations` module: one async method on `Client` per operation (and a
//! `..._stream` method for those that page), each a thin call into the hand-written runtime.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote, ToTokens};

use super::runtime::Rt;
use super::{doc_attrs, rust_type};
use crate::ir::*;

/// The module's doc comment and constants: the start of `operations.rs` (or
/// `operations/mod.rs`).
pub fn head(api: &Api) -> TokenStream {
    let base_url = api.base_url.clone().unwrap_or_default();
    let (title, version) = (&api.title, &api.version);
    let module_doc = format!(
        " Operations of {title} (version {version}), as methods on [`Client`]({client}).",
        client = Rt::Client.path(),
    );
    let schemes = api.security_schemes.iter().map(scheme);
    // Token sources exist where bearer tokens can be given.
    let token_sources = if api.bearer {
        token_sources(&api.oauth_schemes)
    } else {
        TokenStream::new()
    };
    let credentials = super::credentials::emit(api);
    let scheme_ty = Rt::Scheme;
    quote! {
        #![doc = #module_doc]

        #[doc = " The server the spec names first; `Client::builder` can point elsewhere."]
        pub const DEFAULT_BASE_URL: &str = #base_url;
        #[doc = " The `info.version` of the spec this crate was generated from."]
        pub const API_VERSION: &str = #version;

        #[doc = " The security schemes operations ask for."]
        pub(crate) const SCHEMES: &[#scheme_ty] = &[#(#schemes),*];

        #credentials

        #token_sources
    }
}

/// A `TokenSource` constructor per OAuth2 flow the spec declares, named in lowering
/// ([`OAuthFlow::constructor`]), with the flow's token URL and scopes filled in.
fn token_sources(schemes: &[SecurityScheme]) -> TokenStream {
    let constructors: Vec<TokenStream> = schemes
        .iter()
        .flat_map(|scheme| scheme.flows.iter().map(move |flow| (scheme, flow)))
        .map(|(scheme, flow)| {
            let ident = format_ident!("{}", flow.constructor);
            let url = &flow.token_url;
            let scopes = &flow.scopes;
            let about = scheme
                .description
                .as_deref()
                .map(|d| {
                    let d = crate::docs::sanitize(d);
                    format!(" ({})", d.split_whitespace().collect::<Vec<_>>().join(" "))
                })
                .unwrap_or_default();
            let listed = if scopes.is_empty() {
                "no scopes".to_string()
            } else {
                let quoted: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
                format!("the scopes {}", quoted.join(", "))
            };
            match flow.grant {
                OAuthGrant::ClientCredentials => {
                    let doc = format!(
                        " Tokens for the `{}` scheme{about} by its client-credentials flow: \
                         requested from `{url}` with {listed} (change them with \
                         [`scopes`](Self::scopes)).",
                        scheme.name
                    );
                    quote! {
                        #[doc = #doc]
                        pub fn #ident(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
                            Self::client_credentials(#url, client_id, client_secret, &[#(#scopes),*])
                        }
                    }
                }
                OAuthGrant::RefreshToken => {
                    let doc = format!(
                        " Tokens for the `{}` scheme{about} renewed with a refresh token (from \
                         the user's sign-in, which the application runs) at `{url}`. The \
                         flow's scopes: {}.",
                        scheme.name,
                        if scopes.is_empty() { "none".to_string() } else { listed.trim_start_matches("the scopes ").to_string() }
                    );
                    quote! {
                        #[doc = #doc]
                        pub fn #ident(
                            client_id: impl Into<String>,
                            client_secret: Option<String>,
                            refresh_token: impl Into<String>,
                        ) -> Self {
                            Self::refresh_token(#url, client_id, client_secret, refresh_token)
                        }
                    }
                }
            }
        })
        .collect();
    if constructors.is_empty() {
        return TokenStream::new();
    }
    let token_source = Rt::TokenSource;
    quote! {
        impl #token_source {
            #(#constructors)*
        }
    }
}

/// The methods of some operations (a module's, or all of them), then their streams.
pub fn methods(ops: &[&Operation], api: &Api, krate: &str) -> TokenStream {
    let methods = ops.iter().map(|op| emit_operation(op, api, krate));
    let streams = ops.iter().filter_map(|op| emit_stream(op, api));
    let client = Rt::Client;
    quote! {
        impl #client {
            #(#methods)*
            #(#streams)*
        }
    }
}

fn scheme(scheme: &SecurityScheme) -> TokenStream {
    let name = &scheme.name;
    let (scheme_ty, kind_ty, key_location) = (Rt::Scheme, Rt::SchemeKind, Rt::KeyLocation);
    let kind = match &scheme.kind {
        SchemeKind::Bearer => quote! { #kind_ty::Bearer },
        SchemeKind::Basic => quote! { #kind_ty::Basic },
        SchemeKind::Http { scheme } => {
            quote! { #kind_ty::Http { scheme: #scheme } }
        }
        SchemeKind::ApiKey { location, name } => {
            let location = match location {
                ParamLocation::Header => quote! { Header },
                ParamLocation::Query => quote! { Query },
                _ => quote! { Cookie },
            };
            quote! { #kind_ty::ApiKey { location: #key_location::#location, name: #name } }
        }
    };
    quote! { #scheme_ty { name: #name, kind: #kind } }
}

fn types_prefix() -> TokenStream {
    quote! { crate::types:: }
}

/// An argument as the signature writes it: `name: type`.
fn argument(arg: &Argument) -> TokenStream {
    let ident = format_ident!("{}", arg.name);
    let ty = passing(&arg.passing);
    if arg.optional {
        quote! { #ident: Option<#ty> }
    } else {
        quote! { #ident: #ty }
    }
}

/// The type of an argument passed as the IR says ([`Operation::arguments`]).
fn passing(passing: &Passing) -> TokenStream {
    let prefix = types_prefix();
    match passing {
        Passing::Str => quote! { &str },
        Passing::Slice(item) => {
            let item = rust_type(item, &prefix);
            quote! { &[#item] }
        }
        Passing::Ref(ty) => {
            let ty = rust_type(ty, &prefix);
            quote! { &#ty }
        }
        Passing::Value(ty) => rust_type(ty, &prefix),
        Passing::Named(name) => {
            let name = format_ident!("{}", name);
            quote! { crate::types::#name }
        }
        Passing::NamedRef(name) => {
            let name = format_ident!("{}", name);
            quote! { &crate::types::#name }
        }
        Passing::Form => Rt::Form.to_token_stream(),
        Passing::Binary => {
            let binary = Rt::BinaryBody;
            quote! { impl Into<#binary> }
        }
    }
}

/// The method's arguments, as the IR decides them.
pub(crate) fn arguments(op: &Operation) -> Vec<TokenStream> {
    op.arguments().iter().map(argument).collect()
}

/// The statement that puts `value` (of `content`) on the request. A binary body is an
/// `impl Into<BinaryBody>` argument, or already a `BinaryBody` in a choice's variant.
fn put_body(content: &BodyContent, value: TokenStream, converted: bool) -> TokenStream {
    let media = &content.media_type;
    match &content.kind {
        BodyKind::Binary if converted => quote! { request.binary(#value, #media) },
        BodyKind::Json(_) => quote! { request.json(#value, #media) },
        BodyKind::Form(_) => quote! { request.form(#value) },
        BodyKind::Multipart(_) => quote! { request.multipart(#value.into_multipart()) },
        BodyKind::MultipartForm => {
            let multipart = Rt::Multipart;
            quote! { request.multipart(#multipart::from(#value)) }
        }
        BodyKind::Text => quote! { request.text(#value, #media) },
        BodyKind::Binary => quote! { request.binary(#value.into(), #media) },
    }
}

fn body_statement(body: &Body) -> TokenStream {
    let put = match &body.choice {
        None => put_body(&body.contents[0], quote! { body }, false),
        Some(choice) => {
            let choice = format_ident!("{}", choice);
            let arms = body.contents.iter().map(|content| {
                let variant = format_ident!("{}", content.variant);
                let value = match content.kind {
                    BodyKind::Json(_) | BodyKind::Form(_) | BodyKind::Text => quote! { &value },
                    _ => quote! { value },
                };
                let put = put_body(content, value, true);
                quote! { crate::types::#choice::#variant(value) => #put, }
            });
            quote! { match body { #(#arms)* } }
        }
    };
    if body.required {
        quote! { request = #put; }
    } else {
        quote! { if let Some(body) = body { request = #put; } }
    }
}

fn security(security: &Security) -> TokenStream {
    let security_ty = Rt::Security;
    match security {
        Security::Unspecified => quote! { #security_ty::Unspecified },
        Security::Public => quote! { #security_ty::Public },
        Security::Alternatives(sets) => {
            let sets = sets.iter().map(|set| quote! { &[#(#set),*] });
            quote! { #security_ty::Alternatives(&[#(#sets),*]) }
        }
    }
}

/// The statement adding one query, header or cookie parameter whose value is `value`.
fn add_param(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    match param.location {
        ParamLocation::Header | ParamLocation::Cookie if param.style == ParamStyle::Json => {
            let cookie = param.location == ParamLocation::Cookie;
            quote! { request = request.json_param(#wire, #value, #cookie); }
        }
        ParamLocation::Header => quote! { request = request.header_param(#wire, #value); },
        ParamLocation::Cookie => quote! { request = request.cookie_param(#wire, #value); },
        _ => {
            let style = match param.style {
                ParamStyle::Form => quote! { Form },
                ParamStyle::SpaceDelimited => quote! { SpaceDelimited },
                ParamStyle::PipeDelimited => quote! { PipeDelimited },
                ParamStyle::DeepObject => quote! { DeepObject },
                ParamStyle::Json => quote! { Json },
                ParamStyle::FormExploded | ParamStyle::Simple | ParamStyle::Path { .. } => {
                    quote! { FormExploded }
                }
            };
            let style_ty = Rt::Style;
            quote! { request = request.query_param(#wire, #value, #style_ty::#style); }
        }
    }
}

/// The success type the method returns.
pub(crate) fn return_type(op: &Operation) -> TokenStream {
    if let Some(choice) = &op.success.choice {
        let choice = format_ident!("{}", choice);
        return quote! { crate::types::#choice };
    }
    content_type(&op.success.single())
}

fn content_type(content: &Content) -> TokenStream {
    match content {
        Content::Json(ty) => rust_type(ty, &types_prefix()),
        Content::Text => quote! { String },
        Content::Binary => Rt::Bytes.to_token_stream(),
        Content::Empty => quote! { () },
    }
}

/// An expression decoding `response` as `content`: `Result<ApiResponse<_>, Error>`.
fn decode(content: &Content) -> TokenStream {
    match content {
        Content::Json(ty) => {
            let ty = rust_type(ty, &types_prefix());
            quote! { response.json::<#ty, crate::types::ErrorBody>() }
        }
        Content::Text => quote! { Ok(response.text()) },
        Content::Binary => quote! { Ok(response.bytes()) },
        Content::Empty => quote! { Ok(response.empty()) },
    }
}

fn finish(op: &Operation) -> TokenStream {
    let Some(choice) = &op.success.choice else {
        return decode(&op.success.single());
    };
    let choice = format_ident!("{}", choice);
    let arm = |response: &SuccessResponse| {
        let variant = format_ident!("{}", response.variant);
        let decode = decode(&response.content);
        match response.content {
            Content::Empty => {
                quote! { #decode.map(|r| r.map(|()| crate::types::#choice::#variant)) }
            }
            _ if response.boxed => {
                quote! { #decode.map(|r| r.map(|v| crate::types::#choice::#variant(Box::new(v)))) }
            }
            _ => quote! { #decode.map(|r| r.map(crate::types::#choice::#variant)) },
        }
    };
    let arms = op.success.responses.iter().filter_map(|response| {
        let pattern = match &response.status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(*code);
                quote! { #code }
            }
            _ => return None,
        };
        let arm = arm(response);
        Some(quote! { #pattern => #arm, })
    });
    // A 2xx the spec does not list reads as its first (or its `2XX`) response.
    let fallback = op
        .success
        .responses
        .iter()
        .find(|r| matches!(r.status, StatusMatch::Range(_) | StatusMatch::Default))
        .or(op.success.responses.first())
        .map(arm);
    quote! {
        match response.status() {
            #(#arms)*
            _ => #fallback,
        }
    }
}

fn emit_operation(op: &Operation, api: &Api, krate: &str) -> TokenStream {
    let method_ident = format_ident!("{}", op.method_name);
    let operation_id = &op.operation_id;
    let http_method = format_ident!("{}", op.http_method);
    let args = arguments(op);

    // `/v2/assets/{asset_id}` → each value encoded as one segment, then `format!` with inline
    // arguments (argument names never collide with `path`, `request` or `response`).
    let encode = op.path_params.iter().map(|param| {
        let ident = format_ident!("{}", param.name);
        match (&param.ty, param.style) {
            (_, ParamStyle::Path { style, explode }) => {
                let wire = &param.wire_name;
                let style = match style {
                    PathStyle::Simple => quote! { Simple },
                    PathStyle::Label => quote! { Label },
                    PathStyle::Matrix => quote! { Matrix },
                };
                let (styled, style_ty) = (Rt::PathStyled, Rt::PathStyle);
                quote! {
                    let #ident = #styled(
                        #operation_id, #wire, &#ident, #style_ty::#style, #explode,
                    )?;
                }
            }
            (TypeRef::String, _) => {
                let encode = Rt::EncodePathSegment;
                quote! { let #ident = #encode(#operation_id, #ident)?; }
            }
            _ => {
                let param = Rt::PathParam;
                quote! { let #ident = #param(#operation_id, &#ident)?; }
            }
        }
    });
    let mut template = String::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        template.push_str(&rest[..start].replace('}', "}}"));
        let name = &rest[start + 1..start + len];
        match op.path_params.iter().find(|p| p.wire_name == name) {
            Some(param) => template.push_str(&format!("{{{}}}", param.name)),
            None => template.push_str(&format!("{{{{{name}}}}}")),
        }
        rest = &rest[start + len + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path_expr = if op.path_params.is_empty() {
        quote! { String::from(#template) }
    } else {
        quote! { format!(#template) }
    };

    let mut steps = Vec::new();
    // `Accept` lists every media type a success answers with (JSON alone is the default).
    let mut accepted: Vec<&str> = Vec::new();
    for media in op
        .success
        .responses
        .iter()
        .filter_map(|r| r.media_type.as_deref())
    {
        if !accepted.contains(&media) {
            accepted.push(media);
        }
    }
    if !accepted.is_empty() && accepted != ["application/json"] {
        let media = accepted.join(", ");
        steps.push(quote! { request = request.accept(#media); });
    }
    for (name, value) in &op.fixed_headers {
        steps.push(quote! { request = request.header(#name, #value); });
    }
    for param in op.params.iter().flat_map(|p| &p.fields) {
        let ident = format_ident!("{}", param.name);
        if param.required {
            steps.push(add_param(param, quote! { &params.#ident }));
        } else {
            let add = add_param(param, quote! { value });
            steps.push(quote! { if let Some(value) = &params.#ident { #add } });
        }
    }
    if let Some(body) = &op.body {
        steps.push(body_statement(body));
    }

    let error_arms = error_decoder(op);
    let path_template = &op.path;
    let security = security(&op.security);
    let ret = return_type(op);
    let finish = finish(op);
    let deprecated = op
        .deprecated
        .as_ref()
        .map(|note| quote! { #[deprecated(note = #note)] });
    let doc = doc_attrs(&super::op_docs::operation(op, api, krate));
    let mutable = (!steps.is_empty()).then(|| quote! { mut });
    let many = (args.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });

    let (api_response, error, request_ty, http_method_ty) =
        (Rt::ApiResponse, Rt::Error, Rt::Request, Rt::Method);
    let gate = gate(op, api);
    quote! {
        #doc
        #gate
        #deprecated
        #many
        pub async fn #method_ident(&self, #(#args),*) -> Result<#api_response<#ret>, #error> {
            #(#encode)*
            let path = #path_expr;
            let #mutable request = #request_ty::new(#operation_id, #http_method_ty::#http_method, #path_template, path, #security);
            #(#steps)*
            let response = self.inner.send::<crate::types::ErrorBody>(request, #error_arms).await?;
            #finish
        }
    }
}

/// `#[cfg(...)]` of an operation's method and stream, when the crate has features.
fn gate(op: &Operation, api: &Api) -> Option<TokenStream> {
    super::cfg(
        api.features
            .as_ref()
            .and_then(|f| f.operations.get(&op.method_name)),
    )
}

/// `list_things_stream`: every item of every page, fetching the next as the stream is read.
fn emit_stream(op: &Operation, api: &Api) -> Option<TokenStream> {
    let pagination = op.pagination.as_ref()?;
    let gate = gate(op, api);
    let params = op.params.as_ref()?;
    let params_ty = format_ident!("{}", params.name);
    let stream = format_ident!("{}", pagination.stream_method);
    let method = format_ident!("{}", op.method_name);
    let cursor = format_ident!("{}", pagination.cursor_field);
    let cursor_param = &pagination.cursor_param;
    let item = rust_type(&pagination.item_type, &types_prefix());
    // The method's arguments, borrowed for as long as the stream lives; `params` is the
    // stream's own copy, its cursor moved page by page.
    let mut stream_args = Vec::new();
    let mut call_args = Vec::new();
    for arg in op.arguments() {
        let ident = format_ident!("{}", arg.name);
        if arg.name == "params" {
            stream_args.push(quote! { params: &'a crate::types::#params_ty });
            call_args.push(quote! { &params });
            continue;
        }
        let ty = lives_as_long_as_the_stream(passing(&arg.passing));
        stream_args.push(if arg.optional {
            quote! { #ident: Option<#ty> }
        } else {
            quote! { #ident: #ty }
        });
        call_args.push(quote! { #ident });
    }
    let items = access(&pagination.items, quote! { page });
    let items = if pagination.items.iter().any(|(_, optional)| *optional) {
        quote! { #items.unwrap_or_default() }
    } else {
        items
    };
    let next = access_str(&pagination.next);
    let doc = format!(
        " Every item of every page of [`{m}`](Self::{m}), fetching the next page (`{cursor_param}` from the last page's answer) as the stream is read. Starts at `params.{c}` (the first page when `None`); ends after the last page or at the first error, which it yields.",
        m = op.method_name,
        c = pagination.cursor_field,
    );
    let (stream_trait, error, items_fn, next_cursor) =
        (Rt::Stream, Rt::Error, Rt::PaginationItems, Rt::NextCursor);
    Some(quote! {
        #[doc = #doc]
        #gate
        pub fn #stream<'a>(&'a self, #(#stream_args),*) -> impl #stream_trait<Item = Result<#item, #error>> + Send + 'a {
            #items_fn(params.#cursor.clone(), move |cursor| {
                let mut params = params.clone();
                params.#cursor = cursor;
                async move {
                    let page = self.#method(#(#call_args),*).await?.into_body();
                    let next = #next_cursor(#next, #cursor_param);
                    Ok((#items, next))
                }
            })
        }
    })
}

/// `&T` → `&'a T`: borrowed arguments of a stream method live as long as the stream.
fn lives_as_long_as_the_stream(ty: TokenStream) -> TokenStream {
    let mut tokens = ty.into_iter();
    match tokens.next() {
        Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == '&' => {
            let rest: TokenStream = tokens.collect();
            quote! { &'a #rest }
        }
        Some(first) => std::iter::once(first).chain(tokens).collect(),
        None => TokenStream::new(),
    }
}

/// `page.a.b`, owning the last field.
fn access(path: &[(String, bool)], root: TokenStream) -> TokenStream {
    let fields = path.iter().map(|(name, _)| format_ident!("{}", name));
    quote! { #root #(.#fields)* }
}

/// An `Option<&str>` expression reading the next cursor from `page`, through optional fields.
fn access_str(path: &[(String, bool)]) -> TokenStream {
    let mut expr = quote! { Some(&page) };
    for (name, optional) in path {
        let field = format_ident!("{}", name);
        expr = if *optional {
            quote! { #expr.and_then(|v| v.#field.as_ref()) }
        } else {
            quote! { #expr.map(|v| &v.#field) }
        };
    }
    quote! { #expr.map(|v| v.as_str()) }
}

/// A non-capturing closure mapping (status, body) to the typed error body the spec declares.
fn error_decoder(op: &Operation) -> TokenStream {
    // One arm per body type (`401 | 404 => V2Error`), exact statuses before ranges so that a
    // `404` is not caught by a `4XX` of another type. An arm whose statuses are one contiguous
    // run is written as that range (`4XX` and `5XX` of one type: `400..=599`).
    type Arms<'o> = Vec<(&'o str, Vec<(u16, u16)>)>;
    let (mut exact, mut ranges): (Arms, Arms) = (Vec::new(), Vec::new());
    let mut default = quote! { None };
    let decode = Rt::DecodeErrorBody;
    for error in &op.errors {
        let Some(variant) = &error.body_variant else {
            continue;
        };
        let (arms, span) = match &error.status {
            StatusMatch::Code(code) => (&mut exact, (*code, *code)),
            StatusMatch::Range(n) => (&mut ranges, (n * 100, n * 100 + 99)),
            StatusMatch::Default => {
                let variant = format_ident!("{}", variant);
                default = quote! { #decode(body, crate::types::ErrorBody::#variant) };
                continue;
            }
        };
        match arms.iter_mut().find(|(v, _)| v == variant) {
            Some((_, spans)) => spans.push(span),
            None => arms.push((variant, vec![span])),
        }
    }
    if exact.is_empty() && ranges.is_empty() {
        // Only `default` (or no typed body at all): every status decodes the same way.
        return if op.errors.iter().any(|e| e.body_variant.is_some()) {
            quote! { |_, body| #default }
        } else {
            quote! { |_, _| None }
        };
    }
    let arms = exact.into_iter().chain(ranges).map(|(variant, mut spans)| {
        spans.sort_unstable();
        spans.dedup();
        let mut merged: Vec<(u16, u16)> = Vec::new();
        for &(low, high) in &spans {
            match merged.last_mut() {
                Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
                _ => merged.push((low, high)),
            }
        }
        let spans = if merged.len() == 1 { merged } else { spans };
        let patterns = spans.into_iter().map(|(low, high)| {
            let (l, h) = (Literal::u16_unsuffixed(low), Literal::u16_unsuffixed(high));
            if low == high {
                quote! { #l }
            } else {
                quote! { #l..=#h }
            }
        });
        let variant = format_ident!("{}", variant);
        quote! { #(#patterns)|* => #decode(body, crate::types::ErrorBody::#variant), }
    });
    quote! {
        |status, body| match status {
            #(#arms)*
            _ => #default,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The code and `api.txt` render the same decision: every argument of every operation of
    /// fixtures with path, params and body arguments of each kind reads the same either way.
    #[test]
    fn the_code_and_the_listing_write_each_argument_alike() {
        let fixtures = [
            include_str!("../../tests/fixtures/bodies.yaml"),
            include_str!("../../tests/fixtures/params.yaml"),
            include_str!("../../tests/fixtures/params_styles.yaml"),
            include_str!("../../tests/fixtures/pagination.yaml"),
            include_str!("../../tests/fixtures/scalars.yaml"),
        ];
        let mut seen = std::collections::HashSet::new();
        for source in fixtures {
            let doc = crate::parse::parse(source).unwrap();
            let api = crate::lower::lower(&doc.spec).unwrap();
            for op in &api.operations {
                for arg in op.arguments() {
                    let tokens = passing(&arg.passing).to_string().replace(' ', "");
                    let code = tokens
                        .replace("crate::types::", "")
                        .replace("crate::", "")
                        .replace("::uuid::", "")
                        .replace("::chrono::", "")
                        .replace("::std::collections::", "")
                        .replace("::serde_json::", "serde_json::");
                    let label = arg.passing.label().replace(' ', "");
                    assert_eq!(code, label, "{} of {}", arg.name, op.method_name);
                    seen.insert(format!("{:?}", std::mem::discriminant(&arg.passing)));
                }
            }
        }
        // Str, Slice, Ref, Value, Named, NamedRef, Form, Binary.
        assert_eq!(
            seen.len(),
            8,
            "the fixtures no longer pass an argument of every kind"
        );
    }
}
