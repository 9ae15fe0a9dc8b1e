//! Which list operations page, and how: decided on the finished types, by names.
//!
//! An operation pages when
//! - it has an optional query parameter for a cursor: `after`, `cursor`, `page_token`,
//!   `next_page_token`, `next_token`, `continuation_token`, `starting_after`, `marker`;
//! - its one success body is an object with an array of items (`data`, `items`, `results`,
//!   `entries`, `values`, `records`, or its only array), and
//! - a next-page cursor or link: `next_page`, `next_page_token`, `next_cursor`, `next_token`,
//!   `next`, `cursor`, directly or inside `links`, `pagination`, `meta`, `page_info`, `paging`.
//!
//! A link (a path or URL) carries the cursor in its query under the cursor parameter's name.
//! Deprecated operations get no stream.
//! The extension `x-pagination: false` turns paging off for an operation; `true` insists on it
//! (and makes it an error when the operation does not fit the rule).

use std::collections::BTreeMap;

use crate::ir::{Content, Field, Operation, Pagination, ParamLocation, TypeDef, TypeKind, TypeRef};

const CURSOR_PARAMS: &[&str] = &[
    "after",
    "cursor",
    "page_token",
    "pageToken",
    "next_page_token",
    "next_token",
    "continuation_token",
    "starting_after",
    "marker",
];
const ITEM_FIELDS: &[&str] = &["data", "items", "results", "entries", "values", "records"];
const NEXT_FIELDS: &[&str] = &[
    "next_page",
    "next_page_token",
    "nextPageToken",
    "next_cursor",
    "nextCursor",
    "next_token",
    "next",
    "cursor",
];
const NEXT_CONTAINERS: &[&str] = &["links", "pagination", "meta", "page_info", "paging"];

/// How `op` pages, if it does.
pub(crate) fn detect(op: &Operation, types: &BTreeMap<&str, &TypeDef>) -> Option<Pagination> {
    // No new ways to call what the spec retires.
    if op.deprecated.is_some() {
        return None;
    }
    let cursor = op.params.as_ref()?.fields.iter().find(|p| {
        p.location == ParamLocation::Query
            && !p.required
            && CURSOR_PARAMS.contains(&p.wire_name.as_str())
            && matches!(resolve(&p.ty, types), TypeRef::String)
    })?;
    if op.success.choice.is_some() {
        return None;
    }
    // The body goes with every page's request: only one passed by reference can.
    if let Some(body) = &op.body {
        let by_reference = body.choice.is_none()
            && matches!(
                body.contents[0].kind,
                crate::ir::BodyKind::Json(_) | crate::ir::BodyKind::Form(_)
            );
        if !by_reference {
            return None;
        }
    }
    let Content::Json(body) = op.success.single() else {
        return None;
    };
    let fields = struct_fields(&body, types)?;
    let arrays: Vec<&Field> = fields
        .iter()
        .filter(|f| matches!(resolve(&f.ty, types), TypeRef::Vec(_)))
        .collect();
    let items = ITEM_FIELDS
        .iter()
        .find_map(|name| arrays.iter().find(|f| f.wire_name == *name))
        .or(match arrays.as_slice() {
            [only] => Some(only),
            _ => None,
        })?;
    let TypeRef::Vec(item_type) = resolve(&items.ty, types) else {
        return None;
    };
    let next = next_path(fields, types)?;
    Some(Pagination {
        stream_method: String::new(),
        cursor_field: cursor.name.clone(),
        cursor_param: cursor.wire_name.clone(),
        items: vec![(items.name.clone(), items.is_optional())],
        item_type: (**item_type).clone(),
        next,
    })
}

/// The fields from the body to its next cursor: direct, or one container deep.
fn next_path(fields: &[Field], types: &BTreeMap<&str, &TypeDef>) -> Option<Vec<(String, bool)>> {
    let string = |f: &Field| matches!(resolve(&f.ty, types), TypeRef::String);
    if let Some(next) = NEXT_FIELDS
        .iter()
        .find_map(|n| fields.iter().find(|f| f.wire_name == *n && string(f)))
    {
        return Some(vec![(next.name.clone(), next.is_optional())]);
    }
    NEXT_CONTAINERS.iter().find_map(|container| {
        let outer = fields.iter().find(|f| f.wire_name == *container)?;
        let inner = struct_fields(&outer.ty, types)?;
        let next = NEXT_FIELDS
            .iter()
            .find_map(|n| inner.iter().find(|f| f.wire_name == *n && string(f)))?;
        Some(vec![
            (outer.name.clone(), outer.is_optional()),
            (next.name.clone(), next.is_optional()),
        ])
    })
}

/// Follows aliases by name.
fn resolve<'t>(ty: &'t TypeRef, types: &BTreeMap<&str, &'t TypeDef>) -> &'t TypeRef {
    let mut ty = ty;
    for _ in 0..16 {
        match ty {
            TypeRef::Named(name) | TypeRef::Boxed(name) => {
                match types.get(name.as_str()).map(|t| &t.kind) {
                    Some(TypeKind::Alias(target)) => ty = target,
                    _ => return ty,
                }
            }
            _ => return ty,
        }
    }
    ty
}

fn struct_fields<'t>(ty: &'t TypeRef, types: &BTreeMap<&str, &'t TypeDef>) -> Option<&'t [Field]> {
    match resolve(ty, types) {
        TypeRef::Named(name) | TypeRef::Boxed(name) => match &types.get(name.as_str())?.kind {
            TypeKind::Struct(s) => Some(&s.fields),
            _ => None,
        },
        _ => None,
    }
}
