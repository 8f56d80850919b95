//! How the diff's messages name things: a type as Rust, a return type, a
//! path argument, credentials, a query style, a kind of type.

use crate::model::{Auth, QueryStyle, Response, Scheme, TypeKind, TypeRef, security_alternatives};
use crate::surface;

/// A type as Rust, for messages ([`crate::surface::rust_type`], spelled
/// short).
pub fn rust(ty: &TypeRef) -> String {
    surface::rust_type(ty, &surface::Message)
}

/// How credentials are sent ([`Auth::describe`], as the generated docs
/// say it), with a word for those whose text does not name its kind.
pub(super) fn describe_auth(auth: &Auth) -> String {
    let kind = match auth {
        Auth::Bearer | Auth::Cookie(_) => "",
        Auth::Header(_) => "header ",
        Auth::Query(_) => "query parameter ",
        Auth::Basic => "HTTP basic ",
    };
    format!("{kind}`{}`", auth.describe())
}

/// A security requirement by its schemes' names and kinds: `none`, or
/// alternatives joined with ` or `, schemes within one with ` and `.
pub(super) fn describe_security(schemes: &[Scheme], security: &[Vec<usize>]) -> String {
    if security.is_empty() {
        return "no credentials".to_string();
    }
    let alternatives: Vec<String> = security_alternatives(schemes, security)
        .into_iter()
        .map(|alternative| {
            let names: Vec<String> = alternative
                .iter()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_named_as_the_generated_docs_name_them() {
        for auth in [
            Auth::Bearer,
            Auth::Header("X-Key".into()),
            Auth::Query("key".into()),
            Auth::Cookie("session".into()),
            Auth::Basic,
        ] {
            assert!(describe_auth(&auth).contains(&format!("`{}`", auth.describe())));
        }
        assert_eq!(
            describe_auth(&Auth::Cookie("s".into())),
            "`Cookie: s=<key>`"
        );
        assert_eq!(
            describe_auth(&Auth::Header("X".into())),
            "header `X: <key>`"
        );
    }
}
