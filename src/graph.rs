//! The dependency graph of initiatives: which work waits for which. It
//! answers every graph question the pipeline asks (cycles, an order in
//! which work can happen, along which health passes risk downstream, the
//! critical chain), for validation and health, which see raw documents, as
//! for rendering, which sees the resolved model; so it is built from ids
//! and edges, not from either.
//!
//! petgraph finds the strongly connected components without recursion, and
//! the order is a queue, so that a chain of any length cannot overflow the
//! stack; what is specific to roadmaps (which cycle to name, which chain is
//! critical, how ties are broken) is here.

use crate::model::{Initiative, Roadmap};
use crate::schedule::Schedule;
use crate::types::{InitiativeId, Status};
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction::{Incoming, Outgoing};
use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

/// A node is the position of its id in the list the graph was built from.
pub(crate) type Node = usize;

pub(crate) struct DependencyGraph<'a> {
    ids: Vec<&'a str>,
    /// Each edge runs from a dependent to one of its prerequisites.
    edges: DiGraph<(), ()>,
}

impl<'a> DependencyGraph<'a> {
    /// A graph of one node per id, without dependencies yet.
    pub(crate) fn new(ids: impl IntoIterator<Item = &'a str>) -> DependencyGraph<'a> {
        let ids: Vec<&str> = ids.into_iter().collect();
        let mut edges = DiGraph::with_capacity(ids.len(), ids.len());
        for _ in &ids {
            edges.add_node(());
        }
        DependencyGraph { ids, edges }
    }

    /// Records that `dependent` cannot finish before `prerequisite` has.
    pub(crate) fn add_dependency(&mut self, dependent: Node, prerequisite: Node) {
        self.edges
            .add_edge(NodeIndex::new(dependent), NodeIndex::new(prerequisite), ());
    }

    pub(crate) fn id(&self, node: Node) -> &'a str {
        self.ids[node]
    }

    /// Every dependency cycle, one per tangle of initiatives that wait for
    /// each other, as the nodes along it: each dependent followed by its
    /// prerequisite, the last one's prerequisite being the first. A cycle
    /// starts at the smallest id of its tangle, so that it reads the same
    /// wherever its files lie, and takes the shortest way back there; of
    /// equally short ways, the one through lower-numbered nodes. A node that
    /// depends on itself is a cycle of one. Sorted by first id.
    pub(crate) fn cycles(&self) -> Vec<Vec<Node>> {
        let mut cycles: Vec<Vec<Node>> = petgraph::algo::kosaraju_scc(&self.edges)
            .iter()
            .filter_map(|tangle| self.cycle_in(tangle))
            .collect();
        cycles.sort_by(|a, b| self.by_id(a[0], b[0]));
        cycles
    }

    /// The nodes in an order in which the work could be done: each after
    /// all of its prerequisites, and of the nodes that could come next, the
    /// lowest-numbered first. Nodes on a cycle have no such place, and
    /// neither does anything that depends on them, directly or not: they
    /// are left out.
    pub(crate) fn topological_order(&self) -> Vec<Node> {
        let count = self.ids.len();
        let mut waiting: Vec<usize> = (0..count)
            .map(|node| self.prerequisites(node).count())
            .collect();
        let mut ready: BinaryHeap<Reverse<Node>> = (0..count)
            .filter(|&node| waiting[node] == 0)
            .map(Reverse)
            .collect();
        let mut order = Vec::with_capacity(count);
        while let Some(Reverse(node)) = ready.pop() {
            order.push(node);
            for dependent in self.dependents(node) {
                waiting[dependent] -= 1;
                if waiting[dependent] == 0 {
                    ready.push(Reverse(dependent));
                }
            }
        }
        order
    }

