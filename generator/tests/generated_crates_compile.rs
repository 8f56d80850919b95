//! Every fixture spec, and every public spec of ../shared/specs/corpus,
//! generates a crate that passes `cargo clippy -D warnings` and whose doc
//! examples compile; CORPUS.md's
//! table says what each corpus spec becomes, and this test keeps it true.
//! A fixture with a file of the same name under `tests/decode/` gets it as
//! its crate's `tests/decode.rs`, run here: how the generated types decode.
//!
//! The crates are written into one workspace under `target/generated-crates/`
//! (never committed), sharing one target directory and the repository's
//! Cargo.lock, so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use generator::Config;

/// Corpus specs larger than this are checked with default features only
/// and not documented: each of the three (Stripe, OpenAI, DigitalOcean)
/// is about 100,000 lines of Rust, and the full treatment would add
/// minutes to every CI run without covering more of the generator.
const LARGE_SPEC_BYTES: u64 = 1_000_000;

/// Where CORPUS.md's table starts and ends.
const TABLE_START: &str =
    "<!-- corpus table: generator/tests/generated_crates_compile.rs keeps it true -->";
const TABLE_END: &str = "<!-- end of corpus table -->";

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn crate_name(file: &str) -> String {
    let stem = file
        .strip_suffix(".yaml")
        .or(file.strip_suffix(".json"))
        .unwrap_or(file);
    format!("gen_{}", stem.replace(['-', '.'], "_"))
}

/// The generated workspace, and what became of each corpus spec.
struct Generated {
    dir: PathBuf,
    /// Fixture crates with a `tests/decode.rs`.
    decode: Vec<String>,
    /// Crates generated from specs of more than [`LARGE_SPEC_BYTES`].
    large: Vec<String>,
    /// One table row per corpus spec, in file name order; `None` when the
    /// corpus is absent.
    table: Option<Vec<String>>,
}

/// Writes the workspace of generated crates once per test run.
fn generated() -> &'static Generated {
    static DIR: OnceLock<Generated> = OnceLock::new();
    DIR.get_or_init(write_workspace)
}

fn spec_files(dir: &Path) -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "json"))
        .collect();
    specs.sort();
    specs
}

fn write_workspace() -> Generated {
    let root = workspace_root();
    let dir = root.join("target/generated-crates");
    let _ = std::fs::remove_dir_all(dir.join("crates"));
    let mut members = Vec::new();
    let mut large = Vec::new();
    let mut decode = Vec::new();

    for spec in spec_files(&root.join("generator/tests/fixtures")) {
        let name = crate_name(&file_name(&spec));
        let text = read(&spec);
        let output = generator::generate(&text, &spec.display().to_string(), &config(&name))
            .unwrap_or_else(|e| panic!("{e}"));
        write_crate(&dir, &name, &output);
        let decode_tests = root
            .join("generator/tests/decode")
            .join(spec.with_extension("rs").file_name().expect("a file name"));
        if decode_tests.is_file() {
            let to = dir.join("crates").join(&name).join("tests/decode.rs");
            std::fs::create_dir_all(to.parent().expect("a parent")).expect("create dir");
            std::fs::copy(&decode_tests, &to).expect("copy the decode tests");
            // Tests that make calls need a runtime (`#[tokio::test]`).
            let manifest = dir.join("crates").join(&name).join("Cargo.toml");
            let mut text = read(&manifest);
            if !text.contains("[dev-dependencies]") {
                text.push_str(
                    "\n[dev-dependencies]\ntokio = { version = \"1.40\", features = [\"macros\", \"rt-multi-thread\", \"time\"] }\n",
                );
                std::fs::write(&manifest, text).expect("write the manifest");
            }
            decode.push(name.clone());
        }
        members.push(name);
    }

    let corpus = root.join("../shared/specs/corpus");
    let table = if corpus.is_dir() {
        let mut rows = Vec::new();
        for spec in spec_files(&corpus) {
            let file = file_name(&spec);
            let name = crate_name(&file);
            let text = read(&spec);
            let shown = format!("../shared/specs/corpus/{file}");
            let version = openapi_version(&text);
            let row = match generator::load(&text, &shown).and_then(|api| {
                generator::emit_crate(&api, &config(&name))
                    .map(|output| (api, output))
                    .map_err(|message| generator::Error::file(&shown, message))
            }) {
                Ok((api, output)) => {
                    let operations: usize = api.resources.iter().map(|r| r.operations.len()).sum();
                    let lines: usize = output
                        .files
                        .iter()
                        .filter(|(path, _)| {
                            path.ends_with(".rs")
                                && !generator::emit::crate_files::RUNTIME
                                    .iter()
                                    .any(|(runtime, _)| runtime == path)
                        })
                        .map(|(_, text)| text.lines().count())
                        .sum();
                    write_crate(&dir, &name, &output);
                    if std::fs::metadata(&spec).is_ok_and(|m| m.len() > LARGE_SPEC_BYTES) {
                        large.push(name.clone());
                    }
                    members.push(name);
                    format!(
                        "| `{file}` | {version} | {operations} | {} | {} | {} | {} | compiles, clippy clean |",
                        thousands(api.types.len()),
                        api.webhooks.events.len(),
                        thousands(lines),
                        output.notes.len(),
                    )
                }
                Err(e) => format!(
                    "| `{file}` | {version} | | | | | | refused: {} |",
                    e.to_string().replace('|', "\\|")
                ),
            };
            rows.push(row);
        }
        Some(rows)
    } else {
        println!("skipping the corpus specs: {} is absent", corpus.display());
        None
    };

    let members: Vec<String> = members.iter().map(|m| format!("\"crates/{m}\"")).collect();
    let manifest = format!(
        "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
        members.join(", ")
    );
    std::fs::write(dir.join("Cargo.toml"), manifest).expect("write workspace manifest");
    std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).expect("copy Cargo.lock");
    Generated {
        dir,
        decode,
        large,
        table,
    }
}

