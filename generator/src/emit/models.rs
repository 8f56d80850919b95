//! `src/models.rs`: one Rust type per schema, and the parameter structs of
//! operations with query or header parameters.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;

use super::docs::{code_span, doc_attrs, doc_lines};
use super::{ident, rust_type};
use crate::model::*;
use crate::surface::{self, required_structs};

/// `src/models.rs`, emitted in parts so that several threads can emit and
/// format it: the parts, each whole items, joined in order are the file.
pub struct Models<'a> {
    items: Vec<Item<'a>>,
    /// For each type, the features it is compiled with.
    features: BTreeMap<&'a str, BTreeSet<String>>,
    /// The struct of required fields of each type that has one.
    required: BTreeMap<String, String>,
}

enum Item<'a> {
    Type(&'a TypeDef),
    /// An operation's parameter struct, compiled with its tag's feature.
    Params(&'a Resource, &'a Operation),
}

impl<'a> Models<'a> {
    pub fn new(api: &'a Api) -> Self {
        let mut items: Vec<Item<'a>> = api.types.iter().map(Item::Type).collect();
        for r in &api.resources {
            items.extend(
                r.operations
                    .iter()
                    .filter(|op| op.params_struct.is_some())
                    .map(|op| Item::Params(r, op)),
            );
        }
        Models {
            items,
            features: type_features(api),
            required: required_structs(api),
        }
    }

    /// Part `k` of `parts` (an equal share of the items); part 0 begins with
    /// the module's documentation.
    pub fn part(&self, k: usize, parts: usize) -> TokenStream {
        let parts = parts.max(1);
        let len = self.items.len();
        let (start, end) = (k * len / parts, (k + 1) * len / parts);
        let items = self.items[start.min(len)..end.min(len)]
            .iter()
            .map(|item| match item {
                Item::Type(def) => {
                    let tokens = type_def(def, self.required.get(&def.name).map(String::as_str));
                    match self.features.get(def.name.as_str()) {
                        Some(features) if !features.is_empty() => with_cfg(tokens, features),
                        _ => tokens,
                    }
                }
                Item::Params(r, op) => {
                    let tag = BTreeSet::from([crate::surface::feature(r)]);
                    let required = op
                        .params_struct
                        .as_ref()
                        .and_then(|p| self.required.get(p))
                        .map(String::as_str);
                    with_cfg(params_struct(op, required).unwrap_or_default(), &tag)
                }
            });
        let docs = (k == 0).then(|| {
            quote! {
                //! Types of the API's requests and responses.
                //!
                //! Types the API only sends implement `Deserialize`, types it only
                //! receives `Serialize`; request types have a `new` constructor taking
                //! the required fields (more than three as one `{Type}Required`
                //! struct literal, which names each) and a setter for each optional
                //! one. A nullable field's setter takes the value; `{field}_null()`
                //! sends `null`. A type compiles only with the features of the tags
                //! (or `webhooks`) that use it; types no operation uses, with
                //! `all-tags`.
            }
        });
        quote! {
            #docs
            #(#items)*
        }
    }
}

