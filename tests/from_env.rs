//! `whop::Client::from_env()`. In a test binary of its own: environment
//! variables and the global `tracing` subscriber are process-wide, and no
//! other test here reads or sets them.

/// The targets of the events it is given.
#[derive(Clone, Default)]
struct Targets(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

impl tracing::Subscriber for Targets {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if let Ok(mut targets) = self.0.lock() {
            targets.push(event.metadata().target().to_string());
        }
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

/// All environment assertions live in this one test: the variables are
/// process-wide and tests run on parallel threads. So does the global
/// `tracing` subscriber, which can be set once per process.
#[test]
fn from_env_reads_api_key_and_base_url_and_leaves_logging_to_the_program() {
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

    // WHOP_LOG is not from_env's business (the tests enable the
    // `tracing-subscriber` feature, which brings `init_logging`): even a
    // level `init_logging` would refuse does not stop it.
    assert_eq!(whop::LOG_ENV, "WHOP_LOG");
    // SAFETY: as above.
    unsafe { std::env::set_var(whop::LOG_ENV, "loud") };
    let client = whop::Client::from_env();
    assert!(client.is_ok(), "WHOP_LOG=loud: {client:?}");

    // A program that sets up its own logging after building its client from
    // the environment can: from_env installed no global subscriber, even
    // with a level set. The client's events then go to the program's.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    // wiremock answers 404 when nothing is mounted.
    let server = runtime.block_on(wiremock::MockServer::start());
    // SAFETY: as above.
    unsafe {
        std::env::set_var(whop::LOG_ENV, "debug");
        std::env::set_var(whop::BASE_URL_ENV, server.uri());
    }
    let client = whop::Client::from_env().expect("a client from the environment");
    let program_logging = Targets::default();
    assert!(
        tracing::subscriber::set_global_default(program_logging.clone()).is_ok(),
        "the program's own subscriber is refused: Client::from_env installed one"
    );
    let body = whop::models::DetachExperienceBody::new("prod_1");
    let answer = runtime.block_on(async {
        client
            .experiences()
            .detach("exp_123", &body)
            .with_options(whop::RequestOptions::new().max_retries(0))
            .await
    });
    assert_eq!(answer.err().and_then(|e| e.status()), Some(404));
    let targets = program_logging
        .0
        .lock()
        .map(|t| t.clone())
        .unwrap_or_default();
    assert!(
        targets.iter().any(|t| t == "whop::client"),
        "the program's subscriber saw {targets:?}"
    );

    // SAFETY: as above.
    unsafe {
        std::env::remove_var(whop::API_KEY_ENV);
        std::env::remove_var(whop::BASE_URL_ENV);
        std::env::remove_var(whop::LOG_ENV);
    }
}
