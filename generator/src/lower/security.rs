//! Security: the schemes a spec declares, and what each operation asks for (its own `security`
//! or the document's; `security: []` for public calls; alternatives where any one will do).

use openapiv3::{
    APIKeyLocation, Operation as SpecOp, ReferenceOr, SecurityRequirement, SecurityScheme,
};

use super::draft::{
    Credential, CredentialKind, OAuthFlow, OAuthGrant, ParamLocation, SchemeKind, Security,
    SecurityScheme as Scheme,
};
use super::Lowerer;
use crate::error::{Error, Pointer};

impl Lowerer<'_> {
    /// What `op` asks for.
    pub(crate) fn security(&mut self, op: &SpecOp, pointer: &Pointer) -> Result<Security, Error> {
        let (requirements, at): (&[SecurityRequirement], Pointer) =
            match (&op.security, &self.spec.security) {
                (Some(own), _) => (own, pointer.push("security")),
                (None, Some(global)) => (global, Pointer::root().push("security")),
                (None, None) => return Ok(Security::Unspecified),
            };
        if requirements.is_empty() {
            return Ok(Security::Public);
        }
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let mut names: Vec<String> = requirement.keys().cloned().collect();
            names.sort();
            for name in &names {
                self.scheme(name, &at.push(i.to_string()).push(name.clone()))?;
            }
            alternatives.push(names);
        }
        Ok(Security::Alternatives(alternatives))
    }

    /// Every declared `oauth2` scheme with the flows a token source can run, by name. A
    /// document may declare a flow (server to server, say) that no operation names.
    pub(crate) fn oauth_schemes(&self) -> Vec<Scheme> {
        let Some(components) = &self.spec.components else {
            return Vec::new();
        };
        let mut schemes: Vec<Scheme> = components
            .security_schemes
            .iter()
            .filter_map(|(name, scheme)| match scheme {
                ReferenceOr::Item(SecurityScheme::OAuth2 {
                    flows, description, ..
                }) => Some(Scheme {
                    name: name.clone(),
                    kind: SchemeKind::Bearer,
                    description: description.clone(),
                    flows: oauth_flows(flows),
                }),
                _ => None,
            })
            .filter(|scheme| !scheme.flows.is_empty())
            .collect();
        schemes.sort_by(|a, b| a.name.cmp(&b.name));
        name_token_sources(&mut schemes);
        schemes
    }

    /// Records the scheme `name` as used; errors when it is undeclared or of a kind the client
    /// cannot send.
    fn scheme(&mut self, name: &str, at: &Pointer) -> Result<(), Error> {
        if self.schemes.iter().any(|s| s.name == name) {
            return Ok(());
        }
        let declared = self
            .spec
            .components
            .as_ref()
            .and_then(|c| c.security_schemes.get(name));
        let scheme_at = Pointer::root()
            .push("components")
            .push("securitySchemes")
            .push(name);
        let scheme = match declared {
            None => {
                return Err(Error::invalid(
                    at,
                    format!(
                    "security scheme `{name}` is not defined under #/components/securitySchemes"
                ),
                ))
            }
            Some(ReferenceOr::Reference { .. }) => {
                return Err(Error::unsupported(
                    &scheme_at,
                    "a security scheme that is a `$ref`",
                ))
            }
            Some(ReferenceOr::Item(scheme)) => scheme,
        };
        let (kind, description) = match scheme {
            SecurityScheme::HTTP {
                scheme,
                description,
                ..
            } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SchemeKind::Bearer, description),
                "basic" => (SchemeKind::Basic, description),
                _ => (
                    SchemeKind::Http {
                        scheme: scheme.clone(),
                    },
                    description,
                ),
            },
            SecurityScheme::APIKey {
                location,
                name: key,
                description,
                ..
            } => {
                let location = match location {
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                (
                    SchemeKind::ApiKey {
                        location,
                        name: key.clone(),
                    },
                    description,
                )
            }
            // The token comes from the authorization server; the client sends it as a bearer.
            SecurityScheme::OAuth2 {
                description, flows, ..
            } => {
                self.schemes.push(Scheme {
                    name: name.to_string(),
                    kind: SchemeKind::Bearer,
                    description: description.clone(),
                    flows: oauth_flows(flows),
                });
                return Ok(());
            }
            SecurityScheme::OpenIDConnect { description, .. } => (SchemeKind::Bearer, description),
        };
        self.schemes.push(Scheme {
            name: name.to_string(),
            kind,
            description: description.clone(),
            flows: Vec::new(),
        });
        Ok(())
    }
}

