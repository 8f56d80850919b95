//! The one rendering of a model type as Rust. [`rust_type`] says which Rust
//! type each [`TypeRef`] is; a [`Spelling`] says how that is written: as
//! tokens in generated code ([`Tokens`]), or as short text in spec-diff
//! messages ([`Message`]).

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Response, TypeRef};

/// How a rendering writes the Rust types [`rust_type`] chooses.
pub trait Spelling {
    type Out;
    /// A type without parameters, by its path in code (`chrono::Utc`) and
    /// its name in messages (`Utc`).
    fn path(&self, code: &str, short: &str) -> Self::Out;
    /// A generic type (`Vec<T>`), by path as in [`Spelling::path`].
    fn generic(&self, code: &str, short: &str, args: Vec<Self::Out>) -> Self::Out;
    /// A type of the generated `models` module.
    fn model(&self, name: &str) -> Self::Out;
    /// A borrow: `&T`.
    fn borrowed(&self, inner: Self::Out) -> Self::Out;
    /// A slice: `[T]`.
    fn slice(&self, inner: Self::Out) -> Self::Out;
    /// `()`.
    fn unit(&self) -> Self::Out;
    /// The enum a call returns when its answers differ by status: its name,
    /// and each variant with what it holds.
    fn by_status(&self, name: &str, answers: Vec<(&str, Self::Out)>) -> Self::Out;
}

/// The Rust type of a reference.
pub fn rust_type<S: Spelling>(ty: &TypeRef, s: &S) -> S::Out {
    let one = |code: &str, short: &str, inner: &TypeRef| {
        let inner = rust_type(inner, s);
        s.generic(code, short, vec![inner])
    };
    match ty {
        TypeRef::String => s.path("String", "String"),
        TypeRef::Bool => s.path("bool", "bool"),
        TypeRef::I32 => s.path("i32", "i32"),
        TypeRef::I64 => s.path("i64", "i64"),
        TypeRef::U32 => s.path("u32", "u32"),
        TypeRef::U64 => s.path("u64", "u64"),
        TypeRef::F64 => s.path("f64", "f64"),
        TypeRef::DateTime => s.generic(
            "chrono::DateTime",
            "DateTime",
            vec![s.path("chrono::Utc", "Utc")],
        ),
        TypeRef::Json => s.path("serde_json::Value", "serde_json::Value"),
        TypeRef::Named(name) => s.model(name),
        TypeRef::Vec(inner) => one("Vec", "Vec", inner),
        TypeRef::Map(inner) => {
            let key = s.path("String", "String");
            let value = rust_type(inner, s);
            s.generic("std::collections::BTreeMap", "BTreeMap", vec![key, value])
        }
        TypeRef::Option(inner) => one("Option", "Option", inner),
        TypeRef::Boxed(inner) => one("Box", "Box", inner),
    }
}

/// A path parameter's argument type: strings borrowed, others by value.
pub fn path_arg<S: Spelling>(ty: &TypeRef, s: &S) -> S::Out {
    match ty {
        TypeRef::String => s.borrowed(s.path("str", "str")),
        other => rust_type(other, s),
    }
}

/// What a call returns (the `T` of its `Call<T>`); `resolve` maps each
/// type first (the diff follows aliases with it).
pub fn return_type<S: Spelling>(
    response: &Response,
    s: &S,
    resolve: &dyn Fn(&TypeRef) -> TypeRef,
) -> S::Out {
    match response {
        Response::Json(ty) => rust_type(&resolve(ty), s),
        Response::JsonOrEmpty(ty) => {
            s.generic("Option", "Option", vec![rust_type(&resolve(ty), s)])
        }
        Response::Empty => s.unit(),
        Response::Bytes(_) => s.generic("Vec", "Vec", vec![s.path("u8", "u8")]),
        Response::ByStatus { name, answers } => {
            let answers = answers
                .iter()
                .map(|a| (a.variant.as_str(), return_type(&a.body, s, resolve)))
                .collect();
            s.by_status(name, answers)
        }
    }
}

/// Generated code: `models` is the path to the models module from where
/// the type is written (empty inside `models` itself).
pub struct Tokens<'a> {
    pub models: &'a TokenStream,
}

