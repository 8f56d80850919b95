//! The API model (IR): plain data with every Rust name already chosen.
//! Emitters read only this, never openapiv3. The IR is `api`, `types` and
//! `webhooks`; `build` makes it from a parsed document; `graph` and
//! `names` are the rules both sides share.

mod api;
pub(crate) mod build;
pub(crate) mod graph;
pub(crate) mod names;
mod types;
mod webhooks;

pub use api::*;
pub use types::*;
pub use webhooks::*;
