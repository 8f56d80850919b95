//! A spec is untrusted input, and no text of it may become code in the
//! crate generated from it. `fixtures/hostile_text.yaml` tries to break out
//! of every place the generator puts spec text (descriptions, titles,
//! summaries, examples, enum values, server URLs, tag, parameter, property,
//! security scheme and webhook names); each attempt writes a marker file
//! into a directory this test makes. The crate is generated with its
//! conformance tests, and `cargo test` runs on it, doctests included.
//!
//! The test asserts that no marker appears; that a canary doctest it adds
//! to the crate did write its marker (so doctests ran, and could write
//! there); and that the crate has exactly the doctests of the crate of its
//! plain twin (the same spec with its prose made plain), so no spec text
//! became a doctest that is compiled without being run (`no_run`,
//! `compile_fail`) either.
//!
//! The crates are written under `target/generated-crates/spec-text/` (never
//! committed) and built in the target directory generated_crates_compile.rs
//! uses, with the repository's Cargo.lock, so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use generator::Config;

const HOSTILE: &str = "hostile_text";
const PLAIN: &str = "plain_text";

/// The spec with its prose (`description`, `summary`, `example`) made
/// plain: the same operations, types and names, so its crate has exactly
/// the doctests the generator writes for them (the operations' examples,
/// the front page) and none that prose could add.
fn plain_twin(spec: &str) -> String {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, value) in map.iter_mut() {
                    if matches!(key.as_str(), "description" | "summary" | "example") {
                        *value = serde_json::Value::from("plain");
                    } else {
                        strip(value);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut doc = generator::read(spec, "hostile_text.yaml").unwrap_or_else(|e| panic!("{e}"));
    strip(&mut doc);
    doc.to_string()
}

fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    root.canonicalize()
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
}

/// A doctest that writes `marker`, added at the end of a crate's `src/lib.rs`.
fn canary(marker: &Path) -> String {
    format!(
        "\n/// Added by spec_text_never_runs.rs: shows that doctests run.\n///\n/// ```\n/// std::fs::write({:?}, \"ran\").unwrap();\n/// ```\npub struct TestCanary;\n",
        marker.display().to_string()
    )
}

fn write_crate(dir: &Path, name: &str, output: &generator::Output, canary: &str) {
    for (rel, text) in &output.files {
        let path = dir.join("crates").join(name).join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("create dir");
        let text = if rel == "src/lib.rs" {
            format!("{text}{canary}")
        } else {
            text.clone()
        };
        std::fs::write(&path, text).expect("write a generated file");
    }
}

/// Runs cargo in the workspace `dir`.
fn cargo(dir: &Path, args: &[&str]) -> Output {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/generated-crates/target"),
        )
        // The conformance tests skip themselves without a mock server.
        .env_remove("HOSTILE_TEXT_CONFORMANCE_URL")
        .output()
        .expect("run cargo")
}

fn text(output: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// The crate's doctests as `cargo test --doc -- --list` names them, without
/// their line numbers, sorted.
fn doctests(dir: &Path, name: &str) -> Vec<String> {
    let output = cargo(dir, &["test", "-p", name, "--doc", "--", "--list"]);
    assert!(
        output.status.success(),
        "listing the doctests of {name} failed:\n{}",
        text(&output)
    );
    let prefix = format!("crates/{name}/");
    let mut tests: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.strip_suffix(": test"))
        .map(|test| {
            // `crates/{name}/src/lib.rs - Item (line 12)` -> `src/lib.rs - Item`
            let test = test.strip_prefix(&prefix).unwrap_or(test);
            match (test.find("(line "), test.find(')')) {
                (Some(start), Some(end)) if end > start => {
                    format!("{}{}", &test[..start], &test[end + 1..])
                        .trim_end()
                        .to_string()
                }
                _ => test.to_string(),
            }
        })
        .collect();
    tests.sort();
    tests
}

#[test]
fn no_spec_text_is_compiled_or_run() {
    let root = root();
    let dir = root.join("target/generated-crates/spec-text");
    let _ = std::fs::remove_dir_all(&dir);
    let markers = dir.join("markers");
    std::fs::create_dir_all(&markers).expect("create the marker directory");
    let marker_dir = markers.display().to_string();
    assert!(
        !marker_dir.contains(['"', '\\', '\n']),
        "the marker directory {marker_dir:?} cannot be written into the spec's strings"
    );

    let fixture = root.join("generator/tests/fixtures/hostile_text.yaml");
    let spec = std::fs::read_to_string(&fixture)
        .unwrap_or_else(|e| panic!("{}: {e}", fixture.display()))
        .replace("@MARKER_DIR@", &marker_dir);
    assert!(spec.contains(&marker_dir), "the fixture names no marker");
    let hostile = generator::generate(
        &spec,
        "hostile_text.yaml",
        &Config {
            workspace_member: true,
            conformance_tests: true,
            ..Config::for_crate(HOSTILE)
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let plain = generator::generate(
        &plain_twin(&spec),
        "plain.json",
        &Config {
            workspace_member: true,
            conformance_tests: true,
            ..Config::for_crate(PLAIN)
        },
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let canary_marker = markers.join("canary");
    write_crate(&dir, HOSTILE, &hostile, &canary(&canary_marker));
    write_crate(&dir, PLAIN, &plain, &canary(&dir.join("plain-canary")));
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [\"crates/{HOSTILE}\", \"crates/{PLAIN}\"]\n"
        ),
    )
    .expect("write the workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");

    // Unit, integration (conformance) and doc tests; the doctests run even
    // when another target fails.
    let run = cargo(&dir, &["test", "--no-fail-fast", "-p", HOSTILE]);

    let mut written: Vec<String> = std::fs::read_dir(&markers)
        .expect("read the marker directory")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "canary")
        .collect();
    written.sort();
    assert!(
        written.is_empty(),
        "code from the spec ran: it wrote {written:?} into {marker_dir}\n{}",
        text(&run)
    );
    assert!(
        run.status.success(),
        "cargo test failed on the crate of hostile_text.yaml:\n{}",
        text(&run)
    );
    assert!(
        canary_marker.is_file(),
        "the canary doctest did not run, so this test proves nothing:\n{}",
        text(&run)
    );

    let hostile_doctests = doctests(&dir, HOSTILE);
    assert!(
        hostile_doctests.iter().any(|t| t.contains("TestCanary")),
        "the canary is not listed among {hostile_doctests:#?}"
    );
    assert_eq!(
        hostile_doctests,
        doctests(&dir, PLAIN),
        "the crate of hostile_text.yaml has doctests its plain twin's crate has not"
    );
}
