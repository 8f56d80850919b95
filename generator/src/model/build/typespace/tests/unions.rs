//! `oneOf`/`anyOf`: tags (given or implied) and untagged decoding order.

use super::*;

#[test]
fn a_discriminator_mapping_gives_each_variant_its_tags() {
    let spec = spec(
        "Cat: {type: object, properties: {kind: {type: string}}}
Dog: {type: object, properties: {kind: {type: string}}}
Pet:
  oneOf:
    - $ref: '#/components/schemas/Cat'
    - $ref: '#/components/schemas/Dog'
  discriminator:
    propertyName: kind
    mapping:
      cat: '#/components/schemas/Cat'
      puppy: Dog",
    );
    let space = space(&spec);
    let u = space.union_named("Pet");
    assert_eq!(u.discriminator.as_deref(), Some("kind"));
    let tags: Vec<(&str, &[String])> = u
        .variants
        .iter()
        .map(|v| (v.name.as_str(), v.tags.as_slice()))
        .collect();
    assert_eq!(
        tags,
        [
            ("Cat", &["cat".to_string()][..]),
            ("Dog", &["puppy".to_string()][..])
        ]
    );
}

#[test]
fn branches_fixing_a_required_property_are_tagged_by_it() {
    let spec = spec(
        "Event:
  oneOf:
    - type: object
      required: [type]
      properties: {type: {type: string, enum: [created]}, id: {type: string}}
    - type: object
      required: [type]
      properties: {type: {type: string, enum: [deleted]}}",
    );
    let space = space(&spec);
    let u = space.union_named("Event");
    assert_eq!(u.discriminator.as_deref(), Some("type"));
    let names: Vec<&str> = u.variants.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["Created", "Deleted"]);
}

#[test]
fn a_discriminator_that_misses_a_branch_is_dropped_with_a_note() {
    let spec = spec(
        "Shape:
  oneOf:
    - {type: object, properties: {kind: {type: string, enum: [a]}}}
    - {type: object, properties: {size: {type: integer}}}
  discriminator: {propertyName: kind}",
    );
    let space = space(&spec);
    assert_eq!(space.union_named("Shape").discriminator, None);
    assert!(
        space
            .notes
            .iter()
            .any(|n| n.contains("does not name every branch"))
    );
}

#[test]
fn untagged_variants_decode_date_times_before_strings_and_bigger_structs_first() {
    let spec = spec(
        "Small: {type: object, required: [a], properties: {a: {type: string}}}
Big: {type: object, required: [a, b], properties: {a: {type: string}, b: {type: string}}}
Any:
  anyOf:
    - {type: string}
    - $ref: '#/components/schemas/Small'
    - {type: string, format: date-time}
    - $ref: '#/components/schemas/Big'",
    );
    let space = finished(&spec);
    let order: Vec<&TypeRef> = space
        .union_named("Any")
        .variants
        .iter()
        .map(|v| &v.ty)
        .collect();
    assert_eq!(
        order,
        [
            &TypeRef::DateTime,
            &named("Big"),
            &named("Small"),
            &TypeRef::String
        ]
    );
}

#[test]
fn an_open_enum_before_the_last_untagged_variant_decodes_its_values_only() {
    let spec = spec(
        "Mode: {type: string, enum: [fast, slow]}
Setting:
  oneOf:
    - $ref: '#/components/schemas/Mode'
    - {type: string}",
    );
    let space = finished(&spec);
    let variants = &space.union_named("Setting").variants;
    assert_eq!(variants[0].ty, named("Mode"));
    assert_eq!(variants[0].known_only.as_deref(), Some("Unknown"));
    assert_eq!(variants[1].known_only, None);
}
