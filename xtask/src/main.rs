//! `cargo xtask <command>`: see `cargo xtask help`.

use std::path::PathBuf;
use std::process::ExitCode;

mod fixtures;

use xtask::{regen, summary, RegenOptions, REGEN_COMMAND};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask regen [--check] [--lenient] [--[no-]features-per-tag] [--spec PATH --out DIR]
                         (any command: --help)
       cargo xtask diff [--base REV | --old PATH --new PATH] [--spec PATH] [--[no-]features-per-tag]
                        [--format markdown|json] [--fail-on breaking|possibly-breaking|rust-breaking]
       cargo xtask fixtures [NAME...]
       cargo xtask corpus DIR [--no-clippy] [NAME...]
       cargo xtask semver-check [CASE...]
       cargo xtask msrv
       cargo xtask bench [--compile [--feature NAME]... [OPERATIONS...] | --diff | --spec PATH...]

  regen            regenerate generated/ from spec/frameio.yaml, writing only changed files
  --check          change nothing; exit 1 naming the stale files if generated/ is out of date
  --lenient        repair what can be repaired in a document that breaks OpenAPI's rules
                   (duplicate operationIds, undeclared path parameters or security schemes,
                   3.1 keywords in a 3.0 document, null where a map belongs), each repair a
                   located warning; without it such a document is refused, nothing written
  --features-per-tag
                   put each tag's operations behind a cargo feature named after the tag (and
                   each type behind the features of the operations that use it), `full` the
                   default; on by itself past 200 operations in two tags or more
                   (--no-features-per-tag turns it off)
  --spec PATH      read another spec (OpenAPI 3.0 or 3.1, or Swagger 2.0; YAML or JSON;
                   references to other files are read relative to it)
  --out DIR        write a standalone crate (Cargo.toml, README.md, src/) to DIR instead of
                   generated/
  --runtime MODE   how that crate gets the runtime crate: `path` (default; a path to this
                   workspace's generator/runtime), `vendored` (a copy in DIR/runtime, no path
                   into this repository) or `version` (from crates.io)
  diff             report what changed in the spec and what it breaks, for API clients and for
                   users of the Rust crate; compares the spec at --base (default: the
                   merge-base with main, or HEAD on main) with the working tree, or two files
  --format         markdown (default, for a PR description) or json (documented in README)
  --fail-on        exit 1 when a change of that severity is found (for CI); a spec the
                   generator refuses cannot be judged and exits 1 with or without it;
                   --[no-]features-per-tag as the crate was generated (regen's flag): a
                   feature gate is part of an item's API
  fixtures         generate a standalone crate from each generator test fixture, with a
                   feature per tag, and check it with `cargo clippy -- -D warnings`, `cargo doc`
                   (warnings denied) and `cargo test` (its example round trips, and
                   `<fixture>.tests.rs` if present), so the generated code is compiled, linted
                   and run, not only snapshotted; then clippy on each library with no feature
                   and with each feature alone; with names (file stems, `frameio` for the
                   default spec), only those
  corpus DIR       generate a crate from every OpenAPI document in DIR (a file, or a folder
                   whose ROOT file names the root of a document split across files), as a
                   new user would: the default mode first, --lenient when that is refused with
                   a repairable error; lint each crate with clippy (-D warnings) unless
                   --no-clippy; print a Markdown row per document (outcome, fallbacks,
                   repairs, generation time, clippy) and a summary; exit 1 if any document
                   is refused, panics or is not clippy-clean
  bench            time generation of synthetic specs of 100 to 5000 operations; per-operation
                   cost as a ratio to the smallest (use `cargo run --release -p xtask -- bench`
                   for representative numbers); --compile: build time of the generated crate
                   (with --feature NAME: generated without features per tag, with them and
                   `full`, and with each NAME alone, in one run);
                   --diff: `diff` of a spec against an edited copy, as a ratio to generating it;
                   --spec PATH...: generation of real documents in process, best and median of
                   15 runs (use a release build: `cargo run --release -p xtask -- bench --spec`)
  semver-check [CASE...]
                   for each case of the diff suite (xtask/diff-suite), compile its user.rs
                   against the crate generated after the edit: it must stop compiling exactly
                   when the case says `rust: breaking`, and the diff's report must agree
  msrv             check that no locked package needs a newer Rust than the workspace's
                   `rust-version` (this machine has one toolchain, so the lockfile is the proof)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `--help` anywhere, on any command, is a question, not a mistake.
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match args.first().map(String::as_str) {
        Some("regen") => run_regen(&args[1..]),
        Some("fixtures") => fixtures::run(&args[1..]),
        Some("corpus") => run_corpus(&args[1..]),
        Some("diff") => run_diff(&args[1..]),
        Some("semver-check") => run_semver_check(&args[1..]),
        Some("msrv") => run_msrv(),
        Some("bench") if args.get(1).map(String::as_str) == Some("--compile") => {
            run_compile_bench(&args[2..])
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("--spec") => {
            let paths: Vec<PathBuf> = args[2..].iter().map(PathBuf::from).collect();
            if paths.is_empty() {
                eprintln!("error: `bench --spec` takes the documents to time, e.g. `bench --spec api.yaml`");
                return ExitCode::from(2);
            }
            match xtask::bench::run_specs(&paths, 15) {
                Ok(table) => {
                    print!("{table}");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("--diff") => {
            print!("{}", xtask::bench::run_diff(&[100, 1000, 5000]));
            ExitCode::SUCCESS
        }
        Some("bench") => {
            print!("{}", xtask::bench::run(&[100, 500, 1000, 5000, 10000]));
            ExitCode::SUCCESS
        }
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run_regen(args: &[String]) -> ExitCode {
    let mut check = false;
    let mut lenient = false;
    let mut spec: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut runtime = xtask::RuntimeMode::Path;
    let mut features = xtask::FeaturesPerTag::Auto;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--lenient" => lenient = true,
            "--features-per-tag" => features = xtask::FeaturesPerTag::On,
            "--no-features-per-tag" => features = xtask::FeaturesPerTag::Off,
            "--runtime" => match iter.next().and_then(|v| xtask::RuntimeMode::parse(v)) {
                Some(mode) => runtime = mode,
                None => {
                    eprintln!(
                        "error: `--runtime` needs `path`, `vendored` or `version`\n\n{USAGE}"
                    );
                    return ExitCode::from(2);
                }
            },
            "--spec" | "--out" => {
                let Some(value) = iter.next() else {
                    eprintln!("error: `{arg}` needs a value\n\n{USAGE}");
                    return ExitCode::from(2);
                };
                let slot = if arg == "--spec" { &mut spec } else { &mut out };
                *slot = Some(PathBuf::from(value));
            }
            other => {
                eprintln!("error: unknown argument `{other}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    if spec.is_some() && out.is_none() {
        eprintln!(
            "error: `--spec` needs `--out DIR`: generated/ is the client for spec/frameio.yaml, \
             and another spec's crate goes in a directory of its own \
             (e.g. `cargo xtask regen --spec {} --out /tmp/client`)",
            spec.as_deref()
                .unwrap_or(std::path::Path::new("api.yaml"))
                .display()
        );
        return ExitCode::from(2);
    }
    let mut options = RegenOptions::default_job(check);
    options.lenient = lenient;
    options.runtime = runtime;
    options.features_per_tag = features;
    if let Some(spec) = spec {
        options.spec = spec;
    }
    if let Some(out) = out {
        options.out = out;
        options.standalone = true;
    }

    eprintln!(
        "regen: {} {} -> {}",
        if check { "checking" } else { "generating from" },
        xtask::display_path(&options.spec),
        xtask::display_path(&options.out)
    );
    let started = std::time::Instant::now();
    match regen(&options) {
        Ok(report) => {
            let text = summary(&report, &options.out, check);
            let took = started.elapsed().as_millis();
            if check && !report.is_fresh() {
                eprintln!("error: generated code is stale: {text}\nrun `{REGEN_COMMAND}` and commit the result");
                ExitCode::FAILURE
            } else {
                println!("regen: {text}");
                eprintln!("regen: done in {took} ms");
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!(
                "error: {message}\nnothing was written to {}",
                xtask::display_path(&options.out)
            );
            ExitCode::FAILURE
        }
    }
}

fn run_diff(args: &[String]) -> ExitCode {
    use xtask::diff::{FailOn, Format, Sources};
    let mut base = None;
    let mut old = None;
    let mut new = None;
    let mut spec = xtask::workspace_root().join(xtask::DEFAULT_SPEC);
    let mut format = Format::Markdown;
    let mut fail_on = None;
    let mut features = xtask::FeaturesPerTag::Auto;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--features-per-tag" => {
                features = xtask::FeaturesPerTag::On;
                continue;
            }
            "--no-features-per-tag" => {
                features = xtask::FeaturesPerTag::Off;
                continue;
            }
            _ => {}
        }
        let Some(value) = iter.next() else {
            eprintln!("error: `{arg}` needs a value\n\n{USAGE}");
            return ExitCode::from(2);
        };
        match arg.as_str() {
            "--base" => base = Some(value.clone()),
            "--old" => old = Some(PathBuf::from(value)),
            "--new" => new = Some(PathBuf::from(value)),
            "--spec" => spec = PathBuf::from(value),
            "--format" => {
                format = match value.as_str() {
                    "markdown" | "md" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        eprintln!("error: unknown format `{other}` (markdown or json)");
                        return ExitCode::from(2);
                    }
                }
            }
            "--fail-on" => match FailOn::parse(value) {
                Some(f) => fail_on = Some(f),
                None => {
                    eprintln!("error: unknown --fail-on `{value}` (breaking, possibly-breaking or rust-breaking)");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("error: unknown argument `{other}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let sources = match (old, new, base) {
        (Some(old), Some(new), None) => Sources::Files { old, new },
        (None, None, base) => Sources::Git { spec, base },
        _ => {
            eprintln!("error: use either --old PATH --new PATH, or --base REV (not both)");
            return ExitCode::from(2);
        }
    };
    // Progress and the summary go to stderr: stdout is the report, for pasting or for tools.
    let started = std::time::Instant::now();
    match &sources {
        Sources::Files { old, new } => eprintln!(
            "diff: comparing {} with {}",
            xtask::display_path(old),
            xtask::display_path(new)
        ),
        Sources::Git { spec, base } => eprintln!(
            "diff: comparing {} at {} with the working tree",
            xtask::display_path(spec),
            base.as_deref().unwrap_or("the merge-base with main")
        ),
    }
    match xtask::diff::run(&sources, features) {
        Ok(report) => {
            let s = &report.summary;
            match &report.refused {
                Some(refusal) => eprintln!(
                    "diff: not compared in {} ms: the {} spec cannot be generated: {}",
                    started.elapsed().as_millis(),
                    match refusal.side {
                        generator::diff::Side::Old => "old",
                        generator::diff::Side::New => "new",
                    },
                    refusal.error
                ),
                None => eprintln!(
                    "diff: {} change(s): {} breaking, {} possibly breaking, {} non-breaking; Rust API: {} item(s) changed ({} breaking, {} reordered) in {} ms",
                    report.changes.len(),
                    s.breaking,
                    s.possibly_breaking,
                    s.non_breaking,
                    report.rust_api.len(),
                    s.rust_breaking,
                    s.rust_reordered,
                    started.elapsed().as_millis()
                ),
            }
            print!("{}", xtask::diff::render(&report, format));
            match fail_on {
                // What cannot be judged fails, gate or not: a spec was refused.
                _ if report.refused.is_some() => {
                    eprintln!("error: the change cannot be judged: a spec does not generate");
                    ExitCode::FAILURE
                }
                Some(f) if f.triggered(&report) => {
                    eprintln!("error: --fail-on: the spec change has changes of that severity");
                    ExitCode::FAILURE
                }
                _ => ExitCode::SUCCESS,
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_corpus(args: &[String]) -> ExitCode {
    let mut dir = None;
    let mut only = Vec::new();
    let mut clippy = true;
    for arg in args {
        match arg.as_str() {
            "--no-clippy" => clippy = false,
            flag if flag.starts_with("--") => {
                eprintln!("error: unknown argument `{flag}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
            _ if dir.is_none() => dir = Some(PathBuf::from(arg)),
            name => only.push(name.to_string()),
        }
    }
    let Some(dir) = dir else {
        eprintln!("error: `corpus` needs the folder of documents (e.g. `cargo xtask corpus /work/scratch/corpus`)");
        return ExitCode::from(2);
    };
    let options = xtask::corpus::Options {
        dir,
        only,
        clippy,
        out: xtask::workspace_root().join("target/corpus-crates"),
    };
    let started = std::time::Instant::now();
    match xtask::corpus::run(&options) {
        Ok(rows) => {
            print!("{}", xtask::corpus::render(&rows));
            eprintln!(
                "corpus: {} in {:.0} s",
                xtask::corpus::summary(&rows),
                started.elapsed().as_secs_f64()
            );
            let failed = rows.iter().any(|r| {
                !matches!(
                    r.outcome,
                    xtask::corpus::Outcome::Generated | xtask::corpus::Outcome::Repaired
                ) || matches!(r.clippy, Some(Err(_)))
            });
            if failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_semver_check(only: &[String]) -> ExitCode {
    match xtask::semver::run(only) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `bench --compile [--runs N] [--spec PATH]... [OPERATIONS...]`.
fn run_compile_bench(args: &[String]) -> ExitCode {
    use xtask::bench::CompileTarget;
    let mut targets = Vec::new();
    let mut features = Vec::new();
    let mut runs = 5;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let parsed = match arg.as_str() {
            "--spec" => iter.next().map(|p| CompileTarget::Spec(PathBuf::from(p))),
            "--feature" => match iter.next() {
                Some(name) => {
                    features.push(name.clone());
                    continue;
                }
                None => None,
            },
            "--runs" => match iter.next().and_then(|n| n.parse().ok()) {
                Some(n) => {
                    runs = n;
                    continue;
                }
                None => None,
            },
            n => n.parse().ok().map(CompileTarget::Synthetic),
        };
        match parsed {
            Some(target) => targets.push(target),
            None => {
                eprintln!(
                    "error: `bench --compile` takes operation counts (`100 400`), documents \
                     (`--spec api.yaml`), features to build alone (`--feature NAME`) and \
                     `--runs N`"
                );
                return ExitCode::from(2);
            }
        }
    }
    if targets.is_empty() {
        targets = vec![CompileTarget::Synthetic(100), CompileTarget::Synthetic(400)];
    }
    match xtask::bench::compile(&targets, &features, runs) {
        Ok(table) => {
            print!("{table}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Fails when a package in Cargo.lock declares a `rust-version` newer than the workspace's.
fn run_msrv() -> ExitCode {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(xtask::workspace_root())
        .output();
    let metadata: serde_json::Value = match output {
        Ok(out) if out.status.success() => match serde_json::from_slice(&out.stdout) {
            Ok(value) => value,
            Err(e) => {
                eprintln!("error: `cargo metadata` printed something that is not JSON: {e}");
                return ExitCode::FAILURE;
            }
        },
        Ok(out) => {
            eprintln!(
                "error: `cargo metadata --locked` failed:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: cannot run cargo: {e}");
            return ExitCode::FAILURE;
        }
    };
    // `1.89` and `1.89.0` are the same version.
    let version = |text: &str| -> [u64; 3] {
        let mut parts = text.split('.').map(|part| part.parse().unwrap_or(0));
        [0; 3].map(|_| parts.next().unwrap_or(0))
    };
    let packages = metadata["packages"].as_array().cloned().unwrap_or_default();
    let ours = packages
        .iter()
        .find(|p| p["name"] == "frameio")
        .and_then(|p| p["rust_version"].as_str())
        .unwrap_or("0")
        .to_string();
    let mut newer: Vec<String> = packages
        .iter()
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            let (name, at) = (p["name"].as_str()?, p["version"].as_str()?);
            (version(needs) > version(&ours)).then(|| format!("{name} {at} needs Rust {needs}"))
        })
        .collect();
    newer.sort();
    if newer.is_empty() {
        println!(
            "msrv: {} locked packages; none needs a Rust newer than the workspace's {ours}",
            packages.len()
        );
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "error: the workspace says rust-version {ours}, but:\n  {}\nraise `rust-version` in Cargo.toml or pin those packages to older versions (`cargo update -p NAME --precise VERSION`)",
            newer.join("\n  ")
        );
        ExitCode::FAILURE
    }
}
