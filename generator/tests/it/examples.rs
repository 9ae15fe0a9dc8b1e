//! Every example becomes a round-trip test of the generated crate; an example that contradicts
//! its own schema is listed by pointer, with the reason, and its test is ignored (not dropped).

use generator::{generate, Settings};

const SPEC: &str = r##"
openapi: 3.0.3
info: {title: Examples, version: "1"}
paths:
  /things:
    post:
      operationId: createThing
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/Thing"}
            examples:
              good: {value: {id: 1, name: a}}
              missing: {value: {name: b}}
              shared: {$ref: "#/components/examples/Undeclared"}
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: array
                items: {$ref: "#/components/schemas/Thing"}
              example: [{id: "one"}]
components:
  examples:
    Undeclared:
      value: {id: 2, colour: blue}
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        name: {type: string}
      example: {id: 3}
"##;

#[test]
fn contradicting_examples_are_listed_and_their_tests_ignored() {
    let output = generate(SPEC, &Settings::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        output.examples, 5,
        "media type examples (inline, named, by $ref) and schema examples"
    );
    let listed: Vec<(&str, &str)> = output
        .contradicting_examples
        .iter()
        .map(|(pointer, why)| (pointer.as_str(), why.as_str()))
        .collect();
    let media = "/paths/~1things/post/requestBody/content/application~1json";
    assert_eq!(
        listed,
        [
            (
                format!("{media}/examples/missing/value").as_str(),
                "at `/`: the required property `id` is missing"
            ),
            (
                format!("{media}/examples/shared/value").as_str(),
                "at `/`: the property `colour` is not in the schema (decoding drops it)"
            ),
            (
                "/paths/~1things/post/responses/200/content/application~1json/example",
                "at `/0/id`: expected an integer in -9223372036854775808..=9223372036854775807, found \"one\""
            ),
        ]
    );
    let tests = &output.files["src/example_tests.rs"];
    assert_eq!(tests.matches("#[test]").count(), 5, "{tests}");
    assert_eq!(
        tests
            .matches("#[ignore = \"contradicts its schema: ")
            .count(),
        3,
        "{tests}"
    );
    assert!(
        tests.contains("fn components_schemas_thing_example()"),
        "{tests}"
    );
    assert!(
        tests.contains("crate::rt::round_trip::<Vec<crate::types::Thing>>("),
        "{tests}"
    );
}
