//! Emits `src/operations.rs`: one async method on `Client` per operation, each a thin call into
//! the hand-written runtime (`crate::client`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{doc_attrs, docs_text, rust_type, type_label};
use crate::ir::{Api, Operation, Param, ParamLocation, StatusMatch, TypeRef};

pub fn emit(api: &Api) -> TokenStream {
    let base_url = api.base_url.clone().unwrap_or_default();
    let title = &api.title;
    let version = &api.version;
    let module_doc = format!(
        " Operations of {title} (version {version}), as methods on [`Client`](crate::Client)."
    );
    let methods = api.operations.iter().map(emit_operation);
    quote! {
        #![doc = #module_doc]

        #[doc = " The server the spec names first; `Client::builder` can point elsewhere."]
        pub const DEFAULT_BASE_URL: &str = #base_url;
        #[doc = " The `info.version` of the spec this crate was generated from."]
        pub const API_VERSION: &str = #version;

        impl crate::Client {
            #(#methods)*
        }
    }
}

fn types_prefix() -> TokenStream {
    quote! { crate::types:: }
}

/// How a parameter is taken by the method: cheap values by value, the rest by reference.
fn arg_type(param: &Param) -> TokenStream {
    let inner = match &param.ty {
        TypeRef::String => quote! { &str },
        TypeRef::Vec(item) => {
            let item = rust_type(item, &types_prefix());
            quote! { &[#item] }
        }
        ty @ (TypeRef::Named(_) | TypeRef::Boxed(_) | TypeRef::Value | TypeRef::Map(_)) => {
            let ty = rust_type(ty, &types_prefix());
            quote! { &#ty }
        }
        ty => rust_type(ty, &types_prefix()),
    };
    if param.required {
        inner
    } else {
        quote! { Option<#inner> }
    }
}

/// An expression turning the parameter value `v` into the string sent on the wire.
fn to_wire(ty: &TypeRef, v: TokenStream) -> TokenStream {
    match ty {
        TypeRef::DateTime => {
            quote! { #v.to_rfc3339_opts(::chrono::SecondsFormat::AutoSi, true) }
        }
        TypeRef::String => quote! { #v },
        _ => quote! { #v.to_string() },
    }
}

fn emit_operation(op: &Operation) -> TokenStream {
    let method_ident = format_ident!("{}", op.method_name);
    let operation_id = &op.operation_id;
    let http_method = format_ident!("{}", op.http_method);
    let args = op.params.iter().map(|p| {
        let ident = format_ident!("{}", p.name);
        let ty = arg_type(p);
        quote! { #ident: #ty }
    });
    let options_arg = op.options.as_ref().map(|options| {
        let name = format_ident!("{}", options.name);
        quote! { options: &crate::types::#name, }
    });
    let body_arg = op.body.as_ref().map(|body| {
        let ty = rust_type(&body.ty, &types_prefix());
        if body.required {
            quote! { body: &#ty, }
        } else {
            quote! { body: Option<&#ty>, }
        }
    });

    // `/v2/assets/{asset_id}` → each value encoded as one segment, then `format!` with inline
    // arguments (argument names never collide with `path`, `request` or `response`).
    let mut encode = Vec::new();
    for param in op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
    {
        let ident = format_ident!("{}", param.name);
        let value = match &param.ty {
            TypeRef::String => quote! { #ident },
            ty => {
                let value = to_wire(ty, quote! { #ident });
                quote! { &#value }
            }
        };
        encode.push(quote! {
            let #ident = crate::client::encode_path_segment(#operation_id, #value)?;
        });
    }
    let mut template = String::new();
    let mut rest = op.path.as_str();
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        template.push_str(&rest[..start].replace('}', "}}"));
        let name = &rest[start + 1..start + len];
        let param = op
            .params
            .iter()
            .find(|p| p.location == ParamLocation::Path && p.wire_name == name)
            .expect("lowering checked that every template parameter is declared");
        template.push_str(&format!("{{{}}}", param.name));
        rest = &rest[start + len + 1..];
    }
    template.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    let path_expr = if encode.is_empty() {
        quote! { String::from(#template) }
    } else {
        quote! { format!(#template) }
    };

    let mut steps = Vec::new();
    for (name, value) in &op.fixed_headers {
        steps.push(quote! { request = request.header(#name, #value); });
    }
    for param in op
        .params
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let ident = format_ident!("{}", param.name);
        steps.push(add_param(param, quote! { #ident }));
    }
    if let Some(options) = &op.options {
        for field in &options.fields {
            let ident = format_ident!("{}", field.name);
            let add = add_param(field, quote! { value });
            steps.push(quote! {
                if let Some(value) = &options.#ident { #add }
            });
        }
    }
    if let Some(body) = &op.body {
        steps.push(if body.required {
            quote! { request = request.json(body); }
        } else {
            quote! { if let Some(body) = body { request = request.json(body); } }
        });
    }

    let error_arms = error_decoder(op);
    let path_template = &op.path;
    let authenticated = op.authenticated;
    let (ret, finish) = match &op.success.ty {
        Some(ty) => {
            let ty = rust_type(ty, &types_prefix());
            (ty, quote! { response.json() })
        }
        None => (quote! { () }, quote! { Ok(response.empty()) }),
    };
    let deprecated = op
        .deprecated
        .as_ref()
        .map(|note| quote! { #[deprecated(note = #note)] });
    let doc = doc_attrs(&operation_doc(op));
    let mutable = (!steps.is_empty()).then(|| quote! { mut });

    quote! {
        #doc
        #deprecated
        pub async fn #method_ident(&self, #(#args,)* #options_arg #body_arg) -> Result<crate::ApiResponse<#ret>, crate::Error> {
            #(#encode)*
            let path = #path_expr;
            let #mutable request = crate::client::Request::new(#operation_id, ::reqwest::Method::#http_method, #path_template, path, #authenticated, #error_arms);
            #(#steps)*
            let response = self.send(request).await?;
            #finish
        }
    }
}

/// Statements adding one query or header parameter whose value is the expression `value`.
fn add_param(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    let add = match param.location {
        ParamLocation::Header => quote! { header },
        _ => quote! { query },
    };
    match &param.ty {
        // Query arrays repeat the key (`style: form, explode: true`, the OpenAPI default).
        TypeRef::Vec(item) => {
            let each = to_wire(item, quote! { item });
            quote! { for item in #value { request = request.#add(#wire, #each); } }
        }
        ty => {
            let value = to_wire(ty, value);
            quote! { request = request.#add(#wire, #value); }
        }
    }
}

/// A non-capturing closure mapping (status, body) to the typed error body the spec declares.
fn error_decoder(op: &Operation) -> TokenStream {
    // One arm per body type (`401 | 404 => V2Error`), exact statuses before ranges so that a
    // `404` is not caught by a `4XX` of another type. An arm whose statuses are one contiguous
    // run is written as that range (`4XX` and `5XX` of one type: `400..=599`).
    type Arms<'o> = Vec<(&'o str, Vec<(u16, u16)>)>;
    let (mut exact, mut ranges): (Arms, Arms) = (Vec::new(), Vec::new());
    let mut default = quote! { None };
    for error in &op.errors {
        let Some(variant) = &error.body_variant else {
            continue;
        };
        let (arms, span) = match &error.status {
            StatusMatch::Code(code) => (&mut exact, (*code, *code)),
            StatusMatch::Range(n) => (&mut ranges, (n * 100, n * 100 + 99)),
            StatusMatch::Default => {
                let variant = format_ident!("{}", variant);
                default = quote! { crate::client::decode_error_body(body, crate::types::ErrorBody::#variant) };
                continue;
            }
        };
        match arms.iter_mut().find(|(v, _)| v == variant) {
            Some((_, spans)) => spans.push(span),
            None => arms.push((variant, vec![span])),
        }
    }
    if exact.is_empty() && ranges.is_empty() && op.errors.iter().all(|e| e.body_variant.is_none()) {
        return quote! { |_, _| None };
    }
    let arms = exact.into_iter().chain(ranges).map(|(variant, mut spans)| {
        spans.sort_unstable();
        spans.dedup();
        let spans_sorted = spans.clone();
        let mut merged: Vec<(u16, u16)> = Vec::new();
        for (low, high) in spans {
            match merged.last_mut() {
                Some(last) if low <= last.1.saturating_add(1) => last.1 = last.1.max(high),
                _ => merged.push((low, high)),
            }
        }
        let spans = if merged.len() == 1 { merged } else { spans_sorted };
        let patterns = spans.into_iter().map(|(low, high)| {
            let (l, h) = (proc_macro2::Literal::u16_unsuffixed(low), proc_macro2::Literal::u16_unsuffixed(high));
            if low == high {
                quote! { #l }
            } else {
                quote! { #l..=#h }
            }
        });
        let variant = format_ident!("{}", variant);
        quote! { #(#patterns)|* => crate::client::decode_error_body(body, crate::types::ErrorBody::#variant), }
    });
    quote! {
        |status, body| match status {
            #(#arms)*
            _ => #default,
        }
    }
}

fn operation_doc(op: &Operation) -> String {
    let mut doc = docs_text(&op.doc);
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.http_method, op.path));
    if !op.tags.is_empty() {
        doc.push_str(&format!(
            " (operation `{}`, tags: {})",
            op.operation_id,
            op.tags.join(", ")
        ));
    } else {
        doc.push_str(&format!(" (operation `{}`)", op.operation_id));
    }
    let documented: Vec<&Param> = op.params.iter().collect();
    if !documented.is_empty()
        || !op.fixed_headers.is_empty()
        || op.body.is_some()
        || op.options.is_some()
    {
        doc.push_str("\n\n# Arguments\n");
        for p in documented {
            let place = match p.location {
                ParamLocation::Path => "path",
                ParamLocation::Query => "query",
                ParamLocation::Header => "header",
            };
            let description = p
                .description
                .as_deref()
                .map(|d| format!(": {}", crate::docs::sanitize(d).replace('\n', " ")))
                .unwrap_or_default();
            doc.push_str(&format!(
                "\n- `{}` ({place} `{}`){description}",
                p.name, p.wire_name
            ));
        }
        if let Some(options) = &op.options {
            doc.push_str(&format!(
                "\n- `options`: optional parameters, see `{}`",
                options.name
            ));
        }
        if let Some(body) = &op.body {
            let description = body
                .description
                .as_deref()
                .map(|d| format!(": {}", crate::docs::sanitize(d).replace('\n', " ")))
                .unwrap_or_default();
            doc.push_str(&format!(
                "\n- `body`: JSON `{}`{description}",
                type_label(&body.ty)
            ));
        }
        for (name, value) in &op.fixed_headers {
            doc.push_str(&format!(
                "\n- header `{name}: {value}` is sent automatically"
            ));
        }
    }
    doc.push_str(&format!(
        "\n\n# Returns\n\n`{}`, {}",
        op.success.status,
        match &op.success.ty {
            Some(ty) => format!("body `{}`", type_label(ty)),
            None => "no body".to_string(),
        }
    ));
    let description = crate::docs::sanitize(&op.success.description);
    if !description.is_empty() {
        doc.push_str(&format!(": {}", description.replace('\n', " ")));
    }
    doc.push('.');
    if !op.response_headers.is_empty() {
        doc.push_str(
            " Response headers (see `ApiResponse::headers` and `ApiResponse::rate_limit`):\n",
        );
        for h in &op.response_headers {
            let description = h
                .description
                .as_deref()
                .map(|d| format!(": {}", crate::docs::sanitize(d).replace('\n', " ")))
                .unwrap_or_default();
            doc.push_str(&format!(
                "\n- `{}` (`{}`){description}",
                h.name,
                type_label(&h.ty)
            ));
        }
    }
    doc.push_str(
        "\n\n# Errors\n\nAny failure is an `Error`; a non-success status is `Error::Api`.",
    );
    if !op.errors.is_empty() {
        doc.push_str(" Declared error responses:\n");
        for e in &op.errors {
            let status = match &e.status {
                StatusMatch::Code(c) => c.to_string(),
                StatusMatch::Range(n) => format!("{n}XX"),
                StatusMatch::Default => "other statuses".to_string(),
            };
            let body = e
                .body_variant
                .as_deref()
                .map(|v| format!(", body `ErrorBody::{v}`"))
                .unwrap_or_default();
            let description = crate::docs::sanitize(&e.description).replace('\n', " ");
            doc.push_str(&format!("\n- `{status}`: {description}{body}"));
        }
    }
    doc
}
