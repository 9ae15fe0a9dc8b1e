//! `allOf`: members merged into one struct (properties, `required`, `nullable`, docs); a lone
//! member with annotations beside it (`allOf: [$ref]` + `nullable`) is that member's type.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema, SchemaKind};

use super::draft::{Field, Struct, TypeKind, TypeRef};
use super::intersect::Disagreement;
use super::schemas::{docs_of, Lowered, Slot};
use super::space::{Ctx, Parent, TypeId};
use super::view::View;
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::names::{sanitize, Case};

/// What the members of one `allOf` contribute, gathered before the struct is built.
#[derive(Default)]
struct Parts {
    /// By wire name: the field and where it was declared.
    fields: BTreeMap<String, (Field, Pointer)>,
    required: BTreeSet<String>,
    additional: Option<TypeRef>,
    /// Some member says `additionalProperties: false`.
    closed: bool,
}

impl Lowerer<'_> {
    pub(crate) fn all_of(
        &mut self,
        view: View,
        at: &Pointer,
        slot: Slot,
    ) -> Result<Lowered, Error> {
        let nullable = view.nullable();
        let members_at = at.push("allOf");
        let typed: Vec<(Pointer, &ReferenceOr<Schema>)> = view
            .all_of
            .iter()
            .enumerate()
            .filter(|(_, m)| match m {
                ReferenceOr::Item(s) => !View::of(s).is_constraint_only(),
                ReferenceOr::Reference { .. } => true,
            })
            .map(|(i, m)| (members_at.push(i.to_string()), m))
            .collect();
        // `oneOf: [{}]` and the like beside `allOf` constrain nothing a type can say.
        let constrains = |members: &[ReferenceOr<Schema>]| {
            members
                .iter()
                .any(|m| !matches!(m, ReferenceOr::Item(s) if View::of(s).is_annotation_only()))
        };
        let beside = constrains(view.one_of) || constrains(view.any_of);
        // A member that is a union, or a union beside the members: each of its shapes merged
        // with everything else (`allOf: [A, oneOf: [B, C]]` is `oneOf: [A + B, A + C]`).
        if beside || typed.iter().any(|(_, m)| self.union_member(m).is_some()) {
            return self.distribute(view, &typed, at, slot);
        }
        let own_object =
            view.props().is_some() || !view.required.is_empty() || view.additional.is_some();
        match (typed.as_slice(), own_object) {
            ([], false) => self.alias(slot, TypeRef::Value, nullable),
            // `allOf: [X]` is how 3.0 attaches docs or `nullable` to X: it is X.
            ([(member_at, member)], false) => self.sole_member(member, member_at, slot, nullable),
            _ if !own_object && typed.iter().all(|(_, m)| !self.object_like(m, 0)) => {
                self.fold(&typed, slot, nullable)
            }
            _ => {
                let ty = self.define(slot, at, docs_of(view.schema), |cx, id| {
                    cx.merge(view, &typed, at, id).map(TypeKind::Struct)
                })?;
                Ok(Lowered { ty, nullable })
            }
        }
    }

    /// Whether a member describes objects (or may: no type at all), `$ref`s followed.
    fn object_like(&self, member: &ReferenceOr<Schema>, depth: usize) -> bool {
        let schema = match member {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                match self
                    .component_id(reference)
                    .and_then(|id| self.component_schema(id))
                {
                    Some(s) => s,
                    None => return true,
                }
            }
        };
        let view = View::of(schema);
        if depth > 16 || view.is_object() {
            return true;
        }
        match view.typ {
            Some(_) => false,
            None if !view.enum_values().is_empty() || view.items.is_some() => false,
            None => view.all_of.iter().all(|m| self.object_like(m, depth + 1)),
        }
    }

    /// Members that are not objects (`allOf: [{type: string}, $ref: Uri]`): the intersection
    /// of their types.
    fn fold(
        &mut self,
        typed: &[(Pointer, &ReferenceOr<Schema>)],
        slot: Slot,
        nullable: bool,
    ) -> Result<Lowered, Error> {
        let ctx = match slot {
            Slot::Component(id) => Slot::ctx_of(id, "Value"),
            Slot::Inline(ctx) => ctx.clone(),
        };
        let mut ty: Option<(TypeRef, Pointer)> = None;
        let mut all_nullable = true;
        for (member_at, member) in typed {
            let lowered = self.schema_use(member, member_at, &ctx)?;
            all_nullable &= lowered.nullable;
            ty = Some(match ty {
                None => (lowered.ty, member_at.clone()),
                Some((old, old_at)) => match self.intersect(&old, &lowered.ty, &ctx, 0) {
                    Ok(both) => (both, old_at),
                    Err(Disagreement::Disjoint) => {
                        let problem = format!(
                            "`allOf` members contradict each other: {} here but {} at {old_at}, and no value is both",
                            self.describe(&lowered.ty),
                            self.describe(&old),
                        );
                        // Two lists of values, the later meant to add to or narrow the earlier.
                        const REPAIR: &str = "take this member's values, the later member's";
                        match (
                            self.is_enum(&old) && self.is_enum(&lowered.ty),
                            self.lenient,
                        ) {
                            (true, true) => {
                                self.repairs.push((
                                    member_at.clone(),
                                    format!("{problem}: repaired: {REPAIR}"),
                                ));
                                (lowered.ty, old_at)
                            }
                            (true, false) => {
                                return Err(Error::repairable(member_at, problem, REPAIR))
                            }
                            (false, _) => return Err(Error::invalid(member_at, problem)),
                        }
                    }
                    Err(Disagreement::Untypable) => {
                        self.fallbacks.push((
                            member_at.clone(),
                            format!(
                                "`allOf` of {} and {}: no generated type is both: typed as `serde_json::Value` here",
                                self.describe(&lowered.ty),
                                self.describe(&old),
                            ),
                        ));
                        (TypeRef::Value, old_at)
                    }
                },
            });
        }
        let ty = ty.map(|(ty, _)| ty).unwrap_or(TypeRef::Value);
        self.alias(slot, ty, nullable || all_nullable)
    }

    /// The union a member is (an inline `oneOf` / `anyOf`, or a `$ref` to a component that is
    /// one, without properties of its own): its members and discriminator.
    fn union_member(&self, member: &ReferenceOr<Schema>) -> Option<(&'static str, Schema)> {
        let schema = match member {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                self.component_schema(self.component_id(reference)?)?
            }
        };
        let view = View::of(schema);
        let (keyword, members) = if !view.one_of.is_empty() {
            ("oneOf", view.one_of)
        } else if !view.any_of.is_empty() {
            ("anyOf", view.any_of)
        } else {
            return None;
        };
        // Members that only constrain (`oneOf: [{required: [a]}, ...]`) make no union.
        let shapes = members
            .iter()
            .filter(|m| !matches!(m, ReferenceOr::Item(s) if { let v = View::of(s); v.is_annotation_only() || (v.is_object() && v.props().is_none() && v.all_of.is_empty() && v.additional.is_none()) }))
            .count();
        (shapes >= 2).then(|| (keyword, schema.clone()))
    }

    /// `allOf` with a union among its members (or beside them): a union of each of the
    /// union's members merged with all the other members.
    pub(crate) fn distribute(
        &mut self,
        view: View,
        typed: &[(Pointer, &ReferenceOr<Schema>)],
        at: &Pointer,
        slot: Slot,
    ) -> Result<Lowered, Error> {
        // The union: the first member that is one, else the `oneOf` / `anyOf` beside.
        let found = typed
            .iter()
            .enumerate()
            .find_map(|(i, (_, m))| self.union_member(m).map(|u| (Some(i), u)));
        let (index, (keyword, union)) = match found {
            Some(found) => found,
            None => {
                let keyword = if view.one_of.is_empty() {
                    "anyOf"
                } else {
                    "oneOf"
                };
                let mut union = view.schema.clone();
                union.schema_kind = if keyword == "oneOf" {
                    SchemaKind::OneOf {
                        one_of: view.one_of.to_vec(),
                    }
                } else {
                    SchemaKind::AnyOf {
                        any_of: view.any_of.to_vec(),
                    }
                };
                (None, (keyword, union))
            }
        };
        let union_view = View::of(&union);
        let variants = if keyword == "oneOf" {
            union_view.one_of
        } else {
            union_view.any_of
        };
        // Everything the union is merged with: the other members, and what the union's own
        // schema and the outer schema say beside them (properties, required).
        let mut others: Vec<ReferenceOr<Schema>> = typed
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != index)
            .map(|(_, (_, m))| (*m).clone())
            .collect();
        for schema in [view.schema, &union] {
            let v = View::of(schema);
            if v.props().is_some() || !v.required.is_empty() {
                let object = openapiv3::ObjectType {
                    properties: v.props().cloned().unwrap_or_default(),
                    required: v.required.to_vec(),
                    ..Default::default()
                };
                others.push(ReferenceOr::Item(Schema {
                    schema_data: Default::default(),
                    schema_kind: SchemaKind::Type(openapiv3::Type::Object(object)),
                }));
            }
        }
        // Properties constrain objects only: a member that is not one (`oneOf: [boolean,
        // object]` beside `properties`) stays as it is, unless a member it meets has a type.
        let others_typed = others.iter().any(|m| match m {
            ReferenceOr::Item(s) => View::of(s).typ.is_some() && !View::of(s).is_object(),
            ReferenceOr::Reference { .. } => !self.object_like(m, 0),
        });
        let shapes: Vec<ReferenceOr<Schema>> = variants
            .iter()
            .map(|variant| {
                if !others_typed && !self.object_like(variant, 0) {
                    return variant.clone();
                }
                let title = match variant {
                    ReferenceOr::Reference { reference } => {
                        reference.rsplit('/').next().map(Pointer::unescape)
                    }
                    ReferenceOr::Item(s) => s.schema_data.title.clone(),
                };
                let mut members = others.clone();
                members.push(variant.clone());
                ReferenceOr::Item(Schema {
                    schema_data: openapiv3::SchemaData {
                        title,
                        ..Default::default()
                    },
                    schema_kind: SchemaKind::AllOf { all_of: members },
                })
            })
            .collect();
        let mut data = view.schema.schema_data.clone();
        data.discriminator = union
            .schema_data
            .discriminator
            .clone()
            .or(data.discriminator);
        data.nullable |= union.schema_data.nullable;
        let distributed = Schema {
            schema_data: data,
            schema_kind: if keyword == "oneOf" {
                SchemaKind::OneOf { one_of: shapes }
            } else {
                SchemaKind::AnyOf { any_of: shapes }
            },
        };
        self.union(View::of(&distributed), keyword, at, slot)
    }

    /// The type of a composition with one real member: that member's, in this slot.
    pub(crate) fn sole_member(
        &mut self,
        member: &ReferenceOr<Schema>,
        at: &Pointer,
        slot: Slot,
        nullable: bool,
    ) -> Result<Lowered, Error> {
        match member {
            ReferenceOr::Reference { reference } => {
                let target = self.reference(reference, at)?;
                self.alias(slot, target.ty, nullable || target.nullable)
            }
            ReferenceOr::Item(schema) => {
                let inner = self.schema(schema, at, slot)?;
                Ok(Lowered {
                    nullable: nullable || inner.nullable,
                    ..inner
                })
            }
        }
    }

    /// An object with `properties` beside `oneOf` / `anyOf` members that are inline objects (the
    /// shapes it may take): one struct with the shared fields and every member's, only the shared
    /// `required` making any required.
    pub(crate) fn object_with_shapes(
        &mut self,
        view: View,
        members: &[(Pointer, &ReferenceOr<Schema>)],
        at: &Pointer,
        slot: Slot,
        nullable: bool,
    ) -> Result<Lowered, Error> {
        let ty = self.define(slot, at, docs_of(view.schema), |cx, id| {
            let mut parts = Parts::default();
            cx.collect_object(view, at, id, &mut parts)?;
            let shared: BTreeSet<String> = parts.required.clone();
            for (member_at, member) in members {
                if let ReferenceOr::Item(schema) = member {
                    let member_view = View::of(schema);
                    // The shared declaration wins: a member narrowing it (`status: [completed]`)
                    // describes one shape, and the struct is all of them.
                    let known: BTreeSet<String> = parts.fields.keys().cloned().collect();
                    for mut field in
                        cx.fields(member_view, member_at, id, &|wire| known.contains(wire))?
                    {
                        field.required = false;
                        let field_at = member_at.push("properties").push(field.wire_name.clone());
                        parts
                            .fields
                            .insert(field.wire_name.clone(), (field, field_at));
                    }
                }
            }
            let fields = parts
                .fields
                .into_values()
                .map(|(mut f, _)| {
                    f.required = shared.contains(&f.wire_name);
                    f
                })
                .collect();
            Ok(TypeKind::Struct(Struct {
                fields,
                additional: parts.additional,
                sent: false,
                closed: parts.closed,
            }))
        })?;
        Ok(Lowered { ty, nullable })
    }

    fn merge(
        &mut self,
        view: View,
        members: &[(Pointer, &ReferenceOr<Schema>)],
        at: &Pointer,
        id: TypeId,
    ) -> Result<Struct, Error> {
        let mut parts = Parts::default();
        for (member_at, member) in members {
            self.collect(member, member_at, id, &mut parts)?;
        }
        self.collect_object(view, at, id, &mut parts)?;
        let mut fields: Vec<Field> = parts.fields.into_values().map(|(f, _)| f).collect();
        for field in &mut fields {
            field.required |= parts.required.contains(&field.wire_name);
        }
        Ok(Struct {
            fields,
            additional: parts.additional,
            sent: false,
            closed: parts.closed,
        })
    }

    /// Adds one member's properties to `parts`.
    fn collect(
        &mut self,
        member: &ReferenceOr<Schema>,
        at: &Pointer,
        owner: TypeId,
        parts: &mut Parts,
    ) -> Result<(), Error> {
        match member {
            ReferenceOr::Reference { reference } => {
                let target = self.reference(reference, at)?;
                if let TypeRef::Def(target_id) = target.ty {
                    self.define_component(target_id, at)?;
                }
                let resolved = self.space.resolve(&target.ty).clone();
                match (&resolved, self.space.kind_of(&resolved)) {
                    (_, Some(TypeKind::Struct(s))) => {
                        let s = s.clone();
                        for field in s.fields {
                            if field.required {
                                parts.required.insert(field.wire_name.clone());
                            }
                            self.add_field(parts, field, at, owner)?;
                        }
                        if s.additional.is_some() {
                            parts.additional = s.additional;
                        }
                        parts.closed |= s.closed;
                    }
                    (TypeRef::Map(value), _) => parts.additional = Some((**value).clone()),
                    (TypeRef::Value, _) => parts.additional = Some(TypeRef::Value),
                    _ => {
                        return Err(Error::invalid(
                            at,
                            format!("`allOf` member `{reference}` is not an object, but other members are: no value is both"),
                        ))
                    }
                }
                Ok(())
            }
            ReferenceOr::Item(schema) => {
                let view = View::of(schema);
                if view.is_annotation_only() {
                    return Ok(());
                }
                let members_at = at.push("allOf");
                for (i, nested) in view.all_of.iter().enumerate() {
                    self.collect(nested, &members_at.push(i.to_string()), owner, parts)?;
                }
                if !view.all_of.is_empty() || view.is_object() || view.typ.is_none() {
                    return self.collect_object(view, at, owner, parts);
                }
                Err(Error::invalid(
                    at,
                    format!(
                        "`allOf` member of `type: {}` beside object members: no value is both",
                        view.typ.unwrap_or("?")
                    ),
                ))
            }
        }
    }

    /// An inline object's own properties, `required` and `additionalProperties`.
    fn collect_object(
        &mut self,
        view: View,
        at: &Pointer,
        owner: TypeId,
        parts: &mut Parts,
    ) -> Result<(), Error> {
        for field in self.fields(view, at, owner, &|_| false)? {
            let field_at = at.push("properties").push(field.wire_name.clone());
            self.add_field(parts, field, &field_at, owner)?;
        }
        parts.required.extend(view.required.iter().cloned());
        parts.closed |= super::schemas::closed(view.additional);
        if view.additional.is_some() {
            parts.additional =
                self.additional(view.additional, at, &Slot::ctx_of(owner, "Value"))?;
        }
        Ok(())
    }

    /// A property declared by several members: a value must satisfy every declaration, so its
    /// type is their intersection (`intersect.rs`). Declarations no value satisfies together
    /// are an error; an intersection no generated type expresses is free-form JSON there.
    fn add_field(
        &mut self,
        parts: &mut Parts,
        field: Field,
        at: &Pointer,
        owner: TypeId,
    ) -> Result<(), Error> {
        let Some((old, old_at)) = parts.fields.get(&field.wire_name).cloned() else {
            parts
                .fields
                .insert(field.wire_name.clone(), (field, at.clone()));
            return Ok(());
        };
        let mut merged = old.clone();
        if old.ty != field.ty {
            let ctx = Ctx::new(
                Parent::Type(owner),
                sanitize(&field.wire_name, Case::Pascal),
            );
            match self.intersect(&old.ty, &field.ty, &ctx, 0) {
                Ok(ty) => merged.ty = ty,
                Err(Disagreement::Disjoint) => {
                    let problem = format!(
                        "`allOf` members contradict each other on property `{}`: it is {} here but {} at {old_at}, and no value is both",
                        field.wire_name,
                        self.describe(&field.ty),
                        self.describe(&old.ty),
                    );
                    // Two lists of values (a subtype's tag spelled unlike its parent's list) can
                    // be read as the later member narrowing the earlier; other kinds cannot.
                    let both_enums = self.is_enum(&old.ty) && self.is_enum(&field.ty);
                    const REPAIR: &str = "take this declaration, the later member's";
                    match (both_enums, self.lenient) {
                        (true, true) => {
                            self.repairs
                                .push((at.clone(), format!("{problem}: repaired: {REPAIR}")));
                            merged.ty = field.ty.clone();
                        }
                        (true, false) => return Err(Error::repairable(at, problem, REPAIR)),
                        (false, _) => return Err(Error::invalid(at, problem)),
                    }
                }
                Err(Disagreement::Untypable) => {
                    self.fallbacks.push((
                        at.clone(),
                        format!(
                            "`allOf` members declare property `{}` as {} here and {} at {old_at}; no generated type is both: typed as `serde_json::Value` here",
                            field.wire_name,
                            self.describe(&field.ty),
                            self.describe(&old.ty),
                        ),
                    ));
                    merged.ty = TypeRef::Value;
                }
            }
        }
        merged.required |= field.required;
        // A value must satisfy every member: null only if all allow it.
        merged.nullable &= field.nullable;
        merged.deprecated |= field.deprecated;
        merged.wire = old.wire.both(&field.wire);
        if merged.doc.summary.is_none() && merged.doc.description.is_none() {
            merged.doc = field.doc;
        }
        parts
            .fields
            .insert(merged.wire_name.clone(), (merged, old_at));
        Ok(())
    }

    fn is_enum(&self, ty: &TypeRef) -> bool {
        matches!(self.space.kind_of(ty), Some(TypeKind::Enum(_)))
    }

    /// A type as a spec reader would say it, for error messages.
    pub(crate) fn describe(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Def(id) => format!("the schema at {}", self.space.get(*id).origin),
            TypeRef::Vec(item) => format!("an array of {}", self.describe(item)),
            TypeRef::Map(value) => format!("a map of {}", self.describe(value)),
            TypeRef::Option(inner) => format!("nullable {}", self.describe(inner)),
            other => format!("`{}`", other.label()),
        }
    }
}
