//! Lowering: rewrites an OpenAPI 3.1 document, in place, into the OpenAPI 3.0
//! shape that the `openapiv3` crate (2.2) deserializes, keeping everything a
//! client needs.
//!
//! The rewrite is done on the `serde_json::Value` tree before `openapiv3`
//! sees it. Every change is local: a keyword is replaced by its 3.0 spelling
//! where it stands, nothing is moved to another place, so JSON pointers into
//! the original file stay valid for error messages. (Two exceptions: a path
//! item that is a `$ref` into 3.1 `components.pathItems` is replaced by a copy
//! of its target, because `openapiv3` cannot hold `pathItems`; and so is a
//! parameter, response, ... that is a `$ref` to a place outside
//! `#/components`, rule 15.)
//!
//! The walk knows where Schema Objects can appear (component schemas,
//! parameter/header/media-type `schema`, and the subschema keywords inside a
//! schema) and applies the schema rules only there: a property that happens to
//! be named `type`, `$ref` or `const` is never mistaken for a keyword, and
//! media-type `examples` (a map of Example Objects) is left alone.
//!
//! 3.0 documents go through the same walk. Every schema rule except the `$ref`
//! sibling rule only fires on keywords or forms that 3.0 does not have
//! (`const`, type lists, boolean schemas, ...), so a valid 3.0 document comes
//! out unchanged but for the `type` an untyped `enum`'s values imply (rule
//! 13), and an invalid one that uses a 3.1-ism (or a draft-3 boolean
//! `required`, rule 12) gets the same fix.

mod schema_rules;
#[cfg(test)]
mod tests;
mod walk;

use crate::error::{Error, fragment_pointer};
use crate::read::kind;
use schema_rules::take;
use serde_json::{Map, Value, json};
use walk::Walker;

/// Rewrites `doc` (an OpenAPI 3.0.x or 3.1.x document) in place so that
/// `serde_json::from_value::<openapiv3::OpenAPI>` reads it without losing
/// what a client needs. See the module docs and the rule comments below.
///
/// Errors: `openapi` missing, not a string or not 3.0.x/3.1.x (at
/// `#/openapi`); a schema position holding something that is neither a
/// mapping nor a boolean; schemas nested more than
/// [`SCHEMA_DEPTH`](crate::limits::SCHEMA_DEPTH) levels deep; a path
/// item `$ref` to a missing `components.pathItems` entry; a local `$ref`
/// (to a schema, parameter, request body, response, header or callback)
/// that resolves to nothing, at the `$ref`'s place; copies of what `$ref`s
/// outside `#/components` name that would outgrow the document.
pub fn lower(doc: &mut Value, file: &str) -> Result<(), Error> {
    let refs = rewrite(doc, file)?;
    // Rule 14: every local `$ref` the walk met resolves (checked on the
    // lowered document, whose keys are the original ones but for the
    // keywords lowering rewrites; the fragment percent-decoded). The first
    // that does not is the error.
    let missing = refs.iter().find(|r| {
        r.target.starts_with('#')
            && fragment_pointer(&r.target).is_none_or(|p| doc.pointer(&p).is_none())
    });
    if let Some(r) = missing {
        return Err(Error::at(file, r.at.as_str(), dangling(&r.target)));
    }
    inline_refs_outside_components(doc, file, &refs)
}

/// Rule 15: a parameter, header, request body, response, callback or path
/// item that is a `$ref` to a place outside `#/components` (Codat's specs
/// share a parameter as `#/paths/~1a~1%7Bid%7D/get/parameters/2`) is
/// replaced by a copy of what it names, following a chain of such
/// references. The later stages read references into `#/components` only.
/// The copies together may be as large as the document, no larger, so a
/// spec cannot make them grow it without bound.
fn inline_refs_outside_components(doc: &mut Value, file: &str, refs: &[Ref]) -> Result<(), Error> {
    let outside = |target: &str| target.starts_with("#/") && !target.starts_with("#/components/");
    if !refs.iter().any(|r| r.copyable && outside(&r.target)) {
        return Ok(());
    }
    let mut budget = nodes(doc);
    for r in refs.iter().filter(|r| r.copyable && outside(&r.target)) {
        let mut target = r.target.as_str();
        let mut copy = None;
        for _ in 0..32 {
            let found = fragment_pointer(target).and_then(|p| doc.pointer(&p));
            match found.and_then(|v| v.get("$ref")).and_then(Value::as_str) {
                Some(next) if outside(next) => target = next,
                _ => {
                    copy = found.cloned();
                    break;
                }
            }
        }
        let Some(copy) = copy else {
            return Err(Error::at(
                file,
                r.at.as_str(),
                format!(
                    "`$ref: {}`: the references form a cycle or resolve to nothing",
                    r.target
                ),
            ));
        };
        budget = budget.checked_sub(nodes(&copy)).ok_or_else(|| {
            Error::at(
                file,
                r.at.as_str(),
                "the copies of what `$ref`s outside `#/components` name would be larger than the document",
            )
        })?;
        let at = r.at.strip_prefix('#').unwrap_or_default();
        if let Some(place) = doc.pointer_mut(at) {
            *place = copy;
        }
    }
    Ok(())
}

