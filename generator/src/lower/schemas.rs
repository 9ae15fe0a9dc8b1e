//! Schemas → types of the type space: references, scalars, arrays, maps, objects and enums.
//! `allOf` is in `merge.rs`, `oneOf` / `anyOf` in `unions.rs`.

use std::collections::BTreeSet;

use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use serde_json::Value;

use super::draft::{Docs, Enum, EnumRepr, Field, Struct, TypeKind, TypeRef, Variant, Wire};
use super::space::{Ctx, Naming, Parent, TypeId};
use super::view::View;
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::names::{sanitize, Case, Namespace};

/// A lowered schema use: its type, and whether `null` is allowed.
#[derive(Debug, Clone)]
pub(crate) struct Lowered {
    pub ty: TypeRef,
    pub nullable: bool,
}

/// Where the type a schema defines goes: a new inline entry named from `Ctx`, or the entry a
/// component already has.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot<'c> {
    Inline(&'c Ctx),
    Component(TypeId),
}

impl Slot<'_> {
    /// The context that inline children of a type in this slot are named from, once it is `id`.
    pub fn ctx_of(id: TypeId, role: &str) -> Ctx {
        Ctx::new(Parent::Type(id), role)
    }
}

/// What an inline schema says beyond its type (a `$ref`'s target carries its own).
pub(crate) fn wire_of(schema: &ReferenceOr<Schema>) -> Wire {
    match schema {
        ReferenceOr::Item(s) => View::of(s).wire(),
        ReferenceOr::Reference { .. } => Wire::default(),
    }
}

/// Documentation of a schema: its title and description.
pub(crate) fn docs_of(schema: &Schema) -> Docs {
    Docs {
        summary: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
    }
}

