//! Rules of the document level, the walk, `$ref`s and errors (10, 11, 14, 15).

use super::*;
use crate::limits::SCHEMA_DEPTH;

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
        doc["paths"]["/a"]["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"]["encoding"]
            ["f"]["headers"]["H"]["schema"],
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
    assert_eq!(lowered(nested(SCHEMA_DEPTH)), nested(SCHEMA_DEPTH));
}

#[test]
fn nesting_past_the_limit_is_an_error() {
    let e = error(doc_with("3.1.0", nested(SCHEMA_DEPTH + 1)));
    let expected = format!("#/components/schemas/S{}", "/items".repeat(SCHEMA_DEPTH));
    assert_eq!(e.pointer, expected);
    assert_eq!(
        e.message,
        format!("schemas are nested more than {SCHEMA_DEPTH} levels deep")
    );
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
