//! `cargo xtask spec-diff [OLD NEW]`: what a spec change does to the users of
//! the `whop` crate, and which release it needs.
//!
//! The comparison itself is `generator::diff`; this file reads the two specs
//! (two files, or through git `spec/` at the commit that set the crate's
//! current version, the last release, against the working tree), renders the report (human or JSON), applies the
//! version rule and chooses the exit status: 0 when nothing breaks, 1 when
//! something does (unless allowed or declared by a version bump), 2 when an
//! input cannot be read or is not an OpenAPI document the generator reads.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use generator::diff::{Change, Scope, Severity};

pub const USAGE: &str = "  cargo xtask spec-diff [OLD NEW] [--format human|json] [--allow-breaking]
                        [--base REV] [--root DIR]
                                                      what a spec change does to the
                                                      crate's users (exit 0 compatible,
                                                      1 breaking, 2 bad input)";

/// Bumped in generated/Cargo.toml (through `CRATE_VERSION` in xtask/src/main.rs).
const MANIFEST: &str = "generated/Cargo.toml";

/// Runs the command; the exit status is the verdict.
pub fn main(args: &[String], default_root: &Path, spec: &str) -> ExitCode {
    let result = parse_args(args).and_then(|args| {
        let root = args
            .root
            .clone()
            .unwrap_or_else(|| default_root.to_path_buf());
        let report = compare(&args, &root, spec)?;
        let text = if args.json {
            render_json(&report)
        } else {
            render_human(&report)
        };
        print!("{text}");
        Ok(report.fails(args.allow_breaking))
    });
    match result {
        Ok(false) => ExitCode::SUCCESS,
        Ok(true) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

/// The CI step: the working tree against the merge base, printed; an error
/// when it breaks the crate's users without a version bump that says so, or
/// when a spec cannot be read. Skipped (saying so) outside a git checkout.
pub fn ci(root: &Path, spec: &str) -> Result<(), String> {
    // CI always runs in a clone; a source tarball has no history to compare.
    if git(root, &["rev-parse", "--is-inside-work-tree"]).is_err() {
        println!("skipped: {} is not a git checkout", root.display());
        return Ok(());
    }
    let report = compare(&Args::default(), root, spec)?;
    print!("{}", render_human(&report));
    if report.fails(false) {
        Err("the spec change breaks the whop crate's users: bump its version (see above)".into())
    } else {
        Ok(())
    }
}

#[derive(Debug, Default)]
struct Args {
    old: Option<PathBuf>,
    new: Option<PathBuf>,
    json: bool,
    allow_breaking: bool,
    base: Option<String>,
    root: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Args, String> {
    let usage = || format!("usage:\n{USAGE}");
    let mut parsed = Args::default();
    let mut files = Vec::new();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))
        };
        match arg.as_str() {
            "--allow-breaking" => parsed.allow_breaking = true,
            "--format" => {
                parsed.json = match value("--format")?.as_str() {
                    "json" => true,
                    "human" => false,
                    other => {
                        return Err(format!(
                            "--format is `human` or `json`, not `{other}`\n{}",
                            usage()
                        ));
                    }
                }
            }
            "--base" => parsed.base = Some(value("--base")?),
            "--root" => parsed.root = Some(PathBuf::from(value("--root")?)),
            flag if flag.starts_with("--") => {
                return Err(format!("unknown argument `{flag}`\n{}", usage()));
            }
            file => files.push(PathBuf::from(file)),
        }
    }
    match files.len() {
        0 => {}
        2 => {
            if parsed.base.is_some() {
                return Err(format!(
                    "--base goes with the git comparison, not with two files\n{}",
                    usage()
                ));
            }
            parsed.new = files.pop();
            parsed.old = files.pop();
        }
        _ => return Err(format!("give two spec files or none\n{}", usage())),
    }
    Ok(parsed)
}

/// One side of the comparison.
struct Side {
    /// How the report names it.
    label: String,
    /// The `whop` crate's version on this side, when known.
    version: Option<Version>,
}

