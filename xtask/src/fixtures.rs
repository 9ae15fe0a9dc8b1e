//! `cargo xtask fixtures`: every generator test fixture generated as a crate of its own and
//! checked as a user would (clippy, rustdoc, its tests, its doc examples).

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{cargo_on, regen, RegenOptions};

pub(crate) fn run(only: &[String]) -> ExitCode {
    let root = xtask::workspace_root();
    let fixtures = root.join("generator/tests/fixtures");
    // A fixture is a `.yaml` file, or a folder whose root document is `openapi.yaml` (a
    // document split across files).
    let mut specs: Vec<PathBuf> = match std::fs::read_dir(&fixtures) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter_map(|p| {
                if p.extension().is_some_and(|x| x == "yaml") {
                    Some(p)
                } else {
                    Some(p.join("openapi.yaml")).filter(|root| root.is_file())
                }
            })
            .collect(),
        Err(e) => {
            eprintln!("error: cannot list {}: {e}", fixtures.display());
            return ExitCode::FAILURE;
        }
    };
    specs.sort();
    specs.push(root.join(xtask::DEFAULT_SPEC));
    let stem = |p: &PathBuf| {
        let named = if p.ends_with("openapi.yaml") && p.parent() != Some(&root.join("spec")) {
            p.parent().unwrap_or(p)
        } else {
            p
        };
        named
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };
    if !only.is_empty() {
        specs.retain(|spec| only.contains(&stem(spec)));
        if specs.len() != only.len() {
            eprintln!(
                "error: no fixture named {}",
                only.iter()
                    .filter(|n| !specs.iter().any(|s| stem(s) == **n))
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            return ExitCode::from(2);
        }
    }
    // Every fixture's crate is a member of one workspace, built by one cargo command per
    // check: cargo builds the crates side by side (both cores), the runtime once, and pays its
    // own start-up once rather than per crate.
    let crates_dir = root.join("target/fixture-crates");
    let mut failed = Vec::new();
    let mut members = Vec::new();
    for spec in specs {
        let name = stem(&spec);
        // A package name of its own: cargo would reuse the build of a same-named path package
        // (the `frameio` fixture would otherwise share artifacts with the workspace's crate).
        let member = format!("fixture-{name}");
        let out = crates_dir.join(&member);
        let options = RegenOptions {
            spec: spec.clone(),
            out: out.clone(),
            check: false,
            standalone: true,
            runtime: xtask::RuntimeMode::Path,
            member: true,
            layout: fixture_layout(&name),
            // `lenient_*` fixtures show the repairs lenient mode makes.
            lenient: name.starts_with("lenient_"),
            // Every fixture with a feature per tag: each is also built with one feature at a
            // time (below); with `full`, the default, the crate is what it is without.
            features_per_tag: xtask::FeaturesPerTag::On,
        };
        if let Err(message) = regen(&options) {
            eprintln!("error: {message}");
            failed.push(name);
            continue;
        }
        // A lockfile from when the crate was built alone would be ignored, and misleads.
        let _ = std::fs::remove_file(out.join("Cargo.lock"));
        // Behaviour a fixture must have beyond its examples: `<name>.tests.rs`, compiled
        // against the generated crate (which it calls `shop`).
        let extra = fixtures.join(format!("{name}.tests.rs"));
        if let Ok(tests) = std::fs::read_to_string(&extra) {
            let lib = member.replace('-', "_");
            let written = std::fs::create_dir_all(out.join("tests")).and_then(|()| {
                std::fs::write(
                    out.join("tests/fixture.rs"),
                    format!("extern crate {lib} as shop;\n{tests}"),
                )?;
                // What the fixture's tests drive the client with.
                let mut manifest = std::fs::read_to_string(out.join("Cargo.toml"))?;
                manifest.push_str(FIXTURE_DEV_DEPENDENCIES);
                std::fs::write(out.join("Cargo.toml"), manifest)
            });
            if let Err(e) = written {
                eprintln!("error: cannot write the tests of {name}: {e}");
                failed.push(name);
                continue;
            }
        }
        members.push(member);
    }
    let listed: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    let manifest = format!(
        "# Written by `cargo xtask fixtures`: every fixture's generated crate, as one workspace.\n\
         [workspace]\nresolver = \"2\"\nmembers = [{}]\n",
        listed.join(", ")
    );
    let written = std::fs::write(crates_dir.join("Cargo.toml"), manifest)
        .and_then(|()| std::fs::write(crates_dir.join("Cargo.lock"), xtask::LOCKFILE));
    if let Err(e) = written {
        eprintln!("error: cannot write the fixtures' workspace: {e}");
        return ExitCode::FAILURE;
    }
    let cargo = |args: &[&str]| {
        cargo_on(&crates_dir, args)
            .env("RUSTDOCFLAGS", "-D warnings")
            .status()
            .is_ok_and(|s| s.success())
    };
    // With every feature (each tag's, and `mock`): lints and docs, then the examples' round
    // trips and each fixture's own tests, then every doc example (each operation has one; edition 2024 builds a crate's in one binary). The
    // runtime's own unit tests run once, in the main workspace.
    let checks: [(&str, &[&str]); 4] = [
        (
            "clippy -D warnings",
            &[
                "clippy",
                "--quiet",
                "--workspace",
                "--all-targets",
                "--all-features",
                "--",
                "-D",
                "warnings",
            ],
        ),
        (
            "rustdoc -D warnings",
            &[
                "doc",
                "--quiet",
                "--workspace",
                "--no-deps",
                "--all-features",
            ],
        ),
        (
            "tests",
            &[
                "test",
                "--quiet",
                "--workspace",
                "--tests",
                "--all-features",
            ],
        ),
        // Every operation's example, and every stub's (the `mock` feature), which mounts it
        // and calls the operation through a client where the example can build the call.
        (
            "doc tests",
            &["test", "--quiet", "--workspace", "--doc", "--all-features"],
        ),
    ];
    for (what, args) in checks {
        let passed = if args[0] == "doc" {
            with_own_doc_dir(&root, || cargo(args))
        } else {
            cargo(args)
        };
        if passed {
            println!("fixtures: {} crate(s): {what}: pass", members.len());
        } else {
            eprintln!("fixtures: {what} FAILED (cargo names the crate above)");
            failed.push(what.to_string());
            break;
        }
    }
    if failed.is_empty() {
        if let Err(what) = each_feature_alone(&crates_dir, &members) {
            failed.push(what);
        }
    }
    if only.is_empty() {
        if vendored_crate_builds() {
            println!("fixtures: frameio with a vendored runtime, outside the workspace, builds");
        } else {
            eprintln!("fixtures: frameio with a vendored runtime FAILED to build (see above)");
            failed.push("frameio (vendored runtime)".into());
        }
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: generated code from {} fixture(s) does not build clean: {}",
            failed.len(),
            failed.join(", ")
        );
        ExitCode::FAILURE
    }
}

