//! The graph of named types: which types a set of roots reaches, what an
//! alias stands for, and which types lie on a cycle.
//!
//! Each is written once here and used by the model builder, the emitters
//! and the diff; they take the types as a lookup from name to kind, so that
//! the builder's map and the finished model's list both fit.

use std::collections::{BTreeMap, BTreeSet};

use super::types::{TypeKind, TypeRef};

/// The named types `roots` reach: the roots themselves (defined or not)
/// and, through each definition's references (fields, variants, alias and
/// newtype targets), every type they hold, transitively.
pub(crate) fn reachable<'t>(
    kind_of: impl Fn(&str) -> Option<&'t TypeKind>,
    roots: impl IntoIterator<Item = String>,
) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack: Vec<String> = roots.into_iter().collect();
    while let Some(name) = stack.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        if let Some(kind) = kind_of(&name) {
            stack.extend(
                kind.referenced()
                    .into_iter()
                    .filter_map(|ty| ty.named().map(String::from)),
            );
        }
    }
    seen
}

/// What `ty` stands for once aliases are followed: `ty` itself unless it
/// names an alias, else the alias's target, followed in turn. `None` on a
/// cycle of aliases (which never say what they are).
pub(crate) fn follow_aliases<'t>(
    kind_of: impl Fn(&str) -> Option<&'t TypeKind>,
    ty: &'t TypeRef,
) -> Option<&'t TypeRef> {
    let mut ty = ty;
    let mut seen = BTreeSet::new();
    while let TypeRef::Named(name) = ty
        && let Some(TypeKind::Alias(target)) = kind_of(name)
    {
        if !seen.insert(name.as_str()) {
            return None;
        }
        ty = target;
    }
    Some(ty)
}

