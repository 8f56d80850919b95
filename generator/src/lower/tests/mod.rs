//! Unit tests of lowering, by rule.

mod documents;
mod schemas;

use super::*;

fn doc_with(version: &str, schema: Value) -> Value {
    json!({
        "openapi": version,
        "info": {"title": "t", "version": "1"},
        "paths": {},
        "components": {"schemas": {"S": schema}},
    })
}

/// Lowers `schema` as `components.schemas.S` of a 3.1 document.
fn lowered(schema: Value) -> Value {
    let mut doc = doc_with("3.1.0", schema);
    rewrite(&mut doc, "t.yml").unwrap();
    doc["components"]["schemas"]["S"].take()
}

/// The same in a 3.0 document.
fn lowered30(schema: Value) -> Value {
    let mut doc = doc_with("3.0.3", schema);
    rewrite(&mut doc, "t.yml").unwrap();
    doc["components"]["schemas"]["S"].take()
}

fn error(mut doc: Value) -> Error {
    lower(&mut doc, "t.yml").unwrap_err()
}
