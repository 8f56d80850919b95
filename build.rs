//! Drift guard: fails the build when spec/ changed after generated/ was
//! written, so a stale client never compiles silently.

include!("xtask/src/fingerprint.rs");

fn main() {
    println!("cargo:rerun-if-changed=spec");
    println!("cargo:rerun-if-changed=generated/{FINGERPRINT_FILE}");
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let recorded = std::fs::read_to_string(root.join("generated").join(FINGERPRINT_FILE));
    let current = spec_fingerprint(&root.join("spec"));
    let problem = match (recorded, current) {
        (_, Err(e)) => Some(format!("spec/ could not be read ({e})")),
        (Err(_), _) => Some(format!("generated/{FINGERPRINT_FILE} is missing")),
        (Ok(recorded), Ok(current)) if recorded.trim() != current => Some("spec/ changed since generated/ was written".to_string()),
        _ => None,
    };
    if let Some(problem) = problem {
        eprintln!("error: {problem}: run `cargo xtask codegen`");
        std::process::exit(1);
    }
}