    /// The chain of dependencies of the greatest total `weight`, from its
    /// first prerequisite to its last dependent. Of equally heavy chains,
    /// the one ending at the smallest id wins, and going back, at each step
    /// the prerequisite with the smallest id. Nodes that
    /// [`topological_order`](Self::topological_order) leaves out are on no
    /// chain. Empty for an empty graph.
    pub(crate) fn longest_chain(&self, weight: impl Fn(Node) -> usize) -> Vec<Node> {
        let order = self.topological_order();
        // Along the order, a node's prerequisites are final before it is.
        let mut weight_to = vec![0; self.ids.len()];
        let mut through: Vec<Option<Node>> = vec![None; self.ids.len()];
        for &node in &order {
            let heaviest = self
                .prerequisites(node)
                .max_by(|&a, &b| self.heavier(a, b, &weight_to));
            through[node] = heaviest;
            weight_to[node] = weight(node) + heaviest.map_or(0, |p| weight_to[p]);
        }
        let end = order
            .into_iter()
            .max_by(|&a, &b| self.heavier(a, b, &weight_to));
        let mut chain: Vec<Node> = std::iter::successors(end, |&node| through[node]).collect();
        chain.reverse();
        chain
    }

    fn prerequisites(&self, node: Node) -> impl Iterator<Item = Node> + '_ {
        self.edges
            .neighbors_directed(NodeIndex::new(node), Outgoing)
            .map(NodeIndex::index)
    }

    fn dependents(&self, node: Node) -> impl Iterator<Item = Node> + '_ {
        self.edges
            .neighbors_directed(NodeIndex::new(node), Incoming)
            .map(NodeIndex::index)
    }

    /// Ids decide; node numbers only between equal ids, which a graph of
    /// raw documents may have.
    fn by_id(&self, a: Node, b: Node) -> Ordering {
        (self.ids[a], a).cmp(&(self.ids[b], b))
    }

    /// Orders nodes by the weight of the heaviest chain ending at each, and
    /// at equal weights makes the smaller id the greater, for `max_by`.
    fn heavier(&self, a: Node, b: Node, weight_to: &[usize]) -> Ordering {
        weight_to[a]
            .cmp(&weight_to[b])
            .then_with(|| self.by_id(b, a))
    }

    /// The cycle of a strongly connected component, if it has one: a
    /// component of one node has one only when the node depends on itself.
    fn cycle_in(&self, component: &[NodeIndex]) -> Option<Vec<Node>> {
        if let [only] = component {
            let node = only.index();
            return self
                .prerequisites(node)
                .any(|p| p == node)
                .then(|| vec![node]);
        }
        let members: HashSet<Node> = component.iter().map(|n| n.index()).collect();
        let start = members.iter().copied().min_by(|&a, &b| self.by_id(a, b))?;
        self.shortest_way_back(start, &members)
    }

    /// A breadth-first search from `start` back to itself within `members`,
    /// visiting lower-numbered nodes first; the path from `start`.
    fn shortest_way_back(&self, start: Node, members: &HashSet<Node>) -> Option<Vec<Node>> {
        let mut previous: HashMap<Node, Node> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        while let Some(node) = queue.pop_front() {
            let mut next: Vec<Node> = self
                .prerequisites(node)
                .filter(|n| members.contains(n))
                .collect();
            next.sort_unstable();
            for next in next {
                if next == start {
                    let mut path = vec![node];
                    while let Some(&before) = previous.get(path.last()?) {
                        path.push(before);
                    }
                    path.reverse();
                    return Some(path);
                }
                previous.entry(next).or_insert_with(|| {
                    queue.push_back(next);
                    node
                });
            }
        }
        None
    }
}

