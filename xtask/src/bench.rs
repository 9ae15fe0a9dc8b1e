//! `cargo xtask bench`: how generation time grows with spec size, as ratios against the smallest
//! spec measured in the same run (no absolute-time assertions anywhere).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use generator::{FeaturesPerTag, Settings};

/// A synthetic spec with `operations` operations (half GET, half POST with a JSON body) and
/// `operations / 2` component schemas of ten properties each, with enums, refs and arrays.
pub fn synthetic_spec(operations: usize) -> String {
    let components = (operations / 2).max(1);
    let mut out = String::from("openapi: 3.0.3\ninfo: {title: Synthetic, version: '1'}\nservers: [{url: 'https://example.com'}]\nsecurity: [{token: []}]\npaths:\n");
    for i in 0..operations / 2 {
        let c = i % components;
        let _ = write!(
            out,
            "  /r{i}/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string, format: uuid}}}}\n\
             \x20   get:\n      operationId: getR{i}\n      summary: Get resource {i}\n\
             \x20     parameters:\n        - {{name: limit, in: query, schema: {{type: integer}}}}\n\
             \x20     responses:\n        '200':\n          description: ok\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/C{c}'}}}}}}\n\
             \x20       '404':\n          description: missing\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Problem'}}}}}}\n\
             \x20   post:\n      operationId: postR{i}\n      requestBody:\n        required: true\n        content: {{application/json: {{schema: {{$ref: '#/components/schemas/C{c}'}}}}}}\n\
             \x20     responses:\n        '201':\n          description: created\n          content: {{application/json: {{schema: {{$ref: '#/components/schemas/C{c}'}}}}}}\n"
        );
    }
    out.push_str("components:\n  securitySchemes:\n    token: {type: http, scheme: bearer}\n  schemas:\n    Problem: {type: object, properties: {title: {type: string}, status: {type: integer}}}\n");
    for c in 0..components {
        let next = (c + 1) % components;
        let _ = write!(
            out,
            "    C{c}:\n      type: object\n      required: [id]\n      properties:\n\
             \x20       id: {{type: string, format: uuid}}\n        name: {{type: string, description: Name of {c}}}\n\
             \x20       created_at: {{type: string, format: date-time, nullable: true}}\n        size: {{type: integer, format: int64}}\n\
             \x20       ratio: {{type: number}}\n        kind: {{type: string, enum: [a, b, c]}}\n\
             \x20       tags: {{type: array, items: {{type: string}}}}\n        extra: {{type: object, additionalProperties: {{type: string}}}}\n\
             \x20       next: {{$ref: '#/components/schemas/C{next}'}}\n        inline: {{type: object, properties: {{x: {{type: number}}, y: {{type: number}}}}}}\n"
        );
    }
    out
}

/// Best of `runs` wall-clock times of one generation.
fn time_generation(source: &str, runs: usize) -> (Duration, usize, usize) {
    let settings = Settings::default();
    let mut best = Duration::MAX;
    let mut sizes = (0, 0);
    for _ in 0..runs {
        let started = Instant::now();
        let output = generator::generate(source, &settings).expect("the synthetic spec generates");
        best = best.min(started.elapsed());
        sizes = (output.types, output.files.values().map(String::len).sum());
    }
    (best, sizes.0, sizes.1)
}

/// Runs the benchmark and returns the report table.
pub fn run(sizes: &[usize]) -> String {
    let mut table = String::from(
        "operations  types  output KiB   best ms   ms/op   per-op ratio vs first row\n",
    );
    let mut baseline: Option<f64> = None;
    for &n in sizes {
        let spec = synthetic_spec(n);
        let runs = if n <= 500 { 5 } else { 3 };
        let (best, types, bytes) = time_generation(&spec, runs);
        let ms = best.as_secs_f64() * 1000.0;
        let per_op = ms / n as f64;
        let ratio = per_op / *baseline.get_or_insert(per_op);
        let _ = writeln!(
            table,
            "{n:>10}  {types:>5}  {:>10}  {ms:>8.1}  {per_op:>6.3}   {ratio:>5.2}x",
            bytes / 1024
        );
    }
    table
}

