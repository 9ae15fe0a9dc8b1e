//! An OpenAPI 3.0 / 3.1 (and Swagger 2.0) → Rust client generator.
//!
//! The public surface is what callers use: [`generate`] and [`generate_file`] with their
//! [`Settings`] and [`Layout`], the [`Output`] they give, the [`Error`] (with its
//! [`Location`] and [`Pointer`]) they refuse with, [`read`] for tools that look at a document
//! themselves, and the `diff` of two specs (the default `diff` feature; code generation alone,
//! with `default-features = false`, does not compile it). Inside, one crate-private module per stage:
//!
//! 1. `parse`: YAML/JSON text → `openapiv3::OpenAPI` (Swagger 2.0 and 3.1 rewritten into 3.0
//!    shapes, references to other files and into parts of the document bundled, repairs made
//!    in lenient mode), errors with file, pointer and line;
//! 2. `validate`: references resolve, operationIds are unique;
//! 3. `lower`: the document → the IR (`ir::Api`), every Rust name chosen (`names`);
//! 4. `emit`: the IR → formatted Rust files.
//!
//! [`generate`] runs all four. The output is a map from file path (relative to the client crate's
//! root) to contents; the same spec always gives the same bytes. The generated code stands on
//! the runtime crate, `openapi-rust-gen-runtime` (sending, credentials, retries, rate limits,
//! errors), which a generated crate depends on by version or path, or holds a copy of
//! ([`Package`], [`RuntimeDependency`]).

#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::path::Path;

#[cfg(feature = "diff")]
pub mod diff;
mod docs;
mod emit;
mod error;
mod ir;
mod lower;
mod names;
mod parse;
mod validate;

pub use error::{Error, Location, Pointer};
pub use parse::{read, MAX_DEPTH};

/// How the generated files describe themselves, and how the document is read.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The spec as named in file headers and error messages, e.g. `spec/frameio.yaml`.
    pub spec_name: String,
    /// The command that regenerates the output, named in every file header.
    pub command: String,
    /// When a generated module becomes a directory of files.
    pub layout: Layout,
    /// The Rust name of the crate the output goes into (`frameio`, `my_api`): the doc examples
    /// of operations are compiled outside it, so they name it.
    pub crate_name: String,
    /// Repair what can be repaired in a document that breaks OpenAPI's rules (a duplicate
    /// operationId, an undeclared path parameter or security scheme, 3.1 keywords in a 3.0
    /// document, `null` where a map belongs), each repair a located warning in
    /// [`Output::repairs`]. Off, such a document is refused with an error that says what the
    /// repair would be (`cargo xtask regen --lenient`).
    pub lenient: bool,
    /// The sources alone, or a complete crate.
    pub package: Package,
    /// Whether each tag's operations go behind a cargo feature of their own.
    pub features_per_tag: FeaturesPerTag,
}

/// Cargo features per tag: each tag's operations behind a feature named after the tag in snake
/// case (`Git Ignore` gives `git_ignore`), untagged operations behind `untagged`, and `full`,
/// the default, turning all of them on. A type compiles when any feature whose operations
/// reach it is on; a type no operation reaches, with `full`. With `full`, the crate's API is
/// the same as without features.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FeaturesPerTag {
    /// On for an API of more than 200 operations in two tags or more: below that, the whole
    /// crate rebuilds in a few seconds (193 operations: 4.8 s here), and features would only
    /// add a list for every user to read; above it (GitHub's 767 operations: about a minute),
    /// a user who calls a handful of operations pays for all of them.
    #[default]
    Auto,
    /// On whenever the API has operations.
    On,
    /// Off: every operation and type always compiles.
    Off,
}

/// What [`generate`] writes besides the generated sources (`src/`, `api.txt`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Package {
    /// The sources only: the crate's `Cargo.toml` and `README.md` (which `src/lib.rs` includes
    /// as the crate docs) are yours, and the manifest depends on `openapi-rust-gen-runtime`,
    /// `serde`, `serde_json`, `chrono` and `uuid`.
    #[default]
    SourcesOnly,
    /// A complete crate: `Cargo.toml`, `README.md` and the sources, depending on the runtime
    /// as `runtime` says.
    Crate {
        /// The package name (`my-api`); Rust code names it [`Settings::crate_name`].
        name: String,
        /// How the crate gets the runtime.
        runtime: RuntimeDependency,
        /// Whether the manifest declares a workspace of its own (an empty `[workspace]`
        /// table), so that it builds alone even when written inside another workspace. Off
        /// for a crate that is to be a member of the workspace around it.
        own_workspace: bool,
    },
}

