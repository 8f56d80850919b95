//! `whop::webhooks` with webhooks signed the way Whop signs them: as its
//! guide "Validating webhooks" verifies them, with the SDK built from
//! `webhookKey: btoa(process.env.WHOP_WEBHOOK_SECRET)`, which the Standard
//! Webhooks library decodes back to the secret's own bytes. So the HMAC-SHA256
//! over `{id}.{timestamp}.{body}` is keyed with the secret's UTF-8 bytes,
//! whatever the secret looks like, and the signature is `v1,<base64>`.
//!
//! The signatures here are made independently of the crate (RustCrypto's
//! `hmac` directly). In a test binary of its own, as one test: it sets
//! `WHOP_WEBHOOK_SECRET`, and the environment is process-wide.

use std::time::{SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use whop::webhooks::{self, Event, SecretForm, Webhook, WebhookError};

/// Secrets with and without `whsec_`, shaped like base64 after it or not.
const SECRETS: [&str; 5] = [
    // The shape of the spec's example (`whsec_abc123def456`): the part
    // after the prefix is valid base64 too.
    "whsec_abc123def456",
    "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
    "whsec_not base64!",
    "c2VjcmV0LWtleS0xMjM0NTY3OA==",
    "ws_4f1c2b9e8d7a6f5e4d3c2b1a",
];

const ID: &str = "msg_2zXwVNUhLx4bGDcbAcBe6sTWMbR";
/// An event type the spec does not list (decoding the listed ones is
/// tests/webhook_examples.rs's): kept whole as `Event::Unknown`.
const BODY: &str = r#"{"type":"test.ping","data":{"id":"mem_xxxxxxxxxxxxxx"}}"#;

/// The `webhook-signature` Whop sends: HMAC-SHA256 keyed with the secret's
/// bytes as shown, over `{id}.{timestamp}.{body}`.
fn whop_signature(secret: &str, id: &str, timestamp: i64, body: &str) -> String {
    let Ok(mut mac) = <hmac::Hmac<sha2::Sha256> as KeyInit>::new_from_slice(secret.as_bytes())
    else {
        panic!("HMAC takes keys of any length")
    };
    mac.update(format!("{id}.{timestamp}.{body}").as_bytes());
    let tag = mac.finalize().into_bytes();
    format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(tag)
    )
}

fn headers(secret: &str) -> Vec<(&'static str, String)> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    vec![
        ("webhook-id", ID.to_string()),
        ("webhook-timestamp", now.to_string()),
        ("webhook-signature", whop_signature(secret, ID, now, BODY)),
    ]
}

#[test]
fn webhooks_whop_signs_verify_with_the_secret_as_its_dashboard_shows_it() {
    assert_eq!(webhooks::SECRET_FORM, SecretForm::Raw);
    assert_eq!(webhooks::SECRET_ENV, "WHOP_WEBHOOK_SECRET");
    for secret in SECRETS {
        let h = headers(secret);

        let webhook = Webhook::new(secret).unwrap_or_else(|e| panic!("{secret}: {e}"));
        assert_eq!(webhook.verify(BODY, &h), Ok(()), "Webhook::new({secret:?})");
        match webhook.unwrap(BODY, &h) {
            Ok(Event::Unknown(event)) => assert_eq!(event["type"], "test.ping"),
            other => panic!("{secret}: {other:?}"),
        }
        assert_eq!(webhooks::verify(BODY, &h, secret), Ok(()), "{secret}");
        assert!(webhooks::unwrap(BODY, &h, secret).is_ok(), "{secret}");

        // SAFETY: this is the only test in this binary, so no other thread
        // reads or writes the environment meanwhile.
        unsafe { std::env::set_var(webhooks::SECRET_ENV, format!("{secret}\n")) };
        let from_env = Webhook::from_env().unwrap_or_else(|e| panic!("{secret}: {e}"));
        assert_eq!(
            from_env.verify(BODY, &h),
            Ok(()),
            "from_env with {secret:?}"
        );

        // Read as a Standard Webhooks secret (the prefix dropped, the rest
        // decoded), none of them verifies what Whop signs.
        let standard = Webhook::from_standard_secret(secret).and_then(|w| w.verify(BODY, &h));
        assert!(
            matches!(
                standard,
                Err(WebhookError::InvalidSignature | WebhookError::InvalidSecret { .. })
            ),
            "{secret}: {standard:?}"
        );

        // Another secret does not verify it.
        let other = Webhook::new("whsec_abc123def457").and_then(|w| w.verify(BODY, &h));
        assert_eq!(other, Err(WebhookError::InvalidSignature), "{secret}");
    }
    // SAFETY: as above.
    unsafe { std::env::remove_var(webhooks::SECRET_ENV) };
    assert!(matches!(
        Webhook::from_env(),
        Err(WebhookError::MissingSecret { .. })
    ));
}
