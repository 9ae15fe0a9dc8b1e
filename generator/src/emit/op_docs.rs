//! The doc comment of an operation's method: what it does, its arguments, what it returns and
//! which errors the spec declares. Types are written as they appear in the signature.

use super::runtime::Rt;
use super::{docs_text, rust_type};
use crate::ir::*;
use quote::quote;

pub(crate) fn operation(op: &Operation, api: &Api, krate: &str) -> String {
    let sanitize = |text: &str| crate::docs::sanitize(text).replace('\n', " ");
    let mut doc = docs_text(&op.doc);
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("`{} {}`", op.http_method, op.path));
    if op.tags.is_empty() {
        doc.push_str(&format!(" (operation `{}`)", op.operation_id));
    } else {
        doc.push_str(&format!(
            " (operation `{}`, tags: {})",
            op.operation_id,
            op.tags.join(", ")
        ));
    }
    if !op.path_params.is_empty()
        || op.params.is_some()
        || op.body.is_some()
        || !op.fixed_headers.is_empty()
    {
        doc.push_str("\n\n# Arguments\n");
        for p in &op.path_params {
            let description = p
                .description
                .as_deref()
                .map(|d| format!(": {}", sanitize(d)))
                .unwrap_or_default();
            doc.push_str(&format!(
                "\n- `{}` (path `{}`, `{}`){description}",
                p.name,
                p.wire_name,
                p.ty.label()
            ));
        }
        if let Some(params) = &op.params {
            let listed: Vec<String> = params
                .fields
                .iter()
                .map(|p| {
                    let place = match p.location {
                        ParamLocation::Header => "header",
                        ParamLocation::Cookie => "cookie",
                        _ => "query",
                    };
                    let required = if p.required { ", required" } else { "" };
                    format!("{place} `{}`{required}", p.wire_name)
                })
                .collect();
            doc.push_str(&format!(
                "\n- `params`: [`{}`](crate::types::{}): {}",
                params.name,
                params.name,
                listed.join(", ")
            ));
        }
        if let Some(body) = &op.body {
            let what = match &body.choice {
                Some(choice) => {
                    let media: Vec<&str> = body
                        .contents
                        .iter()
                        .map(|c| c.media_type.as_str())
                        .collect();
                    format!(
                        "[`{choice}`](crate::types::{choice}), one of {}",
                        media.join(", ")
                    )
                }
                None => {
                    let content = &body.contents[0];
                    match &content.kind {
                        BodyKind::Json(ty) => {
                            format!("`{}` as `{}`", ty.label(), content.media_type)
                        }
                        BodyKind::Form(ty) => format!("`{}` as a form", ty.label()),
                        BodyKind::Multipart(name) => {
                            format!("[`{name}`](crate::types::{name}) as `multipart/form-data`")
                        }
                        BodyKind::MultipartForm => {
                            format!(
                                "a [`Form`]({}) of the parts you name, as `multipart/form-data`",
                                Rt::Form.path()
                            )
                        }
                        BodyKind::Text => format!("text, as `{}`", content.media_type),
                        BodyKind::Binary => {
                            format!("bytes or a stream, as `{}`", content.media_type)
                        }
                    }
                }
            };
            let optional = if body.required { "" } else { " (optional)" };
            let description = body
                .description
                .as_deref()
                .map(|d| format!(": {}", sanitize(d)))
                .unwrap_or_default();
            doc.push_str(&format!("\n- `body`{optional}: {what}{description}"));
        }
        for (name, value) in &op.fixed_headers {
            doc.push_str(&format!(
                "\n- header `{name}: {value}` is sent automatically"
            ));
        }
    }
    doc.push_str("\n\n# Returns\n");
    match &op.success.choice {
        None => {
            let response = op.success.responses.first();
            let status = response.map_or("2XX".to_string(), |r| status_text(&r.status));
            let description = response
                .map(|r| sanitize(&r.description))
                .filter(|d| !d.is_empty());
            doc.push_str(&format!(
                "\n`{status}`, {}",
                content_text(&op.success.single())
            ));
            if let Some(description) = description {
                doc.push_str(&format!(": {description}"));
            }
            if !doc.ends_with(['.', '!', '?']) {
                doc.push('.');
            }
        }
        Some(choice) => {
            doc.push_str(&format!(
                "\n[`{choice}`](crate::types::{choice}), by status:\n"
            ));
            for r in &op.success.responses {
                let description = sanitize(&r.description);
                doc.push_str(&format!(
                    "\n- `{}` → `{}`, {}",
                    status_text(&r.status),
                    r.variant,
                    content_text(&r.content)
                ));
                if !description.is_empty() {
                    doc.push_str(&format!(": {description}"));
                }
            }
        }
    }
    if !op.response_headers.is_empty() {
        doc.push_str(
            " Response headers (see `ApiResponse::headers` and `ApiResponse::rate_limit`):\n",
        );
        for h in &op.response_headers {
            let description = h
                .description
                .as_deref()
                .map(|d| format!(": {}", sanitize(d)))
                .unwrap_or_default();
            doc.push_str(&format!(
                "\n- `{}` (`{}`){description}",
                h.name,
                h.ty.label()
            ));
        }
    }
    if let Some(p) = &op.pagination {
        doc.push_str(&format!(
            "\n\nThis list pages (by `{}`): [`{}`](Self::{}) streams every item of every page.",
            p.cursor_param, p.stream_method, p.stream_method
        ));
    }
    doc.push_str(
        "\n\n# Errors\n\nAny failure is an `Error`; a non-success status is `Error::Api`.",
    );
    if !op.errors.is_empty() {
        doc.push_str(" Declared error responses:\n");
        for e in &op.errors {
            let status = match &e.status {
                StatusMatch::Default => "other statuses".to_string(),
                other => status_text(other),
            };
            let body = e
                .body_variant
                .as_deref()
                .map(|v| format!(" (`ErrorBody::{v}`)"))
                .unwrap_or_default();
            doc.push_str(&format!(
                "\n- `{status}`{body}: {}",
                sanitize(&e.description)
            ));
        }
    }
    doc.push_str("\n\n");
    doc.push_str(&example(op, api, krate));
    doc
}

