//! The HTTP client: configuration, authentication, retries and timeouts.
//!
//! Every operation builds a [`Request`] and hands it to [`Client::send`],
//! the one place where requests are sent, retried and turned into errors.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use reqwest::Method;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderName, HeaderValue, USER_AGENT,
};

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
    /// `base_url` parsed once, and its path without a trailing slash, for
    /// [`Inner::url`].
    base: reqwest::Url,
    base_path: String,
    /// `base_url` was set by the caller ([`ClientBuilder::base_url`] or
    /// [`BASE_URL_ENV`](crate::BASE_URL_ENV)): every operation goes there,
    /// those with a server of their own too.
    base_url_set: bool,
    /// The credential of each scheme of `crate::CONFIG.schemes` (same index), if
    /// configured.
    credentials: Vec<Option<Credential>>,
    timeout: Duration,
    max_retries: u32,
    /// `http` is the caller's ([`ClientBuilder::http_client`]): it carries
    /// neither the crate's `User-Agent` nor its timeout, so every request
    /// does. A client the builder makes has both built in.
    callers_http: bool,
}

/// The bytes [`Inner::url`] passes to `set_path`: letters, digits and
/// `-._~!$&'()*+,;=:@/%`.
const PATH_CHAR: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let others = b"-._~!$&'()*+,;=:@/%";
    let mut i = 0;
    while i < others.len() {
        table[others[i] as usize] = true;
        i += 1;
    }
    table
};

impl Inner {
    /// The operation's own server, unless the caller set the base URL.
    fn own_server(&self, request: &Request) -> Option<&'static str> {
        let server = request.own.server?;
        (!self.base_url_set).then_some(server)
    }

    /// The URL of an operation's path (already percent-encoded): the base
    /// URL parsed when the client was built, with the path set, instead of
    /// parsing scheme, host and port again for every request (about 1 % of
    /// a loopback request). `set_path` parses the path as a parse of the
    /// whole URL does; paths with characters that such a parse could read
    /// otherwise (`?`, `#`, spaces, `\`, non-ASCII) get `None`, and the
    /// caller parses the whole URL.
    fn url(&self, path: &str) -> Option<reqwest::Url> {
        let plain = path.starts_with('/') && path.bytes().all(|b| PATH_CHAR[usize::from(b)]);
        if !plain {
            return None;
        }
        let mut full = String::with_capacity(self.base_path.len() + path.len());
        full.push_str(&self.base_path);
        full.push_str(path);
        let mut url = self.base.clone();
        url.set_path(&full);
        Some(url)
    }
}

/// What the runtime knows of the API its crate is generated for: one
/// value, `crate::CONFIG`, which the generated `lib.rs` declares from the
/// spec and the generator's settings (the public constants it shows users,
/// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL) and the others, are its
/// first fields).
pub(crate) struct Config {
    /// [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL): the spec's first
    /// server's URL, empty when it names none.
    pub(crate) default_base_url: &'static str,
    /// [`API_KEY_ENV`](crate::API_KEY_ENV), read by [`Client::from_env`].
    pub(crate) api_key_env: &'static str,
    /// [`BASE_URL_ENV`](crate::BASE_URL_ENV), read by [`Client::from_env`].
    pub(crate) base_url_env: &'static str,
    /// [`LOG_ENV`](crate::LOG_ENV), read by `init_logging` only.
    #[cfg_attr(not(feature = "tracing-subscriber"), allow(dead_code))]
    pub(crate) log_env: &'static str,
    /// The spec's security schemes, in its order.
    pub(crate) schemes: &'static [Scheme],
    /// What operations send unless they say otherwise: alternatives of
    /// indices into `schemes`, the first configured one is sent.
    pub(crate) security: &'static [&'static [usize]],
    /// The variables [`Client::from_env`] reads the user name and password
    /// of HTTP basic authentication from.
    pub(crate) basic_env: [&'static str; 2],
}

/// A security scheme of the spec (`Config::schemes`): its name there and
/// how its credential is sent.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scheme {
    pub(crate) name: &'static str,
    pub(crate) auth: Auth,
}

