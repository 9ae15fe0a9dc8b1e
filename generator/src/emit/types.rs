//! Emits the `types` module's items: one per schema, plus the crate-wide `ErrorBody` enum. Unions
//! are in `unions.rs`; what operations take and give is in `calls.rs`.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use super::runtime::Rt;
use super::{doc_attrs, docs_text, field_type, rust_type};
use crate::ir::{Api, Enum, EnumRepr, Field, Struct, TypeDef, TypeKind, TypeRef};

/// The module's doc comment: the first piece of `types.rs` (or `types/mod.rs`).
pub fn head(api: &Api) -> TokenStream {
    let module_doc = format!(
        " Data types of {} (version {}): request bodies, responses and error bodies.",
        api.title, api.version
    );
    quote! { #![doc = #module_doc] }
}

/// A schema's type.
pub(crate) fn emit_type(def: &TypeDef) -> TokenStream {
    let mut doc = docs_text(&def.doc);
    if !doc.is_empty() {
        doc.push_str("\n\n");
    }
    doc.push_str(&format!("Schema: `{}`", def.origin));
    let doc = doc_attrs(&doc);
    let name = format_ident!("{}", def.name);
    match &def.kind {
        TypeKind::Struct(s) => emit_struct(&name, doc, s),
        TypeKind::Enum(e) => match e.repr {
            EnumRepr::String => emit_string_enum(&name, doc, e),
            EnumRepr::Integer => emit_integer_enum(&name, doc, e),
        },
        TypeKind::Union(u) => super::unions::emit(&name, doc, u),
        TypeKind::Alias(target) => {
            let target = rust_type(target, &TokenStream::new());
            quote! {
                #doc
                pub type #name = #target;
            }
        }
        TypeKind::Newtype(target) => {
            let target = rust_type(target, &TokenStream::new());
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #target);
            }
        }
    }
}

