//! `cargo xtask codegen | codegen --check | test`: the project's commands.
//!
//! - `codegen` writes generated/ from spec/whop.openapi.yml. With
//!   `--spec PATH --out DIR [--name NAME]` it writes a complete crate for any
//!   other spec instead.
//! - `codegen --check` writes nothing and fails, naming each file, when
//!   generated/ is not what the generator writes now.
//! - `test` runs everything CI runs: spec-diff against the last release,
//!   rustfmt --check, clippy, `cargo check` of each feature alone, tests
//!   (among them `generated_is_current`, the codegen --check; the end-to-end
//!   and conformance ones against Prism, which it installs and starts: see
//!   `prism.rs`), docs, `cargo package -p whop`, the bench's smoke run.
//! - `spec-diff` tells what a spec change does to the crate's users
//!   (`spec_diff.rs`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod bench;
mod prism;
mod spec_diff;

/// The crate the default spec becomes. Bump the version here when the spec
/// changes what users see.
const CRATE_NAME: &str = "whop";
const CRATE_VERSION: &str = "0.3.0";
const ENV_PREFIX: &str = "WHOP";
/// Whop signs webhooks with the secret's own bytes, as the dashboard shows
/// it (`whsec_...`, whatever follows), not with the base64-decoded key
/// Standard Webhooks' form would give: its guide "Validating webhooks"
/// builds its SDK with `webhookKey: btoa(process.env.WHOP_WEBHOOK_SECRET)`,
/// which the Standard Webhooks library decodes back to the secret's bytes.
/// The spec does not say so, hence here, with the crate's other settings.
const WEBHOOK_SECRET: generator::WebhookSecret = generator::WebhookSecret::Raw;
const DEFAULT_SPEC: &str = "spec/whop.openapi.yml";
/// Where generated/tests/conformance.rs finds Prism serving spec/.
const CONFORMANCE_URL_ENV: &str = "WHOP_CONFORMANCE_URL";
/// The variable that gives the end-to-end tests Prism's URL.
const PRISM_URL_ENV: &str = "WHOP_PRISM_URL";

