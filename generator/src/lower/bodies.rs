//! Request bodies and responses: media types sorted into JSON (any `+json` or vendor JSON type),
//! form, multipart, text and binary; several request media types give the caller a choice, 2xx
//! responses that differ give an enum over them, `default` is the error where no status matches.

use openapiv3::{MediaType, Operation as SpecOp, ReferenceOr, RequestBody, Response, StatusCode};

use super::draft::*;
use super::space::{Ctx, Parent};
use super::view::View;
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::names::{sanitize, Case, Namespace};

/// What an operation's responses lower to.
pub(crate) struct Responses {
    pub success: Success,
    pub errors: Vec<ErrorResponse>,
    pub headers: Vec<ResponseHeader>,
}

/// How a media type's body is carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum MediaClass {
    Json,
    Form,
    Multipart,
    Text,
    Binary,
}

/// JSON is `application/json` and every `+json` or `json` vendor type; XML and `text/*` are
/// text; what is neither is bytes.
pub(crate) fn classify(media: &str) -> MediaClass {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if essence == "application/x-www-form-urlencoded" {
        MediaClass::Form
    } else if essence.starts_with("multipart/") {
        MediaClass::Multipart
    } else if essence.starts_with("application/") && essence.contains("json") {
        MediaClass::Json
    } else if essence.starts_with("text/") || essence.ends_with("/xml") || essence.ends_with("+xml")
    {
        MediaClass::Text
    } else {
        MediaClass::Binary
    }
}

