//! Objects: the struct an object schema (or the parts of a merged `allOf`)
//! becomes, one field per property.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};

use super::TypeSpace;
use super::docs::value_doc;
use crate::error::{Error, child};
use crate::model::names::{self, Taken};
use crate::model::*;

impl<'a> TypeSpace<'a> {
    pub(super) fn struct_kind(
        &mut self,
        name: &str,
        parts: Vec<ObjectPart>,
        depth: usize,
    ) -> Result<TypeKind, Error> {
        // Later members override earlier ones property by property, keeping
        // the first position.
        let mut order: Vec<String> = Vec::new();
        let mut properties: BTreeMap<String, (ReferenceOr<Schema>, String)> = BTreeMap::new();
        let mut required: BTreeSet<String> = BTreeSet::new();
        let mut additional = None;
        for part in parts {
            for (key, value) in part.properties {
                if !properties.contains_key(&key) {
                    order.push(key.clone());
                }
                properties.insert(key, value);
            }
            required.extend(part.required);
            let pointer = child(&part.pointer, "additionalProperties");
            match part.additional {
                Some(AdditionalProperties::Schema(schema)) => additional = Some((*schema, pointer)),
                // `true` beside properties says other properties come too:
                // kept as JSON values, like `additionalProperties: {}`.
                Some(AdditionalProperties::Any(true)) => {
                    additional = Some((ReferenceOr::Item(any_schema()), pointer))
                }
                Some(AdditionalProperties::Any(false)) => additional = None,
                None => {}
            }
        }

        let mut field_names = Taken::default();
        let mut fields = Vec::new();
        for wire in order {
            let Some((schema, pointer)) = properties.get(&wire) else {
                continue;
            };
            let hint = format!("{name}{}", names::type_name(&wire));
            let ty = self.type_of(schema, &hint, pointer, depth + 1)?;
            let presence = Presence::of(required.contains(&wire), matches!(ty, TypeRef::Option(_)));
            let example = match schema {
                ReferenceOr::Item(s) => s.schema_data.example.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let doc = value_doc(schema, None, false, example.as_ref());
            fields.push(Field {
                name: field_names.claim(&names::field_name(&wire)),
                wire,
                ty: ty.non_null(),
                presence,
                doc,
                example,
            });
        }
        let additional = match additional {
            Some((schema, pointer)) => {
                let hint = format!("{name}Value");
                let ty = self.type_of(&schema, &hint, &pointer, depth + 1)?;
                Some(Field {
                    name: field_names.claim("additional_properties"),
                    wire: String::new(),
                    ty: TypeRef::Map(Box::new(ty)),
                    presence: Presence::Rest,
                    doc: {
                        let mut doc = Doc::default();
                        doc.push(Some("Properties not named in the schema."));
                        doc
                    },
                    example: None,
                })
            }
            None => None,
        };
        Ok(TypeKind::Struct(Struct { fields, additional }))
    }
}

/// One object's worth of properties (a schema, or one member of an `allOf`).
pub(super) struct ObjectPart {
    /// Wire name -> (schema, its pointer).
    pub(super) properties: Vec<(String, (ReferenceOr<Schema>, String))>,
    pub(super) required: Vec<String>,
    pub(super) additional: Option<AdditionalProperties>,
    pub(super) pointer: String,
}

impl ObjectPart {
    pub(super) fn new(
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        additional: &Option<AdditionalProperties>,
        pointer: &str,
    ) -> Self {
        let base = child(pointer, "properties");
        ObjectPart {
            properties: properties
                .iter()
                .map(|(k, v)| (k.clone(), (v.clone().unbox(), child(&base, k))))
                .collect(),
            required: required.to_vec(),
            additional: additional.clone(),
            pointer: pointer.to_string(),
        }
    }
}

/// The schema that admits any value (`{}`).
pub(super) fn any_schema() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }
}

/// The properties of an object schema, by name.
pub(crate) type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The `properties` and `required` of an object schema (typed `object`,
/// or without a type).
pub(crate) fn object_fields(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(any) => Some((&any.properties, &any.required)),
        _ => None,
    }
}
