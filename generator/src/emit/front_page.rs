//! The crate's front page (the top of `lib.rs`'s docs): every resource with
//! its accessor, type and feature, and the common flows shown on one
//! resource (list a page and every item, retrieve, create, update with a
//! field set to `null`, handle an error), each a compiled `no_run` example.
//!
//! The resource is the one whose operations show the most of those flows
//! (then the one with the most operations), so the examples tell one
//! story. Like the operations' own examples (`examples.rs`), everything here
//! is the generator's code; spec values reach it only as Rust literals.

use proc_macro2::TokenStream;
use quote::quote;

use super::examples::{call, doctest, printed_call};
use super::ident;
use super::values::Values;
use crate::model::*;
use crate::surface::null_setter_names;

/// The flows a resource's operations show.
#[derive(Default)]
struct Flows<'a> {
    list: Option<&'a Operation>,
    retrieve: Option<&'a Operation>,
    create: Option<&'a Operation>,
    /// The update, and a field of its body that may be sent as `null`
    /// with the name of the setter that does it.
    update: Option<(&'a Operation, &'a Field, String)>,
}

impl<'a> Flows<'a> {
    fn of(api: &'a Api, resource: &'a Resource) -> Flows<'a> {
        let ops = &resource.operations;
        let plain = |op: &&Operation| !op.deprecated;
        Flows {
            list: ops
                .iter()
                .filter(plain)
                .find(|o| o.pagination.is_some() && o.path_params.is_empty()),
            retrieve: ops.iter().filter(plain).find(|o| {
                o.http_method == HttpMethod::Get
                    && o.path_params.len() == 1
                    && o.body.is_none()
                    && matches!(o.response, Response::Json(TypeRef::Named(_)))
            }),
            create: ops.iter().filter(plain).find(|o| {
                o.http_method == HttpMethod::Post
                    && o.path_params.is_empty()
                    && o.body.as_ref().is_some_and(|b| b.media == BodyMedia::Json)
            }),
            update: ops
                .iter()
                .filter(plain)
                .filter(|o| matches!(o.http_method, HttpMethod::Patch | HttpMethod::Put))
                .filter(|o| o.path_params.len() == 1)
                .find_map(|o| {
                    let (field, null_setter) = nullable_field(api, o)?;
                    Some((o, field, null_setter))
                }),
        }
    }

    fn count(&self) -> usize {
        [
            self.list.is_some(),
            self.retrieve.is_some(),
            self.create.is_some(),
            self.update.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count()
    }
}

/// A field of an operation's JSON body struct that is optional and
/// nullable (`Option<Option<T>>`), and its setter sending `null`.
fn nullable_field<'a>(api: &'a Api, op: &Operation) -> Option<(&'a Field, String)> {
    let body = op.body.as_ref().filter(|b| b.media == BodyMedia::Json)?;
    let TypeRef::Named(name) = &body.ty else {
        return None;
    };
    let def = api.types.iter().find(|t| &t.name == name)?;
    let TypeKind::Struct(s) = &def.kind else {
        return None;
    };
    s.fields
        .iter()
        .zip(null_setter_names(&s.fields))
        .find_map(|(f, null_setter)| Some((f, null_setter?)))
}

/// A line of the front page, shown only with the cargo feature it names:
/// the examples and table rows of a tag need its feature to compile.
pub type Line = (Option<String>, String);

/// The front page's sections, as doc lines (each with its leading space).
pub fn sections(api: &Api, values: &Values, named: Option<&str>) -> Vec<Line> {
    let mut lines: Vec<Line> = Vec::new();
    if let Some((resource, flows)) = showcase(api, named) {
        let feature = crate::surface::feature(resource);
        lines.extend(
            common_flows(values, resource, &flows)
                .into_iter()
                .map(|l| (Some(feature.clone()), l)),
        );
    }
    if let Some(event) = api.webhooks.events.first() {
        lines.extend(
            webhooks(values, event)
                .into_iter()
                .map(|l| (Some("webhooks".to_string()), l)),
        );
    }
    lines.extend(resources(api));
    lines
}

