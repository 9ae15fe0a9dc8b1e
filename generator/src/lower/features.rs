//! Cargo features per tag: each tag's operations behind a feature, and each type behind the
//! features of the operations that reach it, so that a crate built with one tag compiles that
//! tag's operations and the types they need, and nothing else.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Api, Feature, Features, Gate, FULL};
use crate::names::{sanitize, Case};
use crate::FeaturesPerTag;

/// Past this many operations (in two tags or more), [`FeaturesPerTag::Auto`] turns features on.
pub const AUTO_OPERATIONS: usize = 200;

/// Names a crate's manifest has for other things.
const RESERVED: &[&str] = &[FULL, "default", "mock"];

/// The features of `api`'s crate, or `None` when it has none.
pub fn plan(api: &Api, mode: FeaturesPerTag) -> Option<Features> {
    let tags: BTreeSet<&str> = api
        .operations
        .iter()
        .flat_map(|op| op.tags.iter().map(String::as_str))
        .collect();
    let on = match mode {
        FeaturesPerTag::Off => false,
        FeaturesPerTag::On => !api.operations.is_empty(),
        FeaturesPerTag::Auto => api.operations.len() > AUTO_OPERATIONS && tags.len() >= 2,
    };
    if !on {
        return None;
    }

    // Tags that fold to the same name share its feature.
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut feature_of: BTreeMap<&str, String> = BTreeMap::new();
    for tag in &tags {
        let mut name = sanitize(tag, Case::Snake);
        if RESERVED.contains(&name.as_str()) {
            name.push_str("_ops");
        }
        by_name
            .entry(name.clone())
            .or_default()
            .push(tag.to_string());
        feature_of.insert(tag, name);
    }
    let untagged = api.operations.iter().any(|op| op.tags.is_empty());
    let mut untagged_name = "untagged".to_string();
    while by_name.contains_key(&untagged_name) {
        untagged_name.push_str("_ops");
    }
    let mut list: Vec<Feature> = by_name
        .into_iter()
        .map(|(name, tags)| Feature { name, tags })
        .collect();
    if untagged {
        list.push(Feature {
            name: untagged_name.clone(),
            tags: Vec::new(),
        });
    }

    let mut operations = BTreeMap::new();
    let mut error_bodies: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    // Feature → the types its operations name directly.
    let mut roots: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for op in &api.operations {
        let mut gate: Vec<&str> = op
            .tags
            .iter()
            .map(|t| feature_of[t.as_str()].as_str())
            .collect();
        if gate.is_empty() {
            gate.push(&untagged_name);
        }
        gate.sort_unstable();
        gate.dedup();
        let mut named = BTreeSet::new();
        op.names_into(&mut named);
        for feature in &gate {
            roots
                .entry(feature)
                .or_default()
                .extend(named.iter().copied());
            for variant in op.errors.iter().filter_map(|e| e.body_variant.as_deref()) {
                error_bodies
                    .entry(variant.to_string())
                    .or_default()
                    .insert(feature);
            }
        }
        operations.insert(op.method_name.clone(), gate_of(gate));
    }

    // What each type names, to follow from an operation's types to everything they hold.
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for def in &api.types {
        def.names_into(edges.entry(&def.name).or_default());
    }
    for multipart in &api.multipart_structs {
        multipart.names_into(edges.entry(&multipart.name).or_default());
    }
    let mut types: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for (feature, start) in &roots {
        let mut seen: BTreeSet<&str> = BTreeSet::new();
        let mut stack: Vec<&str> = start.iter().copied().collect();
        while let Some(name) = stack.pop() {
            if seen.insert(name) {
                stack.extend(edges.get(name).into_iter().flatten().copied());
            }
        }
        for name in seen {
            types.entry(name.to_string()).or_default().insert(feature);
        }
    }
    // A type no operation reaches: kept, for code that builds or decodes it, by `full`.
    let mut types: BTreeMap<String, Gate> = types
        .into_iter()
        .map(|(name, features)| (name, gate_of(features)))
        .collect();
    for name in edges.keys() {
        types
            .entry(name.to_string())
            .or_insert_with(|| Gate(vec![FULL.to_string()]));
    }
    // What webhook deliveries decode into always compiles, as the `webhooks` module does.
    let mut stack: Vec<&str> = api
        .webhooks
        .iter()
        .filter_map(|w| w.event.as_deref())
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(name) = stack.pop() {
        if seen.insert(name) {
            types.remove(name);
            stack.extend(edges.get(name).into_iter().flatten().copied());
        }
    }
    Some(Features {
        list,
        operations,
        types,
        error_bodies: error_bodies
            .into_iter()
            .map(|(name, features)| (name, gate_of(features)))
            .collect(),
    })
}

