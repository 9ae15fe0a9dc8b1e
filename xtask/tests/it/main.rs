//! xtask's integration tests, as one binary: each module was a test crate of its own, compiled
//! and linked on its own. A new test file here is a module declared below.

mod corpus;
mod curated;
mod diff_cli;
mod diff_suite;
mod regen;
