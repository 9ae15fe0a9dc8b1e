//! Structs, enums and unions in the same position, member by member: properties by wire name
//! (with `readOnly` / `writeOnly` deciding which direction carries them), enum values, union
//! variants; a shared component once per direction, under its own heading.

use std::collections::BTreeSet;

use super::rust::Claim;
use super::types::{is_any, named_wire, At, Site, Types};
use super::walk::{is_component, Walk};
use super::{Direction, Group, Severity};
use crate::ir::*;

impl<'a> Walk<'a> {
    /// Two structs, enums or unions in the same position.
    pub(super) fn named(&mut self, at: &At, a: &'a TypeDef, b: &'a TypeDef) {
        if a.name != b.name && (is_component(a) || is_component(b)) {
            self.push(
                &at.group,
                "schema-ref-changed",
                Severity::NonBreaking,
                &at.pointer,
                format!(
                    "{} now refers to `{}` instead of `{}` (the two are compared below)",
                    at.what, b.name, a.name
                ),
                [
                    at.claims.clone(),
                    self.inline_owned(&self.old_types, &TypeRef::Named(a.name.clone())),
                    self.inline_owned(&self.new_types, &TypeRef::Named(b.name.clone())),
                ]
                .concat(),
                "its Rust type is the same",
            );
        }
        if !self
            .visited
            .insert((a.name.clone(), b.name.clone(), at.direction))
        {
            return;
        }
        let sub = if is_component(b) {
            let site = self.site_of(&b.name, at.direction);
            At {
                group: Group::Schema {
                    name: b.name.clone(),
                    direction: at.direction,
                    // Filled in once the walk is done, for the schemas the report names.
                    used_by: Vec::new(),
                },
                site: site.unwrap_or(at.site),
                pointer: b.origin.clone(),
                what: format!("`{}`", b.name),
                claims: Vec::new(),
                ..at.clone()
            }
        } else {
            At {
                pointer: b.origin.clone(),
                what: format!("`{}`", b.name),
                ..at.clone()
            }
        };
        if a.doc != b.doc && self.docs_seen.insert(b.origin.clone()) {
            self.push(
                &sub.group,
                "description-changed",
                Severity::Documentation,
                &b.origin,
                format!("description of `{}` changed", b.name),
                Vec::new(),
                "a doc comment changes",
            );
        }
        // Compared from a queue, not here: a chain of thousands of schemas, each referring to
        // the next, would otherwise be as deep on the stack.
        self.queue.push_back((sub, a, b));
    }

    /// Compares the members of the named types met so far, and of those they lead to.
    pub(super) fn drain(&mut self) {
        while let Some((at, a, b)) = self.queue.pop_front() {
            match (&a.kind, &b.kind) {
                (TypeKind::Struct(x), TypeKind::Struct(y)) => self.fields(&at, (a, x), (b, y)),
                (TypeKind::Enum(x), TypeKind::Enum(y)) => self.enum_values(&at, (a, x), (b, y)),
                (TypeKind::Union(x), TypeKind::Union(y)) => self.variants(&at, (a, x), (b, y)),
                _ => {}
            }
        }
    }

