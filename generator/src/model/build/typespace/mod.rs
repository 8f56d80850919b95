//! The type space: every Rust type the schemas of a document become, by
//! name. One entry, [`TypeSpace::type_for`], turns a schema standing at a
//! pointer into the type written there, defining (or finding) the named
//! types it needs; the component schemas are defined first, in
//! [`TypeSpace::new`].
//! [`TypeSpace::finish`] then runs the passes that need every type:
//! names of shared types, decoding order of untagged unions, boxes for
//! cycles; [`TypeSpace::into_parts`] hands out the model's types, each
//! knowing whether it is sent and received.
//!
//! The work is spread over files by concern: `shape` (what a schema turns
//! into), `convert` (schema -> type), `objects`, `all_of`, `enums`,
//! `unions`, `shared` (one type for one structure, and its name), `usage`
//! (sent and received), `cycles`, `docs`, `lookup`.

mod all_of;
mod convert;
mod cycles;
pub(super) mod docs;
mod enums;
mod lookup;
pub(super) mod objects;
mod shape;
mod shared;
mod unions;
mod usage;

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{ReferenceOr, Schema};

use super::refs::Refs;
use crate::error::Error;
use crate::model::names::{self, Taken};
use crate::model::*;
use shared::Place;

/// Whether a type is sent in requests or received in responses: what
/// decides its `Serialize` and `Deserialize`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Direction {
    Sent,
    Received,
}

pub(crate) struct TypeSpace<'a> {
    refs: Refs<'a>,
    /// Every type defined so far, by Rust name.
    types: BTreeMap<String, Definition>,
    /// Type names claimed (defined or about to be).
    taken: Taken,
    /// Component schema key -> Rust type name.
    components: BTreeMap<String, String>,
    /// Rust names of component schemas that admit `null` themselves.
    nullable_components: BTreeSet<String>,
    /// Structural key of an inline schema -> the type it became.
    inline: BTreeMap<String, String>,
    /// Type first met as an inline schema -> the other places with the
    /// same structure (see [`TypeSpace::name_shared_types`]).
    shared: BTreeMap<String, Vec<Place>>,
    /// What the model leaves out or reads in its own way, in the order met
    /// (the operation builders add theirs through [`TypeSpace::note`]).
    notes: Vec<String>,
    request_roots: Vec<TypeRef>,
    response_roots: Vec<TypeRef>,
}

impl<'a> TypeSpace<'a> {
    /// The type space of a document, with its component schemas defined.
    pub(crate) fn new(refs: Refs<'a>) -> Result<Self, Error> {
        let mut space = TypeSpace {
            refs,
            types: BTreeMap::new(),
            taken: Taken::default(),
            components: BTreeMap::new(),
            nullable_components: BTreeSet::new(),
            inline: BTreeMap::new(),
            shared: BTreeMap::new(),
            notes: Vec::new(),
            request_roots: Vec::new(),
            response_roots: Vec::new(),
        };
        // Prelude names the generated code writes unqualified stay the
        // prelude's: a schema called `String` or `Default` becomes `String2`.
        for std_name in names::PRELUDE {
            space.taken.claim(std_name);
        }
        space.components()?;
        Ok(space)
    }

    /// The Rust type for a schema standing at `pointer`, sent or received;
    /// inline schemas that need a type of their own get one named `hint`
    /// (or the name of a structurally identical one met before).
    pub(crate) fn type_for(
        &mut self,
        schema: &ReferenceOr<Schema>,
        hint: &str,
        pointer: &str,
        direction: Direction,
    ) -> Result<TypeRef, Error> {
        let ty = self.type_of(schema, hint, pointer, 0)?;
        match direction {
            Direction::Sent => self.request_roots.push(ty.clone()),
            Direction::Received => self.response_roots.push(ty.clone()),
        }
        Ok(ty)
    }

    /// Claims a type name beside the schemas' (an operation's `...Params`).
    pub(crate) fn claim_name(&mut self, wanted: &str) -> String {
        self.taken.claim(wanted)
    }

    pub(crate) fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// The passes that need every type: shared types named, untagged
    /// variants ordered, cycles boxed.
    pub(crate) fn finish(&mut self) -> Result<(), Error> {
        self.name_shared_types();
        self.order_untagged_variants();
        self.box_cycles()
    }

    /// The model's types, by name, each knowing whether it is sent and
    /// received (see `usage`), and the notes.
    pub(crate) fn into_parts(mut self) -> (Vec<TypeDef>, Vec<String>) {
        (self.type_defs(), self.notes)
    }

    fn err(&self, pointer: &str, message: impl Into<String>) -> Error {
        self.refs.err(pointer, message)
    }

    fn insert(&mut self, name: String, doc: Doc, kind: TypeKind, pointer: String) {
        self.types.insert(
            name.clone(),
            Definition {
                name,
                doc,
                kind,
                pointer,
            },
        );
    }
}

/// A type as the type space holds it: the model's [`TypeDef`] but for
/// whether it is sent and received, which only the whole API tells.
struct Definition {
    name: String,
    doc: Doc,
    kind: TypeKind,
    /// JSON pointer of the schema it came from.
    pointer: String,
}

#[cfg(test)]
mod tests;
