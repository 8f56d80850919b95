//! `cargo xtask codegen` as a user runs it: exit codes, messages, files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .output()
        .expect("run xtask")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A fresh directory under target/ for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/xtask-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../generator/tests/fixtures")
        .join(name)
        .display()
        .to_string()
}

/// `codegen` of the operations fixture into `out`.
fn codegen_operations(out: &Path) -> Output {
    let spec = fixture("operations.yaml");
    xtask(&[
        "codegen",
        "--spec",
        &spec,
        "--out",
        &out.display().to_string(),
    ])
}

fn read_all(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read file");
                files.push((path, bytes));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn generates_a_complete_crate_for_another_spec() {
    let out = scratch("complete");
    let result = xtask(&[
        "codegen",
        "--spec",
        &fixture("operations.yaml"),
        "--out",
        &out.display().to_string(),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    for file in [
        "Cargo.toml",
        "src/lib.rs",
        "src/client.rs",
        "src/error.rs",
        "src/models.rs",
        "src/resources/mod.rs",
        "src/resources/widgets.rs",
    ] {
        assert!(out.join(file).is_file(), "{file} missing");
    }
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"operations\""), "{manifest}");
}

#[test]
fn generating_twice_changes_nothing() {
    let out = scratch("twice");
    let args = [
        "codegen",
        "--spec",
        &fixture("operations.yaml"),
        "--out",
        &out.display().to_string(),
    ];
    assert!(xtask(&args).status.success());
    let first = read_all(&out);
    assert!(xtask(&args).status.success());
    assert_eq!(first, read_all(&out));
}

#[test]
fn check_names_stale_missing_and_extra_files() {
    let out = scratch("check");
    let spec = fixture("operations.yaml");
    let out_arg = out.display().to_string();
    assert!(
        xtask(&["codegen", "--spec", &spec, "--out", &out_arg])
            .status
            .success()
    );
    let clean = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert!(clean.status.success(), "{}", stderr(&clean));

    std::fs::write(out.join("src/models.rs"), "// edited by hand\n").expect("edit");
    std::fs::remove_file(out.join("src/error.rs")).expect("remove");
    std::fs::write(out.join("src/extra.rs"), "").expect("add");
    let stale = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert!(!stale.status.success());
    let message = stderr(&stale);
    assert!(
        message.contains("stale:") && message.contains("models.rs"),
        "{message}"
    );
    assert!(
        message.contains("missing:") && message.contains("error.rs"),
        "{message}"
    );
    assert!(
        message.contains("extra:") && message.contains("extra.rs"),
        "{message}"
    );
    assert!(message.contains("cargo xtask codegen"), "{message}");
}

#[test]
fn codegen_removes_files_it_no_longer_writes() {
    let out = scratch("prune");
    std::fs::create_dir_all(out.join("src/resources")).expect("mkdir");
    let generated = format!("{}\n", generator::PREAMBLE_RS);
    std::fs::write(out.join("src/resources/gone.rs"), generated).expect("write");
    let result = codegen_operations(&out);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(!out.join("src/resources/gone.rs").exists());
}

#[test]
fn conformance_tests_written_before_are_removed_and_own_tests_kept() {
    let out = scratch("conformance");
    let spec = fixture("operations.yaml");
    let out_arg = out.display().to_string();
    let with = xtask(&[
        "codegen",
        "--spec",
        &spec,
        "--out",
        &out_arg,
        "--conformance-tests",
    ]);
    assert!(with.status.success(), "{}", stderr(&with));
    assert!(out.join("tests/conformance.rs").is_file());
    std::fs::write(out.join("tests/mine.rs"), "#[test]\nfn mine() {}\n").expect("write");

    let check = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert!(!check.status.success());
    let message = stderr(&check);
    assert!(
        message.contains("extra:") && message.contains("conformance.rs"),
        "{message}"
    );
    assert!(!message.contains("mine.rs"), "{message}");

    let without = xtask(&["codegen", "--spec", &spec, "--out", &out_arg]);
    assert!(without.status.success(), "{}", stderr(&without));
    assert!(!out.join("tests/conformance.rs").exists());
    assert!(out.join("tests/mine.rs").is_file());
    let clean = xtask(&["codegen", "--check", "--spec", &spec, "--out", &out_arg]);
    assert!(clean.status.success(), "{}", stderr(&clean));
}

#[test]
fn codegen_never_deletes_a_file_it_did_not_write() {
    let out = scratch("keep");
    std::fs::create_dir_all(out.join("src/bin")).expect("mkdir");
    std::fs::write(out.join("src/bin/tool.rs"), "fn main() {}\n").expect("write");
    let result = codegen_operations(&out);
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(out.join("src/bin/tool.rs").exists());
    assert!(stderr(&result).contains("tool.rs was not written by the generator"));
}

#[test]
fn codegen_refuses_to_write_over_a_crate_it_did_not_write() {
    let out = scratch("foreign");
    let manifest = "[package]\nname = \"mine\"\n";
    std::fs::write(out.join("Cargo.toml"), manifest).expect("write");
    let result = codegen_operations(&out);
    assert_eq!(result.status.code(), Some(1));
    assert!(
        stderr(&result).contains("refusing to write over it"),
        "{}",
        stderr(&result)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("Cargo.toml")).expect("read"),
        manifest
    );
    assert!(!out.join("src").exists());
}

