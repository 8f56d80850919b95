//! What a schema turns into, before any type is made of it: an object, a
//! string enum, a union, an `allOf` to merge, or a type written in place.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use super::TypeSpace;

/// What a schema turns into: a type of its own, or a reference to others.
pub(super) enum Shape<'s> {
    /// Object with properties -> struct.
    Object,
    /// String enum -> enum with a catch-all.
    StringEnum(Vec<String>),
    /// oneOf/anyOf with two or more branches -> enum of variants; the
    /// keyword names the branches' place in pointers.
    Union(&'static str, &'s [ReferenceOr<Schema>]),
    /// allOf of several members -> one merged struct.
    AllOf(&'s [ReferenceOr<Schema>]),
    /// Anything else is written in place (primitive, array, map, a single ref).
    Inline,
}

impl<'a> TypeSpace<'a> {
    pub(super) fn shape<'s>(&self, schema: &'s Schema) -> Shape<'s> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                Shape::Object
            }
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                if values.is_empty() {
                    Shape::Inline
                } else {
                    Shape::StringEnum(values)
                }
            }
            SchemaKind::OneOf { one_of } if one_of.len() > 1 => Shape::Union("oneOf", one_of),
            SchemaKind::AnyOf { any_of } if any_of.len() > 1 => Shape::Union("anyOf", any_of),
            SchemaKind::AllOf { all_of } if all_of.len() > 1 => self.all_of_shape(all_of, false),
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() && (any.all_of.len() > 1 || !any.properties.is_empty()) {
                    self.all_of_shape(&any.all_of, !any.properties.is_empty())
                } else if !any.properties.is_empty() {
                    Shape::Object
                } else if any.one_of.len() > 1 {
                    Shape::Union("oneOf", &any.one_of)
                } else if any.any_of.len() > 1 {
                    Shape::Union("anyOf", &any.any_of)
                } else if !any.enumeration.is_empty()
                    && matches!(any.typ.as_deref(), None | Some("string"))
                    && any.enumeration.iter().all(|v| v.is_string() || v.is_null())
                    && any.enumeration.iter().any(|v| v.is_string())
                {
                    Shape::StringEnum(
                        any.enumeration
                            .iter()
                            .filter_map(|v| v.as_str().map(String::from))
                            .collect(),
                    )
                } else {
                    Shape::Inline
                }
            }
            _ => Shape::Inline,
        }
    }
}
