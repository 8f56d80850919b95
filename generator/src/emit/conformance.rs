//! `tests/conformance.rs`: one test per operation that calls it against a
//! mock server serving the same spec (Prism) and checks that the successful
//! answer decodes into the generated type; paginated operations also drain
//! their stream, which must end.
//!
//! Arguments are built from the spec's examples where it gives them and of
//! the right kind, else from minimal valid values (the first enum value, an
//! empty list, `None` for what may be left out). Each operation is called
//! with what it requires, then, when it has optional parameters (query,
//! header, cookie), again with every one of them set (a list of two items
//! where the spec gives no example), so that the mock server checks how
//! each is sent.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use super::ident;
use crate::model::*;

/// How deep argument values nest before the builder gives up (recursive
/// request types).
const MAX_DEPTH: usize = 16;

/// The environment variable the tests read the mock server's URL from.
pub fn url_env(env_prefix: &str) -> String {
    format!("{env_prefix}_CONFORMANCE_URL")
}

pub fn conformance_rs(api: &Api, lib: &str, env_prefix: &str) -> Result<TokenStream, String> {
    let types: BTreeMap<&str, &TypeDef> = api.types.iter().map(|t| (t.name.as_str(), t)).collect();
    let krate = ident(lib);
    let values = Values {
        types: &types,
        krate: krate.clone(),
    };
    let env = url_env(env_prefix);
    let mut tests = Vec::new();
    let mut test_names = crate::model::names::Taken::default();
    for resource in &api.resources {
        for op in &resource.operations {
            let name = test_names.claim(&format!(
                "{}_{}",
                resource.accessor,
                crate::model::names::unraw(&op.method_name)
            ));
            tests.push(values.test(resource, op, &name)?);
        }
    }
    let doc = format!(
        " Every operation against a mock server serving the spec (Prism): set `{env}` to its URL. Written by the generator; see its `emit/conformance.rs`."
    );
    let skip = format!(
        "{env} is not set: the conformance tests need a mock server serving the spec (cargo xtask test starts one)"
    );
    Ok(quote! {
        #![doc = #doc]
        #![allow(deprecated, clippy::all)]

        use #krate::models;

        /// A client of the mock server, or `None` (with the reason printed) without one.
        fn client() -> Option<#krate::Client> {
            let Ok(url) = std::env::var(#env) else {
                println!(#skip);
                return None;
            };
            let client = #krate::Client::builder()
                .api_key("conformance-test-key")
                .base_url(url)
                .max_retries(0)
                .timeout(std::time::Duration::from_secs(30))
                .build();
            match client {
                Ok(client) => Some(client),
                Err(e) => panic!("the client does not build: {e}"),
            }
        }

        #(#tests)*
    })
}

struct Values<'a> {
    types: &'a BTreeMap<&'a str, &'a TypeDef>,
    /// The crate under test.
    krate: proc_macro2::Ident,
}

