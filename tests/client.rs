//! End-to-end tests of the generated `whop` crate, used the way a user does,
//! against an in-process wiremock server.
//!
//! Each test checks one behaviour. Mocks carry `.expect(n)` where the number of
//! requests sent matters; wiremock checks it when the server is dropped.

use std::net::TcpListener;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::matchers::{any, method};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

/// The API key the tests' clients send.
const KEY: &str = "sk_test_key_123";

/// Time allowed per request in tests that are not about timeouts: generous
/// for a local server, short enough that a hang fails the test quickly.
const TEST_TIMEOUT: Duration = Duration::from_secs(5);

/// A client of `server` with retries off, as a user builds one.
fn client(server: &MockServer) -> whop::Client {
    client_with(&server.uri(), TEST_TIMEOUT, 0)
}

/// A client of `base_url` with this timeout and number of retries.
fn client_with(base_url: &str, timeout: Duration, max_retries: u32) -> whop::Client {
    whop::Client::builder()
        .api_key(KEY)
        .base_url(base_url)
        .timeout(timeout)
        .max_retries(max_retries)
        .build()
        .expect("the client builds")
}

/// The detach body every test sends.
fn body() -> whop::models::DetachExperienceBody {
    whop::models::DetachExperienceBody::new("prod_1")
}

/// The spec's 200 example for `detachExperience`, built from the example
/// values of the `Experience` schema (`is_public` has no example: `true`).
fn spec_experience() -> Value {
    json!({
        "id": "exp_xxxxxxxxxxxxxx",
        "name": "Trading Signals Chat",
        "order": "123.45",
        "is_public": true,
        "created_at": "2023-12-01T05:00:00.401Z",
        "app": {
            "id": "app_xxxxxxxxxxxxxx",
            "name": "Courses",
            "icon": { "url": "https://media.whop.com/abc123/optimized.jpg" }
        },
        "image": null,
        "company": { "id": "biz_xxxxxxxxxxxxxx", "title": "Pickaxe", "route": "pickaxe" },
        "products": [
            { "id": "prod_xxxxxxxxxxxxx", "route": "pickaxe-analytics", "title": "Pickaxe Analytics" }
        ]
    })
}

/// The spec's error example for a status: `{"error": {...}}` with its fields.
fn spec_error(status: u16) -> Value {
    match status {
        400 => json!({"error": {
            "type": "invalid_request_error",
            "code": "parameter_missing",
            "message": "Missing required parameter: amount.",
            "param": "amount"
        }}),
        401 => json!({"error": {"type": "unauthorized", "message": "Invalid or missing API key"}}),
        403 => {
            json!({"error": {"type": "forbidden", "message": "You do not have permission to access this resource"}})
        }
        404 => json!({"error": {"type": "not_found", "message": "Resource not found"}}),
        422 => json!({"error": null}),
        500 => {
            json!({"error": {"type": "internal_server_error", "message": "An unexpected error occurred"}})
        }
        _ => panic!("the spec has no error example for {status}"),
    }
}

