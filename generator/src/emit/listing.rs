//! The generated public API as a list of items, one line each: written to `api.txt` so that a
//! reviewer sees an API change as a few changed lines even when the Rust diff is large, and
//! compared by `diff` to say exactly what changes for code using the crate.

use super::field_label;
use std::collections::BTreeMap;

use crate::ir::key;
use crate::ir::{
    Api, BodyKind, CredentialKind, EnumRepr, Gate, OAuthGrant, Operation, ParamLocation,
    SchemeKind, SignatureTime, Tagging, TypeKind,
};
use crate::Settings;

/// One public item. `key` identifies it across versions; `signature` is what user code depends
/// on (a change to it can break callers); `note` is context that cannot (HTTP path, wire name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub key: String,
    pub signature: String,
    /// What must stay equal for callers to keep compiling: the signature, less argument names
    /// (Rust calls are positional).
    pub compare: String,
    /// A function's argument names, in order: with `compare` unchanged, a name that moves
    /// means calls still compile but pass their values to other parameters.
    pub args: Vec<String>,
    pub note: String,
    /// For the line of an item's feature gate: the features, which the diff compares as a set
    /// (more features compile at least as much).
    pub gate: Option<Gate>,
    /// Indented under the item before it in `api.txt`.
    pub member: bool,
    /// The key of the top-level item it belongs to (itself, for a top-level item): a type's
    /// fields, variants and constructors are the type's; a method's stream is the method's.
    pub owner: String,
}

impl Item {
    fn new(key: String, signature: String, note: String, member: bool) -> Self {
        Item {
            key,
            compare: signature.clone(),
            signature,
            args: Vec::new(),
            note,
            gate: None,
            member,
            owner: String::new(),
        }
    }

    /// The line as written to `api.txt`.
    pub fn line(&self) -> String {
        let indent = if self.member { "  " } else { "" };
        if self.note.is_empty() {
            format!("{indent}{}", self.signature)
        } else {
            format!("{indent}{}  # {}", self.signature, self.note)
        }
    }
}

/// Every public item of the generated code, in a stable order.
pub fn items(api: &Api) -> Vec<Item> {
    let mut out = with_gates(api, all_items(api));
    let mut owner = String::new();
    for item in &mut out {
        if !item.member {
            owner = item.key.clone();
        }
        item.owner = owner.clone();
    }
    out
}

/// Each gated item followed by its gate, a member line: `Repo: #[cfg(feature = "repos")]`.
fn with_gates(api: &Api, items: Vec<Item>) -> Vec<Item> {
    let Some(features) = &api.features else {
        return items;
    };
    // Item key → (what the gate line names, the gate).
    let mut gates: BTreeMap<String, (String, &Gate)> = BTreeMap::new();
    for (method, gate) in &features.operations {
        gates.insert(key::method(method), (method.clone(), gate));
    }
    for (name, gate) in &features.types {
        gates.insert(key::ty(name), (name.clone(), gate));
    }
    for (variant, gate) in &features.error_bodies {
        let subject = format!("ErrorBody::{variant}");
        gates.insert(key::variant("ErrorBody", variant), (subject, gate));
    }
    let mut out = Vec::with_capacity(items.len() * 2);
    for item in items {
        let gate = gates.remove(&item.key);
        let key = item.key.clone();
        out.push(item);
        if let Some((subject, gate)) = gate {
            let line = format!("{subject}: {}", gate.label());
            out.push(Item {
                gate: Some(gate.clone()),
                ..Item::new(key::gate(&key), line, String::new(), true)
            });
        }
    }
    out
}

