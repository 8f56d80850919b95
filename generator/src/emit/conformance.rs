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

use proc_macro2::TokenStream;
use quote::quote;

use super::values::Values;

use super::ident;
use crate::model::*;

/// The environment variable the tests read the mock server's URL from.
pub fn url_env(env_prefix: &str) -> String {
    format!("{env_prefix}_CONFORMANCE_URL")
}

pub fn conformance_rs(api: &Api, lib: &str, env_prefix: &str) -> Result<TokenStream, String> {
    let krate = ident(lib);
    let values = Values::new(api, lib);
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
            tests.push(
                test(&values, resource, op, &name)
                    .map_err(|e| format!("conformance tests: {e}"))?,
            );
        }
    }
    let doc = format!(
        " Every operation against a mock server serving the spec (Prism): set `{env}` to its URL. Written by the generator; see its `emit/conformance.rs`."
    );
    let skip = format!(
        "{env} is not set: the conformance tests need a mock server serving the spec (cargo xtask test starts one)"
    );
    // Credentials of each kind the API takes (`build` refuses the others).
    let api_key = api
        .schemes
        .iter()
        .any(|s| s.auth != Auth::Basic)
        .then(|| quote!(.api_key("conformance-test-key")));
    let basic = api
        .schemes
        .iter()
        .any(|s| s.auth == Auth::Basic)
        .then(|| quote!(.basic_auth("conformance-test-user", "conformance-test-password")));
    Ok(quote! {
        #![doc = #doc]
        #![allow(deprecated, unused_imports, clippy::all)]

        use #krate::models;

        /// A client of the mock server, or `None` (with the reason printed) without one.
        fn client() -> Option<#krate::Client> {
            let Ok(url) = std::env::var(#env) else {
                println!(#skip);
                return None;
            };
            let client = #krate::Client::builder()
                #api_key
                #basic
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

fn test(
    values: &Values,
    resource: &Resource,
    op: &Operation,
    name: &str,
) -> Result<TokenStream, String> {
    let test = ident(name);
    let accessor = ident(&resource.accessor);
    let method = ident(&op.method_name);
    let what = &op.operation_id;
    // Prism takes any text as a path parameter.
    let call = values.call(op, |_| "string".to_string(), false)?;
    let mut setup = call.setup;
    let args = call.args;
    // Where the parameters go among the arguments, when a struct with
    // every optional one set (`every`) is built too.
    let mut every = None;
    if let Some(at) = call.params_at {
        let value = &call.params_value;
        let setters = op
            .query
            .iter()
            .chain(&op.headers)
            .chain(&op.cookies)
            .filter(|p| !p.required)
            .map(|p| values.setter(p))
            .collect::<Result<Vec<_>, _>>()?;
        if !setters.is_empty() {
            setup.push(quote!(let every = #value #(#setters)*;));
            every = Some(at);
        }
    }
    let stream = crate::surface::stream(op).map(|p| {
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
