//! Rules that rewrite one schema (1 to 9, 12, 13).

use super::*;

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
