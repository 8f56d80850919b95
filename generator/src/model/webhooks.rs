//! Webhooks: the events an API sends to its users, as one event enum
//! (built by `build::webhooks`).

use super::types::{Doc, TypeRef};

/// The webhooks of a spec: one event enum.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Webhooks {
    /// `Some("type")` when the enum is decoded by that property's value;
    /// `None` when the events are tried in turn.
    pub tag: Option<String>,
    /// In document order.
    pub events: Vec<Event>,
    /// The variant holding events the spec does not list (`Unknown`).
    pub catch_all: String,
}

/// One webhook of the spec.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// The webhook's name in the spec (`membership.activated`, `newPet`).
    pub name: String,
    /// The enum variant (`MembershipActivated`).
    pub variant: String,
    /// The payload's `type` value, when it declares one.
    pub tag: Option<String>,
    /// The payload type.
    pub ty: TypeRef,
    pub doc: Doc,
}
