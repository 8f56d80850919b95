//! Operations grouped into resources (by tag, else by path), with the
//! names of their accessors, structs and methods.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{OpenAPI, ReferenceOr};

use super::Builder;
use crate::error::{Error, child};
use crate::model::api::*;
use crate::model::names::{self, Taken};
use crate::model::types::*;

impl<'a> Builder<'a> {
    pub(super) fn operations(&mut self) -> Result<Vec<Resource>, Error> {
        let spec: &'a OpenAPI = self.refs.spec;
        let mut by_tag: BTreeMap<String, Vec<Operation>> = BTreeMap::new();
        let mut tag_order: Vec<String> = Vec::new();
        // Groups named by a tag (the others by a path segment).
        let mut tagged: BTreeSet<String> = BTreeSet::new();
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
                let mut operation =
                    self.operation(path, method, op, &item.parameters, &op_pointer)?;
                operation.server = if op.servers.is_empty() {
                    path_server.clone()
                } else {
                    self.server_url(&op.servers, &child(&op_pointer, "servers"))
                };
                let tag = match op.tags.first() {
                    Some(tag) => {
                        tagged.insert(tag.clone());
                        tag.clone()
                    }
                    None => path_group(path),
                };
                if !by_tag.contains_key(&tag) {
                    tag_order.push(tag.clone());
                }
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
        for tag in tag_order {
            let Some(mut operations) = by_tag.remove(&tag) else {
                continue;
            };
            let mut methods = Taken::default();
            for reserved in RESOURCE_METHODS {
                methods.claim(reserved);
            }
            for op in &mut operations {
                let wanted = names::method_name(&op.operation_id, &tag);
                op.method_name = if methods.contains(&wanted) {
                    methods.claim(&names::field_name(&op.operation_id))
                } else {
                    methods.claim(&wanted)
                };
            }
            let mut doc = Doc::default();
            doc.push(
                spec.tags
                    .iter()
                    .find(|t| t.name == tag)
                    .and_then(|t| t.description.as_deref()),
            );
            resources.push(Resource {
                by_path: !tagged.contains(&tag),
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
