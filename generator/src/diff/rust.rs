//! The Rust side of the report: the two crates' public API listings (`api.txt` items)
//! compared item by item, and each wire change's share of that comparison.
//!
//! A wire change names the listing items that hold what it changed (`Claim`); its Rust
//! consequence is whatever the listing comparison found for those items, and nothing else. The
//! per-change notes and the report's verdict therefore come from one comparison.

use std::collections::BTreeMap;

use super::{
    Change, Group, RustApiChange, RustApiChangeKind, RustConsequence, RustImpact, Severity,
};
use crate::emit::listing::{items, Item};
use crate::ir::Api;

/// The listing items a wire change accounts for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Claim {
    /// The item with this key (`field Item.price`, `fn get_item`).
    Item(String),
    /// Every item a top-level item owns: `type Item` owns the struct, its fields and its
    /// constructors; `fn list_items` owns the method, its deprecation and its stream.
    Owner(String),
}

/// A change found by the walk, before its Rust consequences are read off the listing.
#[derive(Debug, Clone)]
pub(super) struct Pending {
    pub group: Group,
    pub rule: String,
    pub severity: Severity,
    pub location: String,
    pub message: String,
    pub claims: Vec<Claim>,
    /// Why the crate's API is unaffected, said when none of the claimed items changed.
    pub unchanged: String,
}

/// The listing comparison of two APIs.
pub(super) struct Listing {
    pub changes: Vec<RustApiChange>,
    /// Item key → the key of the top-level item that owns it, on either side.
    owners: BTreeMap<String, String>,
}

impl Listing {
    pub fn compare(old: &Api, new: &Api) -> Listing {
        let (before, after) = (items(old), items(new));
        let mut owners = BTreeMap::new();
        for item in before.iter().chain(&after) {
            owners.insert(item.key.clone(), item.owner.clone());
        }
        let index = |list: &[Item]| -> BTreeMap<String, usize> {
            list.iter()
                .enumerate()
                .map(|(i, item)| (item.key.clone(), i))
                .collect()
        };
        let (old_index, new_index) = (index(&before), index(&after));
        let mut changes = Vec::new();
        for (key, &i) in &old_index {
            let was = &before[i];
            let change = match new_index.get(key).map(|&j| &after[j]) {
                // A feature gate gone from an item that stays: it now always compiles.
                None if was.gate.is_some() && new_index.contains_key(&was.owner) => {
                    Some((RustApiChangeKind::Widened, None))
                }
                None => Some((RustApiChangeKind::Removed, None)),
                Some(now) if now.compare != was.compare => match (&was.gate, &now.gate) {
                    (Some(old_gate), Some(new_gate)) if old_gate.within(new_gate) => {
                        Some((RustApiChangeKind::Widened, Some(now)))
                    }
                    _ => Some((RustApiChangeKind::Changed, Some(now))),
                },
                Some(now) if moved(&was.args, &now.args) => {
                    Some((RustApiChangeKind::Reordered, Some(now)))
                }
                Some(_) => None,
            };
            if let Some((kind, now)) = change {
                changes.push(RustApiChange {
                    change: kind,
                    item: key.clone(),
                    old: Some(was.signature.clone()),
                    new: now.map(|n| n.signature.clone()),
                });
            }
        }
        for (key, &j) in &new_index {
            if !old_index.contains_key(key) {
                changes.push(RustApiChange {
                    change: RustApiChangeKind::Added,
                    item: key.clone(),
                    old: None,
                    new: Some(after[j].signature.clone()),
                });
            }
        }
        changes.sort_by(|a, b| (a.change, &a.item).cmp(&(b.change, &b.item)));
        Listing { changes, owners }
    }

    /// Gives each pending change the listing changes it claims.
    pub fn attribute(&self, pending: Vec<Pending>) -> Vec<Change> {
        let mut by_key: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        let mut by_owner: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (i, change) in self.changes.iter().enumerate() {
            by_key.entry(change.item.as_str()).or_default().push(i);
            if let Some(owner) = self.owners.get(&change.item) {
                by_owner.entry(owner.as_str()).or_default().push(i);
            }
        }
        pending
            .into_iter()
            .map(|p| {
                let mut found: Vec<usize> = p
                    .claims
                    .iter()
                    .flat_map(|claim| match claim {
                        Claim::Item(key) => by_key.get(key.as_str()),
                        Claim::Owner(owner) => by_owner.get(owner.as_str()),
                    })
                    .flatten()
                    .copied()
                    .collect();
                // Whole items (a method, a type) before their members, breaking before added.
                found.sort_by_key(|&i| {
                    let c = &self.changes[i];
                    let member = self.owners.get(&c.item) != Some(&c.item);
                    (c.change, member, i)
                });
                found.dedup();
                let found: Vec<&RustApiChange> = found.iter().map(|&i| &self.changes[i]).collect();
                Change {
                    group: p.group,
                    rule: p.rule,
                    severity: p.severity,
                    location: p.location,
                    message: p.message,
                    rust: consequence(&found, p.unchanged),
                }
            })
            .collect()
    }
}

/// With the same argument types, a name now at another position: calls still compile and
/// hand their values to other parameters.
fn moved(old: &[String], new: &[String]) -> bool {
    old.iter()
        .enumerate()
        .any(|(i, name)| new.iter().position(|n| n == name).is_some_and(|j| j != i))
}

/// The note of a change none of whose items changed, when the walk says nothing more.
pub(super) const UNCHANGED: &str = "the crate's public API is unchanged";

/// Listing changes shown in one note; more are counted and left to the Rust API section.
const SHOWN: usize = 3;

fn consequence(found: &[&RustApiChange], unchanged: String) -> RustConsequence {
    let impact = if found.iter().any(|c| c.change.breaks()) {
        RustImpact::Breaking
    } else if found.is_empty() {
        RustImpact::None
    } else {
        RustImpact::NonBreaking
    };
    let note = if found.is_empty() && unchanged.is_empty() {
        UNCHANGED.to_string()
    } else if found.is_empty() {
        unchanged
    } else {
        let mut parts: Vec<String> = found.iter().take(SHOWN).map(|c| describe(c)).collect();
        if found.len() > SHOWN {
            parts.push(format!(
                "{} more item(s) (Rust API, below)",
                found.len() - SHOWN
            ));
        }
        parts.join("; ")
    };
    RustConsequence {
        impact,
        note,
        items: found.iter().map(|c| c.item.clone()).collect(),
    }
}

/// One listing change in words.
pub(super) fn describe(change: &RustApiChange) -> String {
    let old = change.old.as_deref().unwrap_or_default();
    let new = change.new.as_deref().unwrap_or_default();
    match change.change {
        RustApiChangeKind::Removed => format!("`{old}` removed"),
        RustApiChangeKind::Added => format!("`{new}` added"),
        RustApiChangeKind::Widened if new.is_empty() => {
            format!("`{old}` removed: compiled whatever features are on")
        }
        RustApiChangeKind::Widened => format!(
            "`{old}` becomes `{new}`: compiled with every feature it was compiled with before"
        ),
        RustApiChangeKind::Changed => format!("`{old}` becomes `{new}`"),
        RustApiChangeKind::Reordered => format!(
            "`{old}` becomes `{new}`: the same argument types in other places, so existing calls \
             still compile and pass their values to other parameters"
        ),
    }
}
