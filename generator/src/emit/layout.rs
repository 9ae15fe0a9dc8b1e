//! Which file each generated item goes to.
//!
//! A small API gets one file per module: `src/types.rs`, `src/operations.rs`,
//! `src/example_tests.rs`. Past a size (see [`Layout`](crate::Layout)) a module becomes a
//! directory: types by the first letter of their name (`src/types/r.rs`), operations by their
//! first tag (`src/operations/repos.rs`), example tests by the first letter of the type they
//! decode into. Public paths stay flat either way: `types/mod.rs` re-exports every child, and
//! operations are methods on `Client` wherever they are written.
//!
//! Where an item goes depends only on its own name or tag, so adding one never moves another:
//! a review diff shows the new item in its file and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::TokenStream;

use crate::ir::{
    Api, BodyKind, Content, MultipartStruct, Operation, PartKind, TypeDef, TypeKind, TypeRef,
};
use crate::names::{Case, Namespace};

/// An item of the `types` module.
#[derive(Clone, Copy)]
pub(crate) enum TypeItem<'a> {
    /// A schema's type.
    Def(&'a TypeDef),
    /// `{Op}Params`.
    Params(&'a Operation),
    /// `{Op}Body`: a choice of request media types.
    BodyChoice(&'a Operation),
    /// `{Op}Response`: a choice of success responses.
    ResponseChoice(&'a Operation),
    Multipart(&'a MultipartStruct),
    /// The crate-wide `ErrorBody` enum.
    ErrorBody,
}

impl<'a> TypeItem<'a> {
    /// Every item of the `types` module, in flat-file order: schemas' types (by name), then
    /// what operations take and give, then `ErrorBody`.
    pub fn all(api: &'a Api) -> Vec<TypeItem<'a>> {
        let mut items: Vec<TypeItem> = api.types.iter().map(TypeItem::Def).collect();
        let ops = &api.operations;
        items.extend(
            ops.iter()
                .filter(|op| op.params.is_some())
                .map(TypeItem::Params),
        );
        items.extend(
            ops.iter()
                .filter(|op| op.body.as_ref().is_some_and(|b| b.choice.is_some()))
                .map(TypeItem::BodyChoice),
        );
        items.extend(
            ops.iter()
                .filter(|op| op.success.choice.is_some())
                .map(TypeItem::ResponseChoice),
        );
        items.extend(api.multipart_structs.iter().map(TypeItem::Multipart));
        items.push(TypeItem::ErrorBody);
        items
    }

    pub fn name(&self) -> &'a str {
        match self {
            TypeItem::Def(def) => &def.name,
            TypeItem::Params(op) => op.params.as_ref().map_or("", |p| &p.name),
            TypeItem::BodyChoice(op) => op
                .body
                .as_ref()
                .and_then(|b| b.choice.as_deref())
                .unwrap_or(""),
            TypeItem::ResponseChoice(op) => op.success.choice.as_deref().unwrap_or(""),
            TypeItem::Multipart(m) => &m.name,
            TypeItem::ErrorBody => "ErrorBody",
        }
    }

    pub fn render(&self, api: &Api) -> TokenStream {
        match self {
            TypeItem::Def(def) => super::types::emit_type(def),
            TypeItem::Params(op) => super::calls::params_struct(op).unwrap_or_default(),
            TypeItem::BodyChoice(op) => super::calls::body_choice(op).unwrap_or_default(),
            TypeItem::ResponseChoice(op) => super::calls::response_choice(op).unwrap_or_default(),
            TypeItem::Multipart(m) => super::calls::multipart_struct(m),
            TypeItem::ErrorBody => super::types::emit_error_body(api),
        }
    }

    /// The generated types this item's code names.
    fn references(&self, api: &'a Api, out: &mut BTreeSet<&'a str>) {
        match self {
            TypeItem::Def(def) => match &def.kind {
                TypeKind::Struct(s) => {
                    for field in &s.fields {
                        named(&field.ty, out);
                    }
                    if let Some(additional) = &s.additional {
                        named(additional, out);
                    }
                }
                TypeKind::Union(u) => {
                    for variant in &u.variants {
                        if let Some(ty) = &variant.ty {
                            named(ty, out);
                        }
                    }
                }
                TypeKind::Alias(ty) | TypeKind::Newtype(ty) => named(ty, out),
                TypeKind::Enum(_) => {}
            },
            TypeItem::Params(op) => {
                for param in op.params.iter().flat_map(|p| &p.fields) {
                    named(&param.ty, out);
                }
            }
            TypeItem::BodyChoice(op) => {
                for content in op.body.iter().flat_map(|b| &b.contents) {
                    match &content.kind {
                        BodyKind::Json(ty) | BodyKind::Form(ty) => named(ty, out),
                        BodyKind::Multipart(name) => {
                            out.insert(name);
                        }
                        BodyKind::Text | BodyKind::Binary | BodyKind::MultipartForm => {}
                    }
                }
            }
            TypeItem::ResponseChoice(op) => {
                for response in &op.success.responses {
                    if let Content::Json(ty) = &response.content {
                        named(ty, out);
                    }
                }
            }
            TypeItem::Multipart(m) => {
                for field in &m.fields {
                    if let PartKind::Value(ty) = &field.kind {
                        named(ty, out);
                    }
                }
            }
            TypeItem::ErrorBody => {
                for variant in &api.error_bodies {
                    named(&variant.ty, out);
                }
            }
        }
    }
}

/// The generated type names inside `ty`.
fn named<'a>(ty: &'a TypeRef, out: &mut BTreeSet<&'a str>) {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => {
            out.insert(name);
        }
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => named(inner, out),
        _ => {}
    }
}

/// One file of a module split into a directory.
pub(crate) struct Child<T> {
    /// The module's name, which is also its file's stem.
    pub module: String,
    /// What the module holds, for its doc comment.
    pub about: String,
    pub items: Vec<T>,
    /// It names types of other children, so it imports its parent's (re-exported) names.
    pub imports_siblings: bool,
}

/// The letter a type's file is named after: `r` for `Repository`.
fn letter(name: &str) -> String {
    name.chars()
        .next()
        .filter(char::is_ascii_alphabetic)
        .map_or_else(
            || "other".to_string(),
            |c| c.to_ascii_lowercase().to_string(),
        )
}

/// The `types` module as a directory: items by first letter, each file in name order.
pub(crate) fn type_children<'a>(api: &'a Api, items: &[TypeItem<'a>]) -> Vec<Child<TypeItem<'a>>> {
    let mut by_letter: BTreeMap<String, Vec<TypeItem>> = BTreeMap::new();
    for item in items {
        by_letter
            .entry(letter(item.name()))
            .or_default()
            .push(*item);
    }
    by_letter
        .into_iter()
        .map(|(module, mut items)| {
            items.sort_by(|a, b| a.name().cmp(b.name()));
            let mut references = BTreeSet::new();
            for item in &items {
                item.references(api, &mut references);
            }
            let imports_siblings = references.iter().any(|name| letter(name) != module);
            Child {
                about: format!("Types whose names start with `{}`.", module.to_uppercase()),
                module,
                items,
                imports_siblings,
            }
        })
        .collect()
}

/// The `operations` module as a directory: one file per first tag (`other` for untagged
/// operations), operations in the API's order (path, then method).
pub(crate) fn operation_children(api: &Api) -> Vec<Child<&Operation>> {
    let mut by_tag: BTreeMap<Option<&str>, Vec<&Operation>> = BTreeMap::new();
    for op in &api.operations {
        by_tag
            .entry(op.tags.first().map(String::as_str))
            .or_default()
            .push(op);
    }
    // Tags in name order, untagged last; module names unique after sanitizing, and never the
    // parent's own (`operations/operations.rs` is a module inside one of the same name).
    let mut names = Namespace::new();
    names.reserve("operations");
    let mut children: Vec<Child<&Operation>> = by_tag
        .iter()
        .filter_map(|(tag, ops)| {
            let tag = (*tag)?;
            Some(Child {
                module: names.allocate(tag, Case::Snake),
                about: format!("Operations tagged `{}`.", tag.replace('`', "'")),
                items: ops.clone(),
                imports_siblings: false,
            })
        })
        .collect();
    if let Some(ops) = by_tag.get(&None) {
        children.push(Child {
            module: names.allocate("other", Case::Snake),
            about: "Operations without a tag.".to_string(),
            items: ops.clone(),
            imports_siblings: false,
        });
    }
    children
}

/// The `example_tests` module as a directory: tests by the first letter of the type they
/// decode into. Items are indices into `api.examples`, in spec order.
pub(crate) fn example_children(api: &Api) -> Vec<Child<usize>> {
    let mut by_letter: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, example) in api.examples.iter().enumerate() {
        by_letter
            .entry(letter(base_name(&example.ty)))
            .or_default()
            .push(i);
    }
    by_letter
        .into_iter()
        .map(|(module, items)| Child {
            about: format!(
                "Examples of types whose names start with `{}`.",
                module.to_uppercase()
            ),
            module,
            items,
            imports_siblings: false,
        })
        .collect()
}

/// The generated type a type reference is about: `Asset` for `Vec<Asset>`.
fn base_name(ty: &TypeRef) -> &str {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => name,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => base_name(inner),
        _ => "",
    }
}
