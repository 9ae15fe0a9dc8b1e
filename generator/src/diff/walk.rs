//! Pairs the two APIs' operations, and in each its parameters, bodies, responses and security,
//! and reports what changed on the wire. Values and named types are compared in `types.rs`.

use std::collections::{BTreeMap, BTreeSet};

use super::rust::{Claim, Pending};
use super::types::{At, Site};
use super::usage::Usage;
use super::{Direction, Group, Severity};
use crate::ir::*;

/// Every wire change between two lowered APIs, with the listing items each one claims.
pub(super) fn walk(old: &Api, new: &Api) -> Vec<Pending> {
    let mut walk = Walk {
        old,
        new,
        old_types: old.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        new_types: new.types.iter().map(|t| (t.name.as_str(), t)).collect(),
        pending: Vec::new(),
        visited: BTreeSet::new(),
        queue: std::collections::VecDeque::new(),
        docs_seen: BTreeSet::new(),
        usage: Usage::new(new),
        old_usage: Usage::new(old),
        old_inline: inline_index(old),
        new_inline: inline_index(new),
    };
    walk.api();
    walk.operations();
    walk.drain();
    // Who uses a shared schema is asked only of the schemas the report names, once each.
    let mut users: BTreeMap<(String, Direction), Vec<String>> = BTreeMap::new();
    let mut pending = std::mem::take(&mut walk.pending);
    for p in &mut pending {
        if let Group::Schema {
            name,
            direction,
            used_by,
        } = &mut p.group
        {
            *used_by = users
                .entry((name.clone(), *direction))
                .or_insert_with(|| {
                    let now = walk.usage.users(name, *direction);
                    if now.is_empty() {
                        walk.old_usage.users(name, *direction)
                    } else {
                        now
                    }
                })
                .clone();
        }
    }
    pending
}

/// Inline (not component) types by the pointer they are declared at.
fn inline_index(api: &Api) -> BTreeMap<&str, &str> {
    api.types
        .iter()
        .filter(|t| !is_component(t))
        .map(|t| (t.origin.as_str(), t.name.as_str()))
        .collect()
}

pub(super) struct Walk<'a> {
    pub old: &'a Api,
    pub new: &'a Api,
    pub old_types: BTreeMap<&'a str, &'a TypeDef>,
    pub new_types: BTreeMap<&'a str, &'a TypeDef>,
    pub pending: Vec<Pending>,
    /// Named type pairs already compared, per direction: a shared type is reported once.
    pub visited: BTreeSet<(String, String, Direction)>,
    /// Named type pairs whose members are still to compare (see `drain`).
    pub queue: std::collections::VecDeque<(At, &'a TypeDef, &'a TypeDef)>,
    /// Docs already compared (they do not depend on direction), by pointer.
    pub docs_seen: BTreeSet<String>,
    /// Who uses each type, in the new API and (for what is gone) the old one.
    usage: Usage<'a>,
    old_usage: Usage<'a>,
    old_inline: BTreeMap<&'a str, &'a str>,
    new_inline: BTreeMap<&'a str, &'a str>,
}

