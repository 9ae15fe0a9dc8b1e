//! `cargo xtask corpus`: one row per document, refusals and lenient repairs told apart, and a
//! summary that counts them. Run here without clippy (CI has no corpus; the fixtures stand in).

use std::fs;
use std::path::PathBuf;

use xtask::corpus::{render, run, summary, Options, Outcome};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("corpus-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_document_gets_a_row_and_the_summary_counts_them() {
    let dir = scratch("docs");
    let fixtures = xtask::workspace_root().join("generator/tests/fixtures");
    // A valid document, one lenient mode repairs, one no mode generates, and one split across
    // files (a folder whose ROOT names the root).
    fs::copy(fixtures.join("enums.yaml"), dir.join("valid.yaml")).unwrap();
    fs::copy(
        fixtures.join("lenient_repairs.yaml"),
        dir.join("repairable.yaml"),
    )
    .unwrap();
    fs::copy(
        fixtures.join("bad/all_of_contradiction.yaml"),
        dir.join("contradictory.yaml"),
    )
    .unwrap();
    let split = dir.join("split");
    fs::create_dir_all(split.join("paths")).unwrap();
    fs::create_dir_all(split.join("schemas")).unwrap();
    for file in [
        "openapi.yaml",
        "common.yaml",
        "paths/pets.yaml",
        "schemas/pet.yaml",
    ] {
        fs::copy(fixtures.join("references").join(file), split.join(file)).unwrap();
    }
    fs::write(split.join("ROOT"), "openapi.yaml\n").unwrap();

    let rows = run(&Options {
        dir: dir.clone(),
        only: Vec::new(),
        clippy: false,
        out: dir.join("crates"),
    })
    .unwrap();
    let outcome = |name: &str| {
        rows.iter()
            .find(|r| r.name == name)
            .unwrap_or_else(|| panic!("no row for {name}"))
    };
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert_eq!(outcome("valid").outcome, Outcome::Generated);
    assert_eq!(outcome("split").outcome, Outcome::Generated);
    let repaired = outcome("repairable");
    assert_eq!(repaired.outcome, Outcome::Repaired);
    // One per break in the fixture (generator/tests/lenient.rs lists them).
    let repairs = repaired.repairs.len();
    assert_eq!(repairs, 11, "{:?}", repaired.repairs);
    assert!(repaired
        .strict_error
        .as_deref()
        .is_some_and(|e| e.contains("lenient mode")));
    assert!(matches!(
        &outcome("contradictory").outcome,
        Outcome::Refused(e) if e.contains("no value is both")
    ));
    let table = render(&rows);
    assert!(
        table.contains("| repairable | 3.0.3 | generated with --lenient |"),
        "{table}"
    );
    assert_eq!(
        summary(&rows).split(';').next().unwrap(),
        format!(
            "4 documents: 2 generated, 1 generated with --lenient ({repairs} repairs), 1 refused, \
             0 panicked"
        )
    );
    fs::remove_dir_all(dir).unwrap();
}
