//! Per-request overhead of the generated client against a hand-written
//! reqwest + serde_json call doing the same request, on a loopback server.
//! Run by `cargo xtask bench --only requests` (`cargo bench --bench requests
//! -- --rounds N --batch M`); prints a `RESULT` line the xtask reads.
//!
//! Both sides send `POST /experiences/{id}/detach` with a bearer key, the
//! same JSON body and user agent, through a `reqwest::Client` built the same
//! way (only a user agent set; per-request timeout 60 s), read the answer and
//! decode it into `whop::models::Experience`. Rounds alternate which side
//! goes first; the figure is the median of the per-round ratios.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

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
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let base = format!("http://{}", listener.local_addr()?);
    std::thread::spawn(move || serve(listener));

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(measure(&base, rounds, batch))
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
        let (g, h) = if round % 2 == 0 {
            let g = run(&generated, &body, batch).await?;
            (g, run(&hand, &body, batch).await?)
        } else {
            let h = run(&hand, &body, batch).await?;
            (run(&generated, &body, batch).await?, h)
        };
        let (g, h) = (per_request_us(g, batch), per_request_us(h, batch));
        println!(
            "round {}: generated {g:.1} µs, hand-written {h:.1} µs, ratio {:.3}",
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

fn per_request_us(d: Duration, n: usize) -> f64 {
    d.as_secs_f64() * 1e6 / n as f64
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

/// A keep-alive HTTP/1.1 server answering every request with the example.
fn serve(listener: TcpListener) {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || {
            let _ = answer(stream);
        });
    }
}

fn answer(stream: TcpStream) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{EXPERIENCE}",
        EXPERIENCE.len()
    );
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let mut length = 0usize;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
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
        reader.read_exact(&mut body)?;
        writer.write_all(response.as_bytes())?;
    }
}
