//! The root package: examples (`examples/`) and end-to-end tests (`tests/`)
//! that use the generated `whop` crate the way a user does. Its build
//! script guards against a stale `generated/`.
//!
//! The README is included below so its code examples compile as doctests.
#![doc = include_str!("../README.md")]
