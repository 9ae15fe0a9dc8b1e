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

use crate::ir::{Api, Gate, MultipartStruct, Operation, TypeDef, TypeRef};
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
        let tokens = match self {
            TypeItem::Def(def) => super::types::emit_type(def),
            TypeItem::Params(op) => super::calls::params_struct(op).unwrap_or_default(),
            TypeItem::BodyChoice(op) => super::calls::body_choice(op).unwrap_or_default(),
            TypeItem::ResponseChoice(op) => super::calls::response_choice(op).unwrap_or_default(),
            TypeItem::Multipart(m) => super::calls::multipart_struct(m),
            TypeItem::ErrorBody => super::types::emit_error_body(api),
        };
        super::gated(tokens, self.gate(api))
    }

    /// The generated types this item's code names.
    fn references(&self, api: &'a Api, out: &mut BTreeSet<&'a str>) {
        match self {
            TypeItem::Def(def) => def.names_into(out),
            TypeItem::Params(op) => op.params_names_into(out),
            TypeItem::BodyChoice(op) => op.body_names_into(out),
            TypeItem::ResponseChoice(op) => op.success_names_into(out),
            TypeItem::Multipart(m) => m.names_into(out),
            TypeItem::ErrorBody => {
                for variant in &api.error_bodies {
                    variant.ty.names_into(out);
                }
            }
        }
    }

    /// The features that compile the code in it that names other types: its own, or for
    /// `ErrorBody`, its variants'.
    fn references_gate(&self, api: &Api) -> Option<Gate> {
        match (self, &api.features) {
            (TypeItem::ErrorBody, Some(features)) => union(
                api.error_bodies
                    .iter()
                    .map(|v| features.error_bodies.get(&v.name)),
            ),
            _ => self.gate(api).cloned(),
        }
    }

    /// The features that compile it, when the crate has features (`ErrorBody` always
    /// compiles; its variants have gates of their own).
    pub fn gate<'b>(&self, api: &'b Api) -> Option<&'b Gate> {
        let features = api.features.as_ref()?;
        match self {
            TypeItem::ErrorBody => None,
            _ => features.of_type(self.name()),
        }
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
    /// The features that compile any of its items (the crate has features, and every item is
    /// behind some): its declaration and re-export are behind them too.
    pub gate: Option<Gate>,
    /// The same for the items that name other children's types: the import's features.
    pub imports_gate: Option<Gate>,
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
            // The import of siblings is used when an item that names one is compiled.
            let mut importers = Vec::new();
            for item in &items {
                let mut references = BTreeSet::new();
                item.references(api, &mut references);
                if references.iter().any(|name| letter(name) != module) {
                    importers.push(item.references_gate(api));
                }
            }
            Child {
                gate: union(items.iter().map(|item| item.gate(api))),
                imports_gate: union(importers.iter().map(Option::as_ref)),
                imports_siblings: !importers.is_empty(),
                about: format!("Types whose names start with `{}`.", module.to_uppercase()),
                module,
                items,
            }
        })
        .collect()
}

/// The features that compile any of `gates`' items; `None` when one of them always compiles.
pub(crate) fn union<'a>(gates: impl Iterator<Item = Option<&'a Gate>>) -> Option<Gate> {
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for gate in gates {
        names.extend(gate?.0.iter().map(String::as_str));
    }
    Some(Gate(names.into_iter().map(str::to_string).collect()))
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
                gate: None,
                imports_gate: None,
            })
        })
        .collect();
    if let Some(ops) = by_tag.get(&None) {
        children.push(Child {
            module: names.allocate("other", Case::Snake),
            about: "Operations without a tag.".to_string(),
            items: ops.clone(),
            imports_siblings: false,
            gate: None,
            imports_gate: None,
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
            gate: None,
            imports_gate: None,
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
