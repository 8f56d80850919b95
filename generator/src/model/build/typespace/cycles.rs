//! Recursive types: aliases that lead back to themselves become newtypes,
//! fields and variants that close a cycle held by value are boxed, and a
//! type defined only in terms of itself is refused.

use std::collections::{BTreeMap, BTreeSet};

use super::TypeSpace;
use crate::error::Error;
use crate::model::graph;
use crate::model::*;

impl<'a> TypeSpace<'a> {
    /// The aliases on a cycle of aliases held by value (`A = B`,
    /// `B = Option<A>`): types that never say what they are. Each alias
    /// has at most one such target, so every chain is followed once.
    pub(super) fn by_value_alias_cycles(&self) -> BTreeSet<String> {
        const ON_PATH: u8 = 1;
        const DONE: u8 = 2;
        let mut state: BTreeMap<&str, u8> = BTreeMap::new();
        let mut on_cycle = BTreeSet::new();
        for start in self.types.keys() {
            let mut path: Vec<&str> = Vec::new();
            let mut current = Some(start.as_str());
            while let Some(name) = current {
                match state.get(name) {
                    Some(&ON_PATH) => {
                        if let Some(at) = path.iter().position(|p| *p == name) {
                            on_cycle.extend(path[at..].iter().map(|p| p.to_string()));
                        }
                        break;
                    }
                    Some(_) => break,
                    None => {}
                }
                state.insert(name, ON_PATH);
                path.push(name);
                current = match self.types.get(name).map(|d| &d.kind) {
                    Some(TypeKind::Alias(ty)) => by_value(ty),
                    _ => None,
                };
            }
            for name in path {
                state.insert(name, DONE);
            }
        }
        on_cycle
    }

    /// Rust expands aliases eagerly, so an alias that leads back to itself
    /// through other aliases, even inside a `Vec` or map, does not compile:
    /// the first alias of each such cycle (by name) becomes a newtype, round
    /// after round until no cycle of aliases is left. Aliases on a cycle held
    /// by value stay: `box_cycles` refuses them.
    pub(super) fn newtype_alias_cycles(&mut self) {
        let meaningless = self.by_value_alias_cycles();
        for _ in 0..=self.types.len() {
            let edges: BTreeMap<String, BTreeSet<String>> = self
                .types
                .iter()
                .map(|(name, def)| {
                    let out = match &def.kind {
                        TypeKind::Alias(ty) => ty.named().map(String::from).into_iter().collect(),
                        _ => BTreeSet::new(),
                    };
                    (name.clone(), out)
                })
                .collect();
            let component = graph::components(&edges);
            let mut members: BTreeMap<usize, Vec<&str>> = BTreeMap::new();
            for (name, c) in &component {
                members.entry(*c).or_default().push(name);
            }
            let chosen: Vec<String> = members
                .values()
                .filter(|names| {
                    names.len() > 1
                        || edges
                            .get(names[0])
                            .is_some_and(|out| out.contains(names[0]))
                })
                .filter_map(|names| {
                    names
                        .iter()
                        .find(|n| !meaningless.contains(**n))
                        .map(|n| n.to_string())
                })
                .collect();
            if chosen.is_empty() {
                return;
            }
            for name in chosen {
                if let Some(def) = self.types.get_mut(&name)
                    && let TypeKind::Alias(ty) = &def.kind
                {
                    def.kind = TypeKind::Newtype(ty.clone());
                }
            }
        }
    }