fn all_items(api: &Api) -> Vec<Item> {
    let mut out = Vec::new();
    for op in &api.operations {
        let mut note = format!("{} {}", op.http_method, op.path);
        for (name, value) in &op.fixed_headers {
            note.push_str(&format!(", sends {name}: {value}"));
        }
        let (signature, compare, args) = operation_signature(op);
        out.push(Item {
            compare,
            args,
            ..Item::new(key::method(&op.method_name), signature, note, false)
        });
        if op.deprecated.is_some() {
            out.push(Item::new(
                key::deprecated(&op.method_name),
                format!("#[deprecated] {}", op.method_name),
                String::new(),
                true,
            ));
        }
        if let Some(paging) = &op.pagination {
            let (signature, compare, args) = stream_signature(op, paging);
            out.push(Item {
                compare,
                args,
                ..Item::new(
                    key::method(&paging.stream_method),
                    signature,
                    format!("every item of every page of {}", op.method_name),
                    true,
                )
            });
        }
    }
    if api.bearer {
        out.push(Item::new(
            crate::ir::CLIENT_NEW.to_string(),
            format!("{}(token: impl Into<String>)", crate::ir::CLIENT_NEW),
            "bearer token".to_string(),
            false,
        ));
    }
    for credential in &api.credentials {
        let scheme = credential
            .scheme
            .as_ref()
            .and_then(|n| api.security_schemes.iter().find(|s| &s.name == n));
        let what = match (credential.kind, scheme.map(|s| &s.kind)) {
            (CredentialKind::BearerToken, _) => "bearer token".to_string(),
            (CredentialKind::TokenSource, _) => "bearer tokens from a source".to_string(),
            (CredentialKind::Basic, _) => "HTTP basic".to_string(),
            (CredentialKind::Key, Some(SchemeKind::ApiKey { location, name })) => {
                format!("API key in {} {name}", self::location(*location))
            }
            (CredentialKind::Key, Some(SchemeKind::Http { scheme })) => {
                format!("Authorization: {scheme}")
            }
            (CredentialKind::Key, _) => "key".to_string(),
        };
        let note = match scheme {
            None => format!("{what}, every scheme of its kind"),
            Some(s) => format!("{what}, scheme {}", s.name),
        };
        // Calls are positional: what must stay equal is the argument types.
        let (names, types): (Vec<String>, Vec<&str>) = credential
            .args()
            .split(", ")
            .filter_map(|arg| arg.split_once(": "))
            .map(|(name, ty)| (name.to_string(), ty))
            .unzip();
        out.push(Item {
            compare: format!("{}({})", credential.key(), types.join(", ")),
            args: names,
            ..Item::new(
                credential.key(),
                format!("{}({})", credential.key(), credential.args()),
                note,
                false,
            )
        });
    }
    // Token sources exist where bearer tokens can be given.
    let flows = api.oauth_schemes.iter().filter(|_| api.bearer);
    for flow in flows.flat_map(|s| &s.flows) {
        let name = &flow.constructor;
        let (args, grant) = match flow.grant {
            OAuthGrant::ClientCredentials => (
                "client_id: impl Into<String>, client_secret: impl Into<String>",
                "client credentials",
            ),
            OAuthGrant::RefreshToken => (
                "client_id: impl Into<String>, client_secret: Option<String>, refresh_token: impl Into<String>",
                "refresh token",
            ),
        };
        out.push(Item::new(
            key::token_source(name),
            format!("fn TokenSource::{name}({args})"),
            format!("{grant} at {}", flow.token_url),
            false,
        ));
    }
    webhook_items(api, &mut out);
    for def in &api.types {
        let name = &def.name;
        match &def.kind {
            TypeKind::Struct(s) => {
                out.push(Item::new(
                    key::ty(name),
                    format!("struct {name}"),
                    String::new(),
                    false,
                ));
                if s.has_default() {
                    out.push(Item::new(
                        key::default(name),
                        format!("impl Default for {name}"),
                        String::new(),
                        true,
                    ));
                }
                if let Some(args) = s.constructor_args() {
                    let args = args
                        .iter()
                        .map(|f| (f.name.clone(), field_label(f)))
                        .collect::<Vec<_>>();
                    out.push(constructor_item(name, &args));
                }
                for field in &s.fields {
                    let note = if field.name == field.wire_name {
                        String::new()
                    } else {
                        format!("{:?}", field.wire_name)
                    };
                    out.push(Item::new(
                        key::field(name, &field.name),
                        format!("{name}.{}: {}", field.name, field_label(field)),
                        note,
                        true,
                    ));
                }
                if let Some(value) = &s.additional {
                    out.push(Item::new(
                        key::field(name, "additional_properties"),
                        format!(
                            "{name}.additional_properties: BTreeMap<String, {}>",
                            value.label()
                        ),
                        String::new(),
                        true,
                    ));
                }
            }
            TypeKind::Enum(e) => {
                out.push(Item::new(
                    key::ty(name),
                    format!("enum {name}"),
                    String::new(),
                    false,
                ));
                let unknown = match e.repr {
                    EnumRepr::String => "String",
                    EnumRepr::Integer => "i64",
                };
                let wire = |w: &str| match e.repr {
                    EnumRepr::String => format!("{w:?}"),
                    EnumRepr::Integer => w.to_string(),
                };
                for v in &e.variants {
                    out.push(Item::new(
                        key::variant(name, &v.name),
                        format!("{name}::{}", v.name),
                        wire(&v.wire),
                        true,
                    ));
                }
                out.push(Item::new(
                    key::variant(name, &e.unknown),
                    format!("{name}::{}({unknown})", e.unknown),
                    "any other value".into(),
                    true,
                ));
            }
            TypeKind::Union(u) => {
                let how = match &u.tagging {
                    Tagging::Internal { property } => format!("tagged by {property:?}"),
                    Tagging::External => "externally tagged".to_string(),
                    Tagging::Untagged => "untagged".to_string(),
                };
                out.push(Item::new(key::ty(name), format!("enum {name}"), how, false));
                for v in &u.variants {
                    let signature = match &v.ty {
                        Some(ty) => format!("{name}::{}({})", v.name, ty.label()),
                        None => format!("{name}::{}", v.name),
                    };
                    let tags: Vec<String> = v.tags.iter().map(|t| format!("{t:?}")).collect();
                    out.push(Item::new(
                        key::variant(name, &v.name),
                        signature,
                        tags.join(" | "),
                        true,
                    ));
                }
                if let Some(unknown) = &u.unknown {
                    out.push(Item::new(
                        key::variant(name, unknown),
                        format!("{name}::{unknown}(serde_json::Value)"),
                        "any other kind".into(),
                        true,
                    ));
                }
            }
            TypeKind::Alias(target) => {
                out.push(Item::new(
                    key::ty(name),
                    format!("type {name} = {}", target.label()),
                    String::new(),
                    false,
                ));
            }
            TypeKind::Newtype(target) => {
                out.push(Item::new(
                    key::ty(name),
                    format!("struct {name}(pub {})", target.label()),
                    String::new(),
                    false,
                ));
            }
        }
    }
    for op in &api.operations {
        if let Some(params) = &op.params {
            let name = &params.name;
            out.push(Item::new(
                key::ty(name),
                format!("struct {name}"),
                format!("params of {}", op.method_name),
                false,
            ));
            let required: Vec<&crate::ir::Param> =
                params.fields.iter().filter(|p| p.required).collect();
            if required.is_empty() {
                out.push(Item::new(
                    key::default(name),
                    format!("impl Default for {name}"),
                    String::new(),
                    true,
                ));
            } else {
                let args = required
                    .iter()
                    .map(|p| (p.name.clone(), p.ty.label()))
                    .collect::<Vec<_>>();
                out.push(constructor_item(name, &args));
            }
            for p in &params.fields {
                let ty = if p.required {
                    p.ty.label()
                } else {
                    format!("Option<{}>", p.ty.label())
                };
                out.push(Item::new(
                    key::field(name, &p.name),
                    format!("{name}.{}: {ty}", p.name),
                    format!("{} {}", location(p.location), p.wire_name),
                    true,
                ));
            }
        }
        if let Some(body) = &op.body {
            if let Some(choice) = &body.choice {
                out.push(Item::new(
                    key::ty(choice),
                    format!("enum {choice}"),
                    format!("body of {}", op.method_name),
                    false,
                ));
                for c in &body.contents {
                    out.push(Item::new(
                        key::variant(choice, &c.variant),
                        format!("{choice}::{}({})", c.variant, body_kind_label(&c.kind)),
                        c.media_type.clone(),
                        true,
                    ));
                }
            }
        }
        if let Some(choice) = &op.success.choice {
            out.push(Item::new(
                key::ty(choice),
                format!("enum {choice}"),
                format!("responses of {}", op.method_name),
                false,
            ));
            for r in &op.success.responses {
                let signature = match &r.content {
                    crate::ir::Content::Empty => format!("{choice}::{}", r.variant),
                    other => format!("{choice}::{}({})", r.variant, content_label(other)),
                };
                out.push(Item::new(
                    key::variant(choice, &r.variant),
                    signature,
                    String::new(),
                    true,
                ));
            }
        }
    }
    for m in &api.multipart_structs {
        let name = &m.name;
        out.push(Item::new(
            key::ty(name),
            format!("struct {name}"),
            "multipart body".into(),
            false,
        ));
        // As `calls.rs` derives it: nothing required, so `default()` is `new()`.
        let nothing_required = m
            .fields
            .iter()
            .all(|f| !f.required || f.kind == crate::ir::PartKind::Files);
        if nothing_required {
            out.push(Item::new(
                key::default(name),
                format!("impl Default for {name}"),
                String::new(),
                true,
            ));
        }
        for f in &m.fields {
            let ty = match &f.kind {
                crate::ir::PartKind::File => "Part".to_string(),
                crate::ir::PartKind::Files => "Vec<Part>".to_string(),
                crate::ir::PartKind::Value(ty) => ty.label(),
            };
            let ty = if f.required || f.kind == crate::ir::PartKind::Files {
                ty
            } else {
                format!("Option<{ty}>")
            };
            out.push(Item::new(
                key::field(name, &f.name),
                format!("{name}.{}: {ty}", f.name),
                format!("{:?}", f.wire_name),
                true,
            ));
        }
    }
    out.push(Item::new(
        "type ErrorBody".into(),
        "enum ErrorBody".into(),
        String::new(),
        false,
    ));
    for v in &api.error_bodies {
        out.push(Item::new(
            key::variant("ErrorBody", &v.name),
            if v.boxed {
                format!("ErrorBody::{}(Box<{}>)", v.name, v.ty.label())
            } else {
                format!("ErrorBody::{}({})", v.name, v.ty.label())
            },
            String::new(),
            true,
        ));
    }
    out
}

