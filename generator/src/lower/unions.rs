//! `oneOf` / `anyOf` → unions. The representation is chosen from the members:
//!
//! - with a `discriminator`: internally tagged, one variant per member (`mapping` or the
//!   component's name gives the tags), plus a variant keeping an unknown tag's whole JSON;
//! - members that are all objects requiring one property with one allowed string each: tagged
//!   by that property the same way (the tag leaves inline members' payloads: it is the variant);
//! - string constants only: a string enum, each value documented by its member;
//! - string constants and single-property objects (`"A"` | `{"B": ...}`): externally tagged;
//! - otherwise untagged, variants tried most specific first.
//!
//! `null` members (3.1's `type: 'null'`) and `nullable` members make the union nullable.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{Discriminator, ReferenceOr, Schema};
use serde_json::Value;

use super::draft::{Docs, EnumRepr, Struct, Tagging, TypeKind, TypeRef, Union, UnionVariant};
use super::naming::variant_names;
use super::schemas::{docs_of, enum_of, Lowered, Slot};
use super::space::TypeId;
use super::view::View;
use super::Lowerer;
use crate::error::{Error, Pointer};

/// What a member looks like, `$ref`s and `allOf`s followed, gathered before lowering anything.
#[derive(Debug, Default)]
struct Shape {
    /// The component a `$ref` member names.
    component: Option<(TypeId, String)>,
    typ: Option<String>,
    title: Option<String>,
    description: Option<String>,
    object: bool,
    /// Property name → its one allowed string value, if it has exactly one.
    props: BTreeMap<String, Option<String>>,
    required: BTreeSet<String>,
    /// `additionalProperties: false`.
    closed: bool,
    /// The member is a string with an `enum`: its values.
    string_consts: Option<Vec<String>>,
    /// Components its `allOf` members refer to (an inline member `allOf: [$ref: Dog, ...]`).
    refs: Vec<TypeId>,
}

/// Where an externally tagged payload's schema is.
type PayloadSchema<'s> = (Pointer, &'s ReferenceOr<Box<Schema>>);

/// One variant before it is lowered.
struct Plan<'m> {
    at: Pointer,
    member: &'m ReferenceOr<Schema>,
    raw_name: String,
    tags: Vec<String>,
    /// Inline members of an inferred tag leave the tag property out of their payload.
    strip: Option<String>,
    payload_has_tag: bool,
    doc: Docs,
}

