//! Snapshot tests of the generated code: the seed spec (`spec/`), file by
//! file, and one small fixture spec per mapping rule (`tests/fixtures/`),
//! whose generated Rust is one snapshot each. Review changes with
//! `cargo insta review`.

use std::path::Path;

use generator::Config;

/// Files the runtime contributes verbatim: not snapshotted (they are real
/// source files under `generator/runtime/`, reviewed as such).
const RUNTIME: &[&str] = &["src/client.rs", "src/error.rs"];

fn generate(path: &Path, name: &str) -> generator::Output {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    generator::generate(&text, &path.display().to_string(), &Config::for_crate(name))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn seed_spec() {
    // The settings `cargo xtask codegen` uses for generated/.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/whop.openapi.yml");
    let text = std::fs::read_to_string(&spec).expect("spec/ is readable");
    let config = Config {
        workspace_member: true,
        ..Config::for_crate("whop")
    };
    let output = generator::generate(&text, &spec.display().to_string(), &config)
        .unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &output.files {
        if RUNTIME.contains(&path.as_str()) {
            continue;
        }
        insta::assert_snapshot!(format!("whop__{}", path.replace(['/', '.'], "_")), text);
    }
}

/// The fixture's generated Rust, but the runtime and (unless `with_lib`)
/// `src/lib.rs`, which differ only in names from fixture to fixture.
fn fixture_with(name: &str, with_lib: bool) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.yaml"));
    let output = generate(&path, name);
    let mut all = String::new();
    for (file, text) in &output.files {
        if file.ends_with(".rs")
            && !RUNTIME.contains(&file.as_str())
            && (with_lib || file != "src/lib.rs")
        {
            all.push_str(&format!("=== {file}\n{text}\n"));
        }
    }
    insta::assert_snapshot!(format!("fixture__{name}"), all);
}

fn fixture(name: &str) {
    fixture_with(name, false);
}

#[test]
fn nullable_and_optional_fields() {
    fixture("nullable");
}

#[test]
fn string_enums_with_catch_all() {
    fixture("string_enum");
}

#[test]
fn one_of_tagged_and_untagged() {
    fixture("one_of");
}

#[test]
fn all_of_merges() {
    fixture("all_of");
}

#[test]
fn maps_and_recursion() {
    fixture("maps_and_recursion");
}

#[test]
fn inline_schema_names() {
    fixture("inline_names");
}

#[test]
fn operations_parameters_and_responses() {
    fixture("operations");
}

#[test]
fn cursor_pagination_and_deep_object_parameters() {
    fixture("pagination");
}

#[test]
fn servers_and_security_schemes() {
    fixture_with("servers_and_security", true);
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/operations.yaml");
    assert_eq!(generate(&spec, "a").files, generate(&spec, "a").files);
}
