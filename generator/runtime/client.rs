//! The HTTP client: configuration, authentication, retries and timeouts.
//!
//! Every operation builds a [`Request`] and hands it to [`Client::send`],
//! the one place where requests are sent, retried and turned into errors.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};

use crate::error::{ApiError, Error, Result, snippet};

/// Time allowed for a whole request (connect, send, answer) unless configured.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// Retries after the first attempt unless configured.
pub const DEFAULT_MAX_RETRIES: u32 = 2;

const USER_AGENT_VALUE: &str = concat!(
    env!("CARGO_PKG_NAME"),
    "/",
    env!("CARGO_PKG_VERSION"),
    " (Rust)"
);

/// A client of the API. Cheap to clone: clones share one connection pool.
///
/// Build one with [`Client::builder`] or [`Client::from_env`]; the crate's
/// front page has an example.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    credential: Option<Credential>,
    timeout: Duration,
    max_retries: u32,
}

/// How the API key is sent: the spec's security scheme, chosen by the
/// generator (`crate::AUTH`).
#[derive(Debug, Clone, Copy)]
#[allow(dead_code)] // each crate uses one of them
pub(crate) enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// A header of its own: `<name>: <key>`.
    Header(&'static str),
    /// A query parameter: `?<name>=<key>`.
    Query(&'static str),
}

/// The API key, ready to send.
enum Credential {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field(
                "api_key",
                &self.inner.credential.as_ref().map(|_| "[redacted]"),
            )
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .finish()
    }
}

impl Client {
    /// A builder to configure a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured from the environment:
    ///
    /// - the API key from the variable named by [`API_KEY_ENV`](crate::API_KEY_ENV)
    ///   (required: an error says so when it is missing or empty);
    /// - the base URL from [`BASE_URL_ENV`](crate::BASE_URL_ENV), else
    ///   [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    ///
    /// Timeout and retries take their defaults ([`DEFAULT_TIMEOUT`],
    /// [`DEFAULT_MAX_RETRIES`]).
    pub fn from_env() -> Result<Client> {
        let api_key = std::env::var(crate::API_KEY_ENV)
            .ok()
            .filter(|key| !key.is_empty())
            .ok_or_else(|| {
                Error::config(format!(
                    "the environment variable {} is not set; set it to your API key",
                    crate::API_KEY_ENV
                ))
            })?;
        let mut builder = Client::builder().api_key(api_key);
        if let Some(url) = std::env::var(crate::BASE_URL_ENV)
            .ok()
            .filter(|u| !u.is_empty())
        {
            check_base_url(&url)
                .map_err(|e| Error::config(format!("{}: {e}", crate::BASE_URL_ENV)))?;
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request, retrying what is worth retrying, and returns the
    /// successful answer or the error that ended the attempts.
    pub(crate) async fn send(&self, request: Request) -> Result<Response> {
        let inner = &*self.inner;
        let url = format!("{}{}", inner.base_url, request.path);
        let method_name = request.method.as_str().to_string();
        let mut attempt = 0;
        loop {
            let mut builder = inner
                .http
                .request(request.method.clone(), &url)
                .timeout(inner.timeout)
                .header(ACCEPT, request.accept);
            if !request.query.is_empty() {
                builder = builder.query(&request.query);
            }
            match &inner.credential {
                Some(Credential::Header(name, value)) => {
                    builder = builder.header(name.clone(), value.clone());
                }
                Some(Credential::Query(name, key)) => {
                    builder = builder.query(&[(name, key)]);
                }
                None => {}
            }
            for (name, value) in &request.headers {
                builder = builder.header(name.clone(), value.clone());
            }
            if let Some(body) = &request.body {
                builder = builder
                    .header(CONTENT_TYPE, "application/json")
                    .body(body.clone());
            }
            let outcome = match builder.send().await {
                Ok(answer) => {
                    let status = answer.status().as_u16();
                    let headers = answer.headers().clone();
                    match answer.bytes().await {
                        Ok(body) => Ok((status, headers, body.to_vec())),
                        Err(e) => Err(e),
                    }
                }
                Err(e) => Err(e),
            };
            let retries_left = attempt < inner.max_retries;
            match outcome {
                Ok((status, _, body)) if (200..300).contains(&status) => {
                    return Ok(Response {
                        method: method_name,
                        url,
                        status,
                        body,
                    });
                }
                Ok((status, headers, body)) => {
                    if retries_left && should_retry(status, &headers) {
                        tokio::time::sleep(retry_delay(attempt, &headers)).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(Error::Api(Box::new(ApiError::new(
                        method_name,
                        url,
                        status,
                        headers,
                        &body,
                    ))));
                }
                Err(e) => {
                    if retries_left {
                        tokio::time::sleep(retry_delay(attempt, &HeaderMap::new())).await;
                        attempt += 1;
                        continue;
                    }
                    return Err(if e.is_timeout() {
                        Error::Timeout {
                            method: method_name,
                            url,
                            timeout: inner.timeout,
                        }
                    } else {
                        Error::Connection {
                            method: method_name,
                            url,
                            source: Box::new(e.without_url()),
                        }
                    });
                }
            }
        }
    }
}

/// Configures a [`Client`]; `build` checks the configuration.
#[derive(Default, Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .finish()
    }
}

impl ClientBuilder {
    /// The API key, sent the way the API's spec says ([`AUTH_SCHEME`](crate::AUTH_SCHEME)).
    /// Without one, no credentials are sent.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// Where requests go, e.g. a test server. Default:
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// Time allowed for each attempt of a request, from connecting to the
    /// last byte of the answer. Default: [`DEFAULT_TIMEOUT`].
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// How often a failed request is retried (connection errors, timeouts,
    /// 408, 409, 429 and 5xx answers), with exponential backoff from 0.5 s
    /// to 8 s. 0 turns retries off. Default: [`DEFAULT_MAX_RETRIES`].
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let base_url = match self.base_url {
            Some(url) => {
                check_base_url(&url).map_err(Error::config)?;
                url
            }
            None => {
                check_base_url(crate::DEFAULT_BASE_URL).map_err(|e| {
                    Error::config(format!(
                        "the API's spec gives no usable server URL ({e}); set one with \
                         ClientBuilder::base_url or {}",
                        crate::BASE_URL_ENV
                    ))
                })?;
                crate::DEFAULT_BASE_URL.to_string()
            }
        };
        let credential = match self.api_key {
            None => None,
            Some(key) if key.is_empty() => return Err(Error::config("the API key is empty")),
            Some(key) => Some(credential(crate::AUTH, key)?),
        };
        let http = reqwest::Client::builder()
            .user_agent(USER_AGENT_VALUE)
            .build()
            .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url: base_url.trim_end_matches('/').to_string(),
                credential,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            }),
        })
    }
}