    fn fields(
        &mut self,
        at: &At,
        (a, x): (&'a TypeDef, &'a Struct),
        (b, y): (&'a TypeDef, &'a Struct),
    ) {
        let direction = at.direction;
        let request = direction == Direction::Request;
        // A property the other direction alone carries is not there in this one (`readOnly`
        // may sit on the property or on the schema it refers to).
        let present = |types: &Types<'a>, f: &'a Field| {
            let wire = f.wire.both(&named_wire(types, &f.ty));
            if request {
                !wire.read_only
            } else {
                !wire.write_only
            }
        };
        if x.closed != y.closed {
            let (rule, severity, what) = match (direction, y.closed) {
                (Direction::Request, true) => (
                    "additional-properties-disallowed",
                    Severity::Breaking,
                    "now refuses properties it does not list: clients sending others are refused",
                ),
                (Direction::Request, false) => (
                    "additional-properties-allowed",
                    Severity::NonBreaking,
                    "now accepts properties it does not list",
                ),
                (Direction::Response, true) => (
                    "additional-properties-disallowed",
                    Severity::NonBreaking,
                    "no longer carries properties it does not list",
                ),
                (Direction::Response, false) => (
                    "additional-properties-allowed",
                    Severity::NonBreaking,
                    "may carry properties it does not list",
                ),
            };
            self.push(
                &at.group,
                at.rule(rule),
                severity,
                &format!("{}/additionalProperties", at.pointer),
                format!("{} {what}", at.what),
                vec![
                    Claim::Item(key::field(&a.name, "additional_properties")),
                    Claim::Item(key::field(&b.name, "additional_properties")),
                ],
                "unlisted properties are not part of the Rust type",
            );
        }
        let extra = |def: &TypeDef| Claim::Item(key::field(&def.name, "additional_properties"));
        match (&x.additional, &y.additional) {
            (Some(p), Some(q)) => {
                let values = At {
                    what: format!("additional properties of `{}`", b.name),
                    pointer: format!("{}/additionalProperties", at.pointer),
                    site: Site::Property,
                    claims: vec![extra(a), extra(b)],
                    ..at.clone()
                };
                self.value(&values, p, q, &Wire::default(), &Wire::default());
            }
            (None, Some(_)) | (Some(_), None) if x.closed == y.closed => self.push(
                &at.group,
                at.rule("additional-properties-changed"),
                Severity::NonBreaking,
                &format!("{}/additionalProperties", at.pointer),
                format!(
                    "{} changed what it says of properties it does not list",
                    at.what
                ),
                vec![extra(a), extra(b)],
                "",
            ),
            _ => {}
        }
        let names: BTreeSet<&str> = x
            .fields
            .iter()
            .chain(&y.fields)
            .map(|f| f.wire_name.as_str())
            .collect();
        // The constructors' arguments as the code decides them, once per struct.
        let (x_args, y_args) = (x.constructor_args(), y.constructor_args());
        let default_changed = x.has_default() != y.has_default();
        let in_new = |args: &Option<Vec<&Field>>, f: Option<&Field>| {
            f.zip(args.as_ref())
                .is_some_and(|(f, args)| args.iter().any(|a| a.wire_name == f.wire_name))
        };
        for wire in names {
            let was = x.fields.iter().find(|f| f.wire_name == wire);
            let now = y.fields.iter().find(|f| f.wire_name == wire);
            // The field, the constructors where it is (or was) one of their arguments, and
            // `Default` where this field's change decides it.
            let argument = in_new(&x_args, was) || in_new(&y_args, now);
            let structural =
                was.map(Field::is_optional) != now.map(Field::is_optional) && default_changed;
            let mut claims = Vec::new();
            for (def, f) in [(a, was), (b, now)] {
                if let Some(f) = f {
                    claims.push(Claim::Item(key::field(&def.name, &f.name)));
                }
                if argument {
                    claims.push(Claim::Item(key::new(&def.name)));
                }
                if structural {
                    claims.push(Claim::Item(key::default(&def.name)));
                }
            }
            let pointer = now.or(was).map(|f| f.pointer.clone()).unwrap_or_default();
            let field_at = At {
                site: Site::Property,
                pointer: pointer.clone(),
                what: format!("property `{wire}` of `{}`", b.name),
                claims,
                ..at.clone()
            };
            let (was_here, now_here) = (
                was.filter(|f| present(&self.old_types, f)),
                now.filter(|f| present(&self.new_types, f)),
            );
            match (was_here, now_here) {
                (None, Some(f)) => {
                    let mut claims = field_at.claims.clone();
                    claims.extend(self.inline_owned(&self.new_types, &f.ty));
                    let kind = if f.required { "required" } else { "optional" };
                    let (rule, severity, what) = match (request, was.is_some(), f.required) {
                        (true, false, true) => (
                            "new-required-request-property".to_string(),
                            Severity::Breaking,
                            "added: clients must now send it",
                        ),
                        (true, false, false) => (
                            "new-optional-request-property".to_string(),
                            Severity::NonBreaking,
                            "added",
                        ),
                        (true, true, req) => (
                            format!("request-{kind}-property-became-not-read-only"),
                            if req {
                                Severity::Breaking
                            } else {
                                Severity::NonBreaking
                            },
                            "is no longer read-only: clients may send it",
                        ),
                        (false, false, _) => (
                            format!("response-{kind}-property-added"),
                            Severity::NonBreaking,
                            "added",
                        ),
                        (false, true, _) => (
                            format!("response-{kind}-property-became-not-write-only"),
                            Severity::NonBreaking,
                            "is no longer write-only: answers carry it",
                        ),
                    };
                    self.push(
                        &at.group,
                        rule,
                        severity,
                        &pointer,
                        format!("{kind} {} {what}", field_at.what),
                        claims,
                        "",
                    );
                }
                (Some(f), None) => {
                    let mut claims = field_at.claims.clone();
                    claims.extend(self.inline_owned(&self.old_types, &f.ty));
                    let kind = if f.required { "required" } else { "optional" };
                    let (rule, severity, what) = match (request, now.is_some(), f.required) {
                        (true, false, _) => (
                            "request-property-removed".to_string(),
                            if y.closed {
                                Severity::Breaking
                            } else {
                                Severity::PossiblyBreaking
                            },
                            "removed: the server may reject or ignore it",
                        ),
                        (true, true, _) => (
                            format!("request-{kind}-property-became-read-only"),
                            Severity::PossiblyBreaking,
                            "became read-only: the server may reject or ignore it",
                        ),
                        (false, false, req) => (
                            format!("response-{kind}-property-removed"),
                            if req {
                                Severity::Breaking
                            } else {
                                Severity::PossiblyBreaking
                            },
                            "removed: clients reading it get nothing",
                        ),
                        (false, true, req) => (
                            format!("response-{kind}-property-became-write-only"),
                            if req {
                                Severity::Breaking
                            } else {
                                Severity::PossiblyBreaking
                            },
                            "became write-only: clients reading it get nothing",
                        ),
                    };
                    self.push(
                        &at.group,
                        rule,
                        severity,
                        &pointer,
                        format!("{kind} {} {what}", field_at.what),
                        claims,
                        "",
                    );
                }
                (Some(p), Some(q)) => self.field_pair(&field_at, p, q),
                (None, None) => {}
            }
        }
    }