impl Values<'_> {
    fn test(&self, resource: &Resource, op: &Operation, name: &str) -> Result<TokenStream, String> {
        let test = ident(name);
        let accessor = ident(&resource.accessor);
        let method = ident(&op.method_name);
        let what = &op.operation_id;
        let mut args = Vec::new();
        for p in &op.path_params {
            let value = match &p.ty {
                TypeRef::String => {
                    let text = match &p.example {
                        Some(Value::String(s)) if !s.is_empty() => s.clone(),
                        _ => "string".to_string(),
                    };
                    quote!(#text)
                }
                other => self.value(other, p.example.as_ref(), 0)?,
            };
            args.push(value);
        }
        let mut setup = Vec::new();
        // Where the parameters go among the arguments, when a struct with
        // every optional one set (`every`) is built too.
        let mut every = None;
        if let Some(params) = &op.params_struct {
            let params_ty = ident(params);
            let required = op
                .query
                .iter()
                .chain(&op.headers)
                .chain(&op.cookies)
                .filter(|p| p.required)
                .map(|p| self.value(&p.ty, p.example.as_ref(), 0))
                .collect::<Result<Vec<_>, _>>()?;
            setup.push(quote!(let params = models::#params_ty::new(#(#required),*);));
            let setters = op
                .query
                .iter()
                .chain(&op.headers)
                .chain(&op.cookies)
                .filter(|p| !p.required)
                .map(|p| self.setter(p))
                .collect::<Result<Vec<_>, _>>()?;
            if !setters.is_empty() {
                setup.push(
                    quote!(let every = models::#params_ty::new(#(#required),*) #(#setters)*;),
                );
                every = Some(args.len());
            }
            args.push(quote!(&params));
        }
        if let Some(body) = &op.body {
            if body.required {
                let value = match &body.media {
                    BodyMedia::Json | BodyMedia::Form => self.value(&body.ty, None, 0)?,
                    BodyMedia::Multipart(_) => {
                        let krate = &self.krate;
                        quote!(#krate::Multipart::new())
                    }
                    BodyMedia::Bytes(_) => quote!(Vec::<u8>::new()),
                };
                setup.push(quote!(let body = #value;));
                args.push(quote!(&body));
            } else {
                args.push(quote!(None));
            }
        }
        let stream = op.pagination.as_ref().map(|p| {
            let stream = ident(&p.stream_method);
            let path_args = &args[..op.path_params.len()];
            quote! {
                let stream = client.#accessor().#stream(#(#path_args,)* &params);
                let items: Vec<_> = tokio::time::timeout(
                    std::time::Duration::from_secs(60),
                    futures_util::StreamExt::collect::<Vec<_>>(stream),
                )
                .await
                .unwrap_or_else(|_| panic!("{}: the stream did not end within 60 s", #what));
                for item in items {
                    if let Err(e) = item {
                        panic!("{} (stream): {e}", #what);
                    }
                }
            }
        });
        // The call again with every optional parameter set.
        let with_every = every.map(|at| {
            let args = args
                .iter()
                .enumerate()
                .map(|(i, a)| if i == at { quote!(&every) } else { a.clone() });
            quote! {
                if let Err(e) = client.#accessor().#method(#(#args),*).await {
                    panic!("{} (every optional parameter set): {e}", #what);
                }
            }
        });
        Ok(quote! {
            #[tokio::test]
            async fn #test() {
                let Some(client) = client() else { return };
                #(#setup)*
                if let Err(e) = client.#accessor().#method(#(#args),*).await {
                    panic!("{}: {e}", #what);
                }
                #with_every
                #stream
            }
        })
    }

    /// `.name(value)` setting an optional parameter on its struct: from the
    /// example, else a minimal value; a list gets two items, because Prism
    /// reads a lone `name=value` of a `type: [array, 'null']` query
    /// parameter as a string and refuses it (`name=a&name=b` it reads as the
    /// list it is).
    fn setter(&self, p: &Param) -> Result<TokenStream, String> {
        let setter = super::models::setter_name(&p.name);
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

    /// An expression of type `ty`, from `example` where it fits.
    fn value(
        &self,
        ty: &TypeRef,
        example: Option<&Value>,
        depth: usize,
    ) -> Result<TokenStream, String> {
        if depth > MAX_DEPTH {
            return Err(format!(
                "conformance tests: no finite value of a required `{}` (recursive request type)",
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
            return Err(format!("conformance tests: the model has no type `{name}`"));
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
                    return Err(format!("conformance tests: union `{name}` has no variant"));
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
                    .filter(|f| f.required)
                    .map(|f| {
                        let example = object.and_then(|o| o.get(&f.wire)).or(f.example.as_ref());
                        self.value(&f.ty, example, depth + 1)
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(models::#ty::new(#(#args),*))
            }
        })
    }
}

/// Whether a text looks like an RFC 3339 date-time (the test parses it).
fn chrono_like(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 20 && bytes[4] == b'-' && bytes[10] == b'T'
}
