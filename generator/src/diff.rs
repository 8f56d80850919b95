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
//!   [`required_structs`](crate::emit::models::required_structs)) and one
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

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use crate::emit::models::is_nullable_setter;
use crate::model::{
    Api, Auth, Body, Enum, Field, Operation, Pagination, Param, QueryStyle, Resource, Response,
    Scheme, Struct, TypeDef, TypeKind, TypeRef, Union,
};

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
        old_required: Rc::new(crate::emit::models::required_structs(old)),
        new_required: Rc::new(crate::emit::models::required_structs(new)),
        changes: Vec::new(),
        assumed: Vec::new(),
    };
    differ.client();
    differ.operations();
    differ.types();
    differ.changes
}

/// `Option<T>` rendered as Rust, for messages.
pub fn rust(ty: &TypeRef) -> String {
    match ty {
        TypeRef::String => "String".to_string(),
        TypeRef::Bool => "bool".to_string(),
        TypeRef::I32 => "i32".to_string(),
        TypeRef::I64 => "i64".to_string(),
        TypeRef::U32 => "u32".to_string(),
        TypeRef::U64 => "u64".to_string(),
        TypeRef::F64 => "f64".to_string(),
        TypeRef::DateTime => "DateTime<Utc>".to_string(),
        TypeRef::Json => "serde_json::Value".to_string(),
        TypeRef::Named(name) => name.clone(),
        TypeRef::Vec(inner) => format!("Vec<{}>", rust(inner)),
        TypeRef::Map(inner) => format!("BTreeMap<String, {}>", rust(inner)),
        TypeRef::Option(inner) => format!("Option<{}>", rust(inner)),
        TypeRef::Boxed(inner) => format!("Box<{}>", rust(inner)),
    }
}

/// Follows aliases: a reference as the compiler sees it. Chains are bounded,
/// so a malformed model cannot loop.
fn canonical(api: &Api, ty: &TypeRef) -> TypeRef {
    canonical_in(api, ty, 0)
}

fn canonical_in(api: &Api, ty: &TypeRef, depth: usize) -> TypeRef {
    let inner = |t: &TypeRef| Box::new(canonical_in(api, t, depth + 1));
    match ty {
        TypeRef::Named(_) if depth < 32 => {
            match crate::model::graph::follow_aliases(|n| find_type(api, n).map(|t| &t.kind), ty) {
                Some(target) if target != ty => canonical_in(api, target, depth + 1),
                _ => ty.clone(),
            }
        }
        TypeRef::Vec(t) => TypeRef::Vec(inner(t)),
        TypeRef::Map(t) => TypeRef::Map(inner(t)),
        // An alias to an option used as an optional field stays one option.
        TypeRef::Option(t) => canonical_in(api, t, depth + 1).optional(),
        TypeRef::Boxed(t) => TypeRef::Boxed(inner(t)),
        other => other.clone(),
    }
}

fn find_type<'a>(api: &'a Api, name: &str) -> Option<&'a TypeDef> {
    api.types.iter().find(|t| t.name == name)
}

fn strip_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}

fn describe_auth(auth: &Auth) -> String {
    match auth {
        Auth::Bearer => "`Authorization: Bearer <key>`".to_string(),
        Auth::Header(name) => format!("header `{name}: <key>`"),
        Auth::Query(name) => format!("query parameter `?{name}=<key>`"),
        Auth::Cookie(name) => format!("cookie `{name}=<key>`"),
        Auth::Basic => "HTTP basic `Authorization: Basic <user:password>`".to_string(),
    }
}

/// A security requirement by its schemes' names and kinds: `none`, or
/// alternatives joined with ` or `, schemes within one with ` and `.
fn describe_security(schemes: &[Scheme], security: &[Vec<usize>]) -> String {
    if security.is_empty() {
        return "no credentials".to_string();
    }
    let alternatives: Vec<String> = security
        .iter()
        .map(|alternative| {
            let names: Vec<String> = alternative
                .iter()
                .filter_map(|i| schemes.get(*i))
                .map(|s| format!("`{}` ({})", s.name, describe_auth(&s.auth)))
                .collect();
            if names.is_empty() {
                "nothing".to_string()
            } else {
                names.join(" and ")
            }
        })
        .collect();
    alternatives.join(" or ")
}

/// What a call returns, as Rust.
fn return_type(response: &Response, resolve: &dyn Fn(&TypeRef) -> TypeRef) -> String {
    match response {
        Response::Json(ty) => rust(&resolve(ty)),
        Response::JsonOrEmpty(ty) => format!("Option<{}>", rust(&resolve(ty))),
        Response::Empty => "()".to_string(),
        Response::Bytes(_) => "Vec<u8>".to_string(),
        Response::ByStatus { name, answers } => {
            let variants: Vec<String> = answers
                .iter()
                .map(|a| format!("{}({})", a.variant, return_type(&a.body, resolve)))
                .collect();
            format!("{name} {{ {} }}", variants.join(", "))
        }
    }
}

/// A path parameter's Rust argument type (given resolved).
fn path_arg(ty: TypeRef) -> String {
    match ty {
        TypeRef::String => "&str".to_string(),
        other => rust(&other),
    }
}

/// How a query parameter is written, for messages.
fn style(style: &QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form { explode: true } => "`a=1&a=2`",
        QueryStyle::Form { explode: false } => "`a=1,2`",
        QueryStyle::DeepObject => "`a[key]=value`",
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union enum",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Newtype(_) => "newtype struct",
    }
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

impl<'a> Differ<'a> {
    /// The two sides of a reference as the compiler sees them after the
    /// change: the old type, followed through the old crate's aliases, is
    /// named in the new crate, where that name may now be an alias too
    /// (`type ExperienceApp = ExperienceListItemApp` keeps code naming
    /// `ExperienceApp` compiling).
    fn resolve(&self, old: &TypeRef, new: &TypeRef) -> (TypeRef, TypeRef) {
        (self.old_ty(old), self.new_ty(new))
    }

    /// Whether an old reference and a new one are the same type for the
    /// code that uses them.
    fn compare(&self, old: &TypeRef, new: &TypeRef) -> Same {
        let (a, b) = self.resolve(old, new);
        self.compare_resolved(&a, &b)
    }