struct Report {
    old: Side,
    new: Side,
    /// Set when there was nothing to compare (no spec at the base).
    note: Option<String>,
    changes: Vec<Change>,
    /// Whether the versions are those of a git base and the working tree
    /// (then a sufficient bump declares the breaking changes).
    from_git: bool,
}

impl Report {
    fn breaking(&self) -> usize {
        self.changes
            .iter()
            .filter(|c| c.severity == Severity::Breaking)
            .count()
    }

    /// The release the changes need, from the version they start from.
    fn bump(&self) -> Bump {
        let start = self.start_version();
        let breaking = self.breaking() > 0;
        let additions = self
            .changes
            .iter()
            .any(|c| c.severity == Severity::Compatible && c.kind.is_addition());
        // Without a version to start from, the rules from 1.0 apply.
        let from = start.unwrap_or(Version {
            major: 1,
            minor: 0,
            patch: 0,
        });
        needed(from, breaking, additions, !self.changes.is_empty())
    }

    /// The version the release is counted from: the base's in a git
    /// comparison, else the working tree's.
    fn start_version(&self) -> Option<Version> {
        if self.from_git {
            self.old.version
        } else {
            self.new.version
        }
    }

    /// Whether the working tree's version already is a release that may
    /// break users of the base's (git comparison only).
    fn declared(&self) -> bool {
        match (self.from_git, self.old.version, self.new.version) {
            (true, Some(old), Some(new)) => is_breaking_release(old, new),
            _ => false,
        }
    }

    /// Whether the command fails (exit status 1).
    fn fails(&self, allow_breaking: bool) -> bool {
        self.breaking() > 0 && !allow_breaking && !self.declared()
    }
}

fn compare(args: &Args, root: &Path, spec: &str) -> Result<Report, String> {
    match (&args.old, &args.new) {
        (Some(old), Some(new)) => {
            let (old_text, new_text) = (read_file(old)?, read_file(new)?);
            let (old_label, new_label) = (old.display().to_string(), new.display().to_string());
            let changes = diff_texts(&old_text, &old_label, &new_text, &new_label)?;
            Ok(Report {
                old: Side {
                    label: old_label,
                    version: None,
                },
                new: Side {
                    label: new_label,
                    version: std::fs::read_to_string(root.join(MANIFEST))
                        .ok()
                        .and_then(|t| manifest_version(&t)),
                },
                note: None,
                changes,
                from_git: false,
            })
        }
        _ => compare_with_git(args.base.as_deref(), root, spec),
    }
}

fn read_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path)
        .map_err(|e| format!("{}: cannot read the spec: {e}", path.display()))?;
    String::from_utf8(bytes).map_err(|_| format!("{}: the spec is not UTF-8 text", path.display()))
}

fn diff_texts(
    old: &str,
    old_label: &str,
    new: &str,
    new_label: &str,
) -> Result<Vec<Change>, String> {
    let old = generator::load(old, old_label).map_err(|e| e.to_string())?;
    let new = generator::load(new, new_label).map_err(|e| e.to_string())?;
    Ok(generator::diff::diff(&old, &new))
}

