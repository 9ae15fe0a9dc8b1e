//! Stage 3: a validated `OpenAPI` document → the IR in `ir.rs`.
//!
//! Lowering runs in three steps, each in its own file:
//!
//! 1. every schema becomes an entry of a type space with a stable id (`space.rs`): components
//!    first, then the schemas operations use inline (`schemas.rs`, `merge.rs` for `allOf`,
//!    `unions.rs` for `oneOf` / `anyOf`, `operations.rs`);
//! 2. whole-space passes (`graph.rs`): recursion is boxed, self-containing aliases become
//!    newtypes, the types requests send get tri-state optional fields;
//! 3. names are chosen for the finished space (`naming.rs`), and ids become names.
//!
//! Traversal order is fixed (components by name, paths by template, methods in a fixed order,
//! properties by wire name), and names depend on where a type is used, never on that order.

mod bodies;
mod complexity;
mod draft;
mod examples;
pub(crate) mod features;
mod graph;
mod intersect;
mod merge;
mod naming;
mod operations;
mod pagination;
mod refs;
mod schemas;
mod security;
mod size;
mod space;
mod unions;
mod view;
pub(crate) mod webhooks;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::error::{Error, Pointer};
use crate::names::{Case, Namespace};
use draft::*;
pub(crate) use operations::allocate_natural_first;
use refs::{Finish, Names};
use schemas::{docs_of, Slot};
use space::{Naming, TypeId, TypeSpace};
use view::View;

/// Marks a name that stands for a type-space entry's until names are chosen.
const PLACEHOLDER: &str = "\u{1}";

/// The placeholder for entry `id`'s name.
pub(crate) fn placeholder(id: TypeId) -> String {
    format!("{PLACEHOLDER}{id}")
}

/// The entry a placeholder name stands for.
fn placeholder_id(name: &str) -> Option<usize> {
    name.strip_prefix(PLACEHOLDER)?.parse().ok()
}

/// The extension that turns paging on or off for an operation.
pub(crate) const PAGINATION: &str = "x-pagination";

/// Lowers a parsed, validated document to the IR.
#[cfg(test)]
pub fn lower(spec: &OpenAPI) -> Result<Api, Error> {
    lower_with(spec, false)
}

/// Lowers a document; `lenient` repairs what breaks OpenAPI's rules where lowering finds it
/// (members of an `allOf` that contradict each other on a property's values).
pub fn lower_with(spec: &OpenAPI, lenient: bool) -> Result<Api, Error> {
    let mut cx = Lowerer::new(spec);
    cx.lenient = lenient;
    for id in 0..cx.component_names.len() as TypeId {
        let at = cx.component_pointer(id);
        cx.define_component(id, &at)?;
    }
    let operations = cx.operations()?;
    cx.finish(operations)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    InProgress,
    Done,
}

