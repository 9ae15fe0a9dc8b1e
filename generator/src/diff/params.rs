//! Query, header and cookie parameters, and the headers the client sends by itself.

use std::collections::{BTreeMap, BTreeSet};

use super::rust::Claim;
use super::types::{At, Site};
use super::walk::Walk;
use super::{Direction, Group, Severity};
use crate::ir::*;

impl<'a> Walk<'a> {
    /// Query, header and cookie parameters, and headers the client sends by itself.
    pub(super) fn params(
        &mut self,
        group: &Group,
        old: &'a Operation,
        new: &'a Operation,
        fns: &[Claim],
    ) {
        let (before, after) = (query_params(old), query_params(new));
        let claims_for = |walk: &Self, was: Option<&Query<'a>>, now: Option<&Query<'a>>| {
            walk.param_claims((old, was), (new, now), fns)
        };
        // A name that left one location for another is the same parameter, moved.
        let mut moved: Vec<(&Key, &Key)> = Vec::new();
        for from in before.keys().filter(|k| !after.contains_key(*k)) {
            let to = after.keys().find(|to| {
                to.1 == from.1 && !before.contains_key(*to) && !moved.iter().any(|(_, t)| t == to)
            });
            if let Some(to) = to {
                moved.push((from, to));
            }
        }
        for (from, to) in &moved {
            let (was, now) = (&before[*from], &after[*to]);
            let claims = claims_for(self, Some(was), Some(now));
            self.push(
                group,
                "request-parameter-location-changed",
                Severity::Breaking,
                &now.pointer(new),
                format!(
                    "parameter `{}` moved from the {} to the {}: clients send it where the server no longer reads it",
                    to.1,
                    location_word(from.0),
                    location_word(to.0)
                ),
                claims.clone(),
                "the same field of the parameters struct; the client sends it in the new place",
            );
            self.param_pair(group, new, was, now, location_word(to.0), &to.1, &claims);
        }
        let keys: BTreeSet<&Key> = before.keys().chain(after.keys()).collect();
        for key in keys {
            if moved.iter().any(|(from, to)| *from == key || *to == key) {
                continue;
            }
            let (location, name) = (location_word(key.0), &key.1);
            match (before.get(key), after.get(key)) {
                (None, Some(p)) => {
                    let (rule, severity, what) = if p.required() {
                        (
                            "new-required-request-parameter",
                            Severity::Breaking,
                            "required",
                        )
                    } else {
                        (
                            "new-optional-request-parameter",
                            Severity::NonBreaking,
                            "optional",
                        )
                    };
                    let mut message = format!("{what} {location} parameter `{name}` added");
                    let mut unchanged = "";
                    if let Query::Fixed(value) = p {
                        message.push_str(&format!(
                            " (its only allowed value is `{value}`): other clients must send it"
                        ));
                        unchanged = "the crate sends it by itself: no new argument";
                    }
                    self.push(
                        group,
                        rule,
                        severity,
                        &p.pointer(new),
                        message,
                        claims_for(self, None, Some(p)),
                        unchanged,
                    );
                }
                (Some(p), None) => self.push(
                    group,
                    "request-parameter-removed",
                    Severity::PossiblyBreaking,
                    &p.pointer(old),
                    format!(
                        "{location} parameter `{name}` removed: the server may reject or ignore it"
                    ),
                    claims_for(self, Some(p), None),
                    match p {
                        Query::Fixed(_) => "the crate sent it by itself",
                        Query::Param(_) => "",
                    },
                ),
                (Some(was), Some(now)) => {
                    let claims = claims_for(self, Some(was), Some(now));
                    self.param_pair(group, new, was, now, location, name, &claims)
                }
                (None, None) => {}
            }
        }
    }

    /// A parameter's listing items: its field of `{Op}Params`, that struct's constructors, the
    /// inline types declared under it; and the method and the whole struct when the struct
    /// itself comes or goes (the method gains or loses its `params` argument).
    fn param_claims(
        &self,
        (old, was): (&'a Operation, Option<&Query<'a>>),
        (new, now): (&'a Operation, Option<&Query<'a>>),
        fns: &[Claim],
    ) -> Vec<Claim> {
        let struct_of = |op: &'a Operation| op.params.as_ref().map(|p| p.name.as_str());
        let (was_struct, now_struct) = (struct_of(old), struct_of(new));
        let mut claims = Vec::new();
        for (params, q) in [(was_struct, was), (now_struct, now)] {
            let Some(params) = params else { continue };
            if let Some(Query::Param(p)) = q {
                claims.push(Claim::Item(key::field(params, &p.name)));
            }
            claims.push(Claim::Item(key::new(params)));
            claims.push(Claim::Item(key::default(params)));
        }
        if was_struct != now_struct {
            claims.extend(fns.iter().cloned());
            claims.extend(
                [was_struct, now_struct]
                    .into_iter()
                    .flatten()
                    .map(|n| Claim::Owner(key::ty(n))),
            );
        }
        claims.extend(self.inline_under(
            was.map(|q| format!("{}/", q.pointer(old))).as_deref(),
            now.map(|q| format!("{}/", q.pointer(new))).as_deref(),
        ));
        claims
    }

