//! The generator's output, pinned: one small spec per construct. Review changes with
//! `cargo insta review`; CI fails on any unreviewed difference. (The output for the curated
//! Frame.io spec is the committed `generated/` crate, which `cargo xtask regen --check` pins.)

use generator::{generate, Layout, Settings};

fn render(spec_name: &str, source: &str) -> String {
    // Fixtures named `split_*` show the layout of large APIs: every module a directory.
    let layout = if spec_name.contains("/split_") {
        Layout::SPLIT
    } else {
        Layout::default()
    };
    let settings = Settings {
        spec_name: spec_name.to_string(),
        command: "cargo xtask regen".to_string(),
        layout,
        crate_name: "api".to_string(),
    };
    let output = generate(source, &settings).unwrap_or_else(|e| panic!("{spec_name}: {e}"));
    let mut text = format!(
        "types: {}, operations: {}\n",
        output.types, output.operations
    );
    for (path, contents) in &output.files {
        text.push_str(&format!("\n===== {path} =====\n{contents}"));
    }
    text
}

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let source = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    render(&format!("tests/fixtures/{name}.yaml"), &source)
}

macro_rules! fixture_snapshots {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(fixture(stringify!($name)));
            }
        )*
    };
}

fixture_snapshots!(
    enums,
    nullable,
    maps,
    nested,
    odd_names,
    deprecated,
    header_params,
    error_responses,
    response_headers,
    recursion,
    all_of,
    discriminated,
    untagged,
    tagged_by_property,
    scalars,
    openapi_31,
    many_required,
    split_modules,
    params,
    bodies,
    security,
    pagination,
    long_cycle,
);

#[test]
fn every_fixture_has_a_snapshot() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        if let Some(stem) = name.strip_suffix(".yaml") {
            let snapshot = format!(
                "{}/tests/snapshots/snapshots__{stem}.snap",
                env!("CARGO_MANIFEST_DIR")
            );
            if !std::path::Path::new(&snapshot).exists() {
                missing.push(stem.to_string());
            }
        }
    }
    assert!(
        missing.is_empty(),
        "fixtures without a snapshot (add them to `fixture_snapshots!`): {missing:?}"
    );
}

/// Every fixture spec, with its path.
fn fixture_sources() -> Vec<(String, String)> {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let mut specs = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            specs.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    specs.sort();
    specs
}

#[test]
fn same_spec_same_bytes() {
    for (name, source) in fixture_sources() {
        assert_eq!(render("a", &source), render("a", &source), "{name}");
    }
}

/// Writes `value` as JSON with every object's keys in reverse sorted order (arrays keep their
/// order, since it can carry meaning). `serde_json` itself would sort them back.
fn reversed_json(value: &serde_json::Value, out: &mut String) {
    match value {
        serde_json::Value::Object(map) => {
            out.push('{');
            for (i, (key, child)) in map.iter().rev().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&serde_json::to_string(key).unwrap());
                out.push(':');
                reversed_json(child, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                reversed_json(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[test]
fn key_order_does_not_change_the_output() {
    for (name, source) in fixture_sources() {
        let value = generator::parse::read(&source).unwrap();
        let mut reordered = String::new();
        reversed_json(&value, &mut reordered);
        assert_eq!(
            render("x", &source),
            render("x", &reordered),
            "{name}: output depends on key order"
        );
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
        let referenced = stem.strip_prefix("snapshots__").is_some_and(|fixture| {
            std::path::Path::new(&format!("{root}/tests/fixtures/{fixture}.yaml")).is_file()
        });
        assert!(referenced, "{name} belongs to no test: delete it");
    }
}
