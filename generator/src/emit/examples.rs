//! The `# Example` section of each operation's rustdoc: a `no_run` doctest
//! that calls the operation with its required arguments, its params and
//! body built the way the crate wants them; a paginated list points to its
//! `*_stream` method, whose example loops over every item. `cargo test` compiles every one, so an example cannot
//! drift from the method it documents.
//!
//! Examples are the generator's code, never spec text: values the spec
//! gives as examples reach them only as Rust literals (see `values.rs`),
//! and they are added to the doc after the spec's own text is made safe
//! (`docs.rs`).

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::ident;
use super::values::{Call, Values};
use crate::model::*;

/// The example's doc lines (each with its leading space) for a method, or
/// none when no finite value of a required argument can be written (a
/// recursive request type).
pub fn method_example(values: &Values, resource: &Resource, op: &Operation) -> Vec<String> {
    let Ok(call) = call(values, op) else {
        return Vec::new();
    };
    let statements = printed_call(&ident(&resource.accessor), op, &call);
    let mut lines = vec![String::new(), " # Example".to_string(), String::new()];
    lines.extend(doctest(values, quote!(), statements));
    if let Some(pagination) = crate::surface::stream(op) {
        let stream = crate::model::names::unraw(&pagination.stream_method);
        lines.push(String::new());
        lines.push(format!(
            " For every item, page after page, see [`{stream}`](Self::{stream})."
        ));
    }
    lines
}

/// The statements of one call, its params and body built first, whose
/// answer is printed from a variable named for it (`page`, `membership`,
/// `bytes`, `answer`; none for an empty answer).
pub(super) fn printed_call(accessor: &Ident, op: &Operation, call: &Call) -> TokenStream {
    let method = ident(&op.method_name);
    let setup = &call.setup;
    let args = &call.args;
    let invoke = quote!(client.#accessor().#method(#(#args),*).await?);
    let result = match (&op.pagination, &op.response) {
        (Some(_), _) => "page".to_string(),
        (None, Response::Empty) => return quote!(#(#setup)* #invoke;),
        (None, Response::Bytes(_)) => "bytes".to_string(),
        (None, Response::Json(TypeRef::Named(name))) => binding(name),
        (None, _) => "answer".to_string(),
    };
    let print = format!("{{{result}:?}}");
    let result = ident(&result);
    quote!(#(#setup)* let #result = #invoke; println!(#print);)
}

/// The example of a `*_stream` method.
pub fn stream_example(values: &Values, resource: &Resource, op: &Operation) -> Vec<String> {
    let Some(pagination) = crate::surface::stream(op) else {
        return Vec::new();
    };
    match stream_doctest(values, resource, op, pagination) {
        Some(lines) => [String::new(), " # Example".to_string(), String::new()]
            .into_iter()
            .chain(lines)
            .collect(),
        None => Vec::new(),
    }
}

fn stream_doctest(
    values: &Values,
    resource: &Resource,
    op: &Operation,
    pagination: &Pagination,
) -> Option<Vec<String>> {
    let call = call(values, op).ok()?;
    let accessor = ident(&resource.accessor);
    let stream = ident(&pagination.stream_method);
    let path_args = &call.args[..op.path_params.len()];
    let setup = &call.setup;
    // No `pin!`: the stream is `Unpin`, so `try_next` takes it as it is.
    Some(doctest(
        values,
        quote!(
            use futures_util::TryStreamExt;
        ),
        quote! {
            #(#setup)*
            let mut items = client.#accessor().#stream(#(#path_args,)* &params);
            while let Some(item) = items.try_next().await? {
                println!("{item:?}");
            }
        },
    ))
}

/// A variable named for the type a call returns (`Membership` ->
/// `membership`), or `answer` where that name is taken or not plain.
fn binding(type_name: &str) -> String {
    let name = crate::model::names::field_name(type_name);
    let plain = name.chars().all(|c| c.is_ascii_lowercase() || c == '_')
        && name.len() <= 24
        && !["client", "params", "body", "models", "item", "items"].contains(&name.as_str());
    if plain { name } else { "answer".to_string() }
}

/// A call with what it requires, an optional body built and sent; a path
/// parameter without an example is named for what it is (`id_123`).
pub(super) fn call(values: &Values, op: &Operation) -> Result<Call, String> {
    values.call(
        op,
        |p| {
            format!(
                "{}_123",
                crate::model::names::unraw(&p.name).trim_end_matches('_')
            )
        },
        true,
    )
}

/// A `no_run` doctest around `use` items and statements: the function
/// that holds them (with a `client`) is hidden, the rest is shown as
/// prettyplease writes it. `use <crate>::models;` is added when the
/// statements name a model.
pub(super) fn doctest(values: &Values, uses: TokenStream, statements: TokenStream) -> Vec<String> {
    let krate = values.krate();
    let models = names_models(statements.clone()).then(|| quote!(use #krate::models;));
    let file = quote! {
        async fn example(client: &#krate::Client) -> #krate::Result<()> {
            #uses
            #models
            #statements
            Ok(())
        }
    };
    hidden_signature(file)
}

/// A `no_run` doctest of one function: its signature and its last two
/// lines (`Ok(())` and `}`) hidden, the rest of its body shown as
/// prettyplease writes it.
pub(super) fn hidden_signature(file: TokenStream) -> Vec<String> {
    let Ok(file) = syn::parse2::<syn::File>(file) else {
        return Vec::new();
    };
    let text = prettyplease::unparse(&file);
    let lines: Vec<&str> = text.lines().collect();
    // The function's signature, however prettyplease wraps it, ends with
    // the first line that opens its body.
    let Some(start) = lines.iter().position(|l| l.ends_with('{')).map(|i| i + 1) else {
        return Vec::new();
    };
    let end = lines.len().saturating_sub(2);
    let mut out = vec![" ```no_run".to_string()];
    out.extend(lines[..start].iter().map(|l| format!(" # {l}")));
    out.extend(
        lines[start..end]
            .iter()
            .map(|l| format!(" {}", l.strip_prefix("    ").unwrap_or(l))),
    );
    out.extend(lines[end..].iter().map(|l| format!(" # {}", l.trim())));
    out.push(" ```".to_string());
    out
}

/// Whether tokens use the `models` module anywhere, nested groups included.
fn names_models(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|t| match t {
        proc_macro2::TokenTree::Ident(i) => i == "models",
        proc_macro2::TokenTree::Group(g) => names_models(g.stream()),
        _ => false,
    })
}
