//! The reader takes every valid document: JSON read as JSON, YAML by a YAML 1.2 parser, with
//! errors located by pointer and line in either.

use generator::{generate, Error, Settings};

fn settings() -> Settings {
    Settings {
        spec_name: "spec.json".into(),
        ..Settings::default()
    }
}

const JSON_SPEC: &str = r##"{
  "openapi": "3.0.3",
  "info": {"title": "Reactions", "version": "1"},
  "paths": {
    "/reactions": {
      "get": {
        "operationId": "listReactions",
        "responses": {
          "200": {
            "description": "ok",
            "content": {"application/json": {
              "schema": {"$ref": "#/components/schemas/Reaction"},
              "example": {"emoji": "\ud83d\udc4d", "count": 2}
            }}
          }
        }
      }
    }
  },
  "components": {"schemas": {"Reaction": {
    "type": "object",
    "required": ["emoji"],
    "properties": {
      "emoji": {"type": "string", "example": "\ud83d\udc4d"},
      "count": {"type": "integer"}
    }
  }}}
}"##;

#[test]
fn json_with_surrogate_pair_escapes_is_read_as_json() {
    let output = generate(JSON_SPEC, &settings()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(output.operations, 1);
    assert!(output.files["src/types.rs"].contains("pub struct Reaction"));
}

#[test]
fn json_shape_errors_name_pointer_and_line() {
    let bad = JSON_SPEC.replace(r#""description": "ok","#, r#""description": 7,"#);
    let err = generate(&bad, &settings()).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    let location = err.location().unwrap();
    assert_eq!(
        location.pointer, "/paths/~1reactions/get/responses/200/description",
        "{err}"
    );
    assert_eq!(location.line, Some(10), "{err}");
    assert!(
        err.to_string().starts_with("spec.json:10: at /paths/"),
        "{err}"
    );
}

#[test]
fn yaml_errors_name_the_line() {
    let err = generate(
        "openapi: 3.0.3\ninfo:\n  title: x\n  title: y\n",
        &settings(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    assert_eq!(err.location().unwrap().line, Some(4), "{err}");
    assert!(err.to_string().contains("duplicate key `title`"), "{err}");
}
