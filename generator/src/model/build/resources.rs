//! Operations grouped into resources (by tag, else by path), with the
//! names of their accessors, structs and methods.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr};

use super::Builder;
use crate::error::{Error, child};
use crate::model::names::{self, Taken};
use crate::model::*;

impl<'a> Builder<'a> {
    /// Every operation of every path, grouped into resources. Each
    /// resource's method names are claimed first, in document order, so
    /// that an operation is built knowing its method name, and a stream
    /// method (`list_stream`) never takes a name an operation has.
    pub(super) fn operations(&mut self) -> Result<Vec<Resource>, Error> {
        let spec: &'a OpenAPI = self.refs.spec;
        let mut plan = Plan::of(spec);
        let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
        for (path, item) in spec.paths.iter() {
            let path_pointer = child("#/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    return Err(self.refs.err(
                        &path_pointer,
                        format!("path item `$ref: {reference}` is not supported"),
                    ));
                }
            };
            let path_server = if item.servers.is_empty() {
                None
            } else {
                self.server_url(&item.servers, &child(&path_pointer, "servers"))
            };
            for (method, op) in item.iter() {
                let op_pointer = child(&path_pointer, method);
                if !op.callbacks.is_empty() {
                    self.space
                        .note(format!("{op_pointer}/callbacks: callbacks are ignored"));
                }
                let tag = tag_of(op, path);
                let Some((method_name, methods)) = plan.method_of(&tag, &op_pointer) else {
                    continue;
                };
                let place = Place {
                    path,
                    method,
                    pointer: &op_pointer,
                    path_level: &item.parameters,
                    path_server: path_server.as_ref(),
                };
                let operation = self.operation(op, &place, method_name, methods)?;
                by_tag.entry(tag).or_default().push(operation);
            }
        }

        // Accessors in tag order of first use; names claimed against the
        // client's own methods.
        let mut accessors = Taken::default();
        for reserved in CLIENT_METHODS.iter().chain(NOT_MODULES) {
            accessors.claim(reserved);
        }
        let mut struct_names = Taken::default();
        let mut resources = Vec::new();
        for tag in plan.tag_order {
            let Some(operations) = by_tag.remove(&tag) else {
                continue;
            };
            let mut doc = Doc::default();
            doc.push(
                spec.tags
                    .iter()
                    .find(|t| t.name == tag)
                    .and_then(|t| t.description.as_deref()),
            );
            resources.push(Resource {
                by_path: !plan.tagged.contains(&tag),
                struct_name: struct_names.claim(&names::type_name(&tag)),
                accessor: accessors.claim(&names::field_name(&tag)),
                tag,
                doc,
                operations,
            });
        }
        // The enums of operations with several success types live in the
        // resources' module, next to the resource structs.
        for op in resources.iter_mut().flat_map(|r| &mut r.operations) {
            if let Response::ByStatus { name, .. } = &mut op.response {
                *name = struct_names.claim(name);
            }
        }
        resources.sort_by(|a, b| a.accessor.cmp(&b.accessor));
        Ok(resources)
    }
}

/// Where an operation stands in the document (`'s`: the document's own
/// parts, `'p`: the builder's).
pub(super) struct Place<'p, 's> {
    pub(super) path: &'p str,
    pub(super) method: &'p str,
    pub(super) pointer: &'p str,
    /// The path item's parameters, which the operation's own override.
    pub(super) path_level: &'s [ReferenceOr<openapiv3::Parameter>],
    /// The path item's server, when it has one the client can use.
    pub(super) path_server: Option<&'p String>,
}

/// The resources of a document and their method names, decided before any
/// operation is built.
struct Plan {
    /// Tags (or path groups) in order of first use.
    tag_order: Vec<String>,
    /// Groups named by a tag (the others by a path segment).
    tagged: BTreeSet<String>,
    /// Each group's method names, claimed in document order.
    methods: BTreeMap<String, Taken>,
    /// Each operation's method name, by its pointer.
    method_names: BTreeMap<String, String>,
}

impl Plan {
    fn of(spec: &OpenAPI) -> Plan {
        let mut plan = Plan {
            tag_order: Vec::new(),
            tagged: BTreeSet::new(),
            methods: BTreeMap::new(),
            method_names: BTreeMap::new(),
        };
        for (path, item) in spec.paths.iter() {
            let Some(item) = item.as_item() else {
                continue;
            };
            for (method, op) in item.iter() {
                let tag = tag_of(op, path);
                if !op.tags.is_empty() {
                    plan.tagged.insert(tag.clone());
                }
                let methods = plan.methods.entry(tag.clone()).or_insert_with(|| {
                    let mut methods = Taken::default();
                    for reserved in RESOURCE_METHODS {
                        methods.claim(reserved);
                    }
                    methods
                });
                if !plan.tag_order.contains(&tag) {
                    plan.tag_order.push(tag.clone());
                }
                let operation_id = operation_id(op, method, path);
                let wanted = names::method_name(&operation_id, &tag);
                let method_name = if methods.contains(&wanted) {
                    methods.claim(&names::field_name(&operation_id))
                } else {
                    methods.claim(&wanted)
                };
                let pointer = child(&child("#/paths", path), method);
                plan.method_names.insert(pointer, method_name);
            }
        }
        plan
    }

    /// The method name of the operation at `pointer`, and the names its
    /// resource has taken.
    fn method_of(&mut self, tag: &str, pointer: &str) -> Option<(String, &mut Taken)> {
        let name = self.method_names.get(pointer)?.clone();
        Some((name, self.methods.get_mut(tag)?))
    }
}

/// The group an operation belongs to: its first tag, else its path's.
fn tag_of(op: &openapiv3::Operation, path: &str) -> String {
    match op.tags.first() {
        Some(tag) => tag.clone(),
        None => path_group(path),
    }
}

/// An operation's `operationId`, or `{method} {path}` when it has none.
pub(super) fn operation_id(op: &openapiv3::Operation, method: &str, path: &str) -> String {
    match &op.operation_id {
        Some(id) if !id.trim().is_empty() => id.clone(),
        _ => format!("{method} {path}"),
    }
}

/// Methods the generated `Client` has of its own; resources may not take them.
pub(super) const CLIENT_METHODS: &[&str] =
    &["builder", "from_env", "base_url", "clone", "fmt", "send"];

/// Accessors are also module and file names: `mod` would be `mod.rs`.
pub(super) const NOT_MODULES: &[&str] = &["mod", "resources"];

/// Methods a resource may not take (`new` is for constructors,
/// `with_options` sets the options of the resource's calls).
pub(super) const RESOURCE_METHODS: &[&str] = &["new", "clone", "fmt", "with_options"];

/// The group of an operation without tags: the first segment of its path
/// that is neither a parameter nor a version (`/v1/customers/{id}` ->
/// `customers`), else `Operations`.
pub(super) fn path_group(path: &str) -> String {
    let is_version = |segment: &str| {
        segment.len() > 1
            && segment.starts_with(['v', 'V'])
            && segment[1..].starts_with(|c: char| c.is_ascii_digit())
    };
    path.split('/')
        .find(|s| !s.is_empty() && !s.contains('{') && !is_version(s))
        .filter(|s| !names::type_name(s).is_empty())
        .map(String::from)
        .unwrap_or_else(|| "Operations".to_string())
}
