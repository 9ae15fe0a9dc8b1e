//! `cargo xtask diff`: exit codes, formats, and reading the old spec from git.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use xtask::workspace_root;

fn xtask(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// The old (`old.yaml`) or new (`new.yaml`) spec of a diff-suite case, written to a file.
fn case(name: &str, side: &str) -> String {
    let (base, all) = xtask::cases::load(&xtask::cases::dir()).unwrap();
    let case = all.iter().find(|c| c.name == name).unwrap();
    let (old, new) = xtask::cases::specs(&base, case).unwrap();
    let dir = workspace_root().join("target/xtask-tests/cases").join(name);
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(side);
    fs::write(&path, if side == "old.yaml" { old } else { new }).unwrap();
    path.display().to_string()
}

fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn fail_on_sets_the_exit_code() {
    let root = workspace_root();
    let breaking = [
        "diff",
        "--old",
        &case("operation_removed", "old.yaml"),
        "--new",
        &case("operation_removed", "new.yaml"),
    ];
    let harmless = [
        "diff",
        "--old",
        &case("operation_added", "old.yaml"),
        "--new",
        &case("operation_added", "new.yaml"),
    ];
    let rust_only = [
        "diff",
        "--old",
        &case("operation_id_changed", "old.yaml"),
        "--new",
        &case("operation_id_changed", "new.yaml"),
    ];
    let possibly = [
        "diff",
        "--old",
        &case("parameter_removed", "old.yaml"),
        "--new",
        &case("parameter_removed", "new.yaml"),
    ];

    let run = |args: &[&str], extra: &[&str]| {
        let mut all = args.to_vec();
        all.extend_from_slice(extra);
        xtask(&root, &all).status.code()
    };
    assert_eq!(
        run(&breaking, &[]),
        Some(0),
        "without --fail-on a report is not a failure"
    );
    assert_eq!(run(&breaking, &["--fail-on", "breaking"]), Some(1));
    assert_eq!(run(&harmless, &["--fail-on", "breaking"]), Some(0));
    assert_eq!(run(&possibly, &["--fail-on", "breaking"]), Some(0));
    assert_eq!(run(&possibly, &["--fail-on", "possibly-breaking"]), Some(1));
    assert_eq!(run(&breaking, &["--fail-on", "possibly-breaking"]), Some(1));
    assert_eq!(run(&rust_only, &["--fail-on", "breaking"]), Some(0));
    assert_eq!(run(&rust_only, &["--fail-on", "rust-breaking"]), Some(1));
    assert_eq!(run(&harmless, &["--fail-on", "sometimes"]), Some(2));
}

/// A spec the generator refuses cannot be judged: every gate fails, and so does a plain run,
/// with the report saying why on stdout and the error on stderr.
#[test]
fn a_refused_spec_fails_every_gate() {
    let root = workspace_root();
    let refused = [
        "diff",
        "--old",
        &case("refused_new_side", "old.yaml"),
        "--new",
        &case("refused_new_side", "new.yaml"),
    ];
    for gate in [
        &[][..],
        &["--fail-on", "rust-breaking"],
        &["--fail-on", "breaking"],
        &["--fail-on", "possibly-breaking"],
    ] {
        let mut args = refused.to_vec();
        args.extend_from_slice(gate);
        let out = xtask(&root, &args);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{gate:?}: {stderr}");
        assert!(
            stdout.contains("**Not compared: the new spec cannot be generated"),
            "{stdout}"
        );
        assert!(
            stderr.contains("`allOf` members contradict each other"),
            "{stderr}"
        );
    }
    let mut json = refused.to_vec();
    json.extend_from_slice(&["--format", "json"]);
    let out = xtask(&root, &json);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["refused"]["side"], "new");
}

#[test]
fn json_output_is_the_documented_shape() {
    let out = xtask(
        &workspace_root(),
        &[
            "diff",
            "--format",
            "json",
            "--old",
            &case("request_property_added_required", "old.yaml"),
            "--new",
            &case("request_property_added_required", "new.yaml"),
        ],
    );
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["format"], 2);
    assert_eq!(report["refused"], serde_json::Value::Null);
    assert_eq!(report["summary"]["breaking"], 1);
    let change = &report["changes"][0];
    assert_eq!(change["rule"], "new-required-request-property");
    assert_eq!(change["severity"], "breaking");
    assert_eq!(change["group"]["kind"], "schema");
    assert_eq!(change["group"]["used_by"][0], "createItem");
    assert_eq!(change["rust"]["impact"], "breaking");
}