/// The `ClientBuilder` methods that give credentials, for the schemes operations ask for
/// (sorted by name), and whether bearer tokens can be given at all ([`crate::ir::Api::bearer`]).
///
/// Every bearer-like scheme shares `bearer_token` and `token_source`, every basic scheme
/// `basic_auth`; each scheme also has a method named after it in snake case, so that code
/// giving a scheme's credentials stops compiling when the scheme goes. A scheme's name that
/// is already a method of the builder gets `_auth` after it (and a number, if two schemes
/// meet in snake case); one that is its kind's shared method (`bearer_token` for a bearer
/// scheme) is that method.
pub(crate) fn credentials(schemes: &[Scheme]) -> (bool, Vec<Credential>) {
    /// What the builder has whatever the spec.
    const SETTINGS: &[&str] = &[
        "base_url",
        "timeout",
        "connect_timeout",
        "user_agent",
        "retry",
        "throttle",
        "max_body_size",
        "http_client",
        "build",
    ];
    let kind_of = |scheme: &Scheme| match scheme.kind {
        SchemeKind::Bearer => CredentialKind::BearerToken,
        SchemeKind::Basic => CredentialKind::Basic,
        SchemeKind::ApiKey { .. } | SchemeKind::Http { .. } => CredentialKind::Key,
    };
    let bearer = schemes.is_empty() || schemes.iter().any(|s| s.kind == SchemeKind::Bearer);
    let mut out = Vec::new();
    let shared = |method: &str, kind| Credential {
        method: method.to_string(),
        kind,
        scheme: None,
    };
    if bearer {
        out.push(shared("bearer_token", CredentialKind::BearerToken));
        out.push(shared("token_source", CredentialKind::TokenSource));
    }
    if schemes.iter().any(|s| s.kind == SchemeKind::Basic) {
        out.push(shared("basic_auth", CredentialKind::Basic));
    }
    let mut taken: std::collections::BTreeSet<String> = SETTINGS
        .iter()
        .map(|s| s.to_string())
        .chain(out.iter().map(|c| c.method.clone()))
        .collect();
    for scheme in schemes {
        let kind = kind_of(scheme);
        let base = crate::names::sanitize(&scheme.name, crate::names::Case::Snake);
        if out
            .iter()
            .any(|c| c.scheme.is_none() && c.method == base && c.kind == kind)
        {
            continue;
        }
        let mut method = base.clone();
        if taken.contains(&method) {
            method = format!("{base}_auth");
        }
        let mut n = 2;
        while taken.contains(&method) {
            method = format!("{base}_{n}");
            n += 1;
        }
        taken.insert(method.clone());
        out.push(Credential {
            method,
            kind,
            scheme: Some(scheme.name.clone()),
        });
    }
    (bearer, out)
}

/// Names each flow's `TokenSource` constructor, `{scheme}_{grant}`, in the schemes' (sorted)
/// order; a name already taken (two schemes meeting in snake case) gets a number after the
/// scheme: `{scheme}_2_{grant}`.
fn name_token_sources(schemes: &mut [Scheme]) {
    let mut taken = std::collections::BTreeSet::new();
    for scheme in schemes {
        let base = crate::names::sanitize(&scheme.name, crate::names::Case::Snake);
        for flow in &mut scheme.flows {
            let suffix = match flow.grant {
                OAuthGrant::ClientCredentials => "client_credentials",
                OAuthGrant::RefreshToken => "refresh_token",
            };
            let mut name = format!("{base}_{suffix}");
            let mut n = 2;
            while !taken.insert(name.clone()) {
                name = format!("{base}_{n}_{suffix}");
                n += 1;
            }
            flow.constructor = name;
        }
    }
}

