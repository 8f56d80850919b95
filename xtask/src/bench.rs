//! `cargo xtask bench`: the figures in BENCHMARKS.md, measured side by side.
//!
//! 1. `build`: cold debug and release builds of a tiny program calling one
//!    operation, with the `whop` crate generated from the whole Whop spec and
//!    with `whop_sdk = "=1.1.5"` from crates.io; wall time and peak memory
//!    (`/usr/bin/time -v`), lines of code.
//! 2. `features`: the same debug build with every tag (the default) and with
//!    one tag (`experiences`).
//! 3. `codegen`: each generator stage on the whole Whop spec and the large
//!    corpus specs, against parsing the same text with serde_yaml (the floor).
//! 4. `requests`: the generated client against hand-written reqwest + serde
//!    on a loopback server (`benches/requests.rs` in the root package).
//!
//! The machine is shared and noisy: every figure is a median over runs, with
//! its spread, and compared as a ratio of two things measured in the same
//! runs, interleaved. Scratch crates live under `target/bench/`; the builds
//! share one pre-built dependency cache, and before each timed build only the
//! SDK crate is cleaned, so a timed build compiles the SDK crate and the tiny
//! program and nothing else. `--quick` is the CI smoke run: one run, tiny
//! request counts, no `whop_sdk`, no release builds.

mod build;
mod codegen;

pub use build::require_time;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The whole Whop API: the spec generated/ is written from.
pub const WHOP_SPEC: &str = "spec/whop.openapi.yml";
/// The seed spec (one operation): `--quick`'s crate.
pub const SEED_SPEC: &str = "generator/tests/fixtures/seed.yaml";
/// The pinned official SDK the build cost is compared with.
pub const WHOP_SDK_VERSION: &str = "1.1.5";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Build,
    Features,
    Codegen,
    Requests,
}

impl Part {
    const ALL: [Part; 4] = [Part::Build, Part::Features, Part::Codegen, Part::Requests];

    fn name(self) -> &'static str {
        match self {
            Part::Build => "build",
            Part::Features => "features",
            Part::Codegen => "codegen",
            Part::Requests => "requests",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Opts {
    pub runs: usize,
    pub quick: bool,
    pub parts: Vec<Part>,
}

fn parse_args(args: &[String]) -> Result<Opts, String> {
    let mut runs = None;
    let mut quick = false;
    let mut parts = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--runs" => {
                let value = iter.next().ok_or("--runs needs a number")?;
                let n: usize = value
                    .parse()
                    .ok()
                    .filter(|n| *n > 0)
                    .ok_or_else(|| format!("--runs wants a positive number, not `{value}`"))?;
                runs = Some(n);
            }
            "--only" => {
                let value = iter.next().ok_or("--only needs a part")?;
                for name in value.split(',') {
                    let part = Part::ALL
                        .into_iter()
                        .find(|p| p.name() == name)
                        .ok_or_else(|| {
                            format!(
                                "--only: unknown part `{name}` (build, features, codegen, requests)"
                            )
                        })?;
                    if !parts.contains(&part) {
                        parts.push(part);
                    }
                }
            }
            other => return Err(format!("bench: unknown argument `{other}`")),
        }
    }
    if parts.is_empty() {
        parts = Part::ALL.to_vec();
    }
    Ok(Opts {
        runs: runs.unwrap_or(if quick { 1 } else { 3 }),
        quick,
        parts,
    })
}

pub fn bench(root: &Path, args: &[String]) -> Result<(), String> {
    let opts = parse_args(args)?;
    // Generator timings from a debug build mean nothing: a full run
    // re-runs itself from a release build of xtask.
    if cfg!(debug_assertions) && !opts.quick && opts.parts.contains(&Part::Codegen) {
        println!("==> re-running the bench from a release build of xtask (codegen is timed)");
        let status = Command::new(cargo())
            .args([
                "run",
                "--release",
                "--quiet",
                "--package",
                "xtask",
                "--",
                "bench",
            ])
            .args(args)
            .current_dir(root)
            .status()
            .map_err(|e| format!("could not run cargo: {e}"))?;
        return if status.success() {
            Ok(())
        } else {
            Err(format!("the release build of the bench failed ({status})"))
        };
    }

    let mut report = Report::default();
    report.line(&machine(root));
    report.line(&format!(
        "command: `cargo xtask bench {}` ({} run{} each, medians with [min–max])\n",
        args.join(" "),
        opts.runs,
        if opts.runs == 1 { "" } else { "s" }
    ));
    for part in &opts.parts {
        println!("\n==> bench {}", part.name());
        match part {
            Part::Build | Part::Features => {
                // Both parts share one workspace; `features` alone
                // does not need whop_sdk.
                if *part == Part::Features && opts.parts.contains(&Part::Build) {
                    continue;
                }
                let with_features = opts.parts.contains(&Part::Features);
                let with_build = opts.parts.contains(&Part::Build);
                build::run(root, &opts, with_build, with_features, &mut report)?;
            }
            Part::Codegen => codegen::run(root, &opts, &mut report)?,
            Part::Requests => requests(root, &opts, &mut report)?,
        }
    }
    let out = root.join("target/bench/results.md");
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(&out, &report.text).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("\n{}", report.text);
    println!("(also written to {})", out.display());
    Ok(())
}

