//! End-to-end tests of the generated `whop` crate against Prism, a mock
//! server that answers from spec/'s examples and checks every request
//! against the spec.
//!
//! `cargo xtask test` installs and starts Prism and gives its URL in
//! `WHOP_PRISM_URL`. Without it (plain `cargo test`) each test returns at
//! once and one line on stderr says why.
//!
//! What Prism 5.14 does with this spec: a valid call answers 200 with the
//! `Experience` example; a body that breaks the schema answers 422 with the
//! spec's 422 example `{"error": null}`; a call without `Authorization`
//! answers 401; `Prefer: code=N` picks the example of status N.

use std::io::Write;
use std::sync::Once;
use std::time::Duration;

use serde_json::Value;

const PRISM_URL_ENV: &str = "WHOP_PRISM_URL";

/// Prism's URL, or `None` after saying (once) why the tests skip.
fn prism_url() -> Option<String> {
    static SAID: Once = Once::new();
    let url = std::env::var(PRISM_URL_ENV).ok().filter(|u| !u.is_empty());
    if url.is_none() {
        // Straight to stderr: the test harness hides print! of passing tests.
        SAID.call_once(|| {
            let _ = writeln!(
                std::io::stderr(),
                "skipping the Prism end-to-end tests: {PRISM_URL_ENV} is not set (`cargo xtask test` starts Prism and sets it)"
            );
        });
    }
    url
}

/// A client of Prism with a key, no retries and a short timeout.
fn client(url: &str) -> whop::Client {
    whop::Client::builder()
        .api_key("sk_test_prism")
        .base_url(url)
        .timeout(Duration::from_secs(10))
        .max_retries(0)
        .build()
        .expect("the client builds")
}

fn body() -> whop::models::DetachExperienceBody {
    whop::models::DetachExperienceBody::new("prod_xxxxxxxxxxxxx")
}

/// The error a detach call with these options ends with.
async fn detach_error(client: &whop::Client, options: whop::RequestOptions) -> whop::Error {
    match client
        .experiences()
        .detach("exp_xxxxxxxxxxxxxx", &body())
        .with_options(options)
        .await
    {
        Ok(experience) => panic!("expected an error, got {experience:?}"),
        Err(e) => e,
    }
}

#[tokio::test]
async fn detach_succeeds_and_decodes_the_example() {
    let Some(url) = prism_url() else { return };

    let answer = client(&url)
        .experiences()
        .detach("exp_xxxxxxxxxxxxxx", &body())
        .with_raw_response()
        .await
        .expect("Prism accepts the call");

    assert_eq!(answer.status, 200);
    let experience = answer.value;
    assert_eq!(experience.id, "exp_xxxxxxxxxxxxxx");
    assert_eq!(experience.name, "Trading Signals Chat");
    assert_eq!(experience.products[0].id, "prod_xxxxxxxxxxxxx");
}

#[tokio::test]
async fn without_an_api_key_the_answer_is_401() {
    let Some(url) = prism_url() else { return };
    let client = whop::Client::builder()
        .base_url(&url)
        .max_retries(0)
        .build()
        .expect("the client builds");

    let err = detach_error(&client, whop::RequestOptions::new()).await;

    assert!(err.is_authentication(), "{err}");
    let kind = err
        .api_error()
        .and_then(|api| api.detail.as_ref())
        .and_then(|d| d.kind.as_deref());
    assert_eq!(kind, Some("unauthorized"), "{err}");
}

#[tokio::test]
async fn a_body_against_the_schema_is_422() {
    let Some(url) = prism_url() else { return };
    // `product_id` must be a string: null breaks the schema without
    // breaking the Rust types.
    let options = whop::RequestOptions::new().body_field("product_id", Value::Null);

    let err = detach_error(&client(&url), options).await;

    assert!(err.is_unprocessable(), "{err}");
    // Prism answers with the spec's 422 example: the error's detail is its
    // `error` object.
    let api = err.api_error().expect("an API error");
    let body: Value = serde_json::from_str(&api.body).expect("a JSON body");
    assert!(body["error"].is_object(), "{}", api.body);
    assert_eq!(
        api.detail.as_ref().and_then(|d| d.kind.as_deref()),
        body["error"]["type"].as_str(),
        "{err}"
    );
}

#[tokio::test]
async fn prefer_code_404_is_not_found_with_the_example() {
    let Some(url) = prism_url() else { return };
    let options = whop::RequestOptions::new().header("Prefer", "code=404");

    let err = detach_error(&client(&url), options).await;

    assert!(err.is_not_found(), "{err}");
    let detail = err.api_error().and_then(|api| api.detail.clone());
    assert_eq!(
        detail.and_then(|d| d.message),
        Some("Resource not found".to_string()),
        "{err}"
    );
}

#[tokio::test]
async fn prefer_code_500_is_a_server_error_and_retryable() {
    let Some(url) = prism_url() else { return };
    let options = whop::RequestOptions::new().header("Prefer", "code=500");

    let err = detach_error(&client(&url), options).await;

    assert!(err.is_server_error(), "{err}");
    assert!(err.is_retryable(), "{err}");
    assert_eq!(err.status(), Some(500));
}

#[tokio::test]
async fn a_retried_500_is_sent_again_and_prism_accepts_every_attempt() {
    let Some(url) = prism_url() else { return };
    // Prism checks each request; the retry (with its x-retry-count header
    // and the same body) must still be valid: the error is the 500 example,
    // not a 4xx validation failure.
    let options = whop::RequestOptions::new()
        .header("Prefer", "code=500")
        .max_retries(1);

    let started = std::time::Instant::now();
    let err = detach_error(&client(&url), options).await;

    assert_eq!(err.status(), Some(500), "{err}");
    // One backoff (0.375 s to 0.5 s) happened.
    assert!(
        started.elapsed() >= Duration::from_millis(375),
        "{:?}",
        started.elapsed()
    );
}
