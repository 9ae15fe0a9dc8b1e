//! Workspace automation: `cargo xtask regen` keeps `generated/` in step with `spec/`.
//!
//! All writes go through [`ensure_files`]: normal mode writes only what changed, check mode
//! changes nothing and reports what is stale. Generation finishes in memory before anything is
//! written, so a bad spec leaves the output untouched.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

pub use generator::FeaturesPerTag;
use generator::{Layout, Settings};

pub mod bench;
pub mod cases;
pub mod corpus;
pub mod diff;
pub mod semver;

/// The spec `cargo xtask regen` reads by default, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/frameio.yaml";
/// The crate `cargo xtask regen` writes by default, relative to the workspace root.
pub const DEFAULT_OUT: &str = "generated";
/// The command named in headers and in staleness messages.
pub const REGEN_COMMAND: &str = "cargo xtask regen";

const CRATE_MANIFEST: &str = include_str!("../../generated/Cargo.toml");
/// The workspace's lockfile, given to standalone crates so that they build offline with the
/// versions the workspace has already built.
pub const LOCKFILE: &str = include_str!("../../Cargo.lock");
/// The runtime crate's folder, relative to the workspace root.
pub const RUNTIME_DIR: &str = "generator/runtime";

/// The workspace root (the parent of `xtask/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// The workspace's `[profile.dev]` debug settings, as `--config` arguments.
///
/// A crate outside the workspace (a fixture's, a semver case's, an unpacked package) has its
/// own profile, and a dependency built with another profile is another build: without these,
/// CI built tokio, reqwest and the rest of the tree once for the workspace and once more for
/// the generated crates. A test checks them against the root `Cargo.toml`.
pub const WORKSPACE_PROFILE: [&str; 4] = [
    "--config",
    "profile.dev.debug=\"line-tables-only\"",
    "--config",
    "profile.dev.package.\"*\".debug=false",
];

/// `cargo <args[0]> --offline --manifest-path <crate_dir>/Cargo.toml <args[1..]>` with the
/// workspace's target directory and debug settings, so generated crates reuse its built
/// dependencies, and no incremental state.
pub fn cargo_on(crate_dir: &Path, args: &[&str]) -> std::process::Command {
    let mut command =
        std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .arg(args[0])
        .arg("--offline")
        .args(WORKSPACE_PROFILE)
        .arg("--manifest-path")
        .arg(crate_dir.join("Cargo.toml"))
        .args(&args[1..])
        .env("CARGO_TARGET_DIR", workspace_root().join("target"))
        // Generated crates are built once per run: incremental state only fills the disk (a
        // corpus run left 35 GB of it).
        .env("CARGO_INCREMENTAL", "0");
    command
}

/// What `regen` was asked to do.
#[derive(Debug, Clone)]
pub struct RegenOptions {
    pub spec: PathBuf,
    pub out: PathBuf,
    /// Change nothing; fail if anything is stale.
    pub check: bool,
    /// Write a standalone crate (manifest, README, lockfile) rather than only generated files.
    pub standalone: bool,
    /// How a standalone crate gets the runtime.
    pub runtime: RuntimeMode,
    /// A standalone crate that is a member of a workspace around it (`cargo xtask fixtures`
    /// builds all of them as one): no `[workspace]` table of its own, no lockfile.
    pub member: bool,
    /// When generated modules become directories.
    pub layout: Layout,
    /// Repair a document that breaks OpenAPI's rules where that can be done (`--lenient`).
    pub lenient: bool,
    /// Cargo features per tag (`--features-per-tag` turns them on for any size).
    pub features_per_tag: FeaturesPerTag,
}

impl RegenOptions {
    /// A standalone crate from `spec` in `out`, the runtime by path, default layout, strict
    /// reading: what the benches, the corpus and the diff suite start from.
    pub fn standalone(spec: PathBuf, out: PathBuf) -> Self {
        RegenOptions {
            spec,
            out,
            check: false,
            standalone: true,
            runtime: RuntimeMode::Path,
            member: false,
            layout: Layout::default(),
            lenient: false,
            features_per_tag: FeaturesPerTag::Auto,
        }
    }

