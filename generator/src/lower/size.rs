//! Estimated in-memory sizes of generated types, to box union variants much larger than their
//! siblings (what `clippy::large_enum_variant` asks for: an enum is as large as its largest
//! variant, so a small variant would otherwise carry the large one's size around).

use std::collections::{BTreeMap, BTreeSet};

use super::graph::Boxes;
use super::space::{TypeId, TypeSpace};
use crate::ir::{TypeKind, TypeRef};

/// Box the largest payload while it exceeds the next largest by more than this. Clippy's own
/// limit is 200 bytes; the margin covers what the estimate gets wrong.
const LIMIT: u64 = 128;

pub(crate) fn box_large_variants(space: &TypeSpace, boxes: &mut Boxes) {
    let mut memo = BTreeMap::new();
    for (i, entry) in space.entries.iter().enumerate() {
        let Some(TypeKind::Union(u)) = &entry.kind else {
            continue;
        };
        loop {
            let mut sizes: Vec<(u64, usize)> = u
                .variants
                .iter()
                .enumerate()
                .filter_map(|(k, v)| {
                    let ty = v.ty.as_ref()?;
                    let boxed = boxes.variants.contains(&(i as TypeId, k));
                    let size = if boxed {
                        8
                    } else {
                        estimate(space, ty, boxes, &mut memo, &mut BTreeSet::new())
                    };
                    Some((size, k))
                })
                .collect();
            if u.unknown.is_some() {
                // The catch-all holds a `serde_json::Value`; it cannot be boxed.
                sizes.push((32, usize::MAX));
            }
            sizes.sort_by(|a, b| b.cmp(a));
            let boxable = |k: usize| {
                u.variants
                    .get(k)
                    .is_some_and(|v| matches!(v.ty, Some(TypeRef::Def(_))))
            };
            match sizes.as_slice() {
                [(largest, k), (next, _), ..] if largest - next > LIMIT && boxable(*k) => {
                    boxes.variants.insert((i as TypeId, *k));
                }
                _ => break,
            }
        }
    }
}