impl<'a> Lowerer<'a> {
    pub(crate) fn union(
        &mut self,
        view: View,
        keyword: &str,
        at: &Pointer,
        slot: Slot,
    ) -> Result<Lowered, Error> {
        let (members, members_at) = match keyword {
            "oneOf" => (view.one_of, at.push("oneOf")),
            _ => (view.any_of, at.push("anyOf")),
        };
        let mut nullable = view.nullable();
        let mut real: Vec<(Pointer, &ReferenceOr<Schema>)> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            match member {
                ReferenceOr::Item(s) => {
                    let v = View::of(s);
                    if v.is_null_only() {
                        nullable = true;
                        continue;
                    }
                    nullable |= v.data().nullable;
                }
                ReferenceOr::Reference { reference } => {
                    if let Some(id) = self.component_id(reference) {
                        nullable |= self.nullable_components.contains(&id);
                    }
                }
            }
            real.push((members_at.push(i.to_string()), member));
        }
        // `oneOf: [{required: [a]}, {required: [b]}]` beside properties only constrains them.
        // Members that add no properties (`{required: [a]}`, `{type: object, maxProperties: 0}`)
        // only constrain the object beside them.
        let constraint_only = |m: &ReferenceOr<Schema>| {
            matches!(m, ReferenceOr::Item(s) if {
                let v = View::of(s);
                v.is_annotation_only() || (v.typ == Some("object") && v.props().is_none() && v.additional.is_none() && v.all_of.is_empty() && v.one_of.is_empty() && v.any_of.is_empty())
            })
        };
        if !real.is_empty() && real.iter().all(|(_, m)| constraint_only(m)) {
            return self.plain_object(view, at, slot, nullable);
        }
        if view.props().is_some() {
            // Shapes of one object (`properties` shared, each member adding or narrowing some):
            // one struct with all of them, the members' own fields optional.
            let inline_objects = real.iter().all(|(_, m)| {
                matches!(m, ReferenceOr::Item(s) if { let v = View::of(s); v.one_of.is_empty() && v.any_of.is_empty() && (v.is_object() || v.is_annotation_only()) })
            });
            if !inline_objects {
                // Members that are types of their own: each merged with the shared properties.
                return self.distribute(view, &[], at, slot);
            }
            return self.object_with_shapes(view, &real, at, slot, nullable);
        }
        match real.as_slice() {
            [] => return self.alias(slot, TypeRef::Value, nullable),
            // One member is that member, but under a discriminator: tags it does not list are
            // still to be kept (a webhook event of a newer type), so it stays a union.
            [(member_at, member)] if view.data().discriminator.is_none() => {
                return self.sole_member(member, member_at, slot, nullable)
            }
            _ => {}
        }
        let shapes: Vec<Shape> = real.iter().map(|(_, m)| self.shape_of(m)).collect();
        let doc = docs_of(view.schema);
        if let Some(discriminator) = &view.data().discriminator {
            let plans = self.discriminated(discriminator, &real, &shapes, at)?;
            let tagging = Tagging::Internal {
                property: discriminator.property_name.clone(),
            };
            return self.tagged(slot, at, doc, tagging, plans, nullable);
        }
        if shapes.iter().all(|s| s.string_consts.is_some()) {
            let values: Vec<(String, Option<String>)> = shapes
                .iter()
                .flat_map(|s| {
                    let doc = s.description.clone().or_else(|| s.title.clone());
                    s.string_consts
                        .iter()
                        .flatten()
                        .map(move |v| (v.clone(), doc.clone()))
                })
                .collect();
            let kind = TypeKind::Enum(enum_of(EnumRepr::String, &values));
            let ty = self.define(slot, at, doc, |_, _| Ok(kind))?;
            return Ok(Lowered { ty, nullable });
        }
        if let Some(property) = inferred_tag(&shapes) {
            let plans = real
                .iter()
                .zip(&shapes)
                .map(|((m_at, member), shape)| {
                    let tag = shape.props[&property].clone().unwrap_or_default();
                    let inline = shape.component.is_none();
                    Plan {
                        at: m_at.clone(),
                        member,
                        raw_name: member_name(shape).unwrap_or_else(|| tag.clone()),
                        tags: vec![tag],
                        strip: inline.then(|| property.clone()),
                        payload_has_tag: !inline,
                        doc: member_doc(shape),
                    }
                })
                .collect();
            return self.tagged(
                slot,
                at,
                doc,
                Tagging::Internal { property },
                plans,
                nullable,
            );
        }
        if is_externally_tagged(&shapes) {
            return self.external(slot, at, doc, &real, &shapes, nullable);
        }
        self.untagged(slot, at, doc, &real, &shapes, nullable)
    }

    /// The object beside constraint-only `oneOf` members, as if they were not there.
    fn plain_object(
        &mut self,
        view: View,
        at: &Pointer,
        slot: Slot,
        nullable: bool,
    ) -> Result<Lowered, Error> {
        if view.props().is_some() {
            let ty = self.define(slot, at, docs_of(view.schema), |cx, id| {
                cx.object(view, at, id).map(TypeKind::Struct)
            })?;
            return Ok(Lowered { ty, nullable });
        }
        self.alias(slot, TypeRef::Value, nullable)
    }

    /// Variants of a union with a `discriminator`. A member's tags, as the OpenAPI text has
    /// them: the `mapping` entries naming it (or, for an inline member, the component its
    /// `allOf` adds); else the one value its schema allows for the tag; else its component's
    /// name; else its title. A member none of these gives is tried by shape.
    fn discriminated<'m>(
        &mut self,
        discriminator: &Discriminator,
        real: &[(Pointer, &'m ReferenceOr<Schema>)],
        shapes: &[Shape],
        at: &Pointer,
    ) -> Result<Vec<Plan<'m>>, Error> {
        let property = &discriminator.property_name;
        let mut mapping: Vec<(&String, TypeId)> = Vec::new();
        let mut entries: Vec<(&String, &String)> = discriminator.mapping.iter().collect();
        entries.sort();
        for (value, target) in entries {
            let id = self
                .component_id(target)
                .or_else(|| self.components.get(target.as_str()).copied());
            match id {
                Some(id) => mapping.push((value, id)),
                None => {
                    let entry_at = at.push("discriminator").push("mapping").push(value.clone());
                    let problem = format!(
                        "the `mapping` entry `{value}: {target}` names no schema under #/components/schemas"
                    );
                    const REPAIR: &str = "leave the entry out";
                    if !self.lenient {
                        return Err(Error::repairable(&entry_at, problem, REPAIR));
                    }
                    self.repairs
                        .push((entry_at, format!("{problem}: repaired: {REPAIR}")));
                }
            }
        }
        // Components every inline member adds (a shared base) tell members apart from none.
        let inline_refs: Vec<&Vec<TypeId>> = shapes
            .iter()
            .filter(|s| s.component.is_none())
            .map(|s| &s.refs)
            .collect();
        let shared =
            |id: &TypeId| inline_refs.len() > 1 && inline_refs.iter().all(|r| r.contains(id));
        let mut plans = Vec::new();
        for ((m_at, member), shape) in real.iter().zip(shapes) {
            let mine: Vec<TypeId> = match &shape.component {
                Some((id, _)) => vec![*id],
                None => shape
                    .refs
                    .iter()
                    .copied()
                    .filter(|id| !shared(id))
                    .collect(),
            };
            let mut tags: Vec<String> = mapping
                .iter()
                .filter(|(_, t)| mine.contains(t))
                .map(|(v, _)| (*v).clone())
                .collect();
            if tags.is_empty() {
                let implicit = shape
                    .props
                    .get(property)
                    .cloned()
                    .flatten()
                    .or_else(|| shape.component.as_ref().map(|(_, name)| name.clone()))
                    .or_else(|| shape.title.clone());
                tags.extend(implicit);
            }
            let raw_name = member_name(shape)
                .or_else(|| tags.first().cloned())
                .unwrap_or_else(|| shape_name(shape).to_string());
            plans.push(Plan {
                at: m_at.clone(),
                member,
                raw_name,
                tags,
                strip: None,
                payload_has_tag: shape.props.contains_key(property),
                doc: member_doc(shape),
            });
        }
        Ok(plans)
    }

    fn tagged(
        &mut self,
        slot: Slot,
        at: &Pointer,
        doc: Docs,
        tagging: Tagging,
        plans: Vec<Plan>,
        nullable: bool,
    ) -> Result<Lowered, Error> {
        let ty = self.define(slot, at, doc, |cx, id| {
            let names = variant_names(plans.iter().map(|p| p.raw_name.as_str()));
            let mut variants = Vec::with_capacity(plans.len());
            for (plan, name) in plans.iter().zip(names.names) {
                let ctx = Slot::ctx_of(id, &name);
                let ty = match (plan.member, &plan.strip) {
                    (ReferenceOr::Reference { reference }, _) => {
                        Some(cx.reference(reference, &plan.at)?.ty)
                    }
                    (ReferenceOr::Item(schema), Some(tag)) => {
                        let view = View::of(schema);
                        let has_other_keys =
                            view.props().is_some_and(|p| p.keys().any(|k| k != tag))
                                || view.additional.is_some();
                        if has_other_keys {
                            Some(cx.define(
                                Slot::Inline(&ctx),
                                &plan.at,
                                docs_of(schema),
                                |cx, sid| {
                                    let fields =
                                        cx.fields(view, &plan.at, sid, &|wire| wire == tag)?;
                                    let additional = cx.additional(
                                        view.additional,
                                        &plan.at,
                                        &Slot::ctx_of(sid, "Value"),
                                    )?;
                                    Ok(TypeKind::Struct(Struct {
                                        fields,
                                        additional,
                                        sent: false,
                                        closed: super::schemas::closed(view.additional),
                                    }))
                                },
                            )?)
                        } else {
                            None
                        }
                    }
                    (ReferenceOr::Item(schema), None) => {
                        Some(cx.schema(schema, &plan.at, Slot::Inline(&ctx))?.ty)
                    }
                };
                variants.push(UnionVariant {
                    name,
                    doc: plan.doc.clone(),
                    tags: plan.tags.clone(),
                    ty,
                    payload_has_tag: plan.payload_has_tag,
                });
            }
            Ok(TypeKind::Union(Union {
                tagging,
                variants,
                unknown: Some(names.unknown),
            }))
        })?;
        Ok(Lowered { ty, nullable })
    }

    /// `"A"` for string constants, `{"B": payload}` for single-property objects.
    fn external(
        &mut self,
        slot: Slot,
        at: &Pointer,
        doc: Docs,
        real: &[(Pointer, &ReferenceOr<Schema>)],
        shapes: &[Shape],
        nullable: bool,
    ) -> Result<Lowered, Error> {
        let ty = self.define(slot, at, doc, |cx, id| {
            // (tag, the payload's schema and where it is, docs)
            let mut raw: Vec<(String, Option<PayloadSchema>, Docs)> = Vec::new();
            for ((m_at, member), shape) in real.iter().zip(shapes) {
                if let Some(values) = &shape.string_consts {
                    raw.extend(values.iter().map(|v| (v.clone(), None, member_doc(shape))));
                    continue;
                }
                let schema = match member {
                    ReferenceOr::Item(s) => Some(s),
                    ReferenceOr::Reference { .. } => shape
                        .component
                        .as_ref()
                        .and_then(|(cid, _)| cx.component_schema(*cid)),
                };
                let prop = schema
                    .and_then(|s| View::of(s).props())
                    .and_then(|p| p.iter().next());
                if let Some((key, prop)) = prop {
                    raw.push((
                        key.clone(),
                        Some((m_at.push("properties").push(key.clone()), prop)),
                        member_doc(shape),
                    ));
                }
            }
            let names = variant_names(raw.iter().map(|(tag, _, _)| tag.as_str()));
            let mut variants = Vec::new();
            for ((tag, payload, doc), name) in raw.into_iter().zip(names.names) {
                let ty = match payload {
                    Some((p_at, prop)) => {
                        let lowered = cx.boxed_use(prop, &p_at, &Slot::ctx_of(id, &name))?;
                        Some(if lowered.nullable {
                            TypeRef::Option(Box::new(lowered.ty))
                        } else {
                            lowered.ty
                        })
                    }
                    None => None,
                };
                variants.push(UnionVariant {
                    name,
                    doc,
                    tags: vec![tag],
                    ty,
                    payload_has_tag: false,
                });
            }
            Ok(TypeKind::Union(Union {
                tagging: Tagging::External,
                variants,
                unknown: Some(names.unknown),
            }))
        })?;
        Ok(Lowered { ty, nullable })
    }

    /// Variants tried in order, most specific first (serde's `untagged`).
    fn untagged(
        &mut self,
        slot: Slot,
        at: &Pointer,
        doc: Docs,
        real: &[(Pointer, &ReferenceOr<Schema>)],
        shapes: &[Shape],
        nullable: bool,
    ) -> Result<Lowered, Error> {
        let ty = self.define(slot, at, doc, |cx, id| {
            let raw_names: Vec<String> = shapes
                .iter()
                .map(|s| member_name(s).unwrap_or_else(|| shape_name(s).to_string()))
                .collect();
            let names = variant_names(raw_names.iter().map(String::as_str));
            let mut variants = Vec::new();
            for (((m_at, member), shape), name) in real.iter().zip(shapes).zip(names.names) {
                let lowered = cx.schema_use(member, m_at, &Slot::ctx_of(id, &name))?;
                variants.push(UnionVariant {
                    name,
                    doc: member_doc(shape),
                    tags: Vec::new(),
                    // A nullable member made the whole union nullable already.
                    ty: Some(lowered.ty),
                    payload_has_tag: false,
                });
            }
            // Stable: equally specific variants keep the spec's order.
            variants.sort_by_cached_key(|v| {
                v.ty.as_ref().map(|t| cx.specificity(t)).unwrap_or_default()
            });
            Ok(TypeKind::Union(Union {
                tagging: Tagging::Untagged,
                variants,
                unknown: None,
            }))
        })?;
        Ok(Lowered { ty, nullable })
    }

    /// Sort key for untagged variants: JSON kind first (values of different kinds never compete),
    /// then, within a kind, the one that accepts less first.
    fn specificity(&self, ty: &TypeRef) -> (u8, i64) {
        match self.space.resolve(ty) {
            TypeRef::Bool => (1, 0),
            TypeRef::I8
            | TypeRef::I16
            | TypeRef::I32
            | TypeRef::U8
            | TypeRef::U16
            | TypeRef::U32 => (2, 0),
            TypeRef::I64 | TypeRef::U64 => (2, 1),
            TypeRef::F32 | TypeRef::F64 => (3, 0),
            TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => (4, 0),
            TypeRef::String => (4, 2),
            TypeRef::Vec(item) => (5, i64::from(self.specificity(item).0)),
            TypeRef::Option(inner) => {
                let (kind, within) = self.specificity(inner);
                (kind, within + 1)
            }
            TypeRef::Map(_) => (6, i64::MAX - 1),
            TypeRef::Value => (7, 0),
            resolved @ TypeRef::Def(_) => match self.space.kind_of(resolved) {
                Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String => (4, 1),
                Some(TypeKind::Enum(_)) => (2, 0),
                Some(TypeKind::Struct(s)) => {
                    let required = s.fields.iter().filter(|f| f.required).count() as i64;
                    (6, -(required * 1000) - s.fields.len() as i64)
                }
                _ => (6, i64::MAX - 2),
            },
            _ => (7, 0),
        }
    }

    /// A member's shape, `$ref`s and `allOf` members followed.
    fn shape_of(&self, member: &ReferenceOr<Schema>) -> Shape {
        let mut shape = Shape::default();
        let schema = match member {
            ReferenceOr::Item(s) => Some(s),
            ReferenceOr::Reference { reference } => {
                let id = self.component_id(reference);
                if let Some(id) = id {
                    shape.component = Some((id, self.component_names[id as usize].clone()));
                }
                id.and_then(|id| self.component_schema(id))
            }
        };
        if let Some(schema) = schema {
            let view = View::of(schema);
            shape.typ = view.typ.map(str::to_string);
            shape.title = view.data().title.clone();
            shape.description = view.data().description.clone();
            let values = view.enum_values();
            if view.typ.is_none_or(|t| t == "string")
                && !values.is_empty()
                && values.iter().all(Value::is_string)
            {
                shape.string_consts = Some(
                    values
                        .iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect(),
                );
            }
            self.gather(schema, &mut shape, 0);
        }
        shape
    }

    /// Adds an object schema's properties (through `allOf` and `$ref`s) to `shape`.
    fn gather(&self, schema: &Schema, shape: &mut Shape, depth: usize) {
        if depth > 16 {
            return;
        }
        let view = View::of(schema);
        if view.is_object() || !view.all_of.is_empty() {
            shape.object = true;
        }
        shape.closed |= matches!(
            view.additional,
            Some(openapiv3::AdditionalProperties::Any(false))
        );
        shape.required.extend(view.required.iter().cloned());
        for (name, prop) in view.props().into_iter().flatten() {
            let value = self.const_string(prop);
            shape.props.insert(name.clone(), value);
        }
        for member in view.all_of {
            let target = match member {
                ReferenceOr::Item(s) => Some(s),
                ReferenceOr::Reference { reference } => {
                    let id = self.component_id(reference);
                    shape.refs.extend(id);
                    id.and_then(|id| self.component_schema(id))
                }
            };
            if let Some(target) = target {
                self.gather(target, shape, depth + 1);
            }
        }
    }

    /// The one string a property allows (`enum: [x]`), if that is what it says.
    fn const_string(&self, prop: &ReferenceOr<Box<Schema>>) -> Option<String> {
        let schema: &Schema = match prop {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                self.component_schema(self.component_id(reference)?)?
            }
        };
        match View::of(schema).enum_values().as_slice() {
            [Value::String(one)] => Some(one.clone()),
            _ => None,
        }
    }
}

