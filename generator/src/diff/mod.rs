//! Compares two versions of a spec: what changed, how much it matters to API clients, and what
//! it means for users of the generated Rust crate.
//!
//! Both specs are lowered by the generator, and the diff compares what lowering produced (the
//! IR, with its Rust names and types), never a second reading of the raw spec:
//!
//! - `walk.rs` pairs operations and reports what changed on the wire, with the direction the
//!   data travels: `params.rs`, `bodies.rs`, `responses.rs` and `security.rs` for an
//!   operation's parts (and the document's security schemes),
//!   `types.rs` for values, `named.rs` for structs, enums and unions, `wire.rs` for
//!   constraints, defaults and formats, `usage.rs` for who uses a shared schema;
//! - `rust.rs` compares the two crates' public API listings (`api.txt` items), including
//!   arguments that change places, and gives every wire change the Rust consequences it owns;
//! - `markdown.rs` writes the report for a pull request.
//!
//! A spec that cannot be generated leaves nothing to compare: the report says so (`refused`)
//! instead of guessing.

mod bodies;
mod markdown;
mod named;
mod params;
mod responses;
mod rust;
mod security;
mod types;
mod usage;
mod walk;
mod wire;

use std::fmt;

use serde::Serialize;

pub use markdown::to_markdown;

/// How much a change matters to a client of the HTTP API. Ordered from worst to harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Existing clients break.
    Breaking,
    /// Some clients may break, depending on what they send or how they read answers.
    PossiblyBreaking,
    /// Existing clients keep working.
    NonBreaking,
    /// Only descriptions changed.
    Documentation,
}

impl Severity {
    /// The heading used in the Markdown report (`Possibly breaking`).
    pub fn label(self) -> &'static str {
        match self {
            Severity::Breaking => "Breaking",
            Severity::PossiblyBreaking => "Possibly breaking",
            Severity::NonBreaking => "Non-breaking",
            Severity::Documentation => "Documentation only",
        }
    }

    /// The kebab-case name used in JSON and in test expectations.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Breaking => "breaking",
            Severity::PossiblyBreaking => "possibly-breaking",
            Severity::NonBreaking => "non-breaking",
            Severity::Documentation => "documentation",
        }
    }

    /// The severity a kebab-case [`name`](Self::name) stands for.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Severity::Breaking,
            Severity::PossiblyBreaking,
            Severity::NonBreaking,
            Severity::Documentation,
        ]
        .into_iter()
        .find(|s| s.name() == name)
    }
}

/// What a change does to the generated crate's public API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustImpact {
    /// Code using the crate may stop compiling, or compiles and means something else
    /// (semver-major).
    Breaking,
    /// The public API grows; existing code compiles (semver-minor).
    NonBreaking,
    /// The public API is unchanged (docs or runtime behaviour only).
    None,
}

/// Which direction data flows through a value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    /// Sent by clients: request bodies and parameters.
    Request,
    /// Received by clients: response bodies and headers.
    Response,
}

impl Direction {
    fn word(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
        }
    }
}

/// Where a change is reported.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Group {
    /// The API as a whole (servers, security schemes, component schemas).
    Api,
    /// One operation.
    Operation {
        /// The HTTP method, upper case.
        method: String,
        /// The path it is sent to (with any server prefix).
        path: String,
        /// Its `operationId`.
        operation_id: String,
    },
    /// A shared component schema, as used in one direction, by its Rust type name.
    Schema {
        /// The Rust type's name.
        name: String,
        /// Whether requests or responses carry it.
        direction: Direction,
        /// The operations (`deleteAsset`, ...) that reach the schema in this direction.
        used_by: Vec<String>,
    },
}

impl fmt::Display for Group {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Group::Api => f.write_str("API"),
            Group::Operation {
                method,
                path,
                operation_id,
            } => write!(f, "`{method} {path}` (`{operation_id}`)"),
            Group::Schema {
                name,
                direction,
                used_by,
            } => {
                let direction = match direction {
                    Direction::Request => "requests",
                    Direction::Response => "responses",
                };
                write!(f, "schema `{name}` in {direction}")?;
                if !used_by.is_empty() {
                    write!(f, " (used by {})", used_by.join(", "))?;
                }
                Ok(())
            }
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Where it is reported.
    pub group: Group,
    /// Stable rule id: oasdiff's where it has one (`request-property-max-length-decreased`).
    pub rule: String,
    /// What it means for clients of the API.
    pub severity: Severity,
    /// JSON pointer of the changed node (in the new spec; in the old one for removals).
    pub location: String,
    /// What changed, in a sentence.
    pub message: String,
    /// What it means for code using the generated crate.
    pub rust: RustConsequence,
}

/// What a change means for code using the crate: read off the same comparison of the two
/// crates' public APIs that gives the report's Rust verdict, so the two cannot disagree.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustConsequence {
    /// Breaking, additive or none.
    pub impact: RustImpact,
    /// Why, where the items alone do not say (`the crate's public API is unchanged`).
    pub note: String,
    /// The `rust_api` items (keys) this change accounts for.
    pub items: Vec<String>,
}

/// Which spec a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The spec before the change.
    Old,
    /// The spec after it.
    New,
}

/// A spec the generator refuses: nothing can be compared, and a review gate must not pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// Which spec was refused.
    pub side: Side,
    /// The generator's error: file, line, JSON pointer and what is wrong.
    pub error: String,
}

