//! Compares two versions of a spec: what changed, how much it matters to API clients, and what
//! it means for users of the generated Rust crate.
//!
//! The walk follows each operation from its parameters and bodies into the schemas they use,
//! through `$ref`s. Changes inside a shared component are reported once, under the component,
//! per direction (a field added to a request body and to a response mean different things).
//!
//! The Rust consequences assume the generator's evolution policy (README, "Evolving the API"):
//! structs and enums are `#[non_exhaustive]`, request bodies are built with `new(required…)`,
//! optional parameters live in a `Default`-able `{Operation}Params` struct, and string enums keep
//! unknown values in an `Unknown(String)` variant.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use openapiv3::{
    AdditionalProperties, OpenAPI, Operation, Parameter, ParameterSchemaOrContent, PathItem,
    ReferenceOr, RequestBody, Response, Schema, SchemaKind, StatusCode, Type,
    VariantOrUnknownOrEmpty,
};
use serde::Serialize;

use crate::error::Error;
use crate::names::{sanitize, Case};

/// How much a change matters to a client of the HTTP API. Ordered from worst to harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Existing clients break.
    Breaking,
    /// Some clients may break, depending on what they send or how they read answers.
    PossiblyBreaking,
    /// Existing clients keep working.
    NonBreaking,
    /// Only descriptions changed.
    Documentation,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Breaking => "Breaking",
            Severity::PossiblyBreaking => "Possibly breaking",
            Severity::NonBreaking => "Non-breaking",
            Severity::Documentation => "Documentation only",
        }
    }
}

/// What a change does to the generated crate's public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustImpact {
    /// Code using the crate may stop compiling (semver-major).
    Breaking,
    /// The public API grows; existing code compiles (semver-minor).
    NonBreaking,
    /// The public API is unchanged (docs or runtime behaviour only).
    None,
}

/// Which direction data flows through a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    Request,
    Response,
}

/// Where a change is reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Group {
    /// The API as a whole (servers, components no operation uses).
    Api,
    /// One operation.
    Operation {
        method: String,
        path: String,
        operation_id: String,
    },
    /// A shared component schema, as used in one direction.
    Schema {
        name: String,
        direction: Direction,
        /// The operations (`deleteAsset`, ...) that reach the schema in this direction.
        used_by: Vec<String>,
    },
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Group::Api => f.write_str("API"),
            Group::Operation {
                method,
                path,
                operation_id,
            } => write!(f, "`{method} {path}` (`{operation_id}`)"),
            Group::Schema {
                name,
                direction,
                used_by,
            } => {
                let direction = match direction {
                    Direction::Request => "requests",
                    Direction::Response => "responses",
                };
                write!(f, "schema `{name}` in {direction}")?;
                if !used_by.is_empty() {
                    write!(f, " (used by {})", used_by.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub group: Group,
    /// Stable rule id, e.g. `response-property-removed`.
    pub rule: &'static str,
    pub severity: Severity,
    /// JSON pointer of the changed node (in the new spec; in the old one for removals).
    pub location: String,
    /// What changed, in a sentence.
    pub message: String,
    pub rust: RustConsequence,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustConsequence {
    pub impact: RustImpact,
    /// What it means for code using the crate.
    pub note: String,
}

/// All changes between two specs, worst first.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Version of this JSON format.
    pub format: u32,
    pub old: String,
    pub new: String,
    pub summary: Summary,
    pub changes: Vec<Change>,
    /// Exact changes to the generated crate's public API (the items of `api.txt`).
    pub rust_api: Vec<RustApiChange>,
    /// Why `rust_api` could not be computed, if it could not.
    pub rust_api_error: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub possibly_breaking: usize,
    pub non_breaking: usize,
    pub documentation: usize,
    /// Items of the generated public API removed or changed: code using them may stop compiling
    /// (semver-major). Counted from `rust_api`.
    pub rust_breaking: usize,
    /// Items added to the generated public API (semver-minor).
    pub rust_added: usize,
}

impl Report {
    /// The worst API severity present, if any change.
    pub fn worst(&self) -> Option<Severity> {
        self.changes.iter().map(|c| c.severity).min()
    }
}

/// Parses both specs and compares them. `old_name`/`new_name` label them in the report.
pub fn diff_sources(old_name: &str, old: &str, new_name: &str, new: &str) -> Result<Report, Error> {
    let parse = |name: &str, source: &str| {
        let doc = crate::parse::parse(source).map_err(|e| e.with_source(Some(name), source))?;
        crate::validate::validate(&doc).map_err(|e| e.with_source(Some(name), source))?;
        Ok::<_, Error>(doc.spec)
    };
    let old_spec = parse(old_name, old)?;
    let new_spec = parse(new_name, new)?;
    let mut report = unsorted_report(&old_spec, &new_spec);
    report.old = old_name.to_string();
    report.new = new_name.to_string();
    // What changes for code using the crate, exactly: compare the generated public APIs.
    match (
        crate::lower::lower(&old_spec),
        crate::lower::lower(&new_spec),
    ) {
        (Ok(old_api), Ok(new_api)) => report.rust_api = rust_api_changes(&old_api, &new_api),
        (Err(e), _) | (_, Err(e)) => {
            report.rust_api_error =
                Some(format!("the generator cannot lower one of the specs: {e}"))
        }
    }
    finish(&mut report);
    Ok(report)
}

/// One item of the generated public API that appears, disappears or changes signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustApiChange {
    /// `added` (semver-minor under the crate's policy) or `removed` / `changed` (semver-major).
    pub change: RustApiChangeKind,
    /// The item, e.g. `field Asset.name`, `fn delete_asset`, `variant Color::Green`.
    pub item: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustApiChangeKind {
    Removed,
    Changed,
    Added,
}

/// Compares the `api.txt` items of two lowered APIs by key.
fn rust_api_changes(old: &crate::ir::Api, new: &crate::ir::Api) -> Vec<RustApiChange> {
    use crate::emit::listing::items;
    let index = |api| -> BTreeMap<String, (String, String)> {
        items(api)
            .into_iter()
            .map(|i| (i.key, (i.compare, i.signature)))
            .collect()
    };
    let (before, after) = (index(old), index(new));
    let mut changes = Vec::new();
    for (key, (compare, signature)) in &before {
        match after.get(key) {
            None => changes.push(RustApiChange {
                change: RustApiChangeKind::Removed,
                item: key.clone(),
                old: Some(signature.clone()),
                new: None,
            }),
            Some((now, now_signature)) if now != compare => changes.push(RustApiChange {
                change: RustApiChangeKind::Changed,
                item: key.clone(),
                old: Some(signature.clone()),
                new: Some(now_signature.clone()),
            }),
            Some(_) => {}
        }
    }
    for (key, (_, signature)) in &after {
        if !before.contains_key(key) {
            changes.push(RustApiChange {
                change: RustApiChangeKind::Added,
                item: key.clone(),
                old: None,
                new: Some(signature.clone()),
            });
        }
    }
    changes.sort_by(|a, b| (a.change, &a.item).cmp(&(b.change, &b.item)));
    changes
}

/// Compares two parsed specs (the API-level changes; `diff_sources` adds the exact Rust API).
pub fn diff(old: &OpenAPI, new: &OpenAPI) -> Report {
    let mut report = unsorted_report(old, new);
    finish(&mut report);
    report
}

/// The spec walk's changes, not yet sorted or counted: callers add to it, then `finish` once.
fn unsorted_report(old: &OpenAPI, new: &OpenAPI) -> Report {
    let mut differ = Differ {
        old: Doc(old),
        new: Doc(new),
        changes: Vec::new(),
        visited: BTreeSet::new(),
        usage: BTreeMap::new(),
        contains: BTreeSet::new(),
    };
    differ.operations();
    differ.components();
    let mut usage = std::mem::take(&mut differ.usage);
    // A component inside another is used by whatever uses the outer one.
    loop {
        let mut grew = false;
        for (outer, inner, direction) in &differ.contains {
            let users = usage
                .get(&(outer.clone(), *direction))
                .cloned()
                .unwrap_or_default();
            let entry = usage.entry((inner.clone(), *direction)).or_default();
            let before = entry.len();
            entry.extend(users);
            grew |= entry.len() != before;
        }
        if !grew {
            break;
        }
    }
    let mut changes = differ.changes;
    for change in &mut changes {
        if let Group::Schema {
            name,
            direction,
            used_by,
        } = &mut change.group
        {
            if let Some(users) = usage.get(&(name.clone(), *direction)) {
                *used_by = users.iter().cloned().collect();
            }
        }
    }
    Report {
        format: 1,
        old: String::new(),
        new: String::new(),
        summary: Summary::default(),
        changes,
        rust_api: Vec::new(),
        rust_api_error: None,
    }
}

fn finish(report: &mut Report) {
    report.changes.sort_by(|a, b| {
        (a.severity, &a.group, &a.location, a.rule).cmp(&(
            b.severity,
            &b.group,
            &b.location,
            b.rule,
        ))
    });
    report.changes.dedup();
    let mut summary = Summary::default();
    for change in &report.changes {
        match change.severity {
            Severity::Breaking => summary.breaking += 1,
            Severity::PossiblyBreaking => summary.possibly_breaking += 1,
            Severity::NonBreaking => summary.non_breaking += 1,
            Severity::Documentation => summary.documentation += 1,
        }
    }
    for change in &report.rust_api {
        match change.change {
            RustApiChangeKind::Added => summary.rust_added += 1,
            RustApiChangeKind::Removed | RustApiChangeKind::Changed => summary.rust_breaking += 1,
        }
    }
    report.summary = summary;
}

#[derive(Clone, Copy)]
struct Doc<'a>(&'a OpenAPI);

impl<'a> Doc<'a> {
    fn schema(&self, name: &str) -> Option<&'a Schema> {
        self.0.components.as_ref()?.schemas.get(name)?.as_item()
    }

    fn component<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Option<&'a T> {
        match item {
            ReferenceOr::Item(t) => Some(t),
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(&format!("#/components/{section}/"))?;
                get(self.0.components.as_ref()?).get(name)?.as_item()
            }
        }
    }

    /// Every operation by (path with `{}` for each placeholder, METHOD), with its real path:
    /// renaming a path parameter does not make it another operation.
    fn operations(&self) -> BTreeMap<(String, String), (String, &'a PathItem, &'a Operation)> {
        let mut out = BTreeMap::new();
        for (path, item) in self.0.paths.iter() {
            let Some(item) = item.as_item() else { continue };
            let shape = normalize_path(path);
            for (method, op) in item.iter() {
                out.insert(
                    (shape.clone(), method.to_ascii_uppercase()),
                    (path.clone(), item, op),
                );
            }
        }
        out
    }

    /// Parameters in effect for an operation, by (location, name).
    fn parameters(
        &self,
        item: &'a PathItem,
        op: &'a Operation,
    ) -> BTreeMap<(String, String), &'a Parameter> {
        let mut out = BTreeMap::new();
        for param in item.parameters.iter().chain(&op.parameters) {
            if let Some(p) = self.component(param, "parameters", |c| &c.parameters) {
                let data = p.parameter_data_ref();
                let location = crate::lower::location_name(p);
                let name = if location == "header" {
                    data.name.to_ascii_lowercase()
                } else {
                    data.name.clone()
                };
                out.insert((location.to_string(), name), p);
            }
        }
        out
    }

    /// The alternatives (each a set of schemes required together) that authorize an operation.
    fn security(&self, op: &Operation) -> BTreeSet<BTreeSet<String>> {
        op.security
            .as_ref()
            .or(self.0.security.as_ref())
            .map(|reqs| reqs.iter().map(|r| r.keys().cloned().collect()).collect())
            .unwrap_or_default()
    }
}

