//! Unit tests of the type space, one file per concern: a few component
//! schemas (YAML) or an inline schema (JSON) in, the Rust types, fields and
//! presences out.

mod all_of;
mod convert;
mod cycles;
mod enums;
mod objects;
mod shared;
mod unions;
mod usage;

use std::collections::BTreeMap;

use openapiv3::{OpenAPI, ReferenceOr, Schema};

use super::{Definition, Direction, TypeSpace};
use crate::model::build::refs::Refs;
use crate::model::*;

/// A 3.0 document whose `components/schemas` are `schemas` (YAML, each
/// line indented as at the top level), read, lowered and parsed as the
/// generator does.
fn spec(schemas: &str) -> OpenAPI {
    let indented: String = schemas.lines().map(|l| format!("    {l}\n")).collect();
    let text = format!(
        "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{indented}"
    );
    let mut doc = crate::read::read(&text, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
    crate::lower::lower(&mut doc, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
    crate::parse::parse(&doc, "t.yaml").unwrap_or_else(|e| panic!("{e}"))
}

/// The type space of `spec`, its component schemas defined.
fn space(spec: &OpenAPI) -> TypeSpace<'_> {
    TypeSpace::new(Refs {
        file: "t.yaml",
        spec,
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// [`space`], finished (shared names, usage, ordering, boxes).
fn finished(spec: &OpenAPI) -> TypeSpace<'_> {
    let mut space = space(spec);
    space.finish().unwrap_or_else(|e| panic!("{e}"));
    space
}

/// The model's types of a finished space, by name.
fn type_defs(space: TypeSpace<'_>) -> BTreeMap<String, TypeDef> {
    let (types, _) = space.into_parts();
    types.into_iter().map(|t| (t.name.clone(), t)).collect()
}

/// The field `wire` of the struct `def`.
fn field_of<'d>(def: &'d TypeDef, wire: &str) -> &'d Field {
    match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .find(|f| f.wire == wire)
            .unwrap_or_else(|| panic!("{} has no field {wire}", def.name)),
        other => panic!("{} is no struct: {other:?}", def.name),
    }
}

/// An inline schema, from JSON.
fn schema(json: serde_json::Value) -> ReferenceOr<Schema> {
    serde_json::from_value(json).unwrap_or_else(|e| panic!("{e}"))
}

fn named(name: &str) -> TypeRef {
    TypeRef::Named(name.to_string())
}

fn option(ty: TypeRef) -> TypeRef {
    TypeRef::Option(Box::new(ty))
}

impl TypeSpace<'_> {
    /// The definition named `name`; panics, naming the types there are,
    /// when there is none.
    fn def(&self, name: &str) -> &Definition {
        self.types.get(name).unwrap_or_else(|| {
            panic!(
                "no type {name}; types: {:?}",
                self.types.keys().collect::<Vec<_>>()
            )
        })
    }

    fn kind_named(&self, name: &str) -> &TypeKind {
        &self.def(name).kind
    }

    fn struct_named(&self, name: &str) -> &Struct {
        match self.kind_named(name) {
            TypeKind::Struct(s) => s,
            other => panic!("{name} is no struct: {other:?}"),
        }
    }

    fn field(&self, type_name: &str, wire: &str) -> &Field {
        let s = self.struct_named(type_name);
        s.fields
            .iter()
            .find(|f| f.wire == wire)
            .unwrap_or_else(|| panic!("{type_name} has no field {wire}"))
    }

    fn union_named(&self, name: &str) -> &Union {
        match self.kind_named(name) {
            TypeKind::Union(u) => u,
            other => panic!("{name} is no union: {other:?}"),
        }
    }

    fn enum_named(&self, name: &str) -> &Enum {
        match self.kind_named(name) {
            TypeKind::Enum(e) => e,
            other => panic!("{name} is no enum: {other:?}"),
        }
    }

    /// `type_for` of an inline JSON schema at a made-up pointer.
    fn add(&mut self, json: serde_json::Value, hint: &str, direction: Direction) -> TypeRef {
        self.type_for(&schema(json), hint, "#/test", direction)
            .unwrap_or_else(|e| panic!("{e}"))
    }
}
