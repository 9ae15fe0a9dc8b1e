//! No input makes the generator panic or overflow its stack. Property-based: random specs built
//! from the constructs it supports, and random mutations of the fixture specs (wrong types,
//! dangling and cyclic `$ref`s, deep nesting, odd names, empty objects). Every accepted spec's
//! Rust output parses with `syn`; every refusal is a located error, never an internal one.
//!
//! CI runs a bounded number of cases. A long session:
//! `PROPTEST_CASES=20000 cargo test --release -p openapi-rust-gen --test robustness`.

use std::sync::OnceLock;

use generator::{generate, Error, Settings};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

/// Generates from `spec` and checks the outcome is one of the two allowed ones.
fn check(spec: &Value) -> Result<(), TestCaseError> {
    check_mode(spec, false)?;
    check_mode(spec, true)
}

/// One mode: by default, or lenient (repairs made, never a panic either).
fn check_mode(spec: &Value, lenient: bool) -> Result<(), TestCaseError> {
    let text = serde_json::to_string(spec).expect("a JSON value serializes");
    let settings = Settings {
        lenient,
        ..Settings::default()
    };
    match generate(&text, &settings) {
        Ok(output) => {
            for (path, contents) in output.files.iter().filter(|(p, _)| p.ends_with(".rs")) {
                if let Err(e) = syn::parse_file(contents) {
                    return Err(TestCaseError::fail(format!(
                        "{path} does not parse: {e}\n{text}"
                    )));
                }
            }
            Ok(())
        }
        Err(e @ Error::Internal { .. }) => {
            Err(TestCaseError::fail(format!("internal error: {e}\n{text}")))
        }
        Err(e) => {
            prop_assert!(e.location().is_some(), "a refusal without a location: {e}");
            Ok(())
        }
    }
}

// ---- random specs from the supported constructs ----

fn odd_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("id".to_string()),
        Just("type".to_string()),
        Just("self".to_string()),
        Just("Self".to_string()),
        Just(String::new()),
        Just("1st".to_string()),
        Just("a-b".to_string()),
        Just("a b".to_string()),
        Just("_type".to_string()),
        Just("Unknown".to_string()),
        Just("additional_properties".to_string()),
        Just("caf\u{e9}".to_string()),
        Just("ErrorBody".to_string()),
        "[a-zA-Z_][a-zA-Z0-9_]{0,8}",
    ]
}

/// A `$ref` to component `S{i}`; some do not exist.
fn reference(components: usize) -> impl Strategy<Value = Value> {
    (0..components + 2).prop_map(|i| json!({"$ref": format!("#/components/schemas/S{i}")}))
}

fn leaf(components: usize) -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(json!({"type": "string"})),
        Just(json!({"type": "string", "format": "uuid"})),
        Just(json!({"type": "string", "format": "date-time"})),
        Just(json!({"type": "string", "format": "date"})),
        Just(json!({"type": "integer"})),
        Just(json!({"type": "integer", "format": "int32"})),
        Just(json!({"type": "integer", "format": "uint64", "minimum": -9223372036854776000.0_f64})),
        Just(json!({"type": "number", "format": "float"})),
        Just(json!({"type": "boolean"})),
        Just(json!({})),
        Just(json!({"nullable": true})),
        Just(json!({"type": "object"})),
        Just(json!({"type": "string", "enum": ["a", "b", "", "1", null]})),
        Just(json!({"type": "integer", "enum": [1, -1, 512]})),
        Just(json!({"enum": ["x", 1, true]})),
        Just(json!({"type": "string", "enum": ["only"]})),
        Just(json!({"not": {"type": "string"}})),
        // References into parts of schemas and operations, to other files, and 3.1 keywords
        // (a repair in a 3.0 document).
        Just(json!({"$ref": "#/components/schemas/S0/properties/id"})),
        Just(json!({"$ref": "#/components/schemas/S1/allOf/0"})),
        Just(
            json!({"$ref": "#/paths/~1things~1{id}/post/requestBody/content/application~1json/schema"})
        ),
        Just(json!({"$ref": "other.yaml#/Thing"})),
        Just(json!({"type": ["string", "null"]})),
        Just(json!({"type": "integer", "exclusiveMinimum": 0})),
        Just(json!({"type": "array", "items": [{"type": "string"}]})),
        reference(components),
    ]
}

