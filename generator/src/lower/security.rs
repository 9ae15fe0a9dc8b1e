//! Security: the schemes a spec declares, and what each operation asks for (its own `security`
//! or the document's; `security: []` for public calls; alternatives where any one will do).

use openapiv3::{
    APIKeyLocation, Operation as SpecOp, ReferenceOr, SecurityRequirement, SecurityScheme,
};

use super::Lowerer;
use crate::error::{Error, Pointer};
use crate::ir::{ParamLocation, SchemeKind, Security, SecurityScheme as Scheme};

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
            SecurityScheme::HTTP { scheme, description, .. } => match scheme.to_ascii_lowercase().as_str() {
                "bearer" => (SchemeKind::Bearer, description),
                "basic" => (SchemeKind::Basic, description),
                other => {
                    return Err(Error::unsupported(
                        &scheme_at.push("scheme"),
                        format!("the `http` authentication scheme `{other}` (bearer and basic are supported)"),
                    ))
                }
            },
            SecurityScheme::APIKey { location, name: key, description, .. } => {
                let location = match location {
                    APIKeyLocation::Header => ParamLocation::Header,
                    APIKeyLocation::Query => ParamLocation::Query,
                    APIKeyLocation::Cookie => ParamLocation::Cookie,
                };
                (SchemeKind::ApiKey { location, name: key.clone() }, description)
            }
            // The token comes from the authorization server; the client sends it as a bearer.
            SecurityScheme::OAuth2 { description, .. } | SecurityScheme::OpenIDConnect { description, .. } => {
                (SchemeKind::Bearer, description)
            }
        };
        self.schemes.push(Scheme {
            name: name.to_string(),
            kind,
            description: description.clone(),
        });
        Ok(())
    }
}