impl<'a> Lowerer<'a> {
    pub(crate) fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &Pointer,
        type_base: &str,
    ) -> Result<Option<Body>, Error> {
        let (pointer, body) =
            self.resolve(body, "requestBodies", pointer, |c| &c.request_bodies)?;
        let mut media: Vec<(&String, &'a MediaType)> = body.content.iter().collect();
        media.sort_by(|a, b| (classify(a.0), a.0).cmp(&(classify(b.0), b.0)));
        if media.is_empty() {
            return Ok(None);
        }
        let several = media.len() > 1;
        let variants = variant_names(media.iter().map(|(m, _)| m.as_str()));
        let mut contents = Vec::new();
        for ((media_type, media), variant) in media.into_iter().zip(variants) {
            let at = pointer.push("content").push(media_type.clone());
            let role = if several {
                format!("Request{variant}")
            } else {
                "Request".to_string()
            };
            let ctx = Ctx::new(Parent::Operation(type_base.to_string()), role.clone());
            let kind = match classify(media_type) {
                MediaClass::Json => BodyKind::Json(self.body_schema(media, &at, &ctx)?),
                MediaClass::Form => BodyKind::Form(self.body_schema(media, &at, &ctx)?),
                MediaClass::Multipart => self.multipart(media, &at, type_base, &role)?,
                MediaClass::Text => BodyKind::Text,
                MediaClass::Binary => BodyKind::Binary,
            };
            contents.push(BodyContent {
                media_type: media_type.clone(),
                kind,
                variant,
                wire: media
                    .schema
                    .as_ref()
                    .map(super::schemas::wire_of)
                    .unwrap_or_default(),
                boxed: false,
            });
        }
        let choice = several.then(|| self.name_slot(type_base, "Body", &pointer));
        Ok(Some(Body {
            required: body.required,
            description: body.description.clone(),
            contents,
            choice,
        }))
    }

    /// A JSON or form body's type (free-form without a schema), its examples kept as tests.
    fn body_schema(
        &mut self,
        media: &'a MediaType,
        at: &Pointer,
        ctx: &Ctx,
    ) -> Result<TypeRef, Error> {
        let ty = match &media.schema {
            Some(schema) => nullable_root(self.schema_use(schema, &at.push("schema"), ctx)?),
            None => TypeRef::Value,
        };
        self.media_examples(media, at, &ty);
        Ok(ty)
    }

    /// A `multipart/form-data` body: its object schema's properties become the fields of a
    /// struct, binary ones `Part`s. A schema that does not list the parts (a union of shapes,
    /// a composition, a free-form object) gives the runtime's `Form`, whose parts the caller
    /// names.
    fn multipart(
        &mut self,
        media: &'a MediaType,
        at: &Pointer,
        type_base: &str,
        role: &str,
    ) -> Result<BodyKind, Error> {
        let schema_at = at.push("schema");
        let schema = match &media.schema {
            Some(ReferenceOr::Item(schema)) => schema,
            Some(ReferenceOr::Reference { reference }) => self
                .component_id(reference)
                .and_then(|id| self.component_schema(id))
                .ok_or_else(|| {
                    Error::invalid(
                        &schema_at,
                        format!("`$ref: {reference}` does not name a schema"),
                    )
                })?,
            None => return Ok(BodyKind::MultipartForm),
        };
        let view = View::of(schema);
        let Some(props) = view.props() else {
            return Ok(BodyKind::MultipartForm);
        };
        let name = self.name_slot(type_base, role, at);
        let mut fields_in = Vec::new();
        let mut props: Vec<_> = props.iter().collect();
        props.sort_by(|a, b| a.0.cmp(b.0));
        for (wire, prop) in props {
            let prop_at = schema_at.push("properties").push(wire.clone());
            let binary = |s: &openapiv3::Schema| {
                let v = View::of(s);
                v.typ == Some("string") && v.format == Some("binary")
            };
            let (kind, doc) = match prop {
                ReferenceOr::Item(s) if binary(s) => (PartKind::File, super::schemas::docs_of(s)),
                ReferenceOr::Item(s) if matches!(View::of(s).items, Some(ReferenceOr::Item(item)) if binary(item)) => {
                    (PartKind::Files, super::schemas::docs_of(s))
                }
                _ => {
                    let ctx = Ctx::new(
                        Parent::Operation(type_base.to_string()),
                        format!("{role}{}", sanitize(wire, Case::Pascal)),
                    );
                    let ty = self.boxed_use(prop, &prop_at, &ctx)?.ty;
                    let doc = match prop {
                        ReferenceOr::Item(s) => super::schemas::docs_of(s),
                        ReferenceOr::Reference { .. } => Docs::default(),
                    };
                    (PartKind::Value(ty), doc)
                }
            };
            fields_in.push((wire.clone(), kind, view.required.contains(wire), doc));
        }
        let mut names = Namespace::new();
        names.reserve("new");
        let rust_names =
            super::allocate_natural_first(&mut names, fields_in.iter().map(|(w, ..)| w.as_str()));
        let fields = fields_in
            .into_iter()
            .zip(rust_names)
            .map(|((wire_name, kind, required, doc), name)| MultipartField {
                name,
                wire_name,
                kind,
                required,
                doc,
            })
            .collect();
        self.multipart_structs.push(MultipartStruct {
            name: name.clone(),
            doc: super::schemas::docs_of(schema),
            fields,
        });
        Ok(BodyKind::Multipart(name))
    }

    pub(crate) fn responses(
        &mut self,
        op: &'a SpecOp,
        pointer: &Pointer,
        type_base: &str,
    ) -> Result<Responses, Error> {
        let mut entries: Vec<(StatusMatch, &'a ReferenceOr<Response>, String)> = op
            .responses
            .responses
            .iter()
            .map(|(code, r)| match code {
                StatusCode::Code(n) => (StatusMatch::Code(*n), r, n.to_string()),
                StatusCode::Range(n) => (StatusMatch::Range(*n), r, format!("{n}XX")),
            })
            .collect();
        if let Some(default) = &op.responses.default {
            entries.push((StatusMatch::Default, default, "default".to_string()));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        let is_success = |status: &StatusMatch| match status {
            StatusMatch::Code(n) => (200..300).contains(n),
            StatusMatch::Range(n) => *n == 2,
            StatusMatch::Default => false,
        };
        // Without any 2xx, `default` describes the success too.
        let successes: Vec<usize> = match entries.iter().filter(|e| is_success(&e.0)).count() {
            0 => entries
                .iter()
                .position(|e| e.0 == StatusMatch::Default)
                .into_iter()
                .collect(),
            _ => (0..entries.len())
                .filter(|&i| is_success(&entries[i].0))
                .collect(),
        };
        let several = successes.len() > 1;
        let variants = status_variants(successes.iter().map(|&i| &entries[i].0));
        let mut success = Vec::new();
        let mut headers = Vec::new();
        let mut errors = Vec::new();
        let mut variants = variants.into_iter();
        for (i, (status, response, key)) in entries.iter().enumerate() {
            let (resp_pointer, response) =
                self.resolve(response, "responses", &pointer.push(key.clone()), |c| {
                    &c.responses
                })?;
            if successes.contains(&i) {
                let variant = variants.next().unwrap_or_default();
                let role = if several {
                    format!("Response{variant}")
                } else {
                    "Response".to_string()
                };
                let ctx = Ctx::new(Parent::Operation(type_base.to_string()), role);
                let (content, media_type, wire) =
                    self.response_content(status, response, &resp_pointer, &ctx)?;
                let mut media_types: Vec<String> = response.content.keys().cloned().collect();
                media_types.sort();
                if success.is_empty() {
                    headers = self.response_headers(response, &resp_pointer, type_base)?;
                }
                success.push(SuccessResponse {
                    status: status.clone(),
                    description: response.description.clone(),
                    content,
                    media_type,
                    media_types,
                    wire,
                    variant,
                    boxed: false,
                });
            }
            if !is_success(status) {
                let ctx = Ctx::new(
                    Parent::Operation(type_base.to_string()),
                    status_name(status),
                );
                let body = match json_media(&response.content) {
                    Some((media, media_type)) => {
                        let at = resp_pointer.push("content").push(media);
                        let ty = match &media_type.schema {
                            Some(schema) => self.schema_use(schema, &at.push("schema"), &ctx)?.ty,
                            None => TypeRef::Value,
                        };
                        self.media_examples(media_type, &at, &ty);
                        Some(ty)
                    }
                    None => None,
                };
                errors.push(ErrorResponse {
                    status: status.clone(),
                    description: response.description.clone(),
                    body,
                    body_variant: None,
                });
            }
        }
        let differ = success.windows(2).any(|w| w[0].content != w[1].content);
        let choice = differ.then(|| self.name_slot(type_base, "Response", pointer));
        if !differ {
            // One body type: no variants to name.
            for response in &mut success {
                response.variant = String::new();
            }
        }
        Ok(Responses {
            success: Success {
                responses: success,
                choice,
            },
            errors,
            headers,
        })
    }

    /// A success response's body: JSON preferred, then text, then bytes; none for 204/205.
    fn response_content(
        &mut self,
        status: &StatusMatch,
        response: &'a Response,
        pointer: &Pointer,
        ctx: &Ctx,
    ) -> Result<(Content, Option<String>, Wire), Error> {
        if matches!(status, StatusMatch::Code(204 | 205)) || response.content.is_empty() {
            return Ok((Content::Empty, None, Wire::default()));
        }
        let mut media: Vec<(&String, &'a MediaType)> = response.content.iter().collect();
        media.sort_by(|a, b| (classify(a.0), a.0).cmp(&(classify(b.0), b.0)));
        let (media_type, media) = media[0];
        let content = match classify(media_type) {
            MediaClass::Json => {
                let at = pointer.push("content").push(media_type.clone());
                let ty = match &media.schema {
                    Some(schema) => {
                        nullable_root(self.schema_use(schema, &at.push("schema"), ctx)?)
                    }
                    None => TypeRef::Value,
                };
                self.media_examples(media, &at, &ty);
                Content::Json(ty)
            }
            MediaClass::Text => Content::Text,
            _ => Content::Binary,
        };
        let wire = media
            .schema
            .as_ref()
            .map(super::schemas::wire_of)
            .unwrap_or_default();
        Ok((content, Some(media_type.clone()), wire))
    }

    fn response_headers(
        &mut self,
        response: &'a Response,
        pointer: &Pointer,
        type_base: &str,
    ) -> Result<Vec<ResponseHeader>, Error> {
        let mut headers: Vec<_> = response.headers.iter().collect();
        headers.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::with_capacity(headers.len());
        for (name, header) in headers {
            let (header_pointer, header) = self.resolve(
                header,
                "headers",
                &pointer.push("headers").push(name.clone()),
                |c| &c.headers,
            )?;
            let (ty, wire) = match &header.format {
                openapiv3::ParameterSchemaOrContent::Schema(schema) => {
                    let ctx = Ctx::new(
                        Parent::Operation(type_base.to_string()),
                        sanitize(name, Case::Pascal),
                    );
                    let lowered = self.schema_use(schema, &header_pointer.push("schema"), &ctx)?;
                    let mut wire = super::schemas::wire_of(schema);
                    wire.nullable = lowered.nullable;
                    (lowered.ty, wire)
                }
                openapiv3::ParameterSchemaOrContent::Content(_) => {
                    (TypeRef::String, Wire::default())
                }
            };
            out.push(ResponseHeader {
                name: name.to_ascii_lowercase(),
                description: header.description.clone(),
                ty,
                required: header.required,
                wire,
            });
        }
        Ok(out)
    }

    /// A media type's `example` and `examples` (inline or `#/components/examples`) are examples
    /// of its body type.
    pub(crate) fn media_examples(&mut self, media_type: &'a MediaType, at: &Pointer, ty: &TypeRef) {
        if let Some(example) = &media_type.example {
            self.example(at.push("example"), ty, false, example);
        }
        let mut named: Vec<_> = media_type.examples.iter().collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        for (name, example) in named {
            let example_at = at.push("examples").push(name.clone());
            // An example that cannot be found is not generation's business: `validate` warns.
            if let Ok((_, example)) =
                self.resolve(example, "examples", &example_at, |c| &c.examples)
            {
                if let Some(value) = &example.value {
                    self.example(example_at.push("value"), ty, false, value);
                }
            }
        }
    }
}

/// A body's type: `null` allowed at its root (`nullable: true` beside `allOf: [$ref]`, 3.0's
/// spelling) makes it an `Option`, so a `null` answer decodes.
fn nullable_root(lowered: super::schemas::Lowered) -> TypeRef {
    if lowered.nullable && lowered.ty != TypeRef::Value {
        TypeRef::Option(Box::new(lowered.ty))
    } else {
        lowered.ty
    }
}

/// The JSON media type of a content map, by name order.
pub(crate) fn json_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(String, &MediaType)> {
    let mut candidates: Vec<_> = content
        .iter()
        .filter(|(media, _)| classify(media) == MediaClass::Json)
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(b.0));
    candidates.first().map(|(m, t)| ((*m).clone(), *t))
}

/// Variants of a body choice: by kind (`Json`, `Form`, `Multipart`, `Text`, `Binary`) when that
/// is unique, else by media type (`TextPlain`, `TextXMarkdown`).
fn variant_names<'m>(media: impl Iterator<Item = &'m str>) -> Vec<String> {
    let media: Vec<&str> = media.collect();
    let kind = |m: &str| match classify(m) {
        MediaClass::Json => "Json",
        MediaClass::Form => "Form",
        MediaClass::Multipart => "Multipart",
        MediaClass::Text => "Text",
        MediaClass::Binary => "Binary",
    };
    let mut names = Namespace::new();
    media
        .iter()
        .map(|m| {
            let unique = media.iter().filter(|o| classify(o) == classify(m)).count() == 1;
            let raw = if unique {
                kind(m).to_string()
            } else {
                m.split(';').next().unwrap_or("").to_string()
            };
            names.allocate(&raw, Case::Pascal)
        })
        .collect()
}

/// Variants of a response choice, named for their status: `Ok`, `Created`, `Accepted`, ...
fn status_variants<'s>(statuses: impl Iterator<Item = &'s StatusMatch>) -> Vec<String> {
    let mut names = Namespace::new();
    statuses
        .map(|status| {
            let raw = match status {
                StatusMatch::Code(200) => "Ok".to_string(),
                StatusMatch::Code(201) => "Created".to_string(),
                StatusMatch::Code(202) => "Accepted".to_string(),
                StatusMatch::Code(203) => "NonAuthoritative".to_string(),
                StatusMatch::Code(204) => "NoContent".to_string(),
                StatusMatch::Code(206) => "PartialContent".to_string(),
                StatusMatch::Code(n) => format!("Status{n}"),
                StatusMatch::Range(_) => "Success".to_string(),
                StatusMatch::Default => "Default".to_string(),
            };
            names.allocate(&raw, Case::Pascal)
        })
        .collect()
}

