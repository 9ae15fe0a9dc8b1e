//! The naming pass: Rust names for every entry of the finished type space, decided from where
//! each type is used, never from the order types were met.
//!
//! - A component keeps its name (`#/components/schemas/asset` → `Asset`).
//! - An inline schema is named from its parent and role: `Asset` + field `status` →
//!   `AssetStatus`; operation `deleteAsset` + `Request` → `DeleteAssetRequest`.
//! - Names are claimed level by level: components first, then the types inside components
//!   (outermost first), then the types of operations. A type never loses its name to one of a
//!   later level, so adding an operation renames no existing type.
//! - Within a level, everyone who wants the same name moves on to a longer candidate
//!   (`AssetStatusType`, `DeleteAssetRequestBody`): no one wins by coming first. Only when the
//!   candidates run out does a numeric suffix decide, by spec location.

use std::collections::{BTreeMap, BTreeSet};

use heck::ToUpperCamelCase;

use super::space::{Naming, Parent, TypeSpace};
use crate::names::{sanitize, Case, Namespace};

/// Names no generated type may take: what the `types` module defines itself, and the standard
/// prelude's names, which generated code uses unqualified (`Option<String>`, `Vec<_>`, `Some`).
pub(crate) const RESERVED_TYPES: &[&str] = &[
    "ErrorBody",
    "Option",
    "Some",
    "None",
    "Result",
    "Ok",
    "Err",
    "String",
    "Vec",
    "Box",
    "ToString",
    "ToOwned",
    "Default",
    "From",
    "Into",
    "TryFrom",
    "TryInto",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "PartialOrd",
    "Ord",
    "Hash",
    "Send",
    "Sync",
    "Sized",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
    "Iterator",
    "IntoIterator",
    "Extend",
    "FromIterator",
    "AsRef",
    "AsMut",
    "Unpin",
    "DoubleEndedIterator",
    "ExactSizeIterator",
];

/// One name per entry, indexed by `TypeId`.
pub(crate) fn assign(space: &TypeSpace, reserved: &[&str]) -> Vec<String> {
    let n = space.entries.len();
    // (tier, depth): tier 0 hangs off a component, tier 1 off an operation.
    let mut level = vec![(0u8, 0usize); n];
    for (id, entry) in space.entries.iter().enumerate() {
        level[id] = match &entry.naming {
            Naming::Component(_) => (0, 0),
            Naming::Inline {
                parent: Parent::Operation(_),
                ..
            } => (1, 0),
            // A parent always enters the space before its children.
            Naming::Inline {
                parent: Parent::Type(p),
                ..
            } => {
                let (tier, depth) = level[*p as usize];
                (tier, depth + 1)
            }
        };
    }
    let mut levels: BTreeMap<(u8, usize), Vec<usize>> = BTreeMap::new();
    for (id, l) in level.iter().enumerate() {
        if space.entries[id].dead {
            continue;
        }
        levels.entry(*l).or_default().push(id);
    }

    let mut taken = Namespace::new();
    for name in reserved {
        taken.reserve(name);
    }
    let mut names: Vec<String> = vec![String::new(); n];
    for ids in levels.into_values() {
        let candidates: Vec<Vec<String>> = ids
            .iter()
            .map(|&id| candidates(space, &names, id))
            .collect();
        let mut choice = vec![0usize; ids.len()];
        let mut done = vec![false; ids.len()];
        loop {
            let mut wanted: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
            for (i, c) in candidates.iter().enumerate() {
                if !done[i] && choice[i] < c.len() {
                    wanted.entry(c[choice[i]].as_str()).or_default().push(i);
                }
            }
            if wanted.is_empty() {
                break;
            }
            for (name, claimants) in wanted {
                if claimants.len() == 1 && !taken.contains(name) {
                    taken.reserve(name);
                    names[ids[claimants[0]]] = name.to_string();
                    done[claimants[0]] = true;
                } else {
                    for i in claimants {
                        choice[i] += 1;
                    }
                }
            }
        }
        // Out of candidates: suffixes, a component spelled like its Rust name first, then by
        // where the schema is.
        let mut rest: Vec<usize> = (0..ids.len()).filter(|&i| !done[i]).collect();
        rest.sort_by_key(|&i| {
            let entry = space.get(ids[i] as u32);
            let natural =
                matches!(&entry.naming, Naming::Component(raw) if *raw == candidates[i][0]);
            (!natural, entry.origin.to_string())
        });
        for i in rest {
            names[ids[i]] = taken.claim(candidates[i][0].clone(), Case::Pascal);
        }
    }
    names
}

