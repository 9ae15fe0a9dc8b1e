//! `$ref`s made plain before anything is typed: every reference generation follows ends up
//! naming a whole entry of `#/components/<section>`, or is left as written for `validate` to
//! judge (and explain, with the reason kept here).
//!
//! - A reference to another file (`./schemas/pet.yaml#/Pet`, `common.yaml`) is read from disk,
//!   relative to the file that holds it (never from the network), and its target becomes a
//!   component of the read document; a target referred to twice is bundled once.
//! - A reference into part of something (`#/components/schemas/X/allOf/0`, a schema under
//!   `paths`) makes that part a component of its own, and the place it was written refers to
//!   it, so both uses share one type.
//! - A path item or security scheme that is a `$ref` is replaced by what it refers to (OpenAPI
//!   3.1's `components/pathItems` included).
//!
//! Every moved part is recorded in the [`SourceMap`], so errors inside it name the file and
//! line it was written at.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::repair::{RepairAt, Repairs};
use super::sources::SourceMap;
use crate::error::{Error, Pointer};

/// What kind of object a position holds, as far as references are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    Document,
    Components,
    PathItem,
    Operation,
    Responses,
    Callback,
    Parameter,
    Header,
    RequestBody,
    Response,
    MediaType,
    Encoding,
    Example,
    Link,
    SecurityScheme,
    Schema,
}

impl Kind {
    /// The `components` section entries of this kind live in.
    fn section(self) -> Option<&'static str> {
        Some(match self {
            Kind::Schema => "schemas",
            Kind::Parameter => "parameters",
            Kind::Header => "headers",
            Kind::RequestBody => "requestBodies",
            Kind::Response => "responses",
            Kind::Example => "examples",
            Kind::Link => "links",
            Kind::Callback => "callbacks",
            Kind::SecurityScheme => "securitySchemes",
            Kind::PathItem => "pathItems",
            // Not components: a reference to one is replaced by its target.
            Kind::MediaType => "mediaTypes",
            Kind::Encoding => "encodings",
            Kind::Operation => "operations",
            _ => return None,
        })
    }

    /// Objects that are replaced by what they refer to, rather than bundled as components.
    fn inlined(self) -> bool {
        matches!(
            self,
            Kind::PathItem
                | Kind::SecurityScheme
                | Kind::MediaType
                | Kind::Encoding
                | Kind::Operation
        )
    }
}

/// How the children under one key are laid out.
enum Layout {
    One(Kind),
    /// A map of named entries.
    Map(Kind),
    List(Kind),
    /// `items`: one schema, or (older JSON Schema) a list.
    OneOrList(Kind),
}

fn layout(kind: Kind, key: &str) -> Option<Layout> {
    use Kind::*;
    use Layout::*;
    Some(match (kind, key) {
        (Document, "paths") => Map(PathItem),
        (Document, "components") => One(Components),
        (Components, "schemas") => Map(Schema),
        (Components, "parameters") => Map(Parameter),
        (Components, "responses") => Map(Response),
        (Components, "requestBodies") => Map(RequestBody),
        (Components, "headers") => Map(Header),
        (Components, "examples") => Map(Example),
        (Components, "securitySchemes") => Map(SecurityScheme),
        (Components, "links") => Map(Link),
        (Components, "callbacks") => Map(Callback),
        (Components, "pathItems") => Map(PathItem),
        (PathItem | Operation, "parameters") => List(Parameter),
        (PathItem, "get" | "put" | "post" | "delete" | "options" | "head" | "patch" | "trace") => {
            One(Operation)
        }
        (Operation, "requestBody") => One(RequestBody),
        (Operation, "responses") => One(Responses),
        (Operation, "callbacks") => Map(Callback),
        (Responses, _) => One(Response),
        (Callback, _) => One(PathItem),
        (Parameter | Header | MediaType, "schema") => One(Schema),
        (Parameter | Header | RequestBody | Response, "content") => Map(MediaType),
        (Parameter | Header | MediaType, "examples") => Map(Example),
        (MediaType, "encoding") => Map(Encoding),
        (Encoding | Response, "headers") => Map(Header),
        (Response, "links") => Map(Link),
        (
            Schema,
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas",
        ) => Map(Schema),
        (Schema, "allOf" | "oneOf" | "anyOf" | "prefixItems") => List(Schema),
        (Schema, "items") => OneOrList(Schema),
        (
            Schema,
            "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedProperties"
            | "unevaluatedItems"
            | "additionalItems",
        ) => One(Schema),
        _ => return None,
    })
}

