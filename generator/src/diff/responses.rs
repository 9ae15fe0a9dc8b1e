//! Responses: success statuses and their media types and bodies, the success response's
//! headers, and error statuses with their bodies.

use super::rust::Claim;
use super::types::{At, Site};
use super::walk::{status_key, Walk};
use super::{Direction, Group, Severity};
use crate::error::Pointer;
use crate::ir::*;

impl<'a> Walk<'a> {
    pub(super) fn successes(
        &mut self,
        group: &Group,
        old: &'a Operation,
        new: &'a Operation,
        fns: &[Claim],
    ) {
        let mut claims = fns.to_vec();
        claims.extend(self.inline_under(
            Some(&format!("{}/responses", old.pointer)),
            Some(&format!("{}/responses", new.pointer)),
        ));
        for op in [old, new] {
            claims.extend(op.success.choice.iter().map(|c| Claim::Owner(key::ty(c))));
            // A `default` that is the success is also the body of unexpected statuses.
            claims.extend(
                op.errors
                    .iter()
                    .filter(|e| op.success.responses.iter().any(|r| r.status == e.status))
                    .flat_map(|e| &e.body_variant)
                    .map(|v| Claim::Item(key::variant("ErrorBody", v))),
            );
        }
        for was in &old.success.responses {
            let Some(now) = new
                .success
                .responses
                .iter()
                .find(|r| r.status == was.status)
            else {
                self.push(
                    group,
                    "response-success-status-removed",
                    Severity::Breaking,
                    &status_pointer(old, &was.status),
                    format!(
                        "success status `{}` removed: clients expecting it get something else",
                        status_key(&was.status)
                    ),
                    claims.clone(),
                    "",
                );
                continue;
            };
            let at_status = status_pointer(new, &now.status);
            let status = status_key(&now.status);
            for media in &was.media_types {
                if !now.media_types.contains(media) {
                    self.push(
                        group,
                        "response-media-type-removed",
                        Severity::Breaking,
                        &Pointer::parse(&at_status).push("content").push(media.clone()).to_string(),
                        format!("`{status}` response no longer comes as `{media}`: clients asking for it or reading it break"),
                        claims.clone(),
                        "",
                    );
                }
            }
            for media in &now.media_types {
                if !was.media_types.contains(media) {
                    self.push(
                        group,
                        "response-media-type-added",
                        Severity::NonBreaking,
                        &Pointer::parse(&at_status)
                            .push("content")
                            .push(media.clone())
                            .to_string(),
                        format!("`{status}` response may also come as `{media}`"),
                        claims.clone(),
                        "",
                    );
                }
            }
            if let (Content::Json(x), Content::Json(y)) = (&was.content, &now.content) {
                let media = now.media_type.clone().unwrap_or_default();
                let at = At {
                    group: group.clone(),
                    direction: Direction::Response,
                    site: Site::Body,
                    pointer: Pointer::parse(&at_status)
                        .push("content")
                        .push(media)
                        .push("schema")
                        .to_string(),
                    what: format!("the `{status}` response body"),
                    claims: claims.clone(),
                };
                self.value(&at, x, y, &was.wire, &now.wire);
            }
        }
        for now in &new.success.responses {
            if !old.success.responses.iter().any(|r| r.status == now.status) {
                self.push(
                    group,
                    "response-success-status-added",
                    Severity::NonBreaking,
                    &status_pointer(new, &now.status),
                    format!("success status `{}` added", status_key(&now.status)),
                    claims.clone(),
                    "",
                );
            }
        }
    }