/// A readable name for an error status, used to name inline error bodies.
fn status_name(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match code {
            400 => "BadRequest".into(),
            401 => "Unauthorized".into(),
            403 => "Forbidden".into(),
            404 => "NotFound".into(),
            409 => "Conflict".into(),
            422 => "UnprocessableEntity".into(),
            429 => "TooManyRequests".into(),
            500 => "InternalServerError".into(),
            503 => "ServiceUnavailable".into(),
            other => format!("Status{other}"),
        },
        StatusMatch::Range(n) => format!("Status{n}xx"),
        StatusMatch::Default => "DefaultError".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_sorted_into_kinds() {
        assert_eq!(
            classify("application/json; charset=utf-8"),
            MediaClass::Json
        );
        assert_eq!(classify("application/vnd.github.v3+json"), MediaClass::Json);
        assert_eq!(classify("application/scim+json"), MediaClass::Json);
        assert_eq!(classify("application/json+sarif"), MediaClass::Json);
        assert_eq!(
            classify("application/x-www-form-urlencoded"),
            MediaClass::Form
        );
        assert_eq!(classify("multipart/form-data"), MediaClass::Multipart);
        assert_eq!(classify("text/plain"), MediaClass::Text);
        assert_eq!(classify("application/xml"), MediaClass::Text);
        assert_eq!(classify("application/octet-stream"), MediaClass::Binary);
        assert_eq!(classify("*/*"), MediaClass::Binary);
        assert_eq!(classify("*"), MediaClass::Binary);
        assert_eq!(
            variant_names(["application/json", "text/plain", "text/x-markdown"].into_iter()),
            ["Json", "TextPlain", "TextXMarkdown"]
        );
    }
}
