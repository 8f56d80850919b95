//! Errors of the client: what the server said, or why no answer came.

use std::fmt;
use std::time::Duration;

use reqwest::header::HeaderMap;

/// `Result` with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything a call can fail with.
///
/// Each variant's `Display` is one line saying what happened, to which
/// request and why, including the underlying cause (so `source()` is
/// `None`: the cause is not reported twice). The API key never appears in
/// it, nor in `Debug`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with a status other than 2xx.
    Api(Box<ApiError>),
    /// The request could not be sent, or the connection failed before the
    /// whole answer was read.
    #[non_exhaustive]
    Connection {
        method: String,
        url: String,
        source: Box<dyn std::error::Error + Send + Sync>,
    },
    /// No complete answer within the configured timeout.
    #[non_exhaustive]
    Timeout {
        method: String,
        url: String,
        timeout: Duration,
    },
    /// A successful answer whose body is not what the API describes.
    #[non_exhaustive]
    Decode {
        method: String,
        url: String,
        status: u16,
        source: serde_json::Error,
        /// The start of the body, for diagnosis.
        body: String,
        /// The `x-request-id` (or `request-id`) header, when the server sent one.
        request_id: Option<String>,
    },
    /// The call was refused before anything was sent (an empty path
    /// parameter, a header value with a line break, ...).
    #[non_exhaustive]
    InvalidRequest { message: String },
    /// The client's configuration is missing or invalid (no API key, a base
    /// URL that does not parse, ...).
    #[non_exhaustive]
    Config { message: String },
}

/// Whether a failure of reqwest's fails the same way when the request is
/// sent again: a request it could not build, or a redirect loop.
pub(crate) fn fails_again(error: &reqwest::Error) -> bool {
    error.is_builder() || error.is_redirect()
}

impl Error {
    /// The HTTP status, when the server answered with an error status.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(|e| e.status)
    }

    /// The server's error answer, when there was one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(e) => Some(e),
            _ => None,
        }
    }

    /// The request id the server sent with the answer (an error answer or
    /// one that could not be decoded), if any: quote it when asking for help.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.request_id.as_deref(),
            Error::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// HTTP 400: the request is malformed or misses a parameter.
    pub fn is_bad_request(&self) -> bool {
        self.status() == Some(400)
    }

    /// HTTP 401: the API key is missing or invalid.
    pub fn is_authentication(&self) -> bool {
        self.status() == Some(401)
    }

    /// HTTP 403: the API key lacks a permission the operation needs.
    pub fn is_permission_denied(&self) -> bool {
        self.status() == Some(403)
    }

    /// HTTP 404: what the request names does not exist.
    pub fn is_not_found(&self) -> bool {
        self.status() == Some(404)
    }

    /// HTTP 409: the request conflicts with the current state.
    pub fn is_conflict(&self) -> bool {
        self.status() == Some(409)
    }

    /// HTTP 422: the request is well-formed but cannot be carried out.
    pub fn is_unprocessable(&self) -> bool {
        self.status() == Some(422)
    }

    /// HTTP 429: too many requests; the client already waited and retried
    /// as configured.
    pub fn is_rate_limited(&self) -> bool {
        self.status() == Some(429)
    }

    /// HTTP 5xx: the server failed.
    pub fn is_server_error(&self) -> bool {
        self.status().is_some_and(|s| s >= 500)
    }

    /// Whether sending the same request again may succeed: timeouts,
    /// connection failures (not a redirect loop, nor a request reqwest
    /// could not build), and the answers the client retries itself
    /// (408, 409, 429, 5xx, or as the server's `x-should-retry` says).
    /// An error the client returns after its retries ran out is still
    /// retryable in this sense.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Timeout { .. } => true,
            Error::Connection { source, .. } => !source
                .downcast_ref::<reqwest::Error>()
                .is_some_and(fails_again),
            Error::Api(e) => crate::client::should_retry(e.status, &e.headers),
            _ => false,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidRequest {
            message: message.into(),
        }
    }

    pub(crate) fn config(message: impl Into<String>) -> Self {
        Error::Config {
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => fmt::Display::fmt(e, f),
            Error::Connection {
                method,
                url,
                source,
            } => {
                write!(f, "{method} {url}: connection failed: {source}")?;
                let mut cause = source.source();
                while let Some(inner) = cause {
                    write!(f, ": {inner}")?;
                    cause = inner.source();
                }
                Ok(())
            }
            Error::Timeout {
                method,
                url,
                timeout,
            } => write!(f, "{method} {url}: no answer within {timeout:?}"),
            Error::Decode {
                method,
                url,
                status,
                source,
                body,
                request_id,
            } => {
                write!(
                    f,
                    "{method} {url}: the {status} answer could not be decoded: {source}; body starts {body:?}"
                )?;
                if let Some(id) = request_id {
                    write!(f, " (request id {})", one_line(id))?;
                }
                Ok(())
            }
            Error::InvalidRequest { message } => write!(f, "invalid request: {message}"),
            Error::Config { message } => write!(f, "client configuration: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// An error answer from the server.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ApiError {
    pub method: String,
    pub url: String,
    pub status: u16,
    pub headers: HeaderMap,
    /// The `x-request-id` (or `request-id`) header, when the server sent one.
    pub request_id: Option<String>,
    /// The body as the server sent it (lossily decoded as UTF-8).
    pub body: String,
    /// The body parsed as `{"error": {"type", "message", "code", "param"}}`,
    /// when it has that shape; `None` for `{"error": null}`, non-JSON and
    /// other shapes (the raw body is still in `body`).
    pub detail: Option<ErrorDetail>,
}

/// The parsed error object of an error answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ErrorDetail {
    /// The kind of error, the object's `type` (`invalid_request_error`,
    /// `not_found`, ...).
    pub kind: Option<String>,
    pub message: Option<String>,
    /// A short code for the specific error (`parameter_missing`, ...).
    pub code: Option<String>,
    /// The parameter that caused the error, if any.
    pub param: Option<String>,
}

impl ApiError {
    pub(crate) fn new(
        method: String,
        url: String,
        status: u16,
        headers: HeaderMap,
        body: &[u8],
    ) -> Self {
        let request_id = request_id(&headers);
        ApiError {
            method,
            url,
            status,
            headers,
            request_id,
            body: String::from_utf8_lossy(body).into_owned(),
            detail: parse_detail(body),
        }
    }

    /// Decodes the body into a type of your choice (for example the spec's
    /// own error type in `models`).
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_str(&self.body).ok()
    }
}

