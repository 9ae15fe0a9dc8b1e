//! From the draft IR to the final one: every type reference and every type name named.
//!
//! Lowering refers to types by their entry in the type space (`TypeRef::Def`, and the
//! placeholder names of types only an operation names) until names are chosen. `finish` then
//! turns each draft item into its final type with [`Finish`], whose `Def` has no values. Each
//! impl below takes its item apart with every field named (no `..`): a field added to the IR
//! does not compile until it is carried over here.

use super::draft;
use crate::ir::*;

/// The names chosen for the type space's entries, by id.
pub(super) struct Names<'a>(pub(super) &'a [String]);

impl Names<'_> {
    /// `ty` with every id replaced by its type's name.
    pub(super) fn ty(&self, ty: draft::TypeRef) -> TypeRef {
        match ty {
            TypeRef::Def(id) => TypeRef::Named(self.0[id as usize].clone()),
            TypeRef::Vec(inner) => TypeRef::Vec(Box::new(self.ty(*inner))),
            TypeRef::Map(inner) => TypeRef::Map(Box::new(self.ty(*inner))),
            TypeRef::Option(inner) => TypeRef::Option(Box::new(self.ty(*inner))),
            TypeRef::Named(name) => TypeRef::Named(name),
            TypeRef::Boxed(name) => TypeRef::Boxed(name),
            TypeRef::String => TypeRef::String,
            TypeRef::Uuid => TypeRef::Uuid,
            TypeRef::DateTime => TypeRef::DateTime,
            TypeRef::Date => TypeRef::Date,
            TypeRef::Bool => TypeRef::Bool,
            TypeRef::I8 => TypeRef::I8,
            TypeRef::I16 => TypeRef::I16,
            TypeRef::I32 => TypeRef::I32,
            TypeRef::I64 => TypeRef::I64,
            TypeRef::U8 => TypeRef::U8,
            TypeRef::U16 => TypeRef::U16,
            TypeRef::U32 => TypeRef::U32,
            TypeRef::U64 => TypeRef::U64,
            TypeRef::F32 => TypeRef::F32,
            TypeRef::F64 => TypeRef::F64,
            TypeRef::Value => TypeRef::Value,
        }
    }

    /// Like [`Names::ty`], boxing the directly held type when `boxed` (recursion, or a
    /// variant much larger than the others).
    pub(super) fn boxed(&self, ty: draft::TypeRef, boxed: bool) -> TypeRef {
        match (ty, boxed) {
            (TypeRef::Def(id), true) => TypeRef::Boxed(self.0[id as usize].clone()),
            (TypeRef::Option(inner), true) => TypeRef::Option(Box::new(self.boxed(*inner, true))),
            (ty, _) => self.ty(ty),
        }
    }

    /// A type's name, which is a placeholder for a type only an operation names
    /// (`{Op}Params`, `{Op}Body`, a multipart struct) until names are chosen.
    pub(super) fn name(&self, name: String) -> String {
        match super::placeholder_id(&name) {
            Some(id) => self.0[id].clone(),
            None => name,
        }
    }
}

/// A draft item, turned into the final one: every type reference and type name it holds
/// named.
pub(super) trait Finish {
    type Output;
    fn finish(self, names: &Names) -> Self::Output;
}

impl<T: Finish> Finish for Vec<T> {
    type Output = Vec<T::Output>;
    fn finish(self, names: &Names) -> Self::Output {
        self.into_iter().map(|item| item.finish(names)).collect()
    }
}

impl<T: Finish> Finish for Option<T> {
    type Output = Option<T::Output>;
    fn finish(self, names: &Names) -> Self::Output {
        self.map(|item| item.finish(names))
    }
}

impl Finish for draft::TypeRef {
    type Output = TypeRef;
    fn finish(self, names: &Names) -> TypeRef {
        names.ty(self)
    }
}

impl Finish for draft::Operation {
    type Output = Operation;
    fn finish(self, names: &Names) -> Operation {
        let Operation {
            operation_id,
            method_name,
            pointer,
            http_method,
            path,
            doc,
            tags,
            deprecated,
            path_params,
            params,
            fixed_headers,
            body,
            success,
            errors,
            response_headers,
            security,
            pagination,
        } = self;
        Operation {
            operation_id,
            method_name,
            pointer,
            http_method,
            path,
            doc,
            tags,
            deprecated,
            path_params: path_params.finish(names),
            params: params.finish(names),
            fixed_headers,
            body: body.finish(names),
            success: success.finish(names),
            errors: errors.finish(names),
            response_headers: response_headers.finish(names),
            security,
            pagination,
        }
    }
}

