//! The crate around the code: `Cargo.toml`, `src/lib.rs`, and the runtime
//! files, which are emitted as they are but for their unit tests.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_lines};
use crate::Config;
use crate::model::{Api, Auth, BodyMedia, Doc};
use crate::surface::{ALL_TAGS, feature};

/// Runtime sources (path in the crate, text), the files of the runtime
/// crate (`generator/runtime/src/`), emitted into `src/` without their
/// unit tests (`runtime_files`).
pub const RUNTIME: &[(&str, &str)] = &[
    ("src/client.rs", include_str!("../../runtime/src/client.rs")),
    ("src/encode.rs", include_str!("../../runtime/src/encode.rs")),
    ("src/error.rs", include_str!("../../runtime/src/error.rs")),
    PAGINATION,
    (
        "src/webhooks.rs",
        include_str!("../../runtime/src/webhooks.rs"),
    ),
];

const PAGINATION: (&str, &str) = (
    "src/pagination.rs",
    include_str!("../../runtime/src/pagination.rs"),
);

/// The runtime files this API's crate needs, as emitted (without their
/// unit tests): pagination only where an operation pages.
pub fn runtime_files(api: &Api) -> Vec<(&'static str, &'static str)> {
    RUNTIME
        .iter()
        .copied()
        .filter(|file| *file != PAGINATION || paginates(api))
        .map(|(path, text)| (path, without_tests(text)))
        .collect()
}

/// Where a runtime file's unit tests begin. They end the file, and run in
/// the runtime crate (`cargo test -p runtime`), once, instead of in every
/// generated crate.
const TESTS: &str = "\n\n#[cfg(test)]\nmod tests {";

/// A runtime file's text up to its unit tests.
fn without_tests(text: &'static str) -> &'static str {
    match text.find(TESTS) {
        Some(end) => &text[..=end],
        None => text,
    }
}

/// Whether an operation takes a `multipart/form-data` body.
fn uses_multipart(api: &Api) -> bool {
    api.resources
        .iter()
        .flat_map(|r| &r.operations)
        .any(|o| matches!(&o.body, Some(b) if matches!(b.media, BodyMedia::Multipart(_))))
}

fn paginates(api: &Api) -> bool {
    api.resources
        .iter()
        .flat_map(|r| &r.operations)
        .any(|o| o.pagination.is_some())
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
{package}
[features]
default = ["rustls", "webhooks", "{all_tags}"]
# TLS for https base URLs: rustls (default: aws-lc-rs, and the system's root
# certificates, so a minimal container needs its CA certificates installed)
# or the platform's native TLS. Named as reqwest names them.
rustls = ["reqwest/rustls"]
native-tls = ["reqwest/native-tls"]
# `Serialize` also on the types the API only sends back (to cache or forward
# them as JSON). Types sent to the API always have it.
serialize = []
# `init_logging()`: prints the client's `tracing` events to stderr at the
# level the `{env_prefix}_LOG` variable names, when the program calls it.
tracing-subscriber = ["dep:tracing-subscriber"]
# `webhooks`: Standard Webhooks signature checks and the spec's event types.
webhooks = ["dep:base64", "dep:hmac", "dep:sha2"]
# One feature per tag (resource), all on by default: a program that uses a
# few builds faster with `default-features = false, features = ["rustls",
# "<tag>", ..]`. A model only a few tags use compiles with one of them.
{tags}
[dependencies]
base64 = {{ version = "0.22", optional = true }}
bytes = "1.5"
{chrono}fastrand = "2"
{futures}hmac = {{ version = "0.13", optional = true }}
httpdate = "1.0.3"
percent-encoding = "2.3"
reqwest = {{ version = "0.13.5", default-features = false, features = ["query"] }}
serde = {{ version = "1.0.200", features = ["derive"] }}
serde_json = "1.0.120"
sha2 = {{ version = "0.11", optional = true }}
tokio = {{ version = "1.40", features = ["time"] }}
tracing = {{ version = "0.1.40", default-features = false, features = ["std"] }}
tracing-subscriber = {{ version = "0.3.18", default-features = false, features = ["fmt", "registry", "std"], optional = true }}
{dev}{workspace}"#,
        preamble = super::PREAMBLE_TOML,
        name = toml_string(&config.crate_name),
        version = toml_string(&config.crate_version),
        description = toml_string(&description),
        env_prefix = config.env_prefix,
        all_tags = ALL_TAGS,
        tags = tag_features(api),
        package = package_lines(&config.package),
    )
}

