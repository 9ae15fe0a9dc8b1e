//! `cargo xtask corpus DIR`: generates a crate from every document in a folder, as a new user
//! would, lints each with clippy, and prints one row per document and a summary.
//!
//! A document is a file (`.yaml`, `.yml`, `.json`) directly in the folder, or a subfolder
//! holding one: its `ROOT` file names the root document when there are several. Each document
//! is generated as it is first; only when that is refused with an error lenient mode repairs is
//! it generated again with `--lenient`. A panic is caught and reported as the document's
//! outcome: the run goes on.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::{cargo_on, regen, RegenOptions};

/// What `corpus` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub dir: PathBuf,
    /// Only the documents with these names (file stem or folder name).
    pub only: Vec<String>,
    /// Lint each generated crate with `cargo clippy -- -D warnings`.
    pub clippy: bool,
    /// Where the generated crates go.
    pub out: PathBuf,
}

/// How generating one document went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Generated,
    /// Refused in the default mode, generated with `--lenient`.
    Repaired,
    Refused(String),
    Panicked(String),
}

/// One document's row.
#[derive(Debug, Clone)]
pub struct Row {
    pub name: String,
    pub version: String,
    pub outcome: Outcome,
    /// The default mode's error, when it was repaired.
    pub strict_error: Option<String>,
    pub types: usize,
    pub operations: usize,
    pub schemas: usize,
    pub fallbacks: Vec<String>,
    pub repairs: Vec<String>,
    pub generation: Duration,
    /// `None`: not linted. `Some(Ok(()))`: clean. `Some(Err(lints))`: what clippy said.
    pub clippy: Option<Result<(), String>>,
}

/// The documents under `dir`: (name, root file), by name.
pub fn documents(dir: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
    let is_document = |p: &Path| {
        p.extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
    };
    let mut out = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let name = path
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        if path.is_dir() {
            let root = match std::fs::read_to_string(path.join("ROOT")) {
                Ok(root) => path.join(root.trim()),
                Err(_) => {
                    let files: Vec<PathBuf> = std::fs::read_dir(&path)
                        .map(|e| e.filter_map(Result::ok).map(|e| e.path()).collect())
                        .unwrap_or_default();
                    match files.iter().filter(|p| is_document(p)).collect::<Vec<_>>()[..] {
                        [one] => one.clone(),
                        _ => continue,
                    }
                }
            };
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            out.push((name, root));
        } else if is_document(&path) {
            out.push((name, path));
        }
    }
    out.sort();
    Ok(out)
}

/// Generates (and lints) every document; rows in name order.
pub fn run(options: &Options) -> Result<Vec<Row>, String> {
    let mut docs = documents(&options.dir)?;
    if !options.only.is_empty() {
        docs.retain(|(name, _)| options.only.contains(name));
    }
    let mut rows = Vec::new();
    for (i, (name, root)) in docs.iter().enumerate() {
        eprintln!("corpus: [{}/{}] {name}", i + 1, docs.len());
        rows.push(one(options, name, root));
    }
    Ok(rows)
}

fn one(options: &Options, name: &str, root: &Path) -> Row {
    let out = options.out.join(format!("corpus-{}", crate_safe(name)));
    let mut row = Row {
        name: name.to_string(),
        version: version_of(root),
        outcome: Outcome::Generated,
        strict_error: None,
        types: 0,
        operations: 0,
        schemas: 0,
        fallbacks: Vec::new(),
        repairs: Vec::new(),
        generation: Duration::ZERO,
        clippy: None,
    };
    let attempt = |lenient: bool| {
        let options = RegenOptions {
            lenient,
            ..RegenOptions::standalone(root.to_path_buf(), out.clone())
        };
        match std::panic::catch_unwind(|| regen(&options)) {
            Ok(result) => result.map_err(|e| (false, e)),
            Err(panic) => Err((
                true,
                panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default(),
            )),
        }
    };
    let report = match attempt(false) {
        Ok(report) => report,
        Err((true, message)) => {
            row.outcome = Outcome::Panicked(message);
            return row;
        }
        Err((false, message)) => {
            if !message.contains("lenient mode (`--lenient`) would") {
                row.outcome = Outcome::Refused(first_line(&message));
                return row;
            }
            row.strict_error = Some(first_line(&message));
            match attempt(true) {
                Ok(report) => {
                    row.outcome = Outcome::Repaired;
                    report
                }
                Err((true, message)) => {
                    row.outcome = Outcome::Panicked(message);
                    return row;
                }
                Err((false, message)) => {
                    row.outcome = Outcome::Refused(first_line(&message));
                    return row;
                }
            }
        }
    };
    row.types = report.types;
    row.operations = report.operations;
    row.schemas = report.schemas;
    row.fallbacks = report.fallbacks;
    row.repairs = report.repairs;
    row.generation = report.generation;
    if options.clippy {
        row.clippy = Some(clippy(&out));
    }
    row
}