    fn compare_resolved(&self, a: &TypeRef, b: &TypeRef) -> Same {
        match (a, b) {
            _ if a == b => Same::Yes,
            (TypeRef::Vec(x), TypeRef::Vec(y))
            | (TypeRef::Map(x), TypeRef::Map(y))
            | (TypeRef::Option(x), TypeRef::Option(y))
            | (TypeRef::Boxed(x), TypeRef::Boxed(y)) => self.compare_resolved(x, y),
            (TypeRef::Named(x), TypeRef::Named(y)) if find_type(self.new, x).is_none() => {
                let pair = (x.clone(), y.clone());
                if self.assumed.contains(&pair) {
                    return Same::Renamed;
                }
                let (Some(dx), Some(dy)) = (find_type(self.old, x), find_type(self.new, y)) else {
                    return Same::No;
                };
                let mut assumed = self.assumed.clone();
                assumed.push(pair);
                let mut scratch = Differ {
                    old: self.old,
                    new: self.new,
                    old_required: self.old_required.clone(),
                    new_required: self.new_required.clone(),
                    changes: Vec::new(),
                    assumed,
                };
                scratch.type_def("", dx, dy);
                if scratch
                    .changes
                    .iter()
                    .all(|c| c.severity == Severity::Compatible)
                {
                    Same::Renamed
                } else {
                    Same::No
                }
            }
            _ => Same::No,
        }
    }

    /// Severity and reason for a reference whose type changed; `breaks`
    /// says what no longer compiles.
    fn retyped(same: Same, breaks: &str) -> (Severity, String) {
        match same {
            Same::Renamed => (
                Severity::Compatible,
                "the old type's name is gone (reported there) and the new type has its shape: code that does not name the old type compiles unchanged".to_string(),
            ),
            _ => (Severity::Breaking, breaks.to_string()),
        }
    }

    fn old_ty(&self, ty: &TypeRef) -> TypeRef {
        canonical(self.new, &canonical(self.old, ty))
    }

    fn new_ty(&self, ty: &TypeRef) -> TypeRef {
        canonical(self.new, ty)
    }

    /// Why `new()` of `type_name` breaks when its required fields change
    /// (the field `added` to them or `removed` from them), when either the
    /// old or the new `new()` takes them as a `{Type}Required` struct
    /// literal; `None` when both take them as arguments.
    fn required_struct_reason(
        &self,
        type_name: &str,
        added: Option<&str>,
        removed: Option<&str>,
    ) -> Option<String> {
        fn name(n: Option<&str>) -> &str {
            n.map(crate::model::names::unraw).unwrap_or_default()
        }
        Some(
            match (
                self.old_required.get(type_name),
                self.new_required.get(type_name),
            ) {
                (None, None) => return None,
                (Some(_), Some(b)) if added.is_some() => format!(
                    "`{b}` has a new field `{}`: struct literals without it no longer compile",
                    name(added)
                ),
                (Some(a), Some(_)) => format!(
                    "`{a}` loses the field `{}`: struct literals setting it no longer compile",
                    name(removed)
                ),
                (None, Some(b)) => format!(
                    "`new()` now takes its required fields (more than three) as one `{b}` struct literal: existing calls no longer compile"
                ),
                (Some(a), None) => format!(
                    "`new()` now takes its required fields as arguments instead of one `{a}` struct literal: existing calls no longer compile"
                ),
            },
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        scope: Scope,
        subject: &str,
        member: Option<&str>,
        kind: Kind,
        severity: Severity,
        what: String,
        reason: String,
    ) {
        self.changes.push(Change {
            scope,
            subject: subject.to_string(),
            member: member.map(str::to_string),
            kind,
            severity,
            what,
            reason,
        });
    }

    fn client(&mut self) {
        let (old, new) = (self.old, self.new);
        if old.base_url != new.base_url {
            let (severity, what, reason) = match (&old.base_url, &new.base_url) {
                (Some(a), Some(b)) => (
                    Severity::Compatible,
                    format!("default base URL `{a}` -> `{b}`"),
                    "only the default changes; a base URL set with `.base_url(..)` or the environment still wins".to_string(),
                ),
                (None, Some(b)) => (
                    Severity::Compatible,
                    format!("default base URL `{b}` added"),
                    "clients that set a base URL keep it; the others now work without one".to_string(),
                ),
                (Some(a), None) => (
                    Severity::Breaking,
                    format!("default base URL `{a}` removed"),
                    "`build()` now fails at run time unless a base URL is set".to_string(),
                ),
                (None, None) => return,
            };
            self.push(
                Scope::Client,
                "client",
                None,
                Kind::BaseUrlChanged,
                severity,
                what,
                reason,
            );
        }
        if old.auth != new.auth {
            self.push(
                Scope::Client,
                "client",
                None,
                Kind::AuthChanged,
                Severity::Breaking,
                format!(
                    "API key sent as {} instead of {}",
                    describe_auth(&new.auth),
                    describe_auth(&old.auth)
                ),
                "the code compiles, but a key or token issued for the old security scheme may be refused at run time".to_string(),
            );
        } else {
            let before = describe_security(&old.schemes, &old.security);
            let after = describe_security(&new.schemes, &new.security);
            if before != after {
                self.push(
                    Scope::Client,
                    "client",
                    None,
                    Kind::SecurityChanged,
                    Severity::Breaking,
                    format!("operations send {after} instead of {before}"),
                    "the code compiles, but calls may send credentials the client has not configured, or the server no longer accepts, and be refused at run time".to_string(),
                );
            }
        }
    }

    fn operations(&mut self) {
        type Ops<'x> = BTreeMap<(String, String), (&'x Resource, &'x Operation)>;
        fn ops(api: &Api) -> Ops<'_> {
            api.resources
                .iter()
                .flat_map(|r| {
                    r.operations
                        .iter()
                        .map(move |o| ((r.accessor.clone(), o.method_name.clone()), (r, o)))
                })
                .collect()
        }
        let (old, new) = (ops(self.old), ops(self.new));
        let keys: BTreeSet<&(String, String)> = old.keys().chain(new.keys()).collect();
        for key in keys {
            let subject = format!("client.{}().{}", key.0, key.1);
            match (old.get(key), new.get(key)) {
                (Some((_, o)), Some((_, n))) => self.operation(&subject, o, n),
                (Some((_, o)), None) => {
                    self.push(
                        Scope::Operation,
                        &subject,
                        None,
                        Kind::OperationRemoved,
                        Severity::Breaking,
                        format!("method removed ({} {})", o.http_method.as_str(), o.path),
                        "calls to it no longer compile".to_string(),
                    );
                    self.stream(&subject, Some(o), None);
                }
                (None, Some((_, n))) => {
                    self.push(
                        Scope::Operation,
                        &subject,
                        None,
                        Kind::OperationAdded,
                        Severity::Compatible,
                        format!("method added ({} {})", n.http_method.as_str(), n.path),
                        "a new method; existing calls are unaffected".to_string(),
                    );
                    self.stream(&subject, None, Some(n));
                }
                (None, None) => {}
            }
        }
    }

