//! `generator::diff`: one fixture pair per rule (`tests/diff/NAME.yaml`
//! holds the old spec, a `---` line, then the new spec), each asserting the
//! exact changes and their classification; then the seed spec against
//! itself and against the whole Whop spec.

use std::path::{Path, PathBuf};

use generator::diff::{Change, Kind, Severity, diff};

/// (subject, member, kind, severity) of a change.
type Found = (String, Option<String>, &'static str, &'static str);

const BREAKING: &str = "breaking";
const COMPATIBLE: &str = "compatible";

fn c(subject: &str, member: Option<&str>, kind: &'static str, severity: &'static str) -> Found {
    (
        subject.to_string(),
        member.map(str::to_string),
        kind,
        severity,
    )
}

fn found(changes: &[Change]) -> Vec<Found> {
    changes
        .iter()
        .map(|c| {
            (
                c.subject.clone(),
                c.member.clone(),
                c.kind.as_str(),
                c.severity.as_str(),
            )
        })
        .collect()
}

fn load(text: &str, file: &str) -> generator::Api {
    generator::load(text, file).unwrap_or_else(|e| panic!("{e}"))
}

fn fixture(name: &str) -> Vec<Change> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff")
        .join(format!("{name}.yaml"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (old, new) = text
        .split_once("\n---\n")
        .unwrap_or_else(|| panic!("{name}.yaml: no `---` line between the two specs"));
    let changes = diff(
        &load(old, &format!("{name}.yaml (old)")),
        &load(new, &format!("{name}.yaml (new)")),
    );
    for change in &changes {
        assert!(
            !change.what.contains('\n')
                && !change.reason.contains('\n')
                && !change.reason.is_empty(),
            "{name}: one line each: {change:?}"
        );
    }
    changes
}

fn seed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seed.yaml");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_seed_against_itself_reports_nothing() {
    let api = load(&seed(), "tests/fixtures/seed.yaml");
    assert_eq!(diff(&api, &api), []);
}

/// The whole Whop spec is the seed's superset: every old name must still
/// exist (types merged with identical ones keep theirs as aliases).
#[test]
fn the_seed_against_the_whole_whop_spec_reports_only_additions() {
    let whole: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/whop.openapi.yml");
    let text =
        std::fs::read_to_string(&whole).unwrap_or_else(|e| panic!("{}: {e}", whole.display()));
    let changes = diff(
        &load(&seed(), "tests/fixtures/seed.yaml"),
        &load(&text, "spec/whop.openapi.yml"),
    );
    let others: Vec<String> = changes
        .iter()
        .filter(|c| !c.kind.is_addition() && c.kind != Kind::TypeNowAlias)
        .map(|c| {
            format!(
                "{} {} {}: {}",
                c.severity.as_str(),
                c.subject,
                c.what,
                c.reason
            )
        })
        .collect();
    assert!(others.is_empty(), "not additions:\n{}", others.join("\n"));
    assert!(changes.iter().all(|c| c.severity == Severity::Compatible));
    assert!(
        changes.iter().any(|c| c.kind == Kind::OperationAdded),
        "the whole spec has more operations"
    );
}

#[test]
fn auth_changed() {
    assert_eq!(
        found(&fixture("auth_changed")),
        [c("client", None, "auth_changed", BREAKING)]
    );
}

#[test]
fn security_changed() {
    let changes = fixture("security_changed");
    assert_eq!(
        found(&changes),
        [
            c("client.widgets().get", None, "security_changed", BREAKING),
            c(
                "client.widgets().health",
                None,
                "security_changed",
                BREAKING
            ),
        ]
    );
    assert!(changes[0].what.contains("`basic`"), "{}", changes[0].what);
    assert!(
        changes[1].what.starts_with("sends no credentials"),
        "{}",
        changes[1].what
    );
}