/// The `x-request-id` (or `request-id`) header of an answer.
pub(crate) fn request_id(headers: &HeaderMap) -> Option<String> {
    ["x-request-id", "request-id"]
        .iter()
        .find_map(|name| headers.get(*name))
        .and_then(|v| v.to_str().ok())
        .map(String::from)
}

/// Reads `{"error": {...}}` field by field, so one field of an unexpected
/// type does not lose the others.
fn parse_detail(body: &[u8]) -> Option<ErrorDetail> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let error = value.get("error")?.as_object()?;
    let text = |key: &str| match error.get(key)? {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let detail = ErrorDetail {
        kind: text("type"),
        message: text("message"),
        code: text("code"),
        param: text("param"),
    };
    (detail.kind.is_some() || detail.message.is_some()).then_some(detail)
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: HTTP {}", self.method, self.url, self.status)?;
        // Server text is kept to one line: line breaks are shown escaped.
        match &self.detail {
            Some(detail) => {
                if let Some(kind) = &detail.kind {
                    write!(f, " {}", one_line(kind))?;
                }
                if let Some(message) = &detail.message {
                    write!(f, ": {}", one_line(message))?;
                }
                if let Some(code) = &detail.code {
                    write!(f, " (code {})", one_line(code))?;
                }
                if let Some(param) = &detail.param {
                    write!(f, " (param {})", one_line(param))?;
                }
            }
            None if self.body.is_empty() => write!(f, " with an empty body")?,
            None => write!(f, ": {:?}", snippet(self.body.as_bytes()))?,
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {})", one_line(id))?;
        }
        Ok(())
    }
}

