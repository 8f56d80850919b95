//! Objects: fields, their presence and Rust type, additional properties.

use super::*;

fn presence_spec() -> OpenAPI {
    spec(
        "Thing:
  type: object
  required: [must, must_null]
  properties:
    must: {type: string}
    must_null: {type: string, nullable: true}
    may: {type: string}
    may_null: {type: string, nullable: true}",
    )
}

#[test]
fn each_field_gets_the_presence_its_schema_says() {
    let spec = presence_spec();
    let space = space(&spec);
    assert_eq!(space.field("Thing", "must").presence, Presence::Required);
    assert_eq!(
        space.field("Thing", "must_null").presence,
        Presence::Nullable
    );
    assert_eq!(space.field("Thing", "may").presence, Presence::Optional);
    assert_eq!(
        space.field("Thing", "may_null").presence,
        Presence::OptionalNullable
    );
}

#[test]
fn a_field_holds_its_value_type_and_its_rust_type_follows_the_presence() {
    let spec = presence_spec();
    let space = space(&spec);
    for wire in ["must", "must_null", "may", "may_null"] {
        assert_eq!(space.field("Thing", wire).ty, TypeRef::String, "{wire}");
    }
    assert_eq!(space.field("Thing", "must").rust_type(), TypeRef::String);
    assert_eq!(
        space.field("Thing", "must_null").rust_type(),
        option(TypeRef::String)
    );
    assert_eq!(
        space.field("Thing", "may").rust_type(),
        option(TypeRef::String)
    );
}

#[test]
fn additional_properties_beside_properties_are_a_map_field() {
    let spec = spec(
        "Bag:
  type: object
  properties:
    id: {type: string}
  additionalProperties: {type: integer}",
    );
    let space = space(&spec);
    let Some(rest) = &space.struct_named("Bag").additional else {
        panic!("no additional field");
    };
    assert_eq!(rest.presence, Presence::Rest);
    assert_eq!(rest.rust_type(), TypeRef::Map(Box::new(TypeRef::I64)));
    assert!(!rest.required());
}

#[test]
fn field_names_are_rust_identifiers_told_apart() {
    let spec = spec(
        "Names:
  type: object
  properties:
    type: {type: string}
    a-b: {type: string}
    a_b: {type: string}",
    );
    let space = space(&spec);
    let names: Vec<&str> = space
        .struct_named("Names")
        .fields
        .iter()
        .map(|f| f.name.as_str())
        .collect();
    assert_eq!(names, ["r#type", "a_b", "a_b2"]);
}

#[test]
fn an_inline_property_is_named_after_its_holder_and_property() {
    let spec = spec(
        "Pet:
  type: object
  properties:
    owner:
      type: object
      properties:
        name: {type: string}",
    );
    let space = space(&spec);
    assert_eq!(space.field("Pet", "owner").ty, named("PetOwner"));
    assert_eq!(space.field("PetOwner", "name").ty, TypeRef::String);
}
