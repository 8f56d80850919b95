//! `src/resources/*.rs`: one struct per tag with one async method per
//! operation, and `src/resources/mod.rs` with the client's accessors.
//!
//! Methods are thin: they build a `Request` and hand it to the runtime's
//! one non-generic `Client::send`; only decoding is generic.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::doc_attrs;
use super::{ident, rust_type};
use crate::model::*;

/// `resources/mod.rs`.
pub fn mod_rs(api: &Api) -> TokenStream {
    let mods = api.resources.iter().map(|r| {
        let module = ident(&r.accessor);
        let name = ident(&r.struct_name);
        quote! { mod #module; pub use #module::#name; }
    });
    let accessors = api.resources.iter().map(|r| {
        let accessor = ident(&r.accessor);
        let name = ident(&r.struct_name);
        let mut doc = Doc::default();
        doc.push(Some(&format!("Operations tagged `{}`.", r.tag)));
        doc.push(
            r.doc
                .paragraphs
                .first()
                .map(String::as_str)
                .filter(|d| *d != r.tag),
        );
        let doc = doc_attrs(&doc);
        quote! {
            #doc
            pub fn #accessor(&self) -> #name<'_> {
                #name { client: self }
            }
        }
    });
    let accessors: Vec<TokenStream> = accessors.collect();
    let client_impl = (!accessors.is_empty()).then(|| {
        quote! {
            impl crate::Client {
                #(#accessors)*
            }
        }
    });
    quote! {
        //! The API's operations, grouped by tag: one struct per tag, reached
        //! through the client's method of the same name.
        #(#mods)*
        #client_impl
    }
}

/// `resources/{accessor}.rs`.
pub fn resource_rs(resource: &Resource) -> TokenStream {
    let name = ident(&resource.struct_name);
    let mut doc = Doc::default();
    doc.push(Some(&format!(
        "Operations tagged `{}`: get one with `client.{}()`.",
        resource.tag, resource.accessor
    )));
    let doc = doc_attrs(&doc);
    let methods = resource.operations.iter().map(method);
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct #name<'a> {
            pub(crate) client: &'a crate::Client,
        }
        impl #name<'_> {
            #(#methods)*
        }
    }
}

/// The text of a parameter value, as sent in a path, query or header.
fn text_of(value: TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(#value.as_str()),
        TypeRef::DateTime => {
            quote!(&#value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true))
        }
        _ => quote!(&#value.to_string()),
    }
}

fn method(op: &Operation) -> TokenStream {
    let models = quote!(crate::models::);
    let mut doc = op.doc.clone();
    if !op.path_params.is_empty() {
        let list: Vec<String> = op
            .path_params
            .iter()
            .map(|p| {
                let mut line = format!("- `{}`", crate::model::names::unraw(&p.name));
                if let Some(d) = p.doc.paragraphs.first() {
                    line.push_str(": ");
                    line.push_str(d);
                }
                line
            })
            .collect();
        doc.push(Some(&format!("Path parameters:\n{}", list.join("\n"))));
    }
    let doc = doc_attrs(&doc);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(&op.method_name);

    let mut args = Vec::new();
    for p in &op.path_params {
        let n = ident(&p.name);
        let ty = match &p.ty {
            TypeRef::String => quote!(&str),
            other => rust_type(other, &models),
        };
        args.push(quote!(#n: #ty));
    }
    if let Some(params) = &op.params_struct {
        let params = ident(params);
        args.push(quote!(params: &crate::models::#params));
    }
    if let Some(body) = &op.body {
        let ty = rust_type(&body.ty, &models);
        if body.required {
            args.push(quote!(body: &#ty));
        } else {
            args.push(quote!(body: Option<&#ty>));
        }
    }

    // Each path parameter is encoded into a local of the same name, then the
    // path is one `format!` with the names inline.
    let mut encode = Vec::new();
    let mut template = op.path.replace('{', "{{").replace('}', "}}");
    for p in &op.path_params {
        let n = ident(&p.name);
        let wire = &p.wire;
        let value = match &p.ty {
            TypeRef::String => quote!(#n),
            other => text_of(quote!(#n), other),
        };
        encode.push(quote!(let #n = crate::client::path_param(#wire, #value)?;));
        template = template.replace(&format!("{{{{{wire}}}}}"), &format!("{{{}}}", p.name));
    }
    let path = if encode.is_empty() {
        quote!(#template.to_string())
    } else {
        quote!(format!(#template))
    };
    let method = ident(op.http_method.as_str());

    let mut steps = Vec::new();
    for p in &op.query {
        let n = ident(&p.name);
        let wire = &p.wire;
        let explode = matches!(p.style, QueryStyle::Form { explode: true });
        let push = |value: TokenStream, ty: &TypeRef| -> TokenStream {
            match ty {
                TypeRef::Map(_) if p.style == QueryStyle::DeepObject => {
                    quote!(request.query_deep(#wire, #value.iter());)
                }
                TypeRef::Vec(item) if explode => {
                    let text = text_of(quote!(item), item);
                    quote!(for item in #value.iter() { request.query(#wire, #text); })
                }
                TypeRef::Vec(item) => {
                    let text = text_of(quote!(item), item);
                    quote! {
                        let joined: Vec<String> = #value.iter().map(|item| (#text).to_string()).collect();
                        request.query(#wire, &joined.join(","));
                    }
                }
                other => {
                    let text = text_of(value, other);
                    quote!(request.query(#wire, #text);)
                }
            }
        };
        if p.required {
            steps.push(push(quote!(params.#n), &p.ty));
        } else {
            let inner = push(quote!(value), &p.ty);
            steps.push(quote!(if let Some(value) = &params.#n { #inner }));
        }
    }
    for p in &op.headers {
        let n = ident(&p.name);
        let wire = &p.wire;
        if p.required {
            let text = text_of(quote!(params.#n), &p.ty);
            steps.push(quote!(request.header(#wire, #text)?;));
        } else {
            let text = text_of(quote!(value), &p.ty);
            steps.push(quote!(if let Some(value) = &params.#n { request.header(#wire, #text)?; }));
        }
    }
    match &op.body {
        Some(body) if body.required => steps.push(quote!(request.json(body)?;)),
        Some(_) => steps.push(quote!(if let Some(body) = body {
            request.json(body)?;
        })),
        None => {}
    }
    let (output, finish) = match &op.response {
        Response::Json(ty) => {
            let ty = rust_type(ty, &models);
            (ty.clone(), quote!(response.json::<#ty>()))
        }
        Response::JsonOrEmpty(ty) => {
            let ty = rust_type(ty, &models);
            (quote!(Option<#ty>), quote!(response.json_or_empty::<#ty>()))
        }
        Response::Empty => (quote!(()), quote!(response.empty())),
        Response::Bytes(media) => {
            steps.push(quote!(request.accept(#media);));
            (quote!(Vec<u8>), quote!(Ok(response.into_bytes())))
        }
    };
    let mutable = (!steps.is_empty()).then(|| quote!(mut));

    quote! {
        #doc
        #deprecated
        pub async fn #name(&self, #(#args),*) -> crate::Result<#output> {
            #(#encode)*
            let #mutable request = crate::client::Request::new(reqwest::Method::#method, #path);
            #(#steps)*
            let response = self.client.send(request).await?;
            #finish
        }
    }
}
