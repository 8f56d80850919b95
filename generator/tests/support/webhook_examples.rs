//! Every webhook's example from a spec: shared by
//! generator/tests/webhook_events.rs (crates generated from fixture and
//! corpus specs) and the root package's tests/webhook_examples.rs (the
//! committed `whop` crate).

use serde_json::{Map, Value};

/// (webhook name, JSON example) for every webhook with a JSON body: the
/// media type's `example`/`examples` when it has one, else assembled from
/// the payload schema's examples.
pub fn examples(text: &str, file: &str) -> Result<Vec<(String, String)>, String> {
    let doc = generator::read(text, file).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for key in ["webhooks", "x-webhooks"] {
        let Some(hooks) = doc.get(key).and_then(Value::as_object) else {
            continue;
        };
        for (name, item) in hooks {
            let Some(op) = item.get("post") else { continue };
            let Some(body) = op.get("requestBody") else {
                continue;
            };
            let body = resolve(&doc, body);
            let Some(media) = body.get("content").and_then(|c| c.get("application/json")) else {
                continue;
            };
            let example = media
                .get("example")
                .cloned()
                .or_else(|| {
                    media
                        .get("examples")
                        .and_then(Value::as_object)
                        .and_then(|m| m.values().next())
                        .and_then(|e| resolve(&doc, e).get("value").cloned())
                })
                .or_else(|| media.get("schema").and_then(|s| example_of(&doc, s, 0)))
                .ok_or_else(|| format!("webhook `{name}` has no example"))?;
            out.push((name.clone(), example.to_string()));
        }
    }
    Ok(out)
}

/// Follows a local `$ref`.
fn resolve<'a>(doc: &'a Value, value: &'a Value) -> &'a Value {
    let mut value = value;
    for _ in 0..16 {
        match value.get("$ref").and_then(Value::as_str) {
            Some(r) => match r.strip_prefix('#').and_then(|p| doc.pointer(p)) {
                Some(target) => value = target,
                None => return value,
            },
            None => return value,
        }
    }
    value
}

/// An instance of a schema from its examples (or, for what has none, a
/// plain value of its type).
fn example_of(doc: &Value, schema: &Value, depth: usize) -> Option<Value> {
    if depth > 16 {
        return None;
    }
    let schema = resolve(doc, schema);
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    if let Some(first) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
    {
        return Some(first.clone());
    }
    if let Some(value) = schema.get("const") {
        return Some(value.clone());
    }
    if let Some(value) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|a| a.iter().find(|v| !v.is_null()))
    {
        return Some(value.clone());
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for member in members {
            if let Some(Value::Object(part)) = example_of(doc, member, depth + 1) {
                merged.extend(part);
            }
        }
        return Some(Value::Object(merged));
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
            return branches
                .iter()
                .filter(|b| resolve(doc, b).get("type") != Some(&Value::from("null")))
                .find_map(|b| example_of(doc, b, depth + 1))
                .or(Some(Value::Null));
        }
    }
    let ty = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ => return Some(Value::Null),
    };
    Some(match ty {
        "object" => {
            let mut object = Map::new();
            for (key, property) in schema
                .get("properties")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let Some(value) = example_of(doc, property, depth + 1) {
                    object.insert(key.clone(), value);
                }
            }
            Value::Object(object)
        }
        "array" => Value::Array(
            schema
                .get("items")
                .and_then(|items| example_of(doc, items, depth + 1))
                .into_iter()
                .collect(),
        ),
        "string" if schema.get("format") == Some(&Value::from("date-time")) => {
            Value::from("2025-01-01T00:00:00Z")
        }
        "string" => Value::from("string"),
        "integer" => Value::from(1),
        "number" => Value::from(1.5),
        "boolean" => Value::from(true),
        _ => Value::Null,
    })
}
