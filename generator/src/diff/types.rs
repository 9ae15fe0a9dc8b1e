//! Values and the named types they hold, compared in the direction they travel: a type that
//! widens is harmless in a request and breaking in a response, and narrowing the reverse.
//! Aliases are seen through; structs, enums and unions are compared member by member, and a
//! shared component once per direction, under its own heading.

use std::collections::BTreeMap;

use super::rust::Claim;
use super::walk::{is_component, Walk};
use super::{Direction, Group, Severity};
use crate::ir::*;

/// Where a value sits, and what the report calls it.
#[derive(Debug, Clone)]
pub(super) struct At {
    pub group: Group,
    pub direction: Direction,
    pub site: Site,
    /// JSON pointer of the value's schema (new spec).
    pub pointer: String,
    /// The value in words: "property `name` of `NewItem`", "query parameter `limit`".
    pub what: String,
    /// The listing items that hold it.
    pub claims: Vec<Claim>,
}

/// The kind of position, as oasdiff's rule ids name it. A shared component's own changes take
/// the first of these it is used as (in this order), wherever it was met first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Site {
    Property,
    Body,
    Parameter,
    Header,
}

impl At {
    /// `{request|response}-{parameter|body|property|header}-{suffix}`.
    pub fn rule(&self, suffix: &str) -> String {
        let site = match self.site {
            Site::Parameter => "parameter",
            Site::Body => "body",
            Site::Property => "property",
            Site::Header => "header",
        };
        format!("{}-{site}-{suffix}", self.direction.word())
    }

    fn inner(&self, what: String, pointer: &str) -> At {
        At {
            what,
            pointer: format!("{}{pointer}", self.pointer),
            ..self.clone()
        }
    }
}

/// How a value's type changed, as the set of values it allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Relation {
    Same,
    /// Allows everything it did and more.
    Wider,
    /// Allows only some of what it did.
    Narrower,
    Incompatible,
}

/// A type as the wire sees it, aliases followed.
#[derive(Debug, Clone, Copy)]
enum Shape<'a> {
    /// A string, with the format its Rust type carries (`uuid`, `date-time`, `date`).
    Str(Option<&'static str>),
    /// An integer in this range.
    Int(i128, i128),
    /// A number; `true` for double precision.
    Num(bool),
    Bool,
    Any,
    Array(&'a TypeRef),
    Map(&'a TypeRef),
    /// A struct, enum or union.
    Def(&'a TypeDef),
    /// A name with no definition (lowering never leaves one).
    Missing,
}

impl Shape<'_> {
    fn describe(&self) -> String {
        match self {
            Shape::Str(None) => "string".into(),
            Shape::Str(Some(f)) => format!("string ({f})"),
            Shape::Int(lo, hi) => match (*lo, *hi) {
                (-128, 127) => "integer (int8)".into(),
                (-32768, 32767) => "integer (int16)".into(),
                (lo, hi) if lo == i32::MIN as i128 && hi == i32::MAX as i128 => {
                    "integer (int32)".into()
                }
                (0, 255) => "integer (uint8)".into(),
                (0, 65535) => "integer (uint16)".into(),
                (0, hi) if hi == u32::MAX as i128 => "integer (uint32)".into(),
                (0, _) => "integer (uint64)".into(),
                _ => "integer".into(),
            },
            Shape::Num(true) => "number".into(),
            Shape::Num(false) => "number (float)".into(),
            Shape::Bool => "boolean".into(),
            Shape::Any => "any JSON value".into(),
            Shape::Array(_) => "array".into(),
            Shape::Map(_) => "object (a map)".into(),
            Shape::Def(def) => match &def.kind {
                TypeKind::Struct(_) => format!("object `{}`", def.name),
                TypeKind::Enum(_) => format!("enum `{}`", def.name),
                TypeKind::Union(_) => format!("one of `{}`", def.name),
                TypeKind::Alias(_) | TypeKind::Newtype(_) => format!("`{}`", def.name),
            },
            Shape::Missing => "an unknown type".into(),
        }
    }
}

pub(super) type Types<'a> = BTreeMap<&'a str, &'a TypeDef>;

/// Follows aliases and newtypes to the type that has a shape of its own.
fn resolve<'a>(types: &Types<'a>, mut ty: &'a TypeRef) -> &'a TypeRef {
    for _ in 0..32 {
        let (TypeRef::Named(n) | TypeRef::Boxed(n)) = ty else {
            return ty;
        };
        match types.get(n.as_str()).map(|d| &d.kind) {
            Some(TypeKind::Alias(t) | TypeKind::Newtype(t)) => ty = t,
            _ => return ty,
        }
    }
    ty
}

/// The alias or newtype a reference names, if it names one.
fn alias_def<'a>(types: &Types<'a>, ty: &TypeRef) -> Option<&'a TypeDef> {
    let (TypeRef::Named(n) | TypeRef::Boxed(n)) = ty else {
        return None;
    };
    types
        .get(n.as_str())
        .copied()
        .filter(|d| matches!(d.kind, TypeKind::Alias(_) | TypeKind::Newtype(_)))
}

