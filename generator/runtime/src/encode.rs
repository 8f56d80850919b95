//! How values that are not plain text are written into a request: query
//! parameters of `style: form` and `deepObject`, path and header values of
//! `style: simple`, and bodies that are not JSON (form-urlencoded,
//! multipart). Each goes through the value's JSON form, so every type of the
//! crate's models can be sent.
//!
//! Conventions, for what OpenAPI leaves open: `null` values are left out;
//! values nested inside a `form` array or object are written as JSON text;
//! `deepObject` and form bodies write nested objects as `a[b][c]=v` and
//! arrays with indices, `a[0]=v` (what Stripe and `qs` read).

#![allow(dead_code)] // each part is used by the operations that need it

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde_json::Value;

use crate::error::{Error, Result};

/// `value` as JSON; `what` names it in the error.
fn to_json<T: Serialize + ?Sized>(what: &str, value: &T) -> Result<Value> {
    serde_json::to_value(value)
        .map_err(|e| Error::invalid(format!("{what} could not be encoded: {e}")))
}

/// The text of a value inside a parameter: strings as they are, other
/// values as JSON text, `null` as nothing.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(text) => Some(text.clone()),
        other => Some(other.to_string()),
    }
}

/// The query pairs of parameter `name` in `style: form`: scalars as
/// `name=v`; arrays as `name=a&name=b` (explode) or `name=a,b`; objects as
/// `key=v` per property (explode) or `name=key,v,key2,v2`.
pub(crate) fn form_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
    explode: bool,
) -> Result<Vec<(String, String)>> {
    let value = to_json(&format!("query parameter `{name}`"), value)?;
    let mut pairs = Vec::new();
    match &value {
        Value::Array(items) if explode => {
            pairs.extend(items.iter().filter_map(text).map(|t| (name.to_string(), t)));
        }
        Value::Object(fields) if explode => {
            pairs.extend(
                fields
                    .iter()
                    .filter_map(|(key, v)| text(v).map(|t| (key.clone(), t))),
            );
        }
        other => {
            let parts = simple_parts(other);
            if !parts.is_empty() {
                pairs.push((name.to_string(), parts.join(",")));
            }
        }
    }
    Ok(pairs)
}

/// The query pairs of parameter `name` in `style: deepObject`:
/// `name[key]=v`, nested as `name[key][sub]=v` and `name[key][0]=v`.
pub(crate) fn deep_object_pairs<T: Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<Vec<(String, String)>> {
    let value = to_json(&format!("query parameter `{name}`"), value)?;
    let mut pairs = Vec::new();
    nested(name.to_string(), &value, &mut pairs);
    Ok(pairs)
}

fn nested(key: String, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(fields) => {
            for (name, v) in fields {
                nested(format!("{key}[{name}]"), v, pairs);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                nested(format!("{key}[{i}]"), v, pairs);
            }
        }
        other => pairs.extend(text(other).map(|t| (key, t))),
    }
}

/// A path or header value in `style: simple`: scalars as text, arrays as
/// `a,b`, objects as `key,v,key2,v2`.
pub(crate) fn simple_text<T: Serialize + ?Sized>(name: &str, value: &T) -> Result<String> {
    let value = to_json(&format!("parameter `{name}`"), value)?;
    Ok(simple_parts(&value).join(","))
}

/// The comma-separated parts of a value written whole (`style: simple`,
/// and `form` without explode): a scalar's text, each item of an array,
/// `key,v` for each property of an object; `null`s left out.
fn simple_parts(value: &Value) -> Vec<String> {
    match value {
        Value::Array(items) => items.iter().filter_map(text).collect(),
        Value::Object(fields) => fields
            .iter()
            .filter_map(|(key, v)| text(v).map(|t| format!("{key},{t}")))
            .collect(),
        other => text(other).into_iter().collect(),
    }
}

/// Characters written as they are in `application/x-www-form-urlencoded`.
const FORM: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

/// Appends `key=value` pairs, percent-encoded, to a form body.
pub(crate) fn append_form(body: &mut Vec<u8>, pairs: &[(String, String)]) {
    for (key, value) in pairs {
        if !body.is_empty() {
            body.push(b'&');
        }
        body.extend(utf8_percent_encode(key, FORM).flat_map(str::bytes));
        body.push(b'=');
        body.extend(utf8_percent_encode(value, FORM).flat_map(str::bytes));
    }
}

/// The pairs of a form body: each property of the object, nested values
/// as `key[sub]=v` and `key[0]=v`.
pub(crate) fn form_body_pairs<T: Serialize + ?Sized>(body: &T) -> Result<Vec<(String, String)>> {
    let mut pairs = Vec::new();
    match to_json("the request body", body)? {
        Value::Object(fields) => {
            for (key, value) in &fields {
                nested(key.clone(), value, &mut pairs);
            }
        }
        Value::Null => {}
        _ => {
            return Err(Error::invalid(
                "a form-urlencoded request body must be an object",
            ));
        }
    }
    Ok(pairs)
}

