//! Build cost of the full-API client against `whop_sdk` (part 1), and the same
//! build with one tag's feature (part 2).
//!
//! One workspace under `target/bench/build/` (one `Cargo.lock`, so the
//! dependencies both SDKs use are the same versions), with a tiny program
//! per side calling one operation (`experiences().detach`):
//!
//! - `app-whop`: the `whop` crate generated from the whole Whop spec;
//! - `app-whop-one`: the same crate with only the `experiences` feature;
//! - `app-sdk`: `whop_sdk = "=1.1.5"` from crates.io.
//!
//! Each program is built once untimed (the shared dependency cache); then
//! each timed run cleans only the SDK package (`cargo clean -p whop`) and
//! builds the program under `/usr/bin/time -v`.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::{Opts, Report, WHOP_SDK_VERSION, WHOP_SPEC, cargo, show, tail};

const TIME: &str = "/usr/bin/time";

/// Fails with one line when GNU time, which the build bench measures with,
/// is missing.
pub fn require_time() -> Result<(), String> {
    if Path::new(TIME).exists() {
        Ok(())
    } else {
        Err(format!(
            "{TIME} is missing: the build bench measures wall time and peak memory with \
             GNU time (`{TIME} -v`); install it (Debian/Ubuntu: `apt-get install time`) \
             or run `cargo xtask bench --only codegen,requests`"
        ))
    }
}

const APP_WHOP: &str = r#"//! One operation of the generated `whop` crate (bench: build cost).

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let client = match whop::Client::builder()
        .api_key("key")
        .base_url("http://127.0.0.1:9")
        .max_retries(0)
        .build()
    {
        Ok(client) => client,
        Err(e) => return eprintln!("{e}"),
    };
    let body = whop::models::DetachExperienceBody::new("prod_xxxxxxxxxxxxx");
    match client.experiences().detach("exp_xxxxxxxxxxxxxx", &body).await {
        Ok(experience) => println!("{}", experience.id),
        Err(e) => eprintln!("{e}"),
    }
}
"#;

const APP_SDK: &str = r#"//! One operation of `whop_sdk` (bench: build cost), as its docs show it.
use whop_sdk::prelude::*;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let config = ClientConfig {
        token: Some("key".to_string()),
        base_url: "http://127.0.0.1:9".to_string(),
        max_retries: 0,
        ..Default::default()
    };
    let client = match Whop::new(config) {
        Ok(client) => client,
        Err(e) => return eprintln!("{e}"),
    };
    let body = DetachExperiencesRequest {
        product_id: "prod_xxxxxxxxxxxxx".to_string(),
    };
    match client.experiences.detach("exp_xxxxxxxxxxxxxx", &body, None).await {
        Ok(experience) => println!("{}", experience.id),
        Err(e) => eprintln!("{e}"),
    }
}
"#;

/// One program of the workspace and the SDK package it is timed for.
struct App {
    /// Package name of the tiny program.
    package: &'static str,
    /// The SDK package cleaned before each timed build.
    sdk: &'static str,
    label: &'static str,
}

const WHOP_ALL: App = App {
    package: "app-whop",
    sdk: "whop",
    label: "`whop` (generated, all tags)",
};
const WHOP_ONE: App = App {
    package: "app-whop-one",
    sdk: "whop",
    label: "`whop` with one tag (`experiences`)",
};
const SDK: App = App {
    package: "app-sdk",
    sdk: "whop_sdk",
    label: "`whop_sdk` 1.1.5",
};

/// One timed build.
#[derive(Debug, Clone, Copy)]
struct Measure {
    seconds: f64,
    max_rss_mb: f64,
}

