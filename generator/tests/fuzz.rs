//! Fuzzing the generator: no input may panic, hang or take more than a few
//! seconds; a spec it cannot handle is an `Err` that names the file.
//!
//! Seeds are the fixture specs and the small-to-medium public specs in
//! `../shared/specs/corpus/` (read from there; skipped, with a printed
//! reason, when absent), less the operations and components the generator
//! refuses as they are (so that mutations reach past the first error). Each
//! case takes one seed and applies one to six random mutations at random
//! places of its JSON value: drop a key or an array element; swap a value's
//! type; point `$ref`s at missing, cyclic, self, external, malformed or
//! wrongly-kinded targets; wrap a schema in up to 200 levels of `allOf`,
//! `oneOf`, `anyOf`, `items`, `additionalProperties`, `not` and properties;
//! add chains of up to 3000 component schemas referring to the next (or in
//! a cycle); rename keys and replace strings (the names the generator turns
//! into Rust more often than others: operationIds, tags, parameters,
//! properties, enum values, component and path keys) with huge (10,000
//! characters), unicode, empty, keyword, symbol and colliding names;
//! duplicate components (also under names that collide after case
//! conversion); add schema keywords and OpenAPI fields in odd places; add
//! paths with odd templates; change or remove the `openapi` version. The
//! result is written as YAML or JSON (sometimes cut short or with junk
//! spliced in) and given to `generator::generate` on a thread with a 2 MiB
//! stack, half the time with `Config::conformance_tests` on.
//!
//! A case fails when the generator panics, aborts (a stack overflow), hangs,
//! returns an internal error (Rust that does not parse) or an error whose
//! `Display` does not start with the file name or says nothing, or takes
//! longer than the time limit: 10 s in a debug build (3 s in a release
//! build; `FUZZ_TIME_LIMIT_SECS` sets it) plus four times what the
//! unmutated seed takes. The seed's own time (under a second for the
//! largest, oxide-nexus, in a debug build on an idle machine) scales the
//! limit with the machine's load; a case over the limit is compared with
//! the seed timed again before it fails. A case with no answer after three
//! times the limit has hung: it fails as it was found, not shrunk (its
//! thread cannot be stopped). proptest runs the cases in a child process, so
//! a stack overflow (or a hang that stops the process) ends only the child
//! and is reported, and shrunk, like a panic.
//!
//! Bounded for CI (`cargo test -p generator --test fuzz`: 256 cases over the
//! small seeds, 64 over the medium ones, 32 over oxide-nexus, a fixed RNG
//! seed; 15 s in a debug build on 2 idle cores, under a minute on busy
//! ones). For a longer local run:
//!
//! ```text
//! FUZZ_CASES=5000 FUZZ_SEED=random cargo test -p generator --release --test fuzz -- --nocapture
//! ```
//!
//! (`FUZZ_CASES` cases per group; `FUZZ_SEED=<n>` replays a run.) A failing
//! input is written to `target/fuzz-failures/`: the spec as given to the
//! generator, and a `.txt` with the seed spec, the mutations and the
//! failure; `cargo xtask codegen --spec target/fuzz-failures/<file> --out
//! /tmp/x` reproduces it. The input of the running case is kept in
//! `target/fuzz-failures/in-flight-<group>.txt` until the case ends. proptest
//! records the RNG seed of a failing case in `fuzz-regressions/<group>.txt`
//! beside this file and replays those cases first on every run.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, mpsc};
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{
    Config as RunnerConfig, FileFailurePersistence, RngSeed, TestCaseError, TestError, TestRunner,
};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// Seeds

/// Corpus specs small enough to fuzz (under ~500 KB), by group.
const SMALL_CORPUS: &[&str] = &[
    "oai30-petstore.yaml",
    "oai30-petstore-expanded.yaml",
    "oai30-api-with-examples.yaml",
    "oai30-callback-example.yaml",
    "oai30-link-example.yaml",
    "oai30-uspto.yaml",
    "oai31-webhook-example.yaml",
    "oai31-non-oauth-scopes.yaml",
    "petstore31-ospv.yaml",
    "progenitor-param-collision.json",
];
const MEDIUM_CORPUS: &[&str] = &[
    "opc-baseline-3.0.json",
    "opc-baseline-3.1.yaml",
    "k8s-apiextensions-v1.json",
];
const LARGE_CORPUS: &[&str] = &["oxide-nexus.json"];

struct Seed {
    name: String,
    /// The seed spec, without the parts the generator refuses.
    value: Value,
    /// How long the generator takes on it, measured when first needed.
    baseline: OnceLock<Duration>,
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = root().join("../shared/specs/corpus");
    dir.is_dir().then_some(dir)
}

fn load_seed(path: &Path) -> Option<Seed> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match generator::read(&text, &name) {
        Ok(value) => Some(Seed {
            value: accepted_part(&name, value),
            name,
            baseline: OnceLock::new(),
        }),
        Err(e) => panic!("seed spec does not read: {e}"),
    }
}

/// The seed without the parts the generator refuses: a mutation of a spec
/// that stops at its first operation reaches little of the generator. While
/// `load` fails, the operation or component its error points at (or the
/// node, when it is less deep) is removed, at most 50 times.
fn accepted_part(name: &str, mut value: Value) -> Value {
    let mut dropped = Vec::new();
    for _ in 0..50 {
        let text = serde_json::to_string(&value).expect("a JSON value serializes");
        let Err(e) = generator::load(&text, name) else {
            break;
        };
        // The deepest node on the way to the pointer, one level up for each
        // time it was dropped before without a change.
        let mut path = Vec::new();
        for (i, _) in e.pointer.match_indices('/') {
            match resolve(&value, &e.pointer[..i]) {
                Some(p) => path = p,
                None => break,
            }
        }
        if let Some(p) = resolve(&value, &e.pointer) {
            path = p;
        }
        // A whole operation or component at once: fewer rounds.
        let repeats = dropped.iter().filter(|d| **d == e.pointer).count();
        path.truncate(path.len().saturating_sub(repeats).min(3));
        if path.is_empty() {
            println!("{name}: the seed is refused as a whole, fuzzed as it is: {e}");
            break;
        }
        let (last, parent) = path.split_last().expect("non-empty path");
        match (get_mut(&mut value, parent), last) {
            (Some(Value::Object(o)), Seg::Key(k)) => {
                o.shift_remove(k);
            }
            (Some(Value::Array(a)), Seg::Idx(i)) => {
                a.remove(*i);
            }
            _ => break,
        }
        dropped.push(e.pointer);
    }
    if !dropped.is_empty() {
        println!(
            "{name}: fuzzing without {} parts the generator refuses: {dropped:?}",
            dropped.len()
        );
    }
    value
}

fn fixture_seeds() -> Vec<Seed> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join("generator/tests/fixtures"))
        .expect("fixtures directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths.iter().filter_map(|p| load_seed(p)).collect()
}

fn corpus_seeds(files: &[&str]) -> Vec<Seed> {
    match corpus_dir() {
        Some(dir) => files
            .iter()
            .filter_map(|f| load_seed(&dir.join(f)))
            .collect(),
        None => {
            println!(
                "skipping the corpus seeds {files:?}: {} is absent",
                root().join("../shared/specs/corpus").display()
            );
            Vec::new()
        }
    }
}