/// The version of the `whop` crate, from its manifest (the root package's own
/// `CARGO_PKG_VERSION` is not the client's).
fn whop_version() -> &'static str {
    include_str!("../generated/Cargo.toml")
        .lines()
        .find_map(|line| line.strip_prefix("version = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("generated/Cargo.toml has a `version = \"..\"` line")
}

/// Matches the request's path exactly as sent, percent-encoding included,
/// and no query string.
struct RawPath(&'static str);

impl Match for RawPath {
    fn matches(&self, request: &Request) -> bool {
        request.url.path() == self.0 && request.url.query().is_none()
    }
}

/// Mounts a mock answering every request with `template`, expecting `n` requests.
async fn answer_all(server: &MockServer, template: ResponseTemplate, n: u64) {
    Mock::given(any())
        .respond_with(template)
        .expect(n)
        .mount(server)
        .await;
}

/// Mounts a catch-all that fails the test (when the server drops) if any
/// request reaches it.
async fn no_other_request(server: &MockServer) {
    Mock::given(any())
        .respond_with(ResponseTemplate::new(599))
        .expect(0)
        .named("no other request")
        .mount(server)
        .await;
}

/// Calls detach on `exp_123` and returns the error it must end with.
async fn detach_error(client: &whop::Client) -> whop::Error {
    match client.experiences().detach("exp_123", &body()).await {
        Ok(experience) => panic!("expected an error, got {experience:?}"),
        Err(e) => e,
    }
}

/// The header `name` of `request` as text, if it is there once.
fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    let mut values = request.headers.get_all(name).iter();
    let value = values.next()?;
    assert!(
        values.next().is_none(),
        "header {name} was sent more than once"
    );
    value.to_str().ok()
}

// 1. The request and the decoded answer.

#[tokio::test]
async fn detach_sends_post_with_auth_json_user_agent_and_body() {
    let server = MockServer::start().await;
    answer_all(
        &server,
        ResponseTemplate::new(200).set_body_json(spec_experience()),
        1,
    )
    .await;

    client(&server)
        .experiences()
        .detach("exp_123", &body())
        .await
        .expect("detach succeeds");

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests.len(), 1, "exactly one request is sent");
    let request = &requests[0];
    assert_eq!(request.method.as_str(), "POST");
    assert_eq!(request.url.path(), "/experiences/exp_123/detach");
    assert_eq!(request.url.query(), None);
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    assert_eq!(header(request, "content-type"), Some("application/json"));
    let user_agent = header(request, "user-agent").expect("a User-Agent is sent");
    assert!(user_agent.starts_with("whop/"), "User-Agent {user_agent:?}");
    assert!(
        user_agent.contains(whop_version()),
        "User-Agent {user_agent:?} lacks {}",
        whop_version()
    );
    assert_eq!(
        std::str::from_utf8(&request.body),
        Ok(r#"{"product_id":"prod_1"}"#)
    );
}

#[tokio::test]
async fn detach_decodes_the_spec_example_experience() {
    let server = MockServer::start().await;
    answer_all(
        &server,
        ResponseTemplate::new(200).set_body_json(spec_experience()),
        1,
    )
    .await;

    let experience: whop::models::Experience = client(&server)
        .experiences()
        .detach("exp_123", &body())
        .await
        .expect("the spec's example decodes");

    assert_eq!(experience.id, "exp_xxxxxxxxxxxxxx");
    assert_eq!(experience.order.as_deref(), Some("123.45"));
    assert_eq!(
        experience.created_at.to_rfc3339(),
        "2023-12-01T05:00:00.401+00:00"
    );
    assert_eq!(experience.created_at.timestamp_millis(), 1_701_406_800_401);
    assert_eq!(experience.image, None);
    let icon_url = experience
        .app
        .icon
        .as_ref()
        .and_then(|icon| icon.url.as_deref());
    assert_eq!(
        icon_url,
        Some("https://media.whop.com/abc123/optimized.jpg")
    );
    assert_eq!(experience.products[0].title, "Pickaxe Analytics");
}

#[tokio::test]
async fn base_url_path_and_trailing_slash_are_kept() {
    let server = MockServer::start().await;
    Mock::given(RawPath("/api/v1/experiences/exp_123/detach"))
        .respond_with(ResponseTemplate::new(200).set_body_json(spec_experience()))
        .expect(1)
        .mount(&server)
        .await;
    no_other_request(&server).await;
    let client = whop::Client::builder()
        .api_key(KEY)
        .base_url(format!("{}/api/v1/", server.uri()))
        .timeout(TEST_TIMEOUT)
        .max_retries(0)
        .build()
        .expect("the client builds");

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
}

// 2. Decoding.

#[tokio::test]
async fn null_order_decodes_as_none() {
    let server = MockServer::start().await;
    let mut experience = spec_experience();
    experience["order"] = Value::Null;
    answer_all(
        &server,
        ResponseTemplate::new(200).set_body_json(experience),
        1,
    )
    .await;

    let experience = client(&server)
        .experiences()
        .detach("exp_123", &body())
        .await
        .expect("order null decodes");

    assert_eq!(experience.order, None);
}

#[tokio::test]
async fn with_the_serialize_feature_an_experience_round_trips_with_null_order() {
    let server = MockServer::start().await;
    let mut sent = spec_experience();
    sent["order"] = Value::Null;
    answer_all(
        &server,
        ResponseTemplate::new(200).set_body_json(sent.clone()),
        1,
    )
    .await;

    let experience = client(&server)
        .experiences()
        .detach("exp_123", &body())
        .await
        .expect("decodes");
    let json = serde_json::to_value(&experience).expect("serializes");

    // Required and nullable: present as null, not left out.
    assert_eq!(json.get("order"), Some(&Value::Null));
    assert_eq!(json.get("image"), Some(&Value::Null));
    assert_eq!(json["id"], sent["id"]);
}

#[tokio::test]
async fn missing_required_field_is_a_decode_error_with_status_and_body() {
    let server = MockServer::start().await;
    let mut experience = spec_experience();
    let object = experience.as_object_mut().expect("an object");
    object.remove("id");
    // Written out so the body starts with a known field, whatever order
    // serde_json keeps keys in.
    let mut raw = r#"{"name":"Trading Signals Chat""#.to_string();
    object.remove("name");
    for (key, value) in object.iter() {
        raw.push_str(&format!(",{}:{value}", Value::from(key.as_str())));
    }
    raw.push('}');
    answer_all(
        &server,
        ResponseTemplate::new(200).set_body_raw(raw, "application/json"),
        1,
    )
    .await;

    let err = detach_error(&client(&server)).await;

    assert!(
        matches!(err, whop::Error::Decode { status: 200, .. }),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains("200"), "no status in {message:?}");
    assert!(
        message.contains("Trading Signals Chat"),
        "no body snippet in {message:?}"
    );
}

// 3. Error answers.

#[tokio::test]
async fn status_400_is_an_api_error_with_the_parsed_detail() {
    let server = MockServer::start().await;
    answer_all(
        &server,
        ResponseTemplate::new(400).set_body_json(spec_error(400)),
        1,
    )
    .await;

    let err = detach_error(&client(&server)).await;

    assert!(matches!(err, whop::Error::Api(_)), "{err:?}");
    assert_eq!(err.status(), Some(400));
    let detail = err
        .api_error()
        .and_then(|api| api.detail.as_ref())
        .expect("the detail is parsed");
    assert_eq!(detail.kind.as_deref(), Some("invalid_request_error"));
    assert_eq!(
        detail.message.as_deref(),
        Some("Missing required parameter: amount.")
    );
    assert_eq!(detail.code.as_deref(), Some("parameter_missing"));
    assert_eq!(detail.param.as_deref(), Some("amount"));
}

#[tokio::test]
async fn statuses_401_403_404_500_are_api_errors_with_their_status() {
    for status in [401, 403, 404, 500] {
        let server = MockServer::start().await;
        answer_all(
            &server,
            ResponseTemplate::new(status).set_body_json(spec_error(status)),
            1,
        )
        .await;

        let err = detach_error(&client(&server)).await;

        assert!(matches!(err, whop::Error::Api(_)), "{status}: {err:?}");
        assert_eq!(err.status(), Some(status), "{err:?}");
        let kind = err
            .api_error()
            .and_then(|api| api.detail.as_ref())
            .and_then(|d| d.kind.clone());
        assert_eq!(
            kind.as_deref(),
            spec_error(status)["error"]["type"].as_str(),
            "{status}"
        );
    }
}

#[tokio::test]
async fn status_422_with_null_error_keeps_the_raw_body() {
    let server = MockServer::start().await;
    let raw = r#"{"error": null}"#;
    answer_all(
        &server,
        ResponseTemplate::new(422).set_body_raw(raw, "application/json"),
        1,
    )
    .await;

    let err = detach_error(&client(&server)).await;

    assert_eq!(err.status(), Some(422), "{err:?}");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.detail, None);
    assert_eq!(api.body, raw);
}

