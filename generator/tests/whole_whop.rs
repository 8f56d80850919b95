//! The whole Whop API (spec/whop.openapi.yml), as the model sees it: every
//! operation and component schema becomes Rust. The crate it becomes is
//! `generated/` itself: `cargo xtask test` checks it is current, runs clippy
//! on it and its 220 conformance tests against Prism serving the same spec.

use std::collections::BTreeSet;
use std::path::Path;

#[test]
fn every_operation_and_component_schema_becomes_rust() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/whop.openapi.yml");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let api = generator::load(&text, "spec/whop.openapi.yml").unwrap_or_else(|e| panic!("{e}"));

    let operations: Vec<_> = api.resources.iter().flat_map(|r| &r.operations).collect();
    assert_eq!(operations.len(), 220, "one method per operation");
    assert_eq!(api.resources.len(), 60, "one resource per tag");
    let methods: BTreeSet<(String, String)> = api
        .resources
        .iter()
        .flat_map(|r| {
            r.operations
                .iter()
                .map(|o| (r.accessor.clone(), o.method_name.clone()))
        })
        .collect();
    assert_eq!(
        methods.len(),
        220,
        "method names are distinct within a resource"
    );

    let components: BTreeSet<&str> = api
        .types
        .iter()
        .filter_map(|t| t.pointer.strip_prefix("#/components/schemas/"))
        .filter(|rest| !rest.contains('/'))
        .collect();
    assert_eq!(components.len(), 295, "one type per component schema");

    let streams = operations.iter().filter(|o| o.pagination.is_some()).count();
    assert_eq!(streams, 53, "every cursor-paginated list has a stream");
}
