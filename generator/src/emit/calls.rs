//! Emits the types operations take and give that are not schemas: `{Op}Params` (query, header
//! and cookie parameters), `{Op}Body` (a choice of request media types), `{Op}Response` (a
//! choice of success responses) and multipart bodies.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, ToTokens};

use super::runtime::Rt;
use super::{doc_attrs, docs_text, rust_type};
use crate::ir::*;

fn method_link(op: &Operation) -> String {
    format!(
        "[`Client::{m}`]({c}::{m})",
        c = Rt::Client.path(),
        m = op.method_name
    )
}

/// `{Op}Params`: built with `new(required...)` (or `default()`), then setters.
pub(crate) fn params_struct(op: &Operation) -> Option<TokenStream> {
    let params = op.params.as_ref()?;
    let name = format_ident!("{}", params.name);
    let required: Vec<&Param> = params.fields.iter().filter(|p| p.required).collect();
    let doc = if required.is_empty() {
        format!(
            " Parameters of {}: start from `default()` (none set) and chain the setters.",
            method_link(op)
        )
    } else {
        format!(
            " Parameters of {}: start from `new` (the required ones) and chain the setters.",
            method_link(op)
        )
    };
    let fields = params.fields.iter().map(|p| {
        let ident = format_ident!("{}", p.name);
        let ty = rust_type(&p.ty, &TokenStream::new());
        let ty = if p.required {
            ty
        } else {
            quote! { Option<#ty> }
        };
        let place = match p.location {
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
            _ => "query",
        };
        let mut text = format!("{place} `{}`", p.wire_name);
        if let Some(description) = p.description.as_deref() {
            text.push_str(": ");
            text.push_str(&crate::docs::sanitize(description));
        }
        let doc = doc_attrs(&text);
        quote! {
            #doc
            pub #ident: #ty,
        }
    });
    let setters = params.fields.iter().filter(|p| !p.required).map(|p| {
        let ident = format_ident!("{}", p.name);
        let ty = rust_type(&p.ty, &TokenStream::new());
        let doc = format!(" Sets `{}`.", p.name);
        quote! {
            #[doc = #doc]
            pub fn #ident(mut self, value: impl Into<#ty>) -> Self {
                self.#ident = Some(value.into());
                self
            }
        }
    });
    let (derive_default, constructor) = if required.is_empty() {
        (Some(quote! { Default, }), None)
    } else {
        let args = required.iter().map(|p| {
            let ident = format_ident!("{}", p.name);
            let ty = rust_type(&p.ty, &TokenStream::new());
            quote! { #ident: #ty }
        });
        let inits = params.fields.iter().map(|p| {
            let ident = format_ident!("{}", p.name);
            if p.required {
                quote! { #ident }
            } else {
                quote! { #ident: None }
            }
        });
        let many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
        (
            None,
            Some(quote! {
                #[doc = " The required parameters; the optional ones unset."]
                #many
                pub fn new(#(#args),*) -> Self {
                    Self { #(#inits),* }
                }
            }),
        )
    };
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #derive_default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #constructor
            #(#setters)*
        }
    })
}

/// `{Op}Body`: one variant per request media type.
pub(crate) fn body_choice(op: &Operation) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let name = format_ident!("{}", body.choice.as_ref()?);
    let payload = |kind: &BodyKind| match kind {
        BodyKind::Json(ty) | BodyKind::Form(ty) => rust_type(ty, &TokenStream::new()),
        BodyKind::Multipart(name) => {
            let name = format_ident!("{}", name);
            quote! { #name }
        }
        BodyKind::MultipartForm => Rt::Form.to_token_stream(),
        BodyKind::Text => quote! { String },
        BodyKind::Binary => Rt::BinaryBody.to_token_stream(),
    };
    let variants = body.contents.iter().map(|c| {
        let variant = format_ident!("{}", c.variant);
        let ty = payload(&c.kind);
        let ty = if c.boxed {
            quote! { Box<#ty> }
        } else {
            ty
        };
        let doc = format!(" Sent as `{}`.", c.media_type);
        quote! {
            #[doc = #doc]
            #variant(#ty),
        }
    });
    // `From` for each payload type only one variant takes, so `.into()` picks it.
    let froms = body.contents.iter().filter_map(|c| {
        let ty = payload(&c.kind);
        let same = body
            .contents
            .iter()
            .filter(|o| payload(&o.kind).to_string() == ty.to_string())
            .count();
        (same == 1).then(|| {
            let variant = format_ident!("{}", c.variant);
            let value = if c.boxed {
                quote! { Box::new(value) }
            } else {
                quote! { value }
            };
            quote! {
                impl From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        Self::#variant(#value)
                    }
                }
            }
        })
    });
    let doc = format!(
        " The request body of {}, in one of the media types it accepts.",
        method_link(op)
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug)]
        pub enum #name {
            #(#variants)*
        }
        #(#froms)*
    })
}