/// What the named types along an alias chain say of their values (their own `wire`).
pub(super) fn named_wire<'a>(types: &Types<'a>, mut ty: &'a TypeRef) -> Wire {
    let mut wire = Wire::default();
    for _ in 0..32 {
        let (TypeRef::Named(n) | TypeRef::Boxed(n)) = ty else {
            break;
        };
        let Some(def) = types.get(n.as_str()) else {
            break;
        };
        wire = wire.both(&def.wire);
        match &def.kind {
            TypeKind::Alias(t) | TypeKind::Newtype(t) => ty = t,
            _ => break,
        }
    }
    wire
}

fn shape<'a>(types: &Types<'a>, ty: &'a TypeRef) -> Shape<'a> {
    match resolve(types, ty) {
        TypeRef::String => Shape::Str(None),
        TypeRef::Uuid => Shape::Str(Some("uuid")),
        TypeRef::DateTime => Shape::Str(Some("date-time")),
        TypeRef::Date => Shape::Str(Some("date")),
        TypeRef::Bool => Shape::Bool,
        TypeRef::I8 => Shape::Int(i8::MIN.into(), i8::MAX.into()),
        TypeRef::I16 => Shape::Int(i16::MIN.into(), i16::MAX.into()),
        TypeRef::I32 => Shape::Int(i32::MIN.into(), i32::MAX.into()),
        TypeRef::I64 => Shape::Int(i64::MIN.into(), i64::MAX.into()),
        TypeRef::U8 => Shape::Int(0, u8::MAX.into()),
        TypeRef::U16 => Shape::Int(0, u16::MAX.into()),
        TypeRef::U32 => Shape::Int(0, u32::MAX.into()),
        TypeRef::U64 => Shape::Int(0, u64::MAX.into()),
        TypeRef::F32 => Shape::Num(false),
        TypeRef::F64 => Shape::Num(true),
        TypeRef::Value => Shape::Any,
        TypeRef::Vec(item) => Shape::Array(item),
        TypeRef::Map(value) => Shape::Map(value),
        // Nullability is compared before shapes.
        TypeRef::Option(inner) => shape(types, inner),
        TypeRef::Named(n) | TypeRef::Boxed(n) => match types.get(n.as_str()) {
            Some(def) => Shape::Def(def),
            None => Shape::Missing,
        },
        TypeRef::Def(finished) => match *finished {},
    }
}

/// Any JSON value, `null` included: `nullable` says nothing of it (OpenAPI 3.0 reads
/// `nullable` only beside a `type`).
pub(super) fn is_any(types: &Types<'_>, ty: &TypeRef) -> bool {
    matches!(resolve(types, ty), TypeRef::Value)
}

fn same_kind(a: &TypeDef, b: &TypeDef) -> bool {
    matches!(
        (&a.kind, &b.kind),
        (TypeKind::Struct(_), TypeKind::Struct(_))
            | (TypeKind::Enum(_), TypeKind::Enum(_))
            | (TypeKind::Union(_), TypeKind::Union(_))
    )
}