/// One file taking part in the document.
struct File {
    /// Canonical path, for files read from disk.
    path: Option<PathBuf>,
    /// The name shown in messages.
    name: String,
    /// The file as read (the root's copy is taken only when something points into it).
    value: Option<Value>,
}

/// A reference's target: a file and a pointer in it.
type Target = (usize, String);

/// A part that becomes a component: its section and name, and what it holds.
struct Hoist {
    section: &'static str,
    name: String,
    file: usize,
    from: String,
    content: Value,
}

/// What bundling left for later stages.
pub(crate) struct Bundled {
    /// References left as written, with why they could not be followed.
    pub unresolved: BTreeMap<String, String>,
}

struct Bundler<'m> {
    sources: &'m mut SourceMap,
    repairs: &'m mut Repairs,
    /// The root's components as written, by section: what a `$ref` may name.
    declared: BTreeMap<&'static str, BTreeSet<String>>,
    files: Vec<File>,
    by_path: HashMap<PathBuf, usize>,
    /// Each bundled target's component name, by section.
    names: BTreeMap<(&'static str, Target), String>,
    /// Targets whose content has been scheduled for bundling.
    scheduled: BTreeSet<(&'static str, Target)>,
    /// Names taken in each section.
    taken: BTreeMap<&'static str, BTreeSet<String>>,
    /// Root-file parts that references point into: each becomes a component, and the place
    /// it was written refers to it. By pointer: (section, name).
    root_parts: BTreeMap<String, (&'static str, String)>,
    /// The first pass met a reference that is not to a whole root component.
    needs_copy: bool,
    pending: Vec<Hoist>,
    unresolved: BTreeMap<String, String>,
    /// Whether this pass only looks (the first pass over the root, finding parts referred to).
    scanning: bool,
    /// Path items and security schemes being inlined, against cycles.
    inlining: Vec<Target>,
}

/// Rewrites the references of `doc` (the root file, index 0 of `sources`) as described above.
/// `root` is the root file's path when it was read from disk; without it, references to other
/// files cannot be followed and are left for `validate` to report.
pub(crate) fn bundle(
    doc: &mut Value,
    root: Option<&Path>,
    sources: &mut SourceMap,
    repairs: &mut Repairs,
) -> Result<Bundled, Error> {
    // Most documents refer only to whole components of the sections that stay components:
    // nothing to rewrite (lenient mode still looks, for references that point at nothing).
    if !repairs.lenient && only_plain_refs(doc) {
        return Ok(Bundled {
            unresolved: BTreeMap::new(),
        });
    }
    let root_name = sources.file_name(0).unwrap_or("the document").to_string();
    let mut bundler = Bundler {
        sources,
        repairs,
        declared: BTreeMap::new(),
        files: vec![File {
            path: root.and_then(|p| p.canonicalize().ok()),
            name: root_name,
            value: None,
        }],
        by_path: HashMap::new(),
        names: BTreeMap::new(),
        scheduled: BTreeSet::new(),
        taken: BTreeMap::new(),
        root_parts: BTreeMap::new(),
        needs_copy: false,
        pending: Vec::new(),
        unresolved: BTreeMap::new(),
        scanning: true,
        inlining: Vec::new(),
    };
    if let Some(path) = bundler.files[0].path.clone() {
        bundler.by_path.insert(path, 0);
    }
    // Parts written as a reference to another file where text or a map belongs (a
    // `description`, a whole section of components) are read first: what they hold takes
    // part in everything below.
    if let Some(Value::Object(info)) = doc.get_mut("info") {
        bundler.text_refs(info, 0, &[String::from("info")])?;
    }
    if let Some(Value::Array(tags)) = doc.get_mut("tags") {
        for (i, tag) in tags.iter_mut().enumerate() {
            if let Value::Object(tag) = tag {
                bundler.text_refs(tag, 0, &["tags".to_string(), i.to_string()])?;
            }
        }
    }
    if let Some(Value::Object(components)) = doc.get_mut("components") {
        for (section, entries) in components.iter_mut() {
            if static_section(section).is_some() {
                bundler.map_ref(entries, 0)?;
            }
        }
    }
    if let Some(paths) = doc.get_mut("paths") {
        bundler.map_ref(paths, 0)?;
    }
    if let Some(Value::Object(components)) = doc.get("components") {
        for (section, entries) in components {
            if let (Some(section), Value::Object(entries)) = (static_section(section), entries) {
                bundler
                    .declared
                    .entry(section)
                    .or_default()
                    .extend(entries.keys().cloned());
            }
        }
        for (section, entries) in components {
            if let (Some(section), Value::Object(entries)) = (static_section(section), entries) {
                bundler
                    .taken
                    .entry(section)
                    .or_default()
                    .extend(entries.keys().cloned());
                // A component that is only a reference to another file's part gives that part
                // its name (before anything else can name it).
                for (name, entry) in entries {
                    let lone = entry.as_object().filter(|m| m.len() == 1);
                    let Some(Value::String(reference)) = lone.and_then(|m| m.get("$ref")) else {
                        continue;
                    };
                    if reference.starts_with('#') || kind_of_section(section).inlined() {
                        continue;
                    }
                    if let Some(target) = bundler.target(reference, 0)? {
                        bundler
                            .names
                            .entry((section, target))
                            .or_insert_with(|| name.clone());
                    }
                }
            }
        }
    }
    // First pass: which parts of the root do references point into.
    bundler.walk(doc, Kind::Document, 0, &mut Vec::new())?;
    if bundler.needs_copy {
        bundler.files[0].value = Some(doc.clone());
    }
    bundler
        .root_parts
        .retain(|pointer, _| doc.pointer(pointer).is_some());
    bundler.scanning = false;
    bundler.walk(doc, Kind::Document, 0, &mut Vec::new())?;
    // Bundled parts may refer to more parts: until none is left.
    let mut hoisted: Vec<Hoist> = Vec::new();
    while let Some(mut hoist) = bundler.pending.pop() {
        let mut at = segments(&hoist.from);
        let kind = kind_of_section(hoist.section);
        bundler.descend(&mut hoist.content, kind, hoist.file, &mut at)?;
        hoisted.push(hoist);
    }
    hoisted.sort_by(|a, b| (a.section, &a.name).cmp(&(b.section, &b.name)));
    let Value::Object(root) = doc else {
        return Ok(Bundled {
            unresolved: bundler.unresolved,
        });
    };
    for hoist in hoisted {
        let components = root
            .entry("components")
            .or_insert_with(|| Value::Object(Map::new()));
        if !components.is_object() {
            *components = Value::Object(Map::new());
        }
        let Value::Object(components) = components else {
            continue;
        };
        let section = components
            .entry(hoist.section)
            .or_insert_with(|| Value::Object(Map::new()));
        if !section.is_object() {
            *section = Value::Object(Map::new());
        }
        if let Value::Object(section) = section {
            section.insert(hoist.name.clone(), hoist.content);
        }
        let at = Pointer::root()
            .push("components")
            .push(hoist.section)
            .push(hoist.name);
        bundler
            .sources
            .moved(&at, hoist.file, &Pointer::parse(&hoist.from));
    }
    Ok(Bundled {
        unresolved: bundler.unresolved,
    })
}

/// Whether every `$ref` in the tree names a whole entry of a `components` section whose
/// entries stay components (`#/components/schemas/Pet`): then bundling changes nothing.
fn only_plain_refs(value: &Value) -> bool {
    const KEPT: &[&str] = &[
        "schemas",
        "parameters",
        "responses",
        "requestBodies",
        "headers",
        "examples",
        "links",
        "callbacks",
    ];
    let plain = |reference: &str| {
        reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .is_some_and(|(section, name)| KEPT.contains(&section) && !name.contains('/'))
    };
    match value {
        Value::Object(map) => {
            map.get("$ref")
                .is_none_or(|r| r.as_str().is_some_and(plain))
                && map.values().all(only_plain_refs)
        }
        Value::Array(items) => items.iter().all(only_plain_refs),
        _ => true,
    }
}

fn static_section(section: &str) -> Option<&'static str> {
    [
        "schemas",
        "parameters",
        "headers",
        "requestBodies",
        "responses",
        "examples",
        "links",
        "callbacks",
        "securitySchemes",
        "pathItems",
    ]
    .into_iter()
    .find(|s| *s == section)
}

fn kind_of_section(section: &str) -> Kind {
    match section {
        "schemas" => Kind::Schema,
        "parameters" => Kind::Parameter,
        "headers" => Kind::Header,
        "requestBodies" => Kind::RequestBody,
        "responses" => Kind::Response,
        "examples" => Kind::Example,
        "links" => Kind::Link,
        "callbacks" => Kind::Callback,
        "securitySchemes" => Kind::SecurityScheme,
        _ => Kind::PathItem,
    }
}

/// The segments of a pointer (`""` is the whole document: none).
fn segments(pointer: &str) -> Vec<String> {
    if pointer.is_empty() {
        Vec::new()
    } else {
        Pointer::parse(pointer).segments().to_vec()
    }
}

fn pointer_text(segments: &[String]) -> String {
    segments
        .iter()
        .fold(Pointer::root(), |p, s| p.push(s.clone()))
        .to_string()
}

impl Bundler<'_> {
    /// Visits `node`, a `kind` at `at` in file `file`.
    fn walk(
        &mut self,
        node: &mut Value,
        kind: Kind,
        file: usize,
        at: &mut Vec<String>,
    ) -> Result<(), Error> {
        if file == 0 && !self.scanning && !self.root_parts.is_empty() {
            if let Some((section, name)) = self.root_parts.get(&pointer_text(at)) {
                if kind.section() == Some(*section) {
                    // Referred to from elsewhere: a component now, which this place refers to.
                    let mut replaced = Map::new();
                    replaced.insert("$ref".into(), Value::String(component_ref(section, name)));
                    *node = Value::Object(replaced);
                    return Ok(());
                }
            }
        }
        self.descend(node, kind, file, at)
    }

    /// Visits what `node` holds (a bundled part's top is not replaced by a reference to itself).
    fn descend(
        &mut self,
        node: &mut Value,
        kind: Kind,
        file: usize,
        at: &mut Vec<String>,
    ) -> Result<(), Error> {
        let Value::Object(map) = node else {
            return Ok(());
        };
        if let Some(Value::String(reference)) = map.get("$ref") {
            if kind.section().is_some() {
                let reference = reference.clone();
                let handled = self.reference(node, &reference, kind, file, at)?;
                // Beside a `$ref`, 3.1 reads the other keywords too: they are walked as well.
                if handled || node.as_object().is_none_or(|m| m.len() == 1) {
                    return Ok(());
                }
            }
        }
        let Value::Object(map) = node else {
            return Ok(());
        };
        self.text_refs(map, file, at)?;
        if kind == Kind::Schema && !self.scanning {
            if let Some(Value::Object(discriminator)) = map.get_mut("discriminator") {
                if let Some(Value::Object(mapping)) = discriminator.get_mut("mapping") {
                    for target in mapping.values_mut() {
                        if let Value::String(reference) = target {
                            if let Some(rewritten) = self.mapping_target(reference, file, at)? {
                                *reference = rewritten;
                            }
                        }
                    }
                }
            }
        }
        for (key, child) in map.iter_mut() {
            let Some(layout) = layout(kind, key) else {
                continue;
            };
            at.push(key.clone());
            if matches!(layout, Layout::Map(_))
                || (kind, key.as_str()) == (Kind::Operation, "responses")
            {
                self.map_ref(child, file)?;
            }
            match (layout, child) {
                (Layout::One(k) | Layout::OneOrList(k), child @ Value::Object(_)) => {
                    self.walk(child, k, file, at)?
                }
                (Layout::List(k) | Layout::OneOrList(k), Value::Array(items)) => {
                    for (i, item) in items.iter_mut().enumerate() {
                        at.push(i.to_string());
                        self.walk(item, k, file, at)?;
                        at.pop();
                    }
                }
                (Layout::Map(k), Value::Object(entries)) => {
                    for (name, entry) in entries.iter_mut() {
                        at.push(name.clone());
                        self.walk(entry, k, file, at)?;
                        at.pop();
                    }
                }
                _ => {}
            }
            at.pop();
        }
        Ok(())
    }

    /// A `$ref` at a `kind` position: rewritten to name a component, or (path items, security
    /// schemes, a root component that only refers to another file) replaced by its target.
    /// Returns whether the node was replaced, and so needs no more walking.
    fn reference(
        &mut self,
        node: &mut Value,
        reference: &str,
        kind: Kind,
        file: usize,
        at: &[String],
    ) -> Result<bool, Error> {
        let Some(target) = self.target(reference, file)? else {
            return Ok(false);
        };
        let section = kind.section().unwrap_or("schemas");
        let target_segments = segments(&target.1);
        // A whole component of another section where this position needs a schema (a schema
        // `$ref` to `#/components/responses/X`) is a slip lowering judges; nothing to bundle.
        if target.0 == 0
            && target_segments.len() == 3
            && target_segments[0] == "components"
            && target_segments[1] != section
            && !kind.inlined()
        {
            return Ok(false);
        }
        // A whole component of the root, in the section this position needs.
        let direct = target.0 == 0
            && target_segments.len() == 3
            && target_segments[0] == "components"
            && target_segments[1] == section;
        if self.scanning {
            if !direct {
                self.needs_copy = true;
                if target.0 == 0 && !kind.inlined() {
                    let name = self.name_for(section, &target);
                    self.root_parts.insert(target.1.clone(), (section, name));
                }
            }
            return Ok(false);
        }
        if kind.inlined() {
            self.inline(node, reference, kind, &target, at)?;
            return Ok(true);
        }
        let missing_direct = direct
            && !self
                .declared
                .get(section)
                .is_some_and(|names| names.contains(&target_segments[2]));
        let missing = missing_direct || (!direct && self.node(&target).is_none());
        if missing && kind == Kind::Schema && self.repairs.lenient {
            let location = self.sources.locate_in(file, &pointer_text(at));
            self.repairs.at(
                RepairAt::File(location),
                &format!("`$ref: {reference}` points at nothing"),
                "type the value it describes as free-form JSON",
            )?;
            *node = Value::Object(Map::new());
            return Ok(true);
        }
        let rewritten = if direct {
            component_ref(section, &target_segments[2])
        } else {
            let Some(content) = self.node(&target).cloned() else {
                let why = self.missing(&target);
                self.unresolved.insert(reference.to_string(), why);
                return Ok(false);
            };
            let name = self.name_for(section, &target);
            // A root component that is only this reference becomes the part itself.
            let is_home = file == 0
                && at.len() == 3
                && at[0] == "components"
                && at[1] == section
                && at[2] == name
                && node.as_object().is_some_and(|m| m.len() == 1);
            if is_home && self.scheduled.insert((section, target.clone())) {
                let mut content = content;
                let mut inner_at = target_segments.clone();
                self.descend(&mut content, kind, target.0, &mut inner_at)?;
                *node = content;
                self.sources.moved(
                    &Pointer::parse(&pointer_text(at)),
                    target.0,
                    &Pointer::parse(&target.1),
                );
                return Ok(true);
            }
            if self.scheduled.insert((section, target.clone())) {
                self.pending.push(Hoist {
                    section,
                    name: name.clone(),
                    file: target.0,
                    from: target.1.clone(),
                    content,
                });
            }
            component_ref(section, &name)
        };
        if let Value::Object(map) = node {
            map.insert("$ref".into(), Value::String(rewritten));
        }
        Ok(false)
    }

    /// A path item or security scheme that is a `$ref`: replaced by its target (siblings of
    /// the `$ref`, such as a `summary`, kept).
    fn inline(
        &mut self,
        node: &mut Value,
        reference: &str,
        kind: Kind,
        target: &Target,
        at: &[String],
    ) -> Result<(), Error> {
        if self.inlining.contains(target) || self.inlining.len() > 32 {
            self.unresolved.insert(
                reference.to_string(),
                "refers to itself through other references".into(),
            );
            return Ok(());
        }
        let Some(mut content) = self.node(target).cloned() else {
            let why = self.missing(target);
            self.unresolved.insert(reference.to_string(), why);
            return Ok(());
        };
        self.inlining.push(target.clone());
        let mut inner_at = segments(&target.1);
        // The target may itself be a reference: `descend` follows it.
        self.descend(&mut content, kind, target.0, &mut inner_at)?;
        self.inlining.pop();
        if let (Value::Object(siblings), Value::Object(content)) = (&*node, &mut content) {
            for (key, value) in siblings {
                if key != "$ref" {
                    content.insert(key.clone(), value.clone());
                }
            }
        }
        *node = content;
        self.sources.moved(
            &Pointer::parse(&pointer_text(at)),
            target.0,
            &Pointer::parse(&target.1),
        );
        Ok(())
    }

    /// `description` or `summary` written as a `$ref`: to a string in a YAML or JSON file,
    /// that string; to a Markdown page (as some documentation tools allow, though a JSON
    /// Reference cannot name text), a repair reading the page.
    fn text_refs(
        &mut self,
        map: &mut Map<String, Value>,
        file: usize,
        at: &[String],
    ) -> Result<(), Error> {
        for key in ["description", "summary"] {
            let Some(Value::Object(text)) = map.get(key) else {
                continue;
            };
            let Some(Value::String(reference)) = text.get("$ref") else {
                continue;
            };
            let reference = reference.clone();
            let mut key_at = at.to_vec();
            key_at.push(key.to_string());
            let location = self.sources.locate_in(file, &pointer_text(&key_at));
            let document = reference.contains('#')
                || [".yaml", ".yml", ".json"]
                    .iter()
                    .any(|x| reference.split('#').next().unwrap_or("").ends_with(x));
            let contents = if document {
                // A string inside a YAML or JSON file: a JSON Reference like any other.
                let text = match self.target(&reference, file)? {
                    Some(target) => match self.node_anywhere(&target) {
                        Some(Value::String(text)) => text.clone(),
                        _ => continue,
                    },
                    None => continue,
                };
                map.insert(key.to_string(), Value::String(text));
                continue;
            } else {
                let Some(path) = self.files[file]
                    .path
                    .as_ref()
                    .and_then(|p| p.parent())
                    .map(|dir| dir.join(percent_decode(&reference)))
                else {
                    continue;
                };
                let Ok(contents) = std::fs::read_to_string(&path) else {
                    continue;
                };
                contents
            };
            self.repairs.at(
                RepairAt::File(location),
                &format!(
                    "`{key}` is a `$ref` to `{reference}` (OpenAPI's text fields are strings)"
                ),
                "read the text of that file",
            )?;
            map.insert(key.to_string(), Value::String(contents));
        }
        Ok(())
    }

    /// A `$ref` where a map of entries belongs (a whole `components/parameters`, a
    /// response's `content`): OpenAPI's Reference Object stands for one entry, but a JSON
    /// Reference may stand for any value, and split documents use it so. Each entry of the map
    /// it names becomes a reference to that entry.
    fn map_ref(&mut self, node: &mut Value, file: usize) -> Result<(), Error> {
        let Value::Object(map) = node else {
            return Ok(());
        };
        let Some(Value::String(reference)) = map.get("$ref") else {
            return Ok(());
        };
        let reference = reference.clone();
        let Some(target) = self.target(&reference, file)? else {
            return Ok(());
        };
        let entries: Vec<String> = match self.node_anywhere(&target) {
            Some(Value::Object(entries)) => entries.keys().cloned().collect(),
            _ => return Ok(()),
        };
        let base = reference.split('#').next().unwrap_or("");
        let fragment = reference.split_once('#').map(|(_, f)| f).unwrap_or("");
        let mut expanded = Map::new();
        for name in entries {
            let escaped = name.replace('~', "~0").replace('/', "~1");
            let pointer = format!("{}/{escaped}", fragment.trim_end_matches('/'));
            expanded.insert(
                name,
                serde_json::json!({ "$ref": format!("{base}#{pointer}") }),
            );
        }
        *node = Value::Object(expanded);
        Ok(())
    }

    /// A target's node, reading the root as it is now when no copy was taken yet.
    fn node_anywhere(&self, target: &Target) -> Option<&Value> {
        self.node(target)
    }

    /// Why a target has no node.
    fn missing(&self, target: &Target) -> String {
        format!("points at nothing in {}", self.files[target.0].name)
    }

    /// A discriminator `mapping` value that is a reference (not a bare schema name): the
    /// reference its target is bundled under.
    fn mapping_target(
        &mut self,
        reference: &str,
        file: usize,
        at: &[String],
    ) -> Result<Option<String>, Error> {
        let is_reference = reference.contains('#')
            || reference.contains('/')
            || reference.ends_with(".yaml")
            || reference.ends_with(".yml")
            || reference.ends_with(".json");
        if !is_reference || (file == 0 && reference.starts_with("#/components/schemas/")) {
            return Ok(None);
        }
        let mut node = serde_json::json!({ "$ref": reference });
        let mut at = at.to_vec();
        at.push("discriminator".into());
        self.reference(&mut node, reference, Kind::Schema, file, &at)?;
        Ok(node
            .get("$ref")
            .and_then(Value::as_str)
            .filter(|r| *r != reference)
            .map(str::to_string))
    }

    /// `reference`, written in file `file`, as a file index and a pointer; `None` (recorded
    /// as unresolved) when it cannot be followed.
    fn target(&mut self, reference: &str, file: usize) -> Result<Option<Target>, Error> {
        let (location, fragment) = match reference.split_once('#') {
            Some((location, fragment)) => (location, fragment),
            None => (reference, ""),
        };
        let fragment = percent_decode(fragment);
        if !fragment.is_empty() && !fragment.starts_with('/') {
            self.unresolved.insert(
                reference.to_string(),
                "anchors (`#name`) are not supported; refer by JSON pointer".into(),
            );
            return Ok(None);
        }
        if location.is_empty() {
            return Ok(Some((file, fragment)));
        }
        if location.contains("://") {
            self.unresolved.insert(
                reference.to_string(),
                "is remote, and remote references are not fetched: save that document and refer to it by a relative path".into(),
            );
            return Ok(None);
        }
        let Some(dir) = self.files[file]
            .path
            .as_ref()
            .and_then(|p| p.parent().map(Path::to_path_buf))
        else {
            self.unresolved.insert(
                reference.to_string(),
                "refers to another file, which needs the document read from a file (`generate_file`, or `cargo xtask regen --spec PATH`)".into(),
            );
            return Ok(None);
        };
        let name = self.display_name(file, location);
        let canonical = match dir.join(percent_decode(location)).canonicalize() {
            Ok(p) => p,
            Err(e) => {
                self.unresolved
                    .insert(reference.to_string(), format!("cannot read {name}: {e}"));
                return Ok(None);
            }
        };
        if let Some(&index) = self.by_path.get(&canonical) {
            return Ok(Some((index, fragment)));
        }
        let text = match std::fs::read_to_string(&canonical) {
            Ok(text) => text,
            Err(e) => {
                self.unresolved
                    .insert(reference.to_string(), format!("cannot read {name}: {e}"));
                return Ok(None);
            }
        };
        let value = super::read(&text).map_err(|e| match e {
            Error::Parse { location, message } => Error::Parse {
                location: crate::error::Location {
                    file: Some(name.clone()),
                    ..location
                },
                message,
            },
            other => other,
        })?;
        let index = self.sources.add_file(name.clone(), text);
        self.files.push(File {
            path: Some(canonical.clone()),
            name,
            value: Some(value),
        });
        self.by_path.insert(canonical, index);
        Ok(Some((index, fragment)))
    }

    /// A file as messages name it: the referring file's directory joined with `location`.
    fn display_name(&self, file: usize, location: &str) -> String {
        let mut parts: Vec<String> = self.files[file]
            .name
            .split('/')
            .map(str::to_string)
            .collect();
        parts.pop();
        for part in percent_decode(location).split('/') {
            match part {
                "" | "." => {}
                ".." if parts.last().is_some_and(|p| p != "..") => {
                    parts.pop();
                }
                other => parts.push(other.to_string()),
            }
        }
        parts.join("/")
    }

    /// The node a target names, in its file as written.
    fn node(&self, target: &Target) -> Option<&Value> {
        self.files[target.0].value.as_ref()?.pointer(&target.1)
    }

    /// The component name `target` is bundled under in `section`, chosen once.
    fn name_for(&mut self, section: &'static str, target: &Target) -> String {
        let key = (section, target.clone());
        if let Some(name) = self.names.get(&key) {
            return name.clone();
        }
        let taken = self.taken.entry(section).or_default();
        let raw = raw_name(&self.files[target.0].name, &target.1);
        let mut name = raw.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{raw} {n}");
            n += 1;
        }
        taken.insert(name.clone());
        self.names.insert(key, name.clone());
        name
    }
}

