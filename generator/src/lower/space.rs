//! The type space: every schema that becomes a Rust type gets an entry with a stable id before
//! anything is named. `$ref`s resolve to ids, so recursion needs no names, and the naming pass
//! (`naming.rs`) sees every type at once.

use super::draft::{Docs, TypeKind, TypeRef, Wire};
use crate::error::Pointer;

/// Index of an entry in the type space; `TypeRef::Def` carries it until names are chosen.
pub(crate) type TypeId = u32;

/// How an entry's name is derived: never from the order entries were met.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Naming {
    /// `#/components/schemas/<name>`: keeps its name.
    Component(String),
    /// An inline schema, named from where it is used: its parent's name plus a role such as a
    /// field name (`AssetStatus`) or `Request`.
    Inline { parent: Parent, role: String },
}

/// What an inline schema is named after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Parent {
    Type(TypeId),
    /// An operation, by its name in UpperCamelCase (`DeleteAsset`).
    Operation(String),
}

/// Where a new inline type would be named from: passed down while lowering a schema.
#[derive(Debug, Clone)]
pub(crate) struct Ctx {
    pub parent: Parent,
    pub role: String,
}

impl Ctx {
    pub fn new(parent: Parent, role: impl Into<String>) -> Self {
        Ctx {
            parent,
            role: role.into(),
        }
    }

    /// The same parent with a longer role: `AssetTags` + `Item`.
    pub fn suffixed(&self, suffix: &str) -> Self {
        Ctx {
            parent: self.parent.clone(),
            role: format!("{}{suffix}", self.role),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub naming: Naming,
    /// The JSON pointer of the schema, shown in the type's docs.
    pub origin: Pointer,
    pub doc: Docs,
    /// `None` while the entry is being lowered (a `$ref` to it may already point here).
    pub kind: Option<TypeKind>,
    /// A name the generated code needs that is not a schema (an operation's `{Op}Params`): it
    /// takes part in naming but is emitted elsewhere.
    pub name_only: bool,
    /// What a component's schema says beyond its type (inline uses keep theirs on the field).
    pub wire: Wire,
    /// Left behind by a schema that fell back to a looser type: nothing uses it, and it is
    /// neither named nor emitted.
    pub dead: bool,
    /// An inline schema written out again, the same, with the same `title`, somewhere else:
    /// one type for all of them, named after the title first.
    pub shared_title: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct TypeSpace {
    pub entries: Vec<Entry>,
}

impl TypeSpace {
    pub fn add(&mut self, naming: Naming, origin: Pointer, doc: Docs) -> TypeId {
        self.entries.push(Entry {
            naming,
            origin,
            doc,
            kind: None,
            name_only: false,
            wire: Wire::default(),
            dead: false,
            shared_title: None,
        });
        (self.entries.len() - 1) as TypeId
    }

    pub fn get(&self, id: TypeId) -> &Entry {
        &self.entries[id as usize]
    }

    pub fn set(&mut self, id: TypeId, kind: TypeKind) {
        self.entries[id as usize].kind = Some(kind);
    }

    /// Follows aliases (and newtypes) from `ty` to the type that defines the shape.
    pub fn resolve<'a>(&'a self, mut ty: &'a TypeRef) -> &'a TypeRef {
        for _ in 0..self.entries.len() + 1 {
            match ty {
                TypeRef::Def(id) => match &self.get(*id).kind {
                    Some(TypeKind::Alias(target) | TypeKind::Newtype(target)) => ty = target,
                    _ => return ty,
                },
                _ => return ty,
            }
        }
        ty
    }

    /// The kind of the entry `ty` resolves to, if it is a defined type.
    pub fn kind_of(&self, ty: &TypeRef) -> Option<&TypeKind> {
        match self.resolve(ty) {
            TypeRef::Def(id) => self.get(*id).kind.as_ref(),
            _ => None,
        }
    }
}
