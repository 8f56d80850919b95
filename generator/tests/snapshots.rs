//! Snapshot tests of the generated code: the seed spec (one operation,
//! `tests/fixtures/seed.yaml`), file by file, and one small fixture spec per mapping rule (`tests/fixtures/`),
//! whose generated Rust is one snapshot each. Review changes with
//! `cargo insta review`.

use std::path::Path;

use generator::{Config, WebhookSecret};

/// Whether `path` is a file the runtime contributes verbatim: not
/// snapshotted (they are real source files under `generator/runtime/`,
/// reviewed as such), taken from the generator's own list.
fn is_runtime(path: &str) -> bool {
    generator::RUNTIME.iter().any(|(file, _)| *file == path)
}

fn generate(path: &Path, name: &str) -> generator::Output {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    generator::generate(&text, &path.display().to_string(), &Config::for_crate(name))
        .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn seed_spec() {
    // The settings `cargo xtask codegen` uses for generated/ (which is the
    // whole API's crate, itself the snapshot of the whole spec), but the
    // conformance tests.
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.yaml");
    let text = std::fs::read_to_string(&spec).expect("the seed spec is readable");
    let config = Config {
        workspace_member: true,
        webhook_secret: WebhookSecret::Raw,
        ..Config::for_crate("whop")
    };
    let output = generator::generate(&text, &spec.display().to_string(), &config)
        .unwrap_or_else(|e| panic!("{e}"));
    for (path, text) in &output.files {
        if is_runtime(path) {
            continue;
        }
        insta::assert_snapshot!(format!("whop__{}", path.replace(['/', '.'], "_")), text);
    }
}

/// The fixture's generated Rust, but the runtime and (unless `with_lib`)
/// `src/lib.rs`, which differ only in names from fixture to fixture; with
/// `with_notes`, also what the generator read and left out.
fn fixture_with(name: &str, with_lib: bool) {
    fixture_full(name, with_lib, false);
}

fn fixture_full(name: &str, with_lib: bool, with_notes: bool) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{name}.yaml"));
    let output = generate(&path, name);
    let mut all = String::new();
    for (file, text) in &output.files {
        if file.ends_with(".rs")
            && !is_runtime(file)
            // The same for every fixture without webhooks; see `webhooks_event_enum`.
            && file != "src/webhooks/events.rs"
            && (with_lib || file != "src/lib.rs")
        {
            all.push_str(&format!("=== {file}\n{text}\n"));
        }
    }
    if with_notes {
        all.push_str("=== notes\n");
        for note in &output.notes {
            all.push_str(&format!("{note}\n"));
        }
    }
    insta::assert_snapshot!(format!("fixture__{name}"), all);
}

fn fixture(name: &str) {
    fixture_with(name, false);
}

/// [`fixture`], with the notes: for constructs left out on purpose.
fn fixture_noting(name: &str) {
    fixture_full(name, false, true);
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
    fixture_noting("one_of");
}

#[test]
fn all_of_merges() {
    fixture_noting("all_of");
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
    fixture_full("servers_and_security", true, true);
}

#[test]
fn names_that_are_rust_keywords() {
    fixture("names_keywords");
}

#[test]
fn names_that_collide_or_are_not_identifiers() {
    fixture("names_collisions");
}

#[test]
fn enums_of_integers_consts_and_nulls() {
    fixture("enum_values");
}

#[test]
fn any_of_and_null_branches() {
    fixture("any_of");
}

#[test]
fn untyped_schemas_maps_and_unknown_formats() {
    fixture("untyped_and_formats");
}

#[test]
fn refs_to_components_of_every_kind() {
    fixture("refs_every_kind");
}

#[test]
fn openapi_3_1_keywords_and_3_0_isms() {
    fixture_noting("openapi31");
}

#[test]
fn wrong_specs_with_a_clear_intent() {
    fixture("wrong_specs");
}

#[test]
fn bytes_callbacks_and_links() {
    fixture_noting("bytes_callbacks_links");
}

#[test]
fn parameters_and_bodies_that_are_not_json_text() {
    fixture_noting("request_encodings");
}

/// How spec text that tries to become code is written instead: code blocks
/// as `text` fences, names in code spans, a bad server URL as a note
/// (spec_text_never_runs.rs runs the crate's tests).
#[test]
fn spec_text_that_tries_to_become_code() {
    fixture_full("hostile_text", true, true);
}

#[test]
fn generating_twice_gives_the_same_bytes() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/operations.yaml");
    assert_eq!(generate(&spec, "a").files, generate(&spec, "a").files);
}

#[test]
fn webhooks_event_enum() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/webhooks.yaml");
    let output = generate(&path, "webhooks");
    let mut all = String::new();
    for file in ["src/models.rs", "src/webhooks/events.rs"] {
        all.push_str(&format!("=== {file}\n{}\n", output.files[file]));
    }
    insta::assert_snapshot!("fixture__webhooks", all);
}
