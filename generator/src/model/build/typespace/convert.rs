//! Schema -> Rust type: what shape a schema has, and the type written in
//! place (primitive, `Vec`, map) or defined (struct, enum, union) for it.

use openapiv3::{
    AdditionalProperties, ReferenceOr, Schema, SchemaKind, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::TypeSpace;
use super::docs::schema_doc;
use super::enums::{documented_enum_kind, enum_kind};
use super::objects::ObjectPart;
use super::shape::Shape;
use super::shared::{Place, member_docs, structural_key};
use crate::error::{Error, child};
use crate::limits::SCHEMA_DEPTH as MAX_DEPTH;
use crate::model::names;
use crate::model::*;

impl<'a> TypeSpace<'a> {
    pub(super) fn components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.refs.spec.components else {
            return Ok(());
        };
        // Names and nullability first: any schema may refer to any other.
        let mut rust_names = Vec::with_capacity(components.schemas.len());
        for (key, schema) in &components.schemas {
            let name = self.taken.claim(&names::type_name(key));
            if matches!(schema, ReferenceOr::Item(s) if s.schema_data.nullable) {
                self.nullable_components.insert(name.clone());
            }
            self.components.insert(key.clone(), name.clone());
            rust_names.push(name);
        }
        for ((key, schema), name) in components.schemas.iter().zip(rust_names) {
            let pointer = child("#/components/schemas", key);
            match schema {
                ReferenceOr::Reference { reference } => {
                    let target = self.schema_ref(reference, &pointer)?;
                    if target == TypeRef::Named(name.clone()) {
                        return Err(self.err(&pointer, "schema is a `$ref` to itself"));
                    }
                    self.insert(name, Doc::default(), TypeKind::Alias(target), pointer);
                }
                ReferenceOr::Item(schema) => {
                    let kind = self.kind_of(&name, schema, &pointer, 0)?;
                    let doc = schema_doc(schema);
                    self.insert(name, doc, kind, pointer);
                }
            }
        }
        Ok(())
    }

    /// `#/components/schemas/Name` -> the type it names.
    pub(super) fn schema_ref(&self, reference: &str, pointer: &str) -> Result<TypeRef, Error> {
        let key = self.refs.component_key(reference, "schemas", pointer)?;
        match self.components.get(&key) {
            Some(name) if self.nullable_components.contains(name) => {
                Ok(TypeRef::Named(name.clone()).optional())
            }
            Some(name) => Ok(TypeRef::Named(name.clone())),
            None => Err(self.err(
                pointer,
                format!(
                    "`$ref: {reference}` resolves to nothing: there is no such component schema"
                ),
            )),
        }
    }

    /// The Rust type for a schema standing at `pointer`; inline schemas that
    /// need a type of their own get one named `hint` (or the name of a
    /// structurally identical one met before).
    pub(super) fn type_of(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        if depth > MAX_DEPTH {
            return Err(self.err(
                pointer,
                format!("schemas nest more than {MAX_DEPTH} levels deep"),
            ));
        }
        let schema = match schema {
            ReferenceOr::Reference { reference } => return self.schema_ref(reference, pointer),
            ReferenceOr::Item(schema) => schema,
        };
        let ty = match self.shape(schema) {
            Shape::Inline => self.inline_type(schema, hint, pointer, depth)?,
            _ => TypeRef::Named(self.define_inline(schema, hint, pointer, depth)?),
        };
        let nullable = schema.schema_data.nullable
            || matches!(&schema.schema_kind, SchemaKind::Type(Type::String(s)) if s.enumeration.contains(&None));
        Ok(if nullable { ty.optional() } else { ty })
    }

    /// Defines (or finds) the named type for an inline schema.
    pub(super) fn define_inline(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<String, Error> {
        let key = structural_key(schema);
        if let Some(name) = self.inline.get(&key).cloned() {
            // Same structure met before: one type. Where this place would
            // name it differently, an alias keeps the field's type readable
            // (`image: Option<ExperienceImage>`, an alias of the type first
            // met as `ExperienceAppIcon`).
            let wanted = names::capped(&names::type_name(hint));
            if wanted == name {
                return Ok(name);
            }
            if self.taken.contains(&wanted) {
                // The name is another type's: this place uses the shared
                // type itself, and its docs count for what they share.
                self.shared.entry(name.clone()).or_default().push(Place {
                    name: wanted,
                    doc: schema_doc(schema),
                    members: None,
                });
                return Ok(name);
            }
            let alias = self.taken.claim(&wanted);
            self.insert(
                alias.clone(),
                schema_doc(schema),
                TypeKind::Alias(TypeRef::Named(name.clone())),
                pointer.to_string(),
            );
            // The inline schemas inside get this place's names too (as
            // aliases), so a name does not vanish when the spec gains an
            // identical schema earlier in the document
            // (`ExperienceAppIcon` stays when `Experience.app` becomes an
            // alias of `ExperienceListItemApp`).
            let kind = self.kind_of(&alias, schema, pointer, depth)?;
            self.shared.entry(name).or_default().push(Place {
                name: alias.clone(),
                doc: schema_doc(schema),
                members: Some(member_docs(&kind)),
            });
            return Ok(alias);
        }
        let name = self.taken.claim(&names::capped(&names::type_name(hint)));
        self.inline.insert(key, name.clone());
        let kind = self.kind_of(&name, schema, pointer, depth)?;
        self.insert(name.clone(), schema_doc(schema), kind, pointer.to_string());
        Ok(name)
    }

    /// What the type named `name` for `schema` is.
    pub(super) fn kind_of(
        &mut self,
        name: &str,
        schema: &Schema,
        pointer: &str,
        depth: usize,
    ) -> Result<TypeKind, Error> {
        match self.shape(schema) {
            Shape::Object => {
                let (properties, required, additional) = match &schema.schema_kind {
                    SchemaKind::Type(Type::Object(o)) => {
                        (&o.properties, &o.required, &o.additional_properties)
                    }
                    SchemaKind::Any(any) => {
                        (&any.properties, &any.required, &any.additional_properties)
                    }
                    _ => return Err(self.err(pointer, "internal: object shape without properties")),
                };
                let part = ObjectPart::new(properties, required, additional, pointer);
                self.struct_kind(name, vec![part], depth)
            }
            Shape::StringEnum(values) => Ok(TypeKind::Enum(enum_kind(&values))),
            Shape::Union(_, branches) if let Some(values) = self.enum_branches(branches) => {
                Ok(TypeKind::Enum(documented_enum_kind(&values)))
            }
            Shape::Union(keyword, branches) => self.union_kind(
                name,
                branches,
                schema.schema_data.discriminator.as_ref(),
                &child(pointer, keyword),
                depth,
            ),
            Shape::AllOf(members) => {
                let mut parts = Vec::new();
                self.all_of_parts(members, pointer, &mut parts, 0)?;
                // `properties` written beside `allOf` count as one more member.
                if let SchemaKind::Any(any) = &schema.schema_kind
                    && !any.properties.is_empty()
                {
                    parts.push(ObjectPart::new(
                        &any.properties,
                        &any.required,
                        &any.additional_properties,
                        pointer,
                    ));
                }
                self.struct_kind(name, parts, depth)
            }
            Shape::Inline => Ok(TypeKind::Alias(
                self.inline_type(schema, name, pointer, depth)?,
            )),
        }
    }

    /// Types written in place: primitives, arrays, maps, single-branch
    /// compositions.
    pub(super) fn inline_type(
        &mut self,
        schema: &Schema,
        hint: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        Ok(match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => match &s.format {
                VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                _ => TypeRef::String,
            },
            SchemaKind::Type(Type::Integer(i)) => match &i.format {
                VariantOrUnknownOrEmpty::Item(openapiv3::IntegerFormat::Int32) => TypeRef::I32,
                VariantOrUnknownOrEmpty::Unknown(format) => integer_type(format),
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(_)) => TypeRef::F64,
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Array(a)) => {
                self.array_type(a.items.as_ref(), hint, pointer, depth)?
            }
            SchemaKind::Type(Type::Object(o)) => {
                self.map_type(o.additional_properties.as_ref(), hint, pointer, depth)?
            }
            SchemaKind::OneOf { one_of: branches } | SchemaKind::AnyOf { any_of: branches } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                match branches.first() {
                    Some(only) => {
                        self.type_of(only, hint, &child(&child(pointer, keyword), "0"), depth + 1)?
                    }
                    None => TypeRef::Json,
                }
            }
            SchemaKind::AllOf { all_of } => {
                self.all_of_type(all_of, false, hint, pointer, depth)?
            }
            SchemaKind::Not { .. } => TypeRef::Json,
            SchemaKind::Any(any) => {
                if !any.all_of.is_empty() {
                    return self.all_of_type(
                        &any.all_of,
                        !any.properties.is_empty(),
                        hint,
                        pointer,
                        depth,
                    );
                }
                if let Some(only) = any.one_of.first().or(any.any_of.first()) {
                    let keyword = if !any.one_of.is_empty() {
                        "oneOf"
                    } else {
                        "anyOf"
                    };
                    return self.type_of(
                        only,
                        hint,
                        &child(&child(pointer, keyword), "0"),
                        depth + 1,
                    );
                }
                match any.typ.as_deref() {
                    Some("string") if any.format.as_deref() == Some("date-time") => {
                        TypeRef::DateTime
                    }
                    Some("string") => TypeRef::String,
                    Some("integer") => integer_type(any.format.as_deref().unwrap_or("")),
                    Some("number") => TypeRef::F64,
                    Some("boolean") => TypeRef::Bool,
                    Some("array") => self.array_type(any.items.as_ref(), hint, pointer, depth)?,
                    Some("object") => {
                        self.map_type(any.additional_properties.as_ref(), hint, pointer, depth)?
                    }
                    None if any.items.is_some() => {
                        self.array_type(any.items.as_ref(), hint, pointer, depth)?
                    }
                    None if any.additional_properties.is_some() => {
                        self.map_type(any.additional_properties.as_ref(), hint, pointer, depth)?
                    }
                    None => TypeRef::Json,
                    Some(other) => {
                        return Err(self.err(pointer, format!("unknown schema type `{other}`")));
                    }
                }
            }
        })
    }

    pub(super) fn array_type(
        &mut self,
        items: Option<&ReferenceOr<Box<Schema>>>,
        hint: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        let item = match items {
            Some(items) => self.type_of(
                &items.clone().unbox(),
                &names::singular(hint),
                &child(pointer, "items"),
                depth + 1,
            )?,
            None => TypeRef::Json,
        };
        Ok(TypeRef::Vec(Box::new(item)))
    }

    pub(super) fn map_type(
        &mut self,
        additional: Option<&AdditionalProperties>,
        hint: &str,
        pointer: &str,
        depth: usize,
    ) -> Result<TypeRef, Error> {
        let value = match additional {
            Some(AdditionalProperties::Schema(schema)) => self.type_of(
                schema,
                &format!("{hint}Value"),
                &child(pointer, "additionalProperties"),
                depth + 1,
            )?,
            _ => TypeRef::Json,
        };
        Ok(TypeRef::Map(Box::new(value)))
    }
}

/// The Rust integer for an integer schema's `format`: the unsigned formats
/// Rust-made specs use (Oxide's `uint8`..`uint64`, DigitalOcean's) get
/// unsigned types; `int8`..`int32` `i32`; anything else `i64`.
pub(super) fn integer_type(format: &str) -> TypeRef {
    match format {
        "int8" | "int16" | "int32" => TypeRef::I32,
        "uint8" | "uint16" | "uint32" => TypeRef::U32,
        "uint64" => TypeRef::U64,
        _ => TypeRef::I64,
    }
}
