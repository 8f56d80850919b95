//! String enums: one variant per value and a catch-all for the others.

use std::collections::BTreeSet;

use openapiv3::{ReferenceOr, Schema};

use super::TypeSpace;
use super::shape::Shape;
use crate::model::names::{self, Taken};
use crate::model::*;

impl<'a> TypeSpace<'a> {
    /// The values of a union whose every branch is an inline string enum
    /// (Oxide writes its states so, one value and its description a
    /// branch), each with its branch's description: one enum, since as an
    /// untagged union of enums that each take any string the first branch
    /// would take every value.
    pub(super) fn enum_branches(
        &self,
        branches: &[ReferenceOr<Schema>],
    ) -> Option<Vec<(String, Doc)>> {
        let mut values = Vec::new();
        for branch in branches {
            let ReferenceOr::Item(schema) = branch else {
                return None;
            };
            let Shape::StringEnum(branch_values) = self.shape(schema) else {
                return None;
            };
            let mut doc = Doc::default();
            doc.push(schema.schema_data.title.as_deref());
            doc.push(schema.schema_data.description.as_deref());
            values.extend(branch_values.into_iter().map(|v| (v, doc.clone())));
        }
        Some(values)
    }
}

pub(super) fn enum_kind(values: &[String]) -> Enum {
    let values: Vec<(String, Doc)> = values.iter().map(|v| (v.clone(), Doc::default())).collect();
    documented_enum_kind(&values)
}

/// [`enum_kind`] of values each with what it means.
pub(super) fn documented_enum_kind(values: &[(String, Doc)]) -> Enum {
    let mut taken = Taken::default();
    let mut variants = Vec::new();
    let mut seen = BTreeSet::new();
    for (value, doc) in values {
        if !seen.insert(value.clone()) {
            continue;
        }
        variants.push(Variant {
            name: taken.claim(&names::type_name(value)),
            value: value.clone(),
            doc: doc.clone(),
        });
    }
    Enum {
        catch_all: taken.claim("Unknown"),
        variants,
    }
}