const USAGE: &str = "usage:
  cargo xtask codegen [--check]                       generated/ from spec/
  cargo xtask codegen --spec PATH --out DIR [--name NAME] [--check] [--conformance-tests]
                     [--webhook-secret standard|raw]
                                                      a client crate for any spec
                                                      (--conformance-tests: also tests/conformance.rs,
                                                      every operation against a mock server;
                                                      --webhook-secret raw: the sender signs with the
                                                      secret's own bytes, as Whop does; default standard)
  cargo xtask test                                    everything CI runs
  cargo xtask spec-diff [OLD NEW] [--format json] [--allow-breaking]
                                                      what a spec change does to users
  cargo xtask bench [--runs N] [--quick] [--only build|features|codegen|requests]
                                                      benchmarks, side by side (BENCHMARKS.md)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen(&args[1..]),
        Some("test") => test(),
        Some("spec-diff") => return spec_diff::main(&args[1..], &root(), DEFAULT_SPEC),
        Some("bench") => bench::bench(&root(), &args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(format!("unknown command\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (xtask's parent directory).
fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

struct CodegenArgs {
    check: bool,
    spec: Option<PathBuf>,
    out: Option<PathBuf>,
    name: Option<String>,
    conformance_tests: bool,
    webhook_secret: Option<generator::WebhookSecret>,
}

fn parse_codegen_args(args: &[String]) -> Result<CodegenArgs, String> {
    let mut parsed = CodegenArgs {
        check: false,
        spec: None,
        out: None,
        name: None,
        conformance_tests: false,
        webhook_secret: None,
    };
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--spec" => parsed.spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--name" => parsed.name = Some(value("--name")?),
            "--conformance-tests" => parsed.conformance_tests = true,
            "--webhook-secret" => {
                parsed.webhook_secret = Some(match value("--webhook-secret")?.as_str() {
                    "standard" => generator::WebhookSecret::Standard,
                    "raw" => generator::WebhookSecret::Raw,
                    other => {
                        return Err(format!(
                            "--webhook-secret is `standard` or `raw`, not `{other}`\n{USAGE}"
                        ));
                    }
                })
            }
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    if parsed.spec.is_some() != parsed.out.is_some() {
        return Err(format!("--spec and --out go together\n{USAGE}"));
    }
    if (parsed.name.is_some() || parsed.conformance_tests || parsed.webhook_secret.is_some())
        && parsed.spec.is_none()
    {
        return Err(format!(
            "--name, --conformance-tests and --webhook-secret go with --spec and --out\n{USAGE}"
        ));
    }
    Ok(parsed)
}

fn codegen(args: &[String]) -> Result<(), String> {
    let args = parse_codegen_args(args)?;
    let root = root();
    // Without --spec and --out: the Whop crate, generated/ from spec/.
    let (spec_path, out_dir, whop) = match (&args.spec, &args.out) {
        (Some(spec), Some(out)) => (spec.clone(), out.clone(), false),
        _ => (root.join(DEFAULT_SPEC), root.join("generated"), true),
    };
    let text = read_spec(&spec_path)?;
    let shown = spec_path.display().to_string();
    let api = generator::load(&text, &shown).map_err(|e| e.to_string())?;
    let config = if whop {
        whop_config()
    } else {
        let name = match &args.name {
            Some(name) => name.clone(),
            None => default_crate_name(&api.title, &spec_path),
        };
        check_crate_name(&name)?;
        generator::Config {
            conformance_tests: args.conformance_tests,
            webhook_secret: args.webhook_secret.unwrap_or_default(),
            ..generator::Config::for_crate(&name)
        }
    };
    let output = generator::emit_crate(&api, &config).map_err(|e| format!("{shown}: {e}"))?;
    let files = output.files;
    for note in &output.notes {
        eprintln!("note: {note}");
    }
    if args.check {
        let fix = match (&args.spec, &args.out) {
            (Some(spec), Some(out)) => {
                let name = args
                    .name
                    .as_ref()
                    .map(|n| format!(" --name {n}"))
                    .unwrap_or_default();
                let secret = match args.webhook_secret {
                    Some(generator::WebhookSecret::Raw) => " --webhook-secret raw",
                    Some(generator::WebhookSecret::Standard) => " --webhook-secret standard",
                    None => "",
                };
                format!(
                    "cargo xtask codegen --spec {} --out {}{name}{secret}",
                    spec.display(),
                    out.display()
                )
            }
            _ => "cargo xtask codegen".to_string(),
        };
        check(&out_dir, &files, &fix)
    } else {
        write(&out_dir, &files)?;
        println!("wrote {} files to {}", files.len(), out_dir.display());
        Ok(())
    }
}

/// The settings generated/ is written with.
fn whop_config() -> generator::Config {
    let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect();
    generator::Config {
        crate_name: CRATE_NAME.to_string(),
        crate_version: CRATE_VERSION.to_string(),
        env_prefix: ENV_PREFIX.to_string(),
        workspace_member: true,
        // generated/tests/conformance.rs: every operation against Prism
        // serving spec/, run by `cargo xtask test`.
        conformance_tests: true,
        webhook_secret: WEBHOOK_SECRET,
        // Products: listed, retrieved, created and updated on a Whop
        // integration's first day.
        front_page_resource: Some("products".to_string()),
        package: generator::Package {
            readme: Some("../README.md".to_string()),
            keywords: words(&["whop", "api", "client", "sdk", "payments"]),
            categories: words(&["api-bindings", "web-programming::http-client"]),
        },
    }
}

fn read_spec(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: cannot read the spec: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: the spec is not UTF-8 text", path.display()))
}

/// A crate name from the spec's title, else the file name.
fn default_crate_name(title: &str, path: &Path) -> String {
    let from = if title.trim().is_empty() {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        title.to_string()
    };
    let name: String = from
        .to_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("_");
    match name.chars().next() {
        Some(c) if c.is_ascii_alphabetic() => name,
        Some(_) => format!("api_{name}"),
        None => "api_client".to_string(),
    }
}

fn check_crate_name(name: &str) -> Result<(), String> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!("`{name}` is not a valid crate name"))
    }
}

fn starts_with_line(path: &Path, line: &str) -> bool {
    std::fs::read_to_string(path).is_ok_and(|text| text.lines().next() == Some(line))
}

/// Writes the files and removes generated files of an earlier run that are
/// no longer generated. Refuses to write over a crate the generator did not
/// write, and never deletes a file it did not write.
fn write(out: &Path, files: &BTreeMap<String, String>) -> Result<(), String> {
    let manifest = out.join("Cargo.toml");
    if manifest.exists() && !starts_with_line(&manifest, generator::PREAMBLE_TOML) {
        return Err(format!(
            "{} was not written by the generator; refusing to write over it \
             (choose an empty directory, or one the generator wrote before)",
            manifest.display()
        ));
    }
    for (rel, text) in files {
        let path = out.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        let same =
            std::fs::read_to_string(&path).is_ok_and(|old| normalize(&old) == normalize(text));
        if !same {
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
    }
    for stale in on_disk(out)?
        .into_iter()
        .filter(|rel| !files.contains_key(rel))
    {
        let path = out.join(&stale);
        if starts_with_line(&path, generator::PREAMBLE_RS) {
            std::fs::remove_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        } else {
            eprintln!(
                "note: {} was not written by the generator; left in place",
                path.display()
            );
        }
    }
    Ok(())
}

/// Compares the files with what is on disk; names every difference.
fn check(out: &Path, files: &BTreeMap<String, String>, fix: &str) -> Result<(), String> {
    let mut problems = Vec::new();
    for (rel, text) in files {
        match std::fs::read_to_string(out.join(rel)) {
            Ok(old) if normalize(&old) == normalize(text) => {}
            Ok(_) => problems.push(format!("  stale:   {}", out.join(rel).display())),
            Err(_) => problems.push(format!("  missing: {}", out.join(rel).display())),
        }
    }
    for extra in on_disk(out)?
        .into_iter()
        .filter(|rel| !files.contains_key(rel))
    {
        problems.push(format!("  extra:   {}", out.join(extra).display()));
    }
    if problems.is_empty() {
        println!("{} is up to date", out.display());
        Ok(())
    } else {
        Err(format!(
            "{} is not what the generator writes now:\n{}\nrun `{fix}` to update it",
            out.display(),
            problems.join("\n")
        ))
    }
}

fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// Files of the crate in `out` that `codegen` answers for, relative to
/// `out`, with `/` separators: everything under `src/`, and the files under
/// `tests/` that the generator wrote (`tests/conformance.rs`, with
/// `--conformance-tests`); a test of the user's own there is not its
/// business.
fn on_disk(out: &Path) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    for (top, only_generated) in [("src", false), ("tests", true)] {
        let mut stack = vec![out.join(top)];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for entry in entries {
                let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
                if path.is_dir() {
                    stack.push(path);
                } else if only_generated && !starts_with_line(&path, generator::PREAMBLE_RS) {
                    continue;
                } else if let Ok(rel) = path.strip_prefix(out) {
                    found.push(
                        rel.components()
                            .map(|c| c.as_os_str().to_string_lossy())
                            .collect::<Vec<_>>()
                            .join("/"),
                    );
                }
            }
        }
    }
    found.sort();
    Ok(found)
}