/// What boxing decides from: a payload's estimated size, and whether it can be boxed.
pub(crate) enum Payload<'t> {
    Type(&'t TypeRef),
    /// A multipart body struct (always boxable), by its fields' types (`None`: a file part).
    Multipart(Vec<Option<&'t TypeRef>>),
    /// A runtime type of about this size (`String`, `BinaryBody`, `Form`), never boxed.
    Fixed(u64),
}

/// For a request body offered in several media types: which payloads to box, by the same
/// rule as unions.
pub(crate) fn boxed_bodies(space: &TypeSpace, boxes: &Boxes, payloads: &[Payload]) -> Vec<bool> {
    let mut memo = BTreeMap::new();
    let mut sizes: Vec<u64> = payloads
        .iter()
        .map(|p| match p {
            Payload::Type(ty) => estimate(space, ty, boxes, &mut memo, &mut BTreeSet::new()),
            // A `Part` (its body, file name and content type) is about 88 bytes.
            Payload::Multipart(fields) => fields
                .iter()
                .map(|f| match f {
                    Some(ty) => 8 + estimate(space, ty, boxes, &mut memo, &mut BTreeSet::new()),
                    None => 88,
                })
                .sum(),
            Payload::Fixed(size) => *size,
        })
        .collect();
    let boxable = |i: usize| match &payloads[i] {
        Payload::Type(ty) => matches!(ty, TypeRef::Def(_)),
        Payload::Multipart(_) => true,
        Payload::Fixed(_) => false,
    };
    let mut boxed = vec![false; payloads.len()];
    loop {
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        order.sort_by(|a, b| sizes[*b].cmp(&sizes[*a]));
        match order.as_slice() {
            [largest, next, ..] if sizes[*largest] - sizes[*next] > LIMIT && boxable(*largest) => {
                boxed[*largest] = true;
                sizes[*largest] = 8;
            }
            _ => return boxed,
        }
    }
}

/// For an enum whose variants hold `payloads` (`None`: no payload): which to box, by the same
/// rule as unions.
pub(crate) fn boxed_payloads(
    space: &TypeSpace,
    boxes: &Boxes,
    payloads: &[Option<&TypeRef>],
) -> Vec<bool> {
    let mut memo = BTreeMap::new();
    let mut sizes: Vec<u64> = payloads
        .iter()
        .map(|p| {
            p.map_or(0, |ty| {
                estimate(space, ty, boxes, &mut memo, &mut BTreeSet::new())
            })
        })
        .collect();
    let mut boxed = vec![false; payloads.len()];
    loop {
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        order.sort_by(|a, b| sizes[*b].cmp(&sizes[*a]));
        match order.as_slice() {
            [largest, next, ..]
                if sizes[*largest] - sizes[*next] > LIMIT
                    && matches!(payloads[*largest], Some(TypeRef::Def(_))) =>
            {
                boxed[*largest] = true;
                sizes[*largest] = 8;
            }
            _ => return boxed,
        }
    }
}

/// Bytes a value of `ty` takes inline, roughly as rustc lays it out on a 64-bit target.
fn estimate(
    space: &TypeSpace,
    ty: &TypeRef,
    boxes: &Boxes,
    memo: &mut BTreeMap<TypeId, u64>,
    visiting: &mut BTreeSet<TypeId>,
) -> u64 {
    match ty {
        TypeRef::Bool | TypeRef::I8 | TypeRef::U8 => 1,
        TypeRef::I16 | TypeRef::U16 => 2,
        TypeRef::I32 | TypeRef::U32 | TypeRef::F32 | TypeRef::Date => 4,
        TypeRef::I64 | TypeRef::U64 | TypeRef::F64 | TypeRef::Boxed(_) => 8,
        TypeRef::DateTime => 12,
        TypeRef::Uuid => 16,
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Named(_) => 24,
        TypeRef::Value => 32,
        // Pointers and enums have a niche for `None`; plain numbers need a tag.
        TypeRef::Option(inner) => option_size(estimate(space, inner, boxes, memo, visiting)),
        TypeRef::Def(id) => {
            if let Some(size) = memo.get(id) {
                return *size;
            }
            if !visiting.insert(*id) {
                // A cycle is broken by a box somewhere on it.
                return 8;
            }
            let size = match &space.get(*id).kind {
                Some(TypeKind::Struct(s)) => {
                    let fields: u64 = s
                        .fields
                        .iter()
                        .enumerate()
                        .map(|(k, f)| {
                            let boxed = boxes.fields.contains(&(*id, k));
                            let inner = if boxed {
                                8
                            } else {
                                estimate(space, &f.ty, boxes, memo, visiting)
                            };
                            if f.tri_state || f.is_optional() {
                                option_size(inner)
                            } else {
                                inner
                            }
                        })
                        .sum();
                    (fields + if s.additional.is_some() { 24 } else { 0 }).next_multiple_of(8)
                }
                Some(TypeKind::Union(u)) => {
                    let largest = u
                        .variants
                        .iter()
                        .enumerate()
                        .filter_map(|(k, v)| {
                            let ty = v.ty.as_ref()?;
                            Some(if boxes.variants.contains(&(*id, k)) {
                                8
                            } else {
                                estimate(space, ty, boxes, memo, visiting)
                            })
                        })
                        .max()
                        .unwrap_or(0);
                    largest.max(32) + 8
                }
                Some(TypeKind::Enum(_)) => 24,
                Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => {
                    estimate(space, t, boxes, memo, visiting)
                }
                None => 8,
            };
            visiting.remove(id);
            memo.insert(*id, size);
            size
        }
    }
}

/// `Option<T>`: pointers and enums have a niche for `None`; plain numbers need a tag.
fn option_size(inner: u64) -> u64 {
    if inner >= 24 {
        inner
    } else {
        inner + 8
    }
}