impl Spelling for Tokens<'_> {
    type Out = TokenStream;

    fn path(&self, code: &str, _short: &str) -> TokenStream {
        let segments = code.split("::").map(ident);
        quote!(#(#segments)::*)
    }

    fn generic(&self, code: &str, short: &str, args: Vec<TokenStream>) -> TokenStream {
        let path = self.path(code, short);
        quote!(#path<#(#args),*>)
    }

    fn model(&self, name: &str) -> TokenStream {
        let models = self.models;
        let name = ident(name);
        quote!(#models #name)
    }

    fn borrowed(&self, inner: TokenStream) -> TokenStream {
        quote!(&#inner)
    }

    fn slice(&self, inner: TokenStream) -> TokenStream {
        quote!([#inner])
    }

    fn unit(&self) -> TokenStream {
        quote!(())
    }

    /// The enum, by name (its variants are declared beside the method).
    fn by_status(&self, name: &str, _answers: Vec<(&str, TokenStream)>) -> TokenStream {
        let name = ident(name);
        quote!(#name)
    }
}

/// Spec-diff messages: short names (`DateTime<Utc>`), and an enum of
/// answers by status with what each variant holds, so that a change of
/// one shows.
pub struct Message;

impl Spelling for Message {
    type Out = String;

    fn path(&self, _code: &str, short: &str) -> String {
        short.to_string()
    }

    fn generic(&self, _code: &str, short: &str, args: Vec<String>) -> String {
        format!("{short}<{}>", args.join(", "))
    }

    fn model(&self, name: &str) -> String {
        name.to_string()
    }

    fn borrowed(&self, inner: String) -> String {
        format!("&{inner}")
    }

    fn slice(&self, inner: String) -> String {
        format!("[{inner}]")
    }

    fn unit(&self) -> String {
        "()".to_string()
    }

    fn by_status(&self, name: &str, answers: Vec<(&str, String)>) -> String {
        let variants: Vec<String> = answers
            .into_iter()
            .map(|(variant, ty)| format!("{variant}({ty})"))
            .collect();
        format!("{name} {{ {} }}", variants.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StatusAnswer;

    fn map_of_dates() -> TypeRef {
        TypeRef::Option(Box::new(TypeRef::Map(Box::new(TypeRef::Vec(Box::new(
            TypeRef::DateTime,
        ))))))
    }

    #[test]
    fn messages_spell_types_short() {
        assert_eq!(
            rust_type(&map_of_dates(), &Message),
            "Option<BTreeMap<String, Vec<DateTime<Utc>>>>"
        );
        assert_eq!(rust_type(&TypeRef::Json, &Message), "serde_json::Value");
    }

    /// Tokens as text without spaces (`>>` and `> >` are one type).
    fn text(tokens: TokenStream) -> String {
        tokens.to_string().replace(' ', "")
    }

    #[test]
    fn code_spells_types_by_path() {
        let models = quote!(crate::models::);
        let code = rust_type(&map_of_dates(), &Tokens { models: &models });
        let expected =
            quote!(Option<std::collections::BTreeMap<String, Vec<chrono::DateTime<chrono::Utc>>>>);
        assert_eq!(text(code), text(expected));
        let named = rust_type(&TypeRef::Named("Job".into()), &Tokens { models: &models });
        assert_eq!(text(named), "crate::models::Job");
    }

    #[test]
    fn path_arguments_borrow_only_strings() {
        assert_eq!(path_arg(&TypeRef::String, &Message), "&str");
        assert_eq!(path_arg(&TypeRef::I64, &Message), "i64");
    }

    #[test]
    fn answers_by_status_show_their_variants_in_messages_only() {
        let response = Response::ByStatus {
            name: "CreateJobAnswer".into(),
            answers: vec![
                StatusAnswer {
                    status: "200".into(),
                    variant: "Status200".into(),
                    body: Response::Json(TypeRef::Named("Job".into())),
                },
                StatusAnswer {
                    status: "202".into(),
                    variant: "Status202".into(),
                    body: Response::Empty,
                },
            ],
        };
        assert_eq!(
            return_type(&response, &Message, &|t| t.clone()),
            "CreateJobAnswer { Status200(Job), Status202(()) }"
        );
        let models = quote!(crate::models::);
        let code = return_type(&response, &Tokens { models: &models }, &|t| t.clone());
        assert_eq!(code.to_string(), "CreateJobAnswer");
    }
}
