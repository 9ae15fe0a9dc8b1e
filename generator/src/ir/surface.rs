//! The public surface an operation and a credential give a generated crate, decided once:
//! each argument's passing, each credential method, each `api.txt` key. The code, `api.txt`,
//! the docs and the diff read these and decide nothing of their own.

use super::*;

/// One argument of an operation's method, decided once here: the code, `api.txt`, the docs
/// and the diff render it (as tokens or as a label) and decide nothing of their own.
#[derive(Debug, Clone, PartialEq)]
pub struct Argument<'a> {
    pub name: &'a str,
    pub passing: Passing<'a>,
    /// Wrapped in `Option` (a body the spec does not require).
    pub optional: bool,
}

/// How an argument is passed.
#[derive(Debug, Clone, PartialEq)]
pub enum Passing<'a> {
    /// `&str`: strings, and text bodies.
    Str,
    /// `&[T]`: an array path parameter.
    Slice(&'a TypeRef),
    /// `&T`: a generated type, a map or free-form JSON, and JSON and form bodies.
    Ref(&'a TypeRef),
    /// `T`: a scalar (numbers, booleans, ids, dates).
    Value(&'a TypeRef),
    /// A generated type handed over by value: a body choice, a multipart struct.
    Named(&'a str),
    /// A generated type by reference: the `{Op}Params` struct.
    NamedRef(&'a str),
    /// The runtime's multipart `Form`, by value.
    Form,
    /// `impl Into<BinaryBody>`.
    Binary,
}

impl Passing<'_> {
    /// As `api.txt` and the docs write it.
    pub fn label(&self) -> String {
        match self {
            Passing::Str => "&str".into(),
            Passing::Slice(item) => format!("&[{}]", item.label()),
            Passing::Ref(ty) => format!("&{}", ty.label()),
            Passing::Value(ty) => ty.label(),
            Passing::Named(name) => name.to_string(),
            Passing::NamedRef(name) => format!("&{name}"),
            Passing::Form => "Form".into(),
            Passing::Binary => "impl Into<BinaryBody>".into(),
        }
    }
}

impl Argument<'_> {
    /// Its type as `api.txt` and the docs write it.
    pub fn label(&self) -> String {
        if self.optional {
            format!("Option<{}>", self.passing.label())
        } else {
            self.passing.label()
        }
    }
}

impl Operation {
    /// The method's arguments: path parameters in template order, then `params`, then `body`.
    pub fn arguments(&self) -> Vec<Argument<'_>> {
        let mut args: Vec<Argument> = self
            .path_params
            .iter()
            .map(|p| Argument {
                name: &p.name,
                passing: match &p.ty {
                    TypeRef::String => Passing::Str,
                    TypeRef::Vec(item) => Passing::Slice(item),
                    ty @ (TypeRef::Named(_)
                    | TypeRef::Boxed(_)
                    | TypeRef::Value
                    | TypeRef::Map(_)) => Passing::Ref(ty),
                    ty => Passing::Value(ty),
                },
                optional: false,
            })
            .collect();
        if let Some(params) = &self.params {
            args.push(Argument {
                name: "params",
                passing: Passing::NamedRef(&params.name),
                optional: false,
            });
        }
        if let Some(body) = &self.body {
            let passing = match (&body.choice, &body.contents[0].kind) {
                (Some(choice), _) => Passing::Named(choice),
                (None, BodyKind::Json(ty) | BodyKind::Form(ty)) => Passing::Ref(ty),
                (None, BodyKind::Multipart(name)) => Passing::Named(name),
                (None, BodyKind::MultipartForm) => Passing::Form,
                (None, BodyKind::Text) => Passing::Str,
                (None, BodyKind::Binary) => Passing::Binary,
            };
            args.push(Argument {
                name: "body",
                passing,
                optional: !body.required,
            });
        }
        args
    }
}

/// One way to give a client credentials: a `ClientBuilder` method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// The method's name: the scheme's in snake case (`api_key_auth`), or `bearer_token`,
    /// `token_source` and `basic_auth` for every scheme of their kind.
    pub method: String,
    pub kind: CredentialKind,
    /// The scheme it is for; `None` for the methods every scheme of a kind shares.
    pub scheme: Option<String>,
}

/// What a credential method takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CredentialKind {
    /// A bearer token: `(token: impl Into<String>)`.
    BearerToken,
    /// Bearer tokens from a `TokenSource`: `(source: TokenSource)`.
    TokenSource,
    /// HTTP basic: `(user: &str, password: &str)`.
    Basic,
    /// An API key, or the credentials of another `http` scheme: `(key: impl Into<String>)`.
    Key,
}

impl Credential {
    /// Its key in `api.txt` and the diff.
    pub fn key(&self) -> String {
        key::credential(&self.method)
    }

    /// Its arguments, as the code and `api.txt` write them.
    pub fn args(&self) -> &'static str {
        match self.kind {
            CredentialKind::BearerToken => "token: impl Into<String>",
            CredentialKind::TokenSource => "source: TokenSource",
            CredentialKind::Basic => "user: &str, password: &str",
            CredentialKind::Key => "key: impl Into<String>",
        }
    }
}

/// The key of `Client::new(token)` in `api.txt` and the diff (it exists when [`Api::bearer`]).
pub const CLIENT_NEW: &str = key::CLIENT_NEW;

/// The key of each public item in `api.txt`, which the diff claims items by: one function per
/// kind of item, so the two cannot spell a key differently.
pub mod key {
    use std::fmt::Display;

    /// `Client::new(token)`.
    pub const CLIENT_NEW: &str = "fn Client::new";

    /// An operation's method, or its stream.
    pub fn method(name: impl Display) -> String {
        format!("fn {name}")
    }

    /// An operation's deprecation.
    pub fn deprecated(method: impl Display) -> String {
        format!("deprecated {method}")
    }

    /// A `TokenSource` constructor.
    pub fn token_source(constructor: impl Display) -> String {
        format!("fn TokenSource::{constructor}")
    }

    /// A `ClientBuilder` credential method.
    pub fn credential(method: impl Display) -> String {
        format!("fn ClientBuilder::{method}")
    }

    /// A type: it owns its fields, variants and constructors.
    pub fn ty(name: impl Display) -> String {
        format!("type {name}")
    }

    /// A type's `Default`.
    pub fn default(ty: impl Display) -> String {
        format!("default {ty}")
    }

    /// A type's `new`.
    pub fn new(ty: impl Display) -> String {
        format!("new {ty}")
    }

    /// A struct's field.
    pub fn field(ty: impl Display, field: impl Display) -> String {
        format!("field {ty}.{field}")
    }

    /// The feature gate of an item (by its key).
    pub fn gate(item: impl Display) -> String {
        format!("cfg {item}")
    }

    /// An enum's variant.
    pub fn variant(ty: impl Display, variant: impl Display) -> String {
        format!("variant {ty}::{variant}")
    }
}