/// `## Webhooks`: verify a request and match on its event.
fn webhooks(values: &Values, event: &crate::model::Event) -> Vec<String> {
    let krate = values.krate();
    let variant = ident(&event.variant);
    let mut lines = Vec::new();
    section(
        &mut lines,
        "Webhooks",
        "With the `webhooks` feature (on by default): check a request's signature with the secret from the environment and decode its event.",
    );
    let file = quote! {
        fn handle(body: &[u8], headers: &reqwest::header::HeaderMap) -> Result<(), #krate::webhooks::WebhookError> {
            use #krate::webhooks::{Event, Webhook};
            let webhook = Webhook::from_env()?;
            match webhook.unwrap(body, headers)? {
                Event::#variant(event) => println!("{event:?}"),
                other => println!("another event: {:?}", other.name()),
            }
            Ok(())
        }
    };
    lines.extend(super::examples::hidden_signature(file));
    lines
}

/// The resource the front page shows: the one `named` (its accessor) if it
/// shows a flow, else the one showing the most.
fn showcase<'a>(api: &'a Api, named: Option<&str>) -> Option<(&'a Resource, Flows<'a>)> {
    let chosen = api
        .resources
        .iter()
        .filter(|r| Some(crate::model::names::unraw(&r.accessor)) == named)
        .map(|r| (r, Flows::of(api, r)))
        .find(|(_, f)| f.count() > 0);
    if chosen.is_some() {
        return chosen;
    }
    api.resources
        .iter()
        .map(|r| (r, Flows::of(api, r)))
        .filter(|(_, f)| f.count() > 0)
        // The most flows, then the most operations, then the first name.
        .max_by(|(a, fa), (b, fb)| {
            (fa.count(), a.operations.len())
                .cmp(&(fb.count(), b.operations.len()))
                .then_with(|| b.accessor.cmp(&a.accessor))
        })
}

/// The example of the options rule: options set on the showcase's
/// resource, and a call's own merged over them. Empty when no resource
/// shows a retrieve or a list.
pub fn options(api: &Api, values: &Values, named: Option<&str>) -> Vec<Line> {
    let Some((resource, flows)) = showcase(api, named) else {
        return Vec::new();
    };
    let Some(op) = flows.retrieve.or(flows.list) else {
        return Vec::new();
    };
    let Ok(call) = call(values, op) else {
        return Vec::new();
    };
    let krate = values.krate();
    let accessor = ident(&resource.accessor);
    let method = ident(&op.method_name);
    let setup = &call.setup;
    let args = &call.args;
    let feature = crate::surface::feature(resource);
    let text = [
        "",
        " Here the call keeps its resource's timeout and `X-Source` header, and adds no retries and a header of its own:",
        "",
    ];
    let example = doctest(
        values,
        quote!(
            use std::time::Duration;
            use #krate::RequestOptions;
        ),
        quote! {
            #(#setup)*
            let resource = client.#accessor().with_options(
                RequestOptions::new()
                    .timeout(Duration::from_secs(10))
                    .header("X-Source", "nightly-sync"),
            );
            let answer = resource
                .#method(#(#args),*)
                .with_options(
                    RequestOptions::new()
                        .max_retries(0)
                        .header("Idempotency-Key", "order-1234"),
                )
                .with_raw_response()
                .await?;
            println!("HTTP {} (request id {:?}): {:?}", answer.status, answer.request_id, answer.value);
        },
    );
    text.into_iter()
        .map(str::to_string)
        .chain(example)
        .map(|l| (Some(feature.clone()), l))
        .collect()
}

/// `# Resources`: a table of every resource.
fn resources(api: &Api) -> Vec<Line> {
    if api.resources.is_empty() {
        return Vec::new();
    }
    let mut lines: Vec<Line> = [
        "",
        " # Resources",
        "",
        " Each resource is reached through a method of [`Client`] and compiled with the cargo feature of the same name (all on by default). An operation's parameters and body types are named in its method's signature and live in [`models`].",
        "",
        " | Resource | Operations | Feature |",
        " |---|---|---|",
    ]
    .into_iter()
    .map(|l| (None, l.to_string()))
    .collect();
    for r in &api.resources {
        let accessor = crate::model::names::unraw(&r.accessor);
        let feature = crate::surface::feature(r);
        let row = format!(
            " | [`client.{accessor}()`](resources::{name}) | {ops} | `{feature}` |",
            name = r.struct_name,
            ops = r.operations.len(),
        );
        lines.push((Some(feature), row));
    }
    lines
}

/// A `##` heading and, unless empty, a paragraph, each followed by a
/// blank line.
fn section(lines: &mut Vec<String>, heading: &str, text: &str) {
    lines.push(String::new());
    lines.push(format!(" ## {heading}"));
    lines.push(String::new());
    if !text.is_empty() {
        lines.push(format!(" {text}"));
        lines.push(String::new());
    }
}

