//! Reading a spec file: YAML or JSON text into a `serde_json::Value`.
//!
//! Everything after this step works on `serde_json::Value`, whatever the file
//! was written in. JSON text (first non-blank character `{`) goes through
//! serde_json, which is much faster and gives better messages; anything else
//! through serde_yaml. Both parsers stop at 128 levels of nesting, so an
//! absurdly deep document is an error, not a stack overflow.

use crate::error::Error;
use crate::limits::TEXT_DEPTH;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// The operation keys of a Path Item Object, in the order OpenAPI lists them.
pub(crate) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Parses an OpenAPI document given as YAML or JSON text.
///
/// `file` is only used in error messages. The result is always a JSON object
/// (mapping); YAML map keys that are not strings (`200:`, `true:`) become
/// string keys spelled as in the source (`"200"`), YAML anchors and aliases
/// are expanded.
///
/// Errors: empty text, text that is not valid YAML/JSON (the message has the
/// line and column), nesting deeper than the parsers allow, and a document
/// whose top level is not a mapping.
pub fn read(text: &str, file: &str) -> Result<Value, Error> {
    // A UTF-8 byte order mark is not whitespace to either parser.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = if text.trim_start().starts_with('{') {
        match serde_json::from_str::<Value>(text) {
            Ok(v) => v,
            // Flow-style YAML can also start with `{` (and JSON with comments or
            // trailing commas is still YAML): try YAML before giving up, but
            // report the JSON error, which is the one that fits the file.
            Err(json_err) => match serde_yaml::from_str::<YamlValue>(text) {
                Ok(v) => v.0,
                Err(_) => return Err(Error::file(file, json_message(&json_err))),
            },
        }
    } else {
        serde_yaml::from_str::<YamlValue>(text)
            .map_err(|e| Error::file(file, yaml_message(&e)))?
            .0
    };
    match value {
        Value::Object(_) => Ok(value),
        Value::Null => Err(Error::file(
            file,
            "the file is empty: expected an OpenAPI document",
        )),
        other => Err(Error::file(
            file,
            format!(
                "expected a mapping (an OpenAPI document) at the top level, found {}",
                kind(&other)
            ),
        )),
    }
}

/// A `serde_json::Value` read from YAML.
///
/// Deserializing straight into `serde_json::Value` almost works (serde_yaml
/// hands plain scalar map keys such as `200:` over as strings, so they become
/// the key "200"), but it rejects integers outside the i64/u64 range with
/// "JSON number out of range", and real specs have them: DigitalOcean's
/// `maximum: 18446744073709552000`, OpenAI's `minimum: -9223372036854776000`
/// (2^64 and -2^63 as printed by JavaScript). Like serde_json does for JSON
/// text, they are kept as floats here. `.nan` and `.inf` become null, as
/// serde_json has no number for them.
struct YamlValue(Value);

impl<'de> Deserialize<'de> for YamlValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(YamlVisitor).map(YamlValue)
    }
}

struct YamlVisitor;

