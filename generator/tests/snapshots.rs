//! The generator's output, pinned: the curated Frame.io spec and one small spec per construct.
//! Review changes with `cargo insta review`; CI fails on any unreviewed difference.

use generator::{generate, Settings};

fn render(spec_name: &str, source: &str) -> String {
    let settings = Settings {
        spec_name: spec_name.to_string(),
        command: "cargo xtask regen".to_string(),
    };
    let output = generate(source, &settings).unwrap_or_else(|e| panic!("{spec_name}: {e}"));
    let mut text = format!("types: {}, operations: {}\n", output.types, output.operations);
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

#[test]
fn curated_frameio_spec() {
    let source = include_str!("../../spec/frameio.yaml");
    insta::assert_snapshot!(render("spec/frameio.yaml", source));
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
);

#[test]
fn same_spec_same_bytes() {
    let source = include_str!("../../spec/frameio.yaml");
    assert_eq!(render("a", source), render("a", source));
}
