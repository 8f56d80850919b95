//! Inline schemas of one structure are one type, named for all places.

use super::*;

#[test]
fn identical_inline_schemas_share_one_type_and_keep_their_names_as_aliases() {
    let spec = spec(
        "CreatePlan:
  type: object
  properties:
    image: {type: object, properties: {url: {type: string}}}
UpdatePlan:
  type: object
  properties:
    image: {type: object, properties: {url: {type: string}}}",
    );
    let space = finished(&spec);
    assert!(matches!(space.kind_named("PlanImage"), TypeKind::Struct(_)));
    assert_eq!(
        space.kind_named("CreatePlanImage"),
        &TypeKind::Alias(named("PlanImage"))
    );
    assert_eq!(
        space.kind_named("UpdatePlanImage"),
        &TypeKind::Alias(named("PlanImage"))
    );
}

#[test]
fn the_same_structure_under_the_same_name_is_one_type_without_alias() {
    let spec = spec("{}");
    let mut space = space(&spec);
    let object = serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}});
    let first = space.add(object.clone(), "Thing", Direction::Received);
    let second = space.add(object, "Thing", Direction::Received);
    assert_eq!(first, named("Thing"));
    assert_eq!(second, named("Thing"));
    assert_eq!(space.types.len(), 1);
}