/// The `# Example` section: a call that compiles (a doc test, not run) for any spec. Arguments
/// are built in the example (scalars as placeholders, structs with `new` or `default()`, enums
/// as their first value); what cannot be built that way (a `oneOf`, a choice of media types)
/// comes in as an argument of the example's function, with its type in the signature.
pub(crate) fn example_call(op: &Operation, api: &Api, krate: &str, mock: bool) -> Call {
    let mut taken: Vec<String> = op.path_params.iter().map(|p| p.name.clone()).collect();
    taken.extend(["params".to_string(), "body".to_string()]);
    let client = free("client", &taken);
    taken.push(client.clone());
    let response = free("response", &taken);
    taken.push(response.clone());
    let received = free("received", &taken);
    taken.push(received.clone());
    let server = free("server", &taken);

    let mut hidden = vec![format!("{client}: &{krate}::Client")];
    let mut lines: Vec<String> = Vec::new();
    let mut call: Vec<String> = Vec::new();
    let arguments = super::operations::arguments(op);
    let passing = op.arguments();
    let arg_type = |i: usize| {
        let text = type_text(&arguments[i].to_string(), krate);
        text.split_once(':')
            .map_or(text.clone(), |(_, ty)| ty.trim().to_string())
    };
    let builder = Builder { api, krate, mock };
    for (i, p) in op.path_params.iter().enumerate() {
        // Generated types (an alias of a UUID, an enum) are taken by reference.
        let by_ref = matches!(passing[i].passing, Passing::Ref(_) | Passing::Slice(_));
        if let Some((annotation, value)) = scalar(&p.ty, krate) {
            lines.push(format!("let {}{annotation} = {value};", p.name));
            call.push(p.name.clone());
        } else if let Some(value) = builder.value(&p.ty, 0) {
            lines.push(format!("let {} = {value};", p.name));
            call.push(format!("{}{}", if by_ref { "&" } else { "" }, p.name));
        } else {
            hidden.push(format!("{}: {}", p.name, arg_type(i)));
            call.push(p.name.clone());
        }
    }
    let mut next = op.path_params.len();
    if let Some(params) = &op.params {
        // `default()` when none is required, else `new(required, in field order)`.
        let path = format!("{krate}::types::{}", params.name);
        let required: Option<Vec<String>> = params
            .fields
            .iter()
            .filter(|p| p.required)
            .map(|p| builder.value(&p.ty, 1))
            .collect();
        let value = required.map(|args| match args.is_empty() {
            true => format!("{path}::default()"),
            false => format!("{path}::new({})", args.join(", ")),
        });
        match value {
            Some(value) => {
                lines.push(format!("let params = {value};"));
                call.push("&params".into());
            }
            None => {
                hidden.push(format!("params: {}", arg_type(next)));
                call.push("params".into());
            }
        }
        next += 1;
    }
    if let Some(body) = &op.body {
        // A file, as a caller would send; bytes at hand where the example runs (a mock's).
        let read_bytes = if mock {
            "let body = b\"bytes\".to_vec();".to_string()
        } else {
            "let body = std::fs::read(\"upload.bin\")?;".to_string()
        };
        let single = body.contents.first().filter(|_| body.choice.is_none());
        match single.map(|c| &c.kind) {
            // `None` of `Option<impl Into<BinaryBody>>` names no type: give it one.
            Some(BodyKind::Binary) if !body.required => {
                lines.push(read_bytes.clone());
                call.push("Some(body)".into());
            }
            _ if !body.required => call.push("None".into()),
            Some(BodyKind::Text) => {
                lines.push("let body = \"text\";".into());
                call.push("body".into());
            }
            Some(BodyKind::Binary) => {
                lines.push(read_bytes.clone());
                call.push("body".into());
            }
            Some(BodyKind::Json(ty) | BodyKind::Form(ty)) => match builder.value(ty, 0) {
                Some(value) => {
                    lines.push(format!("let body = {value};"));
                    call.push("&body".into());
                }
                None => {
                    hidden.push(format!("body: {}", arg_type(next)));
                    call.push("body".into());
                }
            },
            _ => {
                hidden.push(format!("body: {}", arg_type(next)));
                call.push("body".into());
            }
        }
    }
    Call {
        call: format!("{client}.{}({})", op.method_name, call.join(", ")),
        hidden,
        lines,
        client,
        response,
        received,
        server,
    }
}