/// How a scheme's credential is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(dead_code)] // each crate uses the ones its spec names
pub(crate) enum Auth {
    /// `Authorization: Bearer <key>`.
    Bearer,
    /// A header of its own: `<name>: <key>`.
    Header(&'static str),
    /// A query parameter: `?<name>=<key>`.
    Query(&'static str),
    /// A cookie: `Cookie: <name>=<key>`.
    Cookie(&'static str),
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
}

/// A credential, ready to send.
enum Credential {
    Header(HeaderName, HeaderValue),
    Query(&'static str, String),
    /// `name=value`, the value percent-encoded.
    Cookie(String),
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field(
                "api_key",
                &self
                    .inner
                    .credentials
                    .iter()
                    .any(Option::is_some)
                    .then_some("[redacted]"),
            )
            .field("timeout", &self.inner.timeout)
            .field("max_retries", &self.inner.max_retries)
            .field("callers_http_client", &self.inner.callers_http)
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
    ///   (required: an error says so when it is missing or empty), or,
    ///   for an API with HTTP basic authentication, the user name and
    ///   password from the variables the crate's front page names (one of
    ///   the two is required when the API takes both);
    /// - the base URL from [`BASE_URL_ENV`](crate::BASE_URL_ENV), else
    ///   [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL).
    ///
    /// Timeout and retries take their defaults ([`DEFAULT_TIMEOUT`],
    /// [`DEFAULT_MAX_RETRIES`]).
    ///
    /// It does not read [`LOG_ENV`](crate::LOG_ENV) and installs no
    /// `tracing` subscriber: a global subscriber can be set only once per
    /// process, and that choice is the program's, so one that sets up its
    /// own logging after building the client still can. To print the
    /// client's events on stderr, call `init_logging` (feature
    /// `tracing-subscriber`) yourself.
    pub fn from_env() -> Result<Client> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let config = &crate::CONFIG;
        let takes_key = config.schemes.iter().any(|s| s.auth != Auth::Basic);
        let takes_basic = config.schemes.iter().any(|s| s.auth == Auth::Basic);
        let [user_env, password_env] = config.basic_env;
        let api_key = var(config.api_key_env).filter(|_| takes_key);
        let basic = var(user_env)
            .filter(|_| takes_basic)
            .map(|user| (user, var(password_env).unwrap_or_default()));
        let mut builder = Client::builder();
        match (api_key, basic) {
            (None, None) if !takes_basic => {
                return Err(Error::config(format!(
                    "the environment variable {} is not set; set it to your API key",
                    config.api_key_env
                )));
            }
            (None, None) if !takes_key => {
                return Err(Error::config(format!(
                    "the environment variable {user_env} is not set; set it to your user \
                     name and {password_env} to your password"
                )));
            }
            (None, None) => {
                return Err(Error::config(format!(
                    "neither {} nor {user_env} is set; set {} to your API key or {user_env} \
                     and {password_env} to your user name and password",
                    config.api_key_env, config.api_key_env
                )));
            }
            (api_key, basic) => {
                if let Some(key) = api_key {
                    builder = builder.api_key(key);
                }
                if let Some((user, password)) = basic {
                    builder = builder.basic_auth(user, password);
                }
            }
        }
        if let Some(url) = std::env::var(config.base_url_env)
            .ok()
            .filter(|u| !u.is_empty())
        {
            check_base_url(&url)
                .map_err(|e| Error::config(format!("{}: {e}", config.base_url_env)))?;
            builder = builder.base_url(url);
        }
        builder.build()
    }

    /// The base URL requests are sent to: the one set with
    /// [`ClientBuilder::base_url`] (or [`BASE_URL_ENV`](crate::BASE_URL_ENV)),
    /// which every operation uses, else [`DEFAULT_BASE_URL`](crate::DEFAULT_BASE_URL),
    /// which operations with a server of their own in the spec (their
    /// documentation says so) do not use.
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// Sends a request, retrying what is worth retrying, and returns the
    /// successful answer or the error that ended the attempts.
    ///
    /// The one place requests are sent: not generic, so the async state
    /// machine is compiled once for all operations. It borrows the request
    /// and options from the [`Call`] future instead of holding copies: the
    /// smaller that boxed future, the cheaper its allocation.
    pub(crate) async fn send(
        &self,
        request: &mut Request,
        options: &RequestOptions,
    ) -> Result<Response> {
        let inner = &*self.inner;
        // The operation's own server, unless the caller set the base URL;
        // in a block: what is in scope over an await is part of every
        // call's boxed future.
        let url = {
            let server = inner.own_server(request);
            let base_url = server.map_or(inner.base_url.as_str(), |s| s.trim_end_matches('/'));
            // Owned only where an answer or error keeps them: the URL (also
            // what reqwest parses), and the method as text in errors.
            let mut url = String::with_capacity(base_url.len() + request.path.len());
            url.push_str(base_url);
            url.push_str(&request.path);
            url
        };
        let method = &request.method;
        let timeout = options.timeout.unwrap_or(inner.timeout);
        // The timeout each request carries: a call's own, or always with
        // the caller's HTTP client, whose own timeout is not this one.
        let request_timeout = match options.timeout {
            Some(timeout) => Some(timeout),
            None if inner.callers_http => Some(timeout),
            None => None,
        };
        let max_retries = options.max_retries.unwrap_or(inner.max_retries);
        let invalid = |message: String| Error::InvalidRequest {
            message: format!("{method} {url}: {message}"),
        };
        // Validates the headers before anything is sent; the first attempt
        // sends this map, retries build it again (no copy per attempt).
        let mut first_headers = Some(self.headers(request, options).map_err(invalid)?);
        // The body is taken out of the request, leaving an empty one (the
        // headers of a retry are built from the request again, and they
        // depend on whether it has a body), as `Bytes`: each attempt sends
        // the same buffer, not a copy.
        let form = request
            .content_type
            .as_ref()
            .is_some_and(|t| t == FORM_MEDIA_TYPE);
        let body: Option<Bytes> = merge_body_fields(
            request.body.as_mut().map(std::mem::take),
            form,
            &options.body_fields,
        )
        .map_err(invalid)?
        .map(Bytes::from);
        let mut query: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(name, value)| (name.as_ref(), value.as_str()))
            .collect();
        query.extend(
            options
                .query
                .iter()
                .map(|(name, value)| (name.as_str(), value.as_str())),
        );
        for credential in self.credentials(request) {
            if let Credential::Query(name, key) = credential {
                query.push((name, key.as_str()));
            }
        }
        let mut attempt: u32 = 0;
        loop {
            // Each value lives in the smallest scope around the awaits: a
            // value in scope at an await is kept in the future (and so in
            // every call's boxed future) even when it was moved out.
            let (wait, error) = {
                let sent = {
                    let mut headers = match first_headers.take() {
                        Some(headers) => headers,
                        None => self.headers(request, options).map_err(invalid)?,
                    };
                    headers.append(RETRY_COUNT, retry_count_value(attempt));
                    let parsed = match inner.own_server(request) {
                        None => inner.url(&request.path),
                        Some(_) => None,
                    };
                    let mut builder = match parsed {
                        Some(parsed) => inner.http.request(method.clone(), parsed),
                        None => inner.http.request(method.clone(), url.as_str()),
                    };
                    if !query.is_empty() {
                        builder = builder.query(&query);
                    }
                    // The request as reqwest's builder makes it (URL and
                    // query), then its headers, timeout and body set in
                    // place: the builder's `headers` would merge the map
                    // entry by entry into an empty one.
                    builder.build().map(|mut prepared| {
                        *prepared.headers_mut() = headers;
                        // The timeout of a client the builder made is
                        // reqwest's own (set when built); a call's own, or
                        // the builder's on the caller's client, replaces it
                        // for this request.
                        if let Some(timeout) = request_timeout {
                            *prepared.timeout_mut() = Some(timeout);
                        }
                        if let Some(body) = &body {
                            *prepared.body_mut() = Some(body.clone().into());
                        }
                        inner.http.execute(prepared)
                    })
                };
                let started = std::time::Instant::now();
                let outcome = match sent {
                    Ok(sent) => exchange(sent).await,
                    Err(e) => Err(e),
                };
                let elapsed_ms = started.elapsed().as_millis() as u64;
                match outcome {
                    Ok((status, headers, body)) if (200..300).contains(&status) => {
                        tracing::debug!(%method, path = %request.path, status, attempt, elapsed_ms, "HTTP request");
                        return Ok(Response {
                            method: method.clone(),
                            url,
                            status,
                            headers,
                            body,
                        });
                    }
                    Ok((status, headers, body)) => {
                        tracing::debug!(%method, path = %request.path, status, attempt, elapsed_ms, "HTTP request");
                        let wait =
                            should_retry(status, &headers).then(|| retry_delay(attempt, &headers));
                        let error = Error::Api(Box::new(ApiError::new(
                            method.to_string(),
                            url.clone(),
                            status,
                            headers,
                            &body,
                        )));
                        (wait, error)
                    }
                    Err(e) => {
                        let e_is_final = crate::error::fails_again(&e);
                        let error = if e.is_timeout() {
                            Error::Timeout {
                                method: method.to_string(),
                                url: url.clone(),
                                timeout,
                            }
                        } else {
                            Error::Connection {
                                method: method.to_string(),
                                url: url.clone(),
                                source: Box::new(e.without_url()),
                            }
                        };
                        tracing::debug!(%method, path = %request.path, attempt, elapsed_ms, error = %error, "HTTP request failed");
                        // A request reqwest could not even build, or a
                        // redirect loop, fails the same way again.
                        let wait = (!e_is_final).then(|| retry_delay(attempt, &HeaderMap::new()));
                        (wait, error)
                    }
                }
            };
            let retries_left = attempt < max_retries;
            match wait {
                Some(wait) if retries_left => {
                    tracing::info!(%method, path = %request.path, attempt, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
                    tokio::time::sleep(wait).await;
                    attempt += 1;
                }
                _ => return Err(error),
            }
        }
    }

    /// The credentials `request` sends: those of the first alternative of
    /// its security (the operation's, else the API's) whose every scheme
    /// has one configured; none when no alternative has.
    fn credentials<'c>(&'c self, request: &Request) -> impl Iterator<Item = &'c Credential> {
        let configured = |i: &usize| matches!(self.inner.credentials.get(*i), Some(Some(_)));
        let chosen: &[usize] = request
            .own
            .security
            .unwrap_or(crate::CONFIG.security)
            .iter()
            .find(|alternative| alternative.iter().all(configured))
            .copied()
            .unwrap_or_default();
        chosen
            .iter()
            .filter_map(|i| self.inner.credentials.get(*i)?.as_ref())
    }

    /// The headers every attempt of `request` sends: `Accept`, the
    /// credentials, `User-Agent` (on the caller's HTTP client; the builder's
    /// own sends it by default), the operation's headers, `Content-Type`
    /// with a body, then the caller's extra headers, which replace any of
    /// these.
    fn headers(
        &self,
        request: &Request,
        options: &RequestOptions,
    ) -> std::result::Result<HeaderMap, String> {
        let mut headers = HeaderMap::new();
        headers.insert(ACCEPT, HeaderValue::from_static(request.own.accept));
        let mut cookies = std::borrow::Cow::Borrowed(request.cookies.as_str());
        for credential in self.credentials(request) {
            match credential {
                Credential::Header(name, value) => {
                    headers.insert(name.clone(), value.clone());
                }
                Credential::Cookie(pair) => {
                    let all = cookies.to_mut();
                    if !all.is_empty() {
                        all.push_str("; ");
                    }
                    all.push_str(pair);
                }
                Credential::Query(..) => {}
            }
        }
        if self.inner.callers_http {
            headers.insert(USER_AGENT, HeaderValue::from_static(USER_AGENT_VALUE));
        }
        for (name, value) in &request.headers {
            headers.append(name.clone(), value.clone());
        }
        if !cookies.is_empty() {
            let mut cookies = HeaderValue::from_str(&cookies)
                .map_err(|_| "the cookies are not a valid header value".to_string())?;
            // It may hold a credential.
            cookies.set_sensitive(true);
            headers.insert(COOKIE, cookies);
        }
        match &request.content_type {
            Some(content_type) => {
                headers.insert(CONTENT_TYPE, content_type.clone());
            }
            None if !options.body_fields.is_empty() => {
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            }
            None => {}
        }
        for (name, value) in &options.headers {
            let (name, value) = header_pair(name, value)?;
            headers.insert(name, value);
        }
        Ok(headers)
    }
}

/// The answer to a sent request: its status, headers and whole body (the
/// answer's own headers and body, not copies). The body is read chunk by
/// chunk (usually one) rather than with `Response::bytes`, whose future
/// holds a second copy of the response: this future is part of every
/// call's boxed future.
async fn exchange(
    sent: impl std::future::Future<Output = reqwest::Result<reqwest::Response>>,
) -> reqwest::Result<(u16, HeaderMap, Bytes)> {
    let mut answer = sent.await?;
    let mut body = answer.chunk().await?.unwrap_or_default();
    if let Some(second) = answer.chunk().await? {
        let mut all = bytes::BytesMut::from(&body[..]);
        all.extend_from_slice(&second);
        while let Some(next) = answer.chunk().await? {
            all.extend_from_slice(&next);
        }
        body = all.freeze();
    }
    let status = answer.status().as_u16();
    Ok((status, std::mem::take(answer.headers_mut()), body))
}

/// The header that tells the server which attempt a request is: `0` for the
/// first, `1` for the first retry, and so on.
pub const RETRY_COUNT_HEADER: &str = "x-retry-count";

/// [`RETRY_COUNT_HEADER`] as a header name, checked once at compile time.
const RETRY_COUNT: HeaderName = HeaderName::from_static(RETRY_COUNT_HEADER);

/// The value of [`RETRY_COUNT_HEADER`] for `attempt`: a static value for the
/// first ten (no allocation), the number written out after that.
fn retry_count_value(attempt: u32) -> HeaderValue {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    match DIGITS.get(attempt as usize) {
        Some(digit) => HeaderValue::from_static(digit),
        None => HeaderValue::from(attempt),
    }
}

/// A header from text given by the caller. Values with line breaks or other
/// control characters are refused; the message never repeats the value.
fn header_pair(name: &str, value: &str) -> std::result::Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("`{name}` is not a valid header name"))?;
    let mut header_value = HeaderValue::from_str(value).map_err(|_| {
        format!(
            "the value of header `{name}` contains characters not allowed in a header (line breaks or control characters)"
        )
    })?;
    header_value.set_sensitive(true);
    Ok((header_name, header_value))
}

