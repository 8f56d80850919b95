//! Schema -> type: primitives, formats, references, inline definitions.

use super::*;

#[test]
fn formats_choose_the_rust_primitive() {
    let spec = spec(
        "Small: {type: integer, format: int32}
Big: {type: integer, format: int64}
Unsigned: {type: integer, format: uint64}
Plain: {type: integer}
Ratio: {type: number}
When: {type: string, format: date-time}
Flag: {type: boolean}",
    );
    let space = space(&spec);
    let alias = |name| match space.kind_named(name) {
        TypeKind::Alias(ty) => ty.clone(),
        other => panic!("{name}: {other:?}"),
    };
    assert_eq!(alias("Small"), TypeRef::I32);
    assert_eq!(alias("Big"), TypeRef::I64);
    assert_eq!(alias("Unsigned"), TypeRef::U64);
    assert_eq!(alias("Plain"), TypeRef::I64);
    assert_eq!(alias("Ratio"), TypeRef::F64);
    assert_eq!(alias("When"), TypeRef::DateTime);
    assert_eq!(alias("Flag"), TypeRef::Bool);
}

#[test]
fn a_reference_to_a_nullable_component_is_an_option() {
    let spec = spec(
        "Maybe: {type: string, nullable: true}
Plain: {type: string}",
    );
    let mut space = space(&spec);
    let maybe = space.add(
        serde_json::json!({"$ref": "#/components/schemas/Maybe"}),
        "X",
        Direction::Received,
    );
    let plain = space.add(
        serde_json::json!({"$ref": "#/components/schemas/Plain"}),
        "Y",
        Direction::Received,
    );
    assert_eq!(maybe, option(named("Maybe")));
    assert_eq!(plain, named("Plain"));
}

#[test]
fn an_inline_object_is_a_struct_named_by_its_hint() {
    let spec = spec("{}");
    let mut space = space(&spec);
    let ty = space.add(
        serde_json::json!({"type": "object", "properties": {"id": {"type": "string"}}}),
        "PetOwner",
        Direction::Received,
    );
    assert_eq!(ty, named("PetOwner"));
    assert_eq!(space.field("PetOwner", "id").ty, TypeRef::String);
}

#[test]
fn arrays_and_maps_are_written_in_place_with_singular_item_names() {
    let spec = spec("{}");
    let mut space = space(&spec);
    let ty = space.add(
        serde_json::json!({"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string"}}}}),
        "Pets",
        Direction::Received,
    );
    assert_eq!(ty, TypeRef::Vec(Box::new(named("Pet"))));
    let map = space.add(
        serde_json::json!({"type": "object", "additionalProperties": {"type": "integer"}}),
        "Counts",
        Direction::Received,
    );
    assert_eq!(map, TypeRef::Map(Box::new(TypeRef::I64)));
}

#[test]
fn a_reference_to_a_missing_component_is_an_error_at_its_pointer() {
    let spec = spec("{}");
    let mut space = space(&spec);
    let missing = schema(serde_json::json!({"$ref": "#/components/schemas/Nowhere"}));
    let Err(e) = space.type_for(&missing, "X", "#/here", Direction::Received) else {
        panic!("a dangling $ref was accepted");
    };
    let text = e.to_string();
    assert!(text.contains("#/here"), "{text}");
    assert!(text.contains("resolves to nothing"), "{text}");
}