/// Every fixture's library, clippy-clean with no feature and with each of its features alone
/// (`cargo hack --each-feature`'s idea): one cargo command per round, round `k` building every
/// crate that has a `k`th feature with that feature only. The fixtures' own tests call
/// operations of every tag, so they are built with `full` only (above).
fn each_feature_alone(crates_dir: &std::path::Path, members: &[String]) -> Result<(), String> {
    let features: Vec<(String, Vec<String>)> = members
        .iter()
        .map(|m| {
            let manifest = std::fs::read_to_string(crates_dir.join(m).join("Cargo.toml"));
            let mut features = full_feature(&manifest.unwrap_or_default());
            features.push("mock".to_string());
            (m.clone(), features)
        })
        .collect();
    let rounds = features.iter().map(|(_, f)| f.len()).max().unwrap_or(0);
    for round in 0..=rounds {
        let mut args: Vec<String> = ["clippy", "--quiet", "--lib", "--no-default-features"]
            .map(String::from)
            .to_vec();
        let mut chosen = Vec::new();
        for (member, list) in &features {
            match round {
                0 => args.extend(["-p".to_string(), member.clone()]),
                _ => {
                    if let Some(feature) = list.get(round - 1) {
                        args.extend(["-p".to_string(), member.clone()]);
                        chosen.push(format!("{member}/{feature}"));
                    }
                }
            }
        }
        if !chosen.is_empty() {
            args.extend(["--features".to_string(), chosen.join(",")]);
        }
        args.extend(["--", "-D", "warnings"].map(String::from));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let passed = cargo_on(crates_dir, &args)
            .status()
            .is_ok_and(|s| s.success());
        let what = match round {
            0 => "no feature".to_string(),
            _ => format!("feature {round} of each alone ({})", chosen.join(", ")),
        };
        if !passed {
            eprintln!("fixtures: clippy -D warnings with {what} FAILED");
            return Err(format!("clippy with {what}"));
        }
    }
    println!(
        "fixtures: {} crate(s): clippy -D warnings with no feature and with each feature alone ({rounds} round(s)): pass",
        members.len()
    );
    Ok(())
}

