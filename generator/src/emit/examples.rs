//! Emits the `example_tests` module: one test per example in the spec, decoding it into its
//! generated type and encoding it back with nothing lost.
//!
//! An example that contradicts its schema (lowering checks each one, see `lower/examples.rs`)
//! still gets its test, marked `#[ignore]` with the reason and where, so it is listed rather
//! than skipped.

use std::fmt::Write as _;

use super::runtime::Rt;
use crate::ir::{Api, TypeRef};
use crate::names::{Case, Namespace};

/// What the module (or, split, its `mod.rs`) says of itself.
pub const MODULE_DOC: &str =
    "//! Every example in the spec decodes into its generated type and encodes back with nothing\n\
     //! lost. Examples that contradict their own schema are ignored tests, each with the\n\
     //! reason: `cargo test -- --ignored` shows how they fail.\n";

/// Each example's test name, unique across the crate (so a test keeps its name whichever file
/// it is in).
pub fn test_names(api: &Api) -> Vec<String> {
    let mut names = Namespace::new();
    api.examples
        .iter()
        .map(|example| names.allocate(&test_name(&example.pointer), Case::Snake))
        .collect()
}

/// The tests of the examples at `indices` (into `api.examples`), after `doc` (`//!` lines).
/// Written directly rather than through `syn` and prettyplease: it is a long, regular list,
/// and its literals are most of its bytes.
pub fn emit(api: &Api, names: &[String], indices: &[usize], doc: &str) -> String {
    let mut out = String::from(doc);
    for &i in indices {
        let (example, name) = (&api.examples[i], &names[i]);
        let json = serde_json::to_string_pretty(&example.value).unwrap_or_default();
        let _ = write!(
            out,
            "\n/// `{}`\n#[test]\n",
            example.pointer.replace('`', "'")
        );
        // Compiled with the type it decodes into.
        let mut named = std::collections::BTreeSet::new();
        example.ty.names_into(&mut named);
        let features = api.features.as_ref();
        for gate in named
            .iter()
            .filter_map(|n| features.and_then(|f| f.of_type(n)))
        {
            let _ = writeln!(out, "{}", gate.label());
        }
        if let Some(reason) = &example.problem {
            // `{:?}` of a `str` is a valid Rust string literal.
            let _ = writeln!(
                out,
                "#[ignore = {:?}]",
                format!("contradicts its schema: {reason}")
            );
        }
        // Pretty JSON in a raw string, so an edited example is a small diff.
        let hashes = "#".repeat(
            (1..)
                .find(|n| !json.contains(&format!("\"{}", "#".repeat(*n))))
                .unwrap_or(1),
        );
        let body: String = json
            .lines()
            .map(|line| format!("        {line}\n"))
            .collect();
        let _ = write!(
            out,
            "fn {name}() {{\n    {round_trip}::<{}>(\n        r{hashes}\"\n{body}        \"{hashes},\n    );\n}}\n",
            type_text(&example.ty),
            round_trip = Rt::RoundTrip.path(),
        );
    }
    out
}

/// A type as written in the test file (the `types` module is not imported there).
fn type_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(name) | TypeRef::Boxed(name) => format!("crate::types::{name}"),
        TypeRef::Vec(item) => format!("Vec<{}>", type_text(item)),
        TypeRef::Map(value) => {
            format!("::std::collections::BTreeMap<String, {}>", type_text(value))
        }
        TypeRef::Option(inner) => format!("Option<{}>", type_text(inner)),
        TypeRef::Uuid => "::uuid::Uuid".into(),
        TypeRef::DateTime => "::chrono::DateTime<::chrono::Utc>".into(),
        TypeRef::Date => "::chrono::NaiveDate".into(),
        TypeRef::Value => "::serde_json::Value".into(),
        other => other.label(),
    }
}

/// `/components/schemas/Asset/example` → `components_schemas_asset_example`.
fn test_name(pointer: &str) -> String {
    let words: Vec<String> = pointer
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| s.replace("~1", " ").replace("~0", " "))
        .collect();
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_names_come_from_pointers() {
        let name =
            test_name("/paths/~1a~1{id}/get/responses/200/content/application~1json/example");
        assert_eq!(
            crate::names::sanitize(&name, Case::Snake),
            "paths_a_id_get_responses_200_content_application_json_example"
        );
    }
}
