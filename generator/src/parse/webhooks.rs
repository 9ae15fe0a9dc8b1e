//! Webhooks (3.1's `webhooks`, or `x-webhooks` in a 3.0 document) as schemas generation reads:
//! each delivery's JSON body becomes a component schema named after the webhook (a `$ref`
//! stays what it refers to), and
//! one more, the `WebhookEvent`, is their `oneOf` with a discriminator whose values are the
//! webhooks' names, on the property `x-webhook-event-property` names (`type` by default). The
//! union lowering makes of it keeps an event of a type this version does not know whole, in
//! its `Unknown` variant.

use serde_json::{json, Map, Value};

use super::sources::SourceMap;
use crate::error::Pointer;
use crate::names::{sanitize, Case};

/// The name the event union takes among the component schemas, unless one has it.
pub(crate) const EVENT: &str = "WebhookEvent";

/// Adds the webhooks' schemas and their union to `components/schemas`; the union's name, when
/// the document has webhooks with JSON bodies.
pub(crate) fn fold(doc: &mut Value, sources: &mut SourceMap) -> Option<String> {
    let root = doc.as_object_mut()?;
    let (key, hooks) = ["webhooks", "x-webhooks"]
        .iter()
        .find_map(|key| Some((*key, root.get(*key)?.as_object()?.clone())))?;
    let property = root
        .get("x-webhook-event-property")
        .and_then(Value::as_str)
        .unwrap_or("type")
        .to_string();
    let request_bodies = root
        .get("components")
        .and_then(|c| c.get("requestBodies"))
        .cloned();
    let schemas = root
        .entry("components")
        .or_insert_with(|| json!({}))
        .as_object_mut()?
        .entry("schemas")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    let mut members = Vec::new();
    let mut mapping = Map::new();
    for (name, item) in &hooks {
        if name.starts_with("x-") {
            continue;
        }
        let at = Pointer::root().push(key).push(name.clone()).push("post");
        let Some(mut body) = item.get("post").and_then(|p| p.get("requestBody")) else {
            continue;
        };
        // A shared request body, by reference.
        if let Some(target) = body.get("$ref").and_then(Value::as_str) {
            let shared = target
                .strip_prefix("#/components/requestBodies/")
                .and_then(|n| request_bodies.as_ref()?.get(n));
            match shared {
                Some(shared) => body = shared,
                None => continue,
            }
        }
        let Some((media_type, schema)) = body
            .get("content")
            .and_then(Value::as_object)
            .and_then(|content| {
                content.iter().find(|(media, _)| {
                    let media = media.split(';').next().unwrap_or_default().trim();
                    media == "application/json" || media.ends_with("+json")
                })
            })
            .and_then(|(media, c)| Some((media.clone(), c.get("schema")?.clone())))
        else {
            continue;
        };
        let reference = match schema.get("$ref").and_then(Value::as_str) {
            Some(target) if schema.as_object().is_some_and(|o| o.len() == 1) => target.to_string(),
            _ => {
                let component = free(schemas, &sanitize(name, Case::Pascal));
                // The webhook's own words on its event, when its body's schema has none.
                let mut schema = schema;
                let said = item
                    .get("post")
                    .and_then(|p| p.get("description").or_else(|| p.get("summary")))
                    .cloned();
                if let (Some(object), Some(said)) = (schema.as_object_mut(), said) {
                    object.entry("description").or_insert(said);
                }
                schemas.insert(component.clone(), schema);
                let from = at
                    .push("requestBody")
                    .push("content")
                    .push(media_type)
                    .push("schema");
                let to = Pointer::root()
                    .push("components")
                    .push("schemas")
                    .push(component.clone());
                sources.moved(&to, 0, &from);
                format!("#/components/schemas/{}", escape(&component))
            }
        };
        members.push(json!({ "$ref": reference }));
        mapping.insert(name.clone(), Value::String(reference));
    }
    if members.is_empty() {
        return None;
    }
    let event = free(schemas, EVENT);
    let union_at = Pointer::root()
        .push("components")
        .push("schemas")
        .push(event.clone());
    sources.moved(&union_at, 0, &Pointer::root().push(key));
    schemas.insert(
        event.clone(),
        json!({
            "description": format!(
                "A webhook delivery: one of the events the document's `{key}` describe, by its `{property}`. An event of a type this version does not know is kept whole."
            ),
            "oneOf": members,
            "discriminator": { "propertyName": property, "mapping": mapping },
        }),
    );
    Some(event)
}

/// `name`, or `name2` (and so on) when a schema has it.
fn free(schemas: &Map<String, Value>, name: &str) -> String {
    let mut candidate = name.to_string();
    let mut n = 2;
    while schemas.contains_key(&candidate) {
        candidate = format!("{name}{n}");
        n += 1;
    }
    candidate
}

/// A JSON pointer segment (RFC 6901).
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}
