//! Swagger 2.0 documents rewritten, in the tree, into the OpenAPI 3.0 shapes the rest of the
//! generator reads, the way the 3.0 specification's own changes describe:
//!
//! - `definitions`, `parameters`, `responses` and `securityDefinitions` move under
//!   `components` (and every `$ref` to them follows);
//! - `host`, `basePath` and `schemes` become `servers`;
//! - a `body` parameter becomes the `requestBody`, in each media type of `consumes`;
//!   `formData` parameters become one form or multipart object schema (`type: file` is binary);
//! - a response's `schema` and `examples` go under `content`, one entry per `produces` type;
//! - other parameters and headers put their type keywords in a `schema`, and
//!   `collectionFormat` becomes `style` / `explode`;
//! - `x-nullable` is `nullable`, a string `discriminator` is `{propertyName}`, OAuth2's
//!   `flow` becomes `flows`.
//!
//! Each moved part is recorded in the source map, so errors name the 2.0 document's lines.

use serde_json::{json, Map, Value};

use super::sources::SourceMap;
use crate::error::Pointer;

/// The keywords of a 2.0 parameter or header that describe its value: they form its `schema`.
const SCHEMA_KEYWORDS: &[&str] = &[
    "type",
    "format",
    "items",
    "enum",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "multipleOf",
    "x-nullable",
];

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites a Swagger 2.0 document into OpenAPI 3.0.3.
pub(crate) fn convert(doc: &mut Value, sources: &mut SourceMap) {
    let Value::Object(root) = doc else { return };
    let mut out = Map::new();
    out.insert("openapi".into(), json!("3.0.3"));
    for key in ["info", "tags", "externalDocs", "security"] {
        if let Some(value) = root.remove(key) {
            out.insert(key.into(), value);
        }
    }
    // Extensions stay where they were.
    let extensions: Vec<String> = root
        .keys()
        .filter(|k| k.starts_with("x-"))
        .cloned()
        .collect();
    for key in extensions {
        if let Some(value) = root.remove(&key) {
            out.insert(key, value);
        }
    }
    if let Some(servers) = servers(root) {
        out.insert("servers".into(), servers);
    }
    let consumes = media_list(root.get("consumes"));
    let produces = media_list(root.get("produces"));
    let global_params = match root.remove("parameters") {
        Some(Value::Object(params)) => params,
        _ => Map::new(),
    };

    let mut components = Map::new();
    let mut moved: Vec<(Pointer, Pointer)> = Vec::new();
    if let Some(Value::Object(mut definitions)) = root.remove("definitions") {
        for (name, schema) in definitions.iter_mut() {
            fix_schema(schema);
            moved.push((
                Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(name.clone()),
                Pointer::root().push("definitions").push(name.clone()),
            ));
        }
        components.insert("schemas".into(), Value::Object(definitions));
    }
    let mut parameters = Map::new();
    let mut request_bodies = Map::new();
    for (name, param) in &global_params {
        let from = Pointer::root().push("parameters").push(name.clone());
        match param.get("in").and_then(Value::as_str) {
            Some("body") => {
                let (body, _) = body_parameter(param, &consumes);
                request_bodies.insert(name.clone(), body);
                moved.push((
                    Pointer::root()
                        .push("components")
                        .push("requestBodies")
                        .push(name.clone()),
                    from,
                ));
            }
            // Form fields join an operation's body where they are used.
            Some("formData") => {}
            _ => {
                parameters.insert(name.clone(), parameter(param));
                moved.push((
                    Pointer::root()
                        .push("components")
                        .push("parameters")
                        .push(name.clone()),
                    from,
                ));
            }
        }
    }
    if !parameters.is_empty() {
        components.insert("parameters".into(), Value::Object(parameters));
    }
    if !request_bodies.is_empty() {
        components.insert("requestBodies".into(), Value::Object(request_bodies));
    }
    if let Some(Value::Object(responses)) = root.remove("responses") {
        let converted: Map<String, Value> = responses
            .into_iter()
            .map(|(name, r)| {
                moved.push((
                    Pointer::root()
                        .push("components")
                        .push("responses")
                        .push(name.clone()),
                    Pointer::root().push("responses").push(name.clone()),
                ));
                (name, response(r, &produces))
            })
            .collect();
        components.insert("responses".into(), Value::Object(converted));
    }
    if let Some(Value::Object(schemes)) = root.remove("securityDefinitions") {
        let converted: Map<String, Value> = schemes
            .into_iter()
            .map(|(name, s)| {
                moved.push((
                    Pointer::root()
                        .push("components")
                        .push("securitySchemes")
                        .push(name.clone()),
                    Pointer::root()
                        .push("securityDefinitions")
                        .push(name.clone()),
                ));
                (name, security_scheme(s))
            })
            .collect();
        components.insert("securitySchemes".into(), Value::Object(converted));
    }

    let mut paths = Map::new();
    if let Some(Value::Object(items)) = root.remove("paths") {
        for (path, item) in items {
            let at = Pointer::root().push("paths").push(path.clone());
            let item = path_item(item, &global_params, &consumes, &produces, &at, &mut moved);
            paths.insert(path, item);
        }
    }
    out.insert("paths".into(), Value::Object(paths));
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    let mut converted = Value::Object(out);
    rewrite_refs(&mut converted, &global_params);
    *doc = converted;
    for (at, from) in moved {
        sources.moved(&at, 0, &from);
    }
}

