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

use crate::error::{Error, child, fragment_pointer};
use crate::read::kind;
use serde_json::{Map, Value, json};

/// Deepest nesting of schemas inside schemas that is lowered; deeper is an error.
const MAX_SCHEMA_DEPTH: usize = 200;

/// Schemas this deep or deeper (the outermost is 1) are checked one by one
/// as they are lowered (see the end of `Walker::schema`).
const CHECKED_FROM_LEVEL: usize = 4;

/// The operation keys of a Path Item Object.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// JSON Schema keywords that `openapiv3` cannot hold and a client does not
/// need; they are removed from every schema (subschemas under `$defs`,
/// `patternProperties` and `prefixItems` are walked first, so errors in them
/// are still reported). `$recursiveAnchor`/`$recursiveRef` (draft 2019-09,
/// used by OpenAI's spec) are handled before this, see `recursive_ref`.
const DROPPED: [&str; 25] = [
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
fn type_keywords(ty: &str) -> &'static [&'static str] {
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

/// Rewrites `doc` (an OpenAPI 3.0.x or 3.1.x document) in place so that
/// `serde_json::from_value::<openapiv3::OpenAPI>` reads it without losing
/// what a client needs. See the module docs and the rule comments below.
///
/// Errors: `openapi` missing, not a string or not 3.0.x/3.1.x (at
/// `#/openapi`); a schema position holding something that is neither a
/// mapping nor a boolean; schemas nested more than 200 levels deep; a path
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
struct Ref {
    /// Where it stands: the pointer of the object that holds it.
    at: String,
    /// What it names, as written.
    target: String,
    /// Whether it stands for a whole parameter, header, request body,
    /// response, callback or path item (not a schema), which a copy of its
    /// target can replace where it stands.
    copyable: bool,
}

/// The walk over one document.
struct Walker<'a> {
    file: &'a str,
    /// A 3.1 document (`$ref` siblings are meaningful there, ignored in 3.0).
    v31: bool,
    /// `components.pathItems`, already lowered, for inlining path item `$ref`s.
    path_items: Map<String, Value>,
    /// Each `$ref` met, in walk order.
    refs: Vec<Ref>,
    /// Set by the caller of [`Walker::schema`] when the schema is a property.
    property: bool,
}

impl<'a> Walker<'a> {
    fn err(&self, ptr: &str, message: impl Into<String>) -> Error {
        Error::at(self.file, ptr, message)
    }

    fn document(&mut self, root: &mut Map<String, Value>) -> Result<(), Error> {
        if let Some(Value::Object(c)) = root.get_mut("components") {
            self.components(c, "#/components")?;
        }
        for key in ["paths", "webhooks", "x-webhooks"] {
            if let Some(Value::Object(items)) = root.get_mut(key) {
                let ptr = child("#", key);
                for (name, item) in items.iter_mut() {
                    self.path_item(item, &child(&ptr, name))?;
                }
            }
        }
        Ok(())
    }