/// The figures, as Markdown.
#[derive(Default)]
pub struct Report {
    pub text: String,
}

impl Report {
    pub fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// The machine the figures come from.
fn machine(root: &Path) -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or("unknown".to_string(), |kb| {
            format!("{:.1} GiB", kb / 1024.0 / 1024.0)
        });
    let rustc = output_line(root, "rustc", &["--version"]);
    let date = output_line(root, "date", &["-u", "+%Y-%m-%d %H:%M UTC"]);
    format!("machine: {cores} cores, {memory} memory, {rustc}, {date}")
}

fn output_line(dir: &Path, program: &str, args: &[&str]) -> String {
    Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| format!("({program} unavailable)"))
}

/// The cargo that runs us (`CARGO`), else the one on the path.
pub fn cargo() -> PathBuf {
    std::env::var_os("CARGO").map_or_else(|| PathBuf::from("cargo"), PathBuf::from)
}

/// Median, min and max; `None` for no values.
pub fn spread(values: &[f64]) -> Option<(f64, f64, f64)> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    Some((median, sorted[0], sorted[n - 1]))
}

/// `median [min–max]` with a unit and a number of decimals.
pub fn show(values: &[f64], decimals: usize, unit: &str) -> String {
    match spread(values) {
        None => "–".to_string(),
        Some((median, min, max)) if values.len() == 1 || min == max => {
            format!("{median:.decimals$}{unit}")
        }
        Some((median, min, max)) => {
            format!("{median:.decimals$}{unit} [{min:.decimals$}–{max:.decimals$}]")
        }
    }
}

/// The last lines of a command's output, for an error message.
pub fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Per-request overhead (part 4): `benches/requests.rs` of the root package, built
/// optimised by `cargo bench`; it prints one `RESULT` line.
fn requests(root: &Path, opts: &Opts, report: &mut Report) -> Result<(), String> {
    let (rounds, batch) = if opts.quick {
        (3, 50)
    } else {
        (10 * opts.runs, 1000)
    };
    let rounds = rounds.to_string();
    let batch = batch.to_string();
    // The smoke run reuses the debug build `cargo test` made; the figures
    // come from an optimised one.
    let profile = if opts.quick { "dev" } else { "bench" };
    let args = [
        "bench",
        "--quiet",
        "--profile",
        profile,
        "--package",
        "whop-workspace",
        "--bench",
        "requests",
        "--",
        "--rounds",
        &rounds,
        "--batch",
        &batch,
    ];
    println!("==> cargo {}", args.join(" "));
    let output = Command::new(cargo())
        .args(args)
        .current_dir(root)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("could not run cargo: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    print!("{stdout}");
    if !output.status.success() {
        return Err(format!(
            "the requests bench failed ({}):\n{}",
            output.status,
            tail(&String::from_utf8_lossy(&output.stderr), 30)
        ));
    }
    let result = stdout
        .lines()
        .find_map(|l| l.strip_prefix("RESULT "))
        .ok_or("the requests bench printed no RESULT line")?;
    let field = |name: &str| -> Vec<f64> {
        result
            .split_whitespace()
            .find_map(|kv| kv.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .map(|v| v.split(',').filter_map(|x| x.parse().ok()).collect())
            .unwrap_or_default()
    };
    let generated = field("generated_us");
    let hand = field("handwritten_us");
    let ratios = field("ratios");
    let target = match spread(&ratios) {
        Some((median, _, _)) if median <= 1.05 => "met",
        Some(_) => "**missed**",
        None => "–",
    };
    report.line(&format!(
        "## 4. Per-request overhead (loopback, {rounds} rounds of {batch} requests per side, alternating)\n"
    ));
    report.line("| | median µs per request | ratio (target ≤ 1.05×) |");
    report.line("|---|---|---|");
    report.line(&format!(
        "| hand-written reqwest + serde_json | {} | 1 |",
        show(&hand, 1, "")
    ));
    report.line(&format!(
        "| generated `client.experiences().detach(..)` | {} | {}× ({target}) |",
        show(&generated, 1, ""),
        show(&ratios, 3, "")
    ));
    report.line("");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spread_of_runs() {
        assert_eq!(spread(&[3.0, 1.0, 2.0]), Some((2.0, 1.0, 3.0)));
        assert_eq!(spread(&[4.0, 1.0]), Some((2.5, 1.0, 4.0)));
        assert_eq!(spread(&[]), None);
        assert_eq!(show(&[1.0, 2.0, 3.0], 1, " s"), "2.0 s [1.0–3.0]");
    }

    #[test]
    fn arguments() {
        let opts = parse_args(&["--quick".into()]).expect("quick");
        assert_eq!((opts.runs, opts.parts.len()), (1, 4));
        let opts = parse_args(&["--only".into(), "codegen,build".into()]).expect("only");
        assert_eq!(opts.parts, vec![Part::Codegen, Part::Build]);
        assert!(parse_args(&["--only".into(), "nope".into()]).is_err());
        assert!(parse_args(&["--runs".into(), "0".into()]).is_err());
    }
}
