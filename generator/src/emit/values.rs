//! Rust expressions of a model type, for code the generator writes that
//! calls the generated crate (conformance tests, doc examples): from the
//! spec's example where it fits the type, else a minimal valid value (the
//! first enum value, an empty list, `None` for what may be left out).
//! Expressions name types as `models::X`: the code around them has
//! `use <crate>::models;`.

use std::collections::BTreeMap;

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use serde_json::Value;

use super::ident;
use crate::model::*;

/// How deep argument values nest before the builder gives up (recursive
/// request types).
const MAX_DEPTH: usize = 16;

/// What [`Values::call`] writes.
#[derive(Default)]
pub struct Call {
    /// Statements that build the params struct and the body.
    pub setup: Vec<TokenStream>,
    pub args: Vec<TokenStream>,
    /// The params struct built from its required values (`models::P::new(..)`).
    pub params_value: TokenStream,
    /// Where `&params` is among `args`.
    pub params_at: Option<usize>,
}

pub struct Values<'a> {
    types: BTreeMap<&'a str, &'a TypeDef>,
    /// The generated crate's library name.
    krate: String,
    /// The struct of required fields of each type whose `new` takes one.
    required: BTreeMap<String, String>,
}

impl<'a> Values<'a> {
    /// `krate`: the generated crate's library name (`whop`).
    pub fn new(api: &'a Api, krate: &str) -> Self {
        Values {
            types: api.types.iter().map(|t| (t.name.as_str(), t)).collect(),
            krate: krate.to_string(),
            required: crate::surface::required_structs(api),
        }
    }

    /// The generated crate, as a path's first segment.
    pub fn krate(&self) -> Ident {
        ident(&self.krate)
    }

