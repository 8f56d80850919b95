//! Which types are sent (`Serialize`) and which received (`Deserialize`),
//! by what requests and responses reach.

use std::collections::BTreeSet;

use super::TypeSpace;
use crate::model::graph;
use crate::model::types::*;

impl<'a> TypeSpace<'a> {
    /// Marks types reachable from requests `serialize` and from responses
    /// `deserialize`; types reachable from neither are `deserialize`
    /// (component schemas describe what the API sends).
    pub(super) fn mark_usage(&mut self) {
        let request: Vec<String> = self
            .request_roots
            .iter()
            .filter_map(|t| t.named().map(String::from))
            .collect();
        let mut response: Vec<String> = self
            .response_roots
            .iter()
            .filter_map(|t| t.named().map(String::from))
            .collect();
        let sent = self.reachable(request);
        // Types no operation uses get `Deserialize`, and so does everything
        // they hold, even types otherwise only sent.
        let received_by_operations = self.reachable(response.clone());
        response.extend(
            self.types
                .keys()
                .filter(|n| !sent.contains(*n) && !received_by_operations.contains(*n))
                .cloned(),
        );
        let received = self.reachable(response);
        for (name, def) in &mut self.types {
            def.serialize = sent.contains(name);
            def.deserialize = received.contains(name);
            // In what is only sent, a field that may be left out and may be
            // null has three states: left out, `null`, a value, so an update
            // can clear a field (see [`Presence::Clearable`]).
            if let TypeKind::Struct(s) = &mut def.kind
                && def.serialize
                && !def.deserialize
            {
                for field in &mut s.fields {
                    if field.presence == Presence::OptionalNullable {
                        field.presence = Presence::Clearable;
                    }
                }
            }
        }
    }

    /// The types `roots` reach ([`graph::reachable`]).
    fn reachable(&self, roots: Vec<String>) -> BTreeSet<String> {
        graph::reachable(|n| self.types.get(n).map(|d| &d.kind), roots)
    }
}
