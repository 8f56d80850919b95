//! `src/models.rs`: one Rust type per schema, and the parameter structs of
//! operations with query or header parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::{ident, rust_type};
use crate::model::*;

pub fn models_rs(api: &Api) -> TokenStream {
    let types = api.types.iter().map(type_def);
    let params = api
        .resources
        .iter()
        .flat_map(|r| &r.operations)
        .filter_map(params_struct);
    quote! {
        //! Types of the API's requests and responses.
        //!
        //! Types the API only sends implement `Deserialize`, types it only
        //! receives `Serialize`; request types have a `new` constructor taking
        //! the required fields and a setter for each optional one.
        #(#types)*
        #(#params)*
    }
}

fn derives(def: &TypeDef) -> TokenStream {
    let ser = def.serialize.then(|| quote!(, serde::Serialize));
    let de = def.deserialize.then(|| quote!(, serde::Deserialize));
    let opt_in = opt_in_serialize(def, TokenStream::new());
    quote!(#[derive(Debug, Clone, PartialEq #ser #de)] #opt_in)
}

/// Types only received get `Serialize` with the crate's `serialize`
/// feature (off by default: most programs never serialize answers, and the
/// derive costs compile time). `extra` are serde attributes that go with it.
fn opt_in_serialize(def: &TypeDef, extra: TokenStream) -> Option<TokenStream> {
    (!def.serialize)
        .then(|| quote!(#[cfg_attr(feature = "serialize", derive(serde::Serialize) #extra)]))
}

fn type_def(def: &TypeDef) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let none = TokenStream::new();
    match &def.kind {
        TypeKind::Alias(ty) => {
            let ty = rust_type(ty, &none);
            quote! { #doc pub type #name = #ty; }
        }
        TypeKind::Struct(s) => {
            let derive = derives(def);
            let fields = s.fields.iter().map(struct_field);
            let additional = s.additional.as_ref().map(|f| {
                let fname = ident(&f.name);
                let fdoc = doc_attrs(&f.doc);
                let ty = rust_type(&f.ty, &none);
                quote! { #fdoc #[serde(flatten)] pub #fname: #ty, }
            });
            let builder = def
                .serialize
                .then(|| constructor(&name, &s.fields, s.additional.as_ref()));
            // `new()` without arguments wants `Default` beside it.
            let default = (def.serialize && s.fields.iter().all(|f| !f.required))
                .then(|| quote!(#[derive(Default)]));
            quote! {
                #doc
                #derive
                #default
                #[non_exhaustive]
                pub struct #name { #(#fields)* #additional }
                #builder
            }
        }
        TypeKind::Enum(e) => string_enum(def, e),
        TypeKind::Union(u) => union(def, u),
    }
}

fn struct_field(field: &Field) -> TokenStream {
    let doc = doc_attrs(&field.doc);
    let name = ident(&field.name);
    let ty = rust_type(&field.ty, &TokenStream::new());
    let rename = (crate::model::names::unraw(&field.name) != field.wire).then(|| {
        let wire = &field.wire;
        quote!(#[serde(rename = #wire)])
    });
    let optional = (!field.required)
        .then(|| quote!(#[serde(default, skip_serializing_if = "Option::is_none")]));
    quote! { #doc #rename #optional pub #name: #ty, }
}

/// The parameter type and conversion `new` and setters take for a field.
fn arg(ty: &TypeRef) -> (TokenStream, TokenStream) {
    match ty {
        TypeRef::String => (quote!(impl Into<String>), quote!(.into())),
        other => (rust_type(other, &TokenStream::new()), TokenStream::new()),
    }
}

/// `new(required..)` and a setter per optional field.
fn constructor(
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: Option<&Field>,
) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.name);
        let (ty, _) = arg(&f.ty);
        quote!(#n: #ty)
    });
    let mut inits: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let n = ident(&f.name);
            if f.required {
                let (_, conv) = arg(&f.ty);
                if conv.is_empty() {
                    quote!(#n)
                } else {
                    quote!(#n: #n #conv)
                }
            } else {
                quote!(#n: None)
            }
        })
        .collect();
    if let Some(f) = additional {
        let n = ident(&f.name);
        inits.push(quote!(#n: Default::default()));
    }
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(&f.name);
        let setter = if f.name == "new" {
            ident("new_")
        } else {
            n.clone()
        };
        let inner = match &f.ty {
            TypeRef::Option(inner) => inner.as_ref(),
            other => other,
        };
        let (ty, conv) = arg(inner);
        let doc = format!(" Sets `{}`.", f.wire);
        quote! {
            #[doc = #doc]
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#n = Some(value #conv);
                self
            }
        }
    });
    quote! {
        impl #name {
            /// Creates a value from its required fields; the optional ones start empty.
            #allow
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits),* }
            }
            #(#setters)*
        }
    }
}

fn string_enum(def: &TypeDef, e: &Enum) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let catch_all = ident(&e.catch_all);
    let variants = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let vdoc = format!(" `{}`", v.value.replace('`', "'"));
        quote!(#[doc = #vdoc] #vname,)
    });
    let as_str = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = &v.value;
        quote!(Self::#vname => #value,)
    });
    let from = e.variants.iter().map(|v| {
        let vname = ident(&v.name);
        let value = &v.value;
        quote!(#value => Self::#vname,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the crate does not know.
            #catch_all(String),
        }
        impl #name {
            /// The value as it is sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::#catch_all(value) => value,
                }
            }
        }
        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from)*
                    other => Self::#catch_all(other.to_string()),
                }
            }
        }
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                let value = String::deserialize(deserializer)?;
                Ok(Self::from(value.as_str()))
            }
        }
    }
}

