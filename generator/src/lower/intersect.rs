//! The type of a value that two schemas both describe (`allOf` is an intersection, as JSON
//! Schema defines it): the narrower of two types where one contains the other, both objects
//! merged into one, and an error only where no value could satisfy both.

use std::collections::BTreeSet;

use super::draft::{EnumRepr, Struct, TypeKind, TypeRef, Union};
use super::space::{Ctx, Naming, TypeId};
use super::Lowerer;
use crate::names::{sanitize, Case};

/// Why two types have no common Rust type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Disagreement {
    /// No value is both (a string and an integer): the schemas contradict each other.
    Disjoint,
    /// Values may be both, but no generated type says exactly which (two different unions).
    Untypable,
}

/// What kind of JSON value a type holds, as far as telling disjoint types apart goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Json {
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
    /// Free-form, or a union of several kinds.
    Any,
}

/// How deep intersections of nested objects go before giving up on precision.
const MAX_DEPTH: usize = 24;

impl Lowerer<'_> {
    /// The type of values both `a` and `b` describe. New merged types are named from `ctx`.
    pub(crate) fn intersect(
        &mut self,
        a: &TypeRef,
        b: &TypeRef,
        ctx: &Ctx,
        depth: usize,
    ) -> Result<TypeRef, Disagreement> {
        if a == b {
            return Ok(a.clone());
        }
        if depth > MAX_DEPTH {
            return Err(Disagreement::Untypable);
        }
        let (ra, rb) = (self.space.resolve(a).clone(), self.space.resolve(b).clone());
        if ra == rb {
            return Ok(a.clone());
        }
        let string_like =
            |t: &TypeRef| matches!(t, TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date);
        match (&ra, &rb) {
            (TypeRef::Value, _) => return Ok(b.clone()),
            (_, TypeRef::Value) => return Ok(a.clone()),
            // A free-form object gives way to any typed object.
            (TypeRef::Map(v), _)
                if **v == TypeRef::Value && self.json_kind(&rb) == Json::Object =>
            {
                return Ok(b.clone())
            }
            (_, TypeRef::Map(v))
                if **v == TypeRef::Value && self.json_kind(&ra) == Json::Object =>
            {
                return Ok(a.clone())
            }
            (TypeRef::Option(x), TypeRef::Option(y)) => {
                let inner = self.intersect(x, y, ctx, depth + 1)?;
                return Ok(TypeRef::Option(Box::new(inner)));
            }
            // Null only if both allow it: the non-null one.
            (TypeRef::Option(x), _) => return self.intersect(x, b, ctx, depth + 1),
            (_, TypeRef::Option(y)) => return self.intersect(a, y, ctx, depth + 1),
            (TypeRef::Vec(x), TypeRef::Vec(y)) => {
                let item = self.intersect(x, y, &ctx.suffixed("Item"), depth + 1)?;
                return Ok(TypeRef::Vec(Box::new(item)));
            }
            (TypeRef::Map(x), TypeRef::Map(y)) => {
                let value = self.intersect(x, y, &ctx.suffixed("Value"), depth + 1)?;
                return Ok(TypeRef::Map(Box::new(value)));
            }
            (TypeRef::String, other) if string_like(other) || self.is_string_enum(other) => {
                return Ok(b.clone())
            }
            (other, TypeRef::String) if string_like(other) || self.is_string_enum(other) => {
                return Ok(a.clone())
            }
            (x, y) if x.is_integer() && y.is_integer() => return Ok(a.clone()),
            (x, TypeRef::F32 | TypeRef::F64) if x.is_integer() => return Ok(a.clone()),
            (TypeRef::F32 | TypeRef::F64, y) if y.is_integer() => return Ok(b.clone()),
            (TypeRef::F32, TypeRef::F64) => return Ok(a.clone()),
            (TypeRef::F64, TypeRef::F32) => return Ok(b.clone()),
            _ => {}
        }
        if self.same(&ra, &rb, &mut BTreeSet::new()) {
            return Ok(a.clone());
        }
        let (ka, kb) = (self.json_kind(&ra), self.json_kind(&rb));
        let kinds_disjoint = ka != Json::Any
            && kb != Json::Any
            && ka != kb
            && !matches!(
                (ka, kb),
                (Json::Integer, Json::Number) | (Json::Number, Json::Integer)
            );
        if kinds_disjoint {
            return Err(Disagreement::Disjoint);
        }
        let kind_a = self.space.kind_of(&ra).cloned();
        let kind_b = self.space.kind_of(&rb).cloned();
        if kind_a.is_none() && matches!(ra, TypeRef::Def(_))
            || kind_b.is_none() && matches!(rb, TypeRef::Def(_))
        {
            // A component referred to before it was lowered: lowered now, then compared.
            let defined = |cx: &mut Self, ty: &TypeRef| match ty {
                TypeRef::Def(id) if (*id as usize) < cx.component_names.len() => {
                    let at = cx.component_pointer(*id);
                    cx.define_component(*id, &at).is_ok()
                }
                _ => false,
            };
            let done = defined(self, &ra) | defined(self, &rb);
            let known = |cx: &Self, ty: &TypeRef| {
                !matches!(cx.space.resolve(ty), TypeRef::Def(_)) || cx.space.kind_of(ty).is_some()
            };
            if done && known(self, &ra) && known(self, &rb) {
                return self.intersect(a, b, ctx, depth + 1);
            }
            return Err(Disagreement::Untypable);
        }
        match (kind_a, kind_b) {
            // A free-form object gives way to a typed one.
            (Some(TypeKind::Struct(_)), None) if matches!(rb, TypeRef::Map(_)) => Ok(a.clone()),
            (None, Some(TypeKind::Struct(_))) if matches!(ra, TypeRef::Map(_)) => Ok(b.clone()),
            (Some(TypeKind::Struct(sa)), Some(TypeKind::Struct(sb))) => {
                Ok(self.merged_struct(&ra, &rb, &sa, &sb, ctx, depth))
            }
            (Some(TypeKind::Enum(ea)), Some(TypeKind::Enum(eb))) if ea.repr == eb.repr => {
                // The values both allow: the shorter list, when it is within the other.
                let wires = |e: &crate::ir::Enum| -> BTreeSet<String> {
                    e.variants.iter().map(|v| v.wire.clone()).collect()
                };
                let (wa, wb) = (wires(&ea), wires(&eb));
                if wa.is_subset(&wb) {
                    Ok(a.clone())
                } else if wb.is_subset(&wa) {
                    Ok(b.clone())
                } else if wa.is_disjoint(&wb) {
                    Err(Disagreement::Disjoint)
                } else {
                    // The values in both: an enum of its own.
                    let values: Vec<(String, Option<String>)> = ea
                        .variants
                        .iter()
                        .filter(|v| wb.contains(&v.wire))
                        .map(|v| (v.wire.clone(), v.doc.clone()))
                        .collect();
                    let origin = match &ra {
                        TypeRef::Def(id) => self.space.get(*id).origin.clone(),
                        _ => Default::default(),
                    };
                    let id = self.space.add(
                        Naming::Inline {
                            parent: ctx.parent.clone(),
                            role: ctx.role.clone(),
                        },
                        origin,
                        Default::default(),
                    );
                    self.space.set(
                        id,
                        TypeKind::Enum(super::schemas::enum_of(ea.repr, &values)),
                    );
                    self.merged_any = true;
                    Ok(TypeRef::Def(id))
                }
            }
            // A union and one of its own variants: that variant.
            (Some(TypeKind::Union(u)), _) if self.has_variant(&u, &rb) => Ok(b.clone()),
            (_, Some(TypeKind::Union(u))) if self.has_variant(&u, &ra) => Ok(a.clone()),
            _ => Err(Disagreement::Untypable),
        }
    }

    fn is_string_enum(&self, ty: &TypeRef) -> bool {
        matches!(self.space.kind_of(ty), Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String)
    }

    fn has_variant(&self, union: &Union, ty: &TypeRef) -> bool {
        union.variants.iter().any(|v| {
            v.ty.as_ref()
                .is_some_and(|t| self.same(self.space.resolve(t), ty, &mut BTreeSet::new()))
        })
    }

    fn json_kind(&self, ty: &TypeRef) -> Json {
        match self.space.resolve(ty) {
            TypeRef::String | TypeRef::Uuid | TypeRef::DateTime | TypeRef::Date => Json::String,
            t if t.is_integer() => Json::Integer,
            TypeRef::F32 | TypeRef::F64 => Json::Number,
            TypeRef::Bool => Json::Boolean,
            TypeRef::Vec(_) => Json::Array,
            TypeRef::Map(_) => Json::Object,
            TypeRef::Option(inner) => self.json_kind(inner),
            resolved @ TypeRef::Def(_) => match self.space.kind_of(resolved) {
                Some(TypeKind::Struct(_)) => Json::Object,
                Some(TypeKind::Enum(e)) if e.repr == EnumRepr::String => Json::String,
                Some(TypeKind::Enum(_)) => Json::Integer,
                Some(TypeKind::Union(u)) => {
                    let kinds: BTreeSet<u8> = u
                        .variants
                        .iter()
                        .map(|v| match &v.ty {
                            Some(t) => self.json_kind(t) as u8,
                            None => Json::String as u8,
                        })
                        .collect();
                    match u.tagging {
                        crate::ir::Tagging::Internal { .. } => Json::Object,
                        _ if kinds.len() == 1 && !kinds.contains(&(Json::Any as u8)) => {
                            self.json_kind(u.variants[0].ty.as_ref().unwrap_or(&TypeRef::String))
                        }
                        _ => Json::Any,
                    }
                }
                _ => Json::Any,
            },
            _ => Json::Any,
        }
    }

    /// Whether two types accept the same values, field by field (recursion assumed equal).
    pub(crate) fn same(
        &self,
        a: &TypeRef,
        b: &TypeRef,
        seen: &mut BTreeSet<(TypeRef, TypeRef)>,
    ) -> bool {
        let (a, b) = (self.space.resolve(a), self.space.resolve(b));
        if a == b || !seen.insert((a.clone(), b.clone())) {
            return true;
        }
        match (a, b) {
            (TypeRef::Vec(x), TypeRef::Vec(y))
            | (TypeRef::Map(x), TypeRef::Map(y))
            | (TypeRef::Option(x), TypeRef::Option(y)) => self.same(x, y, seen),
            (TypeRef::Def(_), TypeRef::Def(_)) => {
                match (self.space.kind_of(a), self.space.kind_of(b)) {
                    (Some(TypeKind::Struct(x)), Some(TypeKind::Struct(y))) => {
                        x.fields.len() == y.fields.len()
                            && x.closed == y.closed
                            && x.fields.iter().zip(&y.fields).all(|(f, g)| {
                                f.wire_name == g.wire_name
                                    && f.required == g.required
                                    && f.nullable == g.nullable
                                    && self.same(&f.ty, &g.ty, seen)
                            })
                            && match (&x.additional, &y.additional) {
                                (Some(p), Some(q)) => self.same(p, q, seen),
                                (None, None) => true,
                                _ => false,
                            }
                    }
                    (Some(TypeKind::Enum(x)), Some(TypeKind::Enum(y))) => {
                        x.repr == y.repr
                            && x.variants.len() == y.variants.len()
                            && x.variants
                                .iter()
                                .zip(&y.variants)
                                .all(|(v, w)| v.wire == w.wire)
                    }
                    (Some(TypeKind::Union(x)), Some(TypeKind::Union(y))) => {
                        x.tagging == y.tagging
                            && x.variants.len() == y.variants.len()
                            && x.variants.iter().zip(&y.variants).all(|(v, w)| {
                                v.tags == w.tags
                                    && match (&v.ty, &w.ty) {
                                        (Some(p), Some(q)) => self.same(p, q, seen),
                                        (None, None) => true,
                                        _ => false,
                                    }
                            })
                    }
                    _ => false,
                }
            }
            _ => false,
        }
    }

    /// One struct with the fields of both (a value of the intersection has them all).
    fn merged_struct(
        &mut self,
        a: &TypeRef,
        b: &TypeRef,
        sa: &Struct,
        sb: &Struct,
        ctx: &Ctx,
        depth: usize,
    ) -> TypeRef {
        let key = (a.clone(), b.clone());
        if let Some(merged) = self.merges.get(&key) {
            return merged.clone();
        }
        let (origin, doc) = match a {
            TypeRef::Def(id) => {
                let entry = self.space.get(*id);
                (entry.origin.clone(), entry.doc.clone())
            }
            _ => Default::default(),
        };
        let id: TypeId = self.space.add(
            Naming::Inline {
                parent: ctx.parent.clone(),
                role: ctx.role.clone(),
            },
            origin,
            doc,
        );
        let merged = TypeRef::Def(id);
        self.merges.insert(key, merged.clone());
        self.merged_any = true;
        let mut fields = sa.fields.clone();
        for field in &sb.fields {
            match fields.iter().position(|f| f.wire_name == field.wire_name) {
                None => fields.push(field.clone()),
                Some(i) => {
                    let child = Ctx::new(
                        super::space::Parent::Type(id),
                        sanitize(&field.wire_name, Case::Pascal),
                    );
                    let old = fields[i].clone();
                    let ty = match self.intersect(&old.ty, &field.ty, &child, depth + 1) {
                        Ok(ty) => ty,
                        // Nested disagreements keep the first declaration; the merge of the
                        // outer objects is still right about every other field.
                        Err(_) => old.ty.clone(),
                    };
                    let f = &mut fields[i];
                    f.ty = ty;
                    f.required |= field.required;
                    f.nullable &= field.nullable;
                    f.deprecated |= field.deprecated;
                    f.wire = old.wire.both(&field.wire);
                    if f.doc.summary.is_none() && f.doc.description.is_none() {
                        f.doc = field.doc.clone();
                    }
                }
            }
        }
        fields.sort_by(|x, y| x.wire_name.cmp(&y.wire_name));
        let additional = match (&sa.additional, &sb.additional) {
            (Some(x), Some(y)) => {
                let value = Ctx::new(super::space::Parent::Type(id), "Value");
                Some(
                    self.intersect(x, y, &value, depth + 1)
                        .unwrap_or(TypeRef::Value),
                )
            }
            (x, y) => x.clone().or_else(|| y.clone()),
        };
        self.space.set(
            id,
            TypeKind::Struct(Struct {
                fields,
                additional,
                sent: false,
                closed: sa.closed && sb.closed,
            }),
        );
        // One member already had every field (a compact type within the full one): that one.
        for member in [a, b] {
            if self.same(&merged, member, &mut BTreeSet::new()) {
                self.merges.insert((a.clone(), b.clone()), member.clone());
                return member.clone();
            }
        }
        merged
    }
}