/// For each type, the features it is compiled with: those of the tags
/// whose operations reach it (through parameters, bodies, answers and
/// fields), `webhooks` when a webhook event reaches it, and `all-tags` when
/// nothing does (a component schema kept for the user's own use). A type
/// is compiled with every feature of the types that refer to it, so no
/// compiled type refers to one that is not, and a program built with one
/// tag compiles only that tag's types (issue 13: the types many tags share
/// were once always compiled, and made up most of a one-tag build).
fn type_features(api: &Api) -> BTreeMap<&str, BTreeSet<String>> {
    // Types by index, and the types each refers to.
    let index: BTreeMap<&str, usize> = api
        .types
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.as_str(), i))
        .collect();
    let kinds = |n: &str| index.get(n).map(|&i| &api.types[i].kind);
    let roots_of = |r: &Resource| -> Vec<usize> {
        let mut roots = Vec::new();
        for op in &r.operations {
            let mut tys: Vec<&TypeRef> = op
                .path_params
                .iter()
                .chain(&op.query)
                .chain(&op.headers)
                .chain(&op.cookies)
                .map(|p| &p.ty)
                .collect();
            tys.extend(op.body.as_ref().map(|b| &b.ty));
            match &op.response {
                Response::Json(ty) | Response::JsonOrEmpty(ty) => tys.push(ty),
                Response::ByStatus { answers, .. } => {
                    for answer in answers {
                        if let Response::Json(ty) = &answer.body {
                            tys.push(ty);
                        }
                    }
                }
                Response::Empty | Response::Bytes(_) => {}
            }
            tys.extend(op.pagination.as_ref().map(|p| &p.item));
            roots.extend(
                tys.into_iter()
                    .filter_map(|t| t.named())
                    .filter_map(|n| index.get(n).copied()),
            );
        }
        roots
    };
    // The webhook events' payloads are reached from the `webhooks` module,
    // compiled with the `webhooks` feature: one more user, after the tags.
    let event_roots: Vec<usize> = api
        .webhooks
        .events
        .iter()
        .filter_map(|e| e.ty.named())
        .filter_map(|n| index.get(n).copied())
        .collect();
    let mut user_roots: Vec<Vec<usize>> = api.resources.iter().map(roots_of).collect();
    user_roots.push(event_roots);
    // The users (tags as indices into `api.resources`, then the webhooks,
    // then `all-tags`) that reach each type.
    let n = api.types.len();
    let mut users: Vec<Vec<usize>> = vec![Vec::new(); n];
    let walk = |user: usize, roots: Vec<usize>, users: &mut Vec<Vec<usize>>| {
        let roots = roots.into_iter().map(|i| api.types[i].name.clone());
        for name in crate::model::graph::reachable(kinds, roots) {
            if let Some(&i) = index.get(name.as_str()) {
                users[i].push(user);
            }
        }
    };
    let all_tags = user_roots.len();
    for (user, roots) in user_roots.into_iter().enumerate() {
        walk(user, roots, &mut users);
    }
    let unreached: Vec<usize> = (0..n).filter(|&i| users[i].is_empty()).collect();
    walk(all_tags, unreached, &mut users);
    let features: Vec<String> = api
        .resources
        .iter()
        .map(crate::surface::feature)
        .chain(["webhooks".to_string(), crate::surface::ALL_TAGS.to_string()])
        .collect();
    api.types
        .iter()
        .zip(users)
        .map(|(d, users)| {
            let features = users.iter().map(|&u| features[u].clone()).collect();
            (d.name.as_str(), features)
        })
        .collect()
}