fn gate_of<'a>(features: impl IntoIterator<Item = &'a str>) -> Gate {
    let mut names: Vec<String> = features.into_iter().map(str::to_string).collect();
    names.sort();
    names.dedup();
    Gate(names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Settings;

    fn api(source: &str, mode: FeaturesPerTag) -> Api {
        let settings = Settings {
            features_per_tag: mode,
            ..Settings::default()
        };
        crate::front(source, None, &settings)
            .expect("generates")
            .api
    }

    fn fixture() -> Api {
        let source = include_str!("../../tests/fixtures/features_per_tag.yaml");
        api(source, FeaturesPerTag::On)
    }

    fn gate(names: &[&str]) -> Gate {
        Gate(names.iter().map(|n| n.to_string()).collect())
    }

    #[test]
    fn a_feature_per_tag_in_snake_case_folded_tags_sharing_one() {
        let features = fixture().features.expect("features are on");
        let list: Vec<(&str, Vec<&str>)> = features
            .list
            .iter()
            .map(|f| (f.name.as_str(), f.tags.iter().map(String::as_str).collect()))
            .collect();
        assert_eq!(
            list,
            [
                ("full_ops", vec!["Full"]),
                ("git_ignore", vec!["Git Ignore"]),
                ("repos", vec!["Repos", "repos"]),
                ("untagged", vec![]),
            ]
        );
        assert_eq!(
            features.operations["get_user"],
            gate(&["full_ops", "repos"])
        );
        assert_eq!(features.operations["get_meta"], gate(&["untagged"]));
    }

    #[test]
    fn a_type_compiles_with_every_feature_whose_operations_reach_it() {
        let features = fixture().features.expect("features are on");
        // Through a field of a type of another feature's operation, and directly.
        assert_eq!(features.types["User"], gate(&["full_ops", "repos"]));
        assert_eq!(features.types["Plan"], gate(&["full_ops", "repos"]));
        assert_eq!(features.types["Topics"], gate(&["repos"]));
        assert_eq!(features.types["GetMetaParams"], gate(&["untagged"]));
        assert_eq!(features.types["Webhook"], gate(&[FULL]));
        assert_eq!(
            features.error_bodies["NotFound"],
            gate(&["git_ignore", "untagged"])
        );
    }

    #[test]
    fn auto_turns_features_on_past_the_size_in_two_tags() {
        let spec = |operations: usize, tags: usize| {
            let mut text =
                String::from("openapi: 3.0.3\ninfo: { title: T, version: '1' }\npaths:\n");
            for i in 0..operations {
                text.push_str(&format!(
                    "  /op{i}:\n    get:\n      operationId: op{i}\n      tags: [tag{}]\n      responses:\n        '204': {{ description: ok }}\n",
                    i % tags
                ));
            }
            text
        };
        let auto = |ops, tags| api(&spec(ops, tags), FeaturesPerTag::Auto).features;
        assert!(auto(AUTO_OPERATIONS, 2).is_none());
        assert!(auto(AUTO_OPERATIONS + 1, 1).is_none());
        assert_eq!(auto(AUTO_OPERATIONS + 1, 2).expect("on").list.len(), 2);
        assert!(api(&spec(3, 2), FeaturesPerTag::On).features.is_some());
        assert!(api(&spec(300, 2), FeaturesPerTag::Off).features.is_none());
    }
}
