//! The generator's time stays linear in the size of the spec: generating
//! the largest corpus spec (Stripe, 4.2 MB) takes at most a few times as long
//! as merely parsing its text with serde_yaml (the floor), both measured
//! here, in the same build and process, so the ratio holds in debug and
//! release alike. The figures of record are `cargo xtask bench`'s
//! (BENCHMARKS.md); this only catches a generator gone quadratic.

use std::path::Path;
use std::time::{Duration, Instant};

/// The largest spec of the corpus.
const LARGEST: &str = "stripe.yaml";

/// Generating may take this many times the parse floor. Release builds
/// measure about 4x (BENCHMARKS.md); debug builds, where the generator's
/// own code is unoptimised like serde_yaml's, somewhat more. A quadratic
/// step on a spec of this size is hundreds of times slower.
const MAX_RATIO: f64 = 12.0;

/// The fastest of `runs` runs of `work`.
fn fastest(runs: usize, mut work: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn generating_the_largest_corpus_spec_is_a_few_parses_long() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/specs/corpus")
        .join(LARGEST);
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipping: {} is absent", path.display());
        return;
    };
    let config = generator::Config::for_crate("stripe");
    let file = path.display().to_string();
    let parse = fastest(2, || {
        let value: serde_yaml::Value = serde_yaml::from_str(&text).expect("stripe.yaml is YAML");
        drop(value);
    });
    let generate = fastest(2, || {
        let output = generator::generate(&text, &file, &config).unwrap_or_else(|e| panic!("{e}"));
        drop(output);
    });
    let ratio = generate.as_secs_f64() / parse.as_secs_f64();
    println!("{LARGEST}: parse {parse:?}, generate {generate:?}: {ratio:.2}x");
    assert!(
        ratio <= MAX_RATIO,
        "generating {LARGEST} took {ratio:.1}x its parse time (at most {MAX_RATIO}x): parse {parse:?}, generate {generate:?}"
    );
}