pub(crate) struct Lowerer<'a> {
    spec: &'a OpenAPI,
    space: TypeSpace,
    /// Component schema name → id. Components take ids `0..n`, in name order.
    components: BTreeMap<String, TypeId>,
    component_names: Vec<String>,
    component_schemas: Vec<&'a ReferenceOr<Schema>>,
    states: Vec<State>,
    /// Components whose `$ref`s allow `null`.
    nullable_components: BTreeSet<TypeId>,
    /// Security schemes operations use, in order of first use.
    schemes: Vec<SecurityScheme>,
    /// Multipart request bodies' structs (names are placeholders until `finish`).
    multipart_structs: Vec<MultipartStruct>,
    /// Each operation's `x-pagination`, in operation order.
    paging: Vec<Option<bool>>,
    /// How deep the current schema is nested (a guard for the stack).
    depth: usize,
    /// Examples of generated types met so far.
    examples: Vec<Example>,
    /// What is worth telling but does not stop generation: (where, what).
    warnings: Vec<(Pointer, String)>,
    /// Places a valid construct could not be typed precisely, and what they became instead.
    fallbacks: Vec<(Pointer, String)>,
    /// Schema objects lowered (each use of an inline schema, each component once).
    schemas: usize,
    /// Structs made for the intersection of two object types, by the pair.
    merges: BTreeMap<(TypeRef, TypeRef), TypeRef>,
    /// Whether any were made (their members' inline types may then be unused).
    merged_any: bool,
    /// Inline schemas with a `title` that defined a type, by their JSON text: the same schema
    /// written out again elsewhere is that type (see [`space::Entry::shared_title`]).
    titled: BTreeMap<String, schemas::Lowered>,
    /// Repair what lenient mode repairs (see `Settings::lenient`).
    lenient: bool,
    /// What was repaired: (where, what).
    repairs: Vec<(Pointer, String)>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        let mut schemas: Vec<(&'a String, &'a ReferenceOr<Schema>)> = spec
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
            .collect();
        schemas.sort_by(|a, b| a.0.cmp(b.0));
        let mut cx = Lowerer {
            spec,
            space: TypeSpace::default(),
            components: BTreeMap::new(),
            component_names: Vec::with_capacity(schemas.len()),
            component_schemas: Vec::with_capacity(schemas.len()),
            states: vec![State::Pending; schemas.len()],
            nullable_components: BTreeSet::new(),
            schemes: Vec::new(),
            multipart_structs: Vec::new(),
            paging: Vec::new(),
            depth: 0,
            examples: Vec::new(),
            warnings: Vec::new(),
            fallbacks: Vec::new(),
            schemas: 0,
            merges: BTreeMap::new(),
            merged_any: false,
            titled: BTreeMap::new(),
            lenient: false,
            repairs: Vec::new(),
        };
        for (name, schema) in &schemas {
            let doc = match schema {
                ReferenceOr::Item(s) => docs_of(s),
                ReferenceOr::Reference { .. } => Docs::default(),
            };
            let pointer = Pointer::root()
                .push("components")
                .push("schemas")
                .push((*name).clone());
            let id = cx
                .space
                .add(Naming::Component((*name).clone()), pointer, doc);
            cx.components.insert((*name).clone(), id);
            cx.component_names.push((*name).clone());
            cx.component_schemas.push(schema);
        }
        for id in 0..schemas.len() {
            if cx.raw_nullable(cx.component_schemas[id], 0) {
                cx.nullable_components.insert(id as TypeId);
            }
        }
        cx
    }

    fn component_pointer(&self, id: TypeId) -> Pointer {
        self.space.get(id).origin.clone()
    }

    /// The component's schema, `$ref` chains followed.
    pub(crate) fn component_schema(&self, id: TypeId) -> Option<&'a Schema> {
        let mut schema = *self.component_schemas.get(id as usize)?;
        for _ in 0..16 {
            match schema {
                ReferenceOr::Item(s) => return Some(s),
                ReferenceOr::Reference { reference } => {
                    schema = self.component_schemas[self.component_id(reference)? as usize]
                }
            }
        }
        None
    }

    /// Lowers a component once; `allOf` members are lowered before the schemas that merge them.
    fn define_component(&mut self, id: TypeId, at: &Pointer) -> Result<(), Error> {
        match self.states[id as usize] {
            State::Done => return Ok(()),
            State::InProgress => {
                return Err(Error::unsupported(
                    at,
                    "an `allOf` that includes itself (a cycle through `allOf` members)",
                ))
            }
            State::Pending => {}
        }
        self.states[id as usize] = State::InProgress;
        let pointer = self.component_pointer(id);
        match self.component_schemas[id as usize] {
            ReferenceOr::Reference { reference } => {
                let target = self.reference(reference, &pointer)?;
                self.space.set(id, TypeKind::Alias(target.ty));
            }
            ReferenceOr::Item(schema) => {
                self.space.entries[id as usize].wire = View::of(schema).wire();
                if let Err(e) = self.schema(schema, &pointer, Slot::Component(id)) {
                    // Tried again (and the error reported) where it is next needed.
                    self.states[id as usize] = State::Pending;
                    return Err(e);
                }
            }
        }
        self.states[id as usize] = State::Done;
        Ok(())
    }

    /// Whether a `$ref` to this schema may be `null`, read from the schema alone (a component
    /// can be referred to before it is lowered).
    fn raw_nullable(&self, schema: &ReferenceOr<Schema>, depth: usize) -> bool {
        if depth > 16 {
            return false;
        }
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                return self.component_id(reference).is_some_and(|id| {
                    self.raw_nullable(self.component_schemas[id as usize], depth + 1)
                })
            }
        };
        let view = View::of(schema);
        if view.nullable() {
            return true;
        }
        let member_nullable = |m: &ReferenceOr<Schema>| match m {
            ReferenceOr::Item(s) => View::of(s).is_null_only() || s.schema_data.nullable,
            reference => self.raw_nullable(reference, depth + 1),
        };
        let typed: Vec<&ReferenceOr<Schema>> = view
            .all_of
            .iter()
            .filter(|m| !matches!(m, ReferenceOr::Item(s) if View::of(s).is_annotation_only()))
            .collect();
        let own_object =
            view.props().is_some() || !view.required.is_empty() || view.additional.is_some();
        (typed.len() == 1 && !own_object && self.raw_nullable(typed[0], depth + 1))
            || view.one_of.iter().chain(view.any_of).any(member_nullable)
    }

    /// Whole-space passes, names, and the IR.
    fn finish(mut self, mut operations: Vec<Operation>) -> Result<Api, Error> {
        use crate::ir;
        if !self.fallbacks.is_empty() || self.merged_any {
            self.bury_dead(&operations);
        }
        graph::fix_recursive_aliases(&mut self.space)?;
        self.mark_tri_state(&operations);
        self.mark_fixed_fields();
        self.name_complex_types(&mut operations);
        let names = naming::assign(&self.space, naming::RESERVED_TYPES);
        let mut boxes = graph::boxes(&self.space);
        size::box_large_variants(&self.space, &mut boxes);
        for op in operations
            .iter_mut()
            .filter(|op| op.success.choice.is_some())
        {
            let payloads: Vec<Option<&TypeRef>> = op
                .success
                .responses
                .iter()
                .map(|r| match &r.content {
                    Content::Json(ty) => Some(ty),
                    Content::Text | Content::Binary => Some(&TypeRef::String),
                    Content::Empty => None,
                })
                .collect();
            let boxed = size::boxed_payloads(&self.space, &boxes, &payloads);
            for (response, boxed) in op.success.responses.iter_mut().zip(boxed) {
                response.boxed = boxed;
            }
        }
        // The same for a request body offered in several media types.
        for body in operations
            .iter_mut()
            .filter_map(|op| op.body.as_mut())
            .filter(|body| body.choice.is_some())
        {
            let payloads: Vec<size::Payload> = body
                .contents
                .iter()
                .map(|c| match &c.kind {
                    BodyKind::Json(ty) | BodyKind::Form(ty) => size::Payload::Type(ty),
                    BodyKind::Multipart(name) => size::Payload::Multipart(
                        self.multipart_structs
                            .iter()
                            .find(|m| m.name == *name)
                            .map(|m| {
                                m.fields
                                    .iter()
                                    .map(|f| match &f.kind {
                                        PartKind::Value(ty) => Some(ty),
                                        _ => None,
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    ),
                    BodyKind::Binary | BodyKind::MultipartForm => size::Payload::Fixed(40),
                    BodyKind::Text => size::Payload::Fixed(24),
                })
                .collect();
            let boxed = size::boxed_bodies(&self.space, &boxes, &payloads);
            for (content, boxed) in body.contents.iter_mut().zip(boxed) {
                content.boxed = boxed;
            }
        }

        let mut types = Vec::new();
        for (id, entry) in self.space.entries.iter().enumerate() {
            if entry.name_only || entry.dead {
                continue;
            }
            let Some(kind) = &entry.kind else {
                return Err(Error::invalid(
                    &entry.origin,
                    "this schema could not be given a type",
                ));
            };
            types.push(TypeDef {
                name: names[id].clone(),
                doc: entry.doc.clone(),
                origin: entry.origin.to_string(),
                kind: named_kind(kind, id as TypeId, &Names(&names), &boxes),
                wire: entry.wire.clone(),
            });
        }
        types.sort_by(|a, b| a.name.cmp(&b.name));

        // `ErrorBody` is an enum of every error body type: one much larger than the others is
        // boxed, by the same rule as union variants.
        let error_types: Vec<TypeRef> = operations
            .iter()
            .flat_map(|op| op.errors.iter().filter_map(|e| e.body.clone()))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let payloads: Vec<Option<&TypeRef>> = error_types.iter().map(Some).collect();
        let names = Names(&names);
        let boxed_errors: BTreeSet<ir::TypeRef> = error_types
            .iter()
            .zip(size::boxed_payloads(&self.space, &boxes, &payloads))
            .filter(|(_, boxed)| *boxed)
            .map(|(ty, _)| names.ty(ty.clone()))
            .collect();
        // From here on the IR is final: every type named (see `refs`).
        let mut operations: Vec<ir::Operation> = operations.finish(&names);
        let mut multipart_structs = std::mem::take(&mut self.multipart_structs).finish(&names);
        let mut error_names = Namespace::new();
        let mut error_bodies: BTreeMap<ir::TypeRef, String> = BTreeMap::new();
        for error in operations.iter_mut().flat_map(|op| op.errors.iter_mut()) {
            let Some(body) = &error.body else {
                continue;
            };
            let variant = error_bodies.entry(body.clone()).or_insert_with(|| {
                let raw = match body {
                    ir::TypeRef::Named(name) => name.clone(),
                    ir::TypeRef::Value => "Json".to_string(),
                    other => other.label(),
                };
                error_names.allocate(&raw, Case::Pascal)
            });
            error.body_variant = Some(variant.clone());
        }
        multipart_structs.sort_by(|a, b| a.name.cmp(&b.name));
        let by_name: BTreeMap<&str, &TypeDef> =
            types.iter().map(|t| (t.name.as_str(), t)).collect();
        let mut methods = Namespace::new();
        for op in &operations {
            methods.reserve(&op.method_name);
        }
        for (op, hint) in operations.iter_mut().zip(&self.paging) {
            op.pagination = match hint {
                Some(false) => None,
                _ => pagination::detect(op, &by_name),
            };
            if *hint == Some(true) && op.pagination.is_none() {
                let at = Pointer::root()
                    .push("paths")
                    .push(op.path.clone())
                    .push(op.http_method.to_ascii_lowercase());
                return Err(Error::unsupported(
                    &at.push(PAGINATION),
                    format!("`{PAGINATION}: true` on an operation without a cursor parameter, items and a next-page cursor (see the README's pagination rule)"),
                ));
            }
            if let Some(pagination) = &mut op.pagination {
                pagination.stream_method =
                    methods.allocate(&format!("{}_stream", op.method_name), Case::Snake);
            }
        }
        let mut error_bodies: Vec<ErrorBodyVariant> = error_bodies
            .into_iter()
            .map(|(ty, name)| ErrorBodyVariant {
                name,
                boxed: boxed_errors.contains(&ty),
                ty,
            })
            .collect();
        error_bodies.sort_by(|a, b| a.name.cmp(&b.name));
        let mut examples: Vec<ir::Example> = std::mem::take(&mut self.examples).finish(&names);
        examples::check(&types, &mut examples);
        // A path id whose schema is a named string (`FrameOrAdobeId = String`) is taken as
        // `&str`, like any string id: `&String` would make callers allocate.
        let string_aliases: BTreeSet<&str> = types
            .iter()
            .filter(|t| matches!(t.kind, ir::TypeKind::Alias(ir::TypeRef::String)))
            .map(|t| t.name.as_str())
            .collect();
        for op in &mut operations {
            for param in &mut op.path_params {
                if matches!(&param.ty, ir::TypeRef::Named(name) if string_aliases.contains(name.as_str()))
                {
                    param.ty = ir::TypeRef::String;
                }
            }
        }
        let mut security_schemes = std::mem::take(&mut self.schemes);
        security_schemes.sort_by(|a, b| a.name.cmp(&b.name));
        let (bearer, credentials) = security::credentials(&security_schemes);
        Ok(Api {
            title: self.spec.info.title.clone(),
            version: self.spec.info.version.clone(),
            tags: self
                .spec
                .tags
                .iter()
                .map(|t| TagDoc {
                    name: t.name.clone(),
                    description: t.description.clone(),
                })
                .collect(),
            base_url: self.spec.servers.first().map(|s| s.url.clone()),
            types,
            operations,
            error_bodies,
            examples,
            warnings: std::mem::take(&mut self.warnings)
                .into_iter()
                .map(|(at, message)| (at.to_string(), message))
                .collect(),
            fallbacks: std::mem::take(&mut self.fallbacks)
                .into_iter()
                .map(|(at, message)| (at.to_string(), message))
                .collect(),
            schemas: self.schemas,
            repairs: std::mem::take(&mut self.repairs)
                .into_iter()
                .map(|(at, message)| (at.to_string(), message))
                .collect(),
            oauth_schemes: self.oauth_schemes(),
            security_schemes,
            credentials,
            bearer,
            multipart_structs,
            features: None,
            webhooks: None,
        })
    }

    /// Keeps an example of a type worth a round-trip test (one that mentions a generated type).
    pub(crate) fn example(
        &mut self,
        at: Pointer,
        ty: &TypeRef,
        nullable: bool,
        value: &serde_json::Value,
    ) {
        fn mentions_def(ty: &TypeRef) -> bool {
            match ty {
                TypeRef::Def(_) => true,
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                    mentions_def(inner)
                }
                _ => false,
            }
        }
        if mentions_def(ty) {
            self.examples.push(Example {
                pointer: at.to_string(),
                ty: if nullable {
                    TypeRef::Option(Box::new(ty.clone()))
                } else {
                    ty.clone()
                },
                value: value.clone(),
                problem: None,
            });
        }
    }

    /// Marks the inline types nothing uses: what a schema that fell back had defined before
    /// it gave up.
    fn bury_dead(&mut self, operations: &[Operation]) {
        let components = (0..self.component_names.len() as TypeId).map(TypeRef::Def);
        let mut roots: Vec<TypeRef> = components.collect();
        for op in operations {
            roots.extend(
                op.path_params
                    .iter()
                    .chain(op.params.iter().flat_map(|p| p.fields.iter()))
                    .map(|p| p.ty.clone()),
            );
            for content in op.body.iter().flat_map(|b| b.contents.iter()) {
                if let BodyKind::Json(ty) | BodyKind::Form(ty) = &content.kind {
                    roots.push(ty.clone());
                }
            }
            for response in &op.success.responses {
                if let Content::Json(ty) = &response.content {
                    roots.push(ty.clone());
                }
            }
            roots.extend(op.errors.iter().filter_map(|e| e.body.clone()));
            roots.extend(op.response_headers.iter().map(|h| h.ty.clone()));
        }
        for multipart in &self.multipart_structs {
            for field in &multipart.fields {
                if let PartKind::Value(ty) = &field.kind {
                    roots.push(ty.clone());
                }
            }
        }
        let live = graph::reachable(&self.space, roots.iter());
        for (id, entry) in self.space.entries.iter_mut().enumerate() {
            let inline = matches!(entry.naming, space::Naming::Inline { .. });
            entry.dead = inline && !entry.name_only && !live.contains(&(id as TypeId));
        }
    }

    /// The types requests send get constructors, and their optional nullable fields are
    /// tri-state.
    fn mark_tri_state(&mut self, operations: &[Operation]) {
        let multipart = self.multipart_structs.iter().flat_map(|m| {
            m.fields.iter().filter_map(|f| match &f.kind {
                PartKind::Value(ty) => Some(ty),
                _ => None,
            })
        });
        let roots = operations
            .iter()
            .flat_map(|op| {
                op.path_params
                    .iter()
                    .chain(op.params.iter().flat_map(|p| p.fields.iter()))
                    .map(|p| &p.ty)
                    .chain(
                        op.body
                            .iter()
                            .flat_map(|b| b.contents.iter())
                            .filter_map(|c| match &c.kind {
                                BodyKind::Json(ty) | BodyKind::Form(ty) => Some(ty),
                                _ => None,
                            }),
                    )
            })
            .chain(multipart);
        let requests = graph::reachable(&self.space, roots);
        for id in requests {
            if let Some(TypeKind::Struct(s)) = &mut self.space.entries[id as usize].kind {
                s.sent = true;
                for field in &mut s.fields {
                    field.tri_state = !field.required && field.nullable;
                }
            }
        }
    }

    /// A required field whose type allows a single value is set by `new`, not asked for.
    fn mark_fixed_fields(&mut self) {
        let space = &self.space;
        let fixed: Vec<(usize, usize, String)> = space
            .entries
            .iter()
            .enumerate()
            .filter_map(|(i, e)| match &e.kind {
                Some(TypeKind::Struct(s)) => Some((i, s)),
                _ => None,
            })
            .flat_map(|(i, s)| {
                s.fields.iter().enumerate().filter_map(move |(k, f)| {
                    if !f.required || f.nullable {
                        return None;
                    }
                    match space.kind_of(&f.ty) {
                        Some(TypeKind::Enum(e)) if e.variants.len() == 1 => {
                            Some((i, k, e.variants[0].name.clone()))
                        }
                        _ => None,
                    }
                })
            })
            .collect();
        for (i, k, variant) in fixed {
            if let Some(TypeKind::Struct(s)) = &mut self.space.entries[i].kind {
                s.fields[k].fixed = Some(variant);
            }
        }
    }
}

/// An entry's kind with names in place of ids, boxes where recursion needs them, and struct
/// field names chosen.
fn named_kind(
    kind: &TypeKind,
    id: TypeId,
    names: &Names,
    boxes: &graph::Boxes,
) -> crate::ir::TypeKind {
    let field_names = match kind {
        TypeKind::Struct(s) => {
            let mut field_names = Namespace::new();
            if s.additional.is_some() {
                // The flattened map of additional properties takes this name.
                field_names.reserve("additional_properties");
            }
            allocate_natural_first(
                &mut field_names,
                s.fields.iter().map(|f| f.wire_name.as_str()),
            )
        }
        _ => Vec::new(),
    };
    refs::kind(
        kind.clone(),
        names,
        field_names,
        |k| boxes.fields.contains(&(id, k)),
        |k| boxes.variants.contains(&(id, k)),
    )
}
