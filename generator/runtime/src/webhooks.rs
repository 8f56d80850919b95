//! Webhooks: the events the API sends to your endpoint, checked with the
//! Standard Webhooks scheme (<https://www.standardwebhooks.com/>): the
//! headers `webhook-id`, `webhook-timestamp` and `webhook-signature`, and an
//! HMAC-SHA256 over `{id}.{timestamp}.{body}`.
//!
//! [`unwrap`] checks a request's signature and decodes its body into an
//! [`Event`], one variant per webhook of the spec; [`verify`] only checks.
//! Both take the raw body bytes as received, the request's headers (an
//! `http::HeaderMap`, a map or a list of pairs, see [`WebhookHeaders`]) and
//! the endpoint's secret. A [`Webhook`] keeps a secret and a timestamp
//! tolerance (default five minutes) for many requests;
//! [`Webhook::from_env`] reads the secret from [`SECRET_ENV`].
//!
//! # Secrets
//!
//! The HMAC key comes from the secret the sender shows, in one of two forms
//! ([`SecretForm`]), and the text alone cannot tell which:
//!
//! - Standard Webhooks' own: `whsec_` followed by the base64 of the key
//!   ([`Webhook::from_standard_secret`]).
//! - The secret's own bytes, exactly as shown, whatever its shape
//!   ([`SecretForm::Raw`]). Some senders show secrets that look like the
//!   standard form but sign with the text itself. Whop is one: its guide
//!   "Validating webhooks" builds its SDK client with
//!   `webhookKey: btoa(process.env.WHOP_WEBHOOK_SECRET)`, and the Standard
//!   Webhooks library decodes that base64 back, so the key is the secret's
//!   UTF-8 bytes, `whsec_` and all. Read the standard way, such a secret
//!   (`whsec_abc123def456` is valid in both forms) gives another key, and no
//!   webhook the sender signs verifies.
//!
//! So the crate does not guess from the secret's shape: the form of the
//! API's sender is fixed when the crate is generated ([`SECRET_FORM`]) and
//! is what [`Webhook::new`], [`Webhook::from_env`], [`unwrap`] and
//! [`verify`] use; [`Webhook::from_standard_secret`] and
//! [`Webhook::from_bytes`] name a form explicitly.
//!
//! Errors are values ([`WebhookError`]), one kind per failure: a missing
//! header, an expired or future timestamp, a bad signature, a body that is
//! not an event. None of them holds or prints the body.
//!
//! The scheme is written out here rather than taken from the
//! `standardwebhooks` crate (1.0.1), because that crate fixes the timestamp
//! tolerance at five minutes, accepts only `http::HeaderMap`, refuses bodies
//! that are not UTF-8, and would add `time`, `thiserror` and a second
//! `base64` to every user's build. The cryptography is not hand-written:
//! the HMAC comes from RustCrypto's `hmac` and `sha2`, and signatures are
//! compared with `hmac`'s constant-time `verify_slice`.

// Generated from the spec (`src/webhooks/events.rs` in the crate); rustfmt
// skips it here, where it does not exist.
#[rustfmt::skip]
mod events;

pub use events::{Event, SECRET_ENV, SECRET_FORM};

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

/// The header holding the message id (the same across retries of one message).
pub const ID_HEADER: &str = "webhook-id";
/// The header holding the time of sending, in seconds since the Unix epoch.
pub const TIMESTAMP_HEADER: &str = "webhook-timestamp";
/// The header holding one or more space-separated signatures (`v1,<base64>`).
pub const SIGNATURE_HEADER: &str = "webhook-signature";
/// How far a message's timestamp may be from the receiver's clock, either
/// way, before it is refused as a replay (or a sender with a wrong clock).
pub const DEFAULT_TOLERANCE: Duration = Duration::from_secs(5 * 60);

/// The prefix Standard Webhooks secrets carry before their base64 key.
const SECRET_PREFIX: &str = "whsec_";
/// The only signature version this scheme defines (HMAC-SHA256).
const VERSION: &str = "v1";

/// Checks the signature of a webhook request with `secret` (read as
/// [`Webhook::new`] reads it) and decodes its body into an [`Event`].
/// `body` is the raw body, byte for byte as received.
pub fn unwrap(
    body: impl AsRef<[u8]>,
    headers: &(impl WebhookHeaders + ?Sized),
    secret: &str,
) -> Result<Event, WebhookError> {
    Webhook::new(secret)?.unwrap(body, headers)
}

