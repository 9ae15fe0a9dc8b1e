//! `generator::diff` on its own: refusals, the JSON shape, and inputs that must never panic.
//! The suite of realistic edits, with a verdict for each, is `xtask/diff-suite`.

use generator::diff::{diff_sources, to_markdown, RustApiChangeKind, Severity, Side};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Pairs, version: '1'}
paths:
  /pairs/{left}/{right}:
    get:
      operationId: getPair
      parameters:
      - {name: left, in: path, required: true, schema: {type: string}}
      - {name: right, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pair'}
components:
  schemas:
    Pair:
      type: object
      required: [left]
      properties:
        left: {type: string, maxLength: 10}
        right: {type: string}
"#;

#[test]
fn a_spec_that_does_not_generate_is_refused_with_its_location() {
    let broken = SPEC.replace("'#/components/schemas/Pair'", "'#/components/schemas/Nope'");
    let report = diff_sources("old.yaml", SPEC, "new.yaml", &broken);
    let refusal = report.refused.as_ref().expect("refused");
    assert_eq!(refusal.side, Side::New);
    assert!(refusal.error.starts_with("new.yaml:"), "{}", refusal.error);
    assert!(
        refusal.error.contains("/components/schemas/Nope"),
        "{}",
        refusal.error
    );
    assert!(report.changes.is_empty() && report.rust_api.is_empty());
    let markdown = to_markdown(&report);
    assert!(
        markdown.contains("**Not compared: the new spec cannot be generated"),
        "{markdown}"
    );
    assert!(!markdown.contains("No changes"), "{markdown}");

    let report = diff_sources("old.yaml", "openapi: 3.0.3\npaths: {}\n", "new.yaml", SPEC);
    assert_eq!(report.refused.map(|r| r.side), Some(Side::Old));
}

#[test]
fn swapped_path_parameters_are_breaking_even_though_they_compile() {
    let swapped = SPEC.replace("/pairs/{left}/{right}", "/pairs/{right}/{left}");
    let report = diff_sources("old", SPEC, "new", &swapped);
    assert_eq!(report.worst(), Some(Severity::Breaking));
    assert_eq!(report.summary.rust_reordered, 1);
    assert_eq!(report.rust_api.len(), 1);
    assert_eq!(report.rust_api[0].change, RustApiChangeKind::Reordered);
    assert!(to_markdown(&report).contains("> **Warning: 1 function(s)"));
    // Renaming without moving is not a reorder.
    let renamed = SPEC
        .replace("/pairs/{left}/{right}", "/pairs/{a}/{right}")
        .replace("{name: left,", "{name: a,");
    let report = diff_sources("old", SPEC, "new", &renamed);
    assert_eq!(report.summary.rust_breaking, 0, "{}", to_markdown(&report));
    assert_eq!(report.worst(), Some(Severity::NonBreaking));
}

#[test]
fn the_json_report_has_a_stable_shape() {
    let tighter = SPEC.replace("maxLength: 10", "maxLength: 5");
    let report = diff_sources("old.yaml", SPEC, "new.yaml", &tighter);
    let json = serde_json::to_value(&report).unwrap();
    assert_eq!(json["format"], 2);
    assert_eq!(json["refused"], serde_json::Value::Null);
    let change = &json["changes"][0];
    assert_eq!(change["rule"], "response-property-max-length-decreased");
    assert_eq!(change["severity"], "non-breaking");
    assert_eq!(
        change["location"],
        "/components/schemas/Pair/properties/left"
    );
    assert_eq!(change["group"]["kind"], "schema");
    assert_eq!(change["group"]["used_by"][0], "getPair");
    assert_eq!(change["rust"]["impact"], "none");
    assert_eq!(json["summary"]["rust_breaking"], 0);
}

#[test]
fn a_parameter_that_becomes_nullable_is_reported() {
    let spec = SPEC.replace(
        "      - {name: right, in: path, required: true, schema: {type: string}}",
        "      - {name: right, in: path, required: true, schema: {type: string}}\n      - {name: q, in: query, schema: {type: string}}",
    );
    let nullable = spec.replace(
        "{name: q, in: query, schema: {type: string}}",
        "{name: q, in: query, schema: {type: string, nullable: true}}",
    );
    let report = diff_sources("old", &spec, "new", &nullable);
    let rules: Vec<&str> = report.changes.iter().map(|c| c.rule.as_str()).collect();
    assert!(
        rules.iter().any(|r| r.ends_with("nullable-set")),
        "{}",
        to_markdown(&report)
    );
    assert_eq!(report.worst(), Some(Severity::NonBreaking), "{rules:?}");
    let back = diff_sources("old", &nullable, "new", &spec);
    assert!(back
        .changes
        .iter()
        .any(|c| c.rule.ends_with("nullable-unset")));
    assert_eq!(back.worst(), Some(Severity::Breaking));
}

#[test]
fn identical_specs_have_no_changes() {
    for name in [
        "params",
        "bodies",
        "security",
        "response_headers",
        "pagination",
    ] {
        let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let spec = std::fs::read_to_string(&path).unwrap();
        let report = diff_sources("a", &spec, "b", &spec);
        assert!(report.refused.is_none(), "{name}: {:?}", report.refused);
        assert!(
            report.changes.is_empty() && report.rust_api.is_empty(),
            "{name}: {}",
            to_markdown(&report)
        );
    }
}

#[test]
fn odd_specs_never_panic() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut specs: Vec<String> = Vec::new();
    for sub in ["", "/bad"] {
        for entry in std::fs::read_dir(format!("{dir}{sub}")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                specs.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    // Every pair, both ways: refusals are fine, panics are not.
    for old in &specs {
        for new in &specs {
            let report = diff_sources("old", old, "new", new);
            let _ = to_markdown(&report);
        }
    }
}

/// A schema that contains itself (an array of itself, a map of itself) is compared once: the
/// comparison ends, and an unchanged one reports nothing.
#[test]
fn self_containing_schemas_are_compared_once() {
    let spec = r#"
openapi: 3.0.3
info: {title: Trees, version: '1'}
paths:
  /trees:
    get:
      operationId: getTree
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Forest'}
components:
  schemas:
    Forest:
      type: object
      properties:
        tree: {$ref: '#/components/schemas/Tree'}
        grove: {$ref: '#/components/schemas/Grove'}
    Tree: {type: array, items: {$ref: '#/components/schemas/Tree'}}
    Grove: {type: object, additionalProperties: {$ref: '#/components/schemas/Grove'}}
"#;
    let report = diff_sources("old", spec, "new", spec);
    assert!(report.refused.is_none(), "{:?}", report.refused);
    assert!(report.changes.is_empty(), "{}", to_markdown(&report));
    let bounded = spec.replace(
        "Tree: {type: array, items",
        "Tree: {type: array, maxItems: 3, items",
    );
    let report = diff_sources("old", spec, "new", &bounded);
    let rules: Vec<&str> = report.changes.iter().map(|c| c.rule.as_str()).collect();
    assert_eq!(
        rules,
        ["response-property-max-items-set"],
        "{}",
        to_markdown(&report)
    );
}

/// A chain of schemas each referring to the next is compared without growing the stack with
/// it: real documents have chains of hundreds, and a change at the end must still be found.
#[test]
fn a_long_chain_of_references_is_compared_to_its_end() {
    let n = 1500;
    let mut spec = String::from(
        "openapi: 3.0.3\ninfo: {title: Chain, version: '1'}\npaths:\n  /links:\n    get:\n      operationId: getLink\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/L0'}\ncomponents:\n  schemas:\n",
    );
    for i in 0..n {
        let next = if i + 1 < n {
            format!(", next: {{$ref: '#/components/schemas/L{}'}}", i + 1)
        } else {
            String::new()
        };
        spec.push_str(&format!(
            "    L{i}: {{type: object, properties: {{name: {{type: string}}{next}}}}}\n"
        ));
    }
    let last = format!(
        "    L{}: {{type: object, properties: {{name: {{type: string}}",
        n - 1
    );
    let edited = spec.replace(&last, &format!("{last}, extra: {{type: string}}"));
    let report = diff_sources("old", &spec, "new", &edited);
    assert!(report.refused.is_none(), "{:?}", report.refused);
    let rules: Vec<&str> = report.changes.iter().map(|c| c.rule.as_str()).collect();
    assert_eq!(rules, ["response-optional-property-added"]);
}

/// A change is credited with the constructor only where the field is (or was) one of its
/// arguments, as the code decides: a required but nullable field is not an argument of `new`.
#[test]
fn a_field_change_claims_the_constructor_only_where_it_is_an_argument() {
    let spec = r#"
openapi: 3.0.3
info: {title: Notes, version: '1'}
paths:
  /notes:
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Note'}
      responses:
        '204': {description: created}
components:
  schemas:
    Note:
      type: object
      required: [text, tag]
      properties:
        text: {type: string}
        tag: {type: string, nullable: true}
"#;
    let changed = spec
        .replace("text: {type: string}", "text: {type: integer}")
        .replace(
            "tag: {type: string, nullable: true}",
            "tag: {type: integer, nullable: true}",
        );
    let report = diff_sources("old", spec, "new", &changed);
    let items_of = |property: &str| -> Vec<String> {
        report
            .changes
            .iter()
            .filter(|c| c.location.ends_with(&format!("/properties/{property}")))
            .flat_map(|c| c.rust.items.clone())
            .collect()
    };
    let (text, tag) = (items_of("text"), items_of("tag"));
    assert!(
        text.iter().any(|i| i == "new Note"),
        "{text:?}\n{}",
        to_markdown(&report)
    );
    assert!(
        !tag.iter().any(|i| i == "new Note"),
        "{tag:?}\n{}",
        to_markdown(&report)
    );
}

/// Two tags, one operation each, `Pair` used by the first alone.
const TAGGED: &str = r#"
openapi: 3.0.3
info: {title: Pairs, version: '1'}
paths:
  /pairs/{id}:
    get:
      operationId: getPair
      tags: [Pairs]
      parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pair'}
  /sides:
    get:
      operationId: listSides
      tags: [Sides]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
components:
  schemas:
    Pair:
      type: object
      properties:
        left: {type: string}
"#;

fn diff_with_features(old: &str, new: &str) -> generator::diff::Report {
    generator::diff::diff_sources_with("old", old, "new", new, generator::FeaturesPerTag::On)
}

#[test]
fn an_operation_moving_to_another_tag_breaks_builds_with_the_old_tag_alone() {
    let moved = TAGGED.replace("tags: [Pairs]", "tags: [Sides]");
    let report = diff_with_features(TAGGED, &moved);
    let gate = report
        .rust_api
        .iter()
        .find(|c| c.item == "cfg fn get_pair")
        .expect("the method's gate changed");
    assert_eq!(gate.change, RustApiChangeKind::Changed);
    assert_eq!(
        gate.new.as_deref(),
        Some(r#"get_pair: #[cfg(feature = "sides")]"#)
    );
    assert!(report.summary.rust_breaking >= 1, "{report:?}");
    // The type moves with it.
    assert!(report
        .rust_api
        .iter()
        .any(|c| c.item == "cfg type Pair" && c.change == RustApiChangeKind::Changed));
    // Without features, the same edit changes no Rust item.
    let plain = diff_sources("old", TAGGED, "new", &moved);
    assert!(plain.rust_api.is_empty(), "{:?}", plain.rust_api);
}

#[test]
fn an_operation_gaining_a_tag_compiles_with_more_features_and_breaks_nothing() {
    let widened = TAGGED.replace("tags: [Pairs]", "tags: [Pairs, Sides]");
    let report = diff_with_features(TAGGED, &widened);
    let kinds: Vec<(&str, RustApiChangeKind)> = report
        .rust_api
        .iter()
        .map(|c| (c.item.as_str(), c.change))
        .collect();
    assert_eq!(
        kinds,
        [
            ("cfg fn get_pair", RustApiChangeKind::Widened),
            ("cfg type Pair", RustApiChangeKind::Widened),
        ]
    );
    assert_eq!(report.summary.rust_breaking, 0);
    let markdown = to_markdown(&report);
    assert!(
        markdown.contains("compiled with every feature it was compiled with before"),
        "{markdown}"
    );
}

#[test]
fn a_changed_signing_scheme_is_reported_for_the_crate() {
    let old = include_str!("../fixtures/webhooks.yaml");
    let new = old.replace("tolerance: 300", "tolerance: 60");
    let report = diff_sources("old", old, "new", &new);
    let change = report
        .rust_api
        .iter()
        .find(|c| c.item == "const webhooks::SIGNATURE")
        .expect("the scheme's item changed");
    assert_eq!(change.change, RustApiChangeKind::Changed);
    assert!(change
        .new
        .as_deref()
        .unwrap_or_default()
        .ends_with("60 s either way"));
}