/// `schemes` × `host` + `basePath`; a relative server when there is no host.
fn servers(root: &Map<String, Value>) -> Option<Value> {
    let base = root.get("basePath").and_then(Value::as_str).unwrap_or("");
    let base = base.trim_end_matches('/');
    let Some(host) = root.get("host").and_then(Value::as_str) else {
        return (!base.is_empty()).then(|| json!([{ "url": base }]));
    };
    let schemes: Vec<&str> = root
        .get("schemes")
        .and_then(Value::as_array)
        .map(|s| s.iter().filter_map(Value::as_str).collect())
        .filter(|s: &Vec<&str>| !s.is_empty())
        .unwrap_or_else(|| vec!["https"]);
    // HTTPS first: it is what a client should use when the document offers both.
    let mut schemes = schemes;
    schemes.sort_by_key(|s| *s != "https");
    Some(Value::Array(
        schemes
            .into_iter()
            .map(|scheme| json!({ "url": format!("{scheme}://{host}{base}") }))
            .collect(),
    ))
}

fn media_list(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_array)
        .map(|v| {
            v.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn path_item(
    item: Value,
    global_params: &Map<String, Value>,
    consumes: &[String],
    produces: &[String],
    at: &Pointer,
    moved: &mut Vec<(Pointer, Pointer)>,
) -> Value {
    let Value::Object(mut item) = item else {
        return item;
    };
    if item.contains_key("$ref") {
        return Value::Object(item);
    }
    let shared: Vec<Value> = match item.remove("parameters") {
        Some(Value::Array(params)) => params,
        _ => Vec::new(),
    };
    // Path-level parameters that stay parameters stay at the path level; body and form
    // parameters join each operation's body.
    let (shared_bodies, shared_params): (Vec<Value>, Vec<Value>) = shared
        .into_iter()
        .partition(|p| is_body_or_form(p, global_params));
    if !shared_params.is_empty() {
        item.insert(
            "parameters".into(),
            Value::Array(shared_params.into_iter().map(parameter_or_ref).collect()),
        );
    }
    for method in METHODS {
        let Some(Value::Object(op)) = item.get_mut(*method) else {
            continue;
        };
        let op_at = at.push(*method);
        let consumes = match op.get("consumes") {
            Some(v) => media_list(Some(v)),
            None => consumes.to_vec(),
        };
        let produces = match op.get("produces") {
            Some(v) => media_list(Some(v)),
            None => produces.to_vec(),
        };
        op.remove("consumes");
        op.remove("produces");
        op.remove("schemes");
        let own: Vec<Value> = match op.remove("parameters") {
            Some(Value::Array(params)) => params,
            _ => Vec::new(),
        };
        let mut params = Vec::new();
        let mut body = None;
        let mut form: Vec<Value> = Vec::new();
        let own_indexed = own.into_iter().enumerate().map(|(i, p)| (Some(i), p));
        let shared_indexed = shared_bodies.iter().map(|p| (None, p.clone()));
        for (index, param) in shared_indexed.chain(own_indexed) {
            let resolved = resolve(&param, global_params);
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    body = Some(match param.get("$ref").and_then(Value::as_str) {
                        Some(reference) => json!({ "$ref": reference }),
                        None => body_parameter(&param, &consumes).0,
                    });
                    if let Some(i) = index {
                        moved.push((
                            op_at.push("requestBody"),
                            op_at.push("parameters").push(i.to_string()),
                        ));
                    }
                }
                Some("formData") => {
                    form.retain(|f| f.get("name") != resolved.get("name"));
                    form.push(resolved.clone());
                }
                _ => params.push(parameter_or_ref(param)),
            }
        }
        if !params.is_empty() {
            op.insert("parameters".into(), Value::Array(params));
        }
        if let Some(body) = body {
            op.insert("requestBody".into(), body);
        } else if !form.is_empty() {
            op.insert("requestBody".into(), form_body(&form, &consumes));
        }
        if let Some(Value::Object(responses)) = op.remove("responses") {
            let converted: Map<String, Value> = responses
                .into_iter()
                .map(|(code, r)| {
                    if r.get("schema").is_some() {
                        let from = op_at.push("responses").push(code.clone()).push("schema");
                        for media in produces_or_json(&produces) {
                            moved.push((
                                op_at
                                    .push("responses")
                                    .push(code.clone())
                                    .push("content")
                                    .push(media)
                                    .push("schema"),
                                from.clone(),
                            ));
                        }
                    }
                    (code, response(r, &produces))
                })
                .collect();
            op.insert("responses".into(), Value::Object(converted));
        }
    }
    Value::Object(item)
}

