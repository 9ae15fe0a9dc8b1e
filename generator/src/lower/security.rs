//! Security: the schemes a spec declares, and what each operation asks for (its own `security`
//! or the document's; `security: []` for public calls; alternatives where any one will do).

use openapiv3::{
    APIKeyLocation, Operation as SpecOp, ReferenceOr, SecurityRequirement, SecurityScheme,
};

use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::ir::{
    OAuthFlow, OAuthGrant, ParamLocation, SchemeKind, Security, SecurityScheme as Scheme,
};

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