impl Finish for draft::Param {
    type Output = Param;
    fn finish(self, names: &Names) -> Param {
        let Param {
            name,
            wire_name,
            location,
            ty,
            required,
            description,
            style,
            deprecated,
            pointer,
            wire,
        } = self;
        Param {
            name,
            wire_name,
            location,
            ty: names.ty(ty),
            required,
            description,
            style,
            deprecated,
            pointer,
            wire,
        }
    }
}

impl Finish for draft::ParamsStruct {
    type Output = ParamsStruct;
    fn finish(self, names: &Names) -> ParamsStruct {
        let ParamsStruct { name, fields } = self;
        ParamsStruct {
            name: names.name(name),
            fields: fields.finish(names),
        }
    }
}

impl Finish for draft::Body {
    type Output = Body;
    fn finish(self, names: &Names) -> Body {
        let Body {
            required,
            description,
            contents,
            choice,
        } = self;
        Body {
            required,
            description,
            contents: contents.finish(names),
            choice: choice.map(|c| names.name(c)),
        }
    }
}

impl Finish for draft::BodyContent {
    type Output = BodyContent;
    fn finish(self, names: &Names) -> BodyContent {
        let BodyContent {
            media_type,
            kind,
            variant,
            wire,
            boxed,
        } = self;
        let kind = match kind {
            BodyKind::Json(ty) => BodyKind::Json(names.ty(ty)),
            BodyKind::Form(ty) => BodyKind::Form(names.ty(ty)),
            BodyKind::Multipart(name) => BodyKind::Multipart(names.name(name)),
            BodyKind::MultipartForm => BodyKind::MultipartForm,
            BodyKind::Text => BodyKind::Text,
            BodyKind::Binary => BodyKind::Binary,
        };
        BodyContent {
            media_type,
            kind,
            variant,
            wire,
            boxed,
        }
    }
}

impl Finish for draft::Success {
    type Output = Success;
    fn finish(self, names: &Names) -> Success {
        let Success { responses, choice } = self;
        Success {
            responses: responses.finish(names),
            choice: choice.map(|c| names.name(c)),
        }
    }
}

impl Finish for draft::Content {
    type Output = Content;
    fn finish(self, names: &Names) -> Content {
        match self {
            Content::Json(ty) => Content::Json(names.ty(ty)),
            Content::Text => Content::Text,
            Content::Binary => Content::Binary,
            Content::Empty => Content::Empty,
        }
    }
}

impl Finish for draft::SuccessResponse {
    type Output = SuccessResponse;
    fn finish(self, names: &Names) -> SuccessResponse {
        let SuccessResponse {
            status,
            description,
            content,
            media_type,
            media_types,
            wire,
            variant,
            boxed,
        } = self;
        SuccessResponse {
            status,
            description,
            content: content.finish(names),
            media_type,
            media_types,
            wire,
            variant,
            boxed,
        }
    }
}

impl Finish for draft::ErrorResponse {
    type Output = ErrorResponse;
    fn finish(self, names: &Names) -> ErrorResponse {
        let ErrorResponse {
            status,
            description,
            body,
            body_variant,
        } = self;
        ErrorResponse {
            status,
            description,
            body: body.finish(names),
            body_variant,
        }
    }
}

impl Finish for draft::ResponseHeader {
    type Output = ResponseHeader;
    fn finish(self, names: &Names) -> ResponseHeader {
        let ResponseHeader {
            name,
            description,
            ty,
            required,
            wire,
        } = self;
        ResponseHeader {
            name,
            description,
            ty: names.ty(ty),
            required,
            wire,
        }
    }
}

impl Finish for draft::MultipartStruct {
    type Output = MultipartStruct;
    fn finish(self, names: &Names) -> MultipartStruct {
        let MultipartStruct { name, doc, fields } = self;
        MultipartStruct {
            name: names.name(name),
            doc,
            fields: fields.finish(names),
        }
    }
}

impl Finish for draft::MultipartField {
    type Output = MultipartField;
    fn finish(self, names: &Names) -> MultipartField {
        let MultipartField {
            name,
            wire_name,
            kind,
            required,
            doc,
        } = self;
        let kind = match kind {
            PartKind::File => PartKind::File,
            PartKind::Files => PartKind::Files,
            PartKind::Value(ty) => PartKind::Value(names.ty(ty)),
        };
        MultipartField {
            name,
            wire_name,
            kind,
            required,
            doc,
        }
    }
}

