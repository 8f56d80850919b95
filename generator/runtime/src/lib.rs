//! The runtime of the generated crates, on its own: `client.rs`,
//! `encode.rs`, `error.rs`, `pagination.rs` and `webhooks.rs` are copied
//! verbatim into every crate the generator writes (the files
//! `generator/src/emit/crate_files.rs` lists); this file and
//! `webhooks/events.rs` are not. They stand in for what the generator
//! writes around the runtime (`lib.rs`'s constants, the spec's webhook
//! events), with the values of an API with one bearer-token scheme, so
//! that the runtime builds, lints and runs its unit tests here, once.

// Nothing here sends requests or pages (a generated crate's resources do):
// that side of the runtime is unused, as in a crate without operations.
#[allow(dead_code)]
mod client;
mod encode;
mod error;
#[allow(dead_code)]
mod pagination;
#[cfg(feature = "webhooks")]
pub mod webhooks;

#[cfg(feature = "tracing-subscriber")]
pub use client::init_logging;
pub use client::{
    Call, Client, ClientBuilder, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, RETRY_COUNT_HEADER,
    RawResponse, RequestOptions,
};
pub use error::{ApiError, Error, ErrorDetail, Result};
/// The `reqwest` this crate sends requests with.
pub use reqwest;

/// The API's base URL, from the spec's first server.
pub const DEFAULT_BASE_URL: &str = "https://api.example.com/v1";
/// The environment variable [`Client::from_env`] reads the API key from.
pub const API_KEY_ENV: &str = "EXAMPLE_API_KEY";
/// The environment variable that overrides [`DEFAULT_BASE_URL`] in [`Client::from_env`].
pub const BASE_URL_ENV: &str = "EXAMPLE_BASE_URL";
/// The environment variable naming the level of the client's log,
/// read by `init_logging` (feature `tracing-subscriber`) only.
pub const LOG_ENV: &str = "EXAMPLE_LOG";
/// How the API key is sent, from the spec's security scheme.
pub const AUTH_SCHEME: &str = "Authorization: Bearer <key>";
/// What the runtime reads of this API: the constants above, and its
/// security schemes.
pub(crate) const CONFIG: client::Config = client::Config {
    default_base_url: DEFAULT_BASE_URL,
    api_key_env: API_KEY_ENV,
    base_url_env: BASE_URL_ENV,
    log_env: LOG_ENV,
    schemes: &[client::Scheme {
        name: "bearerAuth",
        auth: client::Auth::Bearer,
    }],
    security: &[&[0]],
    basic_env: ["EXAMPLE_USERNAME", "EXAMPLE_PASSWORD"],
};
