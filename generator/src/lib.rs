//! Reads an OpenAPI 3.0 or 3.1 document and writes a Rust client crate for it.
//!
//! One way through: [`read`] (YAML or JSON) -> `lower` (3.1 to what
//! `openapiv3` reads) -> `parse` (`openapiv3::OpenAPI`) -> [`model`] (names
//! chosen, `$ref`s resolved) -> `emit` (quote) -> prettyplease -> files.
//! The caller writes the files.
//!
//! The public API is what callers need: [`generate`] (text in, files out),
//! [`load`] and [`emit_crate`] (the two halves, for a caller that keeps the
//! model), [`diff::diff`] (two models compared as users meet them), the
//! [`model`] types those expose, [`Config`] and [`Error`]. The stages are
//! private; `docs/ARCHITECTURE.md` maps them.
//!
//! The generator knows nothing of any particular API: the crate name and the
//! environment-variable prefix come from [`Config`].

pub mod diff;
mod emit;
mod error;
mod limits;
mod lower;
pub mod model;
mod parse;
mod read;
mod surface;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

pub use emit::crate_files::RUNTIME;
pub use emit::{PREAMBLE_RS, PREAMBLE_TOML};
pub use error::Error;
pub use model::Api;
pub use read::read;

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
    /// mock server serving the spec (see `emit/conformance.rs`).
    pub conformance_tests: bool,
    /// What crates.io shows of the package (`readme`, `keywords`,
    /// `categories` in `Cargo.toml`).
    pub package: Package,
    /// How the API's webhook sender turns the secret it shows into its HMAC
    /// key: the form `Webhook::new` and `Webhook::from_env` read (the
    /// crate's `webhooks::SECRET_FORM`). A spec does not say it.
    pub webhook_secret: WebhookSecret,
    /// The resource (its accessor, `products`) whose calls the crate's front
    /// page shows: the ones an integration makes first, which a spec does
    /// not say. `None`, or a name no resource has: the resource showing the
    /// most of the flows (list, retrieve, create, update).
    pub front_page_resource: Option<String>,
}

/// The generated package's crates.io metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    /// The README's path from the crate's directory (`../README.md`).
    pub readme: Option<String>,
    /// At most five crates.io keywords.
    pub keywords: Vec<String>,
    /// crates.io category slugs.
    pub categories: Vec<String>,
}

impl Default for Package {
    /// No README or keywords; the category every generated client is in.
    fn default() -> Self {
        Package {
            readme: None,
            keywords: Vec::new(),
            categories: vec!["api-bindings".to_string()],
        }
    }
}

/// The form of an API's webhook secrets (see [`Config::webhook_secret`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum WebhookSecret {
    /// Standard Webhooks' form, `whsec_<base64>`: the key is the decoded
    /// base64. What the Standard Webhooks specification and libraries
    /// expect, and so the default.
    #[default]
    Standard,
    /// The secret's own bytes, whatever its shape, for senders that sign
    /// with the text they show (even one that looks like `whsec_<base64>`).
    Raw,
}