fn is_body_or_form(param: &Value, global_params: &Map<String, Value>) -> bool {
    matches!(
        resolve(param, global_params)
            .get("in")
            .and_then(Value::as_str),
        Some("body" | "formData")
    )
}

/// A parameter, following a `$ref` to the document's `parameters`.
fn resolve<'v>(param: &'v Value, global_params: &'v Map<String, Value>) -> &'v Value {
    param
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix("#/parameters/"))
        .and_then(|name| global_params.get(&Pointer::unescape(name)))
        .unwrap_or(param)
}

fn produces_or_json(produces: &[String]) -> Vec<String> {
    if produces.is_empty() {
        vec!["application/json".to_string()]
    } else {
        produces.to_vec()
    }
}

/// A body parameter as a request body, and its schema.
fn body_parameter(param: &Value, consumes: &[String]) -> (Value, Value) {
    let mut schema = param.get("schema").cloned().unwrap_or_else(|| json!({}));
    fix_schema(&mut schema);
    let content: Map<String, Value> = produces_or_json(consumes)
        .into_iter()
        .map(|media| (media, json!({ "schema": schema.clone() })))
        .collect();
    let mut body = Map::new();
    if let Some(description) = param.get("description") {
        body.insert("description".into(), description.clone());
    }
    if let Some(required) = param.get("required") {
        body.insert("required".into(), required.clone());
    }
    body.insert("content".into(), Value::Object(content));
    copy_extensions(param, &mut body);
    (Value::Object(body), schema)
}

/// `formData` parameters as one object schema, sent as multipart when the operation consumes
/// it (or a file is sent), as a form otherwise.
fn form_body(fields: &[Value], consumes: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    let mut has_file = false;
    for field in fields {
        let Some(name) = field.get("name").and_then(Value::as_str) else {
            continue;
        };
        let mut schema = value_schema(field);
        has_file |= schema.get("format").and_then(Value::as_str) == Some("binary");
        if let (Some(description), Value::Object(map)) = (field.get("description"), &mut schema) {
            map.insert("description".into(), description.clone());
        }
        properties.insert(name.to_string(), schema);
        if field.get("required") == Some(&Value::Bool(true)) {
            required.push(Value::String(name.to_string()));
        }
    }
    let mut schema = json!({ "type": "object", "properties": properties });
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    let multipart = consumes.iter().any(|c| c.starts_with("multipart/"));
    let media = if multipart || has_file {
        consumes
            .iter()
            .find(|c| c.starts_with("multipart/"))
            .cloned()
            .unwrap_or_else(|| "multipart/form-data".into())
    } else {
        "application/x-www-form-urlencoded".into()
    };
    json!({ "content": { media: { "schema": schema } } })
}

