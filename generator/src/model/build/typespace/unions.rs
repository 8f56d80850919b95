//! `oneOf`/`anyOf`: one variant per branch, tagged by a discriminator (given
//! or implied by the branches), and the decoding order of untagged ones.

use std::collections::BTreeSet;

use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, Type};

use super::TypeSpace;
use super::objects::object_fields;
use crate::error::{Error, child};
use crate::model::names::{self, Taken};
use crate::model::*;

impl<'a> TypeSpace<'a> {
    pub(super) fn union_kind(
        &mut self,
        name: &str,
        branches: &[ReferenceOr<Schema>],
        discriminator: Option<&Discriminator>,
        pointer: &str,
        depth: usize,
    ) -> Result<TypeKind, Error> {
        // Without a `discriminator`, branches that are objects each fixing a
        // required property to one distinct value (`type: {enum: [a]}`, as
        // serde's internally tagged enums are written) are tagged by it.
        let implied = match discriminator {
            Some(_) => None,
            None => self.implied_tag(branches),
        };
        let mut variant_names = Taken::default();
        if discriminator.is_some() || implied.is_some() {
            // The catch-all of tagged unions.
            variant_names.claim("Unknown");
        }
        // Untitled inline branches of a tagged union are named by their tag.
        let tag_names: Vec<Option<String>> = branches
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let tag = match (&implied, discriminator, b) {
                    (Some((_, values)), _, _) => values.get(i).cloned(),
                    (None, Some(d), ReferenceOr::Item(schema)) => {
                        inline_tag(schema, &d.property_name).into_iter().next()
                    }
                    _ => None,
                };
                tag.map(|t| names::type_name(&t)).filter(|t| !t.is_empty())
            })
            .collect();
        let mut variants = Vec::new();
        // Inline branches with a `title` are named by it (the type by the
        // whole title, the variant by what sets it apart from its siblings).
        let titles: Vec<Option<String>> = branches
            .iter()
            .map(|b| match b {
                ReferenceOr::Item(schema) => schema
                    .schema_data
                    .title
                    .as_deref()
                    .map(names::type_name)
                    .filter(|t| !t.is_empty()),
                ReferenceOr::Reference { .. } => None,
            })
            .collect();
        let short_titles = names::distinct_suffixes(&titles);
        // Inline branches with neither are named by their shape where that
        // sets them apart (`Empty` for Stripe's `enum: [""]`, `Object`), and
        // by their position otherwise.
        let shapes: Vec<Option<String>> = branches
            .iter()
            .map(|b| match b {
                ReferenceOr::Item(schema) => shape_name(schema),
                ReferenceOr::Reference { .. } => None,
            })
            .collect();
        let shapes: Vec<Option<String>> = shapes
            .iter()
            .map(|s| {
                s.clone()
                    .filter(|s| shapes.iter().flatten().filter(|o| *o == s).count() == 1)
            })
            .collect();
        for (i, branch) in branches.iter().enumerate() {
            let branch_pointer = child(pointer, &i.to_string());
            let by_shape = shapes[i]
                .clone()
                .unwrap_or_else(|| format!("Variant{}", i + 1));
            let hint = match (&titles[i], &tag_names[i]) {
                (Some(title), _) if !self.taken.contains(title) => title.clone(),
                (Some(title), _) => format!("{name}{title}"),
                (None, Some(tag)) => format!("{name}{tag}"),
                (None, None) => format!("{name}{by_shape}"),
            };
            // `null` is handled by the union's own `nullable`.
            let ty = self
                .type_of(branch, &hint, &branch_pointer, depth + 1)?
                .non_null();
            let wanted = match (&ty, branch, &short_titles[i]) {
                (TypeRef::Named(n), ReferenceOr::Reference { .. }, _) => n.clone(),
                (TypeRef::Named(_), ReferenceOr::Item(_), Some(short)) => short.clone(),
                (TypeRef::Named(_), ReferenceOr::Item(_), None) => match &tag_names[i] {
                    Some(tag) => tag.clone(),
                    None => by_shape,
                },
                (other, _, _) => variant_name_for(other),
            };
            let tags = match (discriminator, branch) {
                (Some(d), ReferenceOr::Reference { reference }) => {
                    // Mapping values are `$ref`s or bare schema names.
                    let mut tags: Vec<String> = d
                        .mapping
                        .iter()
                        .filter(|(_, target)| {
                            *target == reference
                                || format!("#/components/schemas/{target}") == *reference
                        })
                        .map(|(value, _)| value.clone())
                        .collect();
                    if tags.is_empty()
                        && let Ok(key) =
                            self.refs
                                .component_key(reference, "schemas", &branch_pointer)
                    {
                        tags.push(key);
                    }
                    tags
                }
                (Some(d), ReferenceOr::Item(schema)) => inline_tag(schema, &d.property_name),
                (None, _) => match &implied {
                    Some((_, values)) => values.get(i).cloned().into_iter().collect(),
                    None => Vec::new(),
                },
            };
            variants.push(UnionVariant {
                name: variant_names.claim(&wanted),
                ty,
                tags,
                known_only: None,
            });
        }
        let discriminator = match discriminator {
            Some(d) if variants.iter().all(|v| !v.tags.is_empty()) => Some(d.property_name.clone()),
            Some(d) => {
                self.notes.push(format!(
                    "{pointer}: discriminator `{}` does not name every branch; decoded by trying each branch in turn",
                    d.property_name
                ));
                None
            }
            None => implied.map(|(property, _)| property),
        };
        // Untagged variants are put in decoding order once every type is
        // known: `order_untagged_variants`.
        Ok(TypeKind::Union(Union {
            variants,
            discriminator,
        }))
    }

    /// The property that tags every branch of a union without a
    /// `discriminator`, and each branch's value: every branch an object
    /// (inline or `$ref`) requiring the property, with a one-value string
    /// enum there, the values all different. The first such property in the
    /// first branch's order.
    pub(super) fn implied_tag(
        &self,
        branches: &[ReferenceOr<Schema>],
    ) -> Option<(String, Vec<String>)> {
        let objects: Vec<&Schema> = branches
            .iter()
            .map(|b| self.refs.resolved(b))
            .collect::<Option<_>>()?;
        let required_tag = |schema: &Schema, property: &str| -> Option<String> {
            let (_, required) = object_fields(schema)?;
            if !required.iter().any(|r| r == property) {
                return None;
            }
            match inline_tag(schema, property).as_slice() {
                [only] => Some(only.clone()),
                _ => None,
            }
        };
        let (candidates, _) = object_fields(objects.first()?)?;
        candidates.keys().find_map(|property| {
            let values: Vec<String> = objects
                .iter()
                .map(|schema| required_tag(schema, property))
                .collect::<Option<_>>()?;
            let distinct: BTreeSet<&String> = values.iter().collect();
            (objects.len() > 1 && distinct.len() == values.len())
                .then(|| (property.clone(), values))
        })
    }

    /// Untagged unions are decoded by trying each variant in turn, and serde
    /// ignores unknown fields, so a struct needing fewer fields would swallow
    /// one needing more. Variants go by [`untagged_rank`], then structs by
    /// how many fields they need, most first, then maps (which accept any
    /// object). Stable, so equal variants keep the spec's order.
    pub(super) fn order_untagged_variants(&mut self) {
        let key = |ty: &TypeRef| {
            let fields = match self.struct_of(ty) {
                Some(s) => s.fields.iter().filter(|f| !f.presence.is_option()).count() as i64,
                None if matches!(ty, TypeRef::Map(_)) => -1,
                None => 0,
            };
            (untagged_rank(ty), std::cmp::Reverse(fields))
        };
        let keys: Vec<(String, Vec<_>)> = self
            .types
            .iter()
            .filter_map(|(name, def)| match &def.kind {
                TypeKind::Union(u) if u.discriminator.is_none() => Some((
                    name.clone(),
                    u.variants.iter().map(|v| key(&v.ty)).collect(),
                )),
                _ => None,
            })
            .collect();
        for (name, keys) in keys {
            if let Some(TypeKind::Union(union)) = self.types.get_mut(&name).map(|d| &mut d.kind) {
                let mut keyed: Vec<_> = keys.into_iter().zip(union.variants.drain(..)).collect();
                keyed.sort_by_key(|(key, _)| *key);
                union.variants = keyed.into_iter().map(|(_, v)| v).collect();
            }
            // An open string enum before the last variant would take every
            // string: it decodes its listed values only.
            let catch_alls: Vec<Option<String>> = match self.types.get(&name).map(|d| &d.kind) {
                Some(TypeKind::Union(union)) => {
                    let last = union.variants.len().saturating_sub(1);
                    union
                        .variants
                        .iter()
                        .enumerate()
                        .map(|(i, v)| match self.named_kind(&v.ty) {
                            Some(TypeKind::Enum(e)) if i < last => Some(e.catch_all.clone()),
                            _ => None,
                        })
                        .collect()
                }
                _ => Vec::new(),
            };
            if let Some(TypeKind::Union(union)) = self.types.get_mut(&name).map(|d| &mut d.kind) {
                for (variant, catch_all) in union.variants.iter_mut().zip(catch_alls) {
                    variant.known_only = catch_all;
                }
            }
        }
    }
}

