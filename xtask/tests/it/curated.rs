//! The curated spec through the generator: what the generator's own tests check on their
//! fixtures, on `spec/frameio.yaml` (which is not in the generator's package).

use generator::{diff::diff_sources, diff::to_markdown, generate, Settings};

const SPEC: &str = include_str!("../../../spec/frameio.yaml");

fn render(source: &str) -> Vec<(String, String)> {
    let settings = Settings {
        spec_name: "spec/frameio.yaml".into(),
        command: "cargo xtask regen".into(),
        layout: Default::default(),
        crate_name: "frameio".into(),
        lenient: false,
        package: Default::default(),
        features_per_tag: Default::default(),
    };
    let output = generate(source, &settings).expect("the curated spec generates");
    output.files.into_iter().collect()
}

/// JSON with every object's keys in reverse order (`serde_json` would sort them back).
fn reversed(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(map) => {
            let fields: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}:{}", serde_json::to_string(k).unwrap(), reversed(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
        serde_json::Value::Array(items) => {
            let items: Vec<String> = items.iter().map(reversed).collect();
            format!("[{}]", items.join(","))
        }
        scalar => scalar.to_string(),
    }
}

#[test]
fn same_spec_same_bytes_whatever_the_key_order() {
    let once = render(SPEC);
    assert_eq!(once, render(SPEC));
    let reordered = reversed(&generator::read(SPEC).unwrap());
    assert_eq!(once, render(&reordered), "output depends on key order");
}

#[test]
fn the_spec_against_itself_has_no_changes() {
    let report = diff_sources("a", SPEC, "b", SPEC);
    assert!(report.changes.is_empty(), "{}", to_markdown(&report));
}