    /// The default job: `spec/frameio.yaml` → `generated/`.
    pub fn default_job(check: bool) -> Self {
        let root = workspace_root();
        RegenOptions {
            spec: root.join(DEFAULT_SPEC),
            out: root.join(DEFAULT_OUT),
            check,
            standalone: false,
            runtime: RuntimeMode::Path,
            member: false,
            layout: Layout::default(),
            lenient: false,
            features_per_tag: FeaturesPerTag::Auto,
        }
    }
}

/// How a standalone crate (`--out`) gets the runtime crate (`--runtime`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RuntimeMode {
    /// By path to this workspace's `generator/runtime` (relative when the crate is inside the
    /// workspace, absolute otherwise): built once for every crate that shares a target dir.
    #[default]
    Path,
    /// A copy in the crate's `runtime/` folder: nothing points into this repository.
    Vendored,
    /// By version, from crates.io.
    Version,
}

impl RuntimeMode {
    /// `--runtime path|vendored|version`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "path" => Some(RuntimeMode::Path),
            "vendored" => Some(RuntimeMode::Vendored),
            "version" => Some(RuntimeMode::Version),
            _ => None,
        }
    }
}

/// The path from the crate at `out` to the runtime crate: relative when `out` is inside this
/// workspace (so that the output does not depend on where the workspace is), else absolute.
fn runtime_path_from(out: &Path) -> String {
    let root = workspace_root();
    let runtime = root.join(RUNTIME_DIR);
    let out = normalize(&absolute(out));
    match out.strip_prefix(&root) {
        Ok(inside) => {
            let ups = inside.components().count();
            let mut path = "../".repeat(ups);
            path.push_str(RUNTIME_DIR);
            path
        }
        Err(_) => runtime.display().to_string(),
    }
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalize(path: &Path) -> PathBuf {
    path.components().fold(PathBuf::new(), |mut acc, c| {
        match c {
            std::path::Component::ParentDir => {
                acc.pop();
            }
            std::path::Component::CurDir => {}
            other => acc.push(other),
        }
        acc
    })
}

/// What `regen` did.
#[derive(Debug, Default)]
pub struct Report {
    pub types: usize,
    pub operations: usize,
    /// Examples that became round-trip tests, and those that contradict their schema.
    pub examples: usize,
    pub contradicting_examples: Vec<(String, String)>,
    /// Problems in parts of the spec generation does not use (`file:line: at pointer: what`).
    pub warnings: Vec<String>,
    /// Places typed more loosely than the spec says, because the generator cannot type them
    /// precisely (`file:line: at pointer: what`).
    pub fallbacks: Vec<String>,
    /// What `--lenient` repaired (`file:line: at pointer: what`).
    pub repairs: Vec<String>,
    /// Schema objects lowered.
    pub schemas: usize,
    /// Time spent generating (reading, lowering, emitting), not writing.
    pub generation: std::time::Duration,
    /// Files whose contents differ from what the spec gives (written, or stale in check mode).
    pub changed: Vec<String>,
    /// Generated files no longer produced (removed, or stale in check mode).
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl Report {
    pub fn is_fresh(&self) -> bool {
        self.changed.is_empty() && self.removed.is_empty()
    }
}

/// Regenerates. Returns a message fit for a terminal on failure.
pub fn regen(options: &RegenOptions) -> Result<Report, String> {
    let spec_name = spec_label(&options.spec);
    if let Err(e) = fs::metadata(&options.spec) {
        return Err(format!(
            "cannot read the spec {spec_name}: {e}\n{}",
            spec_hint(&e)
        ));
    }
    let crate_name = if options.standalone {
        crate_name_for(&options.out)
    } else {
        manifest_name(CRATE_MANIFEST)
    };
    // As Rust code names it.
    let rust_name = crate_name.replace('-', "_");
    let package = if options.standalone {
        generator::Package::Crate {
            name: crate_name.clone(),
            runtime: match options.runtime {
                RuntimeMode::Path => {
                    generator::RuntimeDependency::Path(runtime_path_from(&options.out))
                }
                RuntimeMode::Vendored => generator::RuntimeDependency::Vendored,
                RuntimeMode::Version => generator::RuntimeDependency::Version,
            },
            own_workspace: !options.member,
        }
    } else {
        generator::Package::SourcesOnly
    };
    let settings = Settings {
        spec_name: spec_name.clone(),
        command: REGEN_COMMAND.to_string(),
        layout: options.layout,
        // Doc examples name the crate.
        crate_name: rust_name.clone(),
        lenient: options.lenient,
        package,
        features_per_tag: options.features_per_tag,
    };
    let started = std::time::Instant::now();
    let output = generator::generate_file(&options.spec, &settings).map_err(|e| e.to_string())?;
    let generation = started.elapsed();

    let mut files = output.files;
    if options.standalone && !options.member {
        // Offline builds resolve to what the workspace has built (cargo drops what is unused).
        files.insert("Cargo.lock".into(), LOCKFILE.to_string());
    }

    let mut report = ensure_files(&options.out, &files, options.check)?;
    report.types = output.types;
    report.operations = output.operations;
    report.examples = output.examples;
    report.contradicting_examples = output.contradicting_examples;
    report.warnings = output.warnings.iter().map(ToString::to_string).collect();
    report.fallbacks = output.fallbacks.iter().map(ToString::to_string).collect();
    report.repairs = output.repairs.iter().map(ToString::to_string).collect();
    report.schemas = output.schemas;
    report.generation = generation;
    Ok(report)
}

/// Makes `dir` hold `files`: writes what differs (or, with `check`, only reports it), and removes
/// `@generated` Rust files under `dir/src` (at any depth) that are no longer produced.
pub fn ensure_files(
    dir: &Path,
    files: &BTreeMap<String, String>,
    check: bool,
) -> Result<Report, String> {
    let mut report = Report::default();
    for (relative, contents) in files {
        let path = dir.join(relative);
        match fs::read(&path) {
            Ok(existing) if existing == contents.as_bytes() => report.unchanged += 1,
            _ => report.changed.push(relative.clone()),
        }
    }
    let mut orphans = Vec::new();
    generated_files_under(dir, "src", &mut orphans);
    orphans.retain(|relative| !files.contains_key(relative));
    orphans.sort();
    report.removed = orphans;
    if check {
        return Ok(report);
    }
    for relative in &report.changed {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", display_path(parent)))?;
        }
        fs::write(&path, &files[relative])
            .map_err(|e| format!("cannot write {}: {e}", display_path(&path)))?;
    }
    for relative in &report.removed {
        let path = dir.join(relative);
        fs::remove_file(&path)
            .map_err(|e| format!("cannot remove {}: {e}", display_path(&path)))?;
        // A module that went back to one file leaves its directory empty: remove it too.
        if let Some(parent) = path.parent().filter(|p| *p != dir.join("src")) {
            let _ = fs::remove_dir(parent);
        }
    }
    Ok(report)
}

/// The `@generated` Rust files under `dir/relative` (a module split into a directory is
/// generated files too), as paths relative to `dir`.
fn generated_files_under(dir: &Path, relative: &str, out: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir.join(relative)) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = format!("{relative}/{name}");
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            generated_files_under(dir, &path, out);
        } else if name.ends_with(".rs")
            && fs::read_to_string(entry.path())
                .is_ok_and(|text| text.lines().next().unwrap_or("").contains("@generated"))
        {
            out.push(path);
        }
    }
}

