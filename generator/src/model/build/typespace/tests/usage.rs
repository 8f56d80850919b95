//! Sent and received: derives, and the presence of fields only sent.

use super::*;

fn update() -> serde_json::Value {
    serde_json::json!({"type": "object", "properties": {
        "note": {"type": "string", "nullable": true},
    }})
}

#[test]
fn a_type_only_sent_is_serialize_and_not_deserialize() {
    let spec = spec("{}");
    let mut space = space(&spec);
    space.add(update(), "Update", Direction::Sent);
    space.finish().unwrap_or_else(|e| panic!("{e}"));
    let def = space.def("Update");
    assert!(def.serialize);
    assert!(!def.deserialize);
}

#[test]
fn an_optional_nullable_field_of_a_type_only_sent_can_be_cleared() {
    let spec = spec("{}");
    let mut space = space(&spec);
    space.add(update(), "Update", Direction::Sent);
    space.finish().unwrap_or_else(|e| panic!("{e}"));
    let note = space.field("Update", "note");
    assert_eq!(note.presence, Presence::Clearable);
    assert_eq!(note.rust_type(), option(option(TypeRef::String)));
}

#[test]
fn an_optional_nullable_field_of_a_received_type_is_one_option() {
    let spec = spec("{}");
    let mut space = space(&spec);
    space.add(update(), "Update", Direction::Sent);
    space.add(update(), "Update", Direction::Received);
    space.finish().unwrap_or_else(|e| panic!("{e}"));
    let note = space.field("Update", "note");
    assert_eq!(note.presence, Presence::OptionalNullable);
    assert_eq!(note.rust_type(), option(TypeRef::String));
}

#[test]
fn a_component_nothing_uses_is_received_with_all_it_holds() {
    let spec = spec(
        "Lonely: {type: object, properties: {inner: {$ref: '#/components/schemas/Inner'}}}
Inner: {type: object, properties: {a: {type: string}}}",
    );
    let space = finished(&spec);
    for name in ["Lonely", "Inner"] {
        let def = space.def(name);
        assert!(def.deserialize && !def.serialize, "{name}");
    }
}