fn component_ref(section: &str, name: &str) -> String {
    format!(
        "#/components/{section}/{}",
        name.replace('~', "~0").replace('/', "~1")
    )
}

/// A component name for a part: the file's name for a whole file, the entry's name for an
/// entry of a map of definitions, with the path inside it in words (`Pet allOf 0`).
fn raw_name(file: &str, pointer: &str) -> String {
    let segments: Vec<String> = if pointer.is_empty() {
        Vec::new()
    } else {
        Pointer::parse(pointer).segments().to_vec()
    };
    let stem = || {
        let base = file.rsplit('/').next().unwrap_or(file);
        base.split('.').next().unwrap_or(base).to_string()
    };
    let (base, rest): (String, &[String]) = match segments.as_slice() {
        [] => (stem(), &[]),
        [c, _section, name, rest @ ..] if c == "components" => (name.clone(), rest),
        [d, name, rest @ ..]
            if matches!(
                d.as_str(),
                "definitions" | "$defs" | "parameters" | "responses"
            ) =>
        {
            (name.clone(), rest)
        }
        [p, path, rest @ ..] if p == "paths" => (path.replace(['/', '{', '}'], " "), rest),
        [name, rest @ ..] => (name.clone(), rest),
    };
    let mut words = vec![base];
    let mut i = 0;
    while i < rest.len() {
        let segment = rest[i].as_str();
        match segment {
            "properties" | "schema" | "content" | "patternProperties" => {
                if segment == "content" {
                    i += 1; // the media type
                }
            }
            "items" => words.push("item".into()),
            "additionalProperties" => words.push("value".into()),
            "requestBody" => words.push("request".into()),
            "responses" => {
                words.push("response".into());
                if let Some(code) = rest.get(i + 1) {
                    if code != "200" && code != "201" {
                        words.push(code.clone());
                    }
                    i += 1;
                }
            }
            other => words.push(other.to_string()),
        }
        i += 1;
    }
    let name = words.join(" ").trim().to_string();
    if name.is_empty() {
        "part".into()
    } else {
        name
    }
}

/// `%7B` → `{`; anything that is not a valid escape is kept as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}