/// All changes between two specs, worst first.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Version of this JSON format.
    pub format: u32,
    /// The old spec's name, as given.
    pub old: String,
    /// The new spec's name, as given.
    pub new: String,
    /// Set when either spec cannot be generated; then nothing else is filled in.
    pub refused: Option<Refusal>,
    /// Counts by severity and by Rust consequence.
    pub summary: Summary,
    /// Every change, worst first.
    pub changes: Vec<Change>,
    /// Exact changes to the generated crate's public API (the items of `api.txt`).
    pub rust_api: Vec<RustApiChange>,
}

/// How many changes of each kind a report holds.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    /// Changes that break existing clients of the API.
    pub breaking: usize,
    /// Changes that may break some clients.
    pub possibly_breaking: usize,
    /// Changes existing clients survive.
    pub non_breaking: usize,
    /// Changes to descriptions only.
    pub documentation: usize,
    /// Items of the generated public API removed, changed or with arguments reordered: code
    /// using them may stop compiling, or compile and mean something else (semver-major).
    pub rust_breaking: usize,
    /// Of those, functions whose arguments changed places with types that still fit: calls
    /// compile and pass values to other parameters. The compiler cannot catch these.
    pub rust_reordered: usize,
    /// Items added to the generated public API, or compiled with more features (semver-minor).
    pub rust_added: usize,
}

impl Report {
    /// The worst API severity present, if any change.
    pub fn worst(&self) -> Option<Severity> {
        self.changes.iter().map(|c| c.severity).min()
    }
}

/// One item of the generated public API that appears, disappears or changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RustApiChange {
    /// How it changes.
    pub change: RustApiChangeKind,
    /// The item, e.g. `field Asset.name`, `fn delete_asset`, `variant Color::Green`.
    pub item: String,
    /// Its signature before (`None` when added).
    pub old: Option<String>,
    /// Its signature after (`None` when removed).
    pub new: Option<String>,
}

/// How an item of the generated public API changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RustApiChangeKind {
    /// Same argument types, some in other places: calls compile and mean something else.
    Reordered,
    /// Gone: code naming it stops compiling.
    Removed,
    /// Its signature differs: code using it may stop compiling.
    Changed,
    /// Semver-minor under the crate's evolution policy.
    Added,
    /// Compiled with more cargo features than before (a feature gate that grew, or went
    /// away): code that compiled still does.
    Widened,
}

impl RustApiChangeKind {
    /// Whether code using the crate may stop compiling or change meaning (semver-major).
    pub fn breaks(self) -> bool {
        !matches!(self, RustApiChangeKind::Added | RustApiChangeKind::Widened)
    }
}

/// Reads, lowers and compares both specs. `old_name`/`new_name` label them in the report and
/// in the refusal's error.
pub fn diff_sources(old_name: &str, old: &str, new_name: &str, new: &str) -> Report {
    diff_sources_with(old_name, old, new_name, new, crate::FeaturesPerTag::Auto)
}

/// [`diff_sources`] for crates generated with `features_per_tag` as given: an item's feature
/// gate is part of its API (an operation moving to another tag breaks code built with the
/// old tag's feature alone).
pub fn diff_sources_with(
    old_name: &str,
    old: &str,
    new_name: &str,
    new: &str,
    features_per_tag: crate::FeaturesPerTag,
) -> Report {
    let lower = |name: &str, source: &str| -> Result<crate::ir::Api, crate::Error> {
        let settings = crate::Settings {
            spec_name: name.to_string(),
            features_per_tag,
            ..crate::Settings::default()
        };
        crate::front(source, None, &settings).map(|front| front.api)
    };
    let mut report = Report {
        format: 2,
        old: old_name.to_string(),
        new: new_name.to_string(),
        refused: None,
        summary: Summary::default(),
        changes: Vec::new(),
        rust_api: Vec::new(),
    };
    let (old_api, new_api) = match (lower(old_name, old), lower(new_name, new)) {
        (Ok(o), Ok(n)) => (o, n),
        (Err(e), _) => {
            report.refused = Some(Refusal {
                side: Side::Old,
                error: e.to_string(),
            });
            return report;
        }
        (_, Err(e)) => {
            report.refused = Some(Refusal {
                side: Side::New,
                error: e.to_string(),
            });
            return report;
        }
    };
    diff_apis(&mut report, &old_api, &new_api);
    report
}

/// Compares two lowered APIs into `report`.
fn diff_apis(report: &mut Report, old: &crate::ir::Api, new: &crate::ir::Api) {
    let listing = rust::Listing::compare(old, new);
    let pending = walk::walk(old, new);
    report.changes = listing.attribute(pending);
    report.rust_api = listing.changes;
    report.changes.sort_by(|a, b| {
        (a.severity, &a.group, &a.location, &a.rule, &a.message).cmp(&(
            b.severity,
            &b.group,
            &b.location,
            &b.rule,
            &b.message,
        ))
    });
    report.changes.dedup();
    let mut summary = Summary::default();
    for change in &report.changes {
        match change.severity {
            Severity::Breaking => summary.breaking += 1,
            Severity::PossiblyBreaking => summary.possibly_breaking += 1,
            Severity::NonBreaking => summary.non_breaking += 1,
            Severity::Documentation => summary.documentation += 1,
        }
    }
    for change in &report.rust_api {
        match change.change {
            RustApiChangeKind::Added | RustApiChangeKind::Widened => summary.rust_added += 1,
            RustApiChangeKind::Reordered => {
                summary.rust_breaking += 1;
                summary.rust_reordered += 1;
            }
            RustApiChangeKind::Removed | RustApiChangeKind::Changed => summary.rust_breaking += 1,
        }
    }
    report.summary = summary;
}