// ---------------------------------------------------------------------------
// Mutations

/// Where in the document a mutation applies: one of the nodes that fit it,
/// in document order (an `Index` is a fraction of their number).
type At = Index;

#[derive(Debug, Clone)]
enum Mutation {
    /// Remove a node from its object (a key) or array (an element).
    Drop(At),
    /// Replace a node by a value of another JSON type.
    SwapType(At, Kind),
    /// Point a `$ref` (or put one in a schema) somewhere odd.
    Ref(At, RefTarget, bool),
    /// Wrap a schema in layers of composition.
    Deepen(At, Vec<Wrapper>),
    /// Rename an object key.
    Rename(At, Name),
    /// Replace a string value.
    SetString(At, Name),
    /// Replace a name the generator turns into Rust: an operationId, a
    /// parameter or property name, a tag, an enum value, a title, a key of
    /// `properties`, `components.schemas`, `paths`, `responses`, `content`...
    Rename2(At, Name),
    /// Copy a component (or, when the flag is set, any object member) under
    /// another key beside it.
    Duplicate(At, Name, bool),
    /// Add or replace a schema keyword in a schema.
    SchemaKeyword(At, usize),
    /// Add or replace an OpenAPI field in any object.
    Field(At, usize),
    /// Add a path with an odd template.
    AddPath(usize, bool),
    /// Change (or remove) the `openapi` version.
    Version(usize),
    /// Add a chain of component schemas, each wrapping a `$ref` to the next
    /// (back to the first when the flag is set): nesting that no parser's
    /// depth limit sees.
    Chain(usize, Wrapper, bool),
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    String,
    Number(usize),
    Bool,
    Null,
    WrapArray,
    EmptyArray,
    WrapObject,
    EmptyObject,
}

#[derive(Debug, Clone)]
enum RefTarget {
    Missing,
    ItSelf,
    /// A to B and B back to A, when the `$ref` resolves inside the document.
    Cycle,
    /// Any node of the document.
    AnyNode(At),
    /// A component of any kind (a parameter where a schema is expected).
    Component(At),
    Literal(usize),
    WeirdComponent(Name),
}

#[derive(Debug, Clone, Copy)]
enum Wrapper {
    AllOf,
    OneOf,
    AnyOf,
    Items,
    AdditionalProperties,
    Not,
    Property,
    NullableAllOf,
}

#[derive(Debug, Clone)]
enum Name {
    Huge(usize),
    Unicode(usize),
    Empty,
    Keyword(usize),
    Symbol(usize),
    /// A variant of the old name that collides with it after case conversion.
    Variant(usize),
    Random(String),
}

const NUMBERS: &[f64] = &[0.0, -1.0, 1.5, 1e300, -1e300, 18446744073709551615.0, 3.0];

const HUGE_CHARS: &[char] = &['a', 'A', '_', 'é', '{', '/', '~', '😀', '9', ' '];

#[rustfmt::skip]
const UNICODE: &[&str] = &[
    "ñandú", "日本語", "😀", "\u{200b}", "e\u{301}", "مرحبا", "Ω", "ǅ", "ß", "İ", "\u{0}",
    "a\u{feff}b", "１２３", "Straße_STRASSE",
];

#[rustfmt::skip]
const KEYWORDS: &[&str] = &[
    "type", "self", "Self", "crate", "super", "fn", "r#type", "async", "await", "dyn", "try",
    "union", "gen", "_", "__", "Option", "String", "Result", "Vec", "Box", "Default", "Some",
    "None", "Ok", "Err", "Client", "Error", "models", "main", "std", "core", "serde", "mod",
    "impl", "where", "static", "const", "ref", "move", "Unknown", "Variant1", "new", "builder",
    "prelude", "Call", "webhooks", "resources",
];

#[rustfmt::skip]
const SYMBOLS: &[&str] = &[
    "{", "}", "/", "~", "~0", "~1", "$", "$ref", "#", "..", ".", "-", "--", "0", "123abc", "a b",
    "a\tb", "a\nb", "\"", "'", "\\", "*/", "/*", "`", "```", "<script>", "%20", "?", "&", "=", ":",
    "{id}", "a.b", "a::b", "r#", "#[", "]", "\r\n", "x-", "'; DROP",
];

#[rustfmt::skip]
const REF_LITERALS: &[&str] = &[
    "", "#", "#/", "other.yaml", "other.yaml#/components/schemas/Pet",
    "https://example.com/openapi.json#/components/schemas/Pet", "#/components/schemas/",
    "#components/schemas/Pet", "#/components/schemas/A~2B", "#/components/schemas/%7Bbad%7D",
    "#/components/schemas/~", "#/definitions/Pet", "#/components/schemas/Pet/properties/0",
    "#/info", "#/paths", "#/components", "#/components/schemas", "#/components/parameters/Nope",
    "#/components/responses/Nope", "#/components/requestBodies/Nope",
    "#/components/headers/Nope", "#/components/schemas/Pet#/x", "#/components/schemas/\u{0}",
    "##",
];

#[rustfmt::skip]
const VERSIONS: &[&str] = &[
    "3.0.0", "3.0.3", "3.1.0", "3.1.1", "3.2.0", "2.0", "", "4.0.0", "3", "3.1", "3.0",
    "number", "remove", "3.1.0-rc0",
];

const CHAIN_LENGTHS: &[usize] = &[2, 10, 100, 1000, 3000];

