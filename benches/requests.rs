//! Per-request overhead of the generated client against a hand-written
//! reqwest + serde_json call doing the same request, on a loopback server.
//! Run by `cargo xtask bench --only requests` (`cargo bench --bench requests
//! -- --rounds N --batch M`); prints a `RESULT` line the xtask reads.
//!
//! Server and clients share one single-threaded tokio runtime (no thread
//! wakes another, so the OS's placement of threads does not show). Both
//! sides send `POST /experiences/{id}/detach` with a bearer key, the same
//! JSON body and user agent, through a `reqwest::Client` built the same way
//! (only a user agent set; per-request timeout 60 s), read the answer and
//! decode it into `whop::models::Experience`. Requests of the two sides
//! alternate one by one; each round compares the sides' median request
//! times, and the figure is the median of those ratios.

use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt};

use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};

/// The spec's 200 example for `detachExperience`.
const EXPERIENCE: &str = r#"{"id":"exp_xxxxxxxxxxxxxx","name":"Trading Signals Chat","order":"123.45","is_public":true,"created_at":"2023-12-01T05:00:00.401Z","app":{"id":"app_xxxxxxxxxxxxxx","name":"Courses","icon":{"url":"https://media.whop.com/abc123/optimized.jpg"}},"image":null,"company":{"id":"biz_xxxxxxxxxxxxxx","title":"Pickaxe","route":"pickaxe"},"products":[{"id":"prod_xxxxxxxxxxxxx","route":"pickaxe-analytics","title":"Pickaxe Analytics"}]}"#;

const ID: &str = "exp_xxxxxxxxxxxxxx";
const KEY: &str = "bench-key";
const USER_AGENT: &str = "whop/0.1.0 (Rust)";

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    let mut rounds = 10usize;
    let mut batch = 1000usize;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => rounds = args.next().ok_or("--rounds needs a number")?.parse()?,
            "--batch" => batch = args.next().ok_or("--batch needs a number")?.parse()?,
            // `cargo bench` passes `--bench`; anything else is not ours.
            _ => {}
        }
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        tokio::spawn(serve(listener));
        measure(&base, rounds, batch).await
    })
}

async fn measure(base: &str, rounds: usize, batch: usize) -> Result<(), Failure> {
    let generated = Generated(
        whop::Client::builder()
            .api_key(KEY)
            .base_url(base)
            .build()?,
    );
    let hand = Hand {
        http: reqwest::Client::builder().user_agent(USER_AGENT).build()?,
        base: base.to_string(),
    };
    let body = whop::models::DetachExperienceBody::new("prod_xxxxxxxxxxxxx");

    // Warm-up: connections open, allocator and caches settled.
    run(&generated, &body, batch.min(200)).await?;
    run(&hand, &body, batch.min(200)).await?;

    let (mut gen_us, mut hand_us, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..rounds {
        // Requests alternate one by one (which side goes first alternates
        // too), so both see the same machine: batches of one side after the
        // other picked up drifts in load and CPU frequency as differences.
        let (mut g, mut h) = (Vec::with_capacity(batch), Vec::with_capacity(batch));
        for i in 0..batch {
            if (i + round) % 2 == 0 {
                g.push(run(&generated, &body, 1).await?);
                h.push(run(&hand, &body, 1).await?);
            } else {
                h.push(run(&hand, &body, 1).await?);
                g.push(run(&generated, &body, 1).await?);
            }
        }
        // Medians: a few requests stall for milliseconds at random (the
        // machine is shared); a mean would measure those, not the client.
        let stalls = |v: &[Duration]| v.iter().filter(|d| d.as_millis() >= 1).count();
        let (g_stalls, h_stalls) = (stalls(&g), stalls(&h));
        let (g, h) = (median_us(&mut g), median_us(&mut h));
        println!(
            "round {}: median generated {g:.1} µs, hand-written {h:.1} µs, ratio {:.3} (requests over 1 ms: {g_stalls} and {h_stalls})",
            round + 1,
            g / h
        );
        gen_us.push(g);
        hand_us.push(h);
        ratios.push(g / h);
    }
    let list = |v: &[f64]| {
        v.iter()
            .map(|x| format!("{x:.3}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    println!(
        "RESULT generated_us={} handwritten_us={} ratios={}",
        list(&gen_us),
        list(&hand_us),
        list(&ratios)
    );
    Ok(())
}

fn median_us(times: &mut [Duration]) -> f64 {
    times.sort();
    times
        .get(times.len() / 2)
        .map_or(0.0, |d| d.as_secs_f64() * 1e6)
}

trait Side {
    async fn detach(&self, body: &whop::models::DetachExperienceBody) -> Result<String, Failure>;
}

struct Generated(whop::Client);

impl Side for Generated {
    async fn detach(&self, body: &whop::models::DetachExperienceBody) -> Result<String, Failure> {
        Ok(self.0.experiences().detach(ID, body).await?.id)
    }
}

/// What a careful hand-written call does: the same headers, a timeout,
/// the status checked, the body decoded.
struct Hand {
    http: reqwest::Client,
    base: String,
}

impl Side for Hand {
    async fn detach(&self, body: &whop::models::DetachExperienceBody) -> Result<String, Failure> {
        let answer = self
            .http
            .post(format!("{}/experiences/{ID}/detach", self.base))
            .timeout(Duration::from_secs(60))
            .header(ACCEPT, "application/json")
            .header(AUTHORIZATION, format!("Bearer {KEY}"))
            .header(CONTENT_TYPE, "application/json")
            .body(serde_json::to_vec(body)?)
            .send()
            .await?;
        let status = answer.status();
        let bytes = answer.bytes().await?;
        if !status.is_success() {
            return Err(format!("HTTP {status}").into());
        }
        let experience: whop::models::Experience = serde_json::from_slice(&bytes)?;
        Ok(experience.id)
    }
}

async fn run(
    side: &impl Side,
    body: &whop::models::DetachExperienceBody,
    n: usize,
) -> Result<Duration, Failure> {
    let start = Instant::now();
    for _ in 0..n {
        let id = side.detach(body).await?;
        if id != ID {
            return Err(format!("unexpected id {id}").into());
        }
    }
    Ok(start.elapsed())
}

/// A keep-alive HTTP/1.1 server answering every request with the example,
/// on the clients' own single-threaded runtime: no thread wakes another, so
/// the figures do not depend on how the OS places a server thread.
async fn serve(listener: tokio::net::TcpListener) {
    while let Ok((stream, _)) = listener.accept().await {
        tokio::spawn(async move {
            let _ = answer(stream).await;
        });
    }
}

async fn answer(stream: tokio::net::TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let mut reader = tokio::io::BufReader::new(read);
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{EXPERIENCE}",
        EXPERIENCE.len()
    );
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut length = 0usize;
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            if line == "\r\n" {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        write.write_all(response.as_bytes()).await?;
    }
}
