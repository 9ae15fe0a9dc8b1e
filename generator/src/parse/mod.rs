//! Stage 1: YAML or JSON text → `openapiv3::OpenAPI`, with errors that carry a pointer and line.
//!
//! The text is read into a `serde_json::Value` first: JSON by serde_json (so every valid JSON
//! string, surrogate-pair escapes included, reads as it should), YAML by saphyr-parser's events.
//! The version is checked on that tree before anything else, 3.1 documents are rewritten into
//! 3.0 shapes (see `normalize.rs`), and only then is the tree read as a typed document.

mod bundle;
mod json;
mod normalize;
mod repair;
mod shape;
mod sources;
mod swagger2;
mod webhooks;
mod yaml;

use std::collections::BTreeMap;
use std::path::Path;

use openapiv3::OpenAPI;
use serde_json::Value;
use serde_path_to_error::Segment;

use crate::error::{Error, Location, Pointer};
pub use sources::SourceMap;

/// A parsed document: the typed view lowering reads, and the tree `validate` walks.
#[derive(Debug, Clone)]
pub struct Document {
    pub spec: OpenAPI,
    /// The document as read (3.1 documents after their rewrite into 3.0 shapes).
    pub value: Value,
    /// Parts generation never reads (callbacks, links, webhooks), taken out of `value` and
    /// kept here with where they were, so `validate` can still mention what is wrong in them.
    pub unread: Vec<(Pointer, Value)>,
    /// Every file the document was read from, and the parts moved while reading it: where a
    /// pointer into `value` was written.
    pub sources: SourceMap,
    /// `$ref`s left as written, with why they could not be followed (another file that cannot
    /// be read, a remote document).
    pub unresolved: BTreeMap<String, String>,
    /// What lenient mode repaired: (where, what).
    pub repairs: Vec<(Location, String)>,
    /// What is worth telling about the document as read: (where, what).
    pub notes: Vec<(Location, String)>,
    /// The component schema that is the union of the webhooks' bodies, when the document has
    /// webhooks (`webhooks.rs`).
    pub webhook_event: Option<String>,
}

/// How a document is read.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReadOptions<'a> {
    /// The document's name in messages (`spec/api.yaml`).
    pub name: Option<&'a str>,
    /// Its path on disk, when it was read from a file: references to other files are read
    /// relative to it.
    pub path: Option<&'a Path>,
    /// Repair what breaks OpenAPI's rules where that can be done (see `Settings::lenient`).
    pub lenient: bool,
}

/// Parses an OpenAPI 3.0.x or 3.1.x (or Swagger 2.0) document, YAML or JSON. References to other files cannot
/// be followed (see [`parse_with`]).
#[cfg(test)]
pub fn parse(source: &str) -> Result<Document, Error> {
    parse_with(source, &ReadOptions::default())
}

/// Parses a document; errors are located (file, pointer in it, line).
pub fn parse_with(source: &str, options: &ReadOptions) -> Result<Document, Error> {
    let mut sources = SourceMap::new(options.name, source);
    let mut repairs = repair::Repairs {
        lenient: options.lenient,
        ..Default::default()
    };
    match read_document(source, options, &mut sources, &mut repairs) {
        Ok((spec, value, unread, unresolved, webhook_event)) => {
            let notes = repairs
                .notes
                .iter()
                .map(|(at, message)| (sources.locate(&at.to_string()), message.clone()))
                .collect();
            let repairs = repairs
                .made
                .into_iter()
                .map(|(at, message)| {
                    let location = match at {
                        repair::RepairAt::Document(pointer) => sources.locate(&pointer.to_string()),
                        repair::RepairAt::File(location) => location,
                    };
                    (location, message)
                })
                .collect();
            Ok(Document {
                spec,
                value,
                unread,
                sources,
                unresolved,
                repairs,
                notes,
                webhook_event,
            })
        }
        Err(e) => Err(e.relocated(&sources)),
    }
}

type Read = (
    OpenAPI,
    Value,
    Vec<(Pointer, Value)>,
    BTreeMap<String, String>,
    Option<String>,
);