/// Only checks the signature of a webhook request (see [`unwrap`]).
pub fn verify(
    body: impl AsRef<[u8]>,
    headers: &(impl WebhookHeaders + ?Sized),
    secret: &str,
) -> Result<(), WebhookError> {
    Webhook::new(secret)?.verify(body, headers)
}

/// How a webhook secret, given as text, becomes the HMAC key. The module's
/// documentation (Secrets) says why there are two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SecretForm {
    /// Standard Webhooks' form: `whsec_` followed by the base64 of the key
    /// (the prefix may be left out); the key is the decoded bytes. Text that
    /// is not base64 is refused.
    Standard,
    /// The key is the secret's own bytes (UTF-8), exactly as the sender
    /// shows it, whatever its shape: a `whsec_` prefix is part of it, and
    /// text that looks like base64 is not decoded.
    Raw,
}

/// A verifier (and signer) for one webhook secret.
///
/// `Debug` never shows the key.
#[derive(Clone)]
pub struct Webhook {
    key: Vec<u8>,
    tolerance: Duration,
}

impl fmt::Debug for Webhook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Webhook")
            .field("key", &"<redacted>")
            .field("tolerance", &self.tolerance)
            .finish()
    }
}

impl Webhook {
    /// A verifier for a secret as the API's sender shows it, read in the
    /// form this crate was generated with, [`SECRET_FORM`]: with
    /// [`SecretForm::Raw`] the key is the secret's own bytes, whatever its
    /// shape; with [`SecretForm::Standard`] as
    /// [`from_standard_secret`](Self::from_standard_secret) reads it.
    /// Surrounding whitespace (a line break from a file) is ignored.
    /// Errors: an empty secret; in the standard form, one that is not base64.
    pub fn new(secret: &str) -> Result<Webhook, WebhookError> {
        Webhook::from_secret(secret, SECRET_FORM)
    }

    /// A verifier for a Standard Webhooks secret, `whsec_<base64>` (the
    /// prefix may be left out): the key is the decoded base64, as the
    /// Standard Webhooks libraries read it. Surrounding whitespace is
    /// ignored. Errors: an empty secret, or text that is not base64 after
    /// the prefix.
    ///
    /// Only for senders that sign with the decoded key: a secret whose
    /// sender signs with its text ([`SecretForm::Raw`]) gives another key.
    pub fn from_standard_secret(secret: &str) -> Result<Webhook, WebhookError> {
        Webhook::from_secret(secret, SecretForm::Standard)
    }

    fn from_secret(secret: &str, form: SecretForm) -> Result<Webhook, WebhookError> {
        let secret = secret.trim();
        match form {
            SecretForm::Raw => Webhook::from_bytes(secret.as_bytes()),
            SecretForm::Standard => {
                let (encoded, reason) = match secret.strip_prefix(SECRET_PREFIX) {
                    Some(encoded) => (encoded, "`whsec_` is not followed by base64"),
                    None => (
                        secret,
                        "the secret is not base64 (a Standard Webhooks secret)",
                    ),
                };
                if encoded.is_empty() {
                    return Webhook::from_bytes(Vec::new());
                }
                let key = BASE64
                    .decode(encoded)
                    .map_err(|_| WebhookError::InvalidSecret { reason })?;
                Webhook::from_bytes(key)
            }
        }
    }

    /// A verifier for the secret in the environment variable [`SECRET_ENV`],
    /// read as [`new`](Self::new) reads it.
    pub fn from_env() -> Result<Webhook, WebhookError> {
        match std::env::var(SECRET_ENV) {
            Ok(secret) if !secret.trim().is_empty() => Webhook::new(&secret),
            _ => Err(WebhookError::MissingSecret { env: SECRET_ENV }),
        }
    }

    /// A verifier for a key given as raw bytes, used as they are. Error: an
    /// empty key.
    pub fn from_bytes(key: impl Into<Vec<u8>>) -> Result<Webhook, WebhookError> {
        let key = key.into();
        if key.is_empty() {
            return Err(WebhookError::InvalidSecret {
                reason: "the secret is empty",
            });
        }
        Ok(Webhook {
            key,
            tolerance: DEFAULT_TOLERANCE,
        })
    }