/// A one-paragraph summary of a run, for the terminal: what was generated and written on the
/// first line, then warnings, examples that contradict their schema, and the files.
pub fn summary(report: &Report, out: &Path, check: bool) -> String {
    let mut text = format!(
        "{} types, {} operations, {} example tests -> {}",
        report.types,
        report.operations,
        report.examples,
        display_path(out)
    );
    let verb = if check { "stale" } else { "written" };
    if report.is_fresh() {
        let _ = write!(text, ": {} files, all up to date", report.unchanged);
    } else {
        let _ = write!(
            text,
            ": {} {verb}, {} unchanged",
            report.changed.len(),
            report.unchanged
        );
    }
    for warning in &report.warnings {
        let _ = write!(text, "\n  warning: {warning}");
    }
    for repair in &report.repairs {
        let _ = write!(text, "\n  repaired: {repair}");
    }
    for fallback in &report.fallbacks {
        let _ = write!(text, "\n  fallback: {fallback}");
    }
    if !report.repairs.is_empty() || !report.fallbacks.is_empty() {
        let _ = write!(
            text,
            "\n  {} repair(s); {} fallback(s) in {} schemas",
            report.repairs.len(),
            report.fallbacks.len(),
            report.schemas
        );
    }
    if !report.contradicting_examples.is_empty() {
        let _ = write!(
            text,
            "\n  {} example(s) contradict their schema (their tests are ignored):",
            report.contradicting_examples.len()
        );
        for (pointer, why) in &report.contradicting_examples {
            let _ = write!(text, "\n    {pointer}: {why}");
        }
    }
    for file in &report.changed {
        let _ = write!(text, "\n  {verb}: {file}");
    }
    let verb = if check {
        "stale (no longer generated)"
    } else {
        "removed"
    };
    for file in &report.removed {
        let _ = write!(text, "\n  {verb}: {file}");
    }
    text
}