/// The flows a token source can run: client credentials, and refreshing the tokens a sign-in
/// (authorization code, password, or implicit with a refresh URL) gave. The browser half of a
/// sign-in is the application's business.
fn oauth_flows(flows: &openapiv3::OAuth2Flows) -> Vec<OAuthFlow> {
    let sorted = |scopes: &indexmap::IndexMap<String, String>| {
        let mut scopes: Vec<String> = scopes.keys().cloned().collect();
        scopes.sort();
        scopes
    };
    let mut out = Vec::new();
    if let Some(flow) = &flows.client_credentials {
        out.push(OAuthFlow {
            grant: OAuthGrant::ClientCredentials,
            constructor: String::new(),
            token_url: flow.token_url.clone(),
            scopes: sorted(&flow.scopes),
        });
    }
    let refresh = flows
        .authorization_code
        .as_ref()
        .map(|f| (f.refresh_url.as_ref().unwrap_or(&f.token_url), &f.scopes))
        .or_else(|| {
            let f = flows.password.as_ref()?;
            Some((f.refresh_url.as_ref().unwrap_or(&f.token_url), &f.scopes))
        })
        .or_else(|| {
            let f = flows.implicit.as_ref()?;
            Some((f.refresh_url.as_ref()?, &f.scopes))
        });
    if let Some((url, scopes)) = refresh {
        out.push(OAuthFlow {
            grant: OAuthGrant::RefreshToken,
            constructor: String::new(),
            token_url: url.clone(),
            scopes: sorted(scopes),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::ir::OAuthGrant;

    /// Two schemes whose names meet in snake case (`partner-auth`, `partner_auth`) each get
    /// their own constructors, named once in lowering.
    #[test]
    fn token_source_constructors_are_named_in_lowering_and_unique() {
        let flows = r#"{"type": "oauth2", "flows": {
            "clientCredentials": {"tokenUrl": "https://id.example/token", "scopes": {}},
            "authorizationCode": {"authorizationUrl": "https://id.example/auth",
                                  "tokenUrl": "https://id.example/token", "scopes": {}}}}"#;
        let json = format!(
            r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}},
               "components": {{"securitySchemes": {{"partner-auth": {flows}, "partner_auth": {flows}}}}}}}"#
        );
        let spec: openapiv3::OpenAPI = serde_json::from_str(&json).expect("a valid document");
        let api = crate::lower::lower(&spec).expect("lowers");
        let names: Vec<(&str, OAuthGrant, &str)> = api
            .oauth_schemes
            .iter()
            .flat_map(|s| {
                s.flows
                    .iter()
                    .map(move |f| (s.name.as_str(), f.grant, f.constructor.as_str()))
            })
            .collect();
        assert_eq!(
            names,
            [
                (
                    "partner-auth",
                    OAuthGrant::ClientCredentials,
                    "partner_auth_client_credentials"
                ),
                (
                    "partner-auth",
                    OAuthGrant::RefreshToken,
                    "partner_auth_refresh_token"
                ),
                (
                    "partner_auth",
                    OAuthGrant::ClientCredentials,
                    "partner_auth_2_client_credentials"
                ),
                (
                    "partner_auth",
                    OAuthGrant::RefreshToken,
                    "partner_auth_2_refresh_token"
                ),
            ]
        );
    }
}

#[cfg(test)]
mod credential_tests {
    use super::*;

    fn scheme(name: &str, kind: SchemeKind) -> Scheme {
        Scheme {
            name: name.into(),
            kind,
            description: None,
            flows: Vec::new(),
        }
    }

    fn methods(schemes: &[Scheme]) -> Vec<(String, Option<String>)> {
        credentials(schemes)
            .1
            .into_iter()
            .map(|c| (c.method, c.scheme))
            .collect()
    }

    #[test]
    fn each_scheme_gets_a_method_named_after_it_that_never_shadows_another() {
        let key = |name: &str| SchemeKind::ApiKey {
            location: ParamLocation::Header,
            name: name.into(),
        };
        let schemes = [
            scheme("ApiKey", key("X-A")),
            scheme("api_key", key("X-B")),
            scheme("bearer_token", SchemeKind::Bearer),
            scheme("timeout", key("X-C")),
        ];
        let shared = |m: &str| (m.to_string(), None);
        let own = |m: &str, s: &str| (m.to_string(), Some(s.to_string()));
        assert_eq!(
            methods(&schemes),
            [
                shared("bearer_token"),
                shared("token_source"),
                own("api_key", "ApiKey"),
                // Two names that meet in snake case: the second gets the next free name.
                own("api_key_auth", "api_key"),
                // (A bearer scheme named like the shared method is that method: no own one.)
                // A name the builder already has for a setting gets `_auth`.
                own("timeout_auth", "timeout"),
            ]
        );
    }

    #[test]
    fn bearer_tokens_are_offered_only_where_a_scheme_or_no_scheme_takes_them() {
        let key = SchemeKind::ApiKey {
            location: ParamLocation::Query,
            name: "k".into(),
        };
        let (bearer, only_key) = credentials(&[scheme("key", key)]);
        assert!(!bearer);
        assert_eq!(only_key.len(), 1);
        assert_eq!(only_key[0].kind, CredentialKind::Key);
        let (bearer, none) = credentials(&[]);
        assert!(
            bearer,
            "a document declaring no scheme takes a bearer token"
        );
        assert_eq!(none.len(), 2);
        let (_, basic) = credentials(&[scheme("login", SchemeKind::Basic)]);
        assert_eq!(
            basic.iter().map(|c| c.method.as_str()).collect::<Vec<_>>(),
            ["basic_auth", "login"]
        );
    }
}