    /// Sets how far a timestamp may be from now, either way (default
    /// [`DEFAULT_TOLERANCE`], five minutes).
    pub fn with_tolerance(mut self, tolerance: Duration) -> Webhook {
        self.tolerance = tolerance;
        self
    }

    /// The timestamp tolerance in use.
    pub fn tolerance(&self) -> Duration {
        self.tolerance
    }

    /// Checks that `body` (the raw bytes received, before any parsing) was
    /// signed with this secret, within the tolerance of the current time.
    ///
    /// Any one valid `v1` signature in the header is enough, so a sender can
    /// sign with an old and a new secret while it rotates them.
    pub fn verify(
        &self,
        body: impl AsRef<[u8]>,
        headers: &(impl WebhookHeaders + ?Sized),
    ) -> Result<(), WebhookError> {
        self.verify_at(body, headers, SystemTime::now())
    }

    /// Checks the signature (see [`verify`](Self::verify)), then decodes the
    /// body into an [`Event`].
    pub fn unwrap(
        &self,
        body: impl AsRef<[u8]>,
        headers: &(impl WebhookHeaders + ?Sized),
    ) -> Result<Event, WebhookError> {
        let body = body.as_ref();
        self.verify(body, headers)?;
        Event::from_slice(body)
    }

    /// [`verify`](Self::verify) with `now` as the current time.
    pub fn verify_at(
        &self,
        body: impl AsRef<[u8]>,
        headers: &(impl WebhookHeaders + ?Sized),
        now: SystemTime,
    ) -> Result<(), WebhookError> {
        let id = required_header(headers, ID_HEADER)?;
        let timestamp_text = required_header(headers, TIMESTAMP_HEADER)?;
        let signatures = required_header(headers, SIGNATURE_HEADER)?;
        let timestamp: i64 =
            timestamp_text
                .trim()
                .parse()
                .map_err(|_| WebhookError::InvalidHeader {
                    name: TIMESTAMP_HEADER,
                    reason: "not a whole number of seconds",
                })?;
        self.check_timestamp(timestamp, now)?;

        let mac = self.mac(id, timestamp, body.as_ref());
        let matches = signatures
            .split_ascii_whitespace()
            .filter_map(|entry| entry.split_once(','))
            .filter(|(version, _)| *version == VERSION)
            .filter_map(|(_, encoded)| BASE64.decode(encoded).ok())
            // Constant-time comparison of the whole tag.
            .any(|candidate| mac.clone().verify_slice(&candidate).is_ok());
        if matches {
            Ok(())
        } else {
            Err(WebhookError::InvalidSignature)
        }
    }

    /// The `webhook-signature` value for a message: `v1,<base64>`. For tests
    /// of a webhook handler, and for senders.
    pub fn sign(&self, id: &str, timestamp: i64, body: impl AsRef<[u8]>) -> String {
        let tag = self
            .mac(id, timestamp, body.as_ref())
            .finalize()
            .into_bytes();
        format!("{VERSION},{}", BASE64.encode(tag))
    }

    fn mac(&self, id: &str, timestamp: i64, body: &[u8]) -> Hmac<Sha256> {
        // HMAC accepts keys of any length, so this cannot fail; the fallback
        // (an empty key) only keeps the code free of panics and signs nothing
        // a sender would accept.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| <Hmac<Sha256> as KeyInit>::new(&Default::default()));
        mac.update(id.as_bytes());
        mac.update(b".");
        mac.update(timestamp.to_string().as_bytes());
        mac.update(b".");
        mac.update(body);
        mac
    }

    fn check_timestamp(&self, timestamp: i64, now: SystemTime) -> Result<(), WebhookError> {
        let now_secs: i128 = match now.duration_since(UNIX_EPOCH) {
            Ok(after) => i128::from(after.as_secs()),
            Err(before) => -i128::from(before.duration().as_secs()),
        };
        let tolerance = i128::from(self.tolerance.as_secs());
        let age = now_secs - i128::from(timestamp);
        if age > tolerance {
            Err(WebhookError::TimestampTooOld {
                timestamp,
                tolerance: self.tolerance,
            })
        } else if -age > tolerance {
            Err(WebhookError::TimestampInFuture {
                timestamp,
                tolerance: self.tolerance,
            })
        } else {
            Ok(())
        }
    }
}

