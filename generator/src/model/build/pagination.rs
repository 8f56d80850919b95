//! Cursor pagination: which operations page, found by the shape of their
//! parameters and answer, and the names of their stream methods.

use super::Builder;
use crate::model::*;

impl<'a> Builder<'a> {
    /// How an operation pages with a cursor (see [`Pagination`]), by the
    /// shape of its query parameters and answer; `stream_method` names its
    /// stream method (`list` -> `list_stream`) when it pages.
    pub(super) fn pagination_of(
        &self,
        query: &[Param],
        response: &Response,
        stream_method: impl FnOnce() -> String,
    ) -> Option<Pagination> {
        let cursor = query
            .iter()
            .find(|p| p.wire == "after" && !p.required && p.ty == TypeRef::String)?;
        let Response::Json(page) = response else {
            return None;
        };
        let page = self.space.struct_of(page)?;
        let items = page.fields.iter().find(|f| f.wire == "data")?;
        let item = match &items.ty {
            TypeRef::Vec(item) => (**item).clone(),
            _ => return None,
        };
        let page_info = page.fields.iter().find(|f| f.wire == "page_info")?;
        let info = self.space.struct_of(&page_info.ty)?;
        let end_cursor = info.fields.iter().find(|f| f.wire == "end_cursor")?;
        let has_next = info.fields.iter().find(|f| f.wire == "has_next_page")?;
        if end_cursor.ty != TypeRef::String || has_next.ty != TypeRef::Bool {
            return None;
        }
        let field = |f: &Field| PageField {
            name: f.name.clone(),
            optional: f.presence.is_option(),
        };
        Some(Pagination {
            stream_method: stream_method(),
            cursor_param: cursor.name.clone(),
            items: field(items),
            item,
            page_info: field(page_info),
            end_cursor: field(end_cursor),
            has_next_page: field(has_next),
        })
    }
}