fn schema(components: usize) -> impl Strategy<Value = Value> {
    leaf(components).prop_recursive(4, 40, 5, move |inner| {
        prop_oneof![
            (
                prop::collection::vec((odd_name(), inner.clone()), 0..5),
                prop::collection::vec(odd_name(), 0..3),
                prop_oneof![Just(None), Just(Some(json!(true))), Just(Some(json!(false))), inner.clone().prop_map(Some)],
            )
                .prop_map(|(props, required, additional)| {
                    let mut object = json!({"type": "object", "properties": Map::from_iter(props), "required": required});
                    if let Some(additional) = additional {
                        object["additionalProperties"] = additional;
                    }
                    object
                }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|value| json!({"type": "object", "additionalProperties": value})),
            prop::collection::vec(inner.clone(), 1..4).prop_map(|members| json!({"allOf": members})),
            (prop::collection::vec(inner.clone(), 1..4), any::<bool>()).prop_map(|(members, tagged)| {
                let mut union = json!({"oneOf": members});
                if tagged {
                    union["discriminator"] = json!({"propertyName": "type"});
                }
                union
            }),
            prop::collection::vec(inner.clone(), 1..3).prop_map(|members| json!({"anyOf": members})),
            inner.clone().prop_map(|mut s| {
                if let Value::Object(map) = &mut s {
                    map.insert("nullable".into(), json!(true));
                }
                s
            }),
            inner.clone().prop_map(|s| json!({"allOf": [s], "description": "wrapped", "nullable": true})),
            // A union among `allOf` members, and properties beside a union's members.
            (inner.clone(), prop::collection::vec(inner.clone(), 1..3)).prop_map(|(base, members)| {
                json!({"allOf": [base, {"oneOf": members, "discriminator": {"propertyName": "kind"}}]})
            }),
            (prop::collection::vec(inner.clone(), 1..3), odd_name()).prop_map(|(members, name)| {
                json!({"type": "object", "properties": {name: {"type": "string"}}, "oneOf": members})
            }),
        ]
    })
}

fn random_spec() -> impl Strategy<Value = Value> {
    (1usize..6).prop_flat_map(|n| {
        (prop::collection::vec(schema(n), n), schema(n), schema(n), any::<bool>(), any::<bool>()).prop_map(
            move |(components, body, response, v31, param_schema)| {
                let schemas: Map<String, Value> =
                    components.into_iter().enumerate().map(|(i, s)| (format!("S{i}"), s)).collect();
                let param = if param_schema { response.clone() } else { json!({"type": "string"}) };
                json!({
                    "openapi": if v31 { "3.1.0" } else { "3.0.3" },
                    "info": {"title": "random", "version": "1"},
                    "paths": {"/things/{id}": {"post": {
                        "operationId": "makeThing",
                        "parameters": [
                            {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}},
                            {"name": "filter", "in": "query", "schema": param}
                        ],
                        "requestBody": {"content": {"application/json": {"schema": body}}},
                        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": response}}}}
                    }}},
                    "components": {"schemas": schemas}
                })
            },
        )
    })
}

// ---- mutations of the fixture specs ----

fn fixtures() -> &'static [Value] {
    static FIXTURES: OnceLock<Vec<Value>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| generator::read(&std::fs::read_to_string(p).unwrap()).unwrap())
            .collect()
    })
}