/// `{Op}Response`: one variant per success status when their bodies differ.
pub(crate) fn response_choice(op: &Operation) -> Option<TokenStream> {
    let name = format_ident!("{}", op.success.choice.as_ref()?);
    let variants = op.success.responses.iter().map(|r| {
        let variant = format_ident!("{}", r.variant);
        let status = match &r.status {
            StatusMatch::Code(c) => c.to_string(),
            StatusMatch::Range(n) => format!("{n}XX"),
            StatusMatch::Default => "default".to_string(),
        };
        let mut text = format!("`{status}`");
        let description = crate::docs::sanitize(&r.description);
        if !description.is_empty() {
            text.push_str(": ");
            text.push_str(&description.replace('\n', " "));
        }
        let doc = doc_attrs(&text);
        match &r.content {
            Content::Empty => quote! { #doc #variant, },
            Content::Json(ty) => {
                let ty = rust_type(ty, &TokenStream::new());
                if r.boxed {
                    quote! { #doc #variant(Box<#ty>), }
                } else {
                    quote! { #doc #variant(#ty), }
                }
            }
            Content::Text => quote! { #doc #variant(String), },
            Content::Binary => {
                let bytes = Rt::Bytes;
                quote! { #doc #variant(#bytes), }
            }
        }
    });
    let doc = format!(" What {} answers with, by status.", method_link(op));
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
    })
}

/// A multipart body: files are `Part`s (bytes or a stream, with file name and content type),
/// other fields their types, sent as text (scalars) or JSON.
pub(crate) fn multipart_struct(m: &MultipartStruct) -> TokenStream {
    let multipart = Rt::Multipart;
    let name = format_ident!("{}", m.name);
    let field_type = |f: &MultipartField| {
        let ty = match &f.kind {
            PartKind::File => Rt::Part.to_token_stream(),
            PartKind::Files => {
                let part = Rt::Part;
                quote! { Vec<#part> }
            }
            PartKind::Value(ty) => rust_type(ty, &TokenStream::new()),
        };
        if f.required || f.kind == PartKind::Files {
            ty
        } else {
            quote! { Option<#ty> }
        }
    };
    let fields = m.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let ty = field_type(f);
        let mut text = docs_text(&f.doc);
        if text.is_empty() {
            text = format!("Part `{}`.", f.wire_name);
        }
        let doc = doc_attrs(&text);
        quote! { #doc pub #ident: #ty, }
    });
    let required: Vec<&MultipartField> = m
        .fields
        .iter()
        .filter(|f| f.required && f.kind != PartKind::Files)
        .collect();
    let args = required.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let ty = field_type(f);
        quote! { #ident: #ty }
    });
    let inits = m.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        match (&f.kind, f.required) {
            (PartKind::Files, _) => quote! { #ident: Vec::new() },
            (_, true) => quote! { #ident },
            _ => quote! { #ident: None },
        }
    });
    let parts = m.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let wire = &f.wire_name;
        match (&f.kind, f.required) {
            (PartKind::File, true) => quote! { form = form.part(#wire, self.#ident); },
            (PartKind::File, false) => {
                quote! { if let Some(part) = self.#ident { form = form.part(#wire, part); } }
            }
            (PartKind::Files, _) => {
                quote! { for part in self.#ident { form = form.part(#wire, part); } }
            }
            (PartKind::Value(_), true) => quote! { form = form.field(#wire, &self.#ident); },
            (PartKind::Value(_), false) => {
                quote! { if let Some(value) = &self.#ident { form = form.field(#wire, value); } }
            }
        }
    });
    let mut doc = docs_text(&m.doc);
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str("A `multipart/form-data` body: build it with `new` (the required parts), then set the rest.");
    let doc = doc_attrs(&doc);
    let many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    // With nothing required, `new()` and `default()` are the same empty body.
    let default = required.is_empty().then(|| quote! { , Default });
    quote! {
        #doc
        #[derive(Debug #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            #[doc = " The required parts; the others unset."]
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }

            pub(crate) fn into_multipart(self) -> #multipart {
                let mut form = #multipart::new();
                #(#parts)*
                form
            }
        }
    }
}
