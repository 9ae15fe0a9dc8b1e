//! Operations → `ir::Operation`: parameters, bodies, responses and security. Inline schemas
//! met here are named after the operation (`DeleteAssetRequest`, `DeleteAssetNotFound`).

use openapiv3::{
    Operation as SpecOp, Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response,
    Schema, SchemaKind, SecurityScheme, StatusCode, Type,
};

use super::space::{Ctx, Naming, Parent};
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::ir::*;
use crate::names::{sanitize, Case, Namespace};

/// Names the hand-written runtime defines on `Client`; operations never take them.
const RESERVED_METHODS: &[&str] = &["new", "builder", "base_url", "execute", "clone", "fmt"];
/// Extension naming what to use instead of a deprecated operation.
const DEPRECATION_NOTE: &str = "x-deprecation-note";

/// Headers sent with a fixed value: (name, value).
type FixedHeaders = Vec<(String, String)>;

/// What an operation's responses lower to.
struct Responses {
    success: Success,
    errors: Vec<ErrorResponse>,
    headers: Vec<ResponseHeader>,
}

impl<'a> Lowerer<'a> {
    /// Every operation, by path then method.
    pub(crate) fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut paths: Vec<_> = self.spec.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut method_names = Namespace::new();
        for name in RESERVED_METHODS {
            method_names.reserve(name);
        }
        let mut operations = Vec::new();
        for (path, item) in paths {
            let path_pointer = Pointer::root().push("paths").push(path.clone());
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    return Err(Error::unsupported(&path_pointer, "`$ref` on a path item"))
                }
            };
            let mut methods: Vec<_> = item.iter().collect();
            methods.sort_by_key(|(method, _)| method_order(method));
            for (method, op) in methods {
                let pointer = path_pointer.push(method);
                let operation = self.operation(
                    path,
                    method,
                    op,
                    &item.parameters,
                    &pointer,
                    &mut method_names,
                )?;
                operations.push(operation);
            }
        }
        Ok(operations)
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a SpecOp,
        path_level_params: &'a [ReferenceOr<Parameter>],
        pointer: &Pointer,
        method_names: &mut Namespace,
    ) -> Result<Operation, Error> {
        let operation_id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| format!("{method}_{path}"));
        let method_name = method_names.allocate(&operation_id, Case::Snake);
        let type_base = sanitize(&operation_id, Case::Pascal);
        let ctx = |role: &str| Ctx::new(Parent::Operation(type_base.clone()), role);

        let mut arg_names = Namespace::new();
        // Locals of the generated method body.
        for local in ["body", "options", "path", "request", "response"] {
            arg_names.reserve(local);
        }
        let (all_params, fixed_headers) = self.params(
            path,
            op,
            path_level_params,
            pointer,
            &type_base,
            &mut arg_names,
        )?;
        let (params, optional): (Vec<Param>, Vec<Param>) =
            all_params.into_iter().partition(|p| p.required);
        let options = if optional.is_empty() {
            None
        } else {
            let id = self.space.add(
                Naming::Inline {
                    parent: Parent::Operation(type_base.clone()),
                    role: "Params".into(),
                },
                pointer.clone(),
                Docs::default(),
            );
            self.space.entries[id as usize].name_only = true;
            // Named with everything else; `finish` fills the name in, in this order.
            self.options_ids.push(id);
            let mut field_names = Namespace::new();
            // Fields get same-named setters, which must not shadow trait methods callers use.
            for method in ["default", "clone", "eq", "ne", "fmt", "into", "from"] {
                field_names.reserve(method);
            }
            let names = allocate_natural_first(
                &mut field_names,
                optional.iter().map(|p| p.wire_name.as_str()),
            );
            let fields = optional
                .into_iter()
                .zip(names)
                .map(|(param, name)| Param { name, ..param })
                .collect();
            Some(OptionsStruct {
                name: String::new(),
                fields,
            })
        };

        let body = match &op.request_body {
            Some(body) => self.body(body, &pointer.push("requestBody"), &ctx("Request"))?,
            None => None,
        };
        let Responses {
            success,
            errors,
            headers: response_headers,
        } = self.responses(op, &pointer.push("responses"), &type_base)?;

        Ok(Operation {
            operation_id,
            method_name,
            http_method: method.to_ascii_uppercase(),
            path: path.to_string(),
            doc: Docs {
                summary: op.summary.clone(),
                description: op.description.clone(),
            },
            tags: op.tags.clone(),
            deprecated: op.deprecated.then(|| {
                op.extensions
                    .get(DEPRECATION_NOTE)
                    .and_then(|v| v.as_str())
                    .unwrap_or("This operation is deprecated in the API specification.")
                    .to_string()
            }),
            params,
            options,
            fixed_headers,
            body,
            success,
            errors,
            response_headers,
            authenticated: self.is_authenticated(op, pointer)?,
        })
    }

    fn params(
        &mut self,
        path: &str,
        op: &'a SpecOp,
        path_level: &'a [ReferenceOr<Parameter>],
        pointer: &Pointer,
        type_base: &str,
        arg_names: &mut Namespace,
    ) -> Result<(Vec<Param>, FixedHeaders), Error> {
        // Operation parameters override path-level ones with the same name and location.
        let mut merged: Vec<(Pointer, &'a Parameter)> = Vec::new();
        let path_pointer = Pointer::root().push("paths").push(path.to_string());
        let sources = [
            (path_level, path_pointer.push("parameters")),
            (op.parameters.as_slice(), pointer.push("parameters")),
        ];
        for (list, list_pointer) in &sources {
            for (i, param) in list.iter().enumerate() {
                let (param_pointer, param) =
                    self.resolve_parameter(param, &list_pointer.push(i.to_string()))?;
                let key = (
                    location_name(param),
                    param.parameter_data_ref().name.clone(),
                );
                merged.retain(|(_, p)| {
                    (location_name(p), p.parameter_data_ref().name.clone()) != key
                });
                merged.push((param_pointer, param));
            }
        }

        let template: Vec<&str> = template_params(path);
        let mut params = Vec::new();
        let mut fixed_headers = Vec::new();
        for (param_pointer, param) in &merged {
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(Error::unsupported(
                        &param_pointer.push("content"),
                        "parameter described by `content` instead of `schema`",
                    ))
                }
            };
            let location = match param {
                Parameter::Path { .. } => ParamLocation::Path,
                Parameter::Query { .. } => ParamLocation::Query,
                Parameter::Header { .. } => ParamLocation::Header,
                Parameter::Cookie { .. } => {
                    return Err(Error::unsupported(param_pointer, "cookie parameters"))
                }
            };
            if location == ParamLocation::Path && !template.contains(&data.name.as_str()) {
                return Err(Error::invalid(
                    param_pointer,
                    format!("path parameter `{}` does not appear in `{path}`", data.name),
                ));
            }
            if location == ParamLocation::Header && data.required {
                if let Some(value) = self.single_allowed_value(schema) {
                    fixed_headers.push((data.name.clone(), value));
                    continue;
                }
            }
            let ctx = Ctx::new(
                Parent::Operation(type_base.to_string()),
                sanitize(&data.name, Case::Pascal),
            );
            let ty = self
                .schema_use(schema, &param_pointer.push("schema"), &ctx)?
                .ty;
            self.check_param_type(&ty, location, &param_pointer.push("schema"))?;
            params.push(Param {
                name: String::new(),
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                description: data.description.clone(),
            });
        }
        for name in &template {
            if !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && p.wire_name == *name)
            {
                return Err(Error::invalid(
                    pointer,
                    format!("`{{{name}}}` in `{path}` has no path parameter declared"),
                ));
            }
        }
        // Path parameters in template order, then required, then optional; stable otherwise.
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => (
                0,
                template.iter().position(|n| *n == p.wire_name).unwrap_or(0),
            ),
            _ if p.required => (1, 0),
            _ => (2, 0),
        });
        // Optional parameters are named later, as fields of the operation's params struct.
        let names = allocate_natural_first(
            arg_names,
            params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.wire_name.as_str()),
        );
        for (param, name) in params.iter_mut().filter(|p| p.required).zip(names) {
            param.name = name;
        }
        fixed_headers.sort();
        Ok((params, fixed_headers))
    }

    fn resolve_parameter(
        &self,
        param: &'a ReferenceOr<Parameter>,
        pointer: &Pointer,
    ) -> Result<(Pointer, &'a Parameter), Error> {
        self.resolve(param, "parameters", pointer, |c| &c.parameters)
    }

    /// Follows a `$ref` to `#/components/<section>/<name>`; items are returned as they are.
    fn resolve<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        pointer: &Pointer,
        get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(Pointer, &'a T), Error> {
        let reference = match item {
            ReferenceOr::Item(t) => return Ok((pointer.clone(), t)),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let found = reference.strip_prefix(&prefix).and_then(|name| {
            let name = name.replace("~1", "/").replace("~0", "~");
            let components = self.spec.components.as_ref()?;
            get(components).get(&name).map(|t| (name, t))
        });
        match found {
            Some((name, ReferenceOr::Item(t))) => Ok((
                Pointer::root().push("components").push(section).push(name),
                t,
            )),
            Some((_, ReferenceOr::Reference { .. })) => {
                Err(Error::unsupported(pointer, "a `$ref` to a `$ref`"))
            }
            None => Err(Error::invalid(
                pointer,
                format!("`$ref: {reference}` does not name an entry of #/components/{section}"),
            )),
        }
    }

    fn body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &Pointer,
        ctx: &Ctx,
    ) -> Result<Option<Body>, Error> {
        let (pointer, body) =
            self.resolve(body, "requestBodies", pointer, |c| &c.request_bodies)?;
        let Some((media, media_type)) = json_media(&body.content) else {
            return match body.content.keys().next() {
                Some(other) => Err(Error::unsupported(
                    &pointer.push("content").push(other.clone()),
                    format!("request body of content type `{other}` (only JSON is supported)"),
                )),
                None => Ok(None),
            };
        };
        let media_at = pointer.push("content").push(media);
        let ty = match &media_type.schema {
            Some(schema) => self.schema_use(schema, &media_at.push("schema"), ctx)?.ty,
            None => TypeRef::Value,
        };
        self.media_examples(media_type, &media_at, &ty);
        Ok(Some(Body {
            ty,
            required: body.required,
            description: body.description.clone(),
        }))
    }

    /// The JSON body type of a response, or `None` when it has no JSON content.
    fn response_body(
        &mut self,
        response: &'a Response,
        pointer: &Pointer,
        ctx: &Ctx,
    ) -> Result<Option<TypeRef>, Error> {
        let Some((media, media_type)) = json_media(&response.content) else {
            return Ok(None);
        };
        let media_at = pointer.push("content").push(media);
        let ty = match &media_type.schema {
            Some(schema) => self.schema_use(schema, &media_at.push("schema"), ctx)?.ty,
            None => TypeRef::Value,
        };
        self.media_examples(media_type, &media_at, &ty);
        Ok(Some(ty))
    }

    /// A media type's `example` and `examples` (inline or `#/components/examples`) are examples
    /// of its body type.
    fn media_examples(&mut self, media_type: &'a openapiv3::MediaType, at: &Pointer, ty: &TypeRef) {
        if let Some(example) = &media_type.example {
            self.example(at.push("example"), ty, false, example);
        }
        let mut named: Vec<_> = media_type.examples.iter().collect();
        named.sort_by(|a, b| a.0.cmp(b.0));
        for (name, example) in named {
            let example_at = at.push("examples").push(name.clone());
            // An example that cannot be found is not generation's business: `validate` checks refs.
            if let Ok((_, example)) =
                self.resolve(example, "examples", &example_at, |c| &c.examples)
            {
                if let Some(value) = &example.value {
                    self.example(example_at.push("value"), ty, false, value);
                }
            }
        }
    }

    fn responses(
        &mut self,
        op: &'a SpecOp,
        pointer: &Pointer,
        type_base: &str,
    ) -> Result<Responses, Error> {
        let ctx = |role: &str| Ctx::new(Parent::Operation(type_base.to_string()), role);
        let mut success: Option<(Success, Vec<ResponseHeader>)> = None;
        let mut errors = Vec::new();
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
        for (status, response, key) in entries {
            let (resp_pointer, response) =
                self.resolve(response, "responses", &pointer.push(key.clone()), |c| {
                    &c.responses
                })?;
            let is_success = match status {
                StatusMatch::Code(n) => (200..300).contains(&n),
                StatusMatch::Range(n) => n == 2,
                StatusMatch::Default => false,
            };
            if is_success {
                if success.is_some() {
                    // The first (lowest) 2xx defines the success type; others share it.
                    continue;
                }
                let ty = self.response_body(response, &resp_pointer, &ctx("Response"))?;
                let headers = self.response_headers(response, &resp_pointer, type_base)?;
                success = Some((
                    Success {
                        status: key,
                        description: response.description.clone(),
                        ty,
                    },
                    headers,
                ));
            } else {
                let body =
                    self.response_body(response, &resp_pointer, &ctx(&status_name(&status)))?;
                errors.push(ErrorResponse {
                    status,
                    description: response.description.clone(),
                    body,
                    body_variant: None,
                });
            }
        }
        let (success, headers) = success.unwrap_or_else(|| {
            (
                Success {
                    status: "2XX".into(),
                    description: String::new(),
                    ty: None,
                },
                Vec::new(),
            )
        });
        Ok(Responses {
            success,
            errors,
            headers,
        })
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
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    let ctx = Ctx::new(
                        Parent::Operation(type_base.to_string()),
                        sanitize(name, Case::Pascal),
                    );
                    self.schema_use(schema, &header_pointer.push("schema"), &ctx)?
                        .ty
                }
                ParameterSchemaOrContent::Content(_) => TypeRef::String,
            };
            out.push(ResponseHeader {
                name: name.to_ascii_lowercase(),
                description: header.description.clone(),
                ty,
            });
        }
        Ok(out)
    }

    fn is_authenticated(&self, op: &SpecOp, pointer: &Pointer) -> Result<bool, Error> {
        let (requirements, req_pointer) = match &op.security {
            Some(reqs) => (reqs, pointer.push("security")),
            None => match &self.spec.security {
                Some(reqs) => (reqs, Pointer::root().push("security")),
                None => return Ok(false),
            },
        };
        let schemes = self.spec.components.as_ref().map(|c| &c.security_schemes);
        let mut bearer = false;
        for (i, requirement) in requirements.iter().enumerate() {
            for name in requirement.keys() {
                let entry_pointer = req_pointer.push(i.to_string()).push(name.clone());
                match schemes.and_then(|s| s.get(name)) {
                    None => {
                        return Err(Error::invalid(
                            &entry_pointer,
                            format!("security scheme `{name}` is not defined under #/components/securitySchemes"),
                        ))
                    }
                    Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. })) if scheme.eq_ignore_ascii_case("bearer") => {
                        bearer = true
                    }
                    Some(ReferenceOr::Item(SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. })) => bearer = true,
                    Some(_) => {
                        return Err(Error::unsupported(
                            &Pointer::root().push("components").push("securitySchemes").push(name.clone()),
                            "security schemes other than bearer tokens (http bearer, oauth2, openIdConnect)",
                        ))
                    }
                }
            }
        }
        Ok(bearer)
    }

    /// A header whose schema allows exactly one string value is sent automatically.
    fn single_allowed_value(&self, schema: &ReferenceOr<Schema>) -> Option<String> {
        let schema = match schema {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { reference } => {
                self.component_schema(self.component_id(reference)?)?
            }
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
                [Some(value)] => Some(value.clone()),
                _ => None,
            },
            _ => None,
        }
    }

    fn check_param_type(
        &self,
        ty: &TypeRef,
        location: ParamLocation,
        pointer: &Pointer,
    ) -> Result<(), Error> {
        let scalar = |t: &TypeRef| match self.space.resolve(t) {
            TypeRef::Value
            | TypeRef::Map(_)
            | TypeRef::Vec(_)
            | TypeRef::Option(_)
            | TypeRef::Boxed(_) => false,
            resolved @ TypeRef::Def(_) => {
                matches!(self.space.kind_of(resolved), Some(TypeKind::Enum(_)))
            }
            _ => true,
        };
        let ok = match (location, self.space.resolve(ty)) {
            (ParamLocation::Query, TypeRef::Vec(item)) => scalar(item),
            _ => scalar(ty),
        };
        if ok {
            Ok(())
        } else {
            Err(Error::unsupported(
                pointer,
                "object, map or free-form parameters (only scalars, enums and query arrays of scalars)",
            ))
        }
    }
}