#[tokio::test]
async fn non_json_502_keeps_the_raw_body() {
    let server = MockServer::start().await;
    let raw = "<html>bad gateway</html>";
    answer_all(
        &server,
        ResponseTemplate::new(502).set_body_raw(raw, "text/html"),
        1,
    )
    .await;

    let err = detach_error(&client(&server)).await;

    assert_eq!(err.status(), Some(502), "{err:?}");
    let api = err.api_error().expect("an API error");
    assert_eq!(api.detail, None);
    assert_eq!(api.body, raw);
}

#[tokio::test]
async fn request_id_of_an_error_answer_is_exposed() {
    let server = MockServer::start().await;
    let template = ResponseTemplate::new(404)
        .insert_header("x-request-id", "req_abc123")
        .set_body_json(spec_error(404));
    answer_all(&server, template, 1).await;

    let err = detach_error(&client(&server)).await;

    assert_eq!(err.request_id(), Some("req_abc123"), "{err:?}");
}

#[tokio::test]
async fn api_error_display_is_one_line_with_the_status() {
    let server = MockServer::start().await;
    answer_all(
        &server,
        ResponseTemplate::new(400).set_body_json(spec_error(400)),
        1,
    )
    .await;

    let message = detach_error(&client(&server)).await.to_string();

    assert!(message.contains("400"), "{message:?}");
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "{message:?}"
    );
}

#[tokio::test]
async fn api_error_display_is_one_line_for_a_multiline_html_body() {
    let server = MockServer::start().await;
    let raw = "<html>\n<body>bad gateway</body>\r\n</html>\n";
    answer_all(
        &server,
        ResponseTemplate::new(502).set_body_raw(raw, "text/html"),
        1,
    )
    .await;

    let message = detach_error(&client(&server)).await.to_string();

    assert!(message.contains("502"), "{message:?}");
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "{message:?}"
    );
}

#[tokio::test]
async fn api_error_display_is_one_line_when_the_message_has_line_breaks() {
    let server = MockServer::start().await;
    let error =
        json!({"error": {"type": "invalid_request_error", "message": "first line\nsecond line"}});
    answer_all(&server, ResponseTemplate::new(400).set_body_json(error), 1).await;

    let message = detach_error(&client(&server)).await.to_string();

    assert!(message.contains("400"), "{message:?}");
    assert!(
        !message.contains('\n') && !message.contains('\r'),
        "{message:?}"
    );
}

// 4. Path parameters.

#[tokio::test]
async fn path_parameter_is_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(RawPath("/experiences/..%2F..%2Fx%20y%3Fz/detach"))
        .respond_with(ResponseTemplate::new(200).set_body_json(spec_experience()))
        .expect(1)
        .named("the encoded path")
        .mount(&server)
        .await;
    no_other_request(&server).await;

    let result = client(&server)
        .experiences()
        .detach("../../x y?z", &body())
        .await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn empty_and_dot_path_parameters_are_refused_without_a_request() {
    let server = MockServer::start().await;
    no_other_request(&server).await;
    let client = client(&server);

    for id in ["", ".", ".."] {
        let result = client.experiences().detach(id, &body()).await;
        assert!(
            matches!(result, Err(whop::Error::InvalidRequest { .. })),
            "{id:?}: {result:?}"
        );
    }
}

// 5. Connection failures and timeouts.

#[tokio::test]
async fn connection_refused_is_a_connection_error() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
        listener.local_addr().expect("its address").port()
    };
    let client = client_with(&format!("http://127.0.0.1:{port}"), TEST_TIMEOUT, 0);

    let err = detach_error(&client).await;

    assert!(matches!(err, whop::Error::Connection { .. }), "{err:?}");
    // The cause, not only "error sending request".
    assert!(err.to_string().contains("refused"), "{err}");
}

#[tokio::test]
async fn slow_answer_is_a_timeout() {
    let started = Instant::now();
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(spec_experience())
        .set_delay(Duration::from_secs(3));
    answer_all(&server, slow, 1).await;
    let client = client_with(&server.uri(), Duration::from_millis(200), 0);

    let err = detach_error(&client).await;
    drop(server);

    assert!(matches!(err, whop::Error::Timeout { .. }), "{err:?}");
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

// 6. Retries.

/// A 503 answer that asks for a 10 ms wait before the retry.
fn unavailable() -> ResponseTemplate {
    ResponseTemplate::new(503).insert_header("retry-after-ms", "10")
}

/// Mounts [`unavailable`] for the first `failures` requests, then [`ok`].
async fn unavailable_then_ok(server: &MockServer, failures: u64) {
    Mock::given(any())
        .respond_with(unavailable())
        .up_to_n_times(failures)
        .mount(server)
        .await;
    Mock::given(any()).respond_with(ok()).mount(server).await;
}

#[tokio::test]
async fn two_503s_then_200_succeeds_after_three_requests() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(unavailable())
        .up_to_n_times(2)
        .expect(2)
        .named("503 twice")
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(spec_experience()))
        .expect(1)
        .named("then 200")
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 2);

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn persistent_503_fails_after_one_retry() {
    let server = MockServer::start().await;
    answer_all(&server, unavailable(), 2).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 1);

    let err = detach_error(&client).await;

    assert_eq!(err.status(), Some(503), "{err:?}");
}

#[tokio::test]
async fn a_timed_out_attempt_is_retried() {
    let server = MockServer::start().await;
    let slow = ResponseTemplate::new(200)
        .set_body_json(spec_experience())
        .set_delay(Duration::from_secs(3));
    answer_all(&server, slow, 2).await;
    let client = client_with(&server.uri(), Duration::from_millis(150), 1);

    let err = detach_error(&client).await;

    assert!(matches!(err, whop::Error::Timeout { .. }), "{err:?}");
}