    fn operation(&mut self, subject: &str, o: &Operation, n: &Operation) {
        let op = |this: &mut Self, member: Option<&str>, kind, severity, what, reason| {
            this.push(
                Scope::Operation,
                subject,
                member,
                kind,
                severity,
                what,
                reason,
            );
        };
        if o.deprecated != n.deprecated {
            let (kind, what, reason) = if n.deprecated {
                (
                    Kind::OperationDeprecated,
                    "method deprecated",
                    "it is now `#[deprecated]`: calls compile with a warning",
                )
            } else {
                (
                    Kind::OperationUndeprecated,
                    "method no longer deprecated",
                    "the `#[deprecated]` warning goes away",
                )
            };
            op(
                self,
                None,
                kind,
                Severity::Compatible,
                what.to_string(),
                reason.to_string(),
            );
        }
        if o.http_method != n.http_method || o.path != n.path {
            op(
                self,
                None,
                Kind::EndpointChanged,
                Severity::Compatible,
                format!(
                    "endpoint `{} {}` -> `{} {}`",
                    o.http_method.as_str(),
                    o.path,
                    n.http_method.as_str(),
                    n.path
                ),
                "the method's signature is unchanged; it calls the new endpoint".to_string(),
            );
        }
        if o.security.is_some() || n.security.is_some() {
            let effective = |api: &Api, op: &Operation| {
                describe_security(&api.schemes, op.security.as_ref().unwrap_or(&api.security))
            };
            let (before, after) = (effective(self.old, o), effective(self.new, n));
            if before != after {
                op(
                    self,
                    None,
                    Kind::SecurityChanged,
                    Severity::Breaking,
                    format!("sends {after} instead of {before}"),
                    "the code compiles, but the call may send credentials the client has not configured, and be refused at run time".to_string(),
                );
            }
        }
        if o.server != n.server {
            let server = |s: &Option<String>| match s {
                Some(url) => format!("`{url}`"),
                None => "the API's base URL".to_string(),
            };
            op(
                self,
                None,
                Kind::ServerChanged,
                Severity::Compatible,
                format!("sent to {} instead of {}", server(&n.server), server(&o.server)),
                "the code compiles unchanged; calls go to the new server unless the client's base URL is set".to_string(),
            );
        }
        self.path_params(subject, o, n);
        self.params(subject, o, n);
        self.body(subject, o.body.as_ref(), n.body.as_ref());
        self.stream(subject, Some(o), Some(n));
        let (before, after) = (
            return_type(&o.response, &|t| self.old_ty(t)),
            return_type(&n.response, &|t| self.new_ty(t)),
        );
        let same = match (&o.response, &n.response) {
            (Response::Json(a), Response::Json(b))
            | (Response::JsonOrEmpty(a), Response::JsonOrEmpty(b)) => self.compare(a, b),
            (
                Response::ByStatus {
                    name: a,
                    answers: old_answers,
                },
                Response::ByStatus {
                    name: b,
                    answers: new_answers,
                },
            ) if a == b && old_answers.len() == new_answers.len() => {
                let mut same = Same::Yes;
                for (x, y) in old_answers.iter().zip(new_answers) {
                    let this = match (&x.body, &y.body) {
                        _ if x.variant != y.variant => Same::No,
                        (Response::Json(p), Response::Json(q)) => self.compare(p, q),
                        (p, q) if std::mem::discriminant(p) == std::mem::discriminant(q) => {
                            Same::Yes
                        }
                        _ => Same::No,
                    };
                    if this == Same::No {
                        same = Same::No;
                    } else if this == Same::Renamed && same == Same::Yes {
                        same = Same::Renamed;
                    }
                }
                same
            }
            _ if before == after => Same::Yes,
            _ => Same::No,
        };
        if same != Same::Yes {
            let (severity, reason) = Self::retyped(
                same,
                "code using the answer as the old type no longer compiles",
            );
            op(
                self,
                None,
                Kind::ResponseTypeChanged,
                severity,
                format!("returns `{after}` instead of `{before}`"),
                reason,
            );
        } else if let (Response::Bytes(a), Response::Bytes(b)) = (&o.response, &n.response)
            && a != b
        {
            op(
                self,
                None,
                Kind::ResponseMediaChanged,
                Severity::Compatible,
                format!("answer's media type `{a}` -> `{b}`"),
                "still returned as `Vec<u8>`; only the bytes' format changes".to_string(),
            );
        }
    }

    /// The stream method of a cursor-paginated list; its arguments are the
    /// list's, compared with it.
    fn stream(&mut self, subject: &str, o: Option<&Operation>, n: Option<&Operation>) {
        fn streams(op: Option<&Operation>) -> Option<&Pagination> {
            op.and_then(|op| {
                op.pagination
                    .as_ref()
                    .filter(|_| op.params_struct.is_some())
            })
        }
        let (a, b) = (streams(o), streams(n));
        let removed = |p: &Pagination| {
            (
                Kind::StreamMethodRemoved,
                Severity::Breaking,
                p.stream_method.clone(),
                format!("stream method `{}` removed", p.stream_method),
                "calls to it no longer compile".to_string(),
            )
        };
        let added = |p: &Pagination| {
            (
                Kind::StreamMethodAdded,
                Severity::Compatible,
                p.stream_method.clone(),
                format!(
                    "stream method `{}` added (items `{}`)",
                    p.stream_method,
                    rust(&canonical(self.new, &p.item))
                ),
                "a new method; existing calls are unaffected".to_string(),
            )
        };
        let found = match (a, b) {
            (None, None) => Vec::new(),
            (Some(x), None) => vec![removed(x)],
            (None, Some(y)) => vec![added(y)],
            (Some(x), Some(y)) if x.stream_method != y.stream_method => {
                vec![removed(x), added(y)]
            }
            (Some(x), Some(y)) => {
                let (ta, tb) = self.resolve(&x.item, &y.item);
                match self.compare_resolved(&ta, &tb) {
                    Same::Yes => Vec::new(),
                    same => {
                        let (severity, reason) = Self::retyped(
                            same,
                            "code using the items as the old type no longer compiles",
                        );
                        vec![(
                            Kind::StreamItemTypeChanged,
                            severity,
                            y.stream_method.clone(),
                            format!(
                                "stream method `{}` yields `{}` instead of `{}`",
                                y.stream_method,
                                rust(&tb),
                                rust(&ta)
                            ),
                            reason,
                        )]
                    }
                }
            }
        };
        for (kind, severity, member, what, reason) in found {
            self.push(
                Scope::Operation,
                subject,
                Some(&member),
                kind,
                severity,
                what,
                reason,
            );
        }
    }

