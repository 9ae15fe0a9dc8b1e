//! The generator's output, pinned: one small spec per construct. Review changes with
//! `cargo insta review`; CI fails on any unreviewed difference. (The output for the curated
//! Frame.io spec is the committed `generated/` crate, which `cargo xtask regen --check` pins.)

use std::path::{Path, PathBuf};

use generator::{generate, generate_file, Layout, Settings};

/// How the fixture at `spec_name` is generated: fixtures named `split_*` show the layout of
/// large APIs (every module a directory), `lenient_*` ones are generated with repairs on,
/// `features_*` ones with a cargo feature per tag.
fn settings(spec_name: &str) -> Settings {
    let layout = if spec_name.contains("/split_") {
        Layout::SPLIT
    } else {
        Layout::default()
    };
    Settings {
        spec_name: spec_name.to_string(),
        command: "cargo xtask regen".to_string(),
        layout,
        crate_name: "api".to_string(),
        lenient: spec_name.contains("/lenient_"),
        package: Default::default(),
        features_per_tag: if spec_name.contains("/features_") {
            generator::FeaturesPerTag::On
        } else {
            generator::FeaturesPerTag::Auto
        },
    }
}

/// The files every crate has whatever its spec (but for its title and name): pinned once, by
/// [`the_crate_around_the_generated_code`], not in every fixture's snapshot.
const SKELETON: &[&str] = &["src/lib.rs", "src/client.rs"];

/// The `mock` module: pinned for a few fixtures by [`the_mock_module`], and compiled and run
/// (every stub's doc example) for all of them by `cargo xtask fixtures`.
fn is_mock(path: &str) -> bool {
    path == "src/mock.rs" || path.starts_with("src/mock/")
}

fn text_of(output: generator::Output) -> String {
    let mut text = format!(
        "types: {}, operations: {}\n",
        output.types, output.operations
    );
    for (path, contents) in &output.files {
        if !SKELETON.contains(&path.as_str()) && !is_mock(path) {
            text.push_str(&format!("\n===== {path} =====\n{contents}"));
        }
    }
    text
}

fn render(spec_name: &str, source: &str) -> String {
    let output =
        generate(source, &settings(spec_name)).unwrap_or_else(|e| panic!("{spec_name}: {e}"));
    text_of(output)
}

/// A document split across files: read from its root file.
fn render_file(spec_name: &str, path: &Path) -> String {
    let output =
        generate_file(path, &settings(spec_name)).unwrap_or_else(|e| panic!("{spec_name}: {e}"));
    text_of(output)
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A fixture by name: `<name>.yaml`, or the folder `<name>/` whose root is `openapi.yaml`.
fn fixture(name: &str) -> String {
    let root = fixtures_dir().join(name).join("openapi.yaml");
    if root.is_file() {
        return render_file(&format!("tests/fixtures/{name}/openapi.yaml"), &root);
    }
    let path = fixtures_dir().join(format!("{name}.yaml"));
    let source =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    render(&format!("tests/fixtures/{name}.yaml"), &source)
}

/// Every fixture's name.
fn fixture_names() -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(fixtures_dir()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".yaml") {
            names.push(stem.to_string());
        } else if path.join("openapi.yaml").is_file() {
            names.push(name);
        }
    }
    names.sort();
    names
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
    all_of_intersection,
    discriminator_inference,
    params_styles,
    lenient_repairs,
    swagger2,
    references,
    output_quality,
    shared_titled,
    features_per_tag,
    webhooks,
    webhooks_svix,
    webhooks_stripe,
);

/// The crate root, the client over the runtime, and a complete crate's manifest and README (the
/// runtime by path; vendored, its files are the runtime crate's own, which `package.rs` checks).
#[test]
fn the_crate_around_the_generated_code() {
    let source = std::fs::read_to_string(fixtures_dir().join("security.yaml")).unwrap();
    let settings = Settings {
        package: generator::Package::Crate {
            name: "vault-client".into(),
            runtime: generator::RuntimeDependency::Path("../runtime".into()),
            own_workspace: true,
        },
        crate_name: "vault_client".into(),
        ..settings("tests/fixtures/security.yaml")
    };
    let output = generate(&source, &settings).unwrap();
    let mut text = String::new();
    for path in ["Cargo.toml", "README.md", "src/lib.rs", "src/client.rs"] {
        text.push_str(&format!("\n===== {path} =====\n{}", output.files[path]));
    }
    insta::assert_snapshot!(text);
}

