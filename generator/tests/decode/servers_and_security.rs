//! Written into the crate generated from `fixtures/servers_and_security.yaml`
//! and run by `generated_crates_compile.rs`: which credentials each
//! operation sends, where it sends them, and how answers of several success
//! types decode. The server is a few lines of `std` (the generated crate has
//! no mock server among its dependencies): it answers each request with the
//! next of its answers and hands back the request's head.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;

use gen_servers_and_security::resources::{GetReportAnswer, ListReportsAnswer};
use gen_servers_and_security::{Client, ClientBuilder, Error};

/// A status, a content type and a body.
type Answer = (u16, &'static str, &'static str);

/// A server on a free local port answering `answers` in order; each
/// request's head (request line, then headers with lower-case names) comes
/// out of the receiver.
fn server(answers: Vec<Answer>) -> (String, mpsc::Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a local port");
    let url = format!("http://{}", listener.local_addr().expect("an address"));
    let (heads, received) = mpsc::channel();
    std::thread::spawn(move || {
        for (status, content_type, body) in answers {
            let Ok((stream, _)) = listener.accept() else {
                return;
            };
            let mut reader = BufReader::new(stream);
            let mut head = String::new();
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let line = match line.split_once(':') {
                    Some((name, value)) => format!("{}:{value}", name.to_ascii_lowercase()),
                    None => line,
                };
                if let Some(value) = line.strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut request_body = vec![0; length];
            let _ = reader.read_exact(&mut request_body);
            let _ = heads.send(head);
            let answer = format!(
                "HTTP/1.1 {status} X\r\ncontent-type: {content_type}\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = reader.get_mut().write_all(answer.as_bytes());
        }
    });
    (url, received)
}

fn empty(n: usize) -> Vec<Answer> {
    vec![(204, "text/plain", ""); n]
}

fn client_at(url: &str, configure: impl FnOnce(ClientBuilder) -> ClientBuilder) -> Client {
    configure(Client::builder().base_url(url).max_retries(0))
        .build()
        .expect("the client builds")
}

fn next(heads: &mpsc::Receiver<String>) -> String {
    heads
        .recv_timeout(std::time::Duration::from_secs(10))
        .expect("a request reached the server")
}

#[tokio::test]
async fn the_api_key_goes_where_each_operation_asks() {
    let (url, heads) = server(empty(2));
    let client = client_at(&url, |b| b.api_key("k1"));
    client.ping().ping().await.expect("ping");
    let head = next(&heads);
    assert!(head.contains("x-api-key: k1\r\n"), "{head}");
    assert!(!head.contains("authorization:"), "{head}");
    // `security: []`: nothing.
    client.auth().login().await.expect("login");
    let head = next(&heads);
    assert!(!head.contains("k1"), "{head}");
}

#[tokio::test]
async fn schemes_sent_together_are_all_sent() {
    let (url, heads) = server(vec![(200, "application/json", "[]")]);
    let client = client_at(&url, |b| b.api_key("k1").scheme_key("session", "s 1"));
    let answer = client.reports().list().await.expect("list");
    assert_eq!(answer, ListReportsAnswer::Status200(Vec::new()));
    let head = next(&heads);
    assert!(head.contains("x-api-key: k1\r\n"), "{head}");
    assert!(head.contains("cookie: session_id=s%201\r\n"), "{head}");
}

#[tokio::test]
async fn the_first_configured_alternative_is_sent() {
    let (url, heads) = server(empty(3));
    // Basic first: configured, so sent alone.
    let both = client_at(&url, |b| b.api_key("k1").basic_auth("AC1", "tok"));
    both.reports().get("r1").await.expect("basic");
    let head = next(&heads);
    // base64("AC1:tok")
    assert!(
        head.contains("authorization: Basic QUMxOnRvaw==\r\n"),
        "{head}"
    );
    assert!(
        !head.contains("cookie:") && !head.contains("api_key="),
        "{head}"
    );
    // No basic credentials: the session cookie, with the API key.
    let key = client_at(&url, |b| b.api_key("k1"));
    key.reports().get("r1").await.expect("cookie");
    let head = next(&heads);
    assert!(head.contains("cookie: session_id=k1\r\n"), "{head}");
    assert!(!head.contains("authorization:"), "{head}");
    // Only the query scheme's own key: the query, and nothing where the
    // API's own scheme (`apiKey`) is asked for.
    let query = client_at(&url, |b| b.scheme_key("queryKey", "q1"));
    query.reports().get("r1").await.expect("query");
    let head = next(&heads);
    assert!(head.starts_with("GET /reports/r1?api_key=q1 "), "{head}");
}

#[tokio::test]
async fn credentials_the_api_does_not_take_are_refused() {
    let unknown = Client::builder()
        .base_url("http://127.0.0.1:9")
        .scheme_key("nope", "k")
        .build();
    assert!(
        matches!(&unknown, Err(Error::Config { message, .. }) if message.contains("nope")),
        "{unknown:?}"
    );
}

#[tokio::test]
async fn each_success_status_has_its_variant() {
    let (url, _heads) = server(vec![
        (200, "application/json", r#"{"id": "r1"}"#),
        (202, "application/json", r#"{"ticket": "t1"}"#),
        (204, "text/plain", ""),
        // Not in the spec: the first answer's variant.
        (203, "application/json", r#"{"id": "r2"}"#),
        (206, "application/pdf", "%PDF"),
    ]);
    let client = client_at(&url, |b| b.api_key("k1"));
    let reports = client.reports();
    let Ok(GetReportAnswer::Status200(report)) = reports.get("r1").await else {
        panic!("200 is the report")
    };
    assert_eq!(report.id, "r1");
    let Ok(GetReportAnswer::Status202(queued)) = reports.get("r1").await else {
        panic!("202 is the ticket")
    };
    assert_eq!(queued.ticket, "t1");
    assert!(matches!(
        reports.get("r1").await,
        Ok(GetReportAnswer::Status204)
    ));
    let Ok(GetReportAnswer::Status200(report)) = reports.get("r1").await else {
        panic!("an unlisted success status decodes as the first answer")
    };
    assert_eq!(report.id, "r2");
    assert_eq!(
        reports.list().await.ok(),
        Some(ListReportsAnswer::Status2xx(b"%PDF".to_vec()))
    );
}

#[tokio::test]
async fn an_operation_goes_to_its_own_server_unless_the_base_url_is_set() {
    // No base URL set: `/uploads` goes to its path's server (a closed
    // local port), not to the API's.
    let client = Client::builder()
        .api_key("k1")
        .max_retries(0)
        .build()
        .expect("the client builds");
    assert_eq!(
        client.base_url(),
        gen_servers_and_security::DEFAULT_BASE_URL
    );
    match client.uploads().upload(b"x").await {
        Err(Error::Connection { url, .. }) => assert_eq!(url, "http://127.0.0.1:9/upload/uploads"),
        other => panic!("expected a connection error: {other:?}"),
    }
    // The base URL set: every operation goes there.
    let (url, heads) = server(vec![(201, "application/json", r#"{"id": "u1"}"#)]);
    let client = client_at(&url, |b| b.api_key("k1"));
    let report = client.uploads().upload(b"x").await.expect("upload");
    assert_eq!(report.id, "u1");
    let head = next(&heads);
    assert!(head.starts_with("POST /uploads "), "{head}");
}
