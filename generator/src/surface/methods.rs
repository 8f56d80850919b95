//! The methods of the client as users call them:
//! `client.{accessor}().{name}(path args.., &params, body)`, the
//! `{name}_stream` of a cursor-paginated list, what the body argument is,
//! and the cargo feature that compiles them.

use crate::model::{Api, Body, BodyMedia, Operation, Pagination, Resource, TypeRef};

use super::rust_type::{Spelling, rust_type};

/// One method of one resource.
#[derive(Debug, Clone, PartialEq)]
pub struct Method<'a> {
    pub resource: &'a Resource,
    pub op: &'a Operation,
    /// `client.{accessor}()`.
    pub accessor: &'a str,
    /// The method's name.
    pub name: &'a str,
    /// The `{name}_stream` method's pagination ([`stream`]).
    pub stream: Option<&'a Pagination>,
    /// The `{OperationId}Params` struct holding its query, header and
    /// cookie parameters, its one argument after the path parameters.
    pub params: Option<&'a str>,
    /// The argument after those, if any.
    pub body: Option<BodyArg<'a>>,
    /// The cargo feature that compiles it ([`feature`]).
    pub feature: String,
}

/// The body argument: `body: &T`, or for an optional body
/// `body: impl Into<Option<&T>>` (`&body` or `None`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BodyArg<'a> {
    pub ty: BodyType<'a>,
    pub required: bool,
}

/// The `T` of a body argument.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BodyType<'a> {
    /// A JSON or form body: the typed value.
    Value(&'a TypeRef),
    /// `multipart/form-data`: the crate's `Multipart`.
    Multipart,
    /// Any other media type: bytes, `[u8]`.
    Bytes,
}

/// Every method of the client, resource by resource.
pub fn methods(api: &Api) -> Vec<Method<'_>> {
    api.resources
        .iter()
        .flat_map(|r| r.operations.iter().map(move |op| method(r, op)))
        .collect()
}

/// One operation's method.
pub fn method<'a>(resource: &'a Resource, op: &'a Operation) -> Method<'a> {
    Method {
        resource,
        op,
        accessor: &resource.accessor,
        name: &op.method_name,
        stream: stream(op),
        params: op.params_struct.as_deref(),
        body: op.body.as_ref().map(body_arg),
        feature: feature(resource),
    }
}

/// The pagination of an operation that has a `{name}_stream` method: a
/// cursor-paginated list whose cursor is a field of its params struct.
pub fn stream(op: &Operation) -> Option<&Pagination> {
    op.pagination
        .as_ref()
        .filter(|_| op.params_struct.is_some())
}

/// The argument a request body is passed as.
pub fn body_arg(body: &Body) -> BodyArg<'_> {
    let ty = match &body.media {
        BodyMedia::Json | BodyMedia::Form => BodyType::Value(&body.ty),
        BodyMedia::Multipart(_) => BodyType::Multipart,
        BodyMedia::Bytes(_) => BodyType::Bytes,
    };
    BodyArg {
        ty,
        required: body.required,
    }
}

/// The `T` of a body argument as Rust; `resolve` maps a typed value's
/// type first (the diff follows aliases with it).
pub fn body_type<S: Spelling>(
    ty: BodyType<'_>,
    s: &S,
    resolve: &dyn Fn(&TypeRef) -> TypeRef,
) -> S::Out {
    match ty {
        BodyType::Value(ty) => rust_type(&resolve(ty), s),
        BodyType::Multipart => s.path("crate::Multipart", "Multipart"),
        BodyType::Bytes => s.slice(s.path("u8", "u8")),
    }
}

/// The feature that turns on every tag (on by default).
pub const ALL_TAGS: &str = "all-tags";

/// The cargo feature that compiles a resource (one tag): its module's name,
/// or `{name}-tag` where that is taken by one of the crate's own features.
pub fn feature(resource: &Resource) -> String {
    let name = crate::model::names::unraw(&resource.accessor);
    if OWN_FEATURES.contains(&name) {
        format!("{name}-tag")
    } else {
        name.to_string()
    }
}

/// The features `Cargo.toml` declares besides the tags' (`cargo_toml`).
const OWN_FEATURES: &[&str] = &[
    "default",
    "rustls",
    "native-tls",
    "serialize",
    "tracing-subscriber",
    "webhooks",
    ALL_TAGS,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Doc;
    use crate::surface::Message;

    /// A paginated list, an upload with an optional multipart body, and a
    /// JSON create, in the tags `Widgets` and `Default`.
    const SPEC: &str = "openapi: 3.1.0
info: {title: T, version: '1'}
paths:
  /widgets:
    get:
      tags: [Widgets]
      operationId: listWidgets
      parameters: [{name: after, in: query, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, required: [data, page_info], properties: {data: {type: array, items: {$ref: '#/components/schemas/Widget'}}, page_info: {$ref: '#/components/schemas/PageInfo'}}}}}}}
    post:
      tags: [Widgets]
      operationId: createWidget
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Widget'}}}}}
  /files:
    post:
      tags: [Default]
      operationId: uploadFile
      requestBody: {content: {multipart/form-data: {schema: {type: object, properties: {file: {type: string, format: binary}}}}}}
      responses: {'204': {description: done}}
components:
  schemas:
    Widget:
      type: object
      required: [id]
      properties: {id: {type: string}}
    PageInfo:
      type: object
      required: [end_cursor, has_next_page]
      properties:
        end_cursor: {type: [string, 'null']}
        has_next_page: {type: boolean}
";

    /// (accessor, method, stream, params struct, body argument as Rust and
    /// whether required, feature) of every method.
    type Shown = (
        String,
        String,
        Option<String>,
        Option<String>,
        Option<(String, bool)>,
        String,
    );

    fn shown(m: &Method) -> Shown {
        (
            m.accessor.to_string(),
            m.name.to_string(),
            m.stream.map(|p| p.stream_method.clone()),
            m.params.map(str::to_string),
            m.body
                .map(|b| (body_type(b.ty, &Message, &|t| t.clone()), b.required)),
            m.feature.clone(),
        )
    }

    #[test]
    fn each_method_has_its_name_stream_params_body_and_feature() {
        let api = crate::load(SPEC, "t.yaml").unwrap_or_else(|e| panic!("{e}"));
        let methods: Vec<Shown> = methods(&api).iter().map(shown).collect();
        let s = |t: &str| t.to_string();
        assert_eq!(
            methods,
            [
                (
                    s("default"),
                    s("upload_file"),
                    None,
                    None,
                    Some((s("Multipart"), false)),
                    s("default-tag")
                ),
                (
                    s("widgets"),
                    s("list"),
                    Some(s("list_stream")),
                    Some(s("ListWidgetsParams")),
                    None,
                    s("widgets")
                ),
                (
                    s("widgets"),
                    s("create"),
                    None,
                    None,
                    Some((s("Widget"), true)),
                    s("widgets")
                ),
            ]
        );
    }

    fn resource(accessor: &str) -> Resource {
        Resource {
            tag: accessor.to_string(),
            by_path: false,
            struct_name: "X".to_string(),
            accessor: accessor.to_string(),
            doc: Doc::default(),
            operations: Vec::new(),
        }
    }

    #[test]
    fn a_feature_per_tag_named_like_its_module() {
        assert_eq!(feature(&resource("memberships")), "memberships");
        assert_eq!(feature(&resource("r#type")), "type");
        // The crate's own features keep their meaning.
        assert_eq!(feature(&resource("serialize")), "serialize-tag");
        assert_eq!(feature(&resource("default")), "default-tag");
    }
}