fn required_header<'h>(
    headers: &'h (impl WebhookHeaders + ?Sized),
    name: &'static str,
) -> Result<&'h str, WebhookError> {
    let value = headers
        .header(name)
        .ok_or(WebhookError::MissingHeader { name })?;
    std::str::from_utf8(value).map_err(|_| WebhookError::InvalidHeader {
        name,
        reason: "not text",
    })
}

/// Where the webhook headers are read from: `reqwest`/`http`'s `HeaderMap`
/// (what axum and hyper use), maps of strings, or lists of name-value pairs.
/// Names are matched without regard to case.
pub trait WebhookHeaders {
    /// The value of the header `name` (given in lower case), if present.
    fn header(&self, name: &str) -> Option<&[u8]>;
}

impl WebhookHeaders for reqwest::header::HeaderMap {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self.get(name).map(|v| v.as_bytes())
    }
}

fn find_pair<'a, K: AsRef<str> + 'a, V: AsRef<str> + 'a>(
    mut pairs: impl Iterator<Item = (&'a K, &'a V)>,
    name: &str,
) -> Option<&'a [u8]> {
    pairs
        .find(|(k, _)| k.as_ref().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref().as_bytes())
}

impl<K: AsRef<str>, V: AsRef<str>> WebhookHeaders for [(K, V)] {
    fn header(&self, name: &str) -> Option<&[u8]> {
        find_pair(self.iter().map(|(k, v)| (k, v)), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, const N: usize> WebhookHeaders for [(K, V); N] {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self[..].header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> WebhookHeaders for Vec<(K, V)> {
    fn header(&self, name: &str) -> Option<&[u8]> {
        self[..].header(name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>, S> WebhookHeaders for HashMap<K, V, S> {
    fn header(&self, name: &str) -> Option<&[u8]> {
        find_pair(self.iter(), name)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> WebhookHeaders for BTreeMap<K, V> {
    fn header(&self, name: &str) -> Option<&[u8]> {
        find_pair(self.iter(), name)
    }
}

/// Why a webhook was refused. No variant holds or prints the body.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// A required header (`webhook-id`, `webhook-timestamp` or
    /// `webhook-signature`) is absent.
    MissingHeader { name: &'static str },
    /// A header is present but unusable.
    InvalidHeader {
        name: &'static str,
        reason: &'static str,
    },
    /// The secret cannot be used.
    InvalidSecret { reason: &'static str },
    /// The secret's environment variable is unset or empty.
    MissingSecret { env: &'static str },
    /// The timestamp is further in the past than the tolerance: a replay, or
    /// a message held up too long.
    TimestampTooOld { timestamp: i64, tolerance: Duration },
    /// The timestamp is further in the future than the tolerance.
    TimestampInFuture { timestamp: i64, tolerance: Duration },
    /// No signature in the header matches the body with this secret.
    InvalidSignature,
    /// The body is authentic but not an event this crate can read.
    InvalidBody {
        /// What is wrong, without the body's content.
        reason: String,
    },
}

impl WebhookError {
    /// An `InvalidBody` for a decoding failure. serde's messages can quote
    /// values from the body, so only its kind and position are kept (and
    /// the name of a missing field, which comes from the crate's types).
    pub(crate) fn body(error: &serde_json::Error, event: Option<&str>) -> WebhookError {
        use serde_json::error::Category;
        let message = error.to_string();
        let what = match error.classify() {
            Category::Io => "could not be read".to_string(),
            Category::Syntax | Category::Eof => "is not valid JSON".to_string(),
            Category::Data => match message.strip_prefix("missing field `") {
                Some(rest) => match rest.split_once('`') {
                    Some((field, _)) => format!("lacks the field `{field}`"),
                    None => "does not have the event's shape".to_string(),
                },
                None => "does not have the event's shape".to_string(),
            },
        };
        let at = if error.line() > 0 {
            format!(" (line {}, column {})", error.line(), error.column())
        } else {
            String::new()
        };
        let reason = match event {
            Some(event) => format!("the `{event}` event {what}{at}"),
            None => format!("the body {what}{at}"),
        };
        WebhookError::InvalidBody { reason }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::MissingHeader { name } => {
                write!(f, "webhook refused: the `{name}` header is missing")
            }
            WebhookError::InvalidHeader { name, reason } => {
                write!(f, "webhook refused: the `{name}` header is {reason}")
            }
            WebhookError::InvalidSecret { reason } => {
                write!(f, "webhook secret unusable: {reason}")
            }
            WebhookError::MissingSecret { env } => {
                write!(
                    f,
                    "webhook secret missing: set the `{env}` environment variable"
                )
            }
            WebhookError::TimestampTooOld {
                timestamp,
                tolerance,
            } => write!(
                f,
                "webhook refused: its timestamp {timestamp} is more than {} s old",
                tolerance.as_secs()
            ),
            WebhookError::TimestampInFuture {
                timestamp,
                tolerance,
            } => write!(
                f,
                "webhook refused: its timestamp {timestamp} is more than {} s in the future",
                tolerance.as_secs()
            ),
            WebhookError::InvalidSignature => {
                write!(
                    f,
                    "webhook refused: no signature matches the body and secret"
                )
            }
            WebhookError::InvalidBody { reason } => {
                write!(f, "webhook not understood: {reason}")
            }
        }
    }
}

impl std::error::Error for WebhookError {}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const ID: &str = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    const TIMESTAMP: i64 = 1614265330;
    const BODY: &[u8] = br#"{"test": 2432232314}"#;

    fn at(secs: i64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs.unsigned_abs())
    }

    /// A verifier for a Standard Webhooks secret: the known answers below
    /// are in that form.
    fn webhook(secret: &str) -> Webhook {
        Webhook::from_standard_secret(secret).expect("a usable test secret")
    }

    fn headers(id: &str, timestamp: i64, signature: &str) -> Vec<(String, String)> {
        vec![
            (ID_HEADER.to_string(), id.to_string()),
            (TIMESTAMP_HEADER.to_string(), timestamp.to_string()),
            (SIGNATURE_HEADER.to_string(), signature.to_string()),
        ]
    }

    fn signed(secret: &str, timestamp: i64, body: &[u8]) -> Vec<(String, String)> {
        headers(ID, timestamp, &webhook(secret).sign(ID, timestamp, body))
    }

    // Known answers. The first is the Standard Webhooks specification's
    // published vector: standard-webhooks/standard-webhooks,
    // libraries/javascript/src/webhook.test.ts, "sign function works" (the
    // same vector is in the Go, Python, PHP, ... tests of that repository).
    // The second is from the repository's Rust library,
    // libraries/rust/src/lib.rs, `test_sign`.

    #[test]
    fn sign_matches_the_specification_vector() {
        assert_eq!(
            webhook(SECRET).sign(ID, TIMESTAMP, BODY),
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
        );
        assert_eq!(
            webhook("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").sign(
                "msg_27UH4WbU6Z5A5EzD8u03UvzRbpk",
                1649367553,
                br#"{"email":"test@example.com","username":"test_user"}"#
            ),
            "v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw="
        );
    }

    #[test]
    fn verify_accepts_the_specification_vector() {
        let h = headers(
            ID,
            TIMESTAMP,
            "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
        );
        assert_eq!(webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)), Ok(()));
    }

    #[test]
    fn round_trip_with_the_clock() {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        let h = signed(SECRET, now, b"{}");
        assert_eq!(webhook(SECRET).verify(b"{}", &h), Ok(()));
    }

    #[test]
    fn tampered_body_is_refused() {
        let h = signed(SECRET, TIMESTAMP, BODY);
        assert_eq!(
            webhook(SECRET).verify_at(br#"{"test": 2432232315}"#, &h, at(TIMESTAMP)),
            Err(WebhookError::InvalidSignature)
        );
    }

    #[test]
    fn tampered_id_or_timestamp_is_refused() {
        let signature = webhook(SECRET).sign(ID, TIMESTAMP, BODY);
        for h in [
            headers("msg_other", TIMESTAMP, &signature),
            headers(ID, TIMESTAMP + 1, &signature),
        ] {
            assert_eq!(
                webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)),
                Err(WebhookError::InvalidSignature)
            );
        }
    }

    #[test]
    fn wrong_secret_is_refused() {
        let h = signed("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD", TIMESTAMP, BODY);
        assert_eq!(
            webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)),
            Err(WebhookError::InvalidSignature)
        );
    }

    #[test]
    fn old_timestamp_is_refused() {
        let h = signed(SECRET, TIMESTAMP, BODY);
        let w = webhook(SECRET);
        assert_eq!(w.verify_at(BODY, &h, at(TIMESTAMP + 300)), Ok(()));
        assert_eq!(
            w.verify_at(BODY, &h, at(TIMESTAMP + 301)),
            Err(WebhookError::TimestampTooOld {
                timestamp: TIMESTAMP,
                tolerance: DEFAULT_TOLERANCE
            })
        );
    }

    #[test]
    fn future_timestamp_is_refused() {
        let h = signed(SECRET, TIMESTAMP, BODY);
        let w = webhook(SECRET);
        assert_eq!(w.verify_at(BODY, &h, at(TIMESTAMP - 300)), Ok(()));
        assert_eq!(
            w.verify_at(BODY, &h, at(TIMESTAMP - 301)),
            Err(WebhookError::TimestampInFuture {
                timestamp: TIMESTAMP,
                tolerance: DEFAULT_TOLERANCE
            })
        );
    }

    #[test]
    fn tolerance_is_configurable() {
        let h = signed(SECRET, TIMESTAMP, BODY);
        let w = webhook(SECRET).with_tolerance(Duration::from_secs(10));
        assert_eq!(w.tolerance(), Duration::from_secs(10));
        assert_eq!(w.verify_at(BODY, &h, at(TIMESTAMP + 10)), Ok(()));
        assert!(matches!(
            w.verify_at(BODY, &h, at(TIMESTAMP + 11)),
            Err(WebhookError::TimestampTooOld { .. })
        ));
        // Extreme timestamps neither overflow nor pass.
        let h = headers(ID, i64::MIN, &webhook(SECRET).sign(ID, i64::MIN, BODY));
        assert!(matches!(
            w.verify_at(BODY, &h, at(TIMESTAMP)),
            Err(WebhookError::TimestampTooOld { .. })
        ));
    }

    #[test]
    fn each_missing_header_is_named() {
        for name in [ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER] {
            let mut h = signed(SECRET, TIMESTAMP, BODY);
            h.retain(|(k, _)| k != name);
            assert_eq!(
                webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)),
                Err(WebhookError::MissingHeader { name })
            );
        }
    }

    #[test]
    fn bad_timestamp_header_is_refused() {
        let h = headers(ID, 0, "v1,x")
            .into_iter()
            .map(|(k, v)| {
                if k == TIMESTAMP_HEADER {
                    (k, "soon".to_string())
                } else {
                    (k, v)
                }
            })
            .collect::<Vec<_>>();
        assert!(matches!(
            webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)),
            Err(WebhookError::InvalidHeader {
                name: TIMESTAMP_HEADER,
                ..
            })
        ));
    }

    #[test]
    fn rotated_keys_any_one_signature_is_enough() {
        let old = webhook("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").sign(ID, TIMESTAMP, BODY);
        let new = webhook(SECRET).sign(ID, TIMESTAMP, BODY);
        let header = format!("v2,{} {old} v1,bm9wZQ== garbage {new}", &new[3..]);
        let h = headers(ID, TIMESTAMP, &header);
        assert_eq!(webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)), Ok(()));
        assert_eq!(
            webhook("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD").verify_at(BODY, &h, at(TIMESTAMP)),
            Ok(())
        );
        // Without the current key's signature, the others do not count.
        let h = headers(ID, TIMESTAMP, &format!("v2,{} v1,bm9wZQ==", &new[3..]));
        assert_eq!(
            webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)),
            Err(WebhookError::InvalidSignature)
        );
    }

    #[test]
    fn partial_signatures_are_refused() {
        let full = webhook(SECRET).sign(ID, TIMESTAMP, BODY);
        for partial in ["v1,", &full[..8], &full[..full.len() - 4], ""] {
            let h = headers(ID, TIMESTAMP, partial);
            assert_eq!(
                webhook(SECRET).verify_at(BODY, &h, at(TIMESTAMP)),
                Err(WebhookError::InvalidSignature),
                "{partial}"
            );
        }
    }

    #[test]
    fn standard_secrets_with_and_without_prefix() {
        let h = signed(SECRET, TIMESTAMP, BODY);
        let bare = SECRET.trim_start_matches("whsec_");
        assert_eq!(webhook(bare).verify_at(BODY, &h, at(TIMESTAMP)), Ok(()));
        assert_eq!(
            webhook(&format!(" {SECRET}\n")).verify_at(BODY, &h, at(TIMESTAMP)),
            Ok(())
        );
        // The key is the decoded base64, not the text.
        let text = Webhook::from_secret(SECRET, SecretForm::Raw).expect("a key");
        assert_eq!(
            text.verify_at(BODY, &h, at(TIMESTAMP)),
            Err(WebhookError::InvalidSignature)
        );
    }

    /// Signatures made the way Whop's guide "Validating webhooks" verifies
    /// them: its SDK built with `webhookKey: btoa(secret)`, that is the
    /// Standard Webhooks JavaScript library (`standardwebhooks` 1.1.1)
    /// given the base64 of the secret's text, signing
    /// `{WHOP_ID}.{WHOP_TIMESTAMP}.{WHOP_BODY}`. Each equals an HMAC-SHA256
    /// keyed with the secret's UTF-8 bytes (checked with node's `crypto`).
    /// Secrets with and without `whsec_`, shaped like base64 and not.
    const WHOP_SIGNED: [(&str, &str); 5] = [
        (
            "whsec_abc123def456",
            "v1,c2X6rV8iuml11fX1EMsyHpXKWkNxc30x7w+ahcEDWWE=",
        ),
        (
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "v1,WHTJ6pJAzygBIIe1SnY9uYq/Ee03eWs261ktLlfGTRs=",
        ),
        (
            "ws_4f1c2b9e8d7a6f5e4d3c2b1a",
            "v1,n+88pLOx1QVDMNkXjwH/UxgOOFLUSl9RG8m5QKRf2fg=",
        ),
        (
            "c2VjcmV0LWtleS0xMjM0NTY3OA==",
            "v1,/2PhlfbX1hD7VCiyKYG7rpTxE4qShtj1m94P4WOJ3uM=",
        ),
        (
            "whsec_not base64!",
            "v1,IHLfCnBGRwaoN1Z5XL5WgnXuNnDRunlgvBF8xpYwBOg=",
        ),
    ];
    const WHOP_ID: &str = "msg_2zXwVNUhLx4bGDcbAcBe6sTWMbR";
    const WHOP_TIMESTAMP: i64 = 1735689600;
    const WHOP_BODY: &[u8] =
        br#"{"type":"membership.activated","data":{"id":"mem_xxxxxxxxxxxxxx"}}"#;

    #[test]
    fn raw_secrets_are_keys_as_they_are_whatever_their_shape() {
        for (secret, signature) in WHOP_SIGNED {
            let h = headers(WHOP_ID, WHOP_TIMESTAMP, signature);
            let raw = Webhook::from_secret(secret, SecretForm::Raw).expect("a key");
            assert_eq!(
                raw.verify_at(WHOP_BODY, &h, at(WHOP_TIMESTAMP)),
                Ok(()),
                "{secret}"
            );
            assert_eq!(raw.sign(WHOP_ID, WHOP_TIMESTAMP, WHOP_BODY), signature);
            let by_bytes = Webhook::from_bytes(secret.as_bytes()).expect("a key");
            assert_eq!(
                by_bytes.verify_at(WHOP_BODY, &h, at(WHOP_TIMESTAMP)),
                Ok(())
            );
            // Read as a Standard Webhooks secret, none verifies: a secret
            // that looks like base64 decodes to another key, one that
            // does not is refused.
            let standard = Webhook::from_standard_secret(secret)
                .and_then(|w| w.verify_at(WHOP_BODY, &h, at(WHOP_TIMESTAMP)));
            assert!(
                matches!(
                    standard,
                    Err(WebhookError::InvalidSignature | WebhookError::InvalidSecret { .. })
                ),
                "{secret}: {standard:?}"
            );
        }
        // Only surrounding whitespace is dropped.
        let (secret, signature) = WHOP_SIGNED[0];
        let h = headers(WHOP_ID, WHOP_TIMESTAMP, signature);
        let padded = Webhook::from_secret(&format!("{secret}\n"), SecretForm::Raw);
        assert_eq!(
            padded.and_then(|w| w.verify_at(WHOP_BODY, &h, at(WHOP_TIMESTAMP))),
            Ok(())
        );
    }

    #[test]
    fn new_and_the_free_functions_read_secrets_in_the_crates_form() {
        for (secret, _) in WHOP_SIGNED.iter().chain(&[(SECRET, "")]) {
            let expected = Webhook::from_secret(secret, SECRET_FORM).map(|w| w.key);
            assert_eq!(Webhook::new(secret).map(|w| w.key), expected, "{secret}");
        }
        // `verify` and `unwrap` take the secret the way `new` does.
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or_default();
        let (secret, _) = WHOP_SIGNED[0];
        let Ok(w) = Webhook::new(secret) else {
            panic!("{secret} is usable in either form")
        };
        let h = headers(ID, now, &w.sign(ID, now, b"{}"));
        assert_eq!(verify(b"{}", &h, secret), Ok(()));
        let body = br#"{"type": "test.ping"}"#;
        let h = headers(ID, now, &w.sign(ID, now, body));
        assert!(unwrap(body, &h, secret).is_ok());
    }

    #[test]
    fn unusable_secrets_are_errors() {
        for secret in ["whsec_not base64!", "not base64!", "whsec_", "  "] {
            assert!(
                matches!(
                    Webhook::from_standard_secret(secret),
                    Err(WebhookError::InvalidSecret { .. })
                ),
                "{secret:?}"
            );
        }
        for secret in ["", " \n"] {
            assert!(
                matches!(
                    Webhook::from_secret(secret, SecretForm::Raw),
                    Err(WebhookError::InvalidSecret { .. })
                ),
                "{secret:?}"
            );
        }
    }

    #[test]
    fn header_sources() {
        let pairs = signed(SECRET, TIMESTAMP, BODY);
        let mut map = reqwest::header::HeaderMap::new();
        let mut hash = HashMap::new();
        let mut tree = BTreeMap::new();
        for (k, v) in &pairs {
            let name = reqwest::header::HeaderName::from_bytes(k.as_bytes()).expect("name");
            map.insert(name, v.parse().expect("value"));
            hash.insert(k.to_uppercase(), v.clone());
            tree.insert(k.as_str(), v.as_str());
        }
        let w = webhook(SECRET);
        assert_eq!(w.verify_at(BODY, &map, at(TIMESTAMP)), Ok(()));
        assert_eq!(w.verify_at(BODY, &hash, at(TIMESTAMP)), Ok(()));
        assert_eq!(w.verify_at(BODY, &tree, at(TIMESTAMP)), Ok(()));
        assert_eq!(w.verify_at(BODY, &pairs[..], at(TIMESTAMP)), Ok(()));
        let array = [
            (ID_HEADER, ID),
            (TIMESTAMP_HEADER, "1614265330"),
            (
                SIGNATURE_HEADER,
                "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
            ),
        ];
        assert_eq!(w.verify_at(BODY, &array, at(TIMESTAMP)), Ok(()));
    }

    #[test]
    fn errors_do_not_echo_the_body() {
        let secret_value = "sk_live_do_not_print";
        let body = format!(r#"{{"type": 5, "data": "{secret_value}""#);
        let error = serde_json::from_str::<serde_json::Value>(&body)
            .err()
            .map(|e| WebhookError::body(&e, None))
            .expect("not JSON");
        assert!(!error.to_string().contains(secret_value), "{error}");
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Shape {
            r#type: String,
            id: String,
        }
        let body = format!(r#"{{"type": "{secret_value}x", "kind": 1}}"#);
        let error = serde_json::from_str::<Shape>(&body)
            .err()
            .map(|e| WebhookError::body(&e, Some("a.b")))
            .expect("no id");
        let text = error.to_string();
        assert!(!text.contains(secret_value), "{text}");
        assert_eq!(
            text,
            "webhook not understood: the `a.b` event lacks the field `id` (line 1, column 44)"
        );
        let body = format!(r#"{{"type": 1, "id": "{secret_value}"}}"#);
        let error = serde_json::from_str::<Shape>(&body)
            .err()
            .map(|e| WebhookError::body(&e, None))
            .expect("wrong type");
        assert!(!error.to_string().contains(secret_value), "{error}");
        assert!(!format!("{:?}", webhook(SECRET)).contains("MfKQ"));
        let raw = Webhook::from_secret(SECRET, SecretForm::Raw).expect("a key");
        assert!(!format!("{raw:?}").contains("MfKQ"));
    }
}
