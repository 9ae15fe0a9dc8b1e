//! Stage 3: a validated `OpenAPI` document → the IR in `ir.rs`: every type and operation, named.
//!
//! Traversal order is fixed (components by name, paths by template, methods in a fixed order,
//! properties by wire name), so names and output never depend on the YAML's key order.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, OpenAPI, Operation as SpecOp,
    Parameter, ParameterSchemaOrContent, ReferenceOr, RequestBody, Response, Schema, SchemaKind,
    SecurityScheme, StatusCode, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use crate::error::{Error, Pointer};
use crate::ir::*;
use crate::names::{sanitize, Case, Namespace};

/// Names the hand-written runtime defines on `Client`; operations never take them.
const RESERVED_METHODS: &[&str] = &["new", "builder", "base_url", "execute", "clone", "fmt"];
/// Names the generated `types` module defines itself.
const RESERVED_TYPES: &[&str] = &["ErrorBody"];
/// Extension naming what to use instead of a deprecated operation.
const DEPRECATION_NOTE: &str = "x-deprecation-note";

/// Lowers a parsed, validated document to the IR.
pub fn lower(spec: &OpenAPI) -> Result<Api, Error> {
    let mut cx = Lowerer::new(spec);
    cx.lower_components()?;
    let operations = cx.lower_operations()?;
    let Lowerer {
        mut types,
        error_bodies,
        ..
    } = cx;
    box_recursive_fields(&mut types);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        description: spec.info.description.clone(),
        base_url: spec.servers.first().map(|s| s.url.clone()),
        types,
        operations,
        error_bodies: error_bodies
            .into_iter()
            .map(|(ty, name)| ErrorBodyVariant { name, ty })
            .collect(),
    })
}

struct Lowerer<'a> {
    spec: &'a OpenAPI,
    type_names: Namespace,
    /// Component schema name → (Rust type name, nullable).
    components: BTreeMap<String, (String, bool)>,
    types: Vec<TypeDef>,
    /// Error body type → `ErrorBody` variant name.
    error_bodies: BTreeMap<TypeRef, String>,
    error_variant_names: Namespace,
}

/// A lowered schema use: the type and whether `null` is allowed.
/// Headers sent with a fixed value: (name, value).
type FixedHeaders = Vec<(String, String)>;

/// What an operation's responses lower to.
struct Responses {
    success: Success,
    errors: Vec<ErrorResponse>,
    headers: Vec<ResponseHeader>,
}

struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a OpenAPI) -> Self {
        let mut type_names = Namespace::new();
        for name in RESERVED_TYPES {
            type_names.reserve(name);
        }
        Lowerer {
            spec,
            type_names,
            components: BTreeMap::new(),
            types: Vec::new(),
            error_bodies: BTreeMap::new(),
            error_variant_names: Namespace::new(),
        }
    }

    fn component_schemas(&self) -> Vec<(&'a String, &'a ReferenceOr<Schema>)> {
        let mut schemas: Vec<_> = self
            .spec
            .components
            .iter()
            .flat_map(|c| c.schemas.iter())
            .collect();
        schemas.sort_by(|a, b| a.0.cmp(b.0));
        schemas
    }

    fn lower_components(&mut self) -> Result<(), Error> {
        let schemas = self.component_schemas();
        // Names first, so references resolve whatever order components refer to each other in.
        for (name, schema) in &schemas {
            let rust = self.type_names.allocate(name, Case::Pascal);
            let nullable = matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable);
            self.components.insert((*name).clone(), (rust, nullable));
        }
        for (name, schema) in schemas {
            let pointer = Pointer::root()
                .push("components")
                .push("schemas")
                .push(name.clone());
            let rust = self.components[name].0.clone();
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_ref(reference, &pointer)?;
                    self.types.push(TypeDef {
                        name: rust,
                        doc: Docs::default(),
                        origin: pointer.to_string(),
                        kind: TypeKind::Alias(target.ty),
                    });
                }
                ReferenceOr::Item(schema) => {
                    if !self.define(&rust, schema, &pointer)? {
                        let lowered = self.lower_schema(schema, &pointer, &rust)?;
                        self.types.push(TypeDef {
                            name: rust,
                            doc: docs_of(schema),
                            origin: pointer.to_string(),
                            kind: TypeKind::Alias(lowered.ty),
                        });
                    }
                }
            }
        }
        Ok(())
    }

    /// Resolves `#/components/schemas/Name` to its Rust type.
    fn schema_ref(&self, reference: &str, pointer: &Pointer) -> Result<Lowered, Error> {
        let name = reference
            .strip_prefix("#/components/schemas/")
            .map(|n| n.replace("~1", "/").replace("~0", "~"));
        match name.and_then(|n| self.components.get(&n)) {
            Some((rust, nullable)) => Ok(Lowered {
                ty: TypeRef::Named(rust.clone()),
                nullable: *nullable,
            }),
            None => Err(Error::invalid(
                pointer,
                format!("`$ref: {reference}` does not name a schema under #/components/schemas"),
            )),
        }
    }

    fn lower_ref_or_schema(
        &mut self,
        schema: &ReferenceOr<Schema>,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Lowered, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_schema(schema, pointer, hint),
        }
    }

    fn lower_boxed(
        &mut self,
        schema: &ReferenceOr<Box<Schema>>,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Lowered, Error> {
        match schema {
            ReferenceOr::Reference { reference } => self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => self.lower_schema(schema, pointer, hint),
        }
    }

    /// Defines a named struct or enum for `schema` if it is an object with properties or a string
    /// enum; returns whether it did.
    fn define(&mut self, name: &str, schema: &Schema, pointer: &Pointer) -> Result<bool, Error> {
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                self.lower_struct(
                    name,
                    &object.properties,
                    &object.required,
                    object.additional_properties.as_ref(),
                    pointer,
                )?
            }
            SchemaKind::Any(any) if is_untyped_object(any) && !any.properties.is_empty() => self
                .lower_struct(
                    name,
                    &any.properties,
                    &any.required,
                    any.additional_properties.as_ref(),
                    pointer,
                )?,
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                TypeKind::Enum(lower_enum(&string.enumeration))
            }
            _ => return Ok(false),
        };
        self.types.push(TypeDef {
            name: name.to_string(),
            doc: docs_of(schema),
            origin: pointer.to_string(),
            kind,
        });
        Ok(true)
    }

    fn lower_struct(
        &mut self,
        name: &str,
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &Pointer,
    ) -> Result<TypeKind, Error> {
        let required: BTreeSet<&str> = required.iter().map(String::as_str).collect();
        let mut props: Vec<_> = properties.iter().collect();
        props.sort_by(|a, b| a.0.cmp(b.0));
        let mut field_names = Namespace::new();
        // The flattened map of additional properties takes this name.
        if matches!(
            additional,
            Some(AdditionalProperties::Schema(_) | AdditionalProperties::Any(true))
        ) {
            field_names.reserve("additional_properties");
        }
        let names = allocate_natural_first(&mut field_names, props.iter().map(|(w, _)| w.as_str()));
        let mut fields = Vec::with_capacity(props.len());
        for ((wire, schema), field_name) in props.into_iter().zip(names) {
            let field_pointer = pointer.push("properties").push(wire.clone());
            let hint = format!("{name}{}", sanitize(wire, Case::Pascal));
            let lowered = self.lower_boxed(schema, &field_pointer, &hint)?;
            let (doc, deprecated) = match schema {
                ReferenceOr::Item(s) => (docs_of(s), s.schema_data.deprecated),
                ReferenceOr::Reference { .. } => (Docs::default(), false),
            };
            fields.push(Field {
                name: field_name,
                wire_name: wire.clone(),
                ty: lowered.ty,
                required: required.contains(wire.as_str()),
                nullable: lowered.nullable,
                deprecated,
                doc,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Schema(schema)) => Some(
                self.lower_ref_or_schema(
                    schema,
                    &pointer.push("additionalProperties"),
                    &format!("{name}Value"),
                )?
                .ty,
            ),
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Value),
            Some(AdditionalProperties::Any(false)) | None => None,
        };
        Ok(TypeKind::Struct(Struct { fields, additional }))
    }

    /// The Rust type of an inline schema; objects and enums become new types named `hint`.
    fn lower_schema(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Lowered, Error> {
        let nullable = schema.schema_data.nullable;
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.is_empty() {
                    string_type(&string.format)
                } else {
                    let nullable = nullable || string.enumeration.iter().any(Option::is_none);
                    return Ok(Lowered {
                        ty: self.define_inline(schema, pointer, hint)?,
                        nullable,
                    });
                }
            }
            SchemaKind::Type(Type::Integer(int)) => match &int.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(array)) => {
                self.lower_items(array.items.as_ref(), pointer, hint)?
            }
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    self.lower_map(object.additional_properties.as_ref(), pointer, hint)?
                } else {
                    self.define_inline(schema, pointer, hint)?
                }
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                // `allOf: [$ref]` is the usual way to attach a description or `nullable` to a ref.
                let inner =
                    self.lower_ref_or_schema(&all_of[0], &pointer.push("allOf").push("0"), hint)?;
                return Ok(Lowered {
                    ty: inner.ty,
                    nullable: nullable || inner.nullable,
                });
            }
            SchemaKind::AllOf { all_of } => {
                return Err(Error::unsupported(
                    &pointer.push("allOf"),
                    format!("`allOf` with {} members", all_of.len()),
                ))
            }
            SchemaKind::OneOf { .. } => {
                return Err(Error::unsupported(&pointer.push("oneOf"), "`oneOf`"))
            }
            SchemaKind::AnyOf { .. } => {
                return Err(Error::unsupported(&pointer.push("anyOf"), "`anyOf`"))
            }
            SchemaKind::Not { .. } => return Err(Error::unsupported(&pointer.push("not"), "`not`")),
            SchemaKind::Any(any) => self.lower_any(schema, any, pointer, hint)?,
        };
        Ok(Lowered { ty, nullable })
    }

    /// Schemas openapiv3 could not classify: free-form values, or keywords without `type`.
    fn lower_any(
        &mut self,
        schema: &Schema,
        any: &AnySchema,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<TypeRef, Error> {
        if !any.one_of.is_empty() {
            return Err(Error::unsupported(&pointer.push("oneOf"), "`oneOf`"));
        }
        if !any.any_of.is_empty() {
            return Err(Error::unsupported(&pointer.push("anyOf"), "`anyOf`"));
        }
        if !any.all_of.is_empty() {
            return Err(Error::unsupported(
                &pointer.push("allOf"),
                "`allOf` combined with other keywords",
            ));
        }
        if any.not.is_some() {
            return Err(Error::unsupported(&pointer.push("not"), "`not`"));
        }
        match any.typ.as_deref() {
            None | Some("object") if is_untyped_object(any) => {
                if any.properties.is_empty() {
                    self.lower_map(any.additional_properties.as_ref(), pointer, hint)
                } else {
                    self.define_inline(schema, pointer, hint)
                }
            }
            None | Some("array") if any.items.is_some() => {
                self.lower_items(any.items.as_ref(), pointer, hint)
            }
            None => Ok(TypeRef::Value),
            Some(other) => Err(Error::unsupported(
                &pointer.push("type"),
                format!("`type: {other}` with the keywords used here"),
            )),
        }
    }

    fn define_inline(
        &mut self,
        schema: &Schema,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<TypeRef, Error> {
        let name = self.type_names.allocate(hint, Case::Pascal);
        let defined = self.define(&name, schema, pointer)?;
        debug_assert!(defined, "define_inline is only called for objects and enums");
        Ok(TypeRef::Named(name))
    }

    fn lower_items(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<TypeRef, Error> {
        let item = match items {
            Some(items) => {
                let lowered =
                    self.lower_boxed(items, &pointer.push("items"), &format!("{hint}Item"))?;
                // A nullable item stays a JSON null inside the list.
                if lowered.nullable {
                    TypeRef::Value
                } else {
                    lowered.ty
                }
            }
            None => TypeRef::Value,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    fn lower_map(
        &mut self,
        additional: Option<&AdditionalProperties>,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<TypeRef, Error> {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => {
                let lowered = self.lower_ref_or_schema(
                    schema,
                    &pointer.push("additionalProperties"),
                    &format!("{hint}Value"),
                )?;
                if lowered.nullable {
                    TypeRef::Value
                } else {
                    lowered.ty
                }
            }
            _ => TypeRef::Value,
        };
        Ok(TypeRef::Map(Box::new(value)))
    }

    fn lower_operations(&mut self) -> Result<Vec<Operation>, Error> {
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
                let operation = self.lower_operation(
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

    fn lower_operation(
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
        let type_hint = sanitize(&operation_id, Case::Pascal);

        let mut arg_names = Namespace::new();
        // Locals of the generated method body.
        for local in ["body", "options", "path", "request", "response"] {
            arg_names.reserve(local);
        }
        let (all_params, fixed_headers) =
            self.lower_params(path, op, path_level_params, pointer, &mut arg_names)?;
        let (params, optional): (Vec<Param>, Vec<Param>) =
            all_params.into_iter().partition(|p| p.required);
        let options = if optional.is_empty() {
            None
        } else {
            let name = self
                .type_names
                .allocate(&format!("{type_hint}Params"), Case::Pascal);
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
            Some(OptionsStruct { name, fields })
        };

        let body = match &op.request_body {
            Some(body) => self.lower_body(body, &pointer.push("requestBody"), &type_hint)?,
            None => None,
        };

        let Responses {
            success,
            errors,
            headers: response_headers,
        } = self.lower_responses(op, &pointer.push("responses"), &type_hint)?;

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

    fn lower_params(
        &mut self,
        path: &str,
        op: &SpecOp,
        path_level: &[ReferenceOr<Parameter>],
        pointer: &Pointer,
        arg_names: &mut Namespace,
    ) -> Result<(Vec<Param>, FixedHeaders), Error> {
        // Operation parameters override path-level ones with the same name and location.
        let mut merged: Vec<(Pointer, &Parameter)> = Vec::new();
        let path_pointer = Pointer::root().push("paths").push(path.to_string());
        let sources = [
            (path_level, path_pointer.push("parameters")),
            (op.parameters.as_slice(), pointer.push("parameters")),
        ];
        for (list, list_pointer) in &sources {
            for (i, param) in list.iter().enumerate() {
                let (param_pointer, param) =
                    self.resolve_parameter(param, &list_pointer.push(i.to_string()))?;
                let key = (location_name(param), param.parameter_data_ref().name.clone());
                merged.retain(|(_, p)| (location_name(p), p.parameter_data_ref().name.clone()) != key);
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
                if let Some(value) = single_allowed_value(schema, self.spec) {
                    fixed_headers.push((data.name.clone(), value));
                    continue;
                }
            }
            let hint = format!(
                "{}{}",
                sanitize(op.operation_id.as_deref().unwrap_or(path), Case::Pascal),
                sanitize(&data.name, Case::Pascal)
            );
            let ty = self
                .lower_ref_or_schema(schema, &param_pointer.push("schema"), &hint)?
                .ty;
            check_param_type(&ty, location, &param_pointer.push("schema"))?;
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
            ParamLocation::Path => (0, template.iter().position(|n| *n == p.wire_name).unwrap_or(0)),
            _ if p.required => (1, 0),
            _ => (2, 0),
        });
        // Optional parameters are named later, as fields of the operation's params struct.
        let names = allocate_natural_first(
            arg_names,
            params.iter().filter(|p| p.required).map(|p| p.wire_name.as_str()),
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
        match param {
            ReferenceOr::Item(p) => Ok((pointer.clone(), p)),
            ReferenceOr::Reference { reference } => {
                let (name, target) = self.component(reference, "parameters", pointer, |c| {
                    &c.parameters
                })?;
                match target {
                    ReferenceOr::Item(p) => Ok((
                        Pointer::root().push("components").push("parameters").push(name),
                        p,
                    )),
                    ReferenceOr::Reference { .. } => Err(Error::unsupported(
                        pointer,
                        "a `$ref` to a parameter that is itself a `$ref`",
                    )),
                }
            }
        }
    }

    /// Looks a `#/components/<section>/<name>` reference up.
    fn component<T>(
        &self,
        reference: &str,
        section: &str,
        pointer: &Pointer,
        get: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Result<(String, &'a ReferenceOr<T>), Error> {
        let prefix = format!("#/components/{section}/");
        let found = reference.strip_prefix(&prefix).and_then(|name| {
            let name = name.replace("~1", "/").replace("~0", "~");
            let components = self.spec.components.as_ref()?;
            get(components).get(&name).map(|t| (name, t))
        });
        found.ok_or_else(|| {
            Error::invalid(
                pointer,
                format!("`$ref: {reference}` does not name an entry of #/components/{section}"),
            )
        })
    }

    fn lower_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        pointer: &Pointer,
        type_hint: &str,
    ) -> Result<Option<Body>, Error> {
        let (pointer, body) = match body {
            ReferenceOr::Item(b) => (pointer.clone(), b),
            ReferenceOr::Reference { reference } => {
                let (name, target) =
                    self.component(reference, "requestBodies", pointer, |c| &c.request_bodies)?;
                match target {
                    ReferenceOr::Item(b) => (
                        Pointer::root().push("components").push("requestBodies").push(name),
                        b,
                    ),
                    ReferenceOr::Reference { .. } => {
                        return Err(Error::unsupported(pointer, "a `$ref` to a `$ref`"))
                    }
                }
            }
        };
        let Some((media, media_type)) = json_media(&body.content) else {
            return match body.content.keys().next() {
                Some(other) => Err(Error::unsupported(
                    &pointer.push("content").push(other.clone()),
                    format!("request body of content type `{other}` (only JSON is supported)"),
                )),
                None => Ok(None),
            };
        };
        let ty = match &media_type.schema {
            Some(schema) => {
                self.lower_ref_or_schema(
                    schema,
                    &pointer.push("content").push(media).push("schema"),
                    &format!("{type_hint}Request"),
                )?
                .ty
            }
            None => TypeRef::Value,
        };
        Ok(Some(Body {
            ty,
            required: body.required,
            description: body.description.clone(),
        }))
    }

    fn resolve_response(
        &self,
        response: &'a ReferenceOr<Response>,
        pointer: &Pointer,
    ) -> Result<(Pointer, &'a Response), Error> {
        match response {
            ReferenceOr::Item(r) => Ok((pointer.clone(), r)),
            ReferenceOr::Reference { reference } => {
                let (name, target) =
                    self.component(reference, "responses", pointer, |c| &c.responses)?;
                match target {
                    ReferenceOr::Item(r) => Ok((
                        Pointer::root().push("components").push("responses").push(name),
                        r,
                    )),
                    ReferenceOr::Reference { .. } => {
                        Err(Error::unsupported(pointer, "a `$ref` to a `$ref`"))
                    }
                }
            }
        }
    }

    /// The JSON body type of a response, or `None` when it has no JSON content.
    fn response_body(
        &mut self,
        response: &Response,
        pointer: &Pointer,
        hint: &str,
    ) -> Result<Option<TypeRef>, Error> {
        let Some((media, media_type)) = json_media(&response.content) else {
            return Ok(None);
        };
        match &media_type.schema {
            Some(schema) => Ok(Some(
                self.lower_ref_or_schema(
                    schema,
                    &pointer.push("content").push(media).push("schema"),
                    hint,
                )?
                .ty,
            )),
            None => Ok(Some(TypeRef::Value)),
        }
    }

    fn lower_responses(
        &mut self,
        op: &'a SpecOp,
        pointer: &Pointer,
        type_hint: &str,
    ) -> Result<Responses, Error> {
        let mut success: Option<(Success, Vec<ResponseHeader>)> = None;
        let mut errors = Vec::new();
        let mut entries: Vec<(StatusMatch, &ReferenceOr<Response>, String)> = op
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
                self.resolve_response(response, &pointer.push(key.clone()))?;
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
                let ty = self.response_body(response, &resp_pointer, &format!("{type_hint}Response"))?;
                let headers = self.response_headers(response, &resp_pointer, type_hint)?;
                success = Some((
                    Success {
                        status: key,
                        description: response.description.clone(),
                        ty,
                    },
                    headers,
                ));
            } else {
                let hint = format!("{type_hint}{}", status_name(&status));
                let body_variant = self
                    .response_body(response, &resp_pointer, &hint)?
                    .map(|ty| self.error_body_variant(ty));
                errors.push(ErrorResponse {
                    status,
                    description: response.description.clone(),
                    body_variant,
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

    fn error_body_variant(&mut self, ty: TypeRef) -> String {
        if let Some(name) = self.error_bodies.get(&ty) {
            return name.clone();
        }
        let raw = match &ty {
            TypeRef::Named(name) => name.clone(),
            TypeRef::Value => "Json".to_string(),
            other => format!("{other:?}"),
        };
        let name = self.error_variant_names.allocate(&raw, Case::Pascal);
        self.error_bodies.insert(ty, name.clone());
        name
    }

    fn response_headers(
        &mut self,
        response: &'a Response,
        pointer: &Pointer,
        type_hint: &str,
    ) -> Result<Vec<ResponseHeader>, Error> {
        let mut headers: Vec<_> = response.headers.iter().collect();
        headers.sort_by(|a, b| a.0.cmp(b.0));
        let mut out = Vec::with_capacity(headers.len());
        for (name, header) in headers {
            let header_pointer = pointer.push("headers").push(name.clone());
            let (header_pointer, header) = match header {
                ReferenceOr::Item(h) => (header_pointer, h),
                ReferenceOr::Reference { reference } => {
                    let (component, target) =
                        self.component(reference, "headers", &header_pointer, |c| &c.headers)?;
                    match target {
                        ReferenceOr::Item(h) => (
                            Pointer::root().push("components").push("headers").push(component),
                            h,
                        ),
                        ReferenceOr::Reference { .. } => {
                            return Err(Error::unsupported(&header_pointer, "a `$ref` to a `$ref`"))
                        }
                    }
                }
            };
            let ty = match &header.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.lower_ref_or_schema(
                        schema,
                        &header_pointer.push("schema"),
                        &format!("{type_hint}{}", sanitize(name, Case::Pascal)),
                    )?
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
                let scheme = schemes.and_then(|s| s.get(name));
                let entry_pointer = req_pointer.push(i.to_string()).push(name.clone());
                match scheme {
                    None => {
                        return Err(Error::invalid(
                            &entry_pointer,
                            format!("security scheme `{name}` is not defined under #/components/securitySchemes"),
                        ))
                    }
                    Some(ReferenceOr::Item(SecurityScheme::HTTP { scheme, .. }))
                        if scheme.eq_ignore_ascii_case("bearer") =>
                    {
                        bearer = true
                    }
                    Some(ReferenceOr::Item(
                        SecurityScheme::OAuth2 { .. } | SecurityScheme::OpenIDConnect { .. },
                    )) => bearer = true,
                    Some(_) => {
                        return Err(Error::unsupported(
                            &Pointer::root()
                                .push("components")
                                .push("securitySchemes")
                                .push(name.clone()),
                            "security schemes other than bearer tokens (http bearer, oauth2, openIdConnect)",
                        ))
                    }
                }
            }
        }
        Ok(bearer)
    }
}

/// `properties`/`additionalProperties` without `type` describe an object.
fn is_untyped_object(any: &AnySchema) -> bool {
    matches!(any.typ.as_deref(), None | Some("object"))
        && (!any.properties.is_empty() || any.additional_properties.is_some())
}

/// Allocates names so that a wire name that is already its own Rust name (`type` → `type_`)
/// keeps it, and look-alikes (`_type`, `Type`) take the suffixed ones. Returns names in input order.
fn allocate_natural_first<'w>(
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

fn lower_enum(values: &[Option<String>]) -> Enum {
    let mut names = Namespace::new();
    let mut seen = BTreeSet::new();
    let mut variants = Vec::new();
    for value in values.iter().flatten() {
        if seen.insert(value.as_str()) {
            variants.push(Variant {
                name: names.allocate(value, Case::Pascal),
                wire: value.clone(),
            });
        }
    }
    let unknown = names.claim("Unknown".to_string(), Case::Pascal);
    Enum { variants, unknown }
}

fn string_type(format: &VariantOrUnknownOrEmpty<StringFormat>) -> TypeRef {
    match format {
        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
        VariantOrUnknownOrEmpty::Unknown(f) if f == "uuid" => TypeRef::Uuid,
        _ => TypeRef::String,
    }
}

fn docs_of(schema: &Schema) -> Docs {
    Docs {
        summary: schema.schema_data.title.clone(),
        description: schema.schema_data.description.clone(),
    }
}

/// The JSON media type of a content map (`application/json` or any `+json`), by name order.
pub(crate) fn json_media(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(String, &openapiv3::MediaType)> {
    let mut candidates: Vec<_> = content
        .iter()
        .filter(|(media, _)| {
            let essence = media.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
            essence == "application/json" || essence.ends_with("+json")
        })
        .collect();
    candidates.sort_by(|a, b| a.0.cmp(b.0));
    candidates.first().map(|(m, t)| ((*m).clone(), *t))
}

fn method_order(method: &str) -> usize {
    ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
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

/// A header whose schema allows exactly one string value is sent automatically.
fn single_allowed_value(schema: &ReferenceOr<Schema>, spec: &OpenAPI) -> Option<String> {
    let schema = match schema {
        ReferenceOr::Item(s) => s,
        ReferenceOr::Reference { reference } => {
            let name = reference.strip_prefix("#/components/schemas/")?;
            spec.components.as_ref()?.schemas.get(name)?.as_item()?
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

fn check_param_type(ty: &TypeRef, location: ParamLocation, pointer: &Pointer) -> Result<(), Error> {
    let scalar = |t: &TypeRef| {
        !matches!(
            t,
            TypeRef::Value | TypeRef::Map(_) | TypeRef::Vec(_) | TypeRef::Boxed(_)
        )
    };
    let ok = match (location, ty) {
        (ParamLocation::Query, TypeRef::Vec(item)) => scalar(item),
        (_, t) => scalar(t),
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

/// Boxes struct fields whose type leads back to the struct itself (directly, through optional
/// fields or aliases), which would otherwise give an infinitely sized type. `Vec` and maps
/// already allocate, so only direct references count.
fn box_recursive_fields(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.clone(), i))
        .collect();
    let edges: Vec<Vec<usize>> = types
        .iter()
        .map(|t| {
            let direct = |ty: &TypeRef| match ty {
                TypeRef::Named(name) => index.get(name.as_str()).copied(),
                _ => None,
            };
            match &t.kind {
                TypeKind::Struct(s) => s.fields.iter().filter_map(|f| direct(&f.ty)).collect(),
                TypeKind::Alias(ty) => direct(ty).into_iter().collect(),
                TypeKind::Enum(_) => Vec::new(),
            }
        })
        .collect();
    let component = strongly_connected(&edges);
    for (i, t) in types.iter_mut().enumerate() {
        if let TypeKind::Struct(s) = &mut t.kind {
            for field in &mut s.fields {
                if let TypeRef::Named(name) = &field.ty {
                    if let Some(&j) = index.get(name.as_str()) {
                        if component[j] == component[i] {
                            field.ty = TypeRef::Boxed(name.clone());
                        }
                    }
                }
            }
        }
    }
}

/// Tarjan's algorithm, iterative so deep reference chains cannot overflow the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    let n = edges.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((v, edge)) = work.pop() {
            if edge == 0 {
                index[v] = next_index;
                low[v] = next_index;
                next_index += 1;
                stack.push(v);
                on_stack[v] = true;
            }
            if let Some(&w) = edges[v].get(edge) {
                work.push((v, edge + 1));
                if index[w] == usize::MAX {
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component[w] = next_component;
                    if w == v {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
        }
    }
    component
}
