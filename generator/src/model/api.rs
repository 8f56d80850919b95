//! The API as a whole: resources, operations, parameters, bodies, responses.

use super::types::{Doc, TypeDef, TypeRef};

#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub doc: Doc,
    /// The first server URL with its variables' defaults filled in, if the
    /// spec has one.
    pub base_url: Option<String>,
    /// How the API key is sent.
    pub auth: Auth,
    /// Every type of `models`, sorted by name.
    pub types: Vec<TypeDef>,
    /// Operations grouped by tag, sorted by accessor name.
    pub resources: Vec<Resource>,
    /// The events the API sends (`webhooks`, `x-webhooks`).
    pub webhooks: super::webhooks::Webhooks,
    /// Things the generator read and left out on purpose (callbacks, links,
    /// ...), one sentence each with its pointer.
    pub notes: Vec<String>,
}

impl Api {
    pub fn uses_datetime(&self) -> bool {
        let in_types = self.types.iter().any(|t| match &t.kind {
            super::TypeKind::Struct(s) => s
                .fields
                .iter()
                .chain(&s.additional)
                .any(|f| f.ty.uses_datetime()),
            super::TypeKind::Union(u) => u.variants.iter().any(|v| v.ty.uses_datetime()),
            super::TypeKind::Alias(ty) | super::TypeKind::Newtype(ty) => ty.uses_datetime(),
            super::TypeKind::Enum(_) => false,
        });
        let in_params = self
            .resources
            .iter()
            .flat_map(|r| &r.operations)
            .flat_map(|o| {
                o.path_params
                    .iter()
                    .chain(&o.query)
                    .chain(&o.headers)
                    .chain(&o.cookies)
            })
            .any(|p| p.ty.uses_datetime());
        in_types || in_params
    }
}

/// How the client sends the API key, from the spec's security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <key>` (http bearer, OAuth 2, OpenID Connect,
    /// and the default when the spec names none).
    Bearer,
    /// `<name>: <key>` (apiKey in a header).
    Header(String),
    /// `?<name>=<key>` (apiKey in the query).
    Query(String),
}

/// The operations of one tag: `client.experiences()`.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    /// The tag as the spec writes it (`Checkout configurations`), or for
    /// operations without tags the first segment of their paths.
    pub tag: String,
    /// No operation of the group has a tag: `tag` is the path segment they
    /// share (`/v1/customers/{id}` -> `customers`).
    pub by_path: bool,
    /// Struct name (`CheckoutConfigurations`).
    pub struct_name: String,
    /// Accessor method on the client and module name (`checkout_configurations`).
    pub accessor: String,
    pub doc: Doc,
    pub operations: Vec<Operation>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HttpMethod {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Head => "HEAD",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    pub operation_id: String,
    /// Method on the resource (`detach`).
    pub method_name: String,
    pub http_method: HttpMethod,
    /// The path template as the spec writes it (`/experiences/{id}/detach`).
    pub path: String,
    /// Path parameters, in the order they appear in the template.
    pub path_params: Vec<Param>,
    pub query: Vec<Param>,
    pub headers: Vec<Param>,
    /// Sent in the `Cookie` header.
    pub cookies: Vec<Param>,
    /// `{OperationId}Params`, when there are query, header or cookie
    /// parameters.
    pub params_struct: Option<String>,
    pub body: Option<Body>,
    pub response: Response,
    pub doc: Doc,
    pub deprecated: bool,
    pub pointer: String,
    /// Set when the operation lists items a page at a time with a cursor.
    pub pagination: Option<Pagination>,
    /// The `Accept` header when it is not `application/json`: the media
    /// type of the first success answer (a `+json` type, or that of an
    /// answer returned as bytes).
    pub accept: Option<String>,
}

/// Cursor pagination, recognised by shape: an optional string query
/// parameter `after`, and a JSON answer `{data: [Item], page_info:
/// {end_cursor, has_next_page}}`. All names are Rust field names.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// Method that streams every item across pages (`list_stream`).
    pub stream_method: String,
    /// Field of the params struct that carries the cursor (`after`).
    pub cursor_param: String,
    /// Field of the page holding the items (`data`) and the item type.
    pub items: PageField,
    pub item: TypeRef,
    /// Field of the page holding the page info (`page_info`).
    pub page_info: PageField,
    /// Field of the page info with the next cursor (`end_cursor`).
    pub end_cursor: PageField,
    /// Field of the page info that says whether there is more (`has_next_page`).
    pub has_next_page: PageField,
}

/// A field read while paginating, and whether it is an `Option`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageField {
    pub name: String,
    pub optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Name on the wire.
    pub wire: String,
    /// Rust identifier.
    pub name: String,
    /// The value's type, without `Option` for optional parameters.
    pub ty: TypeRef,
    pub required: bool,
    /// How the value is written into the query (unused for path and header
    /// parameters).
    pub style: QueryStyle,
    /// The value is not text of its own (an object, a union, a list of
    /// those, ...): the runtime writes it from its JSON form (`encode.rs`)
    /// in the parameter's style.
    pub structured: bool,
    pub doc: Doc,
    /// The spec's example value (the parameter's or its schema's).
    pub example: Option<serde_json::Value>,
}

/// How a query parameter's value is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `style: form`. For arrays: `a=1&a=2` (explode) or `a=1,2`.
    Form { explode: bool },
    /// `style: deepObject`: each entry of a map or object as `name[key]=value`.
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    /// The type of a JSON or form body (`serde_json::Value` for the others,
    /// whose argument type `media` decides).
    pub ty: TypeRef,
    pub required: bool,
    pub media: BodyMedia,
}

/// How a request body is sent, from the media types the spec offers (JSON
/// preferred, then form, then multipart, then anything else).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BodyMedia {
    /// `application/json` (or `*+json`): the typed value, serialized.
    Json,
    /// `application/x-www-form-urlencoded`: the typed value's properties.
    Form,
    /// `multipart/form-data`: a `Multipart` the caller builds; the fields
    /// the schema names, for the documentation (`file` (binary)).
    Multipart(Vec<String>),
    /// Any other media type: bytes, sent as they are with this type.
    Bytes(String),
}

/// What a successful call returns.
#[derive(Debug, Clone, PartialEq)]
pub enum Response {
    /// A JSON body decoded into this type.
    Json(TypeRef),
    /// A JSON body, or (another 2xx of the operation) none: `Option<T>`.
    JsonOrEmpty(TypeRef),
    /// No body (204, or a 2xx without content).
    Empty,
    /// A body that is not JSON (of this media type), returned as bytes.
    Bytes(String),
}
