//! The schema rules that rewrite one schema object in place: what the
//! walk applies at each schema position.

use serde_json::{Map, Value, json};

/// JSON Schema keywords that `openapiv3` cannot hold and a client does not
/// need; they are removed from every schema (subschemas under `$defs`,
/// `patternProperties` and `prefixItems` are walked first, so errors in them
/// are still reported). `$recursiveAnchor`/`$recursiveRef` (draft 2019-09,
/// used by OpenAI's spec) are handled before this, see `recursive_ref`.
pub(super) const DROPPED: [&str; 25] = [
    "$schema",
    "$id",
    "$anchor",
    "$comment",
    "$dynamicRef",
    "$dynamicAnchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$defs",
    "$vocabulary",
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
    "unevaluatedProperties",
    "unevaluatedItems",
    "dependentRequired",
    "dependentSchemas",
    "propertyNames",
    "if",
    "then",
    "else",
    "contains",
    "minContains",
    "maxContains",
    "patternProperties",
];

/// Keywords that only constrain values of one JSON type. When a type list is
/// split into `anyOf` branches (rule 1) each keyword goes with its type.
pub(super) fn type_keywords(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["format", "pattern", "minLength", "maxLength"],
        "number" | "integer" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        ],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        _ => &[],
    }
}

/// `$recursiveRef: '#'` (draft 2019-09) points back at the schema that
/// declares `$recursiveAnchor: true`: it becomes a `$ref` to that schema's
/// pointer. Any other form is left for rule 7 to drop (any value).
pub(super) fn recursive_ref(s: &mut Map<String, Value>, anchor: Option<&str>) {
    if let (Some(Value::String(r)), Some(anchor)) = (s.get("$recursiveRef"), anchor)
        && r == "#"
        && !s.contains_key("$ref")
    {
        s.insert("$ref".into(), json!(anchor));
    }
}

/// Rule 4 for one bound: numeric `exclusive: n` -> `bound: n` and
/// `exclusive: true`. If `bound` is there too, the tighter of the two wins
/// (`tighter(n, bound)` says whether `n` is).
pub(super) fn exclusive_bound(
    s: &mut Map<String, Value>,
    exclusive: &str,
    bound: &str,
    tighter: fn(f64, f64) -> bool,
) {
    let Some(Value::Number(n)) = s.get(exclusive) else {
        return;
    };
    let n = n.clone();
    let keep_exclusive = match s.get(bound).and_then(Value::as_f64) {
        Some(old) => n.as_f64().is_some_and(|new| tighter(new, old)),
        None => true,
    };
    if keep_exclusive {
        s.insert(bound.into(), Value::Number(n));
        s.insert(exclusive.into(), json!(true));
    } else {
        take(s, exclusive);
    }
}

/// Rule 6 for a property (or a parameter's schema) that is a `$ref` with
/// only a `description` (or a `summary`) beside it: `{allOf: [{$ref: X}], description: ..}`, so that
/// the description documents the field (a one-member `allOf` is the member's
/// type, no new one). In 3.0 as well: a doc comment changes no type.
pub(super) fn property_ref_doc(s: &mut Map<String, Value>) {
    if !s.get("$ref").is_some_and(Value::is_string)
        || s.len() < 2
        || !s
            .keys()
            .all(|k| matches!(k.as_str(), "$ref" | "description" | "summary"))
    {
        return;
    }
    let doc = take(s, "description").or_else(|| take(s, "summary"));
    let reference = take(s, "$ref");
    s.clear();
    s.insert("allOf".into(), json!([{ "$ref": reference }]));
    if let Some(doc) = doc {
        s.insert("description".into(), doc);
    }
}

/// Rule 13: an `enum` (or a `const`, by now a one-value `enum`) without
/// `type` or other keywords that would say it, whose values other than
/// null are all of one JSON type, gets that type: `const: 2` is an integer,
/// not any value. A null among the values makes it `nullable`.
pub(super) fn enum_type(s: &mut Map<String, Value>) {
    const SHAPED: [&str; 8] = [
        "type",
        "allOf",
        "oneOf",
        "anyOf",
        "not",
        "properties",
        "items",
        "additionalProperties",
    ];
    if SHAPED.iter().any(|k| s.contains_key(*k)) {
        return;
    }
    let Some(Value::Array(values)) = s.get("enum") else {
        return;
    };
    let present: Vec<&Value> = values.iter().filter(|v| !v.is_null()).collect();
    let ty = if present.is_empty() {
        return;
    } else if present.iter().all(|v| v.is_string()) {
        "string"
    } else if present.iter().all(|v| v.is_boolean()) {
        "boolean"
    } else if present.iter().all(|v| v.is_i64()) {
        "integer"
    } else if present.iter().all(|v| v.is_number()) {
        "number"
    } else {
        return;
    };
    let nullable = present.len() < values.len();
    s.insert("type".into(), json!(ty));
    if nullable {
        s.insert("nullable".into(), json!(true));
    }
}

/// A schema that admits only null, once lowered: `enum: [null]`, with nothing
/// beside it but `nullable` and documentation.
pub(super) fn is_null_schema(v: &Value) -> bool {
    let Some(s) = v.as_object() else {
        return false;
    };
    s.get("enum") == Some(&json!([null]))
        && s.keys()
            .all(|k| matches!(k.as_str(), "enum" | "nullable" | "description" | "title"))
}

/// Removes `key` from `m`, keeping the order of the other keys (with serde_json's
/// `preserve_order` feature, `Map::remove` would swap the last key into its place).
pub(super) fn take(m: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let value = m.get_mut(key).map(Value::take)?;
    m.retain(|k, _| k != key);
    Some(value)
}
