//! openapiv3 -> model: resolves `$ref`s, names inline schemas, merges
//! structurally identical ones, and groups operations by tag.
//!
//! Order of work, all in document order so names are deterministic:
//! 1. every component schema claims its name;
//! 2. component schemas become types;
//! 3. every operation of every path becomes an [`Operation`], defining the
//!    inline schemas it meets (named from where they stand, see `names`);
//! 4. types learn whether they are sent (`Serialize`) or received
//!    (`Deserialize`), and fields that close a cycle are boxed.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    AdditionalProperties, Discriminator, MediaType, OpenAPI, Parameter, ParameterSchemaOrContent,
    PathStyle, ReferenceOr, Schema, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};

use super::api::*;
use super::names::{self, Taken};
use super::types::*;
use crate::error::{Error, child, fragment_pointer, printable};

/// Inline schemas nest at most this deep before the spec is refused.
const MAX_DEPTH: usize = 64;

/// Methods the generated `Client` has of its own; resources may not take them.
const CLIENT_METHODS: &[&str] = &["builder", "from_env", "base_url", "clone", "fmt", "send"];

/// Accessors are also module and file names: `mod` would be `mod.rs`.
const NOT_MODULES: &[&str] = &["mod", "resources"];

/// Methods a resource may not take (`new` is for constructors,
/// `with_options` sets the options of the resource's calls).
const RESOURCE_METHODS: &[&str] = &["new", "clone", "fmt", "with_options"];

/// Builds the model of a parsed (and lowered) document.
pub fn build(spec: &OpenAPI, file: &str) -> Result<Api, Error> {
    build_with_webhooks(spec, &[], file)
}

/// [`build`], with the document's webhooks (see [`super::webhooks::read`]).
pub fn build_with_webhooks(
    spec: &OpenAPI,
    webhooks: &[super::webhooks::Source],
    file: &str,
) -> Result<Api, Error> {
    let mut builder = Builder {
        file,
        spec,
        types: BTreeMap::new(),
        taken: Taken::default(),
        components: BTreeMap::new(),
        nullable_components: BTreeSet::new(),
        inline: BTreeMap::new(),
        shared: BTreeMap::new(),
        notes: Vec::new(),
        request_roots: Vec::new(),
        response_roots: Vec::new(),
        schemes: Vec::new(),
        scheme_index: BTreeMap::new(),
    };
    // Prelude names the generated code writes unqualified stay the
    // prelude's: a schema called `String` or `Default` becomes `String2`.
    for std_name in names::PRELUDE {
        builder.taken.claim(std_name);
    }
    builder.components()?;
    builder.security_schemes();
    let mut resources = builder.operations()?;
    let webhooks = super::webhooks::build(&mut builder, webhooks)?;
    builder.name_shared_types();
    builder.mark_usage();
    builder.order_untagged_variants();
    builder.box_cycles()?;
    builder.find_pagination(&mut resources);

    let (security, auth) = builder.settle_security(&mut resources);
    let base_url = builder.base_url();
    // An operation's server that is the API's own is no server of its own.
    for op in resources.iter_mut().flat_map(|r| &mut r.operations) {
        if op.server.is_some() && op.server == base_url {
            op.server = None;
        }
    }
    let mut doc = Doc::default();
    doc.push(Some(&spec.info.title));
    doc.push(spec.info.description.as_deref());
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        doc,
        base_url,
        auth,
        schemes: builder.schemes,
        security,
        types: builder.types.into_values().collect(),
        resources,
        webhooks,
        // Notes quote spec text (names, URLs) and are printed: escaped.
        notes: builder.notes.iter().map(|n| printable(n)).collect(),
    })
}

pub(crate) struct Builder<'a> {
    file: &'a str,
    spec: &'a OpenAPI,
    /// Every type defined so far, by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// Type names claimed (defined or about to be).
    taken: Taken,
    /// Component schema key -> Rust type name.
    components: BTreeMap<String, String>,
    /// Rust names of component schemas that admit `null` themselves.
    nullable_components: BTreeSet<String>,
    /// Structural key of an inline schema -> the type it became.
    inline: BTreeMap<String, String>,
    /// Type first met as an inline schema -> the other places with the
    /// same structure (see [`Builder::name_shared_types`]).
    shared: BTreeMap<String, Vec<Place>>,
    notes: Vec<String>,
    request_roots: Vec<TypeRef>,
    response_roots: Vec<TypeRef>,
    /// The security schemes the client can send, and each one's index by
    /// its key in `components/securitySchemes`.
    schemes: Vec<Scheme>,
    scheme_index: BTreeMap<String, usize>,
}

/// A place where an inline schema stands whose structure was met before.
struct Place {
    /// The type name the place would have (its alias, where it has one).
    name: String,
    /// The place's own documentation of the type.
    doc: Doc,
    /// Its documentation of each field (by wire name) or enum value; `None`
    /// when unknown (the place has no alias), which agrees with nothing.
    members: Option<BTreeMap<String, Doc>>,
}

/// What a schema turns into: a type of its own, or a reference to others.
enum Shape<'s> {
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

