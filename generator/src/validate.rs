//! Stage 2: whole-document checks that lowering relies on: every `$ref` is local and resolves,
//! and operationIds are unique.

use std::collections::BTreeMap;

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Error, Pointer};
use crate::parse::Document;

/// Checks the parsed document; the first problem found (in document order) is returned.
pub fn validate(doc: &Document) -> Result<(), Error> {
    check_refs(&doc.value, &doc.value, &mut Vec::new())?;
    check_operation_ids(&doc.spec)
}

/// Walks the tree keeping the path as borrowed segments; a pointer is built only for an error.
fn check_refs<'v>(
    doc: &Value,
    node: &'v Value,
    path: &mut Vec<std::borrow::Cow<'v, str>>,
) -> Result<(), Error> {
    let at = |path: &[std::borrow::Cow<str>]| {
        path.iter()
            .fold(Pointer::root(), |p, s| p.push(s.to_string()))
            .push("$ref")
    };
    match node {
        Value::Object(map) => {
            if let Some(reference) = map.get("$ref") {
                let reference = reference
                    .as_str()
                    .ok_or_else(|| Error::invalid(&at(path), "`$ref` must be a string"))?;
                let Some(target) = reference.strip_prefix('#') else {
                    return Err(Error::unsupported(
                        &at(path),
                        format!(
                            "`$ref: {reference}` (only local references `#/...` are supported)"
                        ),
                    ));
                };
                if doc.pointer(target).is_none() {
                    return Err(Error::invalid(
                        &at(path),
                        format!("`$ref: {reference}` points at nothing (dangling reference)"),
                    ));
                }
            }
            for (key, value) in map {
                // Examples are data, not schema: a `$ref` key inside one means nothing.
                if key == "example" || (key == "examples" && value.is_array()) {
                    continue;
                }
                path.push(std::borrow::Cow::Borrowed(key));
                check_refs(doc, value, path)?;
                path.pop();
            }
            Ok(())
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(std::borrow::Cow::Owned(i.to_string()));
                check_refs(doc, item, path)?;
                path.pop();
            }
            Ok(())
        }
        _ => Ok(()),
    }
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