/// `# Common flows`, on one resource.
fn common_flows(values: &Values, resource: &Resource, flows: &Flows) -> Vec<String> {
    let accessor = ident(&resource.accessor);
    let shown = crate::model::names::unraw(&resource.accessor);
    let mut lines = vec![
        String::new(),
        " # Common flows".to_string(),
        String::new(),
        format!(
            " Shown on `client.{shown}()`; every operation's own documentation has an example of the same shape."
        ),
    ];
    let call_of = |op: &Operation| call(values, op).ok();
    if let Some(op) = flows.list
        && let (Some(call), Some(p)) = (call_of(op), crate::surface::stream(op))
    {
        let method = ident(&op.method_name);
        let stream = ident(&p.stream_method);
        let setup = &call.setup;
        let args = &call.args;
        section(
            &mut lines,
            "List",
            &format!(
                "One page at a time with `{}`, or every item, page after page, with `{}` (an `Unpin` `Stream`: add `futures-util` to your dependencies for `TryStreamExt`).",
                crate::model::names::unraw(&op.method_name),
                crate::model::names::unraw(&p.stream_method),
            ),
        );
        lines.extend(doctest(
            values,
            quote!(
                use futures_util::TryStreamExt;
            ),
            quote! {
                #(#setup)*
                let page = client.#accessor().#method(#(#args),*).await?;
                println!("{page:?}");

                let mut items = client.#accessor().#stream(#(#args),*);
                while let Some(item) = items.try_next().await? {
                    println!("{item:?}");
                }
            },
        ));
    }
    if let Some(op) = flows.retrieve
        && let Some(call) = call_of(op)
    {
        section(&mut lines, "Retrieve", "");
        lines.extend(doctest(
            values,
            quote!(),
            printed_call(&accessor, op, &call),
        ));
    }
    if let Some(op) = flows.create
        && let Some(call) = call_of(op)
    {
        section(
            &mut lines,
            "Create",
            "A body's `new` takes its required fields (more than three as one `{Type}Required` struct literal, which names each of them); each optional field has a setter.",
        );
        lines.extend(doctest(
            values,
            quote!(),
            printed_call(&accessor, op, &call),
        ));
    }
    if let Some((op, field, null_setter)) = &flows.update
        && let Some(call) = call_of(op)
    {
        let wire = super::docs::code_span(&field.wire);
        section(
            &mut lines,
            "Update, with a field set to null",
            &format!(
                "Fields left unset are not sent. A nullable field's setter takes its value, and a second setter named after it with `_null` sends `null` (here `{null_setter}()`, for {wire}), which clears it. An optional body is passed as `&body`, or `None` to send none."
            ),
        );
        let setter = ident(null_setter);
        let mut call = call;
        // The body as the example builds it, with the field set to null.
        if let Some(body) = call.setup.last_mut() {
            let built = std::mem::take(body);
            let mut tokens: Vec<proc_macro2::TokenTree> = built.into_iter().collect();
            // `let body = <value>;`: insert the setter before the `;`.
            if matches!(tokens.last(), Some(proc_macro2::TokenTree::Punct(p)) if p.as_char() == ';')
            {
                tokens.pop();
                let value: TokenStream = tokens.into_iter().collect();
                *body = quote!(#value .#setter(););
            } else {
                *body = tokens.into_iter().collect();
            }
        }
        lines.extend(doctest(
            values,
            quote!(),
            printed_call(&accessor, op, &call),
        ));
    }
    if let Some(op) = flows.retrieve.or(flows.list)
        && let Some(call) = call_of(op)
    {
        let method = ident(&op.method_name);
        let setup = &call.setup;
        let args = &call.args;
        section(
            &mut lines,
            "Errors",
            "An [`Error`] tells an answer of the API (with its status, parsed body and request id) from a connection failure, a timeout or an answer that does not decode; `is_not_found()` and its siblings name the common statuses, and `is_retryable()` says whether trying again may help (the client already retries those).",
        );
        lines.extend(doctest(
            values,
            quote!(),
            quote! {
                #(#setup)*
                match client.#accessor().#method(#(#args),*).await {
                    Ok(found) => println!("{found:?}"),
                    Err(e) if e.is_not_found() => println!("no such thing"),
                    Err(e) => {
                        eprintln!("HTTP {:?}, request id {:?}: {e}", e.status(), e.request_id());
                        return Err(e);
                    }
                }
            },
        ));
    }
    lines
}