/// The JSON body with the caller's extra fields set (replacing fields of
/// the same name); an object of only those fields when there is no body.
/// A form body gets them appended as pairs.
fn merge_body_fields(
    body: Option<Vec<u8>>,
    form: bool,
    fields: &[(String, serde_json::Value)],
) -> std::result::Result<Option<Vec<u8>>, String> {
    if fields.is_empty() {
        return Ok(body);
    }
    if form {
        let extra: serde_json::Map<String, serde_json::Value> = fields.iter().cloned().collect();
        let pairs = crate::encode::form_body_pairs(&extra).map_err(|e| e.to_string())?;
        let mut body = body.unwrap_or_default();
        crate::encode::append_form(&mut body, &pairs);
        return Ok(Some(body));
    }
    let mut object = match &body {
        None => serde_json::Map::new(),
        Some(bytes) => match serde_json::from_slice(bytes) {
            Ok(serde_json::Value::Object(object)) => object,
            _ => return Err("extra body fields need a JSON object body".to_string()),
        },
    };
    for (key, value) in fields {
        object.insert(key.clone(), value.clone());
    }
    serde_json::to_vec(&object)
        .map(Some)
        .map_err(|e| format!("the request body could not be encoded as JSON: {e}"))
}

/// Options for calls: extra headers, query parameters and JSON body
/// fields, and a timeout and number of retries that replace the client's.
///
/// Set them on a call with [`Call::with_options`], or on every call made
/// through a resource with its `with_options`; both take them by value.
/// Options are merged field by field, the later over the earlier: a call's
/// over its resource's, and those over the client's configuration. A
/// timeout or number of retries set later replaces the earlier one; a
/// header, query parameter or body field set later replaces the earlier
/// ones of the same name (header names in any case), and the others are
/// kept. The crate's front page has an example.
#[derive(Clone, Default)]
pub struct RequestOptions {
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_retries: Option<u32>,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) query: Vec<(String, String)>,
    pub(crate) body_fields: Vec<(String, serde_json::Value)>,
}

impl fmt::Debug for RequestOptions {
    /// Header values are left out: they may be credentials.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let header_names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            .field("headers", &header_names)
            .field("query", &self.query)
            .field("body_fields", &self.body_fields)
            .finish()
    }
}

impl RequestOptions {
    /// No options: the call behaves as configured on the client.
    pub fn new() -> Self {
        Self::default()
    }

