//! The rustdoc of types and values, from their schemas: title,
//! description, allowed values, deprecation, default and example.

use openapiv3::{ReferenceOr, Schema, SchemaKind, Type};

use crate::model::*;

/// The rustdoc a schema carries: title, description, the values it allows
/// and whether it is deprecated.
pub(super) fn schema_doc(schema: &Schema) -> Doc {
    let mut doc = Doc::default();
    doc.push(schema.schema_data.title.as_deref());
    doc.push(schema.schema_data.description.as_deref());
    schema_notes(schema, &mut doc);
    doc
}

/// The rustdoc of a value (a property or a parameter) whose schema is
/// `schema`: `own` text (a parameter's own `description`) if there is one,
/// else the schema's title and description; then the values it allows, that
/// it is deprecated (the schema says so, or `deprecated`), its default and
/// its example. A `$ref` schema's text documents its type, not the value.
pub(crate) fn value_doc(
    schema: &ReferenceOr<Schema>,
    own: Option<&str>,
    deprecated: bool,
    example: Option<&serde_json::Value>,
) -> Doc {
    let mut doc = Doc::default();
    let own = own.map(str::trim).filter(|text| !text.is_empty());
    match (schema, own) {
        (_, Some(text)) => doc.push(Some(text)),
        (ReferenceOr::Item(s), None) => {
            doc.push(s.schema_data.title.as_deref());
            doc.push(s.schema_data.description.as_deref());
        }
        (ReferenceOr::Reference { .. }, None) => {}
    }
    if let ReferenceOr::Item(s) = schema {
        schema_notes(s, &mut doc);
    }
    if deprecated {
        doc.push(Some("Deprecated."));
    }
    if let ReferenceOr::Item(s) = schema
        && let Some(default) = &s.schema_data.default
    {
        doc.push(Some(&format!(
            "Default: {}.",
            code_span(&example_text(default))
        )));
    }
    if let Some(example) = example {
        let text = example_text(example);
        // Several lines read better as a block (of text, as every code
        // block of a doc is).
        if text.trim().contains('\n') {
            doc.push(Some(&format!("Example:\n\n{}", code_block(&text))));
        } else {
            doc.push(Some(&format!("Example: {}", code_span(&text))));
        }
    }
    doc
}

/// The values a non-string enum allows and deprecation, in words (a
/// string enum is a Rust enum, its values its variants).
pub(super) fn schema_notes(schema: &Schema, doc: &mut Doc) {
    // A string enum is a Rust enum; other enums are their plain type, so
    // the values they allow are said in words.
    let values: Vec<String> = match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(i)) => {
            i.enumeration.iter().flatten().map(i64::to_string).collect()
        }
        SchemaKind::Type(Type::Number(n)) => {
            n.enumeration.iter().flatten().map(f64::to_string).collect()
        }
        SchemaKind::Type(Type::Boolean(b)) => b
            .enumeration
            .iter()
            .flatten()
            .map(bool::to_string)
            .collect(),
        _ => Vec::new(),
    };
    match values.as_slice() {
        [] => {}
        [one] => doc.push(Some(&format!("Always {}.", code_span(one)))),
        several => {
            let values: Vec<String> = several.iter().map(|v| code_span(v)).collect();
            doc.push(Some(&format!("One of {}.", values.join(", "))))
        }
    }
    if schema.schema_data.deprecated {
        doc.push(Some("Deprecated."));
    }
}

pub(super) fn example_text(example: &serde_json::Value) -> String {
    match example {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}