/// An example's call of an operation, for the operation's doc and its mock's.
pub(crate) struct Call {
    /// `client: &my_api::Client`, then the arguments it could not build: the example
    /// function's parameters.
    pub hidden: Vec<String>,
    /// What builds the other arguments (inside a function returning `Result<_, Box<dyn Error>>`).
    pub lines: Vec<String>,
    /// `client.get_pet(id)`, to be awaited.
    pub call: String,
    pub client: String,
    pub response: String,
    pub received: String,
    /// A name for a mock server no argument has.
    pub server: String,
}

/// The `# Example` section of an operation's doc: a call, and what it gives back.
pub(crate) fn example(op: &Operation, api: &Api, krate: &str) -> String {
    let Call {
        hidden,
        mut lines,
        call,
        response,
        received,
        ..
    } = example_call(op, api, krate, false);
    lines.push(format!("let {response} = {call}.await?;"));
    match (&op.success.choice, op.success.single()) {
        (Some(_), _) => lines.push(format!("println!(\"{{:?}}\", {response}.body());")),
        (None, Content::Json(ty)) => {
            let ty = type_text(
                &rust_type(&ty, &quote! { crate::types:: }).to_string(),
                krate,
            );
            lines.push(format!("let {received}: &{ty} = {response}.body();"));
            lines.push(format!("println!(\"{{{received}:?}}\");"));
        }
        (None, Content::Text) => lines.push(format!("println!(\"{{}}\", {response}.body());")),
        (None, Content::Binary) => lines.push(format!(
            "println!(\"{{}} bytes\", {response}.body().len());"
        )),
        (None, Content::Empty) => lines.push(format!("println!(\"{{}}\", {response}.status());")),
    }
    let allow = if op.deprecated.is_some() {
        "# #[allow(deprecated)]\n"
    } else {
        ""
    };
    format!(
        "# Example\n\n```no_run\n{allow}# async fn example({}) -> Result<(), Box<dyn std::error::Error>> {{\n{}\n# Ok(())\n# }}\n```",
        hidden.join(", "),
        lines.join("\n")
    )
}

