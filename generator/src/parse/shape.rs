//! Checks that every schema object's keywords have the JSON types OpenAPI gives them, before
//! `openapiv3` reads the document.
//!
//! `openapiv3` reads `$ref`-or-schema positions through untagged enums. On a malformed schema
//! nested inside others, each level retries its alternatives and reads the whole subtree again,
//! so the time doubles with every level (a broken spec 12 levels deep takes minutes), and the
//! error it finally gives names only the outermost position. Checked here first, a malformed
//! schema is a located error at once, and `openapiv3` only ever reads well-formed schemas.
//!
//! `callbacks` and `links` are removed from the typed view too: generation never reads them, and
//! they nest path items within path items the same way.

use serde_json::Value;

use super::repair::Repairs;
use crate::error::{Error, Location, Pointer};

/// Checks the document's structure down to every schema; removes `callbacks` and `links`.
///
/// The parts around schemas are checked too, as far as "this must be an object" goes: serde
/// reads a struct from an array as readily as from an object, which would let a misplaced
/// array reach schema positions unchecked.
pub(crate) fn check(
    doc: &mut Value,
    unread: &mut Unread,
    repairs: &mut Repairs,
    v31: bool,
) -> Result<(), Error> {
    let mut cx = Cx {
        unread,
        repairs,
        v31,
    };
    let cx = &mut cx;
    let root = Pointer::root();
    let Value::Object(map) = doc else {
        return Ok(());
    };
    if let Some(webhooks) = map.remove("webhooks") {
        cx.unread.push((root.push("webhooks"), webhooks));
    }
    if let Some(components) = map.get_mut("components") {
        let at = root.push("components");
        let components = object(cx, components, &at)?;
        for section in ["callbacks", "links", "pathItems"] {
            if let Some(removed) = components.remove(section) {
                cx.unread.push((at.push(section), removed));
            }
        }
        for (section, entries) in components.iter_mut() {
            if section.starts_with("x-") {
                continue;
            }
            let at = at.push(section.clone());
            let entries = object(cx, entries, &at)?;
            for (name, entry) in entries.iter_mut() {
                let at = at.push(name.clone());
                match section.as_str() {
                    "schemas" => check_schema(cx, entry, &at)?,
                    "responses" => response(cx, entry, &at)?,
                    "parameters" | "headers" => parameter(cx, entry, &at)?,
                    "requestBodies" => request_body(cx, entry, &at)?,
                    _ => {
                        object(cx, entry, &at)?;
                    }
                }
            }
        }
    }
    if let Some(paths) = map.get_mut("paths") {
        let at = root.push("paths");
        for (path, item) in object(cx, paths, &at)?.iter_mut() {
            if path.starts_with("x-") {
                continue;
            }
            path_item(cx, item, &at.push(path.clone()))?;
        }
    }
    Ok(())
}

/// What the checks carry: where removed parts go, the repairs, and the document's version.
struct Cx<'a> {
    unread: &'a mut Unread,
    repairs: &'a mut Repairs,
    v31: bool,
}

/// `value` as an object, or an error naming what it is instead. `null` where a map belongs is
/// a repair: an empty map.
fn object<'v>(
    cx: &mut Cx,
    value: &'v mut Value,
    at: &Pointer,
) -> Result<&'v mut serde_json::Map<String, Value>, Error> {
    if value.is_null() {
        cx.repairs
            .repair(at, "`null` where an object belongs", "read it as empty")?;
        *value = Value::Object(serde_json::Map::new());
    }
    let found = kind(value);
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(fail(at, format!("expected an object here, not {found}"))),
    }
}

/// An object, unless it is a `$ref` (which `validate` resolves).
fn item<'v>(
    cx: &mut Cx,
    value: &'v mut Value,
    at: &Pointer,
) -> Result<Option<&'v mut serde_json::Map<String, Value>>, Error> {
    let map = object(cx, value, at)?;
    Ok((!map.contains_key("$ref")).then_some(map))
}

/// Parts removed from the typed view (generation does not read them), with where they were.
pub(crate) type Unread = Vec<(Pointer, Value)>;

fn path_item(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Some(map) = item(cx, value, at)? else {
        return Ok(());
    };
    for (key, child) in map.iter_mut() {
        let at = at.push(key.clone());
        match key.as_str() {
            "parameters" => parameters(cx, child, &at)?,
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                operation(cx, child, &at)?
            }
            _ => {}
        }
    }
    Ok(())
}