/// A non-body parameter: its type keywords in a `schema`, `collectionFormat` as a style.
fn parameter(param: &Value) -> Value {
    let Value::Object(map) = param else {
        return param.clone();
    };
    if map.contains_key("$ref") {
        return param.clone();
    }
    let mut out = Map::new();
    for (key, value) in map {
        if !SCHEMA_KEYWORDS.contains(&key.as_str())
            && key != "collectionFormat"
            && key != "allowEmptyValue"
        {
            out.insert(key.clone(), value.clone());
        }
    }
    out.insert("schema".into(), value_schema(param));
    if map.get("in").and_then(Value::as_str) == Some("path") {
        out.insert("required".into(), Value::Bool(true));
    }
    if map.get("type").and_then(Value::as_str) == Some("array") {
        let location = map.get("in").and_then(Value::as_str).unwrap_or("query");
        let format = map
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        match (location, format) {
            ("query", "multi") => {
                out.insert("style".into(), json!("form"));
                out.insert("explode".into(), json!(true));
            }
            ("query", "ssv") => {
                out.insert("style".into(), json!("spaceDelimited"));
            }
            ("query", "pipes") => {
                out.insert("style".into(), json!("pipeDelimited"));
            }
            ("query", _) => {
                out.insert("style".into(), json!("form"));
                out.insert("explode".into(), json!(false));
            }
            _ => {
                out.insert("style".into(), json!("simple"));
            }
        }
    }
    Value::Object(out)
}

fn parameter_or_ref(param: Value) -> Value {
    if param.get("$ref").is_some() {
        param
    } else {
        parameter(&param)
    }
}

/// The schema a 2.0 parameter or header describes with its own keywords.
fn value_schema(param: &Value) -> Value {
    let mut schema = Map::new();
    if let Value::Object(map) = param {
        for key in SCHEMA_KEYWORDS {
            if let Some(value) = map.get(*key) {
                schema.insert(key.to_string(), value.clone());
            }
        }
    }
    let mut schema = Value::Object(schema);
    fix_schema(&mut schema);
    schema
}

/// A response: `schema` and `examples` under `content`; headers' keywords in a `schema`.
fn response(response: Value, produces: &[String]) -> Value {
    let Value::Object(mut map) = response else {
        return response;
    };
    if map.contains_key("$ref") {
        return Value::Object(map);
    }
    let schema = map.remove("schema");
    let examples = map.remove("examples");
    if let Some(mut schema) = schema {
        fix_schema(&mut schema);
        let mut content = Map::new();
        for media in produces_or_json(produces) {
            let mut entry = Map::new();
            entry.insert("schema".into(), schema.clone());
            if let Some(example) = examples.as_ref().and_then(|e| e.get(&media)) {
                entry.insert("example".into(), example.clone());
            }
            content.insert(media, Value::Object(entry));
        }
        map.insert("content".into(), Value::Object(content));
    }
    if let Some(Value::Object(headers)) = map.get_mut("headers") {
        for header in headers.values_mut() {
            if header.get("$ref").is_none() {
                *header = parameter(header);
                if let Value::Object(h) = header {
                    h.remove("style");
                }
            }
        }
    }
    map.entry("description").or_insert_with(|| json!(""));
    Value::Object(map)
}