impl Config {
    /// Settings derived from a crate name: version 0.1.0, the name in upper
    /// case as the environment prefix, a workspace of its own, Standard
    /// Webhooks secrets.
    pub fn for_crate(name: &str) -> Config {
        Config {
            crate_name: name.to_string(),
            crate_version: "0.1.0".to_string(),
            env_prefix: name.to_uppercase().replace('-', "_"),
            workspace_member: false,
            conformance_tests: false,
            package: Package::default(),
            webhook_secret: WebhookSecret::Standard,
            front_page_resource: None,
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
fn load_timed(spec_text: &str, file: &str, timings: &mut Timings) -> Result<Api, Error> {
    let load = || {
        let mut doc = timings.time("read", || read::read(spec_text, file))?;
        timings.time("lower", || lower::lower(&mut doc, file))?;
        let spec = timings.time("parse", || parse::parse(&doc, file))?;
        timings.time("model", || {
            let webhooks = model::build::webhooks::read(&doc, file)?;
            model::build::build(&spec, &webhooks, file)
        })
    };
    with_stack(load).map_err(|e| Error::file(file, e))?
}

/// Stack size of the threads the generator works on. Every stage recurses
/// as deep as the document nests (which `read` bounds at 128 levels), and
/// openapiv3's deserializers take tens of kilobytes of stack per level in a
/// debug build: more than the 2 MiB a spawned thread has by default.
const STACK_SIZE: usize = 64 << 20;

/// Runs `work` on a thread of its own with a stack of [`STACK_SIZE`], so
/// that how deep a document may nest does not depend on the caller's
/// thread. A panic is passed on; an error means the thread could not start.
fn with_stack<T: Send>(work: impl FnOnce() -> T + Send) -> Result<T, String> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("generator".to_string())
            .stack_size(STACK_SIZE)
            .spawn_scoped(scope, work)
            .map_err(|e| format!("could not start a thread for the generator: {e}"))?;
        match handle.join() {
            Ok(value) => Ok(value),
            Err(panic) => std::panic::resume_unwind(panic),
        }
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

/// One Rust file of the crate, or one part of `models.rs`, emitted and
/// formatted on its own.
enum Job<'a> {
    Lib,
    /// Part `k` of [`MODEL_PARTS`].
    Models(usize),
    WebhookEvents,
    ResourcesMod,
    Resource(&'a model::Resource),
    Conformance,
}

/// `models.rs` is most of a crate (78 % of the whole Whop API's lines):
/// emitted and formatted in this many parts, so that every core has a
/// share of it. The parts are whole items and are joined in order; the
/// file does not depend on the number.
const MODEL_PARTS: usize = 8;

impl Job<'_> {
    fn path(&self) -> String {
        match self {
            Job::Lib => "src/lib.rs".to_string(),
            Job::Models(_) => "src/models.rs".to_string(),
            Job::WebhookEvents => "src/webhooks/events.rs".to_string(),
            Job::ResourcesMod => "src/resources/mod.rs".to_string(),
            Job::Resource(r) => format!("src/resources/{}.rs", model::names::unraw(&r.accessor)),
            Job::Conformance => "tests/conformance.rs".to_string(),
        }
    }

    fn tokens(
        &self,
        api: &Api,
        models: &emit::models::Models,
        values: &emit::values::Values,
        config: &Config,
    ) -> Result<proc_macro2::TokenStream, String> {
        Ok(match self {
            Job::Lib => emit::crate_files::lib_rs(api, config),
            Job::Models(k) => models.part(*k, MODEL_PARTS),
            Job::WebhookEvents => emit::webhooks::events_rs(api, config),
            Job::ResourcesMod => emit::resources::mod_rs(api),
            Job::Resource(r) => emit::resources::resource_rs(r, &api.schemes, values),
            Job::Conformance => emit::conformance::conformance_rs(
                api,
                &config.crate_name.replace('-', "_"),
                &config.env_prefix,
            )?,
        })
    }
}

/// What one thread emitted and formatted (by job index), and how long each
/// took.
type Done = (Vec<(usize, Result<String, String>)>, Duration, Duration);

/// [`emit_crate`], recording the time to build the token streams (`emit`)
/// and to format them as text (`format`) in `timings`. Jobs (files, and
/// parts of `models.rs`) are emitted and formatted on as many threads as
/// there are cores, each thread taking the next job when done with one
/// (formatting is most of the generator's time); the two figures are then
/// the threads' summed time. The output does not depend on the number of
/// threads.
fn emit_crate_timed(api: &Api, config: &Config, timings: &mut Timings) -> Result<Output, String> {
    let start = Instant::now();
    let models = emit::models::Models::new(api);
    let lib = config.crate_name.replace('-', "_");
    let values = emit::values::Values::new(api, &lib);
    let plan_time = start.elapsed();
    // The models' parts first: they are the largest jobs.
    let mut jobs: Vec<Job> = (0..MODEL_PARTS).map(Job::Models).collect();
    jobs.extend([Job::Lib, Job::WebhookEvents, Job::ResourcesMod]);
    jobs.extend(api.resources.iter().map(Job::Resource));
    if config.conformance_tests {
        jobs.push(Job::Conformance);
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let next = std::sync::atomic::AtomicUsize::new(0);
    let run = || -> Done {
        let (mut emit_time, mut format_time) = (Duration::ZERO, Duration::ZERO);
        let mut out = Vec::new();
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(job) = jobs.get(i) else {
                break;
            };
            let start = Instant::now();
            let tokens = job.tokens(api, &models, &values, config);
            emit_time += start.elapsed();
            let start = Instant::now();
            let text = tokens.and_then(|t| emit::format_items(t, &job.path()));
            format_time += start.elapsed();
            out.push((i, text));
        }
        (out, emit_time, format_time)
    };
    // Every worker on a thread with a stack of STACK_SIZE: emitting and
    // formatting recurse as deep as the types nest.
    let done: Vec<Done> = std::thread::scope(|scope| {
        let mut handles = Vec::new();
        for _ in 0..threads {
            let handle = std::thread::Builder::new()
                .name("generator-emit".to_string())
                .stack_size(STACK_SIZE)
                .spawn_scoped(scope, run)
                .map_err(|e| format!("could not start a thread for the generator: {e}"))?;
            handles.push(handle);
        }
        let mut done = Vec::new();
        for handle in handles {
            match handle.join() {
                Ok(d) => done.push(d),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        Ok::<_, String>(done)
    })?;
    let (mut emit_time, mut format_time) = (plan_time, Duration::ZERO);
    // Results in job order: the first error reported is always the same,
    // and the parts of models.rs are joined in order.
    let mut results: Vec<(usize, Result<String, String>)> = Vec::new();
    for (out, e, f) in done {
        emit_time += e;
        format_time += f;
        results.extend(out);
    }
    results.sort_by_key(|(i, _)| *i);
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for (i, text) in results {
        let path = jobs.get(i).map(Job::path).unwrap_or_default();
        let text = text?;
        match texts.get_mut(&path) {
            Some(whole) if matches!(jobs.get(i), Some(Job::Models(_))) => whole.push_str(&text),
            Some(_) => {
                return Err(format!(
                    "internal error: two generated files are both `{path}`"
                ));
            }
            None => {
                texts.insert(path, format!("{}\n{text}", emit::PREAMBLE_RS));
            }
        }
    }
    let mut files = BTreeMap::new();
    files.insert(
        "Cargo.toml".to_string(),
        emit::crate_files::cargo_toml(api, config),
    );
    files.extend(texts);
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