/// The longest dependency chain of the roadmap, measured in scheduled
/// quarters (an unscheduled initiative counts one), as ids from the first
/// prerequisite to the last dependent; ties are broken as
/// [`DependencyGraph::longest_chain`] does. Dropped initiatives take no part.
/// An initiative on a dependency cycle, which only an invalid roadmap has,
/// is on no chain, and neither is anything that waits for it. Empty when
/// there are no initiatives, or all are dropped.
pub(crate) fn critical_chain(roadmap: &Roadmap) -> Vec<InitiativeId> {
    let live: Vec<&Initiative> = roadmap
        .initiatives
        .iter()
        .filter(|initiative| initiative.status != Status::Dropped)
        .collect();
    let graph = of_initiatives(&live);
    let quarters = |node: Node| live[node].schedule.map_or(1, Schedule::quarter_count);
    graph
        .longest_chain(quarters)
        .into_iter()
        .map(|node| live[node].id.clone())
        .collect()
}

/// The graph of `initiatives` and of their dependencies on each other;
/// dependencies on initiatives not among them are left out.
fn of_initiatives<'a>(initiatives: &[&'a Initiative]) -> DependencyGraph<'a> {
    let node: HashMap<&InitiativeId, Node> = initiatives
        .iter()
        .enumerate()
        .map(|(node, initiative)| (&initiative.id, node))
        .collect();
    let mut graph = DependencyGraph::new(initiatives.iter().map(|i| i.id.as_str()));
    for (dependent, initiative) in initiatives.iter().enumerate() {
        for prerequisite in &initiative.depends_on {
            if let Some(&prerequisite) = node.get(prerequisite) {
                graph.add_dependency(dependent, prerequisite);
            }
        }
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{edited_fixture, fixture, id};

    /// A graph of `ids`, each `(dependent, prerequisite)` pair naming ids.
    fn graph<'a>(ids: &[&'a str], dependencies: &[(&str, &str)]) -> DependencyGraph<'a> {
        let node = |name: &str| ids.iter().position(|&id| id == name).unwrap();
        let mut graph = DependencyGraph::new(ids.iter().copied());
        for &(dependent, prerequisite) in dependencies {
            graph.add_dependency(node(dependent), node(prerequisite));
        }
        graph
    }

    fn names<'a>(graph: &DependencyGraph<'a>, nodes: &[Node]) -> Vec<&'a str> {
        nodes.iter().map(|&node| graph.id(node)).collect()
    }

    fn cycles<'a>(graph: &DependencyGraph<'a>) -> Vec<Vec<&'a str>> {
        graph.cycles().iter().map(|c| names(graph, c)).collect()
    }

    /// e needs d needs c needs b needs a, numbered from the end.
    fn chain_of_five() -> DependencyGraph<'static> {
        graph(
            &["e", "d", "c", "b", "a"],
            &[("e", "d"), ("d", "c"), ("c", "b"), ("b", "a")],
        )
    }

    #[test]
    fn a_chain_of_five_is_ordered_end_to_end() {
        let chain = chain_of_five();
        assert!(chain.cycles().is_empty());
        let order = chain.topological_order();
        assert_eq!(names(&chain, &order), ["a", "b", "c", "d", "e"]);
        assert_eq!(
            names(&chain, &chain.longest_chain(|_| 1)),
            ["a", "b", "c", "d", "e"]
        );
    }

    #[test]
    fn a_cycle_is_named_from_its_smallest_id_the_shortest_way_back() {
        // c → a → d → c is the short way back to a; a → b → e → c → a is longer.
        let tangle = graph(
            &["e", "d", "c", "b", "a", "outside"],
            &[
                ("a", "b"),
                ("b", "e"),
                ("e", "c"),
                ("a", "d"),
                ("d", "c"),
                ("c", "a"),
                ("outside", "c"),
            ],
        );
        assert_eq!(cycles(&tangle), [["a", "d", "c"]]);
    }

    #[test]
    fn of_equally_short_cycles_the_one_through_lower_numbered_nodes_is_named() {
        // a waits for b and for c, and both for a: the same length either way.
        let numbered_c_first = graph(
            &["c", "b", "a"],
            &[("a", "b"), ("a", "c"), ("b", "a"), ("c", "a")],
        );
        assert_eq!(cycles(&numbered_c_first), [["a", "c"]]);
        let numbered_b_first = graph(
            &["b", "c", "a"],
            &[("a", "c"), ("a", "b"), ("b", "a"), ("c", "a")],
        );
        assert_eq!(cycles(&numbered_b_first), [["a", "b"]]);
    }

    #[test]
    fn self_loops_and_separate_cycles_are_each_reported_once() {
        let tangles = graph(
            &["z", "y", "x", "b", "a", "free"],
            &[
                ("z", "y"),
                ("y", "x"),
                ("x", "z"),
                ("b", "a"),
                ("a", "b"),
                ("free", "free"),
                ("free", "a"),
            ],
        );
        assert_eq!(
            cycles(&tangles),
            [vec!["a", "b"], vec!["free"], vec!["x", "z", "y"]]
        );
    }

    #[test]
    fn the_order_leaves_out_cycles_and_what_waits_for_them() {
        // Two separate parts: p ← q, and the cycle r ⇄ s that t waits for.
        let parts = graph(
            &["t", "s", "r", "q", "p", "alone"],
            &[("q", "p"), ("r", "s"), ("s", "r"), ("t", "s")],
        );
        assert_eq!(
            names(&parts, &parts.topological_order()),
            ["p", "q", "alone"]
        );
        let looped = graph(&["a", "b"], &[("a", "a"), ("b", "a")]);
        assert!(looped.topological_order().is_empty());
        assert!(looped.longest_chain(|_| 1).is_empty());
    }

    #[test]
    fn the_heaviest_chain_wins_and_ties_go_to_the_smallest_ids() {
        let ids = ["a", "b", "c", "d", "e"];
        let parts = graph(&ids, &[("d", "a"), ("c", "b"), ("d", "c")]);
        let chain = |weights: [usize; 5]| names(&parts, &parts.longest_chain(|n| weights[n]));
        // Into d from a (3) or from b then c (1 + 2): a has the smaller id.
        // Then a, d (3 + 1) weighs as much as e alone: d is the smaller id.
        assert_eq!(chain([3, 1, 2, 1, 4]), ["a", "d"]);
        assert_eq!(chain([3, 1, 3, 1, 4]), ["b", "c", "d"]);
        assert_eq!(chain([3, 1, 2, 1, 5]), ["e"]);
        assert!(graph(&[], &[]).longest_chain(|_| 1).is_empty());
    }

    #[test]
    fn ten_thousand_nodes_in_one_chain_and_one_cycle_take_no_time() {
        let ids: Vec<String> = (0..10_000).map(|n| format!("i{n:05}")).collect();
        let mut chain = DependencyGraph::new(ids.iter().map(String::as_str));
        for n in 1..ids.len() {
            chain.add_dependency(n, n - 1);
        }
        assert_eq!(chain.longest_chain(|_| 1).len(), 10_000);
        chain.add_dependency(0, 9_999);
        let cycles = chain.cycles();
        assert_eq!(cycles.len(), 1);
        assert_eq!(cycles[0].len(), 10_000);
        assert!(chain.topological_order().is_empty());
    }

    #[test]
    fn critical_chain_follows_the_longest_dependency_path() {
        assert_eq!(
            critical_chain(&fixture()),
            [id("cloud"), id("database"), id("frontend")]
        );
    }

    #[test]
    fn critical_chain_skips_dropped_work_and_survives_cycles() {
        let dropped = edited_fixture(&[("platform/cloud.md", "in-progress", "dropped")]);
        assert_eq!(critical_chain(&dropped), [id("database"), id("frontend")]);
        let cyclic = edited_fixture(&[(
            "platform/cloud.md",
            "goals: [scale]",
            "goals: [scale]\ndepends_on: [frontend]",
        )]);
        assert_eq!(critical_chain(&cyclic), Vec::<InitiativeId>::new());
    }
}