fn normalize_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_placeholder = false;
    for c in path.chars() {
        match c {
            '{' => {
                in_placeholder = true;
                out.push_str("{}");
            }
            '}' => in_placeholder = false,
            _ if in_placeholder => {}
            _ => out.push(c),
        }
    }
    out
}

/// A schema position: a `$ref` (by component name) or an inline schema.
#[derive(Clone, Copy)]
enum SchemaAt<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> SchemaAt<'a> {
    fn of(schema: &'a ReferenceOr<Schema>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaAt::Ref(ref_name(reference)),
            ReferenceOr::Item(s) => SchemaAt::Inline(s),
        }
    }

    fn of_boxed(schema: &'a ReferenceOr<Box<Schema>>) -> Self {
        match schema {
            ReferenceOr::Reference { reference } => SchemaAt::Ref(ref_name(reference)),
            ReferenceOr::Item(s) => SchemaAt::Inline(s),
        }
    }

    /// `allOf: [X]` (the usual way to annotate a `$ref`) is X, as the generator treats it.
    fn unwrap(self) -> Self {
        match self {
            SchemaAt::Inline(Schema {
                schema_kind: SchemaKind::AllOf { all_of },
                ..
            }) if all_of.len() == 1 => SchemaAt::of(&all_of[0]).unwrap(),
            other => other,
        }
    }

    fn resolve(self, doc: Doc<'a>) -> Option<&'a Schema> {
        match self {
            SchemaAt::Ref(name) => doc.schema(name),
            SchemaAt::Inline(s) => Some(s),
        }
    }
}

fn ref_name(reference: &str) -> &str {
    reference.rsplit('/').next().unwrap_or(reference)
}

/// Context of a schema comparison: where it is reported and what Rust item it is.
#[derive(Clone)]
struct Ctx {
    group: Group,
    /// The operationId reaching this point, for component usage.
    user: String,
    pointer: String,
    direction: Direction,
    /// The Rust item holding the value, e.g. "field `Asset.name`" or "the response body".
    rust: String,
}

impl Ctx {
    fn at(&self, segments: &[&str], rust: String) -> Ctx {
        Ctx {
            pointer: format!("{}{}", self.pointer, pointer(segments)),
            rust,
            ..self.clone()
        }
    }
}

struct Differ<'a> {
    old: Doc<'a>,
    new: Doc<'a>,
    changes: Vec<Change>,
    /// Component pairs already compared, per direction.
    visited: BTreeSet<(String, String, Direction)>,
    usage: BTreeMap<(String, Direction), BTreeSet<String>>,
    /// Component → components it contains, per direction, to spread usage transitively.
    contains: BTreeSet<(String, String, Direction)>,
}