/// The features `full` turns on, from a generated manifest.
fn full_feature(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .find_map(|line| line.strip_prefix("full = ["))
        .map(|list| {
            list.trim_end_matches(']')
                .split(',')
                .map(|f| f.trim().trim_matches('"').to_string())
                .filter(|f| !f.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The dev-dependencies of a fixture's own tests (`<name>.tests.rs`).
const FIXTURE_DEV_DEPENDENCIES: &str = "\n[dev-dependencies]\n\
    futures-util = { version = \"0.3\", default-features = false, features = [\"std\"] }\n\
    tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n\
    wiremock = \"0.6\"\n";

/// The Frame.io crate written with a vendored runtime outside the workspace builds with nothing
/// pointing into this repository.
fn vendored_crate_builds() -> bool {
    let scratch =
        std::env::temp_dir().join(format!("openapi-rust-gen-vendored-{}", std::process::id()));
    let out = scratch.join("frameio-vendored");
    let options = RegenOptions {
        spec: xtask::workspace_root().join(xtask::DEFAULT_SPEC),
        out: out.clone(),
        check: false,
        standalone: true,
        runtime: xtask::RuntimeMode::Vendored,
        member: false,
        layout: generator::Layout::default(),
        lenient: false,
        features_per_tag: xtask::FeaturesPerTag::Auto,
    };
    let built = match regen(&options) {
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
        Ok(_) => {
            let root = xtask::workspace_root();
            let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap_or_default();
            let runtime =
                std::fs::read_to_string(out.join("runtime/Cargo.toml")).unwrap_or_default();
            let points_inside = [manifest, runtime]
                .iter()
                .any(|text| text.contains(&*root.to_string_lossy()) || text.contains("../"));
            if points_inside {
                eprintln!("error: the vendored crate's manifests point outside it");
            }
            !points_inside
                && cargo_on(&out, &["build", "--quiet"])
                    .status()
                    .is_ok_and(|s| s.success())
        }
    };
    let _ = std::fs::remove_dir_all(&scratch);
    built
}

/// Fixtures named `split_*` test the layout of large APIs: every module a directory.
fn fixture_layout(name: &str) -> generator::Layout {
    if name.starts_with("split_") {
        generator::Layout::SPLIT
    } else {
        generator::Layout::default()
    }
}

/// Runs `document` with the fixtures' docs in a folder of their own (kept afterwards as
/// `target/fixture-crates/doc`), the workspace's own docs set aside meanwhile.
///
/// rustdoc merges every crate's search index and trait implementations into what the doc
/// folder already holds, on every run: beside the workspace's docs the 31 fixture crates took
/// 112 s to document, in a folder of their own 18 s.
fn with_own_doc_dir(root: &std::path::Path, document: impl FnOnce() -> bool) -> bool {
    let doc = root.join("target/doc");
    let aside = root.join("target/doc.workspace");
    let ours = root.join("target/fixture-crates/doc");
    // A run cut off between the renames left the workspace's docs aside: bring them back.
    if aside.exists() && !doc.exists() {
        let _ = std::fs::rename(&aside, &doc);
    }
    let set_aside = doc.exists() && !aside.exists() && std::fs::rename(&doc, &aside).is_ok();
    let passed = document();
    let _ = std::fs::remove_dir_all(&ours);
    let _ = std::fs::rename(&doc, &ours);
    if set_aside {
        let _ = std::fs::rename(&aside, &doc);
    }
    passed
}