/// The crate's cargo features: what each compiles, and how to pick some.
fn features_section(features: &Features, package: &str) -> String {
    let first = features.list.first().map_or("", |f| f.name.as_str());
    let mut out = format!(
        "\n## Cargo features\n\nEach tag's operations are behind a feature named after the tag, and each \
         type behind the features of the operations that use it. `{FULL}`, the default, turns every \
         feature on. To compile only the operations you call (a large API builds in a fraction of \
         the time), turn the default off and name their tags:\n\n\
         ```toml\n[dependencies]\n{krate} = {{ version = \"*\", default-features = false, features = [\"{first}\"] }}\n```\n\n",
        krate = package,
    );
    for feature in &features.list {
        let count = features
            .operations
            .values()
            .filter(|gate| gate.0.contains(&feature.name))
            .count();
        let what = if feature.tags.is_empty() {
            "operations without a tag".to_string()
        } else {
            let tags: Vec<String> = feature
                .tags
                .iter()
                .map(|t| format!("`{}`", one_line(t).replace('`', "'")))
                .collect();
            format!("operations tagged {}", tags.join(", "))
        };
        out.push_str(&format!(
            "- `{}`: {what} ({count} operation{})\n",
            feature.name,
            if count == 1 { "" } else { "s" }
        ));
    }
    out
}

