//! The crate around the code: `Cargo.toml`, `src/lib.rs`, and the runtime
//! files, which are emitted as they are.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_lines;
use crate::Config;
use crate::model::{Api, Auth, Doc, Resource};

/// Runtime sources, emitted verbatim into `src/` (path, text).
pub const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../runtime/client.rs")),
    ("src/error.rs", include_str!("../../runtime/error.rs")),
    PAGINATION,
];

const PAGINATION: (&str, &str) = (
    "src/pagination.rs",
    include_str!("../../runtime/pagination.rs"),
);

/// The runtime files this API's crate needs: pagination only where an
/// operation pages.
pub fn runtime_files(api: &Api) -> Vec<(&'static str, &'static str)> {
    RUNTIME
        .iter()
        .copied()
        .filter(|file| *file != PAGINATION || paginates(api))
        .collect()
}

fn paginates(api: &Api) -> bool {
    api.resources
        .iter()
        .flat_map(|r| &r.operations)
        .any(|o| o.pagination.is_some())
}

/// The feature that turns on every tag (on by default).
pub const ALL_TAGS: &str = "all-tags";

/// The cargo feature that compiles a resource (one tag): its module's name,
/// or `{name}-tag` where that is taken by one of the crate's own features.
pub fn feature(resource: &Resource) -> String {
    let name = crate::model::names::unraw(&resource.accessor);
    match name {
        "default" | "serialize" => format!("{name}-tag"),
        _ => name.to_string(),
    }
}