#[tokio::test]
async fn retry_after_seconds_sets_the_wait() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200).set_body_json(spec_experience()))
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 1);
    let started = Instant::now();

    let result = client.experiences().detach("exp_123", &body()).await;

    let waited = started.elapsed();
    assert!(result.is_ok(), "{result:?}");
    assert!(waited >= Duration::from_secs(1), "retried after {waited:?}");
    assert!(waited < Duration::from_secs(3), "retried after {waited:?}");
}

#[tokio::test]
async fn a_retry_resends_the_same_request() {
    let server = MockServer::start().await;
    unavailable_then_ok(&server, 1).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 1);

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].url, requests[1].url);
    assert_eq!(requests[0].body, requests[1].body);
    assert_eq!(
        header(&requests[0], "authorization"),
        header(&requests[1], "authorization")
    );
    assert_eq!(
        headers_but_retry_count(&requests[0]),
        headers_but_retry_count(&requests[1])
    );
    assert_eq!(
        header(&requests[1], "content-type"),
        Some("application/json")
    );
}

/// A request's headers, sorted, without the one that differs per attempt.
fn headers_but_retry_count(request: &Request) -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(name, _)| name.as_str() != whop::RETRY_COUNT_HEADER)
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("(not text)");
            (name.to_string(), value.to_string())
        })
        .collect();
    all.sort();
    all
}

#[tokio::test]
async fn a_retry_resends_every_header_query_and_body_field() {
    let server = MockServer::start().await;
    unavailable_then_ok(&server, 1).await;
    let options = whop::RequestOptions::new()
        .header("X-Extra", "one")
        .query("trace", "yes")
        .body_field("note", json!("x"));

    let result = client_with(&server.uri(), TEST_TIMEOUT, 1)
        .experiences()
        .detach("exp_123", &body())
        .with_options(options)
        .await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
    assert_eq!(
        headers_but_retry_count(&requests[0]),
        headers_but_retry_count(&requests[1])
    );
    assert_eq!(
        header(&requests[1], "content-type"),
        Some("application/json")
    );
    assert_eq!(header(&requests[1], "x-extra"), Some("one"));
    assert_eq!(requests[0].url, requests[1].url);
    assert_eq!(requests[1].url.query(), Some("trace=yes"));
    assert_eq!(requests[0].body, requests[1].body);
    let sent: Value = serde_json::from_slice(&requests[1].body).expect("JSON body");
    assert_eq!(sent, json!({"product_id": "prod_1", "note": "x"}));
}

#[tokio::test]
async fn status_400_is_not_retried() {
    let server = MockServer::start().await;
    answer_all(
        &server,
        ResponseTemplate::new(400).set_body_json(spec_error(400)),
        1,
    )
    .await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 2);

    let err = detach_error(&client).await;

    assert_eq!(err.status(), Some(400), "{err:?}");
}

// 8. The API key stays secret and must be a valid header value.

#[test]
fn debug_output_never_contains_the_api_key() {
    let builder = whop::Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9");
    let builder_debug = format!("{builder:?}");
    let client = builder.build().expect("the client builds");
    let client_debug = format!("{client:?}");

    assert!(!builder_debug.contains(KEY), "{builder_debug}");
    assert!(!client_debug.contains(KEY), "{client_debug}");
}

#[test]
fn api_key_with_line_break_is_a_config_error() {
    let built = whop::Client::builder()
        .api_key("sk_test\r\nX-Injected: 1")
        .base_url("http://127.0.0.1:9")
        .build();

    assert!(
        matches!(built, Err(whop::Error::Config { .. })),
        "{built:?}"
    );
}

// 9. No API key, no Authorization header.

#[tokio::test]
async fn client_without_api_key_sends_no_authorization() {
    let server = MockServer::start().await;
    answer_all(
        &server,
        ResponseTemplate::new(200).set_body_json(spec_experience()),
        1,
    )
    .await;
    let client = whop::Client::builder()
        .base_url(server.uri())
        .timeout(TEST_TIMEOUT)
        .max_retries(0)
        .build()
        .expect("the client builds");

    client
        .experiences()
        .detach("exp_123", &body())
        .await
        .expect("detach succeeds");

    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    assert_eq!(requests.len(), 1);
    assert!(
        requests[0].headers.get("authorization").is_none(),
        "{:?}",
        requests[0].headers
    );
}

// 10. Faults: every retry rule, bounded in time.

/// A 200 answer with the spec's example.
fn ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(spec_experience())
}

#[test]
fn the_default_is_two_retries_and_a_60_s_timeout() {
    assert_eq!(whop::DEFAULT_MAX_RETRIES, 2);
    assert_eq!(whop::DEFAULT_TIMEOUT, Duration::from_secs(60));
}

#[tokio::test]
async fn retry_after_ms_wins_over_retry_after() {
    let server = MockServer::start().await;
    let both = ResponseTemplate::new(503)
        .insert_header("retry-after", "30")
        .insert_header("retry-after-ms", "50");
    Mock::given(any())
        .respond_with(both)
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 1);
    let started = Instant::now();

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(50),
        "retried after {waited:?}"
    );
    assert!(waited < Duration::from_secs(2), "retried after {waited:?}");
}

#[tokio::test]
async fn x_should_retry_false_stops_the_retry_of_a_503() {
    let server = MockServer::start().await;
    let refused = unavailable().insert_header("x-should-retry", "false");
    answer_all(&server, refused, 1).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 2);

    let err = detach_error(&client).await;

    assert_eq!(err.status(), Some(503), "{err:?}");
    assert!(!err.is_retryable(), "{err:?}");
}

#[tokio::test]
async fn x_should_retry_true_retries_a_400() {
    let server = MockServer::start().await;
    let asked = ResponseTemplate::new(400)
        .insert_header("x-should-retry", "true")
        .insert_header("retry-after-ms", "10");
    Mock::given(any())
        .respond_with(asked)
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 1);

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn retries_stop_at_the_limit_with_the_last_error() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(unavailable())
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    let last = ResponseTemplate::new(500)
        .insert_header("x-request-id", "req_last")
        .set_body_json(spec_error(500));
    Mock::given(any())
        .respond_with(last)
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    no_other_request(&server).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 2);

    let err = detach_error(&client).await;

    assert_eq!(err.status(), Some(500), "{err:?}");
    assert_eq!(err.request_id(), Some("req_last"), "{err:?}");
}