/// `bench --spec PATH...`: generation of real documents (read, bundled, lowered, emitted in
/// process), best and median of `runs`, with the first document's best as the baseline ratio.
pub fn run_specs(paths: &[std::path::PathBuf], runs: usize) -> Result<String, String> {
    let mut table = String::from(
        "document                          types    ops   best ms  median ms   best / first\n",
    );
    let mut baseline: Option<f64> = None;
    for path in paths {
        let settings = Settings {
            spec_name: path.display().to_string(),
            ..Settings::default()
        };
        let mut times = Vec::with_capacity(runs);
        let mut sizes = (0, 0);
        for _ in 0..runs.max(1) {
            let started = Instant::now();
            let output = generator::generate_file(path, &settings).map_err(|e| e.to_string())?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            sizes = (output.types, output.operations);
        }
        times.sort_by(f64::total_cmp);
        let (best, median) = (times[0], times[times.len() / 2]);
        let ratio = best / *baseline.get_or_insert(best);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        let _ = writeln!(
            table,
            "{name:<32} {:>6} {:>6}  {best:>8.1}  {median:>9.1}   {ratio:>8.2}x",
            sizes.0, sizes.1
        );
    }
    Ok(table)
}

/// `bench --diff`: how long `diff` takes on a synthetic spec against an edited copy (a renamed
/// operation, a tightened property, a new optional one), as a ratio to one generation of the
/// same spec measured in the same run. A diff reads and lowers both sides and compares them,
/// so about two generations' reading and lowering, without the emitting, is what to expect.
pub fn run_diff(sizes: &[usize]) -> String {
    let mut table = String::from("operations  changes   diff ms   generate ms   diff / generate\n");
    for &n in sizes {
        let old = synthetic_spec(n);
        let new = edited(&old);
        let runs = if n <= 500 { 5 } else { 3 };
        let (generate, ..) = time_generation(&old, runs);
        let mut best = Duration::MAX;
        let mut changes = 0;
        for _ in 0..runs {
            let started = Instant::now();
            let report = generator::diff::diff_sources("old", &old, "new", &new);
            best = best.min(started.elapsed());
            changes = report.changes.len();
        }
        let (diff_ms, gen_ms) = (best.as_secs_f64() * 1000.0, generate.as_secs_f64() * 1000.0);
        let _ = writeln!(
            table,
            "{n:>10}  {changes:>7}  {diff_ms:>8.1}  {gen_ms:>12.1}   {:>8.2}x",
            diff_ms / gen_ms
        );
    }
    table
}

