//! Documents that break OpenAPI's rules: refused by default with an error saying what lenient
//! mode would do; generated in lenient mode, each repair a located warning. And documents
//! split across files: errors inside another file name that file and line.

use std::path::Path;

use generator::{generate, generate_file, Settings};

const REPAIRS: &str = include_str!("../fixtures/lenient_repairs.yaml");

fn settings(lenient: bool) -> Settings {
    Settings {
        spec_name: "lenient_repairs.yaml".into(),
        lenient,
        ..Settings::default()
    }
}

#[test]
fn by_default_the_first_break_is_an_error_saying_what_lenient_mode_would_do() {
    let err = generate(REPAIRS, &settings(false)).unwrap_err();
    assert!(err.is_repairable(), "{err:?}");
    let text = err.to_string();
    assert!(
        text.starts_with("lenient_repairs.yaml:12: at /paths/"),
        "{text}"
    );
    assert!(
        text.contains("lenient mode (`--lenient`) would rename this one `get_items_item_id`"),
        "{text}"
    );
}

#[test]
fn lenient_mode_repairs_each_break_and_says_where() {
    let output = generate(REPAIRS, &settings(true)).unwrap();
    let repairs: Vec<String> = output.repairs.iter().map(ToString::to_string).collect();
    let expected = [
        (
            "lenient_repairs.yaml:12: at /paths/~1items~1{item_id}/get/operationId",
            "rename this one `get_items_item_id`",
        ),
        (
            "lenient_repairs.yaml:11: at /paths/~1items~1{item_id}/get",
            "declare `item_id` as a required string path parameter",
        ),
        (
            "lenient_repairs.yaml:16: at /paths/~1items~1{item_id}/get/security/0/session",
            "leave it out of this requirement",
        ),
        (
            "lenient_repairs.yaml:37: at /paths/~1ping/get",
            "read as declaring no response",
        ),
        (
            "lenient_repairs.yaml:59: at /components/requestBodies",
            "read it as empty",
        ),
        (
            "lenient_repairs.yaml:70: at /components/schemas/Item/properties/score",
            "read this schema as OpenAPI 3.1 defines it",
        ),
        (
            "lenient_repairs.yaml:76: at /components/schemas/Item/properties/sizes/items",
            "read it as items that are any of those schemas",
        ),
        (
            "lenient_repairs.yaml:73: at /components/schemas/Item/properties/owner",
            "free-form JSON",
        ),
        (
            "lenient_repairs.yaml:84: at /components/schemas/SpecialKind/allOf/1",
            "take this member's values",
        ),
        (
            "lenient_repairs.yaml:89: at /components/schemas/Envelope/properties/problem",
            "use the schema of the component it names",
        ),
        (
            "lenient_repairs.yaml:55: at /paths/~1kinds~1{kind}/put/requestBody",
            "read that response's description and content as this request body",
        ),
    ];
    for (location, repair) in expected {
        assert!(
            repairs
                .iter()
                .any(|r| r.starts_with(location) && r.contains(repair)),
            "no repair `{repair}` at {location}: {repairs:#?}"
        );
    }
    assert_eq!(repairs.len(), expected.len(), "{repairs:#?}");
    let operations = &output.files["src/operations.rs"];
    assert!(
        operations.contains("pub async fn get_items_item_id("),
        "renamed"
    );
    assert!(
        operations.contains("item_id: &str"),
        "the undeclared path parameter"
    );
    assert!(
        operations.contains("body: Option<&crate::types::Kind>"),
        "the response component's content as the request body"
    );
}

#[test]
fn a_repair_of_every_kind_is_refused_without_lenient_mode() {
    // Each break on its own: refused by default, generated leniently.
    let breaks = [
        (
            "components:\n  requestBodies: null\n",
            "/components/requestBodies",
        ),
        (
            "components:\n  schemas:\n    A: {type: integer, exclusiveMinimum: 0}\n",
            "/components/schemas/A",
        ),
        (
            "components:\n  schemas:\n    A: {type: array, items: [{type: string}]}\n",
            "/components/schemas/A/items",
        ),
        (
            "components:\n  schemas:\n    A: {$ref: '#/components/parameters/P'}\n  \
             parameters:\n    P: {name: p, in: query, schema: {type: string}}\n",
            "/components/schemas/A",
        ),
        (
            "  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/requestBodies/B'}\n\
             components:\n  requestBodies:\n    B:\n      required: true\n      \
             content: {application/json: {schema: {type: string}}}\n",
            "/paths/~1a/get/responses/200",
        ),
    ];
    for (tail, pointer) in breaks {
        let paths = if tail.starts_with(' ') { "\n" } else { " {}\n" };
        let spec = format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:{paths}{tail}");
        let err = generate(&spec, &Settings::default())
            .err()
            .unwrap_or_else(|| panic!("generated: {spec}"));
        assert!(err.is_repairable(), "{tail}: {err:?}");
        assert_eq!(err.location().unwrap().pointer, pointer, "{tail}");
        let lenient = Settings {
            lenient: true,
            ..Settings::default()
        };
        let output = generate(&spec, &lenient).unwrap();
        assert_eq!(output.repairs.len(), 1, "{tail}");
    }
}

fn split(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

#[test]
fn an_error_inside_another_file_names_that_file_and_line() {
    let settings = Settings {
        spec_name: "split/openapi.yaml".into(),
        ..Settings::default()
    };
    let err = generate_file(&split("bad/split/openapi.yaml"), &settings).unwrap_err();
    let location = err.location().unwrap();
    assert_eq!(
        location.file.as_deref(),
        Some("split/schemas.yaml"),
        "{err}"
    );
    assert_eq!(location.pointer, "/Thing/properties/name/type", "{err}");
    assert_eq!(location.line, Some(5), "{err}");
    assert!(err.to_string().contains("`type` must be a string"), "{err}");
}

#[test]
fn a_reference_that_cannot_be_followed_says_why() {
    // The file `missing.yaml` does not exist (fix the other error first: read the document
    // with the broken part removed).
    let root = split("bad/split/openapi.yaml");
    let text = std::fs::read_to_string(&root)
        .unwrap()
        .replace("./schemas.yaml#/Thing", "./missing.yaml#/Thing");
    let dir = std::env::temp_dir().join(format!("split-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("openapi.yaml"), &text).unwrap();
    let err = generate_file(&dir.join("openapi.yaml"), &Settings::default()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("cannot read missing.yaml"), "{message}");
    // From text alone, other files cannot be read: the error says how to read them.
    let err = generate(&text, &Settings::default()).unwrap_err();
    assert!(err.to_string().contains("generate_file"), "{err}");
    // A remote document is never fetched.
    let remote = text.replace("./missing.yaml", "https://example.com/api.yaml");
    let err = generate(&remote, &Settings::default()).unwrap_err();
    assert!(
        err.to_string()
            .contains("remote references are not fetched"),
        "{err}"
    );
    std::fs::remove_dir_all(dir).unwrap();
}