    /// Merges `later` over these options (see the type's documentation).
    pub(crate) fn merge(&mut self, later: RequestOptions) {
        let RequestOptions {
            timeout,
            max_retries,
            headers,
            query,
            body_fields,
        } = later;
        self.timeout = timeout.or(self.timeout);
        self.max_retries = max_retries.or(self.max_retries);
        self.headers
            .retain(|(name, _)| !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)));
        self.headers.extend(headers);
        self.query
            .retain(|(name, _)| !query.iter().any(|(n, _)| n == name));
        self.query.extend(query);
        self.body_fields
            .retain(|(key, _)| !body_fields.iter().any(|(k, _)| k == key));
        self.body_fields.extend(body_fields);
    }

    /// Time allowed for each attempt of this call (replaces the client's).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Retries for this call (replaces the client's); 0 turns them off.
    pub fn max_retries(mut self, max_retries: u32) -> Self {
        self.max_retries = Some(max_retries);
        self
    }

    /// A header sent with this call, replacing one of the same name that the
    /// client or the operation would send. A name or value that cannot be
    /// sent (a line break in the value, ...) makes the call fail with
    /// [`Error::InvalidRequest`] and nothing is sent.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// A query parameter sent with this call, after the operation's own.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// A field set in this call's JSON body, replacing one of the same name:
    /// for fields the API accepts that the spec does not describe yet. With
    /// no body, the body becomes an object of these fields.
    pub fn body_field(mut self, key: impl Into<String>, value: serde_json::Value) -> Self {
        self.body_fields.push((key.into(), value));
        self
    }
}

/// One call of an operation, not sent yet: `.await` it to send it and get
/// the decoded answer, or call [`Call::with_raw_response`] to also get the
/// status and headers. [`Call::with_options`] sets per-call options. The
/// crate's front page has an example.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    client: &'a Client,
    /// The request, or why it could not be built (sent back at `.await`).
    request: Result<Request>,
    options: RequestOptions,
    decode: Decode<T>,
}

/// How a call's answer becomes its value. A JSON answer is decoded by the
/// `IntoFuture` impl, which is generic: its decoding code is compiled in the
/// program that awaits the call, for the operations it awaits, instead of
/// for every operation when this crate is compiled.
#[allow(dead_code)] // each crate uses the variants its operations answer with
pub(crate) enum Decode<T> {
    /// The body is JSON of `T`.
    Json,
    /// The body is JSON of what `T` (an `Option`) holds, or empty: `None`.
    JsonOrEmpty,
    /// Any other answer (no body, or bytes): this function makes `T`.
    With(fn(Response) -> Result<T>),
}

impl<T: serde::de::DeserializeOwned> Decode<T> {
    fn run(self, response: Response) -> Result<T> {
        match self {
            Decode::Json => response.json(),
            // `null` is what an `Option` decodes to `None` from.
            Decode::JsonOrEmpty if response.body.iter().all(u8::is_ascii_whitespace) => {
                serde_json::from_slice(b"null").map_err(|e| response.decode_error(e))
            }
            Decode::JsonOrEmpty => response.json(),
            Decode::With(decode) => decode(response),
        }
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    /// The method and path (not the body or header values, which may hold
    /// secrets), or why the request could not be built.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Call");
        match &self.request {
            Ok(request) => debug
                .field("method", &request.method)
                .field("path", &request.path),
            Err(error) => debug.field("error", error),
        };
        debug.field("options", &self.options).finish()
    }
}

impl<'a, T> Call<'a, T> {
    /// A call of `client` with the request `build` makes, decoded by
    /// `decode`, with the options of the resource it is made through.
    pub(crate) fn new(
        client: &'a Client,
        options: &RequestOptions,
        build: impl FnOnce() -> Result<Request>,
        decode: Decode<T>,
    ) -> Self {
        Call {
            client,
            request: build(),
            options: options.clone(),
            decode,
        }
    }

    /// Options for this call, merged over those set before (its
    /// resource's, an earlier `with_options`) field by field: see
    /// [`RequestOptions`].
    pub fn with_options(mut self, options: RequestOptions) -> Self {
        self.options.merge(options);
        self
    }
}

impl<'a, T: serde::de::DeserializeOwned> Call<'a, T> {
    /// Sends the call and returns the decoded answer with its status,
    /// headers and request id.
    pub async fn with_raw_response(self) -> Result<RawResponse<T>> {
        let mut request = self.request?;
        let response = self.client.send(&mut request, &self.options).await?;
        let status = response.status;
        let headers = response.headers.clone();
        let request_id = crate::error::request_id(&headers);
        let value = self.decode.run(response)?;
        Ok(RawResponse {
            status,
            headers,
            request_id,
            value,
        })
    }
}

impl<'a, T: serde::de::DeserializeOwned + Send + 'a> std::future::IntoFuture for Call<'a, T> {
    type Output = Result<T>;
    type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Result<T>> + Send + 'a>>;

    fn into_future(self) -> Self::IntoFuture {
        // Taken apart here so the boxed future holds each part once (an
        // `async` block that moves a part out of a captured value stores
        // it twice); a request that could not be built needs no sending.
        let Call {
            client,
            request,
            options,
            decode,
        } = self;
        let mut request = match request {
            Ok(request) => request,
            Err(error) => return Box::pin(async move { Err(error) }),
        };
        Box::pin(async move {
            let response = client.send(&mut request, &options).await?;
            decode.run(response)
        })
    }
}

/// A decoded answer with the status and headers it came with.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct RawResponse<T> {
    pub status: u16,
    pub headers: HeaderMap,
    /// The `x-request-id` (or `request-id`) header, when the server sent one.
    pub request_id: Option<String>,
    /// The decoded body, as the call alone would return it.
    pub value: T,
}

/// Prints this crate's `tracing` events to stderr at the level that the
/// variable [`LOG_ENV`](crate::LOG_ENV) names: `off` (or unset, or empty),
/// `error`, `warn`, `info` (retries) or `debug` (every request: method,
/// path, status, attempt, elapsed time). Installs a global subscriber,
/// unless the program already has one: then it returns `Ok(false)` and
/// events go to that one. An unknown level is a configuration error.
///
/// Nothing calls it for you ([`Client::from_env`] does not): call it once,
/// early in `main`, if the program has no subscriber of its own.
///
/// Needs the crate's `tracing-subscriber` feature; programs with their own
/// subscriber do not need it.
#[cfg(feature = "tracing-subscriber")]
pub fn init_logging() -> Result<bool> {
    use tracing_subscriber::layer::SubscriberExt;
    let value = std::env::var(crate::CONFIG.log_env).unwrap_or_default();
    let level = match value.trim().to_ascii_lowercase().as_str() {
        "" | "off" => return Ok(false),
        "error" => tracing::Level::ERROR,
        "warn" => tracing::Level::WARN,
        "info" => tracing::Level::INFO,
        "debug" => tracing::Level::DEBUG,
        _ => {
            return Err(Error::config(format!(
                "{}={value:?}: use off, error, warn, info or debug",
                crate::CONFIG.log_env
            )));
        }
    };
    let this_crate = module_path!().split("::").next().unwrap_or_default();
    let filter = tracing_subscriber::filter::Targets::new().with_target(this_crate, level);
    let subscriber = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .finish()
        .with(filter);
    Ok(tracing::subscriber::set_global_default(subscriber).is_ok())
}

/// Configures a [`Client`]; `build` checks the configuration.
#[derive(Default, Clone)]
pub struct ClientBuilder {
    api_key: Option<String>,
    /// User name and password.
    basic: Option<(String, String)>,
    /// Keys of named schemes.
    scheme_keys: Vec<(String, String)>,
    base_url: Option<String>,
    timeout: Option<Duration>,
    max_retries: Option<u32>,
    http_client: Option<reqwest::Client>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field("basic_auth", &self.basic.as_ref().map(|_| "[redacted]"))
            .field(
                "scheme_keys",
                &self
                    .scheme_keys
                    .iter()
                    .map(|(name, _)| (name, "[redacted]"))
                    .collect::<Vec<_>>(),
            )
            .field("base_url", &self.base_url)
            .field("timeout", &self.timeout)
            .field("max_retries", &self.max_retries)
            // Not the client itself: its default headers may hold secrets.
            .field("http_client", &self.http_client.as_ref().map(|_| "[yours]"))
            .finish()
    }
}