    /// A call of `op` with what it requires: path arguments (a string one
    /// without an example gets `path_text`), the params struct built with
    /// its required values (`let params`), and the body (`let body`); an
    /// optional body is built and sent with `optional_body`, else `None`.
    pub fn call(
        &self,
        op: &Operation,
        path_text: fn(&Param) -> String,
        optional_body: bool,
    ) -> Result<Call, String> {
        let mut call = Call::default();
        for p in &op.path_params {
            call.args.push(match &p.ty {
                TypeRef::String => {
                    let text = match &p.example {
                        Some(Value::String(s)) if !s.is_empty() => s.clone(),
                        _ => path_text(p),
                    };
                    quote!(#text)
                }
                other => self.value(other, p.example.as_ref(), 0)?,
            });
        }
        if let Some(params) = &op.params_struct {
            let required = op
                .query
                .iter()
                .chain(&op.headers)
                .chain(&op.cookies)
                .filter(|p| p.required)
                .map(|p| Ok((p.name.as_str(), self.value(&p.ty, p.example.as_ref(), 0)?)))
                .collect::<Result<Vec<_>, String>>()?;
            call.params_value = self.new_call(params, required);
            let value = &call.params_value;
            call.setup.push(quote!(let params = #value;));
            call.params_at = Some(call.args.len());
            call.args.push(quote!(&params));
        }
        if let Some(body) = &op.body {
            if body.required || optional_body {
                let krate = self.krate();
                let value = match &body.media {
                    BodyMedia::Json | BodyMedia::Form => self.value(&body.ty, None, 0)?,
                    BodyMedia::Multipart(_) => quote!(#krate::Multipart::new()),
                    BodyMedia::Bytes(_) => quote!(Vec::<u8>::new()),
                };
                call.setup.push(quote!(let body = #value;));
            }
            let bytes = matches!(body.media, BodyMedia::Bytes(_));
            call.args.push(match (body.required, optional_body) {
                (true, _) => quote!(&body),
                // `&Vec<u8>` does not convert into `Option<&[u8]>`.
                (false, true) if bytes => quote!(body.as_slice()),
                (false, true) => quote!(&body),
                (false, false) => quote!(None),
            });
        }
        Ok(call)
    }

    /// `.name(value)` setting an optional parameter on its struct: from the
    /// example, else a minimal value; a list gets two items, because Prism
    /// reads a lone `name=value` of a `type: [array, 'null']` query
    /// parameter as a string and refuses it (`name=a&name=b` it reads as the
    /// list it is).
    pub fn setter(&self, p: &Param) -> Result<TokenStream, String> {
        let setter = ident(crate::surface::setter_name(&p.name));
        let ty = match &p.ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        let example = p.example.as_ref().filter(|e| !e.is_null());
        let value = match ty {
            TypeRef::Vec(item) if example.and_then(Value::as_array).is_none_or(Vec::is_empty) => {
                let item = self.value(item, None, 1)?;
                quote!(vec![#item, #item])
            }
            other => self.value(other, example, 0)?,
        };
        Ok(quote!(.#setter(#value)))
    }

    /// `models::T::new(..)` with the required fields' values: positional,
    /// or as the struct literal of its required struct when it has one.
    fn new_call(&self, type_name: &str, required: Vec<(&str, TokenStream)>) -> TokenStream {
        let ty = ident(type_name);
        match self.required.get(type_name) {
            Some(required_ty) => {
                let required_ty = ident(required_ty);
                let fields = required.iter().map(|(name, value)| {
                    let name = ident(name);
                    quote!(#name: #value)
                });
                quote!(models::#ty::new(models::#required_ty { #(#fields),* }))
            }
            None => {
                let values = required.iter().map(|(_, value)| value);
                quote!(models::#ty::new(#(#values),*))
            }
        }
    }

    /// An expression of type `ty`, from `example` where it fits.
    pub fn value(
        &self,
        ty: &TypeRef,
        example: Option<&Value>,
        depth: usize,
    ) -> Result<TokenStream, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "no finite value of a required `{}` (recursive request type)",
                ty.named().unwrap_or("value")
            ));
        }
        let example = example.filter(|e| !e.is_null());
        Ok(match ty {
            TypeRef::String => {
                let text = example.and_then(Value::as_str).unwrap_or("string");
                quote!(#text.to_string())
            }
            TypeRef::Bool => {
                let value = example.and_then(Value::as_bool).unwrap_or(true);
                quote!(#value)
            }
            TypeRef::I32 => {
                let value = example
                    .and_then(Value::as_i64)
                    .and_then(|v| i32::try_from(v).ok())
                    .unwrap_or(1);
                quote!(#value)
            }
            TypeRef::I64 => {
                let value = example.and_then(Value::as_i64).unwrap_or(1);
                quote!(#value)
            }
            TypeRef::U32 => {
                let value = example
                    .and_then(Value::as_u64)
                    .and_then(|v| u32::try_from(v).ok())
                    .unwrap_or(1);
                quote!(#value)
            }
            TypeRef::U64 => {
                let value = example.and_then(Value::as_u64).unwrap_or(1);
                quote!(#value)
            }
            TypeRef::F64 => {
                let value = example.and_then(Value::as_f64).unwrap_or(1.0);
                quote!(#value)
            }
            TypeRef::DateTime => {
                let text = example
                    .and_then(Value::as_str)
                    .filter(|t| chrono_like(t))
                    .unwrap_or("2023-12-01T05:00:00Z");
                quote!(#text.parse::<chrono::DateTime<chrono::Utc>>().expect("a date-time"))
            }
            TypeRef::Json => {
                let text = example
                    .map(Value::to_string)
                    .unwrap_or_else(|| "{}".to_string());
                quote!(serde_json::from_str::<serde_json::Value>(#text).expect("JSON"))
            }
            TypeRef::Vec(item) => match example.and_then(Value::as_array) {
                Some(items) if !items.is_empty() => {
                    let items = items
                        .iter()
                        .map(|e| self.value(item, Some(e), depth + 1))
                        .collect::<Result<Vec<_>, _>>()?;
                    quote!(vec![#(#items),*])
                }
                _ => quote!(Vec::new()),
            },
            TypeRef::Map(_) => quote!(std::collections::BTreeMap::new()),
            TypeRef::Option(inner) => match example {
                Some(e) => {
                    let inner = self.value(inner, Some(e), depth + 1)?;
                    quote!(Some(#inner))
                }
                None => quote!(None),
            },
            TypeRef::Boxed(inner) => {
                let inner = self.value(inner, example, depth + 1)?;
                quote!(Box::new(#inner))
            }
            TypeRef::Named(name) => self.named(name, example, depth)?,
        })
    }

    fn named(
        &self,
        name: &str,
        example: Option<&Value>,
        depth: usize,
    ) -> Result<TokenStream, String> {
        let Some(def) = self.types.get(name) else {
            return Err(format!("the model has no type `{name}`"));
        };
        let ty = ident(name);
        Ok(match &def.kind {
            TypeKind::Alias(target) => self.value(target, example, depth + 1)?,
            TypeKind::Newtype(inner) => {
                let inner = self.value(inner, example, depth + 1)?;
                quote!(models::#ty(#inner))
            }
            TypeKind::Enum(e) => {
                let value = example
                    .and_then(Value::as_str)
                    .filter(|v| e.variants.iter().any(|variant| variant.value == *v))
                    .or_else(|| e.variants.first().map(|v| v.value.as_str()))
                    .unwrap_or("");
                quote!(models::#ty::from(#value))
            }
            TypeKind::Union(u) => {
                let Some(variant) = u.variants.first() else {
                    return Err(format!("union `{name}` has no variant"));
                };
                let vname = ident(&variant.name);
                let inner = self.value(&variant.ty, example, depth + 1)?;
                quote!(models::#ty::#vname(#inner))
            }
            TypeKind::Struct(s) => {
                let object = example.and_then(Value::as_object);
                let args = s
                    .fields
                    .iter()
                    .filter(|f| f.required())
                    .map(|f| {
                        let example = object.and_then(|o| o.get(&f.wire)).or(f.example.as_ref());
                        Ok((
                            f.name.as_str(),
                            self.value(&f.rust_type(), example, depth + 1)?,
                        ))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                self.new_call(name, args)
            }
        })
    }
}

/// Whether a text looks like an RFC 3339 date-time (the test parses it).
fn chrono_like(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 20 && bytes[4] == b'-' && bytes[10] == b'T'
}
