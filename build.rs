//! Drift guard: fails the build when spec/ changed after generated/ was
//! written, so a stale client never compiles silently.

include!("xtask/src/fingerprint.rs");

fn main() {
    println!("cargo:rerun-if-changed=spec");
    println!("cargo:rerun-if-changed=generated/{FINGERPRINT_FILE}");
    let root = std::path::PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    if let Some(problem) = drift(&root) {
        eprintln!("error: {problem}: run `cargo xtask codegen`");
        std::process::exit(1);
    }
}