impl ClientBuilder {
    /// The API key, sent the way the API's spec says ([`AUTH_SCHEME`](crate::AUTH_SCHEME)).
    /// It is the key of every security scheme of the spec that takes one
    /// (bearer token, API key in a header, query parameter or cookie),
    /// unless [`scheme_key`](Self::scheme_key) gives that scheme its own.
    /// Without any credentials, none are sent.
    ///
    /// Each operation sends what its security asks for: of the
    /// alternatives it lists, the first whose schemes all have a
    /// credential configured.
    pub fn api_key(mut self, api_key: impl Into<String>) -> Self {
        self.api_key = Some(api_key.into());
        self
    }

    /// The user name and password of HTTP basic authentication, for the
    /// API's security schemes of that kind (`build` refuses them when it
    /// has none).
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.basic = Some((username.into(), password.into()));
        self
    }

    /// The key of one security scheme, named as the spec names it in
    /// `components/securitySchemes` (the crate's front page lists them
    /// when there are several),
    /// instead of the [`api_key`](Self::api_key): for an API whose schemes
    /// take different keys. `build` refuses a name the spec does not give
    /// a scheme that takes a key.
    pub fn scheme_key(mut self, scheme: impl Into<String>, key: impl Into<String>) -> Self {
        let scheme = scheme.into();
        self.scheme_keys.retain(|(name, _)| *name != scheme);
        self.scheme_keys.push((scheme, key.into()));
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

    /// Sends requests with your own `reqwest` client instead of one the
    /// builder makes: for a proxy, extra root certificates, connection
    /// limits, or a connection pool shared with the rest of the program.
    /// It is a client of the `reqwest` this crate uses (0.13), which the
    /// crate re-exports as [`reqwest`](crate::reqwest): building `client`
    /// through it needs no `reqwest` dependency of your own, and the
    /// versions always match.
    ///
    /// Connections are then `client`'s business: TLS, proxies, pool,
    /// redirects, HTTP version, compression, cookies, and its default
    /// headers. What this crate still does for each request:
    ///
    /// - it sets these headers, replacing a default header of `client`
    ///   with the same name: the API key ([`api_key`](Self::api_key), sent
    ///   as [`AUTH_SCHEME`](crate::AUTH_SCHEME) says), `User-Agent`
    ///   (`<crate>/<version> (Rust)`), `Accept`, `Content-Type` when there
    ///   is a body, the operation's own headers and cookies, and
    ///   [`RETRY_COUNT_HEADER`] with the attempt's number; the headers of
    ///   [`RequestOptions`] replace any of these;
    /// - it bounds each attempt with [`timeout`](Self::timeout) (or a
    ///   call's own), which replaces a `timeout` set on `client` (a
    ///   `connect_timeout` or `read_timeout` of `client` still applies, and
    ///   ends the attempt as a timeout too);
    /// - it retries as [`max_retries`](Self::max_retries) says, with the
    ///   same waits and rules as with its own client.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client> {
        let base_url_set = self.base_url.is_some();
        let base_url = match self.base_url {
            Some(url) => {
                check_base_url(&url).map_err(Error::config)?;
                url
            }
            None => {
                check_base_url(crate::CONFIG.default_base_url).map_err(|e| {
                    Error::config(format!(
                        "the API's spec gives no usable server URL ({e}); set one with \
                         ClientBuilder::base_url or {}",
                        crate::CONFIG.base_url_env
                    ))
                })?;
                crate::CONFIG.default_base_url.to_string()
            }
        };
        let credentials = credentials(
            crate::CONFIG.schemes,
            self.api_key,
            self.basic,
            &self.scheme_keys,
        )?;
        let timeout = self.timeout.unwrap_or(DEFAULT_TIMEOUT);
        let callers_http = self.http_client.is_some();
        let http = match self.http_client {
            Some(http) => http,
            // The timeout of every attempt unless a call sets its own:
            // reqwest's client-wide one, so a request need not carry it
            // (setting it on a request allocates its extensions).
            None => reqwest::Client::builder()
                .user_agent(USER_AGENT_VALUE)
                .timeout(timeout)
                .build()
                .map_err(|e| Error::config(format!("the HTTP client could not be built: {e}")))?,
        };
        let base_url = base_url.trim_end_matches('/').to_string();
        let base = reqwest::Url::parse(&base_url)
            .map_err(|e| Error::config(format!("base URL {base_url:?} is not a URL: {e}")))?;
        let base_path = base.path().trim_end_matches('/').to_string();
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base,
                base_path,
                base_url,
                base_url_set,
                credentials,
                timeout,
                max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
                callers_http,
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

/// The credential of each scheme, from what the builder was given.
fn credentials(
    schemes: &[Scheme],
    api_key: Option<String>,
    basic: Option<(String, String)>,
    scheme_keys: &[(String, String)],
) -> Result<Vec<Option<Credential>>> {
    let takes_key = |s: &Scheme| s.auth != Auth::Basic;
    if api_key.as_deref() == Some("") {
        return Err(Error::config("the API key is empty"));
    }
    if api_key.is_some() && !schemes.iter().any(takes_key) {
        return Err(Error::config(
            "the API takes no API key (its spec asks for HTTP basic authentication): \
             use ClientBuilder::basic_auth",
        ));
    }
    if basic.is_some() && schemes.iter().all(takes_key) {
        return Err(Error::config(
            "the API takes no user name and password (its spec names no HTTP basic \
             authentication): use ClientBuilder::api_key",
        ));
    }
    for (name, key) in scheme_keys {
        if !schemes.iter().any(|s| s.name == name && takes_key(s)) {
            let known: Vec<&str> = schemes
                .iter()
                .filter(|s| takes_key(s))
                .map(|s| s.name)
                .collect();
            return Err(Error::config(format!(
                "ClientBuilder::scheme_key: the API has no security scheme {name:?} taking a \
                 key (it has {known:?})"
            )));
        }
        if key.is_empty() {
            return Err(Error::config(format!(
                "the key of scheme {name:?} is empty"
            )));
        }
    }
    let mut out = Vec::with_capacity(schemes.len());
    for scheme in schemes {
        let credential = match scheme.auth {
            Auth::Basic => match &basic {
                Some((user, password)) => Some(basic_credential(user, password)?),
                None => None,
            },
            auth => {
                let own = scheme_keys.iter().find(|(name, _)| name == scheme.name);
                match own.map(|(_, key)| key).or(api_key.as_ref()) {
                    Some(key) => Some(credential(auth, key.clone())?),
                    None => None,
                }
            }
        };
        out.push(credential);
    }
    Ok(out)
}

/// `Authorization: Basic <base64 of user:password>`.
fn basic_credential(user: &str, password: &str) -> Result<Credential> {
    let text = format!("{user}:{password}");
    let mut value = HeaderValue::from_str(&format!("Basic {}", base64(text.as_bytes())))
        .map_err(|_| Error::config("the user name and password cannot be a header value"))?;
    value.set_sensitive(true);
    Ok(Credential::Header(AUTHORIZATION, value))
}

/// Standard base64 with padding (RFC 4648).
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
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
        Auth::Cookie(name) => {
            let pair = format!("{name}={}", utf8_percent_encode(&key, UNRESERVED));
            HeaderValue::from_str(&pair).map_err(|_| refused())?;
            Credential::Cookie(pair)
        }
        Auth::Basic => basic_credential(&key, "")?,
    })
}

