//! The diff suite (`xtask/diff-suite/*.case`): every case's report says what the case says a
//! careful reviewer would (worst severity, and exactly the listed changes), its Rust notes are
//! read off the exact API comparison, and its Markdown is pinned by a snapshot.
//! `cargo xtask semver-check` proves the Rust verdicts with the compiler.

use std::collections::BTreeSet;

use generator::diff::{diff_sources, to_markdown, Report, RustApiChangeKind, RustImpact};
use xtask::cases::{self, Api, Case, Rust};

fn suite() -> (serde_json::Value, Vec<Case>) {
    cases::load(&cases::dir()).unwrap_or_else(|e| panic!("{e}"))
}

fn report(base: &serde_json::Value, case: &Case) -> Report {
    let (old, new) = cases::specs(base, case).unwrap_or_else(|e| panic!("{}: {e}", case.name));
    diff_sources("base.yaml", &old, &format!("{}.case", case.name), &new)
}

/// What is wrong with a case's report, if anything.
fn problems(case: &Case, report: &Report) -> Vec<String> {
    let mut out = Vec::new();
    match (case.api, &report.refused) {
        (Api::Refused, Some(_)) => return out,
        (Api::Refused, None) => {
            out.push("expected a refusal, got a report".into());
            return out;
        }
        (_, Some(r)) => {
            out.push(format!("refused: {}", r.error));
            return out;
        }
        (Api::Worst(worst), None) => {
            if report.worst() != worst {
                out.push(format!(
                    "worst severity {:?}, expected {worst:?}",
                    report.worst()
                ));
            }
        }
    }
    let got: BTreeSet<(String, &str)> = report
        .changes
        .iter()
        .map(|c| (c.rule.clone(), c.severity.name()))
        .collect();
    let want: BTreeSet<(String, &str)> = case
        .changes
        .iter()
        .map(|(r, s)| (r.clone(), s.name()))
        .collect();
    for missing in want.difference(&got) {
        out.push(format!("missing change: {} {}", missing.0, missing.1));
    }
    for (rule, severity) in got.difference(&want) {
        let change = report
            .changes
            .iter()
            .find(|c| &c.rule == rule && c.severity.name() == *severity)
            .unwrap();
        out.push(format!(
            "unexpected change: {rule} {severity}: {} at {}",
            change.message, change.location
        ));
    }
    let s = &report.summary;
    let rust_ok = match case.rust {
        Rust::Breaking => s.rust_breaking > 0 && s.rust_reordered == 0,
        Rust::Compatible => s.rust_breaking == 0,
        Rust::Silent => s.rust_reordered > 0,
    };
    if !rust_ok {
        out.push(format!(
            "rust: {:?} expected, the report has {} Rust-breaking item(s) ({} reordered): {:?}",
            case.rust, s.rust_breaking, s.rust_reordered, report.rust_api
        ));
    }
    out
}

#[test]
fn every_case_is_reported_as_a_careful_reviewer_would() {
    let (base, all) = suite();
    let mut failures = Vec::new();
    for case in &all {
        let report = report(&base, case);
        for problem in problems(case, &report) {
            failures.push(format!("{}: {problem}", case.name));
        }
    }
    assert!(failures.is_empty(), "\n{}\n", failures.join("\n"));
}

#[test]
fn the_suite_has_sixty_cases_and_those_the_review_found() {
    let (_, all) = suite();
    assert!(all.len() >= 60, "only {} cases", all.len());
    let names: BTreeSet<&str> = all.iter().map(|c| c.name.as_str()).collect();
    // The edits whose verdicts an outside review of the diff found wrong or missing.
    for needed in [
        "request_max_length_decreased",
        "request_pattern_added",
        "request_min_items_increased",
        "request_max_items_decreased",
        "request_default_changed",
        "parameter_default_changed",
        "request_additional_properties_disallowed",
        "response_media_type_changed",
        "refused_new_side",
        "refused_old_side",
        "request_integer_to_number",
        "request_uuid_format_dropped",
        "response_integer_to_number",
        "response_uuid_format_dropped",
        "inline_schema_to_component",
        "path_changed",
        "path_parameters_swapped",
    ] {
        assert!(names.contains(needed), "the suite lacks `{needed}`");
    }
}

/// Each change's Rust note is a share of the exact listing comparison: the items it names are
/// in it, its impact is theirs, and no note or message names an empty type.
#[test]
fn rust_notes_are_read_off_the_exact_comparison() {
    let (base, all) = suite();
    for case in &all {
        let report = report(&base, case);
        for change in &report.changes {
            let items: Vec<_> = report
                .rust_api
                .iter()
                .filter(|c| change.rust.items.contains(&c.item))
                .collect();
            assert_eq!(
                items.len(),
                change.rust.items.len(),
                "{}: {change:?}",
                case.name
            );
            let impact = if items.iter().any(|c| c.change != RustApiChangeKind::Added) {
                RustImpact::Breaking
            } else if items.is_empty() {
                RustImpact::None
            } else {
                RustImpact::NonBreaking
            };
            assert_eq!(change.rust.impact, impact, "{}: {change:?}", case.name);
            for text in [&change.message, &change.rust.note] {
                assert!(
                    !text.contains("``"),
                    "{}: an empty name in {text:?}",
                    case.name
                );
                assert!(!text.is_empty(), "{}: {change:?}", case.name);
            }
        }
        // In these small edits every Rust change has a wire change that explains it.
        for item in &report.rust_api {
            assert!(
                report
                    .changes
                    .iter()
                    .any(|c| c.rust.items.contains(&item.item)),
                "{}: no change accounts for {item:?}",
                case.name
            );
        }
    }
}

#[test]
fn every_case_markdown_is_pinned() {
    let (base, all) = suite();
    for case in &all {
        let report = report(&base, case);
        insta::assert_snapshot!(format!("suite__{}", case.name), to_markdown(&report));
    }
}

#[test]
fn the_base_against_itself_has_no_changes() {
    let (base, _) = suite();
    let text = serde_json::to_string(&base).unwrap();
    let report = diff_sources("a", &text, "b", &text);
    assert!(report.refused.is_none());
    assert!(report.changes.is_empty(), "{:?}", report.changes);
    assert!(report.rust_api.is_empty(), "{:?}", report.rust_api);
    assert_eq!(to_markdown(&report).lines().last(), Some("No changes."));
}

/// A case removed leaves its snapshot behind: this test says to delete it.
#[test]
fn no_orphaned_snapshots() {
    let (_, all) = suite();
    let dir = format!("{}/tests/it/snapshots", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let Some(case) = name
            .strip_prefix("it__diff_suite__suite__")
            .and_then(|n| n.strip_suffix(".snap"))
        else {
            continue;
        };
        assert!(
            all.iter().any(|c| c.name == case),
            "{name} belongs to no case: delete it"
        );
    }
}
