//! The diff suite (`xtask/diff-suite/`): realistic edits of one base spec, each stating what a
//! careful reviewer says of it: the worst API severity, every change the report must list, and
//! what happens to code using the Rust crate. `tests/it/diff_suite.rs` holds the report to the
//! first two; `cargo xtask semver-check` proves the third by compiling a user program against
//! the crates generated before and after.
//!
//! A case file (`NAME.case`):
//!
//! ```text
//! # Why the verdict is what it is.
//! api: breaking            # worst severity: breaking, possibly-breaking, non-breaking,
//!                          # documentation, none, or refused (a side does not generate)
//! rust: compatible         # breaking (user code stops compiling), compatible (it compiles),
//!                          # silent (it compiles and now means something else)
//! change: request-property-max-length-decreased breaking    # one line per reported change
//! set /components/schemas/NewItem/properties/name/maxLength 40
//! ```
//!
//! Edits apply to the base spec to make the new side; prefixed with `old:`, to make the old
//! side. `set POINTER JSON` sets a value (creating the last key), `remove POINTER` removes one,
//! `move FROM TO` moves one. Pointers are RFC 6901 (`/paths/~1items/get`).

use std::path::Path;

use generator::diff::Severity;
use serde_json::Value;

/// What the report must say about the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The worst severity (`None`: no changes at all).
    Worst(Option<Severity>),
    /// A side cannot be generated: the report must refuse to judge.
    Refused,
}

/// What a change does to code using the crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rust {
    /// The user program stops compiling.
    Breaking,
    /// It still compiles, and means the same.
    Compatible,
    /// It still compiles, and now means something else (arguments changed places).
    Silent,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Edit {
    Set(String, Value),
    Remove(String),
    Move(String, String),
}

#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// The comment at the top: what the edit is and why the verdict.
    pub why: String,
    pub api: Api,
    pub rust: Rust,
    /// (rule, severity) of every change the report must list, and no other.
    pub changes: Vec<(String, Severity)>,
    pub old_edits: Vec<Edit>,
    pub new_edits: Vec<Edit>,
}

/// The suite's directory.
pub fn dir() -> std::path::PathBuf {
    crate::workspace_root().join("xtask/diff-suite")
}

/// The base spec, as a JSON value, and every case, by name.
pub fn load(dir: &Path) -> Result<(Value, Vec<Case>), String> {
    let base_path = dir.join("base.yaml");
    let text = std::fs::read_to_string(&base_path)
        .map_err(|e| format!("cannot read {}: {e}", base_path.display()))?;
    let base = generator::read(&text).map_err(|e| format!("base.yaml: {e}"))?;
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot list {}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".case").map(str::to_string)
        })
        .collect();
    names.sort();
    let mut cases = Vec::new();
    for name in names {
        let path = dir.join(format!("{name}.case"));
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        cases.push(parse(&name, &text).map_err(|e| format!("{}: {e}", path.display()))?);
    }
    Ok((base, cases))
}

/// Parses one case file.
pub fn parse(name: &str, text: &str) -> Result<Case, String> {
    let mut why = Vec::new();
    let (mut api, mut rust) = (None, None);
    let mut changes = Vec::new();
    let (mut old_edits, mut new_edits) = (Vec::new(), Vec::new());
    for (n, line) in text.lines().enumerate() {
        let at = |e: String| format!("line {}: {e}", n + 1);
        let line = line.trim();
        if let Some(comment) = line.strip_prefix('#') {
            if api.is_none() && rust.is_none() && changes.is_empty() {
                why.push(comment.trim().to_string());
            }
            continue;
        }
        // A trailing `# ...` explains the line.
        let line = line.split(" # ").next().unwrap_or(line).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(value) = line.strip_prefix("api:") {
            api = Some(match value.trim() {
                "refused" => Api::Refused,
                "none" => Api::Worst(None),
                other => Api::Worst(Some(
                    Severity::parse(other)
                        .ok_or_else(|| at(format!("unknown severity `{other}`")))?,
                )),
            });
        } else if let Some(value) = line.strip_prefix("rust:") {
            rust = Some(match value.trim() {
                "breaking" => Rust::Breaking,
                "compatible" => Rust::Compatible,
                "silent" => Rust::Silent,
                other => {
                    return Err(at(format!(
                        "unknown Rust verdict `{other}` (breaking, compatible or silent)"
                    )))
                }
            });
        } else if let Some(value) = line.strip_prefix("change:") {
            let mut words = value.split_whitespace();
            let (Some(rule), Some(severity), None) = (words.next(), words.next(), words.next())
            else {
                return Err(at("`change:` takes a rule id and a severity".into()));
            };
            let severity = Severity::parse(severity)
                .ok_or_else(|| at(format!("unknown severity `{severity}`")))?;
            changes.push((rule.to_string(), severity));
        } else {
            let (edits, line) = match line.strip_prefix("old:") {
                Some(rest) => (&mut old_edits, rest.trim()),
                None => (&mut new_edits, line),
            };
            edits.push(edit(line).map_err(at)?);
        }
    }
    let api = api.ok_or("no `api:` line")?;
    let rust = match (rust, api) {
        (Some(rust), _) => rust,
        // Nothing is generated, so nothing is said of Rust.
        (None, Api::Refused) => Rust::Compatible,
        (None, _) => return Err("no `rust:` line".into()),
    };
    if new_edits.is_empty() && old_edits.is_empty() {
        return Err("no edits".into());
    }
    changes.sort();
    Ok(Case {
        name: name.to_string(),
        why: why.join(" "),
        api,
        rust,
        changes,
        old_edits,
        new_edits,
    })
}

