//! `src/webhooks/events.rs`: the event enum of the spec's webhooks, a
//! child of the Standard Webhooks runtime (`runtime/src/webhooks.rs`, emitted
//! as `src/webhooks.rs`), which holds `unwrap`, `verify` and the errors.
//!
//! Every crate gets the module (behind its default `webhooks` feature), so
//! signature checks work even where the spec lists no events yet; then
//! every event is `Event::Unknown`.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_attrs};
use super::{ident, rust_type};
use crate::model::Api;
use crate::model::Webhooks;
use crate::{Config, WebhookSecret};

/// The environment variable holding the webhook secret (`WHOP_WEBHOOK_SECRET`).
pub fn secret_env(config: &Config) -> String {
    format!("{}_WEBHOOK_SECRET", config.env_prefix)
}

pub fn events_rs(api: &Api, config: &Config) -> TokenStream {
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
            " Decoded by the payload's {tag} field; a {tag} the spec does not list \
             is kept whole in `Unknown`.",
            tag = code_span(tag)
        ),
        (None, false) => " The spec's payloads carry no one-value `type` field that tells them \
             apart, so each event is tried in the order the spec lists them and the first \
             that fits is taken; a body none fits is kept whole in `Unknown`."
            .to_string(),
    };
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
    let enum_doc = format!(
        r#" An event the API sends: one variant per webhook of the spec.

{decoding}

 ```no_run
 # fn handle(body: &[u8], headers: &[(String, String)]) -> Result<(), {lib}::webhooks::WebhookError> {{
 // The secret from `{env}`.
 let webhook = {lib}::webhooks::Webhook::from_env()?;
 match webhook.unwrap(body, headers)? {{
     {lib}::webhooks::Event::Unknown(event) => println!("not in the spec: {{:?}}", event.get("type")),
     event => println!("received {{:?}}", event.name()),
 }}
 # Ok(())
 # }}
 ```"#
    );
    let enum_doc = enum_doc.lines().map(|l| quote!(#[doc = #l]));
    let (form, form_doc): (TokenStream, &[&str]) = match config.webhook_secret {
        WebhookSecret::Standard => (
            quote!(Standard),
            &[
                " This API's sender shows Standard Webhooks secrets, `whsec_<base64>`:",
                " the key is the decoded base64.",
                " [`Webhook::from_bytes`](super::Webhook::from_bytes) takes a key as it is.",
            ],
        ),
        WebhookSecret::Raw => (
            quote!(Raw),
            &[
                " This API's sender signs with the secret's own bytes, exactly as it",
                " shows the secret, whatever its shape: a `whsec_` prefix is part of",
                " it, and text that looks like base64 is not decoded (see the parent",
                " module's Secrets).",
                " [`Webhook::from_standard_secret`](super::Webhook::from_standard_secret)",
                " reads Standard Webhooks' `whsec_<base64>` form instead.",
            ],
        ),
    };
    let form_doc = form_doc.iter().map(|l| quote!(#[doc = #l]));

    quote! {
        //! The spec's webhook events (see the parent module).

        use super::WebhookError;

        /// The environment variable [`Webhook::from_env`](super::Webhook::from_env)
        /// reads the secret from.
        pub const SECRET_ENV: &str = #env;

        /// How [`Webhook::new`](super::Webhook::new), [`Webhook::from_env`](super::Webhook::from_env),
        /// `unwrap` and `verify` read a secret, chosen when the crate was generated.
        ///
        #(#form_doc)*
        pub const SECRET_FORM: super::SecretForm = super::SecretForm::#form;

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
            ///
            /// Inline, as every function that decodes events: the payload
            /// types' decoding is compiled in the program that receives
            /// webhooks, not in every program that uses this crate.
            #[inline]
            pub fn from_slice(body: &[u8]) -> Result<Event, WebhookError> {
                let value: serde_json::Value = serde_json::from_slice(body)
                    .map_err(|e| WebhookError::body(&e, None))?;
                Event::from_value(value)
            }

            /// [`from_slice`](Self::from_slice) for a parsed body.
            #[inline]
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
