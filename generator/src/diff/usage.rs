//! Who uses each named type: the kinds of position it sits in (which a shared schema's rule ids
//! name), and, asked only for the schemas a report mentions, the operations reaching it.
//!
//! Both come from the type graph once, never from a walk per operation: a cycle through every
//! component (common in real documents) would make that quadratic.

use std::collections::{BTreeMap, BTreeSet};

use super::types::Site;
use super::Direction;
use crate::ir::*;

pub(super) struct Usage<'a> {
    /// (type, direction) → the kinds of position it is used in, directly or through aliases,
    /// unions, arrays and maps.
    sites: BTreeMap<(&'a str, Direction), BTreeSet<Site>>,
    /// Type → the named types that hold it.
    parents: BTreeMap<&'a str, BTreeSet<&'a str>>,
    /// (type, direction) → the operations whose parameters, bodies or headers are that type.
    roots: BTreeMap<(&'a str, Direction), BTreeSet<&'a str>>,
}

/// The named types a type reference stands for, through arrays, maps and nullable wrappers.
fn named(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) | TypeRef::Boxed(n) => Some(n),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => named(inner),
        _ => None,
    }
}

/// The types a type holds, and whether each sits as a property (or where the type itself sits).
fn children(def: &TypeDef) -> Vec<(&str, bool)> {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(&s.additional)
            .filter_map(named)
            .map(|n| (n, true))
            .collect(),
        TypeKind::Union(u) => u
            .variants
            .iter()
            .flat_map(|v| &v.ty)
            .filter_map(named)
            .map(|n| (n, false))
            .collect(),
        TypeKind::Alias(t) | TypeKind::Newtype(t) => {
            named(t).map(|n| (n, false)).into_iter().collect()
        }
        TypeKind::Enum(_) => Vec::new(),
    }
}

impl<'a> Usage<'a> {
    pub fn new(api: &'a Api) -> Usage<'a> {
        let types: BTreeMap<&str, &TypeDef> =
            api.types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for def in &api.types {
            for (child, _) in children(def) {
                parents.entry(child).or_default().insert(&def.name);
            }
        }
        let mut roots: BTreeMap<(&str, Direction), BTreeSet<&str>> = BTreeMap::new();
        let mut starts: Vec<(&str, Direction, Site)> = Vec::new();
        for op in &api.operations {
            let mut add = |ty: &'a TypeRef, direction: Direction, site: Site| {
                if let Some(n) = named(ty) {
                    roots
                        .entry((n, direction))
                        .or_default()
                        .insert(&op.operation_id);
                    starts.push((n, direction, site));
                }
            };
            for p in op
                .path_params
                .iter()
                .chain(op.params.iter().flat_map(|p| &p.fields))
            {
                add(&p.ty, Direction::Request, Site::Parameter);
            }
            for content in op.body.iter().flat_map(|b| &b.contents) {
                match &content.kind {
                    BodyKind::Json(ty) | BodyKind::Form(ty) => {
                        add(ty, Direction::Request, Site::Body)
                    }
                    BodyKind::Multipart(name) => {
                        let parts = api.multipart_structs.iter().filter(|m| &m.name == name);
                        for f in parts.flat_map(|m| &m.fields) {
                            if let PartKind::Value(ty) = &f.kind {
                                add(ty, Direction::Request, Site::Property);
                            }
                        }
                    }
                    BodyKind::Text | BodyKind::Binary | BodyKind::MultipartForm => {}
                }
            }
            for r in &op.success.responses {
                if let Content::Json(ty) = &r.content {
                    add(ty, Direction::Response, Site::Body);
                }
            }
            for e in &op.errors {
                if let Some(ty) = &e.body {
                    add(ty, Direction::Response, Site::Body);
                }
            }
            for h in &op.response_headers {
                add(&h.ty, Direction::Response, Site::Header);
            }
        }
        // Sites spread down the graph: a struct's members sit as properties, a union's
        // variants and an alias's target where the union or alias sits.
        let mut sites: BTreeMap<(&str, Direction), BTreeSet<Site>> = BTreeMap::new();
        let mut seen: BTreeSet<(&str, Direction, Site)> = BTreeSet::new();
        while let Some((name, direction, site)) = starts.pop() {
            if !seen.insert((name, direction, site)) {
                continue;
            }
            sites.entry((name, direction)).or_default().insert(site);
            if let Some(def) = types.get(name) {
                for (child, property) in children(def) {
                    starts.push((
                        child,
                        direction,
                        if property { Site::Property } else { site },
                    ));
                }
            }
        }
        Usage {
            sites,
            parents,
            roots,
        }
    }

    /// The first kind of position (in `Site` order) a type is used in, in one direction.
    pub fn site(&self, name: &str, direction: Direction) -> Option<Site> {
        self.sites
            .get(&(name, direction))
            .and_then(|s| s.first().copied())
    }

    /// The operations that reach a type in one direction, by operationId, sorted: the roots
    /// of every type that holds it, at any depth.
    pub fn users<'s>(&'s self, name: &'s str, direction: Direction) -> Vec<String> {
        let mut seen: BTreeSet<&'s str> = BTreeSet::new();
        let mut users: BTreeSet<&'s str> = BTreeSet::new();
        let mut stack: Vec<&'s str> = vec![name];
        while let Some(n) = stack.pop() {
            if !seen.insert(n) {
                continue;
            }
            if let Some(ops) = self.roots.get(&(n, direction)) {
                users.extend(ops.iter().copied());
            }
            stack.extend(self.parents.get(n).into_iter().flatten().copied());
        }
        users.into_iter().map(str::to_string).collect()
    }
}
