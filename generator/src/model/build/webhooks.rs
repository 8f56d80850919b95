//! Webhooks: the events an API sends to its users (OpenAPI 3.1 `webhooks`,
//! or the 3.0 vendor extension `x-webhooks` of the same shape).
//!
//! `openapiv3` has no `webhooks` field, so [`read`] takes the entries from
//! the lowered document (lowering walks both keys like `paths`) and
//! deserializes each as a Path Item. `build` then turns each webhook's
//! JSON request body into an ordinary model type through the type space
//! (`TypeSpace::type_for`: named, deduplicated, `Deserialize`), and collects the
//! events into one [`Webhooks`] that the emitter writes as an enum.
//!
//! An event enum is tagged by the payload's `type` property when every
//! payload declares it with a single value (`const` or a one-value `enum`),
//! as Whop's do (`type: membership.activated`). Otherwise the payloads
//! carry nothing that tells them apart, and each is tried in the order the
//! spec lists them (a note says so).

use openapiv3::{PathItem, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value;

use super::Builder;
use super::bodies::json_media;
use super::typespace::Direction;
use crate::error::{Error, child};
use crate::model::names::{self, Taken};
use crate::model::{Doc, TypeRef, code_span};
use crate::model::{Event, Webhooks};

/// The property whose single value names an event.
pub const TAG_PROPERTY: &str = "type";

/// A webhook entry as the document has it.
#[derive(Debug, Clone)]
pub struct Source {
    pub name: String,
    pub item: ReferenceOr<PathItem>,
    pub pointer: String,
}

/// The entries of `webhooks` and `x-webhooks` of a lowered document, each
/// read as a Path Item. Errors name the pointer of the part that does not fit.
pub fn read(doc: &Value, file: &str) -> Result<Vec<Source>, Error> {
    let mut out = Vec::new();
    for key in ["webhooks", "x-webhooks"] {
        let base = child("#", key);
        let entries = match doc.get(key) {
            None | Some(Value::Null) => continue,
            Some(Value::Object(entries)) => entries,
            Some(_) => {
                return Err(Error::at(
                    file,
                    base,
                    "expected a mapping of webhook names to Path Item Objects",
                ));
            }
        };
        for (name, item) in entries {
            let pointer = child(&base, name);
            let item = crate::parse::path_item(item, &pointer).map_err(|(at, message)| {
                Error::at(file, at, format!("not a valid webhook: {message}"))
            })?;
            out.push(Source {
                name: name.clone(),
                item,
                pointer,
            });
        }
    }
    Ok(out)
}

/// The model of the webhooks, defining their payload types in `b`.
pub(super) fn build(b: &mut Builder<'_>, sources: &[Source]) -> Result<Webhooks, Error> {
    let mut variants = Taken::default();
    let catch_all = variants.claim("Unknown");
    let mut events = Vec::new();
    for source in sources {
        if let Some(event) = event(b, source, &mut variants)? {
            events.push(event);
        }
    }

    let mut seen = std::collections::BTreeSet::new();
    let tagged = !events.is_empty()
        && events
            .iter()
            .all(|e| e.tag.as_ref().is_some_and(|t| seen.insert(t.clone())));
    let tag = if tagged {
        Some(TAG_PROPERTY.to_string())
    } else {
        if events.len() > 1 {
            b.space.note(format!(
                "#/webhooks: not every payload names its event in a one-value `{TAG_PROPERTY}` \
                 property (or two share one); events are decoded by trying each in turn"
            ));
        }
        None
    };
    Ok(Webhooks {
        tag,
        events,
        catch_all,
    })
}

fn event(
    b: &mut Builder<'_>,
    source: &Source,
    variants: &mut Taken,
) -> Result<Option<Event>, Error> {
    let pointer = &source.pointer;
    let item = match &source.item {
        ReferenceOr::Item(item) => item,
        ReferenceOr::Reference { reference } => {
            b.space.note(format!(
                "{pointer}: webhook `$ref: {reference}` is not supported; the webhook is left out"
            ));
            return Ok(None);
        }
    };
    let mut operations = item.iter();
    let Some((method, op)) = item
        .post
        .as_ref()
        .map(|op| ("post", op))
        .or_else(|| operations.next())
    else {
        b.space.note(format!(
            "{pointer}: the webhook has no operation; it is left out"
        ));
        return Ok(None);
    };
    if item.iter().count() > 1 {
        b.space.note(format!(
            "{pointer}: the webhook has several operations; only `{method}` is read"
        ));
    }
    let op_pointer = child(pointer, method);
    let Some(body) = &op.request_body else {
        b.space.note(format!(
            "{op_pointer}: the webhook has no request body; it is left out"
        ));
        return Ok(None);
    };
    let (body, body_pointer) = b.refs.resolve(
        body,
        "requestBodies",
        "request body",
        |c| &c.request_bodies,
        &child(&op_pointer, "requestBody"),
    )?;
    let Some((media, schema)) = json_media(&body.content) else {
        b.space.note(format!(
            "{body_pointer}/content: the webhook's body is not JSON; it is left out"
        ));
        return Ok(None);
    };
    let schema_pointer = child(&child(&child(&body_pointer, "content"), media), "schema");
    let hint = format!("{}Event", names::type_name(&source.name));
    let (ty, tag) = match schema {
        Some(schema) => {
            let ty = b
                .space
                .type_for(schema, &hint, &schema_pointer, Direction::Received)?;
            let tag = tag_of(b, schema, &schema_pointer)?;
            (ty, tag)
        }
        None => (TypeRef::Json, None),
    };
    // `null` is not an event.
    let ty = ty.non_null();

    let mut doc = Doc::default();
    doc.push(op.summary.as_deref());
    doc.push(op.description.as_deref());
    doc.push(Some(&match &tag {
        Some(tag) => format!(
            "Webhook {} ({}).",
            code_span(&source.name),
            code_span(&format!("{TAG_PROPERTY}: {tag}"))
        ),
        None => format!("Webhook {}.", code_span(&source.name)),
    }));
    Ok(Some(Event {
        name: source.name.clone(),
        variant: variants.claim(&names::type_name(&source.name)),
        tag,
        ty,
        doc,
    }))
}

/// The single value the payload's `type` property may take, if it has one.
fn tag_of(
    b: &Builder<'_>,
    schema: &ReferenceOr<Schema>,
    pointer: &str,
) -> Result<Option<String>, Error> {
    let schema = match schema {
        ReferenceOr::Item(schema) => schema,
        ReferenceOr::Reference { reference } => b.refs.resolve_schema(reference, pointer)?.0,
    };
    let property = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => o.properties.get(TAG_PROPERTY),
        SchemaKind::Any(any) => any.properties.get(TAG_PROPERTY),
        _ => None,
    };
    let property = match property {
        None => return Ok(None),
        Some(ReferenceOr::Item(s)) => &**s,
        Some(ReferenceOr::Reference { reference }) => {
            b.refs
                .resolve_schema(
                    reference,
                    &child(&child(pointer, "properties"), TAG_PROPERTY),
                )?
                .0
        }
    };
    let values: Vec<String> = match &property.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().flatten().cloned().collect(),
        SchemaKind::Any(any) => any
            .enumeration
            .iter()
            .filter_map(|v| v.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    };
    Ok(match values.as_slice() {
        [only] => Some(only.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(doc: Value) -> Result<crate::Api, Error> {
        crate::load(&doc.to_string(), "t.json")
    }

    fn payload(tag: Option<&str>) -> Value {
        let mut properties = serde_json::json!({"id": {"type": "string"}});
        if let Some(tag) = tag {
            properties["type"] = serde_json::json!({"type": "string", "const": tag});
        }
        serde_json::json!({"post": {"requestBody": {"content": {"application/json": {"schema": {
            "type": "object", "required": ["id"], "properties": properties,
        }}}}}})
    }

    #[test]
    fn tagged_by_the_type_const() {
        let api = load(serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "webhooks": {"a.created": payload(Some("a.created")), "a.deleted": payload(Some("a.deleted"))},
        }))
        .unwrap();
        let w = &api.webhooks;
        assert_eq!(w.tag.as_deref(), Some("type"));
        let names: Vec<_> = w
            .events
            .iter()
            .map(|e| (e.variant.as_str(), e.tag.as_deref()))
            .collect();
        assert_eq!(
            names,
            [
                ("ACreated", Some("a.created")),
                ("ADeleted", Some("a.deleted"))
            ]
        );
        assert_eq!(w.events[0].ty, TypeRef::Named("ACreatedEvent".into()));
        assert!(
            api.types
                .iter()
                .any(|t| t.name == "ACreatedEvent" && t.deserialize)
        );
    }

    #[test]
    fn untagged_when_a_payload_has_no_type() {
        let api = load(serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "webhooks": {"one": payload(Some("one")), "two": payload(None)},
        }))
        .unwrap();
        assert_eq!(api.webhooks.tag, None);
        assert!(
            api.notes.iter().any(|n| n.contains("trying each in turn")),
            "{:?}",
            api.notes
        );
    }

    #[test]
    fn x_webhooks_of_3_0() {
        let api = load(serde_json::json!({
            "openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {},
            "x-webhooks": {"ping": payload(Some("ping"))},
        }))
        .unwrap();
        assert_eq!(api.webhooks.events.len(), 1);
        assert_eq!(api.webhooks.events[0].name, "ping");
    }

    #[test]
    fn webhooks_without_json_bodies_are_notes() {
        let api = load(serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "webhooks": {
                "bare": {"post": {"responses": {"200": {"description": "ok"}}}},
                "text": {"post": {"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}}},
            },
        }))
        .unwrap();
        assert!(api.webhooks.events.is_empty());
        let left_out: Vec<_> = api
            .notes
            .iter()
            .filter(|n| n.contains("left out"))
            .collect();
        assert_eq!(left_out.len(), 2, "{:?}", api.notes);
        assert!(
            left_out[0].starts_with("#/webhooks/bare/post: "),
            "{left_out:?}"
        );
        assert!(
            left_out[1].starts_with("#/webhooks/text/post/requestBody/content: "),
            "{left_out:?}"
        );
    }

    #[test]
    fn malformed_webhook_is_an_error_at_its_pointer() {
        let e = load(serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "webhooks": {"a/b": {"post": {"requestBody": {"content": 5}}}},
        }))
        .unwrap_err();
        assert!(e.pointer.starts_with("#/webhooks/a~1b/post"), "{e}");
        let e = load(serde_json::json!({
            "openapi": "3.1.0", "info": {"title": "t", "version": "1"},
            "webhooks": ["a"],
        }))
        .unwrap_err();
        assert_eq!(e.pointer, "#/webhooks");
    }
}
