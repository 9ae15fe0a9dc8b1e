//! Embeds the runtime crate's own files (its manifest and every file under its `src/`) so that
//! the generator can vendor them into a generated crate: never a hand-kept list. They are read
//! through `runtime-src` and `runtime-manifest.toml`, links to `runtime/` that `cargo package`
//! replaces with the files themselves, so the published generator carries the runtime it emits
//! code for.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let sources = root.join("runtime-src");
    let manifest = root.join("runtime-manifest.toml");
    println!("cargo:rerun-if-changed=runtime-src");
    println!("cargo:rerun-if-changed=runtime-manifest.toml");

    let mut files = Vec::new();
    collect(&sources, "src", &mut files);
    files.sort();
    let manifest_text = std::fs::read_to_string(&manifest)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", manifest.display()));
    let version = manifest_text
        .lines()
        .find_map(|line| line.trim().strip_prefix("version = "))
        .map(|v| v.trim().trim_matches('"').to_string())
        .expect("the runtime's manifest has a version");

    let mut out = String::new();
    let _ = writeln!(out, "/// The runtime crate's version.");
    let _ = writeln!(out, "pub(crate) const RUNTIME_VERSION: &str = {version:?};");
    let _ = writeln!(
        out,
        "/// The runtime crate's files, relative to its root, in path order."
    );
    let _ = writeln!(out, "pub(crate) const RUNTIME_FILES: &[(&str, &str)] = &[");
    let _ = writeln!(
        out,
        "    (\"Cargo.toml\", include_str!({:?})),",
        manifest.display().to_string()
    );
    for (relative, path) in &files {
        let _ = writeln!(
            out,
            "    ({relative:?}, include_str!({:?})),",
            path.display().to_string()
        );
    }
    let _ = writeln!(out, "];");
    let target =
        PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets it")).join("runtime_files.rs");
    std::fs::write(&target, out)
        .unwrap_or_else(|e| panic!("cannot write {}: {e}", target.display()));
}

/// Every file under `dir`, as (path relative to the runtime's root, absolute path).
fn collect(dir: &Path, relative: &str, out: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list the runtime's {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("a readable entry");
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        let child = format!("{relative}/{name}");
        if path.is_dir() {
            collect(&path, &child, out);
        } else {
            println!("cargo:rerun-if-changed={}", path.display());
            out.push((child, path));
        }
    }
}