impl Lowerer<'_> {
    /// A schema where a type is used (a property, an item, a body...).
    pub(crate) fn schema_use(
        &mut self,
        schema: &ReferenceOr<Schema>,
        at: &Pointer,
        ctx: &Ctx,
    ) -> Result<Lowered, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(schema) => self.schema(schema, at, Slot::Inline(ctx)),
        }
    }

    pub(crate) fn boxed_use(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        at: &Pointer,
        ctx: &Ctx,
    ) -> Result<Lowered, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.reference(reference, at),
            ReferenceOr::Item(schema) => self.schema(schema, at, Slot::Inline(ctx)),
        }
    }

    /// `#/components/schemas/Name` → that component's type.
    pub(crate) fn reference(&mut self, reference: &str, at: &Pointer) -> Result<Lowered, Error> {
        match self.component_id(reference) {
            Some(id) => Ok(Lowered {
                ty: TypeRef::Def(id),
                nullable: self.nullable_components.contains(&id),
            }),
            None if reference.starts_with("#/components/schemas/") => Err(Error::unsupported(
                at,
                format!("`$ref: {reference}` into a part of a schema (refer to a whole component)"),
            )),
            None => self.misplaced_reference(reference, at),
        }
    }

    /// A schema `$ref` to another kind of component (`#/components/responses/Unauthorized`):
    /// a slip lenient mode repairs by taking that component's own schema (a response's or
    /// body's JSON one, a parameter's or header's).
    fn misplaced_reference(&mut self, reference: &str, at: &Pointer) -> Result<Lowered, Error> {
        let problem = format!(
            "`$ref: {reference}` in a schema does not name a schema under #/components/schemas"
        );
        let target = reference
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(section, name)| {
                let name = Pointer::unescape(name);
                let components = self.spec.components.as_ref()?;
                let json = |content: &indexmap::IndexMap<String, openapiv3::MediaType>| {
                    super::bodies::json_media(content).and_then(|(_, m)| m.schema.clone())
                };
                let parameter_schema = |p: &openapiv3::ParameterSchemaOrContent| match p {
                    openapiv3::ParameterSchemaOrContent::Schema(s) => Some(s.clone()),
                    openapiv3::ParameterSchemaOrContent::Content(c) => json(c),
                };
                match section {
                    "responses" => json(&components.responses.get(&name)?.as_item()?.content),
                    "requestBodies" => {
                        json(&components.request_bodies.get(&name)?.as_item()?.content)
                    }
                    "parameters" => parameter_schema(
                        &components
                            .parameters
                            .get(&name)?
                            .as_item()?
                            .parameter_data_ref()
                            .format,
                    ),
                    "headers" => {
                        parameter_schema(&components.headers.get(&name)?.as_item()?.format)
                    }
                    _ => None,
                }
            });
        let Some(schema) = target else {
            return Err(Error::invalid(at, problem));
        };
        const REPAIR: &str = "use the schema of the component it names";
        if !self.lenient {
            return Err(Error::repairable(at, problem, REPAIR));
        }
        self.repairs
            .push((at.clone(), format!("{problem}: repaired: {REPAIR}")));
        match &schema {
            ReferenceOr::Reference { reference } if self.component_id(reference).is_some() => {
                self.reference(reference, at)
            }
            // An inline schema there has no name to take here: free-form JSON.
            _ => Ok(Lowered {
                ty: TypeRef::Value,
                nullable: false,
            }),
        }
    }

    /// The id of the component a `$ref` names, if it names one.
    pub(crate) fn component_id(&self, reference: &str) -> Option<TypeId> {
        let name = reference.strip_prefix("#/components/schemas/")?;
        if name.contains('/') {
            return None;
        }
        let name = Pointer::unescape(name);
        self.components.get(&name).copied()
    }

    /// Lowers a schema object: the type it defines goes in `slot`.
    pub(crate) fn schema(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        slot: Slot,
    ) -> Result<Lowered, Error> {
        self.depth += 1;
        if self.depth > MAX_SCHEMA_DEPTH {
            self.depth -= 1;
            return Err(Error::unsupported(
                at,
                format!("schemas nested more than {MAX_SCHEMA_DEPTH} deep"),
            ));
        }
        self.schemas += 1;
        // An inline schema with a title, written out the same as one already lowered: the
        // author repeated one type (as Dropshot and others write response schemas), so it is
        // that type, not another with the same fields.
        let titled = match (&slot, &schema.schema_data.title) {
            (Slot::Inline(_), Some(title)) => serde_json::to_string(schema)
                .ok()
                .map(|json| (title.clone(), json)),
            _ => None,
        };
        if let Some((title, json)) = &titled {
            if let Some(lowered) = self.titled.get(json).cloned() {
                self.depth -= 1;
                if let TypeRef::Def(id) = lowered.ty {
                    self.space.entries[id as usize].shared_title = Some(title.clone());
                }
                return Ok(lowered);
            }
        }
        let mut result = self.shape(schema, at, slot);
        self.depth -= 1;
        if let Err(Error::Unsupported {
            location,
            construct,
        }) = &result
        {
            // A valid schema the generator cannot type precisely: free-form JSON here, which
            // still carries every value, and the rest of the document generates.
            self.fallbacks.push((
                Pointer::parse(&location.pointer),
                format!("{construct}: typed as `serde_json::Value` here"),
            ));
            result = self.alias(slot, TypeRef::Value, View::of(schema).nullable());
        }
        if let (
            Ok(
                lowered @ Lowered {
                    ty: TypeRef::Def(_),
                    ..
                },
            ),
            Some((_, json)),
        ) = (&result, titled)
        {
            self.titled.insert(json, lowered.clone());
        }
        if let (Ok(lowered), Some(example)) = (&result, &schema.schema_data.example) {
            self.example(at.push("example"), &lowered.ty, lowered.nullable, example);
        }
        result
    }

    fn shape(&mut self, schema: &Schema, at: &Pointer, slot: Slot) -> Result<Lowered, Error> {
        let view = View::of(schema);
        if !view.all_of.is_empty() {
            return self.all_of(view, at, slot);
        }
        if !view.one_of.is_empty() {
            return self.union(view, "oneOf", at, slot);
        }
        if !view.any_of.is_empty() {
            return self.union(view, "anyOf", at, slot);
        }
        let nullable = view.nullable();
        let values: Vec<Value> = view
            .enum_values()
            .into_iter()
            .filter(|v| !v.is_null())
            .collect();
        if !values.is_empty() {
            if let Some(kind) = enum_kind(&values) {
                let ty = self.define(slot, at, docs_of(schema), |_, _| Ok(kind))?;
                return Ok(Lowered { ty, nullable });
            }
        }
        let ty = match view.typ {
            Some("string") => string_type(view.format),
            Some("integer") => integer_type(view.format),
            Some("number") if view.format == Some("float") => TypeRef::F32,
            Some("number") => TypeRef::F64,
            Some("boolean") => TypeRef::Bool,
            Some("null") => return self.alias(slot, TypeRef::Value, true),
            Some("array") => self.array(view, at, slot)?,
            Some("object") | None if view.is_object() => {
                if view.props().is_some() {
                    let ty = self.define(slot, at, docs_of(schema), |cx, id| {
                        cx.object(view, at, id).map(TypeKind::Struct)
                    })?;
                    return Ok(Lowered { ty, nullable });
                }
                self.map(view.additional, at, slot)?
            }
            None if view.items.is_some() => self.array(view, at, slot)?,
            // Free-form: no type, or only `not` (which no Rust type expresses).
            None => TypeRef::Value,
            Some(other) => {
                return Err(Error::unsupported(
                    &at.push("type"),
                    format!("`type: {other}`"),
                ));
            }
        };
        self.alias(slot, ty, nullable)
    }

    /// A type that needs no definition of its own: a component gets an alias to it.
    pub(crate) fn alias(
        &mut self,
        slot: Slot,
        ty: TypeRef,
        nullable: bool,
    ) -> Result<Lowered, Error> {
        let ty = match slot {
            Slot::Component(id) => {
                self.space.set(id, TypeKind::Alias(ty));
                TypeRef::Def(id)
            }
            Slot::Inline(_) => ty,
        };
        Ok(Lowered { ty, nullable })
    }

    /// Defines a type in `slot`; `build` lowers its parts knowing its id (children are named
    /// after it).
    pub(crate) fn define(
        &mut self,
        slot: Slot,
        at: &Pointer,
        doc: Docs,
        build: impl FnOnce(&mut Self, TypeId) -> Result<TypeKind, Error>,
    ) -> Result<TypeRef, Error> {
        let id = match slot {
            Slot::Component(id) => id,
            Slot::Inline(ctx) => self.space.add(
                Naming::Inline {
                    parent: ctx.parent.clone(),
                    role: ctx.role.clone(),
                },
                at.clone(),
                doc,
            ),
        };
        let kind = build(self, id)?;
        self.space.set(id, kind);
        Ok(TypeRef::Def(id))
    }

    fn array(&mut self, view: View, at: &Pointer, slot: Slot) -> Result<TypeRef, Error> {
        let item = match view.items {
            Some(items) => {
                let ctx = self.child_ctx(slot, "Item");
                let item = self.boxed_use(items, &at.push("items"), &ctx)?;
                if item.nullable {
                    TypeRef::Option(Box::new(item.ty))
                } else {
                    item.ty
                }
            }
            None => TypeRef::Value,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    fn map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &Pointer,
        slot: Slot,
    ) -> Result<TypeRef, Error> {
        let ctx = self.child_ctx(slot, "Value");
        let value = self
            .additional(additional, at, &ctx)?
            .unwrap_or(TypeRef::Value);
        Ok(TypeRef::Map(Box::new(value)))
    }

    /// The type of `additionalProperties` values, if other keys are allowed and typed.
    pub(crate) fn additional(
        &mut self,
        additional: Option<&AdditionalProperties>,
        at: &Pointer,
        ctx: &Ctx,
    ) -> Result<Option<TypeRef>, Error> {
        Ok(match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let value = self.schema_use(schema, &at.push("additionalProperties"), ctx)?;
                Some(if value.nullable {
                    TypeRef::Option(Box::new(value.ty))
                } else {
                    value.ty
                })
            }
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Value),
            Some(AdditionalProperties::Any(false)) | None => None,
        })
    }

    /// Where inline children of a non-defining schema (an array, a map) are named from: the
    /// component itself, or the same context with a longer role.
    fn child_ctx(&self, slot: Slot, role: &str) -> Ctx {
        match slot {
            Slot::Component(id) => Slot::ctx_of(id, role),
            Slot::Inline(ctx) => ctx.suffixed(role),
        }
    }

    /// The fields of an object schema whose type is `id`.
    pub(crate) fn object(&mut self, view: View, at: &Pointer, id: TypeId) -> Result<Struct, Error> {
        let fields = self.fields(view, at, id, &|_| false)?;
        let additional = self.additional(view.additional, at, &Slot::ctx_of(id, "Value"))?;
        Ok(Struct {
            fields,
            additional,
            sent: false,
            closed: closed(view.additional),
        })
    }

    /// Lowers `properties` (in wire-name order, `skip` left out), inline types named after type
    /// `id`. Rust names are chosen later, once the struct's whole set of fields is known.
    pub(crate) fn fields(
        &mut self,
        view: View,
        at: &Pointer,
        id: TypeId,
        skip: &dyn Fn(&str) -> bool,
    ) -> Result<Vec<Field>, Error> {
        let Some(properties) = view.props() else {
            return Ok(Vec::new());
        };
        let required: BTreeSet<&str> = view.required.iter().map(String::as_str).collect();
        let mut props: Vec<_> = properties.iter().collect();
        props.sort_by(|a, b| a.0.cmp(b.0));
        let mut fields = Vec::with_capacity(props.len());
        for (wire, schema) in props {
            if skip(wire) {
                continue;
            }
            let field_at = at.push("properties").push(wire.clone());
            let ctx = Slot::ctx_of(id, &sanitize(wire, Case::Pascal));
            let lowered = self.boxed_use(schema, &field_at, &ctx)?;
            let (doc, deprecated, facts) = match schema {
                ReferenceOr::Item(s) => (docs_of(s), s.schema_data.deprecated, View::of(s).wire()),
                ReferenceOr::Reference { .. } => (Docs::default(), false, Wire::default()),
            };
            fields.push(Field {
                name: String::new(),
                wire_name: wire.clone(),
                ty: lowered.ty,
                required: required.contains(wire.as_str()),
                nullable: lowered.nullable,
                tri_state: false,
                fixed: None,
                deprecated,
                doc,
                pointer: field_at.to_string(),
                wire: facts,
            });
        }
        Ok(fields)
    }
}

