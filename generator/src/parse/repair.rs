//! Documents that break OpenAPI's rules in ways vendors ship anyway. Each such place is
//! refused by default with an error that says what the repair would be; in lenient mode it is
//! repaired, and the repair is a located warning.
//!
//! This file holds the collector both modes go through, and the repairs made on the whole
//! document once it is bundled: duplicate operationIds, undeclared path parameters, security
//! requirements naming undeclared schemes, operations without `responses`. Repairs of single
//! nodes are made where those nodes are checked (`shape.rs`, `bundle.rs`).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

use crate::error::{Error, Location, Pointer};

/// Where a repair was made: a pointer into the read document, or (while other files are being
/// bundled) a file and a pointer in it.
#[derive(Debug, Clone)]
pub(crate) enum RepairAt {
    Document(Pointer),
    File(Location),
}

/// The repairs made, or the first one needed when not lenient.
#[derive(Debug, Default)]
pub(crate) struct Repairs {
    pub lenient: bool,
    pub made: Vec<(RepairAt, String)>,
    /// What is worth telling about a valid document (a scheme the client cannot use).
    pub notes: Vec<(Pointer, String)>,
}

impl Repairs {
    /// A rule is broken at `at`: `problem` says how, `repair` what lenient mode does about it.
    /// Lenient: recorded, and the caller makes the repair. Otherwise: the error.
    pub fn repair(&mut self, at: &Pointer, problem: &str, repair: &str) -> Result<(), Error> {
        self.at(RepairAt::Document(at.clone()), problem, repair)
    }

    pub fn at(&mut self, at: RepairAt, problem: &str, repair: &str) -> Result<(), Error> {
        if self.lenient {
            self.made
                .push((at, format!("{problem}: repaired: {repair}")));
            return Ok(());
        }
        let location = match at {
            RepairAt::Document(pointer) => Location::at(&pointer),
            RepairAt::File(location) => location,
        };
        Err(Error::Repairable {
            location,
            message: problem.to_string(),
            repair: repair.to_string(),
        })
    }
}

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The security scheme types the client can send.
const USABLE_SCHEMES: &[&str] = &["apiKey", "http", "oauth2", "openIdConnect"];

/// Schemes the client cannot use (`mutualTLS`, a type OpenAPI does not define) leave the
/// document, and so do the alternatives that need them; operations left with no alternative
/// send no credentials, and a note names them.
fn unusable_schemes(doc: &mut Value, notes: &mut Vec<(Pointer, String)>) {
    let Some(Value::Object(schemes)) = doc.pointer_mut("/components/securitySchemes") else {
        return;
    };
    let unusable: Vec<(String, String)> = schemes
        .iter()
        .filter_map(|(name, scheme)| {
            let kind = scheme.get("type").and_then(Value::as_str)?;
            (!USABLE_SCHEMES.contains(&kind)).then(|| (name.clone(), kind.to_string()))
        })
        .collect();
    if unusable.is_empty() {
        return;
    }
    for (name, _) in &unusable {
        schemes.remove(name);
    }
    let names: BTreeSet<&str> = unusable.iter().map(|(n, _)| n.as_str()).collect();
    // Keeps the alternatives that need no unusable scheme; whether any was dropped.
    let keep = |security: &mut Value| -> (bool, bool) {
        let Value::Array(list) = security else {
            return (false, false);
        };
        let before = list.len();
        list.retain(|alternative| {
            !alternative
                .as_object()
                .is_some_and(|a| a.keys().any(|k| names.contains(k.as_str())))
        });
        (list.len() < before, list.is_empty() && before > 0)
    };
    let mut global_emptied = false;
    if let Some(security) = doc.get_mut("security") {
        global_emptied = keep(security).1;
    }
    let mut stranded = Vec::new();
    if let Some(Value::Object(paths)) = doc.get_mut("paths") {
        for (path, item) in paths.iter_mut() {
            for method in METHODS {
                let Some(Value::Object(op)) = item.get_mut(*method) else {
                    continue;
                };
                let emptied = match op.get_mut("security") {
                    Some(security) => keep(security).1,
                    None => global_emptied,
                };
                if emptied {
                    stranded.push(format!("{} {path}", method.to_ascii_uppercase()));
                }
            }
        }
    }
    for (name, kind) in unusable {
        let mut message = format!(
            "the `{kind}` security scheme `{name}` is not one this client can send (it sends API keys, HTTP schemes and OAuth2 / OpenID Connect tokens); requirements that need it are left out"
        );
        if !stranded.is_empty() {
            message.push_str(&format!(
                ", which leaves {} without credentials: {}",
                if stranded.len() == 1 {
                    "this operation"
                } else {
                    "these operations"
                },
                stranded.join(", ")
            ));
        }
        notes.push((
            Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name),
            message,
        ));
    }
}