/// `[features]` lines for the tags: one feature each, all of them in
/// `all-tags`.
fn tag_features(api: &Api) -> String {
    let names: Vec<String> = api.resources.iter().map(feature).collect();
    let mut out = format!(
        "{ALL_TAGS} = [{}]\n",
        names
            .iter()
            .map(|n| toml_string(n))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for name in &names {
        out.push_str(&format!("{name} = []\n"));
    }
    out
}

pub fn cargo_toml(api: &Api, config: &Config) -> String {
    let description = format!(
        "Client for the {}, generated from its OpenAPI document",
        api.title.trim()
    );
    let chrono = if api.uses_datetime() {
        "chrono = { version = \"0.4.40\", default-features = false, features = [\"serde\", \"std\"] }\n"
    } else {
        ""
    };
    let futures = if paginates(api) {
        "futures-core = \"0.3.30\"\nfutures-util = { version = \"0.3.30\", default-features = false }\n"
    } else {
        ""
    };
    let dev = if config.conformance_tests {
        "\n# tests/conformance.rs\n[dev-dependencies]\ntokio = { version = \"1.40\", features = [\"macros\", \"rt-multi-thread\", \"time\"] }\n"
    } else {
        ""
    };
    let workspace = if config.workspace_member {
        ""
    } else {
        "\n# Its own workspace, so it builds wherever it is written.\n[workspace]\n"
    };
    format!(
        r#"{preamble}
[package]
name = {name}
version = {version}
edition = "2024"
rust-version = "1.88"
description = {description}
license = "MIT OR Apache-2.0"

[features]
default = ["rustls-tls", "{all_tags}"]
# TLS for https base URLs: rustls (default) or the platform's native TLS.
rustls-tls = ["reqwest/rustls-tls"]
native-tls = ["reqwest/native-tls"]
# `Serialize` also on the types the API only sends back (to cache or forward
# them as JSON). Types sent to the API always have it.
serialize = []
# One feature per tag (resource), all on by default: a program that uses a
# few builds faster with `default-features = false, features = ["rustls-tls",
# "<tag>", ..]`. A model only a few tags use compiles with one of them.
{tags}
[dependencies]
{chrono}fastrand = "2"
{futures}percent-encoding = "2.3"
reqwest = {{ version = "0.12.20", default-features = false }}
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = "1.0.120"
tokio = {{ version = "1.40", features = ["time"] }}
{dev}{workspace}"#,
        preamble = super::PREAMBLE_TOML,
        name = toml_string(&config.crate_name),
        version = toml_string(&config.crate_version),
        description = toml_string(&description),
        all_tags = ALL_TAGS,
        tags = tag_features(api),
    )
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub fn lib_rs(api: &Api, config: &Config) -> TokenStream {
    let krate = &config.crate_name;
    let lib = krate.replace('-', "_");
    // Empty when the spec names no server: `build()` then asks for one.
    let base_url = api.base_url.clone().unwrap_or_default();
    let example_base_url = if base_url.is_empty() {
        "http://127.0.0.1:8080"
    } else {
        base_url.as_str()
    };
    let api_key_env = format!("{}_API_KEY", config.env_prefix);
    let (auth_scheme, auth) = match &api.auth {
        Auth::Bearer => (
            "Authorization: Bearer <key>".to_string(),
            quote!(client::Auth::Bearer),
        ),
        Auth::Header(name) => (
            format!("{name}: <key>"),
            quote!(client::Auth::Header(#name)),
        ),
        Auth::Query(name) => (format!("?{name}=<key>"), quote!(client::Auth::Query(#name))),
    };
    let base_url_env = format!("{}_BASE_URL", config.env_prefix);

    let mut front = Doc::default();
    front.push(Some(&format!(
        "Rust client for the {} (API version {}), generated from its OpenAPI document.",
        api.title.trim(),
        api.version.trim()
    )));
    for p in api.doc.paragraphs.iter().skip(1) {
        front.push(Some(p));
    }
    let mut lines = doc_lines(&front);
    let example = api
        .resources
        .iter()
        .flat_map(|r| r.operations.iter().map(move |o| (r, o)))
        .next()
        .map(|(r, o)| {
            format!(
                "client.{}().{}(..)",
                r.accessor,
                crate::model::names::unraw(&o.method_name)
            )
        });
    let usage = format!(
        r#"
# Use

```no_run
# async fn run() -> Result<(), {lib}::Error> {{
// From the environment: {api_key_env} (required) and {base_url_env}.
let client = {lib}::Client::from_env()?;

// Or configured in code.
let client = {lib}::Client::builder()
    .api_key("my key")
    .base_url("{example_base_url}")
    .timeout(std::time::Duration::from_secs(30))
    .max_retries(2)
    .build()?;
# let _ = client;
# Ok(())
# }}
```

Operations are grouped by tag{example}. Each returns [`Result`], whose
[`Error`] tells API errors (with status and parsed body) from connection
failures, timeouts and undecodable answers.

# Environment

- `{api_key_env}`: the API key [`Client::from_env`] sends (as `{auth_scheme}`).
- `{base_url_env}`: overrides the base URL (default [`DEFAULT_BASE_URL`]).

# Features

Each tag is a cargo feature of the same name, all on by default
(`{ALL_TAGS}`); build only the tags a program uses with
`default-features = false, features = ["rustls-tls", ..]`. TLS comes from
`rustls-tls` (default) or `native-tls`; `serialize` adds `Serialize` to the
types the API only sends back."#,
        example = example.map(|e| format!(": `{e}`")).unwrap_or_default(),
    );
    lines.extend(usage.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    }));
    let docs = lines.iter().map(|l| quote!(#![doc = #l]));
    // Without operations nothing sends requests: the runtime is unused.
    let unused = if api.resources.is_empty() {
        quote!(#[allow(dead_code)])
    } else {
        // With some tags' features off, parts of the runtime go unused.
        quote!(#[cfg_attr(not(feature = #ALL_TAGS), allow(dead_code, unused_imports))])
    };
    let pagination = paginates(api).then(|| {
        quote!(
            #unused
            mod pagination;
        )
    });
    quote! {
        #(#docs)*

        #unused
        mod client;
        #unused
        mod error;
        #pagination
        pub mod models;
        pub mod resources;

        pub use client::{Client, ClientBuilder, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT};
        pub use error::{ApiError, Error, ErrorDetail, Result};

        /// The API's base URL, from the spec's first server (empty when the
        /// spec names none: set one with [`ClientBuilder::base_url`]).
        pub const DEFAULT_BASE_URL: &str = #base_url;
        /// The environment variable [`Client::from_env`] reads the API key from.
        pub const API_KEY_ENV: &str = #api_key_env;
        /// The environment variable that overrides [`DEFAULT_BASE_URL`] in [`Client::from_env`].
        pub const BASE_URL_ENV: &str = #base_url_env;
        /// How the API key is sent, from the spec's security scheme.
        pub const AUTH_SCHEME: &str = #auth_scheme;
        pub(crate) const AUTH: client::Auth = #auth;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(accessor: &str) -> Resource {
        Resource {
            tag: accessor.to_string(),
            struct_name: "X".to_string(),
            accessor: accessor.to_string(),
            doc: Doc::default(),
            operations: Vec::new(),
        }
    }

    #[test]
    fn a_feature_per_tag_named_like_its_module() {
        assert_eq!(feature(&resource("memberships")), "memberships");
        assert_eq!(feature(&resource("r#type")), "type");
        // The crate's own features keep their meaning.
        assert_eq!(feature(&resource("serialize")), "serialize-tag");
        assert_eq!(feature(&resource("default")), "default-tag");
    }
}