impl<'a> Walk<'a> {
    /// Compares a value at one position: what both specs say of it there (`wire`), and its type.
    pub fn value(
        &mut self,
        at: &At,
        old: &'a TypeRef,
        new: &'a TypeRef,
        old_wire: &Wire,
        new_wire: &Wire,
    ) {
        // An alias or newtype is a type of its own: compared once per direction (a recursive
        // one would otherwise never end), under its own heading when it is a component.
        let (da, db) = (
            alias_def(&self.old_types, old),
            alias_def(&self.new_types, new),
        );
        if da.is_some() || db.is_some() {
            return self.alias(at, (old, da), (new, db), old_wire, new_wire);
        }
        let old_wire = old_wire.both(&named_wire(&self.old_types, old));
        let new_wire = new_wire.both(&named_wire(&self.new_types, new));
        let (a, b) = (resolve(&self.old_types, old), resolve(&self.new_types, new));
        // Constraints of one kind of value say nothing of another: a value whose type changed
        // incompatibly is reported for that alone.
        let kinds = (shape(&self.old_types, a), shape(&self.new_types, b));
        if self.relation(&kinds.0, &kinds.1) != Relation::Incompatible {
            let integers = matches!(kinds, (Shape::Int(..), Shape::Int(..)));
            super::wire::compare(self, at, &old_wire, &new_wire, integers);
        }
        let (a, b) = match (a, b) {
            (TypeRef::Option(x), TypeRef::Option(y)) => (&**x, &**y),
            (TypeRef::Option(x), y) => {
                self.nullable(at, false);
                (&**x, y)
            }
            (x, TypeRef::Option(y)) => {
                self.nullable(at, true);
                (x, &**y)
            }
            (x, y) => (x, y),
        };
        let (sa, sb) = (shape(&self.old_types, a), shape(&self.new_types, b));
        match (sa, sb) {
            (Shape::Array(x), Shape::Array(y)) => {
                let items = at.inner(format!("items of {}", at.what), "/items");
                let wx = old_wire.items.as_deref().cloned().unwrap_or_default();
                let wy = new_wire.items.as_deref().cloned().unwrap_or_default();
                return self.value(&items, x, y, &wx, &wy);
            }
            (Shape::Map(x), Shape::Map(y)) => {
                let values = at.inner(format!("values of {}", at.what), "/additionalProperties");
                return self.value(&values, x, y, &Wire::default(), &Wire::default());
            }
            (Shape::Def(x), Shape::Def(y)) if same_kind(x, y) => return self.named(at, x, y),
            _ => {}
        }
        let relation = self.relation(&sa, &sb);
        let (rule, severity, why) = match (relation, at.direction) {
            (Relation::Same, _) => return,
            (Relation::Wider, Direction::Request) => (
                "type-generalized",
                Severity::NonBreaking,
                "everything clients sent is still accepted",
            ),
            (Relation::Wider, Direction::Response) => (
                "type-generalized",
                Severity::Breaking,
                "clients may receive values they cannot read",
            ),
            // oasdiff's own rule for a free value that becomes a list of allowed ones.
            (Relation::Narrower, Direction::Request)
                if matches!(
                    sb,
                    Shape::Def(TypeDef {
                        kind: TypeKind::Enum(_),
                        ..
                    })
                ) =>
            {
                (
                    "became-enum",
                    Severity::Breaking,
                    "values outside the list are now refused",
                )
            }
            (Relation::Narrower, Direction::Request) => (
                "type-specialized",
                Severity::Breaking,
                "values clients sent may now be refused",
            ),
            (Relation::Narrower, Direction::Response) => (
                "type-specialized",
                Severity::NonBreaking,
                "answers are a subset of what they were",
            ),
            (Relation::Incompatible, _) => (
                "type-changed",
                Severity::Breaking,
                "clients and server no longer agree on the value",
            ),
        };
        // Inline types go and come with the type they are part of.
        let mut claims = at.claims.clone();
        claims.extend(self.inline_owned(&self.old_types, a));
        claims.extend(self.inline_owned(&self.new_types, b));
        self.push(
            &at.group,
            at.rule(rule),
            severity,
            &at.pointer,
            format!(
                "{} changed from {} to {}: {why}",
                at.what,
                sa.describe(),
                sb.describe()
            ),
            claims,
            "its Rust type is the same",
        );
    }

    /// A value whose type is an alias (or newtype) on either side: what the position says of
    /// it, then the alias itself, then what it stands for.
    fn alias(
        &mut self,
        at: &At,
        (old, da): (&'a TypeRef, Option<&'a TypeDef>),
        (new, db): (&'a TypeRef, Option<&'a TypeDef>),
        old_wire: &Wire,
        new_wire: &Wire,
    ) {
        let (ra, rb) = (resolve(&self.old_types, old), resolve(&self.new_types, new));
        let (sa, sb) = (shape(&self.old_types, ra), shape(&self.new_types, rb));
        if self.relation(&sa, &sb) != Relation::Incompatible {
            let integers = matches!((sa, sb), (Shape::Int(..), Shape::Int(..)));
            super::wire::compare(self, at, old_wire, new_wire, integers);
        }
        let name = |d: Option<&TypeDef>| d.map_or(String::new(), |d| d.name.clone());
        if !self.visited.insert((name(da), name(db), at.direction)) {
            return;
        }
        let mut claims = at.claims.clone();
        claims.extend(
            [da, db]
                .into_iter()
                .flatten()
                .map(|d| Claim::Owner(key::ty(&d.name))),
        );
        let Some(def) = db.or(da) else {
            return;
        };
        let sub = if is_component(def) {
            At {
                group: Group::Schema {
                    name: def.name.clone(),
                    direction: at.direction,
                    used_by: Vec::new(),
                },
                site: self.site_of(&def.name, at.direction).unwrap_or(at.site),
                pointer: def.origin.clone(),
                what: format!("`{}`", def.name),
                claims,
                ..at.clone()
            }
        } else {
            At {
                claims,
                ..at.clone()
            }
        };
        let target = |d: Option<&'a TypeDef>, ty: &'a TypeRef| -> (&'a TypeRef, Wire) {
            match d.map(|d| (&d.kind, &d.wire)) {
                Some((TypeKind::Alias(t) | TypeKind::Newtype(t), wire)) => (t, wire.clone()),
                _ => (ty, Wire::default()),
            }
        };
        let ((ta, wa), (tb, wb)) = (target(da, old), target(db, new));
        self.value(&sub, ta, tb, &wa, &wb);
    }

