//! Every type reference and every type name a lowered item holds, each visited once.
//!
//! Lowering refers to types by their entry in the type space (`TypeRef::Def`, and the
//! placeholder names of types only an operation names) until names are chosen; `finish` then
//! walks every item with [`Refs::visit`] to put the names in. Each impl below destructures its
//! item with every field named (no `..`): a field added to the IR does not compile until it is
//! visited here or named as holding no type, so no site can be missed and come out of the
//! generator as a type without a name.

use crate::ir::*;

/// What a walk does at each type reference and at each type's name.
pub(super) trait Visitor {
    /// A type reference (a field's, a parameter's, a body's), visited whole: its `Vec`,
    /// `Option` and map layers are the visitor's to descend.
    fn ty(&mut self, ty: &mut TypeRef);
    /// The name of a type an item defines or picks (`{Op}Params`, `{Op}Body`, a multipart
    /// struct).
    fn name(&mut self, name: &mut String);
}

/// An item that holds type references or type names.
pub(super) trait Refs {
    fn visit(&mut self, visitor: &mut impl Visitor);
}

impl<T: Refs> Refs for Vec<T> {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        self.iter_mut().for_each(|item| item.visit(visitor));
    }
}

impl<T: Refs> Refs for Option<T> {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        if let Some(item) = self {
            item.visit(visitor);
        }
    }
}

impl Refs for TypeRef {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        visitor.ty(self);
    }
}

impl Refs for Operation {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let Operation {
            operation_id: _,
            method_name: _,
            pointer: _,
            http_method: _,
            path: _,
            doc: _,
            tags: _,
            deprecated: _,
            path_params,
            params,
            fixed_headers: _,
            body,
            success,
            errors,
            response_headers,
            security: _,
            pagination,
        } = self;
        path_params.visit(visitor);
        params.visit(visitor);
        body.visit(visitor);
        success.visit(visitor);
        errors.visit(visitor);
        response_headers.visit(visitor);
        pagination.visit(visitor);
    }
}

impl Refs for Param {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let Param {
            name: _,
            wire_name: _,
            location: _,
            ty,
            required: _,
            description: _,
            style: _,
            deprecated: _,
            pointer: _,
            wire: _,
        } = self;
        visitor.ty(ty);
    }
}

impl Refs for ParamsStruct {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let ParamsStruct { name, fields } = self;
        visitor.name(name);
        fields.visit(visitor);
    }
}

impl Refs for Body {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let Body {
            required: _,
            description: _,
            contents,
            choice,
        } = self;
        if let Some(choice) = choice {
            visitor.name(choice);
        }
        contents.visit(visitor);
    }
}

impl Refs for BodyContent {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let BodyContent {
            media_type: _,
            kind,
            variant: _,
            wire: _,
            boxed: _,
        } = self;
        match kind {
            BodyKind::Json(ty) | BodyKind::Form(ty) => visitor.ty(ty),
            BodyKind::Multipart(name) => visitor.name(name),
            BodyKind::MultipartForm | BodyKind::Text | BodyKind::Binary => {}
        }
    }
}

impl Refs for Success {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let Success { responses, choice } = self;
        if let Some(choice) = choice {
            visitor.name(choice);
        }
        responses.visit(visitor);
    }
}

impl Refs for SuccessResponse {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let SuccessResponse {
            status: _,
            description: _,
            content,
            media_type: _,
            media_types: _,
            wire: _,
            variant: _,
            boxed: _,
        } = self;
        match content {
            Content::Json(ty) => visitor.ty(ty),
            Content::Text | Content::Binary | Content::Empty => {}
        }
    }
}

impl Refs for ErrorResponse {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let ErrorResponse {
            status: _,
            description: _,
            body,
            body_variant: _,
        } = self;
        body.visit(visitor);
    }
}

impl Refs for ResponseHeader {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let ResponseHeader {
            name: _,
            description: _,
            ty,
            required: _,
            wire: _,
        } = self;
        visitor.ty(ty);
    }
}

impl Refs for Pagination {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let Pagination {
            stream_method: _,
            cursor_field: _,
            cursor_param: _,
            items: _,
            item_type,
            next: _,
        } = self;
        visitor.ty(item_type);
    }
}

impl Refs for MultipartStruct {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let MultipartStruct {
            name,
            doc: _,
            fields,
        } = self;
        visitor.name(name);
        for field in fields {
            let MultipartField {
                name: _,
                wire_name: _,
                kind,
                required: _,
                doc: _,
            } = field;
            match kind {
                PartKind::Value(ty) => visitor.ty(ty),
                PartKind::File | PartKind::Files => {}
            }
        }
    }
}

impl Refs for Example {
    fn visit(&mut self, visitor: &mut impl Visitor) {
        let Example {
            pointer: _,
            ty,
            value: _,
            problem: _,
        } = self;
        visitor.ty(ty);
    }
}

/// Puts names in place of type-space ids and placeholder names.
pub(super) struct Namer<'a> {
    pub(super) names: &'a [String],
}

impl Visitor for Namer<'_> {
    fn ty(&mut self, ty: &mut TypeRef) {
        *ty = super::named(ty, self.names);
    }

    fn name(&mut self, name: &mut String) {
        if let Some(id) = super::placeholder_id(name) {
            *name = self.names[id].clone();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fixture's lowered API names every type it refers to: no type-space id and no
    /// placeholder name is left for the emitter. Read off the `Debug` text, which shows every
    /// field, so a field the walk misses is found here too.
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
            for leftover in ["Def(", super::super::PLACEHOLDER] {
                assert!(
                    !text.contains(leftover),
                    "{}: {leftover:?} is left in {text}",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked >= 25, "only {checked} fixtures lowered");
    }

    /// The walk reaches a placeholder wherever an operation can hold one.
    #[test]
    fn the_namer_names_ids_and_placeholders() {
        let names = vec!["Asset".to_string(), "ListAssetsParams".to_string()];
        let mut namer = Namer { names: &names };
        let mut ty = TypeRef::Vec(Box::new(TypeRef::Option(Box::new(TypeRef::Def(0)))));
        namer.ty(&mut ty);
        assert_eq!(ty.label(), "Vec<Option<Asset>>");
        let mut name = super::super::placeholder(1);
        namer.name(&mut name);
        assert_eq!(name, "ListAssetsParams");
    }
}