    fn path_params(&mut self, subject: &str, o: &Operation, n: &Operation) {
        let count = o.path_params.len().max(n.path_params.len());
        for i in 0..count {
            let position = i + 1;
            let (severity, kind, member, what, reason) =
                match (o.path_params.get(i), n.path_params.get(i)) {
                    (Some(a), Some(b)) => {
                        let (ta, tb) = (path_arg(self.old_ty(&a.ty)), path_arg(self.new_ty(&b.ty)));
                        if ta != tb {
                            (
                                Severity::Breaking,
                                Kind::PathParamTypeChanged,
                                &b.name,
                                format!("path argument {position} `{}`: `{ta}` -> `{tb}`", b.name),
                                "calls passing the old type no longer compile".to_string(),
                            )
                        } else if a.name != b.name || a.wire != b.wire {
                            (
                                Severity::Compatible,
                                Kind::PathParamRenamed,
                                &b.name,
                                format!(
                                    "path argument {position} renamed `{}` -> `{}`",
                                    a.name, b.name
                                ),
                                "arguments are positional: calls compile unchanged".to_string(),
                            )
                        } else {
                            continue;
                        }
                    }
                    (Some(a), None) => (
                        Severity::Breaking,
                        Kind::PathParamRemoved,
                        &a.name,
                        format!("path argument {position} `{}` removed", a.name),
                        "the method takes one argument fewer: existing calls no longer compile"
                            .to_string(),
                    ),
                    (None, Some(b)) => (
                        Severity::Breaking,
                        Kind::PathParamAdded,
                        &b.name,
                        format!(
                            "path argument {position} `{}: {}` added",
                            b.name,
                            path_arg(self.new_ty(&b.ty))
                        ),
                        "the method takes one more argument: existing calls no longer compile"
                            .to_string(),
                    ),
                    (None, None) => continue,
                };
            self.push(
                Scope::Operation,
                subject,
                Some(member),
                kind,
                severity,
                what,
                reason,
            );
        }
    }

    /// Query and header parameters: the fields of `{OperationId}Params`.
    fn params(&mut self, subject: &str, o: &Operation, n: &Operation) {
        fn by_name(op: &Operation) -> BTreeMap<&str, (&Param, Location)> {
            op.query
                .iter()
                .map(|p| (p.name.as_str(), (p, Location::Query)))
                .chain(
                    op.headers
                        .iter()
                        .map(|p| (p.name.as_str(), (p, Location::Header))),
                )
                .chain(
                    op.cookies
                        .iter()
                        .map(|p| (p.name.as_str(), (p, Location::Cookie))),
                )
                .collect()
        }
        if let (Some(a), Some(b)) = (&o.params_struct, &n.params_struct)
            && a != b
        {
            self.push(
                Scope::Operation,
                subject,
                None,
                Kind::ParamsStructRenamed,
                Severity::Breaking,
                format!("parameters struct `models::{a}` -> `models::{b}`"),
                "code naming the old struct no longer compiles".to_string(),
            );
        }
        let struct_name = n
            .params_struct
            .as_deref()
            .or(o.params_struct.as_deref())
            .unwrap_or("Params");
        let (old, new) = (by_name(o), by_name(n));
        let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for name in names {
            let (kind, severity, what, reason) = match (old.get(name), new.get(name)) {
                (None, Some((p, location))) => {
                    let ty = rust(&canonical(self.new, &p.ty));
                    let what = format!("{} parameter `{}: {ty}` added", location.as_str(), p.wire);
                    if o.params_struct.is_none() {
                        let kind = if p.required {
                            Kind::RequiredParamAdded
                        } else {
                            Kind::OptionalParamAdded
                        };
                        let reason = format!(
                            "the method takes a new `params: &models::{struct_name}` argument: existing calls no longer compile"
                        );
                        (kind, Severity::Breaking, what, reason)
                    } else if p.required {
                        let reason = self
                            .required_struct_reason(struct_name, Some(&p.name), None)
                            .unwrap_or_else(|| format!(
                                "`{struct_name}::new()` takes a new argument `{}`: existing calls no longer compile",
                                p.name
                            ));
                        (Kind::RequiredParamAdded, Severity::Breaking, what, reason)
                    } else {
                        let reason = format!(
                            "a new setter `{struct_name}::{}`; existing code is unaffected",
                            p.name
                        );
                        (Kind::OptionalParamAdded, Severity::Compatible, what, reason)
                    }
                }
                (Some((p, location)), None) => {
                    let reason = if n.params_struct.is_none() {
                        "the method loses its `params` argument: existing calls no longer compile"
                            .to_string()
                    } else if p.required {
                        self.required_struct_reason(struct_name, None, Some(&p.name))
                            .unwrap_or_else(|| {
                                format!(
                                    "`{struct_name}::new()` loses an argument and the field `{}` is gone",
                                    p.name
                                )
                            })
                    } else {
                        format!("the field and setter `{}` are gone", p.name)
                    };
                    (
                        Kind::ParamRemoved,
                        Severity::Breaking,
                        format!("{} parameter `{}` removed", location.as_str(), p.wire),
                        reason,
                    )
                }
                (Some((a, la)), Some((b, lb))) => {
                    let (ta, tb) = self.resolve(&a.ty, &b.ty);
                    let same = self.compare_resolved(&ta, &tb);
                    if same != Same::Yes {
                        let (severity, reason) = Self::retyped(
                            same,
                            "code setting it with the old type no longer compiles",
                        );
                        self.push(
                            Scope::Operation,
                            subject,
                            Some(name),
                            Kind::ParamTypeChanged,
                            severity,
                            format!("parameter `{}`: `{}` -> `{}`", b.wire, rust(&ta), rust(&tb)),
                            reason,
                        );
                    }
                    if a.required != b.required {
                        let (kind, what, reason) = if b.required {
                            (
                                Kind::ParamMadeRequired,
                                format!("parameter `{}` made required", b.wire),
                                self.required_struct_reason(struct_name, Some(&b.name), None)
                                    .unwrap_or_else(|| format!(
                                        "`{struct_name}::new()` takes it as an argument and its field is no longer an `Option`"
                                    )),
                            )
                        } else {
                            (
                                Kind::ParamMadeOptional,
                                format!("parameter `{}` made optional", b.wire),
                                self.required_struct_reason(struct_name, None, Some(&b.name))
                                    .unwrap_or_else(|| format!(
                                        "`{struct_name}::new()` no longer takes it and its field becomes an `Option`"
                                    )),
                            )
                        };
                        self.push(
                            Scope::Operation,
                            subject,
                            Some(name),
                            kind,
                            Severity::Breaking,
                            what,
                            reason,
                        );
                    }
                    // The style is only used in the query.
                    let restyled =
                        *la == Location::Query && *lb == Location::Query && a.style != b.style;
                    if a.wire != b.wire || la != lb || restyled {
                        let mut what = format!(
                            "parameter `{}` sent as {} `{}`",
                            b.name,
                            lb.as_str(),
                            b.wire
                        );
                        if restyled {
                            what.push_str(&format!(
                                " ({} instead of {})",
                                style(&b.style),
                                style(&a.style)
                            ));
                        }
                        what.push_str(&format!(", was {} `{}`", la.as_str(), a.wire));
                        self.push(
                            Scope::Operation,
                            subject,
                            Some(name),
                            Kind::ParamWireChanged,
                            Severity::Compatible,
                            what,
                            "only the request on the wire changes; Rust code is unaffected"
                                .to_string(),
                        );
                    }
                    continue;
                }
                (None, None) => continue,
            };
            self.push(
                Scope::Operation,
                subject,
                Some(name),
                kind,
                severity,
                what,
                reason,
            );
        }
    }

