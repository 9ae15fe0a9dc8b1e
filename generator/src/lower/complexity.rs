//! Types too deeply nested to read in a signature (clippy's `type_complexity`, which generated
//! code must pass on its own merits) get a name: the nested part becomes an alias named from
//! where it is used (`GroupsResultPerCollectionResponses`), and the field or return type says
//! that name.

use super::draft::{Content, Docs, Operation, TypeKind, TypeRef};
use super::space::{Naming, Parent, TypeId};
use super::Lowerer;
use crate::names::{sanitize, Case};

/// Clippy's default `type-complexity-threshold`: a type scoring more is refused.
const THRESHOLD: u64 = 250;

/// The score clippy gives `ty` as the emitter writes it, at nesting depth `nest`: every path
/// (a type name, generic or not) adds ten times its depth, and its arguments are one deeper.
fn score(ty: &TypeRef, nest: u64) -> u64 {
    let here = 10 * nest;
    match ty {
        TypeRef::Vec(inner) | TypeRef::Option(inner) => here + score(inner, nest + 1),
        // `BTreeMap<String, T>`
        TypeRef::Map(inner) => here + 10 * (nest + 1) + score(inner, nest + 1),
        // `DateTime<Utc>`, `Box<T>`
        TypeRef::DateTime | TypeRef::Boxed(_) => here + 10 * (nest + 1),
        _ => here,
    }
}

impl Lowerer<'_> {
    /// Names the nested part of every struct field and success body whose type is too
    /// complex for clippy.
    pub(crate) fn name_complex_types(&mut self, operations: &mut [Operation]) {
        let n = self.space.entries.len();
        for id in 0..n {
            if self.space.entries[id].dead {
                continue;
            }
            let Some(TypeKind::Struct(s)) = &self.space.entries[id].kind else {
                continue;
            };
            let too_complex: Vec<usize> = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    // `Option<T>`, or `Option<Option<T>>` for tri-state fields.
                    let wrappers = u64::from(f.is_optional()) + u64::from(f.tri_state);
                    let outer: u64 = (1..=wrappers).map(|n| 10 * n).sum();
                    outer + score(&f.ty, 1 + wrappers) > THRESHOLD
                })
                .map(|(k, _)| k)
                .collect();
            for k in too_complex {
                let Some(TypeKind::Struct(s)) = &self.space.entries[id].kind else {
                    continue;
                };
                let field = &s.fields[k];
                let (ty, role) = (field.ty.clone(), sanitize(&field.wire_name, Case::Pascal));
                let alias = self.named_alias(Parent::Type(id as TypeId), role, ty);
                if let Some(TypeKind::Struct(s)) = &mut self.space.entries[id].kind {
                    s.fields[k].ty = alias;
                }
            }
        }
        for op in operations {
            let base = sanitize(&op.operation_id, Case::Pascal);
            for response in &mut op.success.responses {
                let Content::Json(ty) = &response.content else {
                    continue;
                };
                // `Result<crate::ApiResponse<T>, crate::Error>`: T at depth 3.
                if 10 + 20 + 20 + score(ty, 3) > THRESHOLD {
                    let alias = self.named_alias(
                        Parent::Operation(base.clone()),
                        format!("{}Response", response.variant),
                        ty.clone(),
                    );
                    response.content = Content::Json(alias);
                }
            }
        }
    }

    fn named_alias(&mut self, parent: Parent, role: String, ty: TypeRef) -> TypeRef {
        let origin = match &parent {
            Parent::Type(p) => self.space.get(*p).origin.clone(),
            Parent::Operation(_) => Default::default(),
        };
        let id = self
            .space
            .add(Naming::Inline { parent, role }, origin, Docs::default());
        self.space.set(id, TypeKind::Alias(ty));
        TypeRef::Def(id)
    }
}
