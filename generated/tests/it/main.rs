//! The crate's tests that read only the package, as one binary (each module was a binary of its
//! own, compiled and linked on its own). A new test file here is a module declared below.

mod auth;
mod dependencies;
mod faults;
mod mocks;
#[path = "../support/mod.rs"]
mod support;
mod uploads;
mod webhooks;