/// `src/operations.md`, which the crate page includes: every operation, one line each, grouped
/// by tag (an operation with several tags is under each; the document's own tag order first,
/// then tags in order of first use, then operations without a tag).
pub(crate) fn index(
    api: &Api,
    settings: &crate::Settings,
    stub_names: &super::mocks::Names,
) -> String {
    let mut groups: Vec<(String, Option<String>, Vec<&Operation>)> = api
        .tags
        .iter()
        .map(|t| (t.name.clone(), t.description.clone(), Vec::new()))
        .collect();
    let mut untagged = Vec::new();
    for op in &api.operations {
        if op.tags.is_empty() {
            untagged.push(op);
        }
        for tag in &op.tags {
            match groups.iter_mut().find(|(name, ..)| name == tag) {
                Some(group) => group.2.push(op),
                None => groups.push((tag.clone(), None, vec![op])),
            }
        }
    }
    if !untagged.is_empty() {
        let heading = if groups.iter().any(|g| !g.2.is_empty()) {
            "Other operations"
        } else {
            "All operations"
        };
        groups.push((heading.to_string(), None, untagged));
    }
    let count = api.operations.len();
    let mut out = format!(
        "<!-- @generated by `{}` from {}: do not edit by hand. -->\n\n## Operations\n\n{count} operation{}, each an async method on [`Client`]({client}) \
         (its doc has the arguments, the responses, the errors and an example).\n",
        settings.command,
        settings.spec_name,
        if count == 1 { "" } else { "s" },
        client = Rt::Client.path(),
    );
    if let Some(features) = &api.features {
        out.push_str(&features_section(features, package_name(settings)));
    }
    for (name, description, ops) in groups.iter().filter(|g| !g.2.is_empty()) {
        out.push_str(&format!("\n### {}\n", one_line(name)));
        if let Some(description) = description.as_deref().map(one_line) {
            if !description.is_empty() {
                out.push_str(&format!("\n{description}\n"));
            }
        }
        out.push('\n');
        for op in ops {
            let summary = op
                .doc
                .summary
                .as_deref()
                .or(op.doc.description.as_deref())
                .map(one_line)
                .map(|s| s.trim_end_matches('.').to_string())
                .filter(|s| !s.is_empty())
                .map(|s| format!(": {s}"))
                .unwrap_or_default();
            let deprecated = if op.deprecated.is_some() {
                " (deprecated)"
            } else {
                ""
            };
            out.push_str(&format!(
                "- [`{m}`]({client}::{m}){deprecated}{summary} (`{} {}`)\n",
                op.http_method,
                op.path,
                m = op.method_name,
                client = Rt::Client.path(),
            ));
        }
    }
    out.push_str(&super::mocks::testing_section(
        api,
        &settings.crate_name,
        package_name(settings),
        stub_names,
    ));
    if !api.credentials.is_empty() {
        out.push_str(&format!(
            "\n## Credentials\n\nGiven to [`ClientBuilder`]({builder}): one method per security scheme the \
             operations ask for, named after it, and one for every scheme of a kind.\n\n",
            builder = Rt::ClientBuilder.path(),
        ));
        for credential in &api.credentials {
            let about = match &credential.scheme {
                Some(scheme) => format!("the `{scheme}` scheme"),
                None => "every scheme of its kind".to_string(),
            };
            out.push_str(&format!(
                "- [`{m}`]({builder}::{m}) (`{}`): {about}\n",
                credential.args(),
                m = credential.method,
                builder = Rt::ClientBuilder.path(),
            ));
        }
    }
    if !api.fallbacks.is_empty() {
        // Where the crate is looser than the spec: each place, as the spec writes it.
        out.push_str(&format!(
            "\n## Typed more loosely than the spec\n\nThe generator could not type {} place{} of the spec precisely; a sound, looser type stands in (free-form JSON, a JSON-encoded parameter), which still carries every value:\n\n",
            api.fallbacks.len(),
            if api.fallbacks.len() == 1 { "" } else { "s" }
        ));
        for (location, message) in &api.fallbacks {
            out.push_str(&format!(
                "- `{}`: {}\n",
                location.replace('`', "'"),
                one_line(message)
            ));
        }
    }
    out
}

/// The package a user's manifest names: the complete crate's, or the crate's Rust name.
fn package_name(settings: &crate::Settings) -> &str {
    match &settings.package {
        crate::Package::Crate { name, .. } => name,
        crate::Package::SourcesOnly => &settings.crate_name,
    }
}

/// The first line of a text, as Markdown safe to put on one line.
fn one_line(text: &str) -> String {
    let text = crate::docs::sanitize(text);
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    first.trim().trim_start_matches('#').trim().to_string()
}

/// Writes values of generated types as a user would build them.
pub(crate) struct Builder<'a> {
    pub api: &'a Api,
    pub krate: &'a str,
    /// With the `mock` feature: types only ever received have a `new` too.
    pub mock: bool,
}