fn schema_keyword(i: usize) -> (&'static str, Value) {
    let all: [(&'static str, Value); 48] = [
        ("nullable", json!(true)),
        ("nullable", json!("yes")),
        ("type", json!(["string", "null"])),
        ("type", json!(["null"])),
        ("type", json!([])),
        ("type", json!("null")),
        ("type", json!(["string", "integer", "object"])),
        ("type", json!("array")),
        ("type", json!("object")),
        ("type", json!("integer")),
        ("type", json!("file")),
        ("const", json!("fixed")),
        ("const", json!(null)),
        ("const", json!({"a": 1})),
        ("enum", json!([])),
        ("enum", json!([null])),
        (
            "enum",
            json!(["", "a", "A", "a-", "a_", "1", "self", "Unknown"]),
        ),
        ("enum", json!([1, "1", true, 1.5, {"a": 1}])),
        ("required", json!(["nope"])),
        ("required", json!([])),
        ("required", json!("yes")),
        ("discriminator", json!({"propertyName": "kind"})),
        (
            "discriminator",
            json!({"propertyName": "", "mapping": {"a": "#/nope", "": "Pet"}}),
        ),
        ("format", json!("date-time")),
        ("format", json!("int8")),
        ("format", json!("uint64")),
        ("format", json!("binary")),
        ("format", json!("🙃")),
        ("additionalProperties", json!(false)),
        ("additionalProperties", json!(true)),
        ("additionalProperties", json!({})),
        ("properties", json!({})),
        (
            "properties",
            json!({"": {}, "a b": {"type": "string"}, "A_B": {"type": "string"}}),
        ),
        ("items", json!({})),
        ("items", json!([{"type": "string"}])),
        ("minimum", json!(1e308)),
        ("exclusiveMinimum", json!(true)),
        ("exclusiveMaximum", json!(5)),
        ("readOnly", json!(true)),
        ("writeOnly", json!(true)),
        ("default", json!({"weird": [null]})),
        ("examples", json!([1, "x", null])),
        ("$recursiveRef", json!("#")),
        ("patternProperties", json!({"^x": {"type": "string"}})),
        ("title", json!("")),
        (
            "description",
            json!(
                "*/ ``` \u{0} </doc> [link](javascript:x) # Heading\n\n```rust\nfn main() { panic!() }\n```"
            ),
        ),
        ("oneOf", json!([])),
        ("allOf", json!([{}, true, {"$ref": "#"}])),
    ];
    let (k, v) = &all[i % all.len()];
    (k, v.clone())
}

fn field(i: usize) -> (&'static str, Value) {
    let ok = json!({"200": {"description": "ok"}});
    let all: [(&'static str, Value); 40] = [
        ("in", json!("cookie")),
        ("in", json!("path")),
        ("in", json!("header")),
        ("in", json!("querystring")),
        ("style", json!("deepObject")),
        ("style", json!("form")),
        ("style", json!("matrix")),
        ("style", json!("pipeDelimited")),
        ("explode", json!(true)),
        ("required", json!(true)),
        ("required", json!(false)),
        ("content", json!({})),
        ("content", json!({"application/json": {}})),
        (
            "content",
            json!({"text/plain": {"schema": {"type": "string"}}}),
        ),
        (
            "content",
            json!({"multipart/form-data": {"schema": {"type": "object"}}}),
        ),
        (
            "content",
            json!({"application/json": {"schema": {"type": "string"}}, "application/xml": {"schema": {"type": "integer"}}}),
        ),
        ("schema", json!({})),
        ("schema", json!(true)),
        ("responses", json!({})),
        ("responses", json!({"default": {"description": "d"}})),
        (
            "responses",
            json!({"200": {"description": "a", "content": {"application/json": {"schema": {"type": "integer"}}}},
                   "201": {"description": "b", "content": {"application/json": {"schema": {"type": "string"}}}},
                   "204": {"description": "none"},
                   "4XX": {"description": "err", "content": {"application/json": {"schema": {"type": "object"}}}}}),
        ),
        ("operationId", json!("get")),
        ("operationId", json!("")),
        ("tags", json!([])),
        ("tags", json!(["", "a/b", "A B", "a_b"])),
        ("security", json!([{"nope": []}])),
        (
            "servers",
            json!([{"url": "{scheme}://x/{v}", "variables": {}}]),
        ),
        ("servers", json!([{"url": ""}])),
        (
            "parameters",
            json!([{"name": "id", "in": "path", "schema": {"type": "string"}}, {"name": "id", "in": "query", "schema": {"type": "string"}}]),
        ),
        (
            "parameters",
            json!([{"$ref": "#/components/parameters/Nope"}]),
        ),
        (
            "requestBody",
            json!({"content": {"application/json": {"schema": {"type": "string"}}}}),
        ),
        (
            "requestBody",
            json!({"$ref": "#/components/requestBodies/Nope"}),
        ),
        (
            "webhooks",
            json!({"e": {"post": {"requestBody": {"content": {"application/json": {"schema": {"type": "object", "properties": {"type": {"const": "e"}}}}}}, "responses": ok}}}),
        ),
        (
            "x-webhooks",
            json!({"": {"post": {"responses": ok}}, "a": {"$ref": "#/nope"}}),
        ),
        (
            "securitySchemes",
            json!({"k": {"type": "apiKey", "in": "cookie", "name": "k"}}),
        ),
        (
            "securitySchemes",
            json!({"o": {"type": "oauth2", "flows": {}}, "h": {"type": "http", "scheme": "basic"}}),
        ),
        ("deprecated", json!(true)),
        (
            "description",
            json!("*/ ``` \u{0} </doc>\n\n    indented code"),
        ),
        ("get", json!({"responses": ok})),
        (
            "post",
            json!({"operationId": "post", "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#"}}}}, "responses": ok}),
        ),
    ];
    let (k, v) = &all[i % all.len()];
    (k, v.clone())
}

#[rustfmt::skip]
const TEMPLATES: &[&str] = &[
    "/{id}/{id}", "/{}", "/{id", "/id}", "/{ id }", "no-leading-slash", "/{😀}",
    "/a/{id}{other}", "//", "/", "", "/{id}", "/a/{id}.json", "/{id}/../x", "/a?b=c", "/a#frag",
    "/{i~d}", "/{i/d}",
];

// ---------------------------------------------------------------------------
// Strategies

fn name() -> impl Strategy<Value = Name> {
    prop_oneof![
        1 => (0..HUGE_CHARS.len()).prop_map(Name::Huge),
        2 => (0..UNICODE.len()).prop_map(Name::Unicode),
        1 => Just(Name::Empty),
        3 => (0..KEYWORDS.len()).prop_map(Name::Keyword),
        3 => (0..SYMBOLS.len()).prop_map(Name::Symbol),
        3 => (0..8usize).prop_map(Name::Variant),
        2 => prop::collection::vec(any::<char>(), 0..24)
            .prop_map(|c| Name::Random(c.into_iter().collect())),
    ]
}

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::String),
        (0..NUMBERS.len()).prop_map(Kind::Number),
        Just(Kind::Bool),
        Just(Kind::Null),
        Just(Kind::WrapArray),
        Just(Kind::EmptyArray),
        Just(Kind::WrapObject),
        Just(Kind::EmptyObject),
    ]
}

fn ref_target() -> impl Strategy<Value = RefTarget> {
    prop_oneof![
        2 => Just(RefTarget::Missing),
        2 => Just(RefTarget::ItSelf),
        3 => Just(RefTarget::Cycle),
        2 => any::<Index>().prop_map(RefTarget::AnyNode),
        2 => any::<Index>().prop_map(RefTarget::Component),
        3 => (0..REF_LITERALS.len()).prop_map(RefTarget::Literal),
        1 => name().prop_map(RefTarget::WeirdComponent),
    ]
}

fn wrapper() -> impl Strategy<Value = Wrapper> {
    prop_oneof![
        Just(Wrapper::AllOf),
        Just(Wrapper::OneOf),
        Just(Wrapper::AnyOf),
        Just(Wrapper::Items),
        Just(Wrapper::AdditionalProperties),
        Just(Wrapper::Not),
        Just(Wrapper::Property),
        Just(Wrapper::NullableAllOf),
    ]
}

