//! Every webhook of the Whop spec (spec/whop.openapi.yml), with its example
//! from the spec as the body, signed, verified by `whop::webhooks::unwrap`
//! and decoded into its own `Event` variant: the committed crate itself, not
//! a second copy generated for the test.

#[path = "../generator/tests/support/webhook_examples.rs"]
mod webhook_examples;

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use whop::webhooks::{self, Webhook};

const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

#[test]
fn every_whop_webhook_example_decodes_into_its_event() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("spec/whop.openapi.yml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let examples = webhook_examples::examples(&text, "spec/whop.openapi.yml")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        examples.len(),
        33,
        "the spec's webhooks, each with an example"
    );
    let webhook = Webhook::new(SECRET).unwrap_or_else(|e| panic!("{e}"));
    let mut failures = Vec::new();
    for (name, body) in &examples {
        let timestamp = now();
        let headers = vec![
            ("webhook-id".to_string(), "msg_test".to_string()),
            ("webhook-timestamp".to_string(), timestamp.to_string()),
            (
                "webhook-signature".to_string(),
                webhook.sign("msg_test", timestamp, body),
            ),
        ];
        match webhooks::unwrap(body, &headers, SECRET) {
            Ok(event) if event.name() == Some(name.as_str()) => {}
            Ok(event) => failures.push(format!("{name}: decoded as {:?}", event.name())),
            Err(e) => failures.push(format!("{name}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}
