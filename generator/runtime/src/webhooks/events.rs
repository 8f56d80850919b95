//! A stand-in for the spec's webhook events, which the generator writes
//! as `src/webhooks/events.rs` of each crate (`generator/src/emit/webhooks.rs`):
//! the same items, for an API whose spec lists no webhooks, so every
//! event is kept whole in `Unknown`.

use super::WebhookError;

/// The environment variable [`Webhook::from_env`](super::Webhook::from_env)
/// reads the secret from.
pub const SECRET_ENV: &str = "EXAMPLE_WEBHOOK_SECRET";
/// How [`Webhook::new`](super::Webhook::new) reads a secret: as a sender
/// like Whop's, which signs with the secret's own bytes.
pub const SECRET_FORM: super::SecretForm = super::SecretForm::Raw;

/// An event the API sends.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// An event the spec does not list (or not yet), kept whole.
    Unknown(serde_json::Value),
}

impl Event {
    /// Decodes a body whose signature has been checked. Error: the body
    /// is not JSON or not an object.
    pub fn from_slice(body: &[u8]) -> Result<Event, WebhookError> {
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| WebhookError::body(&e, None))?;
        if !value.is_object() {
            return Err(WebhookError::InvalidBody {
                reason: "the body is not a JSON object".to_string(),
            });
        }
        Ok(Event::Unknown(value))
    }
}