/// Whether an error answer is worth another attempt: the server's
/// `x-should-retry` header decides when present, else 408, 409, 429 and 5xx.
pub(crate) fn should_retry(status: u16, headers: &HeaderMap) -> bool {
    match headers.get("x-should-retry").and_then(|v| v.to_str().ok()) {
        Some("true") => true,
        Some("false") => false,
        _ => matches!(status, 408 | 409 | 429) || status >= 500,
    }
}

/// The wait before retry number `attempt + 1`: what the server asks for
/// (`retry-after-ms`, else `retry-after` in seconds or as an HTTP date) when
/// between 0 and 60 s, else 0.5 s doubling per attempt up to 8 s, less up to
/// 25 % jitter.
fn retry_delay(attempt: u32, headers: &HeaderMap) -> Duration {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    };
    let seconds = |value: &str| value.parse::<f64>().ok().filter(|s| s.is_finite());
    let asked = match text("retry-after-ms").and_then(seconds) {
        Some(ms) => Some(ms / 1000.0),
        None => text("retry-after").and_then(|value| {
            seconds(value).or_else(|| {
                let date = httpdate::parse_http_date(value).ok()?;
                let wait = date
                    .duration_since(std::time::SystemTime::now())
                    .unwrap_or(Duration::ZERO);
                Some(wait.as_secs_f64())
            })
        }),
    };
    if let Some(seconds) = asked.filter(|s| (0.0..=60.0).contains(s)) {
        return Duration::from_secs_f64(seconds);
    }
    let backoff = (0.5 * 2f64.powi(attempt.min(16) as i32)).min(8.0);
    Duration::from_secs_f64(backoff * (1.0 - 0.25 * fastrand::f64()))
}

/// Characters written as they are in a path segment or a cookie value (RFC
/// 3986's unreserved ones); every other byte is percent-encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes a path parameter as exactly one path segment.
///
/// Empty values, `.` and `..` are refused: they would address another path.
#[allow(dead_code)] // used by operations with path parameters
pub(crate) fn path_param(name: &str, value: &str) -> Result<String> {
    if value.is_empty() {
        return Err(Error::invalid(format!("path parameter `{name}` is empty")));
    }
    if value == "." || value == ".." {
        return Err(Error::invalid(format!(
            "path parameter `{name}` cannot be {value:?}"
        )));
    }
    // Through `Cow`: the value as it is when nothing needs encoding (the
    // usual id), without the formatting machinery of `to_string`.
    Ok(std::borrow::Cow::from(utf8_percent_encode(value, UNRESERVED)).into_owned())
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
    /// `name=value` pairs of the `Cookie` header, joined with `; `.
    cookies: String,
    body: Option<Vec<u8>>,
    /// The body's `Content-Type`.
    content_type: Option<HeaderValue>,
    /// What the operation has of its own: `Accept` header, security,
    /// server (one pointer: the request is part of every call's boxed
    /// future).
    own: &'static Own,
}

/// What an operation has of its own, where the spec says so.
#[derive(Debug)]
pub(crate) struct Own {
    /// The `Accept` header: JSON unless the operation answers something else.
    pub(crate) accept: &'static str,
    /// Its security when it is not the API's (`Config::security`):
    /// alternatives of indices into `Config::schemes`; none: `&[]`.
    pub(crate) security: Option<&'static [&'static [usize]]>,
    /// The base URL of its own server.
    pub(crate) server: Option<&'static str>,
}

impl Request {
    pub(crate) fn new(method: Method, path: String) -> Self {
        Request {
            method,
            path,
            query: Vec::new(),
            headers: Vec::new(),
            cookies: String::new(),
            body: None,
            content_type: None,
            own: &Own {
                accept: "application/json",
                security: None,
                server: None,
            },
        }
    }

    /// Sets what the operation has of its own: `Accept` header, security,
    /// server.
    #[allow(dead_code)] // used by operations that have any of these
    pub(crate) fn own(&mut self, own: &'static Own) {
        self.own = own;
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

    /// Adds a parameter that is not a scalar, in `style: form` (see
    /// `encode::form_pairs`).
    #[allow(dead_code)] // used by operations with such query parameters
    pub(crate) fn query_form<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
        explode: bool,
    ) -> Result<()> {
        let pairs = crate::encode::form_pairs(name, value, explode)?;
        self.query
            .extend(pairs.into_iter().map(|(key, value)| (key.into(), value)));
        Ok(())
    }

    /// Adds a parameter that is not a map of scalars, in `style: deepObject`
    /// (see `encode::deep_object_pairs`).
    #[allow(dead_code)] // used by operations with such query parameters
    pub(crate) fn query_deep_object<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        let pairs = crate::encode::deep_object_pairs(name, value)?;
        self.query
            .extend(pairs.into_iter().map(|(key, value)| (key.into(), value)));
        Ok(())
    }

    /// Adds a cookie, its value percent-encoded.
    #[allow(dead_code)] // used by operations with cookie parameters
    pub(crate) fn cookie(&mut self, name: &'static str, value: &str) {
        if !self.cookies.is_empty() {
            self.cookies.push_str("; ");
        }
        self.cookies.push_str(name);
        self.cookies.push('=');
        self.cookies.extend(utf8_percent_encode(value, UNRESERVED));
    }

    /// Adds a header; values with line breaks or control characters are refused.
    #[allow(dead_code)] // used by operations with header parameters
    pub(crate) fn header(&mut self, name: &'static str, value: &str) -> Result<()> {
        let (name, value) = header_pair(name, value).map_err(Error::invalid)?;
        self.headers.push((name, value));
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
        self.content_type = Some(HeaderValue::from_static("application/json"));
        Ok(())
    }

    /// Sets an `application/x-www-form-urlencoded` body.
    #[allow(dead_code)] // used by operations with a form body
    pub(crate) fn form<T: serde::Serialize + ?Sized>(&mut self, body: &T) -> Result<()> {
        let mut bytes = Vec::new();
        crate::encode::append_form(&mut bytes, &crate::encode::form_body_pairs(body)?);
        self.body = Some(bytes);
        self.content_type = Some(HeaderValue::from_static(FORM_MEDIA_TYPE));
        Ok(())
    }

    /// Sets a `multipart/form-data` body.
    #[allow(dead_code)] // used by operations with a multipart body
    pub(crate) fn multipart(&mut self, body: &crate::encode::Multipart) -> Result<()> {
        let (content_type, bytes) = body.encode();
        self.content_type =
            Some(HeaderValue::from_str(&content_type).map_err(|_| {
                Error::invalid("the multipart boundary is not a valid header value")
            })?);
        self.body = Some(bytes);
        Ok(())
    }

    /// Sets a body of bytes of the given media type.
    #[allow(dead_code)] // used by operations whose body is not JSON
    pub(crate) fn bytes(&mut self, media_type: &'static str, body: &[u8]) {
        self.body = Some(body.to_vec());
        self.content_type = Some(HeaderValue::from_static(media_type));
    }
}

