//! What a change of the spec does to the users of the generated crate.
//!
//! [`diff`] compares two models (never the OpenAPI documents), so every
//! change is named the way a Rust user meets it: `client.experiences().detach`,
//! `models::Experience`, the field `order`. Each change is
//! [`Severity::Breaking`] when code written against the old crate stops
//! compiling or starts failing at run time, [`Severity::Compatible`]
//! otherwise, with a one-line reason.
//!
//! The rules follow from what the emitters write:
//! - structs, string enums and unions are `#[non_exhaustive]`: users never
//!   build them with a struct literal nor match them without a `_` arm, so
//!   new fields, values and variants are compatible;
//! - types sent in requests are built with `new(required fields..)` (more
//!   than three as one `{Type}Required` struct literal, see
//!   `surface::required_structs`) and one
//!   setter per optional field taking its value, plus `{field}_null()` for a
//!   field that may be sent as `null`: whatever changes those signatures
//!   breaks;
//! - fields are public: a field removed or whose Rust type changes (`T` ->
//!   `Option<T>` included) breaks the code that reads it;
//! - path parameters are positional arguments, query and header parameters
//!   one `{OperationId}Params` argument, the body one more argument (an
//!   optional one `impl Into<Option<&T>>`, so `&body` passes either way).
//!
//! Types are matched by name (a rename is a removal and an addition),
//! operations by (resource accessor, method name), fields by Rust name, enum
//! values by their wire value. Type references are compared after resolving
//! aliases (`type ExperienceImage = ExperienceAppIcon`), so a field whose type
//! is written through another alias of the same type does not change.

mod compare;
mod describe;
mod operations;
mod types;

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::model::Api;

/// Whether code written against the old crate keeps working.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Compatible,
    Breaking,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Compatible => "compatible",
            Severity::Breaking => "breaking",
        }
    }
}

/// What part of the crate a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// The client as a whole: base URL, authentication.
    Client,
    /// One method: `client.experiences().detach`.
    Operation,
    /// One type of `models`.
    Type,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Client => "client",
            Scope::Operation => "operation",
            Scope::Type => "type",
        }
    }
}

macro_rules! kinds {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// The kind of a change; [`Kind::as_str`] is its stable name in JSON.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Kind {
            $($(#[$doc])* $variant,)*
        }

        impl Kind {
            /// Every kind, in declaration order.
            pub const ALL: &'static [Kind] = &[$(Kind::$variant,)*];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Kind::$variant => $name,)*
                }
            }
        }
    };
}

kinds! {
    BaseUrlChanged => "base_url_changed",
    AuthChanged => "auth_changed",
    /// The credentials the API or an operation asks for (the schemes and
    /// their alternatives).
    SecurityChanged => "security_changed",
    /// An operation's own server (per-operation or per-path `servers`).
    ServerChanged => "server_changed",
    OperationAdded => "operation_added",
    OperationRemoved => "operation_removed",
    OperationDeprecated => "operation_deprecated",
    OperationUndeprecated => "operation_undeprecated",
    /// HTTP method or path template.
    EndpointChanged => "endpoint_changed",
    PathParamAdded => "path_param_added",
    PathParamRemoved => "path_param_removed",
    PathParamRenamed => "path_param_renamed",
    PathParamTypeChanged => "path_param_type_changed",
    RequiredParamAdded => "required_param_added",
    OptionalParamAdded => "optional_param_added",
    ParamRemoved => "param_removed",
    ParamMadeRequired => "param_made_required",
    ParamMadeOptional => "param_made_optional",
    ParamTypeChanged => "param_type_changed",
    /// Wire name, query/header, or array style.
    ParamWireChanged => "param_wire_changed",
    ParamsStructRenamed => "params_struct_renamed",
    BodyAdded => "body_added",
    BodyRemoved => "body_removed",
    BodyMadeRequired => "body_made_required",
    BodyMadeOptional => "body_made_optional",
    BodyTypeChanged => "body_type_changed",
    ResponseTypeChanged => "response_type_changed",
    /// The `{method}_stream` method of a cursor-paginated list.
    StreamMethodAdded => "stream_method_added",
    StreamMethodRemoved => "stream_method_removed",
    StreamItemTypeChanged => "stream_item_type_changed",
    /// Same Rust type, another media type of a non-JSON answer.
    ResponseMediaChanged => "response_media_changed",
    TypeAdded => "type_added",
    TypeRemoved => "type_removed",
    /// Struct, enum, union or alias became another of these.
    TypeKindChanged => "type_kind_changed",
    /// The type became `type X = Y` for a type of the same shape.
    TypeNowAlias => "type_now_alias",
    AliasTargetChanged => "alias_target_changed",
    TypeNowSent => "type_now_sent",
    TypeNoLongerSent => "type_no_longer_sent",
    TypeNowReceived => "type_now_received",
    TypeNoLongerReceived => "type_no_longer_received",
    RequiredFieldAdded => "required_field_added",
    OptionalFieldAdded => "optional_field_added",
    FieldRemoved => "field_removed",
    FieldMadeRequired => "field_made_required",
    FieldMadeOptional => "field_made_optional",
    FieldMadeNullable => "field_made_nullable",
    FieldMadeNonNullable => "field_made_non_nullable",
    FieldTypeChanged => "field_type_changed",
    FieldWireChanged => "field_wire_changed",
    EnumValueAdded => "enum_value_added",
    EnumValueRemoved => "enum_value_removed",
    EnumVariantRenamed => "enum_variant_renamed",
    CatchAllRenamed => "catch_all_renamed",
    UnionVariantAdded => "union_variant_added",
    UnionVariantRemoved => "union_variant_removed",
    UnionVariantTypeChanged => "union_variant_type_changed",
    UnionTagsChanged => "union_tags_changed",
    DiscriminatorChanged => "discriminator_changed",
}

