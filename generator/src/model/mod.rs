//! The API model (IR): plain data with every Rust name already chosen.
//! Emitters read only this, never openapiv3. The IR is `api`, `types` and
//! `webhooks`; `build` makes it from a parsed document; `graph` and
//! `names` are the rules both sides share.

pub mod api;
pub mod build;
pub(crate) mod graph;
pub mod names;
pub mod types;
pub mod webhooks;

pub use api::*;
pub use types::*;
