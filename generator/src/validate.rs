//! Stage 2: whole-document checks that lowering relies on: every `$ref` that generation follows is
//! local and resolves, and operationIds are unique.
//!
//! A `$ref` generation never follows (in a component nothing uses, an example, a link, a
//! callback, a webhook) does not stop it: it is reported once as a warning, with its location.
//! Data is not searched at all: `example`, `default`, `enum` and an Example's `value` may hold
//! objects with a `$ref` key that mean nothing (GitHub's examples do).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use openapiv3::OpenAPI;
use serde_json::Value;

use crate::error::{Error, Location, Pointer};
use crate::parse::Document;

/// Something worth telling the user that does not stop generation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// Component sections whose entries generation reads only when something it reads refers to them.
const ON_DEMAND: &[&str] = &["parameters", "requestBodies", "responses", "headers"];

/// Checks the parsed document. The first problem generation cannot get past is the error;
/// problems it never meets are warnings.
pub fn validate(doc: &Document) -> Result<Vec<Warning>, Error> {
    let mut refs = Vec::new();
    collect(&doc.value, &mut Vec::new(), &mut refs);
    let read = refs.len();
    for (at, subtree) in &doc.unread {
        let mut path: Vec<Cow<str>> = at
            .segments()
            .iter()
            .map(|s| Cow::Borrowed(s.as_str()))
            .collect();
        collect(subtree, &mut path, &mut refs);
    }
    for r in &mut refs[read..] {
        // Callbacks, links, webhooks: nothing in them is generated.
        r.root_followed = false;
        r.component = None;
    }

    // What generation follows: every operation, every schema and security scheme, and the
    // on-demand components those refer to, however indirectly.
    let mut followed: BTreeSet<(String, String)> = BTreeSet::new();
    let mut work: Vec<&str> = refs
        .iter()
        .filter(|r| r.root_followed)
        .map(|r| r.reference.as_str())
        .collect();
    while let Some(reference) = work.pop() {
        let Some(key) = on_demand_component(reference) else {
            continue;
        };
        if followed.insert(key.clone()) {
            work.extend(
                refs.iter()
                    .filter(|r| r.component.as_ref() == Some(&key))
                    .map(|r| r.reference.as_str()),
            );
        }
    }

    let mut warnings = Vec::new();
    for r in &refs {
        let Some(problem) = problem(&doc.value, &r.reference) else {
            continue;
        };
        let pointer = r
            .path
            .iter()
            .fold(Pointer::root(), |p, s| p.push(s.clone()))
            .push("$ref");
        let is_followed =
            r.root_followed || r.component.as_ref().is_some_and(|c| followed.contains(c));
        let why = doc.unresolved.get(&r.reference);
        match (is_followed, problem) {
            (true, Problem::NotLocal) => {
                return Err(Error::invalid(
                    &pointer,
                    format!(
                        "`$ref: {}` cannot be followed: {}",
                        r.reference,
                        why.map(String::as_str).unwrap_or("it is not a reference within the document")
                    ),
                ))
            }
            (true, Problem::Dangling) if r.reference.starts_with("#/components/schemas/") => {
                return Err(Error::repairable(
                    &pointer,
                    format!("`$ref: {}` points at nothing (dangling reference)", r.reference),
                    "type the value it describes as free-form JSON",
                ))
            }
            (true, Problem::Dangling) => {
                return Err(Error::invalid(
                    &pointer,
                    format!("`$ref: {}` points at nothing (dangling reference)", r.reference),
                ))
            }
            (false, problem) => warnings.push(Warning {
                location: Location::at(&pointer),
                message: format!(
                    "`$ref: {}` {}; generation does not use this part of the document, so it is skipped",
                    r.reference,
                    match (problem, why) {
                        (Problem::NotLocal, Some(why)) => why.as_str(),
                        (Problem::NotLocal, None) => "is not a local reference",
                        (Problem::Dangling, _) => "points at nothing",
                    }
                ),
            }),
        }
    }
    check_operation_ids(&doc.spec)?;
    Ok(warnings)
}

/// One `$ref` and where it is.
struct Ref {
    path: Vec<String>,
    reference: String,
    /// Under `paths`, `components/schemas` or `components/securitySchemes`, outside examples.
    root_followed: bool,
    /// The on-demand component it sits in, if any.
    component: Option<(String, String)>,
}

enum Problem {
    NotLocal,
    Dangling,
}

fn problem(doc: &Value, reference: &str) -> Option<Problem> {
    match reference.strip_prefix('#') {
        None => Some(Problem::NotLocal),
        Some(target) if doc.pointer(target).is_none() => Some(Problem::Dangling),
        Some(_) => None,
    }
}

/// `#/components/responses/NotFound` → `("responses", "NotFound")`.
fn on_demand_component(reference: &str) -> Option<(String, String)> {
    let rest = reference.strip_prefix("#/components/")?;
    let (section, name) = rest.split_once('/')?;
    (ON_DEMAND.contains(&section) && !name.contains('/'))
        .then(|| (section.to_string(), Pointer::unescape(name)))
}

/// Every `$ref` under `node`, with its path; data positions are not searched.
fn collect<'v>(node: &'v Value, path: &mut Vec<Cow<'v, str>>, out: &mut Vec<Ref>) {
    match node {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                let segment = |i: usize| path.get(i).map(|s| s.as_ref());
                let in_examples = path.iter().any(|s| s == "examples");
                let root_followed = !in_examples
                    && match segment(0) {
                        Some("paths") => true,
                        Some("components") => {
                            matches!(segment(1), Some("schemas" | "securitySchemes"))
                        }
                        _ => false,
                    };
                let component = match (segment(0), segment(1), segment(2)) {
                    (Some("components"), Some(section), Some(name))
                        if ON_DEMAND.contains(&section) && !in_examples =>
                    {
                        Some((section.to_string(), name.to_string()))
                    }
                    _ => None,
                };
                out.push(Ref {
                    path: path.iter().map(|s| s.to_string()).collect(),
                    reference: reference.clone(),
                    root_followed,
                    component,
                });
            }
            // An Example Object's `value`: under `examples` maps (not schema `examples` lists).
            let example_object = path.len() >= 2 && path[path.len() - 2] == "examples";
            for (key, value) in map {
                let data = matches!(key.as_str(), "example" | "default" | "enum" | "const")
                    || key.starts_with("x-")
                    || (key == "examples" && value.is_array())
                    || (key == "value" && example_object);
                if data || key == "$ref" {
                    continue;
                }
                path.push(Cow::Borrowed(key));
                collect(value, path, out);
                path.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Cow::Owned(i.to_string()));
                collect(item, path, out);
                path.pop();
            }
        }
        _ => {}
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
