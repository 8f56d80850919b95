//! `cargo xtask spec-diff` as a user and CI run it: exit codes, the report,
//! JSON, the comparison through git and the version rule.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh directory under target/ for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/xtask-tests/spec-diff")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The old and new spec of a generator diff fixture.
fn sides(fixture: &str) -> (String, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../generator/tests/diff")
        .join(format!("{fixture}.yaml"));
    let text = std::fs::read_to_string(&path).expect("read fixture");
    let (old, new) = text.split_once("\n---\n").expect("two specs");
    (old.to_string(), new.to_string())
}

/// A fixture's specs as `old.yaml` and `new.yaml` in the test's scratch
/// directory.
fn pair(test: &str, fixture: &str) -> (String, String) {
    let (old, new) = sides(fixture);
    let dir = scratch(test);
    let (old_path, new_path) = (dir.join("old.yaml"), dir.join("new.yaml"));
    std::fs::write(&old_path, format!("{old}\n")).expect("write old");
    std::fs::write(&new_path, new).expect("write new");
    (
        old_path.display().to_string(),
        new_path.display().to_string(),
    )
}

#[test]
fn compatible_changes_exit_0_with_a_report() {
    let (old, new) = pair(
        "compatible_changes_exit_0_with_a_report",
        "request_optional_field_added",
    );
    let result = xtask(&["spec-diff", &old, &new]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let report = stdout(&result);
    assert!(report.contains("models::NewWidget\n"), "{report}");
    assert!(
        report.contains("compatible  optional field `size: Option<i64>` added"),
        "{report}"
    );
    assert!(
        report.contains("0 breaking, 1 compatible change\n"),
        "{report}"
    );
}

#[test]
fn breaking_changes_exit_1() {
    let (old, new) = pair("breaking_changes_exit_1", "response_field_made_nullable");
    let result = xtask(&["spec-diff", &old, &new]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let report = stdout(&result);
    assert!(
        report.contains("BREAKING    field `id` made nullable"),
        "{report}"
    );
    assert!(report.contains("why: its Rust type goes from"), "{report}");
}

#[test]
fn allow_breaking_reports_without_failing() {
    let (old, new) = pair(
        "allow_breaking_reports_without_failing",
        "operation_removed",
    );
    let result = xtask(&["spec-diff", &old, &new, "--allow-breaking"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(stdout(&result).contains("BREAKING    method removed"));
}

#[test]
fn json_has_a_stable_shape() {
    let (old, new) = pair("json_has_a_stable_shape", "enum_catch_all_renamed");
    let result = xtask(&["spec-diff", &old, &new, "--format", "json"]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let value: serde_json::Value = serde_json::from_str(&stdout(&result)).expect("stdout is JSON");
    assert_eq!(value["format"], 1);
    assert_eq!(value["verdict"], "breaking");
    assert_eq!(value["breaking"], 1);
    assert_eq!(value["compatible"], 1);
    assert_eq!(value["version"]["bump"], "minor", "{value}");
    let changes = value["changes"].as_array().expect("changes");
    let kinds: Vec<(&str, &str, &str)> = changes
        .iter()
        .map(|c| {
            (
                c["subject"].as_str().unwrap_or_default(),
                c["kind"].as_str().unwrap_or_default(),
                c["severity"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        kinds,
        [
            ("models::Status", "enum_value_added", "compatible"),
            ("models::Status", "catch_all_renamed", "breaking"),
        ]
    );
    for key in ["scope", "member", "what", "reason"] {
        assert!(changes[0].get(key).is_some(), "{key} missing");
    }
}

#[test]
fn json_without_changes_says_none() {
    let (old, _) = pair("json_without_changes_says_none", "type_added");
    let result = xtask(&["spec-diff", &old, &old, "--format", "json"]);
    assert_eq!(result.status.code(), Some(0));
    let value: serde_json::Value = serde_json::from_str(&stdout(&result)).expect("stdout is JSON");
    assert_eq!(value["verdict"], "none");
    assert_eq!(value["version"]["bump"], "none");
    assert_eq!(value["changes"], serde_json::json!([]));
}

#[test]
fn an_unreadable_file_exits_2_with_one_line() {
    let (old, _) = pair("an_unreadable_file_exits_2_with_one_line", "type_added");
    let result = xtask(&["spec-diff", &old, "no/such/spec.yaml"]);
    assert_eq!(result.status.code(), Some(2));
    let message = stderr(&result);
    assert!(
        message.starts_with("error: no/such/spec.yaml: cannot read the spec"),
        "{message}"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert_eq!(stdout(&result), "");
}

#[test]
fn a_file_that_is_not_openapi_exits_2_naming_it() {
    let dir = scratch("not-openapi");
    let swagger = dir.join("swagger.json");
    std::fs::write(
        &swagger,
        r#"{"swagger": "2.0", "info": {"title": "x", "version": "1"}, "paths": {}}"#,
    )
    .expect("write");
    let (old, _) = pair("not-openapi-pair", "type_added");
    let result = xtask(&["spec-diff", &old, &swagger.display().to_string()]);
    assert_eq!(result.status.code(), Some(2));
    let message = stderr(&result);
    assert!(
        message.contains("swagger.json: #/openapi: this is a Swagger 2.0 document"),
        "{message}"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
}

#[test]
fn bad_arguments_exit_2_with_usage() {
    let result = xtask(&["spec-diff", "only-one.yaml"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(stderr(&result).contains("usage:"));
    let result = xtask(&["spec-diff", "--format", "xml"]);
    assert_eq!(result.status.code(), Some(2));
}

/// A git repository shaped like this one: spec/whop.openapi.yml and
/// generated/Cargo.toml at `version`, committed.
fn repo(name: &str, spec: &str, version: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("spec")).expect("mkdir spec");
    std::fs::create_dir_all(dir.join("generated")).expect("mkdir generated");
    std::fs::write(dir.join("spec/whop.openapi.yml"), spec).expect("write spec");
    set_version(&dir, version);
    git(&dir, &["init", "--quiet"]);
    git(&dir, &["add", "."]);
    git(
        &dir,
        &[
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "commit",
            "--quiet",
            "-m",
            "base",
        ],
    );
    dir
}

fn set_version(dir: &Path, version: &str) {
    std::fs::write(
        dir.join("generated/Cargo.toml"),
        format!("[package]\nname = \"whop\"\nversion = \"{version}\"\n"),
    )
    .expect("write Cargo.toml");
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(dir)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?}");
}

fn spec_diff_in(dir: &Path, extra: &[&str]) -> Output {
    let root = dir.display().to_string();
    let mut args = vec!["spec-diff", "--root", &root];
    args.extend_from_slice(extra);
    xtask(&args)
}

#[test]
fn git_without_changes_reports_none() {
    let (old, _) = sides("field_type_changed");
    let dir = repo("git-clean", &old, "0.1.0");
    let result = spec_diff_in(&dir, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let report = stdout(&result);
    assert!(
        report.contains("(where generated/Cargo.toml became this version)"),
        "{report}"
    );
    assert!(report.contains("no changes to the crate's API"), "{report}");
}

#[test]
fn git_breaking_change_without_a_bump_fails_and_says_which_version() {
    let (old, new) = sides("field_type_changed");
    let dir = repo("git-unbumped", &old, "0.1.0");
    std::fs::write(dir.join("spec/whop.openapi.yml"), new).expect("edit spec");
    let result = spec_diff_in(&dir, &[]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let report = stdout(&result);
    assert!(
        report.contains("needs a minor release of whop: 0.1.0 -> 0.2.0"),
        "{report}"
    );
    assert!(report.contains("whop's version is still 0.1.0"), "{report}");
}

#[test]
fn git_breaking_change_with_a_bump_passes() {
    let (old, new) = sides("field_type_changed");
    let dir = repo("git-bumped", &old, "0.1.0");
    std::fs::write(dir.join("spec/whop.openapi.yml"), new).expect("edit spec");
    set_version(&dir, "0.2.0");
    let result = spec_diff_in(&dir, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(
        stdout(&result).contains("the breaking changes are declared"),
        "{}",
        stdout(&result)
    );
}

/// Commits everything in `dir` (the spec change a CI run sees: a clean
/// checkout has nothing uncommitted).
fn commit_all(dir: &Path, message: &str) {
    git(dir, &["add", "."]);
    git(
        dir,
        &[
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "commit",
            "--quiet",
            "-m",
            message,
        ],
    );
}

#[test]
fn git_a_committed_breaking_change_without_a_bump_fails() {
    let (old, new) = sides("field_type_changed");
    let dir = repo("git-committed-unbumped", &old, "0.1.0");
    std::fs::write(dir.join("spec/whop.openapi.yml"), new).expect("edit spec");
    commit_all(&dir, "a breaking spec update, version unchanged");
    let result = spec_diff_in(&dir, &[]);
    assert_eq!(result.status.code(), Some(1), "{}", stdout(&result));
    assert!(
        stdout(&result).contains("whop's version is still 0.1.0"),
        "{}",
        stdout(&result)
    );
}

#[test]
fn git_a_committed_breaking_change_with_its_bump_passes() {
    let (old, new) = sides("field_type_changed");
    let dir = repo("git-committed-bumped", &old, "0.1.0");
    std::fs::write(dir.join("spec/whop.openapi.yml"), new).expect("edit spec");
    set_version(&dir, "0.2.0");
    commit_all(&dir, "a breaking spec update and its bump");
    // A later commit that leaves the manifest alone keeps that release.
    std::fs::write(dir.join("notes.txt"), "later").expect("write");
    commit_all(&dir, "something else");
    let result = spec_diff_in(&dir, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stdout(&result));
    assert!(
        stdout(&result).contains("no changes to the crate's API"),
        "{}",
        stdout(&result)
    );
}

#[test]
fn git_a_patch_bump_does_not_declare_a_breaking_change() {
    let (old, new) = sides("field_type_changed");
    let dir = repo("git-patch", &old, "0.1.0");
    std::fs::write(dir.join("spec/whop.openapi.yml"), new).expect("edit spec");
    set_version(&dir, "0.1.1");
    let result = spec_diff_in(&dir, &["--format", "json"]);
    assert_eq!(result.status.code(), Some(1), "{}", stderr(&result));
    let value: serde_json::Value = serde_json::from_str(&stdout(&result)).expect("stdout is JSON");
    assert_eq!(value["version"]["old"], "0.1.0");
    assert_eq!(value["version"]["new"], "0.1.1");
    assert_eq!(value["version"]["suggested"], "0.2.0");
    assert_eq!(value["version"]["declared"], false);
}

#[test]
fn git_without_the_spec_at_the_base_has_nothing_to_compare() {
    let (old, _) = sides("type_added");
    let dir = repo("git-new-spec", &old, "0.1.0");
    git(
        &dir,
        &["rm", "--quiet", "--cached", "spec/whop.openapi.yml"],
    );
    // The release without a spec is the base.
    set_version(&dir, "0.2.0");
    git(&dir, &["add", "generated/Cargo.toml"]);
    git(
        &dir,
        &[
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "commit",
            "--quiet",
            "-m",
            "no spec",
        ],
    );
    let result = spec_diff_in(&dir, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    assert!(
        stdout(&result).contains("spec/whop.openapi.yml does not exist at"),
        "{}",
        stdout(&result)
    );
}

#[test]
fn git_base_can_be_named() {
    let (old, new) = sides("operation_added");
    let dir = repo("git-base", &old, "0.1.0");
    std::fs::write(dir.join("spec/whop.openapi.yml"), &new).expect("edit spec");
    git(&dir, &["add", "."]);
    git(
        &dir,
        &[
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "commit",
            "--quiet",
            "-m",
            "add an operation",
        ],
    );
    // Against HEAD nothing changed; against the first commit (also the
    // release, the default base) a method was added.
    let result = spec_diff_in(&dir, &["--base", "HEAD"]);
    assert!(
        stdout(&result).contains("no changes"),
        "{}",
        stdout(&result)
    );
    assert!(
        stdout(&spec_diff_in(&dir, &[])).contains("needs a patch release of whop: 0.1.0 -> 0.1.1"),
        "the default base is the release"
    );
    let result = spec_diff_in(&dir, &["--base", "HEAD~1"]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    let report = stdout(&result);
    assert!(report.contains("(--base HEAD~1)"), "{report}");
    assert!(
        report.contains("needs a patch release of whop: 0.1.0 -> 0.1.1"),
        "{report}"
    );
}

#[test]
fn git_unknown_base_exits_2() {
    let (old, _) = sides("type_added");
    let dir = repo("git-bad-base", &old, "0.1.0");
    let result = spec_diff_in(&dir, &["--base", "no-such-branch"]);
    assert_eq!(result.status.code(), Some(2));
    assert!(
        stderr(&result).contains("cannot find the revision `no-such-branch`"),
        "{}",
        stderr(&result)
    );
}

#[test]
fn git_outside_a_checkout_exits_2() {
    // Under the system's temporary directory, far from any repository.
    let dir = std::env::temp_dir().join(format!("spec-diff-no-git-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let result = spec_diff_in(&dir, &[]);
    let _ = std::fs::remove_dir_all(&dir);
    if result.status.code() == Some(0) {
        println!("skipped: the temporary directory is inside a git checkout");
        return;
    }
    assert_eq!(result.status.code(), Some(2));
    let message = stderr(&result);
    assert!(message.contains("not a git checkout"), "{message}");
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
}