impl<'a> Walk<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        group: &Group,
        rule: impl Into<String>,
        severity: Severity,
        location: &str,
        message: String,
        claims: Vec<Claim>,
        unchanged: &str,
    ) {
        self.pending.push(Pending {
            group: group.clone(),
            rule: rule.into(),
            severity,
            location: location.to_string(),
            message,
            claims,
            unchanged: unchanged.to_string(),
        });
    }

    /// The first kind of position a type is used in, in one direction, in the new API (the
    /// old one for a type that is gone).
    pub fn site_of(&self, name: &str, direction: Direction) -> Option<Site> {
        self.usage
            .site(name, direction)
            .or_else(|| self.old_usage.site(name, direction))
    }

    /// Servers, security schemes and component schemas.
    fn api(&mut self) {
        let group = Group::Api;
        if self.old.base_url != self.new.base_url {
            let show = |url: &Option<String>| url.clone().unwrap_or_else(|| "none".into());
            self.push(
                &group,
                "api-server-url-changed",
                Severity::PossiblyBreaking,
                "/servers/0/url",
                format!(
                    "the first server changed from `{}` to `{}`: clients configured with the old \
                     one call the old address",
                    show(&self.old.base_url),
                    show(&self.new.base_url)
                ),
                Vec::new(),
                "the crate's default base URL follows; a base URL set by the caller is kept",
            );
        }
        self.security_schemes();
        let components =
            |types: &BTreeMap<&'a str, &'a TypeDef>| -> BTreeMap<&'a str, &'a TypeDef> {
                types
                    .iter()
                    .filter(|(_, t)| is_component(t))
                    .map(|(n, t)| (*n, *t))
                    .collect()
            };
        let (before, after) = (components(&self.old_types), components(&self.new_types));
        for (name, def) in &before {
            if !after.contains_key(name) {
                self.push(
                    &group,
                    "api-schema-removed",
                    Severity::NonBreaking,
                    &def.origin,
                    format!("schema `{name}` removed from components"),
                    [
                        vec![Claim::Owner(key::ty(name))],
                        self.inline_under(Some(&format!("{}/", def.origin)), None),
                    ]
                    .concat(),
                    "the type stays: it is still generated for where it is used",
                );
            }
        }
        for (name, def) in &after {
            if !before.contains_key(name) {
                self.push(
                    &group,
                    "api-schema-added",
                    Severity::NonBreaking,
                    &def.origin,
                    format!("schema `{name}` added to components"),
                    [
                        vec![Claim::Owner(key::ty(name))],
                        self.inline_under(None, Some(&format!("{}/", def.origin))),
                    ]
                    .concat(),
                    "the type already existed under this name (an inline schema became a component)",
                );
            }
        }
    }

    fn operations(&mut self) {
        // Two operations can share a route (a path-level server prefix can make two spec
        // paths one URL): within a route they pair by operationId.
        let index = |api: &'a Api| -> BTreeMap<(String, String), Vec<&'a Operation>> {
            let mut out: BTreeMap<(String, String), Vec<&'a Operation>> = BTreeMap::new();
            for op in &api.operations {
                out.entry((op.http_method.clone(), route(&op.path)))
                    .or_default()
                    .push(op);
            }
            out
        };
        let (before, after) = (index(self.old), index(self.new));
        let mut gone: Vec<&'a Operation> = Vec::new();
        let mut came: Vec<&'a Operation> = Vec::new();
        let none = Vec::new();
        let keys: BTreeSet<&(String, String)> = before.keys().chain(after.keys()).collect();
        for key in keys {
            let (was, now) = (
                before.get(key).unwrap_or(&none),
                after.get(key).unwrap_or(&none),
            );
            if let ([a], [b]) = (was.as_slice(), now.as_slice()) {
                self.operation(a, b, false);
                continue;
            }
            for a in was {
                match now.iter().find(|b| b.operation_id == a.operation_id) {
                    Some(b) => self.operation(a, b, false),
                    None => gone.push(a),
                }
            }
            came.extend(
                now.iter()
                    .filter(|b| !was.iter().any(|a| a.operation_id == b.operation_id)),
            );
        }
        // Whether an operation's old path still has others: oasdiff tells the two removals apart.
        let routes: BTreeSet<String> = self.new.operations.iter().map(|o| route(&o.path)).collect();
        let removal = |op: &Operation| removal_rule(routes.contains(&route(&op.path)), op);
        // A route or method that changed under the same operationId is the same operation, moved.
        let mut removed = Vec::new();
        for op in gone {
            let Some(i) = came.iter().position(|n| n.operation_id == op.operation_id) else {
                removed.push(op);
                continue;
            };
            let now = came.remove(i);
            let (rule, severity) = removal(op);
            self.push(
                &op_group(now),
                rule,
                severity,
                &now.pointer,
                format!(
                    "moved from `{} {}` to `{} {}`: clients calling the old one get an error",
                    op.http_method, op.path, now.http_method, now.path,
                ),
                vec![
                    Claim::Owner(key::method(&op.method_name)),
                    Claim::Owner(key::method(&now.method_name)),
                ],
                "the method keeps its name and arguments and calls the new one",
            );
            self.operation(op, now, true);
        }
        for op in removed {
            let (rule, severity) = removal(op);
            let why = if op.deprecated.is_some() {
                "operation removed after its deprecation: clients still calling it get an error"
            } else {
                "operation removed: clients calling it get an error"
            };
            let claims = self.op_claims(true, op);
            self.push(
                &op_group(op),
                rule,
                severity,
                &op.pointer,
                why.into(),
                claims,
                "no item of the crate's API goes with it",
            );
        }
        for op in came {
            let claims = self.op_claims(false, op);
            self.push(
                &op_group(op),
                "endpoint-added",
                Severity::NonBreaking,
                &op.pointer,
                "operation added".into(),
                claims,
                "no new item in the crate's API",
            );
        }
    }

    /// The types declared inline under a pointer, on both sides (an operation's request body,
    /// a component's properties): they come and go with what holds them.
    pub fn inline_under(&self, old_prefix: Option<&str>, new_prefix: Option<&str>) -> Vec<Claim> {
        let mut claims = Vec::new();
        for (index, prefix) in [
            (&self.old_inline, old_prefix),
            (&self.new_inline, new_prefix),
        ] {
            let Some(prefix) = prefix else { continue };
            claims.extend(
                index
                    .range(prefix..)
                    .take_while(|(origin, _)| origin.starts_with(prefix))
                    .map(|(_, name)| Claim::Owner(key::ty(name))),
            );
        }
        claims
    }

    /// What an operation owns in the listing: its method (and stream), its `Params`, body and
    /// response types, and the inline types declared under it.
    fn op_claims(&self, on_old_side: bool, op: &Operation) -> Vec<Claim> {
        let mut claims = vec![Claim::Owner(key::method(&op.method_name))];
        let mut owned: Vec<&str> = Vec::new();
        owned.extend(op.params.as_ref().map(|p| p.name.as_str()));
        if let Some(body) = &op.body {
            owned.extend(body.choice.as_deref());
            for content in &body.contents {
                if let BodyKind::Multipart(name) = &content.kind {
                    owned.push(name);
                }
            }
        }
        owned.extend(op.success.choice.as_deref());
        claims.extend(owned.into_iter().map(|n| Claim::Owner(key::ty(n))));
        let prefix = format!("{}/", op.pointer);
        claims.extend(if on_old_side {
            self.inline_under(Some(&prefix), None)
        } else {
            self.inline_under(None, Some(&prefix))
        });
        claims
    }

    fn operation(&mut self, old: &'a Operation, new: &'a Operation, moved: bool) {
        let group = op_group(new);
        let fns = vec![
            Claim::Owner(key::method(&old.method_name)),
            Claim::Owner(key::method(&new.method_name)),
        ];
        if old.operation_id != new.operation_id {
            let mut claims = self.op_claims(true, old);
            claims.extend(self.op_claims(false, new));
            self.push(
                &group,
                "api-operation-id-removed",
                Severity::NonBreaking,
                &format!("{}/operationId", new.pointer),
                format!(
                    "operationId changed from `{}` to `{}`: the same call on the wire; tools that name code after it rename it",
                    old.operation_id, new.operation_id
                ),
                claims,
                "the method keeps its name",
            );
        }
        match (&old.deprecated, &new.deprecated) {
            (None, Some(_)) => self.push(
                &group,
                "endpoint-deprecated",
                Severity::NonBreaking,
                &format!("{}/deprecated", new.pointer),
                "operation deprecated".into(),
                vec![Claim::Item(key::deprecated(&new.method_name))],
                "",
            ),
            (Some(_), None) => self.push(
                &group,
                "endpoint-reactivated",
                Severity::NonBreaking,
                &format!("{}/deprecated", new.pointer),
                "operation no longer deprecated".into(),
                vec![Claim::Item(key::deprecated(&old.method_name))],
                "",
            ),
            _ => {}
        }
        if old.doc != new.doc {
            self.push(
                &group,
                "operation-description-changed",
                Severity::Documentation,
                &new.pointer,
                "summary or description changed".into(),
                Vec::new(),
                "the method's doc comment changes",
            );
        }
        self.security(&group, old, new);
        self.path_params(&group, old, new, moved, &fns);
        self.params(&group, old, new, &fns);
        self.body(&group, old, new, &fns);
        self.successes(&group, old, new, &fns);
        self.headers(&group, old, new);
        self.errors(&group, old, new);
    }

    /// Path parameters: their order is the order of the method's arguments, so a swap is
    /// reported as breaking even when every signature still compiles.
    fn path_params(
        &mut self,
        group: &Group,
        old: &'a Operation,
        new: &'a Operation,
        moved: bool,
        fns: &[Claim],
    ) {
        let names = |op: &'a Operation| -> Vec<&'a str> {
            op.path_params
                .iter()
                .map(|p| p.wire_name.as_str())
                .collect()
        };
        let (before, after) = (names(old), names(new));
        let mut pairs: Vec<(&'a Param, &'a Param)> = Vec::new();
        let by_name =
            |name: &str, op: &'a Operation| op.path_params.iter().find(|p| p.wire_name == name);
        if moved || before.len() != after.len() {
            for p in &new.path_params {
                match by_name(&p.wire_name, old) {
                    Some(was) => pairs.push((was, p)),
                    None => self.push(
                        group,
                        "new-request-path-parameter",
                        Severity::Breaking,
                        &p.pointer,
                        format!("path parameter `{}` added", p.wire_name),
                        fns.to_vec(),
                        "the method's arguments are unchanged",
                    ),
                }
            }
            for p in &old.path_params {
                if by_name(&p.wire_name, new).is_none() {
                    self.push(
                        group,
                        "request-parameter-removed",
                        Severity::Breaking,
                        &p.pointer,
                        format!("path parameter `{}` removed", p.wire_name),
                        fns.to_vec(),
                        "the method's arguments are unchanged",
                    );
                }
            }
        } else {
            let swapped: Vec<&str> = before
                .iter()
                .enumerate()
                .filter(|(i, name)| {
                    after
                        .iter()
                        .position(|n| n == *name)
                        .is_some_and(|j| j != *i)
                })
                .map(|(_, name)| *name)
                .collect();
            if !swapped.is_empty() {
                let list = swapped
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                self.push(
                    group,
                    "request-path-parameters-reordered",
                    Severity::Breaking,
                    &new.pointer,
                    format!(
                        "path parameters {list} changed places (`{}` → `{}`): clients built on the old \
                         template send each value where another is now expected",
                        old.path, new.path
                    ),
                    fns.to_vec(),
                    "the method's arguments keep their order",
                );
                // Same names where both have them; the rest by position.
                let mut left: Vec<&'a Param> = Vec::new();
                let mut right: Vec<&'a Param> = Vec::new();
                for p in &new.path_params {
                    match by_name(&p.wire_name, old) {
                        Some(was) => pairs.push((was, p)),
                        None => right.push(p),
                    }
                }
                for p in &old.path_params {
                    if by_name(&p.wire_name, new).is_none() {
                        left.push(p);
                    }
                }
                pairs.extend(left.into_iter().zip(right));
            } else {
                if before != after {
                    self.push(
                        group,
                        "request-path-parameter-renamed",
                        Severity::NonBreaking,
                        &new.pointer,
                        format!(
                            "path template changed from `{}` to `{}`: the same URLs",
                            old.path, new.path
                        ),
                        fns.to_vec(),
                        "argument names follow the template; calls are positional and mean the same",
                    );
                }
                pairs.extend(old.path_params.iter().zip(&new.path_params));
            }
        }
        for (was, now) in pairs {
            let at = At {
                group: group.clone(),
                direction: Direction::Request,
                site: Site::Parameter,
                pointer: format!("{}/schema", now.pointer),
                what: format!("path parameter `{}`", now.wire_name),
                claims: fns.to_vec(),
            };
            self.value(&at, &was.ty, &now.ty, &was.wire, &now.wire);
            self.param_docs(group, was, now);
        }
    }
}