/// The media type of form bodies.
const FORM_MEDIA_TYPE: &str = "application/x-www-form-urlencoded";

/// A successful (2xx) answer.
#[derive(Debug)]
pub(crate) struct Response {
    method: Method,
    url: String,
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    /// Decodes the JSON body.
    pub(crate) fn json<T: serde::de::DeserializeOwned>(self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|source| self.decode_error(source))
    }

    /// The error for a body that does not decode.
    fn decode_error(self, source: serde_json::Error) -> Error {
        Error::Decode {
            body: snippet(&self.body),
            request_id: crate::error::request_id(&self.headers),
            method: self.method.to_string(),
            url: self.url,
            status: self.status,
            source,
        }
    }

    /// The answer's status code.
    #[allow(dead_code)] // used by operations with several success types
    pub(crate) fn status(&self) -> u16 {
        self.status
    }

    /// For operations that answer no body.
    #[allow(dead_code)] // used by operations that answer no body
    pub(crate) fn empty(self) -> Result<()> {
        Ok(())
    }

    /// The body as bytes, for answers that are not JSON.
    #[allow(dead_code)] // used by operations that answer something else than JSON
    pub(crate) fn into_bytes(self) -> Result<Vec<u8>> {
        Ok(self.body.into())
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
    fn retry_after_can_be_an_http_date() {
        let in_ten_seconds = std::time::SystemTime::now() + Duration::from_secs(10);
        let mut headers = HeaderMap::new();
        let date = httpdate::fmt_http_date(in_ten_seconds);
        headers.insert(
            "retry-after",
            HeaderValue::from_str(&date).unwrap_or(HeaderValue::from_static("x")),
        );
        let wait = retry_delay(0, &headers);
        // The date has whole seconds: 9 to 10 s from now.
        assert!(
            wait > Duration::from_secs(8) && wait <= Duration::from_secs(10),
            "{wait:?}"
        );
        let mut past = HeaderMap::new();
        past.insert(
            "retry-after",
            HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"),
        );
        assert_eq!(retry_delay(0, &past), Duration::ZERO);
        let mut garbage = HeaderMap::new();
        garbage.insert("retry-after", HeaderValue::from_static("soon"));
        assert!(retry_delay(0, &garbage) <= Duration::from_millis(500));
    }

    #[test]
    fn retry_after_ms_wins_over_retry_after() {
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", HeaderValue::from_static("30"));
        headers.insert("retry-after-ms", HeaderValue::from_static("20"));
        assert_eq!(retry_delay(3, &headers), Duration::from_millis(20));
    }

    #[test]
    fn extra_body_fields_are_merged_into_the_object() {
        let fields = vec![
            ("product_id".to_string(), serde_json::Value::Null),
            ("note".to_string(), serde_json::json!("x")),
        ];
        // Compared as values: key order depends on serde_json's
        // `preserve_order` feature, which another crate may turn on.
        let json = |bytes: Option<Vec<u8>>| {
            bytes.and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        };
        let merged = merge_body_fields(
            Some(br#"{"product_id":"p","a":1}"#.to_vec()),
            false,
            &fields,
        );
        assert_eq!(
            merged.ok().and_then(json),
            Some(serde_json::json!({"a": 1, "note": "x", "product_id": null}))
        );
        let alone = merge_body_fields(None, false, &fields[1..]);
        assert_eq!(
            alone.ok().flatten().as_deref(),
            Some(br#"{"note":"x"}"#.as_slice())
        );
        assert!(merge_body_fields(Some(b"[1]".to_vec()), false, &fields).is_err());
        assert_eq!(
            merge_body_fields(Some(b"[1]".to_vec()), false, &[])
                .ok()
                .flatten()
                .as_deref(),
            Some(b"[1]".as_slice())
        );
    }

    #[test]
    fn header_values_with_line_breaks_are_refused_without_echoing_them() {
        for value in ["a\r\nX-Evil: 1", "a\nb", "a\rb"] {
            let refused = header_pair("X-Extra", value);
            let message = refused.err().unwrap_or_default();
            assert!(message.contains("X-Extra"), "{message}");
            assert!(!message.contains("Evil"), "{message}");
        }
        assert!(header_pair("bad name", "v").is_err());
        assert!(header_pair("X-Extra", "fine value").is_ok());
    }

    #[test]
    fn later_options_are_merged_over_earlier_ones_field_by_field() {
        let mut options = RequestOptions::new()
            .timeout(Duration::from_secs(10))
            .header("X-Source", "sync")
            .header("Idempotency-Key", "first")
            .query("expand", "a")
            .query("limit", "5")
            .body_field("note", serde_json::json!("old"));
        options.merge(
            RequestOptions::new()
                .max_retries(0)
                .header("idempotency-key", "second")
                .query("expand", "b")
                .body_field("note", serde_json::json!("new"))
                .body_field("extra", serde_json::json!(1)),
        );
        assert_eq!(options.timeout, Some(Duration::from_secs(10)));
        assert_eq!(options.max_retries, Some(0));
        let pairs = |list: &[(String, String)]| -> Vec<(String, String)> { list.to_vec() };
        let owned = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect()
        };
        assert_eq!(
            pairs(&options.headers),
            owned(&[("X-Source", "sync"), ("idempotency-key", "second")])
        );
        assert_eq!(
            pairs(&options.query),
            owned(&[("limit", "5"), ("expand", "b")])
        );
        assert_eq!(
            options.body_fields,
            vec![
                ("note".to_string(), serde_json::json!("new")),
                ("extra".to_string(), serde_json::json!(1)),
            ]
        );
        // Nothing set later leaves everything as it was.
        let before = format!("{options:?}");
        options.merge(RequestOptions::new());
        assert_eq!(format!("{options:?}"), before);
        // A later timeout replaces the earlier one.
        options.merge(RequestOptions::new().timeout(Duration::from_secs(1)));
        assert_eq!(options.timeout, Some(Duration::from_secs(1)));
    }

    #[test]
    fn request_options_debug_hides_header_values() {
        let options = RequestOptions::new().header("Authorization", "Bearer sk_other_secret");
        let shown = format!("{options:?}");
        assert!(shown.contains("Authorization"), "{shown}");
        assert!(!shown.contains("sk_other_secret"), "{shown}");
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
            Credential::Cookie(pair) => ("cookie".to_string(), Some(pair)),
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
        assert_eq!(
            sent(Auth::Cookie("session")),
            Some(("cookie".into(), Some("session=k1".into())))
        );
        // A key given to a basic scheme is the user name, without password.
        assert_eq!(
            sent(Auth::Basic),
            Some(("authorization".into(), Some("Basic azE6".into())))
        );
    }

    #[test]
    fn base64_is_rfc_4648() {
        for (text, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
            ("AC123:tok/en?", "QUMxMjM6dG9rL2VuPw=="),
        ] {
            assert_eq!(base64(text.as_bytes()), encoded, "{text:?}");
        }
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    const TWO_SCHEMES: &[Scheme] = &[
        Scheme {
            name: "basicAuth",
            auth: Auth::Basic,
        },
        Scheme {
            name: "key",
            auth: Auth::Header("X-Key"),
        },
    ];

    /// What each scheme's credential sends, by scheme.
    fn shown(credentials: &[Option<Credential>]) -> Vec<Option<String>> {
        credentials
            .iter()
            .map(|c| match c {
                Some(Credential::Header(name, value)) => {
                    Some(format!("{name}: {}", value.to_str().unwrap_or("?")))
                }
                Some(Credential::Query(name, key)) => Some(format!("?{name}={key}")),
                Some(Credential::Cookie(pair)) => Some(format!("cookie {pair}")),
                None => None,
            })
            .collect()
    }

    #[test]
    fn each_scheme_gets_the_credential_of_its_kind() {
        let built = |api_key: Option<&str>, basic: Option<(&str, &str)>, own: &[(&str, &str)]| {
            let own: Vec<(String, String)> = own
                .iter()
                .map(|(n, k)| (n.to_string(), k.to_string()))
                .collect();
            credentials(
                TWO_SCHEMES,
                api_key.map(String::from),
                basic.map(|(u, p)| (u.to_string(), p.to_string())),
                &own,
            )
            .map(|c| shown(&c))
            .map_err(|e| e.to_string())
        };
        assert_eq!(
            built(Some("k1"), None, &[]),
            Ok(vec![None, Some("x-key: k1".to_string())])
        );
        assert_eq!(
            built(None, Some(("AC1", "secret")), &[]),
            Ok(vec![
                Some("authorization: Basic QUMxOnNlY3JldA==".to_string()),
                None
            ])
        );
        // A scheme's own key wins over the API key.
        assert_eq!(
            built(Some("k1"), None, &[("key", "k2")]),
            Ok(vec![None, Some("x-key: k2".to_string())])
        );
        // Names the spec does not give a key scheme are refused, by name.
        for own in [("nope", "k"), ("basicAuth", "k")] {
            let refused = built(None, None, &[own]);
            assert!(
                refused.as_ref().is_err_and(|e| e.contains(own.0)),
                "{own:?}: {refused:?}"
            );
        }
        // Basic credentials for an API without basic schemes, and an API
        // key for one with only those, are refused.
        let key_only = &TWO_SCHEMES[1..];
        let basic_only = &TWO_SCHEMES[..1];
        assert!(credentials(key_only, None, Some(("u".into(), "p".into())), &[]).is_err());
        assert!(credentials(basic_only, Some("k".into()), None, &[]).is_err());
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
            method: Method::PUT,
            url: "http://x/y".into(),
            status: 204,
            headers: HeaderMap::new(),
            body: Bytes::copy_from_slice(body.as_bytes()),
        };
        let decode = |body: &str| Decode::<Option<u32>>::JsonOrEmpty.run(answer(body));
        assert_eq!(decode("").ok(), Some(None));
        assert_eq!(decode(" \n").ok(), Some(None));
        assert_eq!(decode("7").ok(), Some(Some(7)));
        assert!(decode("{").is_err());
        // The plain JSON decoding takes an empty body for the error it is.
        assert!(Decode::<Option<u32>>::Json.run(answer("")).is_err());
    }

    #[test]
    fn a_path_on_the_parsed_base_url_is_the_whole_url_parsed() {
        let bases = [
            "http://127.0.0.1:9",
            "https://api.whop.com/api/v1",
            "https://api.whop.com/api/v1/",
            "http://user:pw@[::1]:3000/a%20b/c",
            "HTTP://Example.COM:80/x",
            "https://h/%7Euser",
        ];
        let paths = [
            "/",
            "/experiences/exp_123/detach",
            "/experiences/..%2F..%2Fx%20y%3Fz/detach",
            "/a/./b/../c",
            "/a/%2e%2E/b",
            "/v1/{x}:cancel",
            "/x@y/$!&'()*+,;=/~-_.",
            "/a%zz/%",
            "//double/slash",
            "/a?b=c",
            "/a#b",
            "/a b/ c ",
            "/a\\b",
            "/\u{e9}t\u{e9}",
            "/tab\there",
        ];
        for base in bases {
            let built = Client::builder().base_url(base).build();
            assert!(built.is_ok(), "{base}");
            let Ok(client) = built else { continue };
            for path in paths {
                let whole = format!("{}{path}", client.inner.base_url);
                let parsed = reqwest::Url::parse(&whole).ok();
                // `None`: the caller parses the whole URL.
                if let Some(set) = client.inner.url(path) {
                    assert_eq!(Some(set), parsed, "{base} + {path}");
                }
            }
            assert!(client.inner.url("/experiences/exp_123/detach").is_some());
            assert!(client.inner.url("/a?b=c").is_none());
        }
    }

    #[test]
    fn a_calls_boxed_future_fits_the_allocators_thread_cache() {
        // glibc's malloc serves requests up to 1,024 bytes from a cache per
        // thread; every call boxes this future, and a larger box took the
        // allocator's slow path on every call (BENCHMARKS.md, part 4). What
        // `send` keeps over an await, and the `Request` and
        // `RequestOptions` the box holds, count.
        let built = Client::builder().base_url("http://127.0.0.1:9").build();
        let Ok(client) = built else {
            panic!("the client builds")
        };
        let request = || Ok(Request::new(Method::POST, "/x".to_string()));
        let call = Call::new(
            &client,
            &RequestOptions::new(),
            request,
            Decode::With(Response::empty),
        );
        let future = std::future::IntoFuture::into_future(call);
        let size = std::mem::size_of_val(&*future);
        assert!(size <= 1024, "a call's future is {size} bytes");
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

    #[test]
    fn a_form_body_is_encoded_with_its_content_type() {
        let mut request = Request::new(Method::POST, "/x".to_string());
        request
            .form(&serde_json::json!({"metadata": {"k": "a b"}}))
            .unwrap();
        assert_eq!(request.body.as_deref(), Some(&b"metadata%5Bk%5D=a%20b"[..]));
        assert_eq!(
            request.content_type,
            Some(HeaderValue::from_static(FORM_MEDIA_TYPE))
        );
        // Extra fields of RequestOptions are appended as pairs.
        let merged = merge_body_fields(
            request.body,
            true,
            &[("expand".to_string(), serde_json::json!(["a"]))],
        )
        .unwrap();
        assert_eq!(
            merged.as_deref(),
            Some(&b"metadata%5Bk%5D=a%20b&expand%5B0%5D=a"[..])
        );
    }

    #[test]
    fn cookies_are_joined_and_percent_encoded() {
        let mut request = Request::new(Method::GET, "/x".to_string());
        request.cookie("session", "a;b");
        request.cookie("theme", "dark");
        assert_eq!(request.cookies, "session=a%3Bb; theme=dark");
    }

    #[test]
    fn query_values_that_are_not_text_are_written_from_their_json() {
        let mut request = Request::new(Method::GET, "/x".to_string());
        request
            .query_deep_object("expand", &vec!["customer"])
            .unwrap();
        request.query_form("ids", &vec![1, 2], false).unwrap();
        let query: Vec<(&str, &str)> = request
            .query
            .iter()
            .map(|(k, v)| (k.as_ref(), v.as_str()))
            .collect();
        assert_eq!(query, [("expand[0]", "customer"), ("ids", "1,2")]);
    }
}