fn security_scheme(scheme: Value) -> Value {
    let Value::Object(map) = &scheme else {
        return scheme;
    };
    let mut out = Map::new();
    if let Some(description) = map.get("description") {
        out.insert("description".into(), description.clone());
    }
    copy_extensions(&scheme, &mut out);
    match map.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), json!("http"));
            out.insert("scheme".into(), json!("basic"));
        }
        Some("apiKey") => {
            out.insert("type".into(), json!("apiKey"));
            for key in ["name", "in"] {
                if let Some(v) = map.get(key) {
                    out.insert(key.into(), v.clone());
                }
            }
        }
        Some("oauth2") => {
            out.insert("type".into(), json!("oauth2"));
            let scopes = map.get("scopes").cloned().unwrap_or_else(|| json!({}));
            let get = |key: &str| map.get(key).cloned().unwrap_or_else(|| json!(""));
            let (name, flow) = match map.get("flow").and_then(Value::as_str) {
                Some("implicit") => (
                    "implicit",
                    json!({ "authorizationUrl": get("authorizationUrl"), "scopes": scopes }),
                ),
                Some("password") => (
                    "password",
                    json!({ "tokenUrl": get("tokenUrl"), "scopes": scopes }),
                ),
                Some("application") => (
                    "clientCredentials",
                    json!({ "tokenUrl": get("tokenUrl"), "scopes": scopes }),
                ),
                _ => (
                    "authorizationCode",
                    json!({
                        "authorizationUrl": get("authorizationUrl"),
                        "tokenUrl": get("tokenUrl"),
                        "scopes": scopes
                    }),
                ),
            };
            out.insert("flows".into(), json!({ name: flow }));
        }
        _ => return scheme,
    }
    Value::Object(out)
}

fn copy_extensions(from: &Value, to: &mut Map<String, Value>) {
    if let Value::Object(map) = from {
        for (key, value) in map {
            if key.starts_with("x-") {
                to.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Schema keywords 2.0 spells differently, at every depth.
fn fix_schema(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    if map.get("type").and_then(Value::as_str) == Some("file") {
        map.insert("type".into(), json!("string"));
        map.insert("format".into(), json!("binary"));
    }
    if let Some(nullable) = map.remove("x-nullable") {
        map.insert("nullable".into(), nullable);
    }
    if let Some(Value::String(property)) = map.get("discriminator") {
        let property = property.clone();
        map.insert("discriminator".into(), json!({ "propertyName": property }));
    }
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" => {
                if let Value::Object(props) = child {
                    props.values_mut().for_each(fix_schema);
                }
            }
            "items" | "additionalProperties" | "not" => fix_schema(child),
            "allOf" | "oneOf" | "anyOf" => {
                if let Value::Array(members) = child {
                    members.iter_mut().for_each(fix_schema);
                }
            }
            _ => {}
        }
    }
}

/// `#/definitions/X` → `#/components/schemas/X`, and the same for parameters (body ones
/// become request bodies), responses and security definitions. Data is not searched.
fn rewrite_refs(value: &mut Value, global_params: &Map<String, Value>) {
    rewrite_refs_under(value, "", global_params)
}

/// `parent` is the key `value` is under: a map of properties or responses holds named
/// entries (a property or a response may be called `default` or `example`), anything else
/// with those keys holds data.
fn rewrite_refs_under(value: &mut Value, parent: &str, global_params: &Map<String, Value>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get_mut("$ref") {
                if let Some(rewritten) = rewrite_ref(reference, global_params) {
                    *reference = rewritten;
                }
            }
            let named_entries = matches!(
                parent,
                "properties" | "responses" | "definitions" | "schemas" | "parameters" | "paths"
            );
            for (key, child) in map.iter_mut() {
                let data = matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                    || key.starts_with("x-");
                if data && !named_entries {
                    continue;
                }
                rewrite_refs_under(child, key, global_params);
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rewrite_refs_under(item, parent, global_params)),
        _ => {}
    }
}