    fn field_pair(&mut self, at: &At, p: &'a Field, q: &'a Field) {
        let request = at.direction == Direction::Request;
        if p.required != q.required {
            let (suffix, severity) = match (request, q.required) {
                (true, true) => ("became-required", Severity::Breaking),
                (true, false) => ("became-optional", Severity::NonBreaking),
                (false, true) => ("became-required", Severity::NonBreaking),
                (false, false) => ("became-optional", Severity::Breaking),
            };
            let what = match (request, q.required) {
                (true, true) => "became required: clients must now send it",
                (false, false) => "became optional: answers may leave it out",
                (_, true) => "became required",
                (_, false) => "became optional",
            };
            self.push(
                &at.group,
                at.rule(suffix),
                severity,
                &at.pointer,
                format!("{} {what}", at.what),
                at.claims.clone(),
                "",
            );
        }
        let free_form = is_any(&self.old_types, &p.ty) && is_any(&self.new_types, &q.ty);
        if p.nullable != q.nullable && !free_form {
            self.nullable(at, q.nullable);
        }
        if !p.deprecated && q.deprecated {
            self.push(
                &at.group,
                at.rule("deprecated"),
                Severity::NonBreaking,
                &at.pointer,
                format!("{} deprecated", at.what),
                at.claims.clone(),
                "",
            );
        }
        if p.doc != q.doc && self.docs_seen.insert(q.pointer.clone()) {
            self.push(
                &at.group,
                "description-changed",
                Severity::Documentation,
                &at.pointer,
                format!("description of {} changed", at.what),
                Vec::new(),
                "a doc comment changes",
            );
        }
        self.value(at, &p.ty, &q.ty, &p.wire, &q.wire);
    }

    fn enum_values(
        &mut self,
        at: &At,
        (a, x): (&'a TypeDef, &'a Enum),
        (b, y): (&'a TypeDef, &'a Enum),
    ) {
        if x.repr != y.repr {
            return self.kind_changed(at, "changed between string and integer values", a, b);
        }
        let variant = |def: &TypeDef, v: &Variant| Claim::Item(key::variant(&def.name, &v.name));
        for v in &x.variants {
            if !y.variants.iter().any(|w| w.wire == v.wire) {
                let what = format!("enum value `{}`", v.wire);
                self.member(at, false, "enum-value-removed", what, variant(a, v));
            }
        }
        for v in &y.variants {
            if !x.variants.iter().any(|w| w.wire == v.wire) {
                let what = format!("enum value `{}`", v.wire);
                self.member(at, true, "enum-value-added", what, variant(b, v));
            }
        }
    }