#[test]
fn unreadable_inputs_are_clear_errors() {
    let root = workspace_root();
    let out = xtask(
        &root,
        &[
            "diff",
            "--old",
            "no/such/file.yaml",
            "--new",
            &case("operation_added", "new.yaml"),
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr.contains("cannot read no/such/file.yaml"), "{stderr}");

    let bad = root.join("generator/tests/fixtures/bad/invalid_yaml.yaml");
    let out = xtask(
        &root,
        &[
            "diff",
            "--old",
            bad.to_str().unwrap(),
            "--new",
            &case("operation_added", "new.yaml"),
        ],
    );
    // Not YAML is a spec the generator refuses: the report says so, and the run fails.
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr.contains("invalid_yaml.yaml") && !stderr.contains("panicked"),
        "{stderr}"
    );
    assert!(stdout.contains("**Not compared: the old spec"), "{stdout}");
}

/// A throwaway git repository with the case's old spec committed on `main`.
fn repo(name: &str) -> PathBuf {
    let dir = workspace_root().join("target/xtask-tests/git").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("spec")).unwrap();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(&dir)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "user.name", "Test"]);
    git(&["config", "commit.gpgsign", "false"]);
    fs::copy(
        case("response_property_removed", "old.yaml"),
        dir.join("spec/api.yaml"),
    )
    .unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "old spec"]);
    dir
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn compares_a_git_revision_with_the_working_tree() {
    let dir = repo("working-tree");
    fs::copy(
        case("response_property_removed", "new.yaml"),
        dir.join("spec/api.yaml"),
    )
    .unwrap();

    // On main the default base is HEAD.
    let out = xtask(&dir, &["diff", "--spec", "spec/api.yaml"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("`spec/api.yaml@HEAD` → `spec/api.yaml (working tree)`"),
        "{stdout}"
    );
    assert!(
        stdout.contains("response-optional-property-removed"),
        "{stdout}"
    );

    // An explicit revision works the same; a missing one is a clear error.
    let out = xtask(&dir, &["diff", "--spec", "spec/api.yaml", "--base", "HEAD"]);
    assert!(out.status.success());
    let out = xtask(
        &dir,
        &[
            "diff",
            "--spec",
            "spec/api.yaml",
            "--base",
            "no-such-branch",
        ],
    );
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("`no-such-branch` is not a revision"),
        "{stderr}"
    );
}

#[test]
fn on_a_branch_the_default_base_is_the_merge_base_with_main() {
    let dir = repo("branch");
    git(&dir, &["checkout", "-q", "-b", "feature"]);
    fs::copy(
        case("response_property_removed", "new.yaml"),
        dir.join("spec/api.yaml"),
    )
    .unwrap();
    git(&dir, &["commit", "-q", "-am", "remove note"]);

    // The working tree equals HEAD, but the branch changed the spec since it left main.
    let out = xtask(&dir, &["diff", "--spec", "spec/api.yaml"]);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("response-optional-property-removed"),
        "{stdout}"
    );

    let out = xtask(&dir, &["diff", "--spec", "spec/api.yaml", "--base", "HEAD"]);
    assert!(text(&out).0.contains("No changes."), "{}", text(&out).0);
}

#[test]
fn a_spec_missing_at_the_base_is_a_clear_error() {
    let dir = repo("missing");
    fs::copy(
        case("operation_added", "new.yaml"),
        dir.join("spec/other.yaml"),
    )
    .unwrap();
    let out = xtask(&dir, &["diff", "--spec", "spec/other.yaml"]);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr.contains("spec/other.yaml does not exist at `HEAD`"),
        "{stderr}"
    );
}

#[test]
fn progress_and_a_summary_go_to_stderr_and_the_report_to_stdout() {
    let root = workspace_root();
    let out = xtask(
        &root,
        &[
            "diff",
            "--old",
            &case("operation_removed", "old.yaml"),
            "--new",
            &case("operation_removed", "new.yaml"),
        ],
    );
    let (stdout, stderr) = text(&out);
    let mut lines = stderr.lines();
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("diff: comparing ")),
        "{stderr}"
    );
    let summary = lines.next().unwrap_or_default();
    assert!(
        summary.contains("1 breaking") && summary.ends_with(" ms"),
        "{stderr}"
    );
    assert!(
        !stdout.contains("diff: "),
        "the report stays clean: {stdout}"
    );
}
