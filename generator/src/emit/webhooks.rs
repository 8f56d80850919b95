//! `src/webhooks/mod.rs`: the event enum of the spec's webhooks, and
//! `unwrap`/`verify` over the Standard Webhooks runtime
//! (`runtime/webhooks.rs`, emitted as `src/webhooks/signature.rs`).
//!
//! Every crate gets the module (behind its default `webhooks` feature), so
//! signature checks work even where the spec lists no events yet; then
//! every event is `Event::Unknown`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::{ident, rust_type};
use crate::Config;
use crate::model::Api;
use crate::model::webhooks::Webhooks;

/// The environment variable holding the webhook secret (`WHOP_WEBHOOK_SECRET`).
pub fn secret_env(config: &Config) -> String {
    format!("{}_WEBHOOK_SECRET", config.env_prefix)
}

pub fn mod_rs(api: &Api, config: &Config) -> TokenStream {
    let w = &api.webhooks;
    let lib = config.crate_name.replace('-', "_");
    let env = secret_env(config);
    let models = quote!(crate::models::);
    let catch_all = ident(&w.catch_all);

    let decoding = match (&w.tag, w.events.is_empty()) {
        (_, true) => {
            " The spec lists no webhooks yet: every event is kept whole in `Unknown`.".to_string()
        }
        (Some(tag), false) => format!(
            " Decoded by the payload's `{tag}` field; a `{tag}` the spec does not list \
             is kept whole in `Unknown`."
        ),
        (None, false) => " The spec's payloads carry no one-value `type` field that tells them \
             apart, so each event is tried in the order the spec lists them and the first \
             that fits is taken; a body none fits is kept whole in `Unknown`."
            .to_string(),
    };
    let module_doc = format!(
        r#" Webhooks: the events the API sends to your endpoint.

 [`unwrap`] checks a request's Standard Webhooks signature (headers
 `webhook-id`, `webhook-timestamp` and `webhook-signature`, an HMAC-SHA256
 over `id.timestamp.body`) and decodes the body into an [`Event`];
 [`verify`] only checks. Both take the raw body bytes as received, the
 request's headers (an `http::HeaderMap`, a map or a list of pairs) and
 the endpoint's secret. [`Webhook`] keeps a secret and a timestamp
 tolerance (default five minutes) for many requests.

 ```no_run
 # fn handle(body: &[u8], headers: &reqwest::header::HeaderMap) -> Result<(), {lib}::webhooks::WebhookError> {{
 // The secret from `{env}`.
 let webhook = {lib}::webhooks::Webhook::from_env()?;
 match webhook.unwrap(body, headers)? {{
     {lib}::webhooks::Event::Unknown(value) => println!("not listed in the spec: {{:?}}", value.get("type")),
     event => println!("received {{:?}}", event.name()),
 }}
 # Ok(())
 # }}
 ```

 Errors are values ([`WebhookError`]), one kind per failure: a missing
 header, an expired or future timestamp, a bad signature, a body that is
 not an event. None of them holds or prints the body."#
    );
    let module_doc = module_doc.lines().map(|l| quote!(#![doc = #l]));

    let variants = w.events.iter().map(|e| {
        let doc = doc_attrs(&e.doc);
        let v = ident(&e.variant);
        let ty = rust_type(&e.ty, &models);
        quote! { #doc #v(#ty), }
    });
    let names: Vec<TokenStream> = w
        .events
        .iter()
        .map(|e| {
            let v = ident(&e.variant);
            let name = &e.name;
            quote! { Self::#v(_) => Some(#name), }
        })
        .collect();
    let name_body = if names.is_empty() {
        quote! {
            let _ = self;
            None
        }
    } else {
        quote! {
            match self {
                #(#names)*
                _ => None,
            }
        }
    };
    let from_value = from_value(w);
    let enum_doc =
        format!(" An event the API sends: one variant per webhook of the spec.\n\n{decoding}");
    let enum_doc = enum_doc.lines().map(|l| quote!(#[doc = #l]));

    quote! {
        #(#module_doc)*

        mod signature;

        pub use signature::{
            DEFAULT_TOLERANCE, ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, Webhook, WebhookError,
            WebhookHeaders,
        };

        /// The environment variable [`Webhook::from_env`] reads the secret from.
        pub const SECRET_ENV: &str = #env;

        /// Checks the signature of a webhook request with `secret` (with or
        /// without the `whsec_` prefix) and decodes its body into an [`Event`].
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

        impl Webhook {
            /// A verifier for the secret in the environment variable [`SECRET_ENV`].
            pub fn from_env() -> Result<Webhook, WebhookError> {
                match std::env::var(SECRET_ENV) {
                    Ok(secret) if !secret.trim().is_empty() => Webhook::new(&secret),
                    _ => Err(WebhookError::MissingSecret { env: SECRET_ENV }),
                }
            }

            /// Checks the signature (see [`Webhook::verify`]), then decodes the
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
        }

        #(#enum_doc)*
        #[derive(Debug, Clone, PartialEq)]
        #[cfg_attr(feature = "serialize", derive(serde::Serialize), serde(untagged))]
        #[non_exhaustive]
        #[allow(clippy::large_enum_variant)]
        pub enum Event {
            #(#variants)*
            /// An event the spec does not list (or not yet), kept whole.
            #catch_all(serde_json::Value),
        }

        impl Event {
            /// Decodes a body whose signature has been checked. Error: the
            /// body is not JSON, not an object, or not the shape its event
            /// type says.
            pub fn from_slice(body: &[u8]) -> Result<Event, WebhookError> {
                let value: serde_json::Value = serde_json::from_slice(body)
                    .map_err(|e| WebhookError::body(&e, None))?;
                Event::from_value(value)
            }

            /// [`from_slice`](Self::from_slice) for a parsed body.
            pub fn from_value(value: serde_json::Value) -> Result<Event, WebhookError> {
                #from_value
            }

            /// The webhook's name in the spec (`None` for `Unknown`).
            pub fn name(&self) -> Option<&'static str> {
                #name_body
            }
        }

        impl<'de> serde::Deserialize<'de> for Event {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                Event::from_value(value).map_err(serde::de::Error::custom)
            }
        }
    }
}

/// The body of `Event::from_value`.
fn from_value(w: &Webhooks) -> TokenStream {
    let catch_all = ident(&w.catch_all);
    let models = quote!(crate::models::);
    let not_object = quote! {
        if !value.is_object() {
            return Err(WebhookError::InvalidBody {
                reason: "the body is not a JSON object".to_string(),
            });
        }
    };
    match &w.tag {
        Some(tag) => {
            let arms = w.events.iter().filter_map(|e| {
                let value = e.tag.as_ref()?;
                let v = ident(&e.variant);
                let name = &e.name;
                Some(quote! {
                    #value => serde_json::from_value(value)
                        .map(Self::#v)
                        .map_err(|e| WebhookError::body(&e, Some(#name))),
                })
            });
            let missing = format!("the body has no string `{tag}` field naming its event");
            quote! {
                #not_object
                let Some(tag) = value.get(#tag).and_then(serde_json::Value::as_str) else {
                    return Err(WebhookError::InvalidBody { reason: #missing.to_string() });
                };
                match tag.to_string().as_str() {
                    #(#arms)*
                    _ => Ok(Self::#catch_all(value)),
                }
            }
        }
        None => {
            let tries = w.events.iter().map(|e| {
                let v = ident(&e.variant);
                let ty = rust_type(&e.ty, &models);
                quote! {
                    if let Ok(event) = serde_json::from_value::<#ty>(value.clone()) {
                        return Ok(Self::#v(event));
                    }
                }
            });
            quote! {
                #not_object
                #(#tries)*
                Ok(Self::#catch_all(value))
            }
        }
    }
}