    fn variants(
        &mut self,
        at: &At,
        (a, x): (&'a TypeDef, &'a Union),
        (b, y): (&'a TypeDef, &'a Union),
    ) {
        match (&x.tagging, &y.tagging) {
            (Tagging::Internal { property: p }, Tagging::Internal { property: q }) if p != q => {
                self.push(
                    &at.group,
                    at.rule("discriminator-property-name-changed"),
                    Severity::Breaking,
                    &at.pointer,
                    format!("{} is told apart by `{q}` instead of `{p}`", at.what),
                    vec![
                        Claim::Owner(key::ty(&a.name)),
                        Claim::Owner(key::ty(&b.name)),
                    ],
                    "",
                );
                return;
            }
            (p, q) if p != q => {
                return self.kind_changed(at, "tells its variants apart another way", a, b);
            }
            _ => {}
        }
        let tagged = x.tagging != Tagging::Untagged;
        let pair = |v: &UnionVariant, w: &UnionVariant| {
            if tagged {
                v.tags.iter().any(|t| w.tags.contains(t))
            } else {
                v.name == w.name
            }
        };
        let claim = |def: &TypeDef, v: &UnionVariant| Claim::Item(key::variant(&def.name, &v.name));
        for v in &x.variants {
            let Some(w) = y.variants.iter().find(|w| pair(v, w)) else {
                let what = format!("variant `{}`", v.name);
                self.member(at, false, "one-of-removed", what, claim(a, v));
                continue;
            };
            // The tag values that select the variant: a response that gains one sends a tag
            // old clients do not know; a request that loses one refuses it.
            for tag in v.tags.iter().filter(|t| !w.tags.contains(t)) {
                let what = format!("tag `{tag}` of variant `{}`", w.name);
                self.member(
                    at,
                    false,
                    "discriminator-mapping-deleted",
                    what,
                    claim(b, w),
                );
            }
            for tag in w.tags.iter().filter(|t| !v.tags.contains(t)) {
                let what = format!("tag `{tag}` of variant `{}`", w.name);
                self.member(at, true, "discriminator-mapping-added", what, claim(b, w));
            }
            match (&v.ty, &w.ty) {
                (Some(p), Some(q)) => {
                    let sub = At {
                        what: format!("variant `{}` of `{}`", w.name, b.name),
                        claims: vec![claim(a, v), claim(b, w)],
                        ..at.clone()
                    };
                    self.value(&sub, p, q, &Wire::default(), &Wire::default());
                }
                (None, None) => {}
                _ => self.push(
                    &at.group,
                    at.rule("type-changed"),
                    Severity::Breaking,
                    &at.pointer,
                    format!(
                        "variant `{}` of {} changed between a bare tag and one with data",
                        w.name, at.what
                    ),
                    vec![claim(a, v), claim(b, w)],
                    "",
                ),
            }
        }
        for w in &y.variants {
            if !x.variants.iter().any(|v| pair(v, w)) {
                let what = format!("variant `{}`", w.name);
                self.member(at, true, "one-of-added", what, claim(b, w));
            }
        }
    }

    /// A set of values (enum values, union variants) gains or loses one: a request that loses
    /// one refuses what clients sent, a response that gains one sends what clients may not
    /// handle.
    fn member(&mut self, at: &At, gained: bool, rule: &str, what: String, claim: Claim) {
        let request = at.direction == Direction::Request;
        let (severity, why) = match (gained, request) {
            (true, true) => (Severity::NonBreaking, "clients may send it"),
            (true, false) => (
                Severity::PossiblyBreaking,
                "clients may receive one they do not handle",
            ),
            (false, true) => (Severity::Breaking, "clients sending it are refused"),
            (false, false) => (Severity::NonBreaking, "clients no longer receive it"),
        };
        let how = if gained { "added to" } else { "removed from" };
        self.push(
            &at.group,
            at.rule(rule),
            severity,
            &at.pointer,
            format!("{what} {how} {}: {why}", at.what),
            vec![claim],
            "",
        );
    }

    /// An enum or union whose values are told apart another way: nothing carries over.
    fn kind_changed(&mut self, at: &At, how: &str, a: &TypeDef, b: &TypeDef) {
        self.push(
            &at.group,
            at.rule("type-changed"),
            Severity::Breaking,
            &at.pointer,
            format!("{} {how}", at.what),
            vec![
                Claim::Owner(key::ty(&a.name)),
                Claim::Owner(key::ty(&b.name)),
            ],
            "",
        );
    }

    /// The inline types a value's type brings with it (they come and go with the value).
    pub(super) fn inline_owned(&self, types: &Types<'a>, ty: &TypeRef) -> Vec<Claim> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&TypeRef> = vec![ty];
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named(n) | TypeRef::Boxed(n) => {
                    let Some(def) = types.get(n.as_str()) else {
                        continue;
                    };
                    if is_component(def) || !seen.insert(n.as_str()) {
                        continue;
                    }
                    out.push(Claim::Owner(key::ty(n)));
                    match &def.kind {
                        TypeKind::Struct(s) => {
                            stack.extend(s.fields.iter().map(|f| &f.ty));
                            stack.extend(&s.additional);
                        }
                        TypeKind::Union(u) => stack.extend(u.variants.iter().flat_map(|v| &v.ty)),
                        TypeKind::Alias(t) | TypeKind::Newtype(t) => stack.push(t),
                        TypeKind::Enum(_) => {}
                    }
                }
                TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                    stack.push(inner)
                }
                _ => {}
            }
        }
        out
    }
}
