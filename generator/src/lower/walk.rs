//! The walk over a document: where Schema Objects and the other objects
//! lowering rewrites can stand, and the rules applied at each.

use super::Ref;
use super::schema_rules::*;
use crate::error::{Error, child};
use crate::limits::SCHEMA_DEPTH;
use crate::read::{METHODS, kind};
use serde_json::{Map, Value, json};

/// Schemas this deep or deeper (the outermost is 1) are checked one by one
/// as they are lowered (see the end of `Walker::schema`).
const CHECKED_FROM_LEVEL: usize = 4;

/// The walk over one document.
pub(super) struct Walker<'a> {
    pub(super) file: &'a str,
    /// A 3.1 document (`$ref` siblings are meaningful there, ignored in 3.0).
    pub(super) v31: bool,
    /// `components.pathItems`, already lowered, for inlining path item `$ref`s.
    pub(super) path_items: Map<String, Value>,
    /// Each `$ref` met, in walk order.
    pub(super) refs: Vec<Ref>,
    /// Set by the caller of [`Walker::schema`] when the schema is a property.
    pub(super) property: bool,
}

impl<'a> Walker<'a> {
    fn err(&self, ptr: &str, message: impl Into<String>) -> Error {
        Error::at(self.file, ptr, message)
    }

    pub(super) fn document(&mut self, root: &mut Map<String, Value>) -> Result<(), Error> {
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
        if level > SCHEMA_DEPTH {
            return Err(self.err(
                ptr,
                format!("schemas are nested more than {SCHEMA_DEPTH} levels deep"),
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