/// An absolute http(s) URL without query or fragment (operations' paths are
/// appended to it).
fn check_base_url(url: &str) -> std::result::Result<(), String> {
    match reqwest::Url::parse(url) {
        Ok(parsed) if !matches!(parsed.scheme(), "http" | "https") => Err(format!(
            "base URL {url:?} must be http or https, not {}",
            parsed.scheme()
        )),
        Ok(parsed) if parsed.query().is_some() || parsed.fragment().is_some() => Err(format!(
            "base URL {url:?} must not have a query or fragment"
        )),
        Ok(_) => Ok(()),
        Err(e) => Err(format!("base URL {url:?} is not a URL: {e}")),
    }
}

/// The API key as the scheme sends it; keys that cannot be a header value
/// (line breaks, control characters) are refused.
fn credential(auth: Auth, key: String) -> Result<Credential> {
    let refused = || {
        Error::config(
            "the API key contains characters not allowed in a header (line breaks or control characters)",
        )
    };
    Ok(match auth {
        Auth::Bearer => {
            let mut value =
                HeaderValue::from_str(&format!("Bearer {key}")).map_err(|_| refused())?;
            value.set_sensitive(true);
            Credential::Header(AUTHORIZATION, value)
        }
        Auth::Header(name) => {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| Error::config(format!("`{name}` is not a valid header name")))?;
            let mut value = HeaderValue::from_str(&key).map_err(|_| refused())?;
            value.set_sensitive(true);
            Credential::Header(name, value)
        }
        Auth::Query(name) => Credential::Query(name, key),
    })
}

/// Whether an error answer is worth another attempt: the server's
/// `x-should-retry` header decides when present, else 408, 409, 429 and 5xx.
fn should_retry(status: u16, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => true,
        Some("false") => false,
        _ => matches!(status, 408 | 409 | 429) || status >= 500,
    }
}

/// The wait before retry number `attempt + 1`: the server's `retry-after-ms`
/// or `retry-after` (seconds) when between 0 and 60 s, else 0.5 s doubling per
/// attempt up to 8 s, less up to 25 % jitter.
fn retry_delay(attempt: u32, headers: &HeaderMap) -> Duration {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<f64>().ok())
    };
    let asked = header("retry-after-ms")
        .map(|ms| ms / 1000.0)
        .or_else(|| header("retry-after"));
    if let Some(seconds) = asked.filter(|s| (0.0..=60.0).contains(s)) {
        return Duration::from_secs_f64(seconds);
    }
    let backoff = (0.5 * 2f64.powi(attempt.min(16) as i32)).min(8.0);
    Duration::from_secs_f64(backoff * (1.0 - 0.25 * fastrand::f64()))
}

