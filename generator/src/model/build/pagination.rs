//! Cursor pagination: which operations page, found by the shape of their
//! parameters and answer, and the names of their stream methods.

use super::Builder;
use super::resources::RESOURCE_METHODS;
use crate::model::api::*;
use crate::model::names::{self, Taken};
use crate::model::types::*;

impl<'a> Builder<'a> {
    /// Marks the operations that page with a cursor (see [`Pagination`]),
    /// by the shape of their parameters and answer, and names their stream
    /// methods (`list` -> `list_stream`).
    pub(super) fn find_pagination(&self, resources: &mut [Resource]) {
        for resource in resources {
            let mut methods = Taken::default();
            for reserved in RESOURCE_METHODS {
                methods.claim(reserved);
            }
            for op in &resource.operations {
                methods.claim(&op.method_name);
            }
            for op in &mut resource.operations {
                let Some(mut pagination) = self.pagination_of(op) else {
                    continue;
                };
                pagination.stream_method =
                    methods.claim(&format!("{}_stream", names::unraw(&op.method_name)));
                op.pagination = Some(pagination);
            }
        }
    }

    pub(super) fn pagination_of(&self, op: &Operation) -> Option<Pagination> {
        let cursor = op
            .query
            .iter()
            .find(|p| p.wire == "after" && !p.required && p.ty == TypeRef::String)?;
        let Response::Json(page) = &op.response else {
            return None;
        };
        let page = self.space.struct_of(page)?;
        let items = page.fields.iter().find(|f| f.wire == "data")?;
        let item = match strip_option(&items.ty) {
            TypeRef::Vec(item) => (**item).clone(),
            _ => return None,
        };
        let page_info = page.fields.iter().find(|f| f.wire == "page_info")?;
        let info = self.space.struct_of(strip_option(&page_info.ty))?;
        let end_cursor = info.fields.iter().find(|f| f.wire == "end_cursor")?;
        let has_next = info.fields.iter().find(|f| f.wire == "has_next_page")?;
        if *strip_option(&end_cursor.ty) != TypeRef::String
            || *strip_option(&has_next.ty) != TypeRef::Bool
        {
            return None;
        }
        let field = |f: &Field| PageField {
            name: f.name.clone(),
            optional: matches!(f.ty, TypeRef::Option(_)),
        };
        Some(Pagination {
            stream_method: String::new(),
            cursor_param: cursor.name.clone(),
            items: field(items),
            item,
            page_info: field(page_info),
            end_cursor: field(end_cursor),
            has_next_page: field(has_next),
        })
    }
}

/// The type inside an `Option`, or the type itself.
pub(super) fn strip_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) => inner,
        other => other,
    }
}