fn read_document(
    source: &str,
    options: &ReadOptions,
    sources: &mut SourceMap,
    repairs: &mut repair::Repairs,
) -> Result<Read, Error> {
    let mut value = read(source)?;
    check_depth(&value)?;
    let version = check_version(&value)?;
    if version.starts_with('2') {
        swagger2::convert(&mut value, sources);
    }
    let bundled = bundle::bundle(&mut value, options.path, sources, repairs)?;
    check_depth(&value)?;
    repair::document(&mut value, &version, repairs)?;
    let v31 = version.starts_with("3.1");
    if v31 {
        normalize::openapi_31(&mut value);
    }
    let webhook_event = webhooks::fold(&mut value, sources);
    let mut unread = Vec::new();
    shape::check(&mut value, &mut unread, repairs, v31)?;
    let spec: OpenAPI = typed(&value, &Pointer::root()).map_err(|e| refine(&value, e))?;
    Ok((spec, value, unread, bundled.unresolved, webhook_event))
}

/// Reads `value` as a `T`; errors carry the pointer of the node at fault below `base`. The
/// fast read comes first; only a failed one is read again with its path tracked.
fn typed<T: serde::de::DeserializeOwned>(value: &Value, base: &Pointer) -> Result<T, Error> {
    if let Ok(typed) = T::deserialize(value) {
        return Ok(typed);
    }
    serde_path_to_error::deserialize(value).map_err(|err| {
        let mut pointer = base.clone();
        for segment in err.path().iter() {
            match segment {
                Segment::Seq { index } => pointer = pointer.push(index.to_string()),
                Segment::Map { key } => pointer = pointer.push(key.clone()),
                Segment::Enum { variant } => pointer = pointer.push(variant.clone()),
                Segment::Unknown => break,
            }
        }
        Error::Parse {
            location: Location::at(&pointer),
            message: err.into_inner().to_string(),
        }
    })
}

/// openapiv3 reads `$ref`-or-object positions through untagged enums, which hide the deeper
/// path from serde: an error stops at the map or list holding them. Reading the entries there on
/// their own, as the type that position holds, finds the node at fault.
fn refine(root: &Value, mut error: Error) -> Error {
    use openapiv3::{Header, Parameter, PathItem, RequestBody, Response, Schema, SecurityScheme};
    loop {
        let Some(location) = error.location() else {
            return error;
        };
        let pointer = Pointer::parse(&location.pointer);
        let Some(node) = root.pointer(&location.pointer) else {
            return error;
        };
        let last = pointer.segments().last().map(String::as_str).unwrap_or("");
        // Entries of a map or list (skipping `$ref`s, which cannot be at fault), or the node.
        let entries: Vec<(Pointer, &Value)> = match node {
            Value::Object(map) if !map.contains_key("$ref") && is_map_position(last) => map
                .iter()
                .map(|(k, v)| (pointer.push(k.clone()), v))
                .collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (pointer.push(i.to_string()), v))
                .collect(),
            other => vec![(pointer.clone(), other)],
        };
        let deeper = entries
            .into_iter()
            .filter(|(_, v)| v.get("$ref").is_none())
            .find_map(|(at, v)| match last {
                "paths" | "callbacks" => typed::<PathItem>(v, &at).err(),
                "responses" => typed::<Response>(v, &at).err(),
                "parameters" => typed::<Parameter>(v, &at).err(),
                "requestBody" | "requestBodies" => typed::<RequestBody>(v, &at).err(),
                "headers" => typed::<Header>(v, &at).err(),
                "securitySchemes" => typed::<SecurityScheme>(v, &at).err(),
                "schemas"
                | "properties"
                | "schema"
                | "items"
                | "additionalProperties"
                | "not"
                | "allOf"
                | "oneOf"
                | "anyOf" => typed::<Schema>(v, &at).err(),
                _ => None,
            });
        match deeper {
            Some(e)
                if e.location()
                    .is_some_and(|l| l.pointer.len() > location.pointer.len()) =>
            {
                error = e
            }
            _ => return error,
        }
    }
}

/// Positions whose value is a map of named entries (rather than one object).
fn is_map_position(key: &str) -> bool {
    matches!(
        key,
        "paths"
            | "callbacks"
            | "responses"
            | "requestBodies"
            | "headers"
            | "securitySchemes"
            | "schemas"
            | "properties"
    )
}