/// Percent-encodes a path parameter as exactly one path segment.
///
/// Empty values, `.` and `..` are refused: they would address another path.
#[allow(dead_code)] // used by operations with path parameters
pub(crate) fn path_param(name: &str, value: &str) -> Result<String> {
    const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    if value.is_empty() {
        return Err(Error::invalid(format!("path parameter `{name}` is empty")));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(format!(
            "path parameter `{name}` cannot be {value:?}"
        )));
    }
    Ok(utf8_percent_encode(value, SEGMENT).to_string())
}

/// The text of a value in a query string: strings as they are, other JSON
/// values as JSON.
pub(crate) trait ParamText {
    fn param_text(&self) -> String;
}

impl ParamText for serde_json::Value {
    fn param_text(&self) -> String {
        match self {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        }
    }
}

impl ParamText for String {
    fn param_text(&self) -> String {
        self.clone()
    }
}

/// One request, as an operation describes it.
#[derive(Debug)]
pub(crate) struct Request {
    method: Method,
    /// Path below the base URL, parameters already encoded.
    path: String,
    query: Vec<(std::borrow::Cow<'static, str>, String)>,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Vec<u8>>,
    /// The `Accept` header: JSON unless the operation answers something else.
    accept: &'static str,
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            accept: "application/json",
        }
    }

    /// Sets the `Accept` header (for operations that do not answer JSON).
    #[allow(dead_code)] // used by operations that answer something else than JSON
    pub(crate) fn accept(&mut self, media_type: &'static str) {
        self.accept = media_type;
    }

    /// Adds a query parameter (repeat the name for arrays).
    #[allow(dead_code)] // used by operations with query parameters
    pub(crate) fn query(&mut self, name: &'static str, value: &str) {
        self.query.push((name.into(), value.to_string()));
    }

    /// Adds the entries of a `style: deepObject` parameter: `name[key]=value`.
    #[allow(dead_code)] // used by operations with deepObject query parameters
    pub(crate) fn query_deep<'v, V: ParamText + 'v>(
        &mut self,
        name: &str,
        entries: impl IntoIterator<Item = (&'v String, &'v V)>,
    ) {
        for (key, value) in entries {
            self.query
                .push((format!("{name}[{key}]").into(), value.param_text()));
        }
    }

    /// Adds a header; values with line breaks or control characters are refused.
    #[allow(dead_code)] // used by operations with header parameters
    pub(crate) fn header(&mut self, name: &'static str, value: &str) -> Result<()> {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::invalid(format!("`{name}` is not a valid header name")))?;
        let header_value = HeaderValue::from_str(value).map_err(|_| {
            Error::invalid(format!(
                "the value of header `{name}` contains characters not allowed in a header"
            ))
        })?;
        self.headers.push((header_name, header_value));
        Ok(())
    }

    /// Sets a JSON body.
    #[allow(dead_code)] // used by operations with a request body
    pub(crate) fn json<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<()> {
        let bytes = serde_json::to_vec(body).map_err(|e| {
            Error::invalid(format!(
                "the request body could not be encoded as JSON: {e}"
            ))
        })?;
        self.body = Some(bytes);
        Ok(())
    }
}

/// A successful (2xx) answer.
#[derive(Debug)]
pub(crate) struct Response {
    method: String,
    url: String,
    status: u16,
    body: Vec<u8>,
}

