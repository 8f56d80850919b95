//! Bad specs give one error naming the file and the JSON pointer; nothing
//! panics.

use generator::{Config, Error};

fn generate(text: &str) -> Result<generator::Output, Error> {
    generator::generate(text, "spec.yaml", &Config::for_crate("demo"))
}

fn error(text: &str) -> Error {
    match generate(text) {
        Ok(_) => panic!("expected an error for:\n{text}"),
        Err(e) => e,
    }
}

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\n";

#[test]
fn invalid_yaml_names_the_file_and_line() {
    let e = error("openapi: 3.1.0\ninfo: [unclosed\n");
    assert_eq!(e.file, "spec.yaml");
    assert!(e.message.contains("line"), "{e}");
    assert!(e.to_string().starts_with("spec.yaml: "), "{e}");
}

#[test]
fn a_ref_to_nothing_names_where_it_stands() {
    let e = error(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        b: {{$ref: '#/components/schemas/Missing'}}\n"
    ));
    assert_eq!(e.pointer, "#/components/schemas/A/properties/b");
    assert!(e.message.contains("#/components/schemas/Missing"), "{e}");
}

#[test]
fn an_unsupported_construct_names_its_pointer() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: session, in: cookie, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get/parameters/0");
    assert!(e.message.contains("cookie"), "{e}");
}

#[test]
fn a_non_json_request_body_is_refused_with_its_pointer() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          application/x-www-form-urlencoded:\n            schema: {{type: object}}\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/post/requestBody/content");
}

#[test]
fn a_path_parameter_missing_from_the_template_is_an_error() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a~1{id}/get");
    assert!(e.message.contains("{id}"), "{e}");
}

#[test]
fn swagger_2_is_refused_at_the_version() {
    let e = error("swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n");
    assert_eq!(e.pointer, "#/openapi");
}

#[test]
fn a_document_that_is_not_a_mapping_is_refused() {
    let e = error("- just\n- a list\n");
    assert_eq!(e.file, "spec.yaml");
}

#[test]
fn a_wrongly_typed_field_names_its_pointer() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses: 42\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get/responses");
}

#[test]
fn a_schema_that_is_its_own_alias_is_refused() {
    let e = error(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n"
    ));
    assert!(e.pointer.starts_with("#/components/schemas/"), "{e}");
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "",
        "~",
        "{",
        "openapi: 3.1.0",
        "openapi: 3.1.0\ninfo: 5\npaths: {}",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {/a: {get: {responses: {'200': {content: {application/json: {schema: {type: [1, 2]}}}}}}}}",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {allOf: [{$ref: '#/components/schemas/A'}, {type: object}]}}}",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents: {schemas: {A: {type: object, properties: {'': {type: string}, '1': {type: string}, '$': {type: string}}}}}}",
        "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths: {'/{a}/{a}': {get: {parameters: [{name: a, in: path, required: true, schema: {type: string}}], responses: {}}}}",
    ];
    for input in inputs {
        let _ = generate(input);
    }
}

#[test]
fn an_all_of_through_a_ref_cycle_is_an_error() {
    let e = error(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A: {{$ref: '#/components/schemas/B'}}\n    B: {{$ref: '#/components/schemas/A'}}\n    C:\n      allOf:\n        - $ref: '#/components/schemas/A'\n        - {{type: object, properties: {{x: {{type: string}}}}}}\n"
    ));
    assert!(
        e.message.contains("cycle") || e.message.contains("itself"),
        "{e}"
    );
}

#[test]
fn a_parameter_ref_to_nothing_names_where_it_stands() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      parameters: [{{$ref: '#/components/parameters/Missing'}}]\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get/parameters/0");
    assert!(e.message.contains("no such component parameter"), "{e}");
}

#[test]
fn a_response_ref_cycle_is_an_error() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    get:\n      responses: {{'200': {{$ref: '#/components/responses/R1'}}}}\ncomponents:\n  responses:\n    R1: {{$ref: '#/components/responses/R2'}}\n    R2: {{$ref: '#/components/responses/R1'}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a/get/responses/200");
    assert!(e.message.contains("cycle"), "{e}");
}
