//! Lowered document -> `openapiv3::OpenAPI`, with a precise pointer when it
//! does not fit.
//!
//! serde loses track of where it is inside `#[serde(flatten)]` types, which
//! openapiv3 uses at every level (for `x-` extensions), so a bad response
//! deep in a path would only be reported at `#/paths`. On failure this tries
//! the parts one by one (path items, operations, their parameters, bodies
//! and responses, component entries) and reports the deepest part that fails.

use openapiv3::{
    OpenAPI, Operation, Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema,
};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::{Error, child};
use crate::read::METHODS;

pub fn parse(doc: &Value, file: &str) -> Result<OpenAPI, Error> {
    // Tracking the path costs a third of the time on a large spec: only a
    // document that fails pays for it.
    if let Ok(spec) = OpenAPI::deserialize(doc) {
        return Ok(spec);
    }
    serde_path_to_error::deserialize::<_, OpenAPI>(doc).map_err(|e| {
        let (pointer, message) =
            locate(doc).unwrap_or_else(|| (path_to_pointer("#", e.path()), e.inner().to_string()));
        Error::at(
            file,
            pointer,
            format!("not a valid OpenAPI document: {message}"),
        )
    })
}

/// Deserializes one part; on failure, its pointer and the message.
fn check<T: DeserializeOwned>(value: &Value, pointer: &str) -> Option<(String, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => None,
        Err(e) => Some((path_to_pointer(pointer, e.path()), e.inner().to_string())),
    }
}

/// The deepest part of the document that does not deserialize, if any.
fn locate(doc: &Value) -> Option<(String, String)> {
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let item_pointer = child("#/paths", path);
            let Some(failure) = check::<ReferenceOr<PathItem>>(item, &item_pointer) else {
                continue;
            };
            for method in &METHODS {
                if let Some(op) = item.get(*method) {
                    let op_pointer = child(&item_pointer, method);
                    if check::<Operation>(op, &op_pointer).is_some() {
                        return Some(locate_in_operation(op, &op_pointer).unwrap_or(failure));
                    }
                }
            }
            if let Some(params) = item.get("parameters").and_then(Value::as_array) {
                let list = child(&item_pointer, "parameters");
                for (i, p) in params.iter().enumerate() {
                    if let Some(found) =
                        check::<ReferenceOr<Parameter>>(p, &child(&list, &i.to_string()))
                    {
                        return Some(found);
                    }
                }
            }
            return Some(failure);
        }
    }
    let components = doc.get("components")?;
    for (kind, checker) in [
        (
            "schemas",
            check::<ReferenceOr<Schema>> as fn(&Value, &str) -> Option<(String, String)>,
        ),
        ("parameters", check::<ReferenceOr<Parameter>>),
        ("requestBodies", check::<ReferenceOr<RequestBody>>),
        ("responses", check::<ReferenceOr<Response>>),
    ] {
        if let Some(entries) = components.get(kind).and_then(Value::as_object) {
            let base = child("#/components", kind);
            for (name, entry) in entries {
                if let Some(found) = checker(entry, &child(&base, name)) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn locate_in_operation(op: &Value, pointer: &str) -> Option<(String, String)> {
    if let Some(params) = op.get("parameters").and_then(Value::as_array) {
        let list = child(pointer, "parameters");
        for (i, p) in params.iter().enumerate() {
            if let Some(found) = check::<ReferenceOr<Parameter>>(p, &child(&list, &i.to_string())) {
                return Some(found);
            }
        }
    }
    if let Some(body) = op.get("requestBody")
        && let Some(found) = check::<ReferenceOr<RequestBody>>(body, &child(pointer, "requestBody"))
    {
        return Some(found);
    }
    let responses = op.get("responses")?;
    let responses_pointer = child(pointer, "responses");
    match responses.as_object() {
        Some(map) => map.iter().find_map(|(status, response)| {
            if status.starts_with("x-") {
                return None;
            }
            check::<ReferenceOr<Response>>(response, &child(&responses_pointer, status))
        }),
        None => Some((
            responses_pointer,
            format!("expected a map of responses, found {responses}"),
        )),
    }
}

/// serde_path_to_error's path below `base`, as a JSON pointer.
fn path_to_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = base.to_string();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer = child(&pointer, &index.to_string()),
            Segment::Map { key } => pointer = child(&pointer, key),
            Segment::Enum { variant } => pointer = child(&pointer, variant),
            Segment::Unknown => {}
        }
    }
    pointer
}

/// Checks that openapiv3 reads the Schema Object `s` standing at `pointer`,
/// its subschemas aside (each is checked where it stands); on failure, the
/// pointer and the message.
///
/// openapiv3 reads a schema through `#[serde(flatten)]` and untagged enums
/// that, when something inside a subschema fails, read the subschemas again:
/// an error 25 schemas deep took 2^25 attempts, minutes where a valid
/// document takes milliseconds (found by the fuzzer). The lowering walk calls
/// this on every schema, innermost first, so that the schemas openapiv3 is
/// given all read at the first attempt and a bad one is reported where it
/// stands. Each subschema is replaced by `{}` (any value) for the check, so
/// it costs one shallow read per schema.
pub(crate) fn schema_fields(
    s: &serde_json::Map<String, Value>,
    pointer: &str,
) -> Result<(), (String, String)> {
    let empty = || Value::Object(serde_json::Map::new());
    let shallow: serde_json::Map<String, Value> = s
        .iter()
        .map(|(key, value)| {
            let value = match (key.as_str(), value) {
                ("properties", Value::Object(props)) => {
                    Value::Object(props.keys().map(|name| (name.clone(), empty())).collect())
                }
                ("items" | "not" | "additionalProperties", Value::Object(_)) => empty(),
                ("allOf" | "oneOf" | "anyOf", Value::Array(list)) => {
                    Value::Array(list.iter().map(|_| empty()).collect())
                }
                _ => value.clone(),
            };
            (key.clone(), value)
        })
        .collect();
    let shallow = Value::Object(shallow);
    // Plainly first; the path tracking that finds the pointer only on
    // failure (it doubles the cost of a read).
    if Schema::deserialize(&shallow).is_ok() {
        return Ok(());
    }
    match check::<Schema>(&shallow, pointer) {
        None => Ok(()),
        Some(failure) => Err(failure),
    }
}

/// One Path Item Object standing at `pointer` outside `paths` (a webhook),
/// with the same precise pointer as [`parse`] on failure.
pub(crate) fn path_item(
    item: &Value,
    pointer: &str,
) -> Result<ReferenceOr<PathItem>, (String, String)> {
    match serde_path_to_error::deserialize::<_, ReferenceOr<PathItem>>(item) {
        Ok(item) => Ok(item),
        Err(e) => {
            let failure = (path_to_pointer(pointer, e.path()), e.inner().to_string());
            for method in &METHODS {
                if let Some(op) = item.get(*method) {
                    let op_pointer = child(pointer, method);
                    if let Some(found) = check::<Operation>(op, &op_pointer) {
                        return Err(locate_in_operation(op, &op_pointer).unwrap_or(found));
                    }
                }
            }
            Err(failure)
        }
    }
}
