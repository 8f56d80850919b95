//! Detaches an experience from a product and prints the experience's id.
//!
//! ```text
//! WHOP_API_KEY=... cargo run --example detach -- exp_xxxxxxxxxxxxxx prod_xxxxxxxxxxxxx
//! ```
//!
//! `WHOP_API_KEY` is required; `WHOP_BASE_URL` overrides the API's address
//! (for example a test server).

use std::process::ExitCode;

const USAGE: &str = "usage: detach <experience_id> <product_id>\n\
                     \n\
                     Reads the API key from WHOP_API_KEY and, optionally, the base URL from WHOP_BASE_URL.";

/// The experience id and product id from the command line, if exactly two
/// arguments were given and both are UTF-8.
fn parse_args() -> Option<(String, String)> {
    let mut args = std::env::args_os().skip(1);
    let experience_id = args.next()?.into_string().ok()?;
    let product_id = args.next()?.into_string().ok()?;
    if args.next().is_some() {
        return None;
    }
    Some((experience_id, product_id))
}

#[tokio::main]
async fn main() -> ExitCode {
    let Some((experience_id, product_id)) = parse_args() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };

    let client = match whop::Client::from_env() {
        Ok(client) => client,
        Err(err) => {
            eprintln!("error: {err}");
            return ExitCode::FAILURE;
        }
    };

    let body = whop::models::DetachExperienceBody::new(product_id);
    match client.experiences().detach(&experience_id, &body).await {
        Ok(experience) => {
            println!("{}", experience.id);
            ExitCode::SUCCESS
        }
        Err(err) => {
            // One line: what failed, and why (causes included).
            eprintln!("error: {err}");
            if let Some(status) = err.status() {
                eprintln!("HTTP status: {status}");
            }
            ExitCode::FAILURE
        }
    }
}