/// `spec` at the base revision against the working tree.
fn compare_with_git(base: Option<&str>, root: &Path, spec: &str) -> Result<Report, String> {
    git(root, &["rev-parse", "--is-inside-work-tree"]).map_err(|e| {
        format!(
            "{}: not a git checkout to compare with: {e}",
            root.display()
        )
    })?;
    let new_version = std::fs::read_to_string(root.join(MANIFEST))
        .ok()
        .and_then(|t| manifest_version(&t));
    let (rev, how) = match base {
        Some(rev) => (rev.to_string(), format!("--base {rev}")),
        None => match release_commit(root, new_version) {
            Some(rev) => (rev, format!("where {MANIFEST} became this version")),
            None => ("HEAD".to_string(), "HEAD".to_string()),
        },
    };
    let new_path = root.join(spec);
    let new_label = format!("{spec} (working tree)");
    let nothing = |old_label: String, note: String| Report {
        old: Side {
            label: old_label,
            version: None,
        },
        new: Side {
            label: new_label.clone(),
            version: new_version,
        },
        note: Some(note),
        changes: Vec::new(),
        from_git: true,
    };
    // A repository without commits has no base at all.
    let Ok(commit) = git(
        root,
        &["rev-parse", "--verify", &format!("{rev}^{{commit}}")],
    ) else {
        if base.is_none() {
            return Ok(nothing(
                format!("{spec} at {rev}"),
                "no commit yet: nothing to compare".to_string(),
            ));
        }
        return Err(format!(
            "{}: cannot find the revision `{rev}` to compare with",
            root.display()
        ));
    };
    let short: String = commit.chars().take(10).collect();
    let old_label = format!("{spec} at {short} ({how})");
    if git(root, &["cat-file", "-e", &format!("{commit}:{spec}")]).is_err() {
        return Ok(nothing(
            old_label,
            format!("{spec} does not exist at {short}: nothing to compare"),
        ));
    }
    let old_text = git(root, &["show", &format!("{commit}:{spec}")])?;
    let new_text = read_file(&new_path)?;
    let changes = diff_texts(&old_text, &old_label, &new_text, &new_label)?;
    let old_version = git(root, &["show", &format!("{commit}:{MANIFEST}")])
        .ok()
        .and_then(|t| manifest_version(&t));
    Ok(Report {
        old: Side {
            label: old_label,
            version: old_version,
        },
        new: Side {
            label: new_label,
            version: new_version,
        },
        note: None,
        changes,
        from_git: true,
    })
}

/// The commit that gave [`MANIFEST`] the working tree's version: the oldest
/// of the commits, back from `HEAD`, whose manifest has that version. Every
/// spec change since then is what that version (or the bump the working
/// tree makes) must cover; `None` when `HEAD`'s version is another (the
/// bump is in the working tree: compare with `HEAD`) or there is no history.
fn release_commit(root: &Path, version: Option<Version>) -> Option<String> {
    let version = version?;
    let commits = git(root, &["log", "--format=%H", "--", MANIFEST]).ok()?;
    let mut release = None;
    for commit in commits.lines() {
        let at = git(root, &["show", &format!("{commit}:{MANIFEST}")])
            .ok()
            .and_then(|t| manifest_version(&t));
        if at != Some(version) {
            break;
        }
        release = Some(commit.to_string());
    }
    release
}