fn wrappers() -> impl Strategy<Value = Vec<Wrapper>> {
    prop_oneof![
        8 => prop::collection::vec(wrapper(), 1..8),
        2 => prop::collection::vec(wrapper(), 20..70),
        1 => prop::collection::vec(wrapper(), 100..200),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = any::<Index>;
    prop_oneof![
        3 => at().prop_map(Mutation::Drop),
        2 => (at(), kind()).prop_map(|(a, k)| Mutation::SwapType(a, k)),
        4 => (at(), ref_target(), any::<bool>()).prop_map(|(a, t, s)| Mutation::Ref(a, t, s)),
        3 => (at(), wrappers()).prop_map(|(a, w)| Mutation::Deepen(a, w)),
        3 => (at(), name()).prop_map(|(a, n)| Mutation::Rename(a, n)),
        2 => (at(), name()).prop_map(|(a, n)| Mutation::SetString(a, n)),
        4 => (at(), name()).prop_map(|(a, n)| Mutation::Rename2(a, n)),
        2 => (at(), name(), any::<bool>()).prop_map(|(a, n, m)| Mutation::Duplicate(a, n, m)),
        4 => (at(), any::<usize>()).prop_map(|(a, k)| Mutation::SchemaKeyword(a, k)),
        3 => (at(), any::<usize>()).prop_map(|(a, k)| Mutation::Field(a, k)),
        1 => (0..TEMPLATES.len(), any::<bool>()).prop_map(|(t, p)| Mutation::AddPath(t, p)),
        1 => (0..VERSIONS.len()).prop_map(Mutation::Version),
        1 => (0..CHAIN_LENGTHS.len(), wrapper(), any::<bool>())
            .prop_map(|(n, w, c)| Mutation::Chain(n, w, c)),
    ]
}

/// What is done to the serialized text, after the mutations.
#[derive(Debug, Clone)]
enum TextEdit {
    None,
    /// Cut the text at a place.
    Truncate(Index),
    /// Insert text at a place.
    Splice(Index, usize),
}

#[rustfmt::skip]
const SPLICES: &[&str] = &[
    "{", "\n  - ", ": [", "\t", "\u{0}", "&a *a", "!!binary x", "'", "\n<<: *x\n",
];

fn text_edit() -> impl Strategy<Value = TextEdit> {
    prop_oneof![
        30 => Just(TextEdit::None),
        1 => any::<Index>().prop_map(TextEdit::Truncate),
        1 => (any::<Index>(), 0..SPLICES.len()).prop_map(|(i, s)| TextEdit::Splice(i, s)),
    ]
}

#[derive(Debug, Clone)]
struct Case {
    seed: usize,
    mutations: Vec<Mutation>,
    json: bool,
    edit: TextEdit,
    /// Also emit `tests/conformance.rs` (`Config::conformance_tests`).
    conformance: bool,
}

fn case(seeds: usize) -> impl Strategy<Value = Case> {
    (
        0..seeds,
        prop::collection::vec(mutation(), 1..7),
        any::<bool>(),
        text_edit(),
        any::<bool>(),
    )
        .prop_map(|(seed, mutations, json, edit, conformance)| Case {
            seed,
            mutations,
            json,
            edit,
            conformance,
        })
}

// ---------------------------------------------------------------------------
// Applying mutations

#[derive(Debug, Clone, PartialEq)]
enum Seg {
    Key(String),
    Idx(usize),
}

fn pointer(path: &[Seg]) -> String {
    let mut p = "#".to_string();
    for seg in path {
        p.push('/');
        match seg {
            Seg::Key(k) => p.push_str(&k.replace('~', "~0").replace('/', "~1")),
            Seg::Idx(i) => {
                let _ = write!(p, "{i}");
            }
        }
    }
    p
}

/// Calls `f` on every node in document order, with its path; stops when it
/// returns true.
fn walk(v: &Value, path: &mut Vec<Seg>, f: &mut dyn FnMut(&[Seg], &Value) -> bool) -> bool {
    if f(path, v) {
        return true;
    }
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                path.push(Seg::Key(k.clone()));
                let stop = walk(child, path, f);
                path.pop();
                if stop {
                    return true;
                }
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                path.push(Seg::Idx(i));
                let stop = walk(child, path, f);
                path.pop();
                if stop {
                    return true;
                }
            }
        }
        _ => {}
    }
    false
}

/// The path of the `at`-th node that `fits`, if any does.
fn pick(doc: &Value, at: &Index, fits: &dyn Fn(&[Seg], &Value) -> bool) -> Option<Vec<Seg>> {
    let mut count = 0usize;
    walk(doc, &mut Vec::new(), &mut |p, v| {
        count += usize::from(fits(p, v));
        false
    });
    if count == 0 {
        return None;
    }
    let mut wanted = at.index(count);
    let mut found = None;
    walk(doc, &mut Vec::new(), &mut |p, v| {
        if fits(p, v) {
            if wanted == 0 {
                found = Some(p.to_vec());
                return true;
            }
            wanted -= 1;
        }
        false
    });
    found
}

fn get_mut<'a>(doc: &'a mut Value, path: &[Seg]) -> Option<&'a mut Value> {
    let mut v = doc;
    for seg in path {
        v = match seg {
            Seg::Key(k) => v.as_object_mut()?.get_mut(k)?,
            Seg::Idx(i) => v.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(v)
}

/// Resolves a local `$ref` (`#/a/b`) to a path, when it names a node.
fn resolve(doc: &Value, reference: &str) -> Option<Vec<Seg>> {
    let rest = reference.strip_prefix('#')?;
    let mut path = Vec::new();
    let mut v = doc;
    if rest.is_empty() {
        return Some(path);
    }
    for token in rest.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        match v {
            Value::Object(m) => {
                v = m.get(&token)?;
                path.push(Seg::Key(token));
            }
            Value::Array(a) => {
                let i: usize = token.parse().ok()?;
                v = a.get(i)?;
                path.push(Seg::Idx(i));
            }
            _ => return None,
        }
    }
    Some(path)
}

/// Whether a node is a name the generator turns into Rust: a string value
/// (`operationId`, a tag, ...) or, for an object member, its key.
fn is_name(path: &[Seg], v: &Value) -> bool {
    is_name_value(path, v) || is_name_key(path)
}

fn parent_key(path: &[Seg]) -> &str {
    match path.len().checked_sub(2).and_then(|i| path.get(i)) {
        Some(Seg::Key(k)) => k,
        _ => "",
    }
}

/// `operationId`, `name`, `title`, `propertyName`, or an item of `tags`,
/// `enum` or `required`.
fn is_name_value(path: &[Seg], v: &Value) -> bool {
    v.is_string()
        && match path.last() {
            Some(Seg::Key(k)) => {
                matches!(
                    k.as_str(),
                    "operationId" | "name" | "title" | "propertyName"
                )
            }
            Some(Seg::Idx(_)) => matches!(parent_key(path), "tags" | "enum" | "required"),
            None => false,
        }
}

/// A member of `properties`, `schemas`, `paths`, `responses`, ...
fn is_name_key(path: &[Seg]) -> bool {
    matches!(path.last(), Some(Seg::Key(_)))
        && matches!(
            parent_key(path),
            "properties"
                | "schemas"
                | "paths"
                | "responses"
                | "content"
                | "parameters"
                | "securitySchemes"
                | "webhooks"
                | "x-webhooks"
                | "mapping"
                | "headers"
                | "requestBodies"
                | "callbacks"
        )
}