#[test]
fn server_changed() {
    let changes = fixture("server_changed");
    assert_eq!(
        found(&changes),
        [c(
            "client.files().upload",
            None,
            "server_changed",
            COMPATIBLE
        )]
    );
    assert!(
        changes[0].what.contains("https://upload.example.test/v1"),
        "{}",
        changes[0].what
    );
}

#[test]
fn response_by_status() {
    let changes = fixture("response_by_status");
    assert_eq!(
        found(&changes),
        [
            c(
                "client.jobs().create",
                None,
                "response_type_changed",
                BREAKING
            ),
            c("models::CreateJobResponse", None, "type_added", COMPATIBLE),
        ]
    );
    assert!(
        changes[0].what.contains("CreateJobAnswer { Status200(Job)"),
        "{}",
        changes[0].what
    );
}

#[test]
fn base_url_changed() {
    assert_eq!(
        found(&fixture("base_url_changed")),
        [c("client", None, "base_url_changed", COMPATIBLE)]
    );
}

#[test]
fn base_url_removed() {
    assert_eq!(
        found(&fixture("base_url_removed")),
        [c("client", None, "base_url_changed", BREAKING)]
    );
}

#[test]
fn body_added() {
    assert_eq!(
        found(&fixture("body_added")),
        [c(
            "client.widgets().create",
            Some("body"),
            "body_added",
            BREAKING
        )]
    );
}

#[test]
fn body_made_optional() {
    assert_eq!(
        found(&fixture("body_made_optional")),
        [c(
            "client.widgets().create",
            Some("body"),
            "body_made_optional",
            COMPATIBLE
        )]
    );
}

#[test]
fn body_removed() {
    assert_eq!(
        found(&fixture("body_removed")),
        [c(
            "client.widgets().create",
            Some("body"),
            "body_removed",
            BREAKING
        )]
    );
}

#[test]
fn body_media_changed() {
    let changes = fixture("body_media_changed");
    assert_eq!(
        found(&changes),
        [c(
            "client.files().upload",
            Some("body"),
            "body_type_changed",
            BREAKING
        )]
    );
    assert_eq!(changes[0].what, "request body `Multipart` -> `[u8]`");
}

#[test]
fn discriminator_removed() {
    assert_eq!(
        found(&fixture("discriminator_removed")),
        [c("models::Pet", None, "discriminator_changed", BREAKING)]
    );
}

#[test]
fn endpoint_changed() {
    assert_eq!(
        found(&fixture("endpoint_changed")),
        [c(
            "client.widgets().get",
            None,
            "endpoint_changed",
            COMPATIBLE
        )]
    );
}

#[test]
fn enum_catch_all_renamed() {
    assert_eq!(
        found(&fixture("enum_catch_all_renamed")),
        [
            c(
                "models::Status",
                Some("unknown"),
                "enum_value_added",
                COMPATIBLE
            ),
            c(
                "models::Status",
                Some("Unknown2"),
                "catch_all_renamed",
                BREAKING
            )
        ]
    );
}

#[test]
fn enum_value_added() {
    assert_eq!(
        found(&fixture("enum_value_added")),
        [c(
            "models::Status",
            Some("canceled"),
            "enum_value_added",
            COMPATIBLE
        )]
    );
}

#[test]
fn enum_value_removed() {
    assert_eq!(
        found(&fixture("enum_value_removed")),
        [c(
            "models::Status",
            Some("paused"),
            "enum_value_removed",
            BREAKING
        )]
    );
}

#[test]
fn field_type_changed() {
    assert_eq!(
        found(&fixture("field_type_changed")),
        [c(
            "models::Widget",
            Some("id"),
            "field_type_changed",
            BREAKING
        )]
    );
}

#[test]
fn field_wire_changed() {
    assert_eq!(
        found(&fixture("field_wire_changed")),
        [c(
            "models::Widget",
            Some("created_at"),
            "field_wire_changed",
            COMPATIBLE
        )]
    );
}

#[test]
fn first_optional_param_added() {
    assert_eq!(
        found(&fixture("first_optional_param_added")),
        [c(
            "client.widgets().get",
            Some("limit"),
            "optional_param_added",
            BREAKING
        )]
    );
}

