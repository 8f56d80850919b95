//! `allOf`: merged structs, single members, members that cannot merge.

use super::*;

#[test]
fn object_members_merge_into_one_struct_in_order() {
    let spec = spec(
        "Base:
  type: object
  required: [id]
  properties:
    id: {type: string}
Pet:
  allOf:
    - $ref: '#/components/schemas/Base'
    - type: object
      required: [name]
      properties:
        name: {type: string}
        tag: {type: string}",
    );
    let space = space(&spec);
    let wires: Vec<&str> = space
        .struct_named("Pet")
        .fields
        .iter()
        .map(|f| f.wire.as_str())
        .collect();
    assert_eq!(wires, ["id", "name", "tag"]);
    assert_eq!(space.field("Pet", "id").presence, Presence::Required);
    assert_eq!(space.field("Pet", "tag").presence, Presence::Optional);
}

#[test]
fn one_member_with_a_nullable_annotation_is_that_member_optional() {
    let spec = spec(
        "Base: {type: object, properties: {id: {type: string}}}
Wrapped:
  allOf:
    - $ref: '#/components/schemas/Base'
    - nullable: true",
    );
    let space = space(&spec);
    assert_eq!(
        space.kind_named("Wrapped"),
        &TypeKind::Alias(option(named("Base")))
    );
}

#[test]
fn members_that_are_not_all_objects_are_json_with_a_note() {
    let spec = spec(
        "Mixed:
  allOf:
    - {type: object, properties: {id: {type: string}}}
    - {type: string}",
    );
    let space = space(&spec);
    assert_eq!(space.kind_named("Mixed"), &TypeKind::Alias(TypeRef::Json));
    assert!(
        space.notes.iter().any(|n| n.contains("cannot be merged")),
        "{:?}",
        space.notes
    );
}
