//! Operations → `ir::Operation`: naming, parameters of every location and style. Bodies and
//! responses are in `bodies.rs`, security in `security.rs`. Inline schemas met here are named
//! after the operation (`DeleteAssetRequest`, `ListAssetsSort`).

use openapiv3::{
    Operation as SpecOp, Parameter, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr,
    Schema, SchemaKind, Type,
};

use super::draft::*;
use super::space::{Ctx, Naming, Parent};
use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::ir;
use crate::names::{sanitize, Case, Namespace};

/// Names the hand-written runtime defines on `Client`; operations never take them.
const RESERVED_METHODS: &[&str] = &[
    "new",
    "builder",
    "base_url",
    "with_options",
    "send",
    "clone",
    "fmt",
];
/// Headers sent with a fixed value: (name, value).
type FixedHeaders = Vec<(String, String)>;

/// Extension naming what to use instead of a deprecated operation.
const DEPRECATION_NOTE: &str = "x-deprecation-note";

impl<'a> Lowerer<'a> {
    /// Every operation, by path then method.
    pub(crate) fn operations(&mut self) -> Result<Vec<Operation>, Error> {
        let mut paths: Vec<_> = self.spec.paths.iter().collect();
        paths.sort_by(|a, b| a.0.cmp(b.0));
        let mut method_names = Namespace::new();
        for name in RESERVED_METHODS {
            method_names.reserve(name);
        }
        // Every operation's method name first, so a `..._stream` method can never take one.
        let mut ids = Vec::new();
        for (path, item) in &paths {
            if let ReferenceOr::Item(item) = item {
                let mut methods: Vec<_> = item.iter().collect();
                methods.sort_by_key(|(method, _)| method_order(method));
                for (method, op) in methods {
                    let id = op
                        .operation_id
                        .clone()
                        .unwrap_or_else(|| name_from_route(method, path));
                    ids.push(id);
                }
            }
        }
        let natural = allocate_natural_first(&mut method_names, ids.iter().map(String::as_str));
        let mut names = natural.into_iter();
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
                let method_name = names.next().unwrap_or_default();
                self.paging.push(
                    op.extensions
                        .get(super::PAGINATION)
                        .and_then(serde_json::Value::as_bool),
                );
                let mut operation =
                    self.operation(path, method, op, &item.parameters, &pointer, method_name)?;
                // An operation's own `servers`, else its path's, may add a path prefix.
                let (servers, at) = if op.servers.is_empty() {
                    (&item.servers, path_pointer.push("servers"))
                } else {
                    (&op.servers, pointer.push("servers"))
                };
                if let Some(server) = servers.first() {
                    let prefix = self.server_prefix(&server.url, &at.push("0").push("url"));
                    operation.path = format!("{prefix}{}", operation.path);
                }
                operations.push(operation);
            }
        }
        Ok(operations)
    }

    /// The path prefix an operation-level or path-level server adds: `https://api.frame.io/v4`
    /// under a document server `https://api.frame.io` (or a relative `/v4`) adds `/v4`, so the
    /// client's base URL still decides the host. A server on another host cannot be followed
    /// that way: it is a warning, and such calls go to the base URL.
    fn server_prefix(&mut self, url: &str, at: &Pointer) -> String {
        let url = url.trim_end_matches('/');
        if url.starts_with('/') && !url.contains('{') {
            return url.to_string();
        }
        let document = self
            .spec
            .servers
            .first()
            .map(|s| s.url.trim_end_matches('/'));
        if let Some(rest) = document.and_then(|d| url.strip_prefix(d)) {
            if rest.is_empty() || (rest.starts_with('/') && !rest.contains('{')) {
                return rest.to_string();
            }
        }
        self.warnings.push((
            at.clone(),
            format!(
                "the server `{url}` is not the document's first server plus a path; this \
                 operation is sent to the client's base URL like the others"
            ),
        ));
        String::new()
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &'a SpecOp,
        path_level_params: &'a [ReferenceOr<Parameter>],
        pointer: &Pointer,
        method_name: String,
    ) -> Result<Operation, Error> {
        let operation_id = op
            .operation_id
            .clone()
            .unwrap_or_else(|| name_from_route(method, path));
        let type_base = sanitize(&operation_id, Case::Pascal);

        let (all_params, fixed_headers) =
            self.params(path, op, path_level_params, pointer, &type_base)?;
        let (mut path_params, others): (Vec<Param>, Vec<Param>) = all_params
            .into_iter()
            .partition(|p| p.location == ParamLocation::Path);
        let mut arg_names = Namespace::new();
        // Locals of the generated method body.
        for local in ["body", "params", "path", "request", "response"] {
            arg_names.reserve(local);
        }
        let names = allocate_natural_first(
            &mut arg_names,
            path_params.iter().map(|p| p.wire_name.as_str()),
        );
        for (param, name) in path_params.iter_mut().zip(names) {
            param.name = name;
        }
        let params = if others.is_empty() {
            None
        } else {
            let mut field_names = Namespace::new();
            // Fields get same-named setters, which must not shadow methods callers use.
            for method in ["new", "default", "clone", "eq", "ne", "fmt", "into", "from"] {
                field_names.reserve(method);
            }
            let names = allocate_natural_first(
                &mut field_names,
                others.iter().map(|p| p.wire_name.as_str()),
            );
            let fields = others
                .into_iter()
                .zip(names)
                .map(|(param, name)| Param { name, ..param })
                .collect();
            Some(ParamsStruct {
                name: self.name_slot(&type_base, "Params", pointer),
                fields,
            })
        };

        let body = match &op.request_body {
            Some(body) => self.body(body, &pointer.push("requestBody"), &type_base)?,
            None => None,
        };
        let responses = self.responses(op, &pointer.push("responses"), &type_base)?;
        let security = self.security(op, pointer)?;

        Ok(Operation {
            operation_id,
            method_name,
            pointer: pointer.to_string(),
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
            path_params,
            params,
            fixed_headers,
            body,
            success: responses.success,
            errors: responses.errors,
            response_headers: responses.headers,
            security,
            pagination: None,
        })
    }

    /// A name the generated code needs for a type that is not a schema (`{Op}Params`,
    /// `{Op}Body`, `{Op}Response`): it takes part in naming like any type, and a placeholder
    /// stands for it until names are chosen.
    pub(crate) fn name_slot(&mut self, type_base: &str, role: &str, pointer: &Pointer) -> String {
        let id = self.space.add(
            Naming::Inline {
                parent: Parent::Operation(type_base.to_string()),
                role: role.into(),
            },
            pointer.clone(),
            Docs::default(),
        );
        self.space.entries[id as usize].name_only = true;
        super::placeholder(id)
    }

    /// Path-level and operation parameters (operation ones override), path ones in template
    /// order, the others by wire name; fixed headers apart.
    fn params(
        &mut self,
        path: &str,
        op: &'a SpecOp,
        path_level: &'a [ReferenceOr<Parameter>],
        pointer: &Pointer,
        type_base: &str,
    ) -> Result<(Vec<Param>, FixedHeaders), Error> {
        let mut merged: Vec<(Pointer, &'a Parameter)> = Vec::new();
        let path_pointer = Pointer::root().push("paths").push(path.to_string());
        let sources = [
            (path_level, path_pointer.push("parameters")),
            (op.parameters.as_slice(), pointer.push("parameters")),
        ];
        for (list, list_pointer) in &sources {
            for (i, param) in list.iter().enumerate() {
                let (param_pointer, param) = self.resolve(
                    param,
                    "parameters",
                    &list_pointer.push(i.to_string()),
                    |c| &c.parameters,
                )?;
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
        // A parameter described by `content` without a schema carries any value.
        let anything = ReferenceOr::Item(Schema {
            schema_data: Default::default(),
            schema_kind: SchemaKind::Any(Default::default()),
        });
        for (param_pointer, param) in &merged {
            let data = param.parameter_data_ref();
            // `content` (one media type): a JSON one carries the value's JSON text; another
            // (`text/plain`) the value as it is.
            let (schema, schema_at, json) = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    (schema, param_pointer.push("schema"), false)
                }
                ParameterSchemaOrContent::Content(content) => {
                    let mut media: Vec<_> = content.iter().collect();
                    media.sort_by(|a, b| a.0.cmp(b.0));
                    match media.first() {
                        Some((name, media)) => {
                            let at = param_pointer.push("content").push((*name).clone());
                            let json =
                                super::bodies::classify(name) == super::bodies::MediaClass::Json;
                            match &media.schema {
                                Some(schema) => (schema, at.push("schema"), json),
                                None => (&anything, at, json),
                            }
                        }
                        None => (&anything, param_pointer.push("content"), true),
                    }
                }
            };
            let explode = data.explode;
            let (location, style) = match param {
                Parameter::Path { style, .. } => {
                    let style = match style {
                        PathStyle::Simple => ir::PathStyle::Simple,
                        PathStyle::Label => ir::PathStyle::Label,
                        PathStyle::Matrix => ir::PathStyle::Matrix,
                    };
                    (
                        ParamLocation::Path,
                        ParamStyle::Path {
                            style,
                            explode: explode == Some(true),
                        },
                    )
                }
                Parameter::Query { style, .. } => {
                    let style = match (style, explode) {
                        (QueryStyle::Form, Some(false)) => ParamStyle::Form,
                        (QueryStyle::Form, _) => ParamStyle::FormExploded,
                        (QueryStyle::SpaceDelimited, _) => ParamStyle::SpaceDelimited,
                        (QueryStyle::PipeDelimited, _) => ParamStyle::PipeDelimited,
                        (QueryStyle::DeepObject, _) => ParamStyle::DeepObject,
                    };
                    (ParamLocation::Query, style)
                }
                Parameter::Header { .. } => (ParamLocation::Header, ParamStyle::Simple),
                Parameter::Cookie { .. } => (ParamLocation::Cookie, ParamStyle::Form),
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
            let lowered = self.schema_use(schema, &schema_at, &ctx)?;
            let ty = lowered.ty;
            let mut wire = super::schemas::wire_of(schema);
            wire.nullable = lowered.nullable;
            let style = match style {
                _ if json => ParamStyle::Json,
                // A scalar in the plain `simple` style: the path segment is its text.
                ParamStyle::Path {
                    style: ir::PathStyle::Simple,
                    explode: false,
                } if self.is_scalar(&ty) => ParamStyle::Simple,
                other => other,
            };
            let style = self.check_param_type(&ty, location, style, &schema_at);
            params.push(Param {
                name: String::new(),
                wire_name: data.name.clone(),
                location,
                ty,
                required: data.required || location == ParamLocation::Path,
                description: data.description.clone(),
                style,
                deprecated: data.deprecated == Some(true),
                pointer: param_pointer.to_string(),
                wire,
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
        // Path parameters in template order; the others by location, then name.
        params.sort_by_key(|p| match p.location {
            ParamLocation::Path => (
                0,
                template.iter().position(|n| *n == p.wire_name).unwrap_or(0),
                String::new(),
            ),
            other => (1, other as usize, p.wire_name.clone()),
        });
        fixed_headers.sort();
        Ok((params, fixed_headers))
    }

    /// Follows a `$ref` to `#/components/<section>/<name>`; items are returned as they are.
    pub(crate) fn resolve<T>(
        &self,
        item: &'a ReferenceOr<T>,
        section: &str,
        pointer: &Pointer,
        get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(Pointer, &'a T), Error> {
        let mut reference = match item {
            ReferenceOr::Item(t) => return Ok((pointer.clone(), t)),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        // A chain of references is followed to its end (a cycle is an error).
        for _ in 0..32 {
            let found = reference.strip_prefix(&prefix).and_then(|name| {
                let name = Pointer::unescape(name);
                let components = self.spec.components.as_ref()?;
                get(components).get(&name).map(|t| (name, t))
            });
            match found {
                Some((name, ReferenceOr::Item(t))) => {
                    return Ok((
                        Pointer::root().push("components").push(section).push(name),
                        t,
                    ))
                }
                Some((_, ReferenceOr::Reference { reference: next })) => reference = next,
                None => {
                    return Err(Error::invalid(
                        pointer,
                        format!(
                            "`$ref: {reference}` does not name an entry of #/components/{section}"
                        ),
                    ))
                }
            }
        }
        Err(Error::invalid(
            pointer,
            format!("`$ref: {reference}` is part of a cycle of references"),
        ))
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

    /// Headers and cookies carry scalars (a union of scalars included), headers also arrays
    /// of them; paths and queries anything their style can write. A header or cookie that is
    /// an object is sent as its JSON text, a fallback (no style writes it).
    fn check_param_type(
        &mut self,
        ty: &TypeRef,
        location: ParamLocation,
        style: ParamStyle,
        pointer: &Pointer,
    ) -> ParamStyle {
        let ok = match location {
            ParamLocation::Query | ParamLocation::Path => true,
            _ if style == ParamStyle::Json => true,
            ParamLocation::Cookie => self.is_scalar(ty),
            ParamLocation::Header => match self.space.resolve(ty) {
                TypeRef::Vec(item) => self.is_scalar(item),
                other => self.is_scalar(other),
            },
        };
        if ok {
            return style;
        }
        let place = match location {
            ParamLocation::Header => "header",
            _ => "cookie",
        };
        self.fallbacks.push((
            pointer.clone(),
            format!("a {place} parameter that is not a scalar has no style to write it: sent as its JSON text"),
        ));
        ParamStyle::Json
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match self.space.resolve(ty) {
            TypeRef::Value | TypeRef::Map(_) | TypeRef::Vec(_) | TypeRef::Boxed(_) => false,
            TypeRef::Option(inner) => self.is_scalar(inner),
            resolved @ TypeRef::Def(_) => match self.space.kind_of(resolved) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Union(u)) if u.tagging == Tagging::Untagged => u
                    .variants
                    .iter()
                    .all(|v| v.ty.as_ref().is_some_and(|t| self.is_scalar(t))),
                _ => false,
            },
            _ => true,
        }
    }
}

/// `get /users/{id}/posts` → `get_users_by_id_posts`: an operation without an operationId is
/// named for its route.
pub(crate) fn name_from_route(method: &str, path: &str) -> String {
    let mut words = vec![method.to_string()];
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => words.push(format!("by {param}")),
            None => words.push(segment.to_string()),
        }
    }
    words.join(" ")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_name_operations_without_an_id() {
        let name = name_from_route("get", "/users/{user_id}/posts");
        assert_eq!(sanitize(&name, Case::Snake), "get_users_by_user_id_posts");
        assert_eq!(
            sanitize(&name_from_route("delete", "/"), Case::Snake),
            "delete"
        );
    }
}