/// Runs git in `root`; its standard output, trimmed at the end.
fn git(root: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .current_dir(root)
        .output()
        .map_err(|e| format!("could not run git: {e}"))?;
    if output.status.success() {
        String::from_utf8(output.stdout)
            .map(|s| s.trim_end().to_string())
            .map_err(|_| format!("`git {}` printed text that is not UTF-8", args.join(" ")))
    } else {
        Err(format!(
            "`git {}` failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// A crate version `MAJOR.MINOR.PATCH` (pre-release and build parts are not
/// compared).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

pub fn parse_version(text: &str) -> Option<Version> {
    let core = text.split(['-', '+']).next()?;
    let mut parts = core.split('.').map(|p| p.parse::<u64>().ok());
    let version = Version {
        major: parts.next()??,
        minor: parts.next()??,
        patch: parts.next()??,
    };
    parts.next().is_none().then_some(version)
}

/// The `version` of the `[package]` table of a Cargo.toml.
pub fn manifest_version(toml: &str) -> Option<Version> {
    let mut in_package = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(rest) = line.strip_prefix("version") {
            let value = rest.trim_start().strip_prefix('=')?.trim();
            return parse_version(value.trim_matches('"'));
        }
    }
    None
}

/// The release a set of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// Cargo's rules: from 1.0, breaking is major, additions minor, the rest
/// patch. Before 1.0 everything moves one place right: 0.y.z breaks with
/// 0.(y+1).0, and both additions and fixes are patches; 0.0.z breaks with
/// every release, so every change is a patch there.
pub fn needed(from: Version, breaking: bool, additions: bool, any: bool) -> Bump {
    match (from.major, from.minor) {
        _ if !any => Bump::None,
        (0, 0) => Bump::Patch,
        (0, _) if breaking => Bump::Minor,
        (0, _) => Bump::Patch,
        _ if breaking => Bump::Major,
        _ if additions => Bump::Minor,
        _ => Bump::Patch,
    }
}

pub fn next(from: Version, bump: Bump) -> Version {
    match bump {
        Bump::None => from,
        Bump::Patch => Version {
            patch: from.patch + 1,
            ..from
        },
        Bump::Minor => Version {
            major: from.major,
            minor: from.minor + 1,
            patch: 0,
        },
        Bump::Major => Version {
            major: from.major + 1,
            minor: 0,
            patch: 0,
        },
    }
}

/// Whether `new` is outside Cargo's compatible range of `old` (`^old`), so
/// users of `old` do not get it without editing their Cargo.toml.
pub fn is_breaking_release(old: Version, new: Version) -> bool {
    match (old.major, old.minor) {
        (0, 0) => new > old,
        (0, minor) => new.major > 0 || new.minor > minor,
        (major, _) => new.major > major,
    }
}

fn render_human(report: &Report) -> String {
    let mut out = format!(
        "spec-diff: {}\n       -> {}\n",
        report.old.label, report.new.label
    );
    if let Some(note) = &report.note {
        out.push_str(&format!("\n{note}\n"));
        return out;
    }
    if report.changes.is_empty() {
        out.push_str("\nno changes to the crate's API\n");
        return out;
    }
    let width = 12;
    let mut last: Option<(Scope, &str)> = None;
    for change in &report.changes {
        let group = (change.scope, change.subject.as_str());
        if last != Some(group) {
            out.push_str(&format!("\n{}\n", change.subject));
            last = Some(group);
        }
        let tag = match change.severity {
            Severity::Breaking => "BREAKING",
            Severity::Compatible => "compatible",
        };
        out.push_str(&format!("  {tag:<width$}{}\n", change.what));
        out.push_str(&format!("  {:<width$}why: {}\n", "", change.reason));
    }
    let breaking = report.breaking();
    let compatible = report.changes.len() - breaking;
    out.push_str(&format!(
        "\n{breaking} breaking, {compatible} compatible change{}\n",
        if compatible == 1 { "" } else { "s" }
    ));
    out.push_str(&verdict(report));
    out.push('\n');
    out
}

/// The version lines of the human report.
fn verdict(report: &Report) -> String {
    let bump = report.bump();
    let rule = "(semver as Cargo reads it: from 1.0 breaking = major, additions = minor, \
                else patch; before 1.0 breaking = minor, else patch)";
    let Some(start) = report.start_version() else {
        return format!("needs a {} release\n{rule}", bump.as_str());
    };
    let target = next(start, bump);
    let mut text = format!(
        "needs a {} release of whop: {start} -> {target}\n{rule}",
        bump.as_str()
    );
    if report.from_git && report.breaking() > 0 {
        match report.new.version {
            Some(now) if report.declared() => text.push_str(&format!(
                "\nwhop's version is {now} in the working tree: the breaking changes are declared"
            )),
            Some(now) => text.push_str(&format!(
                "\nwhop's version is still {now}: set CRATE_VERSION in xtask/src/main.rs to {target} \
                 and run `cargo xtask codegen` (or pass --allow-breaking to only report)"
            )),
            None => text.push_str(&format!("\n{MANIFEST} has no version to check")),
        }
    }
    text
}

fn render_json(report: &Report) -> String {
    use serde_json::{Value, json};
    let version = |v: Option<Version>| v.map_or(Value::Null, |v| json!(v.to_string()));
    let bump = report.bump();
    let changes: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            json!({
                "scope": c.scope.as_str(),
                "subject": c.subject,
                "member": c.member,
                "kind": c.kind.as_str(),
                "severity": c.severity.as_str(),
                "what": c.what,
                "reason": c.reason,
            })
        })
        .collect();
    let breaking = report.breaking();
    let verdict = if report.changes.is_empty() {
        "none"
    } else if breaking > 0 {
        "breaking"
    } else {
        "compatible"
    };
    let value = json!({
        "format": 1,
        "old": report.old.label,
        "new": report.new.label,
        "note": report.note,
        "verdict": verdict,
        "breaking": breaking,
        "compatible": report.changes.len() - breaking,
        "version": {
            "old": version(report.old.version),
            "new": version(report.new.version),
            "bump": bump.as_str(),
            "suggested": version(report.start_version().map(|v| next(v, bump))),
            "declared": report.declared(),
        },
        "changes": changes,
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        parse_version(text).unwrap_or_else(|| panic!("bad version {text}"))
    }

    #[test]
    fn versions_parse() {
        assert_eq!(
            parse_version("1.2.3-beta.1"),
            Some(Version {
                major: 1,
                minor: 2,
                patch: 3
            })
        );
        assert_eq!(parse_version("1.2"), None);
        assert_eq!(parse_version("1.2.3.4"), None);
        assert_eq!(parse_version("x.2.3"), None);
    }

    #[test]
    fn the_version_comes_from_the_package_table() {
        let toml = "# note\n[package]\nname = \"whop\"\nversion = \"0.3.1\"\n\n[dependencies]\nversion = \"9.9.9\"\n";
        assert_eq!(manifest_version(toml), Some(v("0.3.1")));
        assert_eq!(
            manifest_version("[dependencies]\nversion = \"1.0.0\"\n"),
            None
        );
    }

    #[test]
    fn bumps_after_1_0() {
        assert_eq!(needed(v("1.4.2"), true, true, true), Bump::Major);
        assert_eq!(needed(v("1.4.2"), false, true, true), Bump::Minor);
        assert_eq!(needed(v("1.4.2"), false, false, true), Bump::Patch);
        assert_eq!(needed(v("1.4.2"), false, false, false), Bump::None);
        assert_eq!(next(v("1.4.2"), Bump::Major), v("2.0.0"));
        assert_eq!(next(v("1.4.2"), Bump::Minor), v("1.5.0"));
    }

    #[test]
    fn bumps_before_1_0() {
        assert_eq!(needed(v("0.1.0"), true, false, true), Bump::Minor);
        assert_eq!(needed(v("0.1.0"), false, true, true), Bump::Patch);
        assert_eq!(needed(v("0.0.3"), true, false, true), Bump::Patch);
        assert_eq!(next(v("0.1.7"), Bump::Minor), v("0.2.0"));
    }

    #[test]
    fn breaking_releases_follow_cargo_caret_ranges() {
        assert!(is_breaking_release(v("0.1.0"), v("0.2.0")));
        assert!(is_breaking_release(v("0.1.0"), v("1.0.0")));
        assert!(!is_breaking_release(v("0.1.0"), v("0.1.5")));
        assert!(is_breaking_release(v("0.0.1"), v("0.0.2")));
        assert!(is_breaking_release(v("1.2.0"), v("2.0.0")));
        assert!(!is_breaking_release(v("1.2.0"), v("1.9.0")));
        assert!(!is_breaking_release(v("0.2.0"), v("0.1.0")));
    }

    #[test]
    fn arguments() {
        let args = |a: &[&str]| parse_args(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert!(args(&["a.yml"]).is_err());
        assert!(args(&["--format", "xml"]).is_err());
        assert!(args(&["a", "b", "--base", "HEAD"]).is_err());
        let parsed = args(&["a", "b", "--format", "json", "--allow-breaking"]);
        assert!(matches!(
            parsed,
            Ok(Args {
                json: true,
                allow_breaking: true,
                old: Some(_),
                new: Some(_),
                ..
            })
        ));
    }
}