/// Unions allow `clippy::large_enum_variant`: variant sizes are unknown when
/// generating, and boxing the large ones would make users write `Box::new`
/// for some variants and not others.
fn union(def: &TypeDef, u: &Union) -> TokenStream {
    let doc = doc_attrs(&def.doc);
    let name = ident(&def.name);
    let none = TokenStream::new();
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .map(|v| {
            let vname = ident(&v.name);
            let ty = rust_type(&v.ty, &none);
            quote!(#vname(#ty),)
        })
        .collect();
    let ser = def.serialize.then(|| quote!(, serde::Serialize));
    match &u.discriminator {
        None => {
            let derive = derives(def);
            quote! {
                #doc
                #derive
                #[serde(untagged)]
                #[allow(clippy::large_enum_variant)]
                #[non_exhaustive]
                pub enum #name { #(#variants)* }
            }
        }
        Some(property) => {
            let arms = u.variants.iter().map(|v| {
                let vname = ident(&v.name);
                let tags = &v.tags;
                quote! {
                    #(#tags)|* => serde_json::from_value(value).map(Self::#vname).map_err(serde::de::Error::custom),
                }
            });
            let de = def.deserialize.then(|| {
                quote! {
                    impl<'de> serde::Deserialize<'de> for #name {
                        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
                            let value = serde_json::Value::deserialize(deserializer)?;
                            let tag = value.get(#property).and_then(serde_json::Value::as_str).unwrap_or_default().to_string();
                            match tag.as_str() {
                                #(#arms)*
                                _ => Ok(Self::Unknown(value)),
                            }
                        }
                    }
                }
            });
            let untagged = match opt_in_serialize(def, quote!(, serde(untagged))) {
                Some(opt_in) => opt_in,
                None => quote!(#[serde(untagged)]),
            };
            let tag_doc = format!(
                " Tagged by the `{property}` field; a value with a tag this version of the crate does not know is kept whole in `Unknown`."
            );
            quote! {
                #doc
                #[doc = ""]
                #[doc = #tag_doc]
                #[derive(Debug, Clone, PartialEq #ser)]
                #untagged
                #[allow(clippy::large_enum_variant)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A variant this version of the crate does not know.
                    Unknown(serde_json::Value),
                }
                #de
            }
        }
    }
}

/// `{OperationId}Params`: the query and header parameters of one operation.
fn params_struct(op: &Operation) -> Option<TokenStream> {
    let struct_name = ident(op.params_struct.as_ref()?);
    let models = TokenStream::new();
    let params: Vec<&Param> = op.query.iter().chain(&op.headers).collect();
    let fields = params.iter().map(|p| {
        let mut doc = p.doc.clone();
        doc.push(Some(&format!("Sent as `{}`.", p.wire)));
        let doc = doc_attrs(&doc);
        let n = ident(&p.name);
        let ty = rust_type(&p.ty, &models);
        if p.required {
            quote!(#doc pub #n: #ty,)
        } else {
            quote!(#doc pub #n: Option<#ty>,)
        }
    });
    let as_fields: Vec<Field> = params
        .iter()
        .map(|p| Field {
            name: p.name.clone(),
            wire: p.wire.clone(),
            ty: if p.required {
                p.ty.clone()
            } else {
                p.ty.clone().optional()
            },
            required: p.required,
            nullable: false,
            doc: Doc::default(),
            example: None,
        })
        .collect();
    let builder = constructor(&struct_name, &as_fields, None);
    let default = params.iter().all(|p| !p.required).then(|| quote!(Default,));
    let doc = format!(" Query and header parameters of `{}`.", op.operation_id);
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #struct_name { #(#fields)* }
        #builder
    })
}
