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
        "{HEAD}paths:\n  /a/{{id}}:\n    get:\n      parameters:\n        - {{name: id, in: path, required: true, style: matrix, schema: {{type: string}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    assert_eq!(e.pointer, "#/paths/~1a~1{id}/get/parameters/0");
    assert!(e.message.contains("simple"), "{e}");
}

#[test]
fn a_request_body_media_type_that_is_not_one_is_refused_with_its_pointer() {
    let e = error(&format!(
        "{HEAD}paths:\n  /a:\n    post:\n      requestBody:\n        content:\n          'tëxt/plain': {{}}\n      responses: {{'204': {{description: ok}}}}\n"
    ));
    assert_eq!(
        e.pointer,
        "#/paths/~1a/post/requestBody/content/tëxt~1plain"
    );
    assert!(e.message.contains("not a valid media type"), "{e}");
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

/// A `$ref` to a missing component of any kind, wherever it stands: the
/// error names the file, the pointer of the `$ref` and the missing target.
#[test]
fn a_ref_to_nothing_of_any_kind_names_the_file_and_pointer() {
    let op = |inner: &str| {
        format!(
            "{HEAD}paths:\n  /a:\n    post:\n{inner}components:\n  schemas:\n    S: {{type: string}}\n"
        )
    };
    let ok = "      responses: {'204': {description: ok}}\n";
    for (text, pointer, target) in [
        (
            op(&format!(
                "      requestBody: {{$ref: '#/components/requestBodies/Missing'}}\n{ok}"
            )),
            "#/paths/~1a/post/requestBody",
            "#/components/requestBodies/Missing",
        ),
        (
            op("      responses: {'200': {$ref: '#/components/responses/Missing'}}\n"),
            "#/paths/~1a/post/responses/200",
            "#/components/responses/Missing",
        ),
        (
            op(
                "      responses:\n        '200':\n          description: ok\n          headers:\n            X-Rate: {$ref: '#/components/headers/Missing'}\n",
            ),
            "#/paths/~1a/post/responses/200/headers/X-Rate",
            "#/components/headers/Missing",
        ),
        (
            op(&format!(
                "      parameters:\n        - {{name: q, in: query, schema: {{$ref: '#/components/schemas/Missing'}}}}\n{ok}"
            )),
            "#/paths/~1a/post/parameters/0/schema",
            "#/components/schemas/Missing",
        ),
        (
            op(&format!(
                "      requestBody:\n        content:\n          application/json:\n            schema:\n              type: array\n              items: {{$ref: '#/components/schemas/Missing'}}\n{ok}"
            )),
            "#/paths/~1a/post/requestBody/content/application~1json/schema/items",
            "#/components/schemas/Missing",
        ),
    ] {
        let e = error(&text);
        assert_eq!(e.file, "spec.yaml", "{e}");
        assert_eq!(e.pointer, pointer, "{e}");
        assert!(e.message.contains(target), "{e}");
        assert!(e.to_string().starts_with("spec.yaml: "), "{e}");
    }
}

/// A schema nested as deep as the reader allows (128 levels), generated from
/// a thread with the 2 MiB stack of a spawned thread: openapiv3's
/// deserializers alone overflowed that stack at 83 levels in a debug build
/// (found by the fuzzer), which aborts the process.
#[test]
fn a_schema_nested_to_the_readers_limit_does_not_overflow_the_stack() {
    let levels = 120;
    let mut schema = "{type: string}".to_string();
    for _ in 0..levels {
        schema = format!("{{type: array, items: {schema}}}");
    }
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
    let outcome = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(move || generate(&text).map(|_| ()))
        .expect("a thread")
        .join()
        .expect("no panic");
    if let Err(e) = outcome {
        assert!(e.to_string().starts_with("spec.yaml: "), "{e}");
    }
}

/// openapiv3 reads the subschemas again when something inside them fails:
/// an error 40 schemas deep took 2^40 attempts (found by the fuzzer). Each
/// schema is now checked where it stands, and the error names it.
#[test]
fn a_bad_schema_deep_down_is_reported_at_once_where_it_stands() {
    let mut schema = "{type: string, nullable: 'yes'}".to_string();
    for _ in 0..40 {
        schema = format!("{{allOf: [{schema}]}}");
    }
    let text = format!("{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    Deep: {schema}\n");
    let start = std::time::Instant::now();
    let e = error(&text);
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert_eq!(
        e.pointer,
        format!("#/components/schemas/Deep{}", "/allOf/0".repeat(40))
    );
    assert!(e.message.contains("not a valid Schema Object"), "{e}");
    assert!(e.message.contains("expected a boolean"), "{e}");
}

/// Whether `text` holds a character that acts on a terminal rather than
/// shows: a control character or a bidirectional control.
fn acts_on_a_terminal(text: &str) -> bool {
    text.chars().any(|c| {
        c.is_control() || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

#[test]
fn notes_print_spec_text_escaped() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/hostile_text.yaml"
    );
    let text = std::fs::read_to_string(path).expect("the hostile fixture");
    let output = generate(&text).unwrap_or_else(|e| panic!("{e}"));
    let union = output
        .notes
        .iter()
        .find(|n| n.contains("does not name every branch"))
        .unwrap_or_else(|| panic!("no note on the union: {:?}", output.notes));
    assert!(union.contains("`kind\\n\\n```\\nstd::fs::write"), "{union}");
    // Sequences that clear the screen, set the terminal's title and
    // reverse the text, in a path the note on its callbacks names.
    let output = generate(&format!(
        "{HEAD}paths:\n  \"/a\\e[2J\\e]0;pwned\\a\\u202Egnp.exe\":\n    get:\n      callbacks: {{c: {{}}}}\n      responses: {{'204': {{description: ok}}}}\n"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let callbacks = output
        .notes
        .iter()
        .find(|n| n.contains("callbacks are ignored"))
        .unwrap_or_else(|| panic!("no note on the callbacks: {:?}", output.notes));
    assert!(
        callbacks.starts_with(
            "#/paths/~1a\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\u{202e}gnp.exe/get/callbacks"
        ),
        "{callbacks}"
    );
    for note in &output.notes {
        assert!(!acts_on_a_terminal(note), "{note:?}");
    }
}

#[test]
fn errors_print_spec_text_escaped() {
    let e = error(&format!(
        "{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties:\n        \"b\\e[31m\": {{$ref: \"#/components/schemas/\\e]0;pwned\\a\\u202E\"}}\n"
    ));
    let shown = e.to_string();
    assert!(!acts_on_a_terminal(&shown), "{shown:?}");
    assert!(shown.contains("b\\u{1b}[31m"), "{shown}");
    assert!(
        shown.contains("#/components/schemas/\\u{1b}]0;pwned\\u{7}\\u{202e}"),
        "{shown}"
    );
}
