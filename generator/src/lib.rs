//! An OpenAPI 3.0 / 3.1 → Rust client generator.
//!
//! The pipeline has one module per stage, each usable on its own:
//!
//! 1. [`parse`](mod@parse): YAML/JSON text → `openapiv3::OpenAPI` (3.1 rewritten into 3.0
//!    shapes), errors with pointer and line;
//! 2. [`validate`](mod@validate): references resolve, operationIds are unique;
//! 3. [`lower`](mod@lower): the document → [`ir::Api`], every Rust name chosen (see [`names`]);
//! 4. [`emit`](mod@emit): the IR → formatted Rust files.
//!
//! [`generate`] runs all four. The output is a map from file path (relative to the client crate's
//! root) to contents; the same spec always gives the same bytes. The generated code calls a small
//! hand-written runtime (`Client`, `Request`, `ApiResponse`, `Error`) that the client crate
//! provides beside it.

use std::collections::BTreeMap;

pub mod diff;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod lower;
pub mod names;
pub mod parse;
pub mod validate;

pub use error::{Error, Location};

/// How the generated files describe themselves.
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
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            spec_name: "the OpenAPI spec".into(),
            command: "cargo xtask regen".into(),
            layout: Layout::default(),
            crate_name: "api".into(),
        }
    }
}

/// How many items a generated module holds in one file. Past that, it becomes a directory:
/// `types/` by first letter of the type's name, `operations/` by the operation's first tag,
/// `example_tests/` by first letter of the type each example decodes into. Public paths do
/// not change (`types` re-exports its children; operations are `Client` methods).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Types, counting what operations take and give (`{Op}Params`, ...) and `ErrorBody`.
    pub flat_types: usize,
    pub flat_operations: usize,
    pub flat_examples: usize,
}

impl Layout {
    /// Every module a directory, however small the API (for tests of the split layout).
    pub const SPLIT: Layout = Layout {
        flat_types: 0,
        flat_operations: 0,
        flat_examples: 0,
    };
}

impl Default for Layout {
    /// A file of a few thousand lines at most: about 300 types, 40 operations, 300 examples.
    fn default() -> Self {
        Layout {
            flat_types: 300,
            flat_operations: 40,
            flat_examples: 300,
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
    /// Problems in parts of the spec generation does not use.
    pub warnings: Vec<validate::Warning>,
}

/// Runs the whole pipeline on spec text.
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
    let with_source = |e: Error| e.with_source(Some(&settings.spec_name), source);
    let doc = parse::parse(source).map_err(with_source)?;
    let mut warnings = validate::validate(&doc).map_err(with_source)?;
    for warning in &mut warnings {
        warning.location =
            Error::locate(warning.location.clone(), Some(&settings.spec_name), source);
    }
    let api = lower::lower(&doc.spec).map_err(with_source)?;
    for (pointer, message) in &api.warnings {
        warnings.push(validate::Warning {
            location: Error::locate(
                error::Location {
                    file: None,
                    pointer: pointer.clone(),
                    line: None,
                },
                Some(&settings.spec_name),
                source,
            ),
            message: message.clone(),
        });
    }
    let files = emit::emit(&api, settings)?;
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
        warnings,
    })
}