/// The names an entry may take, most natural first.
fn candidates(space: &TypeSpace, names: &[String], id: usize) -> Vec<String> {
    match &space.entries[id].naming {
        Naming::Component(raw) => vec![sanitize(raw, Case::Pascal)],
        Naming::Inline { parent, role } => {
            let parent_name = match parent {
                Parent::Type(p) => names[*p as usize].as_str(),
                Parent::Operation(op) => op.as_str(),
            };
            // Both parts are already UpperCamelCase identifiers.
            let base = format!("{parent_name}{role}");
            let alternates: &[&str] = match (parent, role.as_str()) {
                (Parent::Operation(_), "Request" | "Response") => &["Body"],
                (Parent::Operation(_), "Params") => &["Parameters", "Options"],
                _ => &["Type"],
            };
            let mut out = vec![base.clone()];
            if let Some(title) = &space.entries[id].shared_title {
                // One type for several places: its own title names it better than the first
                // place it was found.
                out.insert(0, sanitize(title, Case::Pascal));
            }
            for alternate in alternates {
                out.push(match (parent, role.as_str(), *alternate) {
                    (_, "Params", other) => format!("{parent_name}{other}"),
                    _ => format!("{base}{alternate}"),
                });
            }
            out
        }
    }
}

/// Variant names of a union, and the name of its catch-all.
pub(crate) struct VariantNames {
    pub names: Vec<String>,
    pub unknown: String,
}

/// Rust names for variants: words every name shares at its start or end are dropped
/// (`FileWithIncludes`, `FolderWithIncludes` → `File`, `Folder`) when what is left is still
/// distinct; collisions get suffixes; the catch-all takes `Unknown`.
pub(crate) fn variant_names<'r>(raw: impl Iterator<Item = &'r str>) -> VariantNames {
    let words: Vec<Vec<String>> = raw
        .map(|r| split_words(&sanitize(r, Case::Pascal)))
        .collect();
    let shortest = words.iter().map(Vec::len).min().unwrap_or(0);
    let common = |from_end: bool| {
        (0..shortest)
            .take_while(|&i| {
                let at = |w: &Vec<String>| {
                    if from_end {
                        w[w.len() - 1 - i].clone()
                    } else {
                        w[i].clone()
                    }
                };
                words.iter().all(|w| at(w) == at(&words[0]))
            })
            .count()
    };
    let (prefix, suffix) = if words.len() > 1 {
        (common(false), common(true))
    } else {
        (0, 0)
    };
    let trim = |(p, s): (usize, usize)| -> Option<Vec<String>> {
        if p + s >= shortest {
            return None;
        }
        let trimmed: Vec<String> = words.iter().map(|w| w[p..w.len() - s].concat()).collect();
        let distinct = trimmed.iter().collect::<BTreeSet<_>>().len() == trimmed.len();
        let usable = distinct
            && trimmed
                .iter()
                .all(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()));
        usable.then_some(trimmed)
    };
    let chosen = [(prefix, suffix), (0, suffix), (prefix, 0)]
        .into_iter()
        .find_map(trim)
        .unwrap_or_else(|| words.iter().map(|w| w.concat()).collect());
    let mut namespace = Namespace::new();
    let names = chosen
        .iter()
        .map(|t| namespace.allocate(t, Case::Pascal))
        .collect();
    let unknown = namespace.allocate("Unknown", Case::Pascal);
    VariantNames { names, unknown }
}