#[test]
fn operation_added() {
    assert_eq!(
        found(&fixture("operation_added")),
        [c(
            "client.widgets().list",
            None,
            "operation_added",
            COMPATIBLE
        )]
    );
}

#[test]
fn operation_deprecated() {
    assert_eq!(
        found(&fixture("operation_deprecated")),
        [c(
            "client.widgets().get",
            None,
            "operation_deprecated",
            COMPATIBLE
        )]
    );
}

#[test]
fn operation_removed() {
    assert_eq!(
        found(&fixture("operation_removed")),
        [c(
            "client.widgets().list",
            None,
            "operation_removed",
            BREAKING
        )]
    );
}

#[test]
fn operation_renamed() {
    assert_eq!(
        found(&fixture("operation_renamed")),
        [
            c(
                "client.widgets().fetch",
                None,
                "operation_added",
                COMPATIBLE
            ),
            c("client.widgets().get", None, "operation_removed", BREAKING)
        ]
    );
}

#[test]
fn optional_param_added() {
    assert_eq!(
        found(&fixture("optional_param_added")),
        [c(
            "client.widgets().get",
            Some("after"),
            "optional_param_added",
            COMPATIBLE
        )]
    );
}

#[test]
fn param_made_required() {
    assert_eq!(
        found(&fixture("param_made_required")),
        [c(
            "client.widgets().get",
            Some("limit"),
            "param_made_required",
            BREAKING
        )]
    );
}

#[test]
fn param_moved_to_header() {
    assert_eq!(
        found(&fixture("param_moved_to_header")),
        [c(
            "client.widgets().get",
            Some("limit"),
            "param_wire_changed",
            COMPATIBLE
        )]
    );
}

#[test]
fn param_removed() {
    assert_eq!(
        found(&fixture("param_removed")),
        [c(
            "client.widgets().get",
            Some("after"),
            "param_removed",
            BREAKING
        )]
    );
}

#[test]
fn param_type_changed() {
    assert_eq!(
        found(&fixture("param_type_changed")),
        [c(
            "client.widgets().get",
            Some("limit"),
            "param_type_changed",
            BREAKING
        )]
    );
}

#[test]
fn path_param_added() {
    assert_eq!(
        found(&fixture("path_param_added")),
        [
            c("client.widgets().get", None, "endpoint_changed", COMPATIBLE),
            c(
                "client.widgets().get",
                Some("part"),
                "path_param_added",
                BREAKING
            )
        ]
    );
}

#[test]
fn path_param_renamed() {
    assert_eq!(
        found(&fixture("path_param_renamed")),
        [
            c("client.widgets().get", None, "endpoint_changed", COMPATIBLE),
            c(
                "client.widgets().get",
                Some("widget_id"),
                "path_param_renamed",
                COMPATIBLE
            )
        ]
    );
}

#[test]
fn path_param_type_changed() {
    assert_eq!(
        found(&fixture("path_param_type_changed")),
        [c(
            "client.widgets().get",
            Some("id"),
            "path_param_type_changed",
            BREAKING
        )]
    );
}

#[test]
fn request_field_made_optional() {
    assert_eq!(
        found(&fixture("request_field_made_optional")),
        [c(
            "models::NewWidget",
            Some("note"),
            "field_made_optional",
            BREAKING
        )]
    );
}

#[test]
fn request_optional_field_added() {
    assert_eq!(
        found(&fixture("request_optional_field_added")),
        [c(
            "models::NewWidget",
            Some("size"),
            "optional_field_added",
            COMPATIBLE
        )]
    );
}

/// The change and its one reason, for fixtures that pin the reason.
fn only_change(name: &str) -> (Found, String) {
    let changes = fixture(name);
    assert_eq!(changes.len(), 1, "{name}: {changes:?}");
    (found(&changes).remove(0), changes[0].reason.clone())
}