/// A property every member requires, with one distinct allowed string in each.
fn inferred_tag(shapes: &[Shape]) -> Option<String> {
    if !shapes.iter().all(|s| s.object) {
        return None;
    }
    let first = shapes.first()?;
    let mut candidates: Vec<&String> = first
        .required
        .iter()
        .filter(|p| {
            let mut seen = BTreeSet::new();
            shapes.iter().all(|s| {
                s.required.contains(*p)
                    && matches!(s.props.get(*p), Some(Some(v)) if seen.insert(v.clone()))
            })
        })
        .collect();
    // `type` and `kind` are what people call a tag; otherwise the first by name.
    candidates.sort_by_key(|p| (!matches!(p.as_str(), "type" | "kind"), (*p).clone()));
    candidates.first().map(|p| (*p).clone())
}

/// String constants, and objects of exactly one required property and nothing else.
fn is_externally_tagged(shapes: &[Shape]) -> bool {
    shapes.iter().any(|s| s.object)
        && shapes.iter().all(|s| {
            s.string_consts.is_some()
                || (s.object
                    && s.closed
                    && s.props.len() == 1
                    && s.required.len() == 1
                    && s.props.keys().eq(s.required.iter()))
        })
}

/// A `$ref` member is named after its component, an inline one after its title.
fn member_name(shape: &Shape) -> Option<String> {
    match &shape.component {
        Some((_, name)) => Some(name.clone()),
        None => shape.title.clone(),
    }
}

fn member_doc(shape: &Shape) -> Docs {
    if shape.component.is_some() {
        return Docs::default();
    }
    Docs {
        summary: None,
        description: shape.description.clone(),
    }
}

/// An inline member without a title is named for what it is.
fn shape_name(shape: &Shape) -> &'static str {
    match shape.typ.as_deref() {
        Some("string") => "String",
        Some("integer") => "Integer",
        Some("number") => "Number",
        Some("boolean") => "Boolean",
        Some("array") => "Array",
        _ if shape.object => "Object",
        _ => "Value",
    }
}
