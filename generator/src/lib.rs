//! Reads an OpenAPI 3.0 or 3.1 document and writes a Rust client crate for it.
//!
//! One way through: [`read`](read::read) (YAML or JSON) -> [`lower`](lower::lower)
//! (3.1 to what `openapiv3` reads) -> [`parse`](parse::parse) (`openapiv3::OpenAPI`) ->
//! [`model`] (names chosen, `$ref`s resolved) -> [`emit`] (quote) ->
//! prettyplease -> files. The caller writes the files.
//!
//! The generator knows nothing of any particular API: the crate name and the
//! environment-variable prefix come from [`Config`].

pub mod diff;
pub mod emit;
pub mod error;
pub mod lower;
pub mod model;
pub mod parse;
pub mod read;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use error::Error;
pub use model::Api;

/// What to call the generated crate and how it finds its settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// The package name (`whop`).
    pub crate_name: String,
    /// The package version (`0.1.0`).
    pub crate_version: String,
    /// Prefix of the environment variables the client reads (`WHOP` ->
    /// `WHOP_API_KEY`, `WHOP_BASE_URL`).
    pub env_prefix: String,
    /// Whether the crate is a member of an enclosing workspace; when false
    /// its `Cargo.toml` declares a workspace of its own.
    pub workspace_member: bool,
    /// Also write `tests/conformance.rs`: every operation called against a
    /// mock server serving the spec (see [`emit::conformance`]).
    pub conformance_tests: bool,
}

impl Config {
    /// Settings derived from a crate name: version 0.1.0, the name in upper
    /// case as the environment prefix, a workspace of its own.
    pub fn for_crate(name: &str) -> Config {
        Config {
            crate_name: name.to_string(),
            crate_version: "0.1.0".to_string(),
            env_prefix: name.to_uppercase().replace('-', "_"),
            workspace_member: false,
            conformance_tests: false,
        }
    }
}

/// The generated crate: relative path -> file text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    pub files: BTreeMap<String, String>,
    /// Parts of the spec that were read and deliberately left out, each with
    /// its JSON pointer.
    pub notes: Vec<String>,
}

/// How long each stage of a generation took, in pipeline order
/// (`read`, `lower`, `parse`, `model`, `emit`, `format`); a stage that
/// failed or was not reached is missing. For benchmarks (`cargo xtask bench`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn time<T>(&mut self, stage: &'static str, run: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = run();
        self.stages.push((stage, start.elapsed()));
        value
    }
}

/// Reads, lowers, parses and models a spec. `file` names it in errors.
pub fn load(spec_text: &str, file: &str) -> Result<Api, Error> {
    load_timed(spec_text, file, &mut Timings::default())
}

/// [`load`], recording how long each stage took in `timings`.
pub fn load_timed(spec_text: &str, file: &str, timings: &mut Timings) -> Result<Api, Error> {
    let mut doc = timings.time("read", || read::read(spec_text, file))?;
    timings.time("lower", || lower::lower(&mut doc, file))?;
    let spec = timings.time("parse", || parse::parse(&doc, file))?;
    timings.time("model", || {
        let webhooks = model::webhooks::read(&doc, file)?;
        model::from_openapi::build_with_webhooks(&spec, &webhooks, file)
    })
}

/// Generates the client crate for a spec.
pub fn generate(spec_text: &str, file: &str, config: &Config) -> Result<Output, Error> {
    generate_timed(spec_text, file, config, &mut Timings::default())
}

/// [`generate`], recording how long each stage took in `timings`.
pub fn generate_timed(
    spec_text: &str,
    file: &str,
    config: &Config,
    timings: &mut Timings,
) -> Result<Output, Error> {
    let api = load_timed(spec_text, file, timings)?;
    emit_crate_timed(&api, config, timings).map_err(|message| Error::file(file, message))
}

/// Writes every file of the crate for a model.
pub fn emit_crate(api: &Api, config: &Config) -> Result<Output, String> {
    emit_crate_timed(api, config, &mut Timings::default())
}

/// One Rust file of the crate, emitted and formatted on its own.
enum Job<'a> {
    Lib,
    Models,
    WebhookEvents,
    ResourcesMod,
    Resource(&'a model::Resource),
    Conformance,
}

