//! Which named types lie on a cycle of types held by value.

use std::collections::{BTreeMap, BTreeSet};

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