/// Reads YAML or JSON text into a tree: JSON when the text starts like JSON and reads as JSON,
/// YAML otherwise. Object keys come out sorted, whatever their order in the text.
pub fn read(source: &str) -> Result<Value, Error> {
    let looks_like_json = source.trim_start().starts_with(['{', '[']);
    let json_error = if looks_like_json {
        match serde_json::from_str::<Value>(source) {
            Ok(value) => return Ok(value),
            Err(e) => Some(e),
        }
    } else {
        None
    };
    match yaml::to_value(source) {
        Ok(value) => Ok(value),
        Err(yaml_error) => Err(match json_error {
            // It looked like JSON: the JSON reader's complaint is the useful one.
            Some(e) => Error::Parse {
                location: Location {
                    line: Some(e.line()).filter(|l| *l > 0),
                    ..Location::default()
                },
                message: format!("invalid JSON: {}", strip_position(&e.to_string())),
            },
            None => Error::Parse {
                location: Location {
                    line: yaml_error.line,
                    ..Location::default()
                },
                message: format!("invalid YAML: {}", yaml_error.message),
            },
        }),
    }
}

/// serde_json appends " at line L column C"; the line is reported in the location.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Documents nested deeper than this are refused: the deepest real document we know (GitHub's)
/// nests 18 levels, and every later stage walks the tree recursively.
pub const MAX_DEPTH: usize = 48;

/// Refuses a tree nested deeper than [`MAX_DEPTH`], naming the first node too deep.
fn check_depth(value: &Value) -> Result<(), Error> {
    let mut stack: Vec<(&Value, usize)> = vec![(value, 0)];
    let mut too_deep = false;
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_DEPTH {
            too_deep = true;
            break;
        }
        match node {
            Value::Object(map) => stack.extend(map.values().map(|v| (v, depth + 1))),
            Value::Array(items) => stack.extend(items.iter().map(|v| (v, depth + 1))),
            _ => {}
        }
    }
    if !too_deep {
        return Ok(());
    }
    // Rare: walk again, with paths, to say where.
    let mut stack: Vec<(&Value, Pointer)> = vec![(value, Pointer::root())];
    while let Some((node, pointer)) = stack.pop() {
        if pointer.segments().len() > MAX_DEPTH {
            return Err(Error::Parse {
                location: Location::at(&pointer),
                message: format!("the document nests deeper than {MAX_DEPTH} levels"),
            });
        }
        match node {
            Value::Object(map) => {
                stack.extend(map.iter().map(|(k, v)| (v, pointer.push(k.clone()))))
            }
            Value::Array(items) => stack.extend(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (v, pointer.push(i.to_string()))),
            ),
            _ => {}
        }
    }
    Ok(())
}

/// The `openapi` field, checked before the rest is read so that other versions get a clear answer.
fn check_version(value: &Value) -> Result<String, Error> {
    let Value::Object(root) = value else {
        return Err(Error::Parse {
            location: Location::default(),
            message: "the document is not a mapping (an OpenAPI document is an object with `openapi`, `info` and `paths`)".into(),
        });
    };
    if let Some(swagger) = root.get("swagger") {
        return match swagger {
            Value::String(v) if v == "2.0" => Ok(v.clone()),
            other => Err(Error::unsupported(
                &Pointer::root().push("swagger"),
                format!("Swagger version {other} (2.0, OpenAPI 3.0.x and 3.1.x are read)"),
            )),
        };
    }
    let pointer = Pointer::root().push("openapi");
    match root.get("openapi") {
        Some(Value::String(v)) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(v.clone()),
        Some(Value::String(v)) => Err(Error::unsupported(
            &pointer,
            format!("OpenAPI version {v:?} (3.0.x and 3.1.x are supported)"),
        )),
        Some(other) => Err(Error::invalid(
            &pointer,
            format!("`openapi` must be a version string such as \"3.0.3\", not {other}"),
        )),
        None => Err(Error::invalid(
            &Pointer::root(),
            "the `openapi` version field is missing",
        )),
    }
}

/// The 1-based line where the node at `pointer` is written in `source` (JSON or YAML): for a
/// mapping entry, its key's line; for a missing node, its deepest existing ancestor's.
pub fn line_of(source: &str, pointer: &str) -> Option<usize> {
    let segments: Vec<String> = pointer.split('/').skip(1).map(Pointer::unescape).collect();
    if source.trim_start().starts_with(['{', '['])
        && serde_json::from_str::<serde::de::IgnoredAny>(source).is_ok()
    {
        json::line_of(source, &segments)
    } else {
        yaml::line_of(source, &segments)
    }
}
