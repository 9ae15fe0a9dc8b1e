//! Security: the schemes a document declares (their kinds and OAuth2 flows) and what each
//! operation asks for.

use std::collections::{BTreeMap, BTreeSet};

use super::rust::Claim;
use super::walk::Walk;
use super::{Group, Severity};
use crate::error::Pointer;
use crate::ir::*;

impl<'a> Walk<'a> {
    pub(super) fn security_schemes(&mut self) {
        let schemes = |api: &'a Api| -> BTreeMap<&'a str, &'a SecurityScheme> {
            api.security_schemes
                .iter()
                .chain(&api.oauth_schemes)
                .map(|s| (s.name.as_str(), s))
                .collect()
        };
        let (before, after) = (schemes(self.old), schemes(self.new));
        let token_sources = |api: &Api, scheme: &str| -> Vec<Claim> {
            api.oauth_schemes
                .iter()
                .filter(|s| s.name == scheme)
                .flat_map(|s| &s.flows)
                .map(|flow| Claim::Owner(key::token_source(&flow.constructor)))
                .collect()
        };
        // The ways of giving the scheme's credentials: its own builder method, and those it
        // shares with its kind (`bearer_token`, `Client::new`, token sources), which go when it
        // was the last of its kind. Only what the listing shows changed is reported.
        let credentials = |api: &Api, scheme: &str| -> Vec<Claim> {
            let mut claims: Vec<Claim> = api
                .credentials
                .iter()
                .filter(|c| c.scheme.as_deref().is_none_or(|s| s == scheme))
                .map(|c| Claim::Item(c.key()))
                .collect();
            claims.push(Claim::Item(CLIENT_NEW.to_string()));
            // Token sources exist only where bearer tokens can be given.
            for other in &api.oauth_schemes {
                claims.extend(token_sources(api, &other.name));
            }
            claims
        };
        let claims_of = |name: &str| -> Vec<Claim> {
            let mut claims = token_sources(self.old, name);
            claims.extend(token_sources(self.new, name));
            claims.extend(credentials(self.old, name));
            claims.extend(credentials(self.new, name));
            claims
        };
        let location_of = |name: &str| {
            Pointer::root()
                .push("components")
                .push("securitySchemes")
                .push(name.to_string())
                .to_string()
        };
        for name in before.keys().filter(|n| !after.contains_key(*n)) {
            self.push(
                &Group::Api,
                "api-security-component-removed",
                Severity::NonBreaking,
                &location_of(name),
                format!(
                    "security scheme `{name}` is gone: no operation asks for it, and it offers no flow a client can run"
                ),
                claims_of(name),
                "",
            );
        }
        for name in after.keys().filter(|n| !before.contains_key(*n)) {
            self.push(
                &Group::Api,
                "api-security-component-added",
                Severity::NonBreaking,
                &location_of(name),
                format!(
                    "security scheme `{name}` is new: an operation asks for it, or it offers a flow a client can run"
                ),
                claims_of(name),
                "",
            );
        }
        for (name, was) in &before {
            let Some(now) = after.get(name) else { continue };
            let location = location_of(name);
            let claims = claims_of(name);
            if was.kind != now.kind {
                self.push(
                    &Group::Api,
                    "api-security-component-type-changed",
                    Severity::Breaking,
                    &location,
                    format!("security scheme `{name}` changed kind: clients send credentials the server no longer reads"),
                    claims.clone(),
                    "credentials are configured on the client, not per call",
                );
            }
            // The flows a client can run, by grant.
            for flow in &was.flows {
                match now.flows.iter().find(|f| f.grant == flow.grant) {
                    None => self.push(
                        &Group::Api,
                        "api-security-component-oauth-flow-removed",
                        Severity::Breaking,
                        &location,
                        format!(
                            "security scheme `{name}` no longer offers its {} flow: clients getting tokens that way are refused",
                            grant_word(flow.grant)
                        ),
                        claims.clone(),
                        "",
                    ),
                    Some(f) if f.token_url != flow.token_url => self.push(
                        &Group::Api,
                        "api-security-component-oauth-token-url-changed",
                        Severity::PossiblyBreaking,
                        &location,
                        format!(
                            "the token URL of security scheme `{name}`'s {} flow changed: clients asking the old endpoint for tokens may be refused",
                            grant_word(flow.grant)
                        ),
                        claims.clone(),
                        "the `TokenSource` constructors ask the new URL; their signatures are unchanged",
                    ),
                    Some(_) => {}
                }
            }
            for flow in &now.flows {
                if !was.flows.iter().any(|f| f.grant == flow.grant) {
                    self.push(
                        &Group::Api,
                        "api-security-component-oauth-flow-added",
                        Severity::NonBreaking,
                        &location,
                        format!(
                            "security scheme `{name}` now offers a {} flow",
                            grant_word(flow.grant)
                        ),
                        claims.clone(),
                        "",
                    );
                }
            }
        }
    }

    pub(super) fn security(&mut self, group: &Group, old: &Operation, new: &Operation) {
        let alternatives = |s: &Security| -> BTreeSet<BTreeSet<String>> {
            match s {
                Security::Unspecified | Security::Public => [BTreeSet::new()].into(),
                Security::Alternatives(list) => list
                    .iter()
                    .map(|schemes| schemes.iter().cloned().collect())
                    .collect(),
            }
        };
        let (before, after) = (alternatives(&old.security), alternatives(&new.security));
        if before == after {
            return;
        }
        // A client holding the credentials of an old alternative is stranded when no new
        // alternative asks for a subset of them.
        let stranded = before
            .iter()
            .any(|had| !after.iter().any(|need| need.is_subset(had)));
        let show = |alternatives: &BTreeSet<BTreeSet<String>>| -> String {
            alternatives
                .iter()
                .map(|a| {
                    if a.is_empty() {
                        "none".to_string()
                    } else {
                        a.iter().cloned().collect::<Vec<_>>().join(" + ")
                    }
                })
                .collect::<Vec<_>>()
                .join(" or ")
        };
        let rule = if before.is_subset(&after) {
            "api-security-added"
        } else {
            "api-security-removed"
        };
        self.push(
            group,
            rule,
            if stranded {
                Severity::Breaking
            } else {
                Severity::NonBreaking
            },
            &format!("{}/security", new.pointer),
            format!(
                "security changed from {} to {}: {}",
                show(&before),
                show(&after),
                if stranded {
                    "some clients' credentials no longer suffice"
                } else {
                    "existing credentials keep working"
                }
            ),
            Vec::new(),
            "credentials are configured on the client; the call sends what the new spec asks for",
        );
    }
}

fn grant_word(grant: OAuthGrant) -> &'static str {
    match grant {
        OAuthGrant::ClientCredentials => "client-credentials",
        OAuthGrant::RefreshToken => "refresh-token",
    }
}
