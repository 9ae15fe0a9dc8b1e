//! `allOf`: members merged into one struct (properties, `required`, `nullable`, docs); a lone
//! member with annotations beside it (`allOf: [$ref]` + `nullable`) is that member's type.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use super::schemas::{docs_of, Lowered, Slot};
use super::space::TypeId;
use super::view::View;
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::ir::{EnumRepr, Field, Struct, TypeKind, TypeRef};

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
        // `oneOf: [{}]` and the like beside `allOf` constrain nothing a type can say.
        let constrains = |members: &[ReferenceOr<Schema>]| {
            members
                .iter()
                .any(|m| !matches!(m, ReferenceOr::Item(s) if View::of(s).is_annotation_only()))
        };
        if constrains(view.one_of) || constrains(view.any_of) {
            let keyword = if view.one_of.is_empty() {
                "anyOf"
            } else {
                "oneOf"
            };
            return Err(Error::unsupported(
                &at.push(keyword),
                format!("`{keyword}` beside `allOf`"),
            ));
        }
        let nullable = view.nullable();
        let members_at = at.push("allOf");
        let typed: Vec<(Pointer, &ReferenceOr<Schema>)> = view
            .all_of
            .iter()
            .enumerate()
            .filter(|(_, m)| match m {
                ReferenceOr::Item(s) => !View::of(s).is_annotation_only(),
                ReferenceOr::Reference { .. } => true,
            })
            .map(|(i, m)| (members_at.push(i.to_string()), m))
            .collect();
        let own_object =
            view.props().is_some() || !view.required.is_empty() || view.additional.is_some();
        match (typed.as_slice(), own_object) {
            ([], false) => self.alias(slot, TypeRef::Value, nullable),
            // `allOf: [X]` is how 3.0 attaches docs or `nullable` to X: it is X.
            ([(member_at, member)], false) => self.sole_member(member, member_at, slot, nullable),
            _ => {
                let ty = self.define(slot, at, docs_of(view.schema), |cx, id| {
                    cx.merge(view, &typed, at, id).map(TypeKind::Struct)
                })?;
                Ok(Lowered { ty, nullable })
            }
        }
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
                            self.add_field(parts, field, at)?;
                        }
                        if s.additional.is_some() {
                            parts.additional = s.additional;
                        }
                        parts.closed |= s.closed;
                    }
                    (TypeRef::Map(value), _) => parts.additional = Some((**value).clone()),
                    (TypeRef::Value, _) => parts.additional = Some(TypeRef::Value),
                    _ => {
                        return Err(Error::unsupported(
                            at,
                            format!("`allOf` member `{reference}` that is not an object (only objects merge)"),
                        ))
                    }
                }
                Ok(())
            }
            ReferenceOr::Item(schema) => {
                let view = View::of(schema);
                if !view.one_of.is_empty() || !view.any_of.is_empty() {
                    return Err(Error::unsupported(
                        at,
                        "`allOf` member that is a `oneOf` / `anyOf`",
                    ));
                }
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
                Err(Error::unsupported(
                    at,
                    format!(
                        "`allOf` member of `type: {}` beside object members",
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
            self.add_field(parts, field, &field_at)?;
        }
        parts.required.extend(view.required.iter().cloned());
        parts.closed |= super::schemas::closed(view.additional);
        if view.additional.is_some() {
            parts.additional =
                self.additional(view.additional, at, &Slot::ctx_of(owner, "Value"))?;
        }
        Ok(())
    }

    /// A property declared by several members must agree; the narrower declaration wins (a
    /// string enum over a string, anything over a free-form value).
    fn add_field(&self, parts: &mut Parts, field: Field, at: &Pointer) -> Result<(), Error> {
        let Some((old, old_at)) = parts.fields.get_mut(&field.wire_name) else {
            parts
                .fields
                .insert(field.wire_name.clone(), (field, at.clone()));
            return Ok(());
        };
        if old.ty != field.ty {
            match self.narrower(&old.ty, &field.ty) {
                Some(ty) => old.ty = ty,
                None => {
                    return Err(Error::invalid(
                        at,
                        format!(
                            "`allOf` members disagree on property `{}`: it is {} here but {} at {old_at}",
                            field.wire_name,
                            self.describe(&field.ty),
                            self.describe(&old.ty),
                        ),
                    ))
                }
            }
        }
        old.required |= field.required;
        // A value must satisfy every member: null only if all allow it.
        old.nullable &= field.nullable;
        old.deprecated |= field.deprecated;
        old.wire = old.wire.both(&field.wire);
        if old.doc.summary.is_none() && old.doc.description.is_none() {
            old.doc = field.doc;
        }
        Ok(())
    }

    fn narrower(&self, a: &TypeRef, b: &TypeRef) -> Option<TypeRef> {
        let (ra, rb) = (self.space.resolve(a), self.space.resolve(b));
        let string_enum = |t: &TypeRef| matches!(self.space.kind_of(t), Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String);
        match (ra, rb) {
            (x, y) if x == y => Some(b.clone()),
            (TypeRef::Value, _) => Some(b.clone()),
            (_, TypeRef::Value) => Some(a.clone()),
            (TypeRef::String, _) if string_enum(rb) => Some(b.clone()),
            (_, TypeRef::String) if string_enum(ra) => Some(a.clone()),
            _ if string_enum(ra) && string_enum(rb) => Some(b.clone()),
            (x, y) if x.is_integer() && y.is_integer() => Some(b.clone()),
            (TypeRef::F32 | TypeRef::F64, TypeRef::F32 | TypeRef::F64) => Some(b.clone()),
            _ => None,
        }
    }

    /// A type as a spec reader would say it, for error messages.
    pub(crate) fn describe(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Def(id) => format!("the schema at {}", self.space.get(*id).origin),
            TypeRef::Vec(item) => format!("an array of {}", self.describe(item)),
            TypeRef::Map(value) => format!("a map of {}", self.describe(value)),
            TypeRef::Option(inner) => format!("nullable {}", self.describe(inner)),
            other => format!("`{}`", crate::emit::type_label(other)),
        }
    }
}