fn edit(line: &str) -> Result<Edit, String> {
    let (verb, rest) = line.split_once(' ').unwrap_or((line, ""));
    let rest = rest.trim();
    match verb {
        "set" => {
            let (pointer, json) = rest
                .split_once(' ')
                .ok_or("`set` takes a pointer and a JSON value")?;
            let value = serde_json::from_str(json.trim())
                .map_err(|e| format!("`set {pointer}`: the value is not JSON: {e}"))?;
            Ok(Edit::Set(pointer.to_string(), value))
        }
        "remove" if !rest.is_empty() => Ok(Edit::Remove(rest.to_string())),
        "move" => {
            let (from, to) = rest.split_once(' ').ok_or("`move` takes two pointers")?;
            Ok(Edit::Move(from.to_string(), to.trim().to_string()))
        }
        other => Err(format!(
            "unknown line `{other} ...` (set, remove, move, api:, rust:, change:)"
        )),
    }
}

/// The old and new specs of a case, as JSON text.
pub fn specs(base: &Value, case: &Case) -> Result<(String, String), String> {
    let build = |edits: &[Edit]| -> Result<String, String> {
        let mut spec = base.clone();
        for e in edits {
            apply(&mut spec, e)?;
        }
        serde_json::to_string_pretty(&spec).map_err(|e| e.to_string())
    };
    Ok((build(&case.old_edits)?, build(&case.new_edits)?))
}

fn segments(pointer: &str) -> Result<Vec<String>, String> {
    if !pointer.starts_with('/') {
        return Err(format!(
            "`{pointer}` is not a JSON pointer (it starts with /)"
        ));
    }
    Ok(generator::Pointer::parse(pointer).segments().to_vec())
}

/// The parent of the node at `pointer`, and the node's key in it; with `create`, missing
/// objects on the way are made (a `set` of a new path item).
fn parent<'v>(
    spec: &'v mut Value,
    pointer: &str,
    create: bool,
) -> Result<(&'v mut Value, String), String> {
    let mut path = segments(pointer)?;
    let last = path.pop().ok_or("the root cannot be edited")?;
    let mut node = spec;
    for segment in &path {
        node = match node {
            Value::Object(map) => {
                if create && !map.contains_key(segment) {
                    map.insert(segment.clone(), Value::Object(Default::default()));
                }
                map.get_mut(segment)
            }
            Value::Array(items) => segment.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
            _ => None,
        }
        .ok_or_else(|| format!("`{pointer}`: no `{segment}` on the way"))?;
    }
    Ok((node, last))
}

fn apply(spec: &mut Value, edit: &Edit) -> Result<(), String> {
    match edit {
        Edit::Set(pointer, value) => match parent(spec, pointer, true)? {
            (Value::Object(map), key) => {
                map.insert(key, value.clone());
                Ok(())
            }
            (Value::Array(items), key) if key == "-" => {
                items.push(value.clone());
                Ok(())
            }
            (Value::Array(items), key) => {
                let slot = key
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get_mut(i))
                    .ok_or_else(|| format!("`{pointer}`: no item `{key}`"))?;
                *slot = value.clone();
                Ok(())
            }
            _ => Err(format!("`{pointer}`: the parent is not an object or array")),
        },
        Edit::Remove(pointer) => {
            take(spec, pointer)?;
            Ok(())
        }
        Edit::Move(from, to) => {
            let value = take(spec, from)?;
            apply(spec, &Edit::Set(to.clone(), value))
        }
    }
}

fn take(spec: &mut Value, pointer: &str) -> Result<Value, String> {
    match parent(spec, pointer, false)? {
        (Value::Object(map), key) => map
            .remove(&key)
            .ok_or_else(|| format!("`{pointer}`: nothing to remove")),
        (Value::Array(items), key) => {
            let i = key
                .parse::<usize>()
                .ok()
                .filter(|i| *i < items.len())
                .ok_or_else(|| format!("`{pointer}`: no item `{key}`"))?;
            Ok(items.remove(i))
        }
        _ => Err(format!("`{pointer}`: the parent is not an object or array")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_file_reads_into_expectations_and_edits() {
        let case = parse(
            "x",
            "# Why.\n# More.\napi: breaking\nrust: silent\nchange: a-rule breaking  # note\n\
             set /a/b {\"c\": 1}\nold: remove /a/d\nmove /a/e /a/f\n",
        )
        .unwrap();
        assert_eq!(case.why, "Why. More.");
        assert_eq!(case.api, Api::Worst(Some(Severity::Breaking)));
        assert_eq!(case.rust, Rust::Silent);
        assert_eq!(case.changes, [("a-rule".to_string(), Severity::Breaking)]);
        assert_eq!(case.old_edits, [Edit::Remove("/a/d".into())]);
        assert_eq!(case.new_edits.len(), 2);
        let base = serde_json::json!({"a": {"d": 1, "e": [1]}});
        let (old, new) = specs(&base, &case).unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&old).unwrap(),
            serde_json::json!({"a": {"e": [1]}})
        );
        assert_eq!(
            serde_json::from_str::<Value>(&new).unwrap(),
            serde_json::json!({"a": {"b": {"c": 1}, "d": 1, "f": [1]}})
        );
        assert!(parse("x", "api: breaking\nrust: maybe\nset /a 1\n").is_err());
        assert!(parse("x", "api: breaking\nrust: breaking\n").is_err());
        let mut spec = base.clone();
        assert!(apply(&mut spec, &Edit::Remove("/a/zzz".into())).is_err());
    }
}