/// Whether a node stands where a schema is expected.
fn is_schema(path: &[Seg], v: &Value) -> bool {
    if !(v.is_object() || v.is_boolean()) {
        return false;
    }
    let n = path.len();
    let key = |i: usize| match path.get(i) {
        Some(Seg::Key(k)) => k.as_str(),
        _ => "",
    };
    match path.last() {
        Some(Seg::Key(k)) => {
            matches!(
                k.as_str(),
                "schema" | "items" | "additionalProperties" | "not"
            ) || (n >= 2 && matches!(key(n - 2), "schemas" | "properties" | "patternProperties"))
        }
        Some(Seg::Idx(_)) => n >= 2 && matches!(key(n - 2), "allOf" | "oneOf" | "anyOf"),
        None => false,
    }
}

fn name_text(name: &Name, old: &str) -> String {
    match name {
        Name::Huge(i) => std::iter::repeat_n(HUGE_CHARS[*i % HUGE_CHARS.len()], 10_000).collect(),
        Name::Unicode(i) => UNICODE[*i % UNICODE.len()].to_string(),
        Name::Empty => String::new(),
        Name::Keyword(i) => KEYWORDS[*i % KEYWORDS.len()].to_string(),
        Name::Symbol(i) => SYMBOLS[*i % SYMBOLS.len()].to_string(),
        Name::Variant(i) => match i % 8 {
            0 => old.to_uppercase(),
            1 => old.to_lowercase(),
            2 => format!("{old}_"),
            3 => format!("_{old}"),
            4 => format!("{old}2"),
            5 => format!("{old} "),
            6 => old.replace(['_', '-'], ""),
            _ => {
                let mut c = old.chars();
                match c.next() {
                    Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
                    Some(f) => f.to_lowercase().chain(c).collect(),
                    None => "x".to_string(),
                }
            }
        },
        Name::Random(s) => s.clone(),
    }
}

fn swapped(old: &Value, kind: Kind) -> Value {
    match kind {
        Kind::String => match old {
            Value::String(s) => Value::String(format!("{s}!")),
            Value::Null => json!("null"),
            Value::Bool(b) => json!(b.to_string()),
            Value::Number(n) => json!(n.to_string()),
            other => json!(other.to_string()),
        },
        Kind::Number(i) => {
            let n = NUMBERS[i % NUMBERS.len()];
            if n.fract() == 0.0 && n.abs() < 1e15 {
                json!(n as i64)
            } else {
                json!(n)
            }
        }
        Kind::Bool => json!(!old.as_bool().unwrap_or(false)),
        Kind::Null => Value::Null,
        Kind::WrapArray => json!([old]),
        Kind::EmptyArray => json!([]),
        Kind::WrapObject => json!({ "value": old }),
        Kind::EmptyObject => json!({}),
    }
}

fn wrap(v: Value, w: Wrapper) -> Value {
    match w {
        Wrapper::AllOf => json!({ "allOf": [v] }),
        Wrapper::OneOf => json!({ "oneOf": [v, {"type": "string"}] }),
        Wrapper::AnyOf => json!({ "anyOf": [v] }),
        Wrapper::Items => json!({ "type": "array", "items": v }),
        Wrapper::AdditionalProperties => json!({ "type": "object", "additionalProperties": v }),
        Wrapper::Not => json!({ "not": v }),
        Wrapper::Property => {
            json!({ "type": "object", "properties": { "p": v }, "required": ["p"] })
        }
        Wrapper::NullableAllOf => json!({ "allOf": [v], "nullable": true }),
    }
}

/// Sets `key` in the object at `path` (turning a `true`/`false` schema into
/// an object).
fn set_key(doc: &mut Value, path: &[Seg], key: &str, value: Value) {
    if let Some(node) = get_mut(doc, path) {
        if !node.is_object() {
            *node = json!({});
        }
        if let Some(m) = node.as_object_mut() {
            m.insert(key.to_string(), value);
        }
    }
}

/// Rebuilds an object with one key renamed, in place.
fn rename_key(m: &mut Map<String, Value>, old: &str, new: String) {
    let entries = std::mem::take(m);
    for (k, v) in entries {
        if k == old {
            m.insert(new.clone(), v);
        } else {
            m.insert(k, v);
        }
    }
}