/// `api.txt`.
pub fn emit(api: &Api, settings: &Settings) -> String {
    let mut out = format!(
        "# @generated by `{command}` from {spec}. Do not edit by hand.\n\
         # The public API of the generated code, one item per line. Review changes here first.\n",
        command = settings.command,
        spec = settings.spec_name,
    );
    let mut first = true;
    for item in items(api) {
        // A blank line before each type, and once before the first operation.
        if !item.member && (first || item.key.starts_with("type ")) {
            out.push('\n');
        }
        first = false;
        out.push_str(&item.line());
        out.push('\n');
    }
    out
}

/// The `webhooks` module's functions, and the signing scheme they check (a changed scheme makes
/// a receiver refuse deliveries, so it is part of the API).
fn webhook_items(api: &Api, out: &mut Vec<Item>) {
    let Some(webhooks) = &api.webhooks else {
        return;
    };
    let event = webhooks
        .event
        .clone()
        .unwrap_or_else(|| "serde_json::Value".to_string());
    if let Some(s) = &webhooks.signature {
        let time = match &s.timestamp {
            SignatureTime::Header(name) => format!("time in {name}"),
            SignatureTime::Entry(key) => format!("time as `{key}`"),
        };
        let id = s
            .id_header
            .as_ref()
            .map(|h| format!(", id in {h}"))
            .unwrap_or_default();
        let secret = match &s.secret_prefix {
            None => "raw secret".to_string(),
            Some(prefix) => format!("base64 secret after `{prefix}`"),
        };
        let scheme = format!(
            "HMAC-SHA256 of `{}` in {} as `{}{}`{} ({}), {time}{id}, {secret}, {} s either way",
            s.template,
            s.header,
            s.version,
            s.delimiter,
            if s.base64 { "base64" } else { "hex" },
            if s.separator == " " {
                "space-separated".to_string()
            } else {
                format!("`{}`-separated", s.separator)
            },
            s.tolerance_secs
        );
        out.push(Item::new(
            "const webhooks::SIGNATURE".to_string(),
            format!("const webhooks::SIGNATURE: SignatureScheme = {scheme}"),
            String::new(),
            false,
        ));
        let args = "secret: &[u8], headers: &HeaderMap, body: &[u8], now: SystemTime";
        out.push(Item::new(
            key::method("webhooks::verify"),
            format!("fn webhooks::verify({args}) -> {event}"),
            "signature, age, then the body decoded".to_string(),
            false,
        ));
        out.push(Item::new(
            key::method("webhooks::verify_signature"),
            format!("fn webhooks::verify_signature({args}) -> ()"),
            String::new(),
            false,
        ));
        out.push(Item::new(
            key::method("webhooks::sign"),
            "fn webhooks::sign(secret: &[u8], body: &[u8], now: SystemTime, id: &str) -> HeaderMap"
                .to_string(),
            "the headers a sender sends".to_string(),
            false,
        ));
    }
    out.push(Item::new(
        key::method("webhooks::decode"),
        format!("fn webhooks::decode(body: &[u8]) -> {event}"),
        String::new(),
        false,
    ));
}

