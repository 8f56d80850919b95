//! Codegen speed (part 3): every generator stage, in-process, on the whole Whop
//! spec and the largest corpus specs, against parsing the same text with
//! `serde_yaml::from_str::<serde_yaml::Value>` (the floor). The text is read
//! from disk once, before timing; writing the files is timed as `write`.

use std::path::Path;
use std::time::{Duration, Instant};

use super::{Opts, Report, WHOP_SPEC, show, spread};

const SPECS: &[(&str, &str)] = &[
    ("whop", WHOP_SPEC),
    ("stripe", "../shared/specs/corpus/stripe.yaml"),
    ("openai", "../shared/specs/corpus/openai.yaml"),
    ("digitalocean", "../shared/specs/corpus/digitalocean.yaml"),
];

const STAGES: &[&str] = &["read", "lower", "parse", "model", "emit", "format", "write"];

pub fn run(root: &Path, opts: &Opts, report: &mut Report) -> Result<(), String> {
    if cfg!(debug_assertions) {
        report.line("## 3. Codegen speed (in-process, debug build of the generator)\n");
        report.line(
            "(`--quick` runs a debug build of xtask: these times only show the command works)\n",
        );
    } else {
        report.line("## 3. Codegen speed (in-process, release build of the generator)\n");
    }
    report.line(&format!(
        "| spec | size | parse floor | {} | total (wall) | total / floor (target ≤ 2×) |",
        STAGES.join(" | ")
    ));
    report.line(&format!(
        "|---|---|---|{}---|---|",
        "---|".repeat(STAGES.len())
    ));
    let mut notes = Vec::new();
    let specs = if opts.quick { &SPECS[..1] } else { SPECS };
    for (name, rel) in specs {
        let path = root.join(rel);
        let Ok(text) = std::fs::read_to_string(&path) else {
            println!("skipped {name}: {} is absent", path.display());
            notes.push(format!("- {name}: skipped, {} is absent", path.display()));
            continue;
        };
        let shown = path.display().to_string();
        let out = root.join("target/bench/codegen").join(name);
        let config = generator::Config::for_crate(name);
        let mut floor = Vec::new();
        let mut stages: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
        let mut totals = Vec::new();
        let mut ratios = Vec::new();
        let mut failure = None;
        if !opts.quick {
            // Warm-up, untimed: page faults and allocator growth of a first
            // pass are not the generator's.
            let _ = floor_parse(&text);
            let _ = generator::generate(&text, &shown, &config);
        }
        for run in 0..opts.runs {
            let floor_time = match floor_parse(&text) {
                Ok((time, note)) => {
                    if let Some(note) = note
                        && run == 0
                    {
                        notes.push(format!("- {name}: {note}"));
                    }
                    time
                }
                Err(e) => return Err(format!("{shown}: serde_yaml cannot parse it: {e}")),
            };
            let start = Instant::now();
            let mut timings = generator::Timings::default();
            let result = generator::generate_timed(&text, &shown, &config, &mut timings);
            let mut times = timings.stages.clone();
            match result {
                Ok(output) => {
                    let start = Instant::now();
                    write_files(&out, &output.files)?;
                    times.push(("write", start.elapsed()));
                }
                Err(e) => failure = Some(e.to_string()),
            }
            // Wall time: emit and format run on several threads, so their
            // columns (summed thread time) may add up to more.
            let total = start.elapsed();
            println!(
                "    run {}: {name}: floor {:.0} ms, {} = {:.0} ms",
                run + 1,
                ms(floor_time),
                times
                    .iter()
                    .map(|(s, d)| format!("{s} {:.0}", ms(*d)))
                    .collect::<Vec<_>>()
                    .join(", "),
                ms(total)
            );
            floor.push(ms(floor_time));
            for (stage, d) in &times {
                if let Some(i) = STAGES.iter().position(|s| s == stage) {
                    stages[i].push(ms(*d));
                }
            }
            if failure.is_none() {
                totals.push(ms(total));
                ratios.push(ms(total) / ms(floor_time));
            }
            if failure.is_some() {
                break;
            }
        }
        let mut cells = vec![
            name.to_string(),
            format!("{:.1} MB", text.len() as f64 / 1e6),
            show(&floor, 0, " ms"),
        ];
        cells.extend(stages.iter().map(|s| show(s, 0, " ms")));
        match &failure {
            None => {
                cells.push(show(&totals, 0, " ms"));
                let met = match spread(&ratios) {
                    Some((m, _, _)) if m <= 2.0 => "met",
                    Some(_) => "**missed**",
                    None => "–",
                };
                cells.push(format!("{}× ({met})", show(&ratios, 2, "")));
            }
            Some(e) => {
                let first = e.lines().next().unwrap_or_default();
                cells.push("fails".to_string());
                cells.push("–".to_string());
                notes.push(format!(
                    "- {name}: the generator stops after the stages shown: `{first}`"
                ));
            }
        }
        report.line(&format!("| {} |", cells.join(" | ")));
    }
    report.line("");
    for note in notes {
        report.line(&note);
    }
    report.line("");
    Ok(())
}

/// The floor: `serde_yaml::from_str::<serde_yaml::Value>`. Where that
/// refuses the text (serde_yaml's `Value` has no 128-bit integers) the floor
/// is serde_yaml reading it into `IgnoredAny` (no tree built: a lower floor),
/// with a note saying so.
fn floor_parse(text: &str) -> Result<(Duration, Option<String>), String> {
    let start = Instant::now();
    let parsed = serde_yaml::from_str::<serde_yaml::Value>(text);
    let time = start.elapsed();
    match parsed {
        Ok(value) => {
            drop(value);
            Ok((time, None))
        }
        Err(e) => {
            let start = Instant::now();
            serde_yaml::from_str::<serde::de::IgnoredAny>(text).map_err(|e| e.to_string())?;
            Ok((
                start.elapsed(),
                Some(format!(
                    "floor is serde_yaml into `IgnoredAny` (no tree built): `serde_yaml::Value` refuses the file ({e})"
                )),
            ))
        }
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn write_files(
    out: &Path,
    files: &std::collections::BTreeMap<String, String>,
) -> Result<(), String> {
    for (rel, text) in files {
        let path = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}