#[derive(Debug, Clone)]
enum Mutation {
    Replace(Value),
    Ref(String),
    Nest(usize),
    Rename(String),
    Remove,
    Empty,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        prop_oneof![
            Just(json!(null)),
            Just(json!(42)),
            Just(json!("x")),
            Just(json!(true)),
            Just(json!([])),
            Just(json!({}))
        ]
        .prop_map(Mutation::Replace),
        prop_oneof![
            Just("#/components/schemas/Missing".to_string()),
            Just("#/".to_string()),
            Just("#/paths".to_string()),
            Just("#/components/schemas".to_string()),
            Just("https://example.com/x.json".to_string()),
            Just(String::new()),
            "#/components/schemas/[A-Za-z]{1,10}",
        ]
        .prop_map(Mutation::Ref),
        (1usize..80).prop_map(Mutation::Nest),
        odd_name().prop_map(Mutation::Rename),
        Just(Mutation::Remove),
        Just(Mutation::Empty),
    ]
}

/// Every node's path, in document order.
fn paths(value: &Value, at: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                at.push(k.clone());
                paths(v, at, out);
                at.pop();
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                at.push(i.to_string());
                paths(v, at, out);
                at.pop();
            }
        }
        _ => {}
    }
}

fn node_mut<'v>(value: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    path.iter().try_fold(value, |node, segment| match node {
        Value::Object(map) => map.get_mut(segment),
        Value::Array(items) => items.get_mut(segment.parse::<usize>().ok()?),
        _ => None,
    })
}

fn mutate(spec: &mut Value, target: usize, mutation: &Mutation) {
    let mut all = Vec::new();
    paths(spec, &mut Vec::new(), &mut all);
    let path = &all[target % all.len()];
    match mutation {
        Mutation::Remove | Mutation::Rename(_) if !path.is_empty() => {
            let (last, parent) = path.split_last().expect("not the root");
            if let Some(Value::Object(map)) = node_mut(spec, parent) {
                if let Some(value) = map.remove(last) {
                    if let Mutation::Rename(name) = mutation {
                        map.insert(name.clone(), value);
                    }
                }
            }
        }
        _ => {
            let Some(node) = node_mut(spec, path) else {
                return;
            };
            match mutation {
                Mutation::Replace(value) => *node = value.clone(),
                Mutation::Ref(reference) => *node = json!({"$ref": reference}),
                Mutation::Empty => *node = json!({}),
                Mutation::Nest(depth) => {
                    for i in 0..*depth {
                        let inner = node.take();
                        *node = if i % 2 == 0 {
                            json!({"allOf": [inner]})
                        } else {
                            json!({"type": "array", "items": inner})
                        };
                    }
                }
                _ => {}
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn random_specs_generate_or_are_refused_with_a_location(spec in random_spec()) {
        check(&spec)?;
    }

    #[test]
    fn mutated_fixtures_generate_or_are_refused_with_a_location(
        which in any::<prop::sample::Index>(),
        mutations in prop::collection::vec((any::<usize>(), mutation()), 1..4),
    ) {
        let mut spec = which.get(fixtures()).clone();
        for (target, m) in &mutations {
            mutate(&mut spec, *target, m);
        }
        check(&spec)?;
    }
}

/// Nesting at the limit generates on the default test stack; beyond it, a located refusal.
#[test]
fn the_deepest_accepted_nesting_does_not_overflow_the_stack() {
    let deep = |levels: usize| {
        let mut yaml = String::from("openapi: 3.0.3\ninfo: {title: deep, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Deep:\n");
        let mut indent = 6;
        for _ in 0..levels {
            yaml.push_str(&format!(
                "{}type: array\n{}items:\n",
                " ".repeat(indent),
                " ".repeat(indent)
            ));
            indent += 2;
        }
        yaml.push_str(&format!("{}type: string\n", " ".repeat(indent)));
        generate(&yaml, &Settings::default())
    };
    // `components/schemas/Deep`, one level per `items`, and the last `type`.
    let accepted = generator::MAX_DEPTH - 4;
    assert!(deep(accepted).is_ok(), "{:?}", deep(accepted).err());
    let err = deep(accepted + 1).unwrap_err();
    assert!(err.to_string().contains("nests deeper than"), "{err}");
    assert!(err.location().unwrap().line.is_some(), "{err}");
    let json = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    assert!(generate(&json, &Settings::default())
        .unwrap_err()
        .location()
        .is_some());
}