fn emit_struct(name: &Ident, doc: TokenStream, s: &Struct) -> TokenStream {
    let fields = s.fields.iter().map(|field| {
        let ident = format_ident!("{}", field.name);
        let ty = field_type(field, &TokenStream::new());
        let mut serde = Vec::new();
        if field.name != field.wire_name {
            let wire = &field.wire_name;
            serde.push(quote! { rename = #wire });
        }
        if field.is_optional() {
            serde.push(quote! { default });
        }
        if field.tri_state {
            // Absent is `None`, `null` is `Some(None)`: both directions keep the difference.
            let tri_state = Rt::TriState.path();
            serde.push(quote! { deserialize_with = #tri_state });
        }
        // Absent stays absent; a nullable response field keeps its explicit `null` on the way out.
        if field.tri_state || (!field.required && !field.nullable) {
            serde.push(quote! { skip_serializing_if = "Option::is_none" });
        }
        let serde = (!serde.is_empty()).then(|| quote! { #[serde(#(#serde),*)] });
        let mut text = docs_text(&field.doc);
        if field.deprecated {
            text = if text.is_empty() {
                "**Deprecated.**".to_string()
            } else {
                format!("**Deprecated.** {text}")
            };
        }
        if field.tri_state {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str("`None` leaves it out; `Some(None)` sends `null`.");
        }
        let doc = doc_attrs(&text);
        quote! {
            #doc
            #serde
            pub #ident: #ty,
        }
    });
    let additional = s.additional.as_ref().map(|value| {
        let value = rust_type(value, &TokenStream::new());
        quote! {
            #[doc = " Properties not named above, kept so they round-trip."]
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<String, #value>,
        }
    });
    let all_optional = s.fields.iter().all(Field::is_optional);
    let default = all_optional.then(|| quote! { Default, });
    let constructor = emit_constructor(name, s);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #default ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #additional
        }
        #constructor
    }
}

/// `new(required fields...)` with every optional field `None` and fixed fields set, so every
/// struct can be built from outside the crate (it is `#[non_exhaustive]`).
///
/// A struct only ever received gets one too with the `mock` feature, to build answers in tests.
fn emit_constructor(name: &Ident, s: &Struct) -> Option<TokenStream> {
    let (required, mock) = match s.constructor_args() {
        Some(required) => (required, false),
        None => (s.mock_constructor_args()?, true),
    };
    let args = required.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        let ty = field_type(f, &TokenStream::new());
        quote! { #ident: #ty }
    });
    let inits = s.fields.iter().map(|f| {
        let ident = format_ident!("{}", f.name);
        match (&f.fixed, &f.ty) {
            (Some(variant), TypeRef::Named(ty)) => {
                let (ty, variant) = (format_ident!("{}", ty), format_ident!("{}", variant));
                quote! { #ident: #ty::#variant }
            }
            _ if f.is_optional() => quote! { #ident: None },
            _ => quote! { #ident },
        }
    });
    let additional = s
        .additional
        .as_ref()
        .map(|_| quote! { additional_properties: ::std::collections::BTreeMap::new(), });
    let mut doc =
        format!(" A `{name}` with the required fields set and every optional field `None`.");
    if mock {
        doc.push_str(" An answer for a mock to give (the `mock` feature): the type is only received, so it has no constructor otherwise.");
    }
    let gate = mock.then(|| quote! { #[cfg(feature = "mock")] });
    // A constructor takes every required field, however many the schema has.
    let many = (required.len() > 7).then(|| quote! { #[allow(clippy::too_many_arguments)] });
    // Only fixed fields are required: `default()` is `new()`.
    let default = required.is_empty().then(|| {
        quote! {
            #gate
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    Some(quote! {
        #gate
        impl #name {
            #[doc = #doc]
            #many
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #additional }
            }
        }
        #default
    })
}

fn variant_doc(wire: &str, doc: Option<&str>) -> String {
    let mut text = format!("`{}`", wire.replace('`', "'"));
    if let Some(doc) = doc.filter(|d| !d.trim().is_empty()) {
        text.push_str(": ");
        text.push_str(&crate::docs::sanitize(doc).replace('\n', " "));
    }
    format!(" {text}")
}

fn emit_string_enum(name: &Ident, doc: TokenStream, e: &Enum) -> TokenStream {
    let string_enum = Rt::StringEnum;
    let unknown = format_ident!("{}", e.unknown);
    let variants = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let text = variant_doc(&v.wire, v.doc.as_deref());
        quote! {
            #[doc = #text]
            #ident,
        }
    });
    let values = e.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let wire = &v.wire;
        quote! { , #ident(#wire) }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this version of the client does not know, kept as received."]
            #unknown(String),
        }

        #string_enum!(#name, #unknown #(#values)*);
    }
}

fn emit_integer_enum(name: &Ident, doc: TokenStream, e: &Enum) -> TokenStream {
    let integer_enum = Rt::IntegerEnum;
    let unknown = format_ident!("{}", e.unknown);
    let values: Vec<(Ident, Literal, String)> = e
        .variants
        .iter()
        .map(|v| {
            let value: i64 = v.wire.parse().unwrap_or_default();
            (
                format_ident!("{}", v.name),
                Literal::i64_unsuffixed(value),
                variant_doc(&v.wire, v.doc.as_deref()),
            )
        })
        .collect();
    let variants = values
        .iter()
        .map(|(ident, _, text)| quote! { #[doc = #text] #ident, });
    let pairs = values
        .iter()
        .map(|(ident, value, _)| quote! { , #ident(#value) });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #[doc = " A value this version of the client does not know, kept as received."]
            #unknown(i64),
        }

        #integer_enum!(#name, #unknown #(#pairs)*);
    }
}

/// The crate-wide `ErrorBody` enum.
pub(crate) fn emit_error_body(api: &Api) -> TokenStream {
    let variants = api.error_bodies.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let mut ty = rust_type(&v.ty, &TokenStream::new());
        if v.boxed {
            ty = quote! { Box<#ty> };
        }
        let doc = match &v.ty {
            TypeRef::Named(name) => format!(" The error body declared as `{name}`."),
            _ => " An error body of an inline schema.".to_string(),
        };
        let gate = super::cfg(
            api.features
                .as_ref()
                .and_then(|f| f.error_bodies.get(&v.name)),
        );
        quote! {
            #[doc = #doc]
            #gate
            #ident(#ty),
        }
    });
    quote! {
        #[doc = " The typed body of an error response: the schema the spec declares for that"]
        #[doc = " operation and status. Reached through `Error::Api`; the raw text is kept there too."]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum ErrorBody {
            #(#variants)*
        }
    }
}