/// The method's signature, and the same without argument names.
/// `fn Name::new(arg: Type, ...)`, compared by argument types only (Rust calls are positional).
fn constructor_item(name: &str, args: &[(String, String)]) -> Item {
    let named: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    let types: Vec<&str> = args.iter().map(|(_, t)| t.as_str()).collect();
    Item {
        compare: format!("fn {name}::new({})", types.join(", ")),
        args: args.iter().map(|(n, _)| n.clone()).collect(),
        ..Item::new(
            key::new(name),
            format!("fn {name}::new({})", named.join(", ")),
            String::new(),
            true,
        )
    }
}

/// A method's signature, the same without argument names, and the names.
fn operation_signature(op: &Operation) -> (String, String, Vec<String>) {
    let ret = match &op.success.choice {
        Some(choice) => choice.clone(),
        None => content_label(&op.success.single()),
    };
    signature(&op.method_name, &arguments(op), &ret)
}

/// `fn list_things_stream(...) -> Stream<Item>`: the same arguments as the method.
fn stream_signature(
    op: &Operation,
    paging: &crate::ir::Pagination,
) -> (String, String, Vec<String>) {
    let ret = format!("Stream<{}>", paging.item_type.label());
    signature(&paging.stream_method, &arguments(op), &ret)
}