fn test() -> Result<(), String> {
    let root = root();
    // Before the long steps: the end-to-end tests will need Node.js, the
    // bench's smoke run GNU time.
    prism::require_node()?;
    bench::require_time()?;
    // A spec change that breaks the crate's users needs a version bump.
    println!("==> cargo xtask spec-diff");
    spec_diff::ci(&root, DEFAULT_SPEC)?;
    // Hand-written code is rustfmt-formatted (generated/ is prettyplease's).
    run(
        &root,
        "cargo",
        &[
            "fmt",
            "--check",
            "-p",
            "generator",
            "-p",
            "xtask",
            "-p",
            "runtime",
            "-p",
            "whop-workspace",
        ],
        &[],
    )?;
    run(
        &root,
        "cargo",
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
        &[],
    )?;
    features_alone(&root)?;
    // The end-to-end tests (tests/prism.rs) and the whole API's conformance
    // tests (generated/tests/conformance.rs) run against Prism serving
    // spec/; it is stopped when `prism` is dropped, whatever happens.
    println!("==> starting Prism on {DEFAULT_SPEC}");
    let prism = prism::Prism::start(&root, Path::new(DEFAULT_SPEC))?;
    println!(
        "    Prism answers at {} (log {})",
        prism.url,
        prism.log.display()
    );
    let env = [
        (PRISM_URL_ENV, prism.url.as_str()),
        (CONFORMANCE_URL_ENV, prism.url.as_str()),
    ];
    let tests = run(&root, "cargo", &["test", "--workspace"], &env);
    drop(prism);
    tests?;
    run(
        &root,
        "cargo",
        &["doc", "--workspace", "--no-deps"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    )?;
    package(&root)?;
    println!("==> cargo xtask bench --quick (smoke run: the command works; no figures)");
    bench::bench(&root, &["--quick".to_string()])?;
    println!("==> all checks passed");
    Ok(())
}

/// `cargo check` of the crate with no tag, with `webhooks` alone and with
/// each tag alone: a program that turns on one feature must build, however
/// the models are gated by the tags that use them.
fn features_alone(root: &Path) -> Result<(), String> {
    let manifest = root.join("generated").join("Cargo.toml");
    let toml = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("could not read {}: {e}", manifest.display()))?;
    let tags: Vec<&str> = toml
        .lines()
        .find_map(|l| l.strip_prefix("all-tags = ["))
        .ok_or_else(|| format!("{}: no `all-tags` feature", manifest.display()))?
        .trim_end_matches(']')
        .split(',')
        .map(|t| t.trim().trim_matches('"'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut sets = vec!["rustls".to_string(), "rustls,webhooks".to_string()];
    sets.extend(tags.iter().map(|t| format!("rustls,{t}")));
    println!(
        "==> cargo check -p {CRATE_NAME} --no-default-features, with no tag, webhooks, and each of {} tags alone",
        tags.len()
    );
    for features in &sets {
        let status = Command::new("cargo")
            .args([
                "check",
                "--quiet",
                "-p",
                CRATE_NAME,
                "--no-default-features",
            ])
            .args(["--features", features])
            .current_dir(root)
            .status()
            .map_err(|e| format!("could not run cargo check: {e}"))?;
        if !status.success() {
            return Err(format!(
                "`cargo check -p {CRATE_NAME} --no-default-features --features {features}` failed ({status})"
            ));
        }
    }
    Ok(())
}

/// What crates.io takes at most, and the share of it the package may use.
const CRATES_IO_LIMIT: u64 = 10 * 1024 * 1024;

/// `cargo package -p whop`: the crate as it would be published, built from
/// the packaged files alone; its `.crate` must stay far under crates.io's
/// limit (a fifth of it).
fn package(root: &Path) -> Result<(), String> {
    run(
        root,
        "cargo",
        &["package", "-p", CRATE_NAME, "--allow-dirty", "--quiet"],
        &[],
    )?;
    let file = root
        .join("target/package")
        .join(format!("{CRATE_NAME}-{CRATE_VERSION}.crate"));
    let size = std::fs::metadata(&file)
        .map_err(|e| format!("{}: {e}", file.display()))?
        .len();
    println!(
        "    {} is {} KB ({:.1} % of crates.io's limit)",
        file.display(),
        size / 1024,
        size as f64 * 100.0 / CRATES_IO_LIMIT as f64
    );
    if size > CRATES_IO_LIMIT / 5 {
        return Err(format!(
            "{} is {size} bytes: more than a fifth of crates.io's {CRATES_IO_LIMIT}",
            file.display()
        ));
    }
    Ok(())
}

fn run(dir: &Path, program: &str, args: &[&str], env: &[(&str, &str)]) -> Result<(), String> {
    println!("==> {program} {}", args.join(" "));
    let status = Command::new(program)
        .args(args)
        .current_dir(dir)
        .envs(env.iter().copied())
        .status()
        .map_err(|e| format!("could not run {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// generated/ is what `cargo xtask codegen` writes from spec/ now: the
    /// same check as `codegen --check`, run by plain `cargo test` (CI runs
    /// it through `cargo xtask test`).
    #[test]
    fn generated_is_current() {
        if let Err(e) = codegen(&["--check".to_string()]) {
            panic!("{e}");
        }
    }

    /// The runtime crate (generator/runtime) builds and tests the runtime
    /// with the dependencies a generated crate gives it: each of its
    /// dependency lines is the committed crate's, so the two cannot drift
    /// apart (the whole Whop API uses every runtime feature).
    #[test]
    fn runtime_dependencies_are_the_generated_crates() {
        let dependencies = |path: &str| -> Vec<String> {
            let text = std::fs::read_to_string(root().join(path))
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            text.lines()
                .skip_while(|l| *l != "[dependencies]")
                .skip(1)
                .take_while(|l| !l.starts_with('['))
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect()
        };
        let runtime = dependencies("generator/runtime/Cargo.toml");
        let generated = dependencies("generated/Cargo.toml");
        assert!(!runtime.is_empty());
        for line in &runtime {
            assert!(
                generated.contains(line),
                "generator/runtime/Cargo.toml has `{line}`, generated/Cargo.toml does not"
            );
        }
    }

    #[test]
    fn crate_names_from_titles() {
        assert_eq!(
            default_crate_name("Swagger Petstore", Path::new("x.yaml")),
            "swagger_petstore"
        );
        assert_eq!(
            default_crate_name("", Path::new("dir/my-api.yaml")),
            "my_api"
        );
        assert_eq!(
            default_crate_name("3D API", Path::new("x.yaml")),
            "api_3d_api"
        );
        assert_eq!(default_crate_name("!!!", Path::new("x.yaml")), "api_client");
    }
}