    #[allow(clippy::too_many_arguments)]
    fn param_pair(
        &mut self,
        group: &Group,
        op: &'a Operation,
        was: &Query<'a>,
        now: &Query<'a>,
        location: &str,
        name: &str,
        claims: &[Claim],
    ) {
        let at_ptr = now.pointer(op);
        match (was, now) {
            (Query::Fixed(a), Query::Fixed(b)) => {
                if a != b {
                    self.push(
                        group,
                        "request-parameter-enum-value-removed",
                        Severity::Breaking,
                        &at_ptr,
                        format!("{location} parameter `{name}` now allows only `{b}` (it allowed only `{a}`)"),
                        claims.to_vec(),
                        "the crate sends the new value by itself",
                    );
                }
            }
            (Query::Fixed(a), Query::Param(_)) => self.push(
                group,
                "request-parameter-enum-value-added",
                Severity::NonBreaking,
                &at_ptr,
                format!("{location} parameter `{name}` now allows more than `{a}`"),
                claims.to_vec(),
                "",
            ),
            (Query::Param(_), Query::Fixed(b)) => self.push(
                group,
                "request-parameter-enum-value-removed",
                Severity::Breaking,
                &at_ptr,
                format!("{location} parameter `{name}` now allows only `{b}`"),
                claims.to_vec(),
                "",
            ),
            (Query::Param(a), Query::Param(b)) => {
                if a.required != b.required {
                    let (rule, severity) = if b.required {
                        ("request-parameter-became-required", Severity::Breaking)
                    } else {
                        ("request-parameter-became-optional", Severity::NonBreaking)
                    };
                    self.push(
                        group,
                        rule,
                        severity,
                        &at_ptr,
                        format!(
                            "{location} parameter `{name}` became {}",
                            if b.required { "required" } else { "optional" }
                        ),
                        claims.to_vec(),
                        "",
                    );
                }
                // Another location has its own style; the move is what is reported.
                if a.location == b.location && a.style != b.style {
                    self.push(
                        group,
                        "request-parameter-style-changed",
                        Severity::Breaking,
                        &at_ptr,
                        format!(
                            "{location} parameter `{name}` is written another way ({} instead of {}): the server reads old clients' values wrongly or not at all",
                            style_word(b.style),
                            style_word(a.style)
                        ),
                        claims.to_vec(),
                        "the client writes it the new way",
                    );
                }
                if !a.deprecated && b.deprecated {
                    self.push(
                        group,
                        "request-parameter-deprecated",
                        Severity::NonBreaking,
                        &at_ptr,
                        format!("{location} parameter `{name}` deprecated"),
                        claims.to_vec(),
                        "",
                    );
                }
                let at = At {
                    group: group.clone(),
                    direction: Direction::Request,
                    site: Site::Parameter,
                    pointer: format!("{at_ptr}/schema"),
                    what: format!("{location} parameter `{name}`"),
                    claims: claims.to_vec(),
                };
                self.value(&at, &a.ty, &b.ty, &a.wire, &b.wire);
                self.param_docs(group, a, b);
            }
        }
    }

    pub(super) fn param_docs(&mut self, group: &Group, was: &Param, now: &Param) {
        if was.description != now.description {
            self.push(
                group,
                "description-changed",
                Severity::Documentation,
                &now.pointer,
                format!("description of parameter `{}` changed", now.wire_name),
                Vec::new(),
                "a doc comment changes",
            );
        }
    }
}

/// A query, header or cookie parameter, or a header the client sends with its one value.
enum Query<'a> {
    Param(&'a Param),
    Fixed(&'a str),
}

impl Query<'_> {
    fn required(&self) -> bool {
        match self {
            Query::Param(p) => p.required,
            Query::Fixed(_) => true,
        }
    }

    fn pointer(&self, op: &Operation) -> String {
        match self {
            Query::Param(p) => p.pointer.clone(),
            Query::Fixed(_) => format!("{}/parameters", op.pointer),
        }
    }
}

/// An operation's non-path parameters by (location, wire name; headers case-insensitive).
fn query_params(op: &Operation) -> BTreeMap<Key, Query<'_>> {
    let mut out = BTreeMap::new();
    for p in op.params.iter().flat_map(|p| &p.fields) {
        let name = match p.location {
            ParamLocation::Header => p.wire_name.to_ascii_lowercase(),
            _ => p.wire_name.clone(),
        };
        out.insert((p.location, name), Query::Param(p));
    }
    for (name, value) in &op.fixed_headers {
        out.insert(
            (ParamLocation::Header, name.to_ascii_lowercase()),
            Query::Fixed(value.as_str()),
        );
    }
    out
}

fn location_word(location: ParamLocation) -> &'static str {
    match location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

/// A non-path parameter: its location and wire name (lower case for headers).
type Key = (ParamLocation, String);

/// A parameter style as the spec writes it (`style`, `explode`).
fn style_word(style: ParamStyle) -> &'static str {
    match style {
        ParamStyle::Simple => "simple",
        ParamStyle::FormExploded => "form, exploded",
        ParamStyle::Form => "form, not exploded",
        ParamStyle::SpaceDelimited => "space-delimited",
        ParamStyle::PipeDelimited => "pipe-delimited",
        ParamStyle::DeepObject => "deepObject",
        ParamStyle::Path {
            style: PathStyle::Simple,
            explode: false,
        } => "simple",
        ParamStyle::Path {
            style: PathStyle::Simple,
            explode: true,
        } => "simple, exploded",
        ParamStyle::Path {
            style: PathStyle::Label,
            explode: false,
        } => "label",
        ParamStyle::Path {
            style: PathStyle::Label,
            explode: true,
        } => "label, exploded",
        ParamStyle::Path {
            style: PathStyle::Matrix,
            explode: false,
        } => "matrix",
        ParamStyle::Path {
            style: PathStyle::Matrix,
            explode: true,
        } => "matrix, exploded",
        ParamStyle::Json => "JSON (content)",
    }
}