#[tokio::test]
async fn a_redirect_loop_is_a_connection_error_that_is_not_retried() {
    let server = MockServer::start().await;
    let back = ResponseTemplate::new(307).insert_header("location", "/experiences/exp_123/detach");
    Mock::given(any()).respond_with(back).mount(&server).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 2);

    let err = detach_error(&client).await;

    assert!(matches!(err, whop::Error::Connection { .. }), "{err:?}");
    assert!(!err.is_retryable(), "{err:?}");
    let requests = server.received_requests().await.expect("recorded");
    // reqwest follows at most 10 redirects; a retry would send them again.
    assert!(requests.len() <= 11, "{} requests", requests.len());
}

#[tokio::test]
async fn each_attempt_says_which_it_is() {
    let server = MockServer::start().await;
    unavailable_then_ok(&server, 2).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 2);

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server.received_requests().await.expect("recorded");
    let counts: Vec<Option<&str>> = requests
        .iter()
        .map(|r| header(r, whop::RETRY_COUNT_HEADER))
        .collect();
    assert_eq!(counts, [Some("0"), Some("1"), Some("2")]);
    assert!(requests.iter().all(|r| r.body == requests[0].body));
}

#[tokio::test]
async fn an_answer_sent_in_several_chunks_is_read_whole() {
    use std::io::{BufRead, BufReader, Read, Write};
    // A server that sends the example in three chunks, pausing in between
    // so the client reads them one by one.
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let server = std::thread::spawn(move || -> std::io::Result<()> {
        let (stream, _) = listener.accept()?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        reader.read_exact(&mut vec![0; length])?;
        let mut stream = stream;
        stream.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n",
        )?;
        let text = spec_experience().to_string();
        let (a, rest) = text.split_at(text.len() / 3);
        let (b, c) = rest.split_at(rest.len() / 2);
        for part in [a, b, c] {
            write!(stream, "{:x}\r\n{part}\r\n", part.len())?;
            stream.flush()?;
            std::thread::sleep(Duration::from_millis(30));
        }
        stream.write_all(b"0\r\n\r\n")?;
        stream.flush()
    });

    let result = client_with(&url, TEST_TIMEOUT, 0)
        .experiences()
        .detach("exp_123", &body())
        .await;

    assert!(matches!(server.join(), Ok(Ok(()))));
    let experience = result.expect("the whole answer decodes");
    assert_eq!(
        serde_json::to_value(&experience).ok(),
        Some(spec_experience())
    );
}

#[tokio::test]
async fn a_server_that_never_answers_hits_the_timeout() {
    // Accepts connections (the OS does, from its backlog) and never answers.
    let silent = TcpListener::bind("127.0.0.1:0").expect("a free port");
    let url = format!("http://{}", silent.local_addr().expect("its address"));
    let client = client_with(&url, Duration::from_millis(200), 0);
    let started = Instant::now();

    let err = detach_error(&client).await;

    assert!(matches!(err, whop::Error::Timeout { .. }), "{err:?}");
    assert!(err.is_retryable());
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
}

#[tokio::test]
async fn a_truncated_json_answer_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    let truncated = r#"{"id":"exp_1","name":"Truncated here"#;
    answer_all(
        &server,
        ResponseTemplate::new(200).set_body_raw(truncated, "application/json"),
        1,
    )
    .await;

    let err = detach_error(&client(&server)).await;

    assert!(matches!(err, whop::Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("Truncated here"), "{err}");
}

#[tokio::test]
async fn a_malformed_json_answer_is_a_decode_error_with_a_snippet() {
    let server = MockServer::start().await;
    answer_all(
        &server,
        ResponseTemplate::new(200)
            .insert_header("x-request-id", "req_bad")
            .set_body_raw("<html>maintenance</html>", "text/html"),
        1,
    )
    .await;

    let err = detach_error(&client(&server)).await;

    assert!(
        matches!(&err, whop::Error::Decode { body, .. } if body == "<html>maintenance</html>"),
        "{err:?}"
    );
    assert_eq!(err.request_id(), Some("req_bad"));
    assert!(err.to_string().contains("req_bad"), "{err}");
    assert!(!err.is_retryable());
}

// 11. Per-call options and the raw response.

#[tokio::test]
async fn per_call_options_send_extra_headers_query_and_body_fields() {
    let server = MockServer::start().await;
    answer_all(&server, ok(), 1).await;
    let options = whop::RequestOptions::new()
        .header("X-Extra", "one")
        .header("Accept", "application/vnd.test+json")
        .query("trace", "yes")
        .query("and", "a b")
        .body_field("note", json!({"k": 1}));

    let result = client(&server)
        .experiences()
        .detach("exp_123", &body())
        .with_options(options)
        .await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server.received_requests().await.expect("recorded");
    let request = &requests[0];
    assert_eq!(header(request, "x-extra"), Some("one"));
    assert_eq!(header(request, "accept"), Some("application/vnd.test+json"));
    assert_eq!(request.url.query(), Some("trace=yes&and=a+b"));
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(sent, json!({"product_id": "prod_1", "note": {"k": 1}}));
}

#[tokio::test]
async fn options_set_on_a_resource_apply_to_each_of_its_calls() {
    let server = MockServer::start().await;
    answer_all(&server, ok(), 2).await;
    let options = whop::RequestOptions::new()
        .header("X-Extra", "resource")
        .query("trace", "yes");
    let client = client(&server);
    let experiences = client.experiences().with_options(options);

    for _ in 0..2 {
        let result = experiences.detach("exp_123", &body()).await;
        assert!(result.is_ok(), "{result:?}");
    }

    let requests = server.received_requests().await.expect("recorded");
    for request in &requests {
        assert_eq!(header(request, "x-extra"), Some("resource"));
        assert_eq!(request.url.query(), Some("trace=yes"));
    }
}