fn apply(doc: &mut Value, m: &Mutation) {
    let any = |p: &[Seg], _: &Value| !p.is_empty();
    match m {
        Mutation::Drop(at) => {
            let Some(path) = pick(doc, at, &any) else {
                return;
            };
            let (last, parent) = path.split_last().expect("non-empty path");
            match (get_mut(doc, parent), last) {
                (Some(Value::Object(o)), Seg::Key(k)) => {
                    o.shift_remove(k);
                }
                (Some(Value::Array(a)), Seg::Idx(i)) => {
                    a.remove(*i);
                }
                _ => {}
            }
        }
        Mutation::SwapType(at, kind) => {
            let Some(path) = pick(doc, at, &any) else {
                return;
            };
            if let Some(node) = get_mut(doc, &path) {
                *node = swapped(node, *kind);
            }
        }
        Mutation::Ref(at, target, keep_siblings) => {
            let has_ref = |_: &[Seg], v: &Value| v.get("$ref").is_some();
            let path = pick(doc, at, &has_ref).or_else(|| pick(doc, at, &is_schema));
            let Some(path) = path else { return };
            let here = pointer(&path);
            let target = match target {
                RefTarget::Missing => "#/components/schemas/DoesNotExist".to_string(),
                RefTarget::ItSelf => here.clone(),
                RefTarget::Cycle => {
                    let old = get_mut(doc, &path)
                        .and_then(|v| v.get("$ref"))
                        .and_then(Value::as_str)
                        .map(str::to_string);
                    match old.and_then(|r| resolve(doc, &r).map(|p| (r, p))) {
                        Some((old, there)) if !there.is_empty() && !path.starts_with(&there) => {
                            if let Some(node) = get_mut(doc, &there) {
                                *node = json!({ "$ref": here });
                            }
                            old
                        }
                        _ => here.clone(),
                    }
                }
                RefTarget::AnyNode(i) => pick(doc, i, &any).map_or(here.clone(), |p| pointer(&p)),
                RefTarget::Component(i) => {
                    let component = |p: &[Seg], _: &Value| {
                        p.len() == 3 && p[0] == Seg::Key("components".to_string())
                    };
                    pick(doc, i, &component).map_or(here.clone(), |p| pointer(&p))
                }
                RefTarget::Literal(i) => REF_LITERALS[*i % REF_LITERALS.len()].to_string(),
                RefTarget::WeirdComponent(n) => {
                    format!("#/components/schemas/{}", name_text(n, "Pet"))
                }
            };
            if *keep_siblings {
                set_key(doc, &path, "$ref", json!(target));
            } else if let Some(node) = get_mut(doc, &path) {
                *node = json!({ "$ref": target });
            }
        }
        Mutation::Deepen(at, wrappers) => {
            let Some(path) = pick(doc, at, &is_schema) else {
                return;
            };
            if let Some(node) = get_mut(doc, &path) {
                let mut v = node.take();
                for w in wrappers {
                    v = wrap(v, *w);
                }
                *node = v;
            }
        }
        Mutation::Rename(at, name) => {
            let keyed = |p: &[Seg], _: &Value| matches!(p.last(), Some(Seg::Key(_)));
            let Some(path) = pick(doc, at, &keyed) else {
                return;
            };
            let (last, parent) = path.split_last().expect("non-empty path");
            if let (Some(Value::Object(o)), Seg::Key(k)) = (get_mut(doc, parent), last) {
                let new = name_text(name, k);
                rename_key(o, k, new);
            }
        }
        Mutation::SetString(at, name) => {
            let Some(path) = pick(doc, at, &|_, v| v.is_string()) else {
                return;
            };
            if let Some(node) = get_mut(doc, &path) {
                let new = name_text(name, node.as_str().unwrap_or_default());
                *node = Value::String(new);
            }
        }
        Mutation::Rename2(at, name) => {
            let Some(path) = pick(doc, at, &is_name) else {
                return;
            };
            let (last, parent) = path.split_last().expect("non-empty path");
            let Some(node) = get_mut(doc, &path) else {
                return;
            };
            if is_name_value(&path, node) {
                let new = name_text(name, node.as_str().unwrap_or_default());
                *node = Value::String(new);
            } else if let (Some(Value::Object(o)), Seg::Key(k)) = (get_mut(doc, parent), last) {
                let new = name_text(name, k);
                rename_key(o, k, new);
            }
        }
        Mutation::Duplicate(at, name, any_member) => {
            let component =
                |p: &[Seg], _: &Value| p.len() == 3 && p[0] == Seg::Key("components".to_string());
            let keyed = |p: &[Seg], _: &Value| matches!(p.last(), Some(Seg::Key(_)));
            let path = if *any_member {
                pick(doc, at, &keyed)
            } else {
                pick(doc, at, &component).or_else(|| pick(doc, at, &keyed))
            };
            let Some(path) = path else { return };
            let (last, parent) = path.split_last().expect("non-empty path");
            if let (Some(Value::Object(o)), Seg::Key(k)) = (get_mut(doc, parent), last) {
                let new = name_text(name, k);
                if let Some(v) = o.get(k).cloned() {
                    o.insert(new, v);
                }
            }
        }
        Mutation::SchemaKeyword(at, i) => {
            let Some(path) = pick(doc, at, &is_schema) else {
                return;
            };
            let (k, v) = schema_keyword(*i);
            set_key(doc, &path, k, v);
        }
        Mutation::Field(at, i) => {
            let Some(path) = pick(doc, at, &|_, v| v.is_object()) else {
                return;
            };
            let (k, v) = field(*i);
            set_key(doc, &path, k, v);
        }
        Mutation::AddPath(t, with_param) => {
            let mut op = json!({
                "operationId": format!("added{t}"),
                "responses": {"200": {"description": "ok",
                    "content": {"application/json": {"schema": {"type": "object"}}}}},
            });
            if *with_param {
                op["parameters"] = json!([
                    {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}
                ]);
            }
            set_key(
                doc,
                &[],
                "paths",
                doc.get("paths").cloned().unwrap_or(json!({})),
            );
            let template = TEMPLATES[*t % TEMPLATES.len()];
            set_key(
                doc,
                &[Seg::Key("paths".to_string())],
                template,
                json!({ "get": op }),
            );
        }
        Mutation::Chain(n, w, cyclic) => {
            let n = CHAIN_LENGTHS[*n % CHAIN_LENGTHS.len()];
            let components = [Seg::Key("components".to_string())];
            let schemas = [components[0].clone(), Seg::Key("schemas".to_string())];
            if !doc.get("components").is_some_and(Value::is_object) {
                set_key(doc, &[], "components", json!({}));
            }
            if !doc["components"]
                .get("schemas")
                .is_some_and(Value::is_object)
            {
                set_key(doc, &components, "schemas", json!({}));
            }
            for i in 0..n {
                let next = if i + 1 < n {
                    json!({ "$ref": format!("#/components/schemas/Chain{}", i + 1) })
                } else if *cyclic {
                    json!({ "$ref": "#/components/schemas/Chain0" })
                } else {
                    json!({ "type": "object", "properties": { "x": { "type": "string" } } })
                };
                set_key(doc, &schemas, &format!("Chain{i}"), wrap(next, *w));
            }
        }
        Mutation::Version(i) => {
            let Some(o) = doc.as_object_mut() else { return };
            match VERSIONS[*i % VERSIONS.len()] {
                "remove" => {
                    o.shift_remove("openapi");
                }
                "number" => {
                    o.insert("openapi".to_string(), json!(3.1));
                }
                v => {
                    o.insert("openapi".to_string(), json!(v));
                }
            }
        }
    }
}

/// The case's input: the mutated seed as text, and its file name.
fn input(seed: &Seed, case: &Case) -> (String, String) {
    let mut doc = seed.value.clone();
    for m in &case.mutations {
        apply(&mut doc, m);
    }
    let stem = seed
        .name
        .rsplit_once('.')
        .map_or(seed.name.as_str(), |(s, _)| s);
    let (mut text, file) = if case.json {
        let text = serde_json::to_string_pretty(&doc).expect("a JSON value serializes");
        (text, format!("{stem}.json"))
    } else {
        // serde_yaml refuses nothing a JSON value holds.
        let text = serde_yaml::to_string(&doc).expect("a JSON value serializes as YAML");
        (text, format!("{stem}.yaml"))
    };
    match &case.edit {
        TextEdit::None => {}
        TextEdit::Truncate(at) => {
            let mut cut = at.index(text.len() + 1);
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        TextEdit::Splice(at, s) => {
            let mut i = at.index(text.len() + 1);
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            text.insert_str(i, SPLICES[*s % SPLICES.len()]);
        }
    }
    (text, file)
}

// ---------------------------------------------------------------------------
// Running the generator

enum Outcome {
    Ok,
    Err(generator::Error),
    Panic(String),
    Hang(Duration),
}

/// How long any input may take beyond what its seed takes ([`limit`]):
/// 10 s in a debug build, 3 s in a release build; `FUZZ_TIME_LIMIT_SECS`
/// overrides it.
fn time_bound() -> Duration {
    let default = if cfg!(debug_assertions) { 10 } else { 3 };
    let secs = std::env::var("FUZZ_TIME_LIMIT_SECS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default);
    Duration::from_secs(secs)
}

/// The time a mutation of a seed that takes `baseline` may take: the bound
/// plus four times the seed's own time. The seed's time scales the limit
/// with the machine's load (the CI machine is shared) and with the size of
/// the seed; a small seed takes milliseconds, so for it the limit is the
/// bound.
fn limit(baseline: Duration) -> Duration {
    time_bound() + 4 * baseline
}

/// After this long without an answer, a case has hung. It fails, and the
/// cases after it pass without running (see [`Run::hung`]); proptest kills
/// the child process running the cases only when it makes no progress for
/// 10 s more than this (when a hang stops the whole process).
fn hang_limit(baseline: Duration) -> Duration {
    3 * limit(baseline)
}

/// Runs the generator on a thread of its own (a spawned thread's 2 MiB
/// stack, as in a program calling it from a worker thread: the generator
/// must not depend on the caller's stack), catching a panic.
fn run(
    text: String,
    file: String,
    config: generator::Config,
    hang: Duration,
) -> (Outcome, Duration) {
    let (tx, rx) = mpsc::channel();
    let start = Instant::now();
    let spawned = std::thread::Builder::new()
        .name("fuzz-generate".to_string())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| generator::generate(&text, &file, &config));
            let _ = tx.send(result);
        });
    if let Err(e) = spawned {
        let message = format!("could not start the generator's thread: {e}");
        return (Outcome::Panic(message), start.elapsed());
    }
    let outcome = match rx.recv_timeout(hang) {
        Ok(Ok(Ok(_))) => Outcome::Ok,
        Ok(Ok(Err(e))) => Outcome::Err(e),
        Ok(Err(panic)) => Outcome::Panic(
            panic
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic without a message".to_string()),
        ),
        Err(mpsc::RecvTimeoutError::Timeout) => Outcome::Hang(hang),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Outcome::Panic("the generator's thread ended without an answer".to_string())
        }
    };
    (outcome, start.elapsed())
}