/// Allocates names so that a wire name that is already its own Rust name (`type` → `type_`)
/// keeps it, and look-alikes (`_type`, `Type`) take the suffixed ones. Returns names in input order.
pub(crate) fn allocate_natural_first<'w>(
    names: &mut Namespace,
    wires: impl Iterator<Item = &'w str>,
) -> Vec<String> {
    let wires: Vec<&str> = wires.collect();
    let natural = |wire: &str| {
        let rust = sanitize(wire, Case::Snake);
        rust == wire || rust == format!("{wire}_")
    };
    let mut out = vec![String::new(); wires.len()];
    for pass_natural in [true, false] {
        for (i, wire) in wires.iter().enumerate() {
            if natural(wire) == pass_natural {
                out[i] = names.allocate(wire, Case::Snake);
            }
        }
    }
    out
}

/// The JSON media type of a content map (`application/json` or any `+json`), by name order.
pub(crate) fn json_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(String, &openapiv3::MediaType)> {
    let mut candidates: Vec<_> = content
        .iter()
        .filter(|(media, _)| {
            let essence = media
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(b.0));
    candidates.first().map(|(m, t)| ((*m).clone(), *t))
}

fn method_order(method: &str) -> usize {
    [
        "get", "put", "post", "delete", "options", "head", "patch", "trace",
    ]
    .iter()
    .position(|m| *m == method)
    .unwrap_or(usize::MAX)
}

/// The `in` of a parameter.
pub(crate) fn location_name(param: &Parameter) -> &'static str {
    match param {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

/// The `{name}` placeholders of a path template, in order.
pub(crate) fn template_params(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
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
