//! Estimated in-memory sizes of generated types, to box union variants much larger than their
//! siblings (what `clippy::large_enum_variant` asks for: an enum is as large as its largest
//! variant, so a small variant would otherwise carry the large one's size around).

use std::collections::{BTreeMap, BTreeSet};

use super::draft::{EnumRepr, TypeKind, TypeRef};
use super::graph::Boxes;
use super::space::{TypeId, TypeSpace};

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
    memo: &mut BTreeMap<TypeId, Layout>,
    visiting: &mut BTreeSet<TypeId>,
) -> u64 {
    layout(space, ty, boxes, memo, visiting).size
}

/// Size, alignment, and how many invalid bit patterns (niches) an `Option` around the value
/// can use for `None` instead of a tag: the difference between `Option<bool>` taking 1 byte
/// and `Option<i64>` taking 16, which adds up in structs of many optional fields.
#[derive(Debug, Clone, Copy)]
struct Layout {
    size: u64,
    align: u64,
    niches: u64,
}

const MANY: u64 = u64::MAX;

const fn plain(size: u64, niches: u64) -> Layout {
    Layout {
        size,
        align: size,
        niches,
    }
}

/// Strings, vectors and maps: three words, with the capacity's unused range as niches.
const WORDS: Layout = Layout {
    size: 24,
    align: 8,
    niches: MANY,
};

fn layout(
    space: &TypeSpace,
    ty: &TypeRef,
    boxes: &Boxes,
    memo: &mut BTreeMap<TypeId, Layout>,
    visiting: &mut BTreeSet<TypeId>,
) -> Layout {
    match ty {
        TypeRef::Bool => plain(1, 254),
        TypeRef::I8 | TypeRef::U8 => plain(1, 0),
        TypeRef::I16 | TypeRef::U16 => plain(2, 0),
        TypeRef::I32 | TypeRef::U32 | TypeRef::F32 => plain(4, 0),
        TypeRef::I64 | TypeRef::U64 | TypeRef::F64 => plain(8, 0),
        // chrono's dates keep a non-zero year-and-ordinal word: one niche.
        TypeRef::Date => plain(4, 1),
        TypeRef::DateTime => Layout {
            size: 12,
            align: 4,
            niches: 1,
        },
        TypeRef::Uuid => Layout {
            size: 16,
            align: 1,
            niches: 0,
        },
        TypeRef::Boxed(_) => plain(8, 1),
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) | TypeRef::Named(_) => WORDS,
        // `serde_json::Value`: a tag byte beside a map's three words.
        TypeRef::Value => Layout {
            size: 32,
            align: 8,
            niches: MANY,
        },
        TypeRef::Option(inner) => option(layout(space, inner, boxes, memo, visiting)),
        TypeRef::Def(id) => {
            if let Some(layout) = memo.get(id) {
                return *layout;
            }
            if !visiting.insert(*id) {
                // A cycle is broken by a box somewhere on it.
                return plain(8, 1);
            }
            let layout = match &space.get(*id).kind {
                Some(TypeKind::Struct(s)) => {
                    let mut fields: Vec<Layout> = s
                        .fields
                        .iter()
                        .enumerate()
                        .map(|(k, f)| {
                            let mut field = if boxes.fields.contains(&(*id, k)) {
                                plain(8, 1)
                            } else {
                                layout(space, &f.ty, boxes, memo, visiting)
                            };
                            if f.is_optional() {
                                field = option(field);
                            }
                            if f.tri_state {
                                field = option(field);
                            }
                            field
                        })
                        .collect();
                    if s.additional.is_some() {
                        fields.push(WORDS);
                    }
                    // rustc orders fields to leave no padding between them.
                    let align = fields.iter().map(|f| f.align).max().unwrap_or(1);
                    Layout {
                        size: fields
                            .iter()
                            .map(|f| f.size)
                            .sum::<u64>()
                            .next_multiple_of(align),
                        align,
                        niches: fields.iter().map(|f| f.niches).max().unwrap_or(0),
                    }
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
                                layout(space, ty, boxes, memo, visiting).size
                            })
                        })
                        .max()
                        .unwrap_or(0);
                    Layout {
                        size: largest.max(32) + 8,
                        align: 8,
                        niches: MANY,
                    }
                }
                // A string enum keeps unlisted values in a `String`; an integer one in an `i64`.
                Some(TypeKind::Enum(e)) => match e.repr {
                    EnumRepr::String => WORDS,
                    EnumRepr::Integer => Layout {
                        size: 16,
                        align: 8,
                        niches: MANY,
                    },
                },
                Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => {
                    layout(space, t, boxes, memo, visiting)
                }
                None => plain(8, 1),
            };
            visiting.remove(id);
            memo.insert(*id, layout);
            layout
        }
    }
}

/// `Option<T>`: `None` takes one of `T`'s niches where it has one, else a tag (rounded up to
/// `T`'s alignment), whose unused values are niches in turn.
fn option(inner: Layout) -> Layout {
    if inner.niches > 0 {
        Layout {
            niches: if inner.niches == MANY {
                MANY
            } else {
                inner.niches - 1
            },
            ..inner
        }
    } else {
        Layout {
            size: (inner.size + 1).next_multiple_of(inner.align),
            niches: 254,
            ..inner
        }
    }
}
