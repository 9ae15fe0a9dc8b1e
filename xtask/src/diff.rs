//! `cargo xtask diff`: the API-change report for a spec edit, from git revisions or two files.

use std::path::{Path, PathBuf};
use std::process::Command;

use generator::diff::{diff_sources_with, to_markdown, Report, Severity};

/// What to compare.
#[derive(Debug, Clone)]
pub enum Sources {
    /// The spec at a git revision (`None`: the merge-base with `main`, or `HEAD` on main)
    /// against the working tree.
    Git { spec: PathBuf, base: Option<String> },
    /// Two files.
    Files { old: PathBuf, new: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
}

/// When `--fail-on` makes the command exit 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Breaking,
    PossiblyBreaking,
    RustBreaking,
}

impl FailOn {
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "breaking" => Some(FailOn::Breaking),
            "possibly-breaking" => Some(FailOn::PossiblyBreaking),
            "rust-breaking" => Some(FailOn::RustBreaking),
            _ => None,
        }
    }

    /// Whether the gate fails. A report that could not be made (a spec the generator refuses)
    /// fails every gate: what cannot be judged cannot pass.
    pub fn triggered(self, report: &Report) -> bool {
        if report.refused.is_some() {
            return true;
        }
        match self {
            FailOn::Breaking => report.worst() == Some(Severity::Breaking),
            FailOn::PossiblyBreaking => {
                report.worst() <= Some(Severity::PossiblyBreaking) && report.worst().is_some()
            }
            FailOn::RustBreaking => report.summary.rust_breaking > 0,
        }
    }
}

/// Reads both sides and compares them: the report on `sources`, for crates generated with `features` (an item's feature gate is
/// part of its API).
pub fn run(sources: &Sources, features: crate::FeaturesPerTag) -> Result<Report, String> {
    let (old_name, old, new_name, new) = match sources {
        Sources::Files { old, new } => (
            crate::display_path(old),
            read(old)?,
            crate::display_path(new),
            read(new)?,
        ),
        Sources::Git { spec, base } => {
            let dir = spec
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let top = git(dir, &["rev-parse", "--show-toplevel"]).map_err(|e| {
                format!(
                    "{} is not in a git repository: {e}",
                    crate::display_path(spec)
                )
            })?;
            let top = PathBuf::from(top.trim());
            let absolute = std::fs::canonicalize(spec)
                .map_err(|e| format!("cannot read {}: {e}", crate::display_path(spec)))?;
            let relative = absolute
                .strip_prefix(std::fs::canonicalize(&top).unwrap_or(top.clone()))
                .map_err(|_| {
                    format!(
                        "{} is outside the repository at {}",
                        absolute.display(),
                        top.display()
                    )
                })?
                .to_string_lossy()
                .replace('\\', "/");
            let base = match base {
                Some(base) => base.clone(),
                None => default_base(&top)?,
            };
            let commit = git(
                &top,
                &[
                    "rev-parse",
                    "--verify",
                    "--quiet",
                    &format!("{base}^{{commit}}"),
                ],
            )
            .map_err(|_| {
                format!(
                    "`{base}` is not a revision of the repository at {}",
                    top.display()
                )
            })?;
            let short = commit.trim().chars().take(10).collect::<String>();
            let old = git(&top, &["show", &format!("{}:{relative}", commit.trim())])
                .map_err(|_| format!("{relative} does not exist at `{base}` ({short})"))?;
            (
                format!("{relative}@{base}"),
                old,
                format!("{relative} (working tree)"),
                read(spec)?,
            )
        }
    };
    Ok(diff_sources_with(
        &old_name, &old, &new_name, &new, features,
    ))
}

/// The merge-base of `HEAD` and `main`, or `HEAD` itself when on `main` (or without `main`).
fn default_base(top: &Path) -> Result<String, String> {
    let branch = git(top, &["rev-parse", "--abbrev-ref", "HEAD"]).unwrap_or_default();
    if branch.trim() == "main" || git(top, &["rev-parse", "--verify", "--quiet", "main"]).is_err() {
        return Ok("HEAD".into());
    }
    git(top, &["merge-base", "HEAD", "main"])
        .map(|s| s.trim().to_string())
        .map_err(|e| format!("cannot find the merge-base of HEAD and main: {e}"))
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| {
        format!(
            "cannot read {}: {e}\n{}",
            crate::display_path(path),
            crate::spec_hint(&e)
        )
    })
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

/// Renders the report.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Markdown => to_markdown(report),
        Format::Json => {
            let mut json = serde_json::to_string_pretty(report).expect("the report serializes");
            json.push('\n');
            json
        }
    }
}
