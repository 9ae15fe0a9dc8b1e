//! Which operations reach each named type, in requests and in responses, and as what kind of
//! position: the "used by" of a shared schema's heading, and the site its rule ids name.

use std::collections::{BTreeMap, BTreeSet};

use super::types::Site;
use super::Direction;
use crate::ir::*;

/// (Rust type name, direction) → the operations reaching the type, and the kinds of position
/// it is used in.
pub(super) type Usage = BTreeMap<(String, Direction), (BTreeSet<String>, BTreeSet<Site>)>;

/// Which operations reach each named type, in requests and in responses, and as what.
pub(super) fn usage(api: &Api) -> Usage {
    let types: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let mut out = Usage::new();
    for op in &api.operations {
        let mut roots: Vec<(Direction, Site, &TypeRef)> = Vec::new();
        for p in op
            .path_params
            .iter()
            .chain(op.params.iter().flat_map(|p| &p.fields))
        {
            roots.push((Direction::Request, Site::Parameter, &p.ty));
        }
        for content in op.body.iter().flat_map(|b| &b.contents) {
            match &content.kind {
                BodyKind::Json(ty) | BodyKind::Form(ty) => {
                    roots.push((Direction::Request, Site::Body, ty))
                }
                BodyKind::Multipart(name) => {
                    for m in api.multipart_structs.iter().filter(|m| &m.name == name) {
                        for f in &m.fields {
                            if let PartKind::Value(ty) = &f.kind {
                                roots.push((Direction::Request, Site::Property, ty));
                            }
                        }
                    }
                }
                BodyKind::Text | BodyKind::Binary => {}
            }
        }
        for r in &op.success.responses {
            if let Content::Json(ty) = &r.content {
                roots.push((Direction::Response, Site::Body, ty));
            }
        }
        for e in &op.errors {
            roots.extend(
                e.body
                    .iter()
                    .map(|ty| (Direction::Response, Site::Body, ty)),
            );
        }
        for h in &op.response_headers {
            roots.push((Direction::Response, Site::Header, &h.ty));
        }
        for direction in [Direction::Request, Direction::Response] {
            let mut seen: BTreeSet<(&str, Site)> = BTreeSet::new();
            let mut stack: Vec<(&TypeRef, Site)> = roots
                .iter()
                .filter(|(d, ..)| *d == direction)
                .map(|(_, site, ty)| (*ty, *site))
                .collect();
            while let Some((ty, site)) = stack.pop() {
                match ty {
                    TypeRef::Named(n) | TypeRef::Boxed(n) => {
                        if !seen.insert((n, site)) {
                            continue;
                        }
                        let entry = out.entry((n.clone(), direction)).or_default();
                        entry.0.insert(op.operation_id.clone());
                        entry.1.insert(site);
                        let Some(def) = types.get(n.as_str()) else {
                            continue;
                        };
                        match &def.kind {
                            TypeKind::Struct(s) => {
                                stack.extend(s.fields.iter().map(|f| (&f.ty, Site::Property)));
                                stack.extend(s.additional.iter().map(|t| (t, Site::Property)));
                            }
                            TypeKind::Union(u) => stack
                                .extend(u.variants.iter().flat_map(|v| &v.ty).map(|t| (t, site))),
                            TypeKind::Alias(t) | TypeKind::Newtype(t) => stack.push((t, site)),
                            TypeKind::Enum(_) => {}
                        }
                    }
                    TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                        stack.push((inner, site))
                    }
                    _ => {}
                }
            }
        }
    }
    out
}
