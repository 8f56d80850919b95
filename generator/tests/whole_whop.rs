//! The whole Whop API (`../shared/specs/whop/openapi.documented.yml`, read
//! from there, never copied): every operation and schema becomes Rust, the
//! crate passes clippy without warnings, and every operation, called against
//! Prism serving the same spec, decodes its answer.
//!
//! The crate is written to `target/whole-whop/` (never committed) and built
//! in the target directory the other generated crates share.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use generator::{Config, WebhookSecret};

/// The mock server's URL for the conformance tests; `cargo xtask test` starts
/// Prism on the whole spec and sets it.
const PRISM_URL_ENV: &str = "WHOP_CONFORMANCE_URL";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The spec's path and text, or `None` (with the reason printed) when
/// ../shared is absent.
fn spec() -> Option<(String, String)> {
    let path = root().join("../shared/specs/whop/openapi.documented.yml");
    if !path.is_file() {
        println!(
            "skipping: {} is absent (the whole Whop spec lives in ../shared)",
            path.display()
        );
        return None;
    }
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Some((path.display().to_string(), text))
}

#[test]
fn every_operation_and_component_schema_becomes_rust() {
    let Some((file, text)) = spec() else { return };
    let api = generator::load(&text, &file).unwrap_or_else(|e| panic!("{e}"));

    let operations: Vec<_> = api.resources.iter().flat_map(|r| &r.operations).collect();
    assert_eq!(operations.len(), 220, "one method per operation");
    let methods: BTreeSet<(String, String)> = api
        .resources
        .iter()
        .flat_map(|r| {
            r.operations
                .iter()
                .map(|o| (r.accessor.clone(), o.method_name.clone()))
        })
        .collect();
    assert_eq!(
        methods.len(),
        220,
        "method names are distinct within a resource"
    );

    let components: BTreeSet<&str> = api
        .types
        .iter()
        .filter_map(|t| t.pointer.strip_prefix("#/components/schemas/"))
        .filter(|rest| !rest.contains('/'))
        .collect();
    assert_eq!(components.len(), 295, "one type per component schema");

    let streams = operations.iter().filter(|o| o.pagination.is_some()).count();
    assert_eq!(streams, 53, "every cursor-paginated list has a stream");
}

/// Writes the crate, with its conformance tests, once per test run.
fn crate_dir() -> Option<&'static Path> {
    static DIR: OnceLock<Option<PathBuf>> = OnceLock::new();
    DIR.get_or_init(|| {
        let (file, text) = spec()?;
        let config = Config {
            conformance_tests: true,
            // Whop signs webhooks with the secret's own bytes (see xtask).
            webhook_secret: WebhookSecret::Raw,
            ..Config::for_crate("whop")
        };
        let output = generator::generate(&text, &file, &config).unwrap_or_else(|e| panic!("{e}"));
        let dir = root().join("target/whole-whop");
        let _ = std::fs::remove_dir_all(dir.join("src"));
        for (rel, text) in output.files {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
            std::fs::write(&path, text).expect("write generated file");
        }
        std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
        Some(dir)
    })
    .as_deref()
}

/// Runs cargo in the generated crate; its error output when it fails.
fn cargo(dir: &Path, args: &[&str]) -> Result<String, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/generated-crates/target"),
        )
        .output()
        .expect("run cargo");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if output.status.success() {
        Ok(stdout)
    } else {
        Err(format!(
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[test]
fn the_whole_api_passes_clippy() {
    let Some(dir) = crate_dir() else { return };
    let args = ["clippy", "--all-targets", "--quiet", "--", "-D", "warnings"];
    if let Err(errors) = cargo(dir, &args) {
        panic!("the whole Whop crate does not pass clippy:\n{errors}");
    }
}

#[test]
fn every_operation_decodes_prisms_answer() {
    let Some(dir) = crate_dir() else { return };
    if std::env::var(PRISM_URL_ENV).is_err() {
        println!(
            "skipping: {PRISM_URL_ENV} is not set (`cargo xtask test` starts Prism on the whole spec and sets it)"
        );
        return;
    }
    match cargo(dir, &["test", "--quiet", "--test", "conformance"]) {
        Ok(out) => assert!(
            out.contains("220 passed"),
            "expected all 220 operations to run:\n{out}"
        ),
        Err(errors) => panic!("conformance tests failed:\n{errors}"),
    }
}