/// `readme`, `keywords` and `categories`, then what docs.rs builds with
/// (every feature, and `--cfg docsrs`, under which the crate marks each
/// item with the feature it needs).
fn package_lines(package: &crate::Package) -> String {
    let list = |items: &[String]| {
        items
            .iter()
            .map(|i| toml_string(i))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = String::new();
    if let Some(readme) = &package.readme {
        out.push_str(&format!("readme = {}\n", toml_string(readme)));
    }
    if !package.keywords.is_empty() {
        out.push_str(&format!("keywords = [{}]\n", list(&package.keywords)));
    }
    if !package.categories.is_empty() {
        out.push_str(&format!("categories = [{}]\n", list(&package.categories)));
    }
    out.push_str(
        "\n[package.metadata.docs.rs]\nall-features = true\nrustdoc-args = [\"--cfg\", \"docsrs\"]\n\n[lints.rust]\nunexpected_cfgs = { level = \"warn\", check-cfg = [\"cfg(docsrs)\"] }\n",
    );
    out
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
    // Empty when the spec names no usable server: `build()` then asks for
    // one. The URL is the spec's text, pasted into the doc example below:
    // checked here too, whoever built the model.
    let base_url = api
        .base_url
        .clone()
        .filter(|url| crate::model::base_url_problem(url).is_none())
        .unwrap_or_default();
    let example_base_url = if base_url.is_empty() {
        "http://127.0.0.1:8080"
    } else {
        base_url.as_str()
    };
    let api_key_env = format!("{}_API_KEY", config.env_prefix);
    let auth_scheme = api.auth.describe();
    let schemes = api.schemes.iter().map(|scheme| {
        let name = &scheme.name;
        let auth = match &scheme.auth {
            Auth::Bearer => quote!(client::Auth::Bearer),
            Auth::Header(key) => quote!(client::Auth::Header(#key)),
            Auth::Query(key) => quote!(client::Auth::Query(#key)),
            Auth::Cookie(key) => quote!(client::Auth::Cookie(#key)),
            Auth::Basic => quote!(client::Auth::Basic),
        };
        quote!(client::Scheme { name: #name, auth: #auth })
    });
    let security = security_tokens(&api.security);
    let takes_basic = api.schemes.iter().any(|s| s.auth == Auth::Basic);
    let takes_key = api.schemes.iter().any(|s| s.auth != Auth::Basic);
    let user_env = format!("{}_USERNAME", config.env_prefix);
    let password_env = format!("{}_PASSWORD", config.env_prefix);
    let base_url_env = format!("{}_BASE_URL", config.env_prefix);
    let log_env = format!("{}_LOG", config.env_prefix);

    let mut front = Doc::default();
    front.push(Some(&format!(
        "Rust client for the {} (API version {}), generated from its OpenAPI document.",
        api.title.trim(),
        api.version.trim()
    )));
    for p in api.doc.paragraphs.iter().skip(1) {
        front.push(Some(p));
    }
    let lines = doc_lines(&front);
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
{{FRONT_PAGE}}
# Calls and their options

Each operation returns a [`Call`]: `.await` it for a [`Result`], or call
[`Call::with_raw_response`] to also get the status and headers.
[`RequestOptions`] (timeout, retries, extra headers, query parameters and
body fields) apply to one call with [`Call::with_options`], or to every
call made through a resource with its `with_options`; both take them by
value. They are merged field by field, the later over the earlier: a call's
over its resource's, and those over the client's configuration (a header,
query parameter or body field replaces only one of the same name).
{{OPTIONS}}

Failed attempts are retried ([`DEFAULT_MAX_RETRIES`] times unless
configured) after connection errors, timeouts and 408, 409, 429 and 5xx
answers, with exponential backoff or the wait the server asks for. Each
request is logged as a `tracing` event at debug level, retries at info; the
API key never is.

# Environment

[`Client::from_env`] reads:

{credential_env}- `{base_url_env}`: overrides the base URL (default [`DEFAULT_BASE_URL`]).

It installs no `tracing` subscriber. With the `tracing-subscriber` feature,
`init_logging()`, called by the program, prints the client's log on stderr
at the level `{log_env}` names (`off`, `error`, `warn`, `info`, `debug`).

`webhooks::Webhook::from_env` reads `{secret_env}`, the webhook secret
(feature `webhooks`, on by default: `webhooks::unwrap` checks a webhook's
signature and decodes its event).

# Features

Each tag is a cargo feature of the same name, all on by default
(`{ALL_TAGS}`); build only the tags a program uses with
`default-features = false, features = ["rustls", ..]`. TLS comes from
`rustls` (default) or `native-tls`; `serialize` adds `Serialize` to the
types the API only sends back; `webhooks` (default) the webhook checks."#,
        secret_env = super::webhooks::secret_env(config),
        credential_env = credential_env(
            takes_key,
            takes_basic,
            &api_key_env,
            &auth_scheme,
            &user_env,
            &password_env
        ),
    );

    let usage = match authentication(api) {
        Some(section) => usage.replacen(
            "\n# Environment\n",
            &format!("{section}\n# Environment\n"),
            1,
        ),
        None => usage,
    };
    let mut lines: Vec<super::front_page::Line> = lines.into_iter().map(|l| (None, l)).collect();
    for l in usage.lines() {
        if l == "{FRONT_PAGE}" {
            let values = super::values::Values::new(api, &lib);
            lines.extend(super::front_page::sections(
                api,
                &values,
                config.front_page_resource.as_deref(),
            ));
            lines.push((None, String::new()));
        } else if l == "{OPTIONS}" {
            let values = super::values::Values::new(api, &lib);
            let options =
                super::front_page::options(api, &values, config.front_page_resource.as_deref());
            lines.extend(options);
        } else if l.is_empty() {
            lines.push((None, String::new()));
        } else {
            lines.push((None, format!(" {l}")));
        }
    }
    let docs = lines.iter().map(|(feature, l)| match feature {
        Some(feature) => quote!(#![cfg_attr(feature = #feature, doc = #l)]),
        None => quote!(#![doc = #l]),
    });
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
    let multipart = uses_multipart(api).then(|| {
        quote!(
            pub use encode::Multipart;
        )
    });
    quote! {
        #(#docs)*
        // docs.rs (`--cfg docsrs`, see Cargo.toml) marks each item with the
        // feature it needs.
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #unused
        mod client;
        mod encode;
        #unused
        mod error;
        #pagination
        pub mod models;
        pub mod resources;
        #[cfg(feature = "webhooks")]
        pub mod webhooks;

        pub use client::{
            Call, Client, ClientBuilder, RawResponse, RequestOptions, DEFAULT_MAX_RETRIES,
            DEFAULT_TIMEOUT, RETRY_COUNT_HEADER,
        };
        #[cfg(feature = "tracing-subscriber")]
        pub use client::init_logging;
        pub use error::{ApiError, Error, ErrorDetail, Result};
        #multipart
        /// The `reqwest` this crate sends requests with: build a client for
        /// [`ClientBuilder::http_client`] through it, and the versions match.
        pub use reqwest;

        /// The API's base URL, from the spec's first server (empty when the
        /// spec names none: set one with [`ClientBuilder::base_url`]).
        pub const DEFAULT_BASE_URL: &str = #base_url;
        /// The environment variable [`Client::from_env`] reads the API key from.
        pub const API_KEY_ENV: &str = #api_key_env;
        /// The environment variable that overrides [`DEFAULT_BASE_URL`] in [`Client::from_env`].
        pub const BASE_URL_ENV: &str = #base_url_env;
        /// The environment variable naming the level of the client's log,
        /// read by `init_logging` (feature `tracing-subscriber`) only.
        pub const LOG_ENV: &str = #log_env;
        /// How the API key is sent, from the spec's security scheme.
        pub const AUTH_SCHEME: &str = #auth_scheme;
        /// What the runtime reads of this API: the constants above, and
        /// its security schemes.
        pub(crate) const CONFIG: client::Config = client::Config {
            default_base_url: DEFAULT_BASE_URL,
            api_key_env: API_KEY_ENV,
            base_url_env: BASE_URL_ENV,
            log_env: LOG_ENV,
            schemes: &[#(#schemes),*],
            security: #security,
            basic_env: [#user_env, #password_env],
        };
    }
}

/// A security requirement as a `&[&[usize]]` expression.
pub fn security_tokens(security: &[Vec<usize>]) -> TokenStream {
    let alternatives = security.iter().map(|alternative| {
        let indices = alternative
            .iter()
            .map(|i| proc_macro2::Literal::usize_unsuffixed(*i));
        quote!(&[#(#indices),*])
    });
    quote!(&[#(#alternatives),*])
}

/// The lines of the front page's `# Environment` list about credentials.
fn credential_env(
    takes_key: bool,
    takes_basic: bool,
    api_key_env: &str,
    auth_scheme: &str,
    user_env: &str,
    password_env: &str,
) -> String {
    let key = format!(
        "- `{api_key_env}`: the API key it sends (as {})",
        code_span(auth_scheme)
    );
    let basic = format!(
        "- `{user_env}` and `{password_env}`: the user name and password of HTTP basic \
         authentication (the password may be left unset)"
    );
    match (takes_key, takes_basic) {
        (true, false) => format!("{key}; required.\n"),
        (false, _) => format!("{basic}; required.\n"),
        (true, true) => format!("{key};\n{basic};\none of the two is required.\n"),
    }
}

/// The front page's `# Authentication` section, for an API with several
/// security schemes or operations asking for other credentials than most.
fn authentication(api: &Api) -> Option<String> {
    let own_security = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .any(|o| o.security.is_some());
    if api.schemes.len() < 2 && !own_security {
        return None;
    }
    let mut text = String::from(
        "\n# Authentication\n\nThe API's security schemes, by the name `ClientBuilder::scheme_key` takes:\n\n",
    );
    for scheme in &api.schemes {
        let how = match scheme.auth {
            Auth::Basic => "user name and password from `ClientBuilder::basic_auth`".to_string(),
            _ => "the key from `ClientBuilder::api_key`, or its own from `scheme_key`".to_string(),
        };
        text.push_str(&format!(
            "- {}: {}, {how}.\n",
            code_span(&scheme.name),
            code_span(&scheme.auth.describe())
        ));
    }
    text.push_str(
        "\nEach operation sends the credentials its security asks for (its documentation \
         says when they are not the API's): of the alternatives it lists, the first whose \
         schemes all have credentials configured; none when no alternative has.\n",
    );
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runtime_files_are_emitted_without_their_tests() {
        let spec = include_str!("../../tests/fixtures/pagination.yaml");
        let output = crate::generate(spec, "pagination.yaml", &Config::for_crate("pagination"))
            .unwrap_or_else(|e| panic!("{e}"));
        for (path, _) in RUNTIME {
            let Some(text) = output.files.get(*path) else {
                panic!("{path} is not emitted")
            };
            assert!(!text.contains("#[cfg(test)]"), "{path} has tests");
        }
    }

    #[test]
    fn a_runtime_file_ends_where_its_tests_begin() {
        let text = "fn f() {}\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n";
        assert_eq!(without_tests(text), "fn f() {}\n");
        assert_eq!(without_tests("fn f() {}\n"), "fn f() {}\n");
    }
}
