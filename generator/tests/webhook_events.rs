//! Webhook events end to end: crates generated from specs with webhooks,
//! and a test written into each that signs every webhook's example from the
//! spec, runs it through `webhooks::unwrap` and checks it decodes into its
//! own variant. The fixture crate also gets the failure cases (tampered
//! body, old timestamp, missing header, bodies that are not events).
//!
//! Specs: `tests/fixtures/webhooks.yaml`; from ../shared (skipped, with a
//! printed reason, when absent) the corpus's 3.1 webhook example. The whole
//! Whop API's 33 webhooks are checked on the committed crate itself, by the
//! root package's tests/webhook_examples.rs. The crates are written into
//! `target/webhook-crates/` and share the target directory of
//! `generated_crates_compile.rs`, so dependencies are built once.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use generator::{Config, WebhookSecret};

#[path = "support/webhook_examples.rs"]
mod webhook_examples;
use webhook_examples::examples;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// (crate name, spec path, extra test code for the crate, form of its
/// webhook secrets).
fn specs() -> Vec<(&'static str, PathBuf, &'static str, WebhookSecret)> {
    let root = root();
    let mut specs = vec![(
        "gen_webhook_events",
        root.join("generator/tests/fixtures/webhooks.yaml"),
        FIXTURE_TESTS,
        WebhookSecret::Standard,
    )];
    let shared = root.join("../shared/specs");
    if shared.is_dir() {
        specs.push((
            "gen_webhook_corpus",
            shared.join("corpus/oai31-webhook-example.yaml"),
            "",
            WebhookSecret::Standard,
        ));
    } else {
        println!(
            "skipping the ../shared specs: {} is absent",
            shared.display()
        );
    }
    specs
}

/// Writes the workspace once; the names of the crates in it, or why one
/// could not be generated.
fn workspace() -> &'static Result<Vec<String>, String> {
    static DONE: OnceLock<Result<Vec<String>, String>> = OnceLock::new();
    DONE.get_or_init(write_workspace)
}

fn write_workspace() -> Result<Vec<String>, String> {
    let dir = root().join("target/webhook-crates");
    let _ = std::fs::remove_dir_all(dir.join("crates"));
    let mut names = Vec::new();
    for (name, spec, extra, webhook_secret) in specs() {
        let text =
            std::fs::read_to_string(&spec).map_err(|e| format!("{}: {e}", spec.display()))?;
        let file = spec.display().to_string();
        let mut config = Config::for_crate(name);
        config.workspace_member = true;
        config.webhook_secret = webhook_secret;
        let output = generator::generate(&text, &file, &config).map_err(|e| e.to_string())?;
        let examples = examples(&text, &file)?;
        let crate_dir = dir.join("crates").join(name);
        for (rel, body) in output.files.into_iter().chain([(
            "tests/events.rs".to_string(),
            events_rs(name, &examples, extra),
        )]) {
            let path = crate_dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("a parent")).map_err(|e| e.to_string())?;
            std::fs::write(&path, body).map_err(|e| e.to_string())?;
        }
        names.push(name.to_string());
    }
    let members: Vec<String> = names.iter().map(|n| format!("\"crates/{n}\"")).collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .map_err(|e| e.to_string())?;
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).map_err(|e| e.to_string())?;
    Ok(names)
}

