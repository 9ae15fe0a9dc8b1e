//! The `webhooks` module: a delivery's signature checked as the document's
//! `x-webhook-signature` says, and its body decoded into the union of the webhooks' bodies.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime::Rt;
use crate::ir::{Api, Signature, SignatureTime};

/// The module, when the document has webhooks or says how deliveries are signed.
pub(crate) fn module(api: &Api) -> Option<TokenStream> {
    let webhooks = api.webhooks.as_ref()?;
    let event = match &webhooks.event {
        Some(name) => {
            let ident = format_ident!("{}", name);
            quote! { crate::types::#ident }
        }
        None => quote! { ::serde_json::Value },
    };
    let event_text = match &webhooks.event {
        Some(name) => format!("[`{name}`](crate::types::{name})"),
        None => "JSON (the document describes no webhook bodies)".to_string(),
    };
    let (error, decode_fn, headers) = (Rt::WebhookError, Rt::WebhookDecode, Rt::HeaderMap);
    let module_doc = format!(
        " Webhook deliveries of {}: their signature checked (when the document says how they are signed), then their body decoded into {event_text}.",
        api.title
    );
    let decode_doc = format!(
        " Decodes a delivery's body into {event_text}, without checking its signature: for a body already verified, or a sender that does not sign."
    );
    let signed = webhooks.signature.as_ref().map(|signature| {
        let scheme = scheme(signature);
        let (scheme_ty, verify_fn, verify_signature_fn, sign_fn) = (
            Rt::SignatureScheme,
            Rt::WebhookVerify,
            Rt::WebhookVerifySignature,
            Rt::WebhookSign,
        );
        let scheme_doc = format!(
            " How deliveries are signed (the document's `x-webhook-signature`): HMAC-SHA256 of `{}` with the webhook's secret, in the `{}` header; at most {} s old or ahead.",
            signature.template, signature.header, signature.tolerance_secs
        );
        let verify_doc = format!(
            " Checks a delivery's signature (in constant time) and age against `now`, then decodes its body into {event_text}: what a handler calls first, with the headers and the raw body it received."
        );
        quote! {
            #[doc = #scheme_doc]
            pub const SIGNATURE: #scheme_ty = #scheme;

            #[doc = #verify_doc]
            ///
            /// # Errors
            ///
            /// A [`WebhookError`] for each way a delivery is wrong (a missing or malformed header,
            /// another version, a stale or future time, a signature that does not match, a body
            /// that does not decode); none holds the secret.
            pub fn verify(
                secret: &[u8],
                headers: &#headers,
                body: &[u8],
                now: ::std::time::SystemTime,
            ) -> Result<#event, #error> {
                #verify_fn(&SIGNATURE, secret, headers, body, now)
            }

            /// Checks a delivery's signature and age only, as [`verify`] does.
            ///
            /// # Errors
            ///
            /// As [`verify`]'s, but for the body's decoding.
            pub fn verify_signature(
                secret: &[u8],
                headers: &#headers,
                body: &[u8],
                now: ::std::time::SystemTime,
            ) -> Result<(), #error> {
                #verify_signature_fn(&SIGNATURE, secret, headers, body, now)
            }

            /// The headers the sender sends with `body` at `now` (`id` in the id header, when
            /// the scheme signs one): to test a handler without the sender.
            ///
            /// # Errors
            ///
            /// When the secret cannot be used, or `id` cannot be a header's value.
            pub fn sign(
                secret: &[u8],
                body: &[u8],
                now: ::std::time::SystemTime,
                id: &str,
            ) -> Result<#headers, #error> {
                #sign_fn(&SIGNATURE, secret, body, now, id)
            }
        }
    });
    Some(quote! {
        #![doc = #module_doc]

        pub use #error;

        #signed

        #[doc = #decode_doc]
        ///
        /// # Errors
        ///
        /// [`WebhookError::UndecodableBody`], with where decoding failed.
        pub fn decode(body: &[u8]) -> Result<#event, #error> {
            #decode_fn(body)
        }
    })
}

/// The runtime's `SignatureScheme` literal.
fn scheme(signature: &Signature) -> TokenStream {
    let (scheme, time, encoding, secret) = (
        Rt::SignatureScheme,
        Rt::TimestampSource,
        Rt::SignatureEncoding,
        Rt::SecretEncoding,
    );
    let header = &signature.header;
    let timestamp = match &signature.timestamp {
        SignatureTime::Header(name) => quote! { #time::Header(#name) },
        SignatureTime::Entry(key) => quote! { #time::Entry(#key) },
    };
    let id_header = match &signature.id_header {
        Some(name) => quote! { Some(#name) },
        None => quote! { None },
    };
    let (template, separator, delimiter, version) = (
        &signature.template,
        &signature.separator,
        signature.delimiter,
        &signature.version,
    );
    let signature_encoding = if signature.base64 {
        quote! { #encoding::Base64 }
    } else {
        quote! { #encoding::Hex }
    };
    let secret_encoding = match &signature.secret_prefix {
        Some(prefix) => quote! { #secret::Base64 { prefix: #prefix } },
        None => quote! { #secret::Raw },
    };
    let tolerance = proc_macro2::Literal::u64_unsuffixed(signature.tolerance_secs);
    quote! {
        #scheme {
            signature_header: #header,
            timestamp: #timestamp,
            id_header: #id_header,
            template: #template,
            separator: #separator,
            delimiter: #delimiter,
            version: #version,
            encoding: #signature_encoding,
            secret: #secret_encoding,
            tolerance: ::std::time::Duration::from_secs(#tolerance),
        }
    }
}
