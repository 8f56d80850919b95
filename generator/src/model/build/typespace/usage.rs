//! Which types are sent (`Serialize`) and which received (`Deserialize`),
//! by what requests and responses reach; decided once every type is
//! known, when the definitions become the model's [`TypeDef`]s.

use std::collections::BTreeSet;

use super::{Definition, TypeSpace};
use crate::model::graph;
use crate::model::*;

impl<'a> TypeSpace<'a> {
    /// Every type as the model has it: `serialize` when a request reaches
    /// it, `deserialize` when a response does; types reachable from
    /// neither are `deserialize` (component schemas describe what the API
    /// sends), and so is everything they hold.
    pub(super) fn type_defs(&mut self) -> Vec<TypeDef> {
        let named = |roots: &[TypeRef]| -> Vec<String> {
            roots
                .iter()
                .filter_map(|t| t.named().map(String::from))
                .collect()
        };
        let sent = self.reachable(named(&self.request_roots));
        let mut response = named(&self.response_roots);
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
        std::mem::take(&mut self.types)
            .into_values()
            .map(|def| {
                let serialize = sent.contains(&def.name);
                let deserialize = received.contains(&def.name);
                type_def(def, serialize, deserialize)
            })
            .collect()
    }

    /// The types `roots` reach ([`graph::reachable`]).
    fn reachable(&self, roots: Vec<String>) -> BTreeSet<String> {
        graph::reachable(|n| self.types.get(n).map(|d| &d.kind), roots)
    }
}

/// The model's type for a definition sent and received as said.
fn type_def(def: Definition, serialize: bool, deserialize: bool) -> TypeDef {
    let Definition {
        name,
        doc,
        mut kind,
        pointer,
    } = def;
    // In what is only sent, a field that may be left out and may be null
    // has three states: left out, `null`, a value, so an update can clear
    // a field (see [`Presence::Clearable`]).
    if let TypeKind::Struct(s) = &mut kind
        && serialize
        && !deserialize
    {
        for field in &mut s.fields {
            if field.presence == Presence::OptionalNullable {
                field.presence = Presence::Clearable;
            }
        }
    }
    TypeDef {
        name,
        doc,
        kind,
        serialize,
        deserialize,
        pointer,
    }
}