impl Job<'_> {
    fn path(&self) -> String {
        match self {
            Job::Lib => "src/lib.rs".to_string(),
            Job::Models => "src/models.rs".to_string(),
            Job::WebhookEvents => "src/webhooks/events.rs".to_string(),
            Job::ResourcesMod => "src/resources/mod.rs".to_string(),
            Job::Resource(r) => format!("src/resources/{}.rs", model::names::unraw(&r.accessor)),
            Job::Conformance => "tests/conformance.rs".to_string(),
        }
    }

    fn tokens(&self, api: &Api, config: &Config) -> Result<proc_macro2::TokenStream, String> {
        Ok(match self {
            Job::Lib => emit::crate_files::lib_rs(api, config),
            Job::Models => emit::models::models_rs(api),
            Job::WebhookEvents => emit::webhooks::events_rs(api, config),
            Job::ResourcesMod => emit::resources::mod_rs(api),
            Job::Resource(r) => emit::resources::resource_rs(r),
            Job::Conformance => emit::conformance::conformance_rs(
                api,
                &config.crate_name.replace('-', "_"),
                &config.env_prefix,
            )?,
        })
    }
}

/// What one thread emitted and formatted, and how long each took.
type Done = (Vec<(String, Result<String, String>)>, Duration, Duration);

/// [`emit_crate`], recording the time to build the token streams (`emit`)
/// and to format them as text (`format`) in `timings`. Files are emitted and
/// formatted on as many threads as there are cores (formatting is most of
/// the generator's time); the two figures are then the threads' summed time.
/// The output does not depend on the number of threads.
pub fn emit_crate_timed(
    api: &Api,
    config: &Config,
    timings: &mut Timings,
) -> Result<Output, String> {
    let mut jobs = vec![Job::Models, Job::Lib, Job::WebhookEvents, Job::ResourcesMod];
    jobs.extend(api.resources.iter().map(Job::Resource));
    if config.conformance_tests {
        jobs.push(Job::Conformance);
    }
    // models.rs is the largest file by far: it goes first, alone on its
    // thread while the others share the rest.
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut shares: Vec<Vec<&Job>> = (0..threads).map(|_| Vec::new()).collect();
    for (i, job) in jobs.iter().enumerate() {
        let share = if i == 0 || threads == 1 {
            0
        } else {
            1 + (i - 1) % (threads - 1)
        };
        shares[share].push(job);
    }
    let run = |share: &[&Job]| -> Done {
        let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
        let mut out = Vec::new();
        for job in share {
            let start = Instant::now();
            let tokens = job.tokens(api, config);
            emit_time += start.elapsed();
            let start = Instant::now();
            let path = job.path();
            let text = tokens.and_then(|t| emit::format_file(t, &path));
            format_time += start.elapsed();
            out.push((path, text));
        }
        (out, emit_time, format_time)
    };
    let done: Vec<Done> = std::thread::scope(|scope| {
        let handles: Vec<_> = shares[1..]
            .iter()
            .map(|share| scope.spawn(|| run(share)))
            .collect();
        let mut done = vec![run(&shares[0])];
        for handle in handles {
            match handle.join() {
                Ok(d) => done.push(d),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        done
    });
    let mut files = BTreeMap::new();
    files.insert(
        "Cargo.toml".to_string(),
        emit::crate_files::cargo_toml(api, config),
    );
    let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
    // Results in job order, so the first error reported is always the same.
    let mut results: Vec<(String, Result<String, String>)> = Vec::new();
    for (out, e, f) in done {
        emit_time += e;
        format_time += f;
        results.extend(out);
    }
    let order: Vec<String> = jobs.iter().map(Job::path).collect();
    results.sort_by_key(|(path, _)| order.iter().position(|p| p == path));
    for (path, text) in results {
        if files.insert(path.clone(), text?).is_some() {
            return Err(format!(
                "internal error: two generated files are both `{path}`"
            ));
        }
    }
    for (path, text) in emit::crate_files::runtime_files(api) {
        files.insert(path.to_string(), format!("{}\n{}", emit::PREAMBLE_RS, text));
    }
    timings.stages.push(("emit", emit_time));
    timings.stages.push(("format", format_time));
    Ok(Output {
        files,
        notes: api.notes.clone(),
    })
}
