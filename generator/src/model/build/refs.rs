//! The document the model is built from, and how its `$ref`s resolve:
//! local references to `#/components/...`, followed through chains, with
//! errors that name the pointer where the reference stands.

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use crate::error::{Error, child, fragment_pointer};
use crate::limits::SCHEMA_DEPTH as MAX_DEPTH;

/// The parsed document and its file name (for errors).
#[derive(Clone, Copy)]
pub(super) struct Refs<'a> {
    pub(super) file: &'a str,
    pub(super) spec: &'a OpenAPI,
}

impl<'a> Refs<'a> {
    pub(super) fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::at(self.file, pointer, message)
    }

    /// The component key a local `$ref` names (`#/components/{kind}/{key}`).
    pub(super) fn component_key(
        &self,
        reference: &str,
        kind: &str,
        pointer: &str,
    ) -> Result<String, Error> {
        let prefix = format!("#/components/{kind}/");
        // The fragment percent-decoded (`%7B` is `{`), as RFC 6901 reads it.
        let pointer_text = fragment_pointer(reference);
        match pointer_text
            .as_deref()
            .and_then(|p| p.strip_prefix(&prefix[1..]))
        {
            Some(key) if !key.contains('/') => Ok(key.replace("~1", "/").replace("~0", "~")),
            _ => Err(self.err(
                pointer,
                format!(
                    "`$ref: {reference}` is not supported here: only references to \
                     `{prefix}<name>` in the same document are"
                ),
            )),
        }
    }

    /// The schema a `$ref` to a component schema points at (for `allOf`),
    /// following chains of `$ref`s.
    pub(super) fn resolve_schema(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<(&'a Schema, String), Error> {
        let spec: &'a OpenAPI = self.spec;
        let mut reference = reference;
        let mut at = pointer.to_string();
        for _ in 0..MAX_DEPTH {
            let key = self.component_key(reference, "schemas", &at)?;
            let found = spec.components.as_ref().and_then(|c| c.schemas.get(&key));
            at = child("#/components/schemas", &key);
            match found {
                Some(ReferenceOr::Item(schema)) => return Ok((schema, at)),
                Some(ReferenceOr::Reference { reference: next }) => reference = next,
                None => {
                    return Err(self.err(
                        pointer,
                        format!("`$ref: {reference}` resolves to nothing: there is no such component schema"),
                    ));
                }
            }
        }
        Err(self.err(pointer, "component schema `$ref`s form a cycle"))
    }

    /// The schema an inline schema or a `$ref` to a component schema stands
    /// for (following chains); `None` for a `$ref` to nothing.
    pub(super) fn resolved<'s>(&'s self, member: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        match member {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self
                .resolve_schema(reference, "")
                .ok()
                .map(|(schema, _)| schema),
        }
    }

    /// Follows `$ref`s to `#/components/{kind}/..` (`what` names the kind in
    /// messages) to the item; returns it with its pointer.
    pub(super) fn resolve<T>(
        &self,
        item: &'a ReferenceOr<T>,
        kind: &str,
        what: &str,
        entries: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
        pointer: &str,
    ) -> Result<(&'a T, String), Error> {
        let spec: &'a OpenAPI = self.spec;
        let mut current = item;
        let mut at = pointer.to_string();
        for _ in 0..MAX_DEPTH {
            match current {
                ReferenceOr::Item(found) => return Ok((found, at)),
                ReferenceOr::Reference { reference } => {
                    let key = self.component_key(reference, kind, &at)?;
                    current = spec
                        .components
                        .as_ref()
                        .and_then(|c| entries(c).get(&key))
                        .ok_or_else(|| {
                            self.err(
                                &at,
                                format!(
                                    "`$ref: {reference}` resolves to nothing: there is no such component {what}"
                                ),
                            )
                        })?;
                    at = child(&format!("#/components/{kind}"), &key);
                }
            }
        }
        Err(self.err(pointer, format!("{what} `$ref`s form a cycle")))
    }
}
