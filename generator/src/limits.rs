//! How deep the generator follows nesting in a spec, in one place. A spec is
//! untrusted input: each limit turns a pathological document into an error
//! with its JSON pointer instead of a stack overflow or an endless loop.
//!
//! Two limits, because two different things nest:
//! - [`TEXT_DEPTH`]: the YAML or JSON text itself (`read`), whatever it
//!   holds. serde_json's own recursion limit has the same value.
//! - [`SCHEMA_DEPTH`]: schemas inside schemas, counted one per schema
//!   (`properties/a`, `items`, `allOf/0`, ...), and chains of `$ref` or
//!   `allOf` followed one hop at a time. `lower` checks it on the text as
//!   written, the model's type space on what it converts; the same value
//!   means a document `lower` accepts is never refused by the model for
//!   its inline nesting. One schema level takes at least one level of text,
//!   so [`TEXT_DEPTH`] is the larger.

/// Deepest nesting of YAML or JSON values read.
pub(crate) const TEXT_DEPTH: usize = 128;

/// Deepest nesting of schemas in schemas, and the longest `$ref` or
/// `allOf` chain followed.
pub(crate) const SCHEMA_DEPTH: usize = 64;