#[test]
fn request_required_fields_become_a_struct() {
    let (change, reason) = only_change("request_required_fields_become_a_struct");
    assert_eq!(
        change,
        c(
            "models::NewWidget",
            Some("size"),
            "required_field_added",
            BREAKING
        )
    );
    assert!(
        reason.contains("one `NewWidgetRequired` struct literal"),
        "{reason}"
    );
}

#[test]
fn request_required_struct_field_added() {
    let (change, reason) = only_change("request_required_struct_field_added");
    assert_eq!(
        change,
        c(
            "models::NewWidget",
            Some("color"),
            "required_field_added",
            BREAKING
        )
    );
    assert!(
        reason.starts_with("`NewWidgetRequired` has a new field `color`"),
        "{reason}"
    );
}

#[test]
fn request_field_made_nullable() {
    let (change, reason) = only_change("request_field_made_nullable");
    assert_eq!(
        change,
        c(
            "models::NewWidget",
            Some("note"),
            "field_made_nullable",
            BREAKING
        )
    );
    assert!(
        reason.contains("a new setter `note_null()`")
            && reason.contains("`Option<Option<String>>`"),
        "{reason}"
    );
}

#[test]
fn request_required_field_added() {
    assert_eq!(
        found(&fixture("request_required_field_added")),
        [c(
            "models::NewWidget",
            Some("size"),
            "required_field_added",
            BREAKING
        )]
    );
}

#[test]
fn required_param_added() {
    assert_eq!(
        found(&fixture("required_param_added")),
        [c(
            "client.widgets().get",
            Some("after"),
            "required_param_added",
            BREAKING
        )]
    );
}

#[test]
fn response_field_made_nullable() {
    assert_eq!(
        found(&fixture("response_field_made_nullable")),
        [c(
            "models::Widget",
            Some("id"),
            "field_made_nullable",
            BREAKING
        )]
    );
}

#[test]
fn response_field_made_optional() {
    assert_eq!(
        found(&fixture("response_field_made_optional")),
        [c(
            "models::Widget",
            Some("id"),
            "field_made_optional",
            BREAKING
        )]
    );
}

#[test]
fn response_field_optional_to_required_nullable() {
    assert_eq!(
        found(&fixture("response_field_optional_to_required_nullable")),
        [c(
            "models::Widget",
            Some("note"),
            "field_made_required",
            COMPATIBLE
        )]
    );
}

#[test]
fn response_field_removed() {
    assert_eq!(
        found(&fixture("response_field_removed")),
        [c("models::Widget", Some("size"), "field_removed", BREAKING)]
    );
}

#[test]
fn response_may_be_empty() {
    assert_eq!(
        found(&fixture("response_may_be_empty")),
        [c(
            "client.widgets().get",
            None,
            "response_type_changed",
            BREAKING
        )]
    );
}

#[test]
fn response_required_field_added() {
    assert_eq!(
        found(&fixture("response_required_field_added")),
        [c(
            "models::Widget",
            Some("size"),
            "required_field_added",
            COMPATIBLE
        )]
    );
}

#[test]
fn response_type_changed() {
    assert_eq!(
        found(&fixture("response_type_changed")),
        [c(
            "client.widgets().get",
            None,
            "response_type_changed",
            BREAKING
        )]
    );
}

#[test]
fn type_added() {
    assert_eq!(
        found(&fixture("type_added")),
        [c("models::NewWidget", None, "type_added", COMPATIBLE)]
    );
}

#[test]
fn type_kind_changed() {
    assert_eq!(
        found(&fixture("type_kind_changed")),
        [c("models::Size", None, "type_kind_changed", BREAKING)]
    );
}

#[test]
fn type_no_longer_sent() {
    assert_eq!(
        found(&fixture("type_no_longer_sent")),
        [
            c(
                "client.widgets().create",
                Some("body"),
                "body_type_changed",
                BREAKING
            ),
            c("models::NewWidget", None, "type_added", COMPATIBLE),
            c("models::Widget", None, "type_no_longer_sent", BREAKING)
        ]
    );
}