    fn body(&mut self, subject: &str, o: Option<&Body>, n: Option<&Body>) {
        let arg = |api: &Api, b: &Body| {
            let ty = rust(&canonical(api, &b.ty));
            if b.required {
                format!("&{ty}")
            } else {
                format!("impl Into<Option<&{ty}>>")
            }
        };
        let mut severity = Severity::Breaking;
        let (kind, what, reason) = match (o, n) {
            (None, None) => return,
            (None, Some(b)) => (
                Kind::BodyAdded,
                format!("request body `body: {}` added", arg(self.new, b)),
                "the method takes one more argument: existing calls no longer compile".to_string(),
            ),
            (Some(a), None) => (
                Kind::BodyRemoved,
                format!("request body `body: {}` removed", arg(self.old, a)),
                "the method takes one argument fewer: existing calls no longer compile".to_string(),
            ),
            (Some(a), Some(b)) => {
                let (ta, tb) = self.resolve(&a.ty, &b.ty);
                let same = self.compare_resolved(&ta, &tb);
                if same != Same::Yes {
                    let reason;
                    (severity, reason) =
                        Self::retyped(same, "calls passing the old type no longer compile");
                    (
                        Kind::BodyTypeChanged,
                        format!("request body `{}` -> `{}`", rust(&ta), rust(&tb)),
                        reason,
                    )
                } else if a.required != b.required {
                    let (kind, reason) = if b.required {
                        (
                            Kind::BodyMadeRequired,
                            "calls passing `None` no longer compile (those passing `&body` still do)",
                        )
                    } else {
                        severity = Severity::Compatible;
                        (
                            Kind::BodyMadeOptional,
                            "calls passing `&body` still compile; `None` now sends no body",
                        )
                    };
                    (
                        kind,
                        format!(
                            "request body argument `{}` -> `{}`",
                            arg(self.old, a),
                            arg(self.new, b)
                        ),
                        reason.to_string(),
                    )
                } else {
                    return;
                }
            }
        };
        self.push(
            Scope::Operation,
            subject,
            Some("body"),
            kind,
            severity,
            what,
            reason,
        );
    }

    fn types(&mut self) {
        let old: BTreeMap<&str, &TypeDef> = self
            .old
            .types
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        let new: BTreeMap<&str, &TypeDef> = self
            .new
            .types
            .iter()
            .map(|t| (t.name.as_str(), t))
            .collect();
        let names: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
        for name in names {
            let subject = format!("models::{name}");
            match (old.get(name), new.get(name)) {
                (Some(o), Some(n)) => self.type_def(&subject, o, n),
                (Some(o), None) => self.push(
                    Scope::Type,
                    &subject,
                    None,
                    Kind::TypeRemoved,
                    Severity::Breaking,
                    format!("{} removed", kind_name(&o.kind)),
                    "code naming the type no longer compiles (a renamed schema is a removal and an addition)".to_string(),
                ),
                (None, Some(n)) => self.push(
                    Scope::Type,
                    &subject,
                    None,
                    Kind::TypeAdded,
                    Severity::Compatible,
                    format!("{} added", kind_name(&n.kind)),
                    "a new type; existing code is unaffected".to_string(),
                ),
                (None, None) => {}
            }
        }
    }

