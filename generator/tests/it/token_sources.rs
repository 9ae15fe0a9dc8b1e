//! Every declared `oauth2` flow a client can run becomes a `TokenSource` constructor, whether or
//! not an operation names its scheme (Frame.io v4 declares its server-to-server flow that way).

use generator::{generate, Settings};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Tokens, version: "1"}
servers: [{url: "https://api.example.com"}]
security: [{user: []}]
paths:
  /me:
    get:
      operationId: me
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    user:
      type: oauth2
      flows:
        authorizationCode:
          authorizationUrl: https://id.example.com/authorize
          tokenUrl: https://id.example.com/token
          scopes: {profile: Profile., openid: Sign in.}
    machine:
      type: oauth2
      description: Server to server.
      flows:
        clientCredentials:
          tokenUrl: https://id.example.com/token
          scopes: {api: The API.}
    browserOnly:
      type: oauth2
      flows:
        implicit:
          authorizationUrl: https://id.example.com/authorize
          scopes: {}
"#;

#[test]
fn declared_flows_become_token_source_constructors() {
    let output = generate(SPEC, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    let operations = &output.files["src/operations.rs"];
    assert!(
        operations.contains("pub fn user_refresh_token("),
        "the used scheme's sign-in flow: {operations}"
    );
    assert!(
        operations.contains("pub fn machine_client_credentials("),
        "an unused scheme's client-credentials flow"
    );
    assert!(
        !operations.contains("browser_only"),
        "an implicit flow without a refresh URL gives a client nothing to run"
    );
    assert!(operations.contains("\"https://id.example.com/token\""));
    assert!(
        operations.contains("&[\"api\"]"),
        "the flow's scopes are asked for"
    );
}