fn config(name: &str) -> Config {
    let mut config = Config::for_crate(name);
    config.workspace_member = true;
    config
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn write_crate(dir: &Path, name: &str, output: &generator::Output) {
    for (rel, text) in &output.files {
        let path = dir.join("crates").join(name).join(rel);
        std::fs::create_dir_all(path.parent().expect("file has a parent")).expect("create dir");
        std::fs::write(&path, text).expect("write generated file");
    }
}

/// The `openapi` version a spec declares, read from its text (YAML or JSON).
fn openapi_version(text: &str) -> String {
    let Some(at) = text.find("openapi") else {
        return "?".to_string();
    };
    let rest = text[at + "openapi".len()..].trim_start_matches(['"', '\'', ' ', ':']);
    rest.chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect()
}

fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Runs cargo in the generated workspace; the error output when it fails.
fn cargo(args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    let dir = &generated().dir;
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
        // Doctests report what does not compile on stdout.
        Err(format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

#[test]
fn generated_crates_pass_clippy() {
    let excluded: Vec<String> = generated()
        .large
        .iter()
        .flat_map(|name| ["--exclude".to_string(), name.clone()])
        .collect();
    // Default features, then with `serialize` (Serialize on answer types too).
    for features in [&[][..], &["--features", "serialize"][..]] {
        let mut args = vec!["clippy", "--workspace", "--all-targets", "--quiet"];
        args.extend(excluded.iter().map(String::as_str));
        args.extend(features);
        args.extend(["--", "-D", "warnings"]);
        if let Err(errors) = cargo(&args, &[]) {
            panic!("generated crates do not pass clippy with {features:?}:\n{errors}");
        }
    }
}

/// Every operation's doc example (a `no_run` doctest) compiles.
#[test]
fn doc_examples_compile() {
    let mut args = vec!["test", "--doc", "--workspace", "--quiet"];
    for name in &generated().large {
        args.extend(["--exclude", name.as_str()]);
    }
    if let Err(errors) = cargo(&args, &[]) {
        panic!("a generated crate's doc examples do not compile:\n{errors}");
    }
}

#[test]
fn fixture_crates_decode_as_their_tests_say() {
    let decode = &generated().decode;
    assert!(
        !decode.is_empty(),
        "no fixture has tests under tests/decode/"
    );
    let mut args = vec!["test", "--quiet", "--test", "decode"];
    for name in decode {
        args.extend(["-p", name.as_str()]);
    }
    if let Err(errors) = cargo(&args, &[]) {
        panic!("a fixture crate's decode tests failed:\n{errors}");
    }
}

#[test]
fn large_corpus_crates_pass_clippy() {
    let large = &generated().large;
    if large.is_empty() {
        println!("no large corpus spec generated (../shared absent?)");
        return;
    }
    let mut args = vec!["clippy", "--quiet"];
    for name in large {
        args.extend(["-p", name.as_str()]);
    }
    args.extend(["--", "-D", "warnings"]);
    if let Err(errors) = cargo(&args, &[]) {
        panic!("large corpus crates do not pass clippy:\n{errors}");
    }
}

#[test]
fn generated_crates_document_without_warnings() {
    let mut args = vec!["doc", "--workspace", "--no-deps", "--quiet"];
    for name in &generated().large {
        args.extend(["--exclude", name.as_str()]);
    }
    let result = cargo(&args, &[("RUSTDOCFLAGS", "-D warnings")]);
    if let Err(errors) = result {
        panic!("generated crates' docs have warnings:\n{errors}");
    }
}

/// CORPUS.md's table is what the generator makes of each corpus spec now.
/// `UPDATE_CORPUS_TABLE=1` rewrites it (then review the diff).
#[test]
fn corpus_table_is_true() {
    let Some(rows) = &generated().table else {
        return;
    };
    let path = workspace_root().join("CORPUS.md");
    let doc = read(&path);
    let (Some(start), Some(end)) = (doc.find(TABLE_START), doc.find(TABLE_END)) else {
        panic!("CORPUS.md has no `{TABLE_START}` ... `{TABLE_END}` section");
    };
    let header = "| spec | OpenAPI | operations | models | webhooks | lines of Rust | notes | outcome |\n|---|---|---|---|---|---|---|---|";
    let table = format!("{TABLE_START}\n{header}\n{}\n", rows.join("\n"));
    if doc[start..end] == table {
        return;
    }
    if std::env::var_os("UPDATE_CORPUS_TABLE").is_some() {
        let updated = format!("{}{table}{}", &doc[..start], &doc[end..]);
        std::fs::write(&path, updated).expect("write CORPUS.md");
        return;
    }
    panic!(
        "CORPUS.md's table is out of date (rerun with UPDATE_CORPUS_TABLE=1 and review the diff); it should be:\n{table}"
    );
}