    fn type_def(&mut self, subject: &str, o: &TypeDef, n: &TypeDef) {
        match (&o.kind, &n.kind) {
            (TypeKind::Alias(a), TypeKind::Alias(b)) => self.retargeted(
                subject,
                a,
                b,
                "alias of",
                "code using it as the old type no longer compiles",
            ),
            (TypeKind::Alias(a), _) => self.push(
                Scope::Type,
                subject,
                None,
                Kind::TypeKindChanged,
                Severity::Breaking,
                format!(
                    "alias of `{}` -> {} of its own",
                    rust(&canonical(self.old, a)),
                    kind_name(&n.kind)
                ),
                "values of the two types are no longer interchangeable".to_string(),
            ),
            (_, TypeKind::Alias(b)) => {
                let target = canonical(self.new, b);
                let def = match &target {
                    TypeRef::Named(name) => find_type(self.new, name),
                    _ => None,
                };
                match def {
                    Some(def)
                        if std::mem::discriminant(&def.kind) == std::mem::discriminant(&o.kind) =>
                    {
                        self.push(
                            Scope::Type,
                            subject,
                            None,
                            Kind::TypeNowAlias,
                            Severity::Compatible,
                            format!("now `type {} = {}`", o.name, def.name),
                            "code naming it still compiles; any difference between the old type and its new target is listed with it".to_string(),
                        );
                        self.shape(subject, o, def);
                    }
                    _ => self.push(
                        Scope::Type,
                        subject,
                        None,
                        Kind::TypeKindChanged,
                        Severity::Breaking,
                        format!("{} -> alias of `{}`", kind_name(&o.kind), rust(&target)),
                        "code using it as the old type no longer compiles".to_string(),
                    ),
                }
            }
            _ => self.shape(subject, o, n),
        }
    }

    /// An alias's target or a newtype's inner type, compared (`what` says
    /// which in the message: `alias of`, `wraps`).
    fn retargeted(&mut self, subject: &str, a: &TypeRef, b: &TypeRef, what: &str, why: &str) {
        let (ta, tb) = self.resolve(a, b);
        let same = self.compare_resolved(&ta, &tb);
        if same != Same::Yes {
            let (severity, reason) = Self::retyped(same, why);
            self.push(
                Scope::Type,
                subject,
                None,
                Kind::AliasTargetChanged,
                severity,
                format!("{what} `{}` -> {what} `{}`", rust(&ta), rust(&tb)),
                reason,
            );
        }
    }

    /// Compares two definitions that are not aliases.
    fn shape(&mut self, subject: &str, o: &TypeDef, n: &TypeDef) {
        match (&o.kind, &n.kind) {
            (TypeKind::Struct(a), TypeKind::Struct(b)) => {
                self.roles(subject, o, n, true);
                self.fields(subject, &o.name, o.serialize, a, b);
            }
            (TypeKind::Enum(a), TypeKind::Enum(b)) => self.enum_values(subject, a, b),
            (TypeKind::Union(a), TypeKind::Union(b)) => {
                self.roles(subject, o, n, false);
                self.union_variants(subject, a, b);
            }
            (TypeKind::Newtype(a), TypeKind::Newtype(b)) => self.retargeted(
                subject,
                a,
                b,
                "wraps",
                "code using the old inner type no longer compiles",
            ),
            _ => self.push(
                Scope::Type,
                subject,
                None,
                Kind::TypeKindChanged,
                Severity::Breaking,
                format!("{} -> {}", kind_name(&o.kind), kind_name(&n.kind)),
                "code using it as the old kind of type no longer compiles".to_string(),
            ),
        }
    }

    /// Whether the type is sent (`Serialize`, and for structs `new()` and
    /// setters) and received (`Deserialize`).
    fn roles(&mut self, subject: &str, o: &TypeDef, n: &TypeDef, is_struct: bool) {
        let built = if is_struct {
            "`new()`, its setters and `Serialize`"
        } else {
            "`Serialize`"
        };
        let mut found = Vec::new();
        if o.serialize && !n.serialize {
            found.push((
                Kind::TypeNoLongerSent,
                Severity::Breaking,
                "no longer sent in requests".to_string(),
                format!("it loses {built}: code building or serializing it no longer compiles"),
            ));
        }
        if !o.serialize && n.serialize {
            found.push((
                Kind::TypeNowSent,
                Severity::Compatible,
                "now also sent in requests".to_string(),
                format!("it gains {built}"),
            ));
        }
        if o.deserialize && !n.deserialize {
            found.push((
                Kind::TypeNoLongerReceived,
                Severity::Breaking,
                "no longer received in answers".to_string(),
                "it loses `Deserialize`: code decoding it no longer compiles".to_string(),
            ));
        }
        if !o.deserialize && n.deserialize {
            found.push((
                Kind::TypeNowReceived,
                Severity::Compatible,
                "now also received in answers".to_string(),
                "it gains `Deserialize`".to_string(),
            ));
        }
        for (kind, severity, what, reason) in found {
            self.push(Scope::Type, subject, None, kind, severity, what, reason);
        }
    }

    /// Struct fields. `sent`: the old type had `new()` and setters.
    fn fields(&mut self, subject: &str, type_name: &str, sent: bool, a: &Struct, b: &Struct) {
        fn by_name(s: &Struct) -> BTreeMap<&str, &Field> {
            s.fields
                .iter()
                .chain(&s.additional)
                .map(|f| (f.name.as_str(), f))
                .collect()
        }
        let (old, new) = (by_name(a), by_name(b));
        // Fields in the new order, then the removed ones.
        let mut names: Vec<&str> = b
            .fields
            .iter()
            .chain(&b.additional)
            .map(|f| f.name.as_str())
            .collect();
        names.extend(
            a.fields
                .iter()
                .chain(&a.additional)
                .map(|f| f.name.as_str())
                .filter(|n| !new.contains_key(n)),
        );
        for name in names {
            match (old.get(name), new.get(name)) {
                (Some(f), Some(g)) => self.field(subject, type_name, sent, f, g),
                (Some(f), None) => self.push(
                    Scope::Type,
                    subject,
                    Some(name),
                    Kind::FieldRemoved,
                    Severity::Breaking,
                    format!("field `{}` removed", f.name),
                    if sent && !f.required() {
                        "code reading the field or calling its setter no longer compiles"
                            .to_string()
                    } else if sent {
                        self.required_struct_reason(type_name, None, Some(&f.name))
                            .unwrap_or_else(|| {
                                "`new()` loses an argument and code reading the field no longer compiles"
                                    .to_string()
                            })
                    } else {
                        "code reading the field no longer compiles".to_string()
                    },
                ),
                (None, Some(g)) => {
                    let ty = rust(&canonical(self.new, &g.rust_type()));
                    let (kind, severity, reason) = match (g.required(), sent) {
                        (true, true) => (
                            Kind::RequiredFieldAdded,
                            Severity::Breaking,
                            self.required_struct_reason(type_name, Some(&g.name), None)
                                .unwrap_or_else(|| format!("`new()` takes a new argument `{}`: existing calls no longer compile", g.name)),
                        ),
                        (true, false) => (
                            Kind::RequiredFieldAdded,
                            Severity::Compatible,
                            "answers carry a new field; the struct is `#[non_exhaustive]`, so no code builds or destructures it exhaustively".to_string(),
                        ),
                        (false, true) => (
                            Kind::OptionalFieldAdded,
                            Severity::Compatible,
                            format!("a new setter `{}`; `new()` is unchanged", g.name),
                        ),
                        (false, false) => (
                            Kind::OptionalFieldAdded,
                            Severity::Compatible,
                            "a new field; the struct is `#[non_exhaustive]`, so no code builds or destructures it exhaustively".to_string(),
                        ),
                    };
                    let required = if g.required() { "required" } else { "optional" };
                    self.push(
                        Scope::Type,
                        subject,
                        Some(name),
                        kind,
                        severity,
                        format!("{required} field `{}: {ty}` added", g.name),
                        reason,
                    );
                }
                (None, None) => {}
            }
        }
    }