impl<'de> Visitor<'de> for YamlVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a YAML value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Value, E> {
        Ok(i64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Value, E> {
        Ok(u64::try_from(v).map_or_else(|_| float(v as f64), Value::from))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        YamlValue::deserialize(d).map(|v| v.0)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut list = Vec::new();
        while let Some(YamlValue(v)) = seq.next_element()? {
            list.push(v);
        }
        Ok(Value::Array(list))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut m = Map::new();
        // Keys are asked for as strings: serde_yaml gives `200`, `true`, `~`
        // as written, and rejects a list or mapping used as a key.
        while let Some((k, YamlValue(v))) = map.next_entry::<String, YamlValue>()? {
            m.insert(k, v);
        }
        Ok(Value::Object(m))
    }
}

fn float(v: f64) -> Value {
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// A one-line message for a serde_json error, with line and column.
fn json_message(e: &serde_json::Error) -> String {
    // serde_json's Display already ends in "at line L column C".
    let msg = one_line(&e.to_string());
    if msg.starts_with("recursion limit exceeded") {
        format!(
            "invalid JSON: nested more than {TEXT_DEPTH} levels deep at line {} column {}",
            e.line(),
            e.column()
        )
    } else {
        format!("invalid JSON: {msg}")
    }
}

/// A one-line message for a serde_yaml error, with line and column when known.
fn yaml_message(e: &serde_yaml::Error) -> String {
    let msg = one_line(&e.to_string());
    let at = e
        .location()
        .map(|l| format!(" at line {} column {}", l.line(), l.column()))
        .unwrap_or_default();
    if msg.contains("recursion limit exceeded") {
        format!("invalid YAML: nested more than {TEXT_DEPTH} levels deep{at}")
    } else if !at.is_empty() && !msg.contains(" at line ") {
        format!("invalid YAML: {msg}{at}")
    } else {
        format!("invalid YAML: {msg}")
    }
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "a string", "a list", ... for messages.
pub(crate) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn yaml_document() {
        let v = read("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n", "a.yml").unwrap();
        assert_eq!(
            v,
            json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}})
        );
    }

    #[test]
    fn json_document() {
        let v = read("  {\"openapi\": \"3.0.3\", \"paths\": {}}", "a.json").unwrap();
        assert_eq!(v, json!({"openapi": "3.0.3", "paths": {}}));
    }

    #[test]
    fn byte_order_mark_is_skipped() {
        let v = read("\u{feff}{\"a\": 1}", "a.json").unwrap();
        assert_eq!(v, json!({"a": 1}));
    }

    #[test]
    fn integer_and_bool_keys_become_strings() {
        let v = read("responses:\n  200: {description: ok}\n  true: x\n", "a.yml").unwrap();
        assert_eq!(
            v,
            json!({"responses": {"200": {"description": "ok"}, "true": "x"}})
        );
    }

    #[test]
    fn integers_out_of_range_become_floats() {
        let v = read(
            "a: 18446744073709552000\nb: -9223372036854776000\nc: 7\nd: .nan\n",
            "n.yml",
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"a": 18446744073709552000.0, "b": -9223372036854776000.0, "c": 7, "d": null})
        );
    }

    #[test]
    fn non_scalar_keys_are_an_error() {
        let e = read("? [1, 2]\n: x\n", "k.yml").unwrap_err();
        assert!(e.message.starts_with("invalid YAML: "), "{}", e.message);
    }

    #[test]
    fn aliases_are_expanded() {
        let v = read("a: &s {type: string}\nb: *s\n", "a.yml").unwrap();
        assert_eq!(v, json!({"a": {"type": "string"}, "b": {"type": "string"}}));
    }

    #[test]
    fn flow_yaml_starting_with_brace_falls_back_to_yaml() {
        // Not JSON (unquoted keys), but valid flow-style YAML.
        let v = read("{a: 1, b: [x, y]}", "a.yml").unwrap();
        assert_eq!(v, json!({"a": 1, "b": ["x", "y"]}));
    }

    #[test]
    fn invalid_yaml_reports_line_and_column() {
        let e = read("a: [1,\n  b\nc: d\n", "bad.yml").unwrap_err();
        assert_eq!(e.file, "bad.yml");
        assert_eq!(e.pointer, "");
        assert!(e.message.starts_with("invalid YAML: "), "{}", e.message);
        assert!(e.message.contains("line 3 column"), "{}", e.message);
        assert!(!e.message.contains('\n'));
    }

    #[test]
    fn invalid_json_reports_line_and_column() {
        let e = read("{\n  \"a\": 1,\n  \"b\" 2\n}", "bad.json").unwrap_err();
        assert_eq!(e.message, "invalid JSON: expected `:` at line 3 column 7");
    }

    #[test]
    fn empty_text_is_an_error() {
        for text in ["", "   \n", "# just a comment\n"] {
            let e = read(text, "e.yml").unwrap_err();
            assert_eq!(e.message, "the file is empty: expected an OpenAPI document");
        }
    }

    #[test]
    fn top_level_must_be_a_mapping() {
        let e = read("- a\n- b\n", "l.yml").unwrap_err();
        assert_eq!(
            e.message,
            "expected a mapping (an OpenAPI document) at the top level, found a list"
        );
        let e = read("just text", "s.yml").unwrap_err();
        assert!(e.message.ends_with("found a string"), "{}", e.message);
    }

    #[test]
    fn absurd_nesting_is_a_clear_error() {
        let yaml = format!("a: {}", "[".repeat(500));
        let e = read(&yaml, "deep.yml").unwrap_err();
        assert!(
            e.message
                .starts_with("invalid YAML: nested more than 128 levels deep at line 1"),
            "{}",
            e.message
        );
        let json = format!("{{\"a\": {}", "[".repeat(500));
        let e = read(&json, "deep.json").unwrap_err();
        assert!(
            e.message
                .starts_with("invalid JSON: nested more than 128 levels deep at line 1"),
            "{}",
            e.message
        );
    }

    #[test]
    fn several_yaml_documents_are_an_error() {
        let e = read("a: 1\n---\nb: 2\n", "m.yml").unwrap_err();
        assert!(e.message.starts_with("invalid YAML: "), "{}", e.message);
    }
}