/// How many values `v` holds, itself included.
fn nodes(v: &Value) -> usize {
    match v {
        Value::Array(items) => 1 + items.iter().map(nodes).sum::<usize>(),
        Value::Object(map) => 1 + map.values().map(nodes).sum::<usize>(),
        _ => 1,
    }
}

/// The rewrite of [`lower`] (rules 1 to 13); returns the `$ref`s met, each
/// with its place.
fn rewrite(doc: &mut Value, file: &str) -> Result<Vec<Ref>, Error> {
    let Some(root) = doc.as_object_mut() else {
        return Err(Error::at(
            file,
            "#",
            format!(
                "expected an OpenAPI document (a mapping), found {}",
                kind(doc)
            ),
        ));
    };
    let v31 = version(root, file)?;
    let mut w = Walker {
        file,
        v31,
        path_items: Map::new(),
        refs: Vec::new(),
        property: false,
    };
    w.document(root)?;

    if v31 {
        // Rule 10: what is left at the top level. `openapiv3` does not check the
        // version string, but later stages should see the dialect they get.
        root.insert("openapi".into(), json!("3.0.3"));
        // `webhooks`, `info.summary` and `info.license.identifier` stay: openapiv3
        // ignores unknown keys there (only `x-` keys are kept as extensions).
        take(root, "jsonSchemaDialect");
    }
    // `paths` is optional in 3.1 (a document may have only webhooks or only
    // components), required by openapiv3.
    if !root.contains_key("paths") {
        root.insert("paths".into(), json!({}));
    }
    Ok(w.refs)
}

/// Checks `openapi` and says whether the document is 3.1.
fn version(root: &Map<String, Value>, file: &str) -> Result<bool, Error> {
    const SUPPORTED: &str = "supported versions are 3.0.x and 3.1.x";
    let ptr = "#/openapi";
    let s = match root.get("openapi") {
        Some(Value::String(s)) => s,
        Some(other) => {
            return Err(Error::at(
                file,
                ptr,
                format!(
                    "`openapi` must be a version string such as \"3.1.0\" (quote it in YAML), found {}; {SUPPORTED}",
                    kind(other)
                ),
            ));
        }
        None if root.contains_key("swagger") => {
            return Err(Error::at(
                file,
                ptr,
                format!("this is a Swagger 2.0 document (no `openapi` field); {SUPPORTED}"),
            ));
        }
        None => {
            return Err(Error::at(
                file,
                ptr,
                format!("missing `openapi` version field; {SUPPORTED}"),
            ));
        }
    };
    let mut parts = s.splitn(3, '.');
    let patch_ok = |p: &str| p.starts_with(|c: char| c.is_ascii_digit());
    match (parts.next(), parts.next(), parts.next()) {
        (Some("3"), Some("0"), Some(p)) if patch_ok(p) => Ok(false),
        (Some("3"), Some("1"), Some(p)) if patch_ok(p) => Ok(true),
        _ => Err(Error::at(
            file,
            ptr,
            format!("unsupported OpenAPI version \"{s}\"; {SUPPORTED}"),
        )),
    }
}

/// A `$ref` the walk met.
pub(super) struct Ref {
    /// Where it stands: the pointer of the object that holds it.
    at: String,
    /// What it names, as written.
    target: String,
    /// Whether it stands for a whole parameter, header, request body,
    /// response, callback or path item (not a schema), which a copy of its
    /// target can replace where it stands.
    copyable: bool,
}

/// Rule 14: the message for a `$ref` to nothing.
fn dangling(target: &str) -> String {
    const KINDS: [(&str, &str); 6] = [
        ("schemas", "schema"),
        ("parameters", "parameter"),
        ("requestBodies", "request body"),
        ("responses", "response"),
        ("headers", "header"),
        ("callbacks", "callback"),
    ];
    let kind = target.strip_prefix("#/components/").and_then(|rest| {
        let (kind, name) = rest.split_once('/')?;
        let (_, what) = KINDS.iter().find(|(k, _)| *k == kind)?;
        (!name.contains('/')).then_some(*what)
    });
    match kind {
        Some(what) => {
            format!("`$ref: {target}` resolves to nothing: there is no such component {what}")
        }
        None => format!("`$ref: {target}` resolves to nothing in this document"),
    }
}