    fn field(&mut self, subject: &str, type_name: &str, sent: bool, f: &Field, g: &Field) {
        let (ta, tb) = self.resolve(&f.rust_type(), &g.rust_type());
        let (ra, rb) = (rust(&ta), rust(&tb));
        let presence = if f.required() != g.required() {
            Some(if g.required() {
                (Kind::FieldMadeRequired, "made required")
            } else {
                (Kind::FieldMadeOptional, "made optional")
            })
        } else if f.nullable() != g.nullable() {
            Some(if g.nullable() {
                (Kind::FieldMadeNullable, "made nullable")
            } else {
                (Kind::FieldMadeNonNullable, "made non-nullable")
            })
        } else {
            None
        };
        let name = f.name.as_str();
        let same = self.compare_resolved(strip_option(&ta), strip_option(&tb));
        if same != Same::Yes {
            let (severity, reason) = Self::retyped(
                same,
                "code reading or setting it as the old type no longer compiles",
            );
            self.push(
                Scope::Type,
                subject,
                Some(name),
                Kind::FieldTypeChanged,
                severity,
                format!("field `{name}`: `{ra}` -> `{rb}`"),
                reason,
            );
        }
        let wrapped = |t: &TypeRef| matches!(t, TypeRef::Option(_));
        if same == Same::No {
            // The type change says it all.
        } else if let Some((kind, verb)) = presence {
            let (severity, reason) = if wrapped(&ta) != wrapped(&tb) {
                (
                    Severity::Breaking,
                    format!(
                        "its Rust type goes from `{ra}` to `{rb}`: code using it as `{ra}` no longer compiles"
                    ),
                )
            } else if sent && f.required() != g.required() {
                (
                    Severity::Breaking,
                    if g.required() {
                        self.required_struct_reason(type_name, Some(name), None)
                            .unwrap_or_else(|| format!(
                                "`new()` takes a new argument `{name}`: existing calls no longer compile"
                            ))
                    } else {
                        self.required_struct_reason(type_name, None, Some(name))
                            .unwrap_or_else(|| format!(
                                "`new()` no longer takes `{name}` (it gets a setter): existing calls no longer compile"
                            ))
                    },
                )
            } else if is_nullable_setter(f) != is_nullable_setter(g) {
                // An optional field of a type only sent: its setter takes
                // the value either way; `{name}_null()` comes or goes.
                let null = format!("{}_null", crate::model::names::unraw(name));
                let field = |t: &TypeRef| rust(&TypeRef::Option(Box::new(t.clone())));
                if is_nullable_setter(g) {
                    (
                        Severity::Breaking,
                        format!(
                            "its setter still takes the value and a new setter `{null}()` sends `null`, but the field becomes `{}`: code reading it no longer compiles",
                            field(&tb)
                        ),
                    )
                } else {
                    (
                        Severity::Breaking,
                        format!(
                            "the setter `{null}()` is gone and the field becomes `{rb}`: code calling or reading them no longer compiles"
                        ),
                    )
                }
            } else {
                (
                    Severity::Compatible,
                    format!(
                        "its Rust type stays `{rb}`; only what the API may send or omit changes"
                    ),
                )
            };
            self.push(
                Scope::Type,
                subject,
                Some(name),
                kind,
                severity,
                format!("field `{name}` {verb}"),
                reason,
            );
        }
        if f.wire != g.wire {
            self.push(
                Scope::Type,
                subject,
                Some(name),
                Kind::FieldWireChanged,
                Severity::Compatible,
                format!(
                    "field `{name}` is `{}` on the wire, was `{}`",
                    g.wire, f.wire
                ),
                "the Rust name stays; only the JSON changes".to_string(),
            );
        }
    }

