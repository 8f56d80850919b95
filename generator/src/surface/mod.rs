//! The names and signatures users of the generated crate meet, decided
//! once from the model: identifiers, the Rust type of each model type
//! ([`rust_type`]), path arguments and return types, constructors
//! (`new(..)` or one `{Type}Required` struct literal) and setters
//! (`{field}`, `new_`, `{field}_null`). Emit writes code from them and the
//! spec diff compares them, so the two cannot disagree.

mod rust_type;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span};

use crate::model::{Api, Field, TypeKind, TypeRef};

pub use rust_type::{Message, Spelling, Tokens, path_arg, return_type, rust_type};

/// An identifier from a name the model chose (`r#type` becomes a raw one).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The setter of an optional field: its name, but `new_` for `new` (the
/// constructor's).
pub fn setter_name(field: &str) -> proc_macro2::Ident {
    ident(if field == "new" { "new_" } else { field })
}

/// Whether an optional field may also be sent as `null` (`Option<Option<T>>`):
/// its setter takes a `T`, and a second setter ([`null_setter_names`])
/// sends `null`.
pub fn is_nullable_setter(field: &Field) -> bool {
    !field.required
        && matches!(&field.ty, TypeRef::Option(inner) if matches!(**inner, TypeRef::Option(_)))
}

/// The setter sending `null` for each field of a struct (`None` for a
/// field without one): `{field}_null`, with `_` appended while another
/// setter of the struct has that name.
pub fn null_setter_names(fields: &[Field]) -> Vec<Option<String>> {
    let mut taken: BTreeSet<String> = fields
        .iter()
        .filter(|f| !f.required)
        .map(|f| crate::model::names::unraw(&setter_name(&f.name).to_string()).to_string())
        .collect();
    taken.insert("new".to_string());
    fields
        .iter()
        .map(|f| {
            if !is_nullable_setter(f) {
                return None;
            }
            let mut name = format!("{}_null", crate::model::names::unraw(&f.name));
            while taken.contains(&name) {
                name.push('_');
            }
            taken.insert(name.clone());
            Some(name)
        })
        .collect()
}

/// A constructor with more required fields than this takes them as one
/// struct literal (`{Type}Required { .. }`) instead of positional
/// arguments, so that each is named where `new` is called.
pub const MAX_POSITIONAL: usize = 3;

/// The struct of required fields of each request type and parameter struct
/// whose `new` takes more than [`MAX_POSITIONAL`]: `{Type}Required`, or
/// `{Type}Required2` (3, ..) when that name is another type's.
pub fn required_structs(api: &Api) -> BTreeMap<String, String> {
    let mut taken: BTreeSet<String> = api.types.iter().map(|t| t.name.clone()).collect();
    let params = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .filter_map(|op| Some((op.params_struct.as_ref()?, op)));
    taken.extend(params.clone().map(|(name, _)| name.clone()));
    let mut wanted: Vec<&str> = api
        .types
        .iter()
        .filter(|t| t.serialize)
        .filter(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().filter(|f| f.required).count() > MAX_POSITIONAL,
            _ => false,
        })
        .map(|t| t.name.as_str())
        .collect();
    wanted.extend(
        params
            .filter(|(_, op)| {
                op.query
                    .iter()
                    .chain(&op.headers)
                    .chain(&op.cookies)
                    .filter(|p| p.required)
                    .count()
                    > MAX_POSITIONAL
            })
            .map(|(name, _)| name.as_str()),
    );
    let mut out = BTreeMap::new();
    for name in wanted {
        let mut candidate = format!("{name}Required");
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{name}Required{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        out.insert(name.to_string(), candidate);
    }
    out
}
