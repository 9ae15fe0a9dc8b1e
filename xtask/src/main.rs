//! `cargo xtask <command>`: see `cargo xtask help`.

use std::path::PathBuf;
use std::process::ExitCode;

use xtask::{regen, summary, RegenOptions, REGEN_COMMAND};

const USAGE: &str = "\
usage: cargo xtask regen [--check] [--spec PATH --out DIR]

  regen            regenerate generated/ from spec/frameio.yaml, writing only changed files
  --check          change nothing; exit 1 naming the stale files if generated/ is out of date
  --spec PATH      read another OpenAPI 3.0 spec
  --out DIR        write a standalone crate (runtime included) to DIR instead of generated/";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("regen") => run_regen(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown command `{other}`\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn run_regen(args: &[String]) -> ExitCode {
    let mut check = false;
    let mut spec: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--spec" | "--out" => {
                let Some(value) = iter.next() else {
                    eprintln!("error: `{arg}` needs a value\n\n{USAGE}");
                    return ExitCode::from(2);
                };
                let slot = if arg == "--spec" { &mut spec } else { &mut out };
                *slot = Some(PathBuf::from(value));
            }
            other => {
                eprintln!("error: unknown argument `{other}`\n\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let mut options = RegenOptions::default_job(check);
    if let Some(spec) = spec {
        options.spec = spec;
    }
    if let Some(out) = out {
        options.out = out;
        options.standalone = true;
    }

    match regen(&options) {
        Ok(report) => {
            let text = summary(&report, &options.out, check);
            if check && !report.is_fresh() {
                eprintln!("error: generated code is stale: {text}\nrun `{REGEN_COMMAND}` and commit the result");
                ExitCode::FAILURE
            } else {
                println!("regen: {text}");
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}\nnothing was written to {}", xtask::display_path(&options.out));
            ExitCode::FAILURE
        }
    }
}
