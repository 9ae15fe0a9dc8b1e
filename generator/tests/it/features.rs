//! Cargo features per tag change what compiles, not what the crate is: with `full` (the
//! default), every fixture's code and API are those of the crate generated without features,
//! less the `cfg` attributes and the features' docs.

use std::path::Path;

use generator::{generate_file, FeaturesPerTag, Layout, Settings};

fn generate(path: &Path, features_per_tag: FeaturesPerTag) -> generator::Output {
    let name = path.to_string_lossy();
    let settings = Settings {
        spec_name: "fixture".into(),
        layout: if name.contains("/split_") {
            Layout::SPLIT
        } else {
            Layout::default()
        },
        lenient: name.contains("/lenient_"),
        features_per_tag,
        ..Settings::default()
    };
    generate_file(path, &settings).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// What features add to a file: `cfg` attribute lines, gate lines in `api.txt`, the doc
/// attribute of docs.rs, and the crate docs' features section.
fn without_features(path: &str, text: &str) -> String {
    let mut out = String::new();
    let mut in_section = false;
    for line in text.lines() {
        let trimmed = line.trim_start();
        if path == "src/operations.md" {
            if line.starts_with("## ") || line.starts_with("### ") {
                in_section = line == "## Cargo features";
            }
            if in_section {
                continue;
            }
        }
        let gate_line = trimmed.starts_with("#[cfg(feature = ")
            || trimmed.starts_with("#[cfg(any(feature = ")
            || (path == "api.txt" && line.starts_with("  ") && line.contains(": #[cfg("))
            || trimmed == "#![cfg_attr(docsrs, feature(doc_cfg))]"
            || trimmed.starts_with("// On docs.rs (nightly rustdoc)");
        if !gate_line {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn with_every_feature_on_each_fixture_is_its_crate_without_features() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut compared = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for entry in entries {
        let path = if entry.extension().is_some_and(|x| x == "yaml") {
            entry
        } else if entry.join("openapi.yaml").is_file() {
            entry.join("openapi.yaml")
        } else {
            continue;
        };
        let (on, off) = (
            generate(&path, FeaturesPerTag::On),
            generate(&path, FeaturesPerTag::Off),
        );
        if on.operations == 0 {
            // No operation, no feature.
            assert_eq!(on.files, off.files, "{}", path.display());
            continue;
        }
        let gated = on.files["api.txt"].contains(": #[cfg(");
        assert!(gated, "{}: no gate in api.txt", path.display());
        for (file, text) in &off.files {
            if file == "features.toml" {
                // The tags' features come on top of `mock`.
                let on_table = &on.files[file];
                assert!(
                    text.lines().skip(3).all(|l| on_table.contains(l)),
                    "{}",
                    path.display()
                );
                continue;
            }
            assert_eq!(
                without_features(file, &on.files[file]),
                without_features(file, text),
                "{} {file}",
                path.display()
            );
        }
        let keys = |o: &generator::Output| o.files.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&on), keys(&off), "{}", path.display());
        compared += 1;
    }
    assert!(compared >= 30, "{compared} fixtures");
}
