//! `whop::Client::from_env()`. In a test binary of its own: environment
//! variables are process-wide, and no other test here reads them.

/// All environment assertions live in this one test: the variables are
/// process-wide and tests run on parallel threads.
#[test]
fn from_env_reads_api_key_and_base_url() {
    // SAFETY: this is the only test in this binary, so no other thread
    // reads or writes the environment meanwhile.
    unsafe {
        std::env::remove_var(whop::API_KEY_ENV);
        std::env::remove_var(whop::BASE_URL_ENV);
    }
    assert_eq!(whop::API_KEY_ENV, "WHOP_API_KEY");
    assert_eq!(whop::BASE_URL_ENV, "WHOP_BASE_URL");
    assert_eq!(whop::DEFAULT_BASE_URL, "https://api.whop.com/api/v1");

    match whop::Client::from_env() {
        Err(err @ whop::Error::Config { .. }) => {
            assert!(err.to_string().contains("WHOP_API_KEY"), "{err}");
        }
        other => {
            panic!("without WHOP_API_KEY: expected a config error, got {other:?}")
        }
    }

    // SAFETY: as above.
    unsafe { std::env::set_var(whop::API_KEY_ENV, "") };
    let empty = whop::Client::from_env();
    assert!(
        matches!(empty, Err(whop::Error::Config { .. })),
        "empty WHOP_API_KEY: {empty:?}"
    );

    // SAFETY: as above.
    unsafe {
        std::env::set_var(whop::API_KEY_ENV, "sk_test_key_123");
        std::env::set_var(whop::BASE_URL_ENV, "http://127.0.0.1:9/custom/v1/");
    }
    let client = whop::Client::from_env().expect("a client from the environment");
    assert_eq!(client.base_url(), "http://127.0.0.1:9/custom/v1");

    // SAFETY: as above.
    unsafe { std::env::set_var(whop::BASE_URL_ENV, "http://127.0.0.1:9/v1?x=1") };
    match whop::Client::from_env() {
        Err(err @ whop::Error::Config { .. }) => {
            assert!(err.to_string().contains("WHOP_BASE_URL"), "{err}");
        }
        other => panic!("bad WHOP_BASE_URL: expected a config error naming it, got {other:?}"),
    }

    // SAFETY: as above.
    unsafe { std::env::remove_var(whop::BASE_URL_ENV) };
    let client = whop::Client::from_env().expect("a client from the environment");
    assert_eq!(client.base_url(), whop::DEFAULT_BASE_URL);

    // WHOP_LOG (the tests enable the `tracing-subscriber` feature).
    assert_eq!(whop::LOG_ENV, "WHOP_LOG");
    // SAFETY: as above.
    unsafe { std::env::set_var(whop::LOG_ENV, "loud") };
    match whop::Client::from_env() {
        Err(err @ whop::Error::Config { .. }) => {
            assert!(err.to_string().contains("WHOP_LOG"), "{err}");
        }
        other => panic!("bad WHOP_LOG: expected a config error naming it, got {other:?}"),
    }
    // SAFETY: as above.
    unsafe { std::env::set_var(whop::LOG_ENV, "off") };
    assert_eq!(
        whop::init_logging().ok(),
        Some(false),
        "off installs nothing"
    );
    // SAFETY: as above.
    unsafe { std::env::set_var(whop::LOG_ENV, "Debug") };
    assert!(whop::Client::from_env().is_ok());
    // It logs the client's debug events, and only the client's.
    assert!(tracing::enabled!(target: "whop::client", tracing::Level::DEBUG));
    assert!(!tracing::enabled!(target: "another_crate", tracing::Level::ERROR));
    // The subscriber from_env installed is the global one now: a second
    // call keeps it.
    assert_eq!(whop::init_logging().ok(), Some(false));

    // SAFETY: as above.
    unsafe {
        std::env::remove_var(whop::API_KEY_ENV);
        std::env::remove_var(whop::LOG_ENV);
    }
}