/// A package name from the output directory's name (`out/my-api` → `my-api`).
fn crate_name_for(out: &Path) -> String {
    let raw = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-');
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name.to_string(),
        _ => format!("api-{name}").trim_end_matches('-').to_string(),
    }
}

/// What to do about a spec that cannot be read.
pub fn spec_hint(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => {
            "hint: `--spec PATH` names an OpenAPI 3.0 or 3.1 document (YAML or JSON); without it, \
             the command reads spec/frameio.yaml in the workspace"
        }
        std::io::ErrorKind::PermissionDenied => {
            "hint: the file exists but cannot be opened: check its permissions"
        }
        std::io::ErrorKind::InvalidData => "hint: the spec must be UTF-8 text (YAML or JSON)",
        _ => "hint: check that the path names a readable file",
    }
}

/// The `name` of a manifest's `[package]`.
fn manifest_name(manifest: &str) -> String {
    manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("name = "))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_default()
}

/// How file headers and errors name the spec: relative to the workspace root when inside it, so
/// output never depends on where the workspace or the shell is.
fn spec_label(spec: &Path) -> String {
    let root = workspace_root();
    let normalized = normalize(&absolute(spec));
    match normalized.strip_prefix(&root) {
        Ok(relative) => relative.to_string_lossy().replace('\\', "/"),
        Err(_) => spec.display().to_string(),
    }
}

/// A path as the user would type it: relative to the current directory when possible.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    cwd.as_deref()
        .and_then(|cwd| path.strip_prefix(cwd).ok())
        .unwrap_or(path)
        .display()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings builds outside the workspace are given are the workspace's own.
    #[test]
    fn the_profile_given_to_generated_crates_is_the_workspaces() {
        let manifest = std::fs::read_to_string(workspace_root().join("Cargo.toml")).unwrap();
        let tables: Vec<&str> = manifest.split("\n[").collect();
        let table = |name: &str| {
            tables
                .iter()
                .find(|t| t.starts_with(name))
                .unwrap_or_else(|| panic!("the root Cargo.toml has no [{name} table"))
                .lines()
                .filter(|l| !l.trim_start().starts_with('#') && l.contains('='))
                .collect::<Vec<_>>()
        };
        assert_eq!(table("profile.dev]"), ["debug = \"line-tables-only\""]);
        assert_eq!(table("profile.dev.package.\"*\"]"), ["debug = false"]);
        assert_eq!(
            WORKSPACE_PROFILE[1],
            "profile.dev.debug=\"line-tables-only\""
        );
        assert_eq!(
            WORKSPACE_PROFILE[3],
            "profile.dev.package.\"*\".debug=false"
        );
    }

    #[test]
    fn the_summary_says_what_was_written_on_its_first_line_then_the_details() {
        let report = Report {
            types: 3,
            operations: 2,
            examples: 1,
            contradicting_examples: vec![("/components/schemas/A/example".into(), "bad".into())],
            warnings: vec!["spec.yaml:3: at /x: unused".into()],
            changed: vec!["src/types.rs".into()],
            unchanged: 4,
            ..Report::default()
        };
        let text = summary(&report, Path::new("out"), false);
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].ends_with(": 1 written, 4 unchanged"), "{text}");
        assert_eq!(lines[1], "  warning: spec.yaml:3: at /x: unused");
        assert!(lines[2].contains("1 example(s) contradict"), "{text}");
        assert_eq!(lines.last(), Some(&"  written: src/types.rs"));
        let fresh = Report {
            changed: Vec::new(),
            ..report
        };
        let text = summary(&fresh, Path::new("out"), true);
        assert!(
            text.lines()
                .next()
                .unwrap()
                .ends_with(": 4 files, all up to date"),
            "{text}"
        );
    }
}