fn pointer(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", s.replace('~', "~0").replace('/', "~1")))
        .collect()
}

impl<'a> Differ<'a> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        group: &Group,
        rule: &'static str,
        severity: Severity,
        location: &str,
        message: String,
        impact: RustImpact,
        note: String,
    ) {
        self.changes.push(Change {
            group: group.clone(),
            rule,
            severity,
            location: location.to_string(),
            message,
            rust: RustConsequence { impact, note },
        });
    }

    fn operations(&mut self) {
        let old_ops = self.old.operations();
        let new_ops = self.new.operations();
        let keys: BTreeSet<_> = old_ops.keys().chain(new_ops.keys()).cloned().collect();
        for key in keys {
            let method = &key.1;
            match (old_ops.get(&key), new_ops.get(&key)) {
                (None, Some((path, _, op))) => {
                    let loc = pointer(&["paths", path, &method.to_ascii_lowercase()]);
                    let group = op_group(method, path, op);
                    let m = method_name(op, method, path);
                    self.push(
                        &group,
                        "operation-added",
                        Severity::NonBreaking,
                        &loc,
                        "operation added".into(),
                        RustImpact::NonBreaking,
                        format!("new method `Client::{m}`"),
                    );
                }
                (Some((path, _, op)), None) => {
                    let loc = pointer(&["paths", path, &method.to_ascii_lowercase()]);
                    let group = op_group(method, path, op);
                    let m = method_name(op, method, path);
                    self.push(
                        &group,
                        "operation-removed",
                        Severity::Breaking,
                        &loc,
                        "operation removed: clients calling it get an error".into(),
                        RustImpact::Breaking,
                        format!("method `Client::{m}` removed"),
                    );
                }
                (Some((old_path, old_item, old_op)), Some((path, new_item, new_op))) => {
                    let loc = pointer(&["paths", path, &method.to_ascii_lowercase()]);
                    if old_path != path {
                        let group = op_group(method, path, new_op);
                        self.push(&group, "path-parameter-renamed", Severity::NonBreaking, &loc,
                            format!("path template changed from `{old_path}` to `{path}` (same URLs)"),
                            RustImpact::None, "argument names follow the placeholders; calls are positional, so nothing breaks".into());
                    }
                    let renames: BTreeMap<String, String> = crate::lower::template_params(old_path)
                        .into_iter()
                        .zip(crate::lower::template_params(path))
                        .filter(|(a, b)| a != b)
                        .map(|(a, b)| (a.to_string(), b.to_string()))
                        .collect();
                    self.operation(
                        method,
                        path,
                        &loc,
                        (*old_item, *old_op),
                        (*new_item, *new_op),
                        &renames,
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn operation(
        &mut self,
        method: &str,
        path: &str,
        loc: &str,
        (old_item, old): (&'a PathItem, &'a Operation),
        (new_item, new): (&'a PathItem, &'a Operation),
        renames: &BTreeMap<String, String>,
    ) {
        let group = op_group(method, path, new);
        let old_method = method_name(old, method, path);
        let m = method_name(new, method, path);
        if old_method != m {
            self.push(
                &group,
                "operation-id-changed",
                Severity::NonBreaking,
                &format!("{loc}/operationId"),
                format!(
                    "operationId changed from `{}` to `{}`",
                    old.operation_id.as_deref().unwrap_or("-"),
                    new.operation_id.as_deref().unwrap_or("-")
                ),
                RustImpact::Breaking,
                format!("method renamed from `{old_method}` to `{m}`"),
            );
        }
        match (old.deprecated, new.deprecated) {
            (false, true) => self.push(
                &group,
                "operation-deprecated",
                Severity::NonBreaking,
                &format!("{loc}/deprecated"),
                "operation deprecated".into(),
                RustImpact::NonBreaking,
                format!("`#[deprecated]` on `{m}`: callers get a warning, nothing stops compiling"),
            ),
            (true, false) => self.push(
                &group,
                "operation-undeprecated",
                Severity::NonBreaking,
                &format!("{loc}/deprecated"),
                "operation no longer deprecated".into(),
                RustImpact::None,
                format!("`#[deprecated]` removed from `{m}`"),
            ),
            _ => {}
        }
        if old.summary != new.summary || old.description != new.description {
            self.push(
                &group,
                "operation-description-changed",
                Severity::Documentation,
                loc,
                "summary or description changed".into(),
                RustImpact::None,
                format!("doc comment of `{m}` changes"),
            );
        }
        let (old_sec, new_sec) = (self.old.security(old), self.new.security(new));
        if old_sec != new_sec {
            // A client holding the credentials of an old alternative breaks if no new
            // alternative asks for a subset of them.
            let stranded = old_sec
                .iter()
                .any(|had| !new_sec.iter().any(|need| need.is_subset(had)));
            let show = |alternatives: &BTreeSet<BTreeSet<String>>| -> String {
                if alternatives.is_empty() {
                    return "none".into();
                }
                alternatives
                    .iter()
                    .map(|a| {
                        if a.is_empty() {
                            "anonymous".to_string()
                        } else {
                            a.iter().cloned().collect::<Vec<_>>().join(" + ")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            self.push(
                &group,
                "security-changed",
                if stranded {
                    Severity::Breaking
                } else {
                    Severity::NonBreaking
                },
                &format!("{loc}/security"),
                format!(
                    "security requirements changed from {} to {}",
                    show(&old_sec),
                    show(&new_sec)
                ),
                RustImpact::None,
                if stranded {
                    "calls need the new credentials".into()
                } else {
                    "existing credentials keep working".into()
                },
            );
        }
        let ctx = |direction| Ctx {
            group: group.clone(),
            user: new.operation_id.clone().unwrap_or_else(|| m.clone()),
            pointer: loc.to_string(),
            direction,
            rust: String::new(),
        };
        self.parameters(
            &ctx(Direction::Request),
            &m,
            (old_item, old),
            (new_item, new),
            renames,
        );
        self.request_body(&ctx(Direction::Request), &m, old, new);
        self.responses(&ctx(Direction::Response), &m, old, new);
    }

    fn parameters(
        &mut self,
        ctx: &Ctx,
        m: &str,
        (old_item, old): (&'a PathItem, &'a Operation),
        (new_item, new): (&'a PathItem, &'a Operation),
        renames: &BTreeMap<String, String>,
    ) {
        // A renamed path placeholder is the same parameter under its new name.
        let before: BTreeMap<(String, String), &Parameter> = self
            .old
            .parameters(old_item, old)
            .into_iter()
            .map(|((location, name), p)| {
                let name = match renames.get(&name) {
                    Some(new_name) if location == "path" => new_name.clone(),
                    _ => name,
                };
                ((location, name), p)
            })
            .collect();
        let after = self.new.parameters(new_item, new);
        // Query, header and cookie parameters (but fixed headers) are fields of `{Op}Params`.
        let in_params = |p: &Parameter, doc| {
            crate::lower::location_name(p) != "path" && fixed_header(p, doc).is_none()
        };
        let had_params = before.values().any(|p| in_params(p, self.old));
        let params_struct = format!(
            "{}Params",
            sanitize(new.operation_id.as_deref().unwrap_or(m), Case::Pascal)
        );
        let group = &ctx.group;
        let moved: BTreeMap<&str, (&str, &str)> = before
            .keys()
            .filter(|k| !after.contains_key(*k))
            .filter_map(|(loc, name)| {
                let new_loc = after
                    .keys()
                    .find(|(l, n)| n == name && !before.contains_key(&(l.clone(), n.clone())))?;
                Some((name.as_str(), (loc.as_str(), new_loc.0.as_str())))
            })
            .collect();
        for (name, (from, to)) in &moved {
            let old_p = before[&(from.to_string(), name.to_string())];
            let new_p = after[&(to.to_string(), name.to_string())];
            let same_rust = from != &"path"
                && to != &"path"
                && is_optional_param(old_p) == is_optional_param(new_p);
            self.push(
                group,
                "parameter-location-changed",
                Severity::Breaking,
                &format!("{}/parameters", ctx.pointer),
                format!("parameter `{name}` moved from {from} to {to}"),
                if same_rust {
                    RustImpact::None
                } else {
                    RustImpact::Breaking
                },
                if same_rust {
                    "same Rust argument or field; only where it is sent changes".into()
                } else {
                    format!(
                        "argument `{}` of `{m}` changes",
                        sanitize(name, Case::Snake)
                    )
                },
            );
        }
        let keys: BTreeSet<_> = before.keys().chain(after.keys()).cloned().collect();
        for key in keys {
            let (location, name) = &key;
            if moved.contains_key(name.as_str()) {
                continue;
            }
            let loc = format!(
                "{}{}",
                ctx.pointer,
                pointer(&["parameters", location, name])
            );
            let rust_name = sanitize(name, Case::Snake);
            match (before.get(&key), after.get(&key)) {
                (None, Some(p)) => {
                    if fixed_header(p, self.new).is_some() {
                        self.push(group, "parameter-added-fixed", Severity::NonBreaking, &loc,
                            format!("required {location} parameter `{name}` with a single allowed value added"),
                            RustImpact::None, "sent automatically; no new argument".into());
                    } else if location == "path" {
                        self.push(group, "parameter-added-required", Severity::Breaking, &loc,
                            format!("required {location} parameter `{name}` added: existing calls lack it"),
                            RustImpact::Breaking, format!("new argument `{rust_name}` on `{m}`"));
                    } else if !had_params {
                        let (rule, severity, what) = if p.parameter_data_ref().required {
                            ("parameter-added-required", Severity::Breaking, "required")
                        } else {
                            (
                                "parameter-added-optional",
                                Severity::NonBreaking,
                                "optional",
                            )
                        };
                        self.push(group, rule, severity, &loc,
                            format!("{what} {location} parameter `{name}` added"),
                            RustImpact::Breaking, format!("`{m}` gains a `params: &{params_struct}` argument (its first query, header or cookie parameter)"));
                    } else if p.parameter_data_ref().required {
                        self.push(group, "parameter-added-required", Severity::Breaking, &loc,
                            format!("required {location} parameter `{name}` added: existing calls lack it"),
                            RustImpact::Breaking, format!("new required field `{params_struct}::{rust_name}`: `{params_struct}::new` takes it"));
                    } else {
                        self.push(group, "parameter-added-optional", Severity::NonBreaking, &loc,
                            format!("optional {location} parameter `{name}` added"),
                            RustImpact::NonBreaking, format!("new field and setter `{params_struct}::{rust_name}` (non_exhaustive)"));
                    }
                }
                (Some(p), None) => {
                    let rust = if fixed_header(p, self.old).is_some() {
                        (
                            RustImpact::None,
                            "was sent automatically; no argument removed".to_string(),
                        )
                    } else if location == "path" {
                        (
                            RustImpact::Breaking,
                            format!("argument `{rust_name}` of `{m}` removed"),
                        )
                    } else {
                        (
                            RustImpact::Breaking,
                            format!("field `{params_struct}::{rust_name}` removed"),
                        )
                    };
                    self.push(group, "parameter-removed", if location == "path" { Severity::Breaking } else { Severity::PossiblyBreaking }, &loc,
                        format!("{location} parameter `{name}` removed: the server may reject or ignore it"),
                        rust.0, rust.1);
                }
                (Some(o), Some(n)) => {
                    match (fixed_header(o, self.old), fixed_header(n, self.new)) {
                        (Some(was), Some(now)) if was != now => {
                            self.push(group, "parameter-fixed-value-changed", Severity::Breaking, &loc,
                                format!("{location} parameter `{name}` now allows only `{now}` instead of `{was}`"),
                                RustImpact::None, format!("the client now sends `{name}: {now}` by itself"));
                            continue;
                        }
                        (Some(value), None) => {
                            self.push(group, "parameter-no-longer-fixed", Severity::NonBreaking, &loc,
                                format!("{location} parameter `{name}` now allows more than `{value}`"),
                                RustImpact::Breaking, format!("no longer sent automatically: `{m}` gains an argument `{rust_name}`"));
                            continue;
                        }
                        (None, Some(value)) => {
                            self.push(group, "parameter-now-fixed", Severity::Breaking, &loc,
                                format!("{location} parameter `{name}` now allows only `{value}`"),
                                RustImpact::Breaking, format!("sent automatically: the `{rust_name}` argument of `{m}` is removed"));
                            continue;
                        }
                        _ => {}
                    }
                    let (or, nr) = (is_optional_param(o), is_optional_param(n));
                    if or != nr {
                        let (sev, what) = if nr {
                            (Severity::NonBreaking, "became optional")
                        } else {
                            (Severity::Breaking, "became required")
                        };
                        let note = if nr {
                            format!("argument `{rust_name}` of `{m}` moves into `{params_struct}`")
                        } else {
                            format!("`{params_struct}::{rust_name}` becomes a required argument of `{m}`")
                        };
                        self.push(
                            group,
                            "parameter-required-changed",
                            sev,
                            &loc,
                            format!("{location} parameter `{name}` {what}"),
                            RustImpact::Breaking,
                            note,
                        );
                    }
                    if let (
                        ParameterSchemaOrContent::Schema(os),
                        ParameterSchemaOrContent::Schema(ns),
                    ) = (
                        &o.parameter_data_ref().format,
                        &n.parameter_data_ref().format,
                    ) {
                        let rust = if nr {
                            format!("field `{params_struct}::{rust_name}`")
                        } else {
                            format!("argument `{rust_name}` of `{m}`")
                        };
                        let sub = Ctx {
                            pointer: format!("{loc}/schema"),
                            rust,
                            ..ctx.clone()
                        };
                        self.schema_at(&sub, SchemaAt::of(os), SchemaAt::of(ns), false);
                    }
                }
                (None, None) => {}
            }
        }
    }

    fn request_body(&mut self, ctx: &Ctx, m: &str, old: &'a Operation, new: &'a Operation) {
        let resolve = |doc: Doc<'a>, op: &'a Operation| -> Option<&'a RequestBody> {
            doc.component(op.request_body.as_ref()?, "requestBodies", |c| {
                &c.request_bodies
            })
        };
        let loc = format!("{}/requestBody", ctx.pointer);
        let group = &ctx.group;
        match (resolve(self.old, old), resolve(self.new, new)) {
            (None, Some(b)) => self.push(
                group,
                "request-body-added",
                if b.required {
                    Severity::Breaking
                } else {
                    Severity::NonBreaking
                },
                &loc,
                format!(
                    "{} request body added",
                    if b.required { "required" } else { "optional" }
                ),
                RustImpact::Breaking,
                format!("`{m}` gains a `body` argument"),
            ),
            (Some(_), None) => self.push(
                group,
                "request-body-removed",
                Severity::PossiblyBreaking,
                &loc,
                "request body removed: the server may reject or ignore it".into(),
                RustImpact::Breaking,
                format!("the `body` argument of `{m}` is removed"),
            ),
            (Some(o), Some(n)) => {
                if o.required != n.required {
                    let sev = if n.required {
                        Severity::Breaking
                    } else {
                        Severity::NonBreaking
                    };
                    self.push(
                        group,
                        "request-body-required-changed",
                        sev,
                        &loc,
                        format!(
                            "request body became {}",
                            if n.required { "required" } else { "optional" }
                        ),
                        RustImpact::Breaking,
                        format!("`body` of `{m}` changes between `&T` and `Option<&T>`"),
                    );
                }
                if let (Some(os), Some(ns)) = (json_schema(&o.content), json_schema(&n.content)) {
                    let sub = Ctx {
                        pointer: format!("{loc}/content/application~1json/schema"),
                        rust: format!("the request body of `{m}`"),
                        ..ctx.clone()
                    };
                    self.schema_at(&sub, SchemaAt::of(os), SchemaAt::of(ns), false);
                }
            }
            (None, None) => {}
        }
    }

    fn responses(&mut self, ctx: &Ctx, m: &str, old: &'a Operation, new: &'a Operation) {
        let all = |op: &'a Operation| -> BTreeMap<String, &'a ReferenceOr<Response>> {
            let mut out: BTreeMap<String, _> = op
                .responses
                .responses
                .iter()
                .map(|(code, r)| {
                    (
                        match code {
                            StatusCode::Code(n) => n.to_string(),
                            StatusCode::Range(n) => format!("{n}XX"),
                        },
                        r,
                    )
                })
                .collect();
            if let Some(d) = &op.responses.default {
                out.insert("default".into(), d);
            }
            out
        };
        let (before, after) = (all(old), all(new));
        let group = &ctx.group;
        let keys: BTreeSet<_> = before.keys().chain(after.keys()).cloned().collect();
        for status in keys {
            let success = status.starts_with('2');
            let loc = format!("{}{}", ctx.pointer, pointer(&["responses", &status]));
            let o = before
                .get(&status)
                .and_then(|r| self.old.component(r, "responses", |c| &c.responses));
            let n = after
                .get(&status)
                .and_then(|r| self.new.component(r, "responses", |c| &c.responses));
            match (o, n) {
                (None, Some(_)) => self.push(
                    group,
                    "response-status-added",
                    Severity::NonBreaking,
                    &loc,
                    format!("response status `{status}` added"),
                    RustImpact::None,
                    if success {
                        "nothing to change".into()
                    } else {
                        format!("answers with `{status}` arrive as `Error::Api`")
                    },
                ),
                (Some(_), None) => self.push(
                    group,
                    "response-status-removed",
                    if success {
                        Severity::Breaking
                    } else {
                        Severity::NonBreaking
                    },
                    &loc,
                    format!("response status `{status}` removed"),
                    if success {
                        RustImpact::Breaking
                    } else {
                        RustImpact::None
                    },
                    if success {
                        format!("the return type of `{m}` may change")
                    } else {
                        "nothing to change".into()
                    },
                ),
                (Some(o), Some(n)) => self.response(ctx, m, &status, &loc, o, n),
                (None, None) => {}
            }
        }
    }

    fn response(
        &mut self,
        ctx: &Ctx,
        m: &str,
        status: &str,
        loc: &str,
        old: &'a Response,
        new: &'a Response,
    ) {
        let group = &ctx.group;
        let success = status.starts_with('2');
        let headers = |doc: Doc<'a>, r: &'a Response| -> BTreeMap<String, &'a openapiv3::Header> {
            r.headers
                .iter()
                .filter_map(|(name, h)| {
                    Some((
                        name.to_ascii_lowercase(),
                        doc.component(h, "headers", |c| &c.headers)?,
                    ))
                })
                .collect()
        };
        let (hb, ha) = (headers(self.old, old), headers(self.new, new));
        let names: BTreeSet<_> = hb.keys().chain(ha.keys()).cloned().collect();
        for name in names {
            let hloc = format!("{loc}{}", pointer(&["headers", &name]));
            match (hb.get(&name), ha.get(&name)) {
                (None, Some(_)) => self.push(
                    group,
                    "response-header-added",
                    Severity::NonBreaking,
                    &hloc,
                    format!("response header `{name}` added"),
                    RustImpact::None,
                    "read it from `ApiResponse::headers()`".into(),
                ),
                (Some(h), None) => self.push(
                    group,
                    "response-header-removed",
                    if h.required {
                        Severity::Breaking
                    } else {
                        Severity::PossiblyBreaking
                    },
                    &hloc,
                    format!("response header `{name}` removed: clients reading it get nothing"),
                    RustImpact::None,
                    "headers are untyped: read them from `ApiResponse::headers()`".into(),
                ),
                (Some(o), Some(n)) => {
                    if let (
                        ParameterSchemaOrContent::Schema(os),
                        ParameterSchemaOrContent::Schema(ns),
                    ) = (&o.format, &n.format)
                    {
                        let (ok, nk) = (
                            kind_at(self.old, SchemaAt::of(os)),
                            kind_at(self.new, SchemaAt::of(ns)),
                        );
                        if ok != nk {
                            self.push(
                                group,
                                "response-header-type-changed",
                                Severity::PossiblyBreaking,
                                &hloc,
                                format!("response header `{name}` changed from {ok} to {nk}"),
                                RustImpact::None,
                                "headers are untyped; `RateLimit` parsing is tolerant".into(),
                            );
                        }
                    }
                }
                (None, None) => {}
            }
        }
        let (os, ns) = (json_schema(&old.content), json_schema(&new.content));
        let body = if success {
            format!("the response body of `{m}`")
        } else {
            format!("the `{status}` error body of `{m}`")
        };
        match (os, ns) {
            (None, Some(_)) => self.push(
                group,
                "response-body-added",
                Severity::NonBreaking,
                loc,
                format!("`{status}` response now has a JSON body"),
                if success {
                    RustImpact::Breaking
                } else {
                    RustImpact::NonBreaking
                },
                if success {
                    format!("`{m}` returns a typed body instead of `()`")
                } else {
                    "decoded into `ErrorBody`".into()
                },
            ),
            (Some(_), None) => self.push(
                group,
                "response-body-removed",
                Severity::Breaking,
                loc,
                format!("`{status}` response no longer has a JSON body"),
                if success {
                    RustImpact::Breaking
                } else {
                    RustImpact::None
                },
                if success {
                    format!("`{m}` returns `()`")
                } else {
                    "the error body is no longer decoded".into()
                },
            ),
            (Some(os), Some(ns)) => {
                let sub = Ctx {
                    pointer: format!("{loc}/content/application~1json/schema"),
                    rust: body,
                    ..ctx.clone()
                };
                self.schema_at(&sub, SchemaAt::of(os), SchemaAt::of(ns), false);
            }
            (None, None) => {}
        }
    }

    /// Compares two schema positions; `optional` says whether the value is held in an `Option`.
    fn schema_at(&mut self, ctx: &Ctx, old: SchemaAt<'a>, new: SchemaAt<'a>, optional: bool) {
        let (old, new) = (old.unwrap(), new.unwrap());
        match (old, new) {
            (SchemaAt::Ref(a), SchemaAt::Ref(b)) if a == b => {
                match &ctx.group {
                    Group::Schema { name, .. } => {
                        self.contains
                            .insert((name.clone(), a.to_string(), ctx.direction));
                    }
                    _ => {
                        self.usage
                            .entry((a.to_string(), ctx.direction))
                            .or_default()
                            .insert(ctx.user.clone());
                    }
                }
                if !self
                    .visited
                    .insert((a.to_string(), b.to_string(), ctx.direction))
                {
                    return;
                }
                let (Some(os), Some(ns)) = (self.old.schema(a), self.new.schema(b)) else {
                    return;
                };
                let sub = Ctx {
                    group: Group::Schema {
                        name: a.to_string(),
                        direction: ctx.direction,
                        used_by: Vec::new(),
                    },
                    pointer: pointer(&["components", "schemas", a]),
                    rust: format!("type `{}`", sanitize(a, Case::Pascal)),
                    ..ctx.clone()
                };
                self.schema(&sub, os, ns, optional);
            }
            (SchemaAt::Ref(a), SchemaAt::Ref(b)) => {
                self.push(
                    &ctx.group,
                    "schema-ref-changed",
                    Severity::NonBreaking,
                    &ctx.pointer,
                    format!(
                        "now refers to `{b}` instead of `{a}` (the schemas are compared below)"
                    ),
                    RustImpact::Breaking,
                    format!(
                        "{} changes type from `{}` to `{}`",
                        ctx.rust,
                        sanitize(a, Case::Pascal),
                        sanitize(b, Case::Pascal)
                    ),
                );
                if self
                    .visited
                    .insert((a.to_string(), b.to_string(), ctx.direction))
                {
                    if let (Some(os), Some(ns)) = (self.old.schema(a), self.new.schema(b)) {
                        self.schema(ctx, os, ns, optional);
                    }
                }
            }
            _ => {
                let (ok, nk) = (kind_at(self.old, old), kind_at(self.new, new));
                let (ol, nl) = (rust_label(old), rust_label(new));
                if ok != nk || ol != nl {
                    self.type_changed(ctx, &ok, &nk, &ol, &nl);
                    return;
                }
                if let (Some(os), Some(ns)) = (old.resolve(self.old), new.resolve(self.new)) {
                    self.schema(ctx, os, ns, optional);
                }
            }
        }
    }

    fn type_changed(&mut self, ctx: &Ctx, ok: &str, nk: &str, ol: &str, nl: &str) {
        let rule = match ctx.direction {
            Direction::Request => "request-type-changed",
            Direction::Response => "response-type-changed",
        };
        let (impact, note) = if ol != nl {
            (
                RustImpact::Breaking,
                format!("{} changes from `{ol}` to `{nl}`", ctx.rust),
            )
        } else {
            (RustImpact::None, format!("{} stays `{ol}`", ctx.rust))
        };
        let what = if ok == nk {
            format!("type stays {ok}")
        } else {
            format!("type changed from {ok} to {nk}")
        };
        self.push(
            &ctx.group,
            rule,
            if ok == nk {
                Severity::NonBreaking
            } else {
                Severity::Breaking
            },
            &ctx.pointer,
            what,
            impact,
            note,
        );
    }

    fn schema(&mut self, ctx: &Ctx, old: &'a Schema, new: &'a Schema, optional: bool) {
        let group = &ctx.group;
        let (ok, nk) = (kind(old), kind(new));
        let (ol, nl) = (rust_label_schema(old), rust_label_schema(new));
        if ok != nk || (ol != nl && !ol.is_empty() && !nl.is_empty()) {
            self.type_changed(ctx, &ok, &nk, &ol, &nl);
            return;
        }
        if old.schema_data.description != new.schema_data.description {
            self.push(
                group,
                "description-changed",
                Severity::Documentation,
                &ctx.pointer,
                "description changed".into(),
                RustImpact::None,
                format!("doc comment of {} changes", ctx.rust),
            );
        }
        if old.schema_data.nullable != new.schema_data.nullable && !optional {
            self.nullable_changed(ctx, new.schema_data.nullable, false, false);
        }
        // String enums.
        if let (SchemaKind::Type(Type::String(os)), SchemaKind::Type(Type::String(ns))) =
            (&old.schema_kind, &new.schema_kind)
        {
            let values = |v: &[Option<String>]| -> BTreeSet<String> {
                v.iter().flatten().cloned().collect()
            };
            let (ov, nv) = (values(&os.enumeration), values(&ns.enumeration));
            if !ov.is_empty() && !nv.is_empty() {
                let enum_name = ctx.rust.clone();
                for added in nv.difference(&ov) {
                    let (sev, why) = match ctx.direction {
                        Direction::Request => (Severity::NonBreaking, "clients may send it"),
                        Direction::Response => (
                            Severity::PossiblyBreaking,
                            "clients may receive a value they do not handle",
                        ),
                    };
                    self.push(group, "enum-value-added", sev, &ctx.pointer, format!("enum value `{added}` added: {why}"),
                        RustImpact::NonBreaking,
                        format!("new variant `{}` in {enum_name} (non_exhaustive); the value used to arrive as `Unknown(\"{added}\")`", sanitize(added, Case::Pascal)));
                }
                for removed in ov.difference(&nv) {
                    let (sev, why) = match ctx.direction {
                        Direction::Request => {
                            (Severity::Breaking, "clients sending it are rejected")
                        }
                        Direction::Response => {
                            (Severity::NonBreaking, "clients no longer receive it")
                        }
                    };
                    self.push(
                        group,
                        "enum-value-removed",
                        sev,
                        &ctx.pointer,
                        format!("enum value `{removed}` removed: {why}"),
                        RustImpact::Breaking,
                        format!(
                            "variant `{}` of {enum_name} removed",
                            sanitize(removed, Case::Pascal)
                        ),
                    );
                }
            }
        }
        // Arrays.
        if let (Some(oi), Some(ni)) = (items(old), items(new)) {
            let sub = ctx.at(&["items"], format!("the items of {}", ctx.rust));
            self.schema_at(&sub, SchemaAt::of_boxed(oi), SchemaAt::of_boxed(ni), false);
        }
        // Maps.
        if let (Some(AdditionalProperties::Schema(oa)), Some(AdditionalProperties::Schema(na))) =
            (additional(old), additional(new))
        {
            let sub = ctx.at(
                &["additionalProperties"],
                format!("the values of {}", ctx.rust),
            );
            self.schema_at(&sub, SchemaAt::of(oa), SchemaAt::of(na), false);
        }
        // Objects.
        let (Some((op, oreq)), Some((np, nreq))) = (properties(old), properties(new)) else {
            return;
        };
        let owner = match &ctx.group {
            Group::Schema { name, .. }
                if ctx.pointer == pointer(&["components", "schemas", name]) =>
            {
                sanitize(name, Case::Pascal)
            }
            _ => ctx.rust.clone(),
        };
        let names: BTreeSet<&String> = op.keys().chain(np.keys()).collect();
        let dir = ctx.direction;
        for name in names {
            let field = sanitize(name, Case::Snake);
            let rust = format!("field `{owner}.{field}`");
            let sub = ctx.at(&["properties", name], rust.clone());
            let loc = sub.pointer.clone();
            let (was_req, is_req) = (oreq.contains(name), nreq.contains(name));
            match (op.get(name), np.get(name)) {
                (None, Some(_)) => {
                    let (rule, sev, message, impact, note) = match (dir, is_req) {
                        (Direction::Request, true) => ("request-property-added", Severity::Breaking,
                            format!("required property `{name}` added: existing requests lack it"), RustImpact::Breaking,
                            format!("`{owner}::new` gains an argument `{field}`")),
                        (Direction::Request, false) => ("request-property-added", Severity::NonBreaking,
                            format!("optional property `{name}` added"), RustImpact::NonBreaking,
                            format!("new optional {rust}; `{owner}` is non_exhaustive and `new` is unchanged")),
                        (Direction::Response, true) => ("response-property-added", Severity::NonBreaking,
                            format!("required property `{name}` added"), RustImpact::Breaking,
                            format!("new {rust}; `{owner}::new` gains an argument `{field}`")),
                        (Direction::Response, false) => ("response-property-added", Severity::NonBreaking,
                            format!("property `{name}` added"), RustImpact::NonBreaking,
                            format!("new {rust}; `{owner}` is non_exhaustive")),
                    };
                    self.push(group, rule, sev, &loc, message, impact, note);
                }
                (Some(_), None) => {
                    let (rule, sev, message) = match dir {
                        Direction::Request => ("request-property-removed", Severity::PossiblyBreaking,
                            format!("property `{name}` removed: clients still sending it may be rejected")),
                        Direction::Response => ("response-property-removed",
                            if was_req { Severity::Breaking } else { Severity::PossiblyBreaking },
                            format!("property `{name}` removed: clients reading it get nothing")),
                    };
                    self.push(
                        group,
                        rule,
                        sev,
                        &loc,
                        message,
                        RustImpact::Breaking,
                        format!("{rust} removed"),
                    );
                }
                (Some(o), Some(n)) => {
                    let o_null = nullable_at(self.old, SchemaAt::of_boxed(o));
                    let n_null = nullable_at(self.new, SchemaAt::of_boxed(n));
                    let (o_opt, n_opt) = (!was_req || o_null, !is_req || n_null);
                    if was_req != is_req {
                        let (rule, sev, what) = match (dir, is_req) {
                            (Direction::Request, true) => (
                                "request-property-required-changed",
                                Severity::Breaking,
                                "became required",
                            ),
                            (Direction::Request, false) => (
                                "request-property-required-changed",
                                Severity::NonBreaking,
                                "became optional",
                            ),
                            (Direction::Response, true) => (
                                "response-property-required-changed",
                                Severity::NonBreaking,
                                "became required",
                            ),
                            (Direction::Response, false) => (
                                "response-property-required-changed",
                                Severity::Breaking,
                                "became optional: it may be absent",
                            ),
                        };
                        let (impact, note) = option_change(&rust, o_opt, n_opt);
                        self.push(
                            group,
                            rule,
                            sev,
                            &loc,
                            format!("property `{name}` {what}"),
                            impact,
                            note,
                        );
                    }
                    if o_null != n_null {
                        self.nullable_changed(&sub, n_null, o_opt, n_opt);
                    }
                    self.schema_at(&sub, SchemaAt::of_boxed(o), SchemaAt::of_boxed(n), true);
                }
                (None, None) => {}
            }
        }
    }

    fn nullable_changed(
        &mut self,
        ctx: &Ctx,
        now_nullable: bool,
        was_optional: bool,
        is_optional: bool,
    ) {
        let (rule, sev, what) = match (ctx.direction, now_nullable) {
            (Direction::Response, true) => (
                "response-nullable-changed",
                Severity::Breaking,
                "may now be null",
            ),
            (Direction::Response, false) => (
                "response-nullable-changed",
                Severity::NonBreaking,
                "is no longer null",
            ),
            (Direction::Request, true) => (
                "request-nullable-changed",
                Severity::NonBreaking,
                "may now be null",
            ),
            (Direction::Request, false) => (
                "request-nullable-changed",
                Severity::Breaking,
                "may no longer be null",
            ),
        };
        let (impact, note) = option_change(&ctx.rust, was_optional, is_optional);
        self.push(
            &ctx.group,
            rule,
            sev,
            &ctx.pointer,
            format!("value {what}"),
            impact,
            note,
        );
    }

    /// Component schemas added or removed (types appear or disappear in the crate).
    fn components(&mut self) {
        let names = |doc: Doc<'a>| -> BTreeSet<String> {
            doc.0
                .components
                .iter()
                .flat_map(|c| c.schemas.keys().cloned())
                .collect()
        };
        let (before, after) = (names(self.old), names(self.new));
        for gone in before.difference(&after) {
            self.push(
                &Group::Api,
                "component-schema-removed",
                Severity::NonBreaking,
                &pointer(&["components", "schemas", gone]),
                format!("schema `{gone}` removed"),
                RustImpact::Breaking,
                format!("type `{}` removed", sanitize(gone, Case::Pascal)),
            );
        }
        for added in after.difference(&before) {
            self.push(
                &Group::Api,
                "component-schema-added",
                Severity::NonBreaking,
                &pointer(&["components", "schemas", added]),
                format!("schema `{added}` added"),
                RustImpact::NonBreaking,
                format!("new type `{}`", sanitize(added, Case::Pascal)),
            );
        }
    }
}

fn option_change(rust: &str, was: bool, is: bool) -> (RustImpact, String) {
    match (was, is) {
        (false, true) => (
            RustImpact::Breaking,
            format!("{rust} changes from `T` to `Option<T>`"),
        ),
        (true, false) => (
            RustImpact::Breaking,
            format!("{rust} changes from `Option<T>` to `T`"),
        ),
        _ => (RustImpact::None, format!("{rust} stays `Option<T>`")),
    }
}

fn op_group(method: &str, path: &str, op: &Operation) -> Group {
    Group::Operation {
        method: method.to_string(),
        path: path.to_string(),
        operation_id: op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{} {path}", method.to_ascii_lowercase())),
    }
}

fn method_name(op: &Operation, method: &str, path: &str) -> String {
    let id = op
        .operation_id
        .clone()
        .unwrap_or_else(|| format!("{}_{path}", method.to_ascii_lowercase()));
    sanitize(&id, Case::Snake)
}

fn is_optional_param(p: &Parameter) -> bool {
    !p.parameter_data_ref().required && !matches!(p, Parameter::Path { .. })
}

fn fixed_header(p: &Parameter, doc: Doc<'_>) -> Option<String> {
    let Parameter::Header { parameter_data, .. } = p else {
        return None;
    };
    if !parameter_data.required {
        return None;
    }
    let ParameterSchemaOrContent::Schema(schema) = &parameter_data.format else {
        return None;
    };
    let schema = SchemaAt::of(schema).resolve(doc)?;
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(v)] => Some(v.clone()),
            _ => None,
        },
        _ => None,
    }
}

fn json_schema(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<&ReferenceOr<Schema>> {
    crate::lower::json_media(content)?.1.schema.as_ref()
}

fn format_of<T: fmt::Debug>(f: &VariantOrUnknownOrEmpty<T>) -> String {
    match f {
        VariantOrUnknownOrEmpty::Item(t) => format!("{t:?}").to_ascii_lowercase(),
        VariantOrUnknownOrEmpty::Unknown(s) => s.clone(),
        VariantOrUnknownOrEmpty::Empty => String::new(),
    }
}

/// The wire type of a schema, e.g. `string (uuid)`, `integer (int64)`, `object`.
fn kind(schema: &Schema) -> String {
    let with = |t: &str, f: String| {
        if f.is_empty() {
            t.to_string()
        } else {
            format!("{t} ({f})")
        }
    };
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => with("string", format_of(&s.format)),
        SchemaKind::Type(Type::Integer(i)) => with("integer", format_of(&i.format)),
        SchemaKind::Type(Type::Number(n)) => with("number", format_of(&n.format)),
        SchemaKind::Type(Type::Boolean(_)) => "boolean".into(),
        SchemaKind::Type(Type::Object(_)) => "object".into(),
        SchemaKind::Type(Type::Array(_)) => "array".into(),
        SchemaKind::AllOf { .. } => "allOf".into(),
        SchemaKind::OneOf { .. } => "oneOf".into(),
        SchemaKind::AnyOf { .. } => "anyOf".into(),
        SchemaKind::Not { .. } => "not".into(),
        SchemaKind::Any(a) => match a.typ.as_deref() {
            Some(t) => t.to_string(),
            None if !a.properties.is_empty() || a.additional_properties.is_some() => {
                "object".into()
            }
            None if a.items.is_some() => "array".into(),
            None => "any".into(),
        },
    }
}

fn kind_at(doc: Doc<'_>, at: SchemaAt<'_>) -> String {
    match at {
        SchemaAt::Ref(name) => match doc.schema(name) {
            Some(s) => kind(s),
            None => format!("`{name}`"),
        },
        SchemaAt::Inline(s) => kind(s),
    }
}

/// The Rust type a scalar schema maps to (empty for objects and arrays, compared structurally).
fn rust_label_schema(schema: &Schema) -> String {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) if s.enumeration.is_empty() => {
            match format_of(&s.format).as_str() {
                "uuid" => "Uuid".into(),
                "datetime" | "date-time" => "DateTime<Utc>".into(),
                "date" => "NaiveDate".into(),
                _ => "String".into(),
            }
        }
        SchemaKind::Type(Type::String(_)) => "enum".into(),
        SchemaKind::Type(Type::Integer(i)) => {
            if format_of(&i.format) == "int32" {
                "i32".into()
            } else {
                "i64".into()
            }
        }
        SchemaKind::Type(Type::Number(n)) => {
            if format_of(&n.format) == "float" {
                "f32".into()
            } else {
                "f64".into()
            }
        }
        SchemaKind::Type(Type::Boolean(_)) => "bool".into(),
        SchemaKind::Any(a) if kind(schema) == "any" && a.enumeration.is_empty() => {
            "serde_json::Value".into()
        }
        // A free-form object is a map; one with properties is a struct.
        _ => match properties(schema) {
            Some((props, _)) if !props.is_empty() => "struct".into(),
            _ if kind(schema) == "object" => "map".into(),
            _ => String::new(),
        },
    }
}

