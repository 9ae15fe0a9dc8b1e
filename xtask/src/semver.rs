//! `cargo xtask semver-check`: proves each diff-suite case's Rust verdict with the compiler.
//!
//! For every case, the crate is generated from the case's new spec and `diff-suite/user.rs` (a
//! program that uses every item of the base crate, with exact types) is compiled against it:
//! it must stop compiling when the case says `rust: breaking`, and compile otherwise. The
//! diff's own report must agree: Rust-breaking items exactly when the case says `breaking` or
//! `silent`, reordered arguments exactly when it says `silent` (a change the compiler cannot
//! see, which is why the diff must). A crate whose generated code is byte for byte the base
//! crate's compiles as the base crate does; it is not compiled again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::cases::{self, Api, Case, Rust};

/// Runs the check; `Err` lists the cases that disagree.
pub fn run(only: &[String]) -> Result<(), String> {
    let dir = cases::dir();
    let (base, all) = cases::load(&dir)?;
    let user = std::fs::read_to_string(dir.join("user.rs"))
        .map_err(|e| format!("cannot read {}: {e}", dir.join("user.rs").display()))?;
    let work = crate::workspace_root().join("target/semver-check");
    let base_text = serde_json::to_string_pretty(&base).map_err(|e| e.to_string())?;
    let base_files = generated(&base_text)?;
    let started = std::time::Instant::now();
    match compiles(&work, "base", &base_text, &user)? {
        (true, _) => println!("semver-check: the user program compiles against the base crate"),
        (false, errors) => {
            return Err(format!(
                "the user program does not compile against the base crate:\n{errors}"
            ))
        }
    }
    let mut failed = Vec::new();
    let mut compiled = 1;
    for case in all
        .iter()
        .filter(|c| only.is_empty() || only.contains(&c.name))
    {
        match check(case, &base, &base_files, &work, &user, &mut compiled) {
            Ok(line) => println!("semver-check: {}: {line}", case.name),
            Err(why) => {
                eprintln!("semver-check: {}: {why}", case.name);
                failed.push(case.name.clone());
            }
        }
    }
    println!(
        "semver-check: {} case(s), {compiled} crate(s) compiled, in {:.1} s",
        all.len(),
        started.elapsed().as_secs_f64()
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Rust verdicts disagree with the compiler or the report for: {}",
            failed.join(", ")
        ))
    }
}

fn check(
    case: &Case,
    base: &serde_json::Value,
    base_files: &BTreeMap<String, String>,
    work: &Path,
    user: &str,
    compiled: &mut usize,
) -> Result<String, String> {
    let (old, new) = cases::specs(base, case)?;
    let report = generator::diff::diff_sources("base", &old, &case.name, &new);
    if case.api == Api::Refused {
        return match report.refused {
            Some(_) => Ok("refused by the diff, as expected: nothing to compile".into()),
            None => Err("the case expects a refusal but the diff compared the specs".into()),
        };
    }
    if let Some(refusal) = &report.refused {
        return Err(format!("the diff refused: {}", refusal.error));
    }
    if !case.old_edits.is_empty() {
        *compiled += 1;
        let (ok, errors) = compiles(work, &format!("{}-old", case.name), &old, user)?;
        if !ok {
            return Err(format!(
                "the user program does not compile against the OLD crate:\n{errors}"
            ));
        }
    }
    let same_as_base = generated(&new)? == *base_files;
    let (ok, errors) = if same_as_base {
        (true, String::new())
    } else {
        *compiled += 1;
        compiles(work, &case.name, &new, user)?
    };
    let s = &report.summary;
    let expected_compiles = case.rust != Rust::Breaking;
    if ok != expected_compiles {
        return Err(format!(
            "the case says `rust: {:?}` but the user program {}\n{errors}",
            case.rust,
            if ok {
                "still compiles"
            } else {
                "no longer compiles"
            }
        ));
    }
    let report_breaks = s.rust_breaking > 0;
    let report_silent = s.rust_reordered > 0;
    if report_breaks != (case.rust != Rust::Compatible)
        || report_silent != (case.rust == Rust::Silent)
    {
        return Err(format!(
            "the compiler agrees with the case (`rust: {:?}`), but the report says {} Rust-breaking item(s), {} reordered",
            case.rust, s.rust_breaking, s.rust_reordered
        ));
    }
    Ok(match (case.rust, same_as_base) {
        (Rust::Breaking, _) => format!(
            "stops compiling, as the case and the report say ({} Rust-breaking item(s))",
            s.rust_breaking
        ),
        (Rust::Silent, _) => format!(
            "still compiles and means something else: the report flags {} reordered item(s)",
            s.rust_reordered
        ),
        (Rust::Compatible, true) => {
            "generated code identical to the base crate's: compiles, as reported".into()
        }
        (Rust::Compatible, false) => "still compiles, as the case and the report say".into(),
    })
}

/// The generator's output for a spec, under one fixed crate name (so two specs that give the
/// same code give the same files).
fn generated(spec: &str) -> Result<BTreeMap<String, String>, String> {
    let settings = generator::Settings {
        crate_name: "shop".into(),
        ..generator::Settings::default()
    };
    generator::generate(spec, &settings)
        .map(|output| output.files)
        .map_err(|e| e.to_string())
}

/// Generates a standalone crate from `spec` and compiles the user program against it.
fn compiles(work: &Path, case: &str, spec: &str, user: &str) -> Result<(bool, String), String> {
    let dir = work.join(case);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let spec_path = dir.join("spec.json");
    std::fs::write(&spec_path, spec).map_err(|e| e.to_string())?;
    // Each crate has its own package name (cargo would otherwise reuse one build for all
    // same-named path packages); the program still says `shop::`.
    let out: PathBuf = dir.join(format!("shop-{case}").replace('_', "-"));
    crate::regen(&crate::RegenOptions::standalone(spec_path, out.clone()))?;
    let lib = out
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .replace('-', "_");
    std::fs::create_dir_all(out.join("examples")).map_err(|e| e.to_string())?;
    std::fs::write(
        out.join("examples/user.rs"),
        format!("extern crate {lib} as shop;\n{user}"),
    )
    .map_err(|e| e.to_string())?;
    let output = crate::cargo_on(&out, &["check", "--quiet", "--example", "user"])
        .output()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok((
        output.status.success(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    ))
}