/// `/items/{item_id}` → `/items/{}`: renaming a path parameter keeps the route.
fn route(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut inside = false;
    for c in path.chars() {
        match c {
            '{' => {
                inside = true;
                out.push_str("{}");
            }
            '}' => inside = false,
            _ if inside => {}
            _ => out.push(c),
        }
    }
    out
}

/// The rule and severity of an operation that is gone from where it was: oasdiff's ids, by
/// whether its path still has other operations and whether it was deprecated first.
fn removal_rule(path_kept: bool, op: &Operation) -> (&'static str, Severity) {
    match (path_kept, op.deprecated.is_some()) {
        (true, false) => ("api-removed-without-deprecation", Severity::Breaking),
        (true, true) => ("api-removed-with-deprecation", Severity::PossiblyBreaking),
        (false, false) => ("api-path-removed-without-deprecation", Severity::Breaking),
        (false, true) => (
            "api-path-removed-with-deprecation",
            Severity::PossiblyBreaking,
        ),
    }
}

fn op_group(op: &Operation) -> Group {
    Group::Operation {
        method: op.http_method.clone(),
        path: op.path.clone(),
        operation_id: op.operation_id.clone(),
    }
}

pub(super) fn status_key(status: &StatusMatch) -> String {
    match status {
        StatusMatch::Code(n) => n.to_string(),
        StatusMatch::Range(n) => format!("{n}XX"),
        StatusMatch::Default => "default".into(),
    }
}

/// A type declared under `#/components/schemas`, rather than inline where it is used.
pub(super) fn is_component(def: &TypeDef) -> bool {
    def.origin
        .strip_prefix("/components/schemas/")
        .is_some_and(|rest| !rest.contains('/'))
}
