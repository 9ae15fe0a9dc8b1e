//! OpenAPI 3.1 documents rewritten, in place, into the 3.0 shapes `openapiv3` reads, so that both
//! versions lower through one path into the same IR.
//!
//! Only schema positions are rewritten (a `type` or `$ref` elsewhere means something else):
//! - `type: [T, "null"]` → `type: T` + `nullable: true`; `type: "null"` → `nullable: true`;
//!   several non-null types → `anyOf` of each;
//! - `const: v` → `enum: [v]`;
//! - `examples: [a, ...]` → `example: a`;
//! - numeric `exclusiveMinimum: n` → `minimum: n` + `exclusiveMinimum: true` (and maximum);
//! - `$ref` with sibling keywords (which 3.1 applies) → `allOf: [{$ref}]` beside the siblings.

use serde_json::{Map, Value};

/// Rewrites a 3.1 document. Paths, components and every schema under them are visited.
pub(crate) fn openapi_31(doc: &mut Value) {
    let Value::Object(root) = doc else { return };
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            "components" => {
                if let Value::Object(components) = value {
                    for (section, entries) in components.iter_mut() {
                        match (section.as_str(), entries) {
                            ("schemas", Value::Object(schemas)) => {
                                schemas.values_mut().for_each(schema)
                            }
                            (_, entries) => container(entries),
                        }
                    }
                }
            }
            "paths" | "webhooks" => container(value),
            _ => {}
        }
    }
}

/// A non-schema part of the document: schemas sit under `schema` keys.
fn container(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => schema(child),
                    "example" | "examples" => {}
                    _ => container(child),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(container),
        _ => {}
    }
}

fn schema(value: &mut Value) {
    // 3.1 allows `true` (anything) and `false` (nothing) as schemas.
    if let Value::Bool(anything) = value {
        *value = if *anything {
            Value::Object(Map::new())
        } else {
            serde_json::json!({"not": {}})
        };
    }
    let Value::Object(map) = value else { return };
    rewrite(map);
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                if let Value::Object(children) = child {
                    children.values_mut().for_each(schema);
                }
            }
            "allOf" | "oneOf" | "anyOf" | "prefixItems" => {
                if let Value::Array(children) = child {
                    children.iter_mut().for_each(schema);
                }
            }
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems" => match child {
                Value::Array(children) => children.iter_mut().for_each(schema),
                child => schema(child),
            },
            _ => {}
        }
    }
}

/// Rewrites one schema object's own 3.1 keywords (not its children's).
pub(crate) fn rewrite(map: &mut Map<String, Value>) {
    if map.contains_key("$ref") && map.len() > 1 {
        let reference = map.remove("$ref").unwrap_or_default();
        let member = Value::Object(Map::from_iter([("$ref".to_string(), reference)]));
        match map.get_mut("allOf") {
            Some(Value::Array(members)) => members.insert(0, member),
            _ => {
                map.insert("allOf".into(), Value::Array(vec![member]));
            }
        }
    }
    match map.get("type") {
        Some(Value::Array(types)) => {
            let names: Vec<String> = types
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect();
            let non_null: Vec<&String> = names.iter().filter(|t| *t != "null").collect();
            if non_null.len() < names.len() {
                map.insert("nullable".into(), Value::Bool(true));
            }
            match non_null.as_slice() {
                [one] => {
                    map.insert("type".into(), Value::String((*one).clone()));
                }
                [] => {
                    map.remove("type");
                }
                several => {
                    let members = several
                        .iter()
                        .map(|t| {
                            Value::Object(Map::from_iter([(
                                "type".to_string(),
                                Value::String((*t).clone()),
                            )]))
                        })
                        .collect();
                    map.remove("type");
                    if !map.contains_key("anyOf") && !map.contains_key("oneOf") {
                        map.insert("anyOf".into(), Value::Array(members));
                    }
                }
            }
        }
        Some(Value::String(t)) if t == "null" => {
            map.remove("type");
            map.insert("nullable".into(), Value::Bool(true));
        }
        _ => {}
    }
    if let Some(constant) = map.remove("const") {
        map.entry("enum")
            .or_insert_with(|| Value::Array(vec![constant]));
    }
    if let Some(Value::Array(examples)) = map.get("examples") {
        let first = examples.first().cloned();
        map.remove("examples");
        if let Some(first) = first {
            map.entry("example").or_insert(first);
        }
    }
    for (exclusive, bound) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(n)) = map.get(exclusive) {
            let n = Value::Number(n.clone());
            map.insert(bound.into(), n);
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rewrites_schema_positions_only() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "components": {
                "schemas": {
                    "A": {
                        "type": "object",
                        "properties": {
                            "n": {"type": ["integer", "null"], "exclusiveMinimum": 0},
                            "k": {"const": "fixed", "examples": ["fixed"]},
                            "r": {"$ref": "#/components/schemas/B", "description": "a B"},
                            "either": {"type": ["string", "integer"]}
                        }
                    },
                    "B": {"type": "null"}
                },
                "parameters": {
                    "P": {"name": "p", "in": "query", "schema": {"type": ["string", "null"]},
                          "examples": {"one": {"value": {"type": ["x", "null"]}}}}
                }
            }
        });
        openapi_31(&mut doc);
        let a = &doc["components"]["schemas"]["A"]["properties"];
        assert_eq!(
            a["n"],
            json!({"type": "integer", "nullable": true, "minimum": 0, "exclusiveMinimum": true})
        );
        assert_eq!(a["k"], json!({"enum": ["fixed"], "example": "fixed"}));
        assert_eq!(
            a["r"],
            json!({"allOf": [{"$ref": "#/components/schemas/B"}], "description": "a B"})
        );
        assert_eq!(
            a["either"],
            json!({"anyOf": [{"type": "string"}, {"type": "integer"}]})
        );
        assert_eq!(doc["components"]["schemas"]["B"], json!({"nullable": true}));
        let p = &doc["components"]["parameters"]["P"];
        assert_eq!(p["schema"], json!({"type": "string", "nullable": true}));
        assert_eq!(
            p["examples"]["one"]["value"]["type"],
            json!(["x", "null"]),
            "examples are data"
        );
        assert_eq!(doc["paths"], json!({}));
    }
}