#[test]
fn an_unreadable_spec_is_one_clear_error() {
    let out = scratch("unreadable");
    let result = xtask(&[
        "codegen",
        "--spec",
        "no/such/spec.yaml",
        "--out",
        &out.display().to_string(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let message = stderr(&result);
    assert!(
        message.starts_with("error: no/such/spec.yaml: cannot read the spec"),
        "{message}"
    );
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
}

#[test]
fn an_invalid_spec_names_file_and_pointer() {
    let dir = scratch("invalid");
    let spec = dir.join("bad.yaml");
    std::fs::write(
        &spec,
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {$ref: '#/components/schemas/Nope'}\n",
    )
    .expect("write spec");
    let result = xtask(&[
        "codegen",
        "--spec",
        &spec.display().to_string(),
        "--out",
        &dir.join("out").display().to_string(),
    ]);
    assert_eq!(result.status.code(), Some(1));
    let message = stderr(&result);
    assert!(
        message.contains("bad.yaml: #/components/schemas/A:"),
        "{message}"
    );
    assert!(
        !dir.join("out").exists(),
        "nothing is written for a bad spec"
    );
}

#[test]
fn bad_arguments_print_usage() {
    let result = xtask(&["codegen", "--spec", "x.yaml"]);
    assert_eq!(result.status.code(), Some(1));
    assert!(stderr(&result).contains("usage:"));
}

#[test]
fn webhook_secret_form_is_standard_unless_raw_is_asked_for() {
    let events = |dir: &Path| {
        std::fs::read_to_string(dir.join("src/webhooks/events.rs")).expect("events.rs is written")
    };
    let standard = scratch("webhook-secret-standard");
    assert!(codegen_operations(&standard).status.success());
    assert!(
        events(&standard).contains("SECRET_FORM: super::SecretForm = super::SecretForm::Standard")
    );

    let raw = scratch("webhook-secret-raw");
    let out = raw.display().to_string();
    let spec = fixture("operations.yaml");
    let args = ["codegen", "--spec", &spec, "--out", &out];
    let result = xtask(&[&args[..], &["--webhook-secret", "raw"]].concat());
    assert!(result.status.success(), "{}", stderr(&result));
    assert!(events(&raw).contains("SECRET_FORM: super::SecretForm = super::SecretForm::Raw"));
    // --check compares with the same form, and names it in the fix.
    let check = xtask(&[&args[..], &["--webhook-secret", "raw", "--check"]].concat());
    assert!(check.status.success(), "{}", stderr(&check));
    let check = xtask(&[&args[..], &["--check"]].concat());
    assert_eq!(check.status.code(), Some(1));
    let check = xtask(&[&args[..], &["--webhook-secret", "standard", "--check"]].concat());
    assert!(
        stderr(&check).contains("--webhook-secret standard"),
        "{}",
        stderr(&check)
    );

    let bad = xtask(&[&args[..], &["--webhook-secret", "base64"]].concat());
    assert_eq!(bad.status.code(), Some(1));
    assert!(
        stderr(&bad).contains("`standard` or `raw`"),
        "{}",
        stderr(&bad)
    );
    // Only with --spec: generated/ always gets the whop crate's form.
    let alone = xtask(&["codegen", "--check", "--webhook-secret", "raw"]);
    assert_eq!(alone.status.code(), Some(1));
}
