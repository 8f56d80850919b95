//! How the diff's messages name things: a type as Rust, a return type, a
//! path argument, credentials, a query style, a kind of type.

use crate::model::{Auth, QueryStyle, Response, Scheme, TypeKind, TypeRef};
use crate::surface;

/// A type as Rust, for messages ([`crate::surface::rust_type`], spelled
/// short).
pub fn rust(ty: &TypeRef) -> String {
    surface::rust_type(ty, &surface::Message)
}

pub(super) fn describe_auth(auth: &Auth) -> String {
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
pub(super) fn describe_security(schemes: &[Scheme], security: &[Vec<usize>]) -> String {
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
pub(super) fn return_type(response: &Response, resolve: &dyn Fn(&TypeRef) -> TypeRef) -> String {
    surface::return_type(response, &surface::Message, resolve)
}

/// A path parameter's Rust argument type (given resolved).
pub(super) fn path_arg(ty: TypeRef) -> String {
    surface::path_arg(&ty, &surface::Message)
}

/// How a query parameter is written, for messages.
pub(super) fn style(style: &QueryStyle) -> &'static str {
    match style {
        QueryStyle::Form { explode: true } => "`a=1&a=2`",
        QueryStyle::Form { explode: false } => "`a=1,2`",
        QueryStyle::DeepObject => "`a[key]=value`",
    }
}

pub(super) fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "struct",
        TypeKind::Enum(_) => "enum",
        TypeKind::Union(_) => "union enum",
        TypeKind::Alias(_) => "type alias",
        TypeKind::Newtype(_) => "newtype struct",
    }
}
