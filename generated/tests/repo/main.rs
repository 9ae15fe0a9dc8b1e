//! The tests that check the crate against the repository it is generated in (the spec's
//! examples and the seed pages beside it), as one binary. `Cargo.toml` leaves this folder out
//! of the package: the published crate has no repository around it.

mod examples;
mod fidelity;
mod manifest;
mod operations;
#[path = "../support/mod.rs"]
mod support;