/// The strongly connected component of each node of a directed graph, given
/// as node -> successors: two nodes get the same number exactly when each
/// reaches the other. Successors that are not keys have no component.
///
/// Tarjan's algorithm, in time linear in the size of the graph (asking "does
/// `a` reach `b`" edge by edge took seconds on a chain of a few thousand
/// schemas, found by the fuzzer), and iterative, so that a long chain does
/// not recurse as deep as it is long.
pub(crate) fn components(edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<&str, usize> {
    struct Node {
        index: usize,
        low: usize,
        on_stack: bool,
    }
    let mut nodes: BTreeMap<&str, Node> = BTreeMap::new();
    let mut component: BTreeMap<&str, usize> = BTreeMap::new();
    let mut stack: Vec<&str> = Vec::new();
    let mut components = 0;
    for root in edges.keys() {
        if nodes.contains_key(root.as_str()) {
            continue;
        }
        // The depth-first path: each node with the successors still to visit.
        let mut path = vec![(root.as_str(), edges[root].iter())];
        let index = nodes.len();
        nodes.insert(
            root,
            Node {
                index,
                low: index,
                on_stack: true,
            },
        );
        stack.push(root);
        while let Some((v, successors)) = path.last_mut() {
            let v = *v;
            if let Some(w) = successors.next() {
                let Some((w, next)) = edges.get_key_value(w) else {
                    continue;
                };
                match nodes.get(w.as_str()) {
                    None => {
                        let index = nodes.len();
                        nodes.insert(
                            w,
                            Node {
                                index,
                                low: index,
                                on_stack: true,
                            },
                        );
                        stack.push(w);
                        path.push((w, next.iter()));
                    }
                    Some(n) if n.on_stack => {
                        let index = n.index;
                        if let Some(n) = nodes.get_mut(v) {
                            n.low = n.low.min(index);
                        }
                    }
                    Some(_) => {}
                }
                continue;
            }
            path.pop();
            let (index, low) = nodes.get(v).map_or((0, 0), |n| (n.index, n.low));
            if let Some((parent, _)) = path.last()
                && let Some(p) = nodes.get_mut(parent)
            {
                p.low = p.low.min(low);
            }
            if low == index {
                while let Some(w) = stack.pop() {
                    if let Some(n) = nodes.get_mut(w) {
                        n.on_stack = false;
                    }
                    component.insert(w, components);
                    if w == v {
                        break;
                    }
                }
                components += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(ty: TypeRef) -> TypeKind {
        TypeKind::Alias(ty)
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.to_string())
    }

    #[test]
    fn reachable_follows_every_reference_and_keeps_undefined_roots() {
        let kinds: BTreeMap<&str, TypeKind> = [
            ("A", alias(TypeRef::Vec(Box::new(named("B"))))),
            ("B", alias(TypeRef::Option(Box::new(named("C"))))),
            ("C", TypeKind::Newtype(named("A"))),
            ("D", alias(named("A"))),
        ]
        .into();
        let reached = reachable(|n| kinds.get(n), ["A".to_string(), "Nowhere".to_string()]);
        let expected: BTreeSet<String> = ["A", "B", "C", "Nowhere"].map(String::from).into();
        assert_eq!(reached, expected);
    }

    #[test]
    fn follow_aliases_ends_at_the_first_type_that_is_no_alias() {
        let kinds: BTreeMap<&str, TypeKind> = [
            ("Id", alias(named("Text"))),
            ("Text", alias(TypeRef::String)),
            ("Ids", alias(TypeRef::Vec(Box::new(named("Id"))))),
        ]
        .into();
        let kind_of = |n: &str| kinds.get(n);
        let (id, ids, other) = (named("Id"), named("Ids"), named("Other"));
        assert_eq!(follow_aliases(kind_of, &id), Some(&TypeRef::String));
        // Only the outer reference is followed, not what a Vec holds.
        assert_eq!(
            follow_aliases(kind_of, &ids),
            Some(&TypeRef::Vec(Box::new(named("Id"))))
        );
        assert_eq!(follow_aliases(kind_of, &other), Some(&other));
    }

    #[test]
    fn follow_aliases_gives_none_on_a_cycle_of_aliases() {
        let kinds: BTreeMap<&str, TypeKind> =
            [("A", alias(named("B"))), ("B", alias(named("A")))].into();
        let a = named("A");
        assert_eq!(follow_aliases(|n| kinds.get(n), &a), None);
    }

    fn graph(edges: &[(&str, &[&str])]) -> BTreeMap<String, BTreeSet<String>> {
        edges
            .iter()
            .map(|(from, to)| (from.to_string(), to.iter().map(|t| t.to_string()).collect()))
            .collect()
    }

    fn together(c: &BTreeMap<&str, usize>, a: &str, b: &str) -> bool {
        c.get(a).is_some_and(|x| c.get(b) == Some(x))
    }

    #[test]
    fn nodes_on_one_cycle_share_a_component_and_others_do_not() {
        let g = graph(&[
            ("A", &["B"]),
            ("B", &["C", "D"]),
            ("C", &["A"]),
            ("D", &["D", "E", "Missing"]),
            ("E", &[]),
        ]);
        let c = components(&g);
        assert!(together(&c, "A", "B") && together(&c, "B", "C"));
        assert!(!together(&c, "A", "D"));
        assert!(!together(&c, "D", "E"));
        assert!(!c.contains_key("Missing"));
        assert_eq!(c.len(), 5);
    }

    #[test]
    fn a_long_chain_and_a_long_cycle_take_no_deep_recursion() {
        let n = 100_000;
        let names: Vec<String> = (0..n).map(|i| format!("T{i}")).collect();
        let mut g: BTreeMap<String, BTreeSet<String>> = (0..n)
            .map(|i| {
                let next = names.get(i + 1).into_iter().cloned().collect();
                (names[i].clone(), next)
            })
            .collect();
        let c = components(&g);
        assert!(!together(&c, "T0", "T1"));
        assert_eq!(c.values().collect::<BTreeSet<_>>().len(), n);

        g.insert(names[n - 1].clone(), [names[0].clone()].into());
        let c = components(&g);
        assert!(together(&c, "T0", &names[n - 1]));
    }
}
