//! Which generated types an item of the IR names: what a child module imports, and what a
//! feature must compile for an operation to compile.

use std::collections::BTreeSet;

use super::*;

impl TypeRef {
    /// The generated type names inside this reference (`Asset` in `Vec<Asset>`).
    pub fn names_into<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        match self {
            TypeRef::Named(name) | TypeRef::Boxed(name) => {
                out.insert(name);
            }
            TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Option(inner) => {
                inner.names_into(out)
            }
            _ => {}
        }
    }
}

impl TypeDef {
    /// The generated types its code names.
    pub fn names_into<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        match &self.kind {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    field.ty.names_into(out);
                }
                if let Some(additional) = &s.additional {
                    additional.names_into(out);
                }
            }
            TypeKind::Union(u) => {
                for ty in u.variants.iter().filter_map(|v| v.ty.as_ref()) {
                    ty.names_into(out);
                }
            }
            TypeKind::Alias(ty) | TypeKind::Newtype(ty) => ty.names_into(out),
            TypeKind::Enum(_) => {}
        }
    }
}

impl MultipartStruct {
    /// The generated types its parts name.
    pub fn names_into<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        for field in &self.fields {
            if let PartKind::Value(ty) = &field.kind {
                ty.names_into(out);
            }
        }
    }
}

impl Operation {
    /// The generated types its `{Op}Params` struct names.
    pub fn params_names_into<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        for param in self.params.iter().flat_map(|p| &p.fields) {
            param.ty.names_into(out);
        }
    }

    /// The generated types its request bodies name (a multipart struct by its name).
    pub fn body_names_into<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        for content in self.body.iter().flat_map(|b| &b.contents) {
            match &content.kind {
                BodyKind::Json(ty) | BodyKind::Form(ty) => ty.names_into(out),
                BodyKind::Multipart(name) => {
                    out.insert(name);
                }
                BodyKind::Text | BodyKind::Binary | BodyKind::MultipartForm => {}
            }
        }
    }

    /// The generated types its success responses decode into.
    pub fn success_names_into<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        for response in &self.success.responses {
            if let Content::Json(ty) = &response.content {
                ty.names_into(out);
            }
        }
    }

    /// Every generated type its method, its stream and their docs need: arguments, bodies,
    /// responses (errors and headers included), and its own `{Op}...` types.
    pub fn names_into<'a>(&'a self, out: &mut BTreeSet<&'a str>) {
        for param in &self.path_params {
            param.ty.names_into(out);
        }
        if let Some(params) = &self.params {
            out.insert(&params.name);
        }
        self.params_names_into(out);
        if let Some(choice) = self.body.as_ref().and_then(|b| b.choice.as_deref()) {
            out.insert(choice);
        }
        self.body_names_into(out);
        if let Some(choice) = &self.success.choice {
            out.insert(choice);
        }
        self.success_names_into(out);
        for error in &self.errors {
            if let Some(ty) = &error.body {
                ty.names_into(out);
            }
        }
        for header in &self.response_headers {
            header.ty.names_into(out);
        }
        if let Some(paging) = &self.pagination {
            paging.item_type.names_into(out);
        }
    }
}
