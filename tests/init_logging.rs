//! `whop::init_logging()` (feature `tracing-subscriber`, which the tests
//! enable). In a test binary of its own: it reads the environment and sets
//! the process-wide `tracing` subscriber, which can be set only once.

/// One test: the variable and the global subscriber are process-wide.
#[test]
fn init_logging_installs_a_subscriber_for_the_client_at_the_level_asked() {
    assert_eq!(whop::LOG_ENV, "WHOP_LOG");

    // SAFETY: this is the only test in this binary, so no other thread
    // reads or writes the environment meanwhile.
    unsafe { std::env::set_var(whop::LOG_ENV, "loud") };
    match whop::init_logging() {
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
    assert!(!tracing::enabled!(target: "whop::client", tracing::Level::ERROR));

    // SAFETY: as above.
    unsafe { std::env::set_var(whop::LOG_ENV, "Debug") };
    assert_eq!(
        whop::init_logging().ok(),
        Some(true),
        "installs its subscriber"
    );
    // It logs the client's debug events, and only the client's.
    assert!(tracing::enabled!(target: "whop::client", tracing::Level::DEBUG));
    assert!(!tracing::enabled!(target: "another_crate", tracing::Level::ERROR));
    // The subscriber is the global one now: a second call keeps it.
    assert_eq!(whop::init_logging().ok(), Some(false));

    // SAFETY: as above.
    unsafe { std::env::remove_var(whop::LOG_ENV) };
}