fn rewrite_ref(reference: &str, global_params: &Map<String, Value>) -> Option<String> {
    let (file, fragment) = reference.split_once('#')?;
    let rest = fragment.strip_prefix('/')?;
    let (section, name) = rest.split_once('/').unwrap_or((rest, ""));
    let section = match section {
        "definitions" => "schemas",
        "responses" => "responses",
        "securityDefinitions" => "securitySchemes",
        "parameters" if file.is_empty() => {
            let first = name.split('/').next().unwrap_or(name);
            match global_params
                .get(&Pointer::unescape(first))
                .and_then(|p| p.get("in"))
                .and_then(Value::as_str)
            {
                Some("body") => "requestBodies",
                _ => "parameters",
            }
        }
        _ => return None,
    };
    Some(format!("{file}#/components/{section}/{name}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_swagger_document_takes_openapi_3_shapes() {
        let mut doc = json!({
            "swagger": "2.0",
            "info": {"title": "Pets", "version": "1"},
            "host": "api.example.com",
            "basePath": "/v1/",
            "schemes": ["http", "https"],
            "consumes": ["application/json"],
            "produces": ["application/json"],
            "parameters": {
                "Limit": {"name": "limit", "in": "query", "type": "integer", "format": "int32"},
                "PetBody": {"name": "pet", "in": "body", "required": true, "schema": {"$ref": "#/definitions/Pet"}}
            },
            "paths": {
                "/pets": {
                    "get": {
                        "parameters": [
                            {"$ref": "#/parameters/Limit"},
                            {"name": "tags", "in": "query", "type": "array", "items": {"type": "string"}, "collectionFormat": "multi"}
                        ],
                        "responses": {"200": {"description": "ok", "schema": {"type": "array", "items": {"$ref": "#/definitions/Pet"}},
                            "headers": {"X-Rate": {"type": "integer"}}}}
                    },
                    "post": {
                        "parameters": [{"$ref": "#/parameters/PetBody"}],
                        "responses": {"201": {"description": "made"}}
                    }
                },
                "/pets/{id}/photo": {
                    "parameters": [{"name": "id", "in": "path", "type": "string"}],
                    "put": {
                        "consumes": ["multipart/form-data"],
                        "parameters": [
                            {"name": "file", "in": "formData", "type": "file", "required": true},
                            {"name": "note", "in": "formData", "type": "string"}
                        ],
                        "responses": {"204": {"description": "done"}}
                    }
                }
            },
            "definitions": {"Pet": {"type": "object", "discriminator": "kind", "properties": {"kind": {"type": "string"}, "tag": {"type": "string", "x-nullable": true}}}},
            "securityDefinitions": {"oauth": {"type": "oauth2", "flow": "application", "tokenUrl": "https://x/token", "scopes": {"read": "r"}}}
        });
        let mut sources = SourceMap::new(Some("pets.json"), "{}");
        convert(&mut doc, &mut sources);
        assert_eq!(doc["openapi"], "3.0.3");
        assert_eq!(
            doc["servers"],
            json!([{"url": "https://api.example.com/v1"}, {"url": "http://api.example.com/v1"}])
        );
        let get = &doc["paths"]["/pets"]["get"];
        assert_eq!(
            get["parameters"][0],
            json!({"$ref": "#/components/parameters/Limit"})
        );
        assert_eq!(
            get["parameters"][1],
            json!({"name": "tags", "in": "query", "style": "form", "explode": true,
                   "schema": {"type": "array", "items": {"type": "string"}}})
        );
        let ok = &get["responses"]["200"];
        assert_eq!(
            ok["content"]["application/json"]["schema"]["items"]["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(
            ok["headers"]["X-Rate"]["schema"],
            json!({"type": "integer"})
        );
        assert_eq!(
            doc["paths"]["/pets"]["post"]["requestBody"],
            json!({"$ref": "#/components/requestBodies/PetBody"})
        );
        let photo = &doc["paths"]["/pets/{id}/photo"];
        assert_eq!(photo["parameters"][0]["required"], true);
        let form = &photo["put"]["requestBody"]["content"]["multipart/form-data"]["schema"];
        assert_eq!(
            form["properties"]["file"],
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(form["required"], json!(["file"]));
        let pet = &doc["components"]["schemas"]["Pet"];
        assert_eq!(pet["discriminator"], json!({"propertyName": "kind"}));
        assert_eq!(pet["properties"]["tag"]["nullable"], true);
        assert_eq!(
            doc["components"]["securitySchemes"]["oauth"]["flows"]["clientCredentials"]["tokenUrl"],
            "https://x/token"
        );
        assert_eq!(
            doc["components"]["requestBodies"]["PetBody"]["content"]["application/json"]["schema"]
                ["$ref"],
            "#/components/schemas/Pet"
        );
        assert_eq!(
            sources
                .locate("/components/schemas/Pet/properties/tag")
                .pointer,
            "/definitions/Pet/properties/tag"
        );
    }
}
