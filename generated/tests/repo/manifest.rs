//! The crate's hand-kept manifest declares the features the generated code is compiled with:
//! the table the generator writes to `features.toml`.

#[test]
fn the_manifest_holds_the_generated_features_table() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |name: &str| {
        std::fs::read_to_string(format!("{root}/{name}")).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let (generated, manifest) = (read("features.toml"), read("Cargo.toml"));
    let table: Vec<&str> = generated
        .lines()
        .skip_while(|line| *line != "[features]")
        .collect();
    assert!(table.len() > 1, "features.toml has a [features] table");
    let missing: Vec<&&str> = table
        .iter()
        .filter(|line| !manifest.lines().any(|l| l == **line))
        .collect();
    assert!(
        missing.is_empty(),
        "Cargo.toml lacks these lines of features.toml (copy the table in): {missing:?}"
    );
}