    fn components(&mut self, c: &mut Map<String, Value>, ptr: &str) -> Result<(), Error> {
        // 3.1 `pathItems` first: path items elsewhere may refer to them. Each is
        // lowered where it stands, then kept aside for inlining and removed,
        // since openapiv3's Components has no place for them.
        if let Some(Value::Object(items)) = c.get_mut("pathItems") {
            let items_ptr = child(ptr, "pathItems");
            for (name, item) in items.iter_mut() {
                // A reference to another entry is resolved when it is used.
                if !item.get("$ref").is_some_and(Value::is_string) {
                    self.path_item(item, &child(&items_ptr, name))?;
                }
            }
            self.path_items = std::mem::take(items);
        }
        take(c, "pathItems");

        for (key, f) in [
            ("schemas", Self::schema_top as WalkFn<'a>),
            ("parameters", Self::parameter),
            ("headers", Self::parameter),
            ("requestBodies", Self::request_body),
            ("responses", Self::response),
            ("callbacks", Self::callback),
        ] {
            if let Some(Value::Object(m)) = c.get_mut(key) {
                let p = child(ptr, key);
                for (name, x) in m.iter_mut() {
                    f(self, x, &child(&p, name))?;
                }
            }
        }
        Ok(())
    }

    /// A Path Item Object (also a webhook or a callback entry).
    fn path_item(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        if let Some(target) = v.get("$ref").and_then(Value::as_str) {
            if target.starts_with("#/components/pathItems/") {
                *v = self.resolve_path_item(v, ptr)?;
            } else {
                self.refs.push(Ref {
                    at: ptr.to_string(),
                    target: target.to_string(),
                    copyable: true,
                });
            }
            // Other references (external files, ...) are for later stages.
            return Ok(());
        }
        let Some(item) = v.as_object_mut() else {
            return Ok(());
        };
        self.each_in_list(item, "parameters", ptr, Self::parameter)?;
        for method in METHODS {
            if let Some(op) = item.get_mut(method) {
                self.operation(op, &child(ptr, method))?;
            }
        }
        Ok(())
    }

    /// The copy of the `components.pathItems` entry that the path item `v`
    /// (`{$ref: '#/components/pathItems/X', ...}`) refers to; the reference's
    /// own fields (3.1 allows `summary`/`description`) win over the target's.
    fn resolve_path_item(&self, v: &Value, ptr: &str) -> Result<Value, Error> {
        let mut reference = v;
        // Follow references between pathItems entries, but not round in circles.
        for _ in 0..32 {
            let Some(target) = reference.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(token) = target.strip_prefix("#/components/pathItems/") else {
                break;
            };
            let name = token.replace("~1", "/").replace("~0", "~");
            reference = self.path_items.get(&name).ok_or_else(|| {
                self.err(
                    &child(ptr, "$ref"),
                    format!("`{target}`: there is no path item `{name}` in components.pathItems"),
                )
            })?;
        }
        let mut item = reference.clone();
        if item.get("$ref").is_some() {
            return Err(self.err(&child(ptr, "$ref"), "path item references form a cycle"));
        }
        if let (Some(item), Some(local)) = (item.as_object_mut(), v.as_object()) {
            for (k, x) in local {
                if k != "$ref" {
                    item.insert(k.clone(), x.clone());
                }
            }
        }
        Ok(item)
    }

    fn operation(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        let Some(op) = v.as_object_mut() else {
            return Ok(());
        };
        self.each_in_list(op, "parameters", ptr, Self::parameter)?;
        if let Some(body) = op.get_mut("requestBody") {
            self.request_body(body, &child(ptr, "requestBody"))?;
        }
        self.each_in_map(op, "responses", ptr, Self::response)?;
        self.each_in_map(op, "callbacks", ptr, Self::callback)?;
        // `responses` is optional in 3.1, required by openapiv3.
        if !op.contains_key("responses") {
            op.insert("responses".into(), json!({}));
        }
        Ok(())
    }

    /// Whether `v` is a reference (`$ref`); a reference is recorded for the
    /// check that it resolves (rule 14).
    fn met_ref(&mut self, v: &Value, ptr: &str) -> bool {
        match v.get("$ref") {
            Some(Value::String(target)) => {
                self.refs.push(Ref {
                    at: ptr.to_string(),
                    target: target.clone(),
                    copyable: true,
                });
                true
            }
            Some(_) => true,
            None => false,
        }
    }

    /// A Parameter Object or a Header Object: `schema` or `content`.
    fn parameter(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        if self.met_ref(v, ptr) {
            return Ok(());
        }
        let Some(p) = v.as_object_mut() else {
            return Ok(());
        };
        if let Some(s) = p.get_mut("schema") {
            // A `$ref` with a description documents the parameter as it
            // does a property ([`property_ref_doc`]).
            self.property = true;
            self.schema(s, &child(ptr, "schema"), 1, None)?;
        }
        self.each_in_map(p, "content", ptr, Self::media_type)
    }

    fn request_body(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        if self.met_ref(v, ptr) {
            return Ok(());
        }
        match v.as_object_mut() {
            Some(b) => self.each_in_map(b, "content", ptr, Self::media_type),
            None => Ok(()),
        }
    }

    fn response(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        if self.met_ref(v, ptr) {
            return Ok(());
        }
        let Some(r) = v.as_object_mut() else {
            return Ok(());
        };
        self.each_in_map(r, "content", ptr, Self::media_type)?;
        self.each_in_map(r, "headers", ptr, Self::parameter)
    }

    /// A Media Type Object: its `schema`, and the headers of its `encoding`.
    /// Its `example`/`examples` are instances, not schemas: left alone.
    fn media_type(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        let Some(m) = v.as_object_mut() else {
            return Ok(());
        };
        if let Some(s) = m.get_mut("schema") {
            self.schema(s, &child(ptr, "schema"), 1, None)?;
        }
        if let Some(Value::Object(encodings)) = m.get_mut("encoding") {
            let enc_ptr = child(ptr, "encoding");
            for (name, e) in encodings.iter_mut() {
                if let Some(e) = e.as_object_mut() {
                    self.each_in_map(e, "headers", &child(&enc_ptr, name), Self::parameter)?;
                }
            }
        }
        Ok(())
    }

    /// A Callback Object: runtime expression -> Path Item Object.
    fn callback(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        if self.met_ref(v, ptr) {
            return Ok(());
        }
        match v.as_object_mut() {
            Some(cb) => {
                for (expr, item) in cb.iter_mut() {
                    self.path_item(item, &child(ptr, expr))?;
                }
                Ok(())
            }
            None => Ok(()),
        }
    }

    /// Applies `f` to each value of the mapping `obj[key]`, if it is one.
    fn each_in_map(
        &mut self,
        obj: &mut Map<String, Value>,
        key: &str,
        ptr: &str,
        f: WalkFn<'a>,
    ) -> Result<(), Error> {
        if let Some(Value::Object(m)) = obj.get_mut(key) {
            let p = child(ptr, key);
            for (name, x) in m.iter_mut() {
                f(self, x, &child(&p, name))?;
            }
        }
        Ok(())
    }

    /// Applies `f` to each element of the list `obj[key]`, if it is one.
    fn each_in_list(
        &mut self,
        obj: &mut Map<String, Value>,
        key: &str,
        ptr: &str,
        f: WalkFn<'a>,
    ) -> Result<(), Error> {
        if let Some(Value::Array(list)) = obj.get_mut(key) {
            let p = child(ptr, key);
            for (i, x) in list.iter_mut().enumerate() {
                f(self, x, &child(&p, &i.to_string()))?;
            }
        }
        Ok(())
    }

    fn schema_top(&mut self, v: &mut Value, ptr: &str) -> Result<(), Error> {
        self.schema(v, ptr, 1, None)
    }

    /// Lowers the schema `v` at `ptr` and, recursively, its subschemas.
    ///
    /// `level` counts schemas from the outermost (1). `anchor` is the pointer
    /// of the nearest enclosing schema with `$recursiveAnchor: true`.
    fn schema(
        &mut self,
        v: &mut Value,
        ptr: &str,
        level: usize,
        anchor: Option<&str>,
    ) -> Result<(), Error> {
        let is_property = std::mem::take(&mut self.property);
        if level > MAX_SCHEMA_DEPTH {
            return Err(self.err(
                ptr,
                format!("schemas are nested more than {MAX_SCHEMA_DEPTH} levels deep"),
            ));
        }
        // Rule 9: boolean schemas. `true` admits anything, `false` nothing.
        if let Value::Bool(b) = v {
            *v = if *b { json!({}) } else { json!({"not": {}}) };
            return Ok(());
        }
        let Some(s) = v.as_object_mut() else {
            return Err(self.err(ptr, format!("expected a Schema Object, found {}", kind(v))));
        };

        // Rule 12: a boolean `required` (JSON Schema draft 3, written on a
        // property) cannot be held; the property's parent takes it into its
        // `required` list below, anywhere else it is dropped.
        if s.get("required").is_some_and(Value::is_boolean) {
            take(s, "required");
        }

        let anchor = if s.get("$recursiveAnchor") == Some(&Value::Bool(true)) {
            Some(ptr)
        } else {
            anchor
        };
        recursive_ref(s, anchor);

        // Rule 7: subschemas of keywords that are dropped are still walked, so
        // that nonsense in them is reported like anywhere else.
        for key in ["$defs", "patternProperties"] {
            if let Some(Value::Object(m)) = s.get_mut(key) {
                let p = child(ptr, key);
                for (name, x) in m.iter_mut() {
                    self.schema(x, &child(&p, name), level + 1, anchor)?;
                }
            }
        }
        if let Some(Value::Array(list)) = s.get_mut("prefixItems") {
            let p = child(ptr, "prefixItems");
            for (i, x) in list.iter_mut().enumerate() {
                self.schema(x, &child(&p, &i.to_string()), level + 1, anchor)?;
            }
        }
        for key in DROPPED.iter().chain(&["prefixItems"]) {
            take(s, key);
        }

        if let Some(Value::String(target)) = s.get("$ref") {
            self.refs.push(Ref {
                at: ptr.to_string(),
                target: target.clone(),
                copyable: false,
            });
        }
        if is_property {
            property_ref_doc(s);
        }
        if s.contains_key("$ref") && !self.ref_with_siblings(s) {
            return Ok(());
        }

        // Rule 5: schema-level `examples` (a list of instances) -> `example`.
        if let Some(Value::Array(_)) = s.get("examples")
            && let Some(Value::Array(examples)) = take(s, "examples")
            && let Some(first) = examples.into_iter().next()
        {
            s.entry("example").or_insert(first);
        }

        // Rule 3: `const: v` -> `enum: [v]`.
        if let Some(c) = take(s, "const") {
            if c.is_null() {
                s.insert("nullable".into(), json!(true));
            }
            s.insert("enum".into(), json!([c]));
        }

        self.lower_type(s, ptr)?;
        enum_type(s);

        // Rule 4: 3.1's numeric exclusive bounds -> 3.0's bound + boolean flag.
        exclusive_bound(s, "exclusiveMinimum", "minimum", |new, old| new >= old);
        exclusive_bound(s, "exclusiveMaximum", "maximum", |new, old| new <= old);

        // Rule 8: tuple-form `items` (a list) and boolean `items` cannot be held
        // by openapiv3; without them the items are unconstrained.
        if matches!(s.get("items"), Some(Value::Array(_) | Value::Bool(_))) {
            take(s, "items");
        }

        // The subschemas.
        let level = level + 1;
        if let Some(props) = s.get_mut("properties") {
            let p = child(ptr, "properties");
            let Some(props) = props.as_object_mut() else {
                return Err(self.err(
                    &p,
                    format!(
                        "expected a mapping of property names to Schema Objects, found {}",
                        kind(props)
                    ),
                ));
            };
            let mut also_required = Vec::new();
            for (name, x) in props.iter_mut() {
                if x.get("required") == Some(&Value::Bool(true)) {
                    also_required.push(Value::String(name.clone()));
                }
                self.property = true;
                self.schema(x, &child(&p, name), level, anchor)?;
            }
            if !also_required.is_empty() {
                let list = s.entry("required").or_insert_with(|| json!([]));
                if let Value::Array(list) = list {
                    for name in also_required {
                        if !list.contains(&name) {
                            list.push(name);
                        }
                    }
                }
            }
        }
        for key in ["items", "not"] {
            if let Some(x) = s.get_mut(key) {
                self.schema(x, &child(ptr, key), level, anchor)?;
            }
        }
        // `additionalProperties: true/false` is fine as it is for openapiv3.
        match s.get_mut("additionalProperties") {
            Some(x) if !x.is_boolean() => {
                self.schema(x, &child(ptr, "additionalProperties"), level, anchor)?
            }
            _ => {}
        }
        for key in ["allOf", "oneOf", "anyOf"] {
            if let Some(list) = s.get_mut(key) {
                let p = child(ptr, key);
                let Some(list) = list.as_array_mut() else {
                    return Err(self.err(
                        &p,
                        format!("expected a list of Schema Objects, found {}", kind(list)),
                    ));
                };
                for (i, x) in list.iter_mut().enumerate() {
                    self.schema(x, &child(&p, &i.to_string()), level, anchor)?;
                }
            }
        }

        // Rule 2, after the branches are lowered (so `{type: 'null'}`,
        // `{const: null}` and `{enum: [null]}` all look alike by now).
        for key in ["oneOf", "anyOf"] {
            if let Some(Value::Array(list)) = s.get_mut(key) {
                let before = list.len();
                list.retain(|branch| !is_null_schema(branch));
                if list.len() < before {
                    if list.is_empty() {
                        take(s, key);
                        s.insert("enum".into(), json!([null]));
                    }
                    s.insert("nullable".into(), json!(true));
                }
            }
        }
        // What openapiv3 will make of it, now, while the pointer is known
        // (and before a bad schema deep down makes openapiv3 backtrack: each
        // level of schemas above a bad one doubles its attempts). Only from
        // CHECKED_FROM_LEVEL down: a bad schema above costs parse at most
        // 2^CHECKED_FROM_LEVEL attempts, and checking every schema doubled
        // the time of this walk on the whole Whop spec.
        if level < CHECKED_FROM_LEVEL {
            return Ok(());
        }
        crate::parse::schema_fields(s, ptr).map_err(|(pointer, message)| {
            self.err(&pointer, format!("not a valid Schema Object: {message}"))
        })
    }

    /// Rule 6: a schema `s` with `$ref`. Says whether the walk goes on into
    /// `s` (it does when `s` was turned into an `allOf`).
    ///
    /// In 3.0 the siblings of `$ref` are ignored by definition, and openapiv3
    /// ignores them too, with one exception: `nullable: true` beside a `$ref`
    /// is a common 3.0 mistake whose meaning is clear (ignored, a client
    /// would fail on every null), so it is honoured as in 3.1, with the
    /// reference's `description` and `title`. In 3.1 the siblings apply
    /// alongside the reference, so `{$ref: X, nullable: true, ...}` becomes
    /// `{allOf: [{$ref: X}], nullable: true, ...}`, which openapiv3 can hold.
    /// A `description`/`summary` alone is not worth that wrapper (a generator
    /// would make a new type just for a doc comment): openapiv3 keeps nothing
    /// but the `$ref` of a reference, so they are dropped, except on a
    /// property, where they document the field ([`property_ref_doc`]).
    fn ref_with_siblings(&self, s: &mut Map<String, Value>) -> bool {
        if !self.v31 {
            if s.get("nullable") != Some(&Value::Bool(true)) {
                return false;
            }
            s.retain(|k, _| matches!(k.as_str(), "$ref" | "nullable" | "description" | "title"));
        }
        if s.keys()
            .all(|k| matches!(k.as_str(), "$ref" | "description" | "summary"))
        {
            take(s, "description");
            take(s, "summary");
            return false;
        }
        let Some(reference) = take(s, "$ref") else {
            return false;
        };
        let mut all_of = vec![json!({ "$ref": reference })];
        // An `allOf` beside the `$ref` applies as well: one list holds both.
        if let Some(Value::Array(more)) = take(s, "allOf") {
            all_of.extend(more);
        }
        s.insert("allOf".into(), Value::Array(all_of));
        true
    }

    /// Rule 1: 3.1 `type` lists and `type: 'null'`.
    fn lower_type(&self, s: &mut Map<String, Value>, ptr: &str) -> Result<(), Error> {
        let types: Vec<String> = match s.get("type") {
            None => return Ok(()),
            Some(Value::String(t)) if t != "null" => return Ok(()),
            Some(Value::String(t)) => vec![t.clone()],
            Some(Value::Array(list)) => {
                let mut types = Vec::new();
                for (i, t) in list.iter().enumerate() {
                    let Some(t) = t.as_str() else {
                        return Err(self.err(
                            &child(&child(ptr, "type"), &i.to_string()),
                            format!("expected a type name, found {}", kind(t)),
                        ));
                    };
                    if !types.iter().any(|x| x == t) {
                        types.push(t.to_string());
                    }
                }
                types
            }
            Some(other) => {
                return Err(self.err(
                    &child(ptr, "type"),
                    format!(
                        "expected a type name or a list of type names, found {}",
                        kind(other)
                    ),
                ));
            }
        };
        take(s, "type");
        let nullable = types.iter().any(|t| t == "null");
        let types: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
        if nullable {
            s.insert("nullable".into(), json!(true));
        }
        match types.as_slice() {
            // Only null: a schema whose one value is null.
            [] => {
                s.insert("enum".into(), json!([null]));
            }
            [one] => {
                s.insert("type".into(), json!(one));
            }
            // Several types (e.g. [number, string]). When the schema has no
            // `enum` and no composition of its own, split it into one `anyOf`
            // branch per type, each with the keywords of its type: a
            // generator can then make a real union (f64 | String). Otherwise
            // that would need an `allOf` around the existing composition and
            // the enum values sorted by type, for a rare case: `type` is
            // just dropped, and a schema without `type` admits any value.
            several => {
                let composed = ["enum", "allOf", "oneOf", "anyOf", "not"]
                    .iter()
                    .any(|k| s.contains_key(*k));
                if !composed {
                    let branches: Vec<Value> = several
                        .iter()
                        .map(|t| {
                            let mut b = Map::new();
                            b.insert("type".into(), json!(t));
                            for k in type_keywords(t) {
                                if let Some(x) = s.get(*k) {
                                    b.insert((*k).into(), x.clone());
                                }
                            }
                            Value::Object(b)
                        })
                        .collect();
                    // Keywords of types not in the list never applied: dropped too.
                    for t in ["string", "number", "object", "array"] {
                        for k in type_keywords(t) {
                            take(s, k);
                        }
                    }
                    s.insert("anyOf".into(), Value::Array(branches));
                }
            }
        }
        Ok(())
    }
}

type WalkFn<'a> = fn(&mut Walker<'a>, &mut Value, &str) -> Result<(), Error>;