    pub(super) fn nullable(&mut self, at: &At, now: bool) {
        let severity = match (at.direction, now) {
            (Direction::Request, true) | (Direction::Response, false) => Severity::NonBreaking,
            _ => Severity::Breaking,
        };
        let (rule, what) = if now {
            ("became-nullable", "may now be null")
        } else {
            ("became-not-nullable", "may no longer be null")
        };
        self.push(
            &at.group,
            at.rule(rule),
            severity,
            &at.pointer,
            format!("{} {what}", at.what),
            at.claims.clone(),
            "its Rust type is the same",
        );
    }

    fn relation(&self, old: &Shape<'a>, new: &Shape<'a>) -> Relation {
        use Relation::*;
        let enum_of = |s: &Shape| match s {
            Shape::Def(TypeDef {
                kind: TypeKind::Enum(e),
                ..
            }) => Some(e.repr),
            _ => None,
        };
        let is_struct = |s: &Shape| {
            matches!(
                s,
                Shape::Def(TypeDef {
                    kind: TypeKind::Struct(_),
                    ..
                })
            )
        };
        let free_map = |s: &Shape| matches!(s, Shape::Map(TypeRef::Value));
        match (old, new) {
            (Shape::Any, Shape::Any) | (Shape::Bool, Shape::Bool) => Same,
            // Compared member by member elsewhere.
            (Shape::Array(_), Shape::Array(_)) | (Shape::Map(_), Shape::Map(_)) => Same,
            (Shape::Def(a), Shape::Def(b)) if same_kind(a, b) => Same,
            (_, Shape::Any) => Wider,
            (Shape::Any, _) => Narrower,
            (Shape::Str(a), Shape::Str(b)) => match (a, b) {
                _ if a == b => Same,
                (Some(_), None) => Wider,
                (None, Some(_)) => Narrower,
                _ => Incompatible,
            },
            (Shape::Int(a0, a1), Shape::Int(b0, b1)) => {
                if (a0, a1) == (b0, b1) {
                    Same
                } else if b0 <= a0 && a1 <= b1 {
                    Wider
                } else if a0 <= b0 && b1 <= a1 {
                    Narrower
                } else {
                    Incompatible
                }
            }
            (Shape::Num(a), Shape::Num(b)) => match (a, b) {
                _ if a == b => Same,
                (false, true) => Wider,
                _ => Narrower,
            },
            (Shape::Int(..), Shape::Num(_)) => Wider,
            (Shape::Num(_), Shape::Int(..)) => Narrower,
            _ if enum_of(old) == Some(EnumRepr::String) && matches!(new, Shape::Str(None)) => Wider,
            _ if matches!(old, Shape::Str(None)) && enum_of(new) == Some(EnumRepr::String) => {
                Narrower
            }
            _ if enum_of(old) == Some(EnumRepr::Integer) && matches!(new, Shape::Int(..)) => Wider,
            _ if matches!(old, Shape::Int(..)) && enum_of(new) == Some(EnumRepr::Integer) => {
                Narrower
            }
            _ if is_struct(old) && free_map(new) => Wider,
            _ if free_map(old) && is_struct(new) => Narrower,
            (
                _,
                Shape::Def(TypeDef {
                    kind: TypeKind::Union(u),
                    ..
                }),
            ) if self.union_has(&self.new_types, u, old) => Wider,
            (
                Shape::Def(TypeDef {
                    kind: TypeKind::Union(u),
                    ..
                }),
                _,
            ) if self.union_has(&self.old_types, u, new) => Narrower,
            _ => Incompatible,
        }
    }

    /// One of the union's variants is this type: the same scalar, or the same named type.
    fn union_has(&self, types: &Types<'a>, union: &'a Union, other: &Shape<'a>) -> bool {
        union
            .variants
            .iter()
            .flat_map(|v| &v.ty)
            .any(|ty| match (shape(types, ty), other) {
                (Shape::Def(v), Shape::Def(o)) => v.name == o.name,
                (Shape::Array(_) | Shape::Map(_), _) | (_, Shape::Array(_) | Shape::Map(_)) => {
                    false
                }
                (Shape::Def(_), _) | (_, Shape::Def(_)) => false,
                (variant, _) => self.relation(&variant, other) == Relation::Same,
            })
    }
}
