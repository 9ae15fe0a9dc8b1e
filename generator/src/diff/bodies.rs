//! Request bodies: whether there is one, its media types, and what each carries.

use super::rust::Claim;
use super::types::{At, Site};
use super::walk::Walk;
use super::{Direction, Group, Severity};
use crate::error::Pointer;
use crate::ir::*;

impl<'a> Walk<'a> {
    pub(super) fn body(
        &mut self,
        group: &Group,
        old: &'a Operation,
        new: &'a Operation,
        fns: &[Claim],
    ) {
        let mut claims = fns.to_vec();
        for op in [old, new] {
            if let Some(body) = &op.body {
                claims.extend(body.choice.iter().map(|c| Claim::Owner(key::ty(c))));
                for content in &body.contents {
                    if let BodyKind::Multipart(name) = &content.kind {
                        claims.push(Claim::Owner(key::ty(name)));
                    }
                }
            }
        }
        let at_body = format!("{}/requestBody", new.pointer);
        claims.extend(self.inline_under(
            Some(&format!("{}/requestBody", old.pointer)),
            Some(&at_body),
        ));
        match (&old.body, &new.body) {
            (None, Some(body)) => {
                let (rule, severity, what) = if body.required {
                    (
                        "request-body-added-required",
                        Severity::Breaking,
                        "required",
                    )
                } else {
                    (
                        "request-body-added-optional",
                        Severity::NonBreaking,
                        "optional",
                    )
                };
                self.push(
                    group,
                    rule,
                    severity,
                    &at_body,
                    format!("{what} request body added"),
                    claims,
                    "",
                );
            }
            (Some(_), None) => self.push(
                group,
                "request-body-removed",
                Severity::PossiblyBreaking,
                &format!("{}/requestBody", old.pointer),
                "request body removed: the server may reject or ignore it".into(),
                claims,
                "",
            ),
            (Some(a), Some(b)) => {
                if a.required != b.required {
                    let (rule, severity) = if b.required {
                        ("request-body-became-required", Severity::Breaking)
                    } else {
                        ("request-body-became-optional", Severity::NonBreaking)
                    };
                    self.push(
                        group,
                        rule,
                        severity,
                        &at_body,
                        format!(
                            "request body became {}",
                            if b.required { "required" } else { "optional" }
                        ),
                        claims.clone(),
                        "",
                    );
                }
                for was in &a.contents {
                    let at_media = Pointer::parse(&at_body)
                        .push("content")
                        .push(was.media_type.clone())
                        .to_string();
                    let Some(now) = b.contents.iter().find(|c| c.media_type == was.media_type)
                    else {
                        self.push(
                            group,
                            "request-body-media-type-removed",
                            Severity::Breaking,
                            &at_media,
                            format!(
                                "request media type `{}` removed: clients sending it are refused",
                                was.media_type
                            ),
                            claims.clone(),
                            "",
                        );
                        continue;
                    };
                    match (&was.kind, &now.kind) {
                        (
                            BodyKind::Json(x) | BodyKind::Form(x),
                            BodyKind::Json(y) | BodyKind::Form(y),
                        ) => {
                            let at = At {
                                group: group.clone(),
                                direction: Direction::Request,
                                site: Site::Body,
                                pointer: format!("{at_media}/schema"),
                                what: "the request body".into(),
                                claims: claims.clone(),
                            };
                            self.value(&at, x, y, &was.wire, &now.wire);
                        }
                        (BodyKind::Multipart(x), BodyKind::Multipart(y)) => {
                            self.multipart(group, &at_media, x, y, &claims)
                        }
                        _ => {}
                    }
                }
                for now in &b.contents {
                    if !a.contents.iter().any(|c| c.media_type == now.media_type) {
                        let at_media = Pointer::parse(&at_body)
                            .push("content")
                            .push(now.media_type.clone())
                            .to_string();
                        self.push(
                            group,
                            "request-body-media-type-added",
                            Severity::NonBreaking,
                            &at_media,
                            format!("request media type `{}` added", now.media_type),
                            claims.clone(),
                            "",
                        );
                    }
                }
            }
            (None, None) => {}
        }
    }

    fn multipart(&mut self, group: &Group, at: &str, old: &str, new: &str, claims: &[Claim]) {
        let find = |api: &'a Api, name: &str| api.multipart_structs.iter().find(|m| m.name == name);
        let (Some(a), Some(b)) = (find(self.old, old), find(self.new, new)) else {
            return;
        };
        for was in &a.fields {
            match b.fields.iter().find(|f| f.wire_name == was.wire_name) {
                None => self.push(
                    group,
                    "request-property-removed",
                    Severity::PossiblyBreaking,
                    at,
                    format!(
                        "form part `{}` removed: the server may reject or ignore it",
                        was.wire_name
                    ),
                    claims.to_vec(),
                    "",
                ),
                Some(now) => {
                    if was.required != now.required {
                        let (rule, severity) = if now.required {
                            ("request-property-became-required", Severity::Breaking)
                        } else {
                            ("request-property-became-optional", Severity::NonBreaking)
                        };
                        self.push(
                            group,
                            rule,
                            severity,
                            at,
                            format!(
                                "form part `{}` became {}",
                                now.wire_name,
                                if now.required { "required" } else { "optional" }
                            ),
                            claims.to_vec(),
                            "",
                        );
                    }
                    match (&was.kind, &now.kind) {
                        (PartKind::Value(x), PartKind::Value(y)) => {
                            let at = At {
                                group: group.clone(),
                                direction: Direction::Request,
                                site: Site::Property,
                                pointer: at.to_string(),
                                what: format!("form part `{}`", now.wire_name),
                                claims: claims.to_vec(),
                            };
                            self.value(&at, x, y, &Wire::default(), &Wire::default());
                        }
                        (x, y) if x != y => self.push(
                            group,
                            "request-property-type-changed",
                            Severity::Breaking,
                            at,
                            format!(
                                "form part `{}` changed between a file and a value",
                                now.wire_name
                            ),
                            claims.to_vec(),
                            "",
                        ),
                        _ => {}
                    }
                }
            }
        }
        for now in &b.fields {
            if !a.fields.iter().any(|f| f.wire_name == now.wire_name) {
                let (rule, severity, what) = if now.required {
                    (
                        "new-required-request-property",
                        Severity::Breaking,
                        "required",
                    )
                } else {
                    (
                        "new-optional-request-property",
                        Severity::NonBreaking,
                        "optional",
                    )
                };
                self.push(
                    group,
                    rule,
                    severity,
                    at,
                    format!("{what} form part `{}` added", now.wire_name),
                    claims.to_vec(),
                    "",
                );
            }
        }
    }
}