/// How long the seed itself takes to generate, now.
fn time_seed(seed: &Seed) -> Duration {
    let text = serde_json::to_string(&seed.value).expect("a JSON value serializes");
    let start = Instant::now();
    let _ = generator::generate(&text, &seed.name, &generator::Config::for_crate("fuzzed"));
    start.elapsed()
}

fn failures_dir() -> PathBuf {
    root().join("target/fuzz-failures")
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Writes a failing input and what happened; returns the spec's path.
fn record(seed: &Seed, case: &Case, failure: &str) -> PathBuf {
    let (text, file) = input(seed, case);
    let dir = failures_dir();
    let _ = std::fs::create_dir_all(&dir);
    let (stem, ext) = file.rsplit_once('.').unwrap_or((&file, "txt"));
    let stem = format!("{stem}-{:016x}", fnv(&text));
    let spec = dir.join(format!("{stem}.{ext}"));
    let _ = std::fs::write(&spec, &text);
    let about = format!(
        "seed spec: {}\nfailure: {failure}\ninput: {}\nmutations:\n{:#?}\ntext edit: {:?}\n\
         Config::conformance_tests: {}\n",
        seed.name,
        spec.display(),
        case.mutations,
        case.edit,
        case.conformance
    );
    let _ = std::fs::write(dir.join(format!("{stem}.txt")), about);
    spec
}

/// How the cases of a group ended: `ok`, or the kind of error.
#[derive(Default)]
struct Tally {
    kinds: Mutex<BTreeMap<String, usize>>,
}

impl Tally {
    fn count(&self, kind: String) -> usize {
        let Ok(mut kinds) = self.kinds.lock() else {
            return 0;
        };
        *kinds.entry(kind).or_default() += 1;
        kinds.values().sum()
    }

    fn print(&self, group: &str, started: Instant) {
        let Ok(kinds) = self.kinds.lock() else {
            return;
        };
        let total: usize = kinds.values().sum();
        println!(
            "{group}: {total} cases in {:.1?}, ended as:",
            started.elapsed()
        );
        let mut kinds: Vec<_> = kinds.iter().collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1));
        for (kind, n) in kinds.iter().take(20) {
            println!("  {n:6} {kind}");
        }
    }
}

/// A coarse kind for an outcome, to show how deep inputs get.
fn kind_of(e: &generator::Error) -> String {
    let m = &e.message;
    let kind = if m.starts_with("not a valid OpenAPI document") {
        "err: parse: not a valid OpenAPI document".to_string()
    } else if e.pointer.is_empty() && m.contains("line") {
        "err: read: not YAML/JSON".to_string()
    } else if e.pointer.is_empty() {
        format!("err without pointer: {m}")
    } else {
        let words: Vec<&str> = m.split_whitespace().take(4).collect();
        format!("err: {}", words.join(" "))
    };
    kind.chars().take(100).collect()
}

fn check(seeds: &[Seed], group: &Run, case: &Case, tally: &Tally) -> Result<(), TestCaseError> {
    if group.hung.exists() {
        return Ok(());
    }
    let seed = &seeds[case.seed];
    let (text, file) = input(seed, case);
    let dir = failures_dir();
    let _ = std::fs::create_dir_all(&dir);
    let in_flight = dir.join(format!("in-flight-{}.txt", group.name));
    let _ = std::fs::write(&in_flight, &text);
    let baseline = *seed.baseline.get_or_init(|| time_seed(seed));
    let mut config = generator::Config::for_crate("fuzzed");
    config.conformance_tests = case.conformance;
    let (outcome, elapsed) = run(text, file.clone(), config, hang_limit(baseline));
    let _ = std::fs::remove_file(&in_flight);
    let done = tally.count(match &outcome {
        Outcome::Ok => "ok".to_string(),
        Outcome::Err(e) => kind_of(e),
        Outcome::Panic(_) => "PANIC".to_string(),
        Outcome::Hang(_) => "HANG".to_string(),
    });
    if done == group.cases as usize {
        tally.print(group.name, group.started);
    }
    let failure = match outcome {
        Outcome::Ok | Outcome::Err(_) if elapsed > limit(baseline) => {
            // Slow, or a busy machine? The seed again, now, tells.
            let now = time_seed(seed).max(baseline);
            if elapsed <= limit(now) {
                return Ok(());
            }
            format!(
                "took {elapsed:.1?}, over the limit of {:.1?} (the seed itself takes {now:.1?})",
                limit(now)
            )
        }
        Outcome::Ok => return Ok(()),
        // The generator wrote Rust that does not parse, or lost track of its
        // own model: its fault, not the input's.
        Outcome::Err(e) if e.message.contains("internal error") => format!("{e}"),
        Outcome::Err(e) => {
            let shown = e.to_string();
            if e.file == file && !e.message.trim().is_empty() && shown.starts_with(&file) {
                return Ok(());
            }
            format!("an error that does not name the file {file:?} or says nothing: {shown:?}")
        }
        Outcome::Panic(message) => format!("panicked: {message}"),
        Outcome::Hang(t) => {
            let _ = std::fs::write(&group.hung, "");
            format!("did not finish within {t:.1?} (not shrunk)")
        }
    };
    let spec = record(seed, case, &failure);
    Err(TestCaseError::fail(format!(
        "{}: {failure} (input: {})",
        seed.name,
        spec.display()
    )))
}

// ---------------------------------------------------------------------------
// The tests: one per seed group

/// One group of seeds: one test.
struct Group {
    /// `small`, `medium`, `large`: names the in-flight file.
    name: &'static str,
    /// The name of the test fuzzing them (for the child process).
    test: &'static str,
    /// Cases when `FUZZ_CASES` is not set.
    ci_cases: u32,
    /// proptest's file of seeds of failing cases, replayed first.
    regressions: &'static str,
}

