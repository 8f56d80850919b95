//! Request bodies: the media type they are sent as and their type, and
//! finding the JSON (or another) entry of a `content` map.

use openapiv3::{
    MediaType, ReferenceOr, Schema, SchemaKind, StringFormat, Type, VariantOrUnknownOrEmpty,
};

use super::Builder;
use super::typespace::{Direction, objects::object_fields};
use crate::error::{Error, child};
use crate::model::*;

impl<'a> Builder<'a> {
    /// What a request body is sent as (see [`BodyMedia`]) and its type.
    /// `None`, with a note, for a body with no media type at all.
    pub(super) fn body(
        &mut self,
        body: &openapiv3::RequestBody,
        pointer: &str,
        op_name: &str,
    ) -> Result<Option<Body>, Error> {
        let content = child(pointer, "content");
        let found = json_media(&body.content)
            .map(|(media, schema)| (BodyMedia::Json, media, schema))
            .or_else(|| {
                media_of(&body.content, "application/x-www-form-urlencoded")
                    .map(|(media, schema)| (BodyMedia::Form, media, schema))
            })
            .or_else(|| {
                media_of(&body.content, "multipart/form-data").map(|(media, schema)| {
                    let fields = self.multipart_fields(schema);
                    (BodyMedia::Multipart(fields), media, schema)
                })
            });
        let (media, ty) = match found {
            Some((media @ (BodyMedia::Json | BodyMedia::Form), key, Some(schema))) => {
                let ty = self.space.type_for(
                    schema,
                    &format!("{op_name}Body"),
                    &child(&child(&content, key), "schema"),
                    Direction::Sent,
                )?;
                (media, ty)
            }
            Some((media, _, _)) => (media, TypeRef::Json),
            None => match body.content.keys().next() {
                Some(key) => {
                    let essence = media_essence(key);
                    let media = if essence.contains('*') {
                        "application/octet-stream"
                    } else if !essence.is_empty() && essence.bytes().all(|b| b.is_ascii_graphic()) {
                        essence
                    } else {
                        return Err(self.refs.err(
                            &child(&content, key),
                            format!("request body media type {key:?} is not a valid media type"),
                        ));
                    };
                    (BodyMedia::Bytes(media.to_string()), TypeRef::Json)
                }
                None => {
                    self.space.note(format!(
                        "{content}: the request body names no media type; the operation sends none"
                    ));
                    return Ok(None);
                }
            },
        };
        Ok(Some(Body {
            ty,
            required: body.required,
            media,
        }))
    }

    /// The properties a multipart body's schema names, for the documentation:
    /// `name`, or `name` (file) for binary strings.
    pub(super) fn multipart_fields(&self, schema: Option<&ReferenceOr<Schema>>) -> Vec<String> {
        let Some((properties, _)) = schema
            .and_then(|schema| self.refs.resolved(schema))
            .and_then(object_fields)
        else {
            return Vec::new();
        };
        properties
            .iter()
            .map(|(name, property)| {
                let binary = matches!(property, ReferenceOr::Item(p) if matches!(
                    &p.schema_kind,
                    SchemaKind::Type(Type::String(s))
                        if matches!(s.format, VariantOrUnknownOrEmpty::Item(StringFormat::Binary))
                ));
                if binary {
                    format!("{} (file)", code_span(name))
                } else {
                    code_span(name)
                }
            })
            .collect()
    }
}

/// The JSON media type of a content map (`application/json`, or any
/// `+json`), and its schema.
pub(super) fn json_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, Option<&ReferenceOr<Schema>>)> {
    find_media(content, |essence| {
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// The entry of `content` whose media type is `essence` (parameters such
/// as `; charset=utf-8` aside).
pub(super) fn media_of<'c>(
    content: &'c indexmap::IndexMap<String, MediaType>,
    essence: &str,
) -> Option<(&'c str, Option<&'c ReferenceOr<Schema>>)> {
    find_media(content, |e| e == essence)
}

/// The first entry of `content` whose media type, in lower case and
/// without its parameters, `wanted` accepts; with its schema.
pub(super) fn find_media(
    content: &indexmap::IndexMap<String, MediaType>,
    wanted: impl Fn(&str) -> bool,
) -> Option<(&str, Option<&ReferenceOr<Schema>>)> {
    content
        .iter()
        .find(|(media, _)| wanted(&media_essence(media).to_ascii_lowercase()))
        .map(|(media, m)| (media.as_str(), m.schema.as_ref()))
}

/// A media type without its parameters (`text/plain; charset=utf-8` ->
/// `text/plain`).
pub(super) fn media_essence(media: &str) -> &str {
    media.split(';').next().unwrap_or("").trim()
}