fn rust_label(at: SchemaAt<'_>) -> String {
    match at {
        SchemaAt::Ref(name) => sanitize(name, Case::Pascal),
        SchemaAt::Inline(s) => rust_label_schema(s),
    }
}

fn nullable_at(doc: Doc<'_>, at: SchemaAt<'_>) -> bool {
    let outer = matches!(at, SchemaAt::Inline(s) if s.schema_data.nullable);
    outer
        || at
            .unwrap()
            .resolve(doc)
            .is_some_and(|s| s.schema_data.nullable)
}

fn items(schema: &Schema) -> Option<&ReferenceOr<Box<Schema>>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Array(a)) => a.items.as_ref(),
        SchemaKind::Any(a) => a.items.as_ref(),
        _ => None,
    }
}

fn additional(schema: &Schema) -> Option<&AdditionalProperties> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.additional_properties.as_ref(),
        SchemaKind::Any(a) => a.additional_properties.as_ref(),
        _ => None,
    }
}

type Properties<'s> = (
    &'s indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    BTreeSet<&'s String>,
);

fn properties(schema: &Schema) -> Option<Properties<'_>> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, o.required.iter().collect())),
        SchemaKind::Any(a) if !a.properties.is_empty() => {
            Some((&a.properties, a.required.iter().collect()))
        }
        _ => None,
    }
}

