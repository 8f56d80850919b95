//! Recursive types: boxes, newtypes, and types defined only by themselves.

use super::*;

#[test]
fn a_self_reference_through_an_optional_field_is_boxed() {
    let spec = spec(
        "Node:
  type: object
  properties:
    next: {$ref: '#/components/schemas/Node'}",
    );
    let space = finished(&spec);
    let next = space.field("Node", "next");
    assert_eq!(next.ty, TypeRef::Boxed(Box::new(named("Node"))));
    assert_eq!(
        next.rust_type(),
        option(TypeRef::Boxed(Box::new(named("Node"))))
    );
}

#[test]
fn a_reference_held_in_a_vec_is_not_boxed() {
    let spec = spec(
        "Tree:
  type: object
  properties:
    children: {type: array, items: {$ref: '#/components/schemas/Tree'}}",
    );
    let space = finished(&spec);
    assert_eq!(
        space.field("Tree", "children").ty,
        TypeRef::Vec(Box::new(named("Tree")))
    );
}

#[test]
fn an_alias_that_leads_back_to_itself_through_a_vec_becomes_a_newtype() {
    let spec = spec("List: {type: array, items: {$ref: '#/components/schemas/List'}}");
    let space = finished(&spec);
    assert_eq!(
        space.kind_named("List"),
        &TypeKind::Newtype(TypeRef::Vec(Box::new(named("List"))))
    );
}

#[test]
fn aliases_that_hold_each_other_by_value_are_refused() {
    let spec = spec(
        "A: {$ref: '#/components/schemas/B'}
B: {$ref: '#/components/schemas/A'}",
    );
    let mut space = space(&spec);
    let Err(e) = space.finish() else {
        panic!("a cycle of aliases was accepted");
    };
    assert!(e.to_string().contains("defined in terms of itself"), "{e}");
}