/// The repairs that need the whole (bundled) document.
pub(crate) fn document(doc: &mut Value, version: &str, repairs: &mut Repairs) -> Result<(), Error> {
    unusable_schemes(doc, &mut repairs.notes);
    let schemes: Option<BTreeSet<String>> = doc
        .pointer("/components/securitySchemes")
        .and_then(Value::as_object)
        .map(|s| s.keys().cloned().collect());
    // What path parameters need of the shared parameters: where each is, its name, or the
    // reference it is.
    let component_params: Map<String, Value> = doc
        .pointer("/components/parameters")
        .and_then(Value::as_object)
        .map(|params| {
            params
                .iter()
                .map(|(key, param)| {
                    let slim: Map<String, Value> = ["in", "name", "$ref"]
                        .iter()
                        .filter_map(|k| param.get(*k).map(|v| (k.to_string(), v.clone())))
                        .collect();
                    (key.clone(), Value::Object(slim))
                })
                .collect()
        })
        .unwrap_or_default();
    let Some(Value::Object(root)) = Some(&mut *doc) else {
        return Ok(());
    };
    if let Some(security) = root.get_mut("security") {
        requirements(
            security,
            &Pointer::root().push("security"),
            &schemes,
            repairs,
        )?;
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return Ok(());
    };
    let mut ids: BTreeMap<String, Pointer> = BTreeMap::new();
    let mut misplaced = Vec::new();
    for (path, item) in paths.iter_mut() {
        let Value::Object(item) = item else { continue };
        let path_at = Pointer::root().push("paths").push(path.clone());
        let shared = declared_path_params(item.get("parameters"), &component_params);
        for method in METHODS {
            let Some(Value::Object(op)) = item.get_mut(*method) else {
                continue;
            };
            let at = path_at.push(*method);
            if !op.contains_key("responses") {
                if version.starts_with("3.1") {
                    // 3.1 lets an operation leave its responses out.
                    op.insert("responses".into(), json!({}));
                } else {
                    repairs.repair(
                        &at,
                        "the operation has no `responses` (OpenAPI 3.0 requires them)",
                        "read as declaring no response",
                    )?;
                    op.insert("responses".into(), json!({}));
                }
            }
            if let Some(Value::String(id)) = op.get("operationId") {
                let id = id.clone();
                let id_at = at.push("operationId");
                match ids.get(&id) {
                    Some(first) => {
                        let renamed = unique_id(method, path, &ids);
                        repairs.repair(
                            &id_at,
                            &format!("operationId `{id}` is already used at {first}"),
                            &format!("rename this one `{renamed}`, from its method and path"),
                        )?;
                        op.insert("operationId".into(), Value::String(renamed.clone()));
                        ids.insert(renamed, id_at);
                    }
                    None => {
                        ids.insert(id, id_at);
                    }
                }
            }
            let mut declared = shared.clone();
            declared.extend(declared_path_params(
                op.get("parameters"),
                &component_params,
            ));
            for name in template_names(path) {
                if declared.contains(&name) {
                    continue;
                }
                repairs.repair(
                    &at,
                    &format!("`{{{name}}}` in `{path}` has no path parameter declared"),
                    &format!("declare `{name}` as a required string path parameter"),
                )?;
                let parameters = op
                    .entry("parameters")
                    .or_insert_with(|| Value::Array(Vec::new()));
                if !parameters.is_array() {
                    *parameters = Value::Array(Vec::new());
                }
                if let Value::Array(list) = parameters {
                    list.push(json!({
                        "name": name, "in": "path", "required": true, "schema": {"type": "string"}
                    }));
                }
                declared.insert(name);
            }
            if let Some(security) = op.get_mut("security") {
                requirements(security, &at.push("security"), &schemes, repairs)?;
            }
            misplaced_references(op, &at, &mut misplaced);
        }
    }
    swap_misplaced(root, misplaced, repairs)
}

/// A response or request body given by reference, the reference naming the other kind of
/// component: where it is, the section named and the component's name.
struct Misplaced {
    at: Pointer,
    section: &'static str,
    name: String,
}

/// Collects an operation's responses that name a request body component, and its request
/// body if it names a response component. (Both kinds hold a description and content.)
fn misplaced_references(op: &Map<String, Value>, op_at: &Pointer, found: &mut Vec<Misplaced>) {
    let named = |value: &Value, section: &str| {
        value
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| {
                r.strip_prefix("#/components/")?
                    .strip_prefix(section)?
                    .strip_prefix('/')
            })
            .map(Pointer::unescape)
    };
    if let Some(Value::Object(responses)) = op.get("responses") {
        for (code, response) in responses {
            if let Some(name) = named(response, "requestBodies") {
                found.push(Misplaced {
                    at: op_at.push("responses").push(code.clone()),
                    section: "requestBodies",
                    name,
                });
            }
        }
    }
    if let Some(name) = op.get("requestBody").and_then(|b| named(b, "responses")) {
        found.push(Misplaced {
            at: op_at.push("requestBody"),
            section: "responses",
            name,
        });
    }
}