/// The synthetic spec with three edits: a renamed operation, a tightened property, a new one.
fn edited(spec: &str) -> String {
    spec.replacen("operationId: getR0\n", "operationId: fetchR0\n", 1)
        .replacen(
            "name: {type: string, description: Name of 0}",
            "name: {type: string, maxLength: 40, description: Name of 0}",
            1,
        )
        .replacen(
            "ratio: {type: number}",
            "ratio: {type: number}\n        note: {type: string}",
            1,
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diff benchmark measures a diff that finds its three edits.
    #[test]
    fn the_edited_copy_differs_by_its_three_edits() {
        let old = synthetic_spec(10);
        let report = generator::diff::diff_sources("old", &old, "new", &edited(&old));
        let rules: Vec<&str> = report.changes.iter().map(|c| c.rule.as_str()).collect();
        for rule in [
            "api-operation-id-removed",
            "request-property-max-length-set",
            "new-optional-request-property",
        ] {
            assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
        }
    }
}

/// What `bench --compile` builds.
#[derive(Debug, Clone)]
pub enum CompileTarget {
    /// A synthetic spec of this many operations ([`synthetic_spec`]).
    Synthetic(usize),
    /// A document.
    Spec(std::path::PathBuf),
}

/// `bench --compile`: for each target, a crate generated with the runtime by path, built once
/// with its dependencies (the runtime among them); then `runs` rebuilds of the crate alone after
/// touching `src/lib.rs`, which is what a user's build does after `regen`. Wall time and CPU
/// time (cargo and the compilers it runs), median of the runs, and the first row's as the
/// ratios' baseline. `CARGO_INCREMENTAL=0`, the dev profile.
///
/// With `features`, each target is built three ways and more: generated without features per
/// tag, with them and `full` (the default), and with each named feature alone
/// (`--no-default-features --features NAME`).
pub fn compile(
    targets: &[CompileTarget],
    features: &[String],
    runs: usize,
) -> Result<String, String> {
    let root = crate::workspace_root().join("target/bench-crates");
    std::fs::create_dir_all(&root).map_err(|e| format!("cannot create {}: {e}", root.display()))?;
    let mut table = String::from(
        "crate                                  ops  rebuild wall s  rebuild cpu s   wall / first\n",
    );
    let mut baseline: Option<f64> = None;
    for target in targets {
        let (name, spec) = match target {
            CompileTarget::Synthetic(n) => {
                let spec = root.join(format!("ops-{n}.yaml"));
                std::fs::write(&spec, synthetic_spec(*n))
                    .map_err(|e| format!("cannot write {}: {e}", spec.display()))?;
                (format!("ops-{n}"), spec)
            }
            CompileTarget::Spec(path) => {
                let stem = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().replace(['.', '_'], "-"))
                    .unwrap_or_else(|| "spec".into());
                (format!("spec-{stem}"), path.clone())
            }
        };
        // (row label, crate folder, generation mode, the one feature it is built with)
        let mut variants: Vec<(String, String, FeaturesPerTag, Option<&str>)> = Vec::new();
        if features.is_empty() {
            variants.push((name.clone(), name.clone(), FeaturesPerTag::Auto, None));
        } else {
            let with = format!("{name}-features");
            variants.push((
                format!("{name} (no features)"),
                name.clone(),
                FeaturesPerTag::Off,
                None,
            ));
            variants.push((
                format!("{name} full"),
                with.clone(),
                FeaturesPerTag::On,
                None,
            ));
            for feature in features {
                variants.push((
                    format!("{name} {feature}"),
                    with.clone(),
                    FeaturesPerTag::On,
                    Some(feature),
                ));
            }
        }
        for (label, folder, mode, feature) in variants {
            let dir = root.join(&folder);
            let options = crate::RegenOptions {
                features_per_tag: mode,
                ..crate::RegenOptions::standalone(spec.clone(), dir.clone())
            };
            let report = crate::regen(&options)?;
            let mut args = vec!["build", "--quiet"];
            if let Some(feature) = feature {
                args.extend(["--no-default-features", "--features", feature]);
            }
            let build = || -> Result<(), String> {
                let ok = crate::cargo_on(&dir, &args)
                    .env("CARGO_INCREMENTAL", "0")
                    .status()
                    .is_ok_and(|s| s.success());
                if ok {
                    Ok(())
                } else {
                    Err(format!("the generated crate {label} does not build"))
                }
            };
            eprintln!("bench: building {label} and its dependencies once...");
            build()?;
            let mut walls = Vec::with_capacity(runs);
            let mut cpus = Vec::with_capacity(runs);
            for _ in 0..runs.max(1) {
                std::fs::File::options()
                    .append(true)
                    .open(dir.join("src/lib.rs"))
                    .and_then(|f| f.set_modified(std::time::SystemTime::now()))
                    .map_err(|e| format!("cannot touch {label}'s src/lib.rs: {e}"))?;
                let cpu_before = children_cpu();
                let started = Instant::now();
                build()?;
                walls.push(started.elapsed().as_secs_f64());
                if let (Some(before), Some(after)) = (cpu_before, children_cpu()) {
                    cpus.push(after - before);
                }
            }
            let median = |values: &mut Vec<f64>| -> Option<f64> {
                values.sort_by(f64::total_cmp);
                values.get(values.len() / 2).copied()
            };
            let wall = median(&mut walls).unwrap_or_default();
            let cpu = median(&mut cpus)
                .map(|c| format!("{c:>14.2}"))
                .unwrap_or_else(|| format!("{:>14}", "n/a"));
            let ratio = wall / *baseline.get_or_insert(wall);
            let _ = writeln!(
                table,
                "{label:<36} {:>5}  {wall:>14.2}  {cpu}   {ratio:>11.2}x",
                report.operations
            );
        }
    }
    Ok(table)
}

/// CPU seconds (user and system) of this process's waited-for children, from `/proc`: `None`
/// where there is no `/proc` (the table then gives wall time only).
fn children_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at `state`, field 3.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // cutime and cstime are fields 16 and 17 (1-based), in clock ticks: 100 a second on Linux.
    let ticks: f64 = fields.get(13)?.parse::<f64>().ok()? + fields.get(14)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