fn signature(name: &str, args: &[(String, String)], ret: &str) -> (String, String, Vec<String>) {
    let named: Vec<String> = args.iter().map(|(n, t)| format!("{n}: {t}")).collect();
    let types: Vec<&str> = args.iter().map(|(_, t)| t.as_str()).collect();
    (
        format!("fn {name}({}) -> {ret}", named.join(", ")),
        format!("fn {name}({}) -> {ret}", types.join(", ")),
        args.iter().map(|(n, _)| n.clone()).collect(),
    )
}

/// A method's arguments, as the IR decides them ([`Operation::arguments`]): (name, type).
fn arguments(op: &Operation) -> Vec<(String, String)> {
    op.arguments()
        .iter()
        .map(|arg| (arg.name.to_string(), arg.label()))
        .collect()
}

fn body_kind_label(kind: &BodyKind) -> String {
    match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => ty.label(),
        BodyKind::Multipart(name) => name.clone(),
        BodyKind::MultipartForm => "Form".into(),
        BodyKind::Text => "String".into(),
        BodyKind::Binary => "impl Into<BinaryBody>".into(),
    }
}

fn content_label(content: &crate::ir::Content) -> String {
    match content {
        crate::ir::Content::Json(ty) => ty.label(),
        crate::ir::Content::Text => "String".into(),
        crate::ir::Content::Binary => "Bytes".into(),
        crate::ir::Content::Empty => "()".into(),
    }
}

fn location(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}
