//! openapiv3 -> model: resolves `$ref`s, names inline schemas, merges
//! structurally identical ones, and groups operations by tag.
//!
//! Order of work, all in document order so names are deterministic:
//! 1. every component schema claims its name, then becomes a type
//!    (`TypeSpace::new`);
//! 2. every operation of every path becomes an [`Operation`], defining the
//!    inline schemas it meets through the type space (named from where they
//!    stand, see `names`), and so does every webhook's payload;
//! 3. the type space learns whether each type is sent (`Serialize`) or
//!    received (`Deserialize`), and boxes fields that close a cycle;
//! 4. pagination and security are settled over the whole API.
//!
//! The type space owns the types; the other modules here (resources,
//! operations, bodies, responses, security, servers, pagination, webhooks)
//! build the rest of the model and ask it for types.

mod bodies;
mod operations;
mod pagination;
pub(crate) mod refs;
mod resources;
mod responses;
mod security;
mod servers;
mod typespace;
pub mod webhooks;

use std::collections::BTreeMap;

use openapiv3::OpenAPI;

use crate::error::{Error, printable};
use crate::model::*;
use refs::Refs;
use typespace::TypeSpace;

/// Builds the model of a parsed (and lowered) document, with its webhooks
/// (see [`webhooks::read`]).
pub fn build(spec: &OpenAPI, webhooks: &[webhooks::Source], file: &str) -> Result<Api, Error> {
    let refs = Refs { file, spec };
    let mut builder = Builder {
        refs,
        space: TypeSpace::new(refs)?,
        schemes: Vec::new(),
        scheme_index: BTreeMap::new(),
    };
    builder.security_schemes();
    let mut resources = builder.operations()?;
    let webhooks = webhooks::build(&mut builder, webhooks)?;
    builder.space.finish()?;

    let (security, auth) = builder.settle_security(&mut resources);
    let base_url = builder.base_url();
    // An operation's server that is the API's own is no server of its own.
    for op in resources.iter_mut().flat_map(|r| &mut r.operations) {
        if op.server.is_some() && op.server == base_url {
            op.server = None;
        }
    }
    let mut doc = Doc::default();
    doc.push(Some(&spec.info.title));
    doc.push(spec.info.description.as_deref());
    let (types, notes) = builder.space.into_parts();
    Ok(Api {
        title: spec.info.title.clone(),
        version: spec.info.version.clone(),
        doc,
        base_url,
        auth,
        schemes: builder.schemes,
        security,
        types,
        resources,
        webhooks,
        // Notes quote spec text (names, URLs) and are printed: escaped.
        notes: notes.iter().map(|n| printable(n)).collect(),
    })
}

/// What the operation builders share: the document, the type space, and
/// the security schemes read so far.
struct Builder<'a> {
    refs: Refs<'a>,
    space: TypeSpace<'a>,
    /// The security schemes the client can send, and each one's index by
    /// its key in `components/securitySchemes`.
    schemes: Vec<Scheme>,
    scheme_index: BTreeMap<String, usize>,
}
