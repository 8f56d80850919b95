//! Every fixture spec, and the small public specs from ../shared that the
//! generator accepts, generate crates that pass `cargo clippy -D warnings`.
//!
//! The crates are written into one workspace under `target/generated-crates/`
//! (never committed), sharing one target directory and the repository's
//! Cargo.lock, so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use generator::Config;

/// Corpus specs from ../shared/specs/corpus that must generate and compile.
const CORPUS: &[&str] = &[
    "oai30-petstore.yaml",
    "oai30-petstore-expanded.yaml",
    "oai30-api-with-examples.yaml",
    "oai30-callback-example.yaml",
    "oai30-link-example.yaml",
    "oai31-non-oauth-scopes.yaml",
    "oai31-webhook-example.yaml",
    "petstore31-ospv.yaml",
    "progenitor-param-collision.json",
    "k8s-apiextensions-v1.json",
];

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn crate_name(file: &str) -> String {
    let stem = file.split('.').next().unwrap_or(file);
    format!("gen_{}", stem.replace('-', "_"))
}

/// Writes the workspace of generated crates once per test run.
fn workspace() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(write_workspace)
}

fn write_workspace() -> PathBuf {
    let root = workspace_root();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("generator/tests/fixtures"))
        .expect("fixtures directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    let corpus = root.join("../shared/specs/corpus");
    if corpus.is_dir() {
        specs.extend(CORPUS.iter().map(|f| corpus.join(f)));
    } else {
        println!("skipping the corpus specs: {} is absent", corpus.display());
    }
    specs.sort();

    let dir = root.join("target/generated-crates");
    let _ = std::fs::remove_dir_all(dir.join("crates"));
    let mut members = Vec::new();
    for spec in &specs {
        let file = spec
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let name = crate_name(&file);
        let text =
            std::fs::read_to_string(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        let mut config = Config::for_crate(&name);
        config.workspace_member = true;
        let output = generator::generate(&text, &spec.display().to_string(), &config)
            .unwrap_or_else(|e| panic!("{e}"));
        for (rel, text) in output.files {
            let path = dir.join("crates").join(&name).join(rel);
            std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("create dir");
            std::fs::write(&path, text).expect("write generated file");
        }
        members.push(format!("\"crates/{name}\""));
    }
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    dir
}

/// Runs cargo in the generated workspace; the error output when it fails.
fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let dir = workspace();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", dir.join("target"))
        .envs(env.iter().copied())
        .output()
        .expect("run cargo");
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

#[test]
fn generated_crates_pass_clippy() {
    // Default features, then with `serialize` (Serialize on answer types too).
    for features in [&[][..], &["--features", "serialize"][..]] {
        let mut args = vec!["clippy", "--workspace", "--all-targets", "--quiet"];
        args.extend(features);
        args.extend(["--", "-D", "warnings"]);
        if let Err(errors) = cargo(&args, &[]) {
            panic!("generated crates do not pass clippy with {features:?}:\n{errors}");
        }
    }
}

#[test]
fn generated_crates_document_without_warnings() {
    let result = cargo(
        &["doc", "--workspace", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    if let Err(errors) = result {
        panic!("generated crates' docs have warnings:\n{errors}");
    }
}