/// Order of untagged variants: a date-time before a plain string (every
/// date-time is a string), an integer before a number, anything last.
pub(super) fn untagged_rank(ty: &TypeRef) -> u8 {
    match ty {
        TypeRef::DateTime => 0,
        TypeRef::F64 => 2,
        TypeRef::String => 3,
        TypeRef::Json => 4,
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => untagged_rank(inner),
        _ => 1,
    }
}

pub(super) fn variant_name_for(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".into(),
        TypeRef::Bool => "Boolean".into(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "Integer".into(),
        TypeRef::F64 => "Number".into(),
        TypeRef::DateTime => "DateTime".into(),
        TypeRef::Json => "Any".into(),
        TypeRef::Named(n) => n.clone(),
        TypeRef::Vec(inner) => format!("{}List", variant_name_for(inner)),
        TypeRef::Map(inner) => format!("{}Map", variant_name_for(inner)),
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => variant_name_for(inner),
    }
}

/// The name of an untitled inline union branch by its shape: a one-value
/// string enum by its value (`Empty` for `""`), any other string enum
/// `Enum`, an object with properties `Object`; `None` for other shapes
/// (which are not named types, or have nothing short to say).
pub(super) fn shape_name(schema: &Schema) -> Option<String> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(st)) => {
            let values: Vec<&String> = st.enumeration.iter().flatten().collect();
            match values.as_slice() {
                [] => None,
                [only] => Some(names::type_name(only)),
                _ => Some("Enum".to_string()),
            }
        }
        _ if object_fields(schema).is_some_and(|(properties, _)| !properties.is_empty()) => {
            Some("Object".to_string())
        }
        _ => None,
    }
}

/// The discriminator value an inline branch declares (`enum: [value]`).
pub(super) fn inline_tag(schema: &Schema, property: &str) -> Vec<String> {
    let prop = object_fields(schema).and_then(|(properties, _)| properties.get(property));
    match prop {
        Some(ReferenceOr::Item(s)) => match &s.schema_kind {
            SchemaKind::Type(Type::String(st)) => {
                st.enumeration.iter().flatten().cloned().collect()
            }
            _ => Vec::new(),
        },
        _ => Vec::new(),
    }
}
