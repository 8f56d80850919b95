//! `allOf`: which compositions merge into one struct, the object parts each
//! member contributes, and the type of one that does not merge.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::TypeSpace;
use super::objects::ObjectPart;
use super::shape::Shape;
use crate::error::{Error, child};
use crate::limits::SCHEMA_DEPTH as MAX_DEPTH;
use crate::model::*;

impl<'a> TypeSpace<'a> {
    /// What an `allOf` (with `properties` beside it or not) becomes. Members
    /// that only annotate (`description`, `nullable`, `readOnly`, ...) add
    /// nothing to the type. Two or more object members merge into one
    /// struct; a single member is that member's type; members that cannot
    /// be merged (an object and a `oneOf`, a string and an array) are
    /// written in place, where `inline_type` says why.
    pub(super) fn all_of_shape<'s>(
        &self,
        members: &'s [ReferenceOr<Schema>],
        properties: bool,
    ) -> Shape<'s> {
        let substantive: Vec<&ReferenceOr<Schema>> =
            members.iter().filter(|m| !is_annotation(m)).collect();
        if substantive.len() + usize::from(properties) < 2 {
            return if properties {
                Shape::Object
            } else {
                Shape::Inline
            };
        }
        if substantive.iter().all(|m| self.mergeable(m, 0)) {
            Shape::AllOf(members)
        } else {
            Shape::Inline
        }
    }

    /// Whether an `allOf` member is an object schema `struct_kind` can merge
    /// (following `$ref`s and nested `allOf`s).
    pub(super) fn mergeable(&self, member: &ReferenceOr<Schema>, hops: usize) -> bool {
        if hops > MAX_DEPTH {
            return false;
        }
        let Some(schema) = self.refs.resolved(member) else {
            return false;
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::AllOf { all_of } => all_of
                .iter()
                .all(|m| is_annotation(m) || self.mergeable(m, hops + 1)),
            SchemaKind::Any(any) => {
                any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && any.enumeration.is_empty()
                    && any.items.is_none()
                    && matches!(any.typ.as_deref(), None | Some("object"))
                    && any
                        .all_of
                        .iter()
                        .all(|m| is_annotation(m) || self.mergeable(m, hops + 1))
            }
            _ => false,
        }
    }

    /// The type of an `allOf` that is not merged into a struct (see
    /// `all_of_shape`): its one substantive member's, `Option` when an
    /// annotating member says `nullable`; `serde_json::Value`, with a note,
    /// when several members cannot be merged.
    pub(super) fn all_of_type(
        &mut self,
        members: &[ReferenceOr<Schema>],
        properties: bool,
        hint: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        let base = child(pointer, "allOf");
        let substantive: Vec<(usize, &ReferenceOr<Schema>)> = members
            .iter()
            .enumerate()
            .filter(|(_, m)| !is_annotation(m))
            .collect();
        let nullable = members.iter().any(
            |m| matches!(m, ReferenceOr::Item(s) if is_annotation(m) && s.schema_data.nullable),
        );
        let ty = match substantive[..] {
            [] => TypeRef::Json,
            [(i, only)] if !properties => {
                self.type_of(only, hint, &child(&base, &i.to_string()), depth + 1)?
            }
            _ => {
                self.notes.push(format!(
                    "{base}: the members are not all objects, so they cannot be merged into one type; the value is a `serde_json::Value`"
                ));
                TypeRef::Json
            }
        };
        Ok(if nullable { ty.optional() } else { ty })
    }

    /// The object parts an `allOf` member contributes (following `$ref`s and
    /// nested `allOf`s).
    pub(super) fn object_parts(
        &self,
        member: &ReferenceOr<Schema>,
        pointer: &str,
        parts: &mut Vec<ObjectPart>,
        hops: usize,
    ) -> Result<(), Error> {
        if hops > MAX_DEPTH {
            return Err(self.err(pointer, "`allOf` references form a cycle"));
        }
        let (schema, pointer) = match member {
            ReferenceOr::Reference { reference } => self.refs.resolve_schema(reference, pointer)?,
            ReferenceOr::Item(schema) => (schema, pointer.to_string()),
        };
        let (properties, required, additional, all_of) = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(o)) => (
                &o.properties,
                &o.required,
                &o.additional_properties,
                &[][..],
            ),
            SchemaKind::AllOf { all_of } => {
                return self.all_of_parts(all_of, &pointer, parts, hops);
            }
            SchemaKind::Any(any)
                if any.one_of.is_empty()
                    && any.any_of.is_empty()
                    && matches!(any.typ.as_deref(), None | Some("object")) =>
            {
                (
                    &any.properties,
                    &any.required,
                    &any.additional_properties,
                    &any.all_of[..],
                )
            }
            _ => {
                return Err(self.err(
                    &pointer,
                    "`allOf` member is not an object schema; only objects can be merged",
                ));
            }
        };
        self.all_of_parts(all_of, &pointer, parts, hops)?;
        parts.push(ObjectPart::new(properties, required, additional, &pointer));
        Ok(())
    }

    /// The parts of each member of the `allOf` of the schema at `pointer`.
    pub(super) fn all_of_parts(
        &self,
        all_of: &[ReferenceOr<Schema>],
        pointer: &str,
        parts: &mut Vec<ObjectPart>,
        hops: usize,
    ) -> Result<(), Error> {
        let base = child(pointer, "allOf");
        for (i, member) in all_of.iter().enumerate() {
            self.object_parts(member, &child(&base, &i.to_string()), parts, hops + 1)?;
        }
        Ok(())
    }
}

/// Whether an `allOf` member only annotates (description, `nullable`,
/// `readOnly`, constraints, ...) and says nothing of the value's type.
pub(super) fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
    match member {
        ReferenceOr::Reference { .. } => false,
        ReferenceOr::Item(schema) => match &schema.schema_kind {
            SchemaKind::Any(any) => {
                any.typ.is_none()
                    && any.properties.is_empty()
                    && any.required.is_empty()
                    && any.additional_properties.is_none()
                    && any.items.is_none()
                    && any.enumeration.is_empty()
                    && any.one_of.is_empty()
                    && any.all_of.is_empty()
                    && any.any_of.is_empty()
                    && any.not.is_none()
            }
            _ => false,
        },
    }
}
