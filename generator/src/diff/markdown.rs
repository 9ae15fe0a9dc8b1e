//! The report as Markdown for a pull request: the verdict first, breaking changes next, and
//! the exact change to the crate's public API last.

use super::rust::describe;
use super::{Change, Group, Report, RustApiChangeKind, RustImpact, Severity, Side};

/// The report as Markdown: verdict, breaking changes, then the crate's API changes.
pub fn to_markdown(report: &Report) -> String {
    let s = &report.summary;
    let mut out = format!("## API changes: `{}` → `{}`\n\n", report.old, report.new);
    if let Some(refusal) = &report.refused {
        let side = match refusal.side {
            Side::Old => "old",
            Side::New => "new",
        };
        out.push_str(&format!(
            "**Not compared: the {side} spec cannot be generated, so this change cannot be \
             judged.** Fix the spec (or compare against a version that generates), then run \
             the diff again.\n\n```text\n{}\n```\n",
            refusal.error
        ));
        return out;
    }
    if report.changes.is_empty() && report.rust_api.is_empty() {
        out.push_str("No changes.\n");
        return out;
    }
    out.push_str(&format!(
        "**{} breaking, {} possibly breaking, {} non-breaking, {} documentation only.** ",
        s.breaking, s.possibly_breaking, s.non_breaking, s.documentation
    ));
    if s.rust_breaking > 0 {
        let what = if s.rust_reordered > 0 {
            "removed, changed or reordered"
        } else {
            "removed or changed"
        };
        out.push_str(&format!(
            "Rust crate: **{} item(s) {what}**: the next release is semver-major.\n",
            s.rust_breaking
        ));
    } else if s.rust_added > 0 {
        out.push_str("Rust crate: additions only (semver-minor).\n");
    } else {
        out.push_str("Rust crate: public API unchanged.\n");
    }
    if s.rust_reordered > 0 {
        let calls: Vec<String> = report
            .rust_api
            .iter()
            .filter(|c| c.change == RustApiChangeKind::Reordered)
            .map(|c| format!("`{}`", c.item))
            .collect();
        out.push_str(&format!(
            "\n> **Warning: {} function(s) take the same argument types in a new order: existing \
             calls still compile and now pass their values to other parameters. The compiler \
             will not find them; review every call of {}.**\n",
            s.rust_reordered,
            calls.join(", ")
        ));
    }
    for severity in [
        Severity::Breaking,
        Severity::PossiblyBreaking,
        Severity::NonBreaking,
        Severity::Documentation,
    ] {
        let changes: Vec<&Change> = report
            .changes
            .iter()
            .filter(|c| c.severity == severity)
            .collect();
        if changes.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {}\n", severity.label()));
        let mut group: Option<&Group> = None;
        for change in changes {
            if group != Some(&change.group) {
                out.push_str(&format!("\n**{}**\n\n", change.group));
                group = Some(&change.group);
            }
            let rust = match (change.rust.impact, change.rust.note.as_str()) {
                (RustImpact::None, super::rust::UNCHANGED) => "Rust: no API change.".to_string(),
                (RustImpact::None, note) => format!("Rust: no API change: {note}."),
                (RustImpact::Breaking, note) => format!("Rust: **breaking**: {note}."),
                (RustImpact::NonBreaking, note) => format!("Rust: non-breaking: {note}."),
            };
            out.push_str(&format!(
                "- {} (`{}` at `{}`). {rust}\n",
                change.message, change.rule, change.location
            ));
        }
    }
    if !report.rust_api.is_empty() {
        out.push_str("\n### Rust API (exact: the generated `api.txt`, before and after)\n\n");
        // What no wire change above accounts for: types no operation reaches, or knock-on
        // effects (an operation that stops paging when its list property goes).
        let claimed: std::collections::BTreeSet<&str> = report
            .changes
            .iter()
            .flat_map(|c| c.rust.items.iter().map(String::as_str))
            .collect();
        for change in &report.rust_api {
            let aside = if claimed.contains(change.item.as_str()) {
                ""
            } else {
                " (no wire change above accounts for it)"
            };
            let label = match change.change {
                RustApiChangeKind::Reordered => "**reordered**",
                RustApiChangeKind::Removed => "**removed**",
                RustApiChangeKind::Changed => "**changed**",
                RustApiChangeKind::Added => "added",
                RustApiChangeKind::Widened => "compiled with more features",
            };
            out.push_str(&format!("- {label}: {}{aside}\n", describe(change)));
        }
    }
    out
}