impl Finish for draft::Example {
    type Output = Example;
    fn finish(self, names: &Names) -> Example {
        let Example {
            pointer,
            ty,
            value,
            problem,
        } = self;
        Example {
            pointer,
            ty: names.ty(ty),
            value,
            problem,
        }
    }
}

/// A type-space entry's kind, finished: names in place of ids, boxes where `boxed_field` and
/// `boxed_variant` say (by index), and struct fields given `field_names`.
pub(super) fn kind(
    kind: draft::TypeKind,
    names: &Names,
    field_names: Vec<String>,
    boxed_field: impl Fn(usize) -> bool,
    boxed_variant: impl Fn(usize) -> bool,
) -> TypeKind {
    match kind {
        TypeKind::Struct(Struct {
            fields,
            additional,
            sent,
            closed,
        }) => TypeKind::Struct(Struct {
            fields: fields
                .into_iter()
                .zip(field_names)
                .enumerate()
                .map(|(k, (field, name))| {
                    let Field {
                        name: _,
                        wire_name,
                        ty,
                        required,
                        nullable,
                        tri_state,
                        fixed,
                        deprecated,
                        doc,
                        pointer,
                        wire,
                    } = field;
                    Field {
                        name,
                        wire_name,
                        ty: names.boxed(ty, boxed_field(k)),
                        required,
                        nullable,
                        tri_state,
                        fixed,
                        deprecated,
                        doc,
                        pointer,
                        wire,
                    }
                })
                .collect(),
            additional: additional.map(|ty| names.ty(ty)),
            sent,
            closed,
        }),
        TypeKind::Union(Union {
            tagging,
            variants,
            unknown,
        }) => TypeKind::Union(Union {
            tagging,
            variants: variants
                .into_iter()
                .enumerate()
                .map(|(k, variant)| {
                    let UnionVariant {
                        name,
                        doc,
                        tags,
                        ty,
                        payload_has_tag,
                    } = variant;
                    UnionVariant {
                        name,
                        doc,
                        tags,
                        ty: ty.map(|ty| names.boxed(ty, boxed_variant(k))),
                        payload_has_tag,
                    }
                })
                .collect(),
            unknown,
        }),
        TypeKind::Alias(ty) => TypeKind::Alias(names.ty(ty)),
        TypeKind::Newtype(ty) => TypeKind::Newtype(names.ty(ty)),
        TypeKind::Enum(e) => TypeKind::Enum(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture's lowered API names every type it defines or picks: no placeholder name
    /// is left for the emitter (a type-space id cannot be: the final `Def` has no values).
    /// Read off the `Debug` text, which shows every field.
    #[test]
    fn no_placeholder_outlives_lowering() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            // `bad/` holds documents refused before lowering; a fixture folder is a document
            // split across files, read from its `openapi.yaml`.
            let root = if path.join("openapi.yaml").is_file() {
                path.join("openapi.yaml")
            } else if path.extension().is_some_and(|x| x == "yaml") {
                path.clone()
            } else {
                continue;
            };
            let source = std::fs::read_to_string(&root).unwrap();
            let options = crate::parse::ReadOptions {
                name: None,
                path: Some(&root),
                lenient: true,
            };
            let doc = crate::parse::parse_with(&source, &options)
                .unwrap_or_else(|e| panic!("{}: {e}", root.display()));
            let api = crate::lower::lower_with(&doc.spec, true)
                .unwrap_or_else(|e| panic!("{}: {e}", root.display()));
            let text = format!("{api:?}");
            // `Debug` escapes the placeholder's control character.
            let placeholder = format!("{:?}", super::super::PLACEHOLDER);
            let placeholder = placeholder.trim_matches('"');
            assert!(
                !text.contains(placeholder),
                "{}: a placeholder is left in {text}",
                path.display()
            );
            checked += 1;
        }
        assert!(checked >= 25, "only {checked} fixtures lowered");
    }

    /// Ids and placeholders become names, at any depth.
    #[test]
    fn ids_and_placeholders_become_names() {
        let list = vec!["Asset".to_string(), "ListAssetsParams".to_string()];
        let names = Names(&list);
        let ty: draft::TypeRef = TypeRef::Vec(Box::new(TypeRef::Option(Box::new(TypeRef::Def(0)))));
        assert_eq!(names.ty(ty).label(), "Vec<Option<Asset>>");
        assert_eq!(names.boxed(TypeRef::Def(0), true).label(), "Box<Asset>");
        assert_eq!(names.name(super::super::placeholder(1)), "ListAssetsParams");
        assert_eq!(names.name("Mine".into()), "Mine");
    }
}
