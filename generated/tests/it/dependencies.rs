//! The README's dependency table names exactly the crates `Cargo.toml` depends on.

const MANIFEST: &str = include_str!("../../Cargo.toml");
const README: &str = include_str!("../../README.md");

/// The crate names under `[dependencies]`, as written here or as `cargo package` normalizes
/// them (one `[dependencies.name]` table each).
fn manifest_dependencies() -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in MANIFEST.lines() {
        let line = line.trim();
        if let Some(name) = line
            .strip_prefix("[dependencies.")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            names.push(name.trim_matches('"').to_string());
        }
        if line.starts_with('[') {
            inside = line == "[dependencies]";
            continue;
        }
        if inside && !line.is_empty() && !line.starts_with('#') {
            let name = line.split(['=', '.', ' ']).next().unwrap_or_default();
            names.push(name.to_string());
        }
    }
    names.sort();
    names
}

/// The first column of the table under `## Dependencies`.
fn readme_table() -> Vec<String> {
    let section = README
        .split("## Dependencies")
        .nth(1)
        .expect("the README has a Dependencies section");
    let mut names: Vec<String> = section
        .lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_string)
        .collect();
    names.sort();
    names
}

#[test]
fn the_readme_table_matches_the_manifest() {
    let manifest = manifest_dependencies();
    assert!(manifest.len() > 3, "parsed {manifest:?}");
    assert_eq!(readme_table(), manifest);
    let count = [
        "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven",
        "Twelve", "Thirteen", "Fourteen", "Fifteen",
    ]
    .get(manifest.len() - 1)
    .copied()
    .unwrap_or("Many");
    assert!(
        README.contains(&format!("{count} crates")),
        "the README's count says {count}"
    );
}
