//! Every `docs/*.md` is included by `src/lib.rs`, so its Rust blocks run as
//! doctests like the README's (`cargo test --doc -p whop-workspace`).

use std::path::Path;

#[test]
fn every_docs_file_is_included_as_doctests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).expect("read src/lib.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(root.join("docs")).expect("read docs/") {
        let name = entry.expect("a docs/ entry").file_name();
        let name = name.to_string_lossy();
        if name.ends_with(".md") && !lib.contains(&format!("include_str!(\"../docs/{name}\")")) {
            missing.push(name.into_owned());
        }
    }
    assert!(
        missing.is_empty(),
        "src/lib.rs does not include these docs/ files, so their Rust blocks are not doctests: {missing:?}"
    );
}
