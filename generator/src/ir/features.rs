//! Cargo features per tag: which feature compiles each operation and each type, decided once.
//! The code, the manifest, `api.txt`, the docs and the diff read these and decide nothing.

use std::collections::BTreeMap;

/// The feature that turns every other one on, and the default.
pub const FULL: &str = "full";

/// The crate's features, when its operations are grouped by tag.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    /// One per tag the operations use (tags that fold to the same name share one), in name
    /// order, then the untagged operations' one.
    pub list: Vec<Feature>,
    /// Operation method name → the features that compile it.
    pub operations: BTreeMap<String, Gate>,
    /// Type name (schemas' types, `{Op}Params`, body and response choices, multipart structs)
    /// → the features that compile it: those of every operation that names it, directly or
    /// through other types. A type no operation reaches is compiled by `full` alone.
    pub types: BTreeMap<String, Gate>,
    /// `ErrorBody` variant name → the features of the operations that answer with it.
    pub error_bodies: BTreeMap<String, Gate>,
}

/// One feature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// The feature's name: the tag in snake case (`Git Ignore` gives `git_ignore`).
    pub name: String,
    /// The tags it compiles; none for the untagged operations' feature.
    pub tags: Vec<String>,
}

/// The features an item is compiled with: any one of them. Never empty; sorted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Gate(pub Vec<String>);

impl Gate {
    /// The `cfg` predicate: `feature = "repos"`, or `any(feature = "a", feature = "b")`.
    pub fn predicate(&self) -> String {
        let each: Vec<String> = self.0.iter().map(|f| format!("feature = {f:?}")).collect();
        match each.as_slice() {
            [one] => one.clone(),
            _ => format!("any({})", each.join(", ")),
        }
    }

    /// The attribute, as `api.txt` writes it.
    pub fn label(&self) -> String {
        format!("#[cfg({})]", self.predicate())
    }

    /// Whether everything this gate's features compile, `other`'s compile too: turning a
    /// crate's features from `self` to `other` keeps the item for every user who had it.
    #[cfg(feature = "diff")]
    pub fn within(&self, other: &Gate) -> bool {
        self.0.iter().all(|f| other.0.contains(f))
    }
}

impl Features {
    /// The gate of a type, when the crate has features.
    pub fn of_type(&self, name: &str) -> Option<&Gate> {
        self.types.get(name)
    }
}