/// `additionalProperties: false`.
pub(crate) fn closed(additional: Option<&AdditionalProperties>) -> bool {
    matches!(additional, Some(AdditionalProperties::Any(false)))
}

/// Schemas nested deeper than this are refused rather than risk the stack.
const MAX_SCHEMA_DEPTH: usize = 64;

/// String enums and integer enums get a Rust enum; other value lists keep their base type.
fn enum_kind(values: &[Value]) -> Option<TypeKind> {
    if values.iter().all(Value::is_string) {
        let strings: Vec<(String, Option<String>)> = values
            .iter()
            .filter_map(|v| v.as_str())
            .map(|s| (s.to_string(), None))
            .collect();
        return Some(TypeKind::Enum(enum_of(EnumRepr::String, &strings)));
    }
    if values.iter().all(Value::is_i64) {
        let ints: Vec<(String, Option<String>)> =
            values.iter().map(|v| (v.to_string(), None)).collect();
        return Some(TypeKind::Enum(enum_of(EnumRepr::Integer, &ints)));
    }
    None
}

/// An enum of `(wire value, doc)`s, duplicates dropped, with its catch-all variant.
pub(crate) fn enum_of(repr: EnumRepr, values: &[(String, Option<String>)]) -> Enum {
    let mut names = Namespace::new();
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for (value, doc) in values {
        if seen.insert(value.as_str()) {
            let raw = match repr {
                EnumRepr::Integer if value.starts_with('-') => format!("minus {}", &value[1..]),
                _ => value.clone(),
            };
            variants.push(Variant {
                name: names.allocate(&raw, Case::Pascal),
                wire: value.clone(),
                doc: doc.clone(),
            });
        }
    }
    let unknown = names.claim("Unknown".to_string(), Case::Pascal);
    Enum {
        repr,
        variants,
        unknown,
    }
}

pub(crate) fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

pub(crate) fn integer_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("int8") => TypeRef::I8,
        Some("int16") => TypeRef::I16,
        Some("int32") => TypeRef::I32,
        Some("uint8") => TypeRef::U8,
        Some("uint16") => TypeRef::U16,
        Some("uint32") => TypeRef::U32,
        Some("uint64") => TypeRef::U64,
        _ => TypeRef::I64,
    }
}
