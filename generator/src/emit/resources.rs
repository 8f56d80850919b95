//! `src/resources/*.rs`: one struct per tag with one method per operation,
//! and `src/resources/mod.rs` with the client's accessors.
//!
//! Methods are thin: they build a `Request` and return it as a runtime
//! `Call` with how to decode the answer (`Decode`). Awaiting the call runs
//! the runtime's one non-generic `Client::send`; only decoding is generic.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{code_span, doc_attrs};
use super::examples;
use super::values::Values;
use super::{ident, rust_type};
use crate::model::*;
use crate::surface::{self, Tokens};

/// `resources/mod.rs`.
pub fn mod_rs(api: &Api) -> TokenStream {
    // Each tag compiles only with its feature (surface::feature).
    let cfg = |r: &Resource| {
        let feature = crate::surface::feature(r);
        quote!(#[cfg(feature = #feature)])
    };
    let mods = api.resources.iter().map(|r| {
        let module = ident(&r.accessor);
        let name = ident(&r.struct_name);
        let cfg = cfg(r);
        let answers = r.operations.iter().filter_map(|o| match &o.response {
            Response::ByStatus { name, .. } => Some(ident(name)),
            _ => None,
        });
        quote! { #cfg mod #module; #cfg pub use #module::{#name #(, #answers)*}; }
    });
    let accessors = api.resources.iter().map(|r| {
        let cfg = cfg(r);
        let accessor = ident(&r.accessor);
        let name = ident(&r.struct_name);
        let mut doc = Doc::default();
        doc.push(Some(&group_doc(r)));
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
            #cfg
            pub fn #accessor(&self) -> #name<'_> {
                #name { client: self, options: crate::RequestOptions::new() }
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

/// What the operations of a resource have in common.
fn group_doc(resource: &Resource) -> String {
    if resource.by_path {
        format!(
            "Operations on paths under {} (the spec gives them no tag).",
            code_span(&format!("/{}", resource.tag))
        )
    } else {
        format!("Operations tagged {}.", code_span(&resource.tag))
    }
}

/// `resources/{accessor}.rs`.
pub fn resource_rs(resource: &Resource, schemes: &[Scheme], values: &Values) -> TokenStream {
    let name = ident(&resource.struct_name);
    let mut doc = Doc::default();
    doc.push(Some(&format!(
        "{}: get one with `client.{}()`.",
        group_doc(resource).trim_end_matches('.'),
        resource.accessor
    )));
    let doc = doc_attrs(&doc);
    let methods = resource.operations.iter().map(|op| {
        let stream = surface::stream(op)
            .map(|p| stream_method(op, p, &examples::stream_example(values, resource, op)));
        let method = method(
            &surface::method(resource, op),
            schemes,
            &examples::method_example(values, resource, op),
        );
        quote!(#method #stream)
    });
    let answers = resource.operations.iter().map(answer_enum);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct #name<'a> {
            pub(crate) client: &'a crate::Client,
            pub(crate) options: crate::RequestOptions,
        }
        impl<'a> #name<'a> {
            /// Options for every call made through this value, the pages of its streams included, merged over any set before it; a call's own `with_options` is merged over these (see [`RequestOptions`](crate::RequestOptions)).
            pub fn with_options(mut self, options: crate::RequestOptions) -> Self {
                self.options.merge(options);
                self
            }
            #(#methods)*
        }
        #(#answers)*
    }
}

/// What an operation whose security is not the API's sends.
fn security_doc(security: &[Vec<usize>], schemes: &[Scheme]) -> String {
    let alternatives: Vec<String> = security_alternatives(schemes, security)
        .into_iter()
        .map(|alternative| {
            let names: Vec<String> = alternative.iter().map(|s| code_span(&s.name)).collect();
            if names.is_empty() {
                "none".to_string()
            } else {
                names.join(" and ")
            }
        })
        .collect();
    match &alternatives[..] {
        [] => "Sends no credentials (the spec asks for none).".to_string(),
        [one] if one == "none" => "Sends no credentials (the spec asks for none).".to_string(),
        [one] => format!("Credentials: {one} (the spec's security for this operation)."),
        _ => format!(
            "Credentials: the first configured of {} (the spec's security for this operation).",
            alternatives.join(", or ")
        ),
    }
}

/// The enum an operation with several success types returns (nothing for
/// the others): a variant per answer, decoded by status code.
fn answer_enum(op: &Operation) -> TokenStream {
    let Response::ByStatus { name, answers } = &op.response else {
        return TokenStream::new();
    };
    let name = ident(name);
    let models = quote!(crate::models::);
    let mut variants = Vec::new();
    let mut exact = Vec::new();
    let mut ranges = Vec::new();
    let mut fallback = TokenStream::new();
    for (i, answer) in answers.iter().enumerate() {
        let variant = ident(&answer.variant);
        let (payload, decode, what) = match &answer.body {
            Response::Json(ty) => {
                let ty = rust_type(ty, &models);
                (
                    quote!((#ty)),
                    quote!(Self::#variant(response.json()?)),
                    "its JSON body",
                )
            }
            Response::Bytes(_) => (
                quote!((Vec<u8>)),
                quote!(Self::#variant(response.into_bytes()?)),
                "its body",
            ),
            _ => (quote!(), quote!(Self::#variant), "no body"),
        };
        let status = answer.status.as_str();
        let range = status
            .strip_suffix("XX")
            .and_then(|h| h.parse::<u16>().ok());
        let doc = match (status, range) {
            ("default", _) => format!(" Any success status: {what}."),
            (_, Some(_)) => format!(" A {} status: {what}.", status.to_ascii_lowercase()),
            _ => format!(" Status {status}: {what}."),
        };
        variants.push(quote!(#[doc = #doc] #variant #payload,));
        // Exact codes are matched before ranges; the first answer also
        // takes any success status the spec does not list.
        if let Some(hundreds) = range {
            let low = proc_macro2::Literal::u16_unsuffixed(hundreds * 100);
            let high = proc_macro2::Literal::u16_unsuffixed(hundreds * 100 + 99);
            // A guard: a range pattern beside an exact code in it is
            // clippy's `match_overlapping_arm`.
            ranges.push(quote!(status if (#low..=#high).contains(&status) => #decode,));
        } else if let Ok(code) = status.parse::<u16>() {
            let code = proc_macro2::Literal::u16_unsuffixed(code);
            exact.push(quote!(#code => #decode,));
        }
        if i == 0 {
            fallback = decode;
        }
    }
    let doc = format!(
        " What `{}` answers: one variant per success status of the spec, chosen by the status the server sent (a success status the spec does not list takes the first).",
        crate::model::names::unraw(&op.method_name)
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
        #[serde(untagged)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        impl #name {
            /// Decodes an answer by its status.
            pub(crate) fn decode(response: crate::client::Response) -> crate::Result<Self> {
                Ok(match response.status() {
                    #(#exact)*
                    #(#ranges)*
                    _ => #fallback,
                })
            }
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

/// [`text_of`] as a `String` (an item of a list joined with commas).
fn owned_text_of(value: TokenStream, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::DateTime => quote!(#value.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
        _ => quote!(#value.to_string()),
    }
}

/// The text of a path, header or cookie parameter's value (`style:
/// simple`): its own text, or for a structured value the runtime's.
fn param_text(p: &Param, value: TokenStream) -> TokenStream {
    if p.structured {
        let wire = &p.wire;
        quote!(&crate::encode::simple_text(#wire, &#value)?)
    } else {
        text_of(value, &p.ty)
    }
}

/// One method, as [`surface::method`] decides its name and arguments.
fn method(m: &surface::Method, schemes: &[Scheme], example: &[String]) -> TokenStream {
    let op = m.op;
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
    if let Some(Body {
        media: BodyMedia::Multipart(fields),
        ..
    }) = &op.body
    {
        let mut text =
            "The body is `multipart/form-data`: build it with `Multipart` (at the crate root)"
                .to_string();
        if !fields.is_empty() {
            text.push_str(&format!("; the API reads the fields {}", fields.join(", ")));
        }
        text.push('.');
        doc.push(Some(&text));
    }
    if let Some(server) = &op.server {
        doc.push(Some(&format!(
            "Sent to the operation's own server, {}, unless the client's base URL is set (`ClientBuilder::base_url`).",
            code_span(server)
        )));
    }
    if let Some(security) = &op.security {
        doc.push(Some(&security_doc(security, schemes)));
    }
    let doc = doc_attrs(&doc);
    let example = example.iter();
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let name = ident(m.name);

    let mut args = Vec::new();
    let (mut generics, mut into_body) = (None, None);
    args.extend(op.path_params.iter().map(path_arg));
    if let Some(params) = m.params {
        let params = ident(params);
        args.push(quote!(params: &crate::models::#params));
    }
    if let Some(body) = m.body {
        let ty = surface::body_type(body.ty, &Tokens { models: &models }, &|t| t.clone());
        if body.required {
            args.push(quote!(body: &#ty));
        } else {
            // `&body` or `None`: std's `From<&T> for Option<&T>`.
            args.push(quote!(body: impl Into<Option<&'body #ty>>));
            generics = Some(quote!(<'body>));
            into_body = Some(quote!(let body: Option<&#ty> = body.into();));
        }
    }

    // Each path parameter is encoded into a local of the same name, then the
    // path is one `format!` with the names inline.
    let mut encode = Vec::new();
    for p in &op.path_params {
        let n = ident(&p.name);
        let wire = &p.wire;
        let value = match &p.ty {
            TypeRef::String if !p.structured => quote!(#n),
            _ => param_text(p, quote!(#n)),
        };
        encode.push(quote!(let #n = crate::client::path_param(#wire, #value)?;));
    }
    let template = path_template(&op.path, &op.path_params);
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
                _ if p.structured && p.style == QueryStyle::DeepObject => {
                    quote!(request.query_deep_object(#wire, &#value)?;)
                }
                _ if p.structured => quote!(request.query_form(#wire, &#value, #explode)?;),
                TypeRef::Map(_) if p.style == QueryStyle::DeepObject => {
                    quote!(request.query_deep(#wire, #value.iter());)
                }
                TypeRef::Vec(item) if explode => {
                    let text = text_of(quote!(item), item);
                    quote!(for item in #value.iter() { request.query(#wire, #text); })
                }
                TypeRef::Vec(item) => {
                    let text = owned_text_of(quote!(item), item);
                    quote! {
                        let joined: Vec<String> = #value.iter().map(|item| #text).collect();
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
    for (p, cookie) in op
        .headers
        .iter()
        .map(|p| (p, false))
        .chain(op.cookies.iter().map(|p| (p, true)))
    {
        let n = ident(&p.name);
        let wire = &p.wire;
        let send = |value: TokenStream| {
            let text = param_text(p, value);
            if cookie {
                quote!(request.cookie(#wire, #text);)
            } else {
                quote!(request.header(#wire, #text)?;)
            }
        };
        if p.required {
            steps.push(send(quote!(params.#n)));
        } else {
            let send = send(quote!(value));
            steps.push(quote!(if let Some(value) = &params.#n { #send }));
        }
    }
    if let Some(body) = &op.body {
        let set = match &body.media {
            BodyMedia::Json => quote!(request.json(body)?;),
            BodyMedia::Form => quote!(request.form(body)?;),
            BodyMedia::Multipart(_) => quote!(request.multipart(body)?;),
            BodyMedia::Bytes(media) => quote!(request.bytes(#media, body);),
        };
        if body.required {
            steps.push(set);
        } else {
            steps.push(quote!(if let Some(body) = body { #set }));
        }
    }
    let output =
        crate::surface::return_type(&op.response, &Tokens { models: &models }, &|t| t.clone());
    let decode = match &op.response {
        Response::Json(_) => quote!(crate::client::Decode::Json),
        Response::JsonOrEmpty(_) => quote!(crate::client::Decode::JsonOrEmpty),
        Response::Empty => quote!(crate::client::Decode::With(crate::client::Response::empty)),
        Response::Bytes(_) => quote!(crate::client::Decode::With(
            crate::client::Response::into_bytes
        )),
        Response::ByStatus { name, .. } => {
            let name = ident(name);
            quote!(crate::client::Decode::With(#name::decode))
        }
    };
    if op.accept.is_some() || op.security.is_some() || op.server.is_some() {
        let accept = op.accept.as_deref().unwrap_or("application/json");
        let security = match &op.security {
            Some(security) => {
                let security = super::crate_files::security_tokens(security);
                quote!(Some(#security))
            }
            None => quote!(None),
        };
        let server = match &op.server {
            Some(server) => quote!(Some(#server)),
            None => quote!(None),
        };
        steps.push(
            quote!(request.own(&crate::client::Own { accept: #accept, security: #security, server: #server });),
        );
    }
    let mutable = (!steps.is_empty()).then(|| quote!(mut));

    // The request is built now (the arguments are only borrowed for that);
    // a problem found doing so is returned when the call is awaited.
    quote! {
        #doc
        #(#[doc = #example])*
        #deprecated
        #[inline]
        pub fn #name #generics (&self, #(#args),*) -> crate::Call<'a, #output> {
            #into_body
            crate::Call::new(self.client, &self.options, || {
                #(#encode)*
                let #mutable request = crate::client::Request::new(reqwest::Method::#method, #path);
                #(#steps)*
                Ok(request)
            }, #decode)
        }
    }
}

/// The `format!` string of a path: its text with braces doubled, and each
/// `{name}` of a path parameter (found as `template_names` finds them)
/// replaced by `{local}`, the parameter's Rust name. Built piece by piece,
/// so that no name in the spec, braces included, can unbalance it.
fn path_template(path: &str, params: &[Param]) -> String {
    fn literal(out: &mut String, text: &str) {
        out.push_str(&text.replace('{', "{{").replace('}', "}}"));
    }
    let mut out = String::with_capacity(path.len() + 8);
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            break;
        };
        literal(&mut out, &rest[..open]);
        let name = &after[..close];
        match params.iter().find(|p| p.wire == name) {
            Some(p) => out.push_str(&format!("{{{}}}", p.name)),
            None => literal(&mut out, &rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    literal(&mut out, rest);
    out
}

/// A path parameter as a method argument: strings borrowed, others by value.
fn path_arg(p: &Param) -> TokenStream {
    let n = ident(&p.name);
    let ty = crate::surface::path_arg(
        &p.ty,
        &Tokens {
            models: &quote!(crate::models::),
        },
    );
    quote!(#n: #ty)
}

/// `{method}_stream`: every item of a paginated operation, across pages.
fn stream_method(op: &Operation, pagination: &Pagination, example: &[String]) -> TokenStream {
    let Some(params_ty) = &op.params_struct else {
        return TokenStream::new();
    };
    let params_ty = ident(params_ty);
    let name = ident(&pagination.stream_method);
    let single = ident(&op.method_name);
    let single_name = crate::model::names::unraw(&op.method_name);
    let models = quote!(crate::models::);
    let item = rust_type(&pagination.item, &models);
    let cursor = ident(&pagination.cursor_param);

    // The stream owns its inputs: path parameters are copied into it and
    // into each page's request.
    let mut args = Vec::new();
    let mut owned = Vec::new();
    let mut per_page = Vec::new();
    let mut call_args = Vec::new();
    for p in &op.path_params {
        let n = ident(&p.name);
        args.push(path_arg(p));
        if p.ty == TypeRef::String {
            owned.push(quote!(let #n = #n.to_string();));
            call_args.push(quote!(&#n));
        } else {
            call_args.push(quote!(#n));
        }
        per_page.push(quote!(let #n = #n.clone();));
    }

    let end_cursor = ident(&pagination.end_cursor.name);
    let end_cursor = if pagination.end_cursor.optional {
        quote!(info.#end_cursor)
    } else {
        quote!(Some(info.#end_cursor))
    };
    let has_next = ident(&pagination.has_next_page.name);
    let has_next = if pagination.has_next_page.optional {
        quote!(info.#has_next.unwrap_or(false))
    } else {
        quote!(info.#has_next)
    };
    let page_info = ident(&pagination.page_info.name);
    let next = if pagination.page_info.optional {
        quote! {
            let (end_cursor, has_next_page) = match page.#page_info {
                Some(info) => (#end_cursor, #has_next),
                None => (None, false),
            };
        }
    } else {
        quote! {
            let info = page.#page_info;
            let (end_cursor, has_next_page) = (#end_cursor, #has_next);
        }
    };
    let items = ident(&pagination.items.name);
    let items = if pagination.items.optional {
        quote!(page.#items.unwrap_or_default())
    } else {
        quote!(page.#items)
    };

    let mut doc = Doc::default();
    doc.push(Some(&format!(
        "Every item of `{single_name}`, page after page, as a stream."
    )));
    doc.push(Some(&format!(
        "Each page is requested with `{}` set to the previous page's `{}`, starting from `params.{}`. The stream ends after the last page (no next page, no cursor, an empty page, or a cursor seen before) or after yielding an error. Options set with `with_options` on this value apply to every page's request.",
        pagination.cursor_param, pagination.end_cursor.name, pagination.cursor_param
    )));
    doc.push(Some(
        "The stream is `Unpin`: read it with `next`/`try_next` of `futures-util`'s `StreamExt`/`TryStreamExt`, no pinning needed.",
    ));
    let doc = doc_attrs(&doc);
    let example = example.iter();
    // A deprecated list's stream is deprecated too, and may call it.
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated] #[allow(deprecated)]));
    quote! {
        #doc
        #(#[doc = #example])*
        #deprecated
        #[inline]
        pub fn #name(
            &self,
            #(#args,)*
            params: &crate::models::#params_ty,
        ) -> impl futures_core::Stream<Item = crate::Result<#item>> + Send + Unpin + use<'a> {
            #(#owned)*
            let this = self.clone();
            let params = params.clone();
            crate::pagination::stream(params.#cursor.clone(), move |cursor| {
                let mut params = params.clone();
                params.#cursor = cursor;
                let this = this.clone();
                #(#per_page)*
                async move {
                    let page = this.#single(#(#call_args,)* &params).await?;
                    #next
                    Ok(crate::pagination::Page { items: #items, end_cursor, has_next_page })
                }
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(wire: &str, name: &str) -> Param {
        Param {
            wire: wire.to_string(),
            name: name.to_string(),
            ty: TypeRef::String,
            required: true,
            style: QueryStyle::Form { explode: false },
            structured: false,
            doc: Doc::default(),
            example: None,
        }
    }

    #[test]
    fn path_templates_put_each_parameter_in_its_place() {
        let params = [param("id", "id"), param("sub-id", "sub_id")];
        assert_eq!(
            path_template("/a/{id}/b/{sub-id}", &params),
            "/a/{id}/b/{sub_id}"
        );
        // Braces that name no parameter are text.
        assert_eq!(path_template("/a/{x}/{", &params), "/a/{{x}}/{{");
        assert_eq!(path_template("/a/}{id}", &params), "/a/}}{id}");
    }

    #[test]
    fn a_parameter_name_with_a_brace_keeps_the_template_balanced() {
        // `template_names` reads `/t/{a{b}` as the parameter `a{b`.
        let params = [param("a{b", "a_b")];
        assert_eq!(path_template("/t/{a{b}", &params), "/t/{a_b}");
        assert_eq!(path_template("/t/{a{b}/x{", &params), "/t/{a_b}/x{{");
    }
}