/// Puts a copy of the component named in place of each misplaced reference (lenient), keeping
/// what the place allows: a response no `required`, a request body no `headers` or `links`.
fn swap_misplaced(
    root: &mut Map<String, Value>,
    misplaced: Vec<Misplaced>,
    repairs: &mut Repairs,
) -> Result<(), Error> {
    for Misplaced { at, section, name } in misplaced {
        let Some(Value::Object(component)) = root
            .get("components")
            .and_then(|c| c.get(section))
            .and_then(|s| s.get(&name))
        else {
            // Names nothing: the error for that comes where references are followed.
            continue;
        };
        let mut copy = component.clone();
        let (kind, place, dropped): (&str, &str, &[&str]) = match section {
            "requestBodies" => ("request body", "response", &["required"]),
            _ => ("response", "request body", &["headers", "links"]),
        };
        for key in dropped {
            copy.remove(*key);
        }
        // A response needs a description; a request body may have none.
        copy.entry("description")
            .or_insert_with(|| Value::String(String::new()));
        repairs.repair(
            &at,
            &format!(
                "`$ref: #/components/{section}/{name}` names a {kind} component where a {place} \
                 belongs"
            ),
            &format!("read that {kind}'s description and content as this {place}"),
        )?;
        // The path was read from this document, so each step is there.
        let Some((last, parents)) = at.segments().split_last() else {
            continue;
        };
        if let Some(parent) = object_at(root, parents) {
            parent.insert(last.clone(), Value::Object(copy));
        }
    }
    Ok(())
}

/// Drops undeclared schemes from a list of security requirements.
fn requirements(
    security: &mut Value,
    at: &Pointer,
    schemes: &Option<BTreeSet<String>>,
    repairs: &mut Repairs,
) -> Result<(), Error> {
    let Value::Array(list) = security else {
        return Ok(());
    };
    let declared = |name: &str| schemes.as_ref().is_some_and(|s| s.contains(name));
    let mut kept = Vec::new();
    for (i, requirement) in list.iter().enumerate() {
        let Value::Object(names) = requirement else {
            kept.push(requirement.clone());
            continue;
        };
        let mut requirement: Map<String, Value> = Map::new();
        let mut dropped = false;
        for (name, scopes) in names {
            let scopes = if scopes.is_null() {
                repairs.repair(
                    &at.push(i.to_string()).push(name.clone()),
                    "`null` where the list of scopes belongs",
                    "read it as no scopes",
                )?;
                &Value::Array(Vec::new())
            } else {
                scopes
            };
            if declared(name) {
                requirement.insert(name.clone(), scopes.clone());
            } else {
                repairs.repair(
                    &at.push(i.to_string()).push(name.clone()),
                    &format!(
                        "security scheme `{name}` is not defined under #/components/securitySchemes"
                    ),
                    "leave it out of this requirement",
                )?;
                dropped = true;
            }
        }
        // A requirement that named only undeclared schemes is not an anonymous alternative.
        if !(dropped && requirement.is_empty()) {
            kept.push(Value::Object(requirement));
        }
    }
    if kept.is_empty() && !list.is_empty() {
        // Nothing declared is asked for: the operation states no requirement of its own.
        *security = Value::Null;
    } else {
        *list = kept;
    }
    Ok(())
}

/// The object at a path of keys below `node`.
fn object_at<'m>(
    mut node: &'m mut Map<String, Value>,
    keys: &[String],
) -> Option<&'m mut Map<String, Value>> {
    for key in keys {
        node = node.get_mut(key)?.as_object_mut()?;
    }
    Some(node)
}

/// The names of the path parameters in a `parameters` list (references followed).
fn declared_path_params(list: Option<&Value>, components: &Map<String, Value>) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for param in list.and_then(Value::as_array).into_iter().flatten() {
        // Chains of references followed to their end.
        let mut param = param;
        for _ in 0..16 {
            let Some(reference) = param.get("$ref").and_then(Value::as_str) else {
                break;
            };
            match reference
                .strip_prefix("#/components/parameters/")
                .and_then(|name| components.get(&Pointer::unescape(name)))
            {
                Some(next) => param = next,
                None => break,
            }
        }
        if param.get("in").and_then(Value::as_str) == Some("path") {
            if let Some(name) = param.get("name").and_then(Value::as_str) {
                names.insert(name.to_string());
            }
        }
    }
    names
}

fn template_names(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

/// `get` + `/users/{id}/posts` → `get_users_id_posts`, suffixed until unused.
fn unique_id(method: &str, path: &str, taken: &BTreeMap<String, Pointer>) -> String {
    let mut words = vec![method.to_string()];
    words.extend(
        path.split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string),
    );
    let base = words.join("_");
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains_key(&id) {
        id = format!("{base}_{n}");
        n += 1;
    }
    id
}
