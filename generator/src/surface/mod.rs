//! The names and signatures users of the generated crate meet, decided
//! once from the model: identifiers, the Rust type of each model type
//! ([`rust_type`], spelled as code or as diff text), the methods
//! ([`methods`]: name, `{name}_stream`, params struct, path and body
//! arguments, return type, cargo feature), and how sent structs are built
//! ([`constructor`]: `new(..)` or one `{Type}Required` struct literal, and
//! the setters `{field}`, `new_`, `{field}_null`). Emit writes code from
//! them and the spec diff compares them, so the two cannot disagree.

mod constructors;
mod methods;
mod rust_type;

use proc_macro2::{Ident, Span};

pub use constructors::{
    Constructor, Setter, constructor, null_setter_names, required_structs, setter_name,
};
pub use methods::{
    ALL_TAGS, BodyArg, BodyType, Method, body_arg, body_type, feature, method, methods, stream,
};
pub use rust_type::{Message, Tokens, path_arg, return_type, rust_type};

/// An identifier from a name the model chose (`r#type` becomes a raw one).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}