/// `VersionStackWithIncludes` → `Version`, `Stack`, `With`, `Includes`.
fn split_words(pascal: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in pascal.chars() {
        let boundary = c.is_ascii_uppercase()
            || (c.is_ascii_digit()
                && words
                    .last()
                    .is_some_and(|w| !w.ends_with(|p: char| p.is_ascii_digit())));
        match words.last_mut() {
            Some(word) if !boundary => word.push(c),
            _ => words.push(c.to_string()),
        }
    }
    if words.is_empty() {
        words.push(pascal.to_upper_camel_case());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Pointer;
    use crate::ir::Docs;

    fn space(entries: &[(Naming, &str)]) -> TypeSpace {
        let mut space = TypeSpace::default();
        for (naming, origin) in entries {
            space.add(naming.clone(), Pointer::parse(origin), Docs::default());
        }
        space
    }

    fn inline(parent: Parent, role: &str) -> Naming {
        Naming::Inline {
            parent,
            role: role.into(),
        }
    }

    #[test]
    fn components_keep_names_and_inline_types_yield() {
        let s = space(&[
            (
                Naming::Component("Asset".into()),
                "/components/schemas/Asset",
            ),
            (
                Naming::Component("AssetStatus".into()),
                "/components/schemas/AssetStatus",
            ),
            (
                inline(Parent::Type(0), "Status"),
                "/components/schemas/Asset/properties/status",
            ),
            (
                inline(Parent::Operation("GetAsset".into()), "Response"),
                "/paths/~1a/get",
            ),
            (
                inline(Parent::Type(3), "Status"),
                "/paths/~1a/get/x/properties/status",
            ),
        ]);
        assert_eq!(
            assign(&s, &[]),
            [
                "Asset",
                "AssetStatus",
                "AssetStatusType",
                "GetAssetResponse",
                "GetAssetResponseStatus"
            ]
        );
    }

    #[test]
    fn same_level_collisions_move_everyone_on() {
        // `Foo` + `BarBaz` and `FooBar` + `Baz` both spell `FooBarBaz`: neither wins by coming
        // first; both move on, and when the candidates run out the spec location decides.
        let s = space(&[
            (Naming::Component("Foo".into()), "/components/schemas/Foo"),
            (
                Naming::Component("FooBar".into()),
                "/components/schemas/FooBar",
            ),
            (
                inline(Parent::Type(1), "Baz"),
                "/components/schemas/FooBar/properties/baz",
            ),
            (
                inline(Parent::Type(0), "BarBaz"),
                "/components/schemas/Foo/properties/bar_baz",
            ),
            (
                inline(Parent::Type(0), "Other"),
                "/components/schemas/Foo/properties/other",
            ),
        ]);
        let names = assign(&s, &["FooOther"]);
        assert_eq!(names[3], "FooBarBaz");
        assert_eq!(names[2], "FooBarBaz2");
        assert_eq!(names[4], "FooOtherType", "reserved names are taken");
        // Spelled-alike components: the one spelled as its Rust name keeps it.
        let s = space(&[
            (
                Naming::Component("foo_bar".into()),
                "/components/schemas/foo_bar",
            ),
            (
                Naming::Component("FooBar".into()),
                "/components/schemas/FooBar",
            ),
        ]);
        assert_eq!(assign(&s, &[]), ["FooBar2", "FooBar"]);
    }

    #[test]
    fn operations_never_rename_existing_types() {
        let before = space(&[
            (
                Naming::Component("Thing".into()),
                "/components/schemas/Thing",
            ),
            (
                inline(Parent::Type(0), "Request"),
                "/components/schemas/Thing/properties/request",
            ),
        ]);
        let mut after = space(&[
            (
                Naming::Component("Thing".into()),
                "/components/schemas/Thing",
            ),
            (
                inline(Parent::Type(0), "Request"),
                "/components/schemas/Thing/properties/request",
            ),
        ]);
        after.add(
            inline(Parent::Operation("Thing".into()), "Request"),
            Pointer::parse("/paths/~1t/post"),
            Docs::default(),
        );
        assert_eq!(assign(&before, &[])[1], "ThingRequest");
        assert_eq!(
            assign(&after, &[]),
            ["Thing", "ThingRequest", "ThingRequestBody"]
        );
    }

    #[test]
    fn variant_names_drop_shared_words() {
        let n = variant_names(
            [
                "FileWithIncludes",
                "FolderWithIncludes",
                "VersionStackWithIncludes",
            ]
            .into_iter(),
        );
        assert_eq!(n.names, ["File", "Folder", "VersionStack"]);
        assert_eq!(n.unknown, "Unknown");
        let n = variant_names(["User", "UserGroup"].into_iter());
        assert_eq!(
            n.names,
            ["User", "UserGroup"],
            "nothing would be left of `User`"
        );
        let n = variant_names(["text_value", "integer_value", "unknown_value"].into_iter());
        assert_eq!(n.names, ["Text", "Integer", "Unknown"]);
        assert_eq!(n.unknown, "Unknown2");
        let n = variant_names(["V1Thing", "V2Thing"].into_iter());
        assert_eq!(n.names, ["V1", "V2"]);
    }
}
