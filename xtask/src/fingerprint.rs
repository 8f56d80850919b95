// The fingerprint of spec/, shared by `cargo xtask codegen` (which records it
// in generated/) and the root package's build.rs (which compares). Included
// with `include!` by both, so there is one definition.

/// SHA-256 over every file directly in `spec_dir`, in name order: each
/// file's name, a NUL, its bytes with CRLF turned into LF, a NUL.
pub fn spec_fingerprint(spec_dir: &std::path::Path) -> std::io::Result<String> {
    use sha2::Digest;
    let mut names: Vec<std::path::PathBuf> = std::fs::read_dir(spec_dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<_>>()?;
    names.retain(|p| p.is_file());
    names.sort();
    let mut hasher = sha2::Sha256::new();
    for path in names {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let bytes = std::fs::read(&path)?;
        let text = String::from_utf8_lossy(&bytes).replace("\r\n", "\n");
        hasher.update(name.as_bytes());
        hasher.update([0]);
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let digest = hasher.finalize();
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// The file in generated/ that records the fingerprint codegen used.
pub const FINGERPRINT_FILE: &str = "spec.sha256";

/// Why the workspace at `root` must be regenerated, if it must: spec/ does
/// not match the fingerprint recorded in generated/.
pub fn drift(root: &std::path::Path) -> Option<String> {
    let recorded = std::fs::read_to_string(root.join("generated").join(FINGERPRINT_FILE));
    match (recorded, spec_fingerprint(&root.join("spec"))) {
        (_, Err(e)) => Some(format!("spec/ could not be read ({e})")),
        (Err(_), _) => Some(format!("generated/{FINGERPRINT_FILE} is missing")),
        (Ok(recorded), Ok(current)) if recorded.trim() != current => {
            Some("spec/ changed since generated/ was written".to_string())
        }
        _ => None,
    }
}