/// How a generated crate depends on the runtime crate, `openapi-rust-gen-runtime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// By version, from crates.io: the runtime of this generator's release.
    Version,
    /// By path, for crates inside a workspace that holds the runtime: the path to the
    /// runtime's folder, written as given (relative to the generated crate, or absolute).
    Path(String),
    /// A copy of the runtime in the crate's `runtime/` folder, depended on by path: for those
    /// who want no dependency they do not hold. The copy is the runtime crate's own files, as
    /// this generator was built with them.
    Vendored,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            spec_name: "the OpenAPI spec".into(),
            command: "cargo xtask regen".into(),
            layout: Layout::default(),
            crate_name: "api".into(),
            lenient: false,
            package: Package::SourcesOnly,
            features_per_tag: FeaturesPerTag::Auto,
        }
    }
}

/// How many items a generated module holds in one file. Past that, it becomes a directory:
/// `types/` by first letter of the type's name, `operations/` by the operation's first tag,
/// `example_tests/` by first letter of the type each example decodes into, `mock/` by the
/// operation's first tag. Public paths do not change (`types` and `mock` re-export their
/// children; operations are `Client` methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Types, counting what operations take and give (`{Op}Params`, ...) and `ErrorBody`.
    pub flat_types: usize,
    /// Operations in one file: past that, `operations/` has a module per first tag.
    pub flat_operations: usize,
    /// Example tests in one file: past that, `example_tests/` by first letter of the type.
    pub flat_examples: usize,
    /// Operations' stubs in the `mock` module's one file: past that, `mock/` has a module per
    /// first tag. A stub (matchers, an answer per response, a doc example) is several times an
    /// operation's method, so this is the smaller number.
    pub flat_mocks: usize,
}

impl Layout {
    /// Every module a directory, however small the API (for tests of the split layout).
    pub const SPLIT: Layout = Layout {
        flat_types: 0,
        flat_operations: 0,
        flat_examples: 0,
        flat_mocks: 0,
    };
}

impl Default for Layout {
    /// A file of a few thousand lines at most: about 300 types, 40 operations, 300 examples;
    /// 6 stubs (about 90 lines each) keep the `mock` file under 600.
    fn default() -> Self {
        Layout {
            flat_types: 300,
            flat_operations: 40,
            flat_examples: 300,
            flat_mocks: 6,
        }
    }
}

/// What one run produced.
#[derive(Debug, Clone)]
pub struct Output {
    /// Path relative to the client crate root (e.g. `src/types.rs`) → file contents.
    pub files: BTreeMap<String, String>,
    /// Number of generated types (structs, enums, aliases).
    pub types: usize,
    /// Number of generated operations.
    pub operations: usize,
    /// Number of the spec's examples that became round-trip tests.
    pub examples: usize,
    /// Examples that contradict their own schema: (pointer, why). Their tests are ignored.
    pub contradicting_examples: Vec<(String, String)>,
    /// Problems in parts of the spec generation does not use, and other notes.
    pub warnings: Vec<validate::Warning>,
    /// Places where a valid construct could not be typed precisely, and the looser type that
    /// stands in (free-form JSON, raw bytes). The generated crate's docs list them too.
    pub fallbacks: Vec<validate::Warning>,
    /// What lenient mode repaired in a document that breaks OpenAPI's rules.
    pub repairs: Vec<validate::Warning>,
    /// Schema objects lowered: the denominator of the fallbacks' share.
    pub schemas: usize,
}

/// Runs the whole pipeline on spec text. References to other files cannot be followed from
/// text alone: use [`generate_file`] for a document split across files.
///
/// Errors name the spec node (JSON pointer) and, where it can be found, its line.
///
/// ```
/// let spec = r##"
/// openapi: 3.0.3
/// info: { title: Pets, version: "1" }
/// paths:
///   /pets/{id}:
///     get:
///       operationId: getPet
///       parameters:
///         - { name: id, in: path, required: true, schema: { type: integer } }
///       responses:
///         "200":
///           description: A pet.
///           content:
///             application/json:
///               schema: { $ref: "#/components/schemas/Pet" }
/// components:
///   schemas:
///     Pet:
///       type: object
///       required: [name]
///       properties: { name: { type: string } }
/// "##;
/// let output = generator::generate(spec, &generator::Settings::default())?;
/// assert_eq!((output.types, output.operations), (1, 1));
/// assert!(output.files["src/operations.rs"].contains("pub async fn get_pet("));
///
/// // A bad spec is an error naming the node and its line, never a panic.
/// let error = generator::generate("openapi: 3.0.3\ninfo: {}\npaths: []\n", &Default::default())
///     .unwrap_err();
/// println!("{error}");
/// # Ok::<(), generator::Error>(())
/// ```
pub fn generate(source: &str, settings: &Settings) -> Result<Output, Error> {
    run(source, None, settings)
}