/// The report as Markdown for a pull request: breaking changes first.
pub fn to_markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!("## API changes: `{}` → `{}`\n\n", report.old, report.new);
    if report.changes.is_empty() && report.rust_api.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(&format!(
        "**{} breaking, {} possibly breaking, {} non-breaking, {} documentation only.** ",
        s.breaking, s.possibly_breaking, s.non_breaking, s.documentation
    ));
    if s.rust_breaking > 0 {
        out.push_str(&format!(
            "Rust crate: **{} item(s) removed or changed**: the next release is semver-major.\n",
            s.rust_breaking
        ));
    } else if s.rust_added > 0 {
        out.push_str("Rust crate: additions only (semver-minor).\n");
    } else {
        out.push_str("Rust crate: public API unchanged.\n");
    }
    for severity in [
        Severity::Breaking,
        Severity::PossiblyBreaking,
        Severity::NonBreaking,
        Severity::Documentation,
    ] {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.severity == severity)
            .collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {}\n", severity.label()));
        let mut group: Option<&Group> = None;
        for change in changes {
            if group != Some(&change.group) {
                out.push_str(&format!("\n**{}**\n\n", change.group));
                group = Some(&change.group);
            }
            let rust = match change.rust.impact {
                RustImpact::Breaking => "Rust: **breaking**",
                RustImpact::NonBreaking => "Rust: non-breaking",
                RustImpact::None => "Rust: no API change",
            };
            out.push_str(&format!(
                "- {} (`{}` at `{}`). {}: {}.\n",
                change.message, change.rule, change.location, rust, change.rust.note
            ));
        }
    }
    if !report.rust_api.is_empty() || report.rust_api_error.is_some() {
        out.push_str("\n### Rust API (exact: the generated `api.txt`, before and after)\n\n");
        if let Some(error) = &report.rust_api_error {
            out.push_str(&format!("Not computed: {error}\n"));
        }
        for change in &report.rust_api {
            let line = match (change.change, &change.old, &change.new) {
                (RustApiChangeKind::Changed, Some(old), Some(new)) => {
                    format!("- **changed** `{old}` → `{new}`")
                }
                (RustApiChangeKind::Removed, Some(old), _) => format!("- **removed** `{old}`"),
                (_, _, Some(new)) => format!("- added `{new}`"),
                _ => continue,
            };
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}