impl<'a> Builder<'a> {
    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        Error::at(self.file, pointer, message)
    }

    // ----- components -------------------------------------------------------

    fn components(&mut self) -> Result<(), Error> {
        let Some(components) = &self.spec.components else {
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

    fn insert(&mut self, name: String, doc: Doc, kind: TypeKind, pointer: String) {
        self.types.insert(
            name.clone(),
            TypeDef {
                name,
                doc,
                kind,
                serialize: false,
                deserialize: false,
                pointer,
            },
        );
    }

    /// `#/components/schemas/Name` -> the type it names.
    fn schema_ref(&self, reference: &str, pointer: &str) -> Result<TypeRef, Error> {
        let key = self.component_key(reference, "schemas", pointer)?;
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

    /// The component key a local `$ref` names (`#/components/{kind}/{key}`).
    fn component_key(&self, reference: &str, kind: &str, pointer: &str) -> Result<String, Error> {
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
    fn resolve_schema(
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

    // ----- schemas ----------------------------------------------------------

    fn shape<'s>(&self, schema: &'s Schema) -> Shape<'s> {
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

    /// What an `allOf` (with `properties` beside it or not) becomes. Members
    /// that only annotate (`description`, `nullable`, `readOnly`, ...) add
    /// nothing to the type. Two or more object members merge into one
    /// struct; a single member is that member's type; members that cannot
    /// be merged (an object and a `oneOf`, a string and an array) are
    /// written in place, where `inline_type` says why.
    fn all_of_shape<'s>(&self, members: &'s [ReferenceOr<Schema>], properties: bool) -> Shape<'s> {
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
    fn mergeable(&self, member: &ReferenceOr<Schema>, hops: usize) -> bool {
        if hops > MAX_DEPTH {
            return false;
        }
        let Some(schema) = self.resolved(member) else {
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

    /// The schema an inline schema or a `$ref` to a component schema stands
    /// for (following chains); `None` for a `$ref` to nothing.
    fn resolved<'s>(&'s self, member: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        match member {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self
                .resolve_schema(reference, "")
                .ok()
                .map(|(schema, _)| schema),
        }
    }

    /// The type of an `allOf` that is not merged into a struct (see
    /// `all_of_shape`): its one substantive member's, `Option` when an
    /// annotating member says `nullable`; `serde_json::Value`, with a note,
    /// when several members cannot be merged.
    fn all_of_type(
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

    /// The Rust type for a schema standing at `pointer`; inline schemas that
    /// need a type of their own get one named `hint` (or the name of a
    /// structurally identical one met before).
    fn type_of(
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
    fn define_inline(
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
    fn kind_of(
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

    /// The object parts an `allOf` member contributes (following `$ref`s and
    /// nested `allOf`s).
    fn object_parts(
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
            ReferenceOr::Reference { reference } => self.resolve_schema(reference, pointer)?,
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
    fn all_of_parts(
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

    fn struct_kind(
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
            let nullable = matches!(ty, TypeRef::Option(_));
            let is_required = required.contains(&wire);
            let example = match schema {
                ReferenceOr::Item(s) => s.schema_data.example.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let doc = value_doc(schema, None, false, example.as_ref());
            fields.push(Field {
                name: field_names.claim(&names::field_name(&wire)),
                wire,
                ty: if is_required { ty } else { ty.optional() },
                required: is_required,
                nullable,
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
                    required: false,
                    nullable: false,
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

    fn union_kind(
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
            let ty = match self.type_of(branch, &hint, &branch_pointer, depth + 1)? {
                // `null` is handled by the union's own `nullable`.
                TypeRef::Option(inner) => *inner,
                other => other,
            };
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
                        && let Ok(key) = self.component_key(reference, "schemas", &branch_pointer)
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

    /// The values of a union whose every branch is an inline string enum
    /// (Oxide writes its states so, one value and its description a
    /// branch), each with its branch's description: one enum, since as an
    /// untagged union of enums that each take any string the first branch
    /// would take every value.
    fn enum_branches(&self, branches: &[ReferenceOr<Schema>]) -> Option<Vec<(String, Doc)>> {
        let mut values = Vec::new();
        for branch in branches {
            let ReferenceOr::Item(schema) = branch else {
                return None;
            };
            let Shape::StringEnum(branch_values) = self.shape(schema) else {
                return None;
            };
            let mut doc = Doc::default();
            doc.push(schema.schema_data.title.as_deref());
            doc.push(schema.schema_data.description.as_deref());
            values.extend(branch_values.into_iter().map(|v| (v, doc.clone())));
        }
        Some(values)
    }

    /// The property that tags every branch of a union without a
    /// `discriminator`, and each branch's value: every branch an object
    /// (inline or `$ref`) requiring the property, with a one-value string
    /// enum there, the values all different. The first such property in the
    /// first branch's order.
    fn implied_tag(&self, branches: &[ReferenceOr<Schema>]) -> Option<(String, Vec<String>)> {
        let objects: Vec<&Schema> = branches
            .iter()
            .map(|b| self.resolved(b))
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

    /// Types written in place: primitives, arrays, maps, single-branch
    /// compositions.
    fn inline_type(
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

    fn array_type(
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

    fn map_type(
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

    // ----- operations -------------------------------------------------------

    fn operations(&mut self) -> Result<Vec<Resource>, Error> {
        let spec: &'a OpenAPI = self.spec;
        let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
        let mut tag_order: Vec<String> = Vec::new();
        // Groups named by a tag (the others by a path segment).
        let mut tagged: BTreeSet<String> = BTreeSet::new();
        for (path, item) in spec.paths.iter() {
            let path_pointer = child("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(self.err(
                        &path_pointer,
                        format!("path item `$ref: {reference}` is not supported"),
                    ));
                }
            };
            let path_server = if item.servers.is_empty() {
                None
            } else {
                self.server_url(&item.servers, &child(&path_pointer, "servers"))
            };
            for (method, op) in item.iter() {
                let op_pointer = child(&path_pointer, method);
                if !op.callbacks.is_empty() {
                    self.notes
                        .push(format!("{op_pointer}/callbacks: callbacks are ignored"));
                }
                let mut operation =
                    self.operation(path, method, op, &item.parameters, &op_pointer)?;
                operation.server = if op.servers.is_empty() {
                    path_server.clone()
                } else {
                    self.server_url(&op.servers, &child(&op_pointer, "servers"))
                };
                let tag = match op.tags.first() {
                    Some(tag) => {
                        tagged.insert(tag.clone());
                        tag.clone()
                    }
                    None => path_group(path),
                };
                if !by_tag.contains_key(&tag) {
                    tag_order.push(tag.clone());
                }
                by_tag.entry(tag).or_default().push(operation);
            }
        }

        // Accessors in tag order of first use; names claimed against the
        // client's own methods.
        let mut accessors = Taken::default();
        for reserved in CLIENT_METHODS.iter().chain(NOT_MODULES) {
            accessors.claim(reserved);
        }
        let mut struct_names = Taken::default();
        let mut resources = Vec::new();
        for tag in tag_order {
            let Some(mut operations) = by_tag.remove(&tag) else {
                continue;
            };
            let mut methods = Taken::default();
            for reserved in RESOURCE_METHODS {
                methods.claim(reserved);
            }
            for op in &mut operations {
                let wanted = names::method_name(&op.operation_id, &tag);
                op.method_name = if methods.contains(&wanted) {
                    methods.claim(&names::field_name(&op.operation_id))
                } else {
                    methods.claim(&wanted)
                };
            }
            let mut doc = Doc::default();
            doc.push(
                spec.tags
                    .iter()
                    .find(|t| t.name == tag)
                    .and_then(|t| t.description.as_deref()),
            );
            resources.push(Resource {
                by_path: !tagged.contains(&tag),
                struct_name: struct_names.claim(&names::type_name(&tag)),
                accessor: accessors.claim(&names::field_name(&tag)),
                tag,
                doc,
                operations,
            });
        }
        // The enums of operations with several success types live in the
        // resources' module, next to the resource structs.
        for op in resources.iter_mut().flat_map(|r| &mut r.operations) {
            if let Response::ByStatus { name, .. } = &mut op.response {
                *name = struct_names.claim(name);
            }
        }
        resources.sort_by(|a, b| a.accessor.cmp(&b.accessor));
        Ok(resources)
    }

    fn operation(
        &mut self,
        path: &str,
        method: &str,
        op: &openapiv3::Operation,
        path_level: &[ReferenceOr<Parameter>],
        pointer: &str,
    ) -> Result<Operation, Error> {
        let operation_id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => format!("{method} {path}"),
        };
        let op_name = names::type_name(&operation_id);
        let http_method = match method {
            "get" => HttpMethod::Get,
            "put" => HttpMethod::Put,
            "post" => HttpMethod::Post,
            "delete" => HttpMethod::Delete,
            "options" => HttpMethod::Options,
            "head" => HttpMethod::Head,
            "patch" => HttpMethod::Patch,
            _ => HttpMethod::Trace,
        };

        // Parameters: the operation's own override the path item's.
        let mut params: Vec<(Parameter, String)> = Vec::new();
        for (list, list_pointer) in [
            (path_level, child(&child("#/paths", path), "parameters")),
            (&op.parameters[..], child(pointer, "parameters")),
        ] {
            for (i, param) in list.iter().enumerate() {
                let param_pointer = child(&list_pointer, &i.to_string());
                let (param, _) = self.resolve(
                    param,
                    "parameters",
                    "parameter",
                    |c| &c.parameters,
                    &param_pointer,
                )?;
                let param = param.clone();
                let data = param.parameter_data_ref();
                params.retain(|(p, _)| {
                    let d = p.parameter_data_ref();
                    !(d.name == data.name
                        && std::mem::discriminant(p) == std::mem::discriminant(&param))
                });
                params.push((param, param_pointer));
            }
        }

        // Names the generated method body uses itself are taken first, so a
        // path parameter called `body` or `request` becomes `body2`/`request2`.
        let mut arg_names = Taken::default();
        for own in ["self", "params", "body", "request", "response"] {
            arg_names.claim(own);
        }
        let mut path_params = Vec::new();
        let mut query = Vec::new();
        let mut headers = Vec::new();
        let mut cookies = Vec::new();
        let mut field_names = Taken::default();
        for (param, param_pointer) in &params {
            let data = param.parameter_data_ref();
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(schema) => schema,
                ParameterSchemaOrContent::Content(_) => {
                    return Err(self.err(
                        param_pointer,
                        format!(
                            "parameter `{}` uses `content`; only `schema` parameters are supported",
                            data.name
                        ),
                    ));
                }
            };
            let hint = format!("{op_name}{}", names::type_name(&data.name));
            let ty = self.type_of(schema, &hint, &child(param_pointer, "schema"), 0)?;
            let ty = match ty {
                TypeRef::Option(inner) => *inner,
                other => self.alias_target(other),
            };
            self.request_roots.push(ty.clone());
            let example = data.example.clone().or_else(|| match schema {
                ReferenceOr::Item(s) => s.schema_data.example.clone(),
                ReferenceOr::Reference { .. } => None,
            });
            // Whop, like many specs, describes a parameter on its schema.
            let doc = value_doc(
                schema,
                data.description.as_deref(),
                data.deprecated.unwrap_or(false),
                example.as_ref(),
            );
            let scalar = self.is_scalar(&ty);
            match param {
                Parameter::Path { style, .. } => {
                    if !matches!(style, PathStyle::Simple) {
                        return Err(self.err(
                            param_pointer,
                            format!(
                                "path parameter `{}`: only `style: simple` is supported",
                                data.name
                            ),
                        ));
                    }
                    // Never raw: the name is used inline in `format!`.
                    path_params.push(Param {
                        name: arg_names.claim(&names::plain_name(&data.name)),
                        wire: data.name.clone(),
                        ty,
                        required: true,
                        style: QueryStyle::Form { explode: false },
                        structured: !scalar,
                        doc,
                        example,
                    });
                }
                Parameter::Query { style, .. } => {
                    let (style, structured) = match style {
                        openapiv3::QueryStyle::Form => {
                            let listed = matches!(&ty, TypeRef::Vec(item) if self.is_scalar(item));
                            let explode = data.explode.unwrap_or(true);
                            (QueryStyle::Form { explode }, !(scalar || listed))
                        }
                        openapiv3::QueryStyle::DeepObject => {
                            let map = matches!(&ty, TypeRef::Map(value) if matches!(**value, TypeRef::String | TypeRef::Json));
                            (QueryStyle::DeepObject, !map)
                        }
                        other => {
                            return Err(self.err(
                                param_pointer,
                                format!(
                                    "query parameter `{}`: style {other:?} is not supported (only `form` and `deepObject` are)",
                                    data.name
                                ),
                            ));
                        }
                    };
                    query.push(Param {
                        name: field_names.claim(&names::field_name(&data.name)),
                        wire: data.name.clone(),
                        ty,
                        required: data.required,
                        style,
                        structured,
                        doc,
                        example,
                    });
                }
                Parameter::Header { .. } | Parameter::Cookie { .. } => {
                    let list = if matches!(param, Parameter::Header { .. }) {
                        &mut headers
                    } else {
                        &mut cookies
                    };
                    list.push(Param {
                        name: field_names.claim(&names::field_name(&data.name)),
                        wire: data.name.clone(),
                        ty,
                        required: data.required,
                        style: QueryStyle::Form { explode: false },
                        structured: !scalar,
                        doc,
                        example,
                    });
                }
            }
        }

        // Path parameters in template order; every `{name}` needs one.
        let mut ordered = Vec::new();
        for segment in template_names(path) {
            match path_params.iter().position(|p: &Param| p.wire == segment) {
                Some(i) => ordered.push(path_params.remove(i)),
                None => {
                    return Err(self.err(
                        pointer,
                        format!(
                            "path `{path}` has `{{{segment}}}` but no path parameter of that name"
                        ),
                    ));
                }
            }
        }
        if let Some(extra) = path_params.first() {
            return Err(self.err(
                pointer,
                format!(
                    "path parameter `{}` does not appear in the path `{path}`",
                    extra.wire
                ),
            ));
        }

        let params_struct = if query.is_empty() && headers.is_empty() && cookies.is_empty() {
            None
        } else {
            Some(self.taken.claim(&format!("{op_name}Params")))
        };

        // The request body's own description documents the method (its
        // schema's documents the body's type).
        let mut body_description = None;
        let body = match &op.request_body {
            None => None,
            Some(body) => {
                let body_pointer = child(pointer, "requestBody");
                let (body, body_pointer) = self.resolve(
                    body,
                    "requestBodies",
                    "request body",
                    |c| &c.request_bodies,
                    &body_pointer,
                )?;
                body_description = body.description.as_deref();
                self.body(body, &body_pointer, &op_name)?
            }
        };

        let (response, accept) = self.responses(op, &op_name, pointer)?;
        // The operation's own requirement, settled against the API's by
        // `settle_security`.
        let security = op
            .security
            .as_ref()
            .map(|reqs| self.requirement(reqs, &child(pointer, "security")));

        let mut doc = Doc::default();
        doc.push(op.summary.as_deref());
        doc.push(op.description.as_deref());
        doc.push(body_description);
        doc.push(Some(&code_span(&format!(
            "{} {path}",
            http_method.as_str()
        ))));

        Ok(Operation {
            operation_id,
            method_name: String::new(),
            http_method,
            path: path.to_string(),
            path_params: ordered,
            query,
            headers,
            cookies,
            params_struct,
            body,
            response,
            doc,
            deprecated: op.deprecated,
            pointer: pointer.to_string(),
            pagination: None,
            accept,
            security,
            server: None,
        })
    }

    /// What a request body is sent as (see [`BodyMedia`]) and its type.
    /// `None`, with a note, for a body with no media type at all.
    fn body(
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
                let ty = self.type_of(
                    schema,
                    &format!("{op_name}Body"),
                    &child(&child(&content, key), "schema"),
                    0,
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
                        return Err(self.err(
                            &child(&content, key),
                            format!("request body media type {key:?} is not a valid media type"),
                        ));
                    };
                    (BodyMedia::Bytes(media.to_string()), TypeRef::Json)
                }
                None => {
                    self.notes.push(format!(
                        "{content}: the request body names no media type; the operation sends none"
                    ));
                    return Ok(None);
                }
            },
        };
        if matches!(media, BodyMedia::Json | BodyMedia::Form) {
            self.request_roots.push(ty.clone());
        }
        Ok(Some(Body {
            ty,
            required: body.required,
            media,
        }))
    }

    /// The properties a multipart body's schema names, for the documentation:
    /// `name`, or `name` (file) for binary strings.
    fn multipart_fields(&self, schema: Option<&ReferenceOr<Schema>>) -> Vec<String> {
        let Some((properties, _)) = schema
            .and_then(|schema| self.resolved(schema))
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

    /// The primitive type a chain of aliases ends at (`PetId` = `String`),
    /// so that a parameter of such a schema is passed as `&str`, not as an
    /// owned `PetId`; any other type as it is.
    fn alias_target(&self, ty: TypeRef) -> TypeRef {
        let mut target = &ty;
        for _ in 0..=self.types.len() {
            match target {
                TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Alias(inner)) => target = inner,
                    _ => return ty,
                },
                primitive if primitive.is_primitive() => return primitive.clone(),
                _ => return ty,
            }
        }
        ty
    }

    fn is_scalar(&self, ty: &TypeRef) -> bool {
        match ty {
            primitive if primitive.is_primitive() => true,
            TypeRef::Named(name) => match self.types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Enum(_)) => true,
                Some(TypeKind::Alias(inner)) => self.is_scalar(inner),
                _ => false,
            },
            _ => false,
        }
    }

    /// Follows `$ref`s to `#/components/{kind}/..` (`what` names the kind in
    /// messages) to the item; returns it with its pointer.
    fn resolve<T>(
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

    /// Defines the types of every response and returns what success gives.
    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        op_name: &str,
        pointer: &str,
    ) -> Result<(Response, Option<String>), Error> {
        let responses_pointer = child(pointer, "responses");
        let mut accept: Option<String> = None;
        let mut entries: Vec<(StatusCode, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(s, r)| (s.clone(), r))
            .collect();
        entries.sort_by_key(|(status, _)| match status {
            StatusCode::Code(code) => (*code, 0),
            StatusCode::Range(range) => (*range * 100, 1),
        });
        let has_2xx = entries
            .iter()
            .any(|(status, _)| status.to_string().starts_with('2'));
        let mut success: Vec<(String, Response)> = Vec::new();
        // The media types of the success answers with a body.
        let mut medias: Vec<String> = Vec::new();
        for (status, response) in entries.iter().map(|(s, r)| (s.to_string(), *r)).chain(
            op.responses
                .default
                .as_ref()
                .map(|r| ("default".to_string(), r)),
        ) {
            let (response, at) = self.resolve(
                response,
                "responses",
                "response",
                |c| &c.responses,
                &child(&responses_pointer, &status),
            )?;
            if !response.links.is_empty() {
                self.notes.push(format!("{at}/links: links are ignored"));
            }
            // `default` describes success when no 2xx is declared.
            let is_success = status.starts_with('2') || (status == "default" && !has_2xx);
            let hint = if is_success {
                format!("{op_name}Response")
            } else {
                "ErrorResponse".to_string()
            };
            let json = json_media(&response.content);
            // The answer's media type: the JSON one, else the first.
            let media = json
                .map(|(media, _)| media)
                .or_else(|| response.content.keys().next().map(String::as_str));
            let result = match (json, media) {
                (Some((media, Some(schema))), _) => {
                    let ty = self.type_of(
                        schema,
                        &hint,
                        &child(&child(&child(&at, "content"), media), "schema"),
                        0,
                    )?;
                    self.response_roots.push(ty.clone());
                    Response::Json(ty)
                }
                (Some((_, None)), _) => Response::Json(TypeRef::Json),
                (None, Some(media)) => Response::Bytes(media.to_string()),
                (None, None) => Response::Empty,
            };
            if is_success {
                // The first success answer with a body says what to accept,
                // when that is not plain JSON.
                if let Some(media) = media
                    && success.iter().all(|(_, r)| *r == Response::Empty)
                    && !media.trim().eq_ignore_ascii_case("application/json")
                {
                    accept = Some(accept_header(media));
                }
                if let Some(media) = media
                    && !medias.contains(&accept_header(media))
                {
                    medias.push(accept_header(media));
                }
                success.push((status.clone(), result));
            }
        }
        let response = self.success(success, op_name);
        // Answers by status of several media types accept them all.
        if matches!(response, Response::ByStatus { .. }) && medias.len() > 1 {
            accept = Some(medias.join(", "));
        }
        Ok((response, accept))
    }

    /// One return type for the 2xx answers: the one type they share
    /// (answers without a body allowed: `Option` of a JSON type, an empty
    /// `Vec<u8>`), else an enum with a variant per answer.
    fn success(&mut self, answers: Vec<(String, Response)>, op_name: &str) -> Response {
        let mut bodies: Vec<&Response> = Vec::new();
        for (_, answer) in &answers {
            let same = |r: &&Response| {
                *r == answer || matches!((r, answer), (Response::Bytes(_), Response::Bytes(_)))
            };
            if *answer != Response::Empty && !bodies.iter().any(same) {
                bodies.push(answer);
            }
        }
        let some_empty = answers.iter().any(|(_, r)| *r == Response::Empty);
        match bodies[..] {
            [] => return Response::Empty,
            [Response::Json(ty)] if some_empty => return Response::JsonOrEmpty(ty.clone()),
            [one] => return one.clone(),
            _ => {}
        }
        let answers = answers
            .into_iter()
            .map(|(status, body)| {
                let variant = if status == "default" {
                    "Default".to_string()
                } else {
                    format!("Status{}", status.to_ascii_lowercase())
                };
                StatusAnswer {
                    status,
                    variant,
                    body,
                }
            })
            .collect();
        Response::ByStatus {
            name: format!("{op_name}Answer"),
            answers,
        }
    }

    // ----- servers and security ---------------------------------------------

    /// The first server's URL with each `{variable}` replaced by its
    /// default, when that is a URL the crate can default to
    /// ([`base_url_problem`]); else a note, and no default.
    fn base_url(&mut self) -> Option<String> {
        let Some(server) = self.spec.servers.first() else {
            self.notes.push(
                "#/servers: the spec names no server; clients must set a base URL".to_string(),
            );
            return None;
        };
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        // Quoted with escapes: the URL is the spec's text, shown on a terminal.
        if let Some(problem) = base_url_problem(&url) {
            self.notes.push(format!(
                "#/servers/0/url: {url:?} cannot be the default base URL ({problem}); clients must set a base URL"
            ));
            return None;
        }
        if self.spec.servers.len() > 1 {
            self.notes.push(format!(
                "#/servers: {} servers; the client defaults to the first, {url}",
                self.spec.servers.len()
            ));
        }
        Some(url)
    }

    /// The first of an operation's or path's `servers` (`pointer`), with
    /// its variables' defaults, when it is a URL the client can send to
    /// ([`base_url_problem`], as for the API's own); else a note and `None`
    /// (the operation then uses the API's base URL).
    fn server_url(&mut self, servers: &[openapiv3::Server], pointer: &str) -> Option<String> {
        let server = servers.first()?;
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        // Quoted with escapes: the URL is the spec's text, shown on a terminal.
        if let Some(problem) = base_url_problem(&url) {
            self.notes.push(format!(
                "{pointer}/0/url: {url:?} cannot be a base URL ({problem}); the client's base URL is used"
            ));
            return None;
        }
        if servers.len() > 1 {
            self.notes.push(format!(
                "{pointer}: {} servers; the first is used, {url}",
                servers.len()
            ));
        }
        Some(url)
    }

    /// Reads `components/securitySchemes` into the schemes the client can
    /// send; a spec that defines none gets one bearer scheme.
    fn security_schemes(&mut self) {
        let spec = self.spec;
        let schemes = spec.components.iter().flat_map(|c| &c.security_schemes);
        for (name, scheme) in schemes {
            let pointer = child("#/components/securitySchemes", name);
            let auth = match scheme.as_item() {
                Some(openapiv3::SecurityScheme::APIKey {
                    location,
                    name: key,
                    ..
                }) => match location {
                    openapiv3::APIKeyLocation::Header if is_header_name(key) => {
                        Auth::Header(key.clone())
                    }
                    openapiv3::APIKeyLocation::Cookie if is_header_name(key) => {
                        Auth::Cookie(key.clone())
                    }
                    openapiv3::APIKeyLocation::Header | openapiv3::APIKeyLocation::Cookie => {
                        // Quoted with escapes: the name is the spec's text.
                        self.notes.push(format!("{pointer}: {key:?} is not a valid header or cookie name; the key is sent as a bearer token"));
                        Auth::Bearer
                    }
                    openapiv3::APIKeyLocation::Query => Auth::Query(key.clone()),
                },
                Some(openapiv3::SecurityScheme::HTTP { scheme, .. })
                    if scheme.eq_ignore_ascii_case("basic") =>
                {
                    Auth::Basic
                }
                Some(openapiv3::SecurityScheme::HTTP { scheme, .. })
                    if !scheme.eq_ignore_ascii_case("bearer") =>
                {
                    self.notes.push(format!("{pointer}: HTTP {scheme:?} authentication is not supported; the key is sent as a bearer token"));
                    Auth::Bearer
                }
                _ => Auth::Bearer,
            };
            self.scheme_index.insert(name.clone(), self.schemes.len());
            self.schemes.push(Scheme {
                name: name.clone(),
                auth,
            });
        }
        if self.schemes.is_empty() {
            self.schemes.push(Scheme {
                name: "bearer".to_string(),
                auth: Auth::Bearer,
            });
        }
    }

    /// A `security` list (`pointer`) as alternatives of scheme indices;
    /// an alternative naming a scheme the spec does not define can never be
    /// met: a note, and it is left out.
    fn requirement(
        &mut self,
        requirements: &[openapiv3::SecurityRequirement],
        pointer: &str,
    ) -> Vec<Vec<usize>> {
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let found: Result<Vec<usize>, &String> = requirement
                .keys()
                .map(|name| self.scheme_index.get(name).copied().ok_or(name))
                .collect();
            match found {
                Ok(indices) => alternatives.push(indices),
                Err(name) => self.notes.push(format!(
                    "{pointer}/{i}: {name:?} is not a scheme of #/components/securitySchemes; this alternative is left out"
                )),
            }
        }
        alternatives
    }

    /// The API's default security, each operation's own kept only where
    /// it differs from it, and the way the API key is sent: the first
    /// scheme taking a key that the default names, else the first defined.
    ///
    /// An operation asks for its own `security`, else the root one; without
    /// either, for none when other operations name theirs, else for the
    /// first scheme (a spec that defines schemes but never says where they
    /// apply). The default is what most operations ask for (the first of
    /// equals in document order), so that it stands for as many as it can.
    fn settle_security(&mut self, resources: &mut [Resource]) -> (Vec<Vec<usize>>, Auth) {
        let root = self
            .spec
            .security
            .as_ref()
            .map(|reqs| self.requirement(reqs, "#/security"));
        let mut ops: Vec<&mut Operation> = resources
            .iter_mut()
            .flat_map(|r| &mut r.operations)
            .collect();
        // Document order: pointers are unique, and paths' order is the
        // document's.
        let order: BTreeMap<String, usize> = self
            .spec
            .paths
            .iter()
            .filter_map(|(path, item)| Some((path, item.as_item()?)))
            .flat_map(|(path, item)| {
                item.iter()
                    .map(move |(method, _)| child(&child("#/paths", path), method))
            })
            .enumerate()
            .map(|(i, pointer)| (pointer, i))
            .collect();
        ops.sort_by_key(|op| order.get(&op.pointer).copied().unwrap_or(usize::MAX));
        let named = ops.iter().any(|op| op.security.is_some());
        let fallback = root
            .clone()
            .unwrap_or_else(|| if named { Vec::new() } else { vec![vec![0]] });
        let mut effective = Vec::with_capacity(ops.len());
        for op in &mut ops {
            effective.push(op.security.take().unwrap_or_else(|| fallback.clone()));
        }
        let mut counts: Vec<(&Vec<Vec<usize>>, usize)> = Vec::new();
        for requirement in &effective {
            match counts.iter_mut().find(|(r, _)| *r == requirement) {
                Some((_, n)) => *n += 1,
                None => counts.push((requirement, 1)),
            }
        }
        // `max_by_key` takes the last of equals: reversed, the first.
        let default = counts
            .iter()
            .rev()
            .max_by_key(|(_, n)| *n)
            .map(|(r, _)| (*r).clone())
            .unwrap_or(fallback);
        for (op, requirement) in ops.iter_mut().zip(effective) {
            op.security = (requirement != default).then_some(requirement);
        }
        let takes_key = |i: &usize| {
            self.schemes
                .get(*i)
                .filter(|s| s.auth != Auth::Basic)
                .map(|s| s.auth.clone())
        };
        let auth = default
            .iter()
            .flatten()
            .find_map(takes_key)
            .or_else(|| (0..self.schemes.len()).find_map(|i| takes_key(&i)))
            .unwrap_or(Auth::Bearer);
        (default, auth)
    }

    // ----- entry points for `super::webhooks` --------------------------------

    /// The type of a schema the API sends (a webhook payload): defined like
    /// a response's, so it gets `Deserialize`.
    pub(crate) fn received_type(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
    ) -> Result<TypeRef, Error> {
        let ty = self.type_of(schema, hint, pointer, 0)?;
        self.response_roots.push(ty.clone());
        Ok(ty)
    }

    /// A request body, following `$ref`s, with its pointer.
    pub(crate) fn request_body(
        &self,
        body: &'a ReferenceOr<openapiv3::RequestBody>,
        pointer: &str,
    ) -> Result<(&'a openapiv3::RequestBody, String), Error> {
        self.resolve(
            body,
            "requestBodies",
            "request body",
            |c| &c.request_bodies,
            pointer,
        )
    }

    /// The component schema a `$ref` names, following chains.
    pub(crate) fn component_schema(
        &self,
        reference: &str,
        pointer: &str,
    ) -> Result<&'a Schema, Error> {
        self.resolve_schema(reference, pointer).map(|(s, _)| s)
    }

    pub(crate) fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    // ----- after the walk ---------------------------------------------------

    /// Names and documents the types that stand for several places (inline
    /// schemas of the same structure, one type). When the places' names
    /// differ, the type takes a name true for all of them (see
    /// [`neutral_name`]), every place keeps its own name as an alias with
    /// its own doc, and the type and its fields keep only the
    /// documentation all places agree on.
    fn name_shared_types(&mut self) {
        let shared = std::mem::take(&mut self.shared);
        for (first, places) in shared {
            let Some(mut def) = self.types.remove(&first) else {
                continue;
            };
            let first_place = Place {
                name: first.clone(),
                doc: def.doc.clone(),
                members: Some(member_docs(&def.kind)),
            };
            let all: Vec<&Place> = std::iter::once(&first_place).chain(&places).collect();
            let names: Vec<&str> = all.iter().map(|p| p.name.as_str()).collect();
            // Names this group may take over: its first place's and its
            // aliases' (a place without an alias wanted another type's name).
            let own = |name: &str| {
                all.iter()
                    .any(|p| p.name == name && (p.name == first || p.members.is_some()))
            };
            let neutral = neutral_name(&names, &def.kind)
                .into_iter()
                .find(|candidate| own(candidate) || !self.taken.contains(candidate));
            let neutral = match neutral {
                Some(name) if own(&name) => name,
                Some(name) => self.taken.claim(&name),
                None => self.taken.claim(&fallback_name(&def.kind)),
            };

            let mut doc = common_doc(all.iter().map(|p| &p.doc));
            let mut shown: Vec<String> = names.iter().take(3).map(|n| code_span(n)).collect();
            if names.len() > 3 {
                shown.push(format!("and {} more", names.len() - 3));
            }
            doc.push(Some(&format!(
                "The one type for {} places of the same shape ({}); each place's own name is an alias of it, documented for that place.",
                names.len(),
                shown.join(", ")
            )));
            def.doc = doc;
            keep_common_member_docs(&mut def.kind, &all);
            def.name = neutral.clone();

            // Every place's name is an alias of the neutral type, with the
            // place's own doc (the place named like the type has none).
            for place in &all {
                if place.name == neutral {
                    continue;
                }
                let target = TypeKind::Alias(TypeRef::Named(neutral.clone()));
                match self.types.get_mut(&place.name) {
                    Some(alias) if matches!(&alias.kind, TypeKind::Alias(TypeRef::Named(t)) if *t == first) => {
                        alias.kind = target
                    }
                    Some(_) => {}
                    None if place.name == first => self.insert(
                        first.clone(),
                        place.doc.clone(),
                        target,
                        def.pointer.clone(),
                    ),
                    None => {}
                }
            }
            self.types.insert(neutral, def);
        }
    }

    /// Marks the operations that page with a cursor (see [`Pagination`]),
    /// by the shape of their parameters and answer, and names their stream
    /// methods (`list` -> `list_stream`).
    fn find_pagination(&self, resources: &mut [Resource]) {
        for resource in resources {
            let mut methods = Taken::default();
            for reserved in RESOURCE_METHODS {
                methods.claim(reserved);
            }
            for op in &resource.operations {
                methods.claim(&op.method_name);
            }
            for op in &mut resource.operations {
                let Some(mut pagination) = self.pagination_of(op) else {
                    continue;
                };
                pagination.stream_method =
                    methods.claim(&format!("{}_stream", names::unraw(&op.method_name)));
                op.pagination = Some(pagination);
            }
        }
    }

    fn pagination_of(&self, op: &Operation) -> Option<Pagination> {
        let cursor = op
            .query
            .iter()
            .find(|p| p.wire == "after" && !p.required && p.ty == TypeRef::String)?;
        let Response::Json(page) = &op.response else {
            return None;
        };
        let page = self.struct_of(page)?;
        let items = page.fields.iter().find(|f| f.wire == "data")?;
        let item = match strip_option(&items.ty) {
            TypeRef::Vec(item) => (**item).clone(),
            _ => return None,
        };
        let page_info = page.fields.iter().find(|f| f.wire == "page_info")?;
        let info = self.struct_of(strip_option(&page_info.ty))?;
        let end_cursor = info.fields.iter().find(|f| f.wire == "end_cursor")?;
        let has_next = info.fields.iter().find(|f| f.wire == "has_next_page")?;
        if *strip_option(&end_cursor.ty) != TypeRef::String
            || *strip_option(&has_next.ty) != TypeRef::Bool
        {
            return None;
        }
        let field = |f: &Field| PageField {
            name: f.name.clone(),
            optional: matches!(f.ty, TypeRef::Option(_)),
        };
        Some(Pagination {
            stream_method: String::new(),
            cursor_param: cursor.name.clone(),
            items: field(items),
            item,
            page_info: field(page_info),
            end_cursor: field(end_cursor),
            has_next_page: field(has_next),
        })
    }

    /// The struct a type reference names, through aliases and boxes.
    fn struct_of(&self, ty: &TypeRef) -> Option<&Struct> {
        match self.named_kind(ty)? {
            TypeKind::Struct(s) => Some(s),
            _ => None,
        }
    }

    /// What a named type (through boxes and aliases) is.
    fn named_kind(&self, ty: &TypeRef) -> Option<&TypeKind> {
        let mut ty = ty;
        for _ in 0..=self.types.len() {
            match ty {
                TypeRef::Boxed(inner) => ty = inner,
                TypeRef::Named(name) => match &self.types.get(name)?.kind {
                    TypeKind::Alias(target) => ty = target,
                    kind => return Some(kind),
                },
                _ => return None,
            }
        }
        None
    }

    /// Untagged unions are decoded by trying each variant in turn, and serde
    /// ignores unknown fields, so a struct needing fewer fields would swallow
    /// one needing more. Variants go by [`untagged_rank`], then structs by
    /// how many fields they need, most first, then maps (which accept any
    /// object). Stable, so equal variants keep the spec's order.
    fn order_untagged_variants(&mut self) {
        let key = |ty: &TypeRef| {
            let fields = match self.struct_of(ty) {
                Some(s) => s
                    .fields
                    .iter()
                    .filter(|f| !matches!(f.ty, TypeRef::Option(_)))
                    .count() as i64,
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

    /// Marks types reachable from requests `serialize` and from responses
    /// `deserialize`; types reachable from neither are `deserialize`
    /// (component schemas describe what the API sends).
    fn mark_usage(&mut self) {
        let request: Vec<String> = self
            .request_roots
            .iter()
            .filter_map(|t| t.named().map(String::from))
            .collect();
        let mut response: Vec<String> = self
            .response_roots
            .iter()
            .filter_map(|t| t.named().map(String::from))
            .collect();
        let sent = self.reachable(request);
        // Types no operation uses get `Deserialize`, and so does everything
        // they hold, even types otherwise only sent.
        let received_by_operations = self.reachable(response.clone());
        response.extend(
            self.types
                .keys()
                .filter(|n| !sent.contains(*n) && !received_by_operations.contains(*n))
                .cloned(),
        );
        let received = self.reachable(response);
        for (name, def) in &mut self.types {
            def.serialize = sent.contains(name);
            def.deserialize = received.contains(name);
            // In what is only sent, a field that may be left out and may be
            // null has three states: left out (`None`), `null`
            // (`Some(None)`), a value (`Some(Some(v))`), so an update can
            // clear a field.
            if let TypeKind::Struct(s) = &mut def.kind
                && def.serialize
                && !def.deserialize
            {
                for field in &mut s.fields {
                    if !field.required && field.nullable {
                        field.ty = TypeRef::Option(Box::new(field.ty.clone()));
                    }
                }
            }
        }
    }

    fn reachable(&self, roots: Vec<String>) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = roots;
        while let Some(name) = stack.pop() {
            if !seen.insert(name.clone()) {
                continue;
            }
            if let Some(def) = self.types.get(&name) {
                for ty in def.kind.referenced() {
                    let mut found = Vec::new();
                    all_named(ty, &mut found);
                    stack.extend(found);
                }
            }
        }
        seen
    }

    /// The aliases on a cycle of aliases held by value (`A = B`,
    /// `B = Option<A>`): types that never say what they are. Each alias
    /// has at most one such target, so every chain is followed once.
    fn by_value_alias_cycles(&self) -> BTreeSet<String> {
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state: BTreeMap<&str, u8> = BTreeMap::new();
        let mut on_cycle = BTreeSet::new();
        for start in self.types.keys() {
            let mut path: Vec<&str> = Vec::new();
            let mut current = Some(start.as_str());
            while let Some(name) = current {
                match state.get(name) {
                    Some(&ON_PATH) => {
                        if let Some(at) = path.iter().position(|p| *p == name) {
                            on_cycle.extend(path[at..].iter().map(|p| p.to_string()));
                        }
                        break;
                    }
                    Some(_) => break,
                    None => {}
                }
                state.insert(name, ON_PATH);
                path.push(name);
                current = match self.types.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Alias(ty)) => by_value(ty),
                    _ => None,
                };
            }
            for name in path {
                state.insert(name, DONE);
            }
        }
        on_cycle
    }

    /// Rust expands aliases eagerly, so an alias that leads back to itself
    /// through other aliases, even inside a `Vec` or map, does not compile:
    /// the first alias of each such cycle (by name) becomes a newtype, round
    /// after round until no cycle of aliases is left. Aliases on a cycle held
    /// by value stay: `box_cycles` refuses them.
    fn newtype_alias_cycles(&mut self) {
        let meaningless = self.by_value_alias_cycles();
        for _ in 0..=self.types.len() {
            let edges: BTreeMap<String, BTreeSet<String>> = self
                .types
                .iter()
                .map(|(name, def)| {
                    let mut out = Vec::new();
                    if let TypeKind::Alias(ty) = &def.kind {
                        all_named(ty, &mut out);
                    }
                    (name.clone(), out.into_iter().collect())
                })
                .collect();
            let component = super::graph::components(&edges);
            let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
            for (name, c) in &component {
                members.entry(*c).or_default().push(name);
            }
            let chosen: Vec<String> = members
                .values()
                .filter(|names| {
                    names.len() > 1
                        || edges
                            .get(names[0])
                            .is_some_and(|out| out.contains(names[0]))
                })
                .filter_map(|names| {
                    names
                        .iter()
                        .find(|n| !meaningless.contains(**n))
                        .map(|n| n.to_string())
                })
                .collect();
            if chosen.is_empty() {
                return;
            }
            for name in chosen {
                if let Some(def) = self.types.get_mut(&name)
                    && let TypeKind::Alias(ty) = &def.kind
                {
                    def.kind = TypeKind::Newtype(ty.clone());
                }
            }
        }
    }

    /// Boxes fields and variants until no type holds itself by value
    /// (without an indirection: Vec, map); refuses alias cycles.
    ///
    /// A cycle needs one box, not one per member: fields are boxed one at a
    /// time, each only if it still leads back to its holder once the boxes
    /// chosen before are counted. Optional fields go first (`Option<Box<T>>`
    /// is the usual shape of a recursive link), then the rest; each pass in
    /// name and field order, so the choice is deterministic.
    fn box_cycles(&mut self) -> Result<(), Error> {
        self.newtype_alias_cycles();
        // Edges held by value, counted: two fields of the same type are two
        // edges, and boxing one leaves the other.
        let mut direct: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (name, def) in &self.types {
            let out = direct.entry(name.clone()).or_default();
            for ty in def.kind.referenced() {
                if let Some(target) = by_value(ty) {
                    *out.entry(target.to_string()).or_default() += 1;
                }
            }
        }
        // A field still closes a cycle when its target reaches its holder,
        // that is (the field being an edge from holder to target) when both
        // are in one strongly connected component of the edges left. The
        // components are computed again only after a box: searching from
        // every field was quadratic on a long cycle of schemas (found by
        // the fuzzer). `components` numbers the components of `nodes` (all
        // when `None`) from `first`.
        let components = |direct: &BTreeMap<String, BTreeMap<String, usize>>,
                          nodes: Option<&BTreeSet<String>>,
                          first: usize| {
            let inside = |n: &String| nodes.is_none_or(|nodes| nodes.contains(n));
            let sets: BTreeMap<String, BTreeSet<String>> = direct
                .iter()
                .filter(|(name, _)| inside(name))
                .map(|(name, out)| {
                    let out = out.keys().filter(|t| inside(t)).cloned().collect();
                    (name.clone(), out)
                })
                .collect();
            super::graph::components(&sets)
                .into_iter()
                .map(|(name, c)| (name.to_string(), first + c))
                .collect::<BTreeMap<String, usize>>()
        };
        let mut component = components(&direct, None, 0);
        let mut next_id = component.values().max().map_or(0, |m| m + 1);
        // (type, field or variant index, its by-value target, optional)
        let mut candidates: Vec<(String, usize, String, bool)> = Vec::new();
        for (name, def) in &self.types {
            let tys: Vec<&TypeRef> = match &def.kind {
                TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
                TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
                TypeKind::Newtype(ty) => vec![ty],
                TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
            };
            for (i, ty) in tys.into_iter().enumerate() {
                if let Some(target) = by_value(ty) {
                    let optional = matches!(ty, TypeRef::Option(_));
                    candidates.push((name.clone(), i, target.to_string(), optional));
                }
            }
        }
        let mut plan: Vec<(String, usize)> = Vec::new();
        for optional_pass in [true, false] {
            for (name, i, target, optional) in &candidates {
                let closes_cycle = target == name
                    || component
                        .get(target)
                        .is_some_and(|c| component.get(name) == Some(c));
                if *optional != optional_pass || !closes_cycle {
                    continue;
                }
                plan.push((name.clone(), *i));
                if let Some(out) = direct.get_mut(name)
                    && let Some(count) = out.get_mut(target)
                {
                    *count -= 1;
                    if *count == 0 {
                        out.remove(target);
                    }
                }
                // Only the boxed field's component can split.
                if let Some(&c) = component.get(name) {
                    let nodes: BTreeSet<String> = component
                        .iter()
                        .filter(|(_, id)| **id == c)
                        .map(|(n, _)| n.clone())
                        .collect();
                    let split = components(&direct, Some(&nodes), next_id);
                    next_id = split.values().max().map_or(next_id, |m| m + 1);
                    component.extend(split);
                }
            }
        }
        // What is left of a cycle goes through aliases only: no place for a
        // box. Components of what is left, once (a search per alias was
        // quadratic on a long cycle of aliases, found by the fuzzer).
        let left: BTreeMap<String, BTreeSet<String>> = direct
            .iter()
            .map(|(name, out)| (name.clone(), out.keys().cloned().collect()))
            .collect();
        let left_component = super::graph::components(&left);
        for (name, def) in &self.types {
            if let TypeKind::Alias(ty) = &def.kind
                && by_value(ty).is_some_and(|t| {
                    t == name
                        || left_component
                            .get(t)
                            .is_some_and(|c| left_component.get(name.as_str()) == Some(c))
                })
            {
                return Err(self.err(
                    &def.pointer,
                    format!("type `{name}` is defined in terms of itself"),
                ));
            }
        }
        for (name, i) in plan {
            if let Some(def) = self.types.get_mut(&name) {
                match &mut def.kind {
                    TypeKind::Struct(s) => box_named(&mut s.fields[i].ty),
                    TypeKind::Union(u) => box_named(&mut u.variants[i].ty),
                    TypeKind::Newtype(ty) => box_named(ty),
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// One object's worth of properties (a schema, or one member of an `allOf`).
struct ObjectPart {
    /// Wire name -> (schema, its pointer).
    properties: Vec<(String, (ReferenceOr<Schema>, String))>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    pointer: String,
}

impl ObjectPart {
    fn new(
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
fn any_schema() -> Schema {
    Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Any(Default::default()),
    }
}

fn all_named(ty: &TypeRef, out: &mut Vec<String>) {
    match ty {
        TypeRef::Named(n) => out.push(n.clone()),
        TypeRef::Vec(i) | TypeRef::Map(i) | TypeRef::Option(i) | TypeRef::Boxed(i) => {
            all_named(i, out)
        }
        _ => {}
    }
}

/// The named type held by value (through `Option` only), if any.
fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Option(inner) => by_value(inner),
        _ => None,
    }
}

/// The type inside an `Option`, or the type itself.
fn strip_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}

fn box_named(ty: &mut TypeRef) {
    match ty {
        TypeRef::Option(inner) => box_named(inner),
        TypeRef::Named(_) => {
            let named = std::mem::replace(ty, TypeRef::Json);
            *ty = TypeRef::Boxed(Box::new(named));
        }
        _ => {}
    }
}

/// Order of untagged variants: a date-time before a plain string (every
/// date-time is a string), an integer before a number, anything last.
fn untagged_rank(ty: &TypeRef) -> u8 {
    match ty {
        TypeRef::DateTime => 0,
        TypeRef::F64 => 2,
        TypeRef::String => 3,
        TypeRef::Json => 4,
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => untagged_rank(inner),
        _ => 1,
    }
}

fn variant_name_for(ty: &TypeRef) -> String {
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
fn shape_name(schema: &Schema) -> Option<String> {
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
fn inline_tag(schema: &Schema, property: &str) -> Vec<String> {
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

fn enum_kind(values: &[String]) -> Enum {
    let values: Vec<(String, Doc)> = values.iter().map(|v| (v.clone(), Doc::default())).collect();
    documented_enum_kind(&values)
}

/// [`enum_kind`] of values each with what it means.
fn documented_enum_kind(values: &[(String, Doc)]) -> Enum {
    let mut taken = Taken::default();
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    for (value, doc) in values {
        if !seen.insert(value.clone()) {
            continue;
        }
        variants.push(Variant {
            name: taken.claim(&names::type_name(value)),
            value: value.clone(),
            doc: doc.clone(),
        });
    }
    Enum {
        catch_all: taken.claim("Unknown"),
        variants,
    }
}

/// Whether a text is an HTTP header name (RFC 9110's `token`).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The path template's parameter names, in order (`/a/{id}/b` -> `["id"]`).
pub fn template_names(path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(after[..end].to_string());
                rest = &after[end + 1..];
            }
            None => break,
        }
    }
    out
}

/// The JSON media type of a content map (`application/json`, or any
/// `+json`), and its schema.
pub(crate) fn json_media(
    content: &indexmap::IndexMap<String, MediaType>,
) -> Option<(&str, Option<&ReferenceOr<Schema>>)> {
    find_media(content, |essence| {
        essence == "application/json" || essence.ends_with("+json")
    })
}

/// The entry of `content` whose media type is `essence` (parameters such
/// as `; charset=utf-8` aside).
fn media_of<'c>(
    content: &'c indexmap::IndexMap<String, MediaType>,
    essence: &str,
) -> Option<(&'c str, Option<&'c ReferenceOr<Schema>>)> {
    find_media(content, |e| e == essence)
}

/// The first entry of `content` whose media type, in lower case and
/// without its parameters, `wanted` accepts; with its schema.
fn find_media(
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
fn media_essence(media: &str) -> &str {
    media.split(';').next().unwrap_or("").trim()
}

/// An `Accept` header for a media type of the spec: the type as it is when
/// a header can carry it, else `*/*`.
fn accept_header(media: &str) -> String {
    let media = media.trim();
    if !media.is_empty() && media.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        media.to_string()
    } else {
        "*/*".to_string()
    }
}

/// The Rust integer for an integer schema's `format`: the unsigned formats
/// Rust-made specs use (Oxide's `uint8`..`uint64`, DigitalOcean's) get
/// unsigned types; `int8`..`int32` `i32`; anything else `i64`.
fn integer_type(format: &str) -> TypeRef {
    match format {
        "int8" | "int16" | "int32" => TypeRef::I32,
        "uint8" | "uint16" | "uint32" => TypeRef::U32,
        "uint64" => TypeRef::U64,
        _ => TypeRef::I64,
    }
}

/// The group of an operation without tags: the first segment of its path
/// that is neither a parameter nor a version (`/v1/customers/{id}` ->
/// `customers`), else `Operations`.
fn path_group(path: &str) -> String {
    let is_version = |segment: &str| {
        segment.len() > 1
            && segment.starts_with(['v', 'V'])
            && segment[1..].starts_with(|c: char| c.is_ascii_digit())
    };
    path.split('/')
        .find(|s| !s.is_empty() && !s.contains('{') && !is_version(s))
        .filter(|s| !names::type_name(s).is_empty())
        .map(String::from)
        .unwrap_or_else(|| "Operations".to_string())
}

/// The properties of an object schema, by name.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// The `properties` and `required` of an object schema (typed `object`,
/// or without a type).
fn object_fields(schema: &Schema) -> Option<(&Properties, &[String])> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => Some((&o.properties, &o.required)),
        SchemaKind::Any(any) => Some((&any.properties, &any.required)),
        _ => None,
    }
}

/// Whether an `allOf` member only annotates (description, `nullable`,
/// `readOnly`, constraints, ...) and says nothing of the value's type.
fn is_annotation(member: &ReferenceOr<Schema>) -> bool {
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

/// The rustdoc a schema carries: title, description, the values it allows
/// and whether it is deprecated.
fn schema_doc(schema: &Schema) -> Doc {
    let mut doc = Doc::default();
    doc.push(schema.schema_data.title.as_deref());
    doc.push(schema.schema_data.description.as_deref());
    schema_notes(schema, &mut doc);
    doc
}

/// The rustdoc of a value (a property or a parameter) whose schema is
/// `schema`: `own` text (a parameter's own `description`) if there is one,
/// else the schema's title and description; then the values it allows, that
/// it is deprecated (the schema says so, or `deprecated`), its default and
/// its example. A `$ref` schema's text documents its type, not the value.
fn value_doc(
    schema: &ReferenceOr<Schema>,
    own: Option<&str>,
    deprecated: bool,
    example: Option<&serde_json::Value>,
) -> Doc {
    let mut doc = Doc::default();
    let own = own.map(str::trim).filter(|text| !text.is_empty());
    match (schema, own) {
        (_, Some(text)) => doc.push(Some(text)),
        (ReferenceOr::Item(s), None) => {
            doc.push(s.schema_data.title.as_deref());
            doc.push(s.schema_data.description.as_deref());
        }
        (ReferenceOr::Reference { .. }, None) => {}
    }
    if let ReferenceOr::Item(s) = schema {
        schema_notes(s, &mut doc);
    }
    if deprecated {
        doc.push(Some("Deprecated."));
    }
    if let ReferenceOr::Item(s) = schema
        && let Some(default) = &s.schema_data.default
    {
        doc.push(Some(&format!(
            "Default: {}.",
            code_span(&example_text(default))
        )));
    }
    if let Some(example) = example {
        let text = example_text(example);
        // Several lines read better as a block (of text, as every code
        // block of a doc is).
        if text.trim().contains('\n') {
            doc.push(Some(&format!("Example:\n\n{}", code_block(&text))));
        } else {
            doc.push(Some(&format!("Example: {}", code_span(&text))));
        }
    }
    doc
}

/// The values a non-string enum allows and deprecation, in words (a
/// string enum is a Rust enum, its values its variants).
fn schema_notes(schema: &Schema, doc: &mut Doc) {
    // A string enum is a Rust enum; other enums are their plain type, so
    // the values they allow are said in words.
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => {
            i.enumeration.iter().flatten().map(i64::to_string).collect()
        }
        SchemaKind::Type(Type::Number(n)) => {
            n.enumeration.iter().flatten().map(f64::to_string).collect()
        }
        SchemaKind::Type(Type::Boolean(b)) => b
            .enumeration
            .iter()
            .flatten()
            .map(bool::to_string)
            .collect(),
        _ => Vec::new(),
    };
    match values.as_slice() {
        [] => {}
        [one] => doc.push(Some(&format!("Always {}.", code_span(one)))),
        several => {
            let values: Vec<String> = several.iter().map(|v| code_span(v)).collect();
            doc.push(Some(&format!("One of {}.", values.join(", "))))
        }
    }
    if schema.schema_data.deprecated {
        doc.push(Some("Deprecated."));
    }
}

fn example_text(example: &serde_json::Value) -> String {
    match example {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A canonical text of an inline schema without its documentation, so that
/// schemas that differ only in descriptions or examples are one type.
fn structural_key(schema: &Schema) -> String {
    let mut value = serde_json::to_value(schema).unwrap_or(serde_json::Value::Null);
    strip_docs(&mut value);
    if let serde_json::Value::Object(map) = &mut value {
        map.remove("nullable");
    }
    canonical(&value)
}

/// JSON text with object keys sorted, so key order does not matter.
fn canonical(value: &serde_json::Value) -> String {
    let mut out = String::new();
    write_canonical(value, &mut out);
    out
}

/// [`canonical`] into one buffer (a structural key is computed for every
/// inline schema, on its whole subtree).
fn write_canonical(value: &serde_json::Value, out: &mut String) {
    use std::fmt::Write;
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<(&String, &serde_json::Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                // Debug quoting is as unambiguous as JSON's.
                let _ = write!(out, "{key:?}:");
                write_canonical(v, out);
            }
            out.push('}');
        }
        serde_json::Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn strip_docs(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for key in [
                "description",
                "example",
                "examples",
                "title",
                "externalDocs",
            ] {
                map.remove(key);
            }
            for (key, v) in map.iter_mut() {
                match (key.as_str(), v) {
                    // Maps from names to schemas: the names stay, the schemas
                    // lose their docs.
                    ("properties", serde_json::Value::Object(props)) => {
                        props.values_mut().for_each(strip_docs)
                    }
                    (_, v) => strip_docs(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_docs),
        _ => {}
    }
}

/// Names for a type several places share, best first: the words all the
/// places' names end with (`CreatePlanBodyImage`, `UpdatePlanBodyImage` ->
/// `PlanBodyImage`), then that followed by what the type is (`UserObject`
/// when `User` is another type's name). None when the names share no last
/// word.
fn neutral_name(names: &[&str], kind: &TypeKind) -> Vec<String> {
    let split: Vec<Vec<String>> = names.iter().map(|n| names::pascal_words(n)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let mut common = 0;
    while common < shortest {
        let word = &split[0][split[0].len() - 1 - common];
        if split.iter().all(|w| w[w.len() - 1 - common] == *word) {
            common += 1;
        } else {
            break;
        }
    }
    if common == 0 {
        return Vec::new();
    }
    let suffix: String = split[0][split[0].len() - common..].concat();
    vec![suffix.clone(), format!("{suffix}{}", kind_word(kind))]
}

/// A name from the shape alone, for places whose names share no last word:
/// a struct's first fields (`IdTitleObject`), an enum's first values, a
/// union's first variants (`UserOrCompany`).
fn fallback_name(kind: &TypeKind) -> String {
    let words: Vec<String> = match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .take(3)
            .map(|f| names::type_name(&f.wire))
            .collect(),
        TypeKind::Enum(e) => e.variants.iter().take(3).map(|v| v.name.clone()).collect(),
        TypeKind::Union(u) => {
            return u
                .variants
                .iter()
                .take(3)
                .map(|v| v.name.clone())
                .collect::<Vec<_>>()
                .join("Or");
        }
        TypeKind::Alias(_) | TypeKind::Newtype(_) => Vec::new(),
    };
    names::capped(&format!("{}{}", words.concat(), kind_word(kind)))
}

fn kind_word(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "Object",
        TypeKind::Enum(_) => "Enum",
        TypeKind::Union(_) => "Union",
        TypeKind::Alias(_) | TypeKind::Newtype(_) => "Value",
    }
}

/// The docs of a type's members: each field's by wire name, each enum
/// value's.
fn member_docs(kind: &TypeKind) -> BTreeMap<String, Doc> {
    match kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.wire.clone(), f.doc.clone()))
            .collect(),
        TypeKind::Enum(e) => e
            .variants
            .iter()
            .map(|v| (v.value.clone(), v.doc.clone()))
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// The paragraphs every doc has.
fn common_doc<'d>(mut docs: impl Iterator<Item = &'d Doc>) -> Doc {
    let Some(first) = docs.next() else {
        return Doc::default();
    };
    let mut common = first.clone();
    for doc in docs {
        common.paragraphs.retain(|p| doc.paragraphs.contains(p));
    }
    common
}

/// Keeps of each field's (or enum value's) doc what every place says of it.
fn keep_common_member_docs(kind: &mut TypeKind, places: &[&Place]) {
    let common = |key: &str, doc: &Doc| {
        let docs: Vec<Doc> = places
            .iter()
            .map(|p| {
                p.members
                    .as_ref()
                    .and_then(|m| m.get(key).cloned())
                    .unwrap_or_default()
            })
            .collect();
        common_doc(std::iter::once(doc).chain(&docs))
    };
    match kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                field.doc = common(&field.wire, &field.doc);
            }
        }
        TypeKind::Enum(e) => {
            for variant in &mut e.variants {
                variant.doc = common(&variant.value, &variant.doc);
            }
        }
        _ => {}
    }
}