fn operation(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let map = object(cx, value, at)?;
    if let Some(callbacks) = map.remove("callbacks") {
        cx.unread.push((at.push("callbacks"), callbacks));
    }
    for (key, child) in map.iter_mut() {
        let at = at.push(key.clone());
        match key.as_str() {
            "parameters" => parameters(cx, child, &at)?,
            "requestBody" => request_body(cx, child, &at)?,
            "responses" => {
                for (status, response_value) in object(cx, child, &at)?.iter_mut() {
                    if status.starts_with("x-") {
                        continue;
                    }
                    response(cx, response_value, &at.push(status.clone()))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn parameters(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    if value.is_null() {
        cx.repairs
            .repair(at, "`parameters: null`", "read it as no parameters")?;
        *value = Value::Array(Vec::new());
    }
    let found = kind(value);
    let Value::Array(items) = value else {
        return Err(fail(
            at,
            format!("`parameters` must be an array, not {found}"),
        ));
    };
    items
        .iter_mut()
        .enumerate()
        .try_for_each(|(i, p)| parameter(cx, p, &at.push(i.to_string())))
}

/// A parameter or a header: a `schema`, or `content`.
fn parameter(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Some(map) = item(cx, value, at)? else {
        return Ok(());
    };
    if let Some(schema) = map.get_mut("schema") {
        check_schema(cx, schema, &at.push("schema"))?;
    }
    match map.get_mut("content") {
        Some(content) => media_types(cx, content, &at.push("content")),
        None => Ok(()),
    }
}

fn request_body(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Some(map) = item(cx, value, at)? else {
        return Ok(());
    };
    match map.get_mut("content") {
        Some(content) => media_types(cx, content, &at.push("content")),
        None => Ok(()),
    }
}

fn response(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Some(map) = item(cx, value, at)? else {
        return Ok(());
    };
    if let Some(links) = map.remove("links") {
        cx.unread.push((at.push("links"), links));
    }
    if let Some(headers) = map.get_mut("headers") {
        let headers_at = at.push("headers");
        for (name, header) in object(cx, headers, &headers_at)?.iter_mut() {
            parameter(cx, header, &headers_at.push(name.clone()))?;
        }
    }
    match map.get_mut("content") {
        Some(content) => media_types(cx, content, &at.push("content")),
        None => Ok(()),
    }
}

fn media_types(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    for (name, media) in object(cx, value, at)?.iter_mut() {
        let at = at.push(name.clone());
        let media = object(cx, media, &at)?;
        if let Some(schema) = media.get_mut("schema") {
            check_schema(cx, schema, &at.push("schema"))?;
        }
    }
    Ok(())
}

fn fail(at: &Pointer, message: String) -> Error {
    Error::Parse {
        location: Location::at(at),
        message,
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

fn check_schema(cx: &mut Cx, value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Value::Object(map) = value else {
        return Err(fail(
            at,
            format!("a schema must be an object, not {}", kind(value)),
        ));
    };
    if let Some(reference) = map.get("$ref") {
        // Beside `$ref`, 3.0 ignores every other keyword.
        return match reference {
            Value::String(_) => Ok(()),
            other => Err(fail(
                &at.push("$ref"),
                format!("`$ref` must be a string, not {}", kind(other)),
            )),
        };
    }
    if !cx.v31 && is_31_schema(map) {
        cx.repairs.repair(
            at,
            "OpenAPI 3.1 keywords in a 3.0 document (`type` as a list or `null`, `const`, a numeric `exclusiveMinimum` or `exclusiveMaximum`)",
            "read this schema as OpenAPI 3.1 defines it",
        )?;
        super::normalize::rewrite(map);
    }
    if let Some(Value::Array(list)) = map.get_mut("items") {
        cx.repairs.repair(
            &at.push("items"),
            "`items` is a list (the tuple form of older JSON Schema drafts, which OpenAPI does not allow)",
            "read it as items that are any of those schemas",
        )?;
        let list = std::mem::take(list);
        let items = match <[Value; 1]>::try_from(list) {
            Ok([one]) => one,
            Err(list) => serde_json::json!({ "anyOf": list }),
        };
        map.insert("items".into(), items);
    }
    // `oneOf: []` allows no value at all (JSON Schema requires at least one member): a
    // document means nothing by it; lenient mode reads the schema without it.
    for keyword in ["allOf", "oneOf", "anyOf"] {
        if map
            .get(keyword)
            .and_then(Value::as_array)
            .is_some_and(Vec::is_empty)
        {
            cx.repairs.repair(
                &at.push(keyword),
                &format!("`{keyword}` must list at least one schema (it is empty)"),
                "read the schema without it",
            )?;
            map.remove(keyword);
        }
    }
    for (key, child) in map.iter_mut() {
        let child_at = at.push(key.clone());
        let found = kind(child);
        let expect = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(fail(
                    &child_at,
                    format!("`{key}` must be {what}, not {found}"),
                ))
            }
        };
        match key.as_str() {
            "type" | "format" | "pattern" | "title" | "description" => {
                expect(child.is_string(), "a string")?
            }
            "nullable" | "readOnly" | "writeOnly" | "deprecated" | "uniqueItems"
            | "exclusiveMinimum" | "exclusiveMaximum" => expect(child.is_boolean(), "a boolean")?,
            "minimum" | "maximum" | "multipleOf" => expect(child.is_number(), "a number")?,
            "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties"
            | "maxProperties" => expect(child.is_u64(), "a non-negative integer")?,
            "enum" => expect(child.is_array(), "an array")?,
            "required" => expect(
                child
                    .as_array()
                    .is_some_and(|items| items.iter().all(Value::is_string)),
                "an array of strings",
            )?,
            "properties" => {
                if child.is_null() {
                    cx.repairs.repair(
                        &child_at,
                        "`properties: null`",
                        "read it as no properties",
                    )?;
                    *child = Value::Object(serde_json::Map::new());
                }
                match child {
                    Value::Object(props) => {
                        for (name, prop) in props.iter_mut() {
                            check_schema(cx, prop, &child_at.push(name.clone()))?;
                        }
                    }
                    _ => expect(false, "an object")?,
                }
            }
            "items" | "not" => check_schema(cx, child, &child_at)?,
            "additionalProperties" => match child {
                Value::Bool(_) => {}
                other => check_schema(cx, other, &child_at)?,
            },
            "allOf" | "oneOf" | "anyOf" => match child {
                Value::Array(members) => {
                    for (i, member) in members.iter_mut().enumerate() {
                        check_schema(cx, member, &child_at.push(i.to_string()))?;
                    }
                }
                _ => expect(false, "an array of schemas")?,
            },
            "discriminator" => discriminator(child, &child_at)?,
            "externalDocs" | "xml" => expect(child.is_object(), "an object")?,
            _ => {}
        }
    }
    Ok(())
}

/// Keywords only OpenAPI 3.1 gives meaning to, in a form 3.0 refuses.
fn is_31_schema(map: &serde_json::Map<String, Value>) -> bool {
    matches!(map.get("type"), Some(Value::Array(_)))
        || map.contains_key("const")
        || map.get("exclusiveMinimum").is_some_and(Value::is_number)
        || map.get("exclusiveMaximum").is_some_and(Value::is_number)
}

fn discriminator(value: &Value, at: &Pointer) -> Result<(), Error> {
    let Value::Object(map) = value else {
        return Err(fail(
            at,
            format!("`discriminator` must be an object, not {}", kind(value)),
        ));
    };
    match map.get("propertyName") {
        Some(Value::String(_)) => {}
        Some(other) => {
            return Err(fail(
                &at.push("propertyName"),
                format!("`propertyName` must be a string, not {}", kind(other)),
            ))
        }
        None => return Err(fail(at, "a `discriminator` needs a `propertyName`".into())),
    }
    match map.get("mapping") {
        None => Ok(()),
        Some(Value::Object(mapping)) => match mapping.iter().find(|(_, v)| !v.is_string()) {
            Some((key, v)) => Err(fail(
                &at.push("mapping").push(key.clone()),
                format!("a `mapping` entry must be a string, not {}", kind(v)),
            )),
            None => Ok(()),
        },
        Some(other) => Err(fail(
            &at.push("mapping"),
            format!("`mapping` must be an object, not {}", kind(other)),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_the_malformed_keyword() {
        let mut doc = json!({"components": {"schemas": {"A": {"allOf": [{"items": {"type": {"nested": 1}}}]}}}});
        let err = check(&mut doc, &mut Vec::new(), &mut Repairs::default(), false).unwrap_err();
        assert_eq!(
            err.location().unwrap().pointer,
            "/components/schemas/A/allOf/0/items/type"
        );
        assert!(
            err.to_string()
                .contains("`type` must be a string, not an object"),
            "{err}"
        );
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"required": "id"}}}}}}}}});
        let err = check(&mut doc, &mut Vec::new(), &mut Repairs::default(), false).unwrap_err();
        assert_eq!(
            err.location().unwrap().pointer,
            "/paths/~1a/get/responses/200/content/application~1json/schema/required"
        );
        let mut doc = json!({"components": {"schemas": {"A": {"$ref": "#/x", "type": 7}}}});
        assert!(
            check(&mut doc, &mut Vec::new(), &mut Repairs::default(), false).is_ok(),
            "beside `$ref`, nothing is read"
        );
    }

    #[test]
    fn drops_callbacks_and_links() {
        let mut doc = json!({"paths": {"/a": {"post": {"callbacks": {"x": 1}, "responses": {"200": {"links": 5}}}}}});
        check(&mut doc, &mut Vec::new(), &mut Repairs::default(), false).unwrap();
        assert_eq!(
            doc,
            json!({"paths": {"/a": {"post": {"responses": {"200": {}}}}}})
        );
    }

    #[test]
    fn an_array_where_an_object_belongs_is_named() {
        // serde would read the media type struct from the array, schema first.
        let mut doc = json!({"paths": {"/a": {"get": {"responses": {"200": {"description": "ok",
            "content": {"application/json": [{"type": "string"}]}}}}}}});
        let err = check(&mut doc, &mut Vec::new(), &mut Repairs::default(), false).unwrap_err();
        assert_eq!(
            err.location().unwrap().pointer,
            "/paths/~1a/get/responses/200/content/application~1json"
        );
        assert!(
            err.to_string()
                .contains("expected an object here, not an array"),
            "{err}"
        );
    }
}