impl Builder<'_> {
    /// An expression of type `ty` (inside a function returning `Result<_, Box<dyn Error>>`), or
    /// `None` when the type has no simple way to be built.
    pub fn value(&self, ty: &TypeRef, depth: usize) -> Option<String> {
        let krate = self.krate;
        if depth > 4 {
            return None;
        }
        // Scalars as in `scalar`, where the argument's type gives the value its type; an owned
        // `String` field needs an owned string.
        if let Some((_, value)) = scalar(ty, krate) {
            return Some(match ty {
                TypeRef::String => format!("{value}.to_string()"),
                _ => value,
            });
        }
        Some(match ty {
            TypeRef::Value => "serde_json::json!({})".into(),
            TypeRef::Vec(item) => format!("vec![{}]", self.value(item, depth + 1)?),
            TypeRef::Map(_) => "Default::default()".into(),
            TypeRef::Option(_) => "None".into(),
            TypeRef::Boxed(name) => format!(
                "Box::new({})",
                self.value(&TypeRef::Named(name.clone()), depth + 1)?
            ),
            TypeRef::Named(name) => {
                let def = self.api.types.iter().find(|t| &t.name == name)?;
                let path = format!("{krate}::types::{name}");
                match &def.kind {
                    TypeKind::Struct(s)
                        if s.constructor_args().is_some()
                            || (self.mock && s.mock_constructor_args().is_some()) =>
                    {
                        let args = s
                            .constructor_args()
                            .or_else(|| s.mock_constructor_args())?
                            .iter()
                            .map(|f| self.value(&f.ty, depth + 1))
                            .collect::<Option<Vec<_>>>()?;
                        format!("{path}::new({})", args.join(", "))
                    }
                    TypeKind::Struct(s) if s.fields.iter().all(Field::is_optional) => {
                        format!("{path}::default()")
                    }
                    TypeKind::Enum(e) => format!("{path}::{}", e.variants.first()?.name),
                    TypeKind::Alias(target) => self.value(target, depth + 1)?,
                    TypeKind::Newtype(target) => {
                        format!("{path}({})", self.value(target, depth + 1)?)
                    }
                    _ => return None,
                }
            }
            _ => return None,
        })
    }
}

/// `name`, or `name_` (and so on) when an argument already has it.
fn free(name: &str, taken: &[String]) -> String {
    let mut name = name.to_string();
    while taken.contains(&name) {
        name.push('_');
    }
    name
}

/// How a scalar argument is written in an example: a type annotation, when the value alone does
/// not say, and the value. `None` for what is not a scalar.
fn scalar(ty: &TypeRef, krate: &str) -> Option<(String, String)> {
    let parsed = |ty: &str, text: &str| Some((format!(": {ty}"), format!("\"{text}\".parse()?")));
    match ty {
        TypeRef::String => Some((String::new(), "\"...\"".into())),
        TypeRef::Uuid => parsed(
            &format!("{krate}::uuid::Uuid"),
            "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        ),
        TypeRef::Date => parsed(&format!("{krate}::chrono::NaiveDate"), "2026-01-31"),
        TypeRef::DateTime => parsed(
            &format!("{krate}::chrono::DateTime<{krate}::chrono::Utc>"),
            "2026-01-31T12:00:00Z",
        ),
        TypeRef::Bool => Some((String::new(), "true".into())),
        ty if ty.is_integer() => Some((String::new(), "1".into())),
        TypeRef::F32 | TypeRef::F64 => Some((String::new(), "1.0".into())),
        _ => None,
    }
}

/// A type's tokens as a user writes them outside the crate: `crate::` is the crate's name, and
/// the crates it re-exports are named through it.
fn type_text(tokens: &str, krate: &str) -> String {
    let mut text = tokens
        .replace(" :: ", "::")
        .replace(":: ", "::")
        .replace(" ::", "::")
        .replace(" < ", "<")
        .replace("< ", "<")
        .replace(" >", ">")
        .replace(" ,", ",")
        .replace("& ", "&");
    for reexported in ["uuid", "chrono"] {
        text = text.replace(
            &format!("::{reexported}::"),
            &format!("{krate}::{reexported}::"),
        );
    }
    text.replace("crate::", &format!("{krate}::"))
        .replace("::serde_json::", "serde_json::")
        .replace("::std::", "std::")
}

fn status_text(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(c) => c.to_string(),
        StatusMatch::Range(n) => format!("{n}XX"),
        StatusMatch::Default => "default".to_string(),
    }
}

fn content_text(content: &Content) -> String {
    match content {
        Content::Json(ty) => format!("body `{}`", ty.label()),
        Content::Text => "a text body (`String`)".to_string(),
        Content::Binary => "a body of bytes (`Bytes`)".to_string(),
        Content::Empty => "no body".to_string(),
    }
}