/// `cargo clippy --all-features -- -D warnings` on a generated crate (its `mock` module and,
/// past 200 operations, every tag's feature included): clean, or the lints it raised.
fn clippy(dir: &Path) -> Result<(), String> {
    let output = cargo_on(
        dir,
        &[
            "clippy",
            "--quiet",
            "--all-features",
            "--message-format=json",
            "--",
            "-D",
            "warnings",
        ],
    )
    .output();
    let output = match output {
        Ok(output) => output,
        Err(e) => return Err(format!("cannot run cargo: {e}")),
    };
    if output.status.success() {
        return Ok(());
    }
    let mut lints: std::collections::BTreeMap<String, usize> = Default::default();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if message["reason"] != "compiler-message" {
            continue;
        }
        let level = message["message"]["level"].as_str().unwrap_or_default();
        if level != "error" && level != "warning" {
            continue;
        }
        let code = message["message"]["code"]["code"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| {
                let text = message["message"]["message"].as_str().unwrap_or_default();
                if text.starts_with("aborting") || text.contains("previous error") {
                    String::new()
                } else {
                    format!("error: {}", first_line(text))
                }
            });
        if !code.is_empty() {
            *lints.entry(code).or_default() += 1;
        }
    }
    if lints.is_empty() {
        return Err(first_line(&String::from_utf8_lossy(&output.stderr)));
    }
    Err(lints
        .iter()
        .map(|(code, n)| format!("{code} x{n}"))
        .collect::<Vec<_>>()
        .join(", "))
}

/// The document's `openapi` or `swagger` version, read from its first lines.
fn version_of(root: &Path) -> String {
    let text = std::fs::read_to_string(root).unwrap_or_default();
    let value = generator::read(&text).ok();
    value
        .as_ref()
        .and_then(|v| v.get("openapi").or_else(|| v.get("swagger")))
        .and_then(|v| v.as_str())
        .unwrap_or("?")
        .to_string()
}

fn crate_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    if line.len() > 300 {
        let mut end = 300;
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}...", &line[..end])
    } else {
        line.to_string()
    }
}

/// The table (Markdown) and a summary line.
pub fn render(rows: &[Row]) -> String {
    let mut out = String::from(
        "| document | version | outcome | types / ops | fallbacks | repairs | generation | clippy |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for row in rows {
        let outcome = match &row.outcome {
            Outcome::Generated => "generated".to_string(),
            Outcome::Repaired => "generated with --lenient".to_string(),
            Outcome::Refused(e) => format!("REFUSED: {}", e.replace('|', "\\|")),
            Outcome::Panicked(e) => format!("PANICKED: {}", e.replace('|', "\\|")),
        };
        let clippy = match &row.clippy {
            None => "-".to_string(),
            Some(Ok(())) => "clean".to_string(),
            Some(Err(lints)) => format!("FAILED: {}", lints.replace('|', "\\|")),
        };
        let generated = matches!(row.outcome, Outcome::Generated | Outcome::Repaired);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            row.name,
            row.version,
            outcome,
            if generated {
                format!("{} / {}", row.types, row.operations)
            } else {
                "-".into()
            },
            if generated {
                row.fallbacks.len().to_string()
            } else {
                "-".into()
            },
            if generated {
                row.repairs.len().to_string()
            } else {
                "-".into()
            },
            if generated {
                format!("{} ms", row.generation.as_millis())
            } else {
                "-".into()
            },
            clippy
        );
    }
    let _ = writeln!(out, "\n{}", summary(rows));
    out
}

/// One line: how many generated, were repaired, refused, panicked; clippy; fallbacks' share.
pub fn summary(rows: &[Row]) -> String {
    let count = |f: &dyn Fn(&Row) -> bool| rows.iter().filter(|r| f(r)).count();
    let generated = count(&|r| r.outcome == Outcome::Generated);
    let repaired = count(&|r| r.outcome == Outcome::Repaired);
    let refused = count(&|r| matches!(r.outcome, Outcome::Refused(_)));
    let panicked = count(&|r| matches!(r.outcome, Outcome::Panicked(_)));
    let linted = count(&|r| r.clippy.is_some());
    let clean = count(&|r| matches!(r.clippy, Some(Ok(()))));
    let fallbacks: usize = rows.iter().map(|r| r.fallbacks.len()).sum();
    let schemas: usize = rows.iter().map(|r| r.schemas).sum();
    let repairs: usize = rows.iter().map(|r| r.repairs.len()).sum();
    let share = if schemas == 0 {
        0.0
    } else {
        100.0 * fallbacks as f64 / schemas as f64
    };
    format!(
        "{} documents: {generated} generated, {repaired} generated with --lenient ({repairs} repairs), {refused} refused, {panicked} panicked; clippy clean {clean} of {linted} linted; {fallbacks} fallbacks in {schemas} schemas ({share:.2}%)",
        rows.len()
    )
}