/// Runs the whole pipeline on the document at `path`, following references to other files
/// (`./schemas/pet.yaml#/Pet`) relative to the file that holds them. Errors inside another file
/// name that file and line. Nothing is read from the network.
pub fn generate_file(path: &Path, settings: &Settings) -> Result<Output, Error> {
    let source = std::fs::read_to_string(path).map_err(|e| Error::Parse {
        location: Location {
            file: Some(settings.spec_name.clone()),
            ..Location::default()
        },
        message: format!("cannot read the file: {e}"),
    })?;
    run(&source, Some(path), settings)
}

fn run(source: &str, path: Option<&Path>, settings: &Settings) -> Result<Output, Error> {
    let front = front(source, path, settings)?;
    let api = &front.api;
    let files = emit::emit(api, settings)?;
    let contradicting_examples = api
        .examples
        .iter()
        .filter_map(|e| e.problem.clone().map(|why| (e.pointer.clone(), why)))
        .collect();
    Ok(Output {
        files,
        types: api.types.len(),
        operations: api.operations.len(),
        examples: api.examples.len(),
        contradicting_examples,
        warnings: front.warnings,
        fallbacks: front.fallbacks,
        repairs: front.repairs,
        schemas: api.schemas,
    })
}

/// The document's webhooks (their union's generated name) and its signature extension, read
/// before types' origins are relocated (the union is found by its component's pointer).
fn webhooks(
    doc: &parse::Document,
    api: &ir::Api,
    warnings: &mut Vec<validate::Warning>,
    located: &dyn Fn(&str, String) -> validate::Warning,
) -> Option<ir::Webhooks> {
    let event = doc.webhook_event.as_ref().and_then(|component| {
        let origin = Pointer::root()
            .push("components")
            .push("schemas")
            .push(component.clone())
            .to_string();
        api.types
            .iter()
            .find(|t| t.origin == origin)
            .map(|t| t.name.clone())
    });
    let extension = lower::webhooks::EXTENSION;
    let signature = doc.spec.extensions.get(extension).and_then(|value| {
        match lower::webhooks::signature(value) {
            Ok(signature) => Some(signature),
            Err(why) => {
                warnings.push(located(
                    &format!("/{extension}"),
                    format!("{why}; the crate's `webhooks` module has no `verify`"),
                ));
                None
            }
        }
    });
    (event.is_some() || signature.is_some()).then_some(ir::Webhooks { event, signature })
}

/// What reading, validating and lowering give: the IR, and what is worth telling.
pub(crate) struct Front {
    pub api: ir::Api,
    pub warnings: Vec<validate::Warning>,
    pub fallbacks: Vec<validate::Warning>,
    pub repairs: Vec<validate::Warning>,
}

/// Stages 1 to 3, every error and warning located in the file it is in.
pub(crate) fn front(
    source: &str,
    path: Option<&Path>,
    settings: &Settings,
) -> Result<Front, Error> {
    let options = parse::ReadOptions {
        name: Some(&settings.spec_name),
        path,
        lenient: settings.lenient,
    };
    let doc = parse::parse_with(source, &options)?;
    let sources = &doc.sources;
    let located = |pointer: &str, message: String| validate::Warning {
        location: sources.locate(pointer),
        message,
    };
    let mut warnings = validate::validate(&doc).map_err(|e| e.relocated(sources))?;
    warnings.extend(
        doc.notes
            .iter()
            .map(|(location, message)| validate::Warning {
                location: location.clone(),
                message: message.clone(),
            }),
    );
    for warning in &mut warnings {
        warning.location = sources.relocate(&warning.location);
    }
    let mut api =
        lower::lower_with(&doc.spec, settings.lenient).map_err(|e| e.relocated(sources))?;
    api.webhooks = webhooks(&doc, &api, &mut warnings, &located);
    for ty in &mut api.types {
        ty.origin = sources.origin(&ty.origin);
    }
    api.features = lower::features::plan(&api, settings.features_per_tag);
    warnings.extend(
        std::mem::take(&mut api.warnings)
            .into_iter()
            .map(|(pointer, message)| located(&pointer, message)),
    );
    let fallbacks: Vec<validate::Warning> = api
        .fallbacks
        .iter()
        .map(|(pointer, message)| located(pointer, message.clone()))
        .collect();
    // The crate docs list each fallback where the user wrote it.
    api.fallbacks = fallbacks
        .iter()
        .map(|w| (w.location.to_string(), w.message.clone()))
        .collect();
    let repairs = doc
        .repairs
        .iter()
        .map(|(location, message)| validate::Warning {
            location: location.clone(),
            message: message.clone(),
        })
        .chain(
            api.repairs
                .iter()
                .map(|(pointer, message)| located(pointer, message.clone())),
        )
        .collect();
    Ok(Front {
        api,
        warnings,
        fallbacks,
        repairs,
    })
}