#[test]
fn type_now_alias() {
    assert_eq!(
        found(&fixture("type_now_alias")),
        [
            c(
                "client.widgets().get_amount",
                None,
                "operation_added",
                COMPATIBLE
            ),
            c("models::GetAmountResponse", None, "type_added", COMPATIBLE),
            c(
                "models::GetCountResponse",
                None,
                "type_now_alias",
                COMPATIBLE
            ),
            // The one type of both places, named by what their names end with.
            c("models::Response", None, "type_added", COMPATIBLE)
        ]
    );
}

#[test]
fn type_now_sent() {
    assert_eq!(
        found(&fixture("type_now_sent")),
        [
            c(
                "client.widgets().replace",
                None,
                "operation_added",
                COMPATIBLE
            ),
            c("models::Widget", None, "type_now_sent", COMPATIBLE)
        ]
    );
}

#[test]
fn type_renamed() {
    assert_eq!(
        found(&fixture("type_renamed")),
        [
            c(
                "client.widgets().get",
                None,
                "response_type_changed",
                COMPATIBLE
            ),
            c("models::Gadget", None, "type_added", COMPATIBLE),
            c("models::Widget", None, "type_removed", BREAKING)
        ]
    );
}

#[test]
fn union_variant_added() {
    assert_eq!(
        found(&fixture("union_variant_added")),
        [c(
            "models::Pet",
            Some("Bird"),
            "union_variant_added",
            COMPATIBLE
        )]
    );
}

#[test]
fn union_variant_removed() {
    assert_eq!(
        found(&fixture("union_variant_removed")),
        [c(
            "models::Pet",
            Some("Bird"),
            "union_variant_removed",
            BREAKING
        )]
    );
}

#[test]
fn stream_method_added() {
    assert_eq!(
        found(&fixture("stream_method_added")),
        [
            c(
                "client.widgets().list",
                Some("list_stream"),
                "stream_method_added",
                COMPATIBLE
            ),
            c(
                "models::ListWidgetsResponse",
                Some("page_info"),
                "required_field_added",
                COMPATIBLE
            ),
        ]
    );
}

#[test]
fn stream_method_removed() {
    assert_eq!(
        found(&fixture("stream_method_removed")),
        [
            c(
                "client.widgets().list",
                Some("list_stream"),
                "stream_method_removed",
                BREAKING
            ),
            c(
                "models::ListWidgetsResponse",
                Some("page_info"),
                "field_removed",
                BREAKING
            ),
        ]
    );
}

#[test]
fn stream_item_type_changed() {
    assert_eq!(
        found(&fixture("stream_item_type_changed")),
        [
            c(
                "client.widgets().list",
                Some("list_stream"),
                "stream_item_type_changed",
                BREAKING
            ),
            c(
                "models::ListWidgetsResponse",
                Some("data"),
                "field_type_changed",
                BREAKING
            ),
        ]
    );
}

#[test]
fn recursive_type_renamed() {
    assert_eq!(
        found(&fixture("recursive_type_renamed")),
        [
            c(
                "client.trees().get",
                None,
                "response_type_changed",
                COMPATIBLE
            ),
            c("models::Node", None, "type_removed", BREAKING),
            c("models::TreeNode", None, "type_added", COMPATIBLE),
        ]
    );
}

#[test]
fn operation_undeprecated() {
    assert_eq!(
        found(&fixture("operation_undeprecated")),
        [c(
            "client.widgets().get",
            None,
            "operation_undeprecated",
            COMPATIBLE
        )]
    );
}

#[test]
fn path_param_removed() {
    assert_eq!(
        found(&fixture("path_param_removed")),
        [
            c("client.widgets().get", None, "endpoint_changed", COMPATIBLE),
            c(
                "client.widgets().get",
                Some("part"),
                "path_param_removed",
                BREAKING
            ),
        ]
    );
}

#[test]
fn param_made_optional() {
    assert_eq!(
        found(&fixture("param_made_optional")),
        [c(
            "client.widgets().get",
            Some("limit"),
            "param_made_optional",
            BREAKING
        )]
    );
}