/// A group's cases as they run.
struct Run {
    name: &'static str,
    cases: u32,
    started: Instant,
    /// Exists once a case of this run has hung. Every case after it then
    /// passes without running: the thread of the hung one cannot be stopped,
    /// and each shrinking step would cost the hang limit and leave one more
    /// thread spinning. So a hang is reported as it was found, unshrunk.
    hung: PathBuf,
}

/// Where [`Run::hung`] is for the run of the test process `pid`.
fn hang_marker(name: &str, pid: u32) -> PathBuf {
    failures_dir().join(format!("hung-{name}-{pid}"))
}

/// Fuzzes the generator with mutations of `seeds`. `test` is the name of the
/// calling test: proptest runs the cases in a child process running just
/// that test, and kills it when a case hangs (`FUZZ_FORK=0` runs them in
/// this process instead, for a debugger).
fn fuzz(group: Group, seeds: Vec<Seed>) {
    let name = group.name;
    if seeds.is_empty() {
        println!("{name}: no seeds, nothing to fuzz");
        return;
    }
    let cases = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(group.ci_cases);
    let rng_seed = match std::env::var("FUZZ_SEED").ok().as_deref() {
        None | Some("") => 0,
        Some("random") => {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            fnv(&format!("{nanos}{name}"))
        }
        Some(n) => n
            .parse()
            .unwrap_or_else(|_| panic!("FUZZ_SEED={n}: not a number or `random`")),
    };
    let fork = std::env::var("FUZZ_FORK").map_or(true, |v| v != "0");
    // The parent gives a child this long without finishing a case; the
    // slowest seed's own time, taken here, makes it fit the machine's load.
    let slowest = seeds
        .iter()
        .map(|seed| *seed.baseline.get_or_init(|| time_seed(seed)))
        .max()
        .unwrap_or_default();
    let timeout = hang_limit(slowest) + Duration::from_secs(10);
    // (Printed by the child process too, which runs the cases the parent
    // gives it, whatever its own FUZZ_SEED.)
    println!(
        "{name}: {cases} cases over {} seeds, limit per case {:.1?} plus 4 times the seed's \
         own time (the slowest seed takes {slowest:.1?})",
        seeds.len(),
        time_bound()
    );
    let config = RunnerConfig {
        cases,
        rng_seed: RngSeed::Fixed(rng_seed),
        // One file per group: the groups run at the same time, and a case's
        // seed means something else to another group's strategy.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(group.regressions))),
        source_file: Some(file!()),
        fork,
        test_name: Some(group.test),
        timeout: u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX),
        max_shrink_time: 120_000,
        max_shrink_iters: 512,
        ..RunnerConfig::default()
    };
    // The cases run in a child of this process (or in it, unforked).
    let test_process = if fork {
        std::os::unix::process::parent_id()
    } else {
        std::process::id()
    };
    let run = Run {
        name,
        cases,
        started: Instant::now(),
        hung: hang_marker(name, test_process),
    };
    let mut runner = TestRunner::new(config);
    let tally = Tally::default();
    let result = runner.run(&case(seeds.len()), |case| {
        check(&seeds, &run, &case, &tally)
    });
    match result {
        Ok(()) => println!("{name}: passed (FUZZ_SEED={rng_seed})"),
        Err(TestError::Abort(reason)) => panic!("{name}: fuzzing aborted: {reason}"),
        Err(TestError::Fail(reason, case)) => {
            let seed = &seeds[case.seed];
            // The child process that ran the case wrote it with what went
            // wrong, unless it crashed or was killed: then it is written here.
            let (text, file) = input(seed, &case);
            let (stem, _) = file.rsplit_once('.').unwrap_or((&file, ""));
            let about = failures_dir().join(format!("{stem}-{:016x}.txt", fnv(&text)));
            let failure = std::fs::read_to_string(&about)
                .ok()
                .and_then(|t| t.lines().nth(1).map(str::to_string))
                .unwrap_or_else(|| {
                    let crashed = "the process running it crashed or was killed: a stack \
                                   overflow, or a hang that stopped it (its output is above)";
                    record(seed, &case, crashed);
                    format!("failure: {crashed}")
                });
            let hung = hang_marker(name, std::process::id());
            let _ = std::fs::remove_file(&hung);
            panic!(
                "{name}: {reason}\n{failure}\nseed spec: {}\nminimal mutations: {:#?}\n\
                 text edit: {:?}\nConfig::conformance_tests: {}\ninput: {}\n\
                 (FUZZ_SEED={rng_seed} replays the run)",
                seed.name,
                case.mutations,
                case.edit,
                case.conformance,
                about
                    .with_extension(file.rsplit_once('.').map_or("", |(_, e)| e))
                    .display()
            )
        }
    }
}

#[test]
fn fuzz_fixtures_and_small_corpus_specs() {
    let mut seeds = fixture_seeds();
    seeds.extend(corpus_seeds(SMALL_CORPUS));
    let group = Group {
        name: "small",
        test: "fuzz_fixtures_and_small_corpus_specs",
        ci_cases: 256,
        regressions: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fuzz-regressions/small.txt"
        ),
    };
    fuzz(group, seeds);
}

#[test]
fn fuzz_medium_corpus_specs() {
    let group = Group {
        name: "medium",
        test: "fuzz_medium_corpus_specs",
        ci_cases: 64,
        regressions: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fuzz-regressions/medium.txt"
        ),
    };
    fuzz(group, corpus_seeds(MEDIUM_CORPUS));
}

#[test]
fn fuzz_large_corpus_spec() {
    let group = Group {
        name: "large",
        test: "fuzz_large_corpus_spec",
        ci_cases: 32,
        regressions: concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fuzz-regressions/large.txt"
        ),
    };
    fuzz(group, corpus_seeds(LARGE_CORPUS));
}

/// The harness's own plumbing: pointers, resolution and the seed reader.
#[test]
fn mutations_land_where_they_say() {
    let mut doc = json!({"components": {"schemas": {"A": {"type": "object",
        "properties": {"b": {"$ref": "#/components/schemas/B"}}}, "B": {"type": "string"}}}});
    let path = resolve(&doc, "#/components/schemas/B").expect("resolves");
    assert_eq!(pointer(&path), "#/components/schemas/B");
    let b = pick(&doc, &first(), &|_, v| v.get("$ref").is_some()).expect("a $ref");
    assert_eq!(pointer(&b), "#/components/schemas/A/properties/b");
    apply(&mut doc, &Mutation::Ref(first(), RefTarget::Cycle, false));
    assert_eq!(
        doc["components"]["schemas"]["B"]["$ref"],
        "#/components/schemas/A/properties/b"
    );
    apply(
        &mut doc,
        &Mutation::Deepen(first(), vec![Wrapper::Items; 3]),
    );
    assert_eq!(
        doc["components"]["schemas"]["A"]["items"]["items"]["type"],
        "array"
    );
}

/// The `Index` of the first node (an `Index` shrinks to it).
fn first() -> Index {
    use proptest::strategy::ValueTree;
    let mut runner = TestRunner::deterministic();
    let mut tree = any::<Index>().new_tree(&mut runner).expect("an index");
    while tree.simplify() {}
    tree.current()
}
