//! The root package: examples (`examples/`) and end-to-end tests (`tests/`)
//! that use the generated `whop` crate the way a user does. Its build
//! script guards against a stale `generated/`.
//!
//! The README is included below, and each `docs/*.md` in an item that only
//! exists while rustdoc collects doctests, so the Rust blocks of all of them
//! compile (and run) as doctests: `cargo test --doc -p whop-workspace`.
#![doc = include_str!("../README.md")]

/// `docs/generator.md`: the generator's manual.
#[cfg(doctest)]
#[doc = include_str!("../docs/generator.md")]
pub struct GeneratorDocs;

/// `docs/spec-diff.md`: `cargo xtask spec-diff`'s rules and output.
#[cfg(doctest)]
#[doc = include_str!("../docs/spec-diff.md")]
pub struct SpecDiffDocs;

/// `docs/ARCHITECTURE.md`: the stages and what each file owns.
#[cfg(doctest)]
#[doc = include_str!("../docs/ARCHITECTURE.md")]
pub struct ArchitectureDocs;

/// `docs/contributing.md`: tests, CI, fuzzing, Prism.
#[cfg(doctest)]
#[doc = include_str!("../docs/contributing.md")]
pub struct ContributingDocs;