/// A `multipart/form-data` body: text fields and files, in order. For
/// example `Multipart::new().text("purpose", "upload").file("file",
/// "notes.txt", "text/plain", bytes)`; the operation's documentation names
/// the fields the API reads.
#[derive(Debug, Clone, Default)]
pub struct Multipart {
    parts: Vec<Part>,
}

#[derive(Debug, Clone)]
struct Part {
    name: String,
    file: Option<(String, String)>,
    data: Vec<u8>,
}

impl Multipart {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// Adds a file: its field name, file name, media type and content.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        media_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: Some((file_name.into(), media_type.into())),
            data: data.into(),
        });
        self
    }

    /// The `Content-Type` (with its boundary) and the body.
    pub(crate) fn encode(&self) -> (String, Vec<u8>) {
        let boundary = loop {
            let candidate: String = std::iter::repeat_with(fastrand::alphanumeric)
                .take(32)
                .collect();
            let needle = candidate.as_bytes();
            if !self
                .parts
                .iter()
                .any(|p| p.data.windows(needle.len()).any(|w| w == needle))
            {
                break candidate;
            }
        };
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!(
                "Content-Disposition: form-data; name=\"{}\"",
                quoted(&part.name)
            );
            if let Some((file_name, media_type)) = &part.file {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
                let media_type: String = media_type.chars().filter(|c| !c.is_control()).collect();
                disposition.push_str(&format!("\r\nContent-Type: {media_type}"));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

/// A name inside a quoted header parameter, escaped the way browsers do.
fn quoted(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn form_arrays_repeat_or_join() {
        let value = json!(["a", 1, null, true]);
        assert_eq!(
            form_pairs("ids", &value, true).unwrap(),
            pairs(&[("ids", "a"), ("ids", "1"), ("ids", "true")])
        );
        assert_eq!(
            form_pairs("ids", &value, false).unwrap(),
            pairs(&[("ids", "a,1,true")])
        );
        assert!(form_pairs("ids", &json!([]), false).unwrap().is_empty());
    }

    #[test]
    fn form_objects_explode_into_their_properties() {
        // One property each: the order of an object's properties is
        // serde_json's (sorted, or as inserted with `preserve_order`).
        assert_eq!(
            form_pairs("filter", &json!({"role": "admin"}), true).unwrap(),
            pairs(&[("role", "admin")])
        );
        assert_eq!(
            form_pairs("filter", &json!({"age": 3}), false).unwrap(),
            pairs(&[("filter", "age,3")])
        );
    }

    #[test]
    fn null_scalars_are_left_out() {
        assert!(form_pairs("x", &json!(null), true).unwrap().is_empty());
        assert_eq!(
            form_pairs("x", &json!("a b"), true).unwrap(),
            pairs(&[("x", "a b")])
        );
    }

    #[test]
    fn deep_objects_nest_with_brackets_and_indices() {
        let value = json!({"a": {"b": [1, {"c": "d"}]}, "e": null});
        assert_eq!(
            deep_object_pairs("q", &value).unwrap(),
            pairs(&[("q[a][b][0]", "1"), ("q[a][b][1][c]", "d")])
        );
        assert_eq!(
            deep_object_pairs("expand", &json!(["customer", "invoice"])).unwrap(),
            pairs(&[("expand[0]", "customer"), ("expand[1]", "invoice")])
        );
    }

    #[test]
    fn simple_values_join_with_commas() {
        assert_eq!(simple_text("id", &json!([1, 2])).unwrap(), "1,2");
        assert_eq!(simple_text("id", &json!({"k": "v"})).unwrap(), "k,v");
        assert_eq!(simple_text("id", &json!("x")).unwrap(), "x");
    }

    #[test]
    fn form_bodies_encode_nested_objects() {
        let pairs = form_body_pairs(&json!({"name": "a b&c", "metadata": {"k": "ü"}})).unwrap();
        let mut body = Vec::new();
        append_form(&mut body, &pairs);
        let body = String::from_utf8(body).unwrap();
        let mut fields: Vec<&str> = body.split('&').collect();
        fields.sort();
        assert_eq!(fields, ["metadata%5Bk%5D=%C3%BC", "name=a%20b%26c"]);
        assert!(form_body_pairs(&json!([1])).is_err());
    }

    #[test]
    fn multipart_bodies_have_a_boundary_not_in_the_data() {
        let form = Multipart::new().text("a\"b", "value").file(
            "file",
            "x.txt",
            "text/plain",
            b"hello".to_vec(),
        );
        let (content_type, body) = form.encode();
        let boundary = content_type
            .strip_prefix("multipart/form-data; boundary=")
            .unwrap();
        let body = String::from_utf8(body).unwrap();
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"a%22b\"\r\n\r\nvalue\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\
             Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
        );
        assert_eq!(body, expected);
    }
}