#[test]
fn body_made_required() {
    assert_eq!(
        found(&fixture("body_made_required")),
        [c(
            "client.widgets().create",
            Some("body"),
            "body_made_required",
            BREAKING
        )]
    );
}

#[test]
fn response_field_made_non_nullable() {
    assert_eq!(
        found(&fixture("response_field_made_non_nullable")),
        [c(
            "models::Widget",
            Some("id"),
            "field_made_non_nullable",
            BREAKING
        )]
    );
}

#[test]
fn response_field_made_required() {
    assert_eq!(
        found(&fixture("response_field_made_required")),
        [c(
            "models::Widget",
            Some("id"),
            "field_made_required",
            BREAKING
        )]
    );
}

#[test]
fn discriminator_added() {
    assert_eq!(
        found(&fixture("discriminator_added")),
        [c("models::Pet", None, "discriminator_changed", COMPATIBLE)]
    );
}

#[test]
fn response_media_changed() {
    assert_eq!(
        found(&fixture("response_media_changed")),
        [c(
            "client.reports().get",
            None,
            "response_media_changed",
            COMPATIBLE
        )]
    );
}

#[test]
fn alias_target_changed() {
    assert_eq!(
        found(&fixture("alias_target_changed")),
        [
            c(
                "client.widgets().list",
                None,
                "response_type_changed",
                BREAKING
            ),
            c("models::WidgetList", None, "alias_target_changed", BREAKING),
        ]
    );
}

/// `Utc` keeps compiling but now means `utc`: breaking all the same.
#[test]
fn enum_variant_renamed() {
    let changes = fixture("enum_variant_renamed");
    assert_eq!(
        found(&changes),
        [
            c("models::Zone", Some("utc"), "enum_value_added", COMPATIBLE),
            c(
                "models::Zone",
                Some("UTC"),
                "enum_variant_renamed",
                BREAKING
            ),
        ]
    );
    assert!(changes[1].reason.starts_with("`Utc` now stands for `utc`"));
}

#[test]
fn type_no_longer_received() {
    assert_eq!(
        found(&fixture("type_no_longer_received")),
        [
            c(
                "client.widgets().create",
                None,
                "response_type_changed",
                BREAKING
            ),
            c("models::Widget", None, "type_no_longer_received", BREAKING),
        ]
    );
}

/// `()` -> `Widget` breaks `async fn f() -> whop::Result<()> { call.await }`.
#[test]
fn type_now_received() {
    assert_eq!(
        found(&fixture("type_now_received")),
        [
            c(
                "client.widgets().create",
                None,
                "response_type_changed",
                BREAKING
            ),
            c("models::Widget", None, "type_now_received", COMPATIBLE),
        ]
    );
}

#[test]
fn union_tag_removed() {
    assert_eq!(
        found(&fixture("union_tag_removed")),
        [c(
            "models::Pet",
            Some("Cat"),
            "union_tags_changed",
            BREAKING
        )]
    );
}

/// Every kind of change is produced by at least one fixture above, or is
/// one of the few listed here with the reason it has none.
#[test]
fn every_kind_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/diff");
    let mut seen = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("read tests/diff") {
        let path = entry.expect("entry").path();
        if let Some(name) = path.file_stem().and_then(|n| n.to_str()) {
            seen.extend(fixture(name).iter().map(|c| c.kind));
        }
    }
    // A params struct is named after the operationId, like the method: a
    // rename of one renames the other, which reports the method instead.
    // Union variants are named after their types, so a variant's type does
    // not change under the same name in a spec.
    let without = [Kind::ParamsStructRenamed, Kind::UnionVariantTypeChanged];
    let missing: Vec<&str> = Kind::ALL
        .iter()
        .filter(|k| !seen.contains(k) && !without.contains(k))
        .map(|k| k.as_str())
        .collect();
    assert!(missing.is_empty(), "kinds without a fixture: {missing:?}");
}