    /// Boxes fields and variants until no type holds itself by value
    /// (without an indirection: Vec, map); refuses alias cycles.
    ///
    /// A cycle needs one box, not one per member: fields are boxed one at a
    /// time, each only if it still leads back to its holder once the boxes
    /// chosen before are counted. Optional fields go first (`Option<Box<T>>`
    /// is the usual shape of a recursive link), then the rest; each pass in
    /// name and field order, so the choice is deterministic.
    pub(super) fn box_cycles(&mut self) -> Result<(), Error> {
        self.newtype_alias_cycles();
        // Edges held by value, counted: two fields of the same type are two
        // edges, and boxing one leaves the other.
        let mut direct: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for (name, def) in &self.types {
            let out = direct.entry(name.clone()).or_default();
            for ty in def.kind.referenced() {
                if let Some(target) = by_value(ty) {
                    *out.entry(target.to_string()).or_default() += 1;
                }
            }
        }
        // A field still closes a cycle when its target reaches its holder,
        // that is (the field being an edge from holder to target) when both
        // are in one strongly connected component of the edges left. The
        // components are computed again only after a box: searching from
        // every field was quadratic on a long cycle of schemas (found by
        // the fuzzer). `components` numbers the components of `nodes` (all
        // when `None`) from `first`.
        let components = |direct: &BTreeMap<String, BTreeMap<String, usize>>,
                          nodes: Option<&BTreeSet<String>>,
                          first: usize| {
            let inside = |n: &String| nodes.is_none_or(|nodes| nodes.contains(n));
            let sets: BTreeMap<String, BTreeSet<String>> = direct
                .iter()
                .filter(|(name, _)| inside(name))
                .map(|(name, out)| {
                    let out = out.keys().filter(|t| inside(t)).cloned().collect();
                    (name.clone(), out)
                })
                .collect();
            graph::components(&sets)
                .into_iter()
                .map(|(name, c)| (name.to_string(), first + c))
                .collect::<BTreeMap<String, usize>>()
        };
        let mut component = components(&direct, None, 0);
        let mut next_id = component.values().max().map_or(0, |m| m + 1);
        // (type, field or variant index, its by-value target, optional)
        let mut candidates: Vec<(String, usize, String, bool)> = Vec::new();
        for (name, def) in &self.types {
            let is_option = |ty: &TypeRef| matches!(ty, TypeRef::Option(_));
            let tys: Vec<(&TypeRef, bool)> = match &def.kind {
                TypeKind::Struct(s) => s
                    .fields
                    .iter()
                    .map(|f| (&f.ty, f.presence.is_option()))
                    .collect(),
                TypeKind::Union(u) => u
                    .variants
                    .iter()
                    .map(|v| (&v.ty, is_option(&v.ty)))
                    .collect(),
                TypeKind::Newtype(ty) => vec![(ty, is_option(ty))],
                TypeKind::Alias(_) | TypeKind::Enum(_) => Vec::new(),
            };
            for (i, (ty, optional)) in tys.into_iter().enumerate() {
                if let Some(target) = by_value(ty) {
                    candidates.push((name.clone(), i, target.to_string(), optional));
                }
            }
        }
        let mut plan: Vec<(String, usize)> = Vec::new();
        for optional_pass in [true, false] {
            for (name, i, target, optional) in &candidates {
                let closes_cycle = target == name
                    || component
                        .get(target)
                        .is_some_and(|c| component.get(name) == Some(c));
                if *optional != optional_pass || !closes_cycle {
                    continue;
                }
                plan.push((name.clone(), *i));
                if let Some(out) = direct.get_mut(name)
                    && let Some(count) = out.get_mut(target)
                {
                    *count -= 1;
                    if *count == 0 {
                        out.remove(target);
                    }
                }
                // Only the boxed field's component can split.
                if let Some(&c) = component.get(name) {
                    let nodes: BTreeSet<String> = component
                        .iter()
                        .filter(|(_, id)| **id == c)
                        .map(|(n, _)| n.clone())
                        .collect();
                    let split = components(&direct, Some(&nodes), next_id);
                    next_id = split.values().max().map_or(next_id, |m| m + 1);
                    component.extend(split);
                }
            }
        }
        // What is left of a cycle goes through aliases only: no place for a
        // box. Components of what is left, once (a search per alias was
        // quadratic on a long cycle of aliases, found by the fuzzer).
        let left: BTreeMap<String, BTreeSet<String>> = direct
            .iter()
            .map(|(name, out)| (name.clone(), out.keys().cloned().collect()))
            .collect();
        let left_component = graph::components(&left);
        for (name, def) in &self.types {
            if let TypeKind::Alias(ty) = &def.kind
                && by_value(ty).is_some_and(|t| {
                    t == name
                        || left_component
                            .get(t)
                            .is_some_and(|c| left_component.get(name.as_str()) == Some(c))
                })
            {
                return Err(self.err(
                    &def.pointer,
                    format!("type `{name}` is defined in terms of itself"),
                ));
            }
        }
        for (name, i) in plan {
            if let Some(def) = self.types.get_mut(&name) {
                match &mut def.kind {
                    TypeKind::Struct(s) => box_named(&mut s.fields[i].ty),
                    TypeKind::Union(u) => box_named(&mut u.variants[i].ty),
                    TypeKind::Newtype(ty) => box_named(ty),
                    _ => {}
                }
            }
        }
        Ok(())
    }
}

/// The named type held by value (through `Option` only), if any.
pub(super) fn by_value(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Option(inner) => by_value(inner),
        _ => None,
    }
}

pub(super) fn box_named(ty: &mut TypeRef) {
    match ty {
        TypeRef::Option(inner) => box_named(inner),
        TypeRef::Named(_) => {
            let named = std::mem::replace(ty, TypeRef::Json);
            *ty = TypeRef::Boxed(Box::new(named));
        }
        _ => {}
    }
}