/// `$recursiveRef: '#'` (draft 2019-09) points back at the schema that
/// declares `$recursiveAnchor: true`: it becomes a `$ref` to that schema's
/// pointer. Any other form is left for rule 7 to drop (any value).
fn recursive_ref(s: &mut Map<String, Value>, anchor: Option<&str>) {
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
fn exclusive_bound(
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

/// Rule 6 for a property (or a parameter's schema) that is a `$ref` with
/// only a `description` (or a `summary`) beside it: `{allOf: [{$ref: X}], description: ..}`, so that
/// the description documents the field (a one-member `allOf` is the member's
/// type, no new one). In 3.0 as well: a doc comment changes no type.
fn property_ref_doc(s: &mut Map<String, Value>) {
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
fn enum_type(s: &mut Map<String, Value>) {
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
fn is_null_schema(v: &Value) -> bool {
    let Some(s) = v.as_object() else {
        return false;
    };
    s.get("enum") == Some(&json!([null]))
        && s.keys()
            .all(|k| matches!(k.as_str(), "enum" | "nullable" | "description" | "title"))
}

/// Removes `key` from `m`, keeping the order of the other keys (with serde_json's
/// `preserve_order` feature, `Map::remove` would swap the last key into its place).
fn take(m: &mut Map<String, Value>, key: &str) -> Option<Value> {
    let value = m.get_mut(key).map(Value::take)?;
    m.retain(|k, _| k != key);
    Some(value)
}

#[cfg(test)]
mod tests {
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

    // Rule 1: type lists.

    #[test]
    fn type_with_null_becomes_nullable() {
        assert_eq!(
            lowered(json!({"type": ["string", "null"], "description": "d"})),
            json!({"type": "string", "nullable": true, "description": "d"})
        );
    }

    #[test]
    fn type_list_of_one() {
        assert_eq!(
            lowered(json!({"type": ["integer"]})),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn type_null_alone_admits_only_null() {
        let null_only = json!({"nullable": true, "enum": [null]});
        assert_eq!(lowered(json!({"type": "null"})), null_only);
        assert_eq!(lowered(json!({"type": ["null"]})), null_only);
    }

    #[test]
    fn several_types_split_into_any_of() {
        assert_eq!(
            lowered(json!({
                "type": ["number", "string", "null"],
                "minimum": 1,
                "maxLength": 3,
                "properties": {"never": {}},
                "description": "d",
            })),
            json!({
                "description": "d",
                "nullable": true,
                "anyOf": [{"type": "number", "minimum": 1}, {"type": "string", "maxLength": 3}],
            })
        );
    }

    #[test]
    fn several_types_with_enum_lose_the_type() {
        assert_eq!(
            lowered(json!({"type": ["string", "integer"], "enum": ["a", 1]})),
            json!({"enum": ["a", 1]})
        );
    }

    #[test]
    fn type_list_with_a_non_string_is_an_error() {
        let e = error(doc_with("3.1.0", json!({"type": ["string", 3]})));
        assert_eq!(e.pointer, "#/components/schemas/S/type/1");
        assert_eq!(e.message, "expected a type name, found a number");
    }

    // Rule 2: null branches.

    #[test]
    fn null_branch_of_one_of_becomes_nullable() {
        assert_eq!(
            lowered(json!({
                "oneOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}],
                "description": "d",
            })),
            json!({"oneOf": [{"$ref": "#/components/schemas/A"}], "description": "d", "nullable": true})
        );
    }

    #[test]
    fn null_branches_of_any_of_in_every_spelling() {
        assert_eq!(
            lowered(json!({"anyOf": [
                {"type": "string"},
                {"const": null},
                {"enum": [null], "description": "none"},
                {"type": "null", "title": "Null"},
            ]})),
            json!({"anyOf": [{"type": "string"}], "nullable": true})
        );
    }

    #[test]
    fn only_null_branches_leave_a_null_only_schema() {
        assert_eq!(
            lowered(json!({"oneOf": [{"type": "null"}]})),
            json!({"enum": [null], "nullable": true})
        );
    }

    // Rule 3: const.

    #[test]
    fn const_becomes_enum() {
        assert_eq!(
            lowered(json!({"type": "string", "const": "payment"})),
            json!({"type": "string", "enum": ["payment"]})
        );
        assert_eq!(
            lowered(json!({"const": null})),
            json!({"nullable": true, "enum": [null]})
        );
    }

    // Rule 4: exclusive bounds.

    #[test]
    fn numeric_exclusive_bounds_become_flags() {
        assert_eq!(
            lowered(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1.5})),
            json!({"type": "number", "minimum": 0, "exclusiveMinimum": true,
                   "maximum": 1.5, "exclusiveMaximum": true})
        );
    }

    #[test]
    fn exclusive_bound_looser_than_inclusive_one_is_dropped() {
        assert_eq!(
            lowered(json!({"type": "integer", "minimum": 5, "exclusiveMinimum": 3})),
            json!({"type": "integer", "minimum": 5})
        );
    }

    #[test]
    fn boolean_exclusive_bounds_stay() {
        let s = json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true});
        assert_eq!(lowered(s.clone()), s);
    }

    // Rule 5: schema-level examples.

    #[test]
    fn examples_list_becomes_example() {
        assert_eq!(
            lowered(json!({"type": "string", "examples": ["a", "b"]})),
            json!({"type": "string", "example": "a"})
        );
        assert_eq!(
            lowered(json!({"type": "string", "example": "x", "examples": ["a"]})),
            json!({"type": "string", "example": "x"})
        );
        assert_eq!(
            lowered(json!({"type": "string", "examples": []})),
            json!({"type": "string"})
        );
    }

    #[test]
    fn media_type_examples_are_left_alone() {
        let content = json!({"application/json": {
            "schema": {"type": "string", "examples": ["s"]},
            "examples": {"one": {"value": {"type": ["not", "a", "schema"]}}},
        }});
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "content": content}}}}},
        });
        lower(&mut doc, "t.yml").unwrap();
        assert_eq!(
            doc["paths"]["/a"]["get"]["responses"]["200"]["content"],
            json!({"application/json": {
                "schema": {"type": "string", "example": "s"},
                "examples": {"one": {"value": {"type": ["not", "a", "schema"]}}},
            }})
        );
    }

    // Rule 6: `$ref` siblings.

    #[test]
    fn ref_with_description_only_keeps_the_ref() {
        assert_eq!(
            lowered(json!({"$ref": "#/components/schemas/A", "description": "d", "summary": "s"})),
            json!({"$ref": "#/components/schemas/A"})
        );
    }

    #[test]
    fn ref_with_other_siblings_becomes_all_of() {
        assert_eq!(
            lowered(json!({
                "$ref": "#/components/schemas/A",
                "nullable": true,
                "description": "d",
                "examples": ["e"],
            })),
            json!({
                "allOf": [{"$ref": "#/components/schemas/A"}],
                "nullable": true,
                "description": "d",
                "example": "e",
            })
        );
    }

    #[test]
    fn ref_beside_all_of_joins_the_list() {
        assert_eq!(
            lowered(json!({"$ref": "#/A", "allOf": [{"$ref": "#/B"}], "readOnly": true})),
            json!({"allOf": [{"$ref": "#/A"}, {"$ref": "#/B"}], "readOnly": true})
        );
    }

    #[test]
    fn ref_siblings_in_3_0_are_left_alone() {
        let s = json!({"$ref": "#/components/schemas/A", "readOnly": true, "description": "d"});
        assert_eq!(lowered30(s.clone()), s);
    }

    #[test]
    fn nullable_beside_a_ref_in_3_0_is_honoured() {
        assert_eq!(
            lowered30(json!({
                "$ref": "#/components/schemas/A",
                "nullable": true,
                "description": "d",
                "readOnly": true,
            })),
            json!({
                "allOf": [{"$ref": "#/components/schemas/A"}],
                "nullable": true,
                "description": "d",
            })
        );
    }

    #[test]
    fn a_property_ref_keeps_its_description() {
        let schema = json!({"type": "object", "properties": {
            "a": {"$ref": "#/components/schemas/A", "description": "d"},
            "b": {"$ref": "#/components/schemas/A", "summary": "s"},
            "c": {"$ref": "#/components/schemas/A"},
        }});
        let want = json!({"type": "object", "properties": {
            "a": {"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d"},
            "b": {"allOf": [{"$ref": "#/components/schemas/A"}], "description": "s"},
            "c": {"$ref": "#/components/schemas/A"},
        }});
        assert_eq!(lowered(schema.clone()), want);
        assert_eq!(lowered30(schema), want);
    }

    // Rule 7: JSON Schema keywords openapiv3 cannot hold.

    #[test]
    fn json_schema_only_keywords_are_dropped() {
        assert_eq!(
            lowered(json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": "x", "$anchor": "a", "$comment": "c", "$dynamicAnchor": "d",
                "type": "object",
                "contentMediaType": "text/plain", "contentEncoding": "base64",
                "unevaluatedProperties": false, "dependentRequired": {"a": ["b"]},
                "dependentSchemas": {"a": {}}, "propertyNames": {"maxLength": 3},
                "if": {}, "then": {}, "else": {},
                "$defs": {"D": {"type": "string"}},
                "patternProperties": {"^x-": {"type": "string"}},
            })),
            json!({"type": "object"})
        );
        assert_eq!(
            lowered(json!({"type": "array", "prefixItems": [{"type": "string"}],
                           "contains": {}, "minContains": 1, "maxContains": 2,
                           "unevaluatedItems": false})),
            json!({"type": "array"})
        );
    }

    #[test]
    fn dropped_subschemas_are_still_checked() {
        let e = error(doc_with(
            "3.1.0",
            json!({"$defs": {"D": {"properties": {"p": 1}}}}),
        ));
        assert_eq!(e.pointer, "#/components/schemas/S/$defs/D/properties/p");
        assert_eq!(e.message, "expected a Schema Object, found a number");
    }

    #[test]
    fn recursive_ref_points_back_at_its_anchor() {
        assert_eq!(
            lowered(json!({
                "$recursiveAnchor": true,
                "type": "object",
                "properties": {"filters": {"type": "array", "items": {"oneOf": [
                    {"$ref": "#/components/schemas/F"},
                    {"$recursiveRef": "#"},
                ]}}},
            })),
            json!({
                "type": "object",
                "properties": {"filters": {"type": "array", "items": {"oneOf": [
                    {"$ref": "#/components/schemas/F"},
                    {"$ref": "#/components/schemas/S"},
                ]}}},
            })
        );
    }

    // Rule 8: items that openapiv3 cannot hold.

    #[test]
    fn tuple_and_boolean_items_are_dropped() {
        assert_eq!(
            lowered(json!({"type": "array", "items": [{"type": "string"}]})),
            json!({"type": "array"})
        );
        assert_eq!(
            lowered(json!({"type": "array", "items": false})),
            json!({"type": "array"})
        );
    }

    // Rule 9: boolean schemas.

    #[test]
    fn boolean_schemas_become_objects() {
        assert_eq!(
            lowered(json!({
                "type": "object",
                "properties": {"any": true, "none": false},
                "additionalProperties": false,
            })),
            json!({
                "type": "object",
                "properties": {"any": {}, "none": {"not": {}}},
                "additionalProperties": false,
            })
        );
    }

    // Rule 10: the document level.

    #[test]
    fn top_level_of_a_3_1_document() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
            "info": {"title": "t", "version": "1", "summary": "s",
                     "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"new": {"post": {
                "requestBody": {"content": {"application/json": {"schema": {"type": ["string", "null"]}}}},
                "responses": {"200": {"description": "ok"}},
            }}},
        });
        lower(&mut doc, "t.yml").unwrap();
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1", "summary": "s",
                         "license": {"name": "MIT", "identifier": "MIT"}},
                "webhooks": {"new": {"post": {
                    "requestBody": {"content": {"application/json": {"schema": {"type": "string", "nullable": true}}}},
                    "responses": {"200": {"description": "ok"}},
                }}},
                "paths": {},
            })
        );
    }

    #[test]
    fn operation_without_responses_gets_an_empty_map() {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
                             "paths": {"/a": {"get": {"operationId": "a"}}}});
        lower(&mut doc, "t.yml").unwrap();
        assert_eq!(
            doc["paths"]["/a"]["get"],
            json!({"operationId": "a", "responses": {}})
        );
    }

    #[test]
    fn path_item_refs_into_components_are_inlined() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/pets/{id}": {"$ref": "#/components/pathItems/Pet", "summary": "mine"}},
            "components": {"pathItems": {"Pet": {"summary": "theirs", "get": {
                "parameters": [{"name": "id", "in": "path", "required": true,
                                "schema": {"type": ["string", "null"]}}],
                "responses": {"200": {"description": "ok"}},
            }}}},
        });
        lower(&mut doc, "t.yml").unwrap();
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/pets/{id}": {"summary": "mine", "get": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                                    "schema": {"type": "string", "nullable": true}}],
                    "responses": {"200": {"description": "ok"}},
                }}},
                "components": {},
            })
        );
    }

    #[test]
    fn path_item_ref_to_a_missing_entry_is_an_error() {
        let e = error(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a/b": {"$ref": "#/components/pathItems/Nope"}},
        }));
        assert_eq!(e.pointer, "#/paths/~1a~1b/$ref");
        assert_eq!(
            e.message,
            "`#/components/pathItems/Nope`: there is no path item `Nope` in components.pathItems"
        );
    }

    #[test]
    fn path_item_ref_chains_are_followed_and_cycles_are_errors() {
        let doc = |b: Value| {
            json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"$ref": "#/components/pathItems/A"}},
                "components": {"pathItems": {"A": {"$ref": "#/components/pathItems/B"}, "B": b}},
            })
        };
        let mut ok = doc(json!({"get": {"responses": {}}}));
        lower(&mut ok, "t.yml").unwrap();
        assert_eq!(ok["paths"]["/a"], json!({"get": {"responses": {}}}));
        let e = error(doc(json!({"$ref": "#/components/pathItems/A"})));
        assert_eq!(e.pointer, "#/paths/~1a/$ref");
        assert_eq!(e.message, "path item references form a cycle");
    }

    // The walk: every schema position, and nothing else.

    #[test]
    fn every_schema_position_is_lowered() {
        let s = || json!({"type": ["string", "null"]});
        let l = json!({"type": "string", "nullable": true});
        let content = |x: Value| json!({"application/json": {"schema": x}});
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {
                "parameters": [{"name": "p", "in": "query", "schema": s()}],
                "post": {
                    "parameters": [{"name": "q", "in": "query", "content": content(s())}],
                    "requestBody": {"content": {"application/x-www-form-urlencoded": {
                        "schema": s(),
                        "encoding": {"f": {"headers": {"H": {"schema": s()}}}},
                    }}},
                    "responses": {"200": {"description": "ok", "content": content(s()),
                                          "headers": {"X": {"schema": s()}}}},
                    "callbacks": {"cb": {"{$request.body#/url}": {"post": {
                        "requestBody": {"content": content(s())},
                        "responses": {"200": {"description": "ok"}},
                    }}}},
                },
            }},
            "components": {
                "schemas": {"A": {"type": "object", "properties": {"x": s()},
                                  "additionalProperties": s(), "items": s(), "not": s(),
                                  "allOf": [s()], "oneOf": [s()], "anyOf": [s()]}},
                "parameters": {"P": {"name": "p", "in": "query", "schema": s()}},
                "headers": {"H": {"schema": s()}},
                "requestBodies": {"B": {"content": content(s())}},
                "responses": {"R": {"description": "r", "content": content(s()),
                                    "headers": {"X": {"schema": s()}}}},
                "callbacks": {"C": {"{$url}": {"get": {"parameters": [{"name": "p", "in": "query", "schema": s()}],
                                                     "responses": {}}}}},
            },
        });
        lower(&mut doc, "t.yml").unwrap();
        let text = doc.to_string();
        assert!(!text.contains("[\"string\",\"null\"]"), "{text}");
        assert_eq!(text.matches("\"nullable\":true").count(), 20);
        assert_eq!(
            doc["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
                ["encoding"]["f"]["headers"]["H"]["schema"],
            l
        );
        assert_eq!(doc["components"]["schemas"]["A"]["oneOf"], json!([l]));
    }

    #[test]
    fn property_names_are_not_keywords() {
        let s = json!({"type": "object", "properties": {
            "type": {"type": "string"},
            "const": {"type": "string"},
            "$ref": {"type": "string"},
            "$schema": {"type": "string"},
            "examples": {"type": "array", "items": {"type": "string"}},
        }});
        assert_eq!(lowered(s.clone()), s);
    }

    #[test]
    fn valid_3_0_documents_are_unchanged() {
        let doc = json!({
            "openapi": "3.0.3",
            "info": {"title": "t", "version": "1"},
            "paths": {"/a": {"get": {
                "parameters": [{"name": "n", "in": "query",
                                "schema": {"type": "integer", "minimum": 0, "exclusiveMinimum": true}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/A"},
                    "examples": {"e": {"value": {"a": 1}}},
                }}}},
            }}},
            "components": {"schemas": {"A": {
                "type": "object",
                "nullable": true,
                "properties": {"a": {"oneOf": [{"type": "integer"}, {"type": "string"}]}},
                "additionalProperties": {"type": "string"},
            }}},
        });
        let mut lowered = doc.clone();
        lower(&mut lowered, "t.yml").unwrap();
        assert_eq!(lowered, doc);
    }

    // Rule 12: boolean `required`.

    #[test]
    fn required_true_on_a_property_joins_the_parent_list() {
        assert_eq!(
            lowered30(json!({
                "type": "object",
                "required": ["a"],
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": "string", "required": true},
                    "c": {"type": "string", "required": false},
                },
            })),
            json!({
                "type": "object",
                "required": ["a", "b"],
                "properties": {
                    "a": {"type": "string"},
                    "b": {"type": "string"},
                    "c": {"type": "string"},
                },
            })
        );
        assert_eq!(
            lowered(json!({"type": "object", "required": true})),
            json!({"type": "object"})
        );
    }

    // Rule 13: enums without a type.

    #[test]
    fn an_enum_without_type_takes_the_type_of_its_values() {
        assert_eq!(
            lowered(json!({"const": 2})),
            json!({"enum": [2], "type": "integer"})
        );
        assert_eq!(
            lowered(json!({"enum": [0.5, 1, null]})),
            json!({"enum": [0.5, 1, null], "type": "number", "nullable": true})
        );
        assert_eq!(
            lowered(json!({"const": true})),
            json!({"enum": [true], "type": "boolean"})
        );
        assert_eq!(
            lowered30(json!({"enum": ["a", "b"]})),
            json!({"enum": ["a", "b"], "type": "string"})
        );
        // Mixed values, only null, or keywords that say more: unchanged.
        for schema in [
            json!({"enum": [1, "a"]}),
            json!({"enum": [null], "nullable": true}),
            json!({"enum": [{"a": 1}]}),
            json!({"type": "string", "enum": ["a"]}),
        ] {
            assert_eq!(lowered(schema.clone()), schema);
        }
    }

    // Rule 15: `$ref`s to places outside components.

    #[test]
    fn a_ref_outside_components_is_replaced_by_a_copy_of_its_target() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {
                "/a/{id}": {"get": {
                    "parameters": [{"name": "id", "in": "path", "required": true,
                                    "schema": {"type": ["string", "null"]}}],
                    "responses": {"200": {"$ref": "#/components/responses/R"}},
                }},
                "/b/{id}": {"get": {
                    "parameters": [
                        {"$ref": "#/paths/~1a~1%7Bid%7D/get/parameters/0"},
                        {"$ref": "#/paths/~1b~1{id}/get/parameters/0"},
                    ],
                    "responses": {"200": {"$ref": "#/paths/~1a~1{id}/get/responses/200"}},
                }},
            },
            "components": {"responses": {"R": {"description": "ok"}}},
        });
        lower(&mut doc, "t.yml").unwrap();
        let b = &doc["paths"]["/b/{id}"]["get"];
        // The copy is of the lowered target; a chain is followed to its end.
        let param = json!({"name": "id", "in": "path", "required": true,
                           "schema": {"type": "string", "nullable": true}});
        assert_eq!(b["parameters"], json!([param, param]));
        // A chain ending at a component reference copies that reference.
        assert_eq!(
            b["responses"]["200"],
            json!({"$ref": "#/components/responses/R"})
        );
    }

    #[test]
    fn refs_outside_components_in_a_cycle_or_too_many_are_errors() {
        let doc = |parameters: Value| {
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": {"parameters": parameters, "responses": {}}}},
            })
        };
        let e = error(doc(json!([
            {"$ref": "#/paths/~1a/get/parameters/1"},
            {"$ref": "#/paths/~1a/get/parameters/0"},
        ])));
        assert_eq!(e.pointer, "#/paths/~1a/get/parameters/0");
        assert!(e.message.contains("cycle"), "{e}");
        // Each copy of a large parameter: together larger than the document.
        let big = json!({"name": "p", "in": "query", "schema": {"enum": vec![1; 100]}});
        let mut parameters = vec![big];
        parameters.extend((0..3).map(|_| json!({"$ref": "#/paths/~1a/get/parameters/0"})));
        let e = error(doc(Value::Array(parameters)));
        assert_eq!(e.pointer, "#/paths/~1a/get/parameters/2");
        assert!(e.message.contains("larger than the document"), "{e}");
    }

    // Rule 14: `$ref`s that resolve to nothing.

    #[test]
    fn a_ref_to_nothing_is_an_error_at_its_place() {
        let doc = |components: Value| {
            json!({
                "openapi": "3.1.0",
                "info": {"title": "t", "version": "1"},
                "paths": {"/a": {"get": {"responses": {"200": {
                    "description": "ok",
                    "headers": {"X-Rate": {"$ref": "#/components/headers/Rate"}},
                }}}}},
                "components": components,
            })
        };
        let e = error(doc(json!({})));
        assert_eq!(e.pointer, "#/paths/~1a/get/responses/200/headers/X-Rate");
        assert_eq!(
            e.message,
            "`$ref: #/components/headers/Rate` resolves to nothing: there is no such component header"
        );
        // In an entry nothing uses, and where lowering rewrites the `$ref`
        // (a property with a description): the place in the file.
        let e = error(doc(json!({
            "headers": {"Rate": {"schema": {"type": "integer"}}},
            "requestBodies": {"B": {"content": {"application/json": {"schema": {
                "type": "object",
                "properties": {"p": {"$ref": "#/components/schemas/Gone", "description": "d"}},
            }}}}},
        })));
        assert_eq!(
            e.pointer,
            "#/components/requestBodies/B/content/application~1json/schema/properties/p"
        );
        // References into other files are for later stages.
        let mut ok = doc(json!({"headers": {"Rate": {"$ref": "other.yaml#/Rate"}}}));
        lower(&mut ok, "t.yml").unwrap();
    }

    // Rule 11: errors.

    #[test]
    fn unsupported_versions_are_errors() {
        let info = json!({"title": "t", "version": "1"});
        for (doc, message) in [
            (
                json!({"info": info}),
                "missing `openapi` version field; supported versions are 3.0.x and 3.1.x",
            ),
            (
                json!({"swagger": "2.0"}),
                "this is a Swagger 2.0 document (no `openapi` field); supported versions are 3.0.x and 3.1.x",
            ),
            (
                json!({"openapi": 3.1}),
                "`openapi` must be a version string such as \"3.1.0\" (quote it in YAML), found a number; supported versions are 3.0.x and 3.1.x",
            ),
            (
                json!({"openapi": "3.2.0"}),
                "unsupported OpenAPI version \"3.2.0\"; supported versions are 3.0.x and 3.1.x",
            ),
            (
                json!({"openapi": "3.1"}),
                "unsupported OpenAPI version \"3.1\"; supported versions are 3.0.x and 3.1.x",
            ),
        ] {
            let e = error(doc);
            assert_eq!(e.pointer, "#/openapi");
            assert_eq!(e.message, message);
        }
    }

    #[test]
    fn non_mapping_document_is_an_error() {
        let e = error(json!(["openapi"]));
        assert_eq!(e.pointer, "#");
        assert_eq!(
            e.message,
            "expected an OpenAPI document (a mapping), found a list"
        );
    }

    #[test]
    fn string_at_a_schema_position_is_an_error() {
        let e = error(json!({
            "openapi": "3.1.0",
            "info": {"title": "t", "version": "1"},
            "paths": {"/experiences/{id}/detach": {"post": {
                "parameters": [{"name": "id", "in": "path", "schema": "string"}],
            }}},
        }));
        assert_eq!(e.file, "t.yml");
        assert_eq!(
            e.pointer,
            "#/paths/~1experiences~1{id}~1detach/post/parameters/0/schema"
        );
        assert_eq!(e.message, "expected a Schema Object, found a string");
    }

    #[test]
    fn malformed_subschema_containers_are_errors() {
        let e = error(doc_with("3.0.3", json!({"properties": ["a"]})));
        assert_eq!(e.pointer, "#/components/schemas/S/properties");
        assert_eq!(
            e.message,
            "expected a mapping of property names to Schema Objects, found a list"
        );
        let e = error(doc_with("3.0.3", json!({"oneOf": {"a": {}}})));
        assert_eq!(e.pointer, "#/components/schemas/S/oneOf");
        assert_eq!(
            e.message,
            "expected a list of Schema Objects, found a mapping"
        );
    }

    /// `{items: {items: ... {}}}`, `levels` schemas in all.
    fn nested(levels: usize) -> Value {
        let mut s = json!({});
        for _ in 1..levels {
            s = json!({ "items": s });
        }
        s
    }

    #[test]
    fn nesting_up_to_the_limit_is_fine() {
        assert_eq!(lowered(nested(MAX_SCHEMA_DEPTH)), nested(MAX_SCHEMA_DEPTH));
    }

    #[test]
    fn nesting_past_the_limit_is_an_error() {
        let e = error(doc_with("3.1.0", nested(MAX_SCHEMA_DEPTH + 1)));
        let expected = format!(
            "#/components/schemas/S{}",
            "/items".repeat(MAX_SCHEMA_DEPTH)
        );
        assert_eq!(e.pointer, expected);
        assert_eq!(e.message, "schemas are nested more than 200 levels deep");
    }

    #[test]
    fn lowering_twice_changes_nothing_more() {
        let mut doc = doc_with(
            "3.1.0",
            json!({
                "type": ["object", "null"],
                "properties": {"a": {"anyOf": [{"$ref": "#/A", "default": 1}, {"type": "null"}]},
                               "b": {"type": ["integer", "string"], "exclusiveMinimum": 0}},
            }),
        );
        rewrite(&mut doc, "t.yml").unwrap();
        let once = doc.clone();
        rewrite(&mut doc, "t.yml").unwrap();
        assert_eq!(doc, once);
    }
}