impl Kind {
    /// Whether the change adds to the crate's API (a new feature: a minor
    /// release after 1.0) rather than only changing behaviour (a patch).
    pub fn is_addition(self) -> bool {
        matches!(
            self,
            Kind::OperationAdded
                | Kind::StreamMethodAdded
                | Kind::OptionalParamAdded
                | Kind::TypeAdded
                | Kind::TypeNowSent
                | Kind::TypeNowReceived
                | Kind::RequiredFieldAdded
                | Kind::OptionalFieldAdded
                | Kind::EnumValueAdded
                | Kind::UnionVariantAdded
        )
    }
}

/// One change, as a user of the generated crate sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub scope: Scope,
    /// `client`, `client.experiences().detach` or `models::Experience`.
    pub subject: String,
    /// The field, parameter, variant or value within the subject, if any.
    pub member: Option<String>,
    pub kind: Kind,
    pub severity: Severity,
    /// What changed, in one line (`field `order` made nullable`).
    pub what: String,
    /// Why that is breaking or compatible for a Rust user, in one line.
    pub reason: String,
}

/// The changes from `old` to `new`: client first, then operations by
/// accessor and method, then types by name.
pub fn diff(old: &Api, new: &Api) -> Vec<Change> {
    let mut differ = Differ {
        old,
        new,
        old_required: Rc::new(crate::surface::required_structs(old)),
        new_required: Rc::new(crate::surface::required_structs(new)),
        changes: Vec::new(),
        assumed: Vec::new(),
    };
    differ.client();
    differ.operations();
    differ.types();
    differ.changes
}

struct Differ<'a> {
    old: &'a Api,
    new: &'a Api,
    /// The `{Type}Required` struct of each type whose `new()` takes one.
    old_required: Rc<BTreeMap<String, String>>,
    new_required: Rc<BTreeMap<String, String>>,
    changes: Vec<Change>,
    /// The (old, new) pairs of renamed types [`Differ::compare`] is
    /// comparing at the moment: met again inside themselves (a recursive
    /// type), they are taken as the same.
    assumed: Vec<(String, String)>,
}

/// How a reference compares across the change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Same {
    /// The same Rust type.
    Yes,
    /// The old type's name is gone (reported as a removal there) and the
    /// new type has the same shape: code that does not name the old type
    /// keeps compiling.
    Renamed,
    No,
}

/// Where the query, header and cookie parameters of an operation are sent.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Location {
    Query,
    Header,
    Cookie,
}

impl Location {
    fn as_str(self) -> &'static str {
        match self {
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn kind_names_are_unique_snake_case() {
        let names: BTreeSet<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(names.len(), Kind::ALL.len());
        assert!(
            names
                .iter()
                .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        );
    }
}