    fn enum_values(&mut self, subject: &str, a: &Enum, b: &Enum) {
        let old: BTreeMap<&str, &str> = a
            .variants
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_str()))
            .collect();
        let new: BTreeMap<&str, &str> = b
            .variants
            .iter()
            .map(|v| (v.value.as_str(), v.name.as_str()))
            .collect();
        let mut values: Vec<&str> = b.variants.iter().map(|v| v.value.as_str()).collect();
        values.extend(
            a.variants
                .iter()
                .map(|v| v.value.as_str())
                .filter(|v| !new.contains_key(v)),
        );
        for value in values {
            let (kind, severity, what, reason) = match (old.get(value), new.get(value)) {
                (Some(x), Some(y)) if x == y => continue,
                (Some(x), Some(y)) => {
                    let reason = match b.variants.iter().find(|v| v.name == *x) {
                        Some(other) => format!(
                            "`{x}` now stands for `{}`: code naming it compiles but sends and matches another value",
                            other.value
                        ),
                        None => format!("code naming `{x}` no longer compiles"),
                    };
                    (
                        Kind::EnumVariantRenamed,
                        Severity::Breaking,
                        format!("value `{value}` is variant `{y}`, was `{x}`"),
                        reason,
                    )
                }
                (Some(x), None) => (
                    Kind::EnumValueRemoved,
                    Severity::Breaking,
                    format!("value `{value}` (variant `{x}`) removed"),
                    format!(
                        "code naming `{x}` no longer compiles; the value would now arrive as `{}`",
                        b.catch_all
                    ),
                ),
                (None, Some(y)) => (
                    Kind::EnumValueAdded,
                    Severity::Compatible,
                    format!("value `{value}` (variant `{y}`) added"),
                    format!(
                        "the enum is `#[non_exhaustive]`, so every match already has a `_` arm; the value used to arrive as `{}(\"{value}\")`",
                        a.catch_all
                    ),
                ),
                (None, None) => continue,
            };
            self.push(
                Scope::Type,
                subject,
                Some(value),
                kind,
                severity,
                what,
                reason,
            );
        }
        if a.catch_all != b.catch_all {
            self.push(
                Scope::Type,
                subject,
                Some(&b.catch_all),
                Kind::CatchAllRenamed,
                Severity::Breaking,
                format!(
                    "catch-all variant `{}(String)` renamed `{}(String)`",
                    a.catch_all, b.catch_all
                ),
                format!("code matching `{}` no longer compiles", a.catch_all),
            );
        }
    }

    fn union_variants(&mut self, subject: &str, a: &Union, b: &Union) {
        let old: BTreeMap<&str, _> = a.variants.iter().map(|v| (v.name.as_str(), v)).collect();
        let new: BTreeMap<&str, _> = b.variants.iter().map(|v| (v.name.as_str(), v)).collect();
        let mut names: Vec<&str> = b.variants.iter().map(|v| v.name.as_str()).collect();
        names.extend(
            a.variants
                .iter()
                .map(|v| v.name.as_str())
                .filter(|n| !new.contains_key(n)),
        );
        for name in names {
            match (old.get(name), new.get(name)) {
                (Some(x), Some(y)) => {
                    let (ta, tb) = self.resolve(&x.ty, &y.ty);
                    let same = self.compare_resolved(&ta, &tb);
                    if same != Same::Yes {
                        let (severity, reason) = Self::retyped(
                            same,
                            "code building or matching the variant with the old type no longer compiles",
                        );
                        self.push(
                            Scope::Type,
                            subject,
                            Some(name),
                            Kind::UnionVariantTypeChanged,
                            severity,
                            format!("variant `{name}({})` -> `{name}({})`", rust(&ta), rust(&tb)),
                            reason,
                        );
                    }
                    // Tags only mean something while a discriminator reads them.
                    let tagged = a.discriminator.is_some() && b.discriminator.is_some();
                    if tagged && x.tags != y.tags {
                        let lost: Vec<&String> =
                            x.tags.iter().filter(|t| !y.tags.contains(t)).collect();
                        let (severity, reason) = if lost.is_empty() {
                            (
                                Severity::Compatible,
                                "more tags select the variant; values tagged as before decode as before".to_string(),
                            )
                        } else {
                            (
                                Severity::Breaking,
                                format!(
                                    "values tagged {} no longer decode as `{name}`: code matching them there fails at run time",
                                    lost.iter()
                                        .map(|t| format!("`{t}`"))
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                ),
                            )
                        };
                        self.push(
                            Scope::Type,
                            subject,
                            Some(name),
                            Kind::UnionTagsChanged,
                            severity,
                            format!(
                                "variant `{name}` selected by tags {:?}, was {:?}",
                                y.tags, x.tags
                            ),
                            reason,
                        );
                    }
                }
                (Some(x), None) => self.push(
                    Scope::Type,
                    subject,
                    Some(name),
                    Kind::UnionVariantRemoved,
                    Severity::Breaking,
                    format!(
                        "variant `{name}({})` removed",
                        rust(&canonical(self.old, &x.ty))
                    ),
                    "code building or matching the variant no longer compiles".to_string(),
                ),
                (None, Some(y)) => self.push(
                    Scope::Type,
                    subject,
                    Some(name),
                    Kind::UnionVariantAdded,
                    Severity::Compatible,
                    format!(
                        "variant `{name}({})` added",
                        rust(&canonical(self.new, &y.ty))
                    ),
                    "the enum is `#[non_exhaustive]`, so every match already has a `_` arm"
                        .to_string(),
                ),
                (None, None) => {}
            }
        }
        if a.discriminator != b.discriminator {
            let (severity, what, reason) = match (&a.discriminator, &b.discriminator) {
                (Some(x), Some(y)) => (
                    Severity::Compatible,
                    format!("decoded by the `{y}` property, was `{x}`"),
                    "the Rust type is unchanged; only how answers are told apart changes"
                        .to_string(),
                ),
                (None, Some(y)) => (
                    Severity::Compatible,
                    format!("now decoded by the `{y}` property, with an `Unknown` variant"),
                    "the enum is `#[non_exhaustive]`: the new `Unknown` variant needs no change"
                        .to_string(),
                ),
                (Some(x), None) => (
                    Severity::Breaking,
                    format!(
                        "no longer decoded by the `{x}` property; the `Unknown` variant is gone"
                    ),
                    "code matching `Unknown` no longer compiles".to_string(),
                ),
                (None, None) => return,
            };
            self.push(
                Scope::Type,
                subject,
                None,
                Kind::DiscriminatorChanged,
                severity,
                what,
                reason,
            );
        }
    }
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn aliases_resolve_and_options_do_not_double() {
        let mut api = crate::model::Api {
            title: String::new(),
            version: String::new(),
            doc: Default::default(),
            base_url: None,
            auth: Auth::Bearer,
            schemes: Vec::new(),
            security: Vec::new(),
            types: Vec::new(),
            resources: Vec::new(),
            notes: Vec::new(),
            webhooks: Default::default(),
        };
        let alias = |name: &str, ty: TypeRef| TypeDef {
            name: name.to_string(),
            doc: Default::default(),
            kind: TypeKind::Alias(ty),
            serialize: false,
            deserialize: true,
            pointer: String::new(),
        };
        api.types.push(alias("A", TypeRef::Named("B".to_string())));
        api.types
            .push(alias("B", TypeRef::Option(Box::new(TypeRef::String))));
        api.types
            .push(alias("Loop", TypeRef::Named("Loop".to_string())));
        assert_eq!(
            canonical(&api, &TypeRef::Option(Box::new(TypeRef::Named("A".into())))),
            TypeRef::Option(Box::new(TypeRef::String))
        );
        // A cycle ends at the bound instead of looping.
        assert_eq!(
            canonical(&api, &TypeRef::Named("Loop".into())),
            TypeRef::Named("Loop".into())
        );
    }
}