pub fn run(
    root: &Path,
    opts: &Opts,
    with_build: bool,
    with_features: bool,
    report: &mut Report,
) -> Result<(), String> {
    // The CI smoke run (`--quick`) builds the crate of the seed spec (one
    // operation) in a workspace of its own: it checks the machinery in
    // seconds and leaves the full run's dependency cache alone.
    let (spec, ws_name) = if opts.quick {
        (root.join(super::SEED_SPEC), "build-quick")
    } else {
        (root.join(WHOP_SPEC), "build")
    };
    if !spec.exists() {
        println!("skipped: {} is absent", spec.display());
        report.line(&format!(
            "## 1–2. Build cost: skipped ({} is absent)\n",
            spec.display()
        ));
        return Ok(());
    }
    require_time()?;
    let with_sdk = with_build && !opts.quick;
    let ws = workspace(&root.join("target/bench").join(ws_name), &spec, with_sdk)?;
    if opts.quick {
        report.line(&format!(
            "(`--quick`: the crate of {} only, not the whole API)\n",
            spec.display()
        ));
    }

    let mut profiles = vec![false];
    if with_build && !opts.quick {
        profiles.push(true);
    }
    let mut sides: Vec<&App> = Vec::new();
    if with_build {
        sides.push(&WHOP_ALL);
        if with_sdk {
            sides.push(&SDK);
        }
    }
    if with_features {
        sides.push(&WHOP_ONE);
        if !with_build {
            sides.push(&WHOP_ALL);
        }
    }

    // The shared dependency cache: every program built once, untimed.
    for &release in &profiles {
        for app in &sides {
            if release && app.package == WHOP_ONE.package {
                continue;
            }
            println!(
                "==> preparing the dependency cache: {} ({}, untimed)",
                app.package,
                profile(release)
            );
            cargo_ok(&ws, &build_args(app, release))?;
        }
    }

    let mut results: Vec<(&str, bool, Vec<Measure>)> = Vec::new();
    for run in 0..opts.runs {
        for &release in &profiles {
            // Alternate the order so drift in the machine's load does
            // not always favour one side.
            let mut order: Vec<&App> = sides
                .iter()
                .copied()
                .filter(|a| !(release && a.package == WHOP_ONE.package))
                .collect();
            if run % 2 == 1 {
                order.reverse();
            }
            for app in order {
                let measure = timed_build(&ws, app, release)?;
                println!(
                    "    run {}: {} {}: {:.1} s, {:.0} MB peak",
                    run + 1,
                    app.package,
                    profile(release),
                    measure.seconds,
                    measure.max_rss_mb
                );
                match results
                    .iter_mut()
                    .find(|(p, r, _)| *p == app.package && *r == release)
                {
                    Some((_, _, list)) => list.push(measure),
                    None => results.push((app.package, release, vec![measure])),
                }
            }
        }
    }
    let of = |app: &App, release: bool| -> Vec<Measure> {
        results
            .iter()
            .find(|(p, r, _)| *p == app.package && *r == release)
            .map(|(_, _, m)| m.clone())
            .unwrap_or_default()
    };

    let ours_lines = rust_lines(&ws.join("whop/src"))?;
    if with_build {
        report.line("## 1. Build cost of the full-API client\n");
        report.line(
            "A tiny program calling `experiences().detach(..)`; only the SDK crate and the \
             program are compiled in each timed build (dependencies pre-built).\n",
        );
        let sdk_lines = if with_sdk {
            sdk_source(&ws).and_then(|dir| rust_lines(&dir)).ok()
        } else {
            None
        };
        report.line(
            "| | lines (files) | debug wall | debug peak RSS | release wall | release peak RSS |",
        );
        report.line("|---|---|---|---|---|---|");
        let mut rows = vec![(&WHOP_ALL, Some(ours_lines))];
        if with_sdk {
            rows.push((&SDK, sdk_lines));
        }
        for (app, lines) in &rows {
            let mut cells = vec![
                app.label.to_string(),
                lines.map_or("–".to_string(), |(l, f)| format!("{l} ({f})")),
            ];
            for release in [false, true] {
                let m = of(app, release);
                let secs: Vec<f64> = m.iter().map(|m| m.seconds).collect();
                let rss: Vec<f64> = m.iter().map(|m| m.max_rss_mb).collect();
                cells.push(show(&secs, 1, " s"));
                cells.push(show(&rss, 0, " MB"));
            }
            report.line(&format!("| {} |", cells.join(" | ")));
        }
        if with_sdk {
            let mut cells = vec![
                "ratio `whop` / `whop_sdk` (target ≤ 0.25)".to_string(),
                ratio_of(ours_lines.0 as f64, sdk_lines.map(|l| l.0 as f64)),
            ];
            for release in [false, true] {
                let ours = of(&WHOP_ALL, release);
                let theirs = of(&SDK, release);
                cells.push(ratios(&ours, &theirs, |m| m.seconds));
                cells.push(ratios(&ours, &theirs, |m| m.max_rss_mb));
            }
            report.line(&format!("| {} |", cells.join(" | ")));
        } else {
            report.line("\n(`whop_sdk` and release builds skipped: `--quick`)");
        }
        report.line("");
    }
    if with_features {
        report.line("## 2. Compile only what you use (debug build, features per tag)\n");
        report.line("| | debug wall | debug peak RSS |");
        report.line("|---|---|---|");
        for app in [&WHOP_ALL, &WHOP_ONE] {
            let m = of(app, false);
            let secs: Vec<f64> = m.iter().map(|m| m.seconds).collect();
            let rss: Vec<f64> = m.iter().map(|m| m.max_rss_mb).collect();
            report.line(&format!(
                "| {} | {} | {} |",
                app.label,
                show(&secs, 1, " s"),
                show(&rss, 0, " MB")
            ));
        }
        let one = of(&WHOP_ONE, false);
        let all = of(&WHOP_ALL, false);
        report.line(&format!(
            "| ratio one tag / all tags | {} | {} |",
            ratios(&one, &all, |m| m.seconds),
            ratios(&one, &all, |m| m.max_rss_mb)
        ));
        report.line("");
    }
    Ok(())
}