/// The typed stubs of operations: path, query, header and body matchers, an answer per declared
/// response (statuses, ranges, `default`, text and binary bodies), a doc example each; and the
/// module split by tag in the split layout.
#[test]
fn the_mock_module() {
    let mut text = String::new();
    for name in ["params", "bodies", "error_responses", "split_modules"] {
        let path = fixtures_dir().join(format!("{name}.yaml"));
        let source = std::fs::read_to_string(&path).unwrap();
        let spec_name = format!("tests/fixtures/{name}.yaml");
        let output = generate(&source, &settings(&spec_name)).unwrap();
        for (path, contents) in output.files.iter().filter(|(p, _)| is_mock(p)) {
            text.push_str(&format!("\n===== {name}: {path} =====\n{contents}"));
        }
    }
    insta::assert_snapshot!(text);
}

#[test]
fn every_fixture_has_a_snapshot() {
    let missing: Vec<String> = fixture_names()
        .into_iter()
        .filter(|name| {
            let snapshot = format!(
                "{}/tests/it/snapshots/it__snapshots__{name}.snap",
                env!("CARGO_MANIFEST_DIR")
            );
            !Path::new(&snapshot).exists()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "fixtures without a snapshot (add them to `fixture_snapshots!`): {missing:?}"
    );
}

/// Every single-file fixture spec, with its name as the snapshots give it.
fn fixture_sources() -> Vec<(String, String)> {
    fixture_names()
        .into_iter()
        .filter_map(|name| {
            let path = fixtures_dir().join(format!("{name}.yaml"));
            let source = std::fs::read_to_string(path).ok()?;
            Some((format!("tests/fixtures/{name}.yaml"), source))
        })
        .collect()
}

#[test]
fn same_spec_same_bytes() {
    for (name, source) in fixture_sources() {
        assert_eq!(render(&name, &source), render(&name, &source), "{name}");
    }
    assert_eq!(fixture("references"), fixture("references"), "references");
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

/// `text` without the line numbers of locations (`spec.yaml:12: at` → `spec.yaml: at`): the
/// same document on one line has other ones.
fn without_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find(": at /") {
        let head = &rest[..i];
        let digits = head.len() - head.trim_end_matches(|c: char| c.is_ascii_digit()).len();
        let kept = &head[..head.len() - digits];
        out.push_str(
            kept.strip_suffix(':')
                .filter(|_| digits > 0)
                .unwrap_or(kept),
        );
        out.push_str(": at /");
        rest = &rest[i + ": at /".len()..];
    }
    out.push_str(rest);
    out
}

#[test]
fn key_order_does_not_change_the_output() {
    for (name, source) in fixture_sources() {
        let value = generator::read(&source).unwrap();
        let mut reordered = String::new();
        reversed_json(&value, &mut reordered);
        assert_eq!(
            without_lines(&render(&name, &source)),
            without_lines(&render(&name, &reordered)),
            "{name}: output depends on key order"
        );
    }
}

/// Snapshot files nothing refers to any more are stale: remove them (CI has no cargo-insta to
/// reject them, so this test does).
#[test]
fn no_orphaned_snapshots() {
    let root = env!("CARGO_MANIFEST_DIR");
    for entry in std::fs::read_dir(format!("{root}/tests/it/snapshots")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let stem = name
            .strip_suffix(".snap")
            .unwrap_or_else(|| panic!("unexpected file {name}"));
        let referenced = stem.strip_prefix("it__snapshots__").is_some_and(|fixture| {
            ["the_crate_around_the_generated_code", "the_mock_module"].contains(&fixture)
                || Path::new(&format!("{root}/tests/fixtures/{fixture}.yaml")).is_file()
                || Path::new(&format!("{root}/tests/fixtures/{fixture}/openapi.yaml")).is_file()
        });
        assert!(referenced, "{name} belongs to no test: delete it");
    }
}
