//! Emits unions (`oneOf` / `anyOf`). Untagged unions derive serde; tagged ones get impls that
//! read the tag first and keep a value with an unknown tag whole (through the runtime's codecs).

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::runtime::Rt;
use super::{doc_attrs, docs_text, rust_type};
use crate::ir::{Tagging, Union, UnionVariant};

pub(super) fn emit(name: &Ident, doc: TokenStream, u: &Union) -> TokenStream {
    let variants = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let doc = doc_attrs(&variant_doc(v, &u.tagging));
        match &v.ty {
            Some(ty) => {
                let ty = rust_type(ty, &TokenStream::new());
                quote! { #doc #ident(#ty), }
            }
            None => quote! { #doc #ident, },
        }
    });
    let unknown = u.unknown.as_ref().map(|unknown| {
        let ident = format_ident!("{}", unknown);
        let what = match &u.tagging {
            Tagging::Internal { property } => format!("an unlisted `{property}`"),
            _ => "an unlisted name".to_string(),
        };
        let text = format!(
            " A kind this version of the client does not know ({what}), kept whole as received."
        );
        quote! {
            #[doc = #text]
            #ident(::serde_json::Value),
        }
    });
    let (derive, impls) = match &u.tagging {
        Tagging::Untagged => (
            quote! { ::serde::Serialize, ::serde::Deserialize },
            quote! {},
        ),
        Tagging::Internal { property } => (quote! {}, internal(name, u, property)),
        Tagging::External => (quote! {}, external(name, u)),
    };
    let untagged = (u.tagging == Tagging::Untagged).then(|| quote! { #[serde(untagged)] });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, #derive)]
        #untagged
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown
        }
        #impls
    }
}

fn variant_doc(v: &UnionVariant, tagging: &Tagging) -> String {
    let tags: Vec<String> = v
        .tags
        .iter()
        .map(|t| format!("{t:?}").replace('`', "'"))
        .collect();
    let mut text = match tagging {
        Tagging::Internal { property } if !tags.is_empty() => {
            let tags: Vec<String> = tags.iter().map(|t| format!("`{t}`")).collect();
            format!("`{property}`: {}", tags.join(" or "))
        }
        Tagging::External if v.ty.is_some() => format!("`{{{}: ...}}`", tags.join("")),
        Tagging::External => format!("`{}`", tags.join("")),
        _ => String::new(),
    };
    let docs = docs_text(&v.doc);
    if !docs.is_empty() {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&docs);
    }
    text
}

fn unknown_ident(u: &Union) -> Ident {
    format_ident!("{}", u.unknown.as_deref().unwrap_or("Unknown"))
}

/// The tag property names the variant; the payload is the whole object.
fn internal(name: &Ident, u: &Union, property: &str) -> TokenStream {
    let (from_value, tag_fn) = (Rt::FromValue, Rt::Tag);
    let (serialize_tagged, serialize_tag_only) = (Rt::SerializeTagged, Rt::SerializeTagOnly);
    let unknown = unknown_ident(u);
    // One arm per tag. A tag several members claim (a spec's slip, or members that differ
    // only in shape) tries them in order, the last one decoding for real.
    let mut by_tag: Vec<(&String, Vec<&UnionVariant>)> = Vec::new();
    for v in &u.variants {
        for tag in &v.tags {
            match by_tag.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, claimants)) => claimants.push(v),
                None => by_tag.push((tag, vec![v])),
            }
        }
    }
    // Tags one member alone claims share its arm (`Some("stack" | "version_stack")`).
    let mut arms: Vec<(Vec<&String>, Vec<&UnionVariant>)> = Vec::new();
    for (tag, claimants) in by_tag {
        let alone = claimants.len() == 1;
        let shared = arms
            .iter_mut()
            .find(|(_, c)| alone && c.len() == 1 && c[0].name == claimants[0].name);
        match shared {
            Some((tags, _)) => tags.push(tag),
            None => arms.push((vec![tag], claimants)),
        }
    }
    let decode = arms.iter().map(|(tags, claimants)| {
        let tag = quote! { #(#tags)|* };
        let (last, before) = claimants.split_last().expect("a tag has a claimant");
        let tries = before.iter().filter(|v| v.ty.is_some()).map(|v| {
            let ident = format_ident!("{}", v.name);
            quote! {
                if let Ok(payload) = ::serde_json::from_value(value.clone()) {
                    return Ok(Self::#ident(payload));
                }
            }
        });
        let ident = format_ident!("{}", last.name);
        let decoded = match &last.ty {
            Some(_) => quote! { Self::#ident(#from_value(value)?) },
            None => quote! { Self::#ident },
        };
        if before.is_empty() {
            quote! { Some(#tag) => #decoded, }
        } else {
            quote! { Some(#tag) => { #(#tries)* #decoded } }
        }
    });
    // Members whose tag the spec does not say: tried by shape, in order, before `Unknown`.
    let by_shape = u
        .variants
        .iter()
        .filter(|v| v.tags.is_empty() && v.ty.is_some())
        .map(|v| {
            let ident = format_ident!("{}", v.name);
            quote! {
                if let Ok(payload) = ::serde_json::from_value(value.clone()) {
                    return Ok(Self::#ident(payload));
                }
            }
        });
    let encode = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        match (&v.ty, v.payload_has_tag || v.tags.is_empty()) {
            (Some(_), true) => quote! { Self::#ident(value) => ::serde::Serialize::serialize(value, serializer), },
            (Some(_), false) => quote! { Self::#ident(value) => #serialize_tagged(serializer, #property, #tag, value), },
            (None, _) => quote! { Self::#ident => #serialize_tag_only(serializer, #property, #tag), },
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = #tag_fn(&value, #property);
                Ok(match tag.as_deref() {
                    #(#decode)*
                    _ => {
                        #(#by_shape)*
                        Self::#unknown(value)
                    }
                })
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#encode)*
                    Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}

/// `"Name"` for a unit variant, `{"Name": payload}` otherwise.
fn external(name: &Ident, u: &Union) -> TokenStream {
    let (external_payload, external_tag) = (Rt::ExternalPayload, Rt::ExternalTag);
    let serialize_external = Rt::SerializeExternal;
    let unknown = unknown_ident(u);
    let decode = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        match &v.ty {
            Some(_) => quote! { Some((#tag, true)) => Self::#ident(#external_payload(value)?), },
            None => quote! { Some((#tag, false)) => Self::#ident, },
        }
    });
    let encode = u.variants.iter().map(|v| {
        let ident = format_ident!("{}", v.name);
        let tag = v.tags.first().cloned().unwrap_or_default();
        match &v.ty {
            Some(_) => {
                quote! { Self::#ident(value) => #serialize_external(serializer, #tag, value), }
            }
            None => quote! { Self::#ident => serializer.serialize_str(#tag), },
        }
    });
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                let tag = #external_tag(&value);
                Ok(match tag.as_ref().map(|(tag, payload)| (tag.as_str(), *payload)) {
                    #(#decode)*
                    _ => Self::#unknown(value),
                })
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#encode)*
                    Self::#unknown(value) => ::serde::Serialize::serialize(value, serializer),
                }
            }
        }
    }
}