/// Puts `#[cfg(feature = "a")]` (`any(..)` for several) on every item of
/// `tokens`. Works on the tokens (an item ends with a top-level `;` or a
/// brace group not followed by `;`): re-parsing them with syn doubled the
/// emit time of the whole Whop spec.
fn with_cfg(tokens: TokenStream, tags: &BTreeSet<String>) -> TokenStream {
    let cfg = if tags.len() == 1 {
        quote!(#[cfg(#(feature = #tags)*)])
    } else {
        quote!(#[cfg(any(#(feature = #tags),*))])
    };
    let mut out = TokenStream::new();
    let mut at_start = true;
    let mut iter = tokens.into_iter().peekable();
    while let Some(tt) = iter.next() {
        if at_start {
            out.extend(cfg.clone());
        }
        at_start = match &tt {
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => {
                !matches!(iter.peek(), Some(TokenTree::Punct(p)) if p.as_char() == ';')
            }
            TokenTree::Punct(p) => p.as_char() == ';',
            _ => false,
        };
        out.extend([tt]);
    }
    out
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

fn type_def(def: &TypeDef, required: Option<&str>) -> TokenStream {
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
                .then(|| constructor(&name, &s.fields, s.additional.as_ref(), required));
            // `new()` without arguments wants `Default` beside it.
            let default = (def.serialize && s.fields.iter().all(|f| !f.required()))
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
        TypeKind::Newtype(ty) => {
            let derive = derives(def);
            let ty = rust_type(ty, &none);
            quote! {
                #doc
                #derive
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
        TypeKind::Enum(e) => string_enum(def, e),
        TypeKind::Union(u) => union(def, u),
    }
}

fn struct_field(field: &Field) -> TokenStream {
    let doc = doc_attrs(&field.doc);
    let name = ident(&field.name);
    let ty = rust_type(&field.rust_type(), &TokenStream::new());
    let rename = (crate::model::names::unraw(&field.name) != field.wire).then(|| {
        let wire = &field.wire;
        quote!(#[serde(rename = #wire)])
    });
    let optional = (!field.required())
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

/// `new(required..)` and a setter per optional field, as
/// [`surface::constructor`] decides them; past
/// `surface::MAX_POSITIONAL` required fields, `new` takes
/// them as the struct `required` names.
fn constructor(
    name: &proc_macro2::Ident,
    fields: &[Field],
    additional: Option<&Field>,
    required_struct: Option<&str>,
) -> TokenStream {
    let built = surface::constructor(fields, required_struct);
    let mut inits: Vec<TokenStream> = fields
        .iter()
        .map(|f| {
            let n = ident(&f.name);
            if f.required() {
                let (_, conv) = arg(&f.rust_type());
                if conv.is_empty() || built.required_struct.is_some() {
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
    let required = &built.required;
    let (new, required_def) = match &built.required_struct {
        Some(required_name) => {
            let required_ty = ident(required_name);
            let names: Vec<proc_macro2::Ident> = required.iter().map(|f| ident(&f.name)).collect();
            let defs = required.iter().map(|f| {
                let doc = doc_attrs(&f.doc);
                let n = ident(&f.name);
                let ty = rust_type(&f.rust_type(), &TokenStream::new());
                quote!(#doc pub #n: #ty,)
            });
            let doc = format!(
                " The required fields of [`{name}`], for [`{name}::new`]: a struct literal names each one, and leaving one out does not compile."
            );
            (
                quote! {
                    /// Creates a value from its required fields; the optional ones start empty.
                    pub fn new(required: #required_ty) -> Self {
                        let #required_ty { #(#names),* } = required;
                        Self { #(#inits),* }
                    }
                },
                quote! {
                    #[doc = #doc]
                    #[derive(Debug, Clone, PartialEq)]
                    pub struct #required_ty { #(#defs)* }
                },
            )
        }
        None => {
            let params = required.iter().map(|f| {
                let n = ident(&f.name);
                let (ty, _) = arg(&f.rust_type());
                quote!(#n: #ty)
            });
            (
                quote! {
                    /// Creates a value from its required fields; the optional ones start empty.
                    pub fn new(#(#params),*) -> Self {
                        Self { #(#inits),* }
                    }
                },
                TokenStream::new(),
            )
        }
    };
    let setters = built.setters.iter().map(|s| {
        let n = ident(&s.field.name);
        let setter = ident(s.name);
        let (ty, conv) = arg(s.value);
        let wire = code_span(&s.field.wire);
        match &s.null {
            Some(null_setter) => {
                let null_setter = ident(null_setter);
                let doc = format!(
                    " Sets {wire}; [`{null_setter}`](Self::{null_setter}) sends `null` instead."
                );
                let null_doc = format!(" Sends {wire} as `null`.");
                quote! {
                    #[doc = #doc]
                    pub fn #setter(mut self, value: #ty) -> Self {
                        self.#n = Some(Some(value #conv));
                        self
                    }
                    #[doc = #null_doc]
                    pub fn #null_setter(mut self) -> Self {
                        self.#n = Some(None);
                        self
                    }
                }
            }
            None => {
                let doc = format!(" Sets {wire}.");
                quote! {
                    #[doc = #doc]
                    pub fn #setter(mut self, value: #ty) -> Self {
                        self.#n = Some(value #conv);
                        self
                    }
                }
            }
        }
    });
    quote! {
        #required_def
        impl #name {
            #new
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
        let value_line = format!(" {}", code_span(&v.value));
        let mut lines = vec![value_line];
        if !v.doc.paragraphs.is_empty() {
            lines.push(String::new());
            lines.extend(doc_lines(&v.doc));
        }
        quote!(#(#[doc = #lines])* #vname,)
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
    // An open string enum tried before other variants decodes its listed
    // values only (`known_only`), through a function of the union's.
    let known_only = |i: usize, v: &UnionVariant| {
        let catch_all = v.known_only.as_ref().filter(|_| def.deserialize)?;
        Some((ident(&format!("known_only_{i}")), ident(catch_all)))
    };
    let variants: Vec<TokenStream> = u
        .variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let vname = ident(&v.name);
            let ty = rust_type(&v.ty, &none);
            let with = known_only(i, v).map(|(f, _)| {
                let path = format!("{}::{f}", def.name);
                quote!(#[serde(deserialize_with = #path)])
            });
            quote!(#with #vname(#ty),)
        })
        .collect();
    let ser = def.serialize.then(|| quote!(, serde::Serialize));
    match &u.discriminator {
        None => {
            let derive = derives(def);
            let fns: Vec<TokenStream> = u
                .variants
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let (f, catch_all) = known_only(i, v)?;
                    let ty = rust_type(&v.ty, &none);
                    Some(quote! {
                        fn #f<'de, D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<#ty, D::Error> {
                            match <#ty as serde::Deserialize>::deserialize(deserializer)? {
                                #ty::#catch_all(_) => Err(serde::de::Error::custom("not one of the listed values")),
                                known => Ok(known),
                            }
                        }
                    })
                })
                .collect();
            let known_only_fns = (!fns.is_empty()).then(|| quote!(impl #name { #(#fns)* }));
            quote! {
                #doc
                #derive
                #[serde(untagged)]
                #[allow(clippy::large_enum_variant)]
                #[non_exhaustive]
                pub enum #name { #(#variants)* }
                #known_only_fns
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
                " Tagged by the {} field; a value with a tag this version of the crate does not know is kept whole in `Unknown`.",
                code_span(property)
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

/// `{OperationId}Params`: the query, header and cookie parameters of one
/// operation.
fn params_struct(op: &Operation, required: Option<&str>) -> Option<TokenStream> {
    let struct_name = ident(op.params_struct.as_ref()?);
    let models = TokenStream::new();
    let params: Vec<&Param> = op
        .query
        .iter()
        .chain(&op.headers)
        .chain(&op.cookies)
        .collect();
    let fields = params.iter().map(|p| {
        let mut doc = p.doc.clone();
        doc.push(Some(&format!("Sent as {}.", code_span(&p.wire))));
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
            ty: p.ty.clone(),
            presence: Presence::of(p.required, false),
            doc: Doc::default(),
            example: None,
        })
        .collect();
    let builder = constructor(&struct_name, &as_fields, None, required);
    let default = params.iter().all(|p| !p.required).then(|| quote!(Default,));
    let kinds: Vec<&str> = [
        ("query", op.query.is_empty()),
        ("header", op.headers.is_empty()),
        ("cookie", op.cookies.is_empty()),
    ]
    .into_iter()
    .filter(|(_, empty)| !empty)
    .map(|(kind, _)| kind)
    .collect();
    let kinds = match kinds.as_slice() {
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => String::new(),
    };
    let doc = format!(
        " {}{} parameters of {}.",
        kinds[..1].to_uppercase(),
        &kinds[1..],
        code_span(&op.operation_id)
    );
    Some(quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #struct_name { #(#fields)* }
        #builder
    })
}
