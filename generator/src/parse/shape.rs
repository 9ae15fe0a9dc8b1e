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

use crate::error::{Error, Location, Pointer};

/// Checks the document's structure down to every schema; removes `callbacks` and `links`.
///
/// The parts around schemas are checked too, as far as "this must be an object" goes: serde
/// reads a struct from an array as readily as from an object, which would let a misplaced
/// array reach schema positions unchecked.
pub(crate) fn check(doc: &mut Value, unread: &mut Unread) -> Result<(), Error> {
    let root = Pointer::root();
    let Value::Object(map) = doc else {
        return Ok(());
    };
    if let Some(webhooks) = map.remove("webhooks") {
        unread.push((root.push("webhooks"), webhooks));
    }
    if let Some(components) = map.get_mut("components") {
        let at = root.push("components");
        let components = object(components, &at)?;
        for section in ["callbacks", "links", "pathItems"] {
            if let Some(removed) = components.remove(section) {
                unread.push((at.push(section), removed));
            }
        }
        for (section, entries) in components.iter_mut() {
            let at = at.push(section.clone());
            let entries = object(entries, &at)?;
            for (name, entry) in entries.iter_mut() {
                let at = at.push(name.clone());
                match section.as_str() {
                    "schemas" => check_schema(entry, &at)?,
                    "responses" => response(entry, &at, unread)?,
                    "parameters" | "headers" => parameter(entry, &at)?,
                    "requestBodies" => request_body(entry, &at)?,
                    _ => {
                        object(entry, &at)?;
                    }
                }
            }
        }
    }
    if let Some(paths) = map.get_mut("paths") {
        let at = root.push("paths");
        for (path, item) in object(paths, &at)?.iter_mut() {
            path_item(item, &at.push(path.clone()), unread)?;
        }
    }
    Ok(())
}

/// `value` as an object, or an error naming what it is instead.
fn object<'v>(
    value: &'v mut Value,
    at: &Pointer,
) -> Result<&'v mut serde_json::Map<String, Value>, Error> {
    let found = kind(value);
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(fail(at, format!("expected an object here, not {found}"))),
    }
}

/// An object, unless it is a `$ref` (which `validate` resolves).
fn item<'v>(
    value: &'v mut Value,
    at: &Pointer,
) -> Result<Option<&'v mut serde_json::Map<String, Value>>, Error> {
    let map = object(value, at)?;
    Ok((!map.contains_key("$ref")).then_some(map))
}

/// Parts removed from the typed view (generation does not read them), with where they were.
pub(crate) type Unread = Vec<(Pointer, Value)>;

fn path_item(value: &mut Value, at: &Pointer, unread: &mut Unread) -> Result<(), Error> {
    let Some(map) = item(value, at)? else {
        return Ok(());
    };
    for (key, child) in map.iter_mut() {
        let at = at.push(key.clone());
        match key.as_str() {
            "parameters" => parameters(child, &at)?,
            "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace" => {
                operation(child, &at, unread)?
            }
            _ => {}
        }
    }
    Ok(())
}

fn operation(value: &mut Value, at: &Pointer, unread: &mut Unread) -> Result<(), Error> {
    let map = object(value, at)?;
    if let Some(callbacks) = map.remove("callbacks") {
        unread.push((at.push("callbacks"), callbacks));
    }
    for (key, child) in map.iter_mut() {
        let at = at.push(key.clone());
        match key.as_str() {
            "parameters" => parameters(child, &at)?,
            "requestBody" => request_body(child, &at)?,
            "responses" => {
                for (status, response_value) in object(child, &at)?.iter_mut() {
                    response(response_value, &at.push(status.clone()), unread)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn parameters(value: &mut Value, at: &Pointer) -> Result<(), Error> {
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
        .try_for_each(|(i, p)| parameter(p, &at.push(i.to_string())))
}

/// A parameter or a header: a `schema`, or `content`.
fn parameter(value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Some(map) = item(value, at)? else {
        return Ok(());
    };
    if let Some(schema) = map.get("schema") {
        check_schema(schema, &at.push("schema"))?;
    }
    match map.get_mut("content") {
        Some(content) => media_types(content, &at.push("content")),
        None => Ok(()),
    }
}

fn request_body(value: &mut Value, at: &Pointer) -> Result<(), Error> {
    let Some(map) = item(value, at)? else {
        return Ok(());
    };
    match map.get_mut("content") {
        Some(content) => media_types(content, &at.push("content")),
        None => Ok(()),
    }
}

fn response(value: &mut Value, at: &Pointer, unread: &mut Unread) -> Result<(), Error> {
    let Some(map) = item(value, at)? else {
        return Ok(());
    };
    if let Some(links) = map.remove("links") {
        unread.push((at.push("links"), links));
    }
    if let Some(headers) = map.get_mut("headers") {
        let headers_at = at.push("headers");
        for (name, header) in object(headers, &headers_at)?.iter_mut() {
            parameter(header, &headers_at.push(name.clone()))?;
        }
    }
    match map.get_mut("content") {
        Some(content) => media_types(content, &at.push("content")),
        None => Ok(()),
    }
}

fn media_types(value: &mut Value, at: &Pointer) -> Result<(), Error> {
    for (name, media) in object(value, at)?.iter_mut() {
        let at = at.push(name.clone());
        let media = object(media, &at)?;
        if let Some(schema) = media.get("schema") {
            check_schema(schema, &at.push("schema"))?;
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

fn check_schema(value: &Value, at: &Pointer) -> Result<(), Error> {
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
    for (key, child) in map {
        let child_at = at.push(key.clone());
        let expect = |ok: bool, what: &str| {
            if ok {
                Ok(())
            } else {
                Err(fail(
                    &child_at,
                    format!("`{key}` must be {what}, not {}", kind(child)),
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
            "properties" => match child {
                Value::Object(props) => {
                    for (name, prop) in props {
                        check_schema(prop, &child_at.push(name.clone()))?;
                    }
                }
                _ => expect(false, "an object")?,
            },
            "items" | "not" => check_schema(child, &child_at)?,
            "additionalProperties" => match child {
                Value::Bool(_) => {}
                other => check_schema(other, &child_at)?,
            },
            "allOf" | "oneOf" | "anyOf" => match child {
                Value::Array(members) => {
                    for (i, member) in members.iter().enumerate() {
                        check_schema(member, &child_at.push(i.to_string()))?;
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
        let err = check(&mut doc, &mut Vec::new()).unwrap_err();
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
        let err = check(&mut doc, &mut Vec::new()).unwrap_err();
        assert_eq!(
            err.location().unwrap().pointer,
            "/paths/~1a/get/responses/200/content/application~1json/schema/required"
        );
        let mut doc = json!({"components": {"schemas": {"A": {"$ref": "#/x", "type": 7}}}});
        assert!(
            check(&mut doc, &mut Vec::new()).is_ok(),
            "beside `$ref`, nothing is read"
        );
    }

    #[test]
    fn drops_callbacks_and_links() {
        let mut doc = json!({"paths": {"/a": {"post": {"callbacks": {"x": 1}, "responses": {"200": {"links": 5}}}}}});
        check(&mut doc, &mut Vec::new()).unwrap();
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
        let err = check(&mut doc, &mut Vec::new()).unwrap_err();
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