fn profile(release: bool) -> &'static str {
    if release { "release" } else { "debug" }
}

fn build_args(app: &App, release: bool) -> Vec<String> {
    let mut args = vec![
        "build".to_string(),
        "--package".to_string(),
        app.package.to_string(),
    ];
    if release {
        args.push("--release".to_string());
    }
    args
}

/// Per-run ratios `ours / theirs` (runs paired in order), as `median [min–max]×`.
fn ratios(ours: &[Measure], theirs: &[Measure], value: impl Fn(&Measure) -> f64) -> String {
    let list: Vec<f64> = ours
        .iter()
        .zip(theirs)
        .map(|(a, b)| value(a) / value(b))
        .collect();
    if list.is_empty() {
        "–".to_string()
    } else {
        format!("{}×", show(&list, 2, ""))
    }
}

fn ratio_of(ours: f64, theirs: Option<f64>) -> String {
    theirs.map_or("–".to_string(), |t| format!("{:.2}×", ours / t))
}

/// Writes the bench workspace (unchanged files are left alone, so the
/// dependency cache stays valid) and returns its directory.
fn workspace(ws: &Path, spec: &Path, with_sdk: bool) -> Result<PathBuf, String> {
    let ws = ws.to_path_buf();
    let text = std::fs::read_to_string(spec)
        .map_err(|e| format!("{}: cannot read the spec: {e}", spec.display()))?;
    let config = generator::Config {
        workspace_member: true,
        // As `cargo xtask codegen` writes the whop crate.
        webhook_secret: generator::WebhookSecret::Raw,
        ..generator::Config::for_crate("whop")
    };
    let output = generator::generate(&text, &spec.display().to_string(), &config)
        .map_err(|e| e.to_string())?;
    let crate_dir = ws.join("whop");
    for (rel, text) in &output.files {
        write_if_changed(&crate_dir.join(rel), text)?;
    }
    let tokio = r#"tokio = { version = "1.40", features = ["macros", "rt"] }"#;
    let app = |name: &str, dep: &str, main: &str| -> Result<(), String> {
        write_if_changed(
            &ws.join(name).join("Cargo.toml"),
            &format!(
                "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[dependencies]\n{dep}\n{tokio}\n"
            ),
        )?;
        write_if_changed(&ws.join(name).join("src/main.rs"), main)
    };
    app("app-whop", r#"whop = { path = "../whop" }"#, APP_WHOP)?;
    app(
        "app-whop-one",
        r#"whop = { path = "../whop", default-features = false, features = ["rustls", "experiences"] }"#,
        APP_WHOP,
    )?;
    let mut members = vec!["\"whop\"", "\"app-whop\"", "\"app-whop-one\""];
    if with_sdk {
        app(
            "app-sdk",
            &format!("whop_sdk = \"={WHOP_SDK_VERSION}\""),
            APP_SDK,
        )?;
        members.push("\"app-sdk\"");
    }
    write_if_changed(
        &ws.join("Cargo.toml"),
        &format!(
            "# Written by `cargo xtask bench`: the build-cost bench.\n[workspace]\nmembers = [{}]\nresolver = \"2\"\n",
            members.join(", ")
        ),
    )?;
    Ok(ws)
}

fn write_if_changed(path: &Path, text: &str) -> Result<(), String> {
    if std::fs::read_to_string(path).is_ok_and(|old| old == text) {
        return Ok(());
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A command run in the bench workspace, with its own target directory and
/// without the variables `cargo run` set for xtask: some dependencies' build
/// scripts (ring's) rerun when `CARGO_MANIFEST_DIR` or `CARGO_PKG_*` change,
/// which would rebuild the dependency cache between a run from the shell and
/// one from `cargo xtask`.
fn in_workspace(mut command: Command, ws: &Path) -> Command {
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("CARGO_PKG_")
            || name.starts_with("CARGO_MANIFEST_")
            || [
                "CARGO_CRATE_NAME",
                "CARGO_BIN_NAME",
                "CARGO_PRIMARY_PACKAGE",
            ]
            .contains(&name.as_ref())
        {
            command.env_remove(name.as_ref());
        }
    }
    command
        .current_dir(ws)
        .env("CARGO_TARGET_DIR", ws.join("target"));
    command
}

/// Runs cargo in the bench workspace; on failure the error carries the
/// tail of its output.
fn cargo_ok(ws: &Path, args: &[String]) -> Result<String, String> {
    let output = in_workspace(Command::new(super::cargo()), ws)
        .args(args)
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    if output.status.success() {
        Ok(stderr)
    } else {
        Err(format!(
            "`cargo {}` in {} failed ({}):\n{}",
            args.join(" "),
            ws.display(),
            output.status,
            tail(&stderr, 30)
        ))
    }
}

/// `cargo clean -p SDK`, then the program's build under `/usr/bin/time -v`.
fn timed_build(ws: &Path, app: &App, release: bool) -> Result<Measure, String> {
    let mut clean = vec![
        "clean".to_string(),
        "--package".to_string(),
        app.sdk.to_string(),
    ];
    if release {
        clean.push("--release".to_string());
    }
    cargo_ok(ws, &clean)?;
    let stats = ws.join("target/time-v.txt");
    let output = in_workspace(Command::new(TIME), ws)
        .arg("-v")
        .arg("-o")
        .arg(&stats)
        .arg(cargo())
        .args(build_args(app, release))
        .output()
        .map_err(|e| format!("could not run {TIME}: {e}"))?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!(
            "the timed build of {} ({}) failed ({}):\n{}",
            app.package,
            profile(release),
            output.status,
            tail(&stderr, 30)
        ));
    }
    // Only the SDK crate and the program may be compiled: anything more
    // means the dependency cache did not hold, and the time is not the SDK's.
    let compiled: Vec<&str> = stderr
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("Compiling "))
        .collect();
    if compiled.len() > 2 {
        println!(
            "    warning: the timed build compiled more than the SDK and the program: {}",
            compiled.join(", ")
        );
    }
    let text = std::fs::read_to_string(&stats).map_err(|e| format!("{}: {e}", stats.display()))?;
    parse_time_v(&text).ok_or_else(|| {
        format!(
            "could not read wall time and peak memory from `{TIME} -v`:\n{}",
            tail(&text, 30)
        )
    })
}

