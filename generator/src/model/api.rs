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
    /// How the API key (the generated `ClientBuilder::api_key`) is sent: the first
    /// scheme taking a key that operations ask for (bearer when the spec
    /// names none).
    pub auth: Auth,
    /// Every security scheme the client can send, in the spec's order (one
    /// bearer scheme when the spec defines none).
    pub schemes: Vec<Scheme>,
    /// What operations send unless their own [`Operation::security`] says
    /// otherwise: alternatives, each the indices in `schemes` of the
    /// schemes sent together; what most operations ask for.
    pub security: Vec<Vec<usize>>,
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

/// How the client sends a credential, from a security scheme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Auth {
    /// `Authorization: Bearer <key>` (http bearer, OAuth 2, OpenID Connect,
    /// and the default when the spec names none).
    Bearer,
    /// `<name>: <key>` (apiKey in a header).
    Header(String),
    /// `?<name>=<key>` (apiKey in the query).
    Query(String),
    /// `Cookie: <name>=<key>` (apiKey in a cookie).
    Cookie(String),
    /// `Authorization: Basic <base64 of user:password>` (http basic).
    Basic,
}

impl Auth {
    /// How the credential is sent, for documentation (`Authorization:
    /// Bearer <key>`).
    pub fn describe(&self) -> String {
        match self {
            Auth::Bearer => "Authorization: Bearer <key>".to_string(),
            Auth::Header(name) => format!("{name}: <key>"),
            Auth::Query(name) => format!("?{name}=<key>"),
            Auth::Cookie(name) => format!("Cookie: {name}=<key>"),
            Auth::Basic => "Authorization: Basic <user:password>".to_string(),
        }
    }
}

/// A security scheme of `components/securitySchemes`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    /// Its key in `components/securitySchemes` (what
    /// `ClientBuilder::scheme_key` takes).
    pub name: String,
    pub auth: Auth,
}

/// The schemes of each alternative of a security requirement (indices into
/// `schemes`, as `Api::security` and `Operation::security` hold them), in
/// order; an empty alternative asks for no credentials.
pub fn security_alternatives<'a>(
    schemes: &'a [Scheme],
    security: &[Vec<usize>],
) -> Vec<Vec<&'a Scheme>> {
    security
        .iter()
        .map(|alternative| alternative.iter().filter_map(|i| schemes.get(*i)).collect())
        .collect()
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
    /// Where the operation stands in the document (`#/paths/~1a/get`):
    /// the API's default security is settled in document order.
    pub pointer: String,
    /// Set when the operation lists items a page at a time with a cursor.
    pub pagination: Option<Pagination>,
    /// The `Accept` header when it is not `application/json`: the media
    /// type of the first success answer (a `+json` type, or that of an
    /// answer returned as bytes); for answers by status of several media
    /// types, all of them (`application/json, application/pdf`).
    pub accept: Option<String>,
    /// The operation's own security (operation-level `security`, or none
    /// when the spec gives it none while others have theirs), when it
    /// differs from [`Api::security`]; same form.
    pub security: Option<Vec<Vec<usize>>>,
    /// The base URL of the operation's own server (operation-level
    /// `servers`, else path-level), when it has one that differs from the
    /// API's.
    pub server: Option<String>,
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
    /// Several 2xx answers of different types: an enum `name` (defined in
    /// the resource's module) with one variant per answer, decoded by
    /// status code.
    ByStatus {
        name: String,
        answers: Vec<StatusAnswer>,
    },
}

/// One success answer of a [`Response::ByStatus`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusAnswer {
    /// The status as the spec writes it: `200`, `2XX` or `default`.
    pub status: String,
    /// The enum's variant (`Status200`, `Status2xx`, `Default`).
    pub variant: String,
    /// `Json`, `Empty` or `Bytes`.
    pub body: Response,
}

