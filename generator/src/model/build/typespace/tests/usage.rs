//! Sent and received: derives, and the presence of fields only sent.

use super::*;

fn update() -> serde_json::Value {
    serde_json::json!({"type": "object", "properties": {
        "note": {"type": "string", "nullable": true},
    }})
}

/// The model's types once `update()` is added as `directions` say.
fn with_update(directions: &[Direction]) -> BTreeMap<String, TypeDef> {
    let spec = spec("{}");
    let mut space = space(&spec);
    for direction in directions {
        space.add(update(), "Update", *direction);
    }
    space.finish().unwrap_or_else(|e| panic!("{e}"));
    type_defs(space)
}

#[test]
fn a_type_only_sent_is_serialize_and_not_deserialize() {
    let types = with_update(&[Direction::Sent]);
    assert!(types["Update"].serialize);
    assert!(!types["Update"].deserialize);
}

#[test]
fn an_optional_nullable_field_of_a_type_only_sent_can_be_cleared() {
    let types = with_update(&[Direction::Sent]);
    let note = field_of(&types["Update"], "note");
    assert_eq!(note.presence, Presence::Clearable);
    assert_eq!(note.rust_type(), option(option(TypeRef::String)));
}

#[test]
fn an_optional_nullable_field_of_a_type_also_received_is_one_option() {
    let types = with_update(&[Direction::Sent, Direction::Received]);
    let note = field_of(&types["Update"], "note");
    assert_eq!(note.presence, Presence::OptionalNullable);
    assert_eq!(note.rust_type(), option(TypeRef::String));
}

#[test]
fn a_component_nothing_uses_is_received_with_all_it_holds() {
    let spec = spec(
        "Lonely: {type: object, properties: {inner: {$ref: '#/components/schemas/Inner'}}}
Inner: {type: object, properties: {a: {type: string}}}",
    );
    let types = type_defs(finished(&spec));
    for name in ["Lonely", "Inner"] {
        let def = &types[name];
        assert!(def.deserialize && !def.serialize, "{name}");
    }
}