/// Wall time and maximum resident set size from GNU time's `-v` report.
fn parse_time_v(text: &str) -> Option<Measure> {
    let value = |key: &str| {
        text.lines()
            .find_map(|l| l.trim().strip_prefix(key))
            .map(|v| v.trim().to_string())
    };
    let wall = value("Elapsed (wall clock) time (h:mm:ss or m:ss):")?;
    let mut seconds = 0.0;
    for part in wall.split(':') {
        seconds = seconds * 60.0 + part.parse::<f64>().ok()?;
    }
    let rss_kb: f64 = value("Maximum resident set size (kbytes):")?.parse().ok()?;
    Some(Measure {
        seconds,
        max_rss_mb: rss_kb / 1024.0,
    })
}

/// The source directory of `whop_sdk`, from `cargo metadata`.
fn sdk_source(ws: &Path) -> Result<PathBuf, String> {
    let output = Command::new(super::cargo())
        .args(["metadata", "--format-version", "1"])
        .current_dir(ws)
        .output()
        .map_err(|e| format!("could not run cargo metadata: {e}"))?;
    let meta: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata: unreadable output: {e}"))?;
    meta["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|p| p["name"] == "whop_sdk")
        .and_then(|p| p["manifest_path"].as_str())
        .and_then(|m| Path::new(m).parent())
        .map(|dir| dir.join("src"))
        .ok_or_else(|| "cargo metadata does not list whop_sdk".to_string())
}

/// Lines and files of Rust source under a directory.
fn rust_lines(dir: &Path) -> Result<(usize, usize), String> {
    let mut lines = 0;
    let mut files = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", dir.display()))?.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                lines += text.lines().count();
                files += 1;
            }
        }
    }
    Ok((lines, files))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_gnu_time() {
        let text = "\tCommand being timed: \"cargo build\"\n\
                    \tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02.50\n\
                    \tMaximum resident set size (kbytes): 204800\n";
        let m = parse_time_v(text).expect("parsed");
        assert!((m.seconds - 62.5).abs() < 1e-9);
        assert!((m.max_rss_mb - 200.0).abs() < 1e-9);
        assert!(parse_time_v("nothing").is_none());
    }
}