/// Text with its control characters and line separators escaped (`\n`,
/// `\u{2028}`, ...), for one-line messages.
fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    let breaks = |c: char| c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
    if text.contains(breaks) {
        text.chars()
            .map(|c| {
                if breaks(c) {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// At most the first 200 characters of a body, for messages.
pub(crate) fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(200) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api_error(body: &str) -> ApiError {
        ApiError::new(
            "POST".into(),
            "http://x/y".into(),
            400,
            HeaderMap::new(),
            body.as_bytes(),
        )
    }

    /// The detail with these fields.
    fn detail(kind: &str, message: &str, code: Option<&str>, param: Option<&str>) -> ErrorDetail {
        ErrorDetail {
            kind: Some(kind.to_string()),
            message: Some(message.to_string()),
            code: code.map(String::from),
            param: param.map(String::from),
        }
    }

    #[test]
    fn parses_the_error_envelope() {
        let e = api_error(
            r#"{"error":{"type":"invalid_request_error","message":"Missing amount.","code":"parameter_missing","param":"amount"}}"#,
        );
        let expected = detail(
            "invalid_request_error",
            "Missing amount.",
            Some("parameter_missing"),
            Some("amount"),
        );
        assert_eq!(e.detail, Some(expected));
        assert_eq!(
            e.to_string(),
            "POST http://x/y: HTTP 400 invalid_request_error: Missing amount. (code parameter_missing) (param amount)"
        );
    }

    #[test]
    fn keeps_a_null_error_raw() {
        let e = api_error(r#"{"error": null}"#);
        assert_eq!(e.detail, None);
        assert_eq!(e.body, r#"{"error": null}"#);
        assert_eq!(
            e.to_string(),
            r#"POST http://x/y: HTTP 400: "{\"error\": null}""#
        );
    }

    #[test]
    fn keeps_a_non_json_body_raw() {
        let e = api_error("<html>Bad gateway</html>");
        assert_eq!(e.detail, None);
        assert_eq!(e.body, "<html>Bad gateway</html>");
    }

    #[test]
    fn a_field_of_an_unexpected_type_keeps_the_others() {
        let e = api_error(
            r#"{"error":{"type":"invalid_request_error","message":"Bad.","code":42,"param":["x"]}}"#,
        );
        let expected = detail("invalid_request_error", "Bad.", Some("42"), None);
        assert_eq!(e.detail, Some(expected));
    }

    #[test]
    fn server_text_stays_on_one_line() {
        let e = api_error("{\"error\":{\"type\":\"x\",\"message\":\"a\\nb\\u2028c\\u000bd\"}}");
        let shown = e.to_string();
        assert!(!shown.contains(['\n', '\u{2028}', '\u{b}']), "{shown:?}");
        assert!(shown.ends_with(r"x: a\nb\u{2028}c\u{b}d"), "{shown:?}");
    }

    #[test]
    fn each_status_class_has_its_helper() {
        let with = |status: u16, headers: HeaderMap| {
            Error::Api(Box::new(ApiError::new(
                "GET".into(),
                "http://x/y".into(),
                status,
                headers,
                b"",
            )))
        };
        let at = |status| with(status, HeaderMap::new());
        assert!(at(400).is_bad_request());
        assert!(at(401).is_authentication());
        assert!(at(403).is_permission_denied());
        assert!(at(404).is_not_found());
        assert!(at(409).is_conflict());
        assert!(at(422).is_unprocessable());
        assert!(at(429).is_rate_limited());
        assert!(at(500).is_server_error() && at(503).is_server_error());
        assert!(!at(404).is_server_error() && !at(500).is_not_found());
        for status in [408, 409, 429, 500, 503] {
            assert!(at(status).is_retryable(), "{status}");
        }
        for status in [400, 401, 403, 404, 422] {
            assert!(!at(status).is_retryable(), "{status}");
        }
        let mut no = HeaderMap::new();
        no.insert(
            "x-should-retry",
            reqwest::header::HeaderValue::from_static("false"),
        );
        assert!(!with(503, no).is_retryable());
        let timeout = Error::Timeout {
            method: "GET".into(),
            url: "http://x/y".into(),
            timeout: Duration::from_secs(1),
        };
        assert!(timeout.is_retryable() && timeout.status().is_none());
        assert!(!Error::invalid("x").is_retryable());
    }

    #[test]
    fn snippets_are_bounded() {
        let long = "é".repeat(500);
        assert_eq!(snippet(long.as_bytes()).chars().count(), 203);
    }
}
