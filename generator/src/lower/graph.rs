//! Whole-space passes over the type graph: recursion (boxing, self-containing aliases) and
//! which types requests send.

use std::collections::BTreeSet;

use super::draft::{TypeKind, TypeRef};
use super::space::{TypeId, TypeSpace};
use crate::error::Error;

/// Where a `Box` goes: (struct id, field index) and (union id, variant index).
#[derive(Debug, Default)]
pub(crate) struct Boxes {
    pub fields: BTreeSet<(TypeId, usize)>,
    pub variants: BTreeSet<(TypeId, usize)>,
}

/// Every id `ty` mentions, however deep (through `Vec`, maps and `Option`).
fn mentions(ty: &TypeRef, out: &mut Vec<TypeId>) {
    match ty {
        TypeRef::Def(id) => out.push(*id),
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => mentions(inner, out),
        _ => {}
    }
}

/// The id `ty` contains by value (not behind a `Vec` or map), if any.
fn direct(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Def(id) => Some(*id),
        TypeRef::Option(inner) => direct(inner),
        _ => None,
    }
}

/// A Rust type alias cannot contain itself (`type Tree = Vec<Tree>`): such aliases become
/// newtypes. A chain of plain `$ref`s that leads back to itself is an error.
pub(crate) fn fix_recursive_aliases(space: &mut TypeSpace) -> Result<(), Error> {
    let n = space.entries.len();
    let is_alias =
        |space: &TypeSpace, id: TypeId| matches!(space.get(id).kind, Some(TypeKind::Alias(_)));
    let edges: Vec<Vec<usize>> = (0..n)
        .map(|i| match &space.entries[i].kind {
            Some(TypeKind::Alias(target)) => {
                let mut ids = Vec::new();
                mentions(target, &mut ids);
                ids.into_iter()
                    .filter(|&j| is_alias(space, j))
                    .map(|j| j as usize)
                    .collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    let cyclic = |i: usize| edges[i].iter().any(|&j| component[j] == component[i]);
    let direct_alias = |space: &TypeSpace, i: usize| {
        matches!(
            space.entries[i].kind,
            Some(TypeKind::Alias(TypeRef::Def(_)))
        )
    };
    // A cycle is broken by any member that wraps the next one (`Vec<_>`, a map): those become
    // newtypes. A cycle of nothing but `$ref`s has no type at all.
    let mut groups: std::collections::BTreeMap<usize, Vec<usize>> =
        std::collections::BTreeMap::new();
    for i in (0..n).filter(|&i| cyclic(i)) {
        groups.entry(component[i]).or_default().push(i);
    }
    for members in groups.into_values() {
        let wrapping: Vec<usize> = members
            .iter()
            .copied()
            .filter(|&i| !direct_alias(space, i))
            .collect();
        if wrapping.is_empty() {
            return Err(Error::invalid(
                &space.entries[members[0]].origin,
                "this schema is a `$ref` chain that leads back to itself, so it has no type",
            ));
        }
        for i in wrapping {
            if let Some(TypeKind::Alias(target)) = space.entries[i].kind.clone() {
                space.set(i as TypeId, TypeKind::Newtype(target));
            }
        }
    }
    Ok(())
}

/// Boxes what a type contains by value that leads back to it, which would otherwise give an
/// infinitely sized type. Struct fields in a cycle are boxed; union variants only when they hold
/// another union directly (a struct in the cycle is broken at its own fields).
pub(crate) fn boxes(space: &TypeSpace) -> Boxes {
    let edges: Vec<Vec<usize>> = space
        .entries
        .iter()
        .map(|entry| match &entry.kind {
            Some(TypeKind::Struct(s)) => s
                .fields
                .iter()
                .filter_map(|f| direct(&f.ty))
                .map(|j| j as usize)
                .collect(),
            Some(TypeKind::Union(u)) => u
                .variants
                .iter()
                .filter_map(|v| v.ty.as_ref().and_then(direct))
                .map(|j| j as usize)
                .collect(),
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => {
                direct(t).map(|j| j as usize).into_iter().collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let component = strongly_connected(&edges);
    let mut boxes = Boxes::default();
    for (i, entry) in space.entries.iter().enumerate() {
        let same = |ty: &TypeRef| direct(ty).is_some_and(|j| component[j as usize] == component[i]);
        match &entry.kind {
            Some(TypeKind::Struct(s)) => {
                for (k, field) in s.fields.iter().enumerate() {
                    if same(&field.ty) {
                        boxes.fields.insert((i as TypeId, k));
                    }
                }
            }
            Some(TypeKind::Union(u)) => {
                for (k, variant) in u.variants.iter().enumerate() {
                    let Some(ty) = &variant.ty else { continue };
                    let holds_struct = matches!(space.kind_of(ty), Some(TypeKind::Struct(_)));
                    if same(ty) && !holds_struct {
                        boxes.variants.insert((i as TypeId, k));
                    }
                }
            }
            _ => {}
        }
    }
    boxes
}

/// The types a request can contain, starting from `roots` (bodies and parameters).
pub(crate) fn reachable<'t>(
    space: &TypeSpace,
    roots: impl Iterator<Item = &'t TypeRef>,
) -> BTreeSet<TypeId> {
    let mut seen = BTreeSet::new();
    let mut work = Vec::new();
    for root in roots {
        mentions(root, &mut work);
    }
    while let Some(id) = work.pop() {
        if !seen.insert(id) {
            continue;
        }
        match &space.get(id).kind {
            Some(TypeKind::Struct(s)) => {
                for field in &s.fields {
                    mentions(&field.ty, &mut work);
                }
                if let Some(extra) = &s.additional {
                    mentions(extra, &mut work);
                }
            }
            Some(TypeKind::Union(u)) => {
                for ty in u.variants.iter().filter_map(|v| v.ty.as_ref()) {
                    mentions(ty, &mut work);
                }
            }
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => mentions(t, &mut work),
            _ => {}
        }
    }
    seen
}

/// Tarjan's algorithm, iterative so deep reference chains cannot overflow the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}
