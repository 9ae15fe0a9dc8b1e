//! Stage 2: whole-document checks that lowering relies on: every `$ref` is local and resolves,
//! and operationIds are unique.

use std::collections::BTreeMap;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Error, Pointer};
use crate::parse::Document;

/// Checks the parsed document; the first problem found (in document order) is returned.
pub fn validate(doc: &Document) -> Result<(), Error> {
    check_refs(&doc.value, &doc.value, &Pointer::root())?;
    check_operation_ids(&doc.spec)
}

fn check_refs(doc: &Value, node: &Value, pointer: &Pointer) -> Result<(), Error> {
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let reference = reference.as_str().ok_or_else(|| {
                    Error::invalid(&pointer.push("$ref"), "`$ref` must be a string")
                })?;
                let Some(target) = Pointer::from_ref(reference) else {
                    return Err(Error::unsupported(
                        &pointer.push("$ref"),
                        format!(
                            "`$ref: {reference}` (only local references `#/...` are supported)"
                        ),
                    ));
                };
                if lookup(doc, &target).is_none() {
                    return Err(Error::invalid(
                        &pointer.push("$ref"),
                        format!("`$ref: {reference}` points at nothing (dangling reference)"),
                    ));
                }
            }
            for (key, value) in map {
                // Examples are data, not schema: a `$ref` key inside one means nothing.
                if key == "example" || (key == "examples" && value.is_array()) {
                    continue;
                }
                check_refs(doc, value, &pointer.push(key.clone()))?;
            }
            Ok(())
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| check_refs(doc, item, &pointer.push(i.to_string()))),
        _ => Ok(()),
    }
}

fn lookup<'a>(doc: &'a Value, pointer: &Pointer) -> Option<&'a Value> {
    pointer
        .segments()
        .iter()
        .try_fold(doc, |node, segment| match node {
            Value::Object(map) => map.get(segment),
            Value::Array(items) => items.get(segment.parse::<usize>().ok()?),
            _ => None,
        })
}

fn check_operation_ids(spec: &OpenAPI) -> Result<(), Error> {
    let mut seen: BTreeMap<&str, Pointer> = BTreeMap::new();
    for (path, item) in spec.paths.iter() {
        let Some(item) = item.as_item() else { continue };
        for (method, op) in item.iter() {
            let Some(id) = op.operation_id.as_deref() else {
                continue;
            };
            let pointer = Pointer::root()
                .push("paths")
                .push(path.clone())
                .push(method)
                .push("operationId");
            if let Some(first) = seen.get(id) {
                return Err(Error::invalid(
                    &pointer,
                    format!("operationId `{id}` is already used at {first}"),
                ));
            }
            seen.insert(id, pointer);
        }
    }
    Ok(())
}