    /// The success response's headers (the crate hands them over untyped).
    pub(super) fn headers(&mut self, group: &Group, old: &'a Operation, new: &'a Operation) {
        let at = |op: &Operation, name: &str| {
            let status = op
                .success
                .responses
                .first()
                .map(|r| status_key(&r.status))
                .unwrap_or_default();
            Pointer::parse(&op.pointer)
                .push("responses")
                .push(status)
                .push("headers")
                .push(name.to_string())
                .to_string()
        };
        let untyped = "headers are read from `ApiResponse::headers()`, untyped";
        for was in &old.response_headers {
            let name = &was.name;
            let Some(now) = new.response_headers.iter().find(|h| h.name == was.name) else {
                let (rule, severity) = if was.required {
                    ("required-response-header-removed", Severity::Breaking)
                } else {
                    (
                        "optional-response-header-removed",
                        Severity::PossiblyBreaking,
                    )
                };
                self.push(
                    group,
                    rule,
                    severity,
                    &at(old, name),
                    format!("response header `{name}` removed: clients reading it get nothing"),
                    Vec::new(),
                    untyped,
                );
                continue;
            };
            let pointer = at(new, name);
            if was.required && !now.required {
                self.push(
                    group,
                    "response-header-became-optional",
                    Severity::Breaking,
                    &pointer,
                    format!("response header `{name}` became optional: clients may not get it"),
                    Vec::new(),
                    untyped,
                );
            }
            let site = At {
                group: group.clone(),
                direction: Direction::Response,
                site: Site::Header,
                pointer: format!("{pointer}/schema"),
                what: format!("response header `{name}`"),
                claims: Vec::new(),
            };
            self.value(&site, &was.ty, &now.ty, &was.wire, &now.wire);
        }
        for now in &new.response_headers {
            if !old.response_headers.iter().any(|h| h.name == now.name) {
                self.push(
                    group,
                    "response-header-added",
                    Severity::NonBreaking,
                    &at(new, &now.name),
                    format!("response header `{}` added", now.name),
                    Vec::new(),
                    untyped,
                );
            }
        }
    }

    pub(super) fn errors(&mut self, group: &Group, old: &'a Operation, new: &'a Operation) {
        let variant = |e: &ErrorResponse| -> Vec<Claim> {
            e.body_variant
                .iter()
                .map(|v| Claim::Item(key::variant("ErrorBody", v)))
                .collect()
        };
        // `default` is also the success when no 2xx is declared: that side of it is compared
        // with the successes.
        let errors = |op: &'a Operation| -> Vec<&'a ErrorResponse> {
            op.errors
                .iter()
                .filter(|e| !op.success.responses.iter().any(|r| r.status == e.status))
                .collect()
        };
        let (before, after) = (errors(old), errors(new));
        for was in before.iter().copied() {
            let status = status_key(&was.status);
            let Some(now) = after.iter().find(|e| e.status == was.status) else {
                self.push(
                    group,
                    "response-non-success-status-removed",
                    Severity::NonBreaking,
                    &status_pointer(old, &was.status),
                    format!("error status `{status}` removed"),
                    variant(was),
                    "such answers still arrive as `Error::Api`",
                );
                continue;
            };
            let mut claims = variant(was);
            claims.extend(variant(now));
            let pointer = status_pointer(new, &now.status);
            match (&was.body, &now.body) {
                (Some(x), Some(y)) => {
                    let at = At {
                        group: group.clone(),
                        direction: Direction::Response,
                        site: Site::Body,
                        pointer: format!("{pointer}/content"),
                        what: format!("the `{status}` error body"),
                        claims,
                    };
                    self.value(&at, x, y, &Wire::default(), &Wire::default());
                }
                (None, Some(_)) => self.push(
                    group,
                    "response-media-type-added",
                    Severity::NonBreaking,
                    &pointer,
                    format!("`{status}` error now has a JSON body"),
                    claims,
                    "",
                ),
                (Some(_), None) => self.push(
                    group,
                    "response-media-type-removed",
                    Severity::PossiblyBreaking,
                    &pointer,
                    format!("`{status}` error no longer has a JSON body: clients reading its details get none"),
                    claims,
                    "",
                ),
                (None, None) => {}
            }
        }
        for now in after.iter().copied() {
            if !before.iter().any(|e| e.status == now.status) {
                self.push(
                    group,
                    "response-non-success-status-added",
                    Severity::NonBreaking,
                    &status_pointer(new, &now.status),
                    format!("error status `{}` added", status_key(&now.status)),
                    variant(now),
                    "such answers arrive as `Error::Api`, as before",
                );
            }
        }
    }
}

/// `/paths/.../get/responses/200`.
fn status_pointer(op: &Operation, status: &StatusMatch) -> String {
    Pointer::parse(&op.pointer)
        .push("responses")
        .push(status_key(status))
        .to_string()
}