impl Response {
    /// Decodes the JSON body.
    #[allow(dead_code)] // used by operations that answer JSON
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| Error::Decode {
            body: snippet(&self.body),
            method: self.method,
            url: self.url,
            status: self.status,
            source,
        })
    }

    /// Decodes the JSON body; `None` when there is none (an operation whose
    /// 2xx answers include one without a body, such as 204).
    #[allow(dead_code)] // used by operations that answer JSON or nothing
    pub(crate) fn json_or_empty<T: serde::de::DeserializeOwned>(self) -> Result<Option<T>> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        self.json().map(Some)
    }

    /// For operations that answer no body.
    #[allow(dead_code)] // used by operations that answer no body
    pub(crate) fn empty(self) -> Result<()> {
        Ok(())
    }

    /// The body as bytes, for answers that are not JSON.
    #[allow(dead_code)] // used by operations that answer something else than JSON
    pub(crate) fn into_bytes(self) -> Vec<u8> {
        self.body
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_params_are_one_segment() {
        assert_eq!(
            path_param("id", "../../x y?z").ok().as_deref(),
            Some("..%2F..%2Fx%20y%3Fz")
        );
        assert_eq!(
            path_param("id", "exp_123-a.b~c").ok().as_deref(),
            Some("exp_123-a.b~c")
        );
        assert_eq!(path_param("id", "a#b%c").ok().as_deref(), Some("a%23b%25c"));
    }

    #[test]
    fn empty_and_dot_path_params_are_refused() {
        for value in ["", ".", ".."] {
            assert!(
                matches!(path_param("id", value), Err(Error::InvalidRequest { .. })),
                "{value:?}"
            );
        }
    }

    #[test]
    fn retry_rule() {
        let none = HeaderMap::new();
        for status in [408, 409, 429, 500, 502, 503, 599] {
            assert!(should_retry(status, &none), "{status}");
        }
        for status in [400, 401, 403, 404, 422] {
            assert!(!should_retry(status, &none), "{status}");
        }
        let mut no = HeaderMap::new();
        no.insert("x-should-retry", HeaderValue::from_static("false"));
        assert!(!should_retry(503, &no));
        let mut yes = HeaderMap::new();
        yes.insert("x-should-retry", HeaderValue::from_static("true"));
        assert!(should_retry(400, &yes));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let none = HeaderMap::new();
        for (attempt, full) in [(0, 0.5), (1, 1.0), (2, 2.0), (3, 4.0), (4, 8.0), (9, 8.0)] {
            let wait = retry_delay(attempt, &none).as_secs_f64();
            assert!(
                wait <= full && wait >= full * 0.75,
                "attempt {attempt}: {wait}"
            );
        }
    }

    #[test]
    fn the_server_can_ask_for_a_wait() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("3"));
        assert_eq!(retry_delay(0, &headers), Duration::from_secs(3));
        headers.insert("retry-after-ms", HeaderValue::from_static("250"));
        assert_eq!(retry_delay(0, &headers), Duration::from_millis(250));
        let mut too_long = HeaderMap::new();
        too_long.insert("retry-after", HeaderValue::from_static("3600"));
        assert!(retry_delay(0, &too_long) <= Duration::from_millis(500));
    }

    #[test]
    fn debug_never_shows_the_api_key() {
        let builder = Client::builder()
            .api_key("sk_secret_123")
            .base_url("http://127.0.0.1:9");
        assert!(!format!("{builder:?}").contains("sk_secret_123"));
        let client = builder.build();
        assert!(client.is_ok());
        assert!(!format!("{client:?}").contains("sk_secret_123"));
    }

    #[test]
    fn api_keys_with_line_breaks_are_refused() {
        let built = Client::builder().api_key("key\r\nX-Evil: 1").build();
        assert!(matches!(built, Err(Error::Config { .. })));
    }

    #[test]
    fn each_scheme_sends_the_key_its_way() {
        let header = |c: Credential| match c {
            Credential::Header(name, value) => {
                (name.to_string(), value.to_str().map(String::from).ok())
            }
            Credential::Query(name, key) => (format!("?{name}"), Some(key)),
        };
        let sent = |auth| credential(auth, "k1".to_string()).map(header).ok();
        assert_eq!(
            sent(Auth::Bearer),
            Some(("authorization".into(), Some("Bearer k1".into())))
        );
        assert_eq!(
            sent(Auth::Header("X-Api-Key")),
            Some(("x-api-key".into(), Some("k1".into())))
        );
        assert_eq!(
            sent(Auth::Query("api_key")),
            Some(("?api_key".into(), Some("k1".into())))
        );
    }

    #[test]
    fn an_empty_api_key_is_refused() {
        let built = Client::builder()
            .api_key("")
            .base_url("http://127.0.0.1:9")
            .build();
        assert!(matches!(built, Err(Error::Config { .. })));
    }

    #[test]
    fn base_urls_with_a_query_or_fragment_are_refused() {
        for url in ["http://127.0.0.1:9/v1?tenant=1", "http://127.0.0.1:9/v1#x"] {
            let built = Client::builder().base_url(url).build();
            assert!(matches!(built, Err(Error::Config { .. })), "{url}");
        }
    }

    #[test]
    fn an_empty_answer_is_none_where_the_operation_allows_it() {
        let answer = |body: &str| Response {
            method: "PUT".into(),
            url: "http://x/y".into(),
            status: 204,
            body: body.as_bytes().to_vec(),
        };
        assert_eq!(answer("").json_or_empty::<u32>().ok(), Some(None));
        assert_eq!(answer(" \n").json_or_empty::<u32>().ok(), Some(None));
        assert_eq!(answer("7").json_or_empty::<u32>().ok(), Some(Some(7)));
        assert!(answer("{").json_or_empty::<u32>().is_err());
    }

    #[test]
    fn base_urls_are_checked() {
        assert!(matches!(
            Client::builder().base_url("not a url").build(),
            Err(Error::Config { .. })
        ));
        assert!(matches!(
            Client::builder().base_url("ftp://x").build(),
            Err(Error::Config { .. })
        ));
    }
}
