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
        let mut claims = fns.to_vec();
        claims.extend(self.inline_under(
            Some(&format!("{}/parameters", old.pointer)),
            Some(&format!("{}/parameters", new.pointer)),
        ));
        for op in [old, new] {
            if let Some(params) = &op.params {
                claims.push(Claim::Owner(format!("type {}", params.name)));
            }
        }
        let moved: BTreeMap<&str, (ParamLocation, ParamLocation)> = before
            .keys()
            .filter(|k| !after.contains_key(*k))
            .filter_map(|(from, name)| {
                let (to, _) = after
                    .keys()
                    .find(|(l, n)| n == name && !before.contains_key(&(*l, n.clone())))?;
                Some((name.as_str(), (*from, *to)))
            })
            .collect();
        for (name, (from, to)) in &moved {
            self.push(
                group,
                "request-parameter-location-changed",
                Severity::Breaking,
                &format!("{}/parameters", new.pointer),
                format!(
                    "parameter `{name}` moved from the {} to the {}: clients send it where the server no longer reads it",
                    location_word(*from),
                    location_word(*to)
                ),
                claims.clone(),
                "the same field of the parameters struct; the client sends it in the new place",
            );
        }
        let keys: BTreeSet<&(ParamLocation, String)> = before.keys().chain(after.keys()).collect();
        for key in keys {
            if moved.contains_key(key.1.as_str()) {
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
                    if let Query::Fixed(value) = p {
                        message.push_str(&format!(
                            " (its only allowed value is `{value}`): other clients must send it"
                        ));
                    }
                    self.push(
                        group,
                        rule,
                        severity,
                        &p.pointer(new),
                        message,
                        claims.clone(),
                        "the crate sends it by itself: no new argument",
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
                    claims.clone(),
                    "the crate sent it by itself",
                ),
                (Some(was), Some(now)) => {
                    self.param_pair(group, new, was, now, location, name, &claims)
                }
                (None, None) => {}
            }
        }
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
fn query_params(op: &Operation) -> BTreeMap<(ParamLocation, String), Query<'_>> {
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