/// Runs the tests written into one generated crate.
fn run(name: &str) {
    let names = match workspace() {
        Ok(names) => names,
        Err(e) => panic!("{e}"),
    };
    if !names.iter().any(|n| n == name) {
        println!("skipping {name}: its spec is absent");
        return;
    }
    let dir = root().join("target/webhook-crates");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let output = Command::new(cargo)
        .args(["test", "--quiet", "-p", name, "--test", "events"])
        .current_dir(&dir)
        .env(
            "CARGO_TARGET_DIR",
            root().join("target/generated-crates/target"),
        )
        .output()
        .expect("run cargo");
    assert!(
        output.status.success(),
        "{name}:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn fixture_events_verify_and_decode() {
    run("gen_webhook_events");
}

#[test]
fn corpus_webhook_example_decodes() {
    run("gen_webhook_corpus");
}

// ----- the test written into each crate ---------------------------------------

fn events_rs(krate: &str, examples: &[(String, String)], extra: &str) -> String {
    let examples: String = examples
        .iter()
        .map(|(name, body)| format!("    ({name:?}, {body:?}),\n"))
        .collect();
    format!(
        r#"//! Written by generator/tests/webhook_events.rs.
#![allow(clippy::unwrap_used)]

use std::time::{{Duration, SystemTime, UNIX_EPOCH}};

use {krate}::webhooks::{{self, Event, Webhook, WebhookError}};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

/// (webhook name, example body) for every webhook of the spec.
const EXAMPLES: &[(&str, &str)] = &[
{examples}];

fn now() -> i64 {{
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}}

fn headers(body: &str, timestamp: i64) -> Vec<(String, String)> {{
    let signature = Webhook::new(SECRET).unwrap().sign("msg_test", timestamp, body);
    vec![
        ("webhook-id".to_string(), "msg_test".to_string()),
        ("webhook-timestamp".to_string(), timestamp.to_string()),
        ("webhook-signature".to_string(), signature),
    ]
}}

#[test]
fn every_example_decodes_into_its_event() {{
    assert!(!EXAMPLES.is_empty());
    let mut failures = Vec::new();
    for (name, body) in EXAMPLES {{
        match webhooks::unwrap(body, &headers(body, now()), SECRET) {{
            Ok(event) if event.name() == Some(*name) => {{}}
            Ok(event) => failures.push(format!("{{name}}: decoded as {{:?}}", event.name())),
            Err(e) => failures.push(format!("{{name}}: {{e}}")),
        }}
    }}
    assert!(
        failures.is_empty(),
        "{{}} of {{}} examples fail:\n{{}}",
        failures.len(),
        EXAMPLES.len(),
        failures.join("\n")
    );
    let _ = (Duration::ZERO, Event::from_slice(b"{{}}"), WebhookError::InvalidSignature);
}}
{extra}"#
    )
}

/// Failure cases, run against the fixture's crate.
const FIXTURE_TESTS: &str = r##"
const ACTIVATED: &str = r#"{"id": "msg_1", "api_version": "v1", "timestamp": "2025-01-01T00:00:00Z", "type": "membership.activated", "data": {"id": "mem_1", "status": "active"}}"#;

#[test]
fn round_trip_gives_the_typed_payload() {
    let event = webhooks::unwrap(ACTIVATED, &headers(ACTIVATED, now()), SECRET).unwrap();
    match event {
        Event::MembershipActivated(m) => {
            assert_eq!(m.data.id, "mem_1");
            assert_eq!(m.company_id, None);
        }
        other => panic!("{other:?}"),
    }
    // The secret without its prefix, and a verifier kept for many requests.
    let bare = SECRET.trim_start_matches("whsec_");
    assert!(webhooks::verify(ACTIVATED, &headers(ACTIVATED, now()), bare).is_ok());
    let webhook = Webhook::new(SECRET).unwrap().with_tolerance(Duration::from_secs(60));
    assert!(webhook.unwrap(ACTIVATED, &headers(ACTIVATED, now())).is_ok());
    assert!(matches!(
        webhook.unwrap(ACTIVATED, &headers(ACTIVATED, now() - 61)),
        Err(WebhookError::TimestampTooOld { .. })
    ));
}

#[test]
fn unlisted_event_types_are_kept_whole() {
    let body = r#"{"type": "membership.renamed", "data": {}}"#;
    match webhooks::unwrap(body, &headers(body, now()), SECRET).unwrap() {
        Event::Unknown(value) => assert_eq!(value["type"], "membership.renamed"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn tampered_old_future_unsigned_are_refused() {
    let h = headers(ACTIVATED, now());
    let tampered = ACTIVATED.replace("mem_1", "mem_2");
    assert_eq!(webhooks::unwrap(&tampered, &h, SECRET), Err(WebhookError::InvalidSignature));
    assert_eq!(
        webhooks::unwrap(ACTIVATED, &h, "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD"),
        Err(WebhookError::InvalidSignature)
    );
    assert!(matches!(
        webhooks::unwrap(ACTIVATED, &headers(ACTIVATED, now() - 301), SECRET),
        Err(WebhookError::TimestampTooOld { .. })
    ));
    assert!(matches!(
        webhooks::unwrap(ACTIVATED, &headers(ACTIVATED, now() + 301), SECRET),
        Err(WebhookError::TimestampInFuture { .. })
    ));
    for missing in ["webhook-id", "webhook-timestamp", "webhook-signature"] {
        let mut h = headers(ACTIVATED, now());
        h.retain(|(k, _)| k != missing);
        assert_eq!(
            webhooks::unwrap(ACTIVATED, &h, SECRET),
            Err(WebhookError::MissingHeader { name: missing })
        );
    }
}

#[test]
fn bodies_that_are_not_events_are_errors_that_do_not_echo_them() {
    for body in [
        "sk_live_secret not json",
        r#"["sk_live_secret"]"#,
        r#"{"id": "sk_live_secret"}"#,
        r#"{"type": 7, "id": "sk_live_secret"}"#,
        r#"{"type": "membership.activated", "id": "sk_live_secret"}"#,
        r#"{"type": "membership.activated", "id": "msg", "api_version": "v1", "timestamp": "sk_live_secret", "data": {"id": "m", "status": "active"}}"#,
    ] {
        match webhooks::unwrap(body, &headers(body, now()), SECRET) {
            Err(e @ WebhookError::InvalidBody { .. }) => {
                let text = format!("{e} {e:?}");
                assert!(!text.contains("sk_live_secret"), "{text}");
            }
            other => panic!("{body}: {other:?}"),
        }
    }
    let body = r#"{"type": "membership.activated", "id": "msg"}"#;
    assert_eq!(
        webhooks::unwrap(body, &headers(body, now()), SECRET).unwrap_err().to_string(),
        "webhook not understood: the `membership.activated` event lacks the field `api_version`"
    );
}

#[test]
fn events_deserialize_with_serde_and_from_env_needs_the_variable() {
    let event: Event = serde_json::from_str(ACTIVATED).unwrap();
    assert_eq!(event.name(), Some("membership.activated"));
    assert_eq!(webhooks::SECRET_ENV, "GEN_WEBHOOK_EVENTS_WEBHOOK_SECRET");
    if std::env::var_os(webhooks::SECRET_ENV).is_none() {
        assert_eq!(
            Webhook::from_env().unwrap_err(),
            WebhookError::MissingSecret { env: webhooks::SECRET_ENV }
        );
    }
}
"##;