#[tokio::test]
async fn a_calls_own_options_are_merged_over_its_resources() {
    let server = MockServer::start().await;
    answer_all(&server, ok(), 1).await;
    let on_resource = whop::RequestOptions::new()
        .header("X-Resource", "yes")
        .header("X-Both", "resource")
        .query("from", "resource")
        .query("keep", "1")
        .body_field("source", json!("resource"))
        .body_field("kept", json!(true));
    let on_call = whop::RequestOptions::new()
        .header("x-both", "call")
        .header("X-Call", "yes")
        .query("from", "call")
        .body_field("source", json!("call"));
    let client = client(&server);

    let result = client
        .experiences()
        .with_options(on_resource)
        .detach("exp_123", &body())
        .with_options(on_call)
        .await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server.received_requests().await.expect("recorded");
    let request = &requests[0];
    // Each kept from the resource unless the call sets one of the same name.
    assert_eq!(header(request, "x-resource"), Some("yes"));
    assert_eq!(header(request, "x-call"), Some("yes"));
    assert_eq!(
        request.headers.get_all("x-both").iter().collect::<Vec<_>>(),
        ["call"]
    );
    assert_eq!(request.url.query(), Some("keep=1&from=call"));
    let sent: Value = serde_json::from_slice(&request.body).expect("JSON body");
    assert_eq!(
        sent,
        json!({"product_id": "prod_1", "source": "call", "kept": true})
    );
}

#[tokio::test]
async fn a_calls_timeout_and_retries_are_merged_over_its_resources() {
    let server = MockServer::start().await;
    // The first attempt is too slow for the resource's timeout; the call
    // sets no timeout of its own, so the resource's stays, and the call's
    // `max_retries(1)` lets a second attempt answer.
    Mock::given(any())
        .respond_with(ok().set_delay(Duration::from_secs(5)))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(any()).respond_with(ok()).mount(&server).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 0);

    let result = client
        .experiences()
        .with_options(whop::RequestOptions::new().timeout(Duration::from_millis(200)))
        .detach("exp_123", &body())
        .with_options(whop::RequestOptions::new().max_retries(1))
        .await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 2);
}