/// Why a server URL cannot be the crate's default base URL, if it cannot.
///
/// The URL becomes `DEFAULT_BASE_URL` and is shown in the crate's doc
/// example, so it must be an absolute `http` or `https` URL with a host
/// and made only of the characters RFC 3986 allows, percent escapes
/// included: no whitespace, control characters, quotes, backslashes,
/// backticks, braces (a server variable left unfilled) or non-ASCII
/// characters. As the client requires of any base URL, it has no query
/// or fragment.
pub fn base_url_problem(url: &str) -> Option<String> {
    let rest = ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .and_then(|_| url.get(scheme.len()..))
    });
    let Some(rest) = rest else {
        return Some("it is not an absolute http(s) URL".to_string());
    };
    if let Some(bad) = url
        .chars()
        .find(|&c| !(c.is_ascii_alphanumeric() || "-._~:/[]@!$&'()*+,;=%?#".contains(c)))
    {
        return Some(format!("it holds {bad:?}, which a URL may not hold"));
    }
    if url.contains(['?', '#']) {
        return Some("it has a query or fragment".to_string());
    }
    let bytes = url.as_bytes();
    for (i, _) in url.match_indices('%') {
        let hex = |at: usize| bytes.get(at).is_some_and(u8::is_ascii_hexdigit);
        if !(hex(i + 1) && hex(i + 2)) {
            return Some("it has a `%` that is not a percent escape".to_string());
        }
    }
    let host = rest.split('/').next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') {
        return Some("it has no host".to_string());
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_http_urls_can_be_the_default() {
        for url in [
            "https://api.example.test/v1",
            "http://localhost:8080",
            "HTTPS://API.EXAMPLE.TEST",
            "https://[::1]:8443/a/b",
            "https://user@api.example.test/a%20b/~x_y-z.json;v=1",
        ] {
            assert_eq!(base_url_problem(url), None, "{url}");
        }
    }

    #[test]
    fn other_urls_cannot_be_the_default() {
        for (url, problem) in [
            ("/v1", "not an absolute http(s) URL"),
            ("ftp://files.test", "not an absolute http(s) URL"),
            ("", "not an absolute http(s) URL"),
            ("https://", "no host"),
            ("https:///v1", "no host"),
            ("https://:80/v1", "no host"),
            ("https://a.test/v1?x=1", "query or fragment"),
            ("https://a.test/#top", "query or fragment"),
            ("https://a.test/%zz", "percent escape"),
            ("https://a.test/%2", "percent escape"),
            ("https://a.test/\")\n```rust\nrun();\n```", "'\"'"),
            ("https://a.test/ x", "' '"),
            ("https://a.test/\tx", "'\\t'"),
            ("https://a.test/\rx", "'\\r'"),
            ("https://a.test/\\x", "'\\\\'"),
            ("https://a.test/`x`", "'`'"),
            ("https://{region}.a.test", "'{'"),
            ("https://a.test/<x>", "'<'"),
            ("https://é.test", "'é'"),
            ("https://a.test/\u{202E}", "'\\u{202e}'"),
        ] {
            let found = base_url_problem(url);
            assert!(
                found.as_deref().is_some_and(|f| f.contains(problem)),
                "{url:?}: {found:?} should say {problem:?}"
            );
        }
    }

    fn load(servers: &str, schemes: &str) -> Api {
        let spec = format!(
            "{{\"openapi\": \"3.1.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \
             \"servers\": {servers}, \"paths\": {{}}, \
             \"components\": {{\"securitySchemes\": {schemes}}}}}"
        );
        crate::load(&spec, "t.json").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn server_variables_take_their_defaults() {
        let api = load(
            r#"[{"url": "https://{region}.api.test/{version}",
                 "variables": {"region": {"default": "eu"}, "version": {"default": "v3"}}}]"#,
            "{}",
        );
        assert_eq!(api.base_url.as_deref(), Some("https://eu.api.test/v3"));
        assert!(api.notes.is_empty(), "{:?}", api.notes);
    }

    #[test]
    fn a_server_url_that_is_no_url_is_a_note_and_no_default() {
        let breakout = r#"[{"url": "https://{region}.api.test",
            "variables": {"region": {"default": "eu\")\n```\n\n```\nrun();\n```\n"}}}]"#;
        for (servers, shown) in [
            (
                breakout,
                r#""https://eu\")\n```\n\n```\nrun();\n```\n.api.test""#,
            ),
            (
                r#"[{"url": "https://{region}.api.test"}]"#,
                r#""https://{region}.api.test""#,
            ),
            (r#"[{"url": "/v1"}]"#, r#""/v1""#),
        ] {
            let api = load(servers, "{}");
            assert_eq!(api.base_url, None, "{servers}");
            assert_eq!(api.notes.len(), 1, "{:?}", api.notes);
            let note = &api.notes[0];
            assert!(
                note.starts_with(&format!(
                    "#/servers/0/url: {shown} cannot be the default base URL"
                )),
                "{note}"
            );
            // Escaped: one line, whatever the spec wrote.
            assert!(!note.contains('\n'), "{note}");
        }
    }

    #[test]
    fn an_api_key_header_that_is_no_header_name_is_a_note_and_a_bearer_token() {
        let api = load(
            "[]",
            r#"{"key": {"type": "apiKey", "in": "header", "name": "X-Key`\n\n```\nrun();\n```"}}"#,
        );
        assert_eq!(api.auth, Auth::Bearer);
        assert!(
            api.notes.iter().any(|n| n.starts_with(
                r#"#/components/securitySchemes/key: "X-Key`\n\n```\nrun();\n```" is not a valid header or cookie name"#
            )),
            "{:?}",
            api.notes
        );
        let api = load(
            "[]",
            r#"{"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}"#,
        );
        assert_eq!(api.auth, Auth::Header("X-Api-Key".to_string()));
    }

    fn ops(api: &Api) -> Vec<&Operation> {
        let mut ops: Vec<&Operation> = api.resources.iter().flat_map(|r| &r.operations).collect();
        ops.sort_by(|a, b| a.operation_id.cmp(&b.operation_id));
        ops
    }

    fn load_yaml(text: &str) -> Api {
        crate::load(text, "t.yaml").unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn each_operation_keeps_its_own_security_where_it_differs() {
        let api = load_yaml(
            r#"
openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.test'}]
paths:
  /a: {get: {operationId: a, security: [{token: []}], responses: {'204': {description: ok}}}}
  /b: {get: {operationId: b, security: [{token: []}], responses: {'204': {description: ok}}}}
  /c: {get: {operationId: c, security: [], responses: {'204': {description: ok}}}}
  /d: {get: {operationId: d, security: [{basic: []}, {token: [], key: []}, {nope: []}], responses: {'204': {description: ok}}}}
  /e: {get: {operationId: e, responses: {'204': {description: ok}}}}
components:
  securitySchemes:
    token: {type: http, scheme: bearer}
    basic: {type: http, scheme: Basic}
    key: {type: apiKey, in: cookie, name: sid}
    digest: {type: http, scheme: digest}
"#,
        );
        let auths: Vec<&Auth> = api.schemes.iter().map(|s| &s.auth).collect();
        assert_eq!(
            auths,
            [
                &Auth::Bearer,
                &Auth::Basic,
                &Auth::Cookie("sid".to_string()),
                &Auth::Bearer
            ]
        );
        // What most operations ask for; the root names none, so an
        // operation without `security` asks for none while others name theirs.
        assert_eq!(api.security, [vec![0]]);
        assert_eq!(api.auth, Auth::Bearer);
        let own: Vec<Option<Vec<Vec<usize>>>> =
            ops(&api).iter().map(|o| o.security.clone()).collect();
        assert_eq!(
            own,
            [
                None,
                None,
                Some(vec![]),
                Some(vec![vec![1], vec![0, 2]]),
                Some(vec![])
            ]
        );
        let notes = api.notes.join("\n");
        assert!(
            notes.contains("#/components/securitySchemes/digest: HTTP \"digest\" authentication is not supported"),
            "{notes}"
        );
        assert!(
            notes.contains("#/paths/~1d/get/security/2: \"nope\" is not a scheme"),
            "{notes}"
        );
        assert!(!notes.contains("basic"), "{notes}");
    }

    #[test]
    fn operations_and_paths_may_have_their_own_server() {
        let api = load_yaml(
            r#"
openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.test/v1'}]
paths:
  /files:
    servers: [{url: 'https://upload.test/v1'}]
    post: {operationId: a, responses: {'204': {description: ok}}}
    get:
      operationId: b
      servers: [{url: 'https://{region}.dl.test', variables: {region: {default: eu}}}]
      responses: {'204': {description: ok}}
  /same:
    get: {operationId: c, servers: [{url: 'https://api.test/v1'}], responses: {'204': {description: ok}}}
  /bad:
    get: {operationId: d, servers: [{url: "https://a.test/\")"}], responses: {'204': {description: ok}}}
"#,
        );
        let servers: Vec<Option<&str>> = ops(&api).iter().map(|o| o.server.as_deref()).collect();
        assert_eq!(
            servers,
            [
                Some("https://upload.test/v1"),
                Some("https://eu.dl.test"),
                None,
                None
            ]
        );
        assert!(
            api.notes.iter().any(|n| n.starts_with(
                r#"#/paths/~1bad/get/servers/0/url: "https://a.test/\")" cannot be a base URL"#
            )),
            "{:?}",
            api.notes
        );
    }

    #[test]
    fn success_answers_of_different_types_are_answered_by_status() {
        let api = load_yaml(
            r#"
openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.test'}]
paths:
  /a:
    get:
      operationId: a
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '204': {description: none}
  /b:
    get:
      operationId: b
      responses:
        '200': {description: ok, content: {application/pdf: {}}}
        '204': {description: none}
        '206': {description: part, content: {image/png: {}}}
  /c:
    get:
      operationId: c
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: string}}}}
        '202': {description: queued, content: {application/json: {schema: {type: integer}}}}
        2XX: {description: other, content: {text/csv: {}}}
        '204': {description: none}
"#,
        );
        let ops = ops(&api);
        assert_eq!(ops[0].response, Response::JsonOrEmpty(TypeRef::String));
        assert_eq!(
            ops[1].response,
            Response::Bytes("application/pdf".to_string())
        );
        let Response::ByStatus { name, answers } = &ops[2].response else {
            panic!("{:?}", ops[2].response)
        };
        assert_eq!(name, "CAnswer");
        let shown: Vec<(&str, &str, &Response)> = answers
            .iter()
            .map(|a| (a.status.as_str(), a.variant.as_str(), &a.body))
            .collect();
        assert_eq!(
            shown,
            [
                // In the order answers are read: a range after its first code.
                ("200", "Status200", &Response::Json(TypeRef::String)),
                ("2XX", "Status2xx", &Response::Bytes("text/csv".to_string())),
                ("202", "Status202", &Response::Json(TypeRef::I64)),
                ("204", "Status204", &Response::Empty),
            ]
        );
        assert_eq!(ops[2].accept.as_deref(), Some("application/json, text/csv"));
        assert!(
            api.notes.iter().all(|n| !n.contains("success")),
            "{:?}",
            api.notes
        );
    }
}
