//! Bad specs give a typed error that names the node (JSON pointer) and line; never a panic.

use generator::{generate, Error, Settings};

fn run(name: &str) -> Error {
    let path = format!(
        "{}/tests/fixtures/bad/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let source = std::fs::read_to_string(&path).unwrap();
    let settings = Settings {
        spec_name: format!("bad/{name}.yaml"),
        ..Settings::default()
    };
    match generate(&source, &settings) {
        Ok(_) => panic!("{name} should not generate"),
        Err(e) => e,
    }
}

#[test]
fn dangling_ref_names_the_referencing_node() {
    let err = run("dangling_ref");
    assert!(err.is_repairable(), "{err:?}");
    let loc = err.location().unwrap();
    assert_eq!(
        loc.pointer,
        "/paths/~1things/get/responses/200/content/application~1json/schema/$ref"
    );
    assert_eq!(loc.line, Some(13));
    let text = err.to_string();
    assert!(
        text.starts_with("bad/dangling_ref.yaml:13: at /paths/"),
        "{text}"
    );
    assert!(text.contains("#/components/schemas/Missing"), "{text}");
    assert!(text.contains("dangling"), "{text}");
    assert!(
        text.contains(
            "lenient mode (`--lenient`) would type the value it describes as free-form JSON"
        ),
        "says what the repair would be: {text}"
    );
}

#[test]
fn contradicting_all_of_members_are_located() {
    let err = run("all_of_contradiction");
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    let loc = err.location().unwrap();
    assert_eq!(
        loc.pointer,
        "/components/schemas/Sized/allOf/1/properties/size"
    );
    assert_eq!(loc.line, Some(15));
    let text = err.to_string();
    assert!(
        text.contains("contradict each other on property `size`"),
        "{text}"
    );
    assert!(text.contains("no value is both"), "{text}");
    assert!(
        text.contains("/components/schemas/Sized/allOf/0"),
        "names the other declaration: {text}"
    );
    // Not something lenient mode can repair: the same error.
    let source = std::fs::read_to_string(format!(
        "{}/tests/fixtures/bad/all_of_contradiction.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let settings = Settings {
        lenient: true,
        ..Settings::default()
    };
    let lenient = generate(&source, &settings).unwrap_err();
    assert!(matches!(lenient, Error::Invalid { .. }), "{lenient:?}");
}

#[test]
fn contradicting_scalar_all_of_members_are_refused_in_both_modes() {
    let spec = r#"
openapi: 3.0.3
info: {title: Contradiction, version: "1"}
paths: {}
components:
  schemas:
    Id:
      allOf:
        - type: string
        - type: integer
"#;
    for lenient in [false, true] {
        let settings = Settings {
            lenient,
            ..Settings::default()
        };
        let err = generate(spec, &settings).unwrap_err();
        assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
        assert_eq!(
            err.location().unwrap().pointer,
            "/components/schemas/Id/allOf/1"
        );
        assert!(err.to_string().contains("no value is both"), "{err}");
    }
}

#[test]
fn an_empty_one_of_is_refused() {
    let spec = r#"
openapi: 3.0.3
info: {title: Empty, version: "1"}
paths: {}
components:
  schemas:
    Nothing:
      oneOf: []
"#;
    let err = generate(spec, &Settings::default()).unwrap_err();
    assert!(err.is_repairable(), "{err:?}");
    assert_eq!(
        err.location().unwrap().pointer,
        "/components/schemas/Nothing/oneOf"
    );
    assert_eq!(err.location().unwrap().line, Some(8));
    assert!(err.to_string().contains("at least one"), "{err}");
    let lenient = Settings {
        lenient: true,
        ..Settings::default()
    };
    let output = generate(spec, &lenient).unwrap();
    assert_eq!(output.repairs.len(), 1);
    assert!(output.files["src/types.rs"].contains("pub type Nothing = ::serde_json::Value;"));
}

#[test]
fn a_mapping_entry_naming_no_schema_is_refused() {
    let spec = r##"
openapi: 3.0.3
info: {title: Pets, version: "1"}
paths: {}
components:
  schemas:
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Dog"
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: kind
        mapping:
          dog: "#/components/schemas/Dgo"
          cat: "#/components/schemas/Cat"
    Dog: {type: object, properties: {kind: {type: string}}}
    Cat: {type: object, properties: {kind: {type: string}}}
"##;
    let err = generate(spec, &Settings::default()).unwrap_err();
    assert!(err.is_repairable(), "{err:?}");
    assert_eq!(
        err.location().unwrap().pointer,
        "/components/schemas/Pet/discriminator/mapping/dog"
    );
    assert_eq!(err.location().unwrap().line, Some(14));
    assert!(err.to_string().contains("Dgo"), "{err}");
}

#[test]
fn invalid_yaml_reports_the_line() {
    let err = run("invalid_yaml");
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    let loc = err.location().unwrap();
    assert_eq!(loc.file.as_deref(), Some("bad/invalid_yaml.yaml"));
    assert!(loc.line.is_some(), "{err}");
}

#[test]
fn wrong_shape_reports_the_path() {
    let err = run("not_openapi");
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    let loc = err.location().unwrap();
    assert_eq!(loc.pointer, "/paths/~1x/get/responses", "{err}");
    assert_eq!(loc.line, Some(6), "{err}");
    assert!(
        err.to_string()
            .contains("expected an object here, not a number"),
        "{err}"
    );
}

#[test]
fn undeclared_path_parameter_is_invalid() {
    let err = run("path_param_missing");
    assert!(err.is_repairable(), "{err:?}");
    assert_eq!(
        err.location().unwrap().pointer,
        "/paths/~1things~1{thing_id}/get"
    );
    assert!(err.to_string().contains("{thing_id}"), "{err}");
    assert!(
        err.to_string()
            .contains("would declare `thing_id` as a required string path parameter"),
        "{err}"
    );
}

#[test]
fn other_versions_are_refused_before_anything_else_is_read() {
    // The rest of the document is not OpenAPI at all: the version is the answer.
    let err = generate(
        "swagger: '1.2'\ninfo: {title: t, version: '1'}\npaths: []\n",
        &Settings::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    assert_eq!(err.location().unwrap().pointer, "/swagger");
    assert_eq!(err.location().unwrap().line, Some(1));
    assert!(
        err.to_string().contains("2.0, OpenAPI 3.0.x and 3.1.x"),
        "{err}"
    );
    let err = generate(
        "openapi: 4.0.0\ninfo: {title: t, version: '1'}\npaths: []\n",
        &Settings::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("3.0.x and 3.1.x are supported"),
        "{err}"
    );
    let err = generate("{\"info\": {}}", &Settings::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("`openapi` version field is missing"),
        "{err}"
    );
}

#[test]
fn json_errors_report_the_line() {
    let err = generate(
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {,}\n}\n",
        &Settings::default(),
    )
    .unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    assert_eq!(err.location().unwrap().line, Some(3), "{err}");
    assert!(err.to_string().contains("invalid JSON"), "{err}");
}

#[test]
fn garbage_never_panics() {
    for source in [
        "",
        "null",
        "[]",
        "42",
        "openapi: 3.0.3",
        ":\n  - ]",
        "paths: {}\n",
    ] {
        assert!(
            generate(source, &Settings::default()).is_err(),
            "{source:?}"
        );
    }
}

#[test]
fn a_malformed_schema_deep_inside_others_is_located_exactly() {
    // Read through openapiv3's untagged enums alone, each level of nesting would read the
    // subtree again on failure (4x per level here: hours at this depth), and the error would
    // name only the outermost schema.
    let mut schema = serde_json::json!({"type": {"not": "a string"}});
    for _ in 0..14 {
        schema = serde_json::json!({"allOf": [{"type": "array", "items": schema}]});
    }
    let spec = serde_json::json!({
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Deep": schema}}
    });
    let err = generate(&spec.to_string(), &Settings::default()).unwrap_err();
    assert!(matches!(err, Error::Parse { .. }), "{err:?}");
    let pointer = &err.location().unwrap().pointer;
    assert_eq!(
        pointer,
        &format!(
            "/components/schemas/Deep{}/type",
            "/allOf/0/items".repeat(14)
        )
    );
    assert!(
        err.to_string()
            .contains("`type` must be a string, not an object"),
        "{err}"
    );
}

#[test]
fn forcing_pagination_on_an_operation_that_cannot_page_is_located() {
    let err = run("pagination_forced");
    assert!(matches!(err, Error::Unsupported { .. }), "{err:?}");
    let loc = err.location().unwrap();
    assert_eq!(loc.pointer, "/paths/~1things/get/x-pagination");
    assert_eq!(loc.line, Some(7));
    assert!(err.to_string().contains("cursor parameter"), "{err}");
}
