//! A `$ref` generation follows must resolve; one it never follows is a warning, and data that
//! happens to hold a `$ref` key is not a reference at all.

use generator::{generate, Settings};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Refs, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200": {$ref: "#/components/responses/Things"}
      callbacks:
        onEvent:
          "{$request.query.url}":
            post:
              responses:
                "200": {$ref: "#/components/responses/Missing"}
components:
  responses:
    Things:
      description: ok
      content:
        application/json:
          schema: {type: array, items: {$ref: "#/components/schemas/Thing"}}
          examples:
            shared: {$ref: "#/components/examples/Gone"}
    Unused:
      description: nothing uses this response
      content:
        application/json:
          schema: {$ref: "https://example.com/elsewhere.json"}
  examples:
    WithData:
      value: {members: [{"$ref": "https://api.example.com/users/1", value: 1}]}
  schemas:
    Thing:
      type: object
      properties:
        id: {type: string}
"##;

#[test]
fn references_generation_never_follows_are_warnings() {
    let output = generate(
        SPEC,
        &Settings {
            spec_name: "refs.yaml".into(),
            ..Settings::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 3, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("refs.yaml:"),
        "warnings carry file and line: {warnings:#?}"
    );
    let joined = warnings.join("\n");
    assert!(
        joined.contains("/components/responses/Unused/content/application~1json/schema/$ref"),
        "{joined}"
    );
    assert!(
        joined.contains(
            "/paths/~1things/get/responses/200/content/application~1json/examples/shared/$ref"
        ) || joined.contains(
            "/components/responses/Things/content/application~1json/examples/shared/$ref"
        ),
        "{joined}"
    );
    assert!(
        joined.contains("/paths/~1things/get/callbacks/"),
        "{joined}"
    );
    assert!(
        !joined.contains("WithData"),
        "an example's value is data, not a reference: {joined}"
    );
}

#[test]
fn references_generation_follows_must_resolve() {
    let broken = SPEC.replace(
        "items: {$ref: \"#/components/schemas/Thing\"}",
        "items: {$ref: \"#/components/schemas/Nope\"}",
    );
    let err = generate(&broken, &Settings::default()).unwrap_err();
    assert!(err.is_repairable(), "{err:?}");
    assert_eq!(
        err.location().unwrap().pointer,
        "/components/responses/Things/content/application~1json/schema/items/$ref",
        "a component response an operation uses is followed"
    );
}

#[test]
fn a_server_on_another_host_is_a_located_warning_and_a_prefix_is_not() {
    let spec = r#"
openapi: 3.0.3
info: {title: Servers, version: "1"}
servers: [{url: "https://api.example.com"}]
paths:
  /a:
    servers: [{url: "https://api.example.com/v4"}]
    get:
      operationId: a
      responses: {"204": {description: ok}}
  /b:
    post:
      operationId: b
      servers: [{url: "{origin}", variables: {origin: {default: "https://uploads.example.com"}}}]
      responses: {"204": {description: ok}}
"#;
    let output = generate(
        spec,
        &Settings {
            spec_name: "servers.yaml".into(),
            ..Settings::default()
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let warnings: Vec<String> = output.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    assert!(
        warnings[0].starts_with("servers.yaml:")
            && warnings[0].contains("/paths/~1b/post/servers/0/url"),
        "{warnings:#?}"
    );
    let operations = &output.files["src/operations.rs"];
    assert!(
        operations.contains("\"/v4/a\""),
        "the prefix is on the path"
    );
}
