//! The doc comment of an operation's method: what it does, its arguments, what it returns and
//! which errors the spec declares. Types are written as they appear in the signature.

use super::{docs_text, type_label};
use crate::ir::*;

pub(crate) fn operation(op: &Operation) -> String {
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
                type_label(&p.ty)
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
                            format!("`{}` as `{}`", type_label(ty), content.media_type)
                        }
                        BodyKind::Form(ty) => format!("`{}` as a form", type_label(ty)),
                        BodyKind::Multipart(name) => {
                            format!("[`{name}`](crate::types::{name}) as `multipart/form-data`")
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
                type_label(&h.ty)
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
                .map(|v| format!(", body `ErrorBody::{v}`"))
                .unwrap_or_default();
            doc.push_str(&format!(
                "\n- `{status}`: {}{body}",
                sanitize(&e.description)
            ));
        }
    }
    doc
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
        Content::Json(ty) => format!("body `{}`", type_label(ty)),
        Content::Text => "a text body (`String`)".to_string(),
        Content::Binary => "a body of bytes (`Bytes`)".to_string(),
        Content::Empty => "no body".to_string(),
    }
}
