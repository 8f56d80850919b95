//! How the diff's messages name things: a type as Rust, a return type, a
//! path argument, credentials, a query style, a kind of type.

use crate::model::{Auth, QueryStyle, Response, Scheme, TypeKind, TypeRef};

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
pub(super) fn path_arg(ty: TypeRef) -> String {
    match ty {
        TypeRef::String => "&str".to_string(),
        other => rust(&other),
    }
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
