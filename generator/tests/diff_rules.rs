//! `generator::diff`: one old/new spec pair per rule under `tests/diff/`, each with the
//! classification it must get, and its Markdown and JSON report pinned by a snapshot.

use generator::diff::{diff_sources, to_markdown, Report, RustImpact, Severity};

fn case(name: &str) -> Report {
    let dir = format!("{}/tests/diff/{name}", env!("CARGO_MANIFEST_DIR"));
    let read = |f: &str| std::fs::read_to_string(format!("{dir}/{f}")).unwrap();
    diff_sources("old.yaml", &read("old.yaml"), "new.yaml", &read("new.yaml"))
        .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// (case, rule, API severity, Rust impact) — the change each pair exists to show.
const EXPECTED: &[(&str, &str, Severity, RustImpact)] = {
    use RustImpact as R;
    use Severity as S;
    &[
        (
            "documentation_only",
            "operation-description-changed",
            S::Documentation,
            R::None,
        ),
        (
            "documentation_only",
            "description-changed",
            S::Documentation,
            R::None,
        ),
        (
            "enum_value_added",
            "enum-value-added",
            S::PossiblyBreaking,
            R::NonBreaking,
        ),
        (
            "enum_value_added",
            "enum-value-added",
            S::NonBreaking,
            R::NonBreaking,
        ),
        (
            "enum_value_removed",
            "enum-value-removed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "enum_value_removed",
            "enum-value-removed",
            S::NonBreaking,
            R::Breaking,
        ),
        (
            "operation_added",
            "operation-added",
            S::NonBreaking,
            R::NonBreaking,
        ),
        (
            "operation_deprecated",
            "operation-deprecated",
            S::NonBreaking,
            R::NonBreaking,
        ),
        (
            "operation_id_changed",
            "operation-id-changed",
            S::NonBreaking,
            R::Breaking,
        ),
        (
            "operation_removed",
            "operation-removed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "parameter_added_fixed_header",
            "parameter-added-fixed",
            S::NonBreaking,
            R::None,
        ),
        (
            "parameter_added_optional",
            "parameter-added-optional",
            S::NonBreaking,
            R::NonBreaking,
        ),
        (
            "parameter_fixed_header_widened",
            "parameter-no-longer-fixed",
            S::NonBreaking,
            R::Breaking,
        ),
        (
            "parameter_added_optional_first",
            "parameter-added-optional",
            S::NonBreaking,
            R::Breaking,
        ),
        (
            "parameter_added_required",
            "parameter-added-required",
            S::Breaking,
            R::Breaking,
        ),
        (
            "parameter_location_changed",
            "parameter-location-changed",
            S::Breaking,
            R::None,
        ),
        (
            "parameter_removed",
            "parameter-removed",
            S::PossiblyBreaking,
            R::Breaking,
        ),
        (
            "parameter_required_changed",
            "parameter-required-changed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "parameter_type_changed",
            "request-type-changed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "ref_changed",
            "schema-ref-changed",
            S::NonBreaking,
            R::Breaking,
        ),
        (
            "ref_changed",
            "enum-value-added",
            S::PossiblyBreaking,
            R::NonBreaking,
        ),
        (
            "request_body_required_changed",
            "request-body-required-changed",
            S::NonBreaking,
            R::Breaking,
        ),
        (
            "request_property_added_optional",
            "request-property-added",
            S::NonBreaking,
            R::NonBreaking,
        ),
        (
            "request_property_added_required",
            "request-property-added",
            S::Breaking,
            R::Breaking,
        ),
        (
            "request_property_removed",
            "request-property-removed",
            S::PossiblyBreaking,
            R::Breaking,
        ),
        (
            "request_property_required_changed",
            "request-property-required-changed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "request_property_type_changed",
            "request-type-changed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "response_headers_changed",
            "response-header-added",
            S::NonBreaking,
            R::None,
        ),
        (
            "response_headers_changed",
            "response-header-removed",
            S::PossiblyBreaking,
            R::None,
        ),
        (
            "response_property_added",
            "response-property-added",
            S::NonBreaking,
            R::NonBreaking,
        ),
        (
            "response_property_nullable_changed",
            "response-nullable-changed",
            S::Breaking,
            R::None,
        ),
        (
            "response_property_removed",
            "response-property-removed",
            S::PossiblyBreaking,
            R::Breaking,
        ),
        (
            "response_property_required_changed",
            "response-property-required-changed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "response_property_type_changed",
            "response-type-changed",
            S::Breaking,
            R::Breaking,
        ),
        (
            "response_status_added",
            "response-status-added",
            S::NonBreaking,
            R::None,
        ),
        (
            "response_status_removed",
            "response-status-removed",
            S::NonBreaking,
            R::None,
        ),
        (
            "security_requirement_added",
            "security-changed",
            S::Breaking,
            R::None,
        ),
        (
            "security_alternative_added",
            "security-changed",
            S::NonBreaking,
            R::None,
        ),
        (
            "path_parameter_renamed",
            "path-parameter-renamed",
            S::NonBreaking,
            R::None,
        ),
        (
            "parameter_fixed_value_changed",
            "parameter-fixed-value-changed",
            S::Breaking,
            R::None,
        ),
        (
            "allof_wrapper_added",
            "response-nullable-changed",
            S::Breaking,
            R::None,
        ),
        (
            "free_form_object_gains_properties",
            "response-type-changed",
            S::NonBreaking,
            R::Breaking,
        ),
    ]
};

#[test]
fn every_rule_is_classified_as_expected() {
    for (name, rule, severity, rust) in EXPECTED {
        let report = case(name);
        assert!(
            report
                .changes
                .iter()
                .any(|c| c.rule == *rule && c.severity == *severity && c.rust.impact == *rust),
            "{name}: expected {rule} / {severity:?} / Rust {rust:?}, got:\n{}",
            to_markdown(&report)
        );
    }
}

/// Whether the generated crate's public API loses or changes items, per case (exact, from the
/// generated API listings): what `cargo xtask semver-check` verifies against the compiler.
const RUST_BREAKING: &[(&str, bool)] = &[
    ("allof_wrapper_added", false),
    ("documentation_only", false),
    ("enum_value_added", false),
    ("enum_value_removed", true),
    ("free_form_object_gains_properties", true),
    ("operation_added", false),
    ("operation_deprecated", false),
    ("operation_id_changed", true),
    ("operation_removed", true),
    ("parameter_added_fixed_header", false),
    ("parameter_added_optional", false),
    ("parameter_added_optional_first", true),
    ("parameter_added_required", true),
    ("parameter_fixed_header_widened", true),
    ("parameter_fixed_value_changed", false),
    ("parameter_location_changed", false),
    ("parameter_removed", true),
    ("parameter_required_changed", true),
    ("parameter_type_changed", true),
    ("path_parameter_renamed", false),
    ("ref_changed", true),
    ("request_body_required_changed", true),
    ("request_property_added_optional", false),
    ("request_property_added_required", true),
    ("request_property_removed", true),
    ("request_property_required_changed", true),
    ("request_property_type_changed", true),
    ("response_headers_changed", false),
    ("response_property_added", false),
    ("response_property_nullable_changed", false),
    ("response_property_removed", true),
    ("response_property_required_changed", true),
    ("response_property_type_changed", true),
    ("response_status_added", false),
    ("response_status_removed", true),
    ("security_alternative_added", false),
    ("security_requirement_added", false),
];

#[test]
fn exact_rust_verdicts() {
    for (name, breaking) in RUST_BREAKING {
        let report = case(name);
        assert!(
            report.rust_api_error.is_none(),
            "{name}: {:?}",
            report.rust_api_error
        );
        assert_eq!(
            report.summary.rust_breaking > 0,
            *breaking,
            "{name}:\n{}",
            to_markdown(&report)
        );
    }
}

#[test]
fn every_case_has_an_expectation_and_a_snapshot() {
    let dir = format!("{}/tests/diff", env!("CARGO_MANIFEST_DIR"));
    let mut cases: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    for name in &cases {
        assert!(
            EXPECTED.iter().any(|(c, ..)| c == name),
            "{name} has no expectation"
        );
        assert!(
            RUST_BREAKING.iter().any(|(c, _)| c == name),
            "{name} has no Rust verdict"
        );
        let report = case(name);
        let json = serde_json::to_string_pretty(&report).unwrap();
        insta::assert_snapshot!(
            format!("diff__{name}"),
            format!("{}\n---- JSON ----\n{json}\n", to_markdown(&report))
        );
    }
}

#[test]
fn identical_specs_have_no_changes() {
    for name in ["params", "bodies", "security", "response_headers"] {
        let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
        let spec = std::fs::read_to_string(&path).unwrap();
        let report = diff_sources("a", &spec, "b", &spec).unwrap();
        assert!(
            report.changes.is_empty(),
            "{name}: {}",
            to_markdown(&report)
        );
        assert!(to_markdown(&report).contains("No changes."), "{name}");
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
    // Every pair, both ways: errors are fine, panics are not.
    for old in &specs {
        for new in &specs {
            let _ = diff_sources("old", old, "new", new);
        }
    }
}

/// Snapshot files nothing refers to any more are stale: remove them (CI has no cargo-insta to
/// reject them, so this test does).
#[test]
fn no_orphaned_snapshots() {
    let root = env!("CARGO_MANIFEST_DIR");
    for entry in std::fs::read_dir(format!("{root}/tests/snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name
            .strip_suffix(".snap")
            .unwrap_or_else(|| panic!("unexpected file {name}"));
        let referenced = if let Some(case) = stem.strip_prefix("diff_rules__diff__") {
            std::path::Path::new(&format!("{root}/tests/diff/{case}")).is_dir()
        } else if let Some(fixture) = stem.strip_prefix("snapshots__") {
            std::path::Path::new(&format!("{root}/tests/fixtures/{fixture}.yaml")).is_file()
        } else {
            false
        };
        assert!(referenced, "{name} belongs to no test: delete it");
    }
}

/// A change whose note claims it breaks Rust code must show up in the exact comparison of the
/// generated APIs (no false alarms in the per-change notes).
#[test]
fn per_change_rust_claims_agree_with_the_exact_comparison() {
    for (name, _) in RUST_BREAKING {
        let report = case(name);
        let claims = report
            .changes
            .iter()
            .filter(|c| c.rust.impact == RustImpact::Breaking)
            .count();
        if claims > 0 {
            assert!(
                report.summary.rust_breaking > 0,
                "{name}: a note claims a Rust break the API listing does not show:\n{}",
                to_markdown(&report)
            );
        }
        if report.summary.rust_breaking == 0 {
            assert_eq!(claims, 0, "{name}");
        }
    }
}
