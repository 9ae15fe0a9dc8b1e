//! The generator's integration tests, as one binary: each module was a test crate of its own,
//! compiled and linked on its own. A new test file here is a module declared below.

mod bad_specs;
mod crate_docs;
#[cfg(feature = "diff")]
mod diff;
mod examples;
mod features;
mod lenient;
mod reader;
mod robustness;
mod snapshots;
mod token_sources;
mod validation;