#[tokio::test]
async fn per_call_max_retries_replaces_the_clients() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(unavailable())
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok())
        .expect(1)
        .mount(&server)
        .await;
    // The client never retries; this call may once.
    let client = client_with(&server.uri(), TEST_TIMEOUT, 0);

    let result = client
        .experiences()
        .detach("exp_123", &body())
        .with_options(whop::RequestOptions::new().max_retries(1))
        .await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn per_call_timeout_replaces_the_clients() {
    let server = MockServer::start().await;
    answer_all(&server, ok().set_delay(Duration::from_secs(3)), 1).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 0);
    let started = Instant::now();

    let result = client
        .experiences()
        .detach("exp_123", &body())
        .with_options(whop::RequestOptions::new().timeout(Duration::from_millis(200)))
        .await;
    drop(server);

    assert!(
        matches!(result, Err(whop::Error::Timeout { timeout, .. }) if timeout == Duration::from_millis(200)),
        "{result:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_longer_per_call_timeout_replaces_the_clients() {
    let server = MockServer::start().await;
    answer_all(&server, ok().set_delay(Duration::from_millis(600)), 1).await;
    let client = client_with(&server.uri(), Duration::from_millis(200), 0);

    let result = client
        .experiences()
        .detach("exp_123", &body())
        .with_options(whop::RequestOptions::new().timeout(TEST_TIMEOUT))
        .await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn an_extra_header_with_a_line_break_is_refused_and_nothing_is_sent() {
    let server = MockServer::start().await;
    no_other_request(&server).await;
    let options = whop::RequestOptions::new().header("X-Extra", "one\r\nX-Injected: 1");

    let result = client(&server)
        .experiences()
        .detach("exp_123", &body())
        .with_options(options)
        .await;

    let err = result.expect_err("refused");
    assert!(matches!(err, whop::Error::InvalidRequest { .. }), "{err:?}");
    assert!(err.to_string().contains("X-Extra"), "{err}");
    assert!(!err.to_string().contains("Injected"), "{err}");
}

#[tokio::test]
async fn the_raw_response_has_status_headers_and_request_id() {
    let server = MockServer::start().await;
    let answer = ok()
        .insert_header("x-request-id", "req_raw")
        .insert_header("x-custom", "c");
    answer_all(&server, answer, 1).await;

    let raw = client(&server)
        .experiences()
        .detach("exp_123", &body())
        .with_raw_response()
        .await
        .expect("succeeds");

    assert_eq!(raw.status, 200);
    assert_eq!(raw.request_id.as_deref(), Some("req_raw"));
    assert_eq!(
        raw.headers.get("x-custom").and_then(|v| v.to_str().ok()),
        Some("c")
    );
    assert_eq!(raw.value.id, "exp_xxxxxxxxxxxxxx");
}

#[tokio::test]
async fn error_classes_match_their_statuses() {
    type IsClass = fn(&whop::Error) -> bool;
    let cases: [(u16, IsClass); 8] = [
        (400, whop::Error::is_bad_request),
        (401, whop::Error::is_authentication),
        (403, whop::Error::is_permission_denied),
        (404, whop::Error::is_not_found),
        (409, whop::Error::is_conflict),
        (422, whop::Error::is_unprocessable),
        (429, whop::Error::is_rate_limited),
        (502, whop::Error::is_server_error),
    ];
    for (status, is_class) in cases {
        let server = MockServer::start().await;
        answer_all(&server, ResponseTemplate::new(status), 1).await;

        let err = detach_error(&client(&server)).await;

        assert!(is_class(&err), "{status}: {err:?}");
        assert_eq!(
            err.is_retryable(),
            matches!(status, 409 | 429 | 502),
            "{status}"
        );
    }
}

// 12. Logging.

/// Records every event's fields as `name=value` text.
#[derive(Clone, Default)]
struct Recorder(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl tracing::Subscriber for Recorder {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        struct Text(String);
        impl tracing::field::Visit for Text {
            fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
                self.0.push_str(&format!(" {}={value:?}", field.name()));
            }
        }
        let mut text = Text(format!("{}:", event.metadata().level()));
        event.record(&mut text);
        if let Ok(mut events) = self.0.lock() {
            events.push(text.0);
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// tracing caches each callsite's interest for the whole process, and while
/// at most one dispatcher exists it asks only the subscriber of the thread
/// that reaches the callsite first: another test, running in parallel with
/// no subscriber, would cache "never" and the recorder would miss the event
/// (a flaky failure, seen once). A second dispatcher alive for the whole run
/// makes tracing ask every dispatcher instead (`Dispatchers::rebuilder` in
/// tracing-core 0.1). It is never any thread's default, so it records nothing.
static ASK_EVERY_DISPATCHER: std::sync::LazyLock<tracing::Dispatch> =
    std::sync::LazyLock::new(|| tracing::Dispatch::new(Recorder::default()));

#[tokio::test]
async fn each_attempt_is_logged_without_the_api_key() {
    std::sync::LazyLock::force(&ASK_EVERY_DISPATCHER);
    let server = MockServer::start().await;
    unavailable_then_ok(&server, 1).await;
    let client = client_with(&server.uri(), TEST_TIMEOUT, 1);
    let recorder = Recorder::default();
    // The test runs on one thread (tokio's current-thread runtime).
    let guard = tracing::subscriber::set_default(recorder.clone());

    let result = client
        .experiences()
        .detach("exp_123", &body())
        .with_options(whop::RequestOptions::new().header("X-Other-Secret", "sk_other"))
        .await;
    drop(guard);

    assert!(result.is_ok(), "{result:?}");
    let events = recorder.0.lock().expect("events").clone();
    let requests: Vec<&String> = events
        .iter()
        .filter(|e| e.contains("HTTP request"))
        .collect();
    assert_eq!(requests.len(), 2, "{events:#?}");
    for (attempt, event) in requests.iter().enumerate() {
        for field in [
            "method=POST",
            "path=/experiences/exp_123/detach",
            "elapsed_ms=",
        ] {
            assert!(event.contains(field), "{field} missing in {event}");
        }
        assert!(event.contains(&format!("attempt={attempt}")), "{event}");
    }
    assert!(requests[0].contains("status=503") && requests[1].contains("status=200"));
    assert!(
        events
            .iter()
            .any(|e| e.starts_with("INFO") && e.contains("retrying"))
    );
    let all = events.join("\n");
    assert!(!all.contains(KEY) && !all.contains("sk_other"), "{all}");
}

// 13. Calls are ordinary values: they can be moved to other tasks.

#[test]
fn calls_and_their_futures_are_send() {
    fn send<T: Send>(_: &T) {}
    let client = whop::Client::builder()
        .api_key(KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .expect("the client builds");
    let call = client.experiences().detach("exp_123", &body());
    send(&call);
    let shown = format!("{call:?}");
    assert!(shown.contains("/experiences/exp_123/detach"), "{shown}");
    assert!(!shown.contains(KEY) && !shown.contains("prod_1"), "{shown}");
    send(&std::future::IntoFuture::into_future(call));
    send(&client.experiences().detach("", &body()).with_raw_response());
}

// 14. Your own HTTP client.

/// A client of `server` sending through `http`, with this timeout and number
/// of retries.
fn client_through(
    http: whop::reqwest::Client,
    server: &MockServer,
    timeout: Duration,
    max_retries: u32,
) -> whop::Client {
    whop::Client::builder()
        .api_key(KEY)
        .base_url(server.uri())
        .timeout(timeout)
        .max_retries(max_retries)
        .http_client(http)
        .build()
        .expect("the client builds")
}

#[tokio::test]
async fn a_supplied_http_client_sends_the_requests_with_the_crates_headers() {
    let server = MockServer::start().await;
    answer_all(&server, ok(), 1).await;
    let mut defaults = whop::reqwest::header::HeaderMap::new();
    defaults.insert("x-from-my-client", "yes".parse().expect("a header value"));
    defaults.insert("user-agent", "my-app/1".parse().expect("a header value"));
    defaults.insert(
        "authorization",
        "Bearer not-the-key".parse().expect("a header value"),
    );
    let http = whop::reqwest::Client::builder()
        .default_headers(defaults)
        .build()
        .expect("the HTTP client builds");
    let builder = whop::Client::builder().http_client(http.clone());
    assert!(
        !format!("{builder:?}").contains("not-the-key"),
        "{builder:?}"
    );
    let client = client_through(http, &server, TEST_TIMEOUT, 0);

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    let request = &requests[0];
    // The supplied client sent it: its default header is there.
    assert_eq!(header(request, "x-from-my-client"), Some("yes"));
    // The crate's own headers replace the client's defaults of the same name.
    assert_eq!(
        header(request, "authorization"),
        Some(format!("Bearer {KEY}").as_str())
    );
    let user_agent = header(request, "user-agent").unwrap_or_default();
    assert!(
        user_agent.starts_with("whop/") && user_agent.contains(whop_version()),
        "User-Agent {user_agent:?}"
    );
    assert_eq!(header(request, "x-retry-count"), Some("0"));
    assert_eq!(header(request, "content-type"), Some("application/json"));
    assert_eq!(header(request, "accept"), Some("application/json"));
}

#[tokio::test]
async fn a_supplied_http_client_gets_the_builders_timeout() {
    let server = MockServer::start().await;
    answer_all(&server, ok().set_delay(Duration::from_secs(3)), 1).await;
    // No timeout of its own: only the builder's can end the attempt early.
    let http = whop::reqwest::Client::new();
    let client = client_through(http, &server, Duration::from_millis(200), 0);
    let started = Instant::now();

    let err = detach_error(&client).await;
    drop(server);

    assert!(
        matches!(err, whop::Error::Timeout { timeout, .. } if timeout == Duration::from_millis(200)),
        "{err:?}"
    );
    let elapsed = started.elapsed();
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
}

#[tokio::test]
async fn the_builders_timeout_replaces_the_supplied_clients() {
    let server = MockServer::start().await;
    answer_all(&server, ok().set_delay(Duration::from_millis(600)), 1).await;
    let http = whop::reqwest::Client::builder()
        .timeout(Duration::from_millis(100))
        .build()
        .expect("the HTTP client builds");
    let client = client_through(http, &server, TEST_TIMEOUT, 0);

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test]
async fn a_supplied_http_client_is_retried_after_a_503_and_a_timeout() {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(unavailable())
        .up_to_n_times(1)
        .expect(1)
        .named("503 first")
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok().set_delay(Duration::from_secs(3)))
        .up_to_n_times(1)
        .expect(1)
        .named("then too slow")
        .mount(&server)
        .await;
    Mock::given(any())
        .respond_with(ok())
        .expect(1)
        .named("then 200")
        .mount(&server)
        .await;
    let http = whop::reqwest::Client::builder()
        .default_headers(
            [(
                "x-from-my-client".parse().expect("a name"),
                "yes".parse().expect("a value"),
            )]
            .into_iter()
            .collect(),
        )
        .build()
        .expect("the HTTP client builds");
    let client = client_through(http, &server, Duration::from_millis(500), 2);

    let result = client.experiences().detach("exp_123", &body()).await;

    assert!(result.is_ok(), "{result:?}");
    let requests = server
        .received_requests()
        .await
        .expect("requests are recorded");
    let sent: Vec<(Option<&str>, Option<&str>)> = requests
        .iter()
        .map(|r| (header(r, "x-retry-count"), header(r, "x-from-my-client")))
        .collect();
    assert_eq!(
        sent,
        [
            (Some("0"), Some("yes")),
            (Some("1"), Some("yes")),
            (Some("2"), Some("yes"))
        ]
    );
}

// Building request bodies: setters take values, `_null()` sends `null`, an
// optional body is `&body` or `None`, and more than three required fields
// are one struct literal. Only the request matters here: the answer (the
// experience example) is not a product, and its decode error is ignored.

/// The JSON body of the one request `server` received, or `None` without one.
async fn sent_body(server: &MockServer) -> Option<Value> {
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(requests.len(), 1);
    let body = &requests[0].body;
    (!body.is_empty()).then(|| serde_json::from_slice(body).expect("JSON body"))
}

#[tokio::test]
async fn a_setter_sends_its_value_and_its_null_setter_sends_null() {
    let server = MockServer::start().await;
    answer_all(&server, ok(), 1).await;
    let body = whop::models::UpdateProductBody::new()
        .title("Pickaxe Pro")
        .description_null();

    let _ = client(&server).products().update("prod_1", &body).await;

    assert_eq!(
        sent_body(&server).await,
        Some(json!({"title": "Pickaxe Pro", "description": null}))
    );
}

#[tokio::test]
async fn an_optional_body_passed_as_none_sends_no_body() {
    let server = MockServer::start().await;
    answer_all(&server, ok(), 1).await;

    let _ = client(&server).products().update("prod_1", None).await;

    assert_eq!(sent_body(&server).await, None);
}

#[tokio::test]
async fn required_fields_past_three_are_named_in_a_struct_literal() {
    let server = MockServer::start().await;
    answer_all(&server, ok(), 1).await;
    let body = whop::models::CreatePromoCodeBody::new(whop::models::CreatePromoCodeBodyRequired {
        amount_off: 20.0,
        base_currency: whop::models::Currencies::from("usd"),
        code: "SPRING20".to_string(),
        company_id: "biz_1".to_string(),
        new_users_only: false,
        promo_duration_months: 3,
        promo_type: whop::models::PromoTypes::from("percentage"),
    })
    .stock(100);

    let _ = client(&server).promo_codes().create(&body).await;

    assert_eq!(
        sent_body(&server).await,
        Some(json!({
            "amount_off": 20.0,
            "base_currency": "usd",
            "code": "SPRING20",
            "company_id": "biz_1",
            "new_users_only": false,
            "promo_duration_months": 3,
            "promo_type": "percentage",
            "stock": 100,
        }))
    );
}

/// One page of course chapters for the stream test.
fn chapters_page(ids: &[&str], end_cursor: Option<&str>, more: bool) -> ResponseTemplate {
    let data: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| json!({"id": id, "title": format!("Chapter {id}"), "order": i}))
        .collect();
    ResponseTemplate::new(200).set_body_json(json!({
        "data": data,
        "page_info": {
            "end_cursor": end_cursor,
            "start_cursor": null,
            "has_next_page": more,
            "has_previous_page": false
        }
    }))
}

#[tokio::test]
async fn a_list_stream_is_read_with_while_let_without_pinning() {
    use futures_util::StreamExt;
    use wiremock::matchers::{path, query_param, query_param_is_missing};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/course_chapters"))
        .and(query_param("course_id", "cors_1"))
        .and(query_param_is_missing("after"))
        .respond_with(chapters_page(&["chap_1", "chap_2"], Some("c1"), true))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/course_chapters"))
        .and(query_param("course_id", "cors_1"))
        .and(query_param("after", "c1"))
        .respond_with(chapters_page(&["chap_3"], Some("c2"), false))
        .expect(1)
        .mount(&server)
        .await;
    no_other_request(&server).await;
    let client = client(&server);
    let params = whop::models::ListCourseChapterParams::new("cors_1");

    // The stream is `Unpin`: `next` takes it as it is, no `pin!`.
    let mut chapters = client.course_chapters().list_stream(&params);
    let mut ids = Vec::new();
    while let Some(chapter) = chapters.next().await {
        ids.push(chapter.expect("each page decodes").id);
    }

    assert_eq!(ids, ["chap_1", "chap_2", "chap_3"]);
}
